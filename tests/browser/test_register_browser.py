"""End to end in Chromium: log in, browse a theme, search, open an afspraak; axe on main pages."""

import pytest
from django.urls import reverse

from prestatiemonitor.organisaties.demo import DEMO_WACHTWOORD, ensure_demo_accounts

from .conftest import run_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(nijkerk_kader):
    ensure_demo_accounts()
    nijkerk_kader.gepubliceerd = True
    nijkerk_kader.save(update_fields=["gepubliceerd"])
    return nijkerk_kader


def login(page, live_server, username):
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(DEMO_WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


def test_volunteer_logs_in_browses_theme_searches_and_opens_afspraak(page, live_server, demo):
    login(page, live_server, "vrijwilliger.hon")
    assert page.get_by_text("Henk Huurder").first.is_visible()

    page.goto(live_server.url + reverse("afspraken:kader", args=[demo.slug]))
    page.get_by_role("link", name="Wonen, zorg en aandachtsgroepen").first.click()
    page.wait_for_load_state()
    assert (
        page.get_by_role("heading", level=1)
        .inner_text()
        .endswith("Wonen, zorg en aandachtsgroepen")
    )
    assert page.get_by_text("taakstelling statushouders").first.is_visible()

    page.goto(live_server.url + reverse("afspraken:zoeken", args=[demo.slug]))
    page.get_by_role("searchbox").fill("vrije toewijzingsruimte")
    page.get_by_role("searchbox").press("Enter")
    page.wait_for_load_state()
    result = page.get_by_role("link", name="Afspraak 7").first
    assert result.is_visible()
    result.click()
    page.wait_for_load_state()
    assert "De woningcorporaties behouden 15% vrije toewijzingsruimte." in page.content()
    assert page.url.endswith(reverse("afspraken:afspraak", args=[demo.slug, "7"]))


def test_keyboard_user_reaches_content_via_skip_link(page, live_server, demo):
    page.goto(live_server.url + reverse("afspraken:kader", args=[demo.slug]))
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
def test_main_pages_have_no_axe_violations(axe_page, live_server, demo, name, args):
    url = reverse(name, args=[demo.slug if a == "SLUG" else a for a in args])
    response = axe_page.goto(live_server.url + url)
    assert response.status == 200
    assert run_axe(axe_page) == []


def test_search_results_page_has_no_axe_violations(axe_page, live_server, demo):
    url = reverse("afspraken:zoeken", args=[demo.slug]) + "?q=sociale+huurwoningen"
    axe_page.goto(live_server.url + url)
    assert run_axe(axe_page) == []


def test_logged_in_pages_have_no_axe_violations(axe_page, live_server, demo):
    login(axe_page, live_server, "beleid.nijkerk")
    for url in (
        reverse("profiel"),
        reverse("afspraken:importeren"),
        reverse("afspraken:bijstellingen", args=[demo.slug]),
        reverse("password_change"),
    ):
        response = axe_page.goto(live_server.url + url)
        assert response.status == 200, url
        assert run_axe(axe_page) == [], url


def test_beheerder_imports_a_changed_version_as_bijstelling(
    page, axe_page, live_server, demo, tmp_path
):
    """Kader page → "Nieuwe versie importeren" → preview → confirm → afspraak with history."""
    from conftest import NIJKERK_DOCUMENT

    changed = tmp_path / "nijkerk-december.md"
    changed.write_text(
        NIJKERK_DOCUMENT.read_text(encoding="utf-8").replace(
            "behouden 15% vrije toewijzingsruimte", "behouden 20% vrije toewijzingsruimte"
        ),
        encoding="utf-8",
    )
    login(page, live_server, "beleid.nijkerk")
    page.goto(live_server.url + reverse("afspraken:kader", args=[demo.slug]))
    page.get_by_role("link", name="Nieuwe versie importeren").click()
    page.wait_for_load_state()
    assert page.get_by_label("Gemeente").input_value() == str(demo.gemeente_id)
    page.get_by_label("Document").set_input_files(str(changed))
    page.get_by_role("button", name="Voorbeeld bekijken").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Voorbeeld van de import").is_visible()
    assert page.get_by_text(
        "De woningcorporaties behouden 20% vrije toewijzingsruimte."
    ).is_visible()

    # The preview page itself is accessible (axe in a CSP-bypassing context, same session).
    axe_page.context.add_cookies(page.context.cookies())
    axe_page.goto(page.url)
    assert run_axe(axe_page) == []

    # Confirming without a reason is refused with a Dutch message; nothing changes yet.
    page.get_by_role("button", name="Wijzigingen vastleggen als bijstelling").click()
    page.wait_for_load_state()
    assert demo.afspraken.get(nummer="7").tekst.startswith("De woningcorporaties behouden 15%")
    page.get_by_label("Reden van de bijstelling").fill("Jaarschijf 2027: meer vrije ruimte")
    page.get_by_label("Besloten in").fill("Bestuurlijk overleg breed")
    page.get_by_role("button", name="Wijzigingen vastleggen als bijstelling").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Importverslag").is_visible()

    page.goto(live_server.url + reverse("afspraken:afspraak", args=[demo.slug, "7"]))
    content = page.content()
    assert "De woningcorporaties behouden 20% vrije toewijzingsruimte." in content
    assert "Jaarschijf 2027: meer vrije ruimte" in content
    assert demo.bijstellingen.get().besloten_in == "Bestuurlijk overleg breed"
