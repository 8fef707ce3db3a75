"""End to end in Chromium: log in, browse a theme, search, open an afspraak; axe on main pages.

These tests only read: the published Nijkerk kader and the demo accounts are made once for the
module and served by one live server (as in test_paginas_browser.py); each test runs in a
transaction that is rolled back, and the database is emptied when the module is done. The
import of a changed version, which writes, is in test_register_import_browser.py.
"""

import pytest
from django.core.management import call_command
from django.urls import reverse

from prestatiemonitor.organisaties.demo import DEMO_WACHTWOORD, ensure_demo_accounts

from .conftest import run_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture(scope="module")
def _site(django_db_setup, django_db_blocker):
    """(live server, the published Nijkerk kader with the demo accounts), made once."""
    from django.db import connection
    from pytest_django.live_server_helper import LiveServer

    from conftest import NIJKERK_DOCUMENT
    from prestatiemonitor.afspraken.importer.services import gemeente_by_code, import_document
    from prestatiemonitor.organisaties.demo import ensure_nijkerk_parties
    from prestatiemonitor.organisaties.permissions import SYSTEEM

    with django_db_blocker.unblock():
        naam = str(connection.settings_dict["NAME"])
        assert "test" in naam or "memory" in naam, f"{naam} is geen testdatabase"
        ensure_nijkerk_parties()
        kader = import_document(
            data=NIJKERK_DOCUMENT.read_bytes(),
            bestandsnaam="prestatieafspraken-nijkerk-2025-2027.md",
            gemeente=gemeente_by_code("GM0267"),
            acting_user=SYSTEEM,
        ).kader
        ensure_demo_accounts()
        kader.gepubliceerd = True
        kader.save(update_fields=["gepubliceerd"])
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            yield server, kader
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def server(_site):
    """The module's live server (not pytest-django's ``live_server``, which would make every
    test transactional and so empty the database after it)."""
    return _site[0]


@pytest.fixture
def demo(_site):
    return _site[1]


def login(page, server, username):
    page.goto(server.url + reverse("login"))
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(DEMO_WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


def test_volunteer_logs_in_browses_theme_searches_and_opens_afspraak(page, server, demo):
    login(page, server, "vrijwilliger.hon")
    assert page.get_by_text("Henk Huurder").first.is_visible()

    page.goto(server.url + reverse("afspraken:kader", args=[demo.slug]))
    page.get_by_role("link", name="Wonen, zorg en aandachtsgroepen").first.click()
    page.wait_for_load_state()
    assert (
        page.get_by_role("heading", level=1)
        .inner_text()
        .endswith("Wonen, zorg en aandachtsgroepen")
    )
    assert page.get_by_text("taakstelling statushouders").first.is_visible()

    page.goto(server.url + reverse("afspraken:zoeken", args=[demo.slug]))
    page.get_by_role("searchbox").fill("vrije toewijzingsruimte")
    page.get_by_role("searchbox").press("Enter")
    page.wait_for_load_state()
    result = page.get_by_role("link", name="Afspraak 7").first
    assert result.is_visible()
    result.click()
    page.wait_for_load_state()
    assert "De woningcorporaties behouden 15% vrije toewijzingsruimte." in page.content()
    assert page.url.endswith(reverse("afspraken:afspraak", args=[demo.slug, "7"]))


def test_keyboard_user_reaches_content_via_skip_link(page, server, demo):
    page.goto(server.url + reverse("afspraken:kader", args=[demo.slug]))
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Direct naar de inhoud"


@pytest.mark.parametrize(
    "name,args",
    [
        ("home", []),
        ("login", []),
        ("afspraken:kader", ["SLUG"]),
        ("afspraken:thema", ["SLUG", 1]),
        ("afspraken:afspraken", ["SLUG"]),
        ("afspraken:afspraak", ["SLUG", "3"]),
        ("afspraken:zoeken", ["SLUG"]),
        ("afspraken:begrippen", ["SLUG"]),
        ("afspraken:convenanten", ["SLUG"]),
        ("afspraken:partijen", ["SLUG"]),
        ("afspraken:tabel", ["SLUG", "1"]),
    ],
)
def test_main_pages_have_no_axe_violations(axe_page, server, demo, name, args):
    url = reverse(name, args=[demo.slug if a == "SLUG" else a for a in args])
    response = axe_page.goto(server.url + url)
    assert response.status == 200
    assert run_axe(axe_page) == []


def test_search_results_page_has_no_axe_violations(axe_page, server, demo):
    url = reverse("afspraken:zoeken", args=[demo.slug]) + "?q=sociale+huurwoningen"
    axe_page.goto(server.url + url)
    assert run_axe(axe_page) == []


def test_logged_in_pages_have_no_axe_violations(axe_page, server, demo):
    login(axe_page, server, "beleid.nijkerk")
    for url in (
        reverse("profiel"),
        reverse("afspraken:importeren"),
        reverse("afspraken:bijstellingen", args=[demo.slug]),
        reverse("password_change"),
    ):
        response = axe_page.goto(server.url + url)
        assert response.status == 200, url
        assert run_axe(axe_page) == [], url
