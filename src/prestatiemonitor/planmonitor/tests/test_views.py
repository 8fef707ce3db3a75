"""The planmonitor's pages as a user sees them: figures in the rendered tables, errors beside
the fields, and what ends up in the database. Who gets which status code is the permission
matrix's job (afspraken/tests/test_permission_matrix.py); these tests are about behaviour.

One world for the module (``eenmalig``): the imported Nijkerk kader (published), one member
per role, the demo planmonitor (planmonitor/demo.py) with its two published rounds. Each test
runs in its own savepoint.
"""

from __future__ import annotations

import io
import json
from types import SimpleNamespace

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from prestatiemonitor.afspraken.publicatie import kader_publish
from prestatiemonitor.organisaties.permissions import SYSTEEM
from prestatiemonitor.planmonitor import services
from prestatiemonitor.planmonitor.demo import demo_planmonitor
from prestatiemonitor.planmonitor.models import (
    Bouwproject,
    Oplevering,
    Peiling,
    ProjectReactie,
    ProjectStand,
    ProjectVertraging,
    Scenario,
    Voorraadmutatie,
    Wijzigingsvoorstel,
)
from prestatiemonitor.planmonitor.services import PlanningRij, ProjectGegevens
from prestatiemonitor.planmonitor.uitwisseling import MUTATIE_KOLOMMEN, PROJECT_KOLOMMEN
from prestatiemonitor.planmonitor.views import invoer

from .factories import eenmalig, nijkerk_wereld
from .html import rijen_per_kop, tabel, tekst, veldfouten

# --------------------------------------------------------------------------------------------
# The world


@pytest.fixture(scope="module")
def _wereld(django_db_setup, django_db_blocker):
    with eenmalig(django_db_blocker):
        wereld = nijkerk_wereld()
        demo_planmonitor(wereld.kader)
        kader_publish(kader=wereld.kader, acting_user=SYSTEEM)
        yield wereld


@pytest.fixture
def w(_wereld, db):
    kader = _wereld.kader
    slug = kader.slug

    def url(naam, *args, query=""):
        return reverse(f"planmonitor:{naam}", args=[slug, *args]) + (f"?{query}" if query else "")

    return SimpleNamespace(
        kader=type(kader).objects.get(pk=kader.pk),
        orgs=_wereld.orgs,
        url=url,
        project=lambda code: Bouwproject.objects.select_related(
            "kader", "hardheid", "eigenaar"
        ).get(kader=kader, projectcode=code),
        peiling=lambda naam: Peiling.objects.get(kader=kader, naam=naam),
        **_wereld.leden,
    )


@pytest.fixture
def als(client, w):
    """als("wsn") → the test client logged in as that member."""

    def inloggen(wie):
        client.force_login(getattr(w, wie))
        return client

    return inloggen


def formdata(project: Bouwproject, **wijzigingen) -> dict:
    """The edit form's fields as the page fills them (invoer._initial), with changes."""
    data = {}
    for veld, waarde in {**invoer._initial(project), **wijzigingen}.items():
        if veld == "knelpunten":
            data[veld] = [k.pk for k in waarde]
        elif isinstance(waarde, bool):
            if waarde:
                data[veld] = "on"
        elif waarde is not None:
            data[veld] = waarde
    return data


NIEUW_PROJECT = {
    "projectcode": "WSN-20",
    "naam": "Nieuwe Hof",
    "kern": "Nijkerk",
    "eigenaar_soort": "corporatie",
    "hardheid": "1A",
    "fase": "ontwerp",
    "oplevering_jaar": 2026,
    "sociale_huur": 30,
    "middenhuur": 0,
    "vrije_sector_huur": 0,
    "sociale_koop": 0,
    "betaalbare_koop": 0,
    "vrije_sector_koop": 0,
    "totaal": 30,
}


# --------------------------------------------------------------------------------------------
# Tabel 1 and 2


def test_tabel_1_and_2_show_the_demo_per_corporation_with_the_printed_totals_beside(w, als):
    r = als("gemeente_lezer").get(w.url("overzicht"))
    assert r.status_code == 200
    t1 = tabel(r, "Tabel 1")
    assert t1[0] == [
        "Partij",
        "Nieuwbouw (harde plannen)",
        "Onttrekking door sloop of overheveling middenhuur",
        "Onttrekking door verkoop",
        "Netto toename 2025 t/m 2027",
        "Prognose nieuwbouw 2028 t/m 2030 (harde plannen)",
    ]
    assert rijen_per_kop(r, "Tabel 1") == {
        "WSN": ["526", "–", "-125", "401", "215"],
        "de Alliantie": ["30", "-6", "-10", "14", "–"],
        # The document printed 0 under the sloop column: the computed -6 with the print beside.
        "Totaal": ["556", "-6 (document: 0)", "-135", "415", "215"],
    }
    assert rijen_per_kop(r, "Tabel 2") == {
        "WSN": ["9", "–", "–", "9", "8"],
        "de Alliantie": ["6", "6", "–", "12", "–"],
        # The document printed 18 for the doorkijk total; computed it is 8.
        "Totaal": ["15", "6", "–", "21", "8 (document: 18)"],
    }
    assert rijen_per_kop(r, "Netto toename per jaar") == {
        "2025": ["25", "–", "25"],
        "2026": ["–", "213", "213"],
        "2027": ["–", "177", "177"],
    }
    assert "Stand: actuele stand." in tekst(r)
    assert "de berekende totalen zijn de som van de rijen" in tekst(r)


def test_a_period_changes_the_figures_and_hides_the_printed_ones(w, als):
    r = als("wsn").get(w.url("overzicht", query="van=2025&tot=2026&doorkijk_tot=2029"))
    assert tabel(r, "Tabel 1")[0][4:] == [
        "Netto toename 2025 t/m 2026",
        "Prognose nieuwbouw 2027 t/m 2029 (harde plannen)",
    ]
    assert rijen_per_kop(r, "Tabel 1") == {
        # 2025-2026: WSN-01..04 = 306; verkoop 45 (gerealiseerd, replaces 50) + 40.
        # Doorkijk 2027-2029: WSN-05 140 + 60, WSN-06 80, WSN-07 155.
        "WSN": ["306", "–", "-85", "221", "435"],
        "de Alliantie": ["30", "-6", "-7", "17", "–"],
        "Totaal": ["336", "-6", "-92", "238", "435"],
    }
    assert "(document:" not in tekst(r)
    assert list(rijen_per_kop(r, "Netto toename per jaar")) == ["2025", "2026"]


@pytest.mark.parametrize(
    "query, veld, melding",
    [
        ("van=2027&tot=2025", "id_tot", "Het eindjaar (2025) ligt vóór het beginjaar (2027)."),
        ("tot=2027&doorkijk_tot=2026", "id_doorkijk_tot", "De doorkijk eindigt vóór het eindjaar"),
        # Only one end given: compared with the kader's default for the other.
        ("van=2028", "id_tot", "Het eindjaar (2027) ligt vóór het beginjaar (2028)."),
        ("doorkijk_tot=2026", "id_doorkijk_tot", "De doorkijk eindigt vóór het eindjaar (2027)."),
        ("van=1999", "id_van", "Zorg ervoor dat deze waarde minstens 2000 is."),
    ],
)
def test_an_invalid_period_shows_a_dutch_error_and_the_default_figures(
    w, als, query, veld, melding
):
    r = als("wsn").get(w.url("overzicht", query=query))
    assert r.status_code == 200
    assert any(melding in f for f in veldfouten(r)[veld]), veldfouten(r)
    # The figures fall back to the kader's period.
    assert rijen_per_kop(r, "Tabel 1")["Totaal"][3] == "415"


def test_a_round_shows_the_figures_as_frozen_then(w, als):
    najaar = w.peiling("Najaar 2025")
    r = als("gemeente_lezer").get(w.url("overzicht", query=f"peiling={najaar.pk}"))
    assert "Stand: peiling Najaar 2025 (01-10-2025)." in tekst(r)
    # Oosterholt (WSN-06, 80) still delivered in 2026 then, not in 2027.
    assert rijen_per_kop(r, "Netto toename per jaar") == {
        "2025": ["25", "–", "25"],
        "2026": ["–", "293", "293"],
        "2027": ["–", "97", "97"],
    }
    # Not the default view: the printed figures are not compared.
    assert "(document:" not in tekst(r)
    # Every drill-down link stays in that round.
    links = [a for a in _links(r) if "/cel/" in a]
    assert links and all(f"peiling={najaar.pk}" in a for a in links)


def _links(response) -> list[str]:
    import re

    return re.findall(r'href="([^"]+)"', response.content.decode().replace("&amp;", "&"))


def test_the_drill_down_lists_the_projects_behind_a_cell(w, als):
    r = als("wsn").get(w.url("cel", query="tabel=1&partij=WSN&kolom=nieuwbouw"))
    assert tabel(r, "Regels achter het getal")[1:] == [
        ["WSN-01 De Kolk (voorbeeld)", "Oplevering", "2025", "gerealiseerd", "48"],
        ["WSN-02 Paasbos fase 1 (voorbeeld)", "Oplevering", "2025", "gerealiseerd", "32"],
        ["WSN-03 Doornsteeg deelplan 3 (voorbeeld)", "Oplevering", "2026", "gepland", "120"],
        ["WSN-04 Hoevelaken Centrum (voorbeeld)", "Oplevering", "2026", "gepland", "106"],
        ["WSN-05 Watergoor (voorbeeld)", "Oplevering", "2027", "gepland", "140"],
        ["WSN-06 Oosterholt (voorbeeld)", "Oplevering", "2027", "gepland", "80"],
    ]
    assert "Uitkomst: 526, de som van de 6 regels hieronder." in tekst(r)
    assert w.url("project", "WSN-05") in _links(r)


def test_the_drill_down_of_one_year_lists_only_that_year_with_the_mutations(w, als):
    r = als("wsn").get(w.url("cel", query="tabel=1&partij=Totaal&kolom=netto:2025"))
    regels = tabel(r, "Regels achter het getal")[1:]
    assert [(rij[1], rij[2], rij[4]) for rij in regels] == [
        ("Mutatie: overheveling", "2025", "-6"),
        ("Mutatie: verkoop", "2025", "-45"),
        ("Mutatie: verkoop", "2025", "-4"),
        ("Oplevering", "2025", "48"),
        ("Oplevering", "2025", "32"),
    ]
    # The gerealiseerde verkoop of 45 replaced the planned 50: only one WSN sale in 2025.
    assert [rij[0] for rij in regels][:3] == [
        "de Alliantie – overheveling sociale huur",
        "WSN – verkoop sociale huur",
        "de Alliantie – verkoop sociale huur",
    ]
    assert "Uitkomst: 25, de som van de 5 regels hieronder." in tekst(r)


def test_the_drill_down_of_tabel_2_counts_overheveling_as_an_addition(w, als):
    r = als("wsn").get(w.url("cel", query="tabel=2&partij=de Alliantie&kolom=sloop_overheveling"))
    assert [rij[1:] for rij in tabel(r, "Regels achter het getal")[1:]] == [
        ["Mutatie: overheveling", "2025", "gerealiseerd", "6"]
    ]


def test_an_empty_cell_says_so(w, als):
    r = als("wsn").get(w.url("cel", query="tabel=1&partij=WSN&kolom=sloop_overheveling"))
    assert "Uitkomst: geen gegevens." in tekst(r)
    assert "de cel is leeg, niet nul" in tekst(r)


@pytest.mark.parametrize(
    "query",
    [
        "tabel=3&partij=WSN&kolom=netto",
        "tabel=x&partij=WSN&kolom=netto",
        "tabel=1&partij=Onbekend&kolom=netto",
        "tabel=1&partij=WSN&kolom=onzin",
        "tabel=1&partij=WSN&kolom=netto:twintig",
        "tabel=1&partij=WSN&kolom=netto&peiling=999999",
        "tabel=1&partij=WSN&kolom=netto&peiling=abc",
    ],
)
def test_bad_drill_down_parameters_are_a_404(w, als, query):
    assert als("wsn").get(w.url("cel", query=query)).status_code == 404


def test_an_unknown_round_on_the_tabel_page_is_a_404(w, als):
    assert als("wsn").get(w.url("overzicht", query="peiling=999999")).status_code == 404


def _meer_projecten(w, aantal: int = 5) -> None:
    """More projects, each with a year planning and a knelpunt, and more mutations: the
    number of queries of a page must not grow with them."""
    from prestatiemonitor.planmonitor.models import Knelpunt
    from prestatiemonitor.planmonitor.services import PlanningRij

    from .factories import gegevens

    for i in range(aantal):
        p = services.project_aanmaken(
            kader=w.kader,
            gegevens=gegevens(
                projectcode=f"EXTRA-{i}",
                eigenaar=w.orgs["wsn"],
                sociale_huur=20,
                knelpunten=list(Knelpunt.objects.all()[:1]),
                breedtegraad="52.2",
                lengtegraad="5.48",
            ),
            acting_user=SYSTEEM,
        )
        services.planning_vastleggen(
            project=p,
            rijen=[
                PlanningRij(2026, "gepland", {"sociale_huur": 10}),
                PlanningRij(2027, "gepland", {"sociale_huur": 10}),
            ],
            acting_user=SYSTEEM,
        )
        services.mutatie_opslaan(
            kader=w.kader,
            corporatie=w.orgs["de-alliantie"],
            jaar=2030 + i,
            soort="sloop",
            segment="sociale_huur",
            aantal=1,
            status="gepland",
            acting_user=SYSTEEM,
        )


@pytest.mark.parametrize("meer", [False, True], ids=["demo", "meer-projecten"])
def test_the_tabel_page_needs_a_bounded_number_of_queries(
    w, als, django_assert_max_num_queries, meer
):
    if meer:
        _meer_projecten(w)
    client = als("gemeente_redacteur")
    client.get(w.url("overzicht"))  # the first request of a session warms what is cached
    with django_assert_max_num_queries(QUERIES_TABEL):
        r = client.get(w.url("overzicht"))
    assert rijen_per_kop(r, "Tabel 1")["WSN"][0] == ("626 (document: 526)" if meer else "526")


@pytest.mark.parametrize("meer", [False, True], ids=["demo", "meer-projecten"])
def test_the_projects_page_needs_a_bounded_number_of_queries(
    w, als, django_assert_max_num_queries, meer
):
    if meer:
        _meer_projecten(w)
    client = als("gemeente_redacteur")
    client.get(w.url("projecten"))
    with django_assert_max_num_queries(QUERIES_PROJECTEN):
        r = client.get(w.url("projecten"))
    assert len(tabel(r, "#lijst-kop")) == 1 + 13 + (5 if meer else 0)


# Measured on the demo (and the same with more projects): the session and user, the kader and
# the membership checks, the rounds, the facts (hardness table, planning, projects, mutations,
# parties); the Tabel page also the document's printed tables and the norms (which read the
# facts the page already loaded).
QUERIES_TABEL = 21
QUERIES_PROJECTEN = 13


# --------------------------------------------------------------------------------------------
# Projects: create, edit, planning, delete


def test_the_gemeente_creates_a_project_for_a_corporation(w, als):
    r = als("gemeente_redacteur").post(
        w.url("project-nieuw"), {**NIEUW_PROJECT, "eigenaar": w.orgs["de-alliantie"].pk}
    )
    assert r.status_code == 302
    assert r["Location"] == w.url("project", "WSN-20")
    p = w.project("WSN-20")
    assert (p.eigenaar, p.sociale_huur, p.totaal, p.hardheid.code, p.oplevering_jaar) == (
        w.orgs["de-alliantie"],
        30,
        30,
        "1A",
        2026,
    )
    pagina = als("gemeente_redacteur").get(r["Location"])
    assert "Project WSN-20 is vastgelegd." in tekst(pagina)
    # Hard, 2026: it counts in Tabel 1 for de Alliantie.
    overzicht = als("gemeente_redacteur").get(w.url("overzicht"))
    # The default view still shows the document's figure beside the changed one.
    assert rijen_per_kop(overzicht, "Tabel 1")["de Alliantie"][0] == "60 (document: 30)"


def test_the_gemeente_creates_a_market_project(w, als):
    r = als("gemeente_redacteur").post(
        w.url("project-nieuw"),
        {
            **NIEUW_PROJECT,
            "projectcode": "MP-20",
            "eigenaar_soort": "marktpartij",
            "eigenaar_naam": "Bouwer BV",
            "sociale_huur": 0,
            "vrije_sector_koop": 30,
        },
    )
    assert r.status_code == 302
    p = w.project("MP-20")
    assert (p.eigenaar, p.eigenaar_naam, p.vrije_sector_koop) == (None, "Bouwer BV", 30)


def test_a_corporation_can_only_choose_itself_as_owner(w, als):
    client = als("wsn")
    r = client.get(w.url("project-nieuw"))
    opties = _opties(r, "eigenaar")
    assert opties == [("", "—"), (str(w.orgs["wsn"].pk), "WSN")]
    r = client.post(
        w.url("project-nieuw"), {**NIEUW_PROJECT, "eigenaar": w.orgs["de-alliantie"].pk}
    )
    assert r.status_code == 200
    assert veldfouten(r)["id_eigenaar"] == [
        f"Selecteer een geldige keuze. {w.orgs['de-alliantie'].pk} is geen beschikbare keuze."
    ]
    assert not Bouwproject.objects.filter(projectcode="WSN-20").exists()
    r = client.post(w.url("project-nieuw"), {**NIEUW_PROJECT, "eigenaar": w.orgs["wsn"].pk})
    assert r.status_code == 302
    assert w.project("WSN-20").eigenaar == w.orgs["wsn"]


def _opties(response, naam: str) -> list[tuple[str, str]]:
    import re

    html = response.content.decode()
    select = re.search(rf'<select name="{naam}".*?</select>', html, re.S)
    assert select, naam
    return [
        (v, t.strip())
        for v, t in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(0))
    ]


def test_segments_not_adding_up_show_the_error_on_totaal_and_keep_the_values(w, als):
    r = als("gemeente_redacteur").post(
        w.url("project-nieuw"),
        {
            **NIEUW_PROJECT,
            "eigenaar": w.orgs["wsn"].pk,
            "sociale_huur": 12,
            "middenhuur": 5,
            "totaal": 20,
        },
    )
    assert r.status_code == 200
    assert veldfouten(r) == {"id_totaal": ["De segmenten tellen op tot 17, maar het totaal is 20."]}
    html = r.content.decode()
    assert 'name="sociale_huur" value="12"' in html
    assert 'name="middenhuur" value="5"' in html
    assert 'name="naam" value="Nieuwe Hof"' in html
    assert not Bouwproject.objects.filter(projectcode="WSN-20").exists()


def test_a_duplicate_projectcode_is_refused_on_the_field(w, als):
    r = als("gemeente_redacteur").post(
        w.url("project-nieuw"),
        {**NIEUW_PROJECT, "projectcode": "WSN-01", "eigenaar": w.orgs["wsn"].pk},
    )
    assert r.status_code == 200
    assert "id_projectcode" in veldfouten(r), tekst(r)
    assert Bouwproject.objects.filter(projectcode="WSN-01").count() == 1


def test_a_later_delivery_needs_its_cause_and_then_records_the_delay(w, als):
    client = als("wsn")
    project = w.project("WSN-03")
    r = client.post(w.url("project-bewerken", "WSN-03"), formdata(project, oplevering_jaar=2028))
    assert r.status_code == 200
    assert veldfouten(r) == {
        "id_vertraging_oorzaak": ["De oplevering schuift van 2026 naar 2028: geef de oorzaak."]
    }
    assert w.project("WSN-03").oplevering_jaar == 2026
    assert not ProjectVertraging.objects.filter(project=project).exists()

    r = client.post(
        w.url("project-bewerken", "WSN-03"),
        formdata(
            project,
            oplevering_jaar=2028,
            vertraging_oorzaak="Aannemer failliet.",
            vertraging_remedie="Nieuwe aanbesteding.",
        ),
    )
    assert r.status_code == 302
    p = w.project("WSN-03")
    assert (p.oplevering_jaar, p.versie) == (2028, project.versie + 1)
    v = ProjectVertraging.objects.get(project=p)
    assert (v.van_jaar, v.naar_jaar, v.oorzaak, v.remedie) == (
        2026,
        2028,
        "Aannemer failliet.",
        "Nieuwe aanbesteding.",
    )
    pagina = client.get(w.url("project", "WSN-03"))
    assert "van 2026 naar 2028. Oorzaak: Aannemer failliet. Remedie: Nieuwe aanbesteding." in (
        tekst(pagina)
    )


def test_an_earlier_delivery_needs_no_cause(w, als):
    r = als("wsn").post(
        w.url("project-bewerken", "WSN-07"), formdata(w.project("WSN-07"), oplevering_jaar=2027)
    )
    assert r.status_code == 302
    assert w.project("WSN-07").oplevering_jaar == 2027


def test_a_stale_version_shows_the_stored_one_and_saves_nothing(w, als):
    project = w.project("WSN-03")
    data = formdata(project, naam="Mijn naam")  # the form as loaded: versie N
    # Meanwhile the gemeente changes the project: versie N+1.
    services.project_wijzigen(
        project=project,
        gegevens=_met(project, naam="Naam van de gemeente"),
        acting_user=w.gemeente_redacteur,
    )
    r = als("wsn").post(w.url("project-bewerken", "WSN-03"), data)
    assert r.status_code == 200
    pagina = tekst(r)
    assert (
        f"Opgeslagen versie {project.versie + 1}: Naam van de gemeente, hardheid 2A, "
        "oplevering 2026, 129 woningen (120 sociale huur, 9 middenhuur)."
    ) in pagina
    assert 'name="naam" value="Mijn naam"' in r.content.decode()
    p = w.project("WSN-03")
    assert (p.naam, p.versie) == ("Naam van de gemeente", project.versie + 1)


def test_after_a_stale_version_saving_again_keeps_the_users_input(w, als):
    """The conflict page says "sla opnieuw op om die te bewaren": the form it renders must then
    save (it carries the stored versie now), not report the same conflict forever."""
    import re

    project = w.project("WSN-03")
    data = formdata(project, naam="Mijn naam")
    services.project_wijzigen(
        project=project,
        gegevens=_met(project, naam="Naam van de gemeente"),
        acting_user=w.gemeente_redacteur,
    )
    client = als("wsn")
    r = client.post(w.url("project-bewerken", "WSN-03"), data)
    assert r.status_code == 200
    versie = re.search(r'name="versie" value="(\d+)"', r.content.decode()).group(1)
    assert versie == str(project.versie + 1)
    r = client.post(w.url("project-bewerken", "WSN-03"), {**data, "versie": versie})
    assert r.status_code == 302
    p = w.project("WSN-03")
    assert (p.naam, p.versie) == ("Mijn naam", project.versie + 2)


def _met(project, **wijzigingen) -> ProjectGegevens:
    g = ProjectGegevens.van_project(project)
    for veld, waarde in wijzigingen.items():
        setattr(g, veld, waarde)
    return g


def _planning(project: Bouwproject, *rijen: dict) -> dict:
    """The planning formset as the page posts it: the existing rows are the initial forms."""
    bestaand = project.opleveringen.count()
    data = {
        "versie": project.versie,
        "rij-TOTAL_FORMS": bestaand + 3,
        "rij-INITIAL_FORMS": bestaand,
    }
    for i in range(bestaand + 3):
        rij = rijen[i] if i < len(rijen) else {}
        data[f"rij-{i}-status"] = rij.get("status", "gepland")
        for veld, waarde in rij.items():
            if veld != "status":
                data[f"rij-{i}-{veld}"] = waarde
    return data


def test_a_planning_that_does_not_add_up_is_shown_and_not_saved(w, als):
    project = w.project("WSN-05")
    r = als("wsn").post(
        w.url("project-planning", "WSN-05"),
        _planning(
            project,
            {"jaar": 2027, "sociale_huur": 140},
            {"jaar": 2028, "sociale_huur": 50},
        ),
    )
    assert r.status_code == 200
    assert "sociale huur: de planning per jaar telt op tot 190, het project heeft 200." in tekst(r)
    assert sorted(project.opleveringen.values_list("jaar", "sociale_huur")) == [
        (2027, 140),
        (2028, 60),
    ]


def test_a_planning_over_three_years_is_saved(w, als):
    project = w.project("WSN-05")
    r = als("wsn").post(
        w.url("project-planning", "WSN-05"),
        _planning(
            project,
            {"jaar": 2027, "sociale_huur": 100},
            {"jaar": 2028, "sociale_huur": 60},
            {"jaar": 2029, "sociale_huur": 40},
        ),
    )
    assert r.status_code == 302
    assert sorted(
        Oplevering.objects.filter(project=project).values_list("jaar", "sociale_huur")
    ) == [(2027, 100), (2028, 60), (2029, 40)]
    # Tabel 1 follows: WSN's new build in 2025-2027 drops by 40.
    overzicht = als("wsn").get(w.url("overzicht"))
    assert rijen_per_kop(overzicht, "Tabel 1")["WSN"][0] == "486 (document: 526)"


def test_a_stale_planning_shows_the_stored_one_and_saving_again_works(w, als):
    project = w.project("WSN-05")
    data = _planning(
        project,
        {"jaar": 2027, "sociale_huur": 100},
        {"jaar": 2028, "sociale_huur": 100},
    )
    # Someone else changes the project in between (versie 1 → 2).
    services.planning_vastleggen(
        project=project,
        rijen=[
            PlanningRij(2027, "gepland", {"sociale_huur": 150}),
            PlanningRij(2028, "gepland", {"sociale_huur": 50}),
        ],
        acting_user=SYSTEEM,
    )
    r = als("wsn").post(w.url("project-planning", "WSN-05"), data)
    assert r.status_code == 200
    assert (
        "Opgeslagen planning (versie 3): 2027 (gepland): 150 sociale huur; 2028 (gepland): 50 sociale huur."
        in tekst(r)
    )
    assert 'name="versie" value="3"' in r.content.decode()
    data["versie"] = 3
    opnieuw = als("wsn").post(w.url("project-planning", "WSN-05"), data)
    assert opnieuw.status_code == 302
    assert sorted(
        Oplevering.objects.filter(project=project).values_list("jaar", "sociale_huur")
    ) == [
        (2027, 100),
        (2028, 100),
    ]


def test_empty_rows_remove_the_planning(w, als):
    project = w.project("WSN-05")
    r = als("wsn").post(w.url("project-planning", "WSN-05"), _planning(project))
    assert r.status_code == 302
    assert not Oplevering.objects.filter(project=project).exists()
    pagina = als("wsn").get(w.url("project", "WSN-05"))
    assert "Geen planning per jaar: alle woningen in 2028." in tekst(pagina)


def test_a_planning_row_with_units_but_no_year_is_an_error(w, als):
    project = w.project("WSN-05")
    r = als("wsn").post(
        w.url("project-planning", "WSN-05"),
        _planning(project, {"jaar": 2027, "sociale_huur": 200}, {"sociale_huur": 5}),
    )
    assert r.status_code == 200
    assert veldfouten(r)["id_rij-1-jaar"] == ["Geef het jaar van deze aantallen."]
    assert project.opleveringen.count() == 2


def test_deleting_a_project_needs_the_confirmation(w, als):
    client = als("wsn")
    r = client.post(w.url("project-verwijderen", "WSN-08"), {})
    assert r.status_code == 200
    assert "WSN-08 Slichtenhorst-Zuid (voorbeeld) verwijderen" in tekst(r)
    assert Bouwproject.objects.filter(projectcode="WSN-08").exists()
    r = client.post(w.url("project-verwijderen", "WSN-08"), {"bevestigen": "ja"})
    assert r.status_code == 302
    assert r["Location"] == w.url("projecten")
    assert not Bouwproject.objects.filter(projectcode="WSN-08").exists()
    assert "Project WSN-08 is verwijderd." in tekst(client.get(r["Location"]))
    # A round keeps it as it was.
    assert ProjectStand.objects.filter(projectcode="WSN-08").count() == 2


# --------------------------------------------------------------------------------------------
# Proposals and reacties


def _voorstel(project: Bouwproject, **wijzigingen) -> dict:
    data = {
        **project.segmenten,
        "hardheid": project.hardheid.code,
        "fase": project.fase,
        "oplevering_jaar": project.oplevering_jaar,
        "totaal": project.totaal,
        "toelichting": "",
    }
    data.update(wijzigingen)
    return data


def test_a_tenants_organisation_proposes_only_what_it_changed(w, als):
    project = w.project("MP-02")
    r = als("hon_redacteur").post(
        w.url("voorstel", "MP-02"),
        _voorstel(project, oplevering_jaar=2028, toelichting="Bezwaar loopt nog een jaar."),
    )
    assert r.status_code == 302
    voorstel = Wijzigingsvoorstel.objects.get(project=project)
    assert voorstel.wijzigingen == {"oplevering_jaar": 2028}
    assert voorstel.organisatie == w.orgs["hon"]
    assert voorstel.status == "open"
    assert w.project("MP-02").oplevering_jaar == 2027
    pagina = tekst(als("gemeente_redacteur").get(w.url("project", "MP-02")))
    assert "stelde op" in pagina and "oplevering jaar → 2028. Bezwaar loopt nog een jaar." in pagina


def test_a_proposal_needs_its_explanation(w, als):
    project = w.project("MP-02")
    r = als("hon_redacteur").post(w.url("voorstel", "MP-02"), _voorstel(project, totaal=41))
    assert r.status_code == 200
    assert "id_toelichting" in veldfouten(r)
    assert not Wijzigingsvoorstel.objects.filter(project=project).exists()


def test_the_gemeente_accepts_a_proposal_and_it_is_applied(w, als):
    project = w.project("MP-02")
    voorstel = services.voorstel_indienen(
        project=project,
        wijzigingen={"oplevering_jaar": 2028, "hardheid": "1A"},
        toelichting="Bezwaar loopt nog een jaar.",
        acting_user=w.hon_redacteur,
    )
    client = als("gemeente_redacteur")
    r = client.post(w.url("voorstel-besluiten", voorstel.pk), {"besluit": "aanvaarden"})
    assert r["Location"] == w.url("project", "MP-02")
    p = w.project("MP-02")
    assert (p.oplevering_jaar, p.hardheid.code) == (2028, "1A")
    voorstel.refresh_from_db()
    assert (voorstel.status, voorstel.besloten_door) == ("aanvaard", w.gemeente_redacteur)
    # The later delivery is recorded as a delay with the proposal's explanation as its cause.
    assert ProjectVertraging.objects.filter(
        project=p, van_jaar=2027, naar_jaar=2028, oorzaak="Bezwaar loopt nog een jaar."
    ).exists()
    assert "Het voorstel is aanvaard en doorgevoerd." in tekst(client.get(r["Location"]))


def test_declining_without_a_reason_changes_nothing(w, als):
    project = w.project("MP-02")
    voorstel = services.voorstel_indienen(
        project=project,
        wijzigingen={"oplevering_jaar": 2028},
        toelichting="Bezwaar.",
        acting_user=w.hon_redacteur,
    )
    client = als("gemeente_redacteur")
    r = client.post(w.url("voorstel-besluiten", voorstel.pk), {"besluit": "afwijzen"})
    pagina = tekst(client.get(r["Location"]))
    assert "Het besluit is niet vastgelegd: Geef aan waarom het voorstel wordt afgewezen." in pagina
    voorstel.refresh_from_db()
    assert voorstel.status == "open"
    assert w.project("MP-02").versie == project.versie

    r = client.post(
        w.url("voorstel-besluiten", voorstel.pk),
        {"besluit": "afwijzen", "toelichting": "De vergunning is al verleend."},
    )
    voorstel.refresh_from_db()
    assert (voorstel.status, voorstel.besluit_toelichting) == (
        "afgewezen",
        "De vergunning is al verleend.",
    )
    assert w.project("MP-02").oplevering_jaar == 2027
    pagina = tekst(client.get(r["Location"]))
    assert "Het voorstel is afgewezen." in pagina
    assert "Status: afgewezen op" in pagina and ": De vergunning is al verleend." in pagina


def test_a_reactie_is_posted_and_shown(w, als):
    client = als("hon_redacteur")
    r = client.post(w.url("reageren", "WSN-06"), {"tekst": "Graag meer nultredenwoningen."})
    assert r["Location"] == w.url("project", "WSN-06") + "#reacties-kop"
    reactie = ProjectReactie.objects.get(project__projectcode="WSN-06")
    assert (reactie.organisatie, reactie.tekst) == (w.orgs["hon"], "Graag meer nultredenwoningen.")
    pagina = tekst(client.get(w.url("project", "WSN-06")))
    assert "Uw reactie is geplaatst." in pagina
    assert "HON" in pagina and ": Graag meer nultredenwoningen." in pagina


def test_an_empty_reactie_is_refused(w, als):
    client = als("hon_redacteur")
    r = client.post(w.url("reageren", "WSN-06"), {"tekst": "  "})
    assert not ProjectReactie.objects.exists()
    assert "Nog geen reacties." in tekst(client.get(r["Location"]))


# --------------------------------------------------------------------------------------------
# Mutations


def _mutatie(w, **velden) -> dict:
    return {
        "corporatie": w.orgs["wsn"].pk,
        "jaar": 2028,
        "soort": "sloop",
        "segment": "sociale_huur",
        "aantal": 7,
        "status": "gepland",
        "toelichting": "Complex Bloemkamp",
        **velden,
    }


def test_a_corporation_records_a_mutation_and_a_repost_updates_it(w, als):
    client = als("wsn")
    aantal = Voorraadmutatie.objects.count()
    r = client.post(w.url("mutaties"), _mutatie(w))
    assert r["Location"] == w.url("mutaties")
    m = Voorraadmutatie.objects.get(corporatie=w.orgs["wsn"], jaar=2028, soort="sloop")
    assert (m.aantal, m.status, m.toelichting) == (7, "gepland", "Complex Bloemkamp")
    r = client.post(w.url("mutaties"), _mutatie(w, aantal=9))
    assert Voorraadmutatie.objects.count() == aantal + 1
    m.refresh_from_db()
    assert m.aantal == 9
    pagina = client.get(w.url("mutaties"))
    assert "De mutatie is vastgelegd." in tekst(pagina)
    assert [
        "WSN",
        "2028",
        "sloop",
        "sociale huur",
        "gepland",
        "9",
        "Complex Bloemkamp",
        "Verwijderen",
    ] in (tabel(pagina, "Voorraadmutaties"))
    # 2028 is in the doorkijk, not in the period: Tabel 1's netto is unchanged.
    assert rijen_per_kop(client.get(w.url("overzicht")), "Tabel 1")["WSN"][3] == "401"


def test_a_corporation_cannot_record_for_another(w, als):
    r = als("wsn").post(w.url("mutaties"), _mutatie(w, corporatie=w.orgs["de-alliantie"].pk))
    assert r.status_code == 200
    assert "id_corporatie" in veldfouten(r)
    assert not Voorraadmutatie.objects.filter(jaar=2028).exists()


def test_a_corporation_sees_delete_buttons_only_on_its_own_rows(w, als):
    r = als("wsn").get(w.url("mutaties"))
    html = r.content.decode()
    for m in Voorraadmutatie.objects.filter(kader=w.kader).select_related("corporatie"):
        knop = w.url("mutatie-verwijderen", m.pk) in html
        assert knop == (m.corporatie == w.orgs["wsn"]), m
    assert Voorraadmutatie.objects.filter(kader=w.kader, corporatie=w.orgs["wsn"]).count() == 4
    assert html.count("planmonitor/mutatie/") == 4
    # The corporation's form offers only itself.
    assert _opties(r, "corporatie") == [(str(w.orgs["wsn"].pk), "WSN")]


def test_the_gemeente_deletes_a_mutation_only_with_confirmation(w, als):
    m = Voorraadmutatie.objects.get(
        kader=w.kader, corporatie=w.orgs["de-alliantie"], jaar=2025, soort="overheveling"
    )
    client = als("gemeente_redacteur")
    r = client.post(w.url("mutatie-verwijderen", m.pk), {})
    assert "De mutatie is niet verwijderd: bevestig het verwijderen." in tekst(
        client.get(r["Location"])
    )
    assert Voorraadmutatie.objects.filter(pk=m.pk).exists()
    r = client.post(w.url("mutatie-verwijderen", m.pk), {"bevestigen": "ja"})
    assert not Voorraadmutatie.objects.filter(pk=m.pk).exists()
    assert "De mutatie is verwijderd." in tekst(client.get(r["Location"]))
    # Tabel 1's sloop/overheveling column is empty again, Tabel 2 loses the +6.
    overzicht = client.get(w.url("overzicht"))
    assert rijen_per_kop(overzicht, "Tabel 1")["de Alliantie"][1] == "– (document: -6)"
    assert rijen_per_kop(overzicht, "Tabel 2")["de Alliantie"][3] == "6 (document: 12)"


# --------------------------------------------------------------------------------------------
# Review rounds


def test_the_gemeente_records_a_round_and_publishes_and_withdraws_it(w, als):
    client = als("gemeente_redacteur")
    r = client.post(
        w.url("peilingen"), {"naam": "Najaar 2026", "peildatum": "2026-10-01", "toelichting": ""}
    )
    assert r["Location"] == w.url("peilingen")
    peiling = w.peiling("Najaar 2026")
    assert not peiling.gepubliceerd
    assert peiling.standen.count() == Bouwproject.objects.filter(kader=w.kader).count() == 13
    pagina = client.get(r["Location"])
    assert "Peiling Najaar 2026 is vastgelegd: de stand van elk project ligt nu vast." in tekst(
        pagina
    )
    assert rijen_per_kop(pagina, "Peilingen")["Najaar 2026"] == [
        "1 oktober 2026",
        "nee",
        "Publiceren Najaar 2026",
    ]

    r = client.post(w.url("peiling-publiceren", peiling.pk), {"publiceren": "1"})
    peiling.refresh_from_db()
    assert peiling.gepubliceerd and peiling.gepubliceerd_op is not None
    assert "Peiling Najaar 2026 is gepubliceerd: iedereen kan haar lezen." in tekst(
        client.get(r["Location"])
    )
    r = client.post(w.url("peiling-publiceren", peiling.pk), {"publiceren": "0"})
    peiling.refresh_from_db()
    assert not peiling.gepubliceerd
    assert "Peiling Najaar 2026 is niet meer openbaar." in tekst(client.get(r["Location"]))


def test_a_round_without_a_date_is_refused_on_the_field(w, als):
    r = als("gemeente_redacteur").post(w.url("peilingen"), {"naam": "Zonder datum"})
    assert r.status_code == 200
    assert list(veldfouten(r)) == ["id_peildatum"]
    assert not Peiling.objects.filter(naam="Zonder datum").exists()


def test_comparing_two_rounds_lists_the_moved_projects_with_their_cause(w, als):
    najaar, voorjaar = w.peiling("Najaar 2025"), w.peiling("Voorjaar 2026")
    r = als("hon_lezer").get(w.url("peilingen", query=f"oud={najaar.pk}&nieuw={voorjaar.pk}"))
    assert "Van Najaar 2025 naar Voorjaar 2026: 3 projecten veranderd" in tekst(r)
    verschillen = rijen_per_kop(r, "Verschillen tussen de peilingen")
    assert verschillen["WSN-06 Oosterholt (voorbeeld)"][1:] == [
        "2026 → 2027 (1 jaar later)",
        "",
        "2026 → 2027: Netcongestie: aansluiting pas in 2027 toegezegd. (remedie: Tijdelijke "
        "aansluiting onderzocht met de netbeheerder.)",
    ]
    assert set(verschillen) == {
        "WSN-06 Oosterholt (voorbeeld)",
        "WSN-07 Bloemendaal (voorbeeld)",
        "MP-02 Van Reenenpark (voorbeeld)",
    }


def test_comparing_a_round_with_itself_is_an_error(w, als):
    najaar = w.peiling("Najaar 2025")
    r = als("hon_lezer").get(w.url("peilingen", query=f"oud={najaar.pk}&nieuw={najaar.pk}"))
    assert veldfouten(r)["id_nieuw"] == ["Kies twee verschillende peilingen."]


# --------------------------------------------------------------------------------------------
# What-if


def _whatif(*rijen: dict) -> dict:
    data = {"rij-TOTAL_FORMS": max(len(rijen), 1), "rij-INITIAL_FORMS": 0}
    for i, rij in enumerate(rijen):
        for veld, waarde in rij.items():
            data[f"rij-{i}-{veld}"] = waarde
    return data


def test_shifting_oosterholt_two_years_moves_80_out_of_2027(w, als):
    r = als("wsn").get(w.url("whatif"), _whatif({"projectcode": "WSN-06", "verschuiving": 2}))
    assert r.status_code == 200
    assert rijen_per_kop(r, "Netto toename sociale huur: werkelijk en scenario") == {
        "2025": ["25", "25", "0"],
        "2026": ["213", "213", "0"],
        "2027": ["177", "97", "-80"],
        "2025 t/m 2027": ["415", "335", ""],
        "Doorkijk t/m 2030": ["215", "295", ""],
    }
    pagina = tekst(r)
    assert "Normen met een andere uitkomst of waarde (4)" in pagina
    assert "In 2027 netto 97 woningen erbij; de ambitie is ten minste 50 per jaar." in pagina
    assert "Over 2025–2027 netto 335 woningen erbij" in pagina
    # Nothing stored changed.
    assert w.project("WSN-06").oplevering_jaar == 2027
    assert not Scenario.objects.exists()


def test_making_a_plan_soft_changes_tabel_1_and_the_norms(w, als):
    r = als("wsn").get(w.url("whatif"), _whatif({"projectcode": "WSN-03", "hardheid": "3"}))
    jaren = rijen_per_kop(r, "Netto toename sociale huur: werkelijk en scenario")
    assert jaren["2026"] == ["213", "93", "-120"]


@pytest.mark.parametrize(
    "rij, veld, melding",
    [
        (
            {"projectcode": "XX-99", "verschuiving": 1},
            "id_rij-0-projectcode",
            "Selecteer een geldige keuze. XX-99 is geen beschikbare keuze.",
        ),
        (
            {"projectcode": "WSN-06", "hardheid": "9Z"},
            "id_rij-0-hardheid",
            "Selecteer een geldige keuze. 9Z is geen beschikbare keuze.",
        ),
        (
            {"projectcode": "WSN-06", "verschuiving": 31},
            "id_rij-0-verschuiving",
            "Zorg ervoor dat deze waarde hoogstens 30 is.",
        ),
        (
            {"projectcode": "WSN-06", "sociale_huur": -1},
            "id_rij-0-sociale_huur",
            "Zorg ervoor dat deze waarde minstens 0 is.",
        ),
    ],
)
def test_invalid_what_if_input_shows_a_dutch_error(w, als, rij, veld, melding):
    r = als("wsn").get(w.url("whatif"), _whatif(rij))
    assert r.status_code == 200
    assert veldfouten(r)[veld] == [melding]
    assert "Uitkomst" not in tekst(r)


def test_a_scenario_is_saved_and_recomputed_from_its_link(w, als):
    client = als("wsn")
    r = client.post(
        w.url("whatif"),
        {
            **_whatif({"projectcode": "WSN-06", "verschuiving": 2}),
            "opslaan-naam": "Oosterholt later",
            "opslaan-omschrijving": "Als de netbeheerder niet levert.",
        },
    )
    scenario = Scenario.objects.get()
    assert r["Location"] == w.url("whatif", query=f"scenario={scenario.pk}")
    assert (scenario.naam, scenario.organisatie, scenario.wijzigingen) == (
        "Oosterholt later",
        w.orgs["wsn"],
        [{"projectcode": "WSN-06", "verschuiving": 2}],
    )
    # Everyone of the kader sees it, recomputed from today's data.
    r = als("gemeente_lezer").get(r["Location"])
    assert "Uitkomst: scenario Oosterholt later" in tekst(r)
    jaren = rijen_per_kop(r, "Netto toename sociale huur: werkelijk en scenario")
    assert jaren["2027"] == ["177", "97", "-80"]
    assert "Oosterholt later (WSN)" in tekst(r)


def test_a_scenario_of_a_project_since_deleted_still_opens(w, als):
    scenario = services.scenario_opslaan(
        kader=w.kader,
        naam="Oud",
        wijzigingen=[{"projectcode": "WSN-06", "verschuiving": 2}],
        acting_user=w.wsn,
    )
    services.project_verwijderen(project=w.project("WSN-06"), acting_user=w.wsn)
    r = als("wsn").get(w.url("whatif", query=f"scenario={scenario.pk}"))
    assert r.status_code == 200
    jaren = rijen_per_kop(r, "Netto toename sociale huur: werkelijk en scenario")
    assert jaren["2027"] == ["97", "97", "0"]


def test_an_unknown_scenario_is_a_404(w, als):
    assert als("wsn").get(w.url("whatif", query="scenario=999999")).status_code == 404


def test_saving_without_a_name_keeps_the_computation_and_saves_nothing(w, als):
    r = als("wsn").post(w.url("whatif"), _whatif({"projectcode": "WSN-06", "verschuiving": 2}))
    assert r.status_code == 200
    assert veldfouten(r)["id_opslaan-naam"] == ["Dit veld is verplicht."]
    assert not Scenario.objects.exists()


def test_a_reader_cannot_save_a_scenario(w, als):
    r = als("gemeente_lezer").post(
        w.url("whatif"),
        {**_whatif({"projectcode": "WSN-06", "verschuiving": 2}), "opslaan-naam": "Niet"},
    )
    assert r.status_code == 403
    assert not Scenario.objects.exists()
    # Computing is fine; the save form is not offered.
    r = als("gemeente_lezer").get(
        w.url("whatif"), _whatif({"projectcode": "WSN-06", "verschuiving": 2})
    )
    assert "Scenario opslaan" not in tekst(r)


# --------------------------------------------------------------------------------------------
# Import and export


def _xlsx(projecten=(), mutaties=()) -> io.BytesIO:
    wb = Workbook()
    wb.remove(wb.active)
    for naam, kolommen, rijen in (
        ("Projecten", PROJECT_KOLOMMEN, projecten),
        ("Mutaties", MUTATIE_KOLOMMEN, mutaties),
    ):
        if rijen:
            blad = wb.create_sheet(naam)
            blad.append(list(kolommen))
            for rij in rijen:
                blad.append([rij.get(k) for k in kolommen])
    bestand = io.BytesIO()
    wb.save(bestand)
    bestand.seek(0)
    bestand.name = "plannen.xlsx"
    return bestand


IMPORT_PROJECT = {
    "Projectcode": "WSN-30",
    "Naam": "Havenkwartier",
    "Kern": "Nijkerk",
    "Eigenaar": "WSN",
    "Soort eigenaar": "corporatie",
    "Hardheid": "1A",
    "Fase": "ontwerp",
    "Oplevering": "2026-Q3",
    "Sociale huur": 24,
    "Middenhuur": 0,
    "Vrije sector huur": 0,
    "Sociale koop": 0,
    "Betaalbare koop": 0,
    "Vrije sector koop": 0,
    "Totaal": 24,
    "Instandhoudingstermijn": None,
    "Toelichting": "",
}


def test_an_uploaded_sheet_creates_the_project_and_changes_tabel_1(w, als):
    client = als("wsn")
    r = client.post(w.url("importeren"), {"bestand": _xlsx(projecten=[IMPORT_PROJECT])})
    assert r.status_code == 302
    assert r["Location"] == w.url("overzicht")
    p = w.project("WSN-30")
    assert (p.eigenaar, p.oplevering_jaar, p.oplevering_kwartaal, p.sociale_huur) == (
        w.orgs["wsn"],
        2026,
        3,
        24,
    )
    pagina = client.get(r["Location"])
    assert "Import van plannen.xlsx geslaagd" in tekst(pagina)
    assert rijen_per_kop(pagina, "Tabel 1")["WSN"][0] == "550 (document: 526)"


def test_an_erroneous_sheet_shows_every_error_and_writes_nothing(w, als):
    projecten = Bouwproject.objects.count()
    mutaties = Voorraadmutatie.objects.count()
    bestand = _xlsx(
        projecten=[
            IMPORT_PROJECT,
            {**IMPORT_PROJECT, "Projectcode": "WSN-31", "Totaal": 25},
            {**IMPORT_PROJECT, "Projectcode": "WSN-32", "Hardheid": "9Z", "Sociale huur": -1},
        ],
        mutaties=[
            {
                "Corporatie": "WSN",
                "Jaar": 2026,
                "Soort": "brand",
                "Segment": "sociale huur",
                "Aantal": 3,
                "Status": "gepland",
            }
        ],
    )
    r = als("wsn").post(w.url("importeren"), {"bestand": bestand})
    assert r.status_code == 200
    pagina = tekst(r)
    assert "Niets geïmporteerd:" in pagina
    for melding in (
        "blad Projecten, rij 3, kolom O (Totaal): de segmenten tellen op tot 24, maar het "
        "totaal is 25.",
        "blad Projecten, rij 4, kolom F (Hardheid): onbekende hardheid '9Z'",
        "blad Projecten, rij 4, kolom I (Sociale huur):",
        "blad Mutaties, rij 2, kolom C (Soort): onbekende soort 'brand'",
    ):
        assert melding in pagina, pagina
    assert (Bouwproject.objects.count(), Voorraadmutatie.objects.count()) == (
        projecten,
        mutaties,
    )
    assert not Bouwproject.objects.filter(projectcode="WSN-30").exists()


def test_a_file_that_is_no_workbook_is_refused(w, als):
    bestand = io.BytesIO(b"geen werkmap")
    bestand.name = "plannen.xlsx"
    r = als("wsn").post(w.url("importeren"), {"bestand": bestand})
    assert r.status_code == 200
    assert "plannen.xlsx: dit is geen Excel-werkmap (.xlsx) en geen CSV-bestand (.csv)." in (
        tekst(r)
    )


def test_the_export_downloads_and_reimports_unchanged(w, als):
    client = als("gemeente_redacteur")
    r = client.get(w.url("export"))
    assert r.status_code == 200
    assert r["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment;" in r["Content-Disposition"]
    wb = load_workbook(io.BytesIO(r.content))
    codes = [rij[0] for rij in wb["Projecten"].iter_rows(min_row=2, values_only=True)]
    assert len(codes) == 13 and "ALL-02" in codes  # parties see the vertrouwelijke too
    versies = {p.projectcode: p.versie for p in Bouwproject.objects.filter(kader=w.kader)}
    historie = Bouwproject.history.count()
    bestand = io.BytesIO(r.content)
    bestand.name = "planmonitor.xlsx"
    r = client.post(w.url("importeren"), {"bestand": bestand})
    assert r.status_code == 302
    assert {p.projectcode: p.versie for p in Bouwproject.objects.filter(kader=w.kader)} == versies
    assert Bouwproject.history.count() == historie
    assert "Import van planmonitor.xlsx geslaagd" in tekst(client.get(r["Location"]))


def test_the_tabel_exports_carry_the_figures_of_the_page(w, als):
    client = als("wsn")
    r = client.get(w.url("export-prognose-json", query="van=2025&tot=2026&doorkijk_tot=2029"))
    data = json.loads(r.content)
    wsn = next(rij for rij in data["tabel1"]["rijen"] if rij["partij"] == "WSN")
    assert (wsn["nieuwbouw"], wsn["verkoop"], wsn["netto"], wsn["doorkijk"]) == (
        306,
        -85,
        221,
        435,
    )
    r = client.get(w.url("export-prognose"))
    assert r.status_code == 200
    wb = load_workbook(io.BytesIO(r.content))
    waarden = [c for rij in wb.worksheets[0].iter_rows(values_only=True) for c in rij]
    assert 526 in waarden and 401 in waarden


# --------------------------------------------------------------------------------------------
# The public (anonymous, the kader published)


def test_the_public_sees_the_latest_published_round_without_party_links(w, client):
    r = client.get(w.url("overzicht"))
    assert r.status_code == 200
    pagina = tekst(r)
    assert (
        "Stand: peiling Voorjaar 2026 (01-04-2026) (openbaar; vertrouwelijke projecten niet "
        "getoond)." in pagina
    )
    assert rijen_per_kop(r, "Tabel 1")["WSN"] == ["526", "–", "-125", "401", "215"]
    links = _links(r)
    assert w.url("mutaties") not in links
    assert w.url("whatif") not in links
    assert w.url("importeren") not in links
    assert w.url("export") not in links
    assert "Tabel 1 en 2 Projecten Peilingen Normen" in tekst(r)  # the sub-navigation
    # The round's picker offers only the published rounds, never the live data.
    assert [t for _, t in _opties(r, "peiling")] == [
        "Peiling Voorjaar 2026 (01-04-2026)",
        "Peiling Najaar 2025 (01-10-2025)",
    ]


def test_the_public_sees_the_earlier_round_when_the_latest_is_withdrawn(w, client):
    services.peiling_publiceren(
        peiling=w.peiling("Voorjaar 2026"), publiceren=False, acting_user=SYSTEEM
    )
    r = client.get(w.url("overzicht"))
    assert "Stand: peiling Najaar 2025 (01-10-2025)" in tekst(r)
    assert (
        client.get(w.url("overzicht", query=f"peiling={w.peiling('Voorjaar 2026').pk}")).status_code
        == 404
    )


def test_the_public_never_sees_the_vertrouwelijke_project(w, client):
    r = client.get(w.url("projecten"))
    rijen = tabel(r, "#lijst-kop")
    codes = [rij[0].split()[0] for rij in rijen[1:]]
    assert "ALL-02" not in codes and len(codes) == 12
    assert "ALL-02" not in r.content.decode()
    assert client.get(w.url("project", "ALL-02")).status_code == 404
    assert client.get(w.url("project", "WSN-06")).status_code == 200
    r = client.get(w.url("export-prognose-json"))
    assert r.status_code == 200
    assert "ALL-02" not in r.content.decode()
    assert json.loads(r.content)["tabel1"]["totaal"]["netto"] == 415
    assert client.get(w.url("export")).status_code == 404
    # A party does see it.
    client.force_login(w.hon_lezer)
    assert client.get(w.url("project", "ALL-02")).status_code == 200


def test_the_public_project_page_shows_the_round_not_the_live_data(w, client):
    services.project_wijzigen(
        project=w.project("WSN-03"),
        gegevens=_met(w.project("WSN-03"), naam="Nieuwe naam"),
        acting_user=SYSTEEM,
    )
    r = client.get(w.url("project", "WSN-03"))
    pagina = tekst(r)
    assert "WSN-03 Doornsteeg deelplan 3 (voorbeeld)" in pagina
    assert "Nieuwe naam" not in pagina
    assert "Zoals vastgelegd in peiling Voorjaar 2026 (1 april 2026)." in pagina
    assert "Bewerken" not in pagina and "Wijziging voorstellen" not in pagina
