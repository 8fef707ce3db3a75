"""The jaarschijf pages end to end through the test client: what they show, what they refuse,
concurrent edits, the activity's history, and query counts that do not grow with the data.

Who may do what is covered for every role in afspraken/tests/test_permission_matrix.py; these
tests check concrete values and the paths between pages.
"""

import re
from datetime import date, timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from prestatiemonitor.afspraken.models import Afspraak
from prestatiemonitor.afspraken.tests.factories import maak_kader
from prestatiemonitor.organisaties.constants import Rol
from prestatiemonitor.organisaties.permissions import SYSTEEM

from .. import services
from ..constants import JaarschijfStatus
from ..models import Activiteit, DekkingsAcceptatie, Jaarschijf, JaarschijfWijziging
from .factories import activiteit as maak_activiteit
from .factories import maak_jaarschijf_wereld

pytestmark = pytest.mark.django_db


@pytest.fixture
def wereld(ks):
    return maak_jaarschijf_wereld(ks)


@pytest.fixture
def gebruikers(ks, make_member):
    return {
        "gemeente_beheerder": make_member(ks.gemeente, Rol.BEHEERDER),
        "gemeente_redacteur": make_member(ks.gemeente, Rol.REDACTEUR),
        "wsn": make_member(ks.wsn, Rol.REDACTEUR),
        "wsn_collega": make_member(ks.wsn, Rol.BEHEERDER),
        "hon_redacteur": make_member(ks.hon, Rol.REDACTEUR),
    }


def u(naam, ks, **kwargs):
    return reverse(f"jaarschijven:{naam}", kwargs={"kader": ks.kader.slug, **kwargs})


def tekst(response) -> str:
    """The page's visible text, whitespace collapsed (for assertions on sentences)."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    platte = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()
    return re.sub(r" ([,.:;)])", r"\1", platte)


def formulier(ks, afspraken=("1",), trekker=None, **extra):
    data = {
        "titel": "Huurders informeren over woningruil",
        "omschrijving": "",
        "afspraken": [str(ks.afspraken[n].pk) for n in afspraken],
        "trekker": str((trekker or ks.wsn).pk),
        "beoogd_resultaat": "",
        "planning_soort": "kwartaal",
        "planning_kwartaal": "3",
        "planning_maand": "",
        "planning_datum": "",
        "doel_aantal": "",
        "eenheid": "",
    }
    data.update(extra)
    return data


# --------------------------------------------------------------------------------------------
# Overview and creating a jaarschijf


def test_overzicht_lists_the_visible_jaarschijven_with_counts(client, ks, wereld, gebruikers):
    # The public sees only the vastgestelde 2025.
    publiek = tekst(client.get(u("overzicht", ks)))
    assert "Jaarschijf 2025" in publiek
    assert "Jaarschijf 2026" not in publiek
    assert "Nieuwe jaarschijf" not in publiek
    client.force_login(gebruikers["wsn"])
    pagina = tekst(client.get(u("overzicht", ks)))
    assert "Jaarschijf 2025 vastgesteld in bestuurlijk overleg breed 2 geen open" in pagina
    # 2026 has A1 (afspraak 1) only: the other strategic afspraken are open gaps.
    open_2026 = ks.kader.afspraken.filter(soort="strategisch").count() - 1
    assert f"Jaarschijf 2026 concept 1 {open_2026} open" in pagina
    assert "Nieuwe jaarschijf" in pagina


def test_creating_a_jaarschijf_for_a_year_of_the_period(client, ks, gebruikers):
    client.force_login(gebruikers["wsn"])
    response = client.post(u("overzicht", ks), {"jaar": "2027", "toelichting": "Voorbeeld"})
    assert response.status_code == 302
    assert response["Location"] == u("jaarschijf", ks, jaar=2027)
    assert Jaarschijf.objects.get(kader=ks.kader, jaar=2027).status == JaarschijfStatus.CONCEPT
    # A year outside the period is not offered and refused.
    response = client.post(u("overzicht", ks), {"jaar": "2031"})
    assert response.status_code == 200
    assert "Kies een jaar uit de looptijd van het kader." in tekst(response)


def test_hon_may_read_but_not_create_or_edit(client, ks, wereld, gebruikers):
    client.force_login(gebruikers["hon_redacteur"])
    assert client.get(u("jaarschijf", ks, jaar=2026)).status_code == 200
    assert client.post(u("overzicht", ks), {"jaar": "2027"}).status_code == 403
    assert client.get(u("activiteit-nieuw", ks, jaar=2026)).status_code == 403
    assert client.get(u("activiteit-bewerken", ks, jaar=2026, nummer=1)).status_code == 403
    assert client.post(u("activiteit-bewerken", ks, jaar=2026, nummer=1), {}).status_code == 403
    assert not Jaarschijf.objects.filter(jaar=2027).exists()


def test_concept_is_404_for_anonymous_and_outsiders(client, ks, wereld, make_member):
    assert client.get(u("jaarschijf", ks, jaar=2026)).status_code == 404
    assert client.get(u("activiteit", ks, jaar=2026, nummer=1)).status_code == 404
    assert client.get(u("jaarschijf", ks, jaar=2025)).status_code == 200
    # A form needs login first, whatever the jaarschijf.
    response = client.get(u("activiteit-nieuw", ks, jaar=2026))
    assert response.status_code == 302 and "/login/" in response["Location"]


# --------------------------------------------------------------------------------------------
# The jaarschijf page


def test_jaarschijf_page_shows_activities_per_theme_coverage_and_workflow(
    client, ks, wereld, gebruikers
):
    client.force_login(gebruikers["gemeente_beheerder"])
    response = client.get(u("jaarschijf", ks, jaar=2025))
    pagina = tekst(response)
    html = response.content.decode()
    # Workflow history with the meeting.
    assert "Besproken in ambtelijk overleg op 10 december 2024 in Ambtelijk overleg breed" in pagina
    assert "Vastgesteld in bestuurlijk overleg breed op 10 december 2024" in pagina
    # Activities grouped per theme, with their afspraken linking to the register.
    assert f"Thema 1. {ks.themas[0].titel}" in pagina
    assert "A1 Nieuwbouw sociale huur" in pagina
    assert "A2 Woonvisie actualiseren" in pagina
    assert f'href="{reverse("afspraken:afspraak", args=[ks.kader.slug, "2"])}"' in html
    assert "40 woningen" in pagina
    # The latest visible status: A1 reported aandacht nodig in June.
    assert "aandacht nodig (juni 2025)" in pagina
    # Coverage: the other afspraken were accepted with their reason.
    assert "Afspraken zonder activiteit (DOEL zonder DOEN)" in pagina
    assert "geaccepteerd – Komt in 2026" in pagina
    # Peilmomenten of the year, linked by code.
    assert f'href="/afspraken/{ks.kader.slug}/peilmoment/2025-06/"' in html
    assert f'href="/afspraken/{ks.kader.slug}/peilmoment/2025-12/"' in html


def test_public_sees_only_closed_reports_as_latest_status(client, ks, wereld):
    services.voortgang_melden(
        peilmoment=wereld.december,
        activiteit=wereld.wsn_activiteit,
        status="vertraagd",
        toelichting="Bezwaar tegen de vergunning",
        acting_user=SYSTEEM,
    )
    pagina = tekst(client.get(u("jaarschijf", ks, jaar=2025)))
    assert "aandacht nodig (juni 2025)" in pagina
    assert "vertraagd" not in pagina
    assert "/peilmoment/2025-12/" not in client.get(u("jaarschijf", ks, jaar=2025)).content.decode()


def test_jaarschijf_page_queries_do_not_grow_with_activities(
    client, ks, wereld, gebruikers, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(gebruikers["wsn"])
    url = u("jaarschijf", ks, jaar=2026)
    with CaptureQueriesContext(connection) as weinig:
        assert client.get(url).status_code == 200
    for i in range(12):
        maak_activiteit(
            wereld.concept,
            ks,
            f"Extra {i}",
            ks.alliantie if i % 2 else ks.gemeente,
            afspraken=("1", "2", "3"),
            betrokken=[ks.hon],
        )
    with CaptureQueriesContext(connection) as veel:
        assert client.get(url).status_code == 200
    assert len(veel.captured_queries) == len(weinig.captured_queries)
    with django_assert_max_num_queries(25):
        client.get(url)


# --------------------------------------------------------------------------------------------
# Activities


def test_adding_an_activity_lists_it_with_its_afspraken(client, ks, wereld, gebruikers):
    client.force_login(gebruikers["wsn"])
    response = client.get(u("activiteit-nieuw", ks, jaar=2026))
    assert response.status_code == 200
    pagina = tekst(response)
    assert f"Thema 1. {ks.themas[0].titel}" in pagina  # afspraken grouped per theme
    response = client.post(
        u("activiteit-nieuw", ks, jaar=2026),
        formulier(
            ks,
            afspraken=("1", "2"),
            betrokken=[str(ks.hon.pk)],
            doel_aantal="12,5",
            eenheid="gesprekken",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == u("activiteit", ks, jaar=2026, nummer=2)
    pagina = tekst(client.get(u("jaarschijf", ks, jaar=2026)))
    assert "A2 Huurders informeren over woningruil 1, 2 WSN HON Q3 12,5 gesprekken" in pagina
    activiteit = Activiteit.objects.get(jaarschijf=wereld.concept, nummer=2)
    assert sorted(a.nummer for a in activiteit.afspraken.all()) == ["1", "2"]


def test_an_activity_without_afspraak_is_refused_and_the_input_kept(client, ks, wereld, gebruikers):
    client.force_login(gebruikers["wsn"])
    response = client.post(
        u("activiteit-nieuw", ks, jaar=2026), formulier(ks, afspraken=(), titel="Mijn titel")
    )
    assert response.status_code == 200
    pagina = tekst(response)
    assert "De activiteit is niet opgeslagen." in pagina
    assert "Een activiteit dient ten minste één afspraak" in pagina
    assert 'value="Mijn titel"' in response.content.decode()
    assert wereld.concept.activiteiten.count() == 1


def test_a_date_outside_the_year_is_refused_by_the_service(client, ks, wereld, gebruikers):
    client.force_login(gebruikers["wsn"])
    response = client.post(
        u("activiteit-nieuw", ks, jaar=2026),
        formulier(ks, planning_soort="datum", planning_datum="2027-03-01"),
    )
    assert response.status_code == 200
    assert "De geplande datum valt niet in 2026" in tekst(response)


def test_two_saves_from_the_same_versie_second_is_refused_and_input_kept(
    client, ks, wereld, gebruikers
):
    url = u("activiteit-bewerken", ks, jaar=2026, nummer=1)
    client.force_login(gebruikers["wsn"])
    versie = wereld.concept_activiteit.versie
    eerste = client.post(url, formulier(ks, titel="Eerste versie", versie=str(versie)))
    assert eerste.status_code == 302
    client.force_login(gebruikers["gemeente_redacteur"])
    tweede = client.post(url, formulier(ks, titel="Mijn getypte titel", versie=str(versie)))
    assert tweede.status_code == 200
    pagina = tekst(tweede)
    html = tweede.content.decode()
    assert "intussen door iemand anders gewijzigd" in pagina
    assert "Opgeslagen versie van A1" in pagina
    assert "Eerste versie" in pagina  # the stored version
    assert 'value="Mijn getypte titel"' in html  # what was typed
    assert f'name="versie" value="{versie + 1}"' in html  # next save is a decision
    wereld.concept_activiteit.refresh_from_db()
    assert wereld.concept_activiteit.titel == "Eerste versie"
    # Saving again with the versie shown now goes through.
    derde = client.post(url, formulier(ks, titel="Mijn getypte titel", versie=str(versie + 1)))
    assert derde.status_code == 302


def test_activity_history_shows_who_changed_what(client, ks, wereld, gebruikers):
    client.force_login(gebruikers["wsn"])
    activiteit = wereld.concept_activiteit
    response = client.post(
        u("activiteit-bewerken", ks, jaar=2026, nummer=1),
        formulier(
            ks,
            afspraken=("1", "3"),
            titel="Nieuwbouw sociale huur, tweede fase",
            betrokken=[str(ks.gemeente.pk)],
            doel_aantal="40",
            eenheid="woningen",
            versie=str(activiteit.versie),
        ),
    )
    assert response.status_code == 302
    pagina = tekst(client.get(u("activiteit", ks, jaar=2026, nummer=1)))
    assert "Geschiedenis" in pagina
    wie = gebruikers["wsn"].username
    assert f"door {wie} – gewijzigd" in pagina or f"door {wie}" in pagina
    assert "Titel: Nieuwbouw sociale huur → werd Nieuwbouw sociale huur, tweede fase" in pagina
    assert "Afspraken: 1 → werd 1, 3" in pagina
    assert f"Ook betrokken: — → werd {ks.gemeente.korte_naam}" in pagina
    assert "Planning: heel het jaar → werd Q3" in pagina
    assert "Toegevoegd op" in pagina


def test_activity_page_shows_reports_bijlagen_and_afspraken(client, ks, wereld, gebruikers):
    # Evidence is for the parties' members only (the public gets no link: review).
    client.force_login(gebruikers["hon_redacteur"])
    response = client.get(u("activiteit", ks, jaar=2025, nummer=1))
    pagina = tekst(response)
    html = response.content.decode()
    assert "Dient de afspraken (1)" in pagina
    assert "Juni 2025" in pagina and "aandacht nodig" in pagina
    assert "gerealiseerd 12 van 40 woningen" in pagina
    assert "Vergunning duurt langer" in pagina
    assert f'href="/afspraken/{ks.kader.slug}/bijlage/{wereld.bijlage.pk}/"' in html
    assert "bouwplanning.pdf" in pagina
    assert "Reacties van huurders (0)" in pagina


def test_changing_a_vastgestelde_jaarschijf_asks_the_decision_and_records_it(
    client, ks, wereld, gebruikers
):
    url = u("activiteit-bewerken", ks, jaar=2025, nummer=2)
    # A corporation's redacteur edits concepts, not a vastgestelde jaarschijf.
    client.force_login(gebruikers["wsn"])
    assert client.get(url).status_code == 403
    client.force_login(gebruikers["gemeente_beheerder"])
    pagina = tekst(client.get(url))
    assert "Het besluit" in pagina and "Besloten in" in pagina
    versie = str(wereld.gemeente_activiteit.versie)
    data = formulier(
        ks, afspraken=("1", "2"), trekker=ks.gemeente, titel="Woonvisie 2026", versie=versie
    )
    zonder = client.post(url, data)
    assert zonder.status_code == 200
    assert "Vul de reden van de wijziging in." in tekst(zonder)
    gisteren = timezone.localdate() - timedelta(days=1)
    met = client.post(
        url,
        {
            **data,
            "reden": "Woonvisie schuift een jaar",
            "besluit_datum": gisteren.isoformat(),
            "besloten_in": "Bestuurlijk overleg breed",
        },
    )
    assert met.status_code == 302
    wijziging = JaarschijfWijziging.objects.get()
    assert wijziging.reden == "Woonvisie schuift een jaar"
    pagina = tekst(client.get(u("jaarschijf", ks, jaar=2025)))
    assert "Wijzigingen na vaststelling (1)" in pagina
    assert f"Wijziging van {gisteren.day}" in pagina
    assert "besloten in Bestuurlijk overleg breed" in pagina
    assert "Reden: Woonvisie schuift een jaar" in pagina
    assert "titel: 'Woonvisie actualiseren' → 'Woonvisie 2026'" in pagina


def test_removing_an_activity_asks_confirmation(client, ks, wereld, gebruikers):
    nieuw = maak_activiteit(wereld.concept, ks, "Tijdelijk", ks.wsn, afspraken=("2",))
    url = u("activiteit-verwijderen", ks, jaar=2026, nummer=nieuw.nummer)
    client.force_login(gebruikers["wsn"])
    assert "A2 Tijdelijk verwijderen" in tekst(client.get(url))
    assert client.post(url, {}).status_code == 200  # without versie: nothing happens
    assert Activiteit.objects.filter(pk=nieuw.pk).exists()
    response = client.post(url, {"versie": str(nieuw.versie)})
    assert response.status_code == 302
    assert not Activiteit.objects.filter(pk=nieuw.pk).exists()


def test_an_activity_with_reports_cannot_be_removed(client, ks, wereld, gebruikers):
    client.force_login(gebruikers["gemeente_beheerder"])
    url = u("activiteit-verwijderen", ks, jaar=2025, nummer=1)
    assert "al voortgang gemeld" in tekst(client.get(url))


# --------------------------------------------------------------------------------------------
# Workflow and coverage


def test_vaststellen_is_refused_while_a_gap_is_open_then_accepted(client, ks, gebruikers):
    jaarschijf = services.jaarschijf_aanmaken(kader=ks.kader, jaar=2026, acting_user=SYSTEEM)
    maak_activiteit(jaarschijf, ks, "Bouwen", ks.wsn, afspraken=("1", "2", "3", "4"))
    client.force_login(gebruikers["gemeente_beheerder"])
    status_url = u("status", ks, jaar=2026)
    gisteren = (timezone.localdate() - timedelta(days=1)).isoformat()
    # A wsn redacteur may not record the workflow.
    client.force_login(gebruikers["wsn"])
    assert client.get(status_url).status_code == 403
    client.force_login(gebruikers["gemeente_beheerder"])
    response = client.post(
        status_url,
        {"datum": gisteren, "overleg": "Ambtelijk overleg", "versie": str(jaarschijf.versie)},
    )
    assert response.status_code == 302
    jaarschijf.refresh_from_db()
    assert jaarschijf.status == JaarschijfStatus.BESPROKEN
    # Vaststellen: afspraak 5 has no activity and no accepted reason.
    pagina = tekst(client.get(status_url))
    assert "Vastleggen: vastgesteld in bestuurlijk overleg breed" in pagina
    assert "Afspraak 5" in pagina
    response = client.post(
        status_url,
        {
            "datum": gisteren,
            "overleg": "Bestuurlijk overleg breed",
            "versie": str(jaarschijf.versie),
        },
    )
    assert response.status_code == 200
    assert "Deze afspraken hebben nog geen activiteit en geen geaccepteerde reden: 5." in tekst(
        response
    )
    # Accept the gap with a reason on the jaarschijf page's form.
    dekking_url = u("dekking", ks, jaar=2026, afspraak="5")
    leeg = client.post(dekking_url, {"actie": "accepteren", "reden": ""})
    assert leeg.status_code == 200
    assert "Vul de reden in" in tekst(leeg)
    response = client.post(dekking_url, {"actie": "accepteren", "reden": "Pas in 2027"})
    assert response.status_code == 302
    assert "geaccepteerd – Pas in 2027" in tekst(client.get(u("jaarschijf", ks, jaar=2026)))
    # Withdraw and accept again.
    assert client.post(dekking_url, {"actie": "intrekken"}).status_code == 302
    assert not DekkingsAcceptatie.objects.exists()
    client.post(dekking_url, {"actie": "accepteren", "reden": "Pas in 2027"})
    response = client.post(
        status_url,
        {
            "datum": gisteren,
            "overleg": "Bestuurlijk overleg breed",
            "versie": str(jaarschijf.versie),
        },
    )
    assert response.status_code == 302
    jaarschijf.refresh_from_db()
    assert jaarschijf.is_vastgesteld
    pagina = tekst(client.get(u("jaarschijf", ks, jaar=2026)))
    assert "Vastgesteld in bestuurlijk overleg breed op" in pagina
    assert f"Vastgelegd door {gebruikers['gemeente_beheerder'].username}" in pagina


def test_status_from_a_stale_page_is_refused(client, ks, gebruikers):
    jaarschijf = services.jaarschijf_aanmaken(kader=ks.kader, jaar=2027, acting_user=SYSTEEM)
    client.force_login(gebruikers["gemeente_beheerder"])
    response = client.post(
        u("status", ks, jaar=2027),
        {
            "datum": date(2024, 1, 1).isoformat(),
            "overleg": "Ambtelijk overleg",
            "versie": str(jaarschijf.versie - 1),
        },
    )
    assert response.status_code == 200
    assert "intussen door iemand anders gewijzigd" in tekst(response)
    jaarschijf.refresh_from_db()
    assert jaarschijf.status == JaarschijfStatus.CONCEPT


def test_volgend_jaar_carries_over_the_chosen_unfinished_activities(client, ks, gebruikers):
    j2025 = services.jaarschijf_aanmaken(kader=ks.kader, jaar=2025, acting_user=SYSTEEM)
    a1 = maak_activiteit(
        j2025, ks, "Doorlopend", ks.wsn, planning_soort="kwartaal", planning_kwartaal=2
    )
    a2 = maak_activiteit(j2025, ks, "Niet meer nodig", ks.gemeente)
    client.force_login(gebruikers["wsn"])
    url = u("volgend-jaar", ks, jaar=2025)
    pagina = tekst(client.get(url))
    assert "A1 Doorlopend" in pagina and "A2 Niet meer nodig" in pagina
    response = client.post(url, {"activiteiten": [str(a1.pk)], "versie": str(j2025.versie)})
    assert response.status_code == 302
    j2026 = Jaarschijf.objects.get(kader=ks.kader, jaar=2026)
    overgenomen = j2026.activiteiten.get()
    assert (overgenomen.titel, overgenomen.overgenomen_van_id) == ("Doorlopend", a1.pk)
    assert overgenomen.planning_tekst == "Q2"
    assert not j2026.activiteiten.filter(titel=a2.titel).exists()
    pagina = tekst(client.get(u("jaarschijf", ks, jaar=2026)))
    assert "A1 Doorlopend (overgenomen uit 2025)" in pagina


# --------------------------------------------------------------------------------------------
# The register


def test_afspraak_page_shows_its_activities_and_latest_status(client, ks, wereld, gebruikers):
    url = reverse("afspraken:afspraak", args=[ks.kader.slug, "1"])
    publiek = tekst(client.get(url))
    assert "Activiteiten" in publiek
    assert "A1 Nieuwbouw sociale huur – trekker WSN, heel het jaar: aandacht nodig (juni 2025)" in (
        publiek
    )
    assert "A2 Woonvisie actualiseren" in publiek
    assert "Jaarschijf 2026" not in publiek  # the concept is for the parties
    client.force_login(gebruikers["hon_redacteur"])
    assert "Jaarschijf 2026 (concept)" in tekst(client.get(url))


def test_overdue_afspraak_is_marked_in_the_register(client, ks, wereld):
    # Afspraak 2 was due "in 2025" and has no finished activity.
    Afspraak.objects.filter(pk=ks.afspraken["2"].pk).update(jaar=timezone.localdate().year - 1)
    Afspraak.objects.filter(pk=ks.afspraken["3"].pk).update(jaar=timezone.localdate().year + 1)
    pagina = tekst(client.get(reverse("afspraken:afspraak", args=[ks.kader.slug, "2"])))
    assert "Termijn verstreken" in pagina
    assert "Termijn verstreken" not in tekst(
        client.get(reverse("afspraken:afspraak", args=[ks.kader.slug, "3"]))
    )
    lijst = client.get(reverse("afspraken:afspraken", args=[ks.kader.slug])).content.decode()
    assert lijst.count("Termijn verstreken") == 1
    kop = re.search(r"<h3[^>]*>.*?Afspraak 2</a>.*?</h3>", lijst, flags=re.S).group(0)
    assert "Termijn verstreken" in kop


def test_overdue_marks_cost_a_fixed_number_of_queries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def aantal(kaderset) -> int:
        Afspraak.objects.filter(kader=kaderset.kader, soort="strategisch").update(
            jaar=timezone.localdate().year - 1
        )
        url = reverse("afspraken:afspraken", args=[kaderset.kader.slug])
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.content.decode().count("Termijn verstreken") == (
            kaderset.kader.afspraken.filter(soort="strategisch").count()
        )
        return len(ctx.captured_queries)

    klein = maak_kader()
    groot = maak_kader(extra_themas=2, extra_afspraken_per_thema=8)
    maak_jaarschijf_wereld(groot)
    assert aantal(groot) == aantal(klein)
