"""On a phone (390 px): a beheerder corrects the role of a party of afspraak 7."""

import pytest
from django.urls import reverse

from prestatiemonitor.afspraken.models import AfspraakPartij
from prestatiemonitor.organisaties.demo import DEMO_WACHTWOORD, ensure_demo_accounts

from .conftest import run_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_party_roles_on_a_phone(browser, live_server, nijkerk_kader):
    ensure_demo_accounts()
    context = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Gebruikersnaam").fill("beleid.nijkerk")
    page.get_by_label("Wachtwoord").fill(DEMO_WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
    adres = live_server.url + reverse(
        "afspraken:afspraak-bijstellen", args=[nijkerk_kader.slug, "7"]
    )
    page.goto(adres)
    # nothing wider than the phone
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    rol = page.get_by_label("Rol van de Alliantie")
    assert rol.input_value() == "uitvoerend"
    assert rol.bounding_box()["x"] + rol.bounding_box()["width"] <= 390
    rol.select_option("betrokken")
    page.get_by_label("Reden van de bijstelling").fill("De Alliantie is alleen betrokken.")
    page.get_by_label("Besloten in").fill("bestuurlijk overleg breed")
    page.get_by_role("button", name="Bijstelling vastleggen").click()
    page.wait_for_load_state()
    assert page.get_by_text("Afspraak 7 is bijgesteld.").is_visible()
    link = AfspraakPartij.objects.get(
        afspraak__kader=nijkerk_kader, afspraak__nummer="7", organisatie__korte_naam="de Alliantie"
    )
    assert link.rol == "betrokken"

    axe_context = browser.new_context(
        locale="nl-NL", bypass_csp=True, viewport={"width": 390, "height": 844}
    )
    axe_context.add_cookies(context.cookies())
    axe_page = axe_context.new_page()
    axe_page.goto(adres)
    assert run_axe(axe_page) == []
    axe_context.close()
    context.close()
