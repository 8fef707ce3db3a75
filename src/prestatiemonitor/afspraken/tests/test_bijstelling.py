"""Amending one afspraak through a recorded decision: the service, the form and the pages.

On the real Nijkerk import: afspraak 7 reads "De woningcorporaties behouden 15% vrije
toewijzingsruimte." with WSN and de Alliantie (both via the group word "woningcorporaties"),
no trekker, no year.
"""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from prestatiemonitor.afspraken.bijstelling import (
    CONFLICT,
    afspraak_bijstellen,
    afspraak_versie,
)
from prestatiemonitor.afspraken.constants import AfspraakSoort
from prestatiemonitor.afspraken.models import Bijstelling
from prestatiemonitor.audit.models import AuditRecord
from prestatiemonitor.organisaties.constants import Rol
from prestatiemonitor.organisaties.tests.factories import OrganisatieFactory, UserFactory

pytestmark = pytest.mark.django_db

OUD = "De woningcorporaties behouden 15% vrije toewijzingsruimte."
NIEUW = "De woningcorporaties behouden 20% vrije toewijzingsruimte."
REDEN = "Jaarschijf 2026: meer ruimte voor maatwerk bij urgente woningzoekenden."
DATUM = datetime.date(2025, 12, 11)


@pytest.fixture
def orgs(nijkerk_parties):
    return nijkerk_parties


@pytest.fixture
def afspraak7(nijkerk_kader):
    return nijkerk_kader.afspraken.get(soort=AfspraakSoort.STRATEGISCH, nummer="7")


@pytest.fixture
def beheerder(make_member, orgs):
    return make_member(orgs["gemeente-nijkerk"], Rol.BEHEERDER)


def rijen(bijstelling):
    return list(
        bijstelling.wijziging_set.order_by("volgorde").values_list(
            "onderdeel", "sleutel", "actie", "veld", "oud", "nieuw", "afspraak_id"
        )
    )


def bijstellen(afspraak, user, **wijzig):
    """The service with afspraak 7's current values, except what the test changes."""
    values = {
        "tekst": afspraak.tekst,
        "partijen": list(afspraak.partij_links.values_list("organisatie_id", flat=True)),
        "trekker": afspraak.trekker_id,
        "jaar": afspraak.jaar,
        "termijn": afspraak.termijn,
        "reden": REDEN,
        "datum": DATUM,
        "besloten_in": "bestuurlijk overleg breed",
        "versie": afspraak_versie(afspraak),
    }
    values.update(wijzig)
    return afspraak_bijstellen(afspraak=afspraak, acting_user=user, **values)


def url(kader, nummer="7", naam="afspraken:afspraak-bijstellen"):
    return reverse(naam, kwargs={"kader": kader.slug, "nummer": nummer})


def formdata(afspraak, **wijzig):
    data = {
        "tekst": afspraak.tekst,
        "partijen": [
            str(i) for i in afspraak.partij_links.values_list("organisatie_id", flat=True)
        ],
        "trekker": str(afspraak.trekker_id or ""),
        "jaar": str(afspraak.jaar or ""),
        "termijn": afspraak.termijn,
        "reden": REDEN,
        "datum": DATUM.isoformat(),
        "besloten_in": "bestuurlijk overleg breed",
        "versie": afspraak_versie(afspraak),
    }
    data.update(wijzig)
    return data


def versie_in(html: str) -> str:
    return re.search(r'name="versie" value="([0-9a-f]+)"', html).group(1)


# --------------------------------------------------------------------------------------------
# The service


def test_beheerder_changes_the_text_of_afspraak_7(afspraak7, beheerder, nijkerk_kader):
    bijstelling = bijstellen(afspraak7, beheerder, tekst=NIEUW)

    afspraak7.refresh_from_db()
    assert afspraak7.tekst == NIEUW
    historie = list(afspraak7.history.order_by("history_date", "history_id"))
    assert [h.tekst for h in historie] == [OUD, NIEUW]
    assert historie[1].history_change_reason == REDEN
    assert historie[1].history_user == beheerder
    assert historie[1].history_type == "~"

    assert bijstelling.kader == nijkerk_kader
    assert bijstelling.datum == DATUM
    assert bijstelling.reden == REDEN
    assert bijstelling.besloten_in == "bestuurlijk overleg breed"
    assert bijstelling.vastgelegd_door == beheerder
    assert rijen(bijstelling) == [("afspraak", "7", "gewijzigd", "tekst", OUD, NIEUW, afspraak7.pk)]
    # The parties the import recognised are kept as they were.
    links = {
        link.organisatie.korte_naam: (link.herkenning, link.herkend_woord)
        for link in afspraak7.partij_links.select_related("organisatie")
    }
    assert links == {
        "WSN": ("groep", "woningcorporaties"),
        "de Alliantie": ("groep", "woningcorporaties"),
    }
    audit = AuditRecord.objects.get(actie="afspraak.bijgesteld")
    assert audit.gebruiker == beheerder
    assert audit.object_type == "afspraken.afspraak"
    assert audit.object_id == str(afspraak7.pk)
    assert audit.gegevens["bijstelling"] == bijstelling.pk
    assert audit.gegevens["velden"] == ["tekst"]
    assert audit.omschrijving.startswith("Afspraak 7 van Prestatieafspraken")


def test_parties_trekker_jaar_and_termijn_are_recorded_one_row_per_field(
    afspraak7, beheerder, orgs
):
    gemeente, wsn = orgs["gemeente-nijkerk"], orgs["wsn"]
    bijstelling = bijstellen(
        afspraak7,
        beheerder,
        partijen=[wsn, gemeente],  # de Alliantie removed, the gemeente added by hand
        trekker=gemeente,
        jaar=2026,
        termijn="voor eind 2026",
    )
    afspraak7.refresh_from_db()
    assert (afspraak7.trekker, afspraak7.jaar, afspraak7.termijn) == (
        gemeente,
        2026,
        "voor eind 2026",
    )
    links = {
        link.organisatie.korte_naam: (link.herkenning, link.herkend_woord)
        for link in afspraak7.partij_links.select_related("organisatie")
    }
    assert links == {"WSN": ("groep", "woningcorporaties"), "gemeente": ("handmatig", "")}
    assert rijen(bijstelling) == [
        (
            "afspraak",
            "7",
            "gewijzigd",
            "partijen",
            "WSN, de Alliantie",
            "WSN, gemeente",
            afspraak7.pk,
        ),
        ("afspraak", "7", "gewijzigd", "trekker", "—", "gemeente", afspraak7.pk),
        ("afspraak", "7", "gewijzigd", "jaar", "—", "2026", afspraak7.pk),
        ("afspraak", "7", "gewijzigd", "termijn", "—", "voor eind 2026", afspraak7.pk),
    ]
    assert list(afspraak7.bijstelling_wijzigingen.values_list("veld", flat=True)) == [
        "partijen",
        "trekker",
        "jaar",
        "termijn",
    ]
    assert afspraak7.history.first().history_change_reason == REDEN


def test_a_parties_only_change_needs_no_history_row_but_is_a_bijstelling(
    afspraak7, beheerder, orgs
):
    bijstellen(afspraak7, beheerder, partijen=[orgs["wsn"]])
    assert afspraak7.history.count() == 1
    assert [r[3] for r in rijen(Bijstelling.objects.get())] == ["partijen"]
    assert list(afspraak7.partij_links.values_list("organisatie__korte_naam", flat=True)) == ["WSN"]


def test_a_new_text_links_the_begrippen_it_uses(afspraak7, beheerder):
    assert not afspraak7.begrippen.exists()
    bijstellen(afspraak7, beheerder, tekst=OUD + " Dit geldt ook voor aandachtsgroepen.")
    assert [b.term for b in afspraak7.begrippen.all()] == ["Aandachtsgroepen"]


def test_a_long_reason_is_kept_whole_in_the_bijstelling_and_shortened_in_the_history(
    afspraak7, beheerder
):
    reden = "Besluit van het bestuurlijk overleg breed over de jaarschijf 2026. " * 3
    bijstelling = bijstellen(afspraak7, beheerder, tekst=NIEUW, reden=reden)
    assert bijstelling.reden == reden.strip()
    kort = afspraak7.history.first().history_change_reason
    assert len(kort) == 100
    assert kort == reden[:99] + "…"


def test_a_systematiek_item_is_recorded_as_systematiek(nijkerk_kader, beheerder):
    item = nijkerk_kader.afspraken.get(soort=AfspraakSoort.SYSTEMATIEK, nummer="2")
    bijstelling = bijstellen(item, beheerder, tekst=item.tekst + " Jaarlijks geëvalueerd.")
    assert rijen(bijstelling) == [
        (
            "systematiek",
            "2",
            "gewijzigd",
            "tekst",
            item.tekst,
            item.tekst + " Jaarlijks geëvalueerd.",
            item.pk,
        )
    ]


def test_the_second_of_two_edits_from_the_same_version_is_refused(afspraak7, beheerder, orgs):
    versie = afspraak_versie(afspraak7)
    bijstellen(afspraak7, beheerder, tekst=NIEUW, versie=versie)
    with pytest.raises(ValidationError) as exc:
        bijstellen(
            afspraak7,
            beheerder,
            tekst="De woningcorporaties behouden 25% vrije toewijzingsruimte.",
            versie=versie,
        )
    assert exc.value.code == CONFLICT
    assert "is gewijzigd sinds u het formulier opende" in exc.value.messages[0]
    afspraak7.refresh_from_db()
    assert afspraak7.tekst == NIEUW
    assert Bijstelling.objects.count() == 1
    assert AuditRecord.objects.filter(actie="afspraak.bijgesteld").count() == 1


def test_a_change_of_parties_by_someone_else_is_a_conflict_too(afspraak7, beheerder, orgs):
    versie = afspraak_versie(afspraak7)
    afspraak7.partij_links.filter(organisatie=orgs["de-alliantie"]).delete()  # e.g. an import
    with pytest.raises(ValidationError) as exc:
        bijstellen(afspraak7, beheerder, tekst=NIEUW, versie=versie)
    assert exc.value.code == CONFLICT


@pytest.mark.parametrize(
    ("wijzig", "veld", "melding"),
    [
        ({"tekst": "   "}, "tekst", "Vul de tekst van de afspraak in."),
        ({"tekst": NIEUW, "reden": " "}, "reden", "Geef de reden van de bijstelling op."),
        ({"tekst": NIEUW, "besloten_in": ""}, "besloten_in", "Vul in waar het besluit is genomen."),
        ({"tekst": NIEUW, "datum": None}, "datum", "Vul de datum van het besluit in."),
        (
            {"tekst": NIEUW, "datum": datetime.date(2999, 1, 1)},
            "datum",
            "De datum van het besluit ligt in de toekomst.",
        ),
        ({"jaar": 1850}, "jaar", "Vul een jaar tussen 1990 en 2100 in, of laat het leeg."),
        ({"jaar": 20266}, "jaar", "Vul een jaar tussen 1990 en 2100 in, of laat het leeg."),
    ],
    ids=["tekst", "reden", "besloten_in", "datum", "datum-toekomst", "jaar", "jaar-typfout"],
)
def test_invalid_input_is_refused_in_dutch_and_nothing_is_written(
    afspraak7, beheerder, wijzig, veld, melding
):
    with pytest.raises(ValidationError) as exc:
        bijstellen(afspraak7, beheerder, **wijzig)
    assert exc.value.message_dict == {veld: [melding]}
    afspraak7.refresh_from_db()
    assert afspraak7.tekst == OUD
    assert afspraak7.history.count() == 1
    assert not Bijstelling.objects.exists()
    assert not AuditRecord.objects.filter(actie="afspraak.bijgesteld").exists()


def test_a_party_that_is_not_a_party_of_the_kader_is_refused(afspraak7, beheerder, orgs):
    elders = OrganisatieFactory(naam="Woonstichting Elders")
    with pytest.raises(ValidationError) as exc:
        bijstellen(afspraak7, beheerder, partijen=[orgs["wsn"], elders])
    assert exc.value.message_dict["partijen"] == [
        "Geen partij van dit afsprakenkader: Woonstichting Elders. Kies alleen partijen die de "
        "afspraken hebben ondertekend."
    ]
    assert afspraak7.partij_links.count() == 2


def test_the_trekker_must_be_one_of_the_parties(afspraak7, beheerder, orgs):
    with pytest.raises(ValidationError) as exc:
        bijstellen(afspraak7, beheerder, trekker=orgs["gemeente-nijkerk"])
    assert list(exc.value.message_dict) == ["trekker"]
    assert afspraak7.history.count() == 1


def test_nothing_changed_is_refused(afspraak7, beheerder):
    with pytest.raises(ValidationError) as exc:
        bijstellen(afspraak7, beheerder, tekst="  " + OUD + "\n")
    assert exc.value.messages[0].startswith("Er is niets gewijzigd")
    assert not Bijstelling.objects.exists()


@pytest.mark.parametrize(
    ("organisatie", "rol"),
    [
        ("gemeente-nijkerk", Rol.REDACTEUR),
        ("gemeente-nijkerk", Rol.LEZER),
        ("wsn", Rol.BEHEERDER),
        ("hon", Rol.BEHEERDER),
    ],
)
def test_only_the_gemeentes_beheerder_may_amend(afspraak7, make_member, orgs, organisatie, rol):
    with pytest.raises(PermissionDenied):
        bijstellen(afspraak7, make_member(orgs[organisatie], rol), tekst=NIEUW)
    afspraak7.refresh_from_db()
    assert afspraak7.tekst == OUD
    assert not Bijstelling.objects.exists()


def test_a_site_administrator_may_amend(afspraak7):
    admin = UserFactory(is_superuser=True, is_staff=True)
    bijstellen(afspraak7, admin, tekst=NIEUW)
    assert Bijstelling.objects.get().vastgelegd_door == admin


# --------------------------------------------------------------------------------------------
# The form


def test_the_form_is_prefilled_with_the_current_afspraak(client, afspraak7, beheerder, orgs):
    client.force_login(beheerder)
    response = client.get(url(afspraak7.kader))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="utrecht-heading-1">Afspraak 7 bijstellen</h1>' in html
    assert re.search(
        r"<textarea[^>]*name=\"tekst\"[^>]*>\s*" + re.escape(OUD) + "</textarea>", html
    )
    checked = re.findall(r'<input type="checkbox" name="partijen" value="(\d+)"[^>]*checked', html)
    assert sorted(int(pk) for pk in checked) == sorted([orgs["wsn"].pk, orgs["de-alliantie"].pk])
    assert "Woningstichting Nijkerk (WSN)" in html
    assert "Gemeente Nijkerk</label>" in html
    assert versie_in(html) == afspraak_versie(afspraak7)
    assert f'name="datum" value="{timezone.localdate().isoformat()}"' in html


def test_submitting_the_form_amends_and_the_pages_show_it(client, afspraak7, beheerder):
    client.force_login(beheerder)
    response = client.post(url(afspraak7.kader), formdata(afspraak7, tekst=NIEUW))
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "afspraken:afspraak", kwargs={"kader": afspraak7.kader.slug, "nummer": "7"}
    )
    afspraak7.refresh_from_db()
    assert afspraak7.tekst == NIEUW

    pagina = client.get(response["Location"]).content.decode()
    assert "Afspraak 7 is bijgesteld." in pagina
    assert NIEUW in pagina
    assert "Bijstelling van 11 december 2025" in pagina
    assert "Besloten in: bestuurlijk overleg breed." in pagina
    assert REDEN in pagina  # in the bijstelling and as the reason in the history
    assert "Oude tekst</dt><dd>" + OUD in pagina

    lijst = client.get(
        reverse("afspraken:bijstellingen", kwargs={"kader": afspraak7.kader.slug})
    ).content.decode()
    assert "Bijstelling van 11 december 2025" in lijst
    assert REDEN in lijst
    assert "Afspraak 7</strong> – gewijzigd (tekst)" in lijst


def test_missing_reden_keeps_everything_typed_and_writes_nothing(client, afspraak7, beheerder):
    client.force_login(beheerder)
    response = client.post(
        url(afspraak7.kader),
        formdata(afspraak7, tekst=NIEUW, reden="", termijn="voor eind 2026", jaar="2026"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "De bijstelling is niet vastgelegd." in html
    assert "Geef de reden van de bijstelling op." in html
    assert NIEUW + "</textarea>" in html
    assert 'value="voor eind 2026"' in html
    assert 'value="2026"' in html
    afspraak7.refresh_from_db()
    assert afspraak7.tekst == OUD
    assert not Bijstelling.objects.exists()
    assert not AuditRecord.objects.filter(actie="afspraak.bijgesteld").exists()


def test_the_form_shows_every_error_at_once(client, afspraak7, beheerder, orgs):
    client.force_login(beheerder)
    data = formdata(afspraak7, tekst=NIEUW, reden="", jaar="20266")
    data["trekker"] = str(orgs["gemeente-nijkerk"].pk)  # not ticked as a party
    html = client.post(url(afspraak7.kader), data).content.decode()
    assert "Geef de reden van de bijstelling op." in html
    assert "Vul een jaar tussen 1990 en 2100 in, of laat het leeg." in html
    assert "De trekker moet een van de betrokken partijen zijn" in html
    assert 'value="20266"' in html
    assert not Bijstelling.objects.exists()


def test_a_party_outside_the_kader_is_refused_by_the_form(client, afspraak7, beheerder):
    elders = OrganisatieFactory(naam="Woonstichting Elders")
    client.force_login(beheerder)
    data = formdata(afspraak7, tekst=NIEUW)
    data["partijen"] = [*data["partijen"], str(elders.pk)]
    response = client.post(url(afspraak7.kader), data)
    assert response.status_code == 200
    assert (
        f"Deze partij hoort niet bij dit afsprakenkader: {elders.pk}." in response.content.decode()
    )
    assert not Bijstelling.objects.exists()


def test_unchanged_form_says_nothing_changed(client, afspraak7, beheerder):
    client.force_login(beheerder)
    response = client.post(url(afspraak7.kader), formdata(afspraak7))
    assert "Er is niets gewijzigd" in response.content.decode()
    assert not Bijstelling.objects.exists()


def test_concurrent_forms_second_submit_is_refused_and_keeps_what_was_typed(
    client, afspraak7, beheerder, make_member, orgs
):
    from django.test import Client

    collega = make_member(orgs["gemeente-nijkerk"], Rol.BEHEERDER)
    tweede = Client()
    client.force_login(beheerder)
    tweede.force_login(collega)
    # Both open the form on the same version.
    versie = versie_in(client.get(url(afspraak7.kader)).content.decode())
    assert versie_in(tweede.get(url(afspraak7.kader)).content.decode()) == versie

    eerste = client.post(url(afspraak7.kader), formdata(afspraak7, tekst=NIEUW, versie=versie))
    assert eerste.status_code == 302

    getypt = "De woningcorporaties behouden 25% vrije toewijzingsruimte voor maatwerk."
    response = tweede.post(
        url(afspraak7.kader),
        formdata(
            afspraak7,
            tekst=getypt,
            versie=versie,
            reden="Afspraak uit het ambtelijk overleg",
            besloten_in="ambtelijk overleg",
        ),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Afspraak 7 is gewijzigd sinds u het formulier opende, door iemand anders" in html
    assert getypt + "</textarea>" in html  # nothing the second user typed is lost
    assert "Afspraak uit het ambtelijk overleg</textarea>" in html
    assert 'value="ambtelijk overleg"' in html
    assert "Huidige versie van afspraak 7" in html
    assert NIEUW in html  # the current text, to merge with
    afspraak7.refresh_from_db()
    assert afspraak7.tekst == NIEUW
    assert Bijstelling.objects.count() == 1

    # The refused form now carries the current version: confirming again is a decision made
    # with the current text in view, and goes through.
    nieuwe_versie = versie_in(html)
    assert nieuwe_versie == afspraak_versie(afspraak7) != versie
    opnieuw = tweede.post(
        url(afspraak7.kader),
        formdata(
            afspraak7,
            tekst=getypt,
            versie=nieuwe_versie,
            reden="Afspraak uit het ambtelijk overleg",
        ),
    )
    assert opnieuw.status_code == 302
    afspraak7.refresh_from_db()
    assert afspraak7.tekst == getypt
    assert [h.tekst for h in afspraak7.history.order_by("history_date", "history_id")] == [
        OUD,
        NIEUW,
        getypt,
    ]


def test_systematiek_has_its_own_route(client, nijkerk_kader, beheerder):
    item = nijkerk_kader.afspraken.get(soort=AfspraakSoort.SYSTEMATIEK, nummer="2")
    client.force_login(beheerder)
    adres = url(nijkerk_kader, "2", "afspraken:systematiek-bijstellen")
    assert "Systematiek 2 bijstellen" in client.get(adres).content.decode()
    response = client.post(adres, formdata(item, tekst=item.tekst + " Jaarlijks geëvalueerd."))
    assert response["Location"] == reverse(
        "afspraken:systematiek", kwargs={"kader": nijkerk_kader.slug, "nummer": "2"}
    )
    assert client.get(adres.replace("/2/", "/99/")).status_code == 404


# --------------------------------------------------------------------------------------------
# Who may open the form (the full matrix is in test_permission_matrix.py)


def test_the_button_is_shown_only_to_who_may_amend(client, afspraak7, beheerder, make_member, orgs):
    pagina = reverse("afspraken:afspraak", kwargs={"kader": afspraak7.kader.slug, "nummer": "7"})
    client.force_login(beheerder)
    html = client.get(pagina).content.decode()
    assert f'href="{url(afspraak7.kader)}">Afspraak bijstellen</a>' in html
    client.force_login(make_member(orgs["wsn"], Rol.BEHEERDER))
    assert "Afspraak bijstellen" not in client.get(pagina).content.decode()


# ---------------------------------------------------------------------------------------------
# Party links: through the model, with history; and their role


def test_adding_then_removing_a_party_leaves_two_history_rows_with_user_and_reason(
    afspraak7, beheerder, orgs
):
    from prestatiemonitor.afspraken.models import AfspraakPartij

    gemeente = orgs["gemeente-nijkerk"]
    oorspronkelijk = list(afspraak7.partij_links.values_list("organisatie_id", flat=True))
    bijstellen(afspraak7, beheerder, partijen=[*oorspronkelijk, gemeente.pk])
    bijstellen(afspraak7, beheerder, partijen=oorspronkelijk, reden="Gemeente toch niet betrokken.")
    historie = list(
        AfspraakPartij.history.filter(afspraak_id=afspraak7.pk, organisatie=gemeente).order_by(
            "history_id"
        )
    )
    assert [
        (h.history_type, h.history_user, h.history_change_reason, h.herkenning) for h in historie
    ] == [
        ("+", beheerder, REDEN, "handmatig"),
        ("-", beheerder, "Gemeente toch niet betrokken.", "handmatig"),
    ]


def test_the_beheerder_sets_the_role_of_a_party(afspraak7, beheerder, orgs):
    from prestatiemonitor.afspraken.models import AfspraakPartij

    alliantie = orgs["de-alliantie"]
    versie_voor = afspraak_versie(afspraak7)
    bijstelling = bijstellen(afspraak7, beheerder, rollen={alliantie.pk: "betrokken"})
    rollen = dict(afspraak7.partij_links.values_list("organisatie__korte_naam", "rol"))
    assert rollen == {"WSN": "uitvoerend", "de Alliantie": "betrokken"}
    assert rijen(bijstelling) == [
        (
            "afspraak",
            "7",
            "gewijzigd",
            "rollen",
            "WSN: uitvoerend, de Alliantie: uitvoerend",
            "WSN: uitvoerend, de Alliantie: betrokken",
            afspraak7.pk,
        )
    ]
    # the fingerprint includes the roles: a form opened before this change is refused
    assert afspraak_versie(afspraak7) != versie_voor
    with pytest.raises(ValidationError) as exc:
        bijstellen(afspraak7, beheerder, tekst=NIEUW, versie=versie_voor)
    assert exc.value.code == CONFLICT
    gewijzigd = AfspraakPartij.history.filter(organisatie=alliantie, history_type="~").get()
    assert (gewijzigd.rol, gewijzigd.history_user, gewijzigd.history_change_reason) == (
        "betrokken",
        beheerder,
        REDEN,
    )


def test_an_unknown_role_is_refused(afspraak7, beheerder, orgs):
    with pytest.raises(ValidationError) as exc:
        bijstellen(afspraak7, beheerder, rollen={orgs["wsn"].pk: "baas"})
    assert exc.value.message_dict["partijen"] == [
        "Kies per partij de rol ‘uitvoerend’ of ‘betrokken’."
    ]
    assert not Bijstelling.objects.exists()


def test_the_form_shows_each_party_with_its_role_and_saves_a_changed_role(
    client, afspraak7, beheerder, orgs
):
    client.force_login(beheerder)
    html = client.get(url(afspraak7.kader)).content.decode()
    alliantie = orgs["de-alliantie"]
    # one fieldset with a legend; per party a checkbox and a labelled role choice
    assert re.search(r'<legend[^>]*id="partijen-kop">Betrokken partijen</legend>', html)
    assert (
        f'<label class="utrecht-form-label" for="id_rol_{alliantie.pk}">Rol van de Alliantie</label>'
        in html
    )
    assert re.search(rf'<select name="rol_{alliantie.pk}"[^>]*id="id_rol_{alliantie.pk}"', html)
    assert re.search(r'<option value="uitvoerend" selected>uitvoerend</option>', html)
    data = formdata(afspraak7, **{f"rol_{alliantie.pk}": "betrokken"})
    response = client.post(url(afspraak7.kader), data)
    assert response.status_code == 302
    assert afspraak7.partij_links.get(organisatie=alliantie).rol == "betrokken"
    assert rijen(Bijstelling.objects.get())[0][3] == "rollen"
