"""Exports of one afsprakenkader: CSV, XLSX and the open-data JSON format.

Built like pretix's exporters: one registry (``EXPORTERS``, by format), one loader that fetches
a kader in a fixed number of queries (``KaderGegevens``), list exporters that *yield rows
once* per sheet, and one base (``ListExporter``) that renders those rows to CSV and to XLSX.
The JSON exporter writes the open-data format documented in ``docs/open-data.md`` (schema:
``docs/open-data.schema.json``).

Visibility is not decided here: callers pass a kader they obtained through
``permissions.visible_kader_or_404`` / ``Afsprakenkader.objects.visible_to(user)``, and
``export_kader`` checks it once more against the acting user.

CSV choice: ``;`` as separator with a UTF-8 byte order mark, so that Excel with Dutch regional
settings (where ``,`` is the decimal separator) opens the file in columns with é, ë and – intact.
Python reads it with ``csv.reader(open(path, encoding="utf-8-sig"), delimiter=";")``.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import slugify

from . import permissions
from .constants import AfspraakSoort
from .models import (
    Afspraak,
    AfspraakPartij,
    Afsprakenkader,
    Begrip,
    BegripOnderdeel,
    Bijstelling,
    Convenant,
    Ondertekenaar,
    Partij,
    Tabel,
    TabelRij,
    Tekstblok,
    Thema,
    Voetnoot,
)

OPEN_DATA_FORMAAT = "prestatieafspraken-opendata"
OPEN_DATA_VERSIE = "1.0"

CSV_DELIMITER = ";"
# Cells a spreadsheet would run as a formula ("CSV injection"); such text gets a leading '.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# --------------------------------------------------------------------------------------------
# Loading: the whole kader in a fixed number of queries.


@dataclass
class KaderGegevens:
    kader: Afsprakenkader
    partijen: list[Partij]
    ondertekenaars: list[Ondertekenaar]
    themas: list[Thema]
    afspraken: list[Afspraak]
    begrippen: list[Begrip]
    convenanten: list[Convenant]
    tabellen: list[Tabel]
    tekstblokken: list[Tekstblok]
    voetnoten: list[Voetnoot]
    bijstellingen: list[Bijstelling]
    aanduidingen: dict[int, str] = field(default_factory=dict)
    partij_volgorde: dict[int, int] = field(default_factory=dict)

    @classmethod
    def laad(cls, kader: Afsprakenkader) -> KaderGegevens:
        kader = Afsprakenkader.objects.select_related("gemeente").get(pk=kader.pk)
        partijen = list(
            Partij.objects.filter(kader=kader).select_related(
                "organisatie", "organisatie__corporatie"
            )
        )
        afspraken = list(
            Afspraak.objects.filter(kader=kader)
            .select_related("thema", "trekker")
            .prefetch_related(
                Prefetch(
                    "partij_links",
                    queryset=AfspraakPartij.objects.select_related("organisatie").order_by("id"),
                ),
                Prefetch("begrippen", queryset=Begrip.objects.order_by("volgorde", "id")),
            )
            .order_by("soort", "volgorde", "id")
        )
        # Strategische afspraken first, then systematiek, each in document order.
        soort_volgorde = {AfspraakSoort.STRATEGISCH: 0, AfspraakSoort.SYSTEMATIEK: 1}
        afspraken.sort(key=lambda a: (soort_volgorde.get(a.soort, 2), a.volgorde, a.pk))
        gegevens = cls(
            kader=kader,
            partijen=partijen,
            ondertekenaars=list(
                Ondertekenaar.objects.filter(kader=kader).select_related("organisatie")
            ),
            themas=list(
                Thema.objects.filter(kader=kader).prefetch_related("ambities").order_by("nummer")
            ),
            afspraken=afspraken,
            begrippen=list(
                Begrip.objects.filter(kader=kader).prefetch_related(
                    Prefetch("onderdelen", queryset=BegripOnderdeel.objects.order_by("volgorde"))
                )
            ),
            convenanten=list(
                Convenant.objects.filter(kader=kader).prefetch_related(
                    Prefetch("partijen", queryset=_organisaties_ordered())
                )
            ),
            tabellen=list(
                Tabel.objects.filter(kader=kader)
                .select_related("thema")
                .prefetch_related(
                    Prefetch("rijen", queryset=TabelRij.objects.select_related("organisatie"))
                )
            ),
            tekstblokken=list(Tekstblok.objects.filter(kader=kader).select_related("thema")),
            voetnoten=list(Voetnoot.objects.filter(kader=kader)),
            bijstellingen=list(Bijstelling.objects.filter(kader=kader)),
        )
        gegevens.aanduidingen = {p.organisatie_id: p.aanduiding for p in partijen}
        gegevens.partij_volgorde = {p.organisatie_id: i for i, p in enumerate(partijen)}
        return gegevens

    def aanduiding(self, organisatie) -> str:
        """How the document names this organisation ('WSN', 'gemeente'), for CSV and XLSX."""
        if organisatie is None:
            return ""
        return self.aanduidingen.get(organisatie.pk) or organisatie.korte_naam

    def in_partijvolgorde(self, organisaties: Iterable) -> list:
        """Organisations in the order the kader lists its parties (others after, by name)."""
        return sorted(
            organisaties,
            key=lambda o: (self.partij_volgorde.get(o.pk, len(self.partij_volgorde)), o.naam),
        )

    def afspraken_van(self, thema: Thema) -> list[Afspraak]:
        return [a for a in self.afspraken if a.thema_id == thema.pk]


def _organisaties_ordered():
    from prestatiemonitor.organisaties.models import Organisatie

    return Organisatie.objects.order_by("naam")


def bestandsnaam(kader: Afsprakenkader, extensie: str) -> str:
    """E.g. 'prestatieafspraken-nijkerk-2025-2027.xlsx'."""
    gemeente = slugify(kader.gemeente.naam) if kader.gemeente_id else slugify(kader.slug)
    return f"prestatieafspraken-{gemeente}-{kader.periode_van}-{kader.periode_tot}.{extensie}"


# --------------------------------------------------------------------------------------------
# List exporters: sheets of rows, rendered to CSV and XLSX by one base.


@dataclass(frozen=True)
class Kolom:
    titel: str
    breedte: int = 14  # XLSX column width in characters
    tekst: bool = False  # long text: wrap in XLSX


@dataclass(frozen=True)
class Blad:
    sleutel: str
    titel: str  # sheet name in XLSX (max. 31 characters)
    kolommen: tuple[Kolom, ...]


@dataclass
class Export:
    inhoud: bytes
    content_type: str
    bestandsnaam: str


class Exporter:
    formaat: ClassVar[str]
    extensie: ClassVar[str]
    content_type: ClassVar[str]
    omschrijving: ClassVar[str]

    def render(self, gegevens: KaderGegevens) -> bytes:
        raise NotImplementedError


class ListExporter(Exporter):
    """Base for exports made of sheets of rows. Subclasses define ``bladen`` and
    ``rijen(gegevens, sleutel)``, which yields each row once; CSV writes ``csv_blad`` only."""

    bladen: ClassVar[tuple[Blad, ...]]
    csv_blad: ClassVar[str]

    def rijen(self, gegevens: KaderGegevens, sleutel: str) -> Iterator[list[Any]]:
        raise NotImplementedError

    def render_csv(self, gegevens: KaderGegevens) -> bytes:
        blad = next(b for b in self.bladen if b.sleutel == self.csv_blad)
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
        writer.writerow([k.titel for k in blad.kolommen])
        for rij in self.rijen(gegevens, blad.sleutel):
            writer.writerow([_csv_cel(waarde) for waarde in rij])
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")

    def render_xlsx(self, gegevens: KaderGegevens) -> bytes:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter

        workbook = Workbook()
        workbook.remove(workbook.active)
        vet = Font(bold=True)
        omloop = Alignment(wrap_text=True, vertical="top")
        boven = Alignment(vertical="top")
        for blad in self.bladen:
            sheet = workbook.create_sheet(title=blad.titel[:31])
            sheet.append([k.titel for k in blad.kolommen])
            for cell in sheet[1]:
                cell.font = vet
            for rij in self.rijen(gegevens, blad.sleutel):
                sheet.append([_xlsx_waarde(w) for w in rij])
                for cell, kolom in zip(sheet[sheet.max_row], blad.kolommen, strict=False):
                    if isinstance(cell.value, str) and cell.data_type == "f":
                        cell.data_type = "s"  # text that starts with '=' stays text
                    cell.alignment = omloop if kolom.tekst else boven
            for index, kolom in enumerate(blad.kolommen, start=1):
                sheet.column_dimensions[get_column_letter(index)].width = kolom.breedte
            sheet.freeze_panes = "A2"
            if sheet.max_row > 1:
                sheet.auto_filter.ref = sheet.dimensions
        workbook.properties.title = gegevens.kader.titel
        workbook.properties.creator = "Prestatiemonitor"
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


def _csv_cel(waarde: Any) -> Any:
    if waarde is None:
        return ""
    if isinstance(waarde, str) and waarde.startswith(_FORMULA_START):
        return "'" + waarde
    if isinstance(waarde, datetime.date):
        return waarde.isoformat()
    return waarde


def _xlsx_waarde(waarde: Any) -> Any:
    if isinstance(waarde, datetime.datetime) and timezone.is_aware(waarde):
        return timezone.localtime(waarde).replace(tzinfo=None)
    return waarde


def _lijst(waarden: Iterable[str]) -> str:
    return ", ".join(w for w in waarden if w)


class RegisterExporter(ListExporter):
    """The register as sheets: Kader, Partijen, Thema's, Ambities, Afspraken, Begrippen,
    Convenanten. The CSV export is the Afspraken sheet: one row per afspraak."""

    bladen = (
        Blad(
            "kader",
            "Kader",
            (
                Kolom("Titel", 45),
                Kolom("Gemeente", 16),
                Kolom("CBS-code", 10),
                Kolom("Eerste jaar", 11),
                Kolom("Laatste jaar", 11),
                Kolom("Ondertekend op", 14),
                Kolom("Ondertekend te", 14),
                Kolom("Status", 12),
                Kolom("Gepubliceerd", 12),
            ),
        ),
        Blad(
            "partijen",
            "Partijen",
            (
                Kolom("Aanduiding", 14),
                Kolom("Naam", 45),
                Kolom("Soort", 20),
                Kolom("Corporatie", 24),
                Kolom("Ondertekend door", 40, tekst=True),
            ),
        ),
        Blad(
            "themas",
            "Thema's",
            (
                Kolom("Nummer", 8),
                Kolom("Titel", 40),
                Kolom("Doel", 60, tekst=True),
                Kolom("Opgave", 80, tekst=True),
                Kolom("Ambities", 10),
                Kolom("Afspraken", 10),
            ),
        ),
        Blad(
            "ambities",
            "Ambities",
            (Kolom("Themanummer", 12), Kolom("Thema", 35), Kolom("Ambitie", 90, tekst=True)),
        ),
        Blad(
            "afspraken",
            "Afspraken",
            (
                Kolom("Kader", 20),
                Kolom("Themanummer", 12),
                Kolom("Thema", 30),
                Kolom("Soort", 20),
                Kolom("Nummer", 8),
                Kolom("Tekst", 80, tekst=True),
                Kolom("Partijen", 30, tekst=True),
                Kolom("Trekker", 12),
                Kolom("Jaar", 7),
                Kolom("Termijn", 18),
                Kolom("Begrippen", 30, tekst=True),
            ),
        ),
        Blad(
            "begrippen",
            "Begrippen",
            (
                Kolom("Term", 30),
                Kolom("Definitie", 70, tekst=True),
                Kolom("Groep", 10),
                Kolom("Code", 8),
                Kolom("Omschrijving", 50, tekst=True),
            ),
        ),
        Blad(
            "convenanten",
            "Convenanten",
            (
                Kolom("Naam", 55, tekst=True),
                Kolom("Jaar", 7),
                Kolom("Tot en met", 10),
                Kolom("Partijen zoals genoemd", 50, tekst=True),
                Kolom("Herkende partijen", 30, tekst=True),
            ),
        ),
    )
    csv_blad = "afspraken"

    def rijen(self, gegevens: KaderGegevens, sleutel: str) -> Iterator[list[Any]]:
        return getattr(self, f"_rijen_{sleutel}")(gegevens)

    def _rijen_kader(self, g: KaderGegevens) -> Iterator[list[Any]]:
        k = g.kader
        yield [
            k.titel,
            k.gemeente.naam,
            k.gemeente.cbs_code,
            k.periode_van,
            k.periode_tot,
            k.ondertekend_op,
            k.ondertekend_te,
            k.get_status_display(),
            "ja" if k.gepubliceerd else "nee",
        ]

    def _rijen_partijen(self, g: KaderGegevens) -> Iterator[list[Any]]:
        for partij in g.partijen:
            org = partij.organisatie
            ondertekenaars = [
                f"{o.naam} ({o.functie})" if o.functie else o.naam
                for o in g.ondertekenaars
                if o.organisatie_id == org.pk
            ]
            yield [
                partij.aanduiding,
                org.naam,
                org.get_soort_display(),
                org.corporatie.naam if org.corporatie_id else "",
                _lijst(ondertekenaars),
            ]

    def _rijen_themas(self, g: KaderGegevens) -> Iterator[list[Any]]:
        for thema in g.themas:
            yield [
                thema.nummer,
                thema.titel,
                thema.doel,
                thema.opgave,
                len(thema.ambities.all()),
                len(g.afspraken_van(thema)),
            ]

    def _rijen_ambities(self, g: KaderGegevens) -> Iterator[list[Any]]:
        for thema in g.themas:
            for ambitie in thema.ambities.all():
                yield [thema.nummer, thema.titel, ambitie.tekst]

    def _rijen_afspraken(self, g: KaderGegevens) -> Iterator[list[Any]]:
        for a in g.afspraken:
            yield [
                g.kader.slug,
                a.thema.nummer if a.thema_id else None,
                a.thema.titel if a.thema_id else "",
                a.get_soort_display(),
                a.nummer,
                a.tekst,
                _lijst(g.aanduiding(link.organisatie) for link in a.partij_links.all()),
                g.aanduiding(a.trekker),
                a.jaar,
                a.termijn,
                _lijst(b.term for b in a.begrippen.all()),
            ]

    def _rijen_begrippen(self, g: KaderGegevens) -> Iterator[list[Any]]:
        for begrip in g.begrippen:
            onderdelen = list(begrip.onderdelen.all())
            if not onderdelen:
                yield [begrip.term, begrip.definitie, "", "", ""]
            for onderdeel in onderdelen:
                yield [
                    begrip.term,
                    begrip.definitie,
                    onderdeel.groep,
                    onderdeel.code,
                    onderdeel.omschrijving,
                ]

    def _rijen_convenanten(self, g: KaderGegevens) -> Iterator[list[Any]]:
        for c in g.convenanten:
            yield [
                c.naam,
                c.jaar,
                c.jaar_tot,
                _lijst(c.partijnamen),
                _lijst(g.aanduiding(o) for o in g.in_partijvolgorde(c.partijen.all())),
            ]


class CsvExporter(RegisterExporter):
    formaat = "csv"
    extensie = "csv"
    content_type = "text/csv; charset=utf-8"
    omschrijving = "CSV (één regel per afspraak; ';' als scheidingsteken, UTF-8)"

    def render(self, gegevens: KaderGegevens) -> bytes:
        return self.render_csv(gegevens)


class XlsxExporter(RegisterExporter):
    formaat = "xlsx"
    extensie = "xlsx"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    omschrijving = "Excel (een tabblad per onderdeel)"

    def render(self, gegevens: KaderGegevens) -> bytes:
        return self.render_xlsx(gegevens)


# --------------------------------------------------------------------------------------------
# Open data (JSON)


class OpenDataExporter(Exporter):
    formaat = "json"
    extensie = "json"
    content_type = "application/json; charset=utf-8"
    omschrijving = "JSON (open-data-formaat, zie docs/open-data.md)"

    def render(self, gegevens: KaderGegevens) -> bytes:
        document = self.document(gegevens)
        return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"

    def document(self, g: KaderGegevens) -> dict[str, Any]:
        k = g.kader
        return {
            "formaat": OPEN_DATA_FORMAAT,
            "versie": OPEN_DATA_VERSIE,
            "gegenereerd_op": timezone.now().replace(microsecond=0).isoformat(),
            "kader": {
                "titel": k.titel,
                "slug": k.slug,
                "gemeente": {
                    "naam": k.gemeente.naam,
                    "cbs_code": k.gemeente.cbs_code or None,
                    "provincie": k.gemeente.provincie or None,
                },
                "periode": {"van": k.periode_van, "tot": k.periode_tot},
                "ondertekend_op": k.ondertekend_op.isoformat() if k.ondertekend_op else None,
                "ondertekend_te": k.ondertekend_te or None,
                "status": k.status,
                "gepubliceerd": k.gepubliceerd,
                "bron": {
                    "bestandsnaam": k.bron_bestandsnaam or None,
                    "sha256": k.bron_sha256 or None,
                },
            },
            "partijen": [self._partij(p) for p in g.partijen],
            "ondertekenaars": [
                {
                    "naam": o.naam,
                    "functie": o.functie or None,
                    "organisatie": o.organisatie_naam,
                    "partij": o.organisatie.slug if o.organisatie_id else None,
                    "namens": o.namens or None,
                }
                for o in g.ondertekenaars
            ],
            "themas": [self._thema(t, g) for t in g.themas],
            "afspraken_zonder_thema": [self._afspraak(a) for a in g.afspraken if not a.thema_id],
            "begrippen": [
                {
                    "term": b.term,
                    "slug": b.slug,
                    "definitie": b.definitie,
                    "onderdelen": [
                        {
                            "groep": o.groep or None,
                            "code": o.code or None,
                            "omschrijving": o.omschrijving,
                        }
                        for o in b.onderdelen.all()
                    ],
                }
                for b in g.begrippen
            ],
            "convenanten": [
                {
                    "naam": c.naam,
                    "jaar": c.jaar,
                    "jaar_tot": c.jaar_tot,
                    "partijen_genoemd": list(c.partijnamen),
                    "partijen": [o.slug for o in g.in_partijvolgorde(c.partijen.all())],
                }
                for c in g.convenanten
            ],
            "tabellen": [
                {
                    "nummer": t.nummer,
                    "titel": t.titel,
                    "thema": t.thema.nummer if t.thema_id else None,
                    "kolommen": list(t.kolommen),
                    "rijen": [
                        {
                            "label": r.label,
                            "partij": r.organisatie.slug if r.organisatie_id else None,
                            "totaal": r.is_totaal,
                            "waarden": list(r.waarden),
                        }
                        for r in t.rijen.all()
                    ],
                    "voetnoot": t.voetnoot or None,
                    "controles": list(t.controles),
                }
                for t in g.tabellen
            ],
            "tekstblokken": [
                {
                    "titel": t.titel,
                    "thema": t.thema.nummer if t.thema_id else None,
                    "tekst": t.tekst,
                }
                for t in g.tekstblokken
            ],
            "voetnoten": [{"nummer": v.nummer, "tekst": v.tekst} for v in g.voetnoten],
            "bijstellingen": [
                {
                    "datum": b.datum.isoformat(),
                    "reden": b.reden,
                    "besloten_in": b.besloten_in or None,
                    "wijzigingen": list(b.wijzigingen),
                }
                for b in g.bijstellingen
            ],
        }

    @staticmethod
    def _partij(p: Partij) -> dict[str, Any]:
        org = p.organisatie
        return {
            "code": org.slug,
            "naam": org.naam,
            "korte_naam": org.korte_naam,
            "aanduiding": p.aanduiding,
            "soort": org.soort,
            "corporatie": org.corporatie.slug if org.corporatie_id else None,
        }

    def _thema(self, t: Thema, g: KaderGegevens) -> dict[str, Any]:
        return {
            "nummer": t.nummer,
            "titel": t.titel,
            "opgave": t.opgave,
            "doel": t.doel,
            "ambities": [a.tekst for a in t.ambities.all()],
            "afspraken": [self._afspraak(a) for a in g.afspraken_van(t)],
        }

    @staticmethod
    def _afspraak(a: Afspraak) -> dict[str, Any]:
        return {
            "nummer": a.nummer,
            "soort": a.soort,
            "tekst": a.tekst,
            "partijen": [
                {
                    "partij": link.organisatie.slug,
                    "herkenning": link.herkenning,
                    "herkend_woord": link.herkend_woord or None,
                }
                for link in a.partij_links.all()
            ],
            "trekker": a.trekker.slug if a.trekker_id else None,
            "jaar": a.jaar,
            "termijn": a.termijn or None,
            "begrippen": [b.slug for b in a.begrippen.all()],
        }


# --------------------------------------------------------------------------------------------
# Registry and entry point


EXPORTERS: dict[str, type[Exporter]] = {
    exporter.formaat: exporter for exporter in (CsvExporter, XlsxExporter, OpenDataExporter)
}


def export_kader(*, kader: Afsprakenkader, formaat: str, user) -> Export:
    """Render one kader in one format for this user. KeyError for an unknown format,
    PermissionDenied when the user may not read the kader."""
    exporter_class = EXPORTERS[formaat]
    if not permissions.can_view_kader(user, kader):
        raise PermissionDenied("U mag dit afsprakenkader niet zien.")
    exporter = exporter_class()
    return Export(
        inhoud=exporter.render(KaderGegevens.laad(kader)),
        content_type=exporter.content_type,
        bestandsnaam=bestandsnaam(kader, exporter.extensie),
    )
