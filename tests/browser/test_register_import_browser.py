"""End to end in Chromium: a beheerder imports a changed version of the document as a
bijstelling (it writes, so it has its own transactional module; the read-only register tests
share one site in test_register_browser.py)."""

import pytest
from django.urls import reverse

from prestatiemonitor.organisaties.demo import ensure_demo_accounts

from .conftest import run_axe
from .test_register_browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(nijkerk_kader):
    ensure_demo_accounts()
    nijkerk_kader.gepubliceerd = True
    nijkerk_kader.save(update_fields=["gepubliceerd"])
    return nijkerk_kader


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
