"""The tables printed in a kader, as stored, with the importer's table checks.

The sums are computed once, by the importer's table check, which writes a ``TabelControle`` row
per printed figure that does not match. This module reads those rows and attaches each to the
cell it is about; it never adds up a column itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from .. import weergave
from ..models import Afsprakenkader, Tabel, TabelControle, TabelRij


def tabel_prefetch() -> tuple[Prefetch, Prefetch]:
    """What ``tabel_weergave`` reads, for ``prefetch_related`` on a Tabel queryset."""
    return (
        Prefetch("rijen", queryset=TabelRij.objects.order_by("volgorde", "id")),
        Prefetch("controle_set", queryset=TabelControle.objects.order_by("volgorde", "id")),
    )


@dataclass
class Cel:
    waarde: Any
    controles: list[TabelControle] = field(default_factory=list)

    @property
    def afwijking(self) -> str:
        return " ".join(weergave.controle_melding(c) for c in self.controles)


@dataclass
class RijWeergave:
    rij: TabelRij
    label: str
    cellen: list[Cel]
    is_totaal: bool = False


@dataclass
class TabelWeergave:
    tabel: Tabel
    rijen: list[RijWeergave]
    controles: list[TabelControle]

    @property
    def meldingen(self) -> list[str]:
        return [weergave.controle_melding(c) for c in self.controles]

    @property
    def heeft_afwijkingen(self) -> bool:
        return bool(self.controles)


def _sleutel(tekst: str) -> str:
    return weergave.schoon(tekst).lower()


def tabel_weergave(tabel: Tabel) -> TabelWeergave:
    """The table as printed; each stored check is attached to the cell (row, column) it names.

    Reads ``tabel.rijen`` and ``tabel.controle_set`` (prefetch them with ``tabel_prefetch()``)."""
    kolommen = [_sleutel(k) for k in tabel.kolommen or []]
    rijen_db = list(tabel.rijen.all())
    breedte = max([len(kolommen)] + [len(r.waarden or []) for r in rijen_db])
    rijen = []
    per_label: dict[str, list[RijWeergave]] = {}
    for r in rijen_db:
        waarden = list(r.waarden or []) + [None] * (breedte - len(r.waarden or []))
        rij = RijWeergave(
            rij=r, label=r.label, cellen=[Cel(w) for w in waarden], is_totaal=r.is_totaal
        )
        rijen.append(rij)
        per_label.setdefault(_sleutel(r.label), []).append(rij)
    controles = list(tabel.controle_set.all())
    for controle in controles:
        kolom = _sleutel(controle.kolom)
        if kolom not in kolommen:
            continue
        index = kolommen.index(kolom)
        for rij in per_label.get(_sleutel(controle.rij), []):
            rij.cellen[index].controles.append(controle)
    return TabelWeergave(tabel=tabel, rijen=rijen, controles=controles)


def tabel_detail(*, user, kader: Afsprakenkader, nummer: str) -> TabelWeergave:
    tabel = (
        Tabel.objects.visible_to(user)
        .select_related("thema")
        .prefetch_related(*tabel_prefetch())
        .get(kader=kader, nummer=nummer)
    )
    return tabel_weergave(tabel)
