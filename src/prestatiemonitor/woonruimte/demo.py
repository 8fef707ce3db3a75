"""Fictitious beschikbaarheids- and verduurzamingsdata for the Nijkerk demo (issue 8, §5), every
record a *voorbeeld*.

Everything goes through the real write paths: the demo builds the files in the documented
formats in memory (docs/woonruimte.md, docs/verduurzaming.md) and imports them as SYSTEEM with
``voorbeeld=True``, so the demo also proves the formats:

- lettings of WSN and de Alliantie, one CSV per corporation per year (2023, 2024, 2025 and
  January–June 2026, the mid-year delivery), made from ``JAREN`` below with a fixed seed;
- woningzoekenden 2023–2025 per doelgroep (XLSX), delivered by WSN, which runs the allocation
  for both corporations in this fiction;
- the taakstelling statushouders per half year 2023–2026 and the sociale voorraad per kern and
  buurt 2023–2025 (XLSX, by the gemeente);
- the stock with energy labels at four peildata and an EP-Online export (verduurzaming/demo.py).

The figures are chosen to show the indicators at work (docs/woonruimte.md, "Demo"):
- urgent share (aandachtsgroep lettings ÷ social lettings): 2024 above 30 % for WSN and
  gemeente-wide, while the average of 2023–2025 stays under 30 %;
- de Alliantie carries its pro-rata statushouder share in 2023 and 2024 but clearly lags in
  2025 (about two thirds of its expected persons), WSN more than meets its share;
- spreiding: Nijkerk/Corlaer takes about twice its share of the social stock in aandachtsgroep
  lettings in 2025.

Idempotent: ``demo_woonruimte`` does nothing (None) when the kader has woonruimte deliveries and
voorraadopnames already.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from prestatiemonitor.afspraken.models import Afsprakenkader
from prestatiemonitor.organisaties.models import Organisatie
from prestatiemonitor.organisaties.permissions import SYSTEEM

from . import uitwisseling
from .constants import Soort
from .models import Aanlevering

SEED = 267_2026
WSN = "WSN"
ALLIANTIE = "de Alliantie"
CORPORATIES = (WSN, ALLIANTIE)

# (kern, buurt)
NC = ("Nijkerk", "Centrum")
CO = ("Nijkerk", "Corlaer")
PB = ("Nijkerk", "Paasbos")
OV = ("Nijkerk", "Oosterveen")
HC = ("Hoevelaken", "Centrum")
DK = ("Hoevelaken", "De Kolk")
ND = ("Nijkerkerveen", "Dorp")
BUURTEN = (NC, CO, PB, OV, HC, DK, ND)

# The social stock per corporation per buurt in 2025; earlier years differ by the new build
# of 2025 (Paasbos fase 1: 32, De Kolk: 48) and the homes sold since (Centrum, Oosterveen,
# Hoevelaken Centrum).
VOORRAAD_2025 = {
    WSN: {NC: 720, CO: 480, PB: 640, OV: 560, HC: 380, DK: 260, ND: 260},
    ALLIANTIE: {NC: 260, CO: 110, OV: 220, HC: 190, DK: 120},
}
VOORRAAD_VERSCHIL = {
    2023: {WSN: {PB: -32, DK: -48, NC: 14, OV: 6}, ALLIANTIE: {HC: 8}},
    2024: {WSN: {PB: -32, DK: -48, NC: 7, OV: 3}, ALLIANTIE: {HC: 4}},
    2025: {},
}
VOORRAAD_JAREN = (2023, 2024, 2025)


def sociale_voorraad(corporatie: str, jaar: int) -> dict[tuple[str, str], int]:
    """The social homes of ``corporatie`` per (kern, buurt) in ``jaar`` (2026: as 2025)."""
    verschil = VOORRAAD_VERSCHIL.get(jaar, {}).get(corporatie, {})
    return {b: n + verschil.get(b, 0) for b, n in VOORRAAD_2025[corporatie].items()}


@dataclass(frozen=True)
class Jaar:
    """The lettings of one corporation in one year.

    ``sociaal``, ``midden``, ``vrij``: lettings per segment. Of the social lettings:
    ``statushouders`` (persons, households), ``urgentie`` and ``aandacht`` (other aandachtsgroep
    households: uitstroom beschermd wonen, mantelzorg, …; route regulier, directe bemiddeling or
    maatwerk) are the aandachtsgroep lettings; ``boven_grens`` lettings to households with an
    income above the DAEB limit; ``corlaer``: how much more than its stock share Corlaer gets of
    the aandachtsgroep lettings (the spreiding)."""

    sociaal: int
    midden: int
    vrij: int
    statushouders: tuple[int, int]  # (persons, households)
    urgentie: int
    aandacht: int
    boven_grens: int
    corlaer: float = 1.3
    woonwagen: int = 0

    @property
    def aandachtsgroep(self) -> int:
        return self.statushouders[1] + self.urgentie + self.aandacht


JAREN: dict[tuple[str, int], Jaar] = {
    (WSN, 2023): Jaar(244, 18, 8, (56, 22), 30, 11, 24),
    (WSN, 2024): Jaar(262, 20, 8, (63, 24), 46, 17, 28, corlaer=1.4, woonwagen=1),
    (WSN, 2025): Jaar(252, 20, 8, (54, 21), 34, 13, 30, corlaer=2.4, woonwagen=1),
    (WSN, 2026): Jaar(126, 10, 4, (24, 9), 18, 8, 14, corlaer=2.0),
    (ALLIANTIE, 2023): Jaar(68, 8, 4, (14, 6), 7, 3, 9),
    (ALLIANTIE, 2024): Jaar(72, 9, 4, (17, 7), 10, 4, 10, corlaer=1.4),
    (ALLIANTIE, 2025): Jaar(66, 8, 4, (9, 4), 9, 4, 9, corlaer=2.4),
    (ALLIANTIE, 2026): Jaar(34, 4, 2, (5, 2), 5, 2, 5, corlaer=2.0),
}
TOT = {2026: date(2026, 6, 30)}  # the mid-year delivery of 2026: January to June

TAAKSTELLING = {
    (2023, 1): 33,
    (2023, 2): 38,
    (2024, 1): 42,
    (2024, 2): 36,
    (2025, 1): 34,
    (2025, 2): 30,
    (2026, 1): 28,
    (2026, 2): 31,
}

# jaar -> doelgroep -> (actief, gehuisvest, inschrijfduur, zoekduur, reacties per woning)
WONINGZOEKENDEN = {
    2023: {
        "jongere": (1180, 99, "4,6", "2,3", "245"),
        "gezin": (760, 98, "6,2", "2,8", "168"),
        "senior": (430, 72, "7,9", "1,9", "64"),
        "urgent": (70, 51, "0,6", "0,4", ""),
        "overig": (420, 30, "5,0", "2,5", "122"),
    },
    2024: {
        "jongere": (1260, 95, "5,1", "2,6", "268"),
        "gezin": (810, 100, "6,6", "3,0", "181"),
        "senior": (455, 72, "8,1", "2,0", "70"),
        "urgent": (86, 61, "0,5", "0,4", ""),
        "overig": (440, 47, "5,3", "2,7", "130"),
    },
    2025: {
        "jongere": (1330, 90, "5,5", "2,9", "291"),
        "gezin": (850, 96, "7,0", "3,3", "190"),
        "senior": (470, 70, "8,3", "2,1", "73"),
        "urgent": (80, 51, "0,7", "0,5", ""),
        "overig": (450, 51, "5,6", "2,8", "139"),
    },
}

# Liberalisatiegrens per year (normen.Jaarparameter; 2023 from the Rijk: € 808,06): social rents
# stay under it.
LIBERALISATIEGRENS = {2023: 808.06, 2024: 879.66, 2025: 900.07, 2026: 932.93}
HUURINDEX = {2023: 0.89, 2024: 0.945, 2025: 1.0, 2026: 1.045}  # rents relative to 2025


# ---------------------------------------------------------------------------------------------
# Lettings


def _quota(aantal: int, gewichten: dict) -> list:
    """``aantal`` keys spread over ``gewichten`` by largest remainder (deterministic)."""
    totaal = sum(gewichten.values())
    exact = {k: aantal * g / totaal for k, g in gewichten.items()}
    heel = {k: int(v) for k, v in exact.items()}
    rest = aantal - sum(heel.values())
    for k in sorted(exact, key=lambda k: (heel[k] - exact[k], BUURTEN.index(k)))[:rest]:
        heel[k] += 1
    return [k for k in gewichten for _ in range(heel[k])]


def _huishoudens(personen: int, aantal: int, rng: random.Random) -> list[int]:
    """``aantal`` household sizes (1 to 6) that add up to ``personen``."""
    grootte = [1] * aantal
    for _ in range(personen - aantal):
        grootte[rng.choice([i for i, g in enumerate(grootte) if g < 6])] += 1
    return grootte


def _kies(rng: random.Random, opties: dict):
    return rng.choices(list(opties), weights=list(opties.values()))[0]


def _euro(bedrag: float, jaar: int, sociaal: bool) -> str:
    bedrag = bedrag * HUURINDEX[jaar]
    if sociaal:
        bedrag = min(bedrag, LIBERALISATIEGRENS[jaar] - 0.5)
    return f"{bedrag:.2f}".replace(".", ",")


def _personen(doelgroep: str, rng: random.Random) -> int:
    return {
        "jongere": lambda: _kies(rng, {1: 8, 2: 2}),
        "gezin": lambda: _kies(rng, {3: 4, 4: 4, 5: 2, 6: 1}),
        "senior": lambda: _kies(rng, {1: 6, 2: 4}),
        "overig": lambda: _kies(rng, {1: 5, 2: 4, 3: 1}),
    }[doelgroep]()


def _sociale_huur(personen: int, boven_grens: bool, rng: random.Random) -> float:
    """A 2025 rent: small households mostly under the lower aftoppingsgrens, larger ones under
    the higher one, households above the income limit anywhere up to the liberalisatiegrens."""
    if boven_grens:
        return rng.uniform(700, 890)
    if personen <= 2:
        return rng.uniform(470, 680)
    return rng.uniform(560, 730)


def toewijzingen(corporatie: str, jaar: int, rng: random.Random) -> list[dict[str, str]]:
    """The lettings of one corporation in one year, by column title, sorted by date."""
    j = JAREN[(corporatie, jaar)]
    voorraad = sociale_voorraad(corporatie, jaar)
    soorten = (
        ["statushouder"] * j.statushouders[1]
        + ["urgentie"] * j.urgentie
        + ["aandacht"] * j.aandacht
        + ["woonwagen"] * j.woonwagen
    )
    soorten += ["regulier"] * (j.sociaal - len(soorten))
    aandacht_gewicht = {b: n * (j.corlaer if b == CO else 1) for b, n in voorraad.items()}
    buurten = _quota(j.aandachtsgroep, aandacht_gewicht) + _quota(
        j.sociaal - j.aandachtsgroep, voorraad
    )
    regulier = [i for i, s in enumerate(soorten) if s == "regulier"]
    boven = set(rng.sample(regulier, j.boven_grens))
    statushouders = iter(_huishoudens(*j.statushouders, rng))
    begin = date(jaar, 1, 1)
    dagen = ((TOT.get(jaar) or date(jaar, 12, 31)) - begin).days

    def rij(buurt, segment, huur, route, aandacht, doelgroep, personen, inkomen, passend):
        return {
            "Corporatie": corporatie,
            "Datum": (begin + timedelta(days=rng.randint(0, dagen))).isoformat(),
            "Kern": buurt[0],
            "Buurt": buurt[1],
            "Segment": segment,
            "Huurprijs": huur,
            "Route": route,
            "Aandachtsgroep": "ja" if aandacht else "nee",
            "Doelgroep": doelgroep,
            "Personen": str(personen),
            "Inkomen boven grens": "ja" if inkomen else "nee",
            "Passend": passend,
        }

    rijen = []
    for i, (soort, buurt) in enumerate(zip(soorten, buurten, strict=True)):
        if soort == "statushouder":
            personen = next(statushouders)
            doelgroep = "gezin" if personen >= 3 else _kies(rng, {"jongere": 3, "overig": 2})
            huur = _sociale_huur(personen, False, rng)
            rijen.append(
                rij(
                    buurt,
                    "sociale huur",
                    _euro(huur, jaar, True),
                    "statushouder",
                    True,
                    doelgroep,
                    personen,
                    False,
                    "ja",
                )
            )
            continue
        if soort == "woonwagen":
            huur = rng.uniform(230, 290)
            rijen.append(
                rij(
                    ND,
                    "sociale huur",
                    _euro(huur, jaar, True),
                    "woonwagen",
                    False,
                    "gezin",
                    _kies(rng, {3: 1, 4: 1}),
                    False,
                    "ja",
                )
            )
            continue
        if soort == "urgentie":
            personen = _kies(rng, {1: 9, 2: 5, 3: 3, 4: 2, 5: 1})
            doelgroep = (
                "gezin" if personen >= 3 else _kies(rng, {"senior": 1, "jongere": 1, "overig": 2})
            )
            route = "urgentie"
        elif soort == "aandacht":
            doelgroep = _kies(rng, {"jongere": 3, "overig": 3, "senior": 1})
            personen = _kies(rng, {1: 4, 2: 1})
            route = _kies(rng, {"regulier": 5, "directe bemiddeling": 3, "maatwerk": 2})
        else:
            doelgroep = _kies(rng, {"jongere": 30, "gezin": 30, "senior": 25, "overig": 15})
            personen = _personen(doelgroep, rng)
            route = _kies(
                rng, {"regulier": 80, "loting": 12, "maatwerk": 5, "directe bemiddeling": 3}
            )
        inkomen = i in boven
        passend = "nvt" if inkomen else _kies(rng, {"ja": 92, "nvt": 5, "nee": 3})
        huur = _sociale_huur(personen, inkomen, rng)
        rijen.append(
            rij(
                buurt,
                "sociale huur",
                _euro(huur, jaar, True),
                route,
                soort != "regulier",
                doelgroep,
                personen,
                inkomen,
                passend,
            )
        )
    vrij_buurten = {b: n for b, n in voorraad.items() if b in (NC, PB, HC, DK)}
    for segment, aantal, prijs in (
        ("middenhuur", j.midden, (960, 1180)),
        ("vrije sector huur", j.vrij, (1260, 1590)),
    ):
        for _ in range(aantal):
            doelgroep = _kies(rng, {"gezin": 4, "senior": 3, "overig": 3})
            rijen.append(
                rij(
                    _kies(rng, vrij_buurten),
                    segment,
                    _euro(rng.uniform(*prijs), jaar, False),
                    "regulier",
                    False,
                    doelgroep,
                    _personen(doelgroep, rng),
                    _kies(rng, {True: 17, False: 3}),
                    "nvt",
                )
            )
    rijen.sort(key=lambda r: r["Datum"])
    return rijen


# ---------------------------------------------------------------------------------------------
# Files in the documented formats


def csv_bestand(kolommen, rijen) -> bytes:
    """``;``-separated, UTF-8 with BOM, as Excel writes "CSV (puntkomma)"."""
    buffer = io.StringIO(newline="")
    schrijver = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    schrijver.writerow(kolommen)
    for r in rijen:
        schrijver.writerow([r.get(k, "") for k in kolommen])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bestand(blad: str, kolommen, rijen) -> bytes:
    from openpyxl import Workbook

    werkmap = Workbook(write_only=True)
    sheet = werkmap.create_sheet(blad)
    sheet.append(list(kolommen))
    for r in rijen:
        sheet.append([r.get(k) for k in kolommen])
    buffer = io.BytesIO()
    werkmap.save(buffer)
    return buffer.getvalue()


def _getal(tekst: str) -> float | None:
    return float(tekst.replace(",", ".")) if tekst else None


def woningzoekenden_rijen() -> list[dict]:
    return [
        {
            "Jaar": jaar,
            "Doelgroep": doelgroep,
            "Actief": actief,
            "Gehuisvest": gehuisvest,
            "Inschrijfduur": _getal(inschrijf),
            "Zoekduur": _getal(zoek),
            "Reacties per woning": _getal(reacties),
            "Definitie": "Monitor WNR",
        }
        for jaar, groepen in WONINGZOEKENDEN.items()
        for doelgroep, (actief, gehuisvest, inschrijf, zoek, reacties) in groepen.items()
    ]


def voorraad_rijen() -> list[dict]:
    return [
        {"Jaar": jaar, "Corporatie": corp, "Kern": kern, "Buurt": buurt, "Aantal": aantal}
        for jaar in VOORRAAD_JAREN
        for corp in CORPORATIES
        for (kern, buurt), aantal in sociale_voorraad(corp, jaar).items()
    ]


# ---------------------------------------------------------------------------------------------
# The demo


@dataclass
class DemoResultaat:
    toewijzingen: int = 0
    woningzoekenden: int = 0
    taakstelling: int = 0
    voorraad: int = 0
    opnames: int = 0
    woningen: int = 0
    ep_online_gekoppeld: int = 0


def _importeren(kader, soort, data, bestandsnaam, **extra) -> int:
    resultaat = uitwisseling.importeren(
        kader=kader,
        soort=soort,
        data=data,
        bestandsnaam=bestandsnaam,
        acting_user=SYSTEEM,
        voorbeeld=True,
        **extra,
    )
    return resultaat.nieuw + resultaat.gewijzigd


def demo_beschikbaarheid(kader: Afsprakenkader, resultaat: DemoResultaat) -> bool:
    """Lettings, seekers, taakstelling and sociale voorraad; False when the kader has
    woonruimte deliveries already."""
    if Aanlevering.objects.filter(kader=kader).exists():
        return False
    rng = random.Random(SEED)
    kolommen = uitwisseling.KOLOMMEN
    for corporatie in CORPORATIES:
        for jaar in (2023, 2024, 2025, 2026):
            deel = "-januari-juni" if jaar in TOT else ""
            resultaat.toewijzingen += _importeren(
                kader,
                Soort.TOEWIJZINGEN,
                csv_bestand(kolommen[Soort.TOEWIJZINGEN], toewijzingen(corporatie, jaar, rng)),
                f"voorbeeld-toewijzingen-{corporatie.lower().replace(' ', '-')}-{jaar}{deel}.csv",
            )
    wsn = Organisatie.objects.get(partij_set__kader=kader, korte_naam=WSN)
    resultaat.woningzoekenden = _importeren(
        kader,
        Soort.WONINGZOEKENDEN,
        xlsx_bestand("Woningzoekenden", kolommen[Soort.WONINGZOEKENDEN], woningzoekenden_rijen()),
        "voorbeeld-woningzoekenden-2023-2025.xlsx",
        organisatie=wsn,
    )
    resultaat.taakstelling = _importeren(
        kader,
        Soort.TAAKSTELLING,
        xlsx_bestand(
            "Taakstelling",
            kolommen[Soort.TAAKSTELLING],
            [{"Jaar": j, "Halfjaar": h, "Personen": p} for (j, h), p in TAAKSTELLING.items()],
        ),
        "voorbeeld-taakstelling-statushouders-2023-2026.xlsx",
    )
    resultaat.voorraad = _importeren(
        kader,
        Soort.VOORRAAD,
        xlsx_bestand("Voorraad", kolommen[Soort.VOORRAAD], voorraad_rijen()),
        "voorbeeld-sociale-voorraad-2023-2025.xlsx",
    )
    return True


@transaction.atomic
def demo_woonruimte(kader: Afsprakenkader) -> DemoResultaat | None:
    """The beschikbaarheids- and verduurzamingsdemo for the Nijkerk kader; None (nothing done)
    when both exist already. Each part is skipped when the kader has its data."""
    from prestatiemonitor.verduurzaming.demo import demo_verduurzaming

    resultaat = DemoResultaat()
    gedaan = demo_beschikbaarheid(kader, resultaat)
    gedaan = demo_verduurzaming(kader, resultaat) or gedaan
    if gedaan:
        # The gemeente published the whole years 2023–2025; the 2026 mid-year state is for the
        # parties only (it awaits the ambtelijk overleg breed).
        from . import services

        for jaar in (2023, 2024, 2025):
            services.publiceren(kader=kader, jaar=jaar, stand="jaar", acting_user=SYSTEEM)
    return resultaat if gedaan else None
