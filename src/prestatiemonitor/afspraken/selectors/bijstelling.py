"""Bijstellingen (recorded decisions that changed the register) and import reports.

What a bijstelling changed is stored as ``BijstellingWijziging`` rows; the changes that touch an
afspraak carry a foreign key to it, so the bijstellingen of one afspraak are a query.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from ..models import Afspraak, Afsprakenkader, Bijstelling, BijstellingWijziging, ImportVerslag


@dataclass
class BijstellingRegel:
    bijstelling: Bijstelling
    wijzigingen: list[BijstellingWijziging]


def bijstelling_list(*, user, kader: Afsprakenkader) -> list[BijstellingRegel]:
    """Every bijstelling of the kader, newest first, with all its changes in order."""
    return [
        BijstellingRegel(b, list(b.wijziging_set.all()))
        for b in Bijstelling.objects.visible_to(user)
        .filter(kader=kader)
        .select_related("vastgelegd_door")
        .prefetch_related(
            "vastgelegd_door__lidmaatschappen__organisatie",
            Prefetch(
                "wijziging_set", queryset=BijstellingWijziging.objects.order_by("volgorde", "id")
            ),
        )
    ]


def bijstellingen_van_afspraak(*, user, afspraak: Afspraak) -> list[BijstellingRegel]:
    """The bijstellingen that changed this afspraak (newest first), with only its changes."""
    wijzigingen = (
        BijstellingWijziging.objects.filter(
            afspraak=afspraak, bijstelling__in=Bijstelling.objects.visible_to(user)
        )
        .select_related("bijstelling")
        .order_by("-bijstelling__datum", "-bijstelling_id", "volgorde", "id")
    )
    regels: list[BijstellingRegel] = []
    for wijziging in wijzigingen:
        if not regels or regels[-1].bijstelling.pk != wijziging.bijstelling_id:
            regels.append(BijstellingRegel(wijziging.bijstelling, []))
        regels[-1].wijzigingen.append(wijziging)
    return regels


def importverslag_list(*, user, kader: Afsprakenkader) -> list[ImportVerslag]:
    return list(
        ImportVerslag.objects.visible_to(user)
        .filter(kader=kader)
        .select_related("uitgevoerd_door")
        .defer("meldingen")
    )
