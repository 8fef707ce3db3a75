"""The peilmoment pages end to end: opening, reporting (with evidence), downloading, completeness,
reminders, closing, comparing, reacties and advies, and two reports from the same versie.

The world (tests/factories.py): jaarschijf 2025 vastgesteld with A1 'Nieuwbouw sociale huur'
(trekker WSN, doel 40 woningen, June: aandacht nodig with a PDF) and A2 'Woonvisie
actualiseren' (trekker gemeente); June 2025 closed, December 2025 open; 2026 a concept.
"""

from datetime import date

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from prestatiemonitor.jaarschijven import services
from prestatiemonitor.jaarschijven.constants import PeilmomentStatus, VoortgangStatus
from prestatiemonitor.jaarschijven.models import Advies, Bijlage, Peilmoment, Reactie, Voortgang
from prestatiemonitor.jaarschijven.tests.factories import PDF
from prestatiemonitor.organisaties.constants import Rol
from prestatiemonitor.organisaties.permissions import SYSTEEM
from prestatiemonitor.organisaties.tests.factories import LidmaatschapFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def leden(ks):
    def lid(org, rol):
        return LidmaatschapFactory(organisatie=org, rol=rol).user

    return {
        "gemeente": lid(ks.gemeente, Rol.BEHEERDER),
        "gemeente_lezer": lid(ks.gemeente, Rol.LEZER),
        "wsn": lid(ks.wsn, Rol.REDACTEUR),
        "wsn_tweede": lid(ks.wsn, Rol.BEHEERDER),
        "alliantie": lid(ks.alliantie, Rol.REDACTEUR),
        "hon_redacteur": lid(ks.hon, Rol.REDACTEUR),
        "hon_beheerder": lid(ks.hon, Rol.BEHEERDER),
        "buiten": UserFactory(),
    }


def _url(naam, ks, **kwargs):
    return reverse(f"jaarschijven:{naam}", kwargs={"kader": ks.kader.slug, **kwargs})


def _melden_url(ks, code="2025-12", nummer=1):
    return _url("melden", ks, code=code, nummer=nummer)


def _extra_wsn_activiteit(ks, w):
    """A3 for WSN, added to the vastgestelde 2025 by a recorded decision."""
    return services.activiteit_opslaan(
        jaarschijf=w.vastgesteld,
        gegevens=services.ActiviteitGegevens(
            titel="Huurdersavonden", afspraken=[ks.afspraken["1"]], trekker=ks.wsn
        ),
        besluit=services.WijzigingBesluit(
            reden="Toegevoegd", datum=date(2025, 3, 1), besloten_in="Bestuurlijk overleg breed"
        ),
        acting_user=SYSTEEM,
    )


# ---------------------------------------------------------------------------------------------
# Peilmomenten list and opening


def test_the_list_shows_name_status_and_completeness(client, ks, w, leden):
    client.force_login(leden["gemeente_lezer"])
    html = client.get(_url("peilmomenten", ks)).content.decode()
    assert "Juni 2025" in html and "December 2025" in html
    assert "1 van 2 gemeld" in html  # June: A1 reported, A2 not (niet gemeld)
    assert "0 van 2 gemeld" in html  # December
    assert "Een peilmoment openen" not in html  # a lezer does not manage


def test_the_public_sees_only_closed_peilmomenten(client, ks, w):
    html = client.get(_url("peilmomenten", ks)).content.decode()
    assert "Juni 2025" in html
    assert "December 2025" not in html


def test_the_gemeente_opens_a_peilmoment_through_the_form(client, ks, w, leden):
    services.peilmoment_sluiten(peilmoment=w.december, acting_user=SYSTEEM)
    client.force_login(leden["gemeente"])
    response = client.post(
        _url("peilmomenten", ks), {"jaar": "2026", "soort": "juni", "deadline": "2026-06-30"}
    )
    assert response.status_code == 302
    assert response["Location"] == _url("peilmoment", ks, code="2026-06")
    geopend = Peilmoment.objects.get(jaarschijf=w.concept, soort="juni")
    assert geopend.deadline == date(2026, 6, 30)
    assert geopend.status == PeilmomentStatus.OPEN
    # Twice: the service's refusal comes back at the field.
    response = client.post(
        _url("peilmomenten", ks), {"jaar": "2026", "soort": "juni", "deadline": "2026-06-30"}
    )
    assert response.status_code == 200
    assert "Het peilmoment juni 2026 bestaat al." in response.content.decode()


# ---------------------------------------------------------------------------------------------
# Reporting


def test_vertraagd_without_toelichting_is_refused_and_nothing_saved(client, ks, w, leden):
    client.force_login(leden["wsn"])
    response = client.post(
        _melden_url(ks), {"status": "vertraagd", "toelichting": " ", "versie": "0"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bij de status &#x27;vertraagd&#x27; is een toelichting verplicht." in html
    assert "De melding is niet opgeslagen." in html
    assert not Voortgang.objects.filter(peilmoment=w.december).exists()


def test_a_report_with_a_pdf_is_saved_and_shown(client, ks, w, leden):
    client.force_login(leden["wsn"])
    response = client.post(
        _melden_url(ks),
        {
            "status": "op_schema",
            "toelichting": "Bouw gestart",
            "gerealiseerd_aantal": "25",
            "versie": "0",
            "bestand": SimpleUploadedFile("oplevering.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    melding = Voortgang.objects.get(peilmoment=w.december, activiteit=w.wsn_activiteit)
    assert (melding.status, melding.gerealiseerd_aantal) == (VoortgangStatus.OP_SCHEMA, 25)
    bijlage = melding.bijlagen.get()
    assert (bijlage.bestandsnaam, bijlage.mediatype) == ("oplevering.pdf", "application/pdf")
    html = client.get(_url("peilmoment", ks, code="2025-12")).content.decode()
    assert "oplevering.pdf" in html
    assert "25 / 40 woningen" in html


def test_the_form_shows_the_target_and_is_multipart(client, ks, w, leden):
    client.force_login(leden["wsn"])
    html = client.get(_melden_url(ks)).content.decode()
    assert "Doel: 40 woningen." in html
    assert 'enctype="multipart/form-data"' in html
    assert "toelichting verplicht" in html


def test_a_text_file_named_pdf_is_refused_by_its_content(client, ks, w, leden):
    client.force_login(leden["wsn"])
    response = client.post(
        _melden_url(ks),
        {
            "status": "op_schema",
            "versie": "0",
            "bestand": SimpleUploadedFile("rapport.pdf", b"Dit is gewoon tekst.\n" * 20),
        },
    )
    assert response.status_code == 200
    assert "gekeken naar de inhoud" in response.content.decode()
    # The report and the file together: nothing was saved.
    assert not Voortgang.objects.filter(peilmoment=w.december).exists()
    assert Bijlage.objects.count() == 1  # only June's


def test_an_oversized_file_is_refused(client, ks, w, leden, settings):
    settings.BIJLAGE_MAX_BYTES = 1024 * 1024
    client.force_login(leden["wsn"])
    groot = PDF + b"0" * (1024 * 1024)
    response = client.post(
        _melden_url(ks),
        {
            "status": "op_schema",
            "versie": "0",
            "bestand": SimpleUploadedFile("groot.pdf", groot, content_type="application/pdf"),
        },
    )
    assert response.status_code == 200
    assert "&#x27;groot.pdf&#x27; is te groot: de grens is 1 MB per bestand." in (
        response.content.decode()
    )
    assert not Voortgang.objects.filter(peilmoment=w.december).exists()


def test_the_upload_url_accepts_bodies_up_to_the_file_limit(settings):
    from django.test import RequestFactory

    from prestatiemonitor.config.middleware import body_limit

    assert "melden" in settings.REQUEST_BODY_UPLOAD_URLS
    request = RequestFactory().post("/afspraken/k/peilmoment/2025-12/activiteit/1/melden/")
    assert body_limit(request) > settings.BIJLAGE_MAX_BYTES


def test_another_party_may_not_report(client, ks, w, leden):
    client.force_login(leden["gemeente"])
    assert client.get(_melden_url(ks)).status_code == 403
    client.force_login(leden["buiten"])
    assert client.get(_melden_url(ks)).status_code == 404


def test_two_reports_from_the_same_versie(client, ks, w, leden):
    eerste, tweede = leden["wsn"], leden["wsn_tweede"]
    client.force_login(eerste)
    client.post(_melden_url(ks), {"status": "op_schema", "toelichting": "Eerste", "versie": "0"})
    melding = Voortgang.objects.get(peilmoment=w.december)
    versie = melding.versie
    client.post(
        _melden_url(ks),
        {"status": "aandacht_nodig", "toelichting": "Ik was eerst", "versie": str(versie)},
    )
    client.force_login(tweede)
    response = client.post(
        _melden_url(ks),
        {"status": "gereed", "toelichting": "Mijn versie", "versie": str(versie)},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "intussen door iemand anders gewijzigd" in html
    assert "De opgeslagen melding" in html and "Ik was eerst" in html  # stored
    assert "Mijn versie" in html  # what the second person typed, kept
    melding.refresh_from_db()
    assert (melding.status, melding.toelichting) == ("aandacht_nodig", "Ik was eerst")
    # Saving again from the form as shown is a decision: it replaces the stored report.
    assert f'name="versie" value="{melding.versie}"' in html


def test_two_first_reports_at_once(client, ks, w, leden):
    client.force_login(leden["wsn"])
    client.post(_melden_url(ks), {"status": "op_schema", "versie": "0"})
    client.force_login(leden["wsn_tweede"])
    response = client.post(_melden_url(ks), {"status": "gereed", "versie": "0"})
    assert "meldde intussen al de voortgang van A1" in response.content.decode()
    assert Voortgang.objects.get(peilmoment=w.december).status == "op_schema"


# ---------------------------------------------------------------------------------------------
# Evidence files


def test_the_download_is_refused_to_a_non_party_and_served_to_a_party(client, ks, w, leden):
    url = _url("bijlage", ks, pk=w.bijlage.pk)
    assert client.get(url).status_code == 404  # anonymous, although the kader is published
    client.force_login(leden["buiten"])
    assert client.get(url).status_code == 404
    client.force_login(leden["hon_redacteur"])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="bouwplanning.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_removing_evidence_only_on_an_open_peilmoment(client, ks, w, leden):
    client.force_login(leden["wsn"])
    response = client.post(_url("bijlage-verwijderen", ks, pk=w.bijlage.pk), follow=True)
    assert "is gesloten; wat toen gemeld is, verandert niet meer" in response.content.decode()
    assert Bijlage.objects.filter(pk=w.bijlage.pk).exists()
    # On the open December report it goes.
    client.post(
        _melden_url(ks),
        {"status": "op_schema", "versie": "0", "bestand": SimpleUploadedFile("a.pdf", PDF)},
    )
    nieuw = Bijlage.objects.get(voortgang__peilmoment=w.december)
    client.force_login(leden["gemeente"])
    assert client.post(_url("bijlage-verwijderen", ks, pk=nieuw.pk)).status_code == 403
    client.force_login(leden["wsn"])
    client.post(_url("bijlage-verwijderen", ks, pk=nieuw.pk))
    assert not Bijlage.objects.filter(pk=nieuw.pk).exists()


# ---------------------------------------------------------------------------------------------
# The gemeente: completeness, reminders, closing


def test_completeness_per_party(client, ks, w, leden):
    _extra_wsn_activiteit(ks, w)
    services.voortgang_melden(
        peilmoment=w.december, activiteit=w.wsn_activiteit, status="op_schema", acting_user=SYSTEEM
    )
    client.force_login(leden["gemeente"])
    html = client.get(_url("peilmoment", ks, code="2025-12")).content.decode()
    assert "Volledigheid per partij" in html
    assert "gemeld 1 van 2" in html  # WSN: A1 reported, A3 missing
    assert "gemeld 0 van 1" in html  # gemeente: A2
    assert "Herinner WSN" in html
    # Parties see their own list, not the gemeente's overview.
    client.force_login(leden["wsn"])
    html = client.get(_url("peilmoment", ks, code="2025-12")).content.decode()
    assert "Volledigheid per partij" not in html
    assert "Uw meldingen" in html
    eigen = html[html.index('id="uw-meldingen"') : html.index('id="activiteiten-kop"')]
    assert eigen.index("Huurdersavonden") < eigen.index("Nieuwbouw sociale huur")  # missing first
    assert "nog niet gemeld" in eigen and ">Melden<" in eigen and ">Wijzigen<" in eigen


def test_a_reminder_goes_only_to_the_party_that_misses_reports(
    client, ks, w, leden, django_capture_on_commit_callbacks
):
    services.voortgang_melden(
        peilmoment=w.december, activiteit=w.wsn_activiteit, status="op_schema", acting_user=SYSTEEM
    )
    client.force_login(leden["gemeente"])
    with django_capture_on_commit_callbacks(execute=True):  # mail goes after the commit
        response = client.post(
            _url("herinneren", ks, code="2025-12"), {"organisatie": "alle"}, follow=True
        )
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    bericht = mail.outbox[0]
    assert sorted(bericht.to) == [leden["gemeente"].email]  # WSN reported everything
    assert "A2 Woonvisie actualiseren" in bericht.body
    assert "/peilmoment/2025-12/" in bericht.body and bericht.body.count("http://testserver/")
    html = response.content.decode()
    assert "Herinnering verstuurd aan" in html


def test_an_incomplete_reminder_sends_nothing(client, ks, w, leden):
    client.force_login(leden["gemeente"])
    response = client.post(_url("herinneren", ks, code="2025-12"), {})
    assert response.status_code == 302
    assert mail.outbox == []


def test_closing_freezes(client, ks, w, leden):
    client.force_login(leden["gemeente"])
    url = _url("sluiten", ks, code="2025-12")
    html = client.get(url).content.decode()
    assert "Sluiten bevriest het peilmoment." in html
    response = client.post(url, {})
    assert "Vink aan dat u het peilmoment wilt sluiten." in response.content.decode()
    assert Peilmoment.objects.get(pk=w.december.pk).status == PeilmomentStatus.OPEN
    response = client.post(url, {"bevestigen": "on"})
    assert response.status_code == 302
    assert Peilmoment.objects.get(pk=w.december.pk).status == PeilmomentStatus.GESLOTEN
    html = client.get(_url("peilmoment", ks, code="2025-12")).content.decode()
    assert "Dit peilmoment is gesloten" in html
    # A later report is refused in Dutch and changes nothing.
    voor = list(Voortgang.objects.filter(peilmoment=w.december).values_list("pk", "status"))
    client.force_login(leden["wsn"])
    response = client.post(_melden_url(ks), {"status": "gereed", "versie": "0"})
    assert (
        "Het peilmoment December 2025 is gesloten; wat toen gemeld is, verandert niet meer."
        in response.content.decode()
    )
    assert list(Voortgang.objects.filter(peilmoment=w.december).values_list("pk", "status")) == voor
    assert voor and all(s == VoortgangStatus.NIET_GEMELD for _, s in voor)


def test_a_party_member_cannot_close_or_remind(client, ks, w, leden):
    client.force_login(leden["wsn"])
    assert client.post(_url("sluiten", ks, code="2025-12"), {"bevestigen": "on"}).status_code == 403
    assert (
        client.post(_url("herinneren", ks, code="2025-12"), {"organisatie": "alle"}).status_code
        == 403
    )
    assert mail.outbox == []


# ---------------------------------------------------------------------------------------------
# Comparison


def test_comparison_june_to_december(client, ks, w, leden):
    services.voortgang_melden(
        peilmoment=w.december, activiteit=w.wsn_activiteit, status="gereed", acting_user=SYSTEEM
    )
    client.force_login(leden["gemeente_lezer"])
    response = client.get(_url("vergelijken", ks) + "?van=2025-06&naar=2025-12")
    html = response.content.decode()
    assert "Van Juni 2025 naar December 2025" in html
    gewijzigd = html[html.index('id="gewijzigd"') : html.index('id="vertraagd"')]
    assert "A1 Nieuwbouw sociale huur" in gewijzigd
    assert "aandacht nodig" in gewijzigd and "gereed" in gewijzigd
    nieuw_gereed = html[html.index('id="gereed"') : html.index('id="nieuw"')]
    assert "A1 Nieuwbouw sociale huur" in nieuw_gereed


def test_comparison_default_and_unknown_choice(client, ks, w, leden):
    client.force_login(leden["gemeente_lezer"])
    html = client.get(_url("vergelijken", ks)).content.decode()
    assert "Van Juni 2025 naar December 2025" in html
    html = client.get(_url("vergelijken", ks) + "?van=2019-06&naar=2025-12").content.decode()
    assert "kies er een uit de lijst" in html


def test_the_public_cannot_compare_with_an_open_peilmoment(client, ks, w):
    html = client.get(_url("vergelijken", ks) + "?van=2025-06&naar=2025-12").content.decode()
    assert "Om te vergelijken zijn twee peilmomenten nodig" in html
    assert "December 2025" not in html


# ---------------------------------------------------------------------------------------------
# Reacties and advies


def test_a_reactie_by_the_tenants_shows_on_the_page(client, ks, w, leden):
    client.force_login(leden["hon_redacteur"])
    pagina = _url("peilmoment", ks, code="2025-12")
    assert "Reageren" in client.get(pagina).content.decode()
    response = client.post(
        _url("reactie", ks, jaar=2025, nummer=1),
        {"tekst": "Fijn dat er gebouwd wordt.", "peilmoment": "2025-12", "terug": pagina},
    )
    assert response.status_code == 302
    assert response["Location"] == pagina + "?geopend=A1#reacties-A1"
    reactie = Reactie.objects.get()
    assert (reactie.organisatie, reactie.peilmoment) == (ks.hon, w.december)
    client.force_login(leden["wsn"])
    html = client.get(pagina).content.decode()
    assert "Fijn dat er gebouwd wordt." in html and ks.hon.naam in html


def test_an_empty_reactie_comes_back_and_others_may_not_react(client, ks, w, leden):
    url = _url("reactie", ks, jaar=2025, nummer=1)
    client.force_login(leden["hon_redacteur"])
    response = client.post(url, {"tekst": "", "peilmoment": "2025-12"})
    assert response.status_code == 200
    assert "Schrijf uw reactie." in response.content.decode()
    client.force_login(leden["wsn"])
    assert client.post(url, {"tekst": "Hallo"}).status_code == 403
    assert not Reactie.objects.exists()


def test_an_advies_by_the_tenants_beheerder_shows_and_stays_after_closing(client, ks, w, leden):
    client.force_login(leden["hon_beheerder"])
    response = client.post(
        _url("advies", ks, code="2025-12"),
        {"tekst": "Wij adviseren meer tempo bij de nieuwbouw.", "versie": ""},
    )
    assert response.status_code == 302
    assert Advies.objects.get().organisatie == ks.hon
    html = client.get(_url("peilmoment", ks, code="2025-12")).content.decode()
    assert "Wij adviseren meer tempo bij de nieuwbouw." in html
    # A redacteur of the tenants reacts but does not advise.
    client.force_login(leden["hon_redacteur"])
    assert client.get(_url("advies", ks, code="2025-12")).status_code == 403
    # Part of the peilmoment: once closed, the public reads it too.
    services.peilmoment_sluiten(peilmoment=w.december, acting_user=SYSTEEM)
    client.logout()
    html = client.get(_url("peilmoment", ks, code="2025-12")).content.decode()
    assert "Wij adviseren meer tempo bij de nieuwbouw." in html


def test_two_adviezen_from_the_same_versie(client, ks, w, leden):
    tweede = LidmaatschapFactory(organisatie=ks.hon, rol=Rol.BEHEERDER).user
    client.force_login(leden["hon_beheerder"])
    client.post(_url("advies", ks, code="2025-12"), {"tekst": "Eerste advies", "versie": ""})
    client.force_login(tweede)
    response = client.post(
        _url("advies", ks, code="2025-12"), {"tekst": "Mijn advies", "versie": ""}
    )
    html = response.content.decode()
    assert "bracht intussen al advies uit" in html
    assert "Eerste advies" in html and "Mijn advies" in html
    assert Advies.objects.get().tekst == "Eerste advies"


def test_the_public_sees_no_evidence_links_on_a_closed_peilmoment(client, ks, w, leden):
    html = client.get(_url("peilmoment", ks, code="2025-06")).content.decode()
    assert "Vergunning duurt langer" in html
    assert "bouwplanning.pdf" not in html and "1 (alleen voor de partijen)" in html
    client.force_login(leden["hon_redacteur"])
    html = client.get(_url("peilmoment", ks, code="2025-06")).content.decode()
    assert _url("bijlage", ks, pk=w.bijlage.pk) in html


def test_the_dashboard_filter_shows_only_those_activities(client, ks, w):
    """The dashboard links to the peilmoment with ?thema=&status=; the page honours them."""

    def activiteiten(query):
        html = client.get(_url("peilmoment", ks, code="2025-06") + query).content.decode()
        return html.split('id="activiteiten-kop"')[1].split("</section>")[0], html

    sectie, html = activiteiten("?thema=1&status=aandacht_nodig")
    assert "Nieuwbouw sociale huur" in sectie and "Woonvisie actualiseren" not in sectie
    assert "U ziet alleen de activiteiten met thema 1 en status ‘aandacht nodig’: 1." in html
    sectie, html = activiteiten("?status=onzin&thema=x")
    assert "Nieuwbouw sociale huur" in sectie and "Woonvisie actualiseren" in sectie
    assert "U ziet alleen" not in html


def test_reacties_are_not_public(client, ks, w, leden):
    services.reactie_plaatsen(
        activiteit=w.wsn_activiteit,
        tekst="Reactie voor de partijen",
        organisatie=ks.hon,
        acting_user=SYSTEEM,
    )
    html = client.get(_url("peilmoment", ks, code="2025-06")).content.decode()
    assert "Reactie voor de partijen" not in html
    client.force_login(leden["alliantie"])
    html = client.get(_url("peilmoment", ks, code="2025-06")).content.decode()
    assert "Reactie voor de partijen" in html


def test_the_peilmoment_page_does_not_grow_in_queries_with_the_activities(client, ks, w, leden):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = _url("peilmoment", ks, code="2025-12")

    def gemeld(activiteit, naam):
        melding = services.voortgang_melden(
            peilmoment=w.december, activiteit=activiteit, status="op_schema", acting_user=SYSTEEM
        )
        services.bijlage_toevoegen(
            voortgang=melding, bestand=SimpleUploadedFile(naam, PDF), acting_user=SYSTEEM
        )
        services.reactie_plaatsen(
            activiteit=activiteit, tekst="Goed", organisatie=ks.hon, acting_user=SYSTEEM
        )

    # One of everything first: a prefetch over no rows runs no query at all.
    gemeld(w.wsn_activiteit, "eerste.pdf")

    def tel(user):
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    voor = {naam: tel(leden[naam]) for naam in ("gemeente", "hon_redacteur")}
    for i in range(5):
        nieuw = services.activiteit_opslaan(
            jaarschijf=w.vastgesteld,
            gegevens=services.ActiviteitGegevens(
                titel=f"Extra {i}", afspraken=[ks.afspraken["2"]], trekker=ks.wsn
            ),
            besluit=services.WijzigingBesluit(
                reden="Extra", datum=date(2025, 3, 1), besloten_in="Bestuurlijk overleg breed"
            ),
            acting_user=SYSTEEM,
        )
        gemeld(nieuw, f"{i}.pdf")
    na = {naam: tel(leden[naam]) for naam in ("gemeente", "hon_redacteur")}
    assert na == voor


def test_a_reactie_without_peilmoment_goes_back_to_the_reacties(client, ks, w, leden):
    client.force_login(leden["hon_beheerder"])
    terug = "/afspraken/elders/"
    response = client.post(
        _url("reactie", ks, jaar=2025, nummer=2),
        {"tekst": "Wanneer komt de woonvisie?", "terug": terug},
    )
    assert response["Location"] == terug + "#reacties-kop"
    reactie = Reactie.objects.get()
    assert (reactie.activiteit, reactie.peilmoment) == (w.gemeente_activiteit, None)
    # An address on another site is not followed.
    response = client.post(
        _url("reactie", ks, jaar=2025, nummer=2),
        {"tekst": "Nog een", "terug": "https://example.com/"},
    )
    assert not response["Location"].startswith("https://example.com")
