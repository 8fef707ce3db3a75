"""Begrippen, convenanten and the parties of a kader."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from prestatiemonitor.organisaties.constants import OrganisatieSoort
from prestatiemonitor.organisaties.models import Organisatie

from ..constants import PartijRol
from ..models import (
    Afspraak,
    AfspraakPartij,
    Afsprakenkader,
    Begrip,
    BegripOnderdeel,
    Convenant,
    Ondertekenaar,
    Partij,
)


def begrip_list(*, user, kader: Afsprakenkader) -> list[Begrip]:
    return list(
        Begrip.objects.visible_to(user)
        .filter(kader=kader)
        .annotate(
            aantal_afspraken=Count("afspraken", filter=Q(afspraken__kader=kader), distinct=True)
        )
        .prefetch_related(
            Prefetch("onderdelen", queryset=BegripOnderdeel.objects.order_by("volgorde"))
        )
        .order_by("volgorde", "term")
    )


def begrip_detail(*, user, kader: Afsprakenkader, slug: str) -> Begrip:
    return (
        Begrip.objects.visible_to(user)
        .prefetch_related(
            Prefetch("onderdelen", queryset=BegripOnderdeel.objects.order_by("volgorde")),
            Prefetch(
                "afspraken",
                # only this kader's afspraken: a hand-made link must not show another kader's text
                queryset=Afspraak.objects.filter(kader=kader)
                .select_related("thema")
                .order_by("soort", "volgorde"),
            ),
        )
        .get(kader=kader, slug=slug)
    )


_SOORT_VOLGORDE = {
    OrganisatieSoort.GEMEENTE: 0,
    OrganisatieSoort.WONINGCORPORATIE: 1,
    OrganisatieSoort.HUURDERSORGANISATIE: 2,
}


@dataclass
class ConvenantRegel:
    convenant: Convenant
    organisaties: list[Organisatie]
    overige_namen: list[str]


def _noemt(naam: str, organisatie: Organisatie) -> bool:
    naam = naam.strip().lower()
    namen = {organisatie.naam.lower(), organisatie.korte_naam.lower()}
    namen.update(str(a).lower() for a in organisatie.aliassen or [])
    return naam in namen


def convenant_list(*, user, kader: Afsprakenkader) -> list[ConvenantRegel]:
    """Convenanten with the recognised organisations, and the other names as printed."""
    regels = []
    for convenant in (
        Convenant.objects.visible_to(user).filter(kader=kader).prefetch_related("partijen")
    ):
        organisaties = sorted(
            convenant.partijen.all(), key=lambda o: (_SOORT_VOLGORDE.get(o.soort, 9), o.naam)
        )
        overige = [
            naam
            for naam in convenant.partijnamen or []
            if not any(_noemt(str(naam), o) for o in organisaties)
        ]
        regels.append(ConvenantRegel(convenant, organisaties, overige))
    return regels


@dataclass
class PartijRegel:
    partij: Partij
    ondertekenaars: list[Ondertekenaar]
    huurdersorganisaties: list[Organisatie] = field(default_factory=list)
    # afspraken in which the party acts (named as the one who acts, or trekker) …
    aantal_uitvoerend: int = 0
    # … and those in which it is only included through "we" / "partijen"
    aantal_betrokken: int = 0


@dataclass
class PartijenOverzicht:
    partijen: list[PartijRegel]
    overige_ondertekenaars: list[Ondertekenaar] = field(default_factory=list)


def partij_list(*, user, kader: Afsprakenkader) -> PartijenOverzicht:
    partijen = list(
        Partij.objects.visible_to(user)
        .filter(kader=kader)
        .select_related("organisatie", "organisatie__corporatie")
    )
    ondertekenaars = list(Ondertekenaar.objects.visible_to(user).filter(kader=kader))
    tellingen = {
        (organisatie, rol): n
        for organisatie, rol, n in AfspraakPartij.objects.filter(
            afspraak__in=Afspraak.objects.visible_to(user).filter(kader=kader)
        )
        .order_by()
        .values_list("organisatie", "rol")
        .annotate(n=Count("afspraak", distinct=True))
    }
    regels = []
    geplaatst: set[int] = set()
    for partij in partijen:
        eigen = [o for o in ondertekenaars if o.organisatie_id == partij.organisatie_id]
        geplaatst.update(o.pk for o in eigen)
        huurders = [
            p.organisatie for p in partijen if p.organisatie.corporatie_id == partij.organisatie_id
        ]
        regels.append(
            PartijRegel(
                partij,
                eigen,
                huurders,
                aantal_uitvoerend=tellingen.get((partij.organisatie_id, PartijRol.UITVOEREND), 0),
                aantal_betrokken=tellingen.get((partij.organisatie_id, PartijRol.BETROKKEN), 0),
            )
        )
    return PartijenOverzicht(
        partijen=regels,
        overige_ondertekenaars=[o for o in ondertekenaars if o.pk not in geplaatst],
    )
