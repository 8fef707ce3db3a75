"""Review of the members pages: the invitation mail and link (found in review 2)."""

import pytest
from django.core import mail

from prestatiemonitor.organisaties.demo import ensure_demo_accounts
from prestatiemonitor.organisaties.models import Organisatie

pytestmark = pytest.mark.django_db

NIJKERK = "/account/organisaties/gemeente-nijkerk/leden/toevoegen/"
NINA = {"email": "nina@example.org", "voornaam": "Nina", "achternaam": "Nieuw", "rol": "lezer"}


@pytest.fixture
def demo(nijkerk_parties):
    return {u.username: u for u in ensure_demo_accounts()}


def test_the_invitation_subject_is_plain_text(client, demo, django_capture_on_commit_callbacks):
    # A plain-text mail header: no HTML entities for the apostrophe or the ampersand.
    Organisatie.objects.filter(slug="gemeente-nijkerk").update(
        naam="Gemeente 's-Hertogenbosch & Co"
    )
    client.force_login(demo["beleid.nijkerk"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(NIJKERK, NINA)
    assert mail.outbox[0].subject == (
        "Uitnodiging voor de Prestatiemonitor van Gemeente 's-Hertogenbosch & Co"
    )


def test_a_member_of_an_organisation_without_beheerder_is_told_whom_to_ask(client, demo):
    # In the demo HON has one member, a lezer: there is no beheerder to ask.
    client.force_login(demo["vrijwilliger.hon"])
    html = client.get("/account/organisaties/hon/leden/").content.decode()
    assert (
        "Huurdersorganisatie Nijkerk heeft nog geen beheerder, dus niemand van de organisatie "
        "kan leden toevoegen, wijzigen of verwijderen. Vraag de sitebeheerder van de "
        "Prestatiemonitor om een lid beheerder te maken." in html
    )
    assert "Alleen een beheerder van de organisatie kan" not in html
    # Where there is one, the page says so as before.
    client.force_login(demo["wethouder.nijkerk"])
    html = client.get("/account/organisaties/gemeente-nijkerk/leden/").content.decode()
    assert "Alleen een beheerder van de organisatie kan leden toevoegen" in html
    assert "heeft nog geen beheerder" not in html
