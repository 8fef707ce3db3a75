"""Login, lock-out, logout, password change and reset, and the profiel page."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from prestatiemonitor.organisaties.constants import Rol
from prestatiemonitor.organisaties.demo import DEMO_WACHTWOORD, ensure_demo_accounts
from prestatiemonitor.organisaties.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_accounts(nijkerk_parties):
    return {u.username: u for u in ensure_demo_accounts()}


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_page_is_dutch_with_labels_and_autocomplete(client):
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="utrecht-heading-1">Inloggen</h1>' in html
    assert re.search(
        r'<label class="utrecht-form-label" for="id_username">Gebruikersnaam</label>', html
    )
    assert re.search(
        r'<label class="utrecht-form-label" for="id_password">Wachtwoord</label>', html
    )
    assert 'autocomplete="username"' in html
    assert 'autocomplete="current-password"' in html
    assert "utrecht-textbox" in html
    assert "utrecht-button utrecht-button--primary-action" in html
    assert "<script" not in html and "style=" not in html


def test_demo_account_logs_in_and_its_password_is_hashed_with_argon2(client, demo_accounts):
    user = User.objects.get(username="beleid.nijkerk")
    assert user.password.startswith("argon2")
    response = login(client, "beleid.nijkerk", DEMO_WACHTWOORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_wrong_password_shows_a_dutch_error_and_does_not_log_in(client, demo_accounts):
    response = login(client, "beleid.nijkerk", "fout-wachtwoord")
    assert response.status_code == 200
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in response.content.decode()
    assert "_auth_user_id" not in client.session


@override_settings(AXES_FAILURE_LIMIT=5, AXES_COOLOFF_TIME=1)
def test_lock_out_after_the_failure_limit_refuses_even_the_right_password(client, demo_accounts):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "adviseur.wsn", "fout-wachtwoord").status_code == 200
    locked = login(client, "adviseur.wsn", "fout-wachtwoord")
    assert locked.status_code == 429
    assert "Inloggen tijdelijk geblokkeerd" in locked.content.decode()

    response = login(client, "adviseur.wsn", DEMO_WACHTWOORD)
    html = response.content.decode()
    assert response.status_code == 429
    assert "Inloggen tijdelijk geblokkeerd" in html
    assert f"{settings.AXES_FAILURE_LIMIT} keer een verkeerd wachtwoord" in html
    assert "over 1 uur" in html
    assert "_auth_user_id" not in client.session

    # Another account from the same address is not affected (lock-out per username + address).
    assert login(client, "medewerker.wsn", DEMO_WACHTWOORD).status_code == 302


@override_settings(AXES_FAILURE_LIMIT=2, AXES_COOLOFF_TIME=0.5)
def test_lock_out_page_states_the_waiting_time_in_minutes(client, demo_accounts):
    login(client, "medewerker.wsn", "fout-1")
    response = login(client, "medewerker.wsn", "fout-2")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Er is 2 keer een verkeerd wachtwoord ingevuld voor medewerker.wsn." in html
    assert "Probeer het over 30 minuten opnieuw." in html


def test_logout_is_post_only_and_shows_a_dutch_page(client, demo_accounts):
    client.force_login(demo_accounts["vrijwilliger.hon"])
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 200
    assert "U bent uitgelogd" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_change(client, demo_accounts):
    user = demo_accounts["medewerker.alliantie"]
    client.force_login(user)
    page = client.get(reverse("password_change"))
    assert 'autocomplete="new-password"' in page.content.decode()

    too_short = client.post(
        reverse("password_change"),
        {"old_password": DEMO_WACHTWOORD, "new_password1": "kort", "new_password2": "kort"},
    )
    assert too_short.status_code == 200
    assert (
        "Dit wachtwoord is te kort. Het moet minstens 10 tekens bevatten."
        in too_short.content.decode()
    )

    response = client.post(
        reverse("password_change"),
        {
            "old_password": DEMO_WACHTWOORD,
            "new_password1": "Nieuw-en-lang-genoeg-7",
            "new_password2": "Nieuw-en-lang-genoeg-7",
        },
        follow=True,
    )
    assert "Wachtwoord gewijzigd" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("Nieuw-en-lang-genoeg-7")
    assert user.password.startswith("argon2")


def test_password_change_requires_login(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_password_reset_sends_a_dutch_mail_with_a_working_link(client, demo_accounts):
    response = client.post(reverse("password_reset"), {"email": "vrijwilliger.hbva@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Nieuw wachtwoord voor de Prestatiemonitor"
    assert message.to == ["vrijwilliger.hbva@example.org"]
    assert message.body.startswith("Beste Hanna Huurder,")
    assert "Uw gebruikersnaam is: vrijwilliger.hbva" in message.body
    link = re.search(r"http://testserver(/account/reset/\S+/)", message.body).group(1)

    form = client.get(link, follow=True)
    assert form.status_code == 200
    assert "Nieuw wachtwoord kiezen" in form.content.decode()
    set_url = form.redirect_chain[-1][0]
    done = client.post(
        set_url,
        {"new_password1": "Huurders-sterk-2025", "new_password2": "Huurders-sterk-2025"},
        follow=True,
    )
    assert "Wachtwoord opgeslagen" in done.content.decode()
    assert login(client, "vrijwilliger.hbva", "Huurders-sterk-2025").status_code == 302

    # The link works once.
    again = client.get(link, follow=True)
    assert "Deze link werkt niet meer" in again.content.decode()


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client):
    response = client.post(
        reverse("password_reset"), {"email": "onbekend@example.org"}, follow=True
    )
    assert "Kijk in uw e-mail" in response.content.decode()
    assert mail.outbox == []


def test_profiel_shows_name_memberships_and_password_link(client, nijkerk_parties, make_member):
    user = make_member(nijkerk_parties["hon"], Rol.LEZER)
    user.first_name, user.last_name = "Henk", "Huurder"
    user.save()
    client.force_login(user)
    html = client.get(reverse("profiel")).content.decode()
    assert "Henk Huurder" in html
    assert "Huurdersorganisatie Nijkerk (HON)" in html
    assert "Huurdersorganisatie (huurders van WSN)" in html
    assert ">Lezer<" in html
    assert reverse("password_change") in html


def test_profiel_requires_login(client):
    response = client.get(reverse("profiel"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={reverse('profiel')}"
