"""Reads of the verduurzaming app: aggregates per opname (corporatie, peildatum).

Every figure is one aggregate query over ``Woning`` for the opnames the user may see
(``Voorraadopname.objects.visible_to``: the parties of the kader). Counts only, never rows:
other parties see aggregates of a corporation's stock, not its dwellings. A condition that
depends on the opname's peildatum (a label expired at that date, the rent limits of its year)
is written as one OR over the opnames, so the count stays a single query.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from prestatiemonitor.afspraken.models import Afsprakenkader
from prestatiemonitor.normen.models import Jaarparameter

from .constants import LABEL_GELDIG_JAREN, Energielabel
from .models import Voorraadopname, Woning


def opnames(*, user, kader: Afsprakenkader, peildatum: datetime.date | None = None) -> QuerySet:
    """The opnames whose aggregates the user sees: every one for a party of the kader; for
    the public those whose peildatum lies in a period the gemeente published
    (``woonruimte.Publicatie``: a year, or its first half)."""
    from prestatiemonitor.jaarschijven.permissions import ziet_lopend

    if user is not None and ziet_lopend(user, kader):
        qs = Voorraadopname.objects.visible_to(user).filter(kader=kader)
    else:
        qs = Voorraadopname.objects.filter(openbaar_filter(kader))
    if peildatum is not None:
        qs = qs.filter(peildatum=peildatum)
    return qs.select_related("corporatie").order_by("corporatie__korte_naam", "peildatum")


def openbaar_filter(kader: Afsprakenkader) -> Q:
    """Opnames of the kader with a peildatum in a published period."""
    from prestatiemonitor.woonruimte.models import Publicatie, Stand

    voorwaarde = Q(pk__in=[])
    for jaar, stand in Publicatie.objects.filter(kader=kader).values_list("jaar", "stand"):
        einde = (
            datetime.date(jaar, 6, 30) if stand == Stand.HALFJAAR else datetime.date(jaar, 12, 31)
        )
        voorwaarde |= Q(peildatum__gte=datetime.date(jaar, 1, 1), peildatum__lte=einde)
    return Q(kader=kader) & voorwaarde


def verlopen_grens(peildatum: datetime.date) -> datetime.date:
    """A label registered on or before this date has expired at the peildatum (10 years)."""
    try:
        return peildatum.replace(year=peildatum.year - LABEL_GELDIG_JAREN)
    except ValueError:  # 29 February
        return peildatum.replace(year=peildatum.year - LABEL_GELDIG_JAREN, day=28)


@dataclass(frozen=True)
class LabelTelling:
    opname: Voorraadopname
    totaal: int
    e: int
    f: int
    g: int
    zonder_label: int
    verlopen: int  # registered 10 years or more before the peildatum

    @property
    def efg(self) -> int:
        return self.e + self.f + self.g

    @property
    def aandeel_efg(self) -> float | None:
        return self.efg / self.totaal if self.totaal else None


def labeltellingen(
    *, user, kader: Afsprakenkader, peildatum: datetime.date | None = None
) -> list[LabelTelling]:
    """Per opname (corporatie, peildatum) the dwellings with E, F, G, without a label, and with
    an expired label. Three queries (one decides party or public)."""
    lijst = list(opnames(user=user, kader=kader, peildatum=peildatum))
    if not lijst:
        return []
    verlopen = Q(pk__in=[])
    for o in lijst:
        verlopen |= Q(opname_id=o.pk, registratiedatum__lte=verlopen_grens(o.peildatum))
    rijen: dict[int, dict[str, Any]] = {
        r["opname_id"]: dict(r)
        for r in Woning.objects.filter(opname__in=[o.pk for o in lijst])
        .values("opname_id")
        .annotate(
            totaal=Count("pk"),
            e=Count("pk", filter=Q(energielabel=Energielabel.E)),
            f=Count("pk", filter=Q(energielabel=Energielabel.F)),
            g=Count("pk", filter=Q(energielabel=Energielabel.G)),
            zonder_label=Count("pk", filter=Q(energielabel__isnull=True)),
            verlopen=Count("pk", filter=verlopen),
        )
    }
    leeg: dict[str, Any] = {"totaal": 0, "e": 0, "f": 0, "g": 0, "zonder_label": 0, "verlopen": 0}
    return [
        LabelTelling(
            opname=o,
            **{k: rijen.get(o.pk, leeg)[k] for k in leeg},
        )
        for o in lijst
    ]


class JaarparameterOntbreekt(LookupError):
    """A rent limit of the year is not in the year parameters."""


HUURGRENZEN = ("aftoppingsgrens-laag", "aftoppingsgrens-hoog", "liberalisatiegrens")


@dataclass(frozen=True)
class Huurgrenzen:
    jaar: int
    aftopping_laag: Decimal
    aftopping_hoog: Decimal
    liberalisatiegrens: Decimal


def huurgrenzen(jaar: int) -> Huurgrenzen:
    waarden = dict(
        Jaarparameter.objects.filter(code__in=HUURGRENZEN, jaar=jaar).values_list("code", "waarde")
    )
    ontbreekt = [c for c in HUURGRENZEN if c not in waarden]
    if ontbreekt:
        raise JaarparameterOntbreekt(
            f"De jaarparameter{'s' if len(ontbreekt) > 1 else ''} {', '.join(ontbreekt)} "
            f"voor {jaar} {'ontbreken' if len(ontbreekt) > 1 else 'ontbreekt'}."
        )
    return Huurgrenzen(
        jaar,
        waarden["aftoppingsgrens-laag"],
        waarden["aftoppingsgrens-hoog"],
        waarden["liberalisatiegrens"],
    )


@dataclass(frozen=True)
class HuurklassenTelling:
    opname: Voorraadopname
    grenzen: Huurgrenzen
    tot_aftopping_laag: int  # huurprijs <= aftoppingsgrens laag
    tot_aftopping_hoog: int  # <= aftoppingsgrens hoog
    tot_liberalisatiegrens: int  # <= liberalisatiegrens
    boven_liberalisatiegrens: int
    onbekend: int  # no huurprijs delivered


def huurklassen(
    *,
    user,
    kader: Afsprakenkader,
    peildatum: datetime.date | None = None,
    overslaan: bool = False,
) -> list[HuurklassenTelling]:
    """Per opname the dwellings per rent class, with the limits of the peildatum's year
    (``normen.Jaarparameter``). JaarparameterOntbreekt when a limit of that year is missing;
    with ``overslaan`` the opnames of such a year are left out instead (the page names them)."""
    lijst = list(opnames(user=user, kader=kader, peildatum=peildatum))
    grenzen = {}
    for jaar in {o.peildatum.year for o in lijst}:
        try:
            grenzen[jaar] = huurgrenzen(jaar)
        except JaarparameterOntbreekt:
            if not overslaan:
                raise
    lijst = [o for o in lijst if o.peildatum.year in grenzen]
    if not lijst:
        return []
    klassen: dict[str, Q] = {
        "laag": Q(pk__in=[]),
        "hoog": Q(pk__in=[]),
        "lib": Q(pk__in=[]),
        "boven": Q(pk__in=[]),
    }
    for o in lijst:
        g = grenzen[o.peildatum.year]
        eigen = Q(opname_id=o.pk)
        klassen["laag"] |= eigen & Q(huurprijs__lte=g.aftopping_laag)
        klassen["hoog"] |= eigen & Q(
            huurprijs__gt=g.aftopping_laag, huurprijs__lte=g.aftopping_hoog
        )
        klassen["lib"] |= eigen & Q(
            huurprijs__gt=g.aftopping_hoog, huurprijs__lte=g.liberalisatiegrens
        )
        klassen["boven"] |= eigen & Q(huurprijs__gt=g.liberalisatiegrens)
    rijen: dict[int, dict[str, Any]] = {
        r["opname_id"]: dict(r)
        for r in Woning.objects.filter(opname__in=[o.pk for o in lijst])
        .values("opname_id")
        .annotate(
            onbekend=Count("pk", filter=Q(huurprijs__isnull=True)),
            **{k: Count("pk", filter=q) for k, q in klassen.items()},
        )
    }
    leeg: dict[str, Any] = {"laag": 0, "hoog": 0, "lib": 0, "boven": 0, "onbekend": 0}
    uit = []
    for o in lijst:
        r = rijen.get(o.pk, leeg)
        uit.append(
            HuurklassenTelling(
                opname=o,
                grenzen=grenzen[o.peildatum.year],
                tot_aftopping_laag=r["laag"],
                tot_aftopping_hoog=r["hoog"],
                tot_liberalisatiegrens=r["lib"],
                boven_liberalisatiegrens=r["boven"],
                onbekend=r["onbekend"],
            )
        )
    return uit
