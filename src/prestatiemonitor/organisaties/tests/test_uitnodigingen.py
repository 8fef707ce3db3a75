"""Inviting members (issue 5, section 7): "Lid toevoegen" answers the same whether or not the
address has an account, attaches nobody, and a person becomes a member only by accepting.

The Nijkerk demo: beleid.nijkerk (Bente Beleid) is the gemeente's beheerder, adviseur.wsn the
beheerder of WSN, vrijwilliger.hon (Henk Huurder) a lezer of HON only.
"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from prestatiemonitor.audit.models import AuditRecord
from prestatiemonitor.organisaties import services
from prestatiemonitor.organisaties.constants import Rol
from prestatiemonitor.organisaties.demo import DEMO_WACHTWOORD, ensure_demo_accounts
from prestatiemonitor.organisaties.models import Lidmaatschap, Uitnodiging, User

pytestmark = pytest.mark.django_db

LEDEN = "/account/organisaties/gemeente-nijkerk/leden/"
TOEVOEGEN = LEDEN + "toevoegen/"
ROOS = {
    "email": " Roos.Raadslid@Nijkerk.NL ",
    "voornaam": "Roos",
    "achternaam": "Raadslid",
    "rol": "redacteur",
    "functie": "Adviseur wonen",
}


@pytest.fixture
def demo(nijkerk_parties):
    return {u.username: u for u in ensure_demo_accounts()}


def _link(message) -> str:
    return re.search(r"http://testserver(/account/uitnodiging/\S+/)", message.body).group(1)


def _uitnodigen(client, beheerder, data, callbacks):
    client.force_login(beheerder)
    with callbacks(execute=True):
        return client.post(TOEVOEGEN, data, follow=True)


def _melding(response) -> str:
    return re.search(r"Er is een uitnodiging gestuurd naar [^<]*", response.content.decode())[0]


def test_the_answer_is_the_same_with_or_without_an_account_and_nobody_is_attached(
    client, demo, django_capture_on_commit_callbacks
):
    henk = demo["vrijwilliger.hon"]
    users_before = User.objects.count()
    bestaand = _uitnodigen(
        client,
        demo["beleid.nijkerk"],
        {**ROOS, "email": "VRIJWILLIGER.HON@example.org"},
        django_capture_on_commit_callbacks,
    )
    nieuw = _uitnodigen(
        client,
        demo["beleid.nijkerk"],
        {**ROOS, "email": "niemand@example.org"},
        django_capture_on_commit_callbacks,
    )
    assert _melding(bestaand) == (
        "Er is een uitnodiging gestuurd naar vrijwilliger.hon@example.org. Zodra die is "
        "aangenomen, staat de persoon in de ledenlijst."
    )
    assert _melding(nieuw) == _melding(bestaand).replace(
        "vrijwilliger.hon@example.org", "niemand@example.org"
    )
    # Not attached, no account made, nothing of the account changed; both mails alike.
    assert not Lidmaatschap.objects.filter(user=henk, organisatie__slug="gemeente-nijkerk")
    assert User.objects.count() == users_before
    henk.refresh_from_db()
    assert (henk.first_name, henk.last_name) == ("Henk", "Huurder")
    assert henk.check_password(DEMO_WACHTWOORD)
    assert [m.to for m in mail.outbox] == [
        ["vrijwilliger.hon@example.org"],
        ["niemand@example.org"],
    ]
    assert (
        mail.outbox[0].body.replace("vrijwilliger.hon@example.org", "X").split("http")[0]
        == (mail.outbox[1].body.replace("niemand@example.org", "X").split("http")[0])
    )
    # Both are listed as open invitations, not as members.
    html = client.get(LEDEN).content.decode()
    assert "Openstaande uitnodigingen" in html
    assert "2 uitnodigingen nog niet aangenomen" in html
    assert "Henk Huurder" not in html


def test_an_existing_account_reads_nothing_until_it_accepts_while_logged_in(
    client, demo, django_capture_on_commit_callbacks
):
    henk = demo["vrijwilliger.hon"]
    _uitnodigen(
        client,
        demo["beleid.nijkerk"],
        {**ROOS, "email": henk.email},
        django_capture_on_commit_callbacks,
    )
    link = _link(mail.outbox[0])
    message = mail.outbox[0]
    assert message.subject == "Uitnodiging voor de Prestatiemonitor van Gemeente Nijkerk"
    assert "Bente Beleid nodigt u uit om redacteur te worden van Gemeente Nijkerk" in message.body
    assert "De link is 7 dagen geldig." in message.body

    # Anonymous: to the login page and back.
    client.logout()
    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={link}"

    # Another account with the link: refused, nothing changes.
    client.force_login(demo["adviseur.wsn"])
    ander = client.post(link, {"actie": "aannemen"})
    assert ander.status_code == 403
    assert "deze uitnodiging is voor een ander e-mailadres" in ander.content.decode()

    # Henk, logged in, sees the invitation but is not a member yet.
    client.force_login(henk)
    page = client.get(link)
    assert page.status_code == 200
    assert "Uitnodiging aannemen" in page.content.decode()
    assert page["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    assert client.get(LEDEN).status_code == 404
    assert not Lidmaatschap.objects.filter(user=henk, organisatie__slug="gemeente-nijkerk")

    accepted = client.post(link, {"actie": "aannemen"}, follow=True)
    assert accepted.redirect_chain == [(LEDEN, 302)]
    assert "U bent nu redacteur van Gemeente Nijkerk." in accepted.content.decode()
    lid = Lidmaatschap.objects.get(user=henk, organisatie__slug="gemeente-nijkerk")
    assert (lid.rol, lid.functie) == (Rol.REDACTEUR, "Adviseur wonen")
    audit = AuditRecord.objects.get(actie="lidmaatschap.toegevoegd")
    assert audit.gebruiker == henk
    assert audit.omschrijving == (
        "Henk Huurder is lid geworden van Gemeente Nijkerk als redacteur (uitnodiging aangenomen)."
    )
    assert audit.gegevens["uitgenodigd_door"] == "beleid.nijkerk"
    henk.refresh_from_db()
    assert (henk.first_name, henk.last_name) == ("Henk", "Huurder")
    # The link works once.
    again = client.get(link)
    assert again.status_code == 404
    assert "Deze uitnodiging is niet meer geldig" in again.content.decode()


def test_a_new_person_chooses_a_password_and_becomes_a_member_only_then(
    client, demo, django_capture_on_commit_callbacks
):
    _uitnodigen(client, demo["beleid.nijkerk"], ROOS, django_capture_on_commit_callbacks)
    assert not User.objects.filter(email__iexact="roos.raadslid@nijkerk.nl").exists()
    uitnodiging = Uitnodiging.objects.get()
    assert uitnodiging.email == "roos.raadslid@nijkerk.nl"
    assert AuditRecord.objects.get(actie="uitnodiging.verstuurd").omschrijving == (
        "roos.raadslid@nijkerk.nl uitgenodigd voor Gemeente Nijkerk als redacteur."
    )
    link = _link(mail.outbox[0])
    # Only the hash of the token is stored.
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert token not in uitnodiging.token_hash
    assert len(uitnodiging.token_hash) == 64

    client.logout()
    page = client.get(link)
    assert "Kies een wachtwoord voor uw account" in page.content.decode()
    te_kort = client.post(
        link, {"actie": "aannemen", "new_password1": "kort", "new_password2": "kort"}
    )
    assert "Dit wachtwoord is te kort" in te_kort.content.decode()
    assert not User.objects.filter(email="roos.raadslid@nijkerk.nl").exists()

    done = client.post(
        link,
        {
            "actie": "aannemen",
            "new_password1": "Raadslid-sterk-2026",
            "new_password2": "Raadslid-sterk-2026",
        },
        follow=True,
    )
    assert done.redirect_chain == [(LEDEN, 302)]
    roos = User.objects.get(email="roos.raadslid@nijkerk.nl")
    assert roos.username == "roos.raadslid@nijkerk.nl"
    assert (roos.first_name, roos.last_name) == ("Roos", "Raadslid")
    assert roos.check_password("Raadslid-sterk-2026")
    assert client.session["_auth_user_id"] == str(roos.pk)
    lid = Lidmaatschap.objects.get(user=roos)
    assert (lid.organisatie.slug, lid.rol, lid.functie) == (
        "gemeente-nijkerk",
        Rol.REDACTEUR,
        "Adviseur wonen",
    )
    assert AuditRecord.objects.get(actie="lidmaatschap.toegevoegd").gegevens["nieuw_account"]
    client.logout()
    login = client.post(
        reverse("login"),
        {"username": "roos.raadslid@nijkerk.nl", "password": "Raadslid-sterk-2026"},
    )
    assert login.status_code == 302


def test_declining_writes_no_membership(client, demo, django_capture_on_commit_callbacks):
    _uitnodigen(client, demo["beleid.nijkerk"], ROOS, django_capture_on_commit_callbacks)
    link = _link(mail.outbox[0])
    client.logout()
    response = client.post(link, {"actie": "afwijzen"}, follow=True)
    assert "U hebt de uitnodiging van Gemeente Nijkerk afgewezen." in response.content.decode()
    assert Uitnodiging.objects.get().afgewezen_op is not None
    assert not User.objects.filter(email="roos.raadslid@nijkerk.nl").exists()
    assert client.get(link).status_code == 404
    # declined without logging in: the system records it, and says how
    regel = AuditRecord.objects.get(actie="uitnodiging.afgewezen")
    assert regel.door == "systeem"
    assert regel.omschrijving.endswith("afgewezen via de link in de uitnodigingsmail.")


def test_an_account_locked_by_the_site_administrator_cannot_set_a_password_by_invitation(
    client, demo, django_capture_on_commit_callbacks
):
    # It has logged in before; the site administrator made the password unusable. The
    # invitation must not become a way around that.
    henk = demo["vrijwilliger.hon"]
    henk.last_login = timezone.now()
    henk.set_unusable_password()
    henk.save()
    _uitnodigen(
        client,
        demo["beleid.nijkerk"],
        {**ROOS, "email": henk.email},
        django_capture_on_commit_callbacks,
    )
    link = _link(mail.outbox[0])
    client.logout()
    assert client.get(link).status_code == 302  # to the login page
    client.post(
        link,
        {"actie": "aannemen", "new_password1": "X-sterk-2026-a", "new_password2": "X-sterk-2026-a"},
    )
    henk.refresh_from_db()
    assert not henk.has_usable_password()
    assert not Lidmaatschap.objects.filter(user=henk, organisatie__slug="gemeente-nijkerk")


def test_expired_withdrawn_and_replaced_links_no_longer_work(
    client, demo, django_capture_on_commit_callbacks
):
    beheerder = demo["beleid.nijkerk"]
    _uitnodigen(client, beheerder, ROOS, django_capture_on_commit_callbacks)
    eerste = _link(mail.outbox[0])
    # Inviting the same address again replaces the open invitation.
    _uitnodigen(client, beheerder, ROOS, django_capture_on_commit_callbacks)
    tweede = _link(mail.outbox[1])
    assert client.get(eerste).status_code == 404
    assert client.get(tweede).status_code == 200
    assert Uitnodiging.objects.filter(ingetrokken_op__isnull=True).count() == 1

    # "Opnieuw sturen" from the members page: a new link, the old one stops working.
    uitnodiging = Uitnodiging.objects.get(ingetrokken_op__isnull=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{LEDEN}uitnodigingen/{uitnodiging.pk}/opnieuw/", follow=True)
    assert "De uitnodiging is opnieuw gestuurd naar roos.raadslid@nijkerk.nl." in (
        response.content.decode()
    )
    derde = _link(mail.outbox[2])
    assert client.get(tweede).status_code == 404
    assert client.get(derde).status_code == 200

    # Expired.
    Uitnodiging.objects.filter(pk=uitnodiging.pk).update(
        verloopt_op=timezone.now() - timedelta(minutes=1)
    )
    client.logout()
    assert client.get(derde).status_code == 404
    assert client.post(derde, {"actie": "afwijzen"}).status_code == 404

    # Withdrawn.
    Uitnodiging.objects.filter(pk=uitnodiging.pk).update(
        verloopt_op=timezone.now() + timedelta(days=1)
    )
    client.force_login(beheerder)
    response = client.post(f"{LEDEN}uitnodigingen/{uitnodiging.pk}/intrekken/", follow=True)
    assert "De uitnodiging van roos.raadslid@nijkerk.nl is ingetrokken." in (
        response.content.decode()
    )
    client.logout()
    assert client.get(derde).status_code == 404
    assert not User.objects.filter(email="roos.raadslid@nijkerk.nl").exists()
    assert client.get("/account/uitnodiging/onzin/").status_code == 404


def test_a_beheerder_of_another_organisation_cannot_withdraw_or_resend(
    client, demo, django_capture_on_commit_callbacks
):
    _uitnodigen(client, demo["beleid.nijkerk"], ROOS, django_capture_on_commit_callbacks)
    uitnodiging = Uitnodiging.objects.get()
    client.force_login(demo["adviseur.wsn"])
    for actie in ("opnieuw", "intrekken"):
        assert client.post(f"{LEDEN}uitnodigingen/{uitnodiging.pk}/{actie}/").status_code == 404
        wsn = f"/account/organisaties/wsn/leden/uitnodigingen/{uitnodiging.pk}/{actie}/"
        assert client.post(wsn).status_code == 404
    uitnodiging.refresh_from_db()
    assert uitnodiging.open
    assert len(mail.outbox) == 1


def test_a_failing_mail_server_keeps_the_invitation(
    client, demo, django_capture_on_commit_callbacks, monkeypatch
):
    def kapot(*args, **kwargs):
        raise ConnectionRefusedError("mailserver onbereikbaar")

    monkeypatch.setattr(services, "send_mail", kapot)
    response = _uitnodigen(client, demo["beleid.nijkerk"], ROOS, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert Uitnodiging.objects.get().open


# --------------------------------------------------------------------------------------------
# Names in mails (issue 5, section 7: free text went unfiltered into invitation mails)


def test_names_with_line_breaks_or_addresses_are_refused_by_the_form(client, demo):
    client.force_login(demo["beleid.nijkerk"])
    response = client.post(
        TOEVOEGEN,
        {
            **ROOS,
            "voornaam": "Roos\r\nBcc: iedereen@example.org",
            "achternaam": "Zie www.phish.example",
        },
    )
    html = response.content.decode()
    assert "Een naam mag geen regelovergangen of stuurtekens bevatten." in html
    assert "Een naam mag geen webadres of e-mailadres bevatten." in html
    assert not Uitnodiging.objects.exists()


def test_names_in_the_mail_lose_line_breaks_addresses_and_length(
    client, demo, django_capture_on_commit_callbacks
):
    # Names from elsewhere (the beheerder's own name, set in the admin; the organisation's
    # name) are filtered when the mail is written.
    bente = demo["beleid.nijkerk"]
    bente.first_name = "Bente\nKlik op https://phish.example/login of www.phish.example"
    bente.last_name = "Beleid\u202e" + "x" * 140  # within the 150 characters of the field
    bente.save()
    _uitnodigen(client, bente, ROOS, django_capture_on_commit_callbacks)
    message = mail.outbox[0]
    eerste_regel = message.body.split("\n\n")[1]
    assert eerste_regel.startswith("Bente Klik op of Beleid xxx")
    assert "phish" not in message.body
    assert "\u202e" not in message.body
    assert "…" in eerste_regel
    assert len(eerste_regel.split(" nodigt u uit")[0]) == 100
    assert "\n" not in message.subject


def test_a_disabled_account_gets_no_second_account_through_an_invitation(
    client, demo, django_capture_on_commit_callbacks
):
    henk = demo["vrijwilliger.hon"]
    henk.is_active = False
    henk.save()
    response = _uitnodigen(
        client,
        demo["beleid.nijkerk"],
        {**ROOS, "email": henk.email},
        django_capture_on_commit_callbacks,
    )
    assert "Er is een uitnodiging gestuurd naar vrijwilliger.hon@example.org." in (
        response.content.decode()
    )
    link = _link(mail.outbox[0])
    client.logout()
    assert client.get(link).status_code == 302  # log in first, which a disabled account cannot
    client.post(
        link,
        {"actie": "aannemen", "new_password1": "X-sterk-2026-a", "new_password2": "X-sterk-2026-a"},
    )
    assert User.objects.filter(email__iexact=henk.email).count() == 1
    assert not Lidmaatschap.objects.filter(organisatie__slug="gemeente-nijkerk", user=henk)
