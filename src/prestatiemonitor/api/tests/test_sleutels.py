"""The API keys page: the organisation's beheerder makes and revokes keys; the secret is shown
once; the key acts with its organisation and role and is not one of the members."""

import re

import pytest
from django.test import Client

from prestatiemonitor.api.models import ApiSleutel
from prestatiemonitor.organisaties.models import Lidmaatschap
from prestatiemonitor.organisaties.tests.factories import LidmaatschapFactory, UserFactory

pytestmark = pytest.mark.django_db


def _lid(org, rol):
    user = UserFactory(password=None)
    LidmaatschapFactory(user=user, organisatie=org, rol=rol)
    client = Client()
    client.force_login(user)
    return client


def test_the_beheerder_makes_a_key_sees_it_once_and_revokes_it(ks):
    beheerder = _lid(ks.wsn, "beheerder")
    url = f"/account/organisaties/{ks.wsn.slug}/api-sleutels/"
    response = beheerder.post(url, {"naam": "Koppeling woningadministratie", "rol": "redacteur"})
    assert response.status_code == 200
    geheim = re.search(r'value="(pm_[^"]+)"', response.content.decode())[1]
    sleutel = ApiSleutel.objects.get()
    assert (sleutel.organisatie, sleutel.rol, sleutel.naam) == (
        ks.wsn,
        "redacteur",
        "Koppeling woningadministratie",
    )
    assert geheim not in beheerder.get(url).content.decode()  # shown once
    assert sleutel.sleutel_hash != geheim and geheim.startswith(sleutel.begin)
    # The key works, as WSN with the role redacteur, and is not listed among the members.
    api = Client(HTTP_AUTHORIZATION=f"Bearer {geheim}")
    assert api.get("/api/v1/kaders/").status_code == 200
    assert Lidmaatschap.objects.get(user=sleutel.user).rol == "redacteur"
    leden = beheerder.get(f"/account/organisaties/{ks.wsn.slug}/leden/").content.decode()
    assert sleutel.user.username not in leden
    # Revoked: it stops working at once.
    response = beheerder.post(f"{url}{sleutel.pk}/intrekken/")
    assert response.status_code == 302
    assert api.get("/api/v1/kaders/").status_code == 401
    assert "ingetrokken op" in beheerder.get(url).content.decode()


def test_a_key_needs_a_name_and_a_known_role(ks):
    beheerder = _lid(ks.wsn, "beheerder")
    url = f"/account/organisaties/{ks.wsn.slug}/api-sleutels/"
    response = beheerder.post(url, {"naam": " ", "rol": "koning"})
    html = response.content.decode()
    assert "Dit veld is verplicht." in html
    assert "Selecteer een geldige keuze" in html
    assert not ApiSleutel.objects.exists()


def test_only_the_beheerder_of_the_organisation_manages_its_keys(ks):
    url = f"/account/organisaties/{ks.wsn.slug}/api-sleutels/"
    assert _lid(ks.wsn, "redacteur").get(url).status_code == 403
    assert _lid(ks.wsn, "redacteur").post(url, {"naam": "x", "rol": "lezer"}).status_code == 403
    assert _lid(ks.alliantie, "beheerder").get(url).status_code == 404
    assert Client().get(url).status_code == 302
    assert not ApiSleutel.objects.exists()


def test_an_api_key_does_not_count_as_the_last_beheerder(ks):
    from django.core.exceptions import ValidationError

    from prestatiemonitor.api.services import sleutel_aanmaken
    from prestatiemonitor.organisaties.services import lid_verwijderen

    beheerder = UserFactory(password=None)
    lid = LidmaatschapFactory(user=beheerder, organisatie=ks.hon, rol="beheerder")
    sleutel_aanmaken(organisatie=ks.hon, rol="beheerder", naam="Koppeling", acting_user=beheerder)
    with pytest.raises(ValidationError):
        lid_verwijderen(lidmaatschap=lid, acting_user=beheerder)


def test_the_members_pages_never_touch_a_key_s_membership(ks):
    from prestatiemonitor.api.services import sleutel_aanmaken
    from prestatiemonitor.organisaties.permissions import SYSTEEM

    sleutel, _ = sleutel_aanmaken(organisatie=ks.wsn, rol="lezer", naam="CRM", acting_user=SYSTEEM)
    lid = Lidmaatschap.objects.get(user=sleutel.user)
    beheerder = _lid(ks.wsn, "beheerder")
    basis = f"/account/organisaties/{ks.wsn.slug}/leden/{lid.pk}"
    assert (
        beheerder.post(f"{basis}/wijzigen/", {"rol": "beheerder", "functie": ""}).status_code == 404
    )
    assert beheerder.post(f"{basis}/verwijderen/").status_code == 404
    assert beheerder.post(f"{basis}/uitnodigen/").status_code == 404
    lid.refresh_from_db()
    assert lid.rol == "lezer"


def test_a_key_s_account_never_logs_in_even_with_a_password(ks, client):
    from prestatiemonitor.api.services import sleutel_aanmaken
    from prestatiemonitor.organisaties.permissions import SYSTEEM

    sleutel, _ = sleutel_aanmaken(organisatie=ks.wsn, rol="lezer", naam="CRM", acting_user=SYSTEEM)
    sleutel.user.set_password("een-lang-wachtwoord-2026")  # as a site admin could in the admin
    sleutel.user.save()
    response = client.post(
        "/account/login/",
        {"username": sleutel.user.username, "password": "een-lang-wachtwoord-2026"},
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
