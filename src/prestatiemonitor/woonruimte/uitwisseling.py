"""Woonruimte data in and out of CSV (``;``) and XLSX, one format (docs/woonruimte.md).

Four kinds (``constants.Soort``), each one sheet / one CSV file with a header in row 1:
``KOLOMMEN[soort]``. The export writes exactly these columns, so an export imports unchanged.

Import: ``importeren(*, kader, soort, data, bestandsnaam, acting_user, organisatie=None)``.

1. Before reading: may the user deliver this kind at all (``PermissionDenied``; also for
   ``acting_user=None``)? Taakstelling and voorraad only the gemeente; lettings and seekers a
   corporation (its own) or the gemeente.
2. The header: a column that looks like personal data refuses the whole file, naming the
   column (``persoonsgegevens``); then unknown, doubled and missing columns.
3. Every row is checked in Python against lookups loaded once (the kader's corporations, the
   choices), and every error collected (``Fout``: file, sheet, row, column, Dutch message; at
   most MAX_FOUTEN). A corporation's row for another corporation is an error of that row.
4. Lettings stream: CSV rows are read one by one, XLSX with openpyxl ``read_only``; checked
   rows go straight to ``services.toewijzingen_aanleveren``, which writes them in batches
   inside the transaction. Any error (found before or after some rows were written) rolls the
   transaction back: ``ImportFouten``, nothing written. The aggregates are small and are
   checked as a whole before the service upserts them.

Formulas are never evaluated (``werkmap_laden``: ``data_only=False``): a formula in a number
column is an error. Text a spreadsheet would run as a formula is exported with a leading ``'``
(``formule_neutraliseren``), which ``celtekst`` strips on import.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from prestatiemonitor.afspraken.exporters import Export, formule_neutraliseren
from prestatiemonitor.afspraken.models import Afsprakenkader
from prestatiemonitor.jaarschijven.uitwisseling import (
    XLSX_CONTENT_TYPE,
    WerkmapOngeldig,
    celtekst,
    werkmap_laden,
)
from prestatiemonitor.organisaties.models import Organisatie
from prestatiemonitor.organisaties.permissions import (
    WOONDATA_AANLEVEREN,
    _is_all_powerful,
    organisaties_met,
)

from . import services
from .constants import (
    DEFINITIE_MONITOR_WNR,
    ROUTES_AANDACHTSGROEP,
    Doelgroep,
    Passend,
    Route,
    Segment,
    Soort,
    ZoekendenDoelgroep,
)
from .models import SocialeVoorraad, TaakstellingStatushouders, Toewijzing, Woningzoekenden
from .permissions import corporaties, gemeente_organisatie, mag_aanleveren, naam, partijen
from .persoonsgegevens import melding as persoonsgegevens_melding
from .persoonsgegevens import persoonsgegevens

KOLOMMEN: dict[str, tuple[str, ...]] = {
    Soort.TOEWIJZINGEN: (
        "Corporatie",
        "Datum",
        "Kern",
        "Buurt",
        "Segment",
        "Huurprijs",
        "Route",
        "Aandachtsgroep",
        "Doelgroep",
        "Personen",
        "Inkomen boven grens",
        "Passend",
    ),
    Soort.WONINGZOEKENDEN: (
        "Jaar",
        "Doelgroep",
        "Actief",
        "Gehuisvest",
        "Inschrijfduur",
        "Zoekduur",
        "Reacties per woning",
        "Definitie",
    ),
    Soort.TAAKSTELLING: ("Jaar", "Halfjaar", "Personen"),
    Soort.VOORRAAD: ("Jaar", "Corporatie", "Kern", "Buurt", "Aantal"),
}
# Columns that may be left out of the header (and left empty in a row).
OPTIONEEL: dict[str, frozenset[str]] = {
    Soort.TOEWIJZINGEN: frozenset({"Buurt"}),
    Soort.WONINGZOEKENDEN: frozenset(
        {"Inschrijfduur", "Zoekduur", "Reacties per woning", "Definitie"}
    ),
    Soort.TAAKSTELLING: frozenset(),
    Soort.VOORRAAD: frozenset({"Buurt", "Jaar"}),
}
BLADEN: dict[str, str] = {
    Soort.TOEWIJZINGEN: "Toewijzingen",
    Soort.WONINGZOEKENDEN: "Woningzoekenden",
    Soort.TAAKSTELLING: "Taakstelling",
    Soort.VOORRAAD: "Voorraad",
}
MAX_FOUTEN = 100
MAX_TEKST = 100  # Kern, Buurt, Definitie
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

_DATUM = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_GETAL = re.compile(r"^[+-]?\d+$")
_DUIZENDTALLEN = re.compile(r"^\d{1,3}(\.\d{3})+$")


# ---------------------------------------------------------------------------------------------
# Errors


@dataclass(frozen=True)
class Fout:
    """One error: where (file, sheet, row as Excel numbers it, column) and what, in Dutch.
    ``blad`` is empty for a CSV file; ``rij`` and ``kolom`` None for the whole file."""

    bestand: str
    blad: str
    rij: int | None
    kolom: str | None
    melding: str
    letter: str | None = None

    def __str__(self) -> str:
        plaats = [self.bestand] if self.bestand else []
        if self.blad:
            plaats.append(f"blad {self.blad}")
        if self.rij is not None:
            plaats.append(f"rij {self.rij}")
        if self.kolom:
            plaats.append(
                f"kolom {self.letter} ({self.kolom})" if self.letter else f"kolom {self.kolom}"
            )
        return ", ".join(plaats) + ": " + self.melding


class ImportFouten(Exception):
    """The file cannot be imported; nothing has been written. ``fouten``: every error."""

    def __init__(self, fouten: Iterable[Fout] | Fout):
        self.fouten = [fouten] if isinstance(fouten, Fout) else list(fouten)
        super().__init__("\n".join(str(f) for f in self.fouten))

    @property
    def meldingen(self) -> list[str]:
        return [str(f) for f in self.fouten]


# ---------------------------------------------------------------------------------------------
# Reading: a header and a stream of rows


@dataclass
class Lezer:
    """An opened file: where (for messages), the column letters, and ``rijen`` — an iterator
    of (row number, {column: raw value}) that reads the file as it goes."""

    bestand: str
    blad: str
    letters: dict[str, str]
    rijen: Iterator[tuple[int, dict[str, Any]]]
    sluiten: Callable[[], None] = lambda: None


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _kop(soort: str, bestand: str, blad: str, waarden: Iterable[Any]) -> dict[int, str]:
    """{index: column} of the header; ImportFouten for personal data (first, alone) or for
    unknown, doubled or missing columns."""
    teksten = [(i, celtekst(w)) for i, w in enumerate(waarden)]
    persoonlijk = persoonsgegevens(t for _, t in teksten)
    if persoonlijk:
        letters = {t: _letter(i) for i, t in teksten}
        raise ImportFouten(
            Fout(
                bestand,
                blad,
                1,
                kop,
                persoonsgegevens_melding(kop, wat),
                letters.get(kop),
            )
            for kop, wat in persoonlijk
        )
    verwacht = {k.casefold(): k for k in KOLOMMEN[soort]}
    kolommen: dict[int, str] = {}
    fouten = []
    for index, tekst in teksten:
        if not tekst:
            continue
        titel = verwacht.get(" ".join(tekst.split()).casefold())
        if titel is None:
            fouten.append(
                Fout(
                    bestand,
                    blad,
                    1,
                    tekst,
                    f"onbekende kolom '{tekst}'; {Soort(soort).label} hebben de kolommen "
                    + ", ".join(KOLOMMEN[soort])
                    + ".",
                    _letter(index),
                )
            )
        elif titel in kolommen.values():
            fouten.append(
                Fout(bestand, blad, 1, titel, "deze kolom staat er twee keer in.", _letter(index))
            )
        else:
            kolommen[index] = titel
    ontbreekt = [
        k for k in KOLOMMEN[soort] if k not in kolommen.values() and k not in OPTIONEEL[soort]
    ]
    if ontbreekt:
        fouten.append(
            Fout(
                bestand,
                blad,
                1,
                None,
                "de kopregel mist de kolom"
                + ("men " if len(ontbreekt) > 1 else " ")
                + ", ".join(ontbreekt)
                + ".",
            )
        )
    if fouten:
        raise ImportFouten(fouten)
    return kolommen


def _rijen(
    kolommen: dict[int, str], bron: Iterator[tuple[int, Any]]
) -> Iterator[tuple[int, dict[str, Any]]]:
    paren = list(kolommen.items())
    for nummer, waarden in bron:
        cellen = {titel: waarden[i] if i < len(waarden) else None for i, titel in paren}
        if all(w is None or (isinstance(w, str) and not w.strip()) for w in cellen.values()):
            continue
        yield nummer, cellen


def _is_utf8(data: bytes) -> bool:
    """Checked in pieces of 1 MB, so the check never holds the whole file as text."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    stuk = 1 << 20
    weergave = memoryview(data)
    try:
        for begin in range(0, len(data), stuk):
            decoder.decode(weergave[begin : begin + stuk])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _lees_csv(data: bytes, bestandsnaam: str, soort: str) -> Lezer:
    if not data or data.isspace():  # (strip() would copy the whole file)
        raise ImportFouten(Fout(bestandsnaam, "", None, None, "het bestand is leeg."))
    codering = "utf-8-sig" if _is_utf8(data) else "cp1252"  # cp1252: Excel's "CSV" in NL
    tekst = io.TextIOWrapper(io.BytesIO(data), encoding=codering, errors="replace", newline="")
    lezer = csv.reader(tekst, delimiter=";")
    kop = next(lezer, [])
    if len(kop) == 1 and "," in kop[0]:
        raise ImportFouten(
            Fout(
                bestandsnaam,
                "",
                1,
                None,
                "de kolommen zijn gescheiden door komma's; gebruik een puntkomma (;), zoals "
                "Excel 'CSV (gescheiden door lijstscheidingsteken)' doet.",
            )
        )
    kolommen = _kop(soort, bestandsnaam, "", kop)
    return Lezer(
        bestandsnaam,
        "",
        {t: _letter(i) for i, t in kolommen.items()},
        _rijen(kolommen, enumerate(lezer, start=2)),
    )


def _lees_xlsx(data: bytes, bestandsnaam: str, soort: str) -> Lezer:
    try:
        werkmap = werkmap_laden(
            data,
            max_bytes=settings.WOONRUIMTE_IMPORT_MAX_BYTES,
            geen_excel="dit is geen Excel-werkmap (.xlsx) en geen CSV-bestand (.csv).",
        )
    except WerkmapOngeldig as exc:
        raise ImportFouten(Fout(bestandsnaam, "", None, None, str(exc))) from None
    try:
        namen = {n.casefold(): n for n in werkmap.sheetnames}
        gewenst = BLADEN[soort]
        if gewenst.casefold() in namen:
            blad = namen[gewenst.casefold()]
        elif len(werkmap.sheetnames) == 1:
            blad = werkmap.sheetnames[0]
        else:
            raise ImportFouten(
                Fout(
                    bestandsnaam,
                    "",
                    None,
                    None,
                    f"de werkmap heeft geen blad {gewenst} (gevonden: "
                    f"{', '.join(werkmap.sheetnames)}).",
                )
            )
        bron = enumerate(werkmap[blad].iter_rows(values_only=True), start=1)
        eerste = next(bron, None)
        if eerste is None:
            raise ImportFouten(
                Fout(
                    bestandsnaam,
                    blad,
                    1,
                    None,
                    "het blad is leeg; rij 1 moet de kolomnamen bevatten.",
                )
            )
        kolommen = _kop(soort, bestandsnaam, blad, eerste[1])
    except BaseException:
        werkmap.close()
        raise
    return Lezer(
        bestandsnaam,
        blad,
        {t: _letter(i) for i, t in kolommen.items()},
        _rijen(kolommen, bron),
        werkmap.close,
    )


def lees(data: bytes, *, bestandsnaam: str, soort: str) -> Lezer:
    """Open a CSV or XLSX file (recognised by name and content) and check its header.
    ImportFouten for what cannot be read."""
    naam_klein = bestandsnaam.lower()
    if len(data) > settings.WOONRUIMTE_IMPORT_MAX_BYTES:
        mb = settings.WOONRUIMTE_IMPORT_MAX_BYTES // (1024 * 1024)
        raise ImportFouten(
            Fout(bestandsnaam, "", None, None, f"het bestand is te groot; het maximum is {mb} MB.")
        )
    if naam_klein.endswith(".xls") or (
        not naam_klein.endswith(".csv") and data.startswith(b"\xd0\xcf")
    ):
        raise ImportFouten(
            Fout(
                bestandsnaam,
                "",
                None,
                None,
                "dit is een oud Excel-bestand (.xls); sla het op als Excel-werkmap (.xlsx) of "
                "als CSV.",
            )
        )
    if naam_klein.endswith((".csv", ".txt")) or (
        not naam_klein.endswith((".xlsx", ".xlsm")) and not data.startswith(b"PK")
    ):
        return _lees_csv(data, bestandsnaam, soort)
    return _lees_xlsx(data, bestandsnaam, soort)


# ---------------------------------------------------------------------------------------------
# Checking the rows


def _keuzes(choices) -> dict[str, str]:
    """{spelling: value} of a TextChoices: its value and label, case-insensitive, '_' or ' '."""
    uit = {}
    for c in choices:
        uit[c.value.casefold()] = c.value
        uit[c.value.replace("_", " ").casefold()] = c.value
        uit[str(c.label).casefold()] = c.value
    return uit


def _lijst(choices) -> str:
    return ", ".join(str(c.label) for c in choices)


_JA_NEE = {"ja": True, "nee": False, "j": True, "n": False}


class Controle:
    """Checks the rows of one file against the kader, collecting every error (at most
    MAX_FOUTEN; then ``afgebroken``)."""

    def __init__(self, kader: Afsprakenkader, soort: str, acting_user, lezer: Lezer):
        self.kader = kader
        self.soort = soort
        self.user = acting_user
        self.lezer = lezer
        self.fouten: list[Fout] = []
        self.afgebroken = False
        self.corporaties: dict[str, Organisatie] = {}
        for o in corporaties(kader):
            for spelling in (o.korte_naam, o.naam, *(o.aliassen or [])):
                if spelling:
                    self.corporaties.setdefault(spelling.casefold(), o)
        self.corporatie_namen = ", ".join(naam(o) for o in corporaties(kader)) or "geen"
        self._mag: dict[int, bool] = {}
        self.vandaag = timezone.localdate()
        self.segmenten = _keuzes(Segment)
        self.routes = _keuzes(Route)
        self.doelgroepen = _keuzes(Doelgroep)
        self.zoekenden_doelgroepen = _keuzes(ZoekendenDoelgroep)
        self.passend = _keuzes(Passend)

    # -- helpers -------------------------------------------------------------------------------

    @property
    def vol(self) -> bool:
        return len(self.fouten) >= MAX_FOUTEN

    def fout(self, rij: int | None, kolom: str | None, melding: str) -> None:
        if self.vol:
            self.afgebroken = True
            return
        letter = self.lezer.letters.get(kolom) if kolom else None
        self.fouten.append(Fout(self.lezer.bestand, self.lezer.blad, rij, kolom, melding, letter))

    def alle_fouten(self) -> list[Fout]:
        if self.afgebroken:
            return [
                *self.fouten,
                Fout(
                    self.lezer.bestand,
                    self.lezer.blad,
                    None,
                    None,
                    f"meer dan {MAX_FOUTEN} fouten; de eerste {MAX_FOUTEN} staan hierboven. "
                    "Verbeter die en lever het bestand opnieuw aan.",
                ),
            ]
        return self.fouten

    def tekst(self, rij: int, cellen: dict[str, Any], kolom: str, *, verplicht: bool) -> str:
        tekst = " ".join(celtekst(cellen.get(kolom)).split())
        if not tekst and verplicht:
            self.fout(rij, kolom, "deze kolom is verplicht; vul hem in.")
        if len(tekst) > MAX_TEKST:
            self.fout(rij, kolom, f"te lang ({len(tekst)} tekens; hooguit {MAX_TEKST}).")
            return ""
        return tekst

    def keuze(
        self, rij: int, cellen: dict[str, Any], kolom: str, keuzes: dict[str, str], choices
    ) -> str | None:
        tekst = self.tekst(rij, cellen, kolom, verplicht=True)
        if not tekst:
            return None
        waarde = keuzes.get(tekst.casefold())
        if waarde is None:
            self.fout(rij, kolom, f"onbekende waarde '{tekst}'; kies uit: {_lijst(choices)}.")
        return waarde

    def ja_nee(self, rij: int, cellen: dict[str, Any], kolom: str) -> bool | None:
        waarde = cellen.get(kolom)
        if isinstance(waarde, bool):
            return waarde
        tekst = self.tekst(rij, cellen, kolom, verplicht=True)
        if not tekst:
            return None
        if tekst.casefold() not in _JA_NEE:
            self.fout(rij, kolom, f"'{tekst}' is geen ja of nee.")
            return None
        return _JA_NEE[tekst.casefold()]

    def heel_getal(
        self, rij: int, cellen: dict[str, Any], kolom: str, *, minimum: int = 0
    ) -> int | None:
        waarde = cellen.get(kolom)
        if isinstance(waarde, float) and waarde.is_integer():
            waarde = int(waarde)
        if isinstance(waarde, int) and not isinstance(waarde, bool):
            getal = waarde
        else:
            tekst = self.tekst(rij, cellen, kolom, verplicht=True)
            if not tekst:
                return None
            if tekst.startswith("="):
                self.fout(rij, kolom, _formule(tekst))
                return None
            schoon = tekst.replace(" ", "")
            if _DUIZENDTALLEN.match(schoon):
                schoon = schoon.replace(".", "")  # 1.234
            if not _GETAL.match(schoon):
                self.fout(rij, kolom, f"'{tekst}' is geen heel getal.")
                return None
            getal = int(schoon)
        if getal < minimum:
            self.fout(
                rij,
                kolom,
                f"vul een heel getal van {minimum} of meer in (nu: {getal}).",
            )
            return None
        return getal

    def bedrag(
        self,
        rij: int,
        cellen: dict[str, Any],
        kolom: str,
        *,
        verplicht: bool = True,
        maximum: Decimal = Decimal("99999.99"),
    ) -> Decimal | None:
        """A non-negative amount with at most two decimals: a number cell, or text in Dutch
        notation ('1.234,56', '850', '€ 850,00') or with a decimal point ('850.50')."""
        waarde = cellen.get(kolom)
        if isinstance(waarde, (int, float)) and not isinstance(waarde, bool):
            getal: Decimal | None = Decimal(str(waarde))
            tekst = celtekst(waarde)
        else:
            tekst = self.tekst(rij, cellen, kolom, verplicht=verplicht)
            if not tekst:
                return None
            if tekst.startswith("="):
                self.fout(rij, kolom, _formule(tekst))
                return None
            getal = _decimaal(tekst)
        if getal is None or not getal.is_finite():
            self.fout(rij, kolom, f"'{tekst}' is geen bedrag of getal; schrijf bv. 1.234,56.")
            return None
        if getal < 0:
            self.fout(rij, kolom, f"negatief getal ({tekst}); vul 0 of meer in.")
            return None
        if getal > maximum:
            self.fout(rij, kolom, f"te groot getal ({tekst}); hooguit {maximum}.")
            return None
        if getal != getal.quantize(Decimal("0.01")):
            self.fout(rij, kolom, f"hooguit twee cijfers achter de komma (nu: {tekst}).")
            return None
        return getal.quantize(Decimal("0.01"))

    def jaar(self, rij: int, cellen: dict[str, Any], kolom: str = "Jaar") -> int | None:
        jaar = self.heel_getal(rij, cellen, kolom)
        if jaar is not None and not 2000 <= jaar <= 2100:
            self.fout(rij, kolom, f"het jaar {jaar} ligt niet tussen 2000 en 2100.")
            return None
        return jaar

    def datum(self, rij: int, cellen: dict[str, Any], kolom: str) -> date | None:
        waarde = cellen.get(kolom)
        if isinstance(waarde, datetime):
            datum: date | None = waarde.date()
        elif isinstance(waarde, date):
            datum = waarde
        else:
            tekst = self.tekst(rij, cellen, kolom, verplicht=True)
            if not tekst:
                return None
            m = _DATUM.match(tekst)
            try:
                datum = date(int(m[1]), int(m[2]), int(m[3])) if m else None
            except ValueError:
                datum = None
            if datum is None:
                self.fout(
                    rij, kolom, f"'{tekst}' is geen datum; schrijf JJJJ-MM-DD, bv. 2025-03-14."
                )
                return None
        assert datum is not None
        if not 2000 <= datum.year <= 2100:
            self.fout(rij, kolom, f"de datum {datum.isoformat()} ligt niet tussen 2000 en 2100.")
            return None
        if datum > self.vandaag:
            self.fout(rij, kolom, f"de datum {datum.isoformat()} ligt in de toekomst.")
            return None
        return datum

    def corporatie(self, rij: int, cellen: dict[str, Any], *, eigen: bool) -> Organisatie | None:
        """The corporation of a row; with ``eigen`` the acting user must deliver for it."""
        tekst = self.tekst(rij, cellen, "Corporatie", verplicht=True)
        if not tekst:
            return None
        corporatie = self.corporaties.get(tekst.casefold())
        if corporatie is None:
            self.fout(
                rij,
                "Corporatie",
                f"onbekende corporatie '{tekst}'; de corporaties van dit afsprakenkader zijn: "
                f"{self.corporatie_namen}.",
            )
            return None
        if eigen:
            if corporatie.pk not in self._mag:
                self._mag[corporatie.pk] = mag_aanleveren(self.user, self.kader, corporatie)
            if not self._mag[corporatie.pk]:
                self.fout(
                    rij,
                    "Corporatie",
                    f"u mag geen toewijzingen van {naam(corporatie)} aanleveren; een corporatie "
                    "levert alleen haar eigen toewijzingen aan.",
                )
                return None
        return corporatie

    def dubbel(self, rij: int, sleutel: tuple, gezien: dict[tuple, int], kolom: str, wat: str):
        if sleutel in gezien:
            self.fout(
                rij,
                kolom,
                f"{wat} staat ook in rij {gezien[sleutel]}; elke combinatie mag één keer in het "
                "bestand staan.",
            )
        else:
            gezien[sleutel] = rij

    # -- the four kinds ------------------------------------------------------------------------

    def toewijzingen(self) -> Iterator[services.ToewijzingRij]:
        """The checked lettings, as the file is read; after the first error none are yielded
        any more (the rest is still checked, for the error list)."""
        for rij, cellen in self.lezer.rijen:
            if self.afgebroken:
                return
            corporatie = self.corporatie(rij, cellen, eigen=True)
            datum = self.datum(rij, cellen, "Datum")
            kern = self.tekst(rij, cellen, "Kern", verplicht=True)
            buurt = self.tekst(rij, cellen, "Buurt", verplicht=False)
            segment = self.keuze(rij, cellen, "Segment", self.segmenten, Segment)
            huurprijs = self.bedrag(rij, cellen, "Huurprijs")
            route = self.keuze(rij, cellen, "Route", self.routes, Route)
            aandachtsgroep = self.ja_nee(rij, cellen, "Aandachtsgroep")
            if route in ROUTES_AANDACHTSGROEP and aandachtsgroep is False:
                self.fout(
                    rij,
                    "Aandachtsgroep",
                    f"een toewijzing via de route {Route(route).label} is altijd aan een "
                    "aandachtsgroep; vul 'ja' in.",
                )
            doelgroep = self.keuze(rij, cellen, "Doelgroep", self.doelgroepen, Doelgroep)
            personen = self.heel_getal(rij, cellen, "Personen", minimum=1)
            if personen is not None and personen > 99:
                self.fout(rij, "Personen", f"een huishouden van {personen} personen? Hooguit 99.")
            inkomen = self.ja_nee(rij, cellen, "Inkomen boven grens")
            passend = self.keuze(rij, cellen, "Passend", self.passend, Passend)
            if self.fouten:  # this row or an earlier one: nothing more is written
                continue
            yield services.ToewijzingRij(
                corporatie=corporatie,  # type: ignore[arg-type]
                datum=datum,  # type: ignore[arg-type]
                kern=kern,
                buurt=buurt,
                segment=segment,  # type: ignore[arg-type]
                huurprijs=huurprijs,  # type: ignore[arg-type]
                route=route,  # type: ignore[arg-type]
                aandachtsgroep=aandachtsgroep,  # type: ignore[arg-type]
                doelgroep=doelgroep,  # type: ignore[arg-type]
                personen=personen,  # type: ignore[arg-type]
                inkomen_boven_grens=inkomen,  # type: ignore[arg-type]
                passend=passend,  # type: ignore[arg-type]
            )

    def woningzoekenden(self) -> list[services.Upsert]:
        uit = []
        gezien: dict[tuple, int] = {}
        for rij, cellen in self.lezer.rijen:
            voor = len(self.fouten)
            jaar = self.jaar(rij, cellen)
            doelgroep = self.keuze(
                rij, cellen, "Doelgroep", self.zoekenden_doelgroepen, ZoekendenDoelgroep
            )
            actief = self.heel_getal(rij, cellen, "Actief")
            gehuisvest = self.heel_getal(rij, cellen, "Gehuisvest")
            duren = {
                veld: self.bedrag(rij, cellen, kolom, verplicht=False, maximum=maximum)
                for veld, kolom, maximum in (
                    ("inschrijfduur", "Inschrijfduur", Decimal("999.99")),
                    ("zoekduur", "Zoekduur", Decimal("999.99")),
                    ("reacties_per_woning", "Reacties per woning", Decimal("99999.99")),
                )
            }
            definitie = self.tekst(rij, cellen, "Definitie", verplicht=False)
            if jaar is not None and doelgroep is not None:
                self.dubbel(
                    rij,
                    (jaar, doelgroep),
                    gezien,
                    "Doelgroep",
                    f"jaar {jaar} met doelgroep {ZoekendenDoelgroep(doelgroep).label}",
                )
            if len(self.fouten) != voor:
                continue
            uit.append(
                services.Upsert(
                    {"jaar": jaar, "doelgroep": doelgroep},
                    {
                        "actief": actief,
                        "gehuisvest": gehuisvest,
                        **duren,
                        "definitie": definitie or DEFINITIE_MONITOR_WNR,
                        "aangeleverd": True,
                    },
                )
            )
        return uit

    def taakstelling(self) -> list[services.Upsert]:
        uit = []
        gezien: dict[tuple, int] = {}
        for rij, cellen in self.lezer.rijen:
            voor = len(self.fouten)
            jaar = self.jaar(rij, cellen)
            halfjaar = self.heel_getal(rij, cellen, "Halfjaar")
            if halfjaar is not None and halfjaar not in (1, 2):
                self.fout(rij, "Halfjaar", f"het halfjaar is 1 of 2 (nu: {halfjaar}).")
            personen = self.heel_getal(rij, cellen, "Personen")
            if jaar is not None and halfjaar in (1, 2):
                self.dubbel(
                    rij, (jaar, halfjaar), gezien, "Halfjaar", f"halfjaar {halfjaar} van {jaar}"
                )
            if len(self.fouten) != voor:
                continue
            uit.append(
                services.Upsert({"jaar": jaar, "halfjaar": halfjaar}, {"personen": personen})
            )
        return uit

    def voorraad(self) -> list[services.Upsert]:
        uit = []
        gezien: dict[tuple, int] = {}
        for rij, cellen in self.lezer.rijen:
            voor = len(self.fouten)
            jaar = self.jaar(rij, cellen) if celtekst(cellen.get("Jaar")) else self.vandaag.year
            corporatie = self.corporatie(rij, cellen, eigen=False)
            kern = self.tekst(rij, cellen, "Kern", verplicht=True)
            buurt = self.tekst(rij, cellen, "Buurt", verplicht=False)
            aantal = self.heel_getal(rij, cellen, "Aantal")
            if jaar is not None and corporatie is not None and kern:
                wat = f"{naam(corporatie)} in {kern}{f' ({buurt})' if buurt else ''} in {jaar}"
                self.dubbel(
                    rij,
                    (jaar, corporatie.pk, kern.casefold(), buurt.casefold()),
                    gezien,
                    "Kern",
                    wat,
                )
            if len(self.fouten) != voor:
                continue
            uit.append(
                services.Upsert(
                    {"corporatie": corporatie, "jaar": jaar, "kern": kern, "buurt": buurt},
                    {"aantal": aantal},
                )
            )
        return uit


def _formule(tekst: str) -> str:
    return (
        f"de cel bevat een formule ({tekst}); formules worden niet uitgerekend. Typ de waarde "
        "zelf in."
    )


def _decimaal(tekst: str) -> Decimal | None:
    tekst = tekst.replace("€", "").replace(" ", "").replace("\u00a0", "")
    if "," in tekst:
        tekst = tekst.replace(".", "").replace(",", ".")
    elif _DUIZENDTALLEN.match(tekst):
        tekst = tekst.replace(".", "")
    try:
        return Decimal(tekst)
    except InvalidOperation:
        return None


# ---------------------------------------------------------------------------------------------
# Import


def _afzender(kader: Afsprakenkader, acting_user, organisatie: Organisatie | None) -> Organisatie:
    """Who delivers woningzoekenden figures: ``organisatie`` when given, else the one party of
    the kader the user delivers for (SYSTEEM and the site administrator: the gemeente)."""
    if organisatie is not None:
        return organisatie
    if _is_all_powerful(acting_user):
        gemeente = gemeente_organisatie(kader)
        if gemeente is not None:
            return gemeente
    eigen = set(organisaties_met(acting_user, WOONDATA_AANLEVEREN).values_list("pk", flat=True))
    kandidaten = [o for o in partijen(kader) if o.pk in eigen]
    if len(kandidaten) == 1:
        return kandidaten[0]
    if not kandidaten:
        raise PermissionDenied(
            "U mag voor dit afsprakenkader geen woningzoekendencijfers aanleveren."
        )
    raise PermissionDenied(
        "U levert aan namens meer dan één organisatie ("
        + ", ".join(naam(o) for o in kandidaten)
        + "); kies de organisatie."
    )


def _mag_soort(kader: Afsprakenkader, soort: str, acting_user) -> None:
    """Refuse before reading: no actor, or an actor who may not deliver this kind at all."""
    if acting_user is None:
        raise PermissionDenied(
            "Woongegevens importeren zonder handelende gebruiker; geef acting_user mee (of "
            "SYSTEEM voor opdrachten en tests)."
        )
    if soort in (Soort.TAAKSTELLING, Soort.VOORRAAD):
        gemeente = gemeente_organisatie(kader)
        if gemeente is None or not mag_aanleveren(acting_user, kader, gemeente):
            wat = (
                "de taakstelling statushouders"
                if soort == Soort.TAAKSTELLING
                else ("de sociale voorraad per kern")
            )
            raise PermissionDenied(f"Alleen de gemeente levert {wat} aan.")
    elif soort == Soort.TOEWIJZINGEN and not any(
        mag_aanleveren(acting_user, kader, o) for o in corporaties(kader)
    ):
        raise PermissionDenied(
            "U mag voor dit afsprakenkader geen toewijzingen aanleveren; alleen een "
            "corporatie levert haar eigen toewijzingen aan."
        )


def importeren(
    *,
    kader: Afsprakenkader,
    soort: str,
    data: bytes,
    bestandsnaam: str,
    acting_user,
    organisatie: Organisatie | None = None,
    voorbeeld: bool = False,
) -> services.Resultaat:
    """Check and write one file of one kind, atomically. ImportFouten (nothing written) when
    any row fails; PermissionDenied when the user may not deliver this kind at all.
    ``organisatie``: for woningzoekenden, on whose behalf (see ``_afzender``)."""
    soort = Soort(soort)
    _mag_soort(kader, soort, acting_user)
    afzender = (
        _afzender(kader, acting_user, organisatie) if soort == Soort.WONINGZOEKENDEN else None
    )
    sha256 = hashlib.sha256(data).hexdigest()
    lezer = lees(data, bestandsnaam=bestandsnaam, soort=soort)
    controle = Controle(kader, soort, acting_user, lezer)
    gemeenschappelijk = {
        "kader": kader,
        "bestandsnaam": bestandsnaam,
        "sha256": sha256,
        "acting_user": acting_user,
        "voorbeeld": voorbeeld,
    }
    try:
        with transaction.atomic():
            if soort == Soort.TOEWIJZINGEN:
                resultaat = services.toewijzingen_aanleveren(
                    rijen=controle.toewijzingen(), **gemeenschappelijk
                )
            else:
                rijen = getattr(controle, soort)()
                if controle.fouten:
                    raise ImportFouten(controle.alle_fouten())
                if soort == Soort.WONINGZOEKENDEN:
                    assert afzender is not None
                    resultaat = services.woningzoekenden_aanleveren(
                        organisatie=afzender, rijen=rijen, **gemeenschappelijk
                    )
                elif soort == Soort.TAAKSTELLING:
                    resultaat = services.taakstelling_aanleveren(rijen=rijen, **gemeenschappelijk)
                else:
                    resultaat = services.voorraad_aanleveren(rijen=rijen, **gemeenschappelijk)
            if controle.fouten:
                raise ImportFouten(controle.alle_fouten())  # rolls the transaction back
            if not (resultaat.nieuw or resultaat.ongewijzigd or resultaat.gewijzigd):
                raise ImportFouten(
                    Fout(bestandsnaam, lezer.blad, None, None, "het bestand bevat geen rijen.")
                )
    finally:
        lezer.sluiten()
    return resultaat


# ---------------------------------------------------------------------------------------------
# Export: what the user may see in detail, in the import's columns


def _label(choices, waarde: str) -> str:
    return str(choices(waarde).label)


def _ja_nee(waarde: bool) -> str:
    return "ja" if waarde else "nee"


def rijen(*, kader: Afsprakenkader, soort: str, user) -> Iterator[list[Any]]:
    """The rows (values in KOLOMMEN order, as Python: dates, Decimals, ints, text) of what
    ``user`` may see in detail, one query, streamed."""
    soort = Soort(soort)
    namen = {o.pk: naam(o) for o in partijen(kader)}
    if soort == Soort.TOEWIJZINGEN:
        for t in (
            Toewijzing.objects.in_detail(user)
            .filter(kader=kader)
            .order_by("corporatie_id", "datum", "pk")
            .iterator(chunk_size=2000)
        ):
            yield [
                namen.get(t.corporatie_id, ""),
                t.datum,
                t.kern,
                t.buurt,
                _label(Segment, t.segment),
                t.huurprijs,
                _label(Route, t.route),
                _ja_nee(t.aandachtsgroep),
                _label(Doelgroep, t.doelgroep),
                t.personen,
                _ja_nee(t.inkomen_boven_grens),
                _label(Passend, t.passend),
            ]
    elif soort == Soort.WONINGZOEKENDEN:
        volgorde = {c.value: i for i, c in enumerate(ZoekendenDoelgroep)}
        zoekenden = sorted(
            Woningzoekenden.objects.in_detail(user).filter(kader=kader),
            key=lambda w: (namen.get(w.organisatie_id, ""), w.jaar, volgorde[w.doelgroep]),
        )
        for w in zoekenden:
            yield [
                w.jaar,
                _label(ZoekendenDoelgroep, w.doelgroep),
                w.actief,
                w.gehuisvest,
                w.inschrijfduur,
                w.zoekduur,
                w.reacties_per_woning,
                w.definitie,
            ]
    elif soort == Soort.TAAKSTELLING:
        for s in TaakstellingStatushouders.objects.in_detail(user).filter(kader=kader):
            yield [s.jaar, s.halfjaar, s.personen]
    else:
        for v in (
            SocialeVoorraad.objects.in_detail(user)
            .filter(kader=kader)
            .order_by("jaar", "corporatie_id", "kern", "buurt")
        ):
            yield [v.jaar, namen.get(v.corporatie_id, ""), v.kern, v.buurt, v.aantal]


def _csv_waarde(waarde: Any) -> str:
    if waarde is None:
        return ""
    if isinstance(waarde, date):
        return waarde.isoformat()
    if isinstance(waarde, Decimal):
        return f"{waarde:f}".replace(".", ",")
    return str(formule_neutraliseren(waarde))


def _xlsx_waarde(waarde: Any) -> Any:
    if waarde is None or waarde == "":
        return None
    if isinstance(waarde, Decimal):
        return int(waarde) if waarde == waarde.to_integral_value() else float(waarde)
    return formule_neutraliseren(waarde)


def export_csv(*, kader: Afsprakenkader, soort: str, user, leeg: bool = False) -> bytes:
    """``;``-separated, UTF-8 with a BOM (so Excel reads the accents); amounts with a decimal
    comma, dates as JJJJ-MM-DD — what the import reads. ``leeg``: the header only (the
    template a deliverer fills in)."""
    buffer = io.StringIO(newline="")
    schrijver = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    schrijver.writerow(KOLOMMEN[soort])
    for rij in () if leeg else rijen(kader=kader, soort=soort, user=user):
        schrijver.writerow([_csv_waarde(w) for w in rij])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_xlsx(*, kader: Afsprakenkader, soort: str, user, leeg: bool = False) -> bytes:
    """One sheet (BLADEN[soort]), written row by row (openpyxl write-only); ``leeg``: the
    header only."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    werkmap = Workbook(write_only=True)
    blad = werkmap.create_sheet(BLADEN[soort])
    blad.freeze_panes = "A2"
    kop = []
    for titel in KOLOMMEN[soort]:
        cel = WriteOnlyCell(blad, value=titel)
        cel.font = Font(bold=True)
        kop.append(cel)
    blad.append(kop)
    for rij in () if leeg else rijen(kader=kader, soort=soort, user=user):
        cellen = []
        for waarde in rij:
            cel = WriteOnlyCell(blad, value=_xlsx_waarde(waarde))
            if isinstance(waarde, str):
                cel.data_type = "s"  # never a formula, whatever the text
            elif isinstance(waarde, date):
                cel.number_format = "yyyy-mm-dd"
            cellen.append(cel)
        blad.append(cellen)
    werkmap.properties.title = f"{kader.titel}: {Soort(soort).label}"
    werkmap.properties.creator = "Prestatiemonitor"
    buffer = io.BytesIO()
    werkmap.save(buffer)
    return buffer.getvalue()


def exporteren(
    *, kader: Afsprakenkader, soort: str, formaat: str, user, leeg: bool = False
) -> Export:
    """``formaat`` "csv" or "xlsx"; KeyError for another. ``leeg``: an empty file with the
    header (the template), named ``<soort>-sjabloon``."""
    soort = Soort(soort)
    basis = f"{soort.value}-sjabloon" if leeg else f"{soort.value}-{slugify(kader.slug)}"
    maker, content_type = {
        "csv": (export_csv, CSV_CONTENT_TYPE),
        "xlsx": (export_xlsx, XLSX_CONTENT_TYPE),
    }[formaat]
    return Export(
        maker(kader=kader, soort=soort, user=user, leeg=leeg), content_type, f"{basis}.{formaat}"
    )
