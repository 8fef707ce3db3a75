"""The overleg pages as a user meets them (Django test client), and the plan-jaar CLI."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from prestatiemonitor.overleg import selectors
from prestatiemonitor.overleg.models import Besluit, Jaarplanning, Overleg, Overlegdocument

from .conftest import eerste
from .factories import PDF, pdf

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


def test_the_gemeente_plans_and_publishes_a_year_from_the_page(client, wereld, kader):
    _login(client, wereld.leden["gemeente_redacteur"])
    url = reverse("overleg:jaar", args=[kader.slug, 2027])
    pagina = client.get(url).content.decode()
    assert "Voorstel voor 2027" in pagina and "Plan het jaar 2027" in pagina
    assert "Bod van de woningcorporaties als input voor de prestatieafspraken vanaf 2028" in pagina
    antwoord = client.post(reverse("overleg:plannen", args=[kader.slug, 2027]))
    assert antwoord.status_code == 302
    planning = Jaarplanning.objects.get(kader=kader, jaar=2027)
    assert (planning.status, planning.overleggen.count()) == ("concept", 13)
    pagina = client.get(url).content.decode()
    assert "alleen de gemeente ziet deze planning" in pagina
    client.post(reverse("overleg:publiceren", args=[kader.slug, 2027]), {"bevestigen": "ja"})
    planning.refresh_from_db()
    assert planning.gepubliceerd


def test_a_tenants_volunteer_sees_the_breed_meetings_only(client, wereld, kader):
    _login(client, wereld.leden["hon_lezer"])
    pagina = client.get(reverse("overleg:jaar", args=[kader.slug, 2026])).content.decode()
    assert "7 overleggen in 2026" in pagina
    assert "Bestuurlijk overleg breed 1/4" in pagina and "Informatieavond" in pagina
    assert "Ambtelijk overleg smal" not in pagina and "Bestuurlijk overleg smal" not in pagina
    assert "Plan het jaar" not in pagina


def test_a_reader_who_is_no_party_is_refused_and_pointed_to_the_public_decisions(
    client, kader, make_member
):
    from prestatiemonitor.organisaties.constants import Rol
    from prestatiemonitor.organisaties.tests.factories import OrganisatieFactory

    kader.gepubliceerd = True
    kader.save(update_fields=["gepubliceerd"])
    _login(client, make_member(OrganisatieFactory(), Rol.BEHEERDER))
    antwoord = client.get(reverse("overleg:jaar", args=[kader.slug, 2026]))
    assert antwoord.status_code == 403
    assert "Overleg → Besluiten" in antwoord.content.decode()
    assert client.get(reverse("overleg:overzicht", args=[kader.slug])).url == reverse(
        "overleg:besluiten", args=[kader.slug]
    )


def test_a_decision_recorded_on_a_meeting_shows_on_the_afspraak(client, wereld, kader, overleggen):
    breed = eerste(overleggen, "bestuurlijk overleg breed")
    afspraak = kader.afspraken.get(soort="strategisch", nummer="7")
    _login(client, wereld.leden["gemeente_redacteur"])
    leeg = client.post(reverse("overleg:besluit", args=[kader.slug, breed.pk]), {"tekst": ""})
    assert leeg.status_code == 200
    assert "Geef het besluit." in leeg.content.decode()
    assert "<title>Niets opgeslagen" in leeg.content.decode()
    client.post(
        reverse("overleg:besluit", args=[kader.slug, breed.pk]),
        {
            "tekst": "Afspraak 7 wordt halfjaarlijks gevolgd.",
            "afspraak": afspraak.pk,
            "openbaar": "on",
        },
    )
    besluit = Besluit.objects.get(overleg=breed)
    assert (besluit.afspraak_id, besluit.openbaar, besluit.nummer) == (afspraak.pk, True, 1)
    _login(client, wereld.leden["hon_lezer"])
    pagina = client.get(reverse("afspraken:afspraak", args=[kader.slug, "7"])).content.decode()
    assert "Uit het overleg" in pagina
    assert "Afspraak 7 wordt halfjaarlijks gevolgd." in pagina
    client.logout()
    kader.gepubliceerd = True
    kader.save(update_fields=["gepubliceerd"])
    openbaar = client.get(reverse("overleg:besluiten", args=[kader.slug])).content.decode()
    assert "Afspraak 7 wordt halfjaarlijks gevolgd." in openbaar


def test_an_action_item_is_recorded_and_updated_by_its_owner(client, wereld, kader, overleggen):
    breed = eerste(overleggen, "ambtelijk overleg breed")
    _login(client, wereld.leden["gemeente_redacteur"])
    client.post(
        reverse("overleg:actiepunt", args=[kader.slug, breed.pk]),
        {
            "omschrijving": "Slaagkansen aanleveren",
            "eigenaar": wereld.orgs["wsn"].pk,
            "deadline": "2026-07-01",
        },
    )
    actie = breed.actiepunten.get()
    assert (actie.eigenaar_id, str(actie.deadline)) == (wereld.orgs["wsn"].pk, "2026-07-01")
    _login(client, wereld.leden["hon_redacteur"])
    geweigerd = client.post(
        reverse("overleg:actiepunt_bijwerken", args=[kader.slug, actie.pk]),
        {"status": "afgerond", "versie": 1},
    )
    assert geweigerd.status_code == 403
    _login(client, wereld.leden["wsn"])
    client.post(
        reverse("overleg:actiepunt_bijwerken", args=[kader.slug, actie.pk]),
        {"status": "afgerond", "toelichting": "Aangeleverd", "versie": 1},
    )
    actie.refresh_from_db()
    assert (actie.status, actie.toelichting) == ("afgerond", "Aangeleverd")


def test_documents_go_to_the_participants_only(client, wereld, kader, overleggen):
    breed = eerste(overleggen, "ambtelijk overleg breed")
    smal = eerste(overleggen, "ambtelijk overleg smal")
    _login(client, wereld.leden["hon_redacteur"])
    fout = client.post(
        reverse("overleg:document", args=[kader.slug, breed.pk]),
        {"organisatie": wereld.orgs["hon"].pk, "bestand": io.BytesIO(b"")},
    )
    assert fout.status_code == 200
    client.post(
        reverse("overleg:document", args=[kader.slug, breed.pk]),
        {"organisatie": wereld.orgs["hon"].pk, "bestand": pdf("advies HON.pdf")},
    )
    doc = Overlegdocument.objects.get(overleg=breed)
    _login(client, wereld.leden["hon_lezer"])
    download = client.get(reverse("overleg:document_downloaden", args=[kader.slug, doc.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert 'filename="advies HON.pdf"' in download["Content-Disposition"]
    # A smal meeting does not exist for HON.
    assert client.get(reverse("overleg:overleg", args=[kader.slug, smal.pk])).status_code == 404


def test_moving_a_meeting_from_the_page_keeps_the_typed_input_on_an_error(
    client, wereld, kader, overleggen
):
    overleg = eerste(overleggen, "bestuurlijk overleg smal")
    _login(client, wereld.leden["gemeente_beheerder"])
    url = reverse("overleg:wijzigen", args=[kader.slug, overleg.pk])
    fout = client.post(
        url, {"datum": "2026-04-27", "aanvang": "16:00", "einde": "17:30", "reden": "uitgesteld"}
    )
    assert fout.status_code == 200
    assert "27-04-2026 is een feestdag (Koningsdag)." in fout.content.decode()
    assert 'value="uitgesteld"' in fout.content.decode()
    client.post(
        url, {"datum": "2026-04-28", "aanvang": "16:00", "einde": "17:30", "reden": "uitgesteld"}
    )
    overleg = Overleg.objects.get(pk=overleg.pk)
    assert (str(overleg.datum), overleg.sequence) == ("2026-04-28", 1)


def test_plan_jaar_prints_json_and_saves_only_when_confirmed(kader):
    uit = io.StringIO()
    call_command(
        "plan-jaar", kader=kader.slug, jaar=2027, formaat="json", stdout=uit, stderr=io.StringIO()
    )
    overleggen = json.loads(uit.getvalue())
    assert len(overleggen) == 13
    assert overleggen[0] == {
        "datum": "2027-02-02",
        "overlegvorm": "ambtelijk overleg smal",
        "voorzitter": "gemeente",
        "plaatsvervanger": "WSN",
    }
    assert overleggen[-1]["overlegvorm"] == "bestuurlijk overleg breed"
    assert overleggen[-1]["datum"].startswith("2027-12-")
    assert {o["overlegvorm"] for o in overleggen} >= {"informatieavond"}
    informatieavond = next(o for o in overleggen if o["overlegvorm"] == "informatieavond")
    assert informatieavond["plaatsvervanger"] is None
    assert not Jaarplanning.objects.filter(kader=kader, jaar=2027).exists()
    tekst = io.StringIO()
    call_command(
        "plan-jaar", kader=kader.slug, jaar=2027, bevestig=True, stdout=tekst, stderr=io.StringIO()
    )
    assert "Voorstel overleggen 2027" in tekst.getvalue()
    assert Jaarplanning.objects.get(kader=kader, jaar=2027).overleggen.count() == 13
    with pytest.raises(CommandError, match="Onbekend afsprakenkader 'bestaat-niet'"):
        call_command("plan-jaar", kader="bestaat-niet", jaar=2027)


def test_another_gemeente_edits_the_structure_to_its_own(client, wereld, kader):
    from prestatiemonitor.overleg.models import Mijlpaal, Overlegvorm

    _login(client, wereld.leden["gemeente_beheerder"])
    gemeente, wsn = wereld.orgs["gemeente-nijkerk"], wereld.orgs["wsn"]
    velden = {
        "naam": "werkgroep planmonitor",
        "soort": "anders",
        "met_corporaties": "on",
        "per_jaar": "2",
        "maanden": "mei, nov",
        "weekdag": "2",
        "week": "2",
        "aanvang": "13:00",
        "duur_minuten": "90",
        "voorzitter_regel": "vast",
        "voorzitter": gemeente.pk,
        "plaatsvervanger": wsn.pk,
        "volgorde": "60",
    }
    fout = client.post(
        reverse("overleg:vorm_nieuw", args=[kader.slug]), {**velden, "maanden": "mei, juli, nov"}
    )
    assert fout.status_code == 200
    assert "3 maanden opgegeven voor 2 overleggen" in fout.content.decode()
    assert 'value="werkgroep planmonitor"' in fout.content.decode()
    client.post(reverse("overleg:vorm_nieuw", args=[kader.slug]), velden)
    vorm = Overlegvorm.objects.get(kader=kader, naam="werkgroep planmonitor")
    assert (vorm.maanden, vorm.met_huurders, vorm.voorzitter_id) == ([5, 11], False, gemeente.pk)
    client.post(
        reverse("overleg:mijlpaal_nieuw", args=[kader.slug]),
        {
            "soort": "planmonitor",
            "naam": "Planmonitor: peiling {jaar}",
            "overlegvorm": vorm.pk,
            "maand": "11",
        },
    )
    assert Mijlpaal.objects.filter(kader=kader, overlegvorm=vorm, maand=11).exists()
    plan = selectors.jaarvoorstel(kader=kader, jaar=2027)
    titels = [
        (v.vorm.naam, p.titel)
        for v in plan.voorstellen
        for p in v.punten
        if v.vorm.naam == "werkgroep planmonitor"
    ]
    assert titels == [("werkgroep planmonitor", "Planmonitor: peiling 2027")]
