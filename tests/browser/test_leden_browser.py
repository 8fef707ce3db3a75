"""End to end in Chromium: the gemeente's beheerder adds a member; axe on the members pages."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from prestatiemonitor.organisaties.constants import Rol
from prestatiemonitor.organisaties.demo import DEMO_WACHTWOORD, ensure_demo_accounts
from prestatiemonitor.organisaties.models import Lidmaatschap

from .conftest import run_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(nijkerk_parties):
    ensure_demo_accounts()
    return nijkerk_parties


def login(page, live_server, username):
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(DEMO_WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


def axe_on(axe_page, page) -> list[dict]:
    """axe on the page the user sees, in a CSP-bypassing context with the same session."""
    axe_page.context.add_cookies(page.context.cookies())
    axe_page.goto(page.url)
    return run_axe(axe_page)


def test_beheerder_adds_a_member_and_the_pages_are_accessible(page, axe_page, live_server, demo):
    login(page, live_server, "beleid.nijkerk")
    page.goto(live_server.url + reverse("profiel"))
    page.get_by_role("link", name="Leden beheren van Gemeente Nijkerk").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Leden van Gemeente Nijkerk"
    table = page.get_by_role("table")
    assert table.get_by_role("rowheader", name="Wim Wethouder").is_visible()
    assert axe_on(axe_page, page) == []

    page.get_by_role("link", name="Lid toevoegen").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Lid toevoegen aan Gemeente Nijkerk"
    assert axe_on(axe_page, page) == []

    # A mistake first: refused in Dutch, what was typed stays, nothing is written.
    page.get_by_label("E-mailadres").fill("roos.raadslid@")
    page.get_by_label("Voornaam").fill("Roos")
    page.get_by_label("Rol").select_option("redacteur")
    page.get_by_role("button", name="Uitnodiging sturen").click()
    page.wait_for_load_state()
    assert page.get_by_text(
        "Vul een geldig e-mailadres in, bijvoorbeeld naam@nijkerk.nl."
    ).is_visible()
    assert page.get_by_text("Vul de achternaam in.").is_visible()
    assert page.get_by_label("Voornaam").input_value() == "Roos"
    assert page.get_by_label("Rol").input_value() == "redacteur"
    assert not Lidmaatschap.objects.filter(user__first_name="Roos").exists()
    # The form with its errors is accessible too (re-posted in the axe context).
    axe_page.context.add_cookies(page.context.cookies())
    axe_page.goto(page.url)
    axe_page.get_by_role("button", name="Uitnodiging sturen").click()
    axe_page.wait_for_load_state()
    assert axe_page.get_by_text("Vul het e-mailadres in.").is_visible()
    assert run_axe(axe_page) == []

    page.get_by_label("E-mailadres").fill("roos.raadslid@nijkerk.nl")
    page.get_by_label("Achternaam").fill("Raadslid")
    page.get_by_label("Functie").fill("Adviseur wonen")
    page.get_by_role("button", name="Uitnodiging sturen").click()
    page.wait_for_load_state()
    assert (
        page.get_by_role("status")
        .get_by_text("Er is een uitnodiging gestuurd naar roos.raadslid@nijkerk.nl.")
        .is_visible()
    )
    # Invited, not yet a member: listed under the open invitations.
    assert page.get_by_role("rowheader", name="roos.raadslid@nijkerk.nl").is_visible()
    assert not Lidmaatschap.objects.filter(user__email="roos.raadslid@nijkerk.nl").exists()
    assert [m.to for m in mail.outbox] == [["roos.raadslid@nijkerk.nl"]]
    assert axe_on(axe_page, page) == []

    # Roos opens the link in her own browser, chooses a password and accepts.
    link = re.search(r"http://\S+(/account/uitnodiging/\S+/)", mail.outbox[0].body).group(1)
    roos = page.context.browser.new_context().new_page()
    roos.goto(live_server.url + link)
    assert roos.get_by_role("heading", level=1).inner_text() == ("Uitnodiging van Gemeente Nijkerk")
    axe_page.context.clear_cookies()
    axe_page.goto(live_server.url + link)
    assert run_axe(axe_page) == []
    roos.get_by_label("Nieuw wachtwoord", exact=True).fill("Raadslid-sterk-2026")
    roos.get_by_label("Nieuw wachtwoord bevestigen").fill("Raadslid-sterk-2026")
    roos.get_by_role("button", name="Uitnodiging aannemen").click()
    roos.wait_for_load_state()
    assert roos.get_by_text("U bent nu redacteur van Gemeente Nijkerk.").is_visible()
    roos.context.close()
    lid = Lidmaatschap.objects.get(user__email="roos.raadslid@nijkerk.nl")
    assert (lid.organisatie.slug, lid.rol, lid.functie) == (
        "gemeente-nijkerk",
        Rol.REDACTEUR,
        "Adviseur wonen",
    )
    page.reload()
    assert page.get_by_role("rowheader", name="Roos Raadslid").is_visible()

    # The change and removal pages.
    page.get_by_role("link", name="Wijzigen (Roos Raadslid)").click()
    page.wait_for_load_state()
    assert axe_on(axe_page, page) == []
    page.goto(live_server.url + reverse("organisatie-leden", args=["gemeente-nijkerk"]))
    page.get_by_role("link", name="Verwijderen (Roos Raadslid)").click()
    page.wait_for_load_state()
    assert axe_on(axe_page, page) == []
    page.get_by_role("button", name="Ja, verwijderen").click()
    page.wait_for_load_state()
    assert page.get_by_text("Roos Raadslid is geen lid meer van Gemeente Nijkerk.").is_visible()
    assert not Lidmaatschap.objects.filter(pk=lid.pk).exists()
