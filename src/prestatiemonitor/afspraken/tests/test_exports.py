"""Exports: CSV and XLSX open with the csv module and openpyxl, JSON follows the open-data
schema, and nobody downloads a kader they may not read."""

import csv
import datetime
import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.urls import reverse
from jsonschema import Draft202012Validator

from prestatiemonitor.afspraken.constants import ControleSoort, PartijRol, WijzigingActie
from prestatiemonitor.afspraken.exporters import (
    EXPORTERS,
    KaderGegevens,
    OpenDataExporter,
    export_kader,
)
from prestatiemonitor.afspraken.models import Afspraak, AfspraakPartij, Afsprakenkader
from prestatiemonitor.afspraken.permissions import SYSTEEM
from prestatiemonitor.afspraken.tests.factories import (
    BijstellingWijzigingFactory,
    TabelControleFactory,
    TekstblokFactory,
    VoetnootFactory,
    maak_kader,
)
from prestatiemonitor.organisaties.constants import Rol

pytestmark = pytest.mark.django_db

SCHEMA_PATH = Path(__file__).resolve().parents[4] / "docs" / "open-data.schema.json"

# Sheet key (CSV file name in the ZIP) → XLSX sheet title, in order.
BLADEN = {
    "kader": "Kader",
    "partijen": "Partijen",
    "ondertekenaars": "Ondertekenaars",
    "themas": "Thema's",
    "ambities": "Ambities",
    "afspraken": "Afspraken",
    "afspraakpartijen": "Partijen per afspraak",
    "begrippen": "Begrippen",
    "convenanten": "Convenanten",
    "tabellen": "Tabellen",
    "tabelcontroles": "Tabelcontroles",
    "tekstblokken": "Tekstblokken",
    "voetnoten": "Voetnoten",
    "bijstellingen": "Bijstellingen",
}

CSV_KOPPEN = [
    "Kader",
    "Themanummer",
    "Thema",
    "Soort",
    "Nummer",
    "Tekst",
    "Uitvoerend",
    "Betrokken",
    "Trekker",
    "Jaar",
    "Termijn",
    "Begrippen",
]


# --------------------------------------------------------------------------------------------
# The open-data schema, checked with jsonschema (Draft 2020-12, as the schema declares).


def schema_fouten(document, schema) -> list[str]:
    """Every violation as '<path>: <message>', sorted; [] for a valid document."""
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return sorted(f"{fout.json_path}: {fout.message}" for fout in validator.iter_errors(document))


@pytest.fixture(scope="module")
def schema():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    return schema


# --------------------------------------------------------------------------------------------
# Fixtures


@pytest.fixture
def ks():
    """A small published kader: 5 strategische afspraken in 2 themes + 1 systematiek."""
    return maak_kader()


def lees_csv(inhoud: bytes, blad: str = "afspraken") -> list[list[str]]:
    """One CSV file (a sheet) from the CSV export's ZIP archive."""
    with zipfile.ZipFile(io.BytesIO(inhoud)) as archief:
        data = archief.read(f"{blad}.csv")
    assert data.startswith(b"\xef\xbb\xbf"), "CSV begint met een UTF-8 BOM voor Excel"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def download(client, kader, formaat):
    return client.get(reverse("afspraken:export", kwargs={"kader": kader.slug, "formaat": formaat}))


def export_bytes(kader, formaat, user=SYSTEEM) -> bytes:
    return EXPORTERS[formaat]().render(KaderGegevens.laad(kader, user=user))


# --------------------------------------------------------------------------------------------
# CSV


def test_csv_download_is_a_zip_with_a_file_per_sheet(client, ks):
    response = download(client, ks.kader, "csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    gemeente = ks.kader.gemeente.naam.lower().replace(" ", "-")
    assert response["Content-Disposition"] == (
        f'attachment; filename="prestatieafspraken-{gemeente}-2025-2027.csv.zip"'
    )
    with zipfile.ZipFile(io.BytesIO(response.content)) as archief:
        assert archief.namelist() == [f"{sleutel}.csv" for sleutel in BLADEN]


def test_csv_download_has_one_row_per_afspraak_with_exact_values(client, ks):
    response = download(client, ks.kader, "csv")
    rows = lees_csv(response.content)
    assert rows[0] == CSV_KOPPEN
    body = [dict(zip(CSV_KOPPEN, row, strict=True)) for row in rows[1:]]
    assert [(r["Soort"], r["Nummer"]) for r in body] == [
        ("Strategische afspraak", "1"),
        ("Strategische afspraak", "2"),
        ("Strategische afspraak", "3"),
        ("Strategische afspraak", "4"),
        ("Strategische afspraak", "5"),
        ("Systematiek", "1"),
    ]
    assert body[2] == {
        "Kader": ks.kader.slug,
        "Themanummer": "1",
        "Thema": "Balans in vraag en aanbod",
        "Soort": "Strategische afspraak",
        "Nummer": "3",
        "Tekst": "De woningcorporaties behouden 15% vrije toewijzingsruimte.",
        "Uitvoerend": "WSN, de Alliantie",
        "Betrokken": "",
        "Trekker": "",
        "Jaar": "",
        "Termijn": "",
        "Begrippen": "",
    }
    assert body[0]["Trekker"] == "gemeente"
    assert body[0]["Uitvoerend"] == "gemeente"
    assert body[0]["Betrokken"] == "WSN, de Alliantie, HON, HBVA"
    assert body[1]["Begrippen"] == "Harde en zachte plannen"
    assert body[5]["Thema"] == "Samenwerking"
    assert body[5]["Jaar"] == "2027"
    assert body[5]["Termijn"] == "in 2027"


def test_csv_neutralises_text_a_spreadsheet_would_run_as_a_formula(ks):
    Afspraak.objects.filter(pk=ks.afspraken["3"].pk).update(tekst='=HYPERLINK("http://x")')
    rows = lees_csv(export_bytes(ks.kader, "csv"))
    assert rows[3][CSV_KOPPEN.index("Tekst")] == '\'=HYPERLINK("http://x")'


# --------------------------------------------------------------------------------------------
# XLSX


def test_xlsx_has_a_sheet_per_part_with_bold_frozen_headers_and_widths(client, ks):
    response = download(client, ks.kader, "xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].endswith('-2025-2027.xlsx"')
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == list(BLADEN.values())
    for sheet in wb.worksheets:
        assert all(cell.font.bold for cell in sheet[1]), sheet.title
        assert sheet.freeze_panes == "A2", sheet.title

    afspraken = wb["Afspraken"]
    assert [c.value for c in afspraken[1]] == CSV_KOPPEN
    assert afspraken.column_dimensions["F"].width == 80
    rows = list(afspraken.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 6
    assert rows[3] == (
        ks.kader.slug,
        2,
        "Wonen, zorg en aandachtsgroepen",
        "Strategische afspraak",
        "4",
        "De gemeente is verantwoordelijk voor het realiseren van de gemeentelijke "
        "taakstelling statushouders. WSN en de Alliantie dragen naar rato bij.",
        "gemeente, WSN, de Alliantie",
        None,
        "gemeente",
        None,
        None,
        None,
    )
    assert rows[5][3:5] == ("Systematiek", "1")
    assert rows[5][9] == 2027

    themas = list(wb["Thema's"].iter_rows(min_row=2, values_only=True))
    assert [(t[0], t[1], t[4], t[5]) for t in themas] == [
        (1, "Balans in vraag en aanbod", 2, 3),
        (2, "Wonen, zorg en aandachtsgroepen", 1, 2),
        (3, "Samenwerking", 0, 1),
    ]
    begrippen = list(wb["Begrippen"].iter_rows(min_row=2, values_only=True))
    assert [(b[0], b[2], b[3]) for b in begrippen] == [
        ("Harde en zachte plannen", "Hard", "1A"),
        ("Harde en zachte plannen", "Hard", "2A"),
        ("Harde en zachte plannen", "Zacht", "3"),
        ("Harde en zachte plannen", "Zacht", "4B"),
        ("Aandachtsgroepen", None, None),
    ]
    convenanten = list(wb["Convenanten"].iter_rows(min_row=2, values_only=True))
    assert convenanten[1] == (
        "Samenwerkingsovereenkomst Wonen",
        2016,
        2020,
        "gemeente Nijkerk, WSN, Vluchtelingenwerk",
        "gemeente, WSN",
    )
    kader = list(wb["Kader"].iter_rows(min_row=2, values_only=True))[0]
    assert kader[3:5] == (2025, 2027)
    assert kader[7] == "Ondertekend"


def test_xlsx_keeps_text_starting_with_equals_as_text(ks):
    Afspraak.objects.filter(pk=ks.afspraken["3"].pk).update(tekst="=1+1")
    wb = openpyxl.load_workbook(io.BytesIO(export_bytes(ks.kader, "xlsx")))
    cell = wb["Afspraken"]["F4"]
    assert cell.value == "=1+1"
    assert cell.data_type == "s"


def test_export_needs_the_same_number_of_queries_for_a_bigger_kader(ks, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as klein:
        export_bytes(ks.kader, "xlsx")
    groot = maak_kader(extra_themas=3, extra_afspraken_per_thema=6)
    with django_assert_num_queries(len(klein.captured_queries)):
        export_bytes(groot.kader, "xlsx")


# --------------------------------------------------------------------------------------------
# Every format carries the same content


@pytest.fixture
def ks_met_voetnoten(ks):
    return _met_voetnoten(ks)


def _met_voetnoten(ks):
    """Footnotes anchored to Tabel 1, afspraak 3, the second ambitie of theme 1 and a text
    block; a second table check."""
    voetnoot = VoetnootFactory(
        kader=ks.kader, nummer="1", tekst="Deze cijfers zijn prognoses (peildatum 28-1-2025)."
    )
    voetnoot.tabellen.add(ks.tabel)
    voetnoot.afspraken.add(ks.afspraken["3"])
    voetnoot.ambities.add(ks.themas[0].ambities.order_by("volgorde")[1])
    blok = TekstblokFactory(kader=ks.kader, titel="Inleiding", tekst="Inleidende tekst.")
    VoetnootFactory(kader=ks.kader, nummer="2", tekst="Zie de woonvisie.").tekstblokken.add(blok)
    TabelControleFactory(
        tabel=ks.tabel, soort=ControleSoort.TOTAALRIJ, rij="Totaal", kolom="Netto toename",
        gedrukt=Decimal("415"), berekend=Decimal("421.5"), volgorde=2,
    )  # fmt: skip
    return ks


def test_export_query_count_does_not_grow_with_footnotes_and_checks(django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    klein = _met_voetnoten(maak_kader())
    with CaptureQueriesContext(connection) as telling:
        export_bytes(klein.kader, "json")
    groot = _met_voetnoten(maak_kader(extra_themas=3, extra_afspraken_per_thema=6))
    for nummer in ("3", "4", "5"):
        VoetnootFactory(kader=groot.kader, nummer=nummer).afspraken.add(groot.afspraken[nummer])
    with django_assert_num_queries(len(telling.captured_queries)):
        export_bytes(groot.kader, "json")


def _xlsx_rijen(inhoud: bytes, titel: str) -> list[tuple]:
    wb = openpyxl.load_workbook(io.BytesIO(inhoud))
    return list(wb[titel].iter_rows(min_row=2, values_only=True))


def _als_csv(waarde) -> str:
    """An XLSX cell as the CSV export writes it."""
    if waarde is None:
        return ""
    if isinstance(waarde, datetime.datetime):
        return waarde.date().isoformat()
    return str(waarde)


@pytest.mark.parametrize("sleutel", ["tabellen", "tabelcontroles", "voetnoten", "afspraakpartijen",
                                     "bijstellingen", "afspraken", "ondertekenaars"])  # fmt: skip
def test_csv_and_xlsx_carry_the_same_rows(ks_met_voetnoten, sleutel):
    kader = ks_met_voetnoten.kader
    xlsx = _xlsx_rijen(export_bytes(kader, "xlsx"), BLADEN[sleutel])
    csv_rijen = lees_csv(export_bytes(kader, "csv"), sleutel)[1:]
    assert xlsx
    assert csv_rijen == [[_als_csv(v) for v in r] for r in xlsx]


def test_tables_are_exported_cell_by_cell_with_their_checks(ks_met_voetnoten):
    kader = ks_met_voetnoten.kader
    inhoud = export_bytes(kader, "xlsx")
    cellen = _xlsx_rijen(inhoud, "Tabellen")
    assert len(cellen) == 9  # 3 rows × 3 columns
    assert cellen[6:] == [
        ("1", "Prognose ontwikkeling sociale voorraad 2025 t/m 2027", 1, "Totaal", None, "ja",
         "Nieuwbouw (harde plannen)", 556),
        ("1", "Prognose ontwikkeling sociale voorraad 2025 t/m 2027", 1, "Totaal", None, "ja",
         "Onttrekking door sloop", 0),
        ("1", "Prognose ontwikkeling sociale voorraad 2025 t/m 2027", 1, "Totaal", None, "ja",
         "Netto toename", 415),
    ]  # fmt: skip
    assert cellen[0][3:5] == ("WSN", "WSN")
    assert _xlsx_rijen(inhoud, "Tabelcontroles") == [
        ("1", "kolomtotaal", "Totaal", "Onttrekking door sloop", 0, -6),
        ("1", "som van de totaalrij", "Totaal", "Netto toename", 415, 421.5),
    ]
    document = json.loads(export_bytes(kader, "json"))
    assert [
        (c["soort"], c["gedrukt"], c["berekend"]) for c in document["tabellen"][0]["controles"]
    ] == [
        ("kolomtotaal", 0, -6),
        ("totaalrij", 415, 421.5),
    ]


def test_footnotes_are_exported_with_what_they_annotate(ks_met_voetnoten, schema):
    kader = ks_met_voetnoten.kader
    assert _xlsx_rijen(export_bytes(kader, "xlsx"), "Voetnoten") == [
        ("1", "Deze cijfers zijn prognoses (peildatum 28-1-2025).", "tabel", "Tabel 1"),
        ("1", "Deze cijfers zijn prognoses (peildatum 28-1-2025).", "afspraak", "Afspraak 3"),
        ("1", "Deze cijfers zijn prognoses (peildatum 28-1-2025).", "ambitie",
         "Ambitie 2 van thema 1"),
        ("2", "Zie de woonvisie.", "tekstblok", "Tekstblok 'Inleiding'"),
    ]  # fmt: skip
    document = json.loads(export_bytes(kader, "json"))
    assert schema_fouten(document, schema) == []
    assert document["voetnoten"] == [
        {
            "nummer": "1",
            "tekst": "Deze cijfers zijn prognoses (peildatum 28-1-2025).",
            "bij": [
                {"soort": "tabel", "nummer": "1", "thema": None, "titel": None},
                {"soort": "afspraak", "nummer": "3", "thema": None, "titel": None},
                {"soort": "ambitie", "nummer": "2", "thema": 1, "titel": None},
            ],
        },
        {
            "nummer": "2",
            "tekst": "Zie de woonvisie.",
            "bij": [{"soort": "tekstblok", "nummer": None, "thema": None, "titel": "Inleiding"}],
        },
    ]


def test_every_party_link_is_exported_with_its_role(ks):
    rijen = _xlsx_rijen(export_bytes(ks.kader, "xlsx"), "Partijen per afspraak")
    assert [r for r in rijen if r[1] == "1" and r[0] == "Strategische afspraak"] == [
        ("Strategische afspraak", "1", "gemeente", ks.gemeente.slug, "uitvoerend",
         "bij naam genoemd", "gemeente"),
        ("Strategische afspraak", "1", "WSN", ks.wsn.slug, "betrokken",
         "via een groepsnaam (bv. 'woningcorporaties')", "WSN"),
        ("Strategische afspraak", "1", "de Alliantie", ks.alliantie.slug, "betrokken",
         "via een groepsnaam (bv. 'woningcorporaties')", "de Alliantie"),
        ("Strategische afspraak", "1", "HON", ks.hon.slug, "betrokken",
         "via een groepsnaam (bv. 'woningcorporaties')", "HON"),
        ("Strategische afspraak", "1", "HBVA", ks.hbva.slug, "betrokken",
         "via een groepsnaam (bv. 'woningcorporaties')", "HBVA"),
    ]  # fmt: skip
    AfspraakPartij.objects.filter(afspraak=ks.afspraken["1"], organisatie=ks.hon).update(
        rol=PartijRol.UITVOEREND
    )
    body = lees_csv(export_bytes(ks.kader, "csv"))[1:]
    assert body[0][CSV_KOPPEN.index("Uitvoerend")] == "gemeente, HON"
    assert body[0][CSV_KOPPEN.index("Betrokken")] == "WSN, de Alliantie, HBVA"


def test_bijstellingen_are_exported_change_by_change(ks):
    bijstelling = ks.kader.bijstellingen.get()
    BijstellingWijzigingFactory(
        bijstelling=bijstelling, onderdeel="begrip", sleutel="wonen", actie=WijzigingActie.NIEUW,
        veld="", nieuw="Wonen", volgorde=5,
    )  # fmt: skip
    rijen = _xlsx_rijen(export_bytes(ks.kader, "xlsx"), "Bijstellingen")
    assert [r[3:] for r in rijen] == [
        ("afspraak", "3", "gewijzigd", "tekst",
         "De woningcorporaties behouden 10% vrije toewijzingsruimte.",
         "De woningcorporaties behouden 15% vrije toewijzingsruimte."),
        ("begrip", "wonen", "nieuw", None, None, "Wonen"),
    ]  # fmt: skip


def test_exports_read_only_what_the_user_may_see(ks, make_member):
    concept = maak_kader(gepubliceerd=False)
    with pytest.raises(Afsprakenkader.DoesNotExist):
        KaderGegevens.laad(concept.kader, user=AnonymousUser())
    with pytest.raises(PermissionDenied):
        export_kader(kader=concept.kader, formaat="json", user=AnonymousUser())
    buiten = make_member(ks.wsn, Rol.BEHEERDER)  # party to the other kader only
    with pytest.raises(PermissionDenied):
        export_kader(kader=concept.kader, formaat="xlsx", user=buiten)
    lid = make_member(concept.hon, Rol.LEZER)
    export = export_kader(kader=concept.kader, formaat="json", user=lid)
    assert json.loads(export.inhoud)["kader"]["slug"] == concept.kader.slug


def test_xlsx_is_written_in_one_pass_in_write_only_mode(ks, monkeypatch):
    """The normal openpyxl mode re-reads the sheet per appended row (quadratic)."""
    import openpyxl as op

    modi = []
    echte = op.Workbook

    def workbook(*args, **kwargs):
        modi.append(kwargs.get("write_only", False))
        return echte(*args, **kwargs)

    monkeypatch.setattr(op, "Workbook", workbook)
    export_bytes(ks.kader, "xlsx")
    assert modi == [True]


# --------------------------------------------------------------------------------------------
# JSON (open data)


def test_json_export_follows_the_open_data_schema(client, ks, schema):
    response = download(client, ks.kader, "json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    document = json.loads(response.content)
    assert schema_fouten(document, schema) == []
    assert document["formaat"] == "prestatieafspraken-opendata"
    assert document["versie"] == "2.0"
    assert document["kader"]["periode"] == {"van": 2025, "tot": 2027}
    assert document["kader"]["ondertekend_op"] == "2025-02-20"
    assert [p["aanduiding"] for p in document["partijen"]] == [
        "gemeente",
        "WSN",
        "de Alliantie",
        "HON",
        "HBVA",
    ]
    hon = document["partijen"][3]
    assert hon["soort"] == "huurdersorganisatie"
    assert hon["corporatie"] == ks.wsn.slug
    thema1 = document["themas"][0]
    assert thema1["doel"] == (
        "Er zijn in 2050 voldoende passende, betaalbare huurwoningen beschikbaar."
    )
    assert len(thema1["ambities"]) == 2
    afspraak1 = thema1["afspraken"][0]
    assert afspraak1["trekker"] == ks.gemeente.slug
    assert [p["partij"] for p in afspraak1["partijen"]] == [o.slug for o in ks.organisaties]
    assert thema1["afspraken"][1]["begrippen"] == ["harde-en-zachte-plannen"]
    systematiek = document["themas"][2]["afspraken"][0]
    assert (systematiek["soort"], systematiek["nummer"], systematiek["jaar"]) == (
        "systematiek",
        "1",
        2027,
    )
    plannen = document["begrippen"][0]
    assert plannen["onderdelen"][0] == {
        "groep": "Hard",
        "code": "1A",
        "omschrijving": "Onherroepelijk bestemmingsplan of inpassingsplan",
    }
    tabel = document["tabellen"][0]
    assert tabel["rijen"][2] == {
        "label": "Totaal",
        "partij": None,
        "totaal": True,
        "waarden": [556, 0, 415],
    }
    assert tabel["controles"] == [
        {
            "soort": "kolomtotaal",
            "rij": "Totaal",
            "kolom": "Onttrekking door sloop",
            "gedrukt": 0,
            "berekend": -6,
        }
    ]
    assert [(p["partij"], p["rol"]) for p in afspraak1["partijen"]] == [
        (ks.gemeente.slug, "uitvoerend"),
        (ks.wsn.slug, "betrokken"),
        (ks.alliantie.slug, "betrokken"),
        (ks.hon.slug, "betrokken"),
        (ks.hbva.slug, "betrokken"),
    ]
    assert document["bijstellingen"] == [
        {
            "datum": "2025-12-11",
            "reden": "Bijgesteld in het bestuurlijk overleg breed.",
            "besloten_in": "bestuurlijk overleg breed",
            "wijzigingen": [
                {
                    "onderdeel": "afspraak",
                    "sleutel": "3",
                    "actie": "gewijzigd",
                    "veld": "tekst",
                    "oud": "De woningcorporaties behouden 10% vrije toewijzingsruimte.",
                    "nieuw": "De woningcorporaties behouden 15% vrije toewijzingsruimte.",
                }
            ],
        }
    ]


def test_schema_rejects_a_broken_document(ks, schema):
    document = OpenDataExporter().document(KaderGegevens.laad(ks.kader, user=SYSTEEM))
    assert schema_fouten(document, schema) == []
    document["themas"][0]["afspraken"][0]["soort"] = "beleid"
    document["themas"][0]["afspraken"][0]["partijen"][0]["rol"] = "toeschouwer"
    del document["kader"]["periode"]
    document["tabellen"][0]["controles"][0]["gedrukt"] = "0"
    document["onbekend"] = 1
    assert schema_fouten(document, schema) == [
        "$.kader: 'periode' is a required property",
        "$.tabellen[0].controles[0].gedrukt: '0' is not of type 'number'",
        "$.themas[0].afspraken[0].partijen[0].rol: 'toeschouwer' is not one of "
        "['uitvoerend', 'betrokken']",
        "$.themas[0].afspraken[0].soort: 'beleid' is not one of ['strategisch', 'systematiek']",
        "$: Additional properties are not allowed ('onbekend' was unexpected)",
    ]


# --------------------------------------------------------------------------------------------
# Who may download


def test_unknown_format_is_404(client, ks):
    assert download(client, ks.kader, "pdf").status_code == 404
    assert download(client, ks.kader, "JSON").status_code == 404


def test_unknown_kader_is_404(client):
    url = reverse("afspraken:export", kwargs={"kader": "bestaat-niet", "formaat": "csv"})
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("formaat", ["csv", "xlsx", "json"])
def test_unpublished_kader_is_downloadable_only_by_its_parties(client, make_member, formaat):
    concept = maak_kader(gepubliceerd=False)
    assert download(client, concept.kader, formaat).status_code == 404

    client.force_login(make_member(maak_kader().wsn, Rol.BEHEERDER))  # another gemeente's
    assert download(client, concept.kader, formaat).status_code == 404

    client.force_login(make_member(concept.hbva, Rol.LEZER))
    response = download(client, concept.kader, formaat)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_published_kader_is_downloadable_by_anonymous_visitors(client, ks):
    response = download(client, ks.kader, "json")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]


# --------------------------------------------------------------------------------------------
# The command


def test_command_writes_json_to_stdout(ks, schema):
    out = io.StringIO()
    call_command("exporteer-afspraken", "--formaat", "json", "--kader", ks.kader.slug, stdout=out)
    document = json.loads(out.getvalue())
    assert schema_fouten(document, schema) == []
    assert document["kader"]["slug"] == ks.kader.slug


def test_command_selects_by_gemeente_and_writes_xlsx_and_csv_files(ks, tmp_path):
    maak_kader()  # a second gemeente, so the selection matters
    cbs = ks.kader.gemeente.cbs_code
    xlsx = tmp_path / "afspraken.xlsx"
    call_command(
        "exporteer-afspraken", "--formaat", "xlsx", "--gemeente", cbs, "--uitvoer", str(xlsx),
        stderr=io.StringIO(),
    )  # fmt: skip
    wb = openpyxl.load_workbook(xlsx)
    assert wb["Afspraken"].max_row == 7
    assert wb["Afspraken"]["A2"].value == ks.kader.slug

    csv_path = tmp_path / "afspraken.csv.zip"
    call_command(
        "exporteer-afspraken", "--formaat", "csv", "--gemeente", cbs.lower(),
        "--uitvoer", str(csv_path), stderr=io.StringIO(),
    )  # fmt: skip
    assert len(lees_csv(csv_path.read_bytes())) == 7


def test_command_refuses_xlsx_on_a_text_stdout(ks):
    with pytest.raises(CommandError, match="binair"):
        call_command("exporteer-afspraken", "--formaat", "xlsx", stdout=io.StringIO())


def test_command_asks_for_a_choice_when_there_are_several_kaders(ks):
    maak_kader()
    with pytest.raises(CommandError, match="meerdere kaders"):
        call_command("exporteer-afspraken", "--formaat", "json", stdout=io.StringIO())


def test_command_respects_visibility_when_asked(ks, make_member):
    concept = maak_kader(gepubliceerd=False)
    with pytest.raises(CommandError, match="niet zichtbaar"):
        call_command(
            "exporteer-afspraken", "--formaat", "json", "--kader", concept.kader.slug,
            "--openbaar", stdout=io.StringIO(),
        )  # fmt: skip
    lezer = make_member(concept.hon, Rol.LEZER)
    out = io.StringIO()
    call_command(
        "exporteer-afspraken", "--formaat", "json", "--kader", concept.kader.slug,
        "--als", lezer.username, stdout=out,
    )  # fmt: skip
    assert json.loads(out.getvalue())["kader"]["gepubliceerd"] is False


# --------------------------------------------------------------------------------------------
# The real Nijkerk document (fixture ``nijkerk_kader`` from the importer, when it exists)


@pytest.fixture
def nijkerk(request):
    try:
        return request.getfixturevalue("nijkerk_kader")
    except pytest.FixtureLookupError:
        pytest.skip("fixture nijkerk_kader (import van het Nijkerk-document) bestaat nog niet")


def _kader_van(fixture_value):
    return getattr(fixture_value, "kader", fixture_value)


def test_nijkerk_csv_and_xlsx_hold_the_29_afspraken_and_3_systematiek_items(
    client, nijkerk, nijkerk_parties, make_member
):
    kader = _kader_van(nijkerk)
    client.force_login(make_member(nijkerk_parties["hon"], Rol.LEZER))
    response = download(client, kader, "xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="prestatieafspraken-nijkerk-2025-2027.xlsx"'
    )
    xlsx = response.content
    rows = lees_csv(export_bytes(kader, "csv"))
    body = [dict(zip(CSV_KOPPEN, row, strict=True)) for row in rows[1:]]
    strategisch = [r for r in body if r["Soort"] == "Strategische afspraak"]
    systematiek = [r for r in body if r["Soort"] == "Systematiek"]
    assert [r["Nummer"] for r in strategisch] == [str(n) for n in range(1, 30)]
    assert [r["Nummer"] for r in systematiek] == ["1", "2", "3"]
    zeven = strategisch[6]
    assert zeven["Tekst"] == "De woningcorporaties behouden 15% vrije toewijzingsruimte."
    assert zeven["Themanummer"] == "1"
    assert zeven["Thema"] == "Balans in vraag en aanbod"
    assert zeven["Uitvoerend"] == "WSN, de Alliantie"
    assert strategisch[9]["Trekker"] == "gemeente"  # 10: "De gemeente is verantwoordelijk"
    assert strategisch[27]["Tekst"] == (
        "De gemeente en woningcorporaties zetten de gezamenlijke financiering van "
        "buurtbemiddeling voort."
    )
    assert systematiek[0]["Tekst"].startswith(
        "De woningcorporaties brengen in 2025 en 2026 geen BOD uit."
    )

    wb = openpyxl.load_workbook(io.BytesIO(xlsx))
    xrows = list(wb["Afspraken"].iter_rows(min_row=2, values_only=True))
    assert len(xrows) == 32
    assert [r[4] for r in xrows if r[3] == "Strategische afspraak"] == [
        str(n) for n in range(1, 30)
    ]
    assert [r[4] for r in xrows if r[3] == "Systematiek"] == ["1", "2", "3"]
    assert xrows[6][5] == "De woningcorporaties behouden 15% vrije toewijzingsruimte."
    assert len(list(wb["Thema's"].iter_rows(min_row=2))) == 5
    assert len(list(wb["Begrippen"].iter_rows(min_row=2, values_only=True))) >= 14
    assert len(list(wb["Convenanten"].iter_rows(min_row=2))) == 13


def test_nijkerk_json_follows_the_schema_with_the_documents_facts(nijkerk, schema):
    document = json.loads(export_bytes(_kader_van(nijkerk), "json"))
    assert schema_fouten(document, schema) == []
    assert document["kader"]["gemeente"]["cbs_code"] == "GM0267"
    assert document["kader"]["ondertekend_op"] == "2025-02-20"
    assert document["kader"]["periode"] == {"van": 2025, "tot": 2027}
    assert len(document["partijen"]) == 5
    assert len(document["ondertekenaars"]) == 5
    assert [t["nummer"] for t in document["themas"]] == [1, 2, 3, 4, 5]
    assert (
        sum(1 for t in document["themas"] for a in t["afspraken"] if a["soort"] == "strategisch")
        + sum(1 for a in document["afspraken_zonder_thema"] if a["soort"] == "strategisch")
        == 29
    )
    assert len(document["begrippen"]) == 14
    assert len(document["convenanten"]) == 13
    plannen = [b for b in document["begrippen"] if b["onderdelen"]]
    codes = {o["code"] for b in plannen for o in b["onderdelen"]}
    assert {"1A", "1B", "2A", "2B", "1C", "2C", "3", "4A", "4B"} <= codes


def test_nijkerk_footnote_1_is_exported_with_both_tables(nijkerk, schema):
    document = json.loads(export_bytes(_kader_van(nijkerk), "json"))
    assert schema_fouten(document, schema) == []
    [eerste] = [v for v in document["voetnoten"] if v["nummer"] == "1"]
    assert eerste["tekst"].startswith("Deze cijfers zijn prognoses")
    # the marker stands after the ambitie that introduces both tables
    assert [(b["soort"], b["nummer"]) for b in eerste["bij"]] == [
        ("tabel", "1"),
        ("tabel", "2"),
        ("ambitie", "4"),
    ]
