"""The file "Woningvoorraad met labels" in and out, and energy labels from EP-Online
(docs/verduurzaming.md).

Columns (``KOLOMMEN``; a CSV with ``;`` or an XLSX workbook, first sheet or the sheet
``Woningvoorraad``, header in row 1): Corporatie, Peildatum (optional: else the ``peildatum``
argument), VBO-id, Kern, Energielabel, Registratiedatum, Huurprijs. The export writes the same
columns, so an export imports back unchanged.

Import (``importeren``), in two streaming passes over the file so memory does not grow with it:
1. Read and check every row; collect every error (``Fout``: file, sheet, row, column, Dutch
   message) up to ``MAX_FOUTEN``; per (corporatie, peildatum) keep only the VBO-ids seen (for
   duplicates) and an order-independent fingerprint of the content. Columns that look like
   personal data refuse the file before any row is read.
2. When nothing failed: per (corporatie, peildatum) whose fingerprint differs from the stored
   opname, ``services.voorraadopname_vastleggen`` replaces the opname from a second pass over
   the file, in batches. All in one transaction; any error rolls everything back.

Natural key: (kader, corporatie, peildatum) is one delivery, replaced as a whole (a dwelling
that left the stock must disappear from it, which an upsert per row would not do). The same
content again (also as CSV instead of XLSX, or in another row order) changes nothing.

EP-Online (``labels_uit_ep_online``): the bulk export (``;``, preamble lines before the header
row that has ``Pand_bagverblijfsobjectid``) is streamed once; only rows whose VBO-id is a
dwelling of the opname are parsed further; per VBO-id the most recent registration wins (a
registration after the peildatum did not exist then and is left out). Postcode and house number
are read by nobody and stored nowhere.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from prestatiemonitor.afspraken.exporters import Export, formule_neutraliseren
from prestatiemonitor.afspraken.models import Afsprakenkader
from prestatiemonitor.jaarschijven.uitwisseling import (
    XLSX_CONTENT_TYPE,
    WerkmapOngeldig,
    celtekst,
    werkmap_laden,
)
from prestatiemonitor.organisaties.constants import OrganisatieSoort
from prestatiemonitor.organisaties.models import Organisatie
from prestatiemonitor.organisaties.permissions import WOONDATA_AANLEVEREN, has_capability
from prestatiemonitor.planmonitor import uitwisseling as planmonitor_uitwisseling
from prestatiemonitor.planmonitor.models import partij_ids
from prestatiemonitor.planmonitor.uitwisseling import ImportFouten
from prestatiemonitor.woonruimte.persoonsgegevens import melding as persoonsgegevens_melding
from prestatiemonitor.woonruimte.persoonsgegevens import persoonsgegevens

from . import services
from .constants import LABEL_CODE, LABEL_TEKST
from .models import Voorraadopname, Woning
from .services import LabelTreffer, WoningRij

BLAD = "Woningvoorraad"
KOLOMMEN = (
    "Corporatie",
    "Peildatum",
    "VBO-id",
    "Kern",
    "Energielabel",
    "Registratiedatum",
    "Huurprijs",
)
VERPLICHT = ("Corporatie", "VBO-id", "Kern", "Energielabel", "Registratiedatum", "Huurprijs")
MAX_FOUTEN = 200
MAX_BYTES_STANDAARD = 100 * 1024 * 1024
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
LABELS_LIJST = ", ".join(LABEL_CODE)

EP_VBO = "Pand_bagverblijfsobjectid"
EP_KLASSE = "Pand_energieklasse"
EP_DATUM = "Pand_registratiedatum"
EP_VERPLICHT = (EP_VBO, EP_KLASSE, EP_DATUM)
EP_MAX_PREAMBULE = 20  # lines before the header row

_VBO = re.compile(r"^\d{16}\Z")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_NL = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_BEDRAG = re.compile(r"^\d+(?:\.\d{1,2})?$")


def _max_bytes() -> int:
    return int(getattr(settings, "WONINGVOORRAAD_IMPORT_MAX_BYTES", MAX_BYTES_STANDAARD))


# ---------------------------------------------------------------------------------------------
# Errors


@dataclass(frozen=True)
class Fout(planmonitor_uitwisseling.Fout):
    """An error of the planmonitor's kind (sheet, row, column, message) that also names the
    file: "woningen.csv, rij 3, kolom C (VBO-id): …"."""

    bestand: str = ""

    def __str__(self) -> str:
        tekst = super().__str__()
        if not self.bestand:
            return tekst
        return f"{self.bestand}, {tekst}" if (self.blad or self.rij) else f"{self.bestand}: {tekst}"


# ---------------------------------------------------------------------------------------------
# Reading: rows streamed from CSV or XLSX


def _decodeer(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # Excel's "CSV (puntkomma)" in NL


def _is_xlsx(data: bytes, bestandsnaam: str) -> bool:
    naam = bestandsnaam.lower()
    if naam.endswith(".xls") or (not naam.endswith(".csv") and data.startswith(b"\xd0\xcf")):
        raise ImportFouten(
            Fout(
                "",
                None,
                None,
                "dit is een oud Excel-bestand (.xls); sla het op als Excel-werkmap (.xlsx) of "
                "als CSV.",
                bestand=bestandsnaam,
            )
        )
    return naam.endswith((".xlsx", ".xlsm")) or (
        not naam.endswith((".csv", ".txt")) and data.startswith(b"PK")
    )


@dataclass
class _Bron:
    """One pass over the rows of a file: ``blad`` ("" for CSV) and (row number, values)."""

    data: bytes
    bestandsnaam: str
    blad: str = ""

    def rijen(self) -> Iterator[tuple[int, list[Any]]]:
        if not self.data.strip():
            raise ImportFouten(
                Fout("", None, None, "het bestand is leeg.", bestand=self.bestandsnaam)
            )
        if len(self.data) > _max_bytes():
            raise ImportFouten(
                Fout("", None, None, "het bestand is te groot.", bestand=self.bestandsnaam)
            )
        if _is_xlsx(self.data, self.bestandsnaam):
            yield from self._xlsx()
        else:
            yield from enumerate(
                csv.reader(io.StringIO(_decodeer(self.data), newline=""), delimiter=";"), start=1
            )

    def _xlsx(self) -> Iterator[tuple[int, list[Any]]]:
        try:
            workbook = werkmap_laden(
                self.data,
                max_bytes=_max_bytes(),
                geen_excel="dit is geen Excel-werkmap (.xlsx) en geen CSV-bestand (.csv).",
            )
        except WerkmapOngeldig as exc:
            raise ImportFouten(Fout("", None, None, str(exc), bestand=self.bestandsnaam)) from None
        try:
            namen = {n.casefold(): n for n in workbook.sheetnames}
            self.blad = namen.get(BLAD.casefold(), workbook.sheetnames[0])
            sheet = workbook[self.blad]
            for nummer, waarden in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield nummer, list(waarden)
        finally:
            workbook.close()


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


# ---------------------------------------------------------------------------------------------
# Values


def _datum(waarde: Any) -> datetime.date | None:
    """A date cell, or text as JJJJ-MM-DD, DD-MM-JJJJ or JJJJMMDD (EP-Online); None if empty.
    ValueError when it is not a date."""
    if isinstance(waarde, datetime.datetime):
        return waarde.date()
    if isinstance(waarde, datetime.date):
        return waarde
    tekst = celtekst(waarde)
    if not tekst:
        return None
    if m := _ISO.match(tekst):
        j, mnd, d = m.groups()
    elif m := _NL.match(tekst):
        d, mnd, j = m.groups()
    elif m := _COMPACT.match(tekst):
        j, mnd, d = m.groups()
    else:
        raise ValueError(tekst)
    return datetime.date(int(j), int(mnd), int(d))


def _label(waarde: Any) -> int | None:
    """'A++' -> 4; '' -> None (no label); KeyError when unknown."""
    tekst = re.sub(r"\s+", "", celtekst(waarde)).upper()
    if not tekst:
        return None
    return LABEL_CODE[tekst]


def _vbo(waarde: Any) -> str:
    """The VBO-id as 16 digits. A number cell (Excel drops the leading zero of 0267…) is padded;
    text is taken as written, without 'NL.IMBAG.Verblijfsobject.' before it."""
    if isinstance(waarde, float) and waarde.is_integer():
        waarde = int(waarde)
    if isinstance(waarde, int) and not isinstance(waarde, bool) and 0 < waarde < 10**16:
        return str(waarde).zfill(16)
    tekst = celtekst(waarde).replace(" ", "")
    if tekst.casefold().startswith("nl.imbag.verblijfsobject."):
        tekst = tekst[len("nl.imbag.verblijfsobject.") :]
    return tekst


def _bedrag(waarde: Any) -> Decimal | None:
    if isinstance(waarde, int | float | Decimal) and not isinstance(waarde, bool):
        bedrag = Decimal(str(waarde))
    else:
        tekst = celtekst(waarde).replace("€", "").replace(" ", "")
        if not tekst:
            return None
        if "," in tekst:
            tekst = tekst.replace(".", "").replace(",", ".")
        if not _BEDRAG.match(tekst):
            raise ValueError(tekst)
        bedrag = Decimal(tekst)
    try:
        bedrag = bedrag.quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ValueError(str(waarde)) from None
    if bedrag < 0 or bedrag >= Decimal("100000"):
        raise ValueError(str(waarde))
    return bedrag


def naam(organisatie: Organisatie) -> str:
    """How the file names a corporation: its short name ('WSN', 'de Alliantie')."""
    return organisatie.korte_naam or organisatie.naam


def _vingerafdruk_rij(r: WoningRij) -> int:
    tekst = (
        f"{r.vbo_id}|{r.kern}|{r.energielabel or ''}|"
        f"{r.registratiedatum.isoformat() if r.registratiedatum else ''}|"
        f"{r.huurprijs if r.huurprijs is not None else ''}"
    )
    return int.from_bytes(hashlib.sha256(tekst.encode()).digest(), "big")


# ---------------------------------------------------------------------------------------------
# Import


@dataclass
class _Groep:
    """What pass 1 keeps of one (corporatie, peildatum): the VBO-ids and the fingerprint."""

    corporatie: Organisatie
    peildatum: datetime.date
    vbo_ids: dict[str, int] = field(default_factory=dict)  # VBO-id -> first row
    som: int = 0

    @property
    def sha(self) -> str:
        return f"{self.som:064x}"


@dataclass
class Opname:
    corporatie: str
    peildatum: datetime.date
    aantal: int
    gewijzigd: bool


@dataclass
class ImportResultaat:
    opnames: list[Opname] = field(default_factory=list)

    @property
    def samenvatting(self) -> str:
        if not self.opnames:
            return "geen woningen in het bestand"
        return "; ".join(
            f"{o.corporatie} per {o.peildatum:%d-%m-%Y}: {o.aantal} woningen "
            + ("vastgelegd" if o.gewijzigd else "ongewijzigd")
            for o in self.opnames
        )


class _Lezer:
    """Pass over the file: header, then every row checked; yields ((corp, peildatum), row)."""

    def __init__(self, kader, data, bestandsnaam, acting_user, peildatum):
        self.kader = kader
        self.bron = _Bron(data, bestandsnaam)
        self.bestandsnaam = bestandsnaam
        self.acting_user = acting_user
        self.peildatum = peildatum
        self.fouten: list[Fout] = []
        self.te_veel = 0
        self._corporaties: dict[str, Organisatie] | None = None
        self._mag: dict[int, bool] = {}
        self.letters: dict[str, str] = {}

    def fout(self, rij, kolom, melding, letter=None) -> None:
        if len(self.fouten) >= MAX_FOUTEN:
            self.te_veel += 1
            return
        self.fouten.append(
            Fout(self.bron.blad, rij, kolom, melding, letter, bestand=self.bestandsnaam)
        )

    def _kop(self, waarden: list[Any]) -> dict[str, int] | None:
        titels = [celtekst(w) for w in waarden]
        persoonlijk = persoonsgegevens([t for t in titels if t])
        if persoonlijk:
            for kolom, soort in persoonlijk:
                self.fout(
                    1, kolom, persoonsgegevens_melding(kolom, soort), _letter(titels.index(kolom))
                )
            return None
        verwacht = {k.casefold(): k for k in KOLOMMEN}
        kolommen: dict[str, int] = {}
        for index, tekst in enumerate(titels):
            if not tekst:
                continue
            titel = verwacht.get(tekst.casefold())
            if titel is None:
                self.fout(
                    1,
                    tekst,
                    f"onbekende kolom '{tekst}'; dit bestand heeft de kolommen "
                    + ", ".join(KOLOMMEN)
                    + ".",
                    _letter(index),
                )
            elif titel in kolommen:
                self.fout(1, titel, "deze kolom staat er twee keer in.", _letter(index))
            else:
                kolommen[titel] = index
        ontbreekt = [k for k in VERPLICHT if k not in kolommen]
        if ontbreekt:
            self.fout(
                1,
                None,
                "de kopregel mist de kolom"
                + ("men " if len(ontbreekt) > 1 else " ")
                + ", ".join(ontbreekt)
                + ".",
            )
        if "Peildatum" not in kolommen and self.peildatum is None:
            self.fout(
                1,
                None,
                "er is geen peildatum: geef een kolom Peildatum of geef de peildatum op bij de "
                "import.",
            )
        if self.fouten:
            return None
        return kolommen

    def corporatie(self, tekst: str) -> Organisatie | None:
        if self._corporaties is None:
            self._corporaties = {}
            for org in Organisatie.objects.filter(soort=OrganisatieSoort.WONINGCORPORATIE):
                for n in [org.korte_naam, org.naam, org.slug, *(org.aliassen or [])]:
                    if n:
                        self._corporaties.setdefault(n.strip().casefold(), org)
        return self._corporaties.get(tekst.strip().casefold())

    def mag(self, corporatie: Organisatie) -> bool:
        if corporatie.pk not in self._mag:
            self._mag[corporatie.pk] = has_capability(
                self.acting_user, WOONDATA_AANLEVEREN, kader=self.kader, organisatie=corporatie
            )
        return self._mag[corporatie.pk]

    def rijen(
        self, *, controleren: bool
    ) -> Iterator[tuple[int, tuple[Organisatie, datetime.date], WoningRij]]:
        """(row number, (corporatie, peildatum), dwelling) of every row without errors."""
        kolommen: dict[str, int] | None = None
        partijen = partij_ids(self.kader)
        for nummer, waarden in self.bron.rijen():
            if kolommen is None:
                if nummer == 1 and len(waarden) == 1 and "," in celtekst(waarden[0]):
                    self.fout(
                        None,
                        None,
                        "de kolommen zijn gescheiden door komma's; gebruik een puntkomma (;), "
                        "zoals Excel 'CSV (gescheiden door lijstscheidingsteken)' doet.",
                    )
                    return
                kolommen = self._kop(waarden)
                if kolommen is None:
                    return
                letters = self.letters = {k: _letter(i) for k, i in kolommen.items()}
                continue
            if all(celtekst(w) == "" for w in waarden):
                continue

            cellen = {k: waarden[i] if i < len(waarden) else None for k, i in kolommen.items()}
            resultaat = self._rij(nummer, cellen, letters, partijen, controleren)
            if resultaat is not None:
                yield nummer, *resultaat
        if kolommen is None:
            self.fout(1, None, "het bestand is leeg; rij 1 moet de kolomnamen bevatten.")

    def _rij(
        self,
        nummer: int,
        cellen: dict[str, Any],
        letters: dict[str, str],
        partijen: set[int],
        controleren: bool,
    ) -> tuple[tuple[Organisatie, datetime.date], WoningRij] | None:
        """One data row checked: the parsed dwelling, or None after recording its errors."""
        fouten_voor = len(self.fouten) + self.te_veel

        def cel(kolom: str) -> Any:
            return cellen.get(kolom)

        def fout(kolom: str, melding: str) -> None:
            self.fout(nummer, kolom, melding, letters.get(kolom))

        # Corporatie
        corp_tekst = celtekst(cel("Corporatie"))
        corporatie = None
        if not corp_tekst:
            fout("Corporatie", "de corporatie ontbreekt.")
        else:
            corporatie = self.corporatie(corp_tekst)
            if corporatie is None:
                fout("Corporatie", f"onbekende corporatie '{corp_tekst}'.")
            elif corporatie.pk not in partijen:
                fout(
                    "Corporatie",
                    f"{naam(corporatie)} is geen partij bij dit afsprakenkader.",
                )
                corporatie = None
            elif controleren and not self.mag(corporatie):
                fout(
                    "Corporatie",
                    f"u mag de woningvoorraad van {naam(corporatie)} niet aanleveren; een "
                    "corporatie levert alleen haar eigen woningen aan.",
                )
                corporatie = None
        # Peildatum
        peildatum = self.peildatum
        if "Peildatum" in cellen and celtekst(cel("Peildatum")):
            try:
                in_rij = _datum(cel("Peildatum"))
            except ValueError:
                fout(
                    "Peildatum",
                    f"'{celtekst(cel('Peildatum'))}' is geen datum; gebruik JJJJ-MM-DD "
                    "(bv. 2025-01-01).",
                )
                peildatum = None
            else:
                if self.peildatum is not None and in_rij != self.peildatum:
                    fout(
                        "Peildatum",
                        f"de peildatum {in_rij:%d-%m-%Y} verschilt van de opgegeven "
                        f"peildatum {self.peildatum:%d-%m-%Y}.",
                    )
                peildatum = in_rij
        elif peildatum is None:
            fout("Peildatum", "de peildatum ontbreekt.")
        # VBO-id
        vbo = _vbo(cel("VBO-id"))
        if not vbo:
            fout("VBO-id", "het VBO-id ontbreekt.")
        elif not _VBO.match(vbo):
            hint = (
                " Is de voorloopnul weggevallen? Zet de kolom in Excel op Tekst."
                if vbo.isdigit() and len(vbo) == 15
                else ""
            )
            fout(
                "VBO-id",
                f"'{vbo}' is geen geldig VBO-id: een BAG-verblijfsobject-id heeft precies "
                f"16 cijfers (bv. 0267010000123456).{hint}",
            )
        # Kern
        kern = celtekst(cel("Kern"))
        if not kern:
            fout("Kern", "de kern ontbreekt.")
        elif len(kern) > 100:
            fout("Kern", "de kern is langer dan 100 tekens.")
        # Energielabel and Registratiedatum
        label = None
        try:
            label = _label(cel("Energielabel"))
        except KeyError:
            fout(
                "Energielabel",
                f"onbekend energielabel '{celtekst(cel('Energielabel'))}'; gebruik "
                f"{LABELS_LIJST}, of laat de cel leeg als de woning geen label heeft.",
            )
        datum = None
        try:
            datum = _datum(cel("Registratiedatum"))
        except ValueError:
            fout(
                "Registratiedatum",
                f"'{celtekst(cel('Registratiedatum'))}' is geen datum; gebruik JJJJ-MM-DD "
                "(bv. 2021-03-15).",
            )
        else:
            if label is not None and datum is None:
                fout(
                    "Registratiedatum",
                    "de registratiedatum ontbreekt; een label is 10 jaar geldig vanaf die datum.",
                )
            elif label is None and datum is not None and celtekst(cel("Energielabel")) == "":
                fout(
                    "Registratiedatum",
                    "een registratiedatum zonder energielabel; vul het label in of maak "
                    "de cel leeg.",
                )
            elif datum is not None and peildatum is not None and datum > peildatum:
                fout(
                    "Registratiedatum",
                    f"de registratiedatum {datum:%d-%m-%Y} ligt na de peildatum "
                    f"{peildatum:%d-%m-%Y}.",
                )
        # Huurprijs
        huurprijs = None
        try:
            huurprijs = _bedrag(cel("Huurprijs"))
        except ValueError:
            fout(
                "Huurprijs",
                f"'{celtekst(cel('Huurprijs'))}' is geen huurprijs; gebruik een bedrag in "
                "euro per maand, bv. 712,50.",
            )
        if len(self.fouten) + self.te_veel > fouten_voor:
            return None
        assert corporatie is not None and peildatum is not None
        return (corporatie, peildatum), WoningRij(vbo, kern, label, datum, huurprijs)

    def controleer(self) -> dict[tuple[int, datetime.date], _Groep]:
        groepen: dict[tuple[int, datetime.date], _Groep] = {}
        for nummer, (corporatie, peildatum), rij in self.rijen(controleren=True):
            groep = groepen.get((corporatie.pk, peildatum))
            if groep is None:
                groep = groepen[(corporatie.pk, peildatum)] = _Groep(corporatie, peildatum)
            if rij.vbo_id in groep.vbo_ids:
                self.fout(
                    nummer,
                    "VBO-id",
                    f"VBO-id {rij.vbo_id} staat al in rij {groep.vbo_ids[rij.vbo_id]} voor "
                    f"{naam(corporatie)} per {peildatum:%d-%m-%Y}; een woning staat één keer "
                    "in de opname.",
                    self.letters.get("VBO-id"),
                )
                continue
            groep.vbo_ids[rij.vbo_id] = nummer
            groep.som = (groep.som + _vingerafdruk_rij(rij)) % 2**256
        return groepen


def _mag_importeren(kader: Afsprakenkader, acting_user) -> None:
    if acting_user is None or not has_capability(acting_user, WOONDATA_AANLEVEREN, kader=kader):
        raise PermissionDenied(
            "U mag geen woningvoorraad aanleveren bij dit afsprakenkader; alleen de corporaties "
            "leveren hun eigen woningen aan."
        )


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def importeren(
    *,
    kader: Afsprakenkader,
    data: bytes,
    bestandsnaam: str,
    acting_user,
    peildatum: datetime.date | None = None,
    voorbeeld: bool = False,
) -> ImportResultaat:
    """Check the whole file, then store each (corporatie, peildatum) whose content changed,
    in one transaction. ImportFouten (nothing written) when any row fails; PermissionDenied
    when the user delivers no housing data in this kader at all."""
    _mag_importeren(kader, acting_user)
    lezer = _Lezer(kader, data, bestandsnaam, acting_user, peildatum)
    groepen = lezer.controleer()
    _fouten_melden(lezer)
    resultaat = ImportResultaat()
    sha = _sha256(data)
    with transaction.atomic():
        for (corp_pk, datum), groep in sorted(
            groepen.items(), key=lambda kv: (naam(kv[1].corporatie), kv[0][1])
        ):
            schrijver = _Lezer(kader, data, bestandsnaam, acting_user, peildatum)
            try:
                vastgelegd = services.voorraadopname_vastleggen(
                    kader=kader,
                    corporatie=groep.corporatie,
                    peildatum=datum,
                    bestandsnaam=bestandsnaam,
                    sha256=sha,
                    inhoud_sha256=groep.sha,
                    woningen=(
                        rij
                        for _, (corp, d), rij in schrijver.rijen(controleren=False)
                        if corp.pk == corp_pk and d == datum
                    ),
                    acting_user=acting_user,
                    voorbeeld=voorbeeld,
                )
            except ValidationError as exc:
                raise ImportFouten(
                    Fout("", None, None, " ".join(exc.messages), bestand=bestandsnaam)
                ) from None
            resultaat.opnames.append(
                Opname(naam(groep.corporatie), datum, len(groep.vbo_ids), vastgelegd.gewijzigd)
            )
    return resultaat


def _fouten_melden(lezer: _Lezer) -> None:
    if not lezer.fouten:
        return
    fouten = list(lezer.fouten)
    if lezer.te_veel:
        fouten.append(
            Fout(
                "",
                None,
                None,
                f"en nog {lezer.te_veel} fouten; verbeter eerst de bovenstaande.",
                bestand=lezer.bestandsnaam,
            )
        )
    raise ImportFouten(fouten)


# ---------------------------------------------------------------------------------------------
# EP-Online


@dataclass
class LabelKoppeling:
    """What matching an EP-Online export did."""

    gekoppeld: int  # dwellings of the opname with a registration in the file
    niet_gekoppeld: int  # rows of the file that are no dwelling of the opname
    na_peildatum: int  # rows of dwellings of the opname registered after the peildatum
    zonder_label: int  # dwellings of the opname without a label afterwards
    bijgewerkt: int  # dwellings whose label or date changed

    @property
    def samenvatting(self) -> str:
        return (
            f"{self.gekoppeld} woningen gekoppeld ({self.bijgewerkt} bijgewerkt), "
            f"{self.niet_gekoppeld} rijen van het bestand niet gekoppeld, "
            f"{self.na_peildatum} registraties na de peildatum genegeerd, "
            f"{self.zonder_label} woningen zonder label"
        )


def _ep_tekst(data: bytes | IO[bytes]) -> IO[str]:
    if isinstance(data, bytes):
        return io.StringIO(_decodeer(data), newline="")
    data.seek(0)
    return io.TextIOWrapper(data, encoding="utf-8-sig", errors="replace", newline="")


def _ep_sha256(data: bytes | IO[bytes]) -> str:
    if isinstance(data, bytes):
        return _sha256(data)
    data.seek(0)
    h = hashlib.sha256()
    while blok := data.read(1024 * 1024):
        h.update(blok)
    return h.hexdigest()


def _ep_rijen(data: bytes | IO[bytes], bestandsnaam: str) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of an EP-Online export: preamble lines skipped up to the header row (the first
    line with Pand_bagverblijfsobjectid), then (line number, {needed column: text}). ``data``
    may be an open binary file: the national export (millions of rows) is streamed."""
    if isinstance(data, bytes) and not data.strip():
        raise ImportFouten(Fout("", None, None, "het bestand is leeg.", bestand=bestandsnaam))
    tekst = _ep_tekst(data)
    try:
        yield from _ep_rijen_uit(tekst, bestandsnaam)
    finally:
        if isinstance(tekst, io.TextIOWrapper):
            tekst.detach()  # leave the caller's file open


def _ep_rijen_uit(tekst: IO[str], bestandsnaam: str) -> Iterator[tuple[int, dict[str, str]]]:
    index: dict[str, int] | None = None
    for nummer, waarden in enumerate(csv.reader(tekst, delimiter=";"), start=1):
        if index is None:
            kop = {w.strip().casefold(): i for i, w in enumerate(waarden)}
            if EP_VBO.casefold() in kop:
                ontbreekt = [k for k in EP_VERPLICHT if k.casefold() not in kop]
                if ontbreekt:
                    raise ImportFouten(
                        Fout(
                            "",
                            nummer,
                            None,
                            "de kopregel mist de kolom"
                            + ("men " if len(ontbreekt) > 1 else " ")
                            + ", ".join(ontbreekt)
                            + ".",
                            bestand=bestandsnaam,
                        )
                    )
                index = {k: kop[k.casefold()] for k in EP_VERPLICHT}
            elif nummer >= EP_MAX_PREAMBULE:
                break
            continue
        yield (
            nummer,
            {k: (waarden[i].strip() if i < len(waarden) else "") for k, i in index.items()},
        )
    if index is None:
        raise ImportFouten(
            Fout(
                "",
                None,
                None,
                f"dit is geen EP-Online-export: geen kopregel met {EP_VBO} in de eerste "
                f"{EP_MAX_PREAMBULE} regels.",
                bestand=bestandsnaam,
            )
        )


def labels_uit_ep_online(
    *, opname: Voorraadopname, data: bytes | IO[bytes], bestandsnaam: str, acting_user
) -> LabelKoppeling:
    """Match an EP-Online bulk export onto the opname's dwellings by VBO-id and store label and
    registratiedatum (most recent registration wins; one registered after the peildatum is left
    out). Rows of other dwellings are counted, not checked. ImportFouten (nothing written) when a
    matching row has an unknown class or date; PermissionDenied unless the user delivers this
    corporation's stock."""
    if acting_user is None or not has_capability(
        acting_user, WOONDATA_AANLEVEREN, kader=opname.kader, organisatie=opname.corporatie
    ):
        raise PermissionDenied(
            f"U mag de energielabels van {naam(opname.corporatie)} niet aanleveren; alleen "
            f"{naam(opname.corporatie)} zelf levert haar woningen aan."
        )
    sha256 = _ep_sha256(data)
    woningen = dict(Woning.objects.filter(opname=opname).values_list("vbo_id", "pk"))
    beste: dict[str, tuple[datetime.date, int, int]] = {}  # vbo -> (datum, rij, label)
    niet_gekoppeld = na_peildatum = 0
    fouten: list[Fout] = []

    def fout(rij: int, kolom: str, melding: str) -> None:
        if len(fouten) < MAX_FOUTEN:
            fouten.append(Fout("", rij, kolom, melding, bestand=bestandsnaam))

    for nummer, rij in _ep_rijen(data, bestandsnaam):
        vbo = _vbo(rij[EP_VBO])
        if vbo not in woningen:
            niet_gekoppeld += 1
            continue
        try:
            label = _label(rij[EP_KLASSE])
        except KeyError:
            fout(nummer, EP_KLASSE, f"onbekende energieklasse '{rij[EP_KLASSE]}' (VBO-id {vbo}).")
            continue
        try:
            datum = _datum(rij[EP_DATUM])
        except ValueError:
            fout(nummer, EP_DATUM, f"'{rij[EP_DATUM]}' is geen datum (VBO-id {vbo}).")
            continue
        if label is None or datum is None:
            niet_gekoppeld += 1
            continue
        if datum > opname.peildatum:
            na_peildatum += 1
            continue
        if vbo not in beste or (datum, nummer) >= beste[vbo][:2]:
            beste[vbo] = (datum, nummer, label)
    if fouten:
        raise ImportFouten(fouten)
    treffers = [
        LabelTreffer(woningen[vbo], label, datum) for vbo, (datum, _, label) in beste.items()
    ]
    with transaction.atomic():
        try:
            bijgewerkt = services.labels_vastleggen(
                opname=opname,
                treffers=treffers,
                bestandsnaam=bestandsnaam,
                sha256=sha256,
                samenvatting={
                    "gekoppeld": len(treffers),
                    "niet_gekoppeld": niet_gekoppeld,
                    "na_peildatum": na_peildatum,
                },
                acting_user=acting_user,
            )
        except ValidationError as exc:  # the opname was replaced meanwhile
            raise ImportFouten(
                Fout("", None, None, " ".join(exc.messages), bestand=bestandsnaam)
            ) from None
        zonder_label = Woning.objects.filter(opname=opname, energielabel__isnull=True).count()
    return LabelKoppeling(len(treffers), niet_gekoppeld, na_peildatum, zonder_label, bijgewerkt)


# ---------------------------------------------------------------------------------------------
# Export: the same columns


def woning_rijen(
    *, kader: Afsprakenkader, user, corporatie=None, peildatum=None, leeg: bool = False
) -> Iterator[dict]:
    """One dict per dwelling the user may see in detail (own corporation), by column title;
    ``leeg``: none (the export is then the template: the header only)."""
    if leeg:
        return
    qs = Woning.objects.visible_to(user).filter(opname__kader=kader)
    if corporatie is not None:
        qs = qs.filter(opname__corporatie=corporatie)
    if peildatum is not None:
        qs = qs.filter(opname__peildatum=peildatum)
    for w in (
        qs.select_related("opname__corporatie")
        .order_by("opname__corporatie__korte_naam", "opname__peildatum", "vbo_id")
        .iterator(chunk_size=5000)
    ):
        yield {
            "Corporatie": naam(w.opname.corporatie),
            "Peildatum": w.opname.peildatum,
            "VBO-id": w.vbo_id,
            "Kern": w.kern,
            "Energielabel": LABEL_TEKST.get(w.energielabel, "") if w.energielabel else "",
            "Registratiedatum": w.registratiedatum,
            "Huurprijs": w.huurprijs,
        }


def _tekst(waarde: Any) -> str:
    if waarde is None:
        return ""
    if isinstance(waarde, datetime.date):
        return waarde.isoformat()
    if isinstance(waarde, Decimal):
        return f"{waarde:.2f}".replace(".", ",")
    return str(formule_neutraliseren(waarde))


def woningvoorraad_csv(*, kader: Afsprakenkader, user, **filters) -> bytes:
    uit = io.StringIO()
    schrijver = csv.writer(uit, delimiter=";", lineterminator="\r\n")
    schrijver.writerow(KOLOMMEN)
    for rij in woning_rijen(kader=kader, user=user, **filters):
        schrijver.writerow([_tekst(rij[k]) for k in KOLOMMEN])
    return uit.getvalue().encode("utf-8-sig")


def woningvoorraad_xlsx(*, kader: Afsprakenkader, user, **filters) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(BLAD)
    sheet.append(list(KOLOMMEN))
    for rij in woning_rijen(kader=kader, user=user, **filters):
        cellen = []
        for k in KOLOMMEN:
            waarde = rij[k]
            if isinstance(waarde, str):
                waarde = formule_neutraliseren(waarde)
            cel = WriteOnlyCell(sheet, value=waarde)
            if isinstance(waarde, datetime.date):
                cel.number_format = "yyyy-mm-dd"
            elif k == "VBO-id":
                cel.number_format = "@"  # text: keep the leading zero
            elif isinstance(waarde, Decimal):
                cel.number_format = "0.00"
            cellen.append(cel)
        sheet.append(cellen)
    uit = io.BytesIO()
    workbook.save(uit)
    return uit.getvalue()


def export_woningvoorraad(*, kader: Afsprakenkader, formaat: str, user, **filters) -> Export:
    """``filters``: corporatie, peildatum, or ``leeg=True`` for the template (header only)."""
    basis = "woningvoorraad-sjabloon" if filters.get("leeg") else f"woningvoorraad-{kader.slug}"
    if formaat == "csv":
        return Export(
            woningvoorraad_csv(kader=kader, user=user, **filters),
            CSV_CONTENT_TYPE,
            f"{basis}.csv",
        )
    if formaat == "xlsx":
        return Export(
            woningvoorraad_xlsx(kader=kader, user=user, **filters),
            XLSX_CONTENT_TYPE,
            f"{basis}.xlsx",
        )
    raise ValueError(f"Onbekend formaat {formaat!r}; kies csv of xlsx.")


# ---------------------------------------------------------------------------------------------
# Command line (prestatiemonitor importeer-labels; importeer-woonruimte --soort labels)


def _corporatie_voor(kader: Afsprakenkader, user, corporatie: str | None) -> Organisatie:
    from django.core.management.base import CommandError

    from prestatiemonitor.organisaties.permissions import organisaties_met

    partijen = Organisatie.objects.filter(
        pk__in=partij_ids(kader), soort=OrganisatieSoort.WONINGCORPORATIE
    )
    if corporatie:
        gevonden = [
            o
            for o in partijen
            if corporatie.strip().casefold()
            in {n.casefold() for n in [o.slug, o.naam, o.korte_naam, *(o.aliassen or [])] if n}
        ]
        if not gevonden:
            raise CommandError(f"Geen corporatie {corporatie!r} bij dit afsprakenkader.")
        return gevonden[0]
    eigen = list(partijen.filter(pk__in=organisaties_met(user, WOONDATA_AANLEVEREN)))
    if len(eigen) != 1:
        raise CommandError("Geef --corporatie: bij welke corporatie horen de labels?")
    return eigen[0]


def cli_importeren(
    *,
    pad: str,
    kader_slug: str,
    als: str | None = None,
    peildatum: str | None = None,
    ep_online: bool = False,
    corporatie: str | None = None,
) -> str:
    """What ``importeer-labels`` (and ``importeer-woonruimte --soort labels``) does: import a
    "Woningvoorraad met labels" file, or with ``ep_online`` match an EP-Online export onto the
    opname of (corporatie, peildatum). Returns the line to print; CommandError with every error
    (nothing stored) otherwise. Without ``als`` the import runs as SYSTEEM."""
    import importlib
    from pathlib import Path

    from django.core.management.base import CommandError

    plannen = importlib.import_module(
        "prestatiemonitor.planmonitor.management.commands.importeer-plannen"
    )
    user = plannen._export.gebruiker(als)
    kader = plannen.kader_van(user, kader_slug)
    datum = None
    if peildatum:
        try:
            datum = datetime.date.fromisoformat(peildatum)
        except ValueError:
            raise CommandError(f"--peildatum {peildatum!r} is geen datum JJJJ-MM-DD.") from None
    path = Path(pad)
    try:
        if ep_online:
            path.open("rb").close()  # readable? The EP-Online export is streamed below.
            data = b""
        else:
            data = path.read_bytes()
    except OSError as exc:
        raise CommandError(f"{pad}: het bestand kan niet worden gelezen ({exc.strerror}).") from exc
    try:
        if ep_online:
            org = _corporatie_voor(kader, user, corporatie)
            qs = Voorraadopname.objects.filter(kader=kader, corporatie=org)
            opname = (qs.filter(peildatum=datum) if datum else qs.order_by("-peildatum")).first()
            if opname is None:
                raise CommandError(
                    f"Er is geen woningvoorraad van {naam(org)}"
                    + (f" per {datum:%d-%m-%Y}" if datum else "")
                    + "; lever eerst de woningvoorraad aan."
                )
            with path.open("rb") as bestand:
                koppeling = labels_uit_ep_online(
                    opname=opname, data=bestand, bestandsnaam=path.name, acting_user=user
                )
            return (
                f"EP-Online {naam(org)} per {opname.peildatum:%d-%m-%Y}: {koppeling.samenvatting}."
            )
        resultaat = importeren(
            kader=kader, data=data, bestandsnaam=path.name, acting_user=user, peildatum=datum
        )
    except ImportFouten as exc:
        raise CommandError(
            f"Import geweigerd ({len(exc.fouten)} "
            f"{'fout' if len(exc.fouten) == 1 else 'fouten'}); er is niets opgeslagen.\n"
            + "\n".join(exc.meldingen)
        ) from exc
    except PermissionDenied as exc:
        raise CommandError(f"{exc} Er is niets opgeslagen.") from exc
    return f"Woningvoorraad {kader_slug}: {resultaat.samenvatting}."
