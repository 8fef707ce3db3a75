"""The kader and its themes: the overview page and a theme page."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from ..constants import AfspraakSoort
from ..models import (
    Afspraak,
    Afsprakenkader,
    Ambitie,
    Begrip,
    Bijstelling,
    Convenant,
    Partij,
    Tabel,
    Tekstblok,
    Thema,
)
from ._gedeeld import afspraken_met_partijen, count_subquery
from .tabel import TabelWeergave, tabel_prefetch, tabel_weergave


def kader_list(*, user) -> QuerySet[Afsprakenkader]:
    """The kaders the user may read, newest period first within each gemeente."""
    return Afsprakenkader.objects.visible_to(user).select_related("gemeente").met_brondocument()


def kader_get(*, user, slug: str) -> Afsprakenkader:
    return kader_list(user=user).get(slug=slug)


@dataclass
class KaderOverzicht:
    kader: Afsprakenkader
    partijen: list[Partij]
    themas: list[Thema]
    tabellen: list[Tabel]
    systematiek: list[Afspraak]
    tekstblokken: list[Tekstblok]


def kader_overzicht(*, user, slug: str) -> KaderOverzicht:
    """The kader with its parties, themes (with counts), tables and systematiek items."""
    kader = (
        kader_list(user=user)
        .annotate(
            aantal_afspraken=count_subquery(Afspraak, "kader", soort=AfspraakSoort.STRATEGISCH),
            aantal_begrippen=count_subquery(Begrip, "kader"),
            aantal_convenanten=count_subquery(Convenant, "kader"),
            aantal_bijstellingen=count_subquery(Bijstelling, "kader"),
        )
        .get(slug=slug)
    )
    partijen = list(
        Partij.objects.visible_to(user)
        .filter(kader=kader)
        .select_related("organisatie", "organisatie__corporatie")
    )
    themas = list(
        Thema.objects.visible_to(user)
        .filter(kader=kader)
        .annotate(
            aantal_ambities=count_subquery(Ambitie, "thema"),
            aantal_afspraken=count_subquery(Afspraak, "thema", soort=AfspraakSoort.STRATEGISCH),
            aantal_systematiek=count_subquery(Afspraak, "thema", soort=AfspraakSoort.SYSTEMATIEK),
        )
    )
    tabellen = list(Tabel.objects.visible_to(user).filter(kader=kader).select_related("thema"))
    systematiek = list(
        Afspraak.objects.visible_to(user).filter(kader=kader, soort=AfspraakSoort.SYSTEMATIEK)
    )
    tekstblokken = list(Tekstblok.objects.visible_to(user).filter(kader=kader, thema__isnull=True))
    # The importer may keep the introduction both on the kader and as a text block.
    if any(b.titel.strip().lower() == "inleiding" for b in tekstblokken):
        kader.inleiding = ""
    return KaderOverzicht(
        kader=kader,
        partijen=partijen,
        themas=themas,
        tabellen=tabellen,
        systematiek=systematiek,
        tekstblokken=tekstblokken,
    )


@dataclass
class ThemaDetail:
    thema: Thema
    themas: list[Thema]
    ambities: list[Ambitie]
    afspraken: list[Afspraak]
    systematiek: list[Afspraak]
    tabellen: list[TabelWeergave]
    tekstblokken: list[Tekstblok]
    vorige: Thema | None = None
    volgende: Thema | None = None


def thema_detail(*, user, kader: Afsprakenkader, nummer: int) -> ThemaDetail:
    themas = list(Thema.objects.visible_to(user).filter(kader=kader))
    thema = next((t for t in themas if t.nummer == nummer), None)
    if thema is None:
        raise Thema.DoesNotExist(f"Thema {nummer} bestaat niet of is niet zichtbaar.")
    index = themas.index(thema)
    afspraken = list(afspraken_met_partijen(user).filter(thema=thema))
    tabellen = list(
        Tabel.objects.visible_to(user).filter(thema=thema).prefetch_related(*tabel_prefetch())
    )
    return ThemaDetail(
        thema=thema,
        themas=themas,
        ambities=list(Ambitie.objects.visible_to(user).filter(thema=thema)),
        afspraken=[a for a in afspraken if a.soort == AfspraakSoort.STRATEGISCH],
        systematiek=[a for a in afspraken if a.soort == AfspraakSoort.SYSTEMATIEK],
        tabellen=[tabel_weergave(t) for t in tabellen],
        tekstblokken=list(Tekstblok.objects.visible_to(user).filter(thema=thema)),
        vorige=themas[index - 1] if index > 0 else None,
        volgende=themas[index + 1] if index + 1 < len(themas) else None,
    )
