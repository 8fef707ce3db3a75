"""Plan a year's meetings from the overlegstructuur: a pure function over plain data.

The rules (docs/overleg.md, "Plan het jaar"):

- each overlegvorm meets in its months (as set, or spread evenly over the year);
- on a working day: no weekend, no Dutch public holiday (the ``holidays`` library, public and
  optional days such as Bevrijdingsdag), no school holiday of the gemeente's region (the same
  library's ``school`` category for regio noord, midden or zuid);
- preferably on the form's weekday in its week of the month, else the same weekday in another
  week, else the nearest other working day; never two meetings of one kader on one day;
- a meeting that carries a milestone of the jaarcyclus (the December vaststelling of the
  jaarschijf, the concept jaarschijf after the summer) stays in its month; another meeting whose
  month has no free day at all moves to the nearest month that has one (noted in ``opmerking``);
- chairs: a fixed chair with a deputy, or two parties in turn over all the *afwisselend* forms
  together, in date order, continuing from the last such meeting of the previous year.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import holidays

from .constants import MAANDNAMEN as _MAAND
from .constants import VoorzitterRegel

STANDAARD_BEGIN = "Opening en vaststellen van de agenda"
STANDAARD_VORIG = "Besluitenlijst en actiepunten van het vorige overleg"
STANDAARD_EIND = "Rondvraag en sluiting"


class PlanFout(Exception):
    """A year that cannot be planned by the rules; the message says why, in Dutch."""


@dataclass(frozen=True)
class Vorm:
    sleutel: Any
    naam: str
    maanden: tuple[int, ...]
    weekdag: int
    week: int
    aanvang: dt.time
    duur_minuten: int
    regel: str
    voorzitter: Any
    plaatsvervanger: Any
    volgorde: int = 0


@dataclass(frozen=True)
class Punt:
    """A milestone of the jaarcyclus that goes on the agenda of ``vorm`` in ``maand``."""

    sleutel: Any
    titel: str
    vorm: Any
    maand: int


@dataclass
class Voorstel:
    vorm: Vorm
    volgnummer: int
    maand: int
    datum: dt.date
    aanvang: dt.time
    einde: dt.time
    voorzitter: Any = None
    plaatsvervanger: Any = None
    punten: list[Punt] = field(default_factory=list)
    opmerking: str = ""


@cache
def vrije_dagen(jaar: int, regio: str) -> dict[dt.date, str]:
    """{date: reason} of the days a meeting may not be held in ``jaar`` (weekends excluded)."""
    dagen: dict[dt.date, str] = {}
    feest = holidays.country_holidays(
        "NL", years=jaar, categories=("public", "optional"), language="nl"
    )
    for dag, naam in feest.items():
        dagen[dag] = naam
    if regio:
        school = holidays.country_holidays(
            "NL", subdiv=regio, years=jaar, categories=("school",), language="nl"
        )
        for dag, naam in school.items():
            dagen.setdefault(dag, f"{naam} (regio {regio.lower()})")
    return dagen


def schoolvakanties_bekend(jaar: int, regio: str) -> bool:
    """Whether the ``holidays`` library knows the school holidays of ``regio`` in ``jaar`` (it
    runs a few years ahead); without a region there is nothing to know."""
    if not regio:
        return True
    return bool(holidays.country_holidays("NL", subdiv=regio, years=jaar, categories=("school",)))


def reden_bezet(datum: dt.date, regio: str) -> str | None:
    """Why no meeting can be held on ``datum`` (weekend, holiday, school holiday), or None."""
    if datum.weekday() >= 5:
        return "weekend"
    return vrije_dagen(datum.year, regio).get(datum)


def _voorkeur(jaar: int, maand: int, weekdag: int, week: int) -> dt.date:
    eerste = dt.date(jaar, maand, 1)
    verschil = (weekdag - eerste.weekday()) % 7
    dag = eerste + dt.timedelta(days=verschil + 7 * (week - 1))
    if dag.month != maand:  # a fifth week that does not exist: the last such weekday
        dag -= dt.timedelta(days=7)
    return dag


def _kandidaten(jaar: int, maand: int, vorm: Vorm) -> list[dt.date]:
    voorkeur = _voorkeur(jaar, maand, vorm.weekdag, vorm.week)
    dagen = [dt.date(jaar, maand, d) for d in range(1, calendar.monthrange(jaar, maand)[1] + 1)]
    return sorted(dagen, key=lambda d: (d.weekday() != vorm.weekdag, abs((d - voorkeur).days), d))


def plan_jaar(
    *,
    jaar: int,
    vormen: list[Vorm],
    punten: list[Punt],
    regio: str,
    vorige_voorzitter: Any = None,
    bezet: frozenset[dt.date] = frozenset(),
) -> list[Voorstel]:
    """The proposal for ``jaar``: one Voorstel per meeting, in date order.

    ``vorige_voorzitter``: who chaired the last meeting of an *afwisselend* form before this
    year (the rotation continues from there). ``bezet``: days already taken (other meetings).
    """
    vast = {(p.vorm, p.maand) for p in punten}
    sleuven: list[tuple[Vorm, int, int]] = []
    for vorm in sorted(vormen, key=lambda v: (v.volgorde, v.naam)):
        for i, maand in enumerate(sorted(vorm.maanden), start=1):
            sleuven.append((vorm, i, maand))
    # Meetings that carry a milestone first: they may not leave their month.
    sleuven.sort(key=lambda s: ((s[0].sleutel, s[2]) not in vast, s[2], s[0].volgorde))

    genomen = set(bezet)
    voorstellen: list[Voorstel] = []
    for vorm, nummer, maand in sleuven:
        vastgepind = (vorm.sleutel, maand) in vast
        maanden = [maand] if vastgepind else _uitwijkmaanden(maand)
        datum = None
        for m in maanden:
            datum = next(
                (
                    d
                    for d in _kandidaten(jaar, m, vorm)
                    if d not in genomen and not reden_bezet(d, regio)
                ),
                None,
            )
            if datum:
                break
        if datum is None:
            raise PlanFout(
                f"Geen vrije werkdag voor het {vorm.naam} in {_MAAND[maand]} {jaar}: elke "
                "werkdag is een feestdag, een schoolvakantie of al bezet door een ander overleg."
            )
        opmerking = ""
        if datum.month != maand:
            opmerking = (
                f"Verschoven van {_MAAND[maand]} naar {_MAAND[datum.month]}: in {_MAAND[maand]} "
                "is geen werkdag buiten de feestdagen en schoolvakanties vrij."
            )
        einde = (
            dt.datetime.combine(datum, vorm.aanvang) + dt.timedelta(minutes=vorm.duur_minuten)
        ).time()
        if einde <= vorm.aanvang:
            einde = dt.time(23, 59)
        genomen.add(datum)
        voorstellen.append(
            Voorstel(
                vorm=vorm,
                volgnummer=nummer,
                maand=maand,
                datum=datum,
                aanvang=vorm.aanvang,
                einde=einde,
                punten=[p for p in punten if p.vorm == vorm.sleutel and p.maand == maand],
                opmerking=opmerking,
            )
        )
    voorstellen.sort(key=lambda v: (v.datum, v.aanvang, v.vorm.volgorde))
    _nummeren(voorstellen)
    _voorzitters(voorstellen, vorige_voorzitter)
    return voorstellen


def _uitwijkmaanden(maand: int) -> list[int]:
    """The month itself, then the nearest months of the same year (later before earlier)."""
    volgorde = [maand]
    for stap in range(1, 12):
        for m in (maand + stap, maand - stap):
            if 1 <= m <= 12:
                volgorde.append(m)
    return volgorde


def _nummeren(voorstellen: list[Voorstel]) -> None:
    """Number each form's meetings 1..n in date order (a moved meeting keeps the order)."""
    teller: dict[Any, int] = {}
    for v in voorstellen:
        teller[v.vorm.sleutel] = teller.get(v.vorm.sleutel, 0) + 1
        v.volgnummer = teller[v.vorm.sleutel]


def _voorzitters(voorstellen: list[Voorstel], vorige: Any) -> None:
    beurt: dict[frozenset, Any] = {}
    for v in voorstellen:
        vorm = v.vorm
        if vorm.regel == VoorzitterRegel.AFWISSELEND and vorm.plaatsvervanger:
            paar = frozenset({vorm.voorzitter, vorm.plaatsvervanger})
            laatste = beurt.get(paar, vorige if vorige in paar else None)
            eerste = vorm.voorzitter if laatste is None else next(iter(paar - {laatste}))
            v.voorzitter = eerste
            v.plaatsvervanger = next(iter(paar - {eerste}))
            beurt[paar] = eerste
        elif vorm.regel == VoorzitterRegel.VAST:
            v.voorzitter, v.plaatsvervanger = vorm.voorzitter, vorm.plaatsvervanger
        else:
            v.voorzitter, v.plaatsvervanger = vorm.voorzitter, None
