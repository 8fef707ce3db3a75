"""Review of the members pages: the invitation mail and link (found in review 2)."""

import re

import pytest
from django.core import mail
from django.utils import timezone

from prestatiemonitor.organisaties.demo import ensure_demo_accounts
from prestatiemonitor.organisaties.models import Organisatie, User

pytestmark = pytest.mark.django_db

NIJKERK = "/account/organisaties/gemeente-nijkerk/leden/toevoegen/"
WSN = "/account/organisaties/wsn/leden/toevoegen/"
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


def test_someone_invited_elsewhere_who_has_no_password_yet_is_invited_again(
    client, demo, django_capture_on_commit_callbacks
):
    client.force_login(demo["beleid.nijkerk"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(NIJKERK, NINA)
    assert len(mail.outbox) == 1

    # WSN adds the same person before she has chosen a password: the page says an invitation
    # went to her, and it did (before, no mail was sent and she could not log in).
    client.force_login(demo["adviseur.wsn"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(WSN, {**NINA, "email": "NINA@example.org"}, follow=True)
    assert (
        "Nina Nieuw is toegevoegd als lezer. Er is een uitnodiging gestuurd naar "
        "nina@example.org om een wachtwoord te kiezen." in response.content.decode()
    )
    assert len(mail.outbox) == 2
    assert mail.outbox[1].to == ["nina@example.org"]
    assert "lid van Woningstichting Nijkerk" in mail.outbox[1].body
    assert User.objects.filter(email__iexact="nina@example.org").count() == 1


def test_an_account_locked_by_the_site_administrator_is_not_invited(
    client, demo, django_capture_on_commit_callbacks
):
    # Has logged in before, then the site administrator made the password unusable: adding it
    # to an organisation must not mail it a link to choose a new password.
    hon = demo["vrijwilliger.hon"]
    hon.last_login = timezone.now()
    hon.set_unusable_password()
    hon.save()
    client.force_login(demo["beleid.nijkerk"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(NIJKERK, {**NINA, "email": hon.email}, follow=True)
    assert "Henk Huurder is toegevoegd als lezer." in response.content.decode()
    assert "uitnodiging gestuurd" not in response.content.decode()
    assert mail.outbox == []


def test_an_existing_user_with_a_password_gets_no_mail_and_keeps_the_password(
    client, demo, django_capture_on_commit_callbacks
):
    hon = demo["vrijwilliger.hon"]
    client.force_login(demo["beleid.nijkerk"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(NIJKERK, {**NINA, "email": hon.email.upper()})
    hon.refresh_from_db()
    assert mail.outbox == []
    assert hon.check_password("demo-nijkerk-2025")


def test_an_expired_invitation_link_says_to_ask_the_beheerder(
    client, demo, django_capture_on_commit_callbacks
):
    client.force_login(demo["beleid.nijkerk"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(NIJKERK, NINA)
    client.logout()
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)
    kapot = link.rstrip("/")[:-3] + "000/"
    html = client.get(kapot, follow=True).content.decode()
    assert "Deze link werkt niet meer. Hij is al gebruikt of verlopen." in html
    # "Wachtwoord vergeten" mails no account without a password, so the page must not send an
    # invited person only there.
    assert "Vraag dan de beheerder van uw organisatie om u opnieuw uit te nodigen" in html


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
