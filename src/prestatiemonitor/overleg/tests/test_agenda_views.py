"""The calendar subscription pages and the feed through the test client (views/agenda.py)."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import icalendar
from django.urls import reverse

from prestatiemonitor.organisaties.models import User
from prestatiemonitor.organisaties.permissions import SYSTEEM
from prestatiemonitor.overleg import services
from prestatiemonitor.overleg.models import AgendaFeed
from prestatiemonitor.overleg.structuur import AMBTELIJK_SMAL

from .conftest import eerste

BEHEER = reverse("agenda:beheer")
AANMAKEN = reverse("agenda:aanmaken")
ADRES = re.compile(r'id="agenda-adres" value="([^"]+)"')


def ingelogd(client, user):
    client.force_login(user)
    return client


def adres_maken(client, organisatie: str = "") -> str:
    """POST the form as the page does, follow to the page, return the path of the new address."""
    response = client.post(AANMAKEN, {"organisatie": organisatie})
    assert response.status_code == 302
    assert response["Location"] == BEHEER + "#nieuw-adres"
    pagina = client.get(BEHEER).content.decode()
    gevonden = ADRES.findall(pagina)
    assert len(gevonden) == 1
    return urlsplit(gevonden[0]).path


def uids(response) -> set[str]:
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(e["UID"]) for e in calendar.walk("VEVENT")}


def test_the_page_and_the_forms_need_a_login(client, wereld):
    assert client.get(BEHEER)["Location"].startswith(reverse("login"))
    assert client.post(AANMAKEN, {"organisatie": ""})["Location"].startswith(reverse("login"))
    intrekken = reverse("agenda:intrekken", args=[1])
    assert client.post(intrekken)["Location"].startswith(reverse("login"))
    assert AgendaFeed.objects.count() == 0


def test_the_page_offers_the_organisation_only_to_its_beheerder(client, wereld):
    pagina = ingelogd(client, wereld.leden["wsn_beheerder"]).get(BEHEER)
    assert pagina.status_code == 200
    tekst = pagina.content.decode()
    assert '<h1 class="utrecht-heading-1">Agenda-abonnementen</h1>' in tekst
    assert "Woningstichting Nijkerk" in tekst and 'value="wsn"' in tekst
    assert "Iedereen die het adres heeft, kan deze agenda lezen" in tekst

    tekst = ingelogd(client, wereld.leden["wsn"]).get(BEHEER).content.decode()
    assert 'value="wsn"' not in tekst
    assert "Uw eigen agenda" in tekst


def test_the_beheerder_shares_the_organisation_feed_and_sees_the_address_once(client, wereld):
    client = ingelogd(client, wereld.leden["wsn_beheerder"])
    response = client.post(AANMAKEN, {"organisatie": "wsn"})
    assert response.status_code == 302
    pagina = client.get(BEHEER).content.decode()
    [adres] = ADRES.findall(pagina)
    # The address as the user reaches the site (the test client's host).
    assert adres.startswith("http://testserver/agenda/")
    assert adres.endswith(".ics")
    assert "Abonneren vanaf het web" in pagina
    # Shown once: a reload of the page shows the state, not the address.
    pagina = client.get(BEHEER).content.decode()
    assert ADRES.findall(pagina) == []
    assert "Actief sinds" in pagina

    feed = AgendaFeed.objects.get(organisatie=wereld.orgs["wsn"], ingetrokken_op__isnull=True)
    token = urlsplit(adres).path.removeprefix("/agenda/").removesuffix(".ics")
    assert feed.sleutel_hash == services.feed_sleutel_hash(token)
    assert token not in feed.sleutel_hash
    assert feed.laatst_gelezen_op is None

    client.logout()
    response = client.get(urlsplit(adres).path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="prestatiemonitor.ics"'
    assert "no-store" in response["Cache-Control"]
    assert len(uids(response)) == 13
    feed.refresh_from_db()
    gelezen = feed.laatst_gelezen_op
    assert gelezen is not None
    # A second fetch within the minute does not write again.
    assert client.get(urlsplit(adres).path).status_code == 200
    feed.refresh_from_db()
    assert feed.laatst_gelezen_op == gelezen


def test_renewing_stops_the_old_address_and_revoking_the_new_one(client, wereld):
    client = ingelogd(client, wereld.leden["wsn_beheerder"])
    oud = adres_maken(client, "wsn")
    nieuw = adres_maken(client, "wsn")
    assert oud != nieuw
    assert client.get(oud).status_code == 404
    assert client.get(nieuw).status_code == 200

    feed = AgendaFeed.objects.get(organisatie=wereld.orgs["wsn"], ingetrokken_op__isnull=True)
    response = client.post(reverse("agenda:intrekken", args=[feed.pk]))
    assert response.status_code == 302
    assert client.get(nieuw).status_code == 404
    assert not AgendaFeed.objects.filter(ingetrokken_op__isnull=True).exists()


def test_a_redacteur_may_not_share_the_organisation_but_makes_a_personal_feed(client, wereld):
    client = ingelogd(client, wereld.leden["wsn"])
    assert client.post(AANMAKEN, {"organisatie": "wsn"}).status_code == 403
    assert not AgendaFeed.objects.filter(organisatie=wereld.orgs["wsn"]).exists()
    assert client.post(AANMAKEN, {"organisatie": "bestaat-niet"}).status_code == 404

    pad = adres_maken(client)
    feed = AgendaFeed.objects.get(ingetrokken_op__isnull=True)
    assert (feed.user, feed.organisatie) == (wereld.leden["wsn"], None)
    client.logout()
    assert len(uids(client.get(pad))) == 13


def test_another_organisations_beheerder_cannot_revoke_the_feed(client, wereld):
    adres = adres_maken(ingelogd(client, wereld.leden["wsn_beheerder"]), "wsn")
    feed = AgendaFeed.objects.get(organisatie=wereld.orgs["wsn"])

    client = ingelogd(client, wereld.leden["hon_beheerder"])
    assert client.post(reverse("agenda:intrekken", args=[feed.pk])).status_code == 404
    assert client.post(reverse("agenda:intrekken", args=[feed.pk + 1000])).status_code == 404
    # Nor someone's personal feed, even of the same organisation.
    ingelogd(client, wereld.leden["wsn_lezer"])
    assert client.post(reverse("agenda:intrekken", args=[feed.pk])).status_code == 404
    feed.refresh_from_db()
    assert feed.actief
    client.logout()
    assert client.get(adres).status_code == 200


def test_unknown_and_malformed_addresses_answer_404(client, wereld):
    assert client.get(reverse("agenda:feed", args=["onbekend"])).status_code == 404
    assert client.get(reverse("agenda:feed", args=["x" * 500])).status_code == 404
    assert client.post(reverse("agenda:feed", args=["onbekend"])).status_code == 405


def test_the_personal_feed_holds_the_open_action_items_of_the_users_organisation(
    client, wereld, overleggen
):
    overleg = eerste(overleggen, AMBTELIJK_SMAL)
    actie = services.actiepunt_toevoegen(
        overleg=overleg,
        omschrijving="Woningbouwprogrammering 2027 toelichten",
        eigenaar=wereld.orgs["wsn"],
        deadline=dt.date(2026, 3, 1),
        acting_user=SYSTEEM,
    )
    wsn_adres = adres_maken(ingelogd(client, wereld.leden["wsn_lezer"]))
    hon_adres = adres_maken(ingelogd(client, wereld.leden["hon_lezer"]))
    client.logout()

    wsn = uids(client.get(wsn_adres))
    assert f"{actie.uid}@prestatiemonitor" in wsn
    assert f"{overleg.uid}@prestatiemonitor" in wsn
    assert len(wsn) == 14
    hon = uids(client.get(hon_adres))
    assert f"{actie.uid}@prestatiemonitor" not in hon
    assert f"{overleg.uid}@prestatiemonitor" not in hon  # a smal meeting: no tenants
    assert len(hon) == 7


def test_the_personal_feed_of_a_deactivated_account_answers_404(client, wereld):
    user = wereld.leden["alliantie"]
    adres = adres_maken(ingelogd(client, user))
    client.logout()
    assert client.get(adres).status_code == 200
    User.objects.filter(pk=user.pk).update(is_active=False)  # as the site admin does
    assert client.get(adres).status_code == 404
