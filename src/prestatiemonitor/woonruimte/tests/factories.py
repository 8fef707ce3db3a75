"""Files of the four kinds, built in the test (CSV with ';' or XLSX)."""

from __future__ import annotations

import io

from prestatiemonitor.woonruimte.uitwisseling import KOLOMMEN

TOEWIJZING_KOP = KOLOMMEN["toewijzingen"]


def csv_bestand(kop, *rijen) -> bytes:
    regels = [";".join(kop), *(";".join(str(c) for c in rij) for rij in rijen)]
    return ("\r\n".join(regels) + "\r\n").encode("utf-8")


def xlsx_bestand(blad: str, kop, *rijen) -> bytes:
    from openpyxl import Workbook

    werkmap = Workbook()
    sheet = werkmap.active
    sheet.title = blad
    sheet.append(list(kop))
    for rij in rijen:
        sheet.append(list(rij))
    buffer = io.BytesIO()
    werkmap.save(buffer)
    return buffer.getvalue()


def toewijzing(**velden) -> list:
    """A valid letting row in TOEWIJZING_KOP order; override by column title."""
    rij = {
        "Corporatie": "WSN",
        "Datum": "2025-03-14",
        "Kern": "Nijkerk",
        "Buurt": "Centrum",
        "Segment": "sociale huur",
        "Huurprijs": "650,00",
        "Route": "regulier",
        "Aandachtsgroep": "nee",
        "Doelgroep": "gezin",
        "Personen": "3",
        "Inkomen boven grens": "nee",
        "Passend": "ja",
    }
    rij.update(velden)
    return [rij[k] for k in TOEWIJZING_KOP]


def toewijzingen_csv(*rijen) -> bytes:
    return csv_bestand(TOEWIJZING_KOP, *rijen)
