"""Tabel 1 and Tabel 2 computed from facts: pure functions, no database.

The facts (``ProjectFeit``, ``MutatieFeit``) come from the live data, from a frozen review
round or from a what-if scenario (``selectors.py`` builds them); the same function computes
the tables for all three, so a round, a scenario and today can never be computed differently.

Rules (docs/planmonitor.md):

- A project counts for a corporation's row when that corporation owns it and its plan is
  *hard* (1A, 1B, 2A, 2B). A market party's rental homes count (row "Marktpartijen") only with
  an instandhoudingstermijn of at least 25 years (sociale huur) or 10 years (middenhuur).
- A project without a year planning delivers all units in its delivery year (delivered once
  its phase is *opgeleverd*); with one, each planned or delivered year counts.
- Stock changes: per corporation, year, kind and segment the *gerealiseerd* figure replaces the
  *gepland* one once it is recorded (a realisation is not added on top of its plan).
- Tabel 1 (sociale huur): nieuwbouw; −(sloop + overheveling); −verkoop; +aankoop and −overig
  (as columns only when any exist); netto = the sum; doorkijk = hard new build after the
  period. Tabel 2 (middenhuur): the same, where overheveling *of sociale huur* adds.
- A cell without any record behind it is ``None`` (shown empty, ``null`` in JSON), not 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .constants import (
    MIN_INSTANDHOUDING,
    EigenaarSoort,
    Fase,
    MutatieSoort,
    Realisatie,
    Segment,
)


@dataclass(frozen=True)
class Levering:
    jaar: int
    status: str  # Realisatie
    segmenten: dict[str, int]


@dataclass(frozen=True)
class ProjectFeit:
    projectcode: str
    naam: str
    kern: str
    eigenaar_id: int | None
    eigenaar_soort: str
    eigenaar_label: str
    hardheid: str
    hard: bool
    plancapaciteit: bool
    fase: str
    oplevering_jaar: int
    oplevering_kwartaal: int | None
    segmenten: dict[str, int]
    totaal: int
    instandhoudingstermijn: int | None = None
    vertrouwelijk: bool = False
    planning: tuple[Levering, ...] = ()
    id: int | None = None
    breedtegraad: float | None = None
    lengtegraad: float | None = None

    def leveringen(self) -> tuple[Levering, ...]:
        if self.planning:
            return self.planning
        status = Realisatie.GEREALISEERD if self.fase == Fase.OPGELEVERD else Realisatie.GEPLAND
        return (Levering(self.oplevering_jaar, status, dict(self.segmenten)),)

    def telt(self, segment: str) -> bool:
        """Whether this project's units of ``segment`` count for the stock tables/norms."""
        if self.eigenaar_soort in (EigenaarSoort.MARKTPARTIJ, EigenaarSoort.PARTICULIER):
            minimum = MIN_INSTANDHOUDING.get(Segment(segment))
            return minimum is None or (self.instandhoudingstermijn or 0) >= minimum
        return True


@dataclass(frozen=True)
class MutatieFeit:
    corporatie_id: int
    jaar: int
    soort: str
    segment: str
    aantal: int
    status: str
    id: int | None = None


@dataclass(frozen=True)
class Bijdrage:
    """One record's contribution to a cell: a project's delivery in a year, or a mutation."""

    jaar: int
    status: str
    aantal: int  # signed as it counts in the cell
    projectcode: str = ""
    mutatie: MutatieFeit | None = None


@dataclass
class Cel:
    """One figure and the records behind it (for the drill-down)."""

    waarde: int | None = None
    bijdragen: list[Bijdrage] = field(default_factory=list)

    def voeg_toe(self, bijdrage: Bijdrage) -> None:
        self.waarde = (self.waarde or 0) + bijdrage.aantal
        self.bijdragen.append(bijdrage)

    def samen(self, andere: Cel) -> None:
        for bijdrage in andere.bijdragen:
            self.voeg_toe(bijdrage)

    @property
    def projecten(self) -> list[str]:
        return list(dict.fromkeys(b.projectcode for b in self.bijdragen if b.projectcode))

    @property
    def mutaties(self) -> list[MutatieFeit]:
        return [b.mutatie for b in self.bijdragen if b.mutatie is not None]


KOLOMMEN = ("nieuwbouw", "sloop_overheveling", "verkoop", "aankoop", "overig", "netto", "doorkijk")
# The columns that always show, in the document's order; aankoop/overig only when present.
VASTE_KOLOMMEN = ("nieuwbouw", "sloop_overheveling", "verkoop", "netto", "doorkijk")


@dataclass
class Rij:
    partij: str  # short name, or "Marktpartijen", or "Totaal"
    partij_id: int | None
    cellen: dict[str, Cel] = field(default_factory=lambda: {k: Cel() for k in KOLOMMEN})

    @property
    def per_jaar(self) -> dict[int, dict[str, dict[str, int]]]:
        """Per year of the period: {jaar: {"gepland"|"gerealiseerd": {kolom: aantal}}}."""
        uitkomst: dict[int, dict[str, dict[str, int]]] = {}
        for kolom, cel in self.cellen.items():
            if kolom in ("netto", "doorkijk"):
                continue
            for b in cel.bijdragen:
                kolommen = uitkomst.setdefault(b.jaar, {}).setdefault(b.status, {})
                kolommen[kolom] = kolommen.get(kolom, 0) + b.aantal
        return uitkomst

    def waarde(self, kolom: str) -> int | None:
        return self.cellen[kolom].waarde

    def als_dict(self) -> dict[str, int | None]:
        return {"partij": self.partij, **{k: self.waarde(k) for k in KOLOMMEN}}  # type: ignore[dict-item]


@dataclass
class Tabel:
    nummer: int
    segment: str
    titel: str
    rijen: list[Rij]
    totaal: Rij

    @property
    def kolommen(self) -> list[str]:
        alle = [self.totaal, *self.rijen]
        extra = [k for k in ("aankoop", "overig") if any(r.waarde(k) is not None for r in alle)]
        return [*VASTE_KOLOMMEN[:3], *extra, *VASTE_KOLOMMEN[3:]]


@dataclass
class Prognose:
    van: int
    tot: int
    doorkijk_tot: int
    tabel1: Tabel
    tabel2: Tabel

    @property
    def tabellen(self) -> tuple[Tabel, Tabel]:
        return (self.tabel1, self.tabel2)

    @property
    def jaren(self) -> list[int]:
        return list(range(self.van, self.tot + 1))

    def als_json(self) -> dict:
        def tabel(t: Tabel) -> dict:
            totaal = t.totaal.als_dict()
            totaal.pop("partij")
            return {
                "segment": t.segment,
                "rijen": [r.als_dict() for r in t.rijen],
                "totaal": totaal,
            }

        return {
            "periode": {"van": self.van, "tot": self.tot, "doorkijk_tot": self.doorkijk_tot},
            "tabel1": tabel(self.tabel1),
            "tabel2": tabel(self.tabel2),
        }


MARKTPARTIJEN = "Marktpartijen"


def geldt(status: str, *, gerealiseerd_bekend: bool) -> bool:
    """Whether a stock change counts: a gerealiseerd row always; a gepland row only while no
    gerealiseerd row exists for its (kader, corporation, year, kind, segment)."""
    return status == Realisatie.GEREALISEERD or not gerealiseerd_bekend


def geldende_mutaties(mutaties: Iterable[MutatieFeit]) -> list[MutatieFeit]:
    """Per (corporation, year, kind, segment) of one kader: the gerealiseerd row if any, else
    gepland (``geldt``)."""
    mutaties = list(mutaties)
    gerealiseerd = {
        (m.corporatie_id, m.jaar, m.soort, m.segment)
        for m in mutaties
        if m.status == Realisatie.GEREALISEERD
    }
    return [
        m
        for m in mutaties
        if geldt(
            m.status,
            gerealiseerd_bekend=(m.corporatie_id, m.jaar, m.soort, m.segment) in gerealiseerd,
        )
    ]


def _teken(segment: str, mutatie: MutatieFeit) -> tuple[str, int] | None:
    """The column a mutation lands in for the table of ``segment``, and its signed amount."""
    if mutatie.segment == segment:
        if mutatie.soort in (MutatieSoort.SLOOP, MutatieSoort.OVERHEVELING):
            return "sloop_overheveling", -mutatie.aantal
        if mutatie.soort == MutatieSoort.VERKOOP:
            return "verkoop", -mutatie.aantal
        if mutatie.soort == MutatieSoort.AANKOOP:
            return "aankoop", mutatie.aantal
        return "overig", -mutatie.aantal
    if (
        segment == Segment.MIDDENHUUR
        and mutatie.segment == Segment.SOCIALE_HUUR
        and mutatie.soort == MutatieSoort.OVERHEVELING
    ):
        return "sloop_overheveling", mutatie.aantal
    return None


def bereken(
    projecten: Sequence[ProjectFeit],
    mutaties: Sequence[MutatieFeit],
    *,
    corporaties: Sequence[tuple[int, str]],
    van: int,
    tot: int,
    doorkijk_tot: int,
    al_geldend: bool = False,
) -> Prognose:
    """Tabel 1 and 2 for the period [van, tot] and the doorkijk (tot, doorkijk_tot].

    ``mutaties`` are one kader's; ``al_geldend`` when the caller already kept only the rows
    that count (``geldt``) per kader — the national prognosis, whose mutations of many kaders
    are summed, so a gepland row of one kader must not give way to a gerealiseerd row of
    another.
    """
    geldend = list(mutaties) if al_geldend else geldende_mutaties(mutaties)
    tabellen = []
    for nummer, segment, titel in (
        (1, Segment.SOCIALE_HUUR, "Prognose ontwikkeling sociale voorraad"),
        (2, Segment.MIDDENHUUR, "Prognose ontwikkeling middeldure voorraad"),
    ):
        rijen = {cid: Rij(naam, cid) for cid, naam in corporaties}
        markt = Rij(MARKTPARTIJEN, None)
        for p in projecten:
            if not p.hard or not p.segmenten.get(segment) or not p.telt(segment):
                continue
            if p.eigenaar_soort == EigenaarSoort.CORPORATIE:
                rij = rijen.get(p.eigenaar_id)  # type: ignore[arg-type]
                if rij is None:
                    continue
            elif p.eigenaar_soort in (EigenaarSoort.MARKTPARTIJ, EigenaarSoort.PARTICULIER):
                rij = markt
            else:
                continue
            for levering in p.leveringen():
                aantal = levering.segmenten.get(segment, 0)
                if not aantal:
                    continue
                if van <= levering.jaar <= tot:
                    kolom = "nieuwbouw"
                elif tot < levering.jaar <= doorkijk_tot:
                    kolom = "doorkijk"
                else:
                    continue
                rij.cellen[kolom].voeg_toe(
                    Bijdrage(levering.jaar, levering.status, aantal, projectcode=p.projectcode)
                )
        for m in geldend:
            if not van <= m.jaar <= tot:
                continue
            plaats = _teken(segment, m)
            rij = rijen.get(m.corporatie_id)
            if plaats is None or rij is None:
                continue
            kolom, aantal = plaats
            rij.cellen[kolom].voeg_toe(Bijdrage(m.jaar, m.status, aantal, mutatie=m))
        alle = list(rijen.values()) + ([markt] if _heeft_waarden(markt) else [])
        for rij in alle:
            _netto(rij)
        totaal = Rij("Totaal", None)
        for rij in alle:
            for kolom in KOLOMMEN:
                totaal.cellen[kolom].samen(rij.cellen[kolom])
        tabellen.append(Tabel(nummer, segment, titel, alle, totaal))
    return Prognose(van, tot, doorkijk_tot, tabellen[0], tabellen[1])


def _heeft_waarden(rij: Rij) -> bool:
    return any(c.waarde is not None for c in rij.cellen.values())


def _netto(rij: Rij) -> None:
    netto = rij.cellen["netto"]
    for kolom in ("nieuwbouw", "sloop_overheveling", "verkoop", "aankoop", "overig"):
        netto.samen(rij.cellen[kolom])


def netto_per_jaar(rij: Rij, jaren: Iterable[int]) -> dict[int, int | None]:
    """Netto toename per year (planned and delivered together), None for a year without data."""
    uitkomst: dict[int, int | None] = {}
    per_jaar = rij.per_jaar
    for jaar in jaren:
        soorten = per_jaar.get(jaar)
        if not soorten:
            uitkomst[jaar] = None
            continue
        uitkomst[jaar] = sum(sum(k.values()) for k in soorten.values())
    return uitkomst
