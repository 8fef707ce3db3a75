"""End to end in Chromium: the gemeente makes the progress report of the closed December 2025
peilmoment of the Nijkerk demo from its page, waits for it to be done, downloads the PDF and
renders every page to PNG (pdftoppm): every page has text. The report page is axe-core clean
at 1280 and 390 px, before and after.

The immediate task backend (the default) makes the report in the request, so the page after
the redirect shows it done; with the database backend the page would show the progress and
refresh itself until then (tested in rapportage/tests/test_maken.py).
"""

import io
import shutil
import subprocess

import pytest
from django.core.management import call_command
from django.urls import reverse

from prestatiemonitor.rapportage.models import Rapport

from .conftest import referentiedata_herstellen
from .test_planmonitor_browser import _inloggen, _toegankelijk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KADER = "nijkerk-2025-2027"


@pytest.fixture
def demo(settings, tmp_path):
    settings.BIJLAGEN_ROOT = tmp_path / "bijlagen"
    referentiedata_herstellen()  # emptied by the transactional test before this one
    call_command("demo-nijkerk", stdout=io.StringIO())


def _pagina_tekst(pdf_pad) -> list[str]:
    from pypdf import PdfReader

    return [p.extract_text() for p in PdfReader(pdf_pad).pages]


def _donker(png) -> bool:
    """Whether a rendered page has dark pixels (text) at all."""
    from PIL import Image

    with Image.open(png) as beeld:
        laagste, _ = beeld.convert("L").getextrema()
    return laagste < 100


def test_gemeente_makes_the_report_and_downloads_a_pdf_with_text_on_every_page(
    bezoeker, live_server, demo, tmp_path
):
    base = live_server.url
    gemeente = bezoeker()
    _inloggen(gemeente, base, "beleid.nijkerk")
    gemeente.goto(base + reverse("jaarschijven:peilmoment", args=[KADER, "2025-12"]))
    gemeente.get_by_role("link", name="Voortgangsrapportage December 2025 (PDF en Excel)").click()
    gemeente.get_by_role("heading", level=1, name="Rapportage December 2025").wait_for()
    volledig = gemeente.locator("section.rapport-variant", has_text="Volledige rapportage")
    assert "Er is nog geen volledige rapportage" in volledig.inner_text()
    _toegankelijk(gemeente)

    assert gemeente.get_by_label("Volledig (voor de partijen)").is_checked()
    # The report is made in the request (a few seconds, longer on a busy machine).
    with gemeente.expect_navigation(timeout=90_000):
        gemeente.get_by_role("button", name="Rapportage maken").click()
    pdf_link = volledig.get_by_role("link", name="PDF van de volledige rapportage, versie 1")
    pdf_link.wait_for(timeout=90_000)
    assert "De volledige rapportage van december 2025 (versie 1) is klaar." in (
        gemeente.locator(".messages").inner_text()
    )
    assert "Statusklaar" in volledig.locator("dl.rapport-huidig").inner_text().replace("\n", "")
    assert gemeente.locator("progress").count() == 0  # done: no progress, no refresh
    assert gemeente.locator('meta[http-equiv="refresh"]').count() == 0
    rapport = Rapport.objects.get(peilmoment__jaarschijf__kader__slug=KADER, variant="volledig")
    assert (rapport.status, rapport.voortgang, rapport.versie) == ("klaar", 100, 1)
    assert rapport.pdf_sha256 in volledig.inner_text()
    _toegankelijk(gemeente)

    with gemeente.expect_download() as download:
        pdf_link.click()
    assert download.value.suggested_filename == (f"rapportage-{KADER}-2025-12-volledig-v1.pdf")
    pdf = tmp_path / "rapport.pdf"
    download.value.save_as(pdf)

    teksten = _pagina_tekst(pdf)
    assert len(teksten) > 5
    for nummer, tekst in enumerate(teksten, 1):
        assert len(tekst.strip()) > 100, f"pagina {nummer} heeft geen tekst"
        assert f"Pagina {nummer} van {len(teksten)}" in tekst
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm (poppler-utils) ontbreekt"
    subprocess.run([pdftoppm, "-png", "-r", "30", pdf, tmp_path / "pagina"], check=True)
    pngs = sorted(tmp_path.glob("pagina-*.png"))
    assert len(pngs) == len(teksten)
    assert all(_donker(png) for png in pngs), "een pagina is leeg gerenderd"
