"""A beheerder manages the members of their own organisation (``/account/organisaties/…/leden/``).

The Nijkerk demo: beleid.nijkerk is the gemeente's beheerder, wethouder.nijkerk a lezer of the
gemeente, adviseur.wsn the beheerder of WSN, vrijwilliger.hon a lezer of HON, beheerder the
site administrator.
"""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from prestatiemonitor.audit.models import AuditRecord
from prestatiemonitor.organisaties import services
from prestatiemonitor.organisaties.constants import Rol
from prestatiemonitor.organisaties.demo import ensure_demo_accounts
from prestatiemonitor.organisaties.models import Lidmaatschap, Uitnodiging, User
from prestatiemonitor.organisaties.tests.factories import (
    LidmaatschapFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LEDEN = "/account/organisaties/gemeente-nijkerk/leden/"
TOEVOEGEN = LEDEN + "toevoegen/"


@pytest.fixture
def demo(nijkerk_parties):
    users = {u.username: u for u in ensure_demo_accounts()}
    return users


def lid(username: str, slug: str = "gemeente-nijkerk") -> Lidmaatschap:
    return Lidmaatschap.objects.get(user__username=username, organisatie__slug=slug)


def wijzigen_url(lidmaatschap: Lidmaatschap) -> str:
    return (
        f"/account/organisaties/{lidmaatschap.organisatie.slug}/leden/{lidmaatschap.pk}/wijzigen/"
    )


def verwijderen_url(lidmaatschap: Lidmaatschap) -> str:
    slug = lidmaatschap.organisatie.slug
    return f"/account/organisaties/{slug}/leden/{lidmaatschap.pk}/verwijderen/"


def geen_schrijfwerk(*before: int) -> bool:
    return tellingen() == before


def tellingen() -> tuple[int, int, int, int]:
    return (
        User.objects.count(),
        Lidmaatschap.objects.count(),
        AuditRecord.objects.count(),
        Uitnodiging.objects.count(),
    )


def test_urls_are_named_as_documented():
    assert reverse("organisatie-leden", args=["gemeente-nijkerk"]) == LEDEN
    assert reverse("organisatie-lid-toevoegen", args=["gemeente-nijkerk"]) == TOEVOEGEN


# --------------------------------------------------------------------------------------------
# Looking


def test_every_member_sees_who_is_in_their_organisation(client, demo):
    client.force_login(demo["wethouder.nijkerk"])
    response = client.get(LEDEN)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="utrecht-heading-1">Leden van Gemeente Nijkerk</h1>' in html
    assert "2 leden" in html
    for text in (
        "Bente Beleid",
        "beleid.nijkerk",
        "beleid.nijkerk@example.org",
        "Beheerder",
        "Beleidsmedewerker wonen",
        "Wim Wethouder (u)",
        "Wethouder wonen",
        "Lezer",
        "Nog nooit",
    ):
        assert text in html, text
    # Members of other organisations are not listed.
    assert "Anouk Adviseur" not in html
    # A lezer sees no management.
    assert "Lid toevoegen" not in html
    assert "/wijzigen/" not in html and "/verwijderen/" not in html
    assert "<script" not in html and "style=" not in html


def test_beheerder_sees_the_actions_and_last_login(client, demo):
    client.force_login(demo["wethouder.nijkerk"])  # sets last_login
    client.logout()
    client.force_login(demo["beleid.nijkerk"])
    html = client.get(LEDEN).content.decode()
    assert f'href="{TOEVOEGEN}"' in html
    assert f'href="{wijzigen_url(lid("wethouder.nijkerk"))}"' in html
    assert f'href="{verwijderen_url(lid("wethouder.nijkerk"))}"' in html
    wethouder = User.objects.get(username="wethouder.nijkerk")
    assert wethouder.last_login is not None
    assert "Nog nooit" not in html.split("Wim Wethouder")[1].split("</tr>")[0]


def test_profiel_links_to_the_members_page_per_membership(client, demo):
    client.force_login(demo["beleid.nijkerk"])
    html = client.get(reverse("profiel")).content.decode()
    assert (
        f'href="{LEDEN}">Leden beheren<span class="visually-hidden"> van Gemeente Nijkerk' in html
    )
    client.force_login(demo["vrijwilliger.hon"])
    html = client.get(reverse("profiel")).content.decode()
    assert 'href="/account/organisaties/hon/leden/">Leden bekijken' in html


# --------------------------------------------------------------------------------------------
# Adding


def test_adding_someone_who_is_already_a_member_is_refused(client, demo):
    client.force_login(demo["beleid.nijkerk"])
    before = tellingen()
    response = client.post(
        TOEVOEGEN,
        {
            "email": "wethouder.nijkerk@example.org",
            "voornaam": "Wim",
            "achternaam": "W",
            "rol": "beheerder",
        },
    )
    assert response.status_code == 200
    assert (
        "Wim Wethouder (wethouder.nijkerk@example.org) is al lid van Gemeente Nijkerk, als lezer."
        in response.content.decode()
    )
    assert geen_schrijfwerk(*before)
    assert lid("wethouder.nijkerk").rol == Rol.LEZER


def test_a_validation_error_keeps_everything_typed_and_writes_nothing(client, demo):
    client.force_login(demo["beleid.nijkerk"])
    before = tellingen()
    response = client.post(
        TOEVOEGEN,
        {
            "email": "roos.raadslid@",
            "voornaam": "Roos",
            "achternaam": "",
            "rol": "beheerder",
            "functie": "Adviseur wonen",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Controleer de velden hieronder." in html
    assert "Vul een geldig e-mailadres in, bijvoorbeeld naam@nijkerk.nl." in html
    assert "Vul de achternaam in." in html
    assert 'value="roos.raadslid@"' in html
    assert 'value="Roos"' in html
    assert 'value="Adviseur wonen"' in html
    assert '<option value="beheerder" selected>Beheerder</option>' in html
    assert 'aria-invalid="true"' in html
    assert geen_schrijfwerk(*before)
    assert mail.outbox == []

    unknown_role = client.post(
        TOEVOEGEN, {"email": "a@b.nl", "voornaam": "A", "achternaam": "B", "rol": "eigenaar"}
    )
    assert "Kies een rol: beheerder, redacteur of lezer." in unknown_role.content.decode()
    assert geen_schrijfwerk(*before)


# --------------------------------------------------------------------------------------------
# Changing and removing


def test_beheerder_changes_a_members_role_and_functie(client, demo):
    client.force_login(demo["beleid.nijkerk"])
    wethouder = lid("wethouder.nijkerk")
    page = client.get(wijzigen_url(wethouder)).content.decode()
    assert "Lidmaatschap van Wim Wethouder wijzigen" in page
    assert '<option value="lezer" selected>Lezer</option>' in page
    assert 'value="Wethouder wonen"' in page

    response = client.post(
        wijzigen_url(wethouder),
        {"rol": "redacteur", "functie": "Wethouder wonen en zorg"},
        follow=True,
    )
    assert response.redirect_chain == [(LEDEN, 302)]
    assert "Wim Wethouder is nu redacteur (Wethouder wonen en zorg)." in response.content.decode()
    wethouder.refresh_from_db()
    assert (wethouder.rol, wethouder.functie) == (Rol.REDACTEUR, "Wethouder wonen en zorg")
    audit = AuditRecord.objects.get(actie="lidmaatschap.gewijzigd")
    assert audit.gebruiker == demo["beleid.nijkerk"]
    assert audit.gegevens["oud"]["rol"] == "lezer"
    assert audit.gegevens["nieuw"] == {
        "organisatie": "gemeente-nijkerk",
        "gebruiker": "wethouder.nijkerk",
        "rol": "redacteur",
        "functie": "Wethouder wonen en zorg",
    }

    # Saving without a change writes no audit row.
    client.post(wijzigen_url(wethouder), {"rol": "redacteur", "functie": "Wethouder wonen en zorg"})
    assert AuditRecord.objects.filter(actie="lidmaatschap.gewijzigd").count() == 1


def test_a_beheerder_cannot_change_their_own_role_but_may_change_their_functie(client, demo):
    client.force_login(demo["beleid.nijkerk"])
    eigen = lid("beleid.nijkerk")
    page = client.get(wijzigen_url(eigen)).content.decode()
    assert "Dit is uw eigen lidmaatschap." in page
    before = tellingen()
    response = client.post(wijzigen_url(eigen), {"rol": "lezer", "functie": "Anders"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "U kunt uw eigen rol niet wijzigen." in html
    assert '<option value="lezer" selected>Lezer</option>' in html  # what was chosen stays
    assert 'value="Anders"' in html
    eigen.refresh_from_db()
    assert (eigen.rol, eigen.functie) == (Rol.BEHEERDER, "Beleidsmedewerker wonen")
    assert geen_schrijfwerk(*before)

    client.post(wijzigen_url(eigen), {"rol": "beheerder", "functie": "Senior beleidsmedewerker"})
    eigen.refresh_from_db()
    assert (eigen.rol, eigen.functie) == (Rol.BEHEERDER, "Senior beleidsmedewerker")


def test_beheerder_removes_a_member_after_confirmation_and_the_account_stays(client, demo):
    client.force_login(demo["beleid.nijkerk"])
    wethouder = lid("wethouder.nijkerk")
    confirm = client.get(verwijderen_url(wethouder))
    html = confirm.content.decode()
    assert confirm.status_code == 200
    assert "Wim Wethouder verwijderen uit Gemeente Nijkerk?" in html
    assert "Het account blijft bestaan" in html
    assert Lidmaatschap.objects.filter(pk=wethouder.pk).exists()  # GET changes nothing

    response = client.post(verwijderen_url(wethouder), follow=True)
    assert response.redirect_chain == [(LEDEN, 302)]
    assert "Wim Wethouder is geen lid meer van Gemeente Nijkerk." in response.content.decode()
    assert not Lidmaatschap.objects.filter(pk=wethouder.pk).exists()
    assert User.objects.filter(username="wethouder.nijkerk", is_active=True).exists()
    audit = AuditRecord.objects.get(actie="lidmaatschap.verwijderd")
    assert audit.gebruiker == demo["beleid.nijkerk"]
    assert audit.object_id == str(wethouder.pk)
    assert audit.gegevens["rol"] == "lezer"


def test_the_last_beheerder_cannot_be_demoted_or_removed(client, demo):
    client.force_login(demo["beheerder"])  # a site administrator: the own-role rule is no help
    bente = lid("beleid.nijkerk")
    before = tellingen()

    demote = client.post(wijzigen_url(bente), {"rol": "redacteur", "functie": ""})
    assert (
        "Bente Beleid is de enige beheerder van Gemeente Nijkerk. Maak eerst een ander lid "
        "beheerder; daarna kunt u deze rol wijzigen." in demote.content.decode()
    )
    remove = client.post(verwijderen_url(bente))
    assert remove.status_code == 200
    assert "Het lidmaatschap is niet verwijderd." in remove.content.decode()
    assert "daarna kunt u dit lid verwijderen." in remove.content.decode()
    bente.refresh_from_db()
    assert bente.rol == Rol.BEHEERDER
    assert geen_schrijfwerk(*before)

    # With a second beheerder, the first may be demoted.
    client.post(wijzigen_url(lid("wethouder.nijkerk")), {"rol": "beheerder", "functie": ""})
    client.post(wijzigen_url(bente), {"rol": "redacteur", "functie": ""})
    bente.refresh_from_db()
    assert bente.rol == Rol.REDACTEUR


def test_a_beheerder_may_leave_only_when_another_beheerder_remains(client, demo):
    client.force_login(demo["beleid.nijkerk"])
    eigen = lid("beleid.nijkerk")
    assert (
        "Uzelf verwijderen uit Gemeente Nijkerk?"
        in client.get(verwijderen_url(eigen)).content.decode()
    )
    refused = client.post(verwijderen_url(eigen))
    assert "Bente Beleid is de enige beheerder van Gemeente Nijkerk." in refused.content.decode()
    assert Lidmaatschap.objects.filter(pk=eigen.pk).exists()

    client.post(wijzigen_url(lid("wethouder.nijkerk")), {"rol": "beheerder", "functie": ""})
    response = client.post(verwijderen_url(eigen), follow=True)
    assert response.redirect_chain == [(reverse("profiel"), 302)]
    assert "U bent geen lid meer van Gemeente Nijkerk." in response.content.decode()
    assert not Lidmaatschap.objects.filter(pk=eigen.pk).exists()
    assert client.get(LEDEN).status_code == 404


def test_a_member_without_password_from_before_invitations_can_be_sent_the_password_link(
    client, demo, django_capture_on_commit_callbacks
):
    # Memberships made before invitations had to be accepted: the person never chose a
    # password; the beheerder can still send the link to choose one.
    nina = LidmaatschapFactory(
        organisatie=lid("beleid.nijkerk").organisatie,
        rol=Rol.LEZER,
        user=UserFactory(password=None, email="nieuw@nijkerk.nl", first_name="Nina"),
    )
    client.force_login(demo["beleid.nijkerk"])
    url = f"/account/organisaties/gemeente-nijkerk/leden/{nina.pk}/uitnodigen/"
    assert f'action="{url}"' in client.get(LEDEN).content.decode()
    assert client.get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "De uitnodiging is opnieuw gestuurd naar nieuw@nijkerk.nl." in response.content.decode()
    assert [m.to for m in mail.outbox] == [["nieuw@nijkerk.nl"]]
    assert "/account/reset/" in mail.outbox[0].body
    assert AuditRecord.objects.filter(actie="lidmaatschap.uitnodiging").count() == 1

    # Someone with a password gets no invitation.
    wethouder = lid("wethouder.nijkerk")
    refused = client.post(
        f"/account/organisaties/gemeente-nijkerk/leden/{wethouder.pk}/uitnodigen/", follow=True
    )
    assert "Wim Wethouder heeft al een wachtwoord gekozen" in refused.content.decode()
    assert len(mail.outbox) == 1


# --------------------------------------------------------------------------------------------
# Refusals


def test_redacteur_and_lezer_may_look_but_not_change(client, demo):
    LidmaatschapFactory(
        user=demo["medewerker.wsn"],
        organisatie=lid("beleid.nijkerk").organisatie,
        rol=Rol.REDACTEUR,
    )
    bente = lid("beleid.nijkerk")
    before = tellingen()
    for username in ("wethouder.nijkerk", "medewerker.wsn"):
        client.force_login(demo[username])
        assert client.get(LEDEN).status_code == 200, username
        for method, url, data in [
            ("get", TOEVOEGEN, {}),
            (
                "post",
                TOEVOEGEN,
                {"email": "x@y.nl", "voornaam": "X", "achternaam": "Y", "rol": "beheerder"},
            ),
            ("get", wijzigen_url(bente), {}),
            ("post", wijzigen_url(bente), {"rol": "lezer"}),
            ("get", verwijderen_url(bente), {}),
            ("post", verwijderen_url(bente), {}),
            ("post", f"{LEDEN}{bente.pk}/uitnodigen/", {}),
        ]:
            response = getattr(client, method)(url, data)
            assert response.status_code == 403, (username, method, url)
    assert geen_schrijfwerk(*before)


def test_a_beheerder_of_another_organisation_gets_404(client, demo):
    client.force_login(demo["adviseur.wsn"])  # WSN's beheerder; HON are WSN's own tenants
    hon_lid = lid("vrijwilliger.hon", "hon")
    for url in (
        "/account/organisaties/hon/leden/",
        "/account/organisaties/hon/leden/toevoegen/",
        wijzigen_url(hon_lid),
        verwijderen_url(hon_lid),
        LEDEN,
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(verwijderen_url(hon_lid)).status_code == 404
    # Nor through the own organisation's URL with another organisation's membership.
    assert client.get(f"/account/organisaties/wsn/leden/{hon_lid.pk}/wijzigen/").status_code == 404
    assert (
        client.post(f"/account/organisaties/wsn/leden/{hon_lid.pk}/verwijderen/").status_code == 404
    )
    assert Lidmaatschap.objects.filter(pk=hon_lid.pk).exists()
    # An organisation that does not exist looks the same.
    assert client.get("/account/organisaties/bestaat-niet/leden/").status_code == 404


def test_anonymous_visitors_go_to_the_login_page(client, demo):
    bente = lid("beleid.nijkerk")
    for url in (LEDEN, TOEVOEGEN, wijzigen_url(bente), verwijderen_url(bente)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next={url}"
    assert client.post(verwijderen_url(bente))["Location"].startswith(reverse("login"))
    assert Lidmaatschap.objects.filter(pk=bente.pk).exists()


def test_a_site_administrator_manages_any_organisation(
    client, demo, django_capture_on_commit_callbacks
):
    client.force_login(demo["beheerder"])
    assert client.get("/account/organisaties/hbva/leden/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/account/organisaties/hbva/leden/toevoegen/",
            {
                "email": "voorzitter@hbva.nl",
                "voornaam": "Vera",
                "achternaam": "Voorzitter",
                "rol": "beheerder",
            },
        )
    vera = Uitnodiging.objects.get(email="voorzitter@hbva.nl")
    assert (vera.organisatie.slug, vera.rol) == ("hbva", Rol.BEHEERDER)
    hanna = lid("vrijwilliger.hbva", "hbva")
    client.post(wijzigen_url(hanna), {"rol": "redacteur", "functie": "Secretaris"})
    hanna.refresh_from_db()
    assert (hanna.rol, hanna.functie) == (Rol.REDACTEUR, "Secretaris")
    client.post(verwijderen_url(hanna))
    assert not Lidmaatschap.objects.filter(pk=hanna.pk).exists()
    assert list(
        AuditRecord.objects.filter(gebruiker=demo["beheerder"])
        .order_by("id")
        .values_list("actie", flat=True)
    ) == ["uitnodiging.verstuurd", "lidmaatschap.gewijzigd", "lidmaatschap.verwijderd"]
    assert len(mail.outbox) == 1


def test_services_check_the_acting_user_themselves(demo):
    gemeente = lid("beleid.nijkerk").organisatie
    for username in ("wethouder.nijkerk", "adviseur.wsn"):
        with pytest.raises(PermissionDenied):
            services.uitnodigen(
                organisatie=gemeente,
                email="x@y.nl",
                voornaam="X",
                achternaam="Y",
                rol=Rol.BEHEERDER,
                acting_user=demo[username],
                domain="testserver",
                use_https=False,
            )
        with pytest.raises(PermissionDenied):
            services.lid_wijzigen(
                lidmaatschap=lid("beleid.nijkerk"),
                rol=Rol.LEZER,
                functie="",
                acting_user=demo[username],
            )
        with pytest.raises(PermissionDenied):
            services.lid_verwijderen(
                lidmaatschap=lid("wethouder.nijkerk"), acting_user=demo[username]
            )
    assert not User.objects.filter(email="x@y.nl").exists()
    assert not Uitnodiging.objects.exists()
    assert lid("beleid.nijkerk").rol == Rol.BEHEERDER
    assert not AuditRecord.objects.exists()
