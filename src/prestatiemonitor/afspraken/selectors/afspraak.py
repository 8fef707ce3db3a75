"""Afspraken: the filtered list, one afspraak with its history and bijstellingen, and the
current state for the bijstellen form.

Party roles: a party is *uitvoerend* in an afspraak when the text names it as the one who acts
(or it is trekker), *betrokken* when it is included only through "we" or "partijen". Filters
and counts take the uitvoerend links unless ``ook_betrokken`` is set.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from prestatiemonitor.organisaties.models import Organisatie

from .. import weergave
from ..constants import AfspraakSoort, PartijRol, WijzigingActie
from ..models import (
    Afspraak,
    AfspraakPartij,
    Afsprakenkader,
    Begrip,
    Bijstelling,
    Partij,
    Thema,
)
from ._gedeeld import afspraken_met_partijen, count_subquery, partij_links
from .bijstelling import BijstellingRegel, bijstellingen_van_afspraak


@dataclass
class FilterKeuzes:
    """The options of the afspraken filter, with the number of afspraken each would show."""

    themas: list[Thema]
    organisaties: list[Organisatie]


def afspraak_filter_keuzes(
    *, user, kader: Afsprakenkader, ook_betrokken: bool = False
) -> FilterKeuzes:
    """Themes and parties with their number of afspraken; a party counts the afspraken in which
    it is uitvoerend, or also those in which it is only betrokken when ``ook_betrokken``."""
    themas = list(
        Thema.objects.visible_to(user)
        .filter(kader=kader)
        .annotate(aantal=count_subquery(Afspraak, "thema"))
    )
    partijen = list(
        Partij.objects.visible_to(user).filter(kader=kader).select_related("organisatie")
    )
    links = AfspraakPartij.objects.filter(
        afspraak__in=Afspraak.objects.visible_to(user).filter(kader=kader)
    )
    if not ook_betrokken:
        links = links.filter(rol=PartijRol.UITVOEREND)
    tellingen = dict(
        links.order_by().values_list("organisatie").annotate(n=Count("afspraak", distinct=True))
    )
    organisaties = []
    for partij in partijen:
        organisatie = partij.organisatie
        organisatie.aantal = tellingen.get(organisatie.pk, 0)
        organisaties.append(organisatie)
    return FilterKeuzes(themas=themas, organisaties=organisaties)


def afspraak_list(
    *,
    user,
    kader: Afsprakenkader,
    organisatie: Organisatie | None = None,
    ook_betrokken: bool = False,
    thema: Thema | None = None,
    soort: str | None = None,
) -> QuerySet[Afspraak]:
    """The kader's afspraken, optionally only those of one party (where it is uitvoerend, or
    also where it is only betrokken) and/or one theme."""
    qs = afspraken_met_partijen(user).filter(kader=kader)
    if organisatie is not None:
        if ook_betrokken:
            qs = qs.filter(partij_links__organisatie=organisatie)
        else:
            # one filter() call: organisation and role of the same link
            qs = qs.filter(
                partij_links__organisatie=organisatie, partij_links__rol=PartijRol.UITVOEREND
            )
    if thema is not None:
        qs = qs.filter(thema=thema)
    if soort:
        qs = qs.filter(soort=soort)
    return qs.order_by("soort", "volgorde", "id")


def afspraak_count(*, user, kader: Afsprakenkader) -> int:
    return Afspraak.objects.visible_to(user).filter(kader=kader).count()


# --------------------------------------------------------------------------------------------
# One afspraak


@dataclass
class Wijziging:
    """One field that changed between two history records."""

    veld: str
    label: str
    oud: Any
    nieuw: Any
    oude_tekst: str = ""
    nieuwe_tekst: str = ""

    @property
    def tekstdiff(self) -> list[tuple[str, str]] | None:
        if self.veld != "tekst":
            return None
        return weergave.woorddiff(self.oude_tekst, self.nieuwe_tekst)


@dataclass
class HistorieRegel:
    datum: datetime.datetime
    door: Any
    soort: str  # "Aangemaakt", "Gewijzigd", "Verwijderd"
    reden: str
    wijzigingen: list[Wijziging]
    # Only on the record that created the afspraak: when it was agreed. The creation date is
    # when it was put into the Prestatiemonitor, not when the parties agreed on it.
    aangemaakt: bool = False
    afgesproken_op: datetime.date | None = None
    toegevoegd_bij: Bijstelling | None = None


@dataclass
class AfspraakDetail:
    afspraak: Afspraak
    partij_links: list[AfspraakPartij]
    begrippen: list[Begrip]
    historie: list[HistorieRegel]
    bijstellingen: list[BijstellingRegel]
    vorige: Afspraak | None = None
    volgende: Afspraak | None = None


_HISTORIE_SOORT = {"+": "Aangemaakt", "~": "Gewijzigd", "-": "Verwijderd"}


def _historie(
    afspraak: Afspraak, kader: Afsprakenkader, bijstellingen: list[BijstellingRegel]
) -> list[HistorieRegel]:
    records = list(
        afspraak.history.select_related("history_user")
        .prefetch_related("history_user__lidmaatschappen__organisatie")
        .order_by("-history_date", "-history_id")
    )
    if not records:
        return []
    # Foreign keys are stored as ids in the history; resolve them in two queries at most.
    thema_ids, org_ids = set(), set()
    for r in records:
        thema_ids.add(r.thema_id)
        org_ids.add(r.trekker_id)
    themas = {t.pk: str(t) for t in Thema.objects.filter(pk__in=thema_ids - {None})}
    orgs = {o.pk: o.naam for o in Organisatie.objects.filter(pk__in=org_ids - {None})}
    labels = {f.name: str(f.verbose_name) for f in Afspraak._meta.get_fields() if f.concrete}
    soorten = dict(AfspraakSoort.choices)

    def toon(veld: str, waarde: Any) -> Any:
        if waarde in (None, ""):
            return "—"
        if veld == "thema":
            return themas.get(waarde, waarde)
        if veld == "trekker":
            return orgs.get(waarde, waarde)
        if veld == "soort":
            return str(soorten.get(waarde, waarde))
        return waarde

    # An afspraak added later by a bijstelling was agreed at that bijstelling, not at signing.
    toegevoegd_bij = next(
        (
            regel.bijstelling
            for regel in reversed(bijstellingen)
            if any(w.actie == WijzigingActie.NIEUW for w in regel.wijzigingen)
        ),
        None,
    )
    regels = []
    for index, record in enumerate(records):
        vorige = records[index + 1] if index + 1 < len(records) else None
        wijzigingen: list[Wijziging] = []
        if vorige is not None:
            for change in record.diff_against(vorige).changes:
                veld = change.field
                wijzigingen.append(
                    Wijziging(
                        veld=veld,
                        label=labels.get(veld, veld),
                        oud=toon(veld, change.old),
                        nieuw=toon(veld, change.new),
                        oude_tekst=str(change.old or ""),
                        nieuwe_tekst=str(change.new or ""),
                    )
                )
        regel = HistorieRegel(
            datum=record.history_date,
            door=record.history_user,
            soort=_HISTORIE_SOORT.get(record.history_type, record.history_type),
            reden=record.history_change_reason or "",
            wijzigingen=wijzigingen,
        )
        if record.history_type == "+":
            regel.aangemaakt = True
            regel.toegevoegd_bij = toegevoegd_bij
            regel.afgesproken_op = (
                toegevoegd_bij.datum if toegevoegd_bij is not None else kader.ondertekend_op
            )
        regels.append(regel)
    return regels


def afspraak_detail(*, user, kader: Afsprakenkader, soort: str, nummer: str) -> AfspraakDetail:
    afspraak = (
        Afspraak.objects.visible_to(user)
        .select_related("thema", "trekker")
        .prefetch_related(
            Prefetch("partij_links", queryset=partij_links()),
            # only this kader's begrippen, even if a link to another kader's was made by hand
            Prefetch("begrippen", queryset=Begrip.objects.filter(kader=kader).order_by("volgorde")),
        )
        .get(kader=kader, soort=soort, nummer=nummer)
    )
    buren = list(
        Afspraak.objects.visible_to(user)
        .filter(kader=kader, soort=soort)
        .order_by("volgorde", "id")
        .values_list("pk", "nummer")
    )
    ids = [pk for pk, _ in buren]
    index = ids.index(afspraak.pk)
    vorige = Afspraak(nummer=buren[index - 1][1], soort=soort) if index > 0 else None
    volgende = Afspraak(nummer=buren[index + 1][1], soort=soort) if index + 1 < len(ids) else None
    bijstellingen = bijstellingen_van_afspraak(user=user, afspraak=afspraak)
    return AfspraakDetail(
        afspraak=afspraak,
        partij_links=list(afspraak.partij_links.all()),
        begrippen=list(afspraak.begrippen.all()),
        historie=_historie(afspraak, kader, bijstellingen),
        bijstellingen=bijstellingen,
        vorige=vorige,
        volgende=volgende,
    )


@dataclass
class HuidigeAfspraak:
    """An afspraak as it is now, for the bijstellen form (prefill, and the conflict panel)."""

    afspraak: Afspraak
    partij_links: list[AfspraakPartij]
    partijen: list[Partij]
    laatste_wijziging: Any = None  # the newest history record (who, when, why)


def afspraak_huidig(*, user, kader: Afsprakenkader, soort: str, nummer: str) -> HuidigeAfspraak:
    afspraak = (
        Afspraak.objects.visible_to(user)
        .select_related("kader", "thema", "trekker")
        .prefetch_related(Prefetch("partij_links", queryset=partij_links()))
        .get(kader=kader, soort=soort, nummer=nummer)
    )
    return HuidigeAfspraak(
        afspraak=afspraak,
        partij_links=list(afspraak.partij_links.all()),
        partijen=list(
            Partij.objects.visible_to(user).filter(kader=kader).select_related("organisatie")
        ),
        laatste_wijziging=afspraak.history.select_related("history_user")
        .order_by("-history_date", "-history_id")
        .first(),
    )
