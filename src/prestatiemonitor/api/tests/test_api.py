"""The REST API: reads with the pages' visibility, writes through the services with the key's
organisation and role, ETag/If-Match, pagination, filters and problem+json errors."""

import pytest

from prestatiemonitor.api.models import ApiSleutel
from prestatiemonitor.api.services import sleutel_intrekken
from prestatiemonitor.jaarschijven.models import Voortgang
from prestatiemonitor.organisaties.permissions import SYSTEEM
from prestatiemonitor.planmonitor.models import Bouwproject

pytestmark = pytest.mark.django_db

PROBLEEM = "application/problem+json"


def _probleem(response, status: int, titel: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEEM
    body = response.json()
    assert body["status"] == status
    assert body["title"] == titel
    assert body["type"] == "about:blank"
    assert body["instance"] == response.wsgi_request.path
    return body


# ---------------------------------------------------------------------------------------------
# Reading


def test_anonymous_reads_published_kaders_only(ks, anoniem):
    body = anoniem.get("/api/v1/kaders/").json()
    assert body["totaal"] == 1
    kader = body["resultaten"][0]
    assert kader["slug"] == ks.kader.slug
    assert [p["organisatie"] for p in kader["partijen"]] == [o.slug for o in ks.organisaties]
    ks.kader.gepubliceerd = False
    ks.kader.save()
    assert anoniem.get("/api/v1/kaders/").json()["totaal"] == 0
    _probleem(anoniem.get(f"/api/v1/kaders/{ks.kader.slug}/"), 404, "Niet gevonden")


def test_a_key_of_a_party_reads_its_unpublished_kader(ks, sleutel):
    ks.kader.gepubliceerd = False
    ks.kader.save()
    hon = sleutel("hon", "lezer")
    assert hon.get(f"/api/v1/kaders/{ks.kader.slug}/").json()["slug"] == ks.kader.slug
    assert hon.get("/api/v1/afspraken/").json()["totaal"] == len(ks.afspraken)


def test_filters_by_kader_theme_party_and_year(ks, js, anoniem):
    alle = anoniem.get(f"/api/v1/afspraken/?kader={ks.kader.slug}").json()
    assert alle["totaal"] == len(ks.afspraken)
    thema = ks.themas[0].nummer
    per_thema = anoniem.get(f"/api/v1/afspraken/?thema={thema}").json()
    verwacht = sorted(a.nummer for a in ks.afspraken.values() if a.thema_id == ks.themas[0].pk)
    assert sorted(a["nummer"] for a in per_thema["resultaten"]) == verwacht
    assert anoniem.get("/api/v1/afspraken/?kader=bestaat-niet").json()["totaal"] == 0
    activiteiten = anoniem.get(f"/api/v1/activiteiten/?jaar=2025&partij={ks.wsn.slug}").json()
    assert [a["code"] for a in activiteiten["resultaten"]] == ["A1"]
    # 2026 is a concept: the public does not see it.
    assert anoniem.get("/api/v1/activiteiten/?jaar=2026").json()["totaal"] == 0
    fout = _probleem(anoniem.get("/api/v1/afspraken/?jaar=twintig"), 400, "Ongeldige invoer")
    assert list(fout["fouten"]) == ["jaar"]


def test_pagination_in_dutch(ks, anoniem):
    eerste = anoniem.get("/api/v1/afspraken/?aantal=2").json()
    assert eerste["totaal"] == len(ks.afspraken)
    assert len(eerste["resultaten"]) == 2
    assert eerste["vorige"] is None
    assert eerste["volgende"].endswith("/api/v1/afspraken/?aantal=2&pagina=2")
    tweede = anoniem.get("/api/v1/afspraken/?aantal=2&pagina=2").json()
    assert {a["id"] for a in tweede["resultaten"]}.isdisjoint(
        {a["id"] for a in eerste["resultaten"]}
    )
    _probleem(anoniem.get("/api/v1/afspraken/?pagina=999"), 404, "Niet gevonden")


def test_the_public_sees_closed_peilmomenten_and_their_reports_only(ks, js, sleutel, anoniem):
    meldingen = anoniem.get("/api/v1/voortgang/").json()["resultaten"]
    assert [(m["peilmoment_code"], m["activiteit_code"], m["status"]) for m in meldingen] == [
        ("2025-06", "A1", "aandacht_nodig"),
        ("2025-06", "A2", "niet_gemeld"),  # closing records who did not report
    ]
    assert [p["code"] for p in anoniem.get("/api/v1/peilmomenten/").json()["resultaten"]] == [
        "2025-06"
    ]
    wsn = sleutel("wsn", "lezer")
    assert [p["code"] for p in wsn.get("/api/v1/peilmomenten/").json()["resultaten"]] == [
        "2025-06",
        "2025-12",
    ]
    assert anoniem.get("/api/v1/voortgang/?peilmoment=2025-12").json()["totaal"] == 0
    assert anoniem.get("/api/v1/voortgang/?peilmoment=2025-06").json()["totaal"] == 2


def test_the_live_planmonitor_is_not_public(ks, pm, sleutel, anoniem):
    assert anoniem.get("/api/v1/projecten/").json()["totaal"] == 0
    codes = {
        p["projectcode"]
        for p in sleutel("hon", "lezer").get("/api/v1/projecten/").json()["resultaten"]
    }
    assert {"P-WSN", "P-MARKT"} <= codes


def test_unknown_api_paths_answer_problem_json(ks, anoniem):
    body = _probleem(anoniem.get("/api/v2/kaders/"), 404, "Niet gevonden")
    assert "schema" in body["detail"]
    # Without the trailing slash: on to the address with it.
    response = anoniem.get(f"/api/v1/kaders/{ks.kader.slug}?x=1")
    assert (response.status_code, response["Location"]) == (
        301,
        f"/api/v1/kaders/{ks.kader.slug}/?x=1",
    )
    _probleem(anoniem.get("/api/v1/bestaat-niet"), 404, "Niet gevonden")
    fout = _probleem(anoniem.post("/api/v1/voortgang/", None), 401, "Niet aangemeld")
    assert fout["detail"] == "Authenticatiegegevens zijn niet opgegeven."


# ---------------------------------------------------------------------------------------------
# Keys


def test_a_wrong_or_revoked_key_is_refused_not_treated_as_anonymous(ks, sleutel):
    from prestatiemonitor.api.tests.conftest import ApiClient

    body = _probleem(ApiClient("pm_onzin").get("/api/v1/kaders/"), 401, "Niet aangemeld")
    assert body["detail"] == "Deze API-sleutel bestaat niet of is ingetrokken."
    wsn = sleutel("wsn", "lezer")
    assert wsn.get("/api/v1/kaders/").status_code == 200
    sleutel_intrekken(sleutel=ApiSleutel.objects.get(organisatie=ks.wsn), acting_user=SYSTEEM)
    response = wsn.get("/api/v1/kaders/")
    _probleem(response, 401, "Niet aangemeld")
    assert response["WWW-Authenticate"] == 'Bearer realm="prestatiemonitor"'


def test_a_key_records_when_it_was_last_used(ks, sleutel):
    wsn = sleutel("wsn", "lezer")
    assert ApiSleutel.objects.get().laatst_gebruikt_op is None
    wsn.get("/api/v1/kaders/")
    assert ApiSleutel.objects.get().laatst_gebruikt_op is not None


# ---------------------------------------------------------------------------------------------
# Writing: voortgang


def _melden(client, js, **data):
    return client.post(
        "/api/v1/voortgang/",
        {
            "peilmoment": js.december.pk,
            "activiteit": js.wsn_activiteit.pk,
            "status": "op_schema",
            **data,
        },
    )


def test_the_trekker_reports_and_changes_with_if_match(ks, js, sleutel):
    wsn = sleutel("wsn", "redacteur")
    response = _melden(wsn, js, toelichting="Bouw gestart", gerealiseerd_aantal="20")
    assert response.status_code == 201, response.content
    assert response["ETag"] == '"1"'
    melding = response.json()
    assert (melding["status"], melding["toelichting"], melding["gerealiseerd_aantal"]) == (
        "op_schema",
        "Bouw gestart",
        "20.00",
    )
    url = f"/api/v1/voortgang/{melding['id']}/"
    assert wsn.get(url)["ETag"] == '"1"'

    _probleem(_melden(wsn, js), 409, "Conflict")
    _probleem(wsn.patch(url, {"status": "gereed"}), 428, "Versie ontbreekt")
    response = wsn.patch(url, {"status": "gereed"}, HTTP_IF_MATCH='"1"')
    assert response.status_code == 200, response.content
    assert response["ETag"] == '"2"'
    assert response.json()["toelichting"] == "Bouw gestart"  # PATCH keeps what it does not send
    # A write based on the stale read is refused, and changes nothing.
    body = _probleem(
        wsn.put(url, {"status": "vertraagd", "toelichting": "x"}, HTTP_IF_MATCH='"1"'),
        412,
        "Verouderde versie",
    )
    assert 'de huidige is "2", u stuurde "1"' in body["detail"]
    assert Voortgang.objects.get(pk=melding["id"]).status == "gereed"


def test_refused_reports_write_nothing(ks, js, sleutel, anoniem):
    aantal = Voortgang.objects.count()
    # Another corporation, the tenants, a reader of the trekker itself: not theirs to report.
    for client in (sleutel("alliantie"), sleutel("hon", "beheerder"), sleutel("wsn", "lezer")):
        _probleem(_melden(client, js), 403, "Geen toestemming")
    _probleem(_melden(anoniem, js), 401, "Niet aangemeld")
    fout = _probleem(_melden(sleutel("wsn"), js, status="prima"), 400, "Ongeldige invoer")
    assert list(fout["fouten"]) == ["status"]
    fout = _probleem(
        _melden(sleutel("wsn"), js, status="vertraagd", toelichting=""), 400, "Ongeldige invoer"
    )
    assert fout["fouten"] == {
        "toelichting": ["Bij de status 'vertraagd' is een toelichting verplicht."]
    }
    # The closed June peilmoment cannot be reported on any more.
    juni = sleutel("wsn").post(
        "/api/v1/voortgang/",
        {"peilmoment": js.juni.pk, "activiteit": js.wsn_activiteit.pk, "status": "gereed"},
    )
    assert juni.status_code == 400, juni.content
    assert Voortgang.objects.count() == aantal


def test_a_key_of_one_organisation_never_changes_another_ones_report(ks, js, sleutel):
    melding = _melden(sleutel("wsn"), js).json()
    url = f"/api/v1/voortgang/{melding['id']}/"
    _probleem(
        sleutel("alliantie").patch(url, {"status": "gereed"}, HTTP_IF_MATCH='"1"'),
        403,
        "Geen toestemming",
    )
    _probleem(
        sleutel("hon", "beheerder").patch(url, {"status": "gereed"}, HTTP_IF_MATCH='"1"'),
        403,
        "Geen toestemming",
    )
    assert Voortgang.objects.get(pk=melding["id"]).status == "op_schema"


# ---------------------------------------------------------------------------------------------
# Writing: projects


def test_the_owner_changes_its_project_with_if_match(ks, pm, sleutel):
    project = Bouwproject.objects.get(projectcode="P-WSN")
    url = f"/api/v1/projecten/{project.pk}/"
    wsn = sleutel("wsn")
    etag = wsn.get(url)["ETag"]
    assert etag == f'"{project.versie}"'
    response = wsn.patch(
        url, {"fase": "in_aanbouw", "toelichting": "Start bouw"}, HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200, response.content
    assert response["ETag"] == f'"{project.versie + 1}"'
    project.refresh_from_db()
    assert (project.fase, project.toelichting) == ("in_aanbouw", "Start bouw")
    _probleem(wsn.patch(url, {"naam": "Nieuw"}, HTTP_IF_MATCH=etag), 412, "Verouderde versie")
    _probleem(
        sleutel("alliantie").patch(url, {"naam": "Van ons"}, HTTP_IF_MATCH=response["ETag"]),
        403,
        "Geen toestemming",
    )
    _probleem(
        sleutel("hon", "beheerder").patch(url, {"naam": "Van ons"}, HTTP_IF_MATCH=response["ETag"]),
        403,
        "Geen toestemming",
    )
    project.refresh_from_db()
    assert project.naam != "Van ons"
    _probleem(
        wsn.put(url, {"naam": "x"}, HTTP_IF_MATCH=response["ETag"]), 405, "Methode niet toegestaan"
    )


# ---------------------------------------------------------------------------------------------
# Found by the review: odd input, negotiation, If-Match, unknown parameters, delays


def test_odd_bodies_and_accept_headers_get_problem_json(ks, js, sleutel, anoniem, settings):
    hon = sleutel("hon", "lezer")
    diep = "[" * 5000 + "]" * 5000
    fout = _probleem(hon.post("/api/v1/voortgang/", diep), 400, "Ongeldige invoer")
    assert fout["detail"] == "De JSON is te diep genest."
    fout = _probleem(hon.post("/api/v1/voortgang/", "null"), 400, "Ongeldige invoer")
    assert fout["fouten"] == {"non_field_errors": ["Er is geen inhoud meegestuurd."]}
    fout = _probleem(hon.post("/api/v1/voortgang/", "{kapot"), 400, "Ongeldige invoer")
    assert fout["detail"].startswith("De inhoud is geen geldige JSON: ")
    # Accept is not negotiated: the real answer, in JSON.
    _probleem(
        anoniem.get("/api/v1/voortgang/99999/", HTTP_ACCEPT="application/problem+json"),
        404,
        "Niet gevonden",
    )
    ok = anoniem.get("/api/v1/kaders/", HTTP_ACCEPT="text/html")
    assert (ok.status_code, ok["Content-Type"]) == (200, "application/json")
    # The schema: YAML, or JSON with ?format=json; an unknown format is a JSON 404.
    assert anoniem.get("/api/v1/schema/").content.startswith(b"openapi: 3")
    assert anoniem.get("/api/v1/schema/?format=json").json()["openapi"].startswith("3.")
    _probleem(anoniem.get("/api/v1/schema/?format=xml"), 404, "Niet gevonden")
    # Too large: refused before reading, as problem+json.
    settings.REQUEST_BODY_MAX_BYTES = 1000
    fout = _probleem(
        hon.post("/api/v1/voortgang/", {"toelichting": "x" * 2000}), 413, "Verzoek te groot"
    )
    assert "groter dan" in fout["detail"]


def test_unknown_query_parameters_are_refused(ks, anoniem):
    fout = _probleem(anoniem.get("/api/v1/besluiten/?partij=wsn"), 400, "Ongeldige invoer")
    assert list(fout["fouten"]) == ["partij"]
    assert fout["fouten"]["partij"][0].startswith("Onbekende parameter; deze lijst kent: aantal")
    assert (
        anoniem.get("/api/v1/besluiten/?kader=x&jaar=2025&thema=1&pagina=1&aantal=5").status_code
        == 200
    )


def test_if_match_follows_http(ks, js, sleutel):
    wsn = sleutel("wsn")
    melding = _melden(wsn, js).json()
    url = f"/api/v1/voortgang/{melding['id']}/"
    for verkeerd in ('W/"1"', '"1', "1", '"01"', '"2"'):
        _probleem(
            wsn.patch(url, {"status": "gereed"}, HTTP_IF_MATCH=verkeerd), 412, "Verouderde versie"
        )
    assert wsn.patch(url, {"status": "gereed"}, HTTP_IF_MATCH='"7", "1"')["ETag"] == '"2"'
    assert (
        wsn.patch(url, {"status": "vertraagd", "toelichting": "Vergunning"}, HTTP_IF_MATCH="*")[
            "ETag"
        ]
        == '"3"'
    )


def test_a_later_delivery_needs_a_cause_as_on_the_page(ks, pm, sleutel):
    from prestatiemonitor.planmonitor.models import ProjectVertraging

    project = Bouwproject.objects.get(projectcode="P-WSN")
    url = f"/api/v1/projecten/{project.pk}/"
    wsn = sleutel("wsn")
    etag = f'"{project.versie}"'
    later = project.oplevering_jaar + 2
    fout = _probleem(
        wsn.patch(url, {"oplevering_jaar": later}, HTTP_IF_MATCH=etag), 400, "Ongeldige invoer"
    )
    assert fout["fouten"] == {
        "vertraging_oorzaak": [
            f"De oplevering schuift van {project.oplevering_jaar} naar {later}: geef de oorzaak."
        ]
    }
    response = wsn.patch(
        url,
        {
            "oplevering_jaar": later,
            "vertraging_oorzaak": "Stikstof",
            "vertraging_remedie": "Herberekening",
        },
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 200, response.content
    vertraging = ProjectVertraging.objects.get(project=project)
    assert (vertraging.naar_jaar, vertraging.oorzaak, vertraging.remedie) == (
        later,
        "Stikstof",
        "Herberekening",
    )
