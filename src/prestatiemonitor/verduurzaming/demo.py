"""The demo stock with energy labels of WSN and de Alliantie (Nijkerk), every opname a
*voorbeeld*; called by ``woonruimte.demo.demo_woonruimte``.

One row per dwelling of a representative sample of about one in three dwellings (WSN ~1.140,
de Alliantie ~320 per peildatum; the full stock would add some 5 seconds to ``demo-nijkerk``),
with a stable VBO-id (``0267010000`` + 6 digits; 0267 is Nijkerk's
gemeente code; WSN 000001–…, new build 010001–…, de Alliantie 500001–…), at the peildata
2023-12-31, 2024-12-31, 2025-12-31 and 2026-06-30. The stock is simulated from one seed:

- at the first peildatum WSN has 6 % E/F/G, de Alliantie 9 %; each period the corporations
  renovate E/F/G dwellings (new label A+, A or B, registered in that period) so that WSN comes
  to 1 % at the end of 2025 (on track to 0 by the end of 2027) and de Alliantie, lagging, to 5 %;
- about 1 % of the dwellings has no label (fewer each year); some labels were registered in
  2012–2015 and expire (10 years) while the demo runs, some of them are renewed;
- rents rise on 1 July; social rents stay under the year's liberalisatiegrens, a few
  middenhuur dwellings are above it;
- sold dwellings leave the stock, new build (WSN 2025: Paasbos fase 1 and De Kolk, in the
  sample 27 dwellings, A+++/A++++) comes in, as in the sociale voorraad of woonruimte/demo.py.

Each (corporation, peildatum) is imported as the CSV file "Woningvoorraad met labels"
(verduurzaming.uitwisseling.importeren). Then an EP-Online export is matched onto WSN's opname of
2025-12-31: it gives labels to a few dwellings WSN delivered without one, renews some expired
labels, and holds registrations after the peildatum and of other dwellings (ignored).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from prestatiemonitor.afspraken.models import Afsprakenkader
from prestatiemonitor.organisaties.permissions import SYSTEEM

from . import uitwisseling
from .constants import LABEL_CODE, LABEL_TEKST, Energielabel
from .models import Voorraadopname

SEED = 267_2027
WSN = "WSN"
ALLIANTIE = "de Alliantie"
PEILDATA = (date(2023, 12, 31), date(2024, 12, 31), date(2025, 12, 31), date(2026, 6, 30))
EP_ONLINE_PEILDATUM = date(2025, 12, 31)

# The share of E/F/G per peildatum (the renovations make these counts exact).
EFG_DOEL = {
    WSN: (0.06, 0.032, 0.01, 0.006),
    ALLIANTIE: (0.09, 0.072, 0.05, 0.043),
}
ZONDER_LABEL = {WSN: 12, ALLIANTIE: 6}  # at the first peildatum
# A representative sample of about one in three dwellings (the real stock: WSN ~3.400,
# de Alliantie ~970), so that the demo imports in about a second: dwellings at the first
# peildatum per kern (social and a few middenhuur), and the first VBO number.
KERNEN = {
    WSN: {"Nijkerk": 840, "Hoevelaken": 190, "Nijkerkerveen": 90},
    ALLIANTIE: {"Nijkerk": 210, "Hoevelaken": 112},
}
MIDDENHUUR = {WSN: 0.035, ALLIANTIE: 0.06}
EERSTE_NUMMER = {WSN: 1, ALLIANTIE: 500_001}
# Changes in the period up to each later peildatum (the same sample): sold per kern, new build
# per kern (WSN 2025: Paasbos fase 1 and De Kolk).
VERKOCHT = {
    WSN: ({"Nijkerk": 4}, {"Nijkerk": 4}, {"Nijkerk": 2}),
    ALLIANTIE: ({"Hoevelaken": 2}, {"Hoevelaken": 2}, {"Hoevelaken": 1}),
}
NIEUWBOUW = {WSN: ({}, {"Nijkerk": 11, "Hoevelaken": 16}, {}), ALLIANTIE: ({}, {}, {})}
LIBERALISATIEGRENS = {2023: 808.06, 2024: 879.66, 2025: 900.07, 2026: 932.93}
HUURVERHOGING = {2024: 1.055, 2025: 1.045, 2026: 1.0}  # on 1 July; 2026-06-30 is before it

LABEL_VERDELING = {  # the other labels at the first peildatum
    WSN: {"A++": 1, "A+": 2, "A": 16, "B": 32, "C": 30, "D": 19},
    ALLIANTIE: {"A": 12, "B": 28, "C": 33, "D": 27},
}
EFG_VERDELING = {"E": 55, "F": 30, "G": 15}
NA_RENOVATIE = {"A+": 1, "A": 4, "B": 4}


@dataclass
class Woning:
    vbo_id: str
    kern: str
    label: int | None
    registratie: date | None
    huur: float
    sociaal: bool


def _kies(rng: random.Random, opties: dict):
    return rng.choices(list(opties), weights=list(opties.values()))[0]


def _datum(rng: random.Random, van: date, tot: date) -> date:
    return van + timedelta(days=rng.randint(0, (tot - van).days))


def _vbo(nummer: int) -> str:
    return f"0267010000{nummer:06d}"


def _begin(corporatie: str, rng: random.Random) -> list[Woning]:
    """The stock at the first peildatum."""
    peildatum = PEILDATA[0]
    woningen = []
    nummer = EERSTE_NUMMER[corporatie]
    for kern, aantal in KERNEN[corporatie].items():
        for _ in range(aantal):
            sociaal = rng.random() > MIDDENHUUR[corporatie]
            huur = rng.uniform(470, 790) if sociaal else rng.uniform(880, 1100)
            woningen.append(Woning(_vbo(nummer), kern, None, None, round(huur, 2), sociaal))
            nummer += 1
    volgorde = list(range(len(woningen)))
    rng.shuffle(volgorde)
    n_efg = round(EFG_DOEL[corporatie][0] * len(woningen))
    zonder = set(volgorde[n_efg : n_efg + ZONDER_LABEL[corporatie]])
    for plek, i in enumerate(volgorde):
        if i in zonder:
            continue
        w = woningen[i]
        verdeling = EFG_VERDELING if plek < n_efg else LABEL_VERDELING[corporatie]
        w.label = LABEL_CODE[_kies(rng, verdeling)]
        # The 2015 wave of (voorlopige) labels, a few older ones, the rest since 2016.
        periode = _kies(rng, {(2012, 2013): 4, (2014, 2015): 14, (2016, 2023): 82})
        w.registratie = _datum(
            rng, date(periode[0], 1, 1), min(date(periode[1], 12, 31), peildatum)
        )
    return woningen


def _periode(corporatie, stap, woningen, rng) -> list[Woning]:
    """From PEILDATA[stap - 1] to PEILDATA[stap]: sales, new build, renovations, new labels."""
    van = PEILDATA[stap - 1] + timedelta(days=1)
    tot = PEILDATA[stap]
    for kern, aantal in VERKOCHT[corporatie][stap - 1].items():
        weg = set(rng.sample([w.vbo_id for w in woningen if w.kern == kern and w.sociaal], aantal))
        woningen = [w for w in woningen if w.vbo_id not in weg]
    nieuw = EERSTE_NUMMER[corporatie] + 10_000  # new build gets numbers from here
    nummer = nieuw + sum(1 for w in woningen if int(w.vbo_id[-6:]) >= nieuw)
    for kern, aantal in NIEUWBOUW[corporatie][stap - 1].items():
        for _ in range(aantal):
            label = LABEL_CODE[_kies(rng, {"A+++": 3, "A++++": 1})]
            woningen.append(
                Woning(
                    _vbo(nummer),
                    kern,
                    label,
                    _datum(rng, van, tot),
                    round(rng.uniform(720, 880), 2),
                    True,
                )
            )
            nummer += 1
    # Renovations: exactly enough E/F/G dwellings to reach the share of this peildatum (the
    # worst labels are likelier to go first).
    efg = [w for w in woningen if w.label and w.label >= Energielabel.E]
    doel = round(EFG_DOEL[corporatie][stap] * len(woningen))
    efg.sort(key=lambda w: rng.random() + 0.4 * (w.label - Energielabel.E), reverse=True)
    for w in efg[: max(0, len(efg) - doel)]:
        w.label = LABEL_CODE[_kies(rng, NA_RENOVATIE)]
        w.registratie = _datum(rng, van, tot)
    # A quarter of the dwellings without a label gets one; half of the labels that expire
    # by this peildatum are renewed (same label, or one better).
    for w in woningen:
        if w.label is None and rng.random() < 0.25:
            w.label = LABEL_CODE[_kies(rng, {"B": 1, "C": 2, "D": 1})]
            w.registratie = _datum(rng, van, tot)
        elif (
            w.label
            and w.label < Energielabel.E
            and w.registratie <= date(tot.year - 10, tot.month, tot.day)
            and rng.random() < 0.5
        ):
            if w.label > Energielabel.A1:
                w.label -= rng.randint(0, 1)
            w.registratie = _datum(rng, van, tot)
    # Rents rise on 1 July; social rents stay under the liberalisatiegrens.
    verhoging = HUURVERHOGING[tot.year]
    for w in woningen:
        huur = w.huur * verhoging
        if w.sociaal:
            huur = min(huur, LIBERALISATIEGRENS[tot.year] - 0.5)
        w.huur = round(huur, 2)
    return woningen


def _rij(corporatie: str, peildatum: date, w: Woning) -> dict[str, str]:
    return {
        "Corporatie": corporatie,
        "Peildatum": peildatum.isoformat(),
        "VBO-id": w.vbo_id,
        "Kern": w.kern,
        "Energielabel": LABEL_TEKST[w.label] if w.label else "",
        "Registratiedatum": w.registratie.isoformat() if w.registratie else "",
        "Huurprijs": f"{w.huur:.2f}".replace(".", ","),
    }


# EP-Online's CSV export (v2): the first columns in its order (the real file has more after
# them; the import reads only VBO-id, energieklasse and registratiedatum). Postcode and house
# number are left empty in this fiction.
EP_KOP = (
    "Pand_opnamedatum;Pand_opnametype;Pand_status;Pand_berekeningstype;Pand_energieindex;"
    "Pand_energieklasse;Pand_energielabel_is_prive;Pand_is_op_basis_van_referentie_gebouw;"
    "Pand_gebouwklasse;Meting_geldig_tot;Pand_registratiedatum;Pand_postcode;Pand_huisnummer;"
    "Pand_huisnummer_toev;Pand_detailaanduiding;Pand_bagverblijfsobjectid;Pand_bagligplaatsid;"
    "Pand_bagstandplaatsid;Pand_bagpandid;Pand_gebouwtype;Pand_gebouwsubtype"
)


def _ep_regel(vbo: str, label: int, registratie: date) -> str:
    datum = registratie.strftime("%Y%m%d")
    geldig = registratie.replace(year=registratie.year + 10).strftime("%Y%m%d")
    pand = vbo[:4] + "10" + vbo[6:] if vbo else ""
    return ";".join(
        [
            datum,
            "Basis",
            "Bestaand",
            "NTA 8800:2024 (detailmethode)",
            "1,50",
            LABEL_TEKST[label],
            "false",
            "false",
            "W",
            geldig,
            datum,
            "",
            "",
            "",
            "",
            vbo,
            "",
            "",
            pand,
            "Rijwoning",
            "tussenwoning",
        ]
    )


def ep_online_export(woningen: list[Woning], peildatum: date, rng: random.Random):
    """An EP-Online export for ``woningen`` at ``peildatum``, and the dwellings it changes:
    labels for some dwellings without one, renewals of expired labels, registrations after the
    peildatum (left out by the import) and rows of other dwellings (not matched)."""
    regels = []
    zonder = [w for w in woningen if w.label is None]
    grens = date(peildatum.year - 10, peildatum.month, peildatum.day)
    verlopen = [w for w in woningen if w.registratie and w.registratie <= grens]
    for w in zonder[: max(1, len(zonder) // 2)]:
        w.label = LABEL_CODE[_kies(rng, {"B": 1, "C": 2, "D": 1})]
        w.registratie = _datum(rng, date(peildatum.year, 9, 1), peildatum)
        regels.append(_ep_regel(w.vbo_id, w.label, w.registratie))
    for w in rng.sample(verlopen, min(8, len(verlopen))):
        regels.append(_ep_regel(w.vbo_id, w.label, w.registratie))  # the old one, too
        w.registratie = _datum(rng, date(peildatum.year, 6, 1), peildatum)
        regels.append(_ep_regel(w.vbo_id, w.label, w.registratie))
    for w in rng.sample(woningen, 3):  # registered in January, after the peildatum
        regels.append(_ep_regel(w.vbo_id, LABEL_CODE["A"], peildatum + timedelta(days=10)))
    for i in range(20):  # other dwellings in Nijkerk and elsewhere, a building without VBO-id
        vbo = _vbo(900_000 + i) if i < 15 else f"0344010000{i:06d}"
        regels.append(
            _ep_regel(vbo, LABEL_CODE[_kies(rng, LABEL_VERDELING[WSN])], date(2022, 3, 1))
        )
    regels.append(_ep_regel("", LABEL_CODE["A"], date(2021, 5, 1)))
    rng.shuffle(regels)
    preambule = [
        "Energielabels EP-Online (voorbeeld);;",
        f"Publicatiedatum;{peildatum.year + 1}-01-15;",
    ]
    return "\r\n".join([*preambule, EP_KOP, *regels]).encode("utf-8")


def demo_verduurzaming(kader: Afsprakenkader, resultaat) -> bool:
    """Import the demo stock (``resultaat``: woonruimte.demo.DemoResultaat, counts added);
    False when the kader has voorraadopnames already."""
    from prestatiemonitor.woonruimte.demo import csv_bestand

    if Voorraadopname.objects.filter(kader=kader).exists():
        return False
    rng = random.Random(SEED)
    for corporatie in (WSN, ALLIANTIE):
        woningen = _begin(corporatie, rng)
        for stap, peildatum in enumerate(PEILDATA):
            if stap:
                woningen = _periode(corporatie, stap, woningen, rng)
            data = csv_bestand(
                uitwisseling.KOLOMMEN, [_rij(corporatie, peildatum, w) for w in woningen]
            )
            slug = corporatie.lower().replace(" ", "-")
            uitwisseling.importeren(
                kader=kader,
                data=data,
                bestandsnaam=f"voorbeeld-woningvoorraad-{slug}-{peildatum.isoformat()}.csv",
                acting_user=SYSTEEM,
                voorbeeld=True,
            )
            resultaat.opnames += 1
            resultaat.woningen += len(woningen)
            if corporatie == WSN and peildatum == EP_ONLINE_PEILDATUM:
                opname = Voorraadopname.objects.get(
                    kader=kader, corporatie__korte_naam=WSN, peildatum=peildatum
                )
                koppeling = uitwisseling.labels_uit_ep_online(
                    opname=opname,
                    data=ep_online_export(woningen, peildatum, rng),
                    bestandsnaam=f"voorbeeld-ep-online-nijkerk-{peildatum.year + 1}01.csv",
                    acting_user=SYSTEEM,
                )
                resultaat.ep_online_gekoppeld = koppeling.gekoppeld
    return True
