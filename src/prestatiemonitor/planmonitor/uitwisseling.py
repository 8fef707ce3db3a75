"""The planmonitor in and out of Excel and CSV, in one format (docs/planmonitor-excel.md).

Two sheets, each also a ``;``-separated CSV file (which one is recognised by its header):
``Projecten`` (PROJECT_KOLOMMEN) and ``Mutaties`` (MUTATIE_KOLOMMEN). The export is the
template: what ``planmonitor_xlsx`` writes, ``importeren`` reads back unchanged.

Import: ``importeren(*, kader, data, bestandsnaam, acting_user) -> ImportResultaat``.

1. Read every row of every sheet (``lees_bestand``): header in row 1, a row number as Excel
   shows it (header = row 1), the value per column title.
2. Check every row and collect every error (``Fout``: sheet, row, column, message in Dutch):
   values, sum of the segments, known hardness/phase/party, delivery year, duplicates in the
   file, and whether the acting user may write that row (a corporation only its own projects
   and mutations; an unchanged row is not a write and is no error). ``import_plan`` does this
   and writes nothing.
3. When any row fails: ``ImportFouten`` with all of them; nothing is written. Otherwise every
   write goes through the services (``project_aanmaken``, ``project_wijzigen``,
   ``mutatie_opslaan``) in one transaction; a refusal or validation error of a service there
   becomes a row error too and rolls everything back.

Projects are matched on projectcode within the kader's gemeente (the code is unique there). An
existing project is changed only when a column differs, through ``project_wijzigen`` with the
fields the sheet does not carry (location, woningtypen, knelpunten, vertrouwelijk, …) kept as
they are; so re-importing an export changes nothing and writes no history. Mutations are keyed
by (corporatie, jaar, soort, segment, status), as the model's unique constraint; the import
adds and updates, it never deletes.

Formulas are never evaluated: the workbook is read with ``data_only=False`` (shared
``werkmap_laden`` of the jaarschijf), so a formula cell arrives as its text. In a text column
that text is stored as text; in a number column it is an error ("de cel bevat een formule").
On export every text that a spreadsheet would run as a formula gets a leading ``'``
(``formule_neutraliseren``) and is stored as a text cell; the import strips that ``'`` again
(``celtekst``), so the round trip is exact.

Concurrent edits: the XLSX export carries a hidden sheet ``Versies`` (per project and mutation
its versie at download). A row whose record has another versie now *and* whose content differs
from what is stored is an error: it would overwrite an edit made after the download. A CSV file
(no such sheet) is compared with what is stored now only.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify

from prestatiemonitor.afspraken.exporters import Export, formule_neutraliseren
from prestatiemonitor.afspraken.models import Afsprakenkader
from prestatiemonitor.audit.services import audit_record_create
from prestatiemonitor.jaarschijven.uitwisseling import (
    XLSX_CONTENT_TYPE,
    WerkmapOngeldig,
    celtekst,
    werkmap_laden,
)
from prestatiemonitor.organisaties.constants import OrganisatieSoort
from prestatiemonitor.organisaties.models import Organisatie

from . import services
from .constants import (
    SEGMENTEN,
    EigenaarSoort,
    Fase,
    MutatieSegment,
    MutatieSoort,
    Realisatie,
    Segment,
)
from .models import Bouwproject, Hardheid, Voorraadmutatie
from .permissions import mag_mutatie_bewerken, mag_plan_invoeren, mag_project_bewerken
from .prognose import Prognose, Tabel

PROJECTEN_BLAD = "Projecten"
MUTATIES_BLAD = "Mutaties"
VERSIES_BLAD = "Versies"  # hidden: the versie of each project and mutation at download

# Column title -> segment field, in the sheet's order (the labels of constants.Segment).
SEGMENT_KOLOMMEN = {str(s.label).capitalize(): s.value for s in Segment}
PROJECT_KOLOMMEN = (
    "Projectcode",
    "Naam",
    "Kern",
    "Eigenaar",
    "Soort eigenaar",
    "Hardheid",
    "Fase",
    "Oplevering",
    *SEGMENT_KOLOMMEN,
    "Totaal",
    "Instandhoudingstermijn",
    "Toelichting",
)
MUTATIE_KOLOMMEN = ("Corporatie", "Jaar", "Soort", "Segment", "Aantal", "Status", "Toelichting")
BLADEN = {PROJECTEN_BLAD: PROJECT_KOLOMMEN, MUTATIES_BLAD: MUTATIE_KOLOMMEN}
VERPLICHT = {
    PROJECTEN_BLAD: (
        "Projectcode",
        "Naam",
        "Kern",
        "Soort eigenaar",
        "Hardheid",
        "Fase",
        "Oplevering",
        "Totaal",
    ),
    MUTATIES_BLAD: ("Corporatie", "Jaar", "Soort", "Segment", "Aantal", "Status"),
}
MAX_RIJEN = 20_000  # per sheet
MAX_TEKST = {"Projectcode": 40, "Naam": 200, "Kern": 100, "Eigenaar": 200}
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

_OPLEVERING = re.compile(r"^(\d{1,4})(?:\s*-?\s*Q([1-4]))?$", re.IGNORECASE)
_GETAL = re.compile(r"^[+-]?\d+$")


# ---------------------------------------------------------------------------------------------
# Errors and results


@dataclass(frozen=True)
class Fout:
    """One error: where (sheet, row as Excel numbers it, column title) and what, in Dutch.
    ``rij`` and ``kolom`` are None for an error of the whole file or sheet."""

    blad: str
    rij: int | None
    kolom: str | None
    melding: str
    letter: str | None = None  # the column letter in the file, when known

    def __str__(self) -> str:
        plaats = [f"blad {self.blad}"] if self.blad else []
        if self.rij is not None:
            plaats.append(f"rij {self.rij}")
        if self.kolom:
            plaats.append(
                f"kolom {self.letter} ({self.kolom})" if self.letter else f"kolom {self.kolom}"
            )
        return (", ".join(plaats) + ": " if plaats else "") + self.melding


class ImportFouten(Exception):
    """The file cannot be imported; nothing has been written. ``fouten``: every error."""

    def __init__(self, fouten: Iterable[Fout] | Fout):
        self.fouten = [fouten] if isinstance(fouten, Fout) else list(fouten)
        super().__init__("\n".join(str(f) for f in self.fouten))

    @property
    def meldingen(self) -> list[str]:
        return [str(f) for f in self.fouten]


@dataclass
class ImportResultaat:
    """What an import wrote: project codes per outcome and the number of mutations."""

    nieuw: list[str] = field(default_factory=list)
    gewijzigd: list[str] = field(default_factory=list)
    ongewijzigd: list[str] = field(default_factory=list)
    mutaties_nieuw: int = 0
    mutaties_gewijzigd: int = 0
    mutaties_ongewijzigd: int = 0

    @property
    def leeg(self) -> bool:
        return not (self.nieuw or self.gewijzigd or self.mutaties_nieuw or self.mutaties_gewijzigd)

    @property
    def samenvatting(self) -> str:
        return (
            f"projecten: {len(self.nieuw)} nieuw, {len(self.gewijzigd)} gewijzigd, "
            f"{len(self.ongewijzigd)} ongewijzigd; mutaties: {self.mutaties_nieuw} nieuw, "
            f"{self.mutaties_gewijzigd} gewijzigd, {self.mutaties_ongewijzigd} ongewijzigd"
        )


# ---------------------------------------------------------------------------------------------
# Reading: XLSX or CSV into sheets of rows


@dataclass
class Blad:
    naam: str  # PROJECTEN_BLAD or MUTATIES_BLAD
    letters: dict[str, str]  # column title -> letter in the file
    rijen: list[tuple[int, dict[str, Any]]]  # (row number, {column title: raw value})


@dataclass
class Bestand:
    bladen: dict[str, Blad]
    kader_slug: str = ""  # from the hidden sheet Versies, "" without one
    versies: dict[tuple[str, str], int] = field(default_factory=dict)  # (blad, sleutel) -> versie


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _kop(blad: str, waarden: list) -> tuple[dict[int, str], list[Fout]]:
    """The header row: {index: canonical title} or errors (missing, unknown, doubled)."""
    verwacht = {k.casefold(): k for k in BLADEN[blad]}
    kolommen: dict[int, str] = {}
    fouten = []
    for index, waarde in enumerate(waarden):
        tekst = celtekst(waarde)
        if not tekst:
            continue
        titel = verwacht.get(tekst.casefold())
        if titel is None:
            fouten.append(
                Fout(
                    blad,
                    1,
                    tekst,
                    f"onbekende kolom '{tekst}'; dit blad heeft de kolommen "
                    + ", ".join(BLADEN[blad])
                    + ".",
                    _letter(index),
                )
            )
        elif titel in kolommen.values():
            fouten.append(Fout(blad, 1, titel, "deze kolom staat er twee keer in.", _letter(index)))
        else:
            kolommen[index] = titel
    ontbreekt = [k for k in BLADEN[blad] if k not in kolommen.values()]
    if ontbreekt:
        fouten.append(
            Fout(
                blad,
                1,
                None,
                "de kopregel mist de kolom"
                + ("men " if len(ontbreekt) > 1 else " ")
                + ", ".join(ontbreekt)
                + ".",
            )
        )
    return kolommen, fouten


def _blad_uit_rijen(naam: str, rijen: Iterable[tuple[int, list]]) -> tuple[Blad, list[Fout]]:
    blad = Blad(naam, {}, [])
    kolommen: dict[int, str] | None = None
    fouten: list[Fout] = []
    for nummer, waarden in rijen:
        if kolommen is None:
            kolommen, fouten = _kop(naam, waarden)
            blad.letters = {titel: _letter(i) for i, titel in kolommen.items()}
            if fouten:
                return blad, fouten
            continue
        if all(celtekst(w) == "" for w in waarden):
            continue
        if len(blad.rijen) >= MAX_RIJEN:
            return blad, [
                Fout(naam, None, None, f"meer dan {MAX_RIJEN} rijen; splits het bestand.")
            ]
        blad.rijen.append(
            (
                nummer,
                {titel: waarden[i] if i < len(waarden) else None for i, titel in kolommen.items()},
            )
        )
    if kolommen is None:
        fouten.append(Fout(naam, 1, None, "het blad is leeg; rij 1 moet de kolomnamen bevatten."))
    return blad, fouten


def _lees_xlsx(data: bytes, bestandsnaam: str) -> Bestand:
    geen_excel = (
        "dit is geen Excel-werkmap (.xlsx) en geen CSV-bestand (.csv). Gebruik de geëxporteerde "
        "planmonitor als sjabloon."
    )
    try:
        workbook = werkmap_laden(
            data, max_bytes=settings.JAARSCHIJF_IMPORT_MAX_BYTES, geen_excel=geen_excel
        )
    except WerkmapOngeldig as exc:
        raise ImportFouten(Fout("", None, None, f"{bestandsnaam}: {exc}")) from None
    try:
        namen = {n.casefold(): n for n in workbook.sheetnames}
        gevonden = [b for b in BLADEN if b.casefold() in namen]
        if not gevonden:
            raise ImportFouten(
                Fout(
                    "",
                    None,
                    None,
                    f"{bestandsnaam}: de werkmap heeft geen blad {PROJECTEN_BLAD} of "
                    f"{MUTATIES_BLAD} (gevonden: {', '.join(workbook.sheetnames)}).",
                )
            )
        bestand = Bestand({})
        fouten: list[Fout] = []
        for naam in gevonden:
            sheet = workbook[namen[naam.casefold()]]
            blad, blad_fouten = _blad_uit_rijen(
                naam,
                ((i, list(w)) for i, w in enumerate(sheet.iter_rows(values_only=True), start=1)),
            )
            bestand.bladen[naam] = blad
            fouten += blad_fouten
        if VERSIES_BLAD.casefold() in namen:
            _lees_versies(workbook[namen[VERSIES_BLAD.casefold()]], bestand)
    finally:
        workbook.close()
    if fouten:
        raise ImportFouten(fouten)
    return bestand


def _lees_versies(sheet, bestand: Bestand) -> None:
    rijen = sheet.iter_rows(values_only=True)
    eerste = next(rijen, None)
    if not eerste or len(eerste) < 2 or celtekst(eerste[0]) != "Kader":
        return
    bestand.kader_slug = celtekst(eerste[1])
    next(rijen, None)  # the header: Blad, Sleutel, Versie
    for aantal, waarden in enumerate(rijen):
        if aantal >= 2 * MAX_RIJEN or len(waarden) < 3:
            break
        blad, sleutel, versie = (celtekst(w) for w in waarden[:3])
        if blad in BLADEN and versie.isdigit():
            bestand.versies[(blad, sleutel)] = int(versie)


def _lees_csv(data: bytes, bestandsnaam: str) -> Bestand:
    if not data.strip():
        raise ImportFouten(Fout("", None, None, f"{bestandsnaam}: het bestand is leeg."))
    if len(data) > settings.JAARSCHIJF_IMPORT_MAX_BYTES:
        raise ImportFouten(Fout("", None, None, f"{bestandsnaam}: het bestand is te groot."))
    try:
        tekst = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        tekst = data.decode("cp1252", errors="replace")  # Excel's "CSV (puntkomma)" in NL
    rijen = list(csv.reader(io.StringIO(tekst, newline=""), delimiter=";"))
    kop = [c.strip().casefold() for c in rijen[0]] if rijen else []
    if len(kop) == 1 and "," in kop[0]:
        raise ImportFouten(
            Fout(
                "",
                None,
                None,
                f"{bestandsnaam}: de kolommen zijn gescheiden door komma's; gebruik een "
                "puntkomma (;), zoals Excel 'CSV (gescheiden door lijstscheidingsteken)' doet.",
            )
        )
    treffers = {
        naam: len(set(kop) & {k.casefold() for k in kolommen}) for naam, kolommen in BLADEN.items()
    }
    naam = max(treffers, key=lambda n: treffers[n])
    if treffers[naam] < 3:
        raise ImportFouten(
            Fout(
                "",
                None,
                None,
                f"{bestandsnaam}: rij 1 is niet de kopregel van {PROJECTEN_BLAD} "
                f"({', '.join(PROJECT_KOLOMMEN)}) of van {MUTATIES_BLAD} "
                f"({', '.join(MUTATIE_KOLOMMEN)}).",
            )
        )
    blad, fouten = _blad_uit_rijen(naam, enumerate(rijen, start=1))
    if fouten:
        raise ImportFouten(fouten)
    return Bestand({naam: blad})


def lees_bestand(data: bytes, *, bestandsnaam: str) -> Bestand:
    """The sheets of an XLSX workbook (Projecten and/or Mutaties) or of one CSV file. Raises
    ImportFouten for a file that cannot be read or a header that is not the format's."""
    naam = bestandsnaam.lower()
    if naam.endswith(".xls") or (not naam.endswith(".csv") and data.startswith(b"\xd0\xcf")):
        raise ImportFouten(
            Fout(
                "",
                None,
                None,
                f"{bestandsnaam}: dit is een oud Excel-bestand (.xls); sla het op als "
                "Excel-werkmap (.xlsx) of als CSV.",
            )
        )
    if naam.endswith((".csv", ".txt")) or (
        not naam.endswith((".xlsx", ".xlsm")) and not data.startswith(b"PK")
    ):
        return _lees_csv(data, bestandsnaam)
    return _lees_xlsx(data, bestandsnaam)


# ---------------------------------------------------------------------------------------------
# Checking: every row, every error


@dataclass
class ProjectActie:
    rij: int
    gegevens: services.ProjectGegevens
    project: Bouwproject | None  # None: a new project
    versie: int | None = None


@dataclass
class MutatieActie:
    rij: int
    corporatie: Organisatie
    jaar: int
    soort: str
    segment: str
    aantal: int
    status: str
    toelichting: str
    bestaand: Voorraadmutatie | None
    versie: int | None = None


@dataclass
class ImportPlan:
    """What an import would write; ``import_plan`` returns it without writing."""

    projecten: list[ProjectActie] = field(default_factory=list)  # new and changed
    ongewijzigd: list[str] = field(default_factory=list)
    mutaties: list[MutatieActie] = field(default_factory=list)  # new and changed
    mutaties_ongewijzigd: int = 0


def mutatie_sleutel(corporatie_id: int, jaar: int, soort: str, segment: str, status: str) -> str:
    """How the hidden sheet Versies names a mutation."""
    return f"{corporatie_id}/{jaar}/{soort}/{segment}/{status}"


def _keuze(waarde: str, choices) -> str | None:
    """The value of a TextChoices by value or label, case-insensitive ('vergunning verleend',
    'vergunning_verleend')."""
    sleutel = waarde.strip().casefold().replace("_", " ")
    for c in choices:
        if sleutel in (c.value.replace("_", " "), str(c.label).casefold()):
            return c.value
    return None


def _lijst(choices) -> str:
    return ", ".join(str(c.label) for c in choices)


def _vergelijkbaar(g) -> tuple:
    """The fields the sheet carries, of a project or of ProjectGegevens, to compare."""
    return (
        g.naam.strip(),
        g.kern.strip(),
        g.eigenaar_soort,
        g.eigenaar.pk if g.eigenaar else None,
        (g.eigenaar_naam or "").strip(),
        g.hardheid.pk,
        g.fase,
        g.oplevering_jaar,
        g.oplevering_kwartaal,
        *(getattr(g, s) for s in SEGMENTEN),
        g.totaal,
        g.instandhoudingstermijn,
        (g.toelichting or "").strip(),
    )


# Which column a model field (in a ValidationError of the model's clean) belongs to.
_VELD_KOLOM = {
    "projectcode": "Projectcode",
    "naam": "Naam",
    "kern": "Kern",
    "eigenaar": "Eigenaar",
    "eigenaar_naam": "Eigenaar",
    "eigenaar_soort": "Soort eigenaar",
    "hardheid": "Hardheid",
    "fase": "Fase",
    "oplevering_jaar": "Oplevering",
    "oplevering_kwartaal": "Oplevering",
    **{veld: titel for titel, veld in SEGMENT_KOLOMMEN.items()},
    "totaal": "Totaal",
    "instandhoudingstermijn": "Instandhoudingstermijn",
    "toelichting": "Toelichting",
    # Stored fields the sheet does not carry fail because the total changed.
    "eengezins": "Totaal",
    "meergezins": "Totaal",
    "nultreden": "Totaal",
    "geclusterd": "Totaal",
    "flex": "Totaal",
}


def _klein(tekst: str) -> str:
    """A sentence after "blad …, rij …:" starts in lower case, an abbreviation ('WSN') not."""
    return tekst if tekst[1:2].isupper() else tekst[:1].lower() + tekst[1:]


class _Controle:
    """Checks a file row by row against the kader, collecting every error."""

    def __init__(self, kader: Afsprakenkader, acting_user, bestand: Bestand):
        self.kader = kader
        self.user = acting_user
        self.bestand = bestand
        self.versies = bestand.versies if bestand.kader_slug == kader.slug else {}
        self.fouten: list[Fout] = []
        self.hardheden = {h.code.casefold(): h for h in Hardheid.objects.all()}
        self._partijen: dict[str, Organisatie | None] = {}
        self._mag: dict[tuple, bool] = {}
        self.corporaties = [
            o
            for o in (
                p.organisatie
                for p in kader.partij_set.select_related("organisatie").order_by("volgorde", "pk")
            )
            if o.soort == OrganisatieSoort.WONINGCORPORATIE
        ]

    # -- helpers -------------------------------------------------------------------------------

    def fout(self, blad: str, rij: int | None, kolom: str | None, melding: str) -> None:
        letter = self.bestand.bladen[blad].letters.get(kolom) if kolom else None
        self.fouten.append(Fout(blad, rij, kolom, melding, letter))

    def partij(self, naam: str) -> Organisatie | None:
        sleutel = naam.strip().casefold()
        if sleutel not in self._partijen:
            self._partijen[sleutel] = services.eigenaar_uit_naam(self.kader, naam)
        return self._partijen[sleutel]

    def corporatie_namen(self) -> str:
        return ", ".join(naam(o) for o in self.corporaties) or "geen"

    def heel_getal(
        self, blad: str, rij: int, kolom: str, waarde: Any, *, minimum: int | None = 0
    ) -> int | None:
        """A whole number, or None (and an error) — also for an empty cell."""
        if isinstance(waarde, bool):
            self.fout(blad, rij, kolom, f"'{celtekst(waarde)}' is geen heel getal.")
            return None
        if isinstance(waarde, float) and waarde.is_integer():
            waarde = int(waarde)
        if isinstance(waarde, int):
            getal = waarde
        else:
            tekst = celtekst(waarde) if not isinstance(waarde, str) else waarde.strip()
            if tekst.startswith("="):
                self.fout(
                    blad,
                    rij,
                    kolom,
                    f"de cel bevat een formule ({tekst}); formules worden niet uitgerekend. "
                    "Typ het getal zelf in.",
                )
                return None
            tekst = celtekst(tekst)
            if not _GETAL.match(tekst.replace(" ", "")):
                self.fout(blad, rij, kolom, f"'{tekst}' is geen heel getal.")
                return None
            getal = int(tekst.replace(" ", ""))
        if minimum == 0 and getal < 0:
            self.fout(blad, rij, kolom, f"negatief aantal ({getal}); vul 0 of meer in.")
            return None
        if minimum == 1 and getal < 1:
            self.fout(
                blad, rij, kolom, f"het aantal moet een heel getal groter dan 0 zijn (nu: {getal})."
            )
            return None
        return getal

    def jaar(self, blad: str, rij: int, kolom: str, jaar: int) -> int | None:
        if not 2000 <= jaar <= 2100:
            self.fout(blad, rij, kolom, f"het jaar {jaar} ligt niet tussen 2000 en 2100.")
            return None
        return jaar

    def mag(self, sleutel: tuple, functie, *args) -> bool:
        if sleutel not in self._mag:
            self._mag[sleutel] = functie(self.user, *args)
        return self._mag[sleutel]

    # -- projects ------------------------------------------------------------------------------

    def projecten(self, blad: Blad, plan: ImportPlan) -> None:
        codes = [celtekst(c.get("Projectcode")) for _, c in blad.rijen]
        bestaand = {
            p.projectcode: p
            for p in Bouwproject.objects.filter(
                gemeente_id=self.kader.gemeente_id, projectcode__in=[c for c in codes if c]
            )
            .select_related("hardheid", "eigenaar", "kader")
            .prefetch_related("knelpunten", "opleveringen")
        }
        gezien: dict[str, int] = {}
        for rij, cellen in blad.rijen:
            self.project(rij, cellen, bestaand, gezien, plan)

    def project(self, rij, cellen, bestaand, gezien, plan: ImportPlan) -> None:
        B = PROJECTEN_BLAD
        voor = len(self.fouten)
        tekst = {k: celtekst(v) for k, v in cellen.items()}
        for kolom in VERPLICHT[B]:
            if not tekst.get(kolom):
                self.fout(B, rij, kolom, "deze kolom is verplicht; vul hem in.")
        for kolom, maximum in MAX_TEKST.items():
            if len(tekst.get(kolom, "")) > maximum:
                self.fout(
                    B, rij, kolom, f"te lang ({len(tekst[kolom])} tekens; hooguit {maximum})."
                )
        code = tekst.get("Projectcode", "")
        if code:
            if code in gezien:
                self.fout(
                    B,
                    rij,
                    "Projectcode",
                    f"projectcode {code} staat ook in rij {gezien[code]}; elke projectcode mag "
                    "één keer in het bestand staan.",
                )
            else:
                gezien[code] = rij
        project = bestaand.get(code)
        if project is not None and project.kader_id != self.kader.pk:
            self.fout(
                B,
                rij,
                "Projectcode",
                f"projectcode {code} hoort bij een ander afsprakenkader van deze gemeente "
                f"({project.kader.titel}); kies een andere code.",
            )
            project = None

        soort = None
        if tekst.get("Soort eigenaar"):
            soort = _keuze(tekst["Soort eigenaar"], EigenaarSoort)
            if soort is None:
                self.fout(
                    B,
                    rij,
                    "Soort eigenaar",
                    f"onbekende soort eigenaar '{tekst['Soort eigenaar']}'; kies uit: "
                    f"{_lijst(EigenaarSoort)}.",
                )
        eigenaar, eigenaar_naam = self.eigenaar(rij, soort, tekst.get("Eigenaar", ""))

        hardheid = None
        if tekst.get("Hardheid"):
            hardheid = self.hardheden.get(tekst["Hardheid"].casefold().replace(" ", ""))
            if hardheid is None:
                self.fout(
                    B,
                    rij,
                    "Hardheid",
                    f"onbekende hardheid '{tekst['Hardheid']}'; kies uit: "
                    + ", ".join(h.code for h in self.hardheden.values())
                    + ".",
                )
        fase = None
        if tekst.get("Fase"):
            fase = _keuze(tekst["Fase"], Fase)
            if fase is None:
                self.fout(
                    B,
                    rij,
                    "Fase",
                    f"onbekende fase '{tekst['Fase']}'; kies uit: {_lijst(Fase)}.",
                )
        jaar = kwartaal = None
        if tekst.get("Oplevering"):
            m = _OPLEVERING.match(tekst["Oplevering"].replace(" ", ""))
            if m is None:
                self.fout(
                    B,
                    rij,
                    "Oplevering",
                    f"'{tekst['Oplevering']}' is geen oplevering; schrijf een jaar (2026) of een "
                    "jaar en kwartaal (2026-Q3).",
                )
            else:
                jaar = self.jaar(B, rij, "Oplevering", int(m.group(1)))
                kwartaal = int(m.group(2)) if m.group(2) else None
        segmenten = {}
        for titel, veld in SEGMENT_KOLOMMEN.items():
            segmenten[veld] = (
                self.heel_getal(B, rij, titel, cellen.get(titel)) if tekst.get(titel) else 0
            )
        totaal = (
            self.heel_getal(B, rij, "Totaal", cellen["Totaal"]) if tekst.get("Totaal") else None
        )
        instandhouding = (
            self.heel_getal(B, rij, "Instandhoudingstermijn", cellen["Instandhoudingstermijn"])
            if tekst.get("Instandhoudingstermijn")
            else None
        )
        if totaal is not None and None not in segmenten.values():
            som = sum(segmenten.values())  # type: ignore[arg-type]
            if som != totaal:
                self.fout(
                    B,
                    rij,
                    "Totaal",
                    f"de segmenten tellen op tot {som}, maar het totaal is {totaal}.",
                )
        if len(self.fouten) > voor:
            return

        velden = {
            "naam": tekst["Naam"],
            "kern": tekst["Kern"],
            "eigenaar_soort": soort,
            "eigenaar": eigenaar,
            "eigenaar_naam": eigenaar_naam,
            "hardheid": hardheid,
            "fase": fase,
            "oplevering_jaar": jaar,
            "oplevering_kwartaal": kwartaal,
            **segmenten,
            "totaal": totaal,
            "instandhoudingstermijn": instandhouding,
            "toelichting": tekst.get("Toelichting", ""),
        }
        if project is None:
            gegevens = services.ProjectGegevens(projectcode=code, **velden)
        else:
            if _vergelijkbaar(project) == _vergelijkbaar(
                dataclasses.replace(services.ProjectGegevens.van_project(project), **velden)
            ):
                plan.ongewijzigd.append(code)
                return
            gegevens = dataclasses.replace(services.ProjectGegevens.van_project(project), **velden)
        if not self.project_valideren(rij, gegevens, project):
            return
        if not self.project_toegestaan(rij, gegevens, project):
            return
        versie = None
        if project is not None:
            versie = self.versies.get((PROJECTEN_BLAD, code))
            if versie is not None and versie != project.versie:
                self.fout(
                    B,
                    rij,
                    "Projectcode",
                    f"project {code} is gewijzigd na uw download (versie {project.versie}, uw "
                    f"bestand versie {versie}); download de planmonitor opnieuw en breng uw "
                    "wijziging daarin aan.",
                )
                return
            versie = project.versie
        plan.projecten.append(ProjectActie(rij, gegevens, project, versie))

    def eigenaar(self, rij: int, soort: str | None, naam_tekst: str):
        """(organisation, name) of the owner for the kind of owner; errors for a party that is
        not one of the kader, or not of that kind."""
        B = PROJECTEN_BLAD
        if soort is None:
            return None, ""
        if soort == EigenaarSoort.CORPORATIE:
            if not naam_tekst:
                self.fout(
                    B,
                    rij,
                    "Eigenaar",
                    f"vul de corporatie in; de corporaties van dit kader zijn: "
                    f"{self.corporatie_namen()}.",
                )
                return None, ""
            org = self.partij(naam_tekst)
            if org is None:
                self.fout(
                    B,
                    rij,
                    "Eigenaar",
                    f"onbekende partij '{naam_tekst}'; de corporaties van dit kader zijn: "
                    f"{self.corporatie_namen()}.",
                )
            elif org.soort != OrganisatieSoort.WONINGCORPORATIE:
                self.fout(
                    B,
                    rij,
                    "Eigenaar",
                    f"{naam(org)} is geen corporatie; kies uit: {self.corporatie_namen()}, of "
                    "zet Soort eigenaar op de juiste soort.",
                )
                org = None
            return org, ""
        if soort == EigenaarSoort.GEMEENTE:
            if not naam_tekst:
                return None, ""
            org = self.partij(naam_tekst)
            if org is None or org.soort != OrganisatieSoort.GEMEENTE:
                self.fout(
                    B,
                    rij,
                    "Eigenaar",
                    f"onbekende partij '{naam_tekst}'; bij Soort eigenaar gemeente is de eigenaar "
                    "de gemeente van dit kader (of laat de kolom leeg).",
                )
                return None, ""
            return org, ""
        # A market party or a private owner is not a party of the kader: only a name.
        org = self.partij(naam_tekst) if naam_tekst else None
        if org is not None:
            self.fout(
                B,
                rij,
                "Eigenaar",
                f"{naam(org)} is een partij van dit kader, geen {soort}; zet Soort eigenaar op "
                + (
                    "corporatie."
                    if org.soort == OrganisatieSoort.WONINGCORPORATIE
                    else "de juiste soort."
                ),
            )
            return None, ""
        if soort == EigenaarSoort.MARKTPARTIJ and not naam_tekst:
            self.fout(B, rij, "Eigenaar", "vul de naam van de marktpartij in.")
        return None, naam_tekst

    def project_valideren(self, rij: int, gegevens, project: Bouwproject | None) -> bool:
        """The model's own rules (as the service applies them), and an existing year planning
        that must still add up."""
        kopie = Bouwproject(
            pk=project.pk if project else None, kader=self.kader, gemeente_id=self.kader.gemeente_id
        )
        for f in dataclasses.fields(gegevens):
            if f.name != "knelpunten":
                setattr(kopie, f.name, getattr(gegevens, f.name))
        voor = len(self.fouten)
        try:
            # The foreign keys were resolved above; clean() still checks the owner.
            kopie.full_clean(
                exclude=["gemeente", "kader", "hardheid", "eigenaar"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as exc:
            for veld, teksten in exc.message_dict.items():
                for t in teksten:
                    self.fout(PROJECTEN_BLAD, rij, _VELD_KOLOM.get(veld), _klein(t))
        if project is not None:
            planning = list(project.opleveringen.all())
            if planning:
                for titel, veld in SEGMENT_KOLOMMEN.items():
                    som = sum(getattr(o, veld) for o in planning)
                    if som != getattr(gegevens, veld):
                        self.fout(
                            PROJECTEN_BLAD,
                            rij,
                            titel,
                            f"de planning per jaar van project {project.projectcode} telt voor "
                            f"{veld.replace('_', ' ')} op tot {som}; pas eerst de planning per "
                            "jaar aan op de projectpagina.",
                        )
        return len(self.fouten) == voor

    def project_toegestaan(self, rij: int, gegevens, project: Bouwproject | None) -> bool:
        nieuw = Bouwproject(kader=self.kader, eigenaar=gegevens.eigenaar)
        nieuw_label = naam(gegevens.eigenaar) if gegevens.eigenaar else gegevens.eigenaar_naam
        wie = (
            f"dat doet {nieuw_label} zelf of de gemeente"
            if gegevens.eigenaar
            else "dat doet de gemeente"
        )
        if project is not None:
            oud_label = project.eigenaar_label
            if not self.mag(("project", project.eigenaar_id), mag_project_bewerken, project):
                wie_oud = (
                    f"dat doet {oud_label} zelf of de gemeente"
                    if project.eigenaar_id
                    else "dat doet de gemeente"
                )
                self.fout(
                    PROJECTEN_BLAD,
                    rij,
                    "Projectcode",
                    f"u mag project {project.projectcode} van {oud_label} niet wijzigen; {wie_oud}.",
                )
                return False
            if not self.mag(
                ("project", gegevens.eigenaar and gegevens.eigenaar.pk), mag_project_bewerken, nieuw
            ):
                self.fout(
                    PROJECTEN_BLAD,
                    rij,
                    "Eigenaar",
                    f"u mag project {project.projectcode} niet aan {nieuw_label or gegevens.eigenaar_soort} "
                    "toewijzen.",
                )
                return False
            return True
        if not self.mag(
            ("project", gegevens.eigenaar and gegevens.eigenaar.pk), mag_project_bewerken, nieuw
        ):
            self.fout(
                PROJECTEN_BLAD,
                rij,
                "Eigenaar",
                f"u mag geen project van {nieuw_label or gegevens.eigenaar_soort} vastleggen; {wie}.",
            )
            return False
        return True

    # -- mutations -----------------------------------------------------------------------------

    def mutaties(self, blad: Blad, plan: ImportPlan) -> None:
        bestaand = {
            (m.corporatie_id, m.jaar, m.soort, m.segment, m.status): m
            for m in Voorraadmutatie.objects.filter(kader=self.kader)
        }
        gezien: dict[tuple, int] = {}
        for rij, cellen in blad.rijen:
            self.mutatie(rij, cellen, bestaand, gezien, plan)

    def mutatie(self, rij, cellen, bestaand, gezien, plan: ImportPlan) -> None:
        B = MUTATIES_BLAD
        voor = len(self.fouten)
        tekst = {k: celtekst(v) for k, v in cellen.items()}
        for kolom in VERPLICHT[B]:
            if not tekst.get(kolom):
                self.fout(B, rij, kolom, "deze kolom is verplicht; vul hem in.")
        corporatie = None
        if tekst.get("Corporatie"):
            corporatie = self.partij(tekst["Corporatie"])
            if corporatie is None:
                self.fout(
                    B,
                    rij,
                    "Corporatie",
                    f"onbekende partij '{tekst['Corporatie']}'; de corporaties van dit kader "
                    f"zijn: {self.corporatie_namen()}.",
                )
            elif corporatie.soort != OrganisatieSoort.WONINGCORPORATIE:
                self.fout(
                    B,
                    rij,
                    "Corporatie",
                    f"{naam(corporatie)} is geen corporatie; mutaties horen bij een corporatie "
                    f"({self.corporatie_namen()}).",
                )
                corporatie = None
        jaar = None
        if tekst.get("Jaar"):
            jaar = self.heel_getal(B, rij, "Jaar", cellen["Jaar"], minimum=None)
            if jaar is not None:
                jaar = self.jaar(B, rij, "Jaar", jaar)
        keuzes = {}
        for kolom, choices in (
            ("Soort", MutatieSoort),
            ("Segment", MutatieSegment),
            ("Status", Realisatie),
        ):
            if tekst.get(kolom):
                keuzes[kolom] = _keuze(tekst[kolom], choices)
                if keuzes[kolom] is None:
                    lidwoord = "onbekend" if kolom == "Segment" else "onbekende"
                    self.fout(
                        B,
                        rij,
                        kolom,
                        f"{lidwoord} {kolom.lower()} '{tekst[kolom]}'; kies uit: {_lijst(choices)}.",
                    )
        aantal = None
        if tekst.get("Aantal"):
            aantal = self.heel_getal(B, rij, "Aantal", cellen["Aantal"], minimum=1)
        if len(self.fouten) > voor:
            return
        soort, segment, status = keuzes["Soort"], keuzes["Segment"], keuzes["Status"]
        # Every column was checked above: an error returned before this point.
        assert corporatie is not None and jaar is not None and aantal is not None
        assert soort is not None and segment is not None and status is not None
        sleutel = (corporatie.pk, jaar, soort, segment, status)
        if sleutel in gezien:
            self.fout(
                B,
                rij,
                None,
                f"dezelfde mutatie ({naam(corporatie)}, {jaar}, {soort}, "
                f"{segment.replace('_', ' ')}, {status}) staat ook in rij {gezien[sleutel]}.",
            )
            return
        gezien[sleutel] = rij
        oud = bestaand.get(sleutel)
        toelichting = tekst.get("Toelichting", "")
        if oud is not None and (oud.aantal, oud.toelichting.strip()) == (aantal, toelichting):
            plan.mutaties_ongewijzigd += 1
            return
        if not self.mag(("mutatie", corporatie.pk), mag_mutatie_bewerken, self.kader, corporatie):
            self.fout(
                B,
                rij,
                "Corporatie",
                f"u mag de mutaties van {naam(corporatie)} niet vastleggen; dat doet "
                f"{naam(corporatie)} zelf of de gemeente.",
            )
            return
        versie = None
        if oud is not None:
            versie = self.versies.get((MUTATIES_BLAD, mutatie_sleutel(*sleutel)))
            if versie is not None and versie != oud.versie:
                self.fout(
                    B,
                    rij,
                    "Aantal",
                    f"deze mutatie is gewijzigd na uw download (versie {oud.versie}, uw bestand "
                    f"versie {versie}); download de planmonitor opnieuw en breng uw wijziging "
                    "daarin aan.",
                )
                return
            versie = oud.versie
        plan.mutaties.append(
            MutatieActie(
                rij, corporatie, jaar, soort, segment, aantal, status, toelichting, oud, versie
            )
        )


def naam(organisatie: Organisatie) -> str:
    """How the planmonitor names a party: its short name ('WSN', 'de Alliantie')."""
    return organisatie.korte_naam or organisatie.naam


def _mag_importeren(kader: Afsprakenkader, acting_user) -> None:
    if acting_user is None or not mag_plan_invoeren(acting_user, kader):
        raise PermissionDenied(
            "U mag de planmonitor van dit kader niet bewerken; alleen de corporaties (eigen "
            "projecten en mutaties) en de gemeente importeren plannen."
        )


def import_plan(
    *, kader: Afsprakenkader, data: bytes, bestandsnaam: str, acting_user
) -> ImportPlan:
    """Read and check the file; ImportFouten with every error, or what would be written.
    PermissionDenied when the user may not edit this planmonitor at all. Writes nothing."""
    _mag_importeren(kader, acting_user)
    bestand = lees_bestand(data, bestandsnaam=bestandsnaam)
    controle = _Controle(kader, acting_user, bestand)
    plan = ImportPlan()
    if PROJECTEN_BLAD in bestand.bladen:
        controle.projecten(bestand.bladen[PROJECTEN_BLAD], plan)
    if MUTATIES_BLAD in bestand.bladen:
        controle.mutaties(bestand.bladen[MUTATIES_BLAD], plan)
    if controle.fouten:
        raise ImportFouten(controle.fouten)
    return plan


def _uitleg(exc: Exception) -> str:
    if isinstance(exc, services.GelijktijdigGewijzigd):
        return _klein(exc.melding)
    if isinstance(exc, ValidationError):
        return _klein(" ".join(exc.messages))
    return _klein(str(exc))


def importeren(
    *, kader: Afsprakenkader, data: bytes, bestandsnaam: str, acting_user
) -> ImportResultaat:
    """Check everything, then write everything through the services in one transaction.
    ImportFouten (nothing written) when any row fails, here or in a service; PermissionDenied
    when the user may not edit this planmonitor at all."""
    with transaction.atomic():
        plan = import_plan(
            kader=kader, data=data, bestandsnaam=bestandsnaam, acting_user=acting_user
        )
        resultaat = ImportResultaat(
            ongewijzigd=plan.ongewijzigd, mutaties_ongewijzigd=plan.mutaties_ongewijzigd
        )
        fouten: list[Fout] = []
        reden = f"import {bestandsnaam}"
        nieuw = [actie for actie in plan.projecten if actie.project is None]
        try:
            services.projecten_aanmaken(
                kader=kader,
                gegevens=[actie.gegevens for actie in nieuw],
                acting_user=acting_user,
                reden=reden,
            )
        except services.ProjectenOngeldig as exc:
            for i, fout in exc.fouten.items():
                fouten.append(Fout(PROJECTEN_BLAD, nieuw[i].rij, None, _uitleg(fout)))
        else:
            resultaat.nieuw.extend(actie.gegevens.projectcode for actie in nieuw)
        for actie in plan.projecten:
            if actie.project is None:
                continue
            try:
                services.project_wijzigen(
                    project=actie.project,
                    gegevens=actie.gegevens,
                    acting_user=acting_user,
                    versie=actie.versie,
                    vertraging_oorzaak=f"Oplevering verschoven via de import van '{bestandsnaam}'.",
                    reden=reden,
                )
                resultaat.gewijzigd.append(actie.gegevens.projectcode)
            except (ValidationError, PermissionDenied, services.GelijktijdigGewijzigd) as exc:
                fouten.append(Fout(PROJECTEN_BLAD, actie.rij, None, _uitleg(exc)))
        for m in plan.mutaties:
            try:
                services.mutatie_opslaan(
                    kader=kader,
                    corporatie=m.corporatie,
                    jaar=m.jaar,
                    soort=m.soort,
                    segment=m.segment,
                    aantal=m.aantal,
                    status=m.status,
                    toelichting=m.toelichting,
                    voorbeeld=m.bestaand.voorbeeld if m.bestaand else False,
                    versie=m.versie,
                    acting_user=acting_user,
                )
            except (ValidationError, PermissionDenied, services.GelijktijdigGewijzigd) as exc:
                fouten.append(Fout(MUTATIES_BLAD, m.rij, None, _uitleg(exc)))
                continue
            if m.bestaand is None:
                resultaat.mutaties_nieuw += 1
            else:
                resultaat.mutaties_gewijzigd += 1
        if fouten:
            transaction.set_rollback(True)
            raise ImportFouten(fouten)
        if not resultaat.leeg:
            audit_record_create(
                acting_user=acting_user,
                actie="planmonitor.geimporteerd",
                omschrijving=f"Planmonitor geïmporteerd uit '{bestandsnaam}': "
                f"{resultaat.samenvatting}.",
                obj=kader,
                gegevens={
                    "nieuw": resultaat.nieuw,
                    "gewijzigd": resultaat.gewijzigd,
                    "mutaties_nieuw": resultaat.mutaties_nieuw,
                    "mutaties_gewijzigd": resultaat.mutaties_gewijzigd,
                },
            )
    return resultaat


# ---------------------------------------------------------------------------------------------
# Export: the planmonitor (the import's template) and Tabel 1/2


def projecten_rijen(*, kader: Afsprakenkader, user) -> list[dict[str, Any]]:
    """One dict per project the user may see, by column title (values as Python)."""
    projecten = (
        Bouwproject.objects.visible_to(user)
        .filter(kader=kader)
        .select_related("hardheid", "eigenaar")
        .order_by("projectcode")
    )
    rijen = []
    for p in projecten:
        rijen.append(
            {
                "Projectcode": p.projectcode,
                "Naam": p.naam,
                "Kern": p.kern,
                "Eigenaar": naam(p.eigenaar) if p.eigenaar_id else p.eigenaar_naam,
                "Soort eigenaar": p.eigenaar_soort,
                "Hardheid": p.hardheid.code,
                "Fase": str(Fase(p.fase).label),
                "Oplevering": p.oplevering_label,
                **{titel: getattr(p, veld) for titel, veld in SEGMENT_KOLOMMEN.items()},
                "Totaal": p.totaal,
                "Instandhoudingstermijn": p.instandhoudingstermijn,
                "Toelichting": p.toelichting,
                "_versie": p.versie,
            }
        )
    return rijen


def mutaties_rijen(*, kader: Afsprakenkader, user) -> list[dict[str, Any]]:
    mutaties = (
        Voorraadmutatie.objects.visible_to(user)
        .filter(kader=kader)
        .select_related("corporatie")
        .order_by("corporatie__korte_naam", "jaar", "soort", "segment", "status")
    )
    return [
        {
            "Corporatie": naam(m.corporatie),
            "Jaar": m.jaar,
            "Soort": m.soort,
            "Segment": str(MutatieSegment(m.segment).label),
            "Aantal": m.aantal,
            "Status": m.status,
            "Toelichting": m.toelichting,
            "_versie": m.versie,
            "_sleutel": mutatie_sleutel(m.corporatie_id, m.jaar, m.soort, m.segment, m.status),
        }
        for m in mutaties
    ]


_BREEDTE = {
    "Projectcode": 12,
    "Naam": 30,
    "Kern": 16,
    "Eigenaar": 24,
    "Soort eigenaar": 14,
    "Hardheid": 10,
    "Fase": 22,
    "Oplevering": 11,
    "Toelichting": 40,
    "Corporatie": 16,
    "Jaar": 8,
    "Soort": 14,
    "Segment": 14,
    "Aantal": 9,
    "Status": 14,
}


def _blad_schrijven(sheet, kolommen: tuple[str, ...], rijen: list[dict[str, Any]]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet.append(list(kolommen))
    for cel in sheet[1]:
        cel.font = Font(bold=True)
        cel.fill = PatternFill("solid", fgColor="DDE5EE")
        cel.alignment = Alignment(wrap_text=True, vertical="top")
    for rij in rijen:
        sheet.append([formule_neutraliseren(_cel(rij[k])) for k in kolommen])
    for index, titel in enumerate(kolommen, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _BREEDTE.get(titel, 12)
    for rij in sheet.iter_rows(min_row=2):
        for cel in rij:
            if isinstance(cel.value, str):
                cel.data_type = "s"  # never a formula, whatever the text
                cel.number_format = "@"
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(kolommen))}{max(len(rijen) + 1, 2)}"


def _cel(waarde: Any) -> Any:
    if waarde == "" or waarde is None:
        return None
    if isinstance(waarde, Decimal):
        return int(waarde) if waarde == waarde.to_integral_value() else float(waarde)
    return waarde


def _keuzelijsten(sheet, kolommen: tuple[str, ...], lijsten: dict[str, list[str]]) -> None:
    """Drop-downs for the columns with a fixed list (an error message for anything else)."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    for titel, waarden in lijsten.items():
        formule = '"' + ",".join(waarden) + '"'
        if not waarden or len(formule) > 255 or any("," in w or '"' in w for w in waarden):
            continue  # a literal list holds at most 255 characters, no commas
        letter = get_column_letter(kolommen.index(titel) + 1)
        dv = DataValidation(
            type="list",
            formula1=formule,
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=f"Onbekende waarde in {titel}"[:32],
            error="Kies een waarde uit de lijst.",
        )
        dv.add(f"{letter}2:{letter}{sheet.max_row + 500}")
        sheet.add_data_validation(dv)


def planmonitor_xlsx(*, kader: Afsprakenkader, user) -> bytes:
    """The workbook with sheets Projecten and Mutaties (what ``user`` may see), and the hidden
    sheet Versies; the template of the import."""
    from openpyxl import Workbook

    projecten = projecten_rijen(kader=kader, user=user)
    mutaties = mutaties_rijen(kader=kader, user=user)
    workbook = Workbook()
    blad = workbook.active
    blad.title = PROJECTEN_BLAD
    _blad_schrijven(blad, PROJECT_KOLOMMEN, projecten)
    corporaties = [
        naam(p.organisatie)
        for p in kader.partij_set.select_related("organisatie").order_by("volgorde", "pk")
        if p.organisatie.soort == OrganisatieSoort.WONINGCORPORATIE
    ]
    _keuzelijsten(
        blad,
        PROJECT_KOLOMMEN,
        {
            "Soort eigenaar": [c.value for c in EigenaarSoort],
            "Hardheid": list(Hardheid.objects.values_list("code", flat=True)),
            "Fase": [str(c.label) for c in Fase],
        },
    )
    blad = workbook.create_sheet(MUTATIES_BLAD)
    _blad_schrijven(blad, MUTATIE_KOLOMMEN, mutaties)
    _keuzelijsten(
        blad,
        MUTATIE_KOLOMMEN,
        {
            "Corporatie": corporaties,
            "Soort": [c.value for c in MutatieSoort],
            "Segment": [str(c.label) for c in MutatieSegment],
            "Status": [c.value for c in Realisatie],
        },
    )
    versies = workbook.create_sheet(VERSIES_BLAD)
    versies.sheet_state = "hidden"
    versies.append(["Kader", kader.slug])
    versies.append(["Blad", "Sleutel", "Versie"])
    for p in projecten:
        versies.append([PROJECTEN_BLAD, formule_neutraliseren(p["Projectcode"]), p["_versie"]])
    for m in mutaties:
        versies.append([MUTATIES_BLAD, m["_sleutel"], m["_versie"]])
    for rij in versies.iter_rows():
        for cel in rij:
            if isinstance(cel.value, str):
                cel.data_type = "s"
    workbook.properties.title = f"{kader.titel}: planmonitor"
    workbook.properties.creator = "Prestatiemonitor"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def planmonitor_csv(*, kader: Afsprakenkader, blad: str, user) -> bytes:
    """One sheet (PROJECTEN_BLAD or MUTATIES_BLAD) as a ';'-separated CSV, UTF-8 with a BOM
    (so Excel reads the accents), formula-like text neutralised."""
    kolommen = BLADEN[blad]
    rijen = (
        projecten_rijen(kader=kader, user=user)
        if blad == PROJECTEN_BLAD
        else mutaties_rijen(kader=kader, user=user)
    )
    buffer = io.StringIO(newline="")
    schrijver = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    schrijver.writerow(kolommen)
    for rij in rijen:
        schrijver.writerow(
            ["" if rij[k] is None else formule_neutraliseren(rij[k]) for k in kolommen]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_planmonitor(*, kader: Afsprakenkader, formaat: str, user) -> Export:
    """``formaat``: "xlsx" (both sheets), "csv-projecten" or "csv-mutaties". KeyError for
    another format."""
    naam_basis = f"planmonitor-{slugify(kader.slug)}"
    if formaat == "xlsx":
        return Export(
            planmonitor_xlsx(kader=kader, user=user), XLSX_CONTENT_TYPE, f"{naam_basis}.xlsx"
        )
    blad = {"csv-projecten": PROJECTEN_BLAD, "csv-mutaties": MUTATIES_BLAD}[formaat]
    return Export(
        planmonitor_csv(kader=kader, blad=blad, user=user),
        CSV_CONTENT_TYPE,
        f"{naam_basis}-{blad.lower()}.csv",
    )


# Tabel 1 and 2 in the document's layout.


def prognose_kolommen(prognose: Prognose, tabel: Tabel) -> list[tuple[str, str]]:
    """(key, column title) of a table in the document's order; Aankoop and Overig only when
    the table has any."""
    titels = {
        "nieuwbouw": "Nieuwbouw (harde plannen)",
        "sloop_overheveling": "Onttrekking door sloop of overheveling middenhuur",
        "verkoop": "Onttrekking door verkoop",
        "aankoop": "Aankoop",
        "overig": "Overig",
        "netto": f"Netto toename {prognose.van} t/m {prognose.tot}",
        "doorkijk": f"Prognose nieuwbouw {prognose.tot + 1} t/m {prognose.doorkijk_tot} "
        "(harde plannen)",
    }
    return [(k, titels[k]) for k in tabel.kolommen]


def prognose_titel(prognose: Prognose, tabel: Tabel) -> str:
    return (
        f"Tabel {tabel.nummer} | {tabel.titel} {prognose.van} t/m {prognose.tot} en doorkijk "
        f"t/m {prognose.doorkijk_tot}"
    )


def prognose_xlsx(prognose: Prognose, kader: Afsprakenkader) -> bytes:
    """Tabel 1 and Tabel 2 as sheets 'Tabel 1' and 'Tabel 2': a title row, the header, one row
    per party and Totaal; an empty cell where no record is behind a figure."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    vet = Font(bold=True)
    for tabel in prognose.tabellen:
        sheet = workbook.create_sheet(f"Tabel {tabel.nummer}")
        kolommen = prognose_kolommen(prognose, tabel)
        sheet.append([formule_neutraliseren(prognose_titel(prognose, tabel))])
        sheet["A1"].font = Font(bold=True, size=12)
        sheet.append(["", *(titel for _, titel in kolommen)])
        for cel in sheet[2]:
            cel.font = vet
            cel.alignment = Alignment(wrap_text=True, vertical="top")
        for rij in tabel.rijen:
            sheet.append([formule_neutraliseren(rij.partij), *(rij.waarde(k) for k, _ in kolommen)])
        sheet.append(["Totaal", *(tabel.totaal.waarde(k) for k, _ in kolommen)])
        for cel in sheet[sheet.max_row]:
            cel.font = vet
        for index in range(1, len(kolommen) + 2):
            sheet.column_dimensions[_letter(index - 1)].width = 18
        for rij in sheet.iter_rows():
            for cel in rij:
                if isinstance(cel.value, str):
                    cel.data_type = "s"
        sheet.freeze_panes = "B3"
    workbook.properties.title = f"{kader.titel}: prognose {prognose.van}–{prognose.tot}"
    workbook.properties.creator = "Prestatiemonitor"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_prognose(prognose: Prognose, kader: Afsprakenkader) -> Export:
    return Export(
        prognose_xlsx(prognose, kader),
        XLSX_CONTENT_TYPE,
        f"prognose-{slugify(kader.slug)}-{prognose.van}-{prognose.tot}.xlsx",
    )
