"""The beschikbaarheidsmonitor page, its publication, and the verduurzaming page: who sees what
(parties everything, the public only published periods with small numbers suppressed)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from prestatiemonitor.afspraken.publicatie import kader_publish
from prestatiemonitor.organisaties.permissions import SYSTEEM
from prestatiemonitor.woonruimte.models import Publicatie


def _url(kader, jaar=None, **query):
    if jaar is None:
        return reverse("woonruimte:overzicht", args=[kader.slug])
    url = reverse("woonruimte:monitor", args=[kader.slug, jaar])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_overview_opens_the_latest_year(client, wereld, kader, data):
    client.force_login(wereld.leden["hon_lezer"])
    response = client.get(_url(kader))
    assert response.status_code == 302 and response.url == _url(kader, 2025)


def test_a_party_sees_every_figure_with_its_norm_and_drill_down(client, wereld, kader, data):
    client.force_login(wereld.leden["hon_lezer"])
    response = client.get(_url(kader, 2024))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Beschikbaarheidsmonitor 2024" in html
    # WSN: 4 of 10 to aandachtsgroepen, 40,0 %, mean 30,0 % over 2023 and 2024: warning.
    assert "40,0 %" in html and "30,0 %" in html
    assert "uitkomst-label--waarschuwing" in html
    assert "toewijzingen/?jaar=2024&amp;corporatie=WSN&amp;segment=sociale_huur" in html
    # Statushouders: WSN expects 6,7 persons, housed 7; spreiding: Hoevelaken index 5,00.
    assert "6,7" in html and "5,00" in html
    # Slaagkans jongeren 2024: 16 of 200.
    assert "8,0 %" in html
    # A tenants' organisation cannot publish.
    assert "Publiceren" not in html


def test_mid_year_state_counts_january_to_june(client, wereld, kader, data):
    client.force_login(wereld.leden["gemeente_lezer"])
    html = client.get(_url(kader, 2024, stand="halfjaar")).content.decode()
    assert "Halfjaarstand" in html
    assert "januari–juni" in html
    # January–June 2024: WSN let 9 social homes (one moved to September).
    assert ">9<" in html


def test_the_public_sees_nothing_before_publication(client, kader, data):
    kader_publish(kader=kader, acting_user=SYSTEEM)
    response = client.get(_url(kader))
    assert response.status_code == 200
    assert "nog geen beschikbaarheidsmonitor gepubliceerd" in response.content.decode()
    assert client.get(_url(kader, 2024)).status_code == 404


def test_publishing_and_what_the_public_then_sees(client, wereld, kader, data):
    kader_publish(kader=kader, acting_user=SYSTEEM)
    publiceren = reverse("woonruimte:publiceren", args=[kader.slug])
    post = {"jaar": 2024, "stand": "jaar", "bevestigen": "ja"}
    client.force_login(wereld.leden["wsn"])
    assert client.post(publiceren, post).status_code == 403
    client.force_login(wereld.leden["gemeente_redacteur"])
    response = client.post(publiceren, post)
    assert response.status_code == 302
    assert Publicatie.objects.filter(kader=kader, jaar=2024, stand="jaar").exists()
    client.logout()
    html = client.get(_url(kader, 2024)).content.decode()
    assert "&lt; 5" in html  # WSN's 4 and de Alliantie's 1
    assert "40,0 %" not in html  # the share of a suppressed count
    assert "toewijzingen/?" not in html  # no drill-down for the public
    assert client.get(_url(kader, 2023)).status_code == 404  # not published


def test_a_mid_year_publication_shows_only_the_mid_year_state(client, kader, data):
    kader_publish(kader=kader, acting_user=SYSTEEM)
    Publicatie.objects.create(kader=kader, jaar=2024, stand="halfjaar")
    response = client.get(_url(kader, 2024))
    assert response.status_code == 302 and response.url.endswith("?stand=halfjaar")


def test_publish_needs_confirmation_and_a_year_with_data(client, wereld, kader, data):
    client.force_login(wereld.leden["gemeente_redacteur"])
    publiceren = reverse("woonruimte:publiceren", args=[kader.slug])
    client.post(publiceren, {"jaar": 2024, "stand": "jaar"})
    assert not Publicatie.objects.exists()
    response = client.post(
        publiceren, {"jaar": 2021, "stand": "jaar", "bevestigen": "ja"}, follow=True
    )
    assert "Er zijn voor 2021 nog geen toewijzingen aangeleverd" in response.content.decode()
    assert not Publicatie.objects.exists()


def test_anonymous_cannot_publish(client, kader, data):
    kader_publish(kader=kader, acting_user=SYSTEEM)
    response = client.post(
        reverse("woonruimte:publiceren", args=[kader.slug]),
        {"jaar": 2024, "stand": "jaar", "bevestigen": "ja"},
    )
    assert response.status_code == 302 and "/account/login/" in response.url
    assert not Publicatie.objects.exists()


@pytest.fixture
def voorraad(kader):
    from prestatiemonitor.verduurzaming.tests.conftest import PEILDATUM, WSN_RIJEN, csv_bytes
    from prestatiemonitor.verduurzaming.uitwisseling import importeren

    importeren(
        kader=kader,
        data=csv_bytes(WSN_RIJEN),
        bestandsnaam="wsn.csv",
        acting_user=SYSTEEM,
        peildatum=PEILDATUM,
    )


def test_verduurzaming_page_links_only_the_own_dwellings(client, wereld, kader, data, voorraad):
    url = reverse("verduurzaming:overzicht", args=[kader.slug])
    client.force_login(wereld.leden["wsn_lezer"])
    html = client.get(url).content.decode()
    assert "woningen/?corporatie=WSN&amp;peildatum=2025-01-01&amp;label=efg" in html
    assert "40,0 %" in html  # 2 of 5 with E, F or G
    client.force_login(wereld.leden["alliantie"])
    html = client.get(url).content.decode()
    assert "40,0 %" in html
    assert "woningen/?" not in html  # another corporation's dwellings: counts only


def test_verduurzaming_page_public_suppression(client, kader, data, voorraad):
    kader_publish(kader=kader, acting_user=SYSTEEM)
    url = reverse("verduurzaming:overzicht", args=[kader.slug])
    assert "nog geen gepubliceerde gegevens" in client.get(url).content.decode()
    Publicatie.objects.create(kader=kader, jaar=2025, stand="halfjaar")
    html = client.get(url).content.decode()
    assert "&lt; 5" in html and "40,0 %" not in html


def test_tenants_react_on_the_monitor_and_only_parties_read_it(client, wereld, kader, data):
    from prestatiemonitor.woonruimte.models import MonitorReactie

    url = reverse("woonruimte:reageren", args=[kader.slug, 2024])
    client.force_login(wereld.leden["wsn"])
    assert client.post(url, {"tekst": "Mag dit?"}).status_code == 403
    client.force_login(wereld.leden["hon_redacteur"])
    response = client.post(url, {"tekst": "  "}, follow=True)
    assert "Schrijf uw reactie." in response.content.decode()
    response = client.post(url, {"tekst": "Waarom zoveel urgenten in Hoevelaken?"})
    assert response.status_code == 302 and response.url.endswith("/2024/#reacties-kop")
    reactie = MonitorReactie.objects.get()
    assert (reactie.jaar, reactie.organisatie.korte_naam) == (2024, "HON")
    client.force_login(wereld.leden["gemeente_lezer"])
    html = client.get(_url(kader, 2024)).content.decode()
    assert "Waarom zoveel urgenten in Hoevelaken?" in html
    assert "Reactie plaatsen" not in html  # the gemeente reads, does not react here
    # The public does not see the reactions, even of a published year.
    kader_publish(kader=kader, acting_user=SYSTEEM)
    Publicatie.objects.create(kader=kader, jaar=2024, stand="jaar")
    client.logout()
    html = client.get(_url(kader, 2024)).content.decode()
    assert "Waarom zoveel urgenten" not in html


def test_the_doelgroepen_are_defined_per_kader(client, wereld, kader, data):
    from prestatiemonitor.woonruimte.models import Doelgroepdefinitie

    client.force_login(wereld.leden["hon_lezer"])
    html = client.get(_url(kader, 2024)).content.decode()
    assert 'jongeren tot 23 jaar (18 t/m 22 jaar) <span class="bijschrift">(standaard)' in html
    Doelgroepdefinitie.objects.create(
        kader=kader, doelgroep="jongere", omschrijving="jongeren", leeftijd_van=18, leeftijd_tot=27
    )
    html = client.get(_url(kader, 2024)).content.decode()
    assert "<strong>jongere</strong>: jongeren (18 t/m 27 jaar)</li>" in html
