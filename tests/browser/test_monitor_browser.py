"""The public monitor in Chromium as an anonymous visitor, served as in production: the page
weighs less than 500 KB with all its assets, measured in the browser (issue 10: fast on a slow
connection).

Production serves the static files with WhiteNoise from ``collectstatic`` output
(``CompressedManifestStaticFilesStorage``: hashed names, gzip variants) and the page from
Django (docs/productie.md). This test does the same: it collects the static files into a
temporary STATIC_ROOT with that storage and runs a live server *without* Django's test static
handler, so WhiteNoise answers /static/ as it does in production. The weight is what Chromium
reports per response (``request.sizes()``: headers and body as transferred, compressed where
the server compressed), summed over the page and every asset it loads; the decoded size is
printed next to it.
"""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from .conftest import referentiedata_herstellen, run_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KADER = "nijkerk-2025-2027"
GRENS = 500 * 1024


def _zonder_statische_handler(app):
    """The live server's WSGI app as is: WhiteNoise (a middleware) serves /static/."""
    return app


@pytest.fixture
def productieserver(settings, tmp_path):
    from pytest_django.live_server_helper import LiveServer

    referentiedata_herstellen()  # emptied by the transactional test before this one
    call_command("demo-nijkerk", stdout=io.StringIO())
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    server = LiveServer("localhost", start=False)
    server.thread.static_handler = _zonder_statische_handler
    server._live_server_modified_settings.enable()
    server.start()
    try:
        yield server.url
    finally:
        server._live_server_modified_settings.disable()
        server.stop()


def test_public_monitor_weighs_less_than_500_kb_with_its_assets(productieserver, bezoeker):
    page = bezoeker()
    antwoorden = []
    page.on("requestfinished", lambda request: antwoorden.append(request))
    response = page.goto(productieserver + reverse("monitor:pagina", args=[KADER]))
    assert response is not None and response.status == 200
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", level=1).inner_text() == "Hoe staan de afspraken ervoor?"

    overgedragen = 0
    uitgepakt = 0
    regels = []
    for request in antwoorden:
        maten = request.sizes()
        antwoord = request.response()
        assert antwoord is not None and antwoord.status == 200, request.url
        bytes_ = maten["responseHeadersSize"] + maten["responseBodySize"]
        overgedragen += bytes_
        uitgepakt += len(antwoord.body())
        codering = antwoord.headers.get("content-encoding", "-")
        regels.append(f"  {bytes_:>8} B  {codering:<5} {request.url.removeprefix(productieserver)}")
    print(
        f"\nOpenbare monitor: {len(antwoorden)} antwoorden, {overgedragen / 1024:.1f} KB "
        f"overgedragen ({uitgepakt / 1024:.1f} KB uitgepakt)\n" + "\n".join(regels)
    )
    # The CSS came compressed from WhiteNoise, as in production.
    assert any(".css" in r.url and r.response().headers.get("content-encoding") for r in antwoorden)
    assert overgedragen < GRENS
    # The page itself, whatever the compression, stays well under the limit too.
    assert len(response.body()) < GRENS / 2


def test_public_monitor_is_accessible_and_its_open_data_downloads(productieserver, bezoeker):
    page = bezoeker()
    page.goto(productieserver + reverse("monitor:pagina", args=[KADER]))
    assert run_axe(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert run_axe(page) == []
    # The disclosure of a theme opens and shows its afspraken, each linked to its page.
    thema = page.locator("details.monitor-uitklap").filter(
        has=page.locator("summary", has_text="1. Balans in vraag en aanbod")
    )
    thema.locator("summary").click()
    assert thema.get_by_role("link", name="Afspraak 1", exact=True).is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV (ZIP) van de monitor december 2025").click()
    assert download.value.suggested_filename == "monitor-nijkerk-2025-2027-2025-12.csv.zip"
