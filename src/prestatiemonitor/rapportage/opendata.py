"""Open data of the public monitor: one peilmoment's openbaar ``Rapportinhoud`` as JSON and as a
ZIP of CSV files (docs/open-data.md, "Monitor"; schema: docs/open-data-monitor.schema.json).

Only a serializer: every figure is the one ``rapportinhoud(..., variant=OPENBAAR)`` holds (the
selectors' figures as an anonymous visitor sees them, small numbers already suppressed);
nothing is counted or judged here. Numbers are JSON numbers (a share as a fraction, 0.2698),
in CSV with a point as decimal separator; a figure that is not there (suppressed, no records
behind it) is ``null`` in JSON and empty in CSV. The CSV files follow the register export
(afspraken/exporters.py): ``;`` separator, UTF-8 with BOM, CRLF, formula-like text neutralised.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from prestatiemonitor.afspraken.exporters import CSV_DELIMITER, formule_neutraliseren
from prestatiemonitor.jaarschijven.constants import ROLLUP_REGEL, AfspraakStand
from prestatiemonitor.normen.constants import Uitkomst

from .inhoud import (
    OPENBAAR,
    STAND_VOLGORDE,
    STATUS_VOLGORDE,
    VERDUURZAMING_INDICATOREN,
    Rapportinhoud,
)

FORMAAT = "prestatiemonitor-monitor-opendata"
VERSIE = "1.0"
FORMATEN = {
    "json": "application/json; charset=utf-8",
    "csv": "application/zip",
}


def _getal(waarde: Decimal | int | None) -> int | float | None:
    """A Decimal as a JSON number: 415 rather than 415.00, 0.2698 as is."""
    if waarde is None:
        return None
    if isinstance(waarde, int):
        return waarde
    return int(waarde) if waarde == waarde.to_integral_value() else float(waarde)


def _code(choices, label: str) -> str | None:
    """The code of a label the report content carries ('voldoet niet' -> 'voldoet_niet')."""
    if not label:
        return None
    return next(c.value for c in choices if str(c.label) == label)


def _datum(waarde: datetime.date | None) -> str | None:
    return waarde.isoformat() if waarde is not None else None


def bestandsnaam(inhoud: Rapportinhoud, extensie: str) -> str:
    """'monitor-nijkerk-2025-2027-2025-12.json' (CSV: '….csv.zip')."""
    return f"monitor-{inhoud.kader_slug}-{inhoud.peilmoment_code}.{extensie}"


def als_dict(inhoud: Rapportinhoud) -> dict[str, Any]:
    """The monitor as one JSON-ready object (the format of docs/open-data-monitor.schema.json)."""
    if inhoud.variant != OPENBAAR:
        raise ValueError("Open data is alleen de openbare variant.")
    pm = inhoud.planmonitor
    return {
        "formaat": FORMAAT,
        "versie": VERSIE,
        "gegenereerd_op": inhoud.gemaakt_op.isoformat(),
        "kader": {
            "titel": inhoud.kader,
            "slug": inhoud.kader_slug,
            "gemeente": inhoud.gemeente,
        },
        "peilmoment": {
            "code": inhoud.peilmoment_code,
            "naam": inhoud.peilmoment,
            "jaar": inhoud.jaar,
            "uiterste_meldingsdatum": _datum(inhoud.deadline),
            "gesloten_op": inhoud.gesloten_op.isoformat() if inhoud.gesloten_op else None,
            "vorig": inhoud.vorig_peilmoment or None,
        },
        "rekenregel": str(ROLLUP_REGEL),
        "standen": [{"code": s.value, "label": str(s.label)} for s in STAND_VOLGORDE],
        "statussen": [{"code": s.value, "label": str(s.label)} for s in STATUS_VOLGORDE],
        "uitkomsten": [{"code": u.value, "label": str(u.label)} for u in Uitkomst],
        "themas": [
            {
                "nummer": stand.nummer,
                "kop": stand.kop,
                "stand": _code(AfspraakStand, stand.stand),
                "afspraken": stand.afspraken,
                "afspraken_per_stand": stand.afspraken_per_stand,
                "activiteiten": stand.activiteiten,
                "activiteiten_per_status": stand.activiteiten_per_status,
                "afspraakstanden": [
                    {
                        "nummer": a.nummer,
                        "tekst": a.tekst,
                        "stand": str(a.stand_code),
                        "activiteiten": [
                            {
                                "code": act.code,
                                "titel": act.titel,
                                "trekker": act.trekker,
                                "status": str(act.status_code),
                                "toelichting": act.toelichting,
                                "doel": _getal(act.doel),
                                "gerealiseerd": _getal(act.gerealiseerd),
                                "eenheid": act.eenheid,
                            }
                            for act in a.activiteiten
                        ],
                    }
                    for a in blok.afspraken
                ],
            }
            for stand, blok in zip(inhoud.themastanden, inhoud.themas, strict=True)
        ],
        "totaal": {
            "afspraken": inhoud.afspraken_totaal,
            "afspraken_per_stand": inhoud.afspraken_per_stand,
        },
        "normen": [
            {
                "code": n.code,
                "naam": n.naam,
                "bron": n.bron,
                "informatief": n.informatief,
                "per_uitkomst": n.per_uitkomst,
                "ergste": _code(Uitkomst, n.ergste),
                "uitkomsten": [
                    {
                        "onderwerp": r.onderwerp,
                        "uitkomst": str(r.uitkomst_code),
                        "waarde": _getal(r.waarde),
                        "grens": _getal(r.grens),
                        "eenheid": r.eenheid,
                        "uitleg": r.uitleg,
                    }
                    for r in inhoud.normen
                    if r.code == n.code
                ],
            }
            for n in inhoud.normtellingen
        ],
        "indicatoren": [
            {
                "indicator": i.indicator,
                "naam": i.naam,
                "groep": _groep(i.indicator),
                "onderwerp": i.onderwerp,
                "periode": i.periode,
                "waarde": None if i.onderdrukt else _getal(i.waarde),
                "grens": _getal(i.grens),
                "is_aandeel": i.is_aandeel,
                "uitkomst": _code(Uitkomst, i.uitkomst),
                "teller": None if i.onderdrukt else i.teller,
                "noemer": None if i.onderdrukt else i.noemer,
                "onderdrukt": i.onderdrukt,
                "onderdrukt_als": (i.onderdrukt_als or "×") if i.onderdrukt else None,
                "norm": i.norm or None,
            }
            for i in inhoud.indicatoren
        ],
        "planmonitor": None
        if pm is None
        else {
            "peiling": pm.peiling,
            "peildatum": _datum(pm.peildatum),
            "van": pm.van,
            "tot": pm.tot,
            "doorkijk_tot": pm.doorkijk_tot,
            "tabellen": [
                {
                    "nummer": t.nummer,
                    "titel": t.titel,
                    "kolommen": [{"code": code, "kop": kop} for code, kop in t.koppen],
                    "rijen": [
                        {"partij": partij, "totaal": totaal, "waarden": list(waarden)}
                        for partij, waarden, totaal in t.rijen
                    ],
                }
                for t in pm.tabellen
            ],
        },
        "besluiten": [
            {
                "datum": _datum(b.datum),
                "overleg": b.overleg,
                "nummer": b.nummer,
                "tekst": b.tekst,
            }
            for b in inhoud.besluiten
        ],
        "besluiten_vanaf": _datum(inhoud.besluiten_vanaf),
    }


def _groep(indicator: str) -> str:
    return "verduurzaming" if indicator in VERDUURZAMING_INDICATOREN else "beschikbaarheid"


def json_bytes(inhoud: Rapportinhoud) -> bytes:
    return (json.dumps(als_dict(inhoud), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# ---------------------------------------------------------------------------------------------
# CSV: one file per section, the same content as the JSON (docs/open-data.md lists the columns)

CSV_BESTANDEN: dict[str, list[str]] = {
    "peilmoment.csv": [
        "Kader",
        "Gemeente",
        "Peilmoment",
        "Code",
        "Jaar",
        "Uiterste meldingsdatum",
        "Gesloten op",
        "Vorig peilmoment",
        "Rekenregel",
    ],
    "themas.csv": [
        "Themanummer",
        "Thema",
        "Stand",
        "Afspraken",
        *(f"Afspraken {s.label}" for s in STAND_VOLGORDE),
        "Activiteiten",
        *(f"Activiteiten {s.label}" for s in STATUS_VOLGORDE),
    ],
    "afspraken.csv": ["Themanummer", "Afspraak", "Tekst", "Stand"],
    "activiteiten.csv": [
        "Themanummer",
        "Afspraak",
        "Activiteit",
        "Titel",
        "Trekker",
        "Status",
        "Toelichting",
        "Doel",
        "Gerealiseerd",
        "Eenheid",
    ],
    "normen.csv": [
        "Norm",
        "Naam",
        "Bron",
        "Informatief",
        "Onderwerp",
        "Uitkomst",
        "Waarde",
        "Grens",
        "Eenheid",
        "Uitleg",
    ],
    "indicatoren.csv": [
        "Groep",
        "Indicator",
        "Naam",
        "Onderwerp",
        "Periode",
        "Waarde",
        "Grens",
        "Aandeel",
        "Uitkomst",
        "Teller",
        "Noemer",
        "Onderdrukt",
        "Onderdrukt als",
        "Norm",
    ],
    "tabel-1-2.csv": [
        "Peiling",
        "Peildatum",
        "Tabel",
        "Titel",
        "Partij",
        "Totaalrij",
        "Kolom",
        "Kop",
        "Waarde",
    ],
    "besluiten.csv": ["Datum", "Overleg", "Nummer", "Besluit"],
}


def _ja_nee(waarde: bool) -> str:
    return "ja" if waarde else "nee"


def _rijen(data: dict[str, Any], bestand: str) -> Iterator[list[Any]]:
    if bestand == "peilmoment.csv":
        p = data["peilmoment"]
        yield [
            data["kader"]["slug"],
            data["kader"]["gemeente"],
            p["naam"],
            p["code"],
            p["jaar"],
            p["uiterste_meldingsdatum"],
            p["gesloten_op"],
            p["vorig"],
            data["rekenregel"],
        ]
    elif bestand == "themas.csv":
        for t in data["themas"]:
            yield [
                t["nummer"],
                t["kop"],
                t["stand"],
                t["afspraken"],
                *(t["afspraken_per_stand"][s.value] for s in STAND_VOLGORDE),
                t["activiteiten"],
                *(t["activiteiten_per_status"][s.value] for s in STATUS_VOLGORDE),
            ]
    elif bestand == "afspraken.csv":
        for t in data["themas"]:
            for a in t["afspraakstanden"]:
                yield [t["nummer"], a["nummer"], a["tekst"], a["stand"]]
    elif bestand == "activiteiten.csv":
        for t in data["themas"]:
            for a in t["afspraakstanden"]:
                for act in a["activiteiten"]:
                    yield [
                        t["nummer"],
                        a["nummer"],
                        act["code"],
                        act["titel"],
                        act["trekker"],
                        act["status"],
                        act["toelichting"],
                        act["doel"],
                        act["gerealiseerd"],
                        act["eenheid"],
                    ]
    elif bestand == "normen.csv":
        for n in data["normen"]:
            for u in n["uitkomsten"]:
                yield [
                    n["code"],
                    n["naam"],
                    n["bron"],
                    _ja_nee(n["informatief"]),
                    u["onderwerp"],
                    u["uitkomst"],
                    u["waarde"],
                    u["grens"],
                    u["eenheid"],
                    u["uitleg"],
                ]
    elif bestand == "indicatoren.csv":
        for i in data["indicatoren"]:
            yield [
                i["groep"],
                i["indicator"],
                i["naam"],
                i["onderwerp"],
                i["periode"],
                i["waarde"],
                i["grens"],
                _ja_nee(i["is_aandeel"]),
                i["uitkomst"],
                i["teller"],
                i["noemer"],
                _ja_nee(i["onderdrukt"]),
                i["onderdrukt_als"],
                i["norm"],
            ]
    elif bestand == "tabel-1-2.csv":
        pm = data["planmonitor"]
        if pm is None:
            return
        for t in pm["tabellen"]:
            for rij in t["rijen"]:
                for kolom, waarde in zip(t["kolommen"], rij["waarden"], strict=True):
                    yield [
                        pm["peiling"],
                        pm["peildatum"],
                        t["nummer"],
                        t["titel"],
                        rij["partij"],
                        _ja_nee(rij["totaal"]),
                        kolom["code"],
                        kolom["kop"],
                        waarde,
                    ]
    elif bestand == "besluiten.csv":
        for b in data["besluiten"]:
            yield [b["datum"], b["overleg"], b["nummer"], b["tekst"]]


def _cel(waarde: Any) -> Any:
    if waarde is None:
        return ""
    return formule_neutraliseren(waarde)


def csv_zip_bytes(inhoud: Rapportinhoud) -> bytes:
    """A ZIP archive with one CSV file per section (CSV_BESTANDEN), from the same data as the
    JSON."""
    data = als_dict(inhoud)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archief:
        for bestand, koppen in CSV_BESTANDEN.items():
            tekst = io.StringIO()
            writer = csv.writer(tekst, delimiter=CSV_DELIMITER, lineterminator="\r\n")
            writer.writerow(koppen)
            writer.writerows([_cel(w) for w in rij] for rij in _rijen(data, bestand))
            archief.writestr(bestand, ("\ufeff" + tekst.getvalue()).encode("utf-8"))
    return buffer.getvalue()
