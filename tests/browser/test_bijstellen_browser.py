"""End to end in Chromium: a beheerder amends afspraak 7 through a recorded decision."""

import pytest
from django.urls import reverse

from prestatiemonitor.afspraken.models import Bijstelling
from prestatiemonitor.organisaties.demo import DEMO_WACHTWOORD, ensure_demo_accounts

from .conftest import run_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OUD = "De woningcorporaties behouden 15% vrije toewijzingsruimte."
NIEUW = "De woningcorporaties behouden 20% vrije toewijzingsruimte."


@pytest.fixture
def demo(nijkerk_kader):
    ensure_demo_accounts()
    return nijkerk_kader


def login(page, live_server, username):
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(DEMO_WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


def test_beheerder_amends_afspraak_7_through_the_form(page, axe_page, live_server, demo):
    login(page, live_server, "beleid.nijkerk")
    page.goto(live_server.url + reverse("afspraken:afspraak", args=[demo.slug, "7"]))
    page.get_by_role("link", name="Afspraak bijstellen").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Afspraak 7 bijstellen"
    assert page.get_by_label("Tekst van de afspraak").input_value() == OUD
    assert page.get_by_role("checkbox", name="Woningstichting Nijkerk (WSN)").is_checked()
    assert not page.get_by_role("checkbox", name="Gemeente Nijkerk").is_checked()

    # The form is accessible (axe in a CSP-bypassing context with the same session).
    axe_page.context.add_cookies(page.context.cookies())
    axe_page.goto(page.url)
    assert run_axe(axe_page) == []
    # ... and so is the form shown again with its errors.
    axe_page.get_by_role("button", name="Bijstelling vastleggen").click()
    axe_page.wait_for_load_state()
    assert axe_page.get_by_text("Geef de reden van de bijstelling op.").first.is_visible()
    assert run_axe(axe_page) == []

    # Without a reason: refused in Dutch, what was typed stays, nothing is written.
    page.get_by_label("Tekst van de afspraak").fill(NIEUW)
    page.get_by_role("checkbox", name="Gemeente Nijkerk").check()
    page.get_by_role("button", name="Bijstelling vastleggen").click()
    page.wait_for_load_state()
    assert (
        page.get_by_role("alert").get_by_text("Geef de reden van de bijstelling op.").is_visible()
    )
    assert page.get_by_label("Tekst van de afspraak").input_value() == NIEUW
    assert page.get_by_role("checkbox", name="Gemeente Nijkerk").is_checked()
    assert demo.afspraken.get(nummer="7", soort="strategisch").tekst == OUD
    # The error summary links to the field.
    page.get_by_role("alert").get_by_role("link", name="Reden van de bijstelling").click()
    assert page.evaluate("document.activeElement.name") == "reden"

    page.get_by_label("Reden van de bijstelling").fill("Jaarschijf 2026: meer ruimte voor maatwerk")
    page.get_by_label("Besloten in").fill("bestuurlijk overleg breed")
    page.get_by_role("button", name="Bijstelling vastleggen").click()
    page.wait_for_load_state()

    assert page.url.split("#")[0].endswith(reverse("afspraken:afspraak", args=[demo.slug, "7"]))
    assert page.get_by_text("Afspraak 7 is bijgesteld.").is_visible()
    content = page.content()
    assert NIEUW in content
    assert "Jaarschijf 2026: meer ruimte voor maatwerk" in content
    assert "handmatig toegevoegd" in content
    bijstelling = Bijstelling.objects.get(kader=demo)
    assert list(bijstelling.wijziging_set.values_list("sleutel", "veld")) == [
        ("7", "tekst"),
        ("7", "partijen"),
    ]
    assert bijstelling.vastgelegd_door.username == "beleid.nijkerk"
