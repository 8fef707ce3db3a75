"""The progress report on the Nijkerk demo (``demo-nijkerk``: December 2025 closed, June 2026
open), built once for this module with every document generated once.

The figures are the selectors' (the same as the dashboard and the planmonitor page show), the
PDF is tagged PDF/UA with language, title, bookmarks and text on every page, the public
variant holds nothing that is not public, and the CLI writes a file or refuses in Dutch."""

from __future__ import annotations

import io
import re
from collections import Counter

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command
from django.urls import reverse

from prestatiemonitor.jaarschijven import selectors as jaarschijf_selectors
from prestatiemonitor.jaarschijven.models import Peilmoment
from prestatiemonitor.rapportage.inhoud import (
    OPENBAAR,
    STAND_VOLGORDE,
    STATUS_VOLGORDE,
    VOLLEDIG,
    RapportFout,
    rapportinhoud,
)

KADER = "nijkerk-2025-2027"
# Non-public strings of the demo: a vertrouwelijk planmonitor project (a norm judges it), and
# the decision of the ambtelijk overleg breed of June 2025 that the gemeente did not publish.
VERTROUWELIJK_PROJECT = "Verbouwing Kerkstraat"
NIET_OPENBAAR_BESLUIT = "de stand van zaken over het eerste halfjaar 2025 is besproken"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from prestatiemonitor.planmonitor.tests.factories import eenmalig
    from prestatiemonitor.rapportage.pdf import pdf_bytes
    from prestatiemonitor.rapportage.xlsx import xlsx_bytes

    with eenmalig(django_db_blocker):
        call_command("demo-nijkerk", stdout=io.StringIO())
        volledig = rapportinhoud(kader_slug=KADER, peilmoment_code="2025-12", variant=VOLLEDIG)
        openbaar = rapportinhoud(kader_slug=KADER, peilmoment_code="2025-12", variant=OPENBAAR)
        yield {
            "volledig": volledig,
            "openbaar": openbaar,
            "pdf_volledig": pdf_bytes(volledig),
            "pdf_openbaar": pdf_bytes(openbaar),
            "xlsx": xlsx_bytes(volledig),
        }


@pytest.fixture
def wereld(demo, db):
    return demo


def _pdf(data: bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(data))


def _tekst(data: bytes) -> str:
    """All text, whitespace made single (a table cell wraps its lines)."""
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in _pdf(data).pages))


def _peilmoment(code: str) -> Peilmoment:
    jaar, maand = code.split("-")
    return Peilmoment.objects.select_related("jaarschijf").get(
        jaarschijf__kader__slug=KADER,
        jaarschijf__jaar=int(jaar),
        soort="december" if maand == "12" else "juni",
    )


# ---------------------------------------------------------------------------------------------
# The figures are the selectors' and the pages'


def test_summary_counts_are_those_of_standen(wereld):
    inhoud = wereld["volledig"]
    peilmoment = _peilmoment("2025-12")
    themas = jaarschijf_selectors.standen(jaarschijf=peilmoment.jaarschijf, peilmoment=peilmoment)
    assert [t.nummer for t in inhoud.themastanden] == [t.thema.nummer for t in themas]
    for rapport, selector in zip(inhoud.themastanden, themas, strict=True):
        assert rapport.afspraken_per_stand == {
            s.value: selector.per_stand.get(s, 0) for s in STAND_VOLGORDE
        }
        assert rapport.activiteiten_per_status == {
            s.value: selector.activiteiten_per_status.get(s, 0) for s in STATUS_VOLGORDE
        }
    # The demo's December 2025 (README): 29 strategische afspraken, 4 activities vertraagd
    # and 4 aandacht nodig, afspraken 21, 22 and 29 without activity (accepted).
    assert inhoud.afspraken_per_stand == {
        "gereed": 15,
        "op_schema": 2,
        "aandacht_nodig": 5,
        "vertraagd": 4,
        "niet_gestart": 0,
        "geen_activiteit": 3,
    }
    assert inhoud.afspraken_totaal == 29
    assert inhoud.activiteiten_per_status["vertraagd"] == 4
    assert inhoud.activiteiten_per_status["aandacht_nodig"] == 4
    assert [(o.nummer, o.geaccepteerd) for o in inhoud.ongedekt] == [
        ("21", True),
        ("22", True),
        ("29", True),
    ]
    assert inhoud.vorig_peilmoment == "Juni 2025"
    assert len(inhoud.wijzigingen) == 23
    assert ("A1", "op schema", "vertraagd") in {(w.code, w.was, w.nu) for w in inhoud.wijzigingen}


def test_report_counts_equal_the_public_dashboard(wereld, client):
    """The public dashboard of 2025 shows the closed December 2025: the same counts per theme
    (afspraken per stand, activities per status) as the public report."""
    response = client.get(reverse("jaarschijven:dashboard", args=[KADER, 2025]))
    assert response.status_code == 200
    assert response.context["peilmoment"].code == "2025-12"
    pagina_afspraken = [[c.aantal for c in r.cellen] for r in response.context["afspraak_rijen"]]
    pagina_activiteiten = [
        [c.aantal for c in r.cellen] for r in response.context["activiteit_rijen"]
    ]
    inhoud = wereld["openbaar"]
    assert pagina_afspraken == [list(t.afspraken_per_stand.values()) for t in inhoud.themastanden]
    assert pagina_activiteiten == [
        list(t.activiteiten_per_status.values()) for t in inhoud.themastanden
    ]
    assert response.context["afspraak_totaal"].totaal.aantal == inhoud.afspraken_totaal == 29


def test_tabel_1_and_2_equal_the_planmonitor_page_for_the_same_round(wereld, client):
    from prestatiemonitor.planmonitor.models import Peiling

    inhoud = wereld["openbaar"]
    assert inhoud.planmonitor is not None
    assert inhoud.planmonitor.peiling == "Najaar 2025"  # the round before 31 December 2025
    najaar = Peiling.objects.get(kader__slug=KADER, naam="Najaar 2025")
    response = client.get(reverse("planmonitor:overzicht", args=[KADER]), {"peiling": najaar.pk})
    assert response.status_code == 200
    for pagina, rapport in zip(
        response.context["tabellen"], inhoud.planmonitor.tabellen, strict=True
    ):
        assert [[c["waarde"] for c in r["cellen"]] for r in pagina["rijen"]] == [
            waarden for _, waarden, _ in rapport.rijen
        ]
    # The document's Tabel 1 for WSN (README): 526 nieuwbouw, −125 verkoop, 215 doorkijk.
    tabel1 = inhoud.planmonitor.tabellen[0]
    assert tabel1.rijen[0] == ("WSN", [526, None, -125, 401, 215], False)
    assert tabel1.rijen[-1] == ("Totaal", [556, -6, -135, 415, 215], True)


def test_norms_and_indicators_are_those_of_the_year(wereld):
    inhoud = wereld["volledig"]
    statushouders = {
        (i.onderwerp, i.periode): (i.waarde, i.grens, i.uitkomst)
        for i in inhoud.indicatoren
        if i.indicator == "statushouders"
    }
    # README: de Alliantie housed 9 statushouders in 2025 where 13,3 were expected.
    assert statushouders[("de Alliantie", "jaar")][0] == 9
    assert str(statushouders[("de Alliantie", "jaar")][1]) == "13.3"
    assert statushouders[("de Alliantie", "jaar")][2] == "voldoet niet"
    spreiding = {n.onderwerp: n.uitkomst for n in inhoud.normen if n.code == "afspraak-9-spreiding"}
    assert spreiding["Nijkerk / Corlaer 2025"] == "waarschuwing"
    # Only 2025 for beschikbaarheid: no result of 2024 or of the first half of 2026.
    woonruimte = [
        n.onderwerp
        for n in inhoud.normen
        if n.code.startswith(("afspraak-7-", "afspraak-9-", "afspraak-10-", "wettelijk-passend"))
    ]
    assert "WSN 2025" in woonruimte
    assert not [o for o in woonruimte if "2024" in o or "2026" in o or "2025-1" in o]
    labels = {(i.onderwerp, i.periode) for i in inhoud.verduurzaming}
    # The peildatum in Dutch notation; none after the peilmoment (the demo has 2026 counts).
    assert {p for _, p in labels} == {"31 december 2025"}
    assert ("de Alliantie", "31 december 2025") in labels
    # Each row names the norm that judges it: two norms judge the same count.
    assert sorted((i.onderwerp, i.norm, i.uitkomst) for i in inhoud.verduurzaming) == [
        ("WSN", "Geen E-, F- en G-labels meer eind 2028 (landelijk)", "voldoet"),
        ("WSN", "Geen woningen met label E, F of G meer eind 2027", "voldoet"),
        ("de Alliantie", "Geen E-, F- en G-labels meer eind 2028 (landelijk)", "voldoet"),
        ("de Alliantie", "Geen woningen met label E, F of G meer eind 2027", "waarschuwing"),
    ]


def test_overdue_afspraken_stop_at_the_peilmoment(wereld):
    inhoud = wereld["volledig"]
    # Afspraak 1 ("in 2025") has no activity gereed at December 2025; its 2026 activities
    # (a concept, reported in the open June 2026) do not count for this report.
    assert [(a.nummer, str(a.deadline), a.activiteiten) for a in inhoud.achterstallig] == [
        ("1", "2025-12-31", 1)
    ]


def test_decisions_are_those_since_the_previous_deadline(wereld):
    """December 2025: meetings after 30 June 2025 up to 15 December 2025; the bestuurlijk
    overleg breed of 18 December comes in the next report. June 2025 (the first): every
    meeting up to 30 June, the unpublished decision only in the full variant."""
    assert wereld["volledig"].besluiten == []
    assert str(wereld["volledig"].besluiten_vanaf) == "2025-06-30"
    juni_volledig = rapportinhoud(kader_slug=KADER, peilmoment_code="2025-06", variant=VOLLEDIG)
    juni_openbaar = rapportinhoud(kader_slug=KADER, peilmoment_code="2025-06", variant=OPENBAAR)
    assert [(str(b.datum), b.openbaar) for b in juni_volledig.besluiten] == [("2025-06-05", False)]
    assert NIET_OPENBAAR_BESLUIT in juni_volledig.besluiten[0].tekst
    assert juni_openbaar.besluiten == []


def test_only_a_closed_peilmoment_of_a_known_kader(wereld):
    with pytest.raises(RapportFout, match="juni 2026 is nog niet gesloten"):
        rapportinhoud(kader_slug=KADER, peilmoment_code="2026-06", variant=VOLLEDIG)
    with pytest.raises(RapportFout, match="geen peilmoment '2024-12'"):
        rapportinhoud(kader_slug=KADER, peilmoment_code="2024-12", variant=VOLLEDIG)
    with pytest.raises(RapportFout, match="geen afsprakenkader 'elders'"):
        rapportinhoud(kader_slug="elders", peilmoment_code="2025-12", variant=VOLLEDIG)


# ---------------------------------------------------------------------------------------------
# The PDF


def test_pdf_is_tagged_with_language_title_and_bookmarks(wereld):
    reader = _pdf(wereld["pdf_volledig"])
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl"
    assert bool(root["/MarkInfo"]["/Marked"]) is True
    assert "/StructTreeRoot" in root
    assert reader.metadata.title == (
        "Voortgangsrapportage December 2025 — Prestatieafspraken in gemeente Nijkerk 2025–2027"
    )

    def plat(items):
        for item in items:
            yield from plat(item) if isinstance(item, list) else [item.title]

    bladwijzers = list(plat(reader.outline))
    assert bladwijzers[:3] == ["Voortgangsrapportage december 2025", "Inhoud", "1. Samenvatting"]
    assert "8. Besluiten van het overleg" in bladwijzers
    assert "3. Verduurzamen woningvoorraad en betaalbaar wonen" in bladwijzers  # a theme (h3)
    # h1 → h2 → h3: the chapters hang under the title, the themes under their chapter.
    assert [b.title for b in reader.outline if not isinstance(b, list)] == [
        "Voortgangsrapportage december 2025"
    ]
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in xmp  # declared PDF/UA-1


def test_pdf_has_text_on_every_page_with_page_numbers_and_dutch_notation(wereld):
    reader = _pdf(wereld["pdf_volledig"])
    aantal = len(reader.pages)
    assert aantal > 10
    for nummer, pagina in enumerate(reader.pages, start=1):
        tekst = pagina.extract_text()
        assert len(tekst.strip()) > 100, f"pagina {nummer} heeft geen tekst"
        assert f"Pagina {nummer} van {aantal}" in tekst
    alles = _tekst(wereld["pdf_volledig"])
    assert "uiterste meldingsdatum 15 december 2025" in alles
    assert "peiling Najaar 2025 van de planmonitor (peildatum 1 oktober 2025)" in alles
    assert "periode 2025 t/m 2027" in alles  # a year without a thousands separator
    assert "13,3" in alles  # a decimal comma
    # The table of contents carries the page of each chapter.
    inhoud_pagina = reader.pages[0].extract_text()
    assert re.search(r"1\. Samenvatting\s*\.+\s*2", inhoud_pagina)


def test_pdf_summary_table_and_chart_data(wereld):
    """The summary page prints the counts of the report (the chart's data table)."""
    tekst = _pdf(wereld["pdf_volledig"]).pages[1].extract_text()
    assert "Aantal afspraken per thema naar stand" in tekst
    regel = next(r for r in tekst.splitlines() if r.startswith("Alle thema's"))
    assert regel.split()[2:] == ["15", "2", "5", "4", "0", "3", "29"]


def test_public_pdf_holds_nothing_that_is_not_public(wereld):
    volledig = _tekst(wereld["pdf_volledig"])
    openbaar = _tekst(wereld["pdf_openbaar"])
    assert VERTROUWELIJK_PROJECT in volledig  # the string is there to be found
    assert VERTROUWELIJK_PROJECT not in openbaar
    assert "openbare versie" in openbaar
    # What is public is in both: the tenants' advies in full and the trekkers' toelichting.
    advies = "adviseert partijen het overleg met de netbeheerder voorrang te geven"
    assert advies in volledig
    assert advies in openbaar


# ---------------------------------------------------------------------------------------------
# The workbook and the CLI


def test_xlsx_summary_equals_the_pdf(wereld):
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(wereld["xlsx"]))
    assert wb.sheetnames == [
        "Samenvatting",
        "Afspraken",
        "Normen",
        "Tabel 1",
        "Tabel 2",
        "Indicatoren",
        "Besluiten",
    ]
    ws = wb["Samenvatting"]
    koppen = [c.value for c in ws[1]]
    assert koppen[:3] == ["Thema", "Stand thema", "Afspraken gereed"]
    totaal = next(r for r in ws.iter_rows(values_only=True) if r[0] == "Alle thema's")
    pdf_regel = next(
        r
        for r in _pdf(wereld["pdf_volledig"]).pages[1].extract_text().splitlines()
        if r.startswith("Alle thema's")
    )
    assert [str(v) for v in totaal[2:9]] == pdf_regel.split()[2:]
    tabel1 = wb["Tabel 1"]
    assert [c.value for c in tabel1[2]] == ["WSN", 526, None, -125, 401, 215]
    assert tabel1["B2"].number_format == "#,##0"
    statussen = Counter(r[7] for r in wb["Afspraken"].iter_rows(min_row=2, values_only=True))
    assert statussen["vertraagd"] >= 4
    indicator = next(
        r
        for r in wb["Indicatoren"].iter_rows(min_row=2)
        if r[0].value.startswith("Aandeel urgent") and r[1].value == "WSN"
    )
    assert indicator[3].number_format == "0.00%"
    assert round(indicator[3].value, 4) == 0.2698


def test_cli_writes_the_file_and_refuses_an_open_peilmoment(wereld, tmp_path):
    uitvoer = tmp_path / "rapport.xlsx"
    uit = io.StringIO()
    call_command(
        "rapportage",
        "--kader",
        KADER,
        "--peilmoment",
        "2025-12",
        "--formaat",
        "xlsx",
        "--uitvoer",
        str(uitvoer),
        "--openbaar",
        stdout=uit,
    )
    assert uitvoer.read_bytes()[:2] == b"PK"
    assert "(openbaar) geschreven naar" in uit.getvalue()
    with pytest.raises(CommandError, match="nog niet gesloten; alleen over een gesloten"):
        call_command(
            "rapportage",
            "--kader",
            KADER,
            "--peilmoment",
            "2026-06",
            "--formaat",
            "pdf",
            "--uitvoer",
            str(tmp_path / "open.pdf"),
        )
    assert not (tmp_path / "open.pdf").exists()
    with pytest.raises(CommandError, match="Er is geen afsprakenkader 'onbekend'"):
        call_command(
            "rapportage",
            "--kader",
            "onbekend",
            "--peilmoment",
            "2025-12",
            "--formaat",
            "pdf",
            "--uitvoer",
            str(tmp_path / "x.pdf"),
        )


def test_public_report_of_an_unpublished_kader_is_refused(wereld):
    from prestatiemonitor.afspraken.models import Afsprakenkader

    Afsprakenkader.objects.filter(slug=KADER).update(gepubliceerd=False)
    assert not Afsprakenkader.objects.visible_to(AnonymousUser()).filter(slug=KADER).exists()
    with pytest.raises(RapportFout, match="is niet gepubliceerd"):
        rapportinhoud(kader_slug=KADER, peilmoment_code="2025-12", variant=OPENBAAR)
