"""Exports of one afsprakenkader: CSV, XLSX and the open-data JSON format.

Built like pretix's exporters: one registry (``EXPORTERS``, by format), one loader that fetches
a kader in a fixed number of queries (``KaderGegevens``), list exporters that *yield rows
once* per sheet, and one base (``ListExporter``) that renders those rows to CSV and to XLSX.
The JSON exporter writes the open-data format documented in ``docs/open-data.md`` (schema:
``docs/open-data.schema.json``).

Visibility is not decided here: ``KaderGegevens.laad(kader, user=...)`` reads every record
through ``Model.objects.visible_to(user)`` (permissions.py), so an export holds exactly what
the pages show that user; a kader the user may not read is refused.

Every format carries the same content. XLSX: one workbook, a sheet per part, written in one
pass in openpyxl's write-only mode. CSV: a ZIP archive with one CSV file per sheet.

CSV choice: ``;`` as separator with a UTF-8 byte order mark, so that Excel with Dutch regional
settings (where ``,`` is the decimal separator) opens the file in columns with é, ë and – intact.
Python reads it with ``csv.reader(open(path, encoding="utf-8-sig"), delimiter=";")``.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import slugify

from .constants import AfspraakSoort, PartijHerkenning, PartijRol
from .models import (
    Afspraak,
    AfspraakPartij,
    Afsprakenkader,
    Ambitie,
    Begrip,
    BegripOnderdeel,
    Bijstelling,
    BijstellingWijziging,
    Convenant,
    Ondertekenaar,
    Partij,
    Tabel,
    TabelControle,
    TabelRij,
    Tekstblok,
    Thema,
    Voetnoot,
)

OPEN_DATA_FORMAAT = "prestatieafspraken-opendata"
OPEN_DATA_VERSIE = "2.0"

CSV_DELIMITER = ";"
# Cells a spreadsheet would run as a formula ("CSV injection"); such text gets a leading '.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# --------------------------------------------------------------------------------------------
# Loading: the whole kader in a fixed number of queries, through the visible querysets.


@dataclass(frozen=True)
class Verwijzing:
    """What a footnote annotates: e.g. ("tabel", "1", None, None) for Tabel 1, ("ambitie", "2",
    3, None) for the second ambitie of theme 3, ("tekstblok", None, None, "Inleiding")."""

    soort: str
    nummer: str | None
    thema: int | None
    titel: str | None

    @property
    def omschrijving(self) -> str:
        """In words, for CSV and XLSX: 'Tabel 1', 'Afspraak 15', 'Ambitie 2 van thema 3'."""
        if self.soort == "ambitie":
            return f"Ambitie {self.nummer} van thema {self.thema}"
        if self.soort == "tekstblok":
            return f"Tekstblok '{self.titel}'"
        return f"{self.soort.capitalize()} {self.nummer}"


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
    _afspraken_per_thema: dict[int | None, list[Afspraak]] = field(default_factory=dict)
    _ambitie_nummers: dict[int, tuple[int, int]] = field(default_factory=dict)

    @classmethod
    def laad(cls, kader: Afsprakenkader, *, user) -> KaderGegevens:
        """Everything of ``kader`` that ``user`` may read. Every queryset starts from
        ``visible_to(user)``: an invisible kader raises ``Afsprakenkader.DoesNotExist``."""
        kader = Afsprakenkader.objects.visible_to(user).select_related("gemeente").get(pk=kader.pk)
        partijen = list(
            Partij.objects.visible_to(user)
            .filter(kader=kader)
            .select_related("organisatie", "organisatie__corporatie")
        )
        afspraken = list(
            Afspraak.objects.visible_to(user)
            .filter(kader=kader)
            .select_related("thema", "trekker")
            .prefetch_related(
                Prefetch(
                    "partij_links",
                    queryset=AfspraakPartij.objects.select_related("organisatie").order_by("id"),
                ),
                Prefetch(
                    "begrippen",
                    queryset=Begrip.objects.filter(kader=kader).order_by("volgorde", "id"),
                ),
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
                Ondertekenaar.objects.visible_to(user)
                .filter(kader=kader)
                .select_related("organisatie")
            ),
            themas=list(
                Thema.objects.visible_to(user)
                .filter(kader=kader)
                .prefetch_related(
                    Prefetch("ambities", queryset=Ambitie.objects.order_by("volgorde", "id"))
                )
                .order_by("nummer")
            ),
            afspraken=afspraken,
            begrippen=list(
                Begrip.objects.visible_to(user)
                .filter(kader=kader)
                .prefetch_related(
                    Prefetch("onderdelen", queryset=BegripOnderdeel.objects.order_by("volgorde"))
                )
            ),
            convenanten=list(
                Convenant.objects.visible_to(user)
                .filter(kader=kader)
                .prefetch_related(Prefetch("partijen", queryset=_organisaties_ordered()))
            ),
            tabellen=list(
                Tabel.objects.visible_to(user)
                .filter(kader=kader)
                .select_related("thema")
                .prefetch_related(
                    Prefetch(
                        "rijen",
                        queryset=TabelRij.objects.select_related("organisatie").order_by(
                            "volgorde", "id"
                        ),
                    ),
                    Prefetch(
                        "controle_set",
                        queryset=TabelControle.objects.order_by("volgorde", "id"),
                    ),
                )
            ),
            tekstblokken=list(
                Tekstblok.objects.visible_to(user).filter(kader=kader).select_related("thema")
            ),
            voetnoten=list(
                Voetnoot.objects.visible_to(user)
                .filter(kader=kader)
                .order_by("volgorde", "id")
                .prefetch_related(
                    Prefetch("afspraken", queryset=Afspraak.objects.filter(kader=kader)),
                    Prefetch("ambities", queryset=Ambitie.objects.filter(thema__kader=kader)),
                    Prefetch("tabellen", queryset=Tabel.objects.filter(kader=kader)),
                    Prefetch(
                        "tekstblokken",
                        queryset=Tekstblok.objects.filter(kader=kader).select_related("thema"),
                    ),
                )
            ),
            bijstellingen=list(
                Bijstelling.objects.visible_to(user)
                .filter(kader=kader)
                .prefetch_related(
                    Prefetch(
                        "wijziging_set",
                        queryset=BijstellingWijziging.objects.order_by("volgorde", "id"),
                    )
                )
            ),
        )
        gegevens.aanduidingen = {p.organisatie_id: p.aanduiding for p in partijen}
        gegevens.partij_volgorde = {p.organisatie_id: i for i, p in enumerate(partijen)}
        for afspraak in afspraken:
            gegevens._afspraken_per_thema.setdefault(afspraak.thema_id, []).append(afspraak)
        for thema in gegevens.themas:
            for index, ambitie in enumerate(thema.ambities.all(), start=1):
                gegevens._ambitie_nummers[ambitie.pk] = (thema.nummer, index)
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

    def afspraken_van(self, thema: Thema | None) -> list[Afspraak]:
        return self._afspraken_per_thema.get(thema.pk if thema else None, [])

    def verwijzingen(self, voetnoot: Voetnoot) -> list[Verwijzing]:
        """What this footnote annotates, in document order: tables, afspraken, ambities,
        text blocks."""
        bij = [Verwijzing("tabel", t.nummer, None, None) for t in voetnoot.tabellen.all()]
        bij += [
            Verwijzing(
                "systematiek" if a.soort == AfspraakSoort.SYSTEMATIEK else "afspraak",
                a.nummer,
                None,
                None,
            )
            for a in sorted(voetnoot.afspraken.all(), key=lambda a: (a.soort, a.volgorde))
        ]
        for ambitie in voetnoot.ambities.all():
            thema, nummer = self._ambitie_nummers.get(ambitie.pk, (None, None))
            bij.append(Verwijzing("ambitie", str(nummer) if nummer else None, thema, None))
        bij += [
            Verwijzing("tekstblok", None, t.thema.nummer if t.thema_id else None, t.titel)
            for t in voetnoot.tekstblokken.all()
        ]
        return bij


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
    ``rijen(gegevens, sleutel)``, which yields each row once. XLSX writes every sheet into one
    workbook; CSV writes every sheet as its own file, together in one ZIP archive."""

    bladen: ClassVar[tuple[Blad, ...]]

    def rijen(self, gegevens: KaderGegevens, sleutel: str) -> Iterator[list[Any]]:
        raise NotImplementedError

    def csv_blad(self, gegevens: KaderGegevens, blad: Blad) -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
        writer.writerow([k.titel for k in blad.kolommen])
        writer.writerows([_csv_cel(w) for w in rij] for rij in self.rijen(gegevens, blad.sleutel))
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")

    def render_csv(self, gegevens: KaderGegevens) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archief:
            for blad in self.bladen:
                archief.writestr(f"{blad.sleutel}.csv", self.csv_blad(gegevens, blad))
        return buffer.getvalue()

    def render_xlsx(self, gegevens: KaderGegevens) -> bytes:
        """One pass over the rows per sheet, in openpyxl's write-only mode: linear in the
        number of rows (the normal mode re-reads the sheet for every appended row)."""
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter

        workbook = Workbook(write_only=True)
        vet = Font(bold=True)
        omloop = Alignment(wrap_text=True, vertical="top")
        for blad in self.bladen:
            sheet = workbook.create_sheet(title=blad.titel[:31])
            for index, kolom in enumerate(blad.kolommen, start=1):
                sheet.column_dimensions[get_column_letter(index)].width = kolom.breedte
            sheet.freeze_panes = "A2"
            koppen = []
            for kolom in blad.kolommen:
                cel = WriteOnlyCell(sheet, value=kolom.titel)
                cel.font = vet
                koppen.append(cel)
            sheet.append(koppen)
            aantal = 0
            tekstkolommen = [k.tekst for k in blad.kolommen]
            for rij in self.rijen(gegevens, blad.sleutel):
                sheet.append(
                    [
                        _xlsx_cel(sheet, w, omloop if lang else None)
                        for w, lang in zip(rij, tekstkolommen, strict=False)
                    ]
                )
                aantal += 1
            if aantal:
                laatste = get_column_letter(len(blad.kolommen))
                sheet.auto_filter.ref = f"A1:{laatste}{aantal + 1}"
        workbook.properties.title = gegevens.kader.titel
        workbook.properties.creator = "Prestatiemonitor"
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


def formule_neutraliseren(waarde: Any) -> Any:
    """Text a spreadsheet would run as a formula ('=', '+', '-', '@', tab, CR at the start)
    gets a leading ' so that it stays text; anything else is returned unchanged. Also used by
    the jaarschijf export (jaarschijven/uitwisseling.py), which strips the ' again on import."""
    if isinstance(waarde, str) and waarde.startswith(_FORMULA_START):
        return "'" + waarde
    return waarde


def _csv_cel(waarde: Any) -> Any:
    if waarde is None:
        return ""
    if isinstance(waarde, str) and waarde.startswith(_FORMULA_START):
        return formule_neutraliseren(waarde)
    if isinstance(waarde, datetime.date):
        return waarde.isoformat()
    if isinstance(waarde, Decimal):
        return _getal(waarde)
    return waarde


def _xlsx_cel(sheet, waarde: Any, alignment) -> Any:
    """A value for a write-only sheet. Text that starts with '=' stays text (no formula)."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(waarde, datetime.datetime) and timezone.is_aware(waarde):
        waarde = timezone.localtime(waarde).replace(tzinfo=None)
    elif isinstance(waarde, Decimal):
        waarde = _getal(waarde)
    formule = isinstance(waarde, str) and waarde.startswith("=")
    if not formule and alignment is None:
        return waarde
    cel = WriteOnlyCell(sheet, value=waarde)
    if formule:
        cel.data_type = "s"
    if alignment is not None:
        cel.alignment = alignment
    return cel


def _getal(waarde: Decimal | None) -> int | float | None:
    """A stored Decimal as a JSON/spreadsheet number: 415 rather than 415.00."""
    if waarde is None:
        return None
    return int(waarde) if waarde == waarde.to_integral_value() else float(waarde)


def _labels(choices) -> dict[str, str]:
    """The labels of a TextChoices, translated once per sheet instead of once per row."""
    return {waarde: str(label) for waarde, label in choices.choices}


def _lijst(waarden: Iterable[str]) -> str:
    return ", ".join(w for w in waarden if w)


class RegisterExporter(ListExporter):
    """The register as sheets, with the same content as the open-data JSON: kader, parties and
    signatories, themes and ambities, afspraken (with the role of each party), begrippen,
    convenanten, tables (every cell) with the importer's table checks, text blocks, footnotes
    with what they annotate, and bijstellingen with each change."""

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
                Kolom("Bronbestand", 30),
                Kolom("SHA-256 bron", 20),
            ),
        ),
        Blad(
            "partijen",
            "Partijen",
            (
                Kolom("Aanduiding", 14),
                Kolom("Partijcode", 20),
                Kolom("Naam", 45),
                Kolom("Soort", 20),
                Kolom("Corporatie", 24),
                Kolom("Ondertekend door", 40, tekst=True),
            ),
        ),
        Blad(
            "ondertekenaars",
            "Ondertekenaars",
            (
                Kolom("Naam", 30),
                Kolom("Functie", 30),
                Kolom("Organisatie", 40),
                Kolom("Partij", 14),
                Kolom("Namens", 30),
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
            (
                Kolom("Themanummer", 12),
                Kolom("Thema", 35),
                Kolom("Nummer", 8),
                Kolom("Ambitie", 90, tekst=True),
            ),
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
                Kolom("Uitvoerend", 30, tekst=True),
                Kolom("Betrokken", 30, tekst=True),
                Kolom("Trekker", 12),
                Kolom("Jaar", 7),
                Kolom("Termijn", 18),
                Kolom("Begrippen", 30, tekst=True),
            ),
        ),
        Blad(
            "afspraakpartijen",
            "Partijen per afspraak",
            (
                Kolom("Soort", 20),
                Kolom("Nummer", 8),
                Kolom("Partij", 14),
                Kolom("Partijcode", 20),
                Kolom("Rol", 12),
                Kolom("Herkend via", 22),
                Kolom("Herkend woord", 20),
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
        Blad(
            "tabellen",
            "Tabellen",
            (
                Kolom("Tabel", 8),
                Kolom("Titel", 45, tekst=True),
                Kolom("Themanummer", 12),
                Kolom("Rij", 24),
                Kolom("Partij", 14),
                Kolom("Totaalrij", 10),
                Kolom("Kolom", 45, tekst=True),
                Kolom("Waarde", 10),
            ),
        ),
        Blad(
            "tabelcontroles",
            "Tabelcontroles",
            (
                Kolom("Tabel", 8),
                Kolom("Soort", 20),
                Kolom("Rij", 24),
                Kolom("Kolom", 45, tekst=True),
                Kolom("Gedrukt", 10),
                Kolom("Berekend", 10),
            ),
        ),
        Blad(
            "tekstblokken",
            "Tekstblokken",
            (Kolom("Themanummer", 12), Kolom("Titel", 40), Kolom("Tekst", 90, tekst=True)),
        ),
        Blad(
            "voetnoten",
            "Voetnoten",
            (
                Kolom("Nummer", 8),
                Kolom("Tekst", 70, tekst=True),
                Kolom("Bij", 12),
                Kolom("Verwijzing", 30),
            ),
        ),
        Blad(
            "bijstellingen",
            "Bijstellingen",
            (
                Kolom("Datum besluit", 13),
                Kolom("Besloten in", 24),
                Kolom("Reden", 50, tekst=True),
                Kolom("Onderdeel", 12),
                Kolom("Sleutel", 10),
                Kolom("Actie", 12),
                Kolom("Veld", 12),
                Kolom("Oud", 50, tekst=True),
                Kolom("Nieuw", 50, tekst=True),
            ),
        ),
    )

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
            k.bron_bestandsnaam,
            k.bron_sha256,
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
                org.slug,
                org.naam,
                org.get_soort_display(),
                org.corporatie.naam if org.corporatie_id else "",
                _lijst(ondertekenaars),
            ]

    def _rijen_ondertekenaars(self, g: KaderGegevens) -> Iterator[list[Any]]:
        for o in g.ondertekenaars:
            yield [
                o.naam,
                o.functie,
                o.organisatie_naam,
                g.aanduiding(o.organisatie) if o.organisatie_id else "",
                o.namens,
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
            for nummer, ambitie in enumerate(thema.ambities.all(), start=1):
                yield [thema.nummer, thema.titel, nummer, ambitie.tekst]

    def _rijen_afspraken(self, g: KaderGegevens) -> Iterator[list[Any]]:
        soorten = _labels(AfspraakSoort)
        for a in g.afspraken:
            links = a.partij_links.all()
            yield [
                g.kader.slug,
                a.thema.nummer if a.thema_id else None,
                a.thema.titel if a.thema_id else "",
                soorten.get(a.soort, a.soort),
                a.nummer,
                a.tekst,
                _lijst(g.aanduiding(x.organisatie) for x in links if x.rol == PartijRol.UITVOEREND),
                _lijst(g.aanduiding(x.organisatie) for x in links if x.rol == PartijRol.BETROKKEN),
                g.aanduiding(a.trekker),
                a.jaar,
                a.termijn,
                _lijst(b.term for b in a.begrippen.all()),
            ]

    def _rijen_afspraakpartijen(self, g: KaderGegevens) -> Iterator[list[Any]]:
        soorten, rollen = _labels(AfspraakSoort), _labels(PartijRol)
        herkenningen = _labels(PartijHerkenning)
        for a in g.afspraken:
            for link in a.partij_links.all():
                yield [
                    soorten.get(a.soort, a.soort),
                    a.nummer,
                    g.aanduiding(link.organisatie),
                    link.organisatie.slug,
                    rollen.get(link.rol, link.rol),
                    herkenningen.get(link.herkenning, link.herkenning),
                    link.herkend_woord,
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

    def _rijen_tabellen(self, g: KaderGegevens) -> Iterator[list[Any]]:
        """One row per cell: tables differ in their columns, so they are kept long."""
        for t in g.tabellen:
            kolommen = list(t.kolommen or [])
            for r in t.rijen.all():
                waarden = list(r.waarden or [])
                for index in range(max(len(kolommen), len(waarden))):
                    yield [
                        t.nummer,
                        t.titel,
                        t.thema.nummer if t.thema_id else None,
                        r.label,
                        g.aanduiding(r.organisatie) if r.organisatie_id else "",
                        "ja" if r.is_totaal else "nee",
                        kolommen[index] if index < len(kolommen) else f"kolom {index + 1}",
                        waarden[index] if index < len(waarden) else None,
                    ]

    def _rijen_tabelcontroles(self, g: KaderGegevens) -> Iterator[list[Any]]:
        for t in g.tabellen:
            for c in t.controle_set.all():
                yield [t.nummer, c.get_soort_display(), c.rij, c.kolom, c.gedrukt, c.berekend]

    def _rijen_tekstblokken(self, g: KaderGegevens) -> Iterator[list[Any]]:
        for t in g.tekstblokken:
            yield [t.thema.nummer if t.thema_id else None, t.titel, t.tekst]

    def _rijen_voetnoten(self, g: KaderGegevens) -> Iterator[list[Any]]:
        for v in g.voetnoten:
            verwijzingen = g.verwijzingen(v)
            if not verwijzingen:
                yield [v.nummer, v.tekst, "", ""]
            for bij in verwijzingen:
                yield [v.nummer, v.tekst, bij.soort, bij.omschrijving]

    def _rijen_bijstellingen(self, g: KaderGegevens) -> Iterator[list[Any]]:
        for b in g.bijstellingen:
            wijzigingen = list(b.wijziging_set.all())
            if not wijzigingen:
                yield [b.datum, b.besloten_in, b.reden, "", "", "", "", "", ""]
            for w in wijzigingen:
                yield [
                    b.datum,
                    b.besloten_in,
                    b.reden,
                    w.onderdeel,
                    w.sleutel,
                    w.get_actie_display(),
                    w.veld,
                    w.oud,
                    w.nieuw,
                ]


class CsvExporter(RegisterExporter):
    formaat = "csv"
    extensie = "csv.zip"
    content_type = "application/zip"
    omschrijving = "CSV (een ZIP met één CSV-bestand per onderdeel; ';' als scheidingsteken, UTF-8)"

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
            "afspraken_zonder_thema": [self._afspraak(a) for a in g.afspraken_van(None)],
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
                    "controles": [
                        {
                            "soort": c.soort,
                            "rij": c.rij,
                            "kolom": c.kolom,
                            "gedrukt": _getal(c.gedrukt),
                            "berekend": _getal(c.berekend),
                        }
                        for c in t.controle_set.all()
                    ],
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
            "voetnoten": [
                {
                    "nummer": v.nummer,
                    "tekst": v.tekst,
                    "bij": [
                        {"soort": b.soort, "nummer": b.nummer, "thema": b.thema, "titel": b.titel}
                        for b in g.verwijzingen(v)
                    ],
                }
                for v in g.voetnoten
            ],
            "bijstellingen": [
                {
                    "datum": b.datum.isoformat(),
                    "reden": b.reden,
                    "besloten_in": b.besloten_in or None,
                    "wijzigingen": [
                        {
                            "onderdeel": w.onderdeel,
                            "sleutel": w.sleutel or None,
                            "actie": w.actie,
                            "veld": w.veld or None,
                            "oud": w.oud or None,
                            "nieuw": w.nieuw or None,
                        }
                        for w in b.wijziging_set.all()
                    ],
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
                    "rol": link.rol,
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
    try:
        gegevens = KaderGegevens.laad(kader, user=user)
    except Afsprakenkader.DoesNotExist:
        raise PermissionDenied("U mag dit afsprakenkader niet zien.") from None
    exporter = exporter_class()
    return Export(
        inhoud=exporter.render(gegevens),
        content_type=exporter.content_type,
        bestandsnaam=bestandsnaam(kader, exporter.extensie),
    )
