"""Excel and JSON in and out of one jaarschijf, in one format (docs/jaarschijf-excel.md).

Export: ``export_jaarschijf(jaarschijf=…, formaat="xlsx"|"json", user=…)``. Sheet
"Activiteiten" has the columns of ``BASISKOLOMMEN`` and, per peilmoment the user may see,
``Status <peilmoment>`` and ``Toelichting <peilmoment>`` ('Status Juni 2025'). The first
column, ``Code`` (A1, A2, …), is visible on purpose: it is how the pages and the meetings name
an activity, and it survives copying rows to another workbook (a hidden column or sheet does
not). Text that a spreadsheet would run as a formula is neutralised with a leading ' (the
register's ``formule_neutraliseren``); the import strips that ' again, so a round trip is exact.
The hidden sheet "Versies" holds, by code, the versie of each activity and of each report
(0: none yet) at download, so the import can refuse to overwrite what changed after it.

Import: ``jaarschijf_importeren(jaarschijf=…, data=…, bestandsnaam=…, acting_user=…)``. The
exported file is the template. A row without code (or with a code this jaarschijf does not
have) is a new activity, a row with a code updates that activity (only fields that differ), and
filled Status/Toelichting cells of an open peilmoment are reports of the trekker. Everything is
validated first and every error collected (sheet, row, column, in Dutch); when any row fails,
nothing is written (``JaarschijfImportFout``). Then the writes go through the existing services
(``activiteit_opslaan``, ``voortgang_melden``) inside one ``transaction.atomic``. An unchanged
row changes nothing, so re-importing an exported file is a no-op. A row (or status column) whose
activity (or report) has another versie now than in "Versies", and whose content differs from
what is stored, is an error: it would overwrite an edit made after the download. The file's
versie goes to the services too, which catches a race. A file without "Versies" (made by hand,
an older export) is compared with what is stored now only, as before.

Formula cells are never evaluated: the workbook is read with ``data_only=False``, so a formula
cell arrives as its text ('=SUM(A1:A3)') and is treated as that text like any other string.
The content is checked before openpyxl sees it: a ZIP archive with ``xl/workbook.xml``, within
the size limit, uncompressed size bounded (no ZIP bombs).
"""

from __future__ import annotations

import datetime
import io
import json
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import slugify

from prestatiemonitor.afspraken.constants import AfspraakSoort
from prestatiemonitor.afspraken.exporters import Export, formule_neutraliseren
from prestatiemonitor.afspraken.models import Afspraak, Partij
from prestatiemonitor.audit.services import audit_record_create
from prestatiemonitor.organisaties.models import Organisatie
from prestatiemonitor.organisaties.permissions import (
    JAARSCHIJF_BEWERKEN,
    VOORTGANG_RAPPORTEREN,
    has_capability,
    organisaties_met,
)

from . import services
from .constants import (
    MELDBARE_STATUSSEN,
    TOELICHTING_VERPLICHT,
    PlanningSoort,
    VoortgangStatus,
)
from .models import MAANDEN, Activiteit, Jaarschijf, Peilmoment, Voortgang

BLAD = "Activiteiten"
LIJSTEN_BLAD = "Keuzelijsten"
VERSIES_BLAD = "Versies"  # hidden: the versie of each activity and report at download
BASISKOLOMMEN = (
    "Code",
    "Thema",
    "Afspraken",
    "Activiteit",
    "Omschrijving",
    "Trekker",
    "Betrokken",
    "Beoogd resultaat",
    "Planning",
    "Doel aantal",
    "Eenheid",
)
VERPLICHTE_KOLOMMEN = ("Afspraken", "Activiteit", "Trekker")
# Width (characters) and whether the text wraps, per column, for a printable sheet.
_BREEDTE = {
    "Code": (7, False),
    "Thema": (22, True),
    "Afspraken": (11, False),
    "Activiteit": (32, True),
    "Omschrijving": (40, True),
    "Trekker": (14, False),
    "Betrokken": (18, True),
    "Beoogd resultaat": (32, True),
    "Planning": (13, False),
    "Doel aantal": (10, False),
    "Eenheid": (12, False),
}
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JSON_FORMAAT = "prestatiemonitor-jaarschijf"
JSON_VERSIE = "1.0"
MAX_RIJEN = 5000
MAX_UITGEPAKT = 50 * 1024 * 1024  # bytes of all parts of the XLSX together, once unpacked
_FORMULE_TEKENS = ("=", "+", "-", "@", "\t", "\r")
_CODE = re.compile(r"^\s*A\s*(\d+)\s*$", re.IGNORECASE)
_KWARTAAL = re.compile(r"^\s*(?:Q|kwartaal\s*)([1-4])\s*$", re.IGNORECASE)
_DATUM = re.compile(r"^\s*(\d{1,2})-(\d{1,2})-(\d{4})\s*$")
_STATUS_KOP = re.compile(r"^(Status|Toelichting)\s+(.+)$", re.IGNORECASE)


def status_label(status: str) -> str:
    return str(VoortgangStatus(status).label)


# ---------------------------------------------------------------------------------------------
# Loading: the jaarschijf as the user may see it, in a fixed number of queries


@dataclass
class JaarschijfGegevens:
    jaarschijf: Jaarschijf
    activiteiten: list[Activiteit]
    peilmomenten: list[Peilmoment]
    meldingen: dict[tuple[int, int], Voortgang]  # (peilmoment pk, activiteit pk)
    partijen: list[Partij]

    @classmethod
    def laad(cls, jaarschijf: Jaarschijf, *, user) -> JaarschijfGegevens:
        activiteiten = list(
            Activiteit.objects.visible_to(user)
            .filter(jaarschijf=jaarschijf)
            .select_related("trekker")
            .prefetch_related(
                Prefetch(
                    "afspraken",
                    queryset=Afspraak.objects.select_related("thema").order_by("volgorde", "pk"),
                ),
                "betrokken",
            )
            .order_by("nummer")
        )
        peilmomenten = sorted(
            Peilmoment.objects.visible_to(user).filter(jaarschijf=jaarschijf),
            key=lambda p: p.soort != "juni",
        )
        for p in peilmomenten:
            p.jaarschijf = jaarschijf
        meldingen = {
            (v.peilmoment_id, v.activiteit_id): v
            for v in Voortgang.objects.filter(peilmoment__in=peilmomenten)
        }
        partijen = list(
            Partij.objects.filter(kader_id=jaarschijf.kader_id)
            .select_related("organisatie")
            .order_by("volgorde", "pk")
        )
        return cls(jaarschijf, activiteiten, peilmomenten, meldingen, partijen)

    @property
    def aanduidingen(self) -> dict[int, str]:
        """How the register names each party ('WSN', 'gemeente'): Partij.aanduiding."""
        return {p.organisatie_id: p.aanduiding or p.organisatie.korte_naam for p in self.partijen}

    def kolommen(self) -> list[str]:
        koppen = list(BASISKOLOMMEN)
        for p in self.peilmomenten:
            koppen += [f"Status {p.naam}", f"Toelichting {p.naam}"]
        return koppen

    def rijen(self) -> list[dict[str, Any]]:
        """One dict per activity, by column title; values as Python (Decimal for the target)."""
        namen = self.aanduidingen
        rijen = []
        for a in self.activiteiten:
            afspraken = list(a.afspraken.all())
            themas = []
            for af in afspraken:
                if af.thema_id and str(af.thema) not in themas:
                    themas.append(str(af.thema))
            rij: dict[str, Any] = {
                "Code": a.code,
                "Thema": "; ".join(themas),
                "Afspraken": ", ".join(af.nummer for af in afspraken),
                "Activiteit": a.titel,
                "Omschrijving": a.omschrijving,
                "Trekker": namen.get(a.trekker_id, a.trekker.korte_naam),
                "Betrokken": ", ".join(
                    namen.get(o.pk, o.korte_naam)
                    for o in sorted(a.betrokken.all(), key=lambda o: _volgorde(self, o))
                ),
                "Beoogd resultaat": a.beoogd_resultaat,
                "Planning": a.planning_tekst,
                "Doel aantal": a.doel_aantal,
                "Eenheid": a.eenheid,
            }
            for p in self.peilmomenten:
                melding = self.meldingen.get((p.pk, a.pk))
                rij[f"Status {p.naam}"] = status_label(melding.status) if melding else ""
                rij[f"Toelichting {p.naam}"] = melding.toelichting if melding else ""
            rijen.append(rij)
        rijen.sort(key=lambda r: (_eerste_thema(r["Thema"]), int(r["Code"][1:])))
        return rijen


def _volgorde(g: JaarschijfGegevens, organisatie: Organisatie) -> tuple[int, str]:
    for index, p in enumerate(g.partijen):
        if p.organisatie_id == organisatie.pk:
            return (index, "")
    return (len(g.partijen), organisatie.naam)


def _eerste_thema(thema: str) -> int:
    nummer = thema.split(".", 1)[0]
    return int(nummer) if nummer.isdigit() else 10_000


def _getal(waarde: Decimal | None) -> int | float | None:
    if waarde is None:
        return None
    return int(waarde) if waarde == waarde.to_integral_value() else float(waarde)


def _bestandsnaam(jaarschijf: Jaarschijf, extensie: str) -> str:
    return f"jaarschijf-{slugify(jaarschijf.kader.slug)}-{jaarschijf.jaar}.{extensie}"


# ---------------------------------------------------------------------------------------------
# Export


def render_xlsx(g: JaarschijfGegevens) -> bytes:
    """The printable workbook: bold frozen header, widths, wrapped text, landscape fit to width,
    drop-downs (parties, statuses, single afspraak numbers) fed by a hidden sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    kolommen = g.kolommen()
    rijen = g.rijen()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = BLAD
    lijsten = workbook.create_sheet(LIJSTEN_BLAD)
    lijsten.sheet_state = "hidden"

    vet = Font(bold=True)
    kopvulling = PatternFill("solid", fgColor="DDE5EE")
    omloop = Alignment(wrap_text=True, vertical="top")
    boven = Alignment(vertical="top")
    sheet.append(kolommen)
    for cel in sheet[1]:
        cel.font = vet
        cel.fill = kopvulling
        cel.alignment = Alignment(wrap_text=True, vertical="top")
    breedtes = []
    for titel in kolommen:
        breedte, wrap = _BREEDTE.get(titel, (16 if titel.startswith("Status") else 36, True))
        breedtes.append((breedte, wrap))
    for rij in rijen:
        waarden = []
        for titel in kolommen:
            waarde = rij[titel]
            if isinstance(waarde, Decimal):
                waarde = _getal(waarde)
            elif waarde == "":
                waarde = None
            waarden.append(formule_neutraliseren(waarde))
        sheet.append(waarden)
    laatste_rij = max(len(rijen) + 1, 2)
    for index, (breedte, wrap) in enumerate(breedtes, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = breedte
        for (cel,) in sheet.iter_rows(min_row=2, max_row=laatste_rij, min_col=index, max_col=index):
            cel.alignment = omloop if wrap else boven
            if kolommen[index - 1] in ("Code", "Afspraken", "Planning") and cel.value is not None:
                cel.number_format = "@"  # text: '1,2' must not become the number 1.2
            if isinstance(cel.value, str):
                cel.data_type = "s"  # never a formula, whatever the text
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(kolommen))}{laatste_rij}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.gridLines = True
    titel = f"{g.jaarschijf.kader.titel}: jaarschijf {g.jaarschijf.jaar}"
    sheet.oddHeader.center.text = titel.replace("&", "&&")
    sheet.oddFooter.right.text = "Pagina &P van &N"
    sheet.oddFooter.left.text = f"Status: {g.jaarschijf.get_status_display()}"

    # Drop-downs. Lists live on the hidden sheet (a literal list is limited to 255 characters).
    namen = [g.aanduidingen[p.organisatie_id] for p in g.partijen]
    afspraken = list(
        Afspraak.objects.filter(kader_id=g.jaarschijf.kader_id, soort=AfspraakSoort.STRATEGISCH)
        .order_by("volgorde", "pk")
        .values_list("nummer", flat=True)
    )
    statussen = [status_label(s) for s in MELDBARE_STATUSSEN]
    bereik = f"{laatste_rij + 500}"
    for kolom, waarden in enumerate((namen, afspraken, statussen), start=1):
        for rij_nr, waarde in enumerate(waarden, start=1):
            lijsten.cell(
                row=rij_nr, column=kolom, value=formule_neutraliseren(waarde)
            ).data_type = "s"

    def lijst(kolom: int, aantal: int) -> str:
        letter = get_column_letter(kolom)
        return f"{quote_sheetname(LIJSTEN_BLAD)}!${letter}$1:${letter}${max(aantal, 1)}"

    def letter_van(titel: str) -> str:
        return get_column_letter(kolommen.index(titel) + 1)

    trekker = DataValidation(
        type="list",
        formula1=lijst(1, len(namen)),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Onbekende partij",
        error="Kies een partij uit de lijst.",
        promptTitle="Trekker",
        prompt="De partij die de activiteit trekt (en de voortgang meldt).",
    )
    trekker.add(f"{letter_van('Trekker')}2:{letter_van('Trekker')}{bereik}")
    betrokken = DataValidation(
        type="list",
        formula1=lijst(1, len(namen)),
        allow_blank=True,
        showErrorMessage=False,  # several names, comma-separated, are fine
        promptTitle="Betrokken",
        prompt="Partijen uit de lijst; meer dan één gescheiden door komma's (WSN, gemeente).",
    )
    betrokken.add(f"{letter_van('Betrokken')}2:{letter_van('Betrokken')}{bereik}")
    afspraak = DataValidation(
        type="list",
        formula1=lijst(2, len(afspraken)),
        allow_blank=True,
        showErrorMessage=False,  # '1, 2' is not in the list but is allowed
        promptTitle="Afspraken",
        prompt="Nummer(s) van de afspraak of afspraken; meer dan één gescheiden door komma's "
        "(1, 2).",
    )
    afspraak.add(f"{letter_van('Afspraken')}2:{letter_van('Afspraken')}{bereik}")
    planning = DataValidation(
        type="custom",
        formula1="TRUE",
        allow_blank=True,
        promptTitle="Planning",
        prompt="'heel het jaar', een kwartaal (Q3), een maand (maart) of een datum (dd-mm-jjjj).",
    )
    planning.add(f"{letter_van('Planning')}2:{letter_van('Planning')}{bereik}")
    for dv in (trekker, betrokken, afspraak, planning):
        dv.showInputMessage = True
        sheet.add_data_validation(dv)
    for p in g.peilmomenten:
        status = DataValidation(
            type="list",
            formula1=lijst(3, len(statussen)),
            allow_blank=True,
            showErrorMessage=True,
            showInputMessage=True,
            errorTitle="Onbekende status",
            error="Kies een status uit de lijst.",
            promptTitle=f"Status {p.naam}"[:32],
            prompt="Bij aandacht nodig, vertraagd en vervallen is een toelichting verplicht."
            + (
                " Dit peilmoment is gesloten; de melding verandert niet meer."
                if p.is_gesloten
                else ""
            ),
        )
        letter = letter_van(f"Status {p.naam}")
        status.add(f"{letter}2:{letter}{bereik}")
        sheet.add_data_validation(status)

    _versies_schrijven(workbook.create_sheet(VERSIES_BLAD), g)

    workbook.properties.title = titel
    workbook.properties.creator = "Prestatiemonitor"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _jaarschijf_sleutel(jaarschijf: Jaarschijf) -> str:
    return f"{jaarschijf.kader.slug} {jaarschijf.jaar}"


def _versies_schrijven(blad, g: JaarschijfGegevens) -> None:
    """The hidden sheet 'Versies': row 1 names the jaarschijf, row 2 is the header ('Code',
    'Versie', 'Versie <peilmoment>'), then one row per activity with its versie and, per
    peilmoment, the versie of its report (0: no report yet). Keyed by code, not by row, so
    sorting, moving or inserting rows and columns on 'Activiteiten' cannot mismatch them."""
    blad.sheet_state = "hidden"
    blad.append(["Jaarschijf", _jaarschijf_sleutel(g.jaarschijf)])
    blad.append(["Code", "Versie", *(f"Versie {p.naam}" for p in g.peilmomenten)])
    for a in g.activiteiten:
        meldingen = [g.meldingen.get((p.pk, a.pk)) for p in g.peilmomenten]
        blad.append([a.code, a.versie, *(m.versie if m else 0 for m in meldingen)])
    for rij in blad.iter_rows():
        for cel in rij:
            if isinstance(cel.value, str):
                cel.data_type = "s"


def document(g: JaarschijfGegevens) -> dict[str, Any]:
    """The JSON export: the jaarschijf and a list of activities, one object per row of the
    sheet, keyed by the column titles in snake_case (docs/jaarschijf-excel.md)."""
    activiteiten = []
    for rij in g.rijen():
        obj: dict[str, Any] = {
            "code": rij["Code"],
            "thema": rij["Thema"],
            "afspraken": [n.strip() for n in rij["Afspraken"].split(",") if n.strip()],
            "activiteit": rij["Activiteit"],
            "omschrijving": rij["Omschrijving"],
            "trekker": rij["Trekker"],
            "betrokken": [n.strip() for n in rij["Betrokken"].split(",") if n.strip()],
            "beoogd_resultaat": rij["Beoogd resultaat"],
            "planning": rij["Planning"],
            "doel_aantal": _getal(rij["Doel aantal"]),
            "eenheid": rij["Eenheid"],
        }
        for p in g.peilmomenten:
            sleutel = p.naam.lower().replace(" ", "_")
            obj[f"status_{sleutel}"] = rij[f"Status {p.naam}"] or None
            obj[f"toelichting_{sleutel}"] = rij[f"Toelichting {p.naam}"]
        activiteiten.append(obj)
    j = g.jaarschijf
    return {
        "formaat": JSON_FORMAAT,
        "versie": JSON_VERSIE,
        "gegenereerd_op": timezone.now().replace(microsecond=0).isoformat(),
        "kader": j.kader.slug,
        "jaar": j.jaar,
        "status": j.status,
        "peilmomenten": [
            {"code": p.code, "naam": p.naam, "status": p.status} for p in g.peilmomenten
        ],
        "activiteiten": activiteiten,
    }


def render_json(g: JaarschijfGegevens) -> bytes:
    return json.dumps(document(g), ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


EXPORTERS = {
    "xlsx": (render_xlsx, "xlsx", XLSX_CONTENT_TYPE),
    "json": (render_json, "json", "application/json; charset=utf-8"),
}


def export_jaarschijf(*, jaarschijf: Jaarschijf, formaat: str, user) -> Export:
    """The jaarschijf in one format, with what ``user`` may see. KeyError for another format.
    The caller has looked the jaarschijf up through ``jaarschijf_or_404`` (or visible_to)."""
    render, extensie, content_type = EXPORTERS[formaat]
    gegevens = JaarschijfGegevens.laad(jaarschijf, user=user)
    return Export(
        inhoud=render(gegevens),
        content_type=content_type,
        bestandsnaam=_bestandsnaam(jaarschijf, extensie),
    )


# ---------------------------------------------------------------------------------------------
# Import: reading


@dataclass(frozen=True)
class ImportFoutmelding:
    blad: str
    tekst: str
    rij: int | None = None
    kolom: str | None = None  # column title
    letter: str | None = None  # column letter

    def __str__(self) -> str:
        plaats = [f"blad {self.blad}"] if self.blad else []
        if self.rij is not None:
            plaats.append(f"rij {self.rij}")
        if self.kolom:
            plaats.append(
                f"kolom {self.letter} ({self.kolom})" if self.letter else f"kolom {self.kolom}"
            )
        return (", ".join(plaats) + ": " if plaats else "") + self.tekst


class JaarschijfImportFout(Exception):
    """The file cannot be imported; nothing has been written."""

    def __init__(self, fouten: Iterable[ImportFoutmelding] | ImportFoutmelding):
        self.fouten = [fouten] if isinstance(fouten, ImportFoutmelding) else list(fouten)
        super().__init__("\n".join(str(f) for f in self.fouten))

    @property
    def meldingen(self) -> list[str]:
        return [str(f) for f in self.fouten]


def _mb(aantal: int) -> str:
    from prestatiemonitor.afspraken.weergave import getal

    return getal(aantal / 1024 / 1024, 1)


@dataclass
class BestandVersies:
    """What the hidden sheet 'Versies' of an export says: the versies at download."""

    jaarschijf: str  # 'kader-slug 2025': versies of another jaarschijf are not used
    activiteiten: dict[int, int] = field(default_factory=dict)  # activity nummer -> versie
    # (activity nummer, peilmoment naam in lower case) -> versie of the report, 0: none yet
    meldingen: dict[tuple[int, str], int] = field(default_factory=dict)


def _versie_getal(waarde: Any) -> int | None:
    tekst = _tekst(waarde)
    return int(tekst) if tekst.isdigit() else None


def _lees_versies(workbook) -> BestandVersies | None:
    """The hidden sheet 'Versies', or None when the file has none (made by hand, an older
    export, or rows copied to another workbook): then the import cannot tell what changed
    since the download and compares with what is stored now, as it always did."""
    if VERSIES_BLAD not in workbook.sheetnames:
        return None
    rijen = workbook[VERSIES_BLAD].iter_rows(values_only=True)
    eerste, kop = next(rijen, None), next(rijen, None)
    if not eerste or not kop or _tekst(eerste[0]) != "Jaarschijf" or len(eerste) < 2:
        return None
    versies = BestandVersies(jaarschijf=_tekst(eerste[1]))
    koppen = [_tekst(k) for k in kop]
    for aantal, waarden in enumerate(rijen):
        if aantal >= MAX_RIJEN:
            break
        m = _CODE.match(_tekst(waarden[0]) if waarden else "")
        if m is None:
            continue
        nummer = int(m.group(1))
        for titel, waarde in zip(koppen[1:], waarden[1:], strict=False):
            versie = _versie_getal(waarde)
            if versie is None:
                continue
            if titel == "Versie":
                versies.activiteiten[nummer] = versie
            elif titel.startswith("Versie "):
                versies.meldingen[(nummer, titel[len("Versie ") :].strip().lower())] = versie
    return versies


class WerkmapOngeldig(ValueError):
    """The upload is not a readable XLSX workbook within the limits; the message says why."""


def werkmap_laden(data: bytes, *, max_bytes: int, geen_excel: str):
    """The openpyxl workbook of ``data``: read-only, formula cells as their text (never
    evaluated). Checked by content first: a ZIP archive with ``xl/workbook.xml``, at most
    ``max_bytes``, at most MAX_UITGEPAKT unpacked (no ZIP bombs). Raises WerkmapOngeldig with
    a Dutch message (``geen_excel`` when it is not a workbook). The caller closes it. Shared
    with the planmonitor's import (planmonitor/uitwisseling.py)."""
    if not data:
        raise WerkmapOngeldig("het bestand is leeg.")
    if len(data) > max_bytes:
        raise WerkmapOngeldig(
            f"het bestand is te groot ({_mb(len(data))} MB); het maximum is {_mb(max_bytes)} MB."
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archief:
            namen = archief.namelist()
            uitgepakt = sum(i.file_size for i in archief.infolist())
    except (zipfile.BadZipFile, ValueError):
        raise WerkmapOngeldig(geen_excel) from None
    if "xl/workbook.xml" not in namen:
        raise WerkmapOngeldig(geen_excel)
    if uitgepakt > MAX_UITGEPAKT:
        raise WerkmapOngeldig(
            "de werkmap is uitgepakt te groot; verwijder wat niet in het sjabloon hoort."
        )
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds on a damaged file
        raise WerkmapOngeldig(
            "de werkmap kan niet worden gelezen; is het bestand beschadigd?"
        ) from None


def lees_werkmap(
    data: bytes, *, bestandsnaam: str
) -> tuple[list[str], list[tuple[int, list]], BestandVersies | None]:
    """(header, [(row number, values)], versies) of sheet 'Activiteiten' and the hidden sheet
    'Versies'. Refuses what is not an XLSX workbook, by content; formula cells arrive as their
    text (never evaluated)."""

    def fout(tekst: str) -> JaarschijfImportFout:
        return JaarschijfImportFout(ImportFoutmelding("", f"{bestandsnaam}: {tekst}"))

    geen_excel = (
        "dit is geen Excel-werkmap (.xlsx). Gebruik de geëxporteerde jaarschijf als sjabloon "
        "en sla die op als Excel-werkmap (.xlsx)."
    )
    try:
        workbook = werkmap_laden(
            data, max_bytes=settings.JAARSCHIJF_IMPORT_MAX_BYTES, geen_excel=geen_excel
        )
    except WerkmapOngeldig as exc:
        raise fout(str(exc)) from None
    try:
        if BLAD not in workbook.sheetnames:
            raise fout(
                f"het werkblad '{BLAD}' ontbreekt (gevonden: {', '.join(workbook.sheetnames)})."
            )
        sheet = workbook[BLAD]
        rijen: list[tuple[int, list]] = []
        kop: list[str] | None = None
        for nummer, waarden in enumerate(sheet.iter_rows(values_only=True), start=1):
            waarden = list(waarden)
            if kop is None:
                teksten = [str(w).strip() if w is not None else "" for w in waarden]
                if len(set(teksten) & set(BASISKOLOMMEN)) >= 3:
                    kop = teksten
                elif nummer >= 5:
                    break
                continue  # a title row above the header is skipped
            if all(w is None or (isinstance(w, str) and not w.strip()) for w in waarden):
                continue
            rijen.append((nummer, waarden))
            if len(rijen) > MAX_RIJEN:
                raise fout(f"meer dan {MAX_RIJEN} rijen; splits het bestand.")
        versies = _lees_versies(workbook)
    finally:
        workbook.close()
    if kop is None:
        raise JaarschijfImportFout(
            ImportFoutmelding(
                BLAD,
                "de kopregel ontbreekt: een van de eerste vijf rijen moet de kolomnamen bevatten "
                "(" + ", ".join(BASISKOLOMMEN) + ").",
                rij=1,
            )
        )
    return kop, rijen, versies


def celtekst(waarde: Any) -> str:
    """A cell as text: numbers without '.0', dates as dd-mm-jjjj, a neutralising ' removed."""
    if waarde is None:
        return ""
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if isinstance(waarde, float) and waarde.is_integer():
        waarde = int(waarde)
    if isinstance(waarde, datetime.datetime):
        waarde = waarde.date()
    if isinstance(waarde, datetime.date):
        return waarde.strftime("%d-%m-%Y")
    tekst = str(waarde).replace("\r\n", "\n").replace("\r", "\n").strip()
    if tekst.startswith("'") and tekst[1:2] in _FORMULE_TEKENS and tekst[1:2]:
        tekst = tekst[1:]
    return tekst


_tekst = celtekst


# ---------------------------------------------------------------------------------------------
# Import: the plan (validate everything, collect every error)


@dataclass
class Melding:
    rij: int
    peilmoment: Peilmoment
    status: str
    toelichting: str
    bestaand: Voortgang | None
    activiteit: Activiteit | None  # None: the new activity of this row
    versie: int | None = None  # for voortgang_melden: from the file, else what was loaded


@dataclass
class ActiviteitActie:
    rij: int
    gegevens: services.ActiviteitGegevens
    activiteit: Activiteit | None  # None: new
    meldingen: list[Melding] = field(default_factory=list)
    versie: int | None = None  # for activiteit_opslaan: from the file, else what was loaded


@dataclass
class ImportPlan:
    jaarschijf: Jaarschijf
    nieuw: list[ActiviteitActie] = field(default_factory=list)
    gewijzigd: list[ActiviteitActie] = field(default_factory=list)
    meldingen: list[Melding] = field(default_factory=list)

    @property
    def leeg(self) -> bool:
        return not (self.nieuw or self.gewijzigd or self.meldingen)


@dataclass
class ImportResultaat:
    toegevoegd: int = 0
    gewijzigd: int = 0
    meldingen: int = 0

    @property
    def samenvatting(self) -> str:
        if not (self.toegevoegd or self.gewijzigd or self.meldingen):
            return "Niets gewijzigd: het bestand komt overeen met wat er al staat"
        delen = [
            f"{self.toegevoegd} {'activiteit' if self.toegevoegd == 1 else 'activiteiten'} "
            "toegevoegd",
            f"{self.gewijzigd} gewijzigd",
            f"{self.meldingen} {'melding' if self.meldingen == 1 else 'meldingen'}",
        ]
        return ", ".join(delen)


def _vergelijkbaar(a: Activiteit) -> tuple:
    return (
        a.titel,
        a.omschrijving,
        frozenset(af.pk for af in a.afspraken.all()),
        a.trekker_id,
        frozenset(o.pk for o in a.betrokken.all() if o.pk != a.trekker_id),
        a.beoogd_resultaat,
        a.planning_tekst,
        None if a.doel_aantal is None else a.doel_aantal.normalize(),
        a.eenheid if a.doel_aantal is not None else "",
    )


def _gegevens_vergelijkbaar(g: services.ActiviteitGegevens) -> tuple:
    tijdelijk = Activiteit(
        planning_soort=g.planning_soort,
        planning_kwartaal=g.planning_kwartaal,
        planning_maand=g.planning_maand,
        planning_datum=g.planning_datum,
    )
    return (
        g.titel.strip(),
        g.omschrijving.strip(),
        frozenset(af.pk for af in g.afspraken),
        g.trekker.pk if g.trekker else None,
        frozenset(o.pk for o in g.betrokken if not g.trekker or o.pk != g.trekker.pk),
        g.beoogd_resultaat.strip(),
        tijdelijk.planning_tekst,
        None if g.doel_aantal is None else g.doel_aantal.normalize(),
        g.eenheid.strip() if g.doel_aantal is not None else "",
    )


# Which column a field of the comparison tuple (and a service's ValidationError) belongs to.
_VELD_KOLOM = {
    "titel": "Activiteit",
    "omschrijving": "Omschrijving",
    "afspraken": "Afspraken",
    "trekker": "Trekker",
    "betrokken": "Betrokken",
    "beoogd_resultaat": "Beoogd resultaat",
    "planning_soort": "Planning",
    "planning_kwartaal": "Planning",
    "planning_maand": "Planning",
    "planning_datum": "Planning",
    "doel_aantal": "Doel aantal",
    "eenheid": "Eenheid",
}
_VERGELIJK_KOLOM = [
    "Activiteit",
    "Omschrijving",
    "Afspraken",
    "Trekker",
    "Betrokken",
    "Beoogd resultaat",
    "Planning",
    "Doel aantal",
    "Eenheid",
]


class _Planner:
    def __init__(self, jaarschijf: Jaarschijf, acting_user):
        self.jaarschijf = jaarschijf
        self.kader = jaarschijf.kader
        self.user = acting_user
        self.fouten: list[ImportFoutmelding] = []
        self.kop: list[str] = []
        self.versies: BestandVersies | None = None
        self.g = JaarschijfGegevens.laad(jaarschijf, user=acting_user)
        self.per_nummer = {a.nummer: a for a in self.g.activiteiten}
        self.partijen: dict[str, Organisatie] = {}
        self.aanduidingen = self.g.aanduidingen
        for p in self.g.partijen:
            org = p.organisatie
            for naam in (p.aanduiding, org.korte_naam, org.naam, org.slug):
                if naam:
                    self.partijen.setdefault(naam.strip().lower(), org)
        self.afspraken: dict[str, Afspraak] = {}
        for af in Afspraak.objects.filter(kader_id=jaarschijf.kader_id).order_by("soort"):
            if af.soort == AfspraakSoort.STRATEGISCH or af.nummer not in self.afspraken:
                self.afspraken[af.nummer] = af
        self.mag_bewerken = has_capability(acting_user, JAARSCHIJF_BEWERKEN, kader=self.kader)
        self.melders = {
            o.pk
            for o in organisaties_met(acting_user, VOORTGANG_RAPPORTEREN).filter(
                partij_set__kader=self.kader
            )
        }
        self.alle_melders = has_capability(acting_user, VOORTGANG_RAPPORTEREN, kader=self.kader)
        self.statussen = {status_label(s).lower(): s for s in VoortgangStatus}
        self.statussen.update({s.value: s for s in VoortgangStatus})

    # -- helpers
    def fout(self, rij: int | None, kolom: str | None, tekst: str) -> None:
        letter = None
        if kolom and kolom in self.kop:
            from openpyxl.utils import get_column_letter

            letter = get_column_letter(self.kop.index(kolom) + 1)
        self.fouten.append(ImportFoutmelding(BLAD, tekst, rij=rij, kolom=kolom, letter=letter))

    def mag_melden_voor(self, trekker: Organisatie) -> bool:
        if self.melders:
            return trekker.pk in self.melders
        return has_capability(
            self.user, VOORTGANG_RAPPORTEREN, kader=self.kader, organisatie=trekker
        )

    def eigen_partijen(self) -> str:
        namen = [self.aanduidingen.get(pk, "") for pk in sorted(self.melders)]
        return ", ".join(n for n in namen if n) or "geen partij"

    # -- the plan
    def plan(
        self,
        kop: list[str],
        rijen: list[tuple[int, list]],
        versies: BestandVersies | None = None,
    ) -> ImportPlan:
        self.kop = kop
        if versies is not None and versies.jaarschijf == _jaarschijf_sleutel(self.jaarschijf):
            self.versies = versies
        plan = ImportPlan(jaarschijf=self.jaarschijf)
        for naam in VERPLICHTE_KOLOMMEN:
            if naam not in kop:
                self.fout(1, naam, f"de kolom '{naam}' ontbreekt in de kopregel.")
        peilkolommen = self._peilmoment_kolommen(kop)
        if self.fouten:
            return plan
        gezien: dict[int, int] = {}
        for rij_nr, waarden in rijen:
            cel = {
                titel: _tekst(waarden[i] if i < len(waarden) else None)
                for i, titel in enumerate(kop)
                if titel
            }
            self._rij(plan, rij_nr, cel, peilkolommen, gezien)
        return plan

    def _peilmoment_kolommen(self, kop: list[str]) -> list[tuple[Peilmoment, str, str | None]]:
        """[(peilmoment, status column, toelichting column)] from the header."""
        per_naam = {p.naam.lower(): p for p in self.g.peilmomenten}
        gevonden: dict[int, dict[str, str]] = {}
        for titel in kop:
            if not titel or titel in BASISKOLOMMEN:
                continue
            m = _STATUS_KOP.match(titel)
            if m is None:
                continue  # a column of the user's own is ignored
            peilmoment = per_naam.get(m.group(2).strip().lower())
            if peilmoment is None:
                bekend = ", ".join(p.naam for p in self.g.peilmomenten) or "geen"
                self.fout(
                    1,
                    titel,
                    f"onbekend peilmoment '{m.group(2).strip()}' voor jaarschijf "
                    f"{self.jaarschijf.jaar} (peilmomenten: {bekend}).",
                )
                continue
            gevonden.setdefault(peilmoment.pk, {})[m.group(1).lower()] = titel
        uit = []
        for p in self.g.peilmomenten:
            kolommen = gevonden.get(p.pk)
            if not kolommen:
                continue
            if "status" not in kolommen:
                self.fout(1, kolommen["toelichting"], f"de kolom 'Status {p.naam}' ontbreekt.")
                continue
            uit.append((p, kolommen["status"], kolommen.get("toelichting")))
        return uit

    def _rij(self, plan, rij_nr, cel, peilkolommen, gezien) -> None:
        aantal_fouten = len(self.fouten)
        code = cel.get("Code", "")
        activiteit = None
        if code:
            m = _CODE.match(code)
            if m is None:
                self.fout(rij_nr, "Code", f"'{code}' is geen activiteitcode (A1, A2, …).")
                return
            nummer = int(m.group(1))
            if nummer in gezien:
                self.fout(rij_nr, "Code", f"{code.upper()} staat ook al in rij {gezien[nummer]}.")
                return
            gezien[nummer] = rij_nr
            activiteit = self.per_nummer.get(nummer)
        gegevens = self._gegevens(rij_nr, cel, activiteit)
        if len(self.fouten) > aantal_fouten or gegevens is None:
            return
        actie = None
        if activiteit is None:
            if self.jaarschijf.is_vastgesteld:
                self.fout(
                    rij_nr,
                    "Code" if "Code" in self.kop else "Activiteit",
                    f"jaarschijf {self.jaarschijf.jaar} is vastgesteld; een nieuwe activiteit "
                    "('" + gegevens.titel + "') komt er alleen bij via een besluit, op de "
                    "pagina van de jaarschijf, niet via een import.",
                )
                return
            if not self.mag_bewerken:
                self.fout(
                    rij_nr,
                    "Activiteit",
                    "u mag de jaarschijf niet bewerken, dus geen activiteit toevoegen.",
                )
                return
            actie = ActiviteitActie(rij=rij_nr, gegevens=gegevens, activiteit=None)
            plan.nieuw.append(actie)
        else:
            oud, nieuw = _vergelijkbaar(activiteit), _gegevens_vergelijkbaar(gegevens)
            verschil = [k for k, o, n in zip(_VERGELIJK_KOLOM, oud, nieuw, strict=True) if o != n]
            versie = self.versies.activiteiten.get(activiteit.nummer) if self.versies else None
            if verschil and versie is not None and versie != activiteit.versie:
                self.fout(
                    rij_nr,
                    verschil[0],
                    f"activiteit {activiteit.code} is gewijzigd na uw download (versie "
                    f"{activiteit.versie}, uw bestand versie {versie}); download de jaarschijf "
                    "opnieuw en breng uw wijziging daarin aan.",
                )
                return
            if verschil:
                kolom = verschil[0]
                if self.jaarschijf.is_vastgesteld:
                    self.fout(
                        rij_nr,
                        kolom,
                        f"jaarschijf {self.jaarschijf.jaar} is vastgesteld; {activiteit.code} "
                        f"wijzigt alleen via een besluit op de pagina van de activiteit, niet "
                        f"via een import (gewijzigd: {', '.join(verschil)}).",
                    )
                    return
                if not self.mag_bewerken:
                    self.fout(
                        rij_nr,
                        kolom,
                        f"u mag de jaarschijf niet bewerken; {activiteit.code} is gewijzigd "
                        f"({', '.join(verschil)}).",
                    )
                    return
                actie = ActiviteitActie(
                    rij=rij_nr,
                    gegevens=gegevens,
                    activiteit=activiteit,
                    versie=activiteit.versie if versie is None else versie,
                )
                plan.gewijzigd.append(actie)
        for peilmoment, status_kolom, toelichting_kolom in peilkolommen:
            melding = self._melding(
                rij_nr, cel, peilmoment, status_kolom, toelichting_kolom, activiteit, gegevens
            )
            if melding is not None:
                plan.meldingen.append(melding)
                if actie is not None and activiteit is None:
                    actie.meldingen.append(melding)

    def _gegevens(self, rij_nr, cel, activiteit) -> services.ActiviteitGegevens | None:
        fouten_voor = len(self.fouten)
        afspraken = []
        for nummer in [n.strip() for n in re.split(r"[,;]", cel.get("Afspraken", "")) if n.strip()]:
            nummer = re.sub(r"^(afspraak\s*)", "", nummer, flags=re.IGNORECASE)
            afspraak = self.afspraken.get(nummer)
            if afspraak is None:
                self.fout(
                    rij_nr,
                    "Afspraken",
                    f"onbekend afspraaknummer '{nummer}'; dit kader heeft de afspraken "
                    f"{_reeks(self.afspraken)}.",
                )
            elif afspraak not in afspraken:
                afspraken.append(afspraak)
        trekker = None
        trekker_naam = cel.get("Trekker", "")
        if trekker_naam:
            trekker = self.partijen.get(trekker_naam.lower())
            if trekker is None:
                self.fout(rij_nr, "Trekker", self._onbekende_partij(trekker_naam))
        betrokken = []
        for naam in [n.strip() for n in re.split(r"[,;]", cel.get("Betrokken", "")) if n.strip()]:
            org = self.partijen.get(naam.lower())
            if org is None:
                self.fout(rij_nr, "Betrokken", self._onbekende_partij(naam))
            elif org not in betrokken:
                betrokken.append(org)
        planning = self._planning(rij_nr, cel.get("Planning", ""))
        doel = None
        doel_tekst = cel.get("Doel aantal", "")
        if doel_tekst:
            try:
                doel = Decimal(doel_tekst.replace(" ", "").replace(",", "."))
                if not doel.is_finite():
                    raise InvalidOperation
            except InvalidOperation:
                self.fout(rij_nr, "Doel aantal", f"'{doel_tekst}' is geen getal.")
        if len(self.fouten) > fouten_voor or planning is None:
            return None
        soort, kwartaal, maand, datum = planning
        gegevens = services.ActiviteitGegevens(
            titel=cel.get("Activiteit", ""),
            omschrijving=cel.get("Omschrijving", ""),
            afspraken=afspraken,
            trekker=trekker,  # type: ignore[arg-type]  # checked by the service's validation
            betrokken=betrokken,
            beoogd_resultaat=cel.get("Beoogd resultaat", ""),
            planning_soort=soort,
            planning_kwartaal=kwartaal,
            planning_maand=maand,
            planning_datum=datum,
            doel_aantal=doel,
            eenheid=cel.get("Eenheid", ""),
        )
        if trekker is None:
            self.fout(rij_nr, "Trekker", "vul de trekker in (een partij uit de lijst).")
            return None
        try:
            services._activiteit_valideren(self.jaarschijf, gegevens)
        except ValidationError as exc:
            for veld, teksten in exc.message_dict.items():
                for tekst in teksten:
                    self.fout(rij_nr, _VELD_KOLOM.get(veld, "Activiteit"), _klein(tekst))
            return None
        return gegevens

    def _onbekende_partij(self, naam: str) -> str:
        return (
            f"onbekende partij '{naam}'; kies uit: "
            + ", ".join(self.aanduidingen[p.organisatie_id] for p in self.g.partijen)
            + "."
        )

    def _planning(self, rij_nr, tekst: str):
        t = tekst.strip().lower()
        if t in ("", "heel het jaar", "het hele jaar", "jaar", "hele jaar"):
            return (PlanningSoort.JAAR, None, None, None)
        if m := _KWARTAAL.match(t):
            return (PlanningSoort.KWARTAAL, int(m.group(1)), None, None)
        if t in MAANDEN:
            return (PlanningSoort.MAAND, None, MAANDEN.index(t) + 1, None)
        if m := _DATUM.match(t):
            try:
                datum = datetime.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            except ValueError:
                pass
            else:
                return (PlanningSoort.DATUM, None, None, datum)
        self.fout(
            rij_nr,
            "Planning",
            f"'{tekst}' is geen planning; schrijf 'heel het jaar', een kwartaal (Q1 tot en met "
            "Q4), een maand (januari tot en met december) of een datum (dd-mm-jjjj).",
        )
        return None

    def _melding(
        self, rij_nr, cel, peilmoment, status_kolom, toelichting_kolom, activiteit, gegevens
    ) -> Melding | None:
        status_tekst = cel.get(status_kolom, "")
        toelichting = cel.get(toelichting_kolom, "") if toelichting_kolom else ""
        bestaand = self.g.meldingen.get((peilmoment.pk, activiteit.pk)) if activiteit else None
        if not status_tekst and not toelichting:
            return None  # an empty cell changes nothing (a report cannot be withdrawn)
        if peilmoment.is_gesloten:
            bevroren = (
                (status_label(bestaand.status), bestaand.toelichting) if bestaand else ("", "")
            )
            if status_tekst.lower() != bevroren[0].lower() or (
                toelichting_kolom and toelichting != bevroren[1]
            ):
                kolom = (
                    status_kolom
                    if status_tekst.lower() != bevroren[0].lower()
                    else toelichting_kolom
                )
                self.fout(
                    rij_nr,
                    kolom,
                    f"het peilmoment {peilmoment.naam} is gesloten; wat toen gemeld is "
                    f"('{bevroren[0] or 'niets'}') verandert niet meer. Laat deze kolom zoals "
                    "hij geëxporteerd is.",
                )
            return None
        versie = (
            self.versies.meldingen.get((activiteit.nummer, peilmoment.naam.lower()))
            if self.versies and activiteit
            else None
        )
        huidige = bestaand.versie if bestaand else 0
        if versie is not None and versie != huidige:
            status_anders = bool(status_tekst) and self.statussen.get(status_tekst.lower()) != (
                bestaand.status if bestaand else None
            )
            if status_anders or toelichting != (bestaand.toelichting if bestaand else ""):
                self.fout(
                    rij_nr,
                    status_kolom if status_anders else toelichting_kolom or status_kolom,
                    f"de melding over {activiteit.code} bij {peilmoment.naam} is gewijzigd na "
                    f"uw download (versie {huidige}, uw bestand versie {versie}"
                    + (": nog geen melding" if versie == 0 else "")
                    + "); download de jaarschijf opnieuw en breng uw wijziging daarin aan.",
                )
                return None
        if not status_tekst:
            if bestaand is not None and toelichting == bestaand.toelichting:
                return None
            self.fout(
                rij_nr,
                status_kolom,
                f"er staat een toelichting bij {peilmoment.naam}, maar geen status; vul de "
                "status in.",
            )
            return None
        status = self.statussen.get(status_tekst.lower())
        if status is None or status not in MELDBARE_STATUSSEN:
            self.fout(
                rij_nr,
                status_kolom,
                f"de status '{status_tekst}' staat niet in de lijst; kies uit: "
                + ", ".join(status_label(s) for s in MELDBARE_STATUSSEN)
                + ".",
            )
            return None
        if bestaand is not None and (bestaand.status, bestaand.toelichting) == (
            status,
            toelichting,
        ):
            return None
        trekker = gegevens.trekker
        if not self.mag_melden_voor(trekker):
            naam = self.aanduidingen.get(trekker.pk, trekker.korte_naam)
            if self.melders or self.alle_melders:
                tekst = f"u meldt voor {self.eigen_partijen()}, maar trekker is {naam}."
            else:
                tekst = (
                    f"u mag geen voortgang melden; alleen de trekker ({naam}) meldt de "
                    "voortgang van deze activiteit."
                )
            self.fout(rij_nr, status_kolom, tekst)
            return None
        if status in TOELICHTING_VERPLICHT and not toelichting:
            self.fout(
                rij_nr,
                toelichting_kolom or status_kolom,
                f"bij de status '{status_label(status)}' is een toelichting verplicht.",
            )
            return None
        return Melding(
            rij=rij_nr,
            peilmoment=peilmoment,
            status=status,
            toelichting=toelichting,
            bestaand=bestaand,
            activiteit=activiteit,
            versie=(bestaand.versie if bestaand else None) if versie is None else versie,
        )


def _klein(tekst: str) -> str:
    return tekst[:1].lower() + tekst[1:] if tekst[:2] != tekst[:2].upper() else tekst


def _reeks(afspraken: dict[str, Afspraak]) -> str:
    nummers = sorted(
        (n for n, a in afspraken.items() if a.soort == AfspraakSoort.STRATEGISCH),
        key=lambda n: tuple(int(p) if p.isdigit() else 0 for p in n.split(".")),
    )
    if len(nummers) > 12:
        return f"{nummers[0]} tot en met {nummers[-1]}"
    return ", ".join(nummers)


def import_plan(
    *, jaarschijf: Jaarschijf, data: bytes, bestandsnaam: str, acting_user
) -> ImportPlan:
    """Read and validate the file; raise JaarschijfImportFout with every error, or return what
    would change. Writes nothing."""
    if not (
        has_capability(acting_user, JAARSCHIJF_BEWERKEN, kader=jaarschijf.kader)
        or has_capability(acting_user, VOORTGANG_RAPPORTEREN, kader=jaarschijf.kader)
    ):
        raise PermissionDenied(
            "Alleen wie de jaarschijf bewerkt of voortgang meldt, importeert een jaarschijf."
        )
    kop, rijen, versies = lees_werkmap(data, bestandsnaam=bestandsnaam)
    planner = _Planner(jaarschijf, acting_user)
    plan = planner.plan(kop, rijen, versies)
    if planner.fouten:
        raise JaarschijfImportFout(planner.fouten)
    return plan


def jaarschijf_importeren(
    *, jaarschijf: Jaarschijf, data: bytes, bestandsnaam: str, acting_user
) -> ImportResultaat:
    """Validate everything, then write everything through the services in one transaction;
    JaarschijfImportFout (nothing written) when any row fails."""
    with transaction.atomic():
        plan = import_plan(
            jaarschijf=jaarschijf, data=data, bestandsnaam=bestandsnaam, acting_user=acting_user
        )
        resultaat = ImportResultaat()
        if plan.leeg:
            return resultaat
        fouten: list[ImportFoutmelding] = []
        nieuw_per_rij: dict[int, Activiteit] = {}
        if plan.nieuw:
            try:
                toegevoegd = services.activiteiten_toevoegen(
                    jaarschijf=jaarschijf,
                    lijst=[actie.gegevens for actie in plan.nieuw],
                    acting_user=acting_user,
                )
            except (ValidationError, PermissionDenied) as exc:
                fouten.append(ImportFoutmelding(BLAD, _uitleg(exc)))
            else:
                nieuw_per_rij = {
                    actie.rij: a for actie, a in zip(plan.nieuw, toegevoegd, strict=True)
                }
                resultaat.toegevoegd = len(toegevoegd)
        for actie in plan.gewijzigd:
            try:
                services.activiteit_opslaan(
                    jaarschijf=jaarschijf,
                    gegevens=actie.gegevens,
                    activiteit=actie.activiteit,
                    versie=actie.versie,
                    acting_user=acting_user,
                )
            except (ValidationError, PermissionDenied, services.GelijktijdigGewijzigd) as exc:
                fouten.append(ImportFoutmelding(BLAD, _uitleg(exc), rij=actie.rij))
                continue
            resultaat.gewijzigd += 1
        for melding in plan.meldingen if not fouten else []:
            activiteit = melding.activiteit or nieuw_per_rij[melding.rij]
            try:
                services.voortgang_melden(
                    peilmoment=melding.peilmoment,
                    activiteit=activiteit,
                    status=melding.status,
                    toelichting=melding.toelichting,
                    gerealiseerd_aantal=melding.bestaand.gerealiseerd_aantal
                    if melding.bestaand
                    else None,
                    versie=melding.versie,
                    acting_user=acting_user,
                )
            except (ValidationError, PermissionDenied, services.GelijktijdigGewijzigd) as exc:
                fouten.append(ImportFoutmelding(BLAD, _uitleg(exc), rij=melding.rij))
                continue
            resultaat.meldingen += 1
        if fouten:
            transaction.set_rollback(True)
            raise JaarschijfImportFout(fouten)
        audit_record_create(
            acting_user=acting_user,
            actie="jaarschijf.geimporteerd",
            omschrijving=f"Jaarschijf {jaarschijf.jaar} geïmporteerd uit '{bestandsnaam}': "
            f"{resultaat.samenvatting}.",
            obj=jaarschijf,
            gegevens={
                "toegevoegd": resultaat.toegevoegd,
                "gewijzigd": resultaat.gewijzigd,
                "meldingen": resultaat.meldingen,
            },
        )
    return resultaat


def _uitleg(exc: Exception) -> str:
    if isinstance(exc, services.GelijktijdigGewijzigd):
        return exc.melding
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)
