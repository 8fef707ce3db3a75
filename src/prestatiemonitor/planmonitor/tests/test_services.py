"""Every write of the planmonitor: the success path (with its audit row and history) and the
refusals (who may edit what, sum checks, concurrent edits, frozen rounds).

One world for the module (``eenmalig``): the Nijkerk kader, one member per role, a WSN, a de
Alliantie and a market project and one WSN mutation; each test runs in its own savepoint.
"""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from prestatiemonitor.afspraken.publicatie import kader_publish
from prestatiemonitor.audit.models import AuditRecord
from prestatiemonitor.organisaties.permissions import SYSTEEM
from prestatiemonitor.planmonitor import selectors, services
from prestatiemonitor.planmonitor.models import (
    Bouwproject,
    HardheidLabel,
    Oplevering,
    Peiling,
    ProjectReactie,
    ProjectVertraging,
    Scenario,
    Voorraadmutatie,
    Wijzigingsvoorstel,
)
from prestatiemonitor.planmonitor.services import (
    GelijktijdigGewijzigd,
    PlanningRij,
    ProjectGegevens,
)

from .factories import eenmalig, gegevens, nijkerk_wereld

# --------------------------------------------------------------------------------------------
# The world


@pytest.fixture(scope="module")
def _wereld(django_db_setup, django_db_blocker):
    with eenmalig(django_db_blocker):
        wereld = nijkerk_wereld()
        kader, orgs = wereld.kader, wereld.orgs
        services.project_aanmaken(
            kader=kader,
            gegevens=gegevens(projectcode="WSN-1", eigenaar=orgs["wsn"], sociale_huur=40),
            acting_user=SYSTEEM,
        )
        services.project_aanmaken(
            kader=kader,
            gegevens=gegevens(
                projectcode="ALL-1",
                eigenaar=orgs["de-alliantie"],
                sociale_huur=20,
                middenhuur=5,
            ),
            acting_user=SYSTEEM,
        )
        services.project_aanmaken(
            kader=kader,
            gegevens=gegevens(
                projectcode="MP-1",
                eigenaar_soort="marktpartij",
                eigenaar_naam="Bouwbedrijf Voorbeeld",
                hardheid="2B",
                sociale_huur=10,
                vrije_sector_koop=20,
                instandhoudingstermijn=25,
            ),
            acting_user=SYSTEEM,
        )
        services.mutatie_opslaan(
            kader=kader,
            corporatie=orgs["wsn"],
            jaar=2025,
            soort="verkoop",
            segment="sociale_huur",
            aantal=10,
            status="gepland",
            acting_user=SYSTEEM,
        )
        yield wereld


@pytest.fixture
def w(_wereld, db):
    """The world with fresh instances (tests change them; the shared ones stay as built)."""
    kader = type(_wereld.kader).objects.get(pk=_wereld.kader.pk)
    return SimpleNamespace(
        kader=kader,
        orgs=_wereld.orgs,
        **_wereld.leden,  # users: w.wsn, w.alliantie, w.gemeente_redacteur, ...
        project=lambda code: Bouwproject.objects.select_related(
            "kader", "hardheid", "eigenaar"
        ).get(kader=kader, projectcode=code),
    )


def audit(actie: str) -> AuditRecord:
    return AuditRecord.objects.filter(actie=actie).order_by("-id").first()


def met(project: Bouwproject, **wijzigingen) -> ProjectGegevens:
    """The project's current data with some fields changed (as the edit form sends them)."""
    g = ProjectGegevens.van_project(project)
    for veld, waarde in wijzigingen.items():
        setattr(g, veld, waarde)
    return g


def fout(exc: pytest.ExceptionInfo, veld: str) -> list[str]:
    return exc.value.message_dict[veld]


# --------------------------------------------------------------------------------------------
# Projects: success paths


def test_a_corporation_records_its_own_project_with_audit_and_history(w):
    project = services.project_aanmaken(
        kader=w.kader,
        gegevens=gegevens(
            projectcode=" WSN-2 ", naam=" De Kolk ", eigenaar=w.orgs["wsn"], sociale_huur=48
        ),
        acting_user=w.wsn,
    )
    assert (project.projectcode, project.naam, project.versie) == ("WSN-2", "De Kolk", 1)
    assert project.gemeente_id == w.kader.gemeente_id
    rij = audit("project.aangemaakt")
    assert (rij.object_id, rij.door, rij.gebruiker) == (str(project.pk), w.wsn.username, w.wsn)
    assert (rij.gegevens["sociale_huur"], rij.gegevens["eigenaar"]) == ("48", "WSN")
    (historie,) = project.history.all()
    assert (historie.history_user, historie.history_change_reason) == (w.wsn, "aangemaakt")


def test_a_corporation_edits_its_own_project_recorded_with_before_and_after(w):
    project = w.project("WSN-1")
    services.project_wijzigen(
        project=project,
        gegevens=met(project, naam="Paasbos", sociale_huur=30, vrije_sector_koop=10, totaal=40),
        acting_user=w.wsn,
        versie=1,
    )
    project = w.project("WSN-1")
    assert (project.naam, project.sociale_huur, project.versie) == ("Paasbos", 30, 2)
    assert audit("project.gewijzigd").gegevens == {
        "naam": ["Proefproject", "Paasbos"],
        "sociale_huur": ["40", "30"],
        "vrije_sector_koop": ["0", "10"],
    }
    laatste = project.history.first()
    assert (laatste.history_user, laatste.history_change_reason, laatste.naam) == (
        w.wsn,
        "gewijzigd",
        "Paasbos",
    )
    assert project.history.count() == 2


def test_the_gemeente_edits_every_project_also_a_market_partys(w):
    for code in ("WSN-1", "ALL-1", "MP-1"):
        project = w.project(code)
        services.project_wijzigen(
            project=project,
            gegevens=met(project, kern="Hoevelaken"),
            acting_user=w.gemeente_redacteur,
        )
        assert w.project(code).kern == "Hoevelaken"
    markt = services.project_aanmaken(
        kader=w.kader,
        gegevens=gegevens(
            projectcode="MP-2",
            eigenaar_soort="particulier",
            eigenaar_naam="Fam. Voorbeeld",
            vrije_sector_koop=2,
        ),
        acting_user=w.gemeente_redacteur,
    )
    assert markt.eigenaar_label == "Fam. Voorbeeld"
    services.project_verwijderen(project=w.project("ALL-1"), acting_user=w.gemeente_redacteur)
    assert not Bouwproject.objects.filter(projectcode="ALL-1").exists()


def test_deleting_a_project_is_recorded(w):
    project = w.project("WSN-1")
    pk = project.pk
    services.project_verwijderen(project=project, acting_user=w.wsn)
    assert not Bouwproject.objects.filter(pk=pk).exists()
    rij = audit("project.verwijderd")
    assert (rij.object_id, rij.gebruiker, rij.gegevens["projectcode"]) == (str(pk), w.wsn, "WSN-1")
    laatste = Bouwproject.history.filter(id=pk).first()
    assert (laatste.history_type, laatste.history_change_reason) == ("-", "verwijderd")


# --------------------------------------------------------------------------------------------
# Projects: who may not


def test_wsn_may_not_create_edit_or_delete_a_de_alliantie_project(w):
    with pytest.raises(PermissionDenied, match="eigen organisatie vastleggen"):
        services.project_aanmaken(
            kader=w.kader,
            gegevens=gegevens(projectcode="ALL-9", eigenaar=w.orgs["de-alliantie"]),
            acting_user=w.wsn,
        )
    project = w.project("ALL-1")
    with pytest.raises(PermissionDenied, match="eigen organisatie wijzigen"):
        services.project_wijzigen(
            project=project, gegevens=met(project, naam="X"), acting_user=w.wsn
        )
    with pytest.raises(PermissionDenied):
        services.project_verwijderen(project=project, acting_user=w.wsn)
    with pytest.raises(PermissionDenied):
        services.planning_vastleggen(project=project, rijen=[], acting_user=w.wsn)
    assert w.project("ALL-1").naam == "Proefproject"
    assert not Bouwproject.objects.filter(projectcode="ALL-9").exists()


def test_wsn_may_not_edit_or_create_a_market_partys_project(w):
    project = w.project("MP-1")
    with pytest.raises(PermissionDenied):
        services.project_wijzigen(
            project=project, gegevens=met(project, naam="X"), acting_user=w.wsn
        )
    with pytest.raises(PermissionDenied):
        services.project_aanmaken(
            kader=w.kader,
            gegevens=gegevens(
                projectcode="MP-9", eigenaar_soort="marktpartij", eigenaar_naam="Bouwer"
            ),
            acting_user=w.wsn,
        )


def test_wsn_may_not_hand_its_project_to_de_alliantie(w):
    project = w.project("WSN-1")
    with pytest.raises(PermissionDenied, match="niet aan een andere eigenaar toewijzen"):
        services.project_wijzigen(
            project=project,
            gegevens=met(project, eigenaar=w.orgs["de-alliantie"]),
            acting_user=w.wsn,
        )
    assert w.project("WSN-1").eigenaar == w.orgs["wsn"]
    # The gemeente may move a project between corporations.
    project = w.project("WSN-1")
    services.project_wijzigen(
        project=project,
        gegevens=met(project, eigenaar=w.orgs["de-alliantie"]),
        acting_user=w.gemeente_redacteur,
    )
    assert w.project("WSN-1").eigenaar == w.orgs["de-alliantie"]


@pytest.mark.parametrize("lid", ["hon_redacteur", "hon_lezer", "wsn_lezer", "gemeente_lezer"])
def test_tenants_and_readers_edit_nothing(w, lid):
    user = getattr(w, lid)
    project = w.project("WSN-1")
    with pytest.raises(PermissionDenied):
        services.project_aanmaken(
            kader=w.kader,
            gegevens=gegevens(projectcode="X-1", eigenaar=w.orgs["wsn"]),
            acting_user=user,
        )
    with pytest.raises(PermissionDenied):
        services.project_wijzigen(
            project=project, gegevens=met(project, naam="X"), acting_user=user
        )
    with pytest.raises(PermissionDenied):
        services.project_verwijderen(project=project, acting_user=user)
    with pytest.raises(PermissionDenied):
        services.planning_vastleggen(project=project, rijen=[], acting_user=user)
    with pytest.raises(PermissionDenied):
        services.mutatie_opslaan(
            kader=w.kader,
            corporatie=w.orgs["wsn"],
            jaar=2026,
            soort="sloop",
            segment="sociale_huur",
            aantal=1,
            status="gepland",
            acting_user=user,
        )
    with pytest.raises(PermissionDenied):
        services.peiling_vastleggen(
            kader=w.kader, naam="Peiling", peildatum=date(2026, 4, 1), acting_user=user
        )
    assert w.project("WSN-1").naam == "Proefproject"


def _aanroepen_zonder_gebruiker(w):
    project = w.project("WSN-1")
    mutatie = Voorraadmutatie.objects.get(kader=w.kader)
    voorstel = services.voorstel_indienen(
        project=project, wijzigingen={"naam": "Y"}, toelichting="Beter", acting_user=w.hon_redacteur
    )
    peiling = services.peiling_vastleggen(
        kader=w.kader, naam="P", peildatum=date(2026, 1, 1), acting_user=SYSTEEM
    )
    return {
        "project_aanmaken": lambda: services.project_aanmaken(
            kader=w.kader,
            gegevens=gegevens(projectcode="N-1", eigenaar=w.orgs["wsn"]),
            acting_user=None,
        ),
        "project_wijzigen": lambda: services.project_wijzigen(
            project=project, gegevens=met(project), acting_user=None
        ),
        "project_verwijderen": lambda: services.project_verwijderen(
            project=project, acting_user=None
        ),
        "planning_vastleggen": lambda: services.planning_vastleggen(
            project=project, rijen=[], acting_user=None
        ),
        "mutatie_opslaan": lambda: services.mutatie_opslaan(
            kader=w.kader,
            corporatie=w.orgs["wsn"],
            jaar=2026,
            soort="sloop",
            segment="sociale_huur",
            aantal=1,
            status="gepland",
            acting_user=None,
        ),
        "mutatie_verwijderen": lambda: services.mutatie_verwijderen(
            mutatie=mutatie, acting_user=None
        ),
        "voorstel_indienen": lambda: services.voorstel_indienen(
            project=project, wijzigingen={"naam": "Z"}, toelichting="t", acting_user=None
        ),
        "voorstel_besluiten": lambda: services.voorstel_besluiten(
            voorstel=voorstel, aanvaarden=True, acting_user=None
        ),
        "project_reactie_plaatsen": lambda: services.project_reactie_plaatsen(
            project=project, tekst="Hallo", acting_user=None
        ),
        "peiling_vastleggen": lambda: services.peiling_vastleggen(
            kader=w.kader, naam="Q", peildatum=date(2026, 1, 1), acting_user=None
        ),
        "peiling_publiceren": lambda: services.peiling_publiceren(
            peiling=peiling, acting_user=None
        ),
        "scenario_opslaan": lambda: services.scenario_opslaan(
            kader=w.kader,
            naam="S",
            wijzigingen=[{"projectcode": "WSN-1", "verschuiving": 1}],
            acting_user=None,
        ),
        "hardheidlabels_inrichten": lambda: services.hardheidlabels_inrichten(
            kader=w.kader, acting_user=None
        ),
    }


def test_no_acting_user_is_refused_by_every_service(w):
    aanroepen = _aanroepen_zonder_gebruiker(w)
    geweigerd = []
    for naam, aanroep in aanroepen.items():
        with pytest.raises(PermissionDenied, match="zonder handelende gebruiker"):
            aanroep()
        geweigerd.append(naam)
    assert len(geweigerd) == 13
    assert not Bouwproject.objects.filter(projectcode="N-1").exists()
    assert w.project("WSN-1").versie == 1


# --------------------------------------------------------------------------------------------
# Sum checks, unique codes, concurrent edits, delays


def test_segments_must_add_up_to_the_total(w):
    with pytest.raises(ValidationError) as exc:
        services.project_aanmaken(
            kader=w.kader,
            gegevens=gegevens(
                projectcode="WSN-3",
                eigenaar=w.orgs["wsn"],
                sociale_huur=12,
                middenhuur=3,
                totaal=14,
            ),
            acting_user=w.wsn,
        )
    assert fout(exc, "totaal") == ["De segmenten tellen op tot 15, maar het totaal is 14."]
    project = w.project("WSN-1")
    with pytest.raises(ValidationError) as exc:
        services.project_wijzigen(
            project=project, gegevens=met(project, totaal=41), acting_user=w.wsn
        )
    assert fout(exc, "totaal") == ["De segmenten tellen op tot 40, maar het totaal is 41."]
    assert not Bouwproject.objects.filter(projectcode="WSN-3").exists()


def test_negative_units_are_refused(w):
    project = w.project("WSN-1")
    with pytest.raises(ValidationError) as exc:
        services.project_wijzigen(
            project=project,
            gegevens=met(project, sociale_huur=45, middenhuur=-5),
            acting_user=w.wsn,
        )
    assert "middenhuur" in exc.value.message_dict


def test_year_planning_must_add_up_per_segment_to_the_project(w):
    project = w.project("ALL-1")  # 20 sociale huur, 5 middenhuur
    with pytest.raises(ValidationError) as exc:
        services.planning_vastleggen(
            project=project,
            rijen=[
                PlanningRij(2026, "gerealiseerd", {"sociale_huur": 10}),
                PlanningRij(2027, "gepland", {"sociale_huur": 8, "middenhuur": 5}),
            ],
            acting_user=w.alliantie,
        )
    assert fout(exc, "planning") == [
        "sociale huur: de planning per jaar telt op tot 18, het project heeft 20."
    ]
    assert not Oplevering.objects.filter(project=project).exists()

    services.planning_vastleggen(
        project=project,
        rijen=[
            PlanningRij(2026, "gerealiseerd", {"sociale_huur": 10}),
            PlanningRij(2027, "gepland", {"sociale_huur": 10, "middenhuur": 5}),
        ],
        acting_user=w.alliantie,
        versie=1,
    )
    assert [
        (o.jaar, o.status, o.sociale_huur, o.middenhuur) for o in project.opleveringen.all()
    ] == [
        (2026, "gerealiseerd", 10, 0),
        (2027, "gepland", 10, 5),
    ]
    assert w.project("ALL-1").versie == 2
    assert audit("project.planning").gegevens["planning"][1]["middenhuur"] == 5

    # Changing the units afterwards must keep the planning adding up.
    project = w.project("ALL-1")
    with pytest.raises(ValidationError) as exc:
        services.project_wijzigen(
            project=project,
            gegevens=met(project, sociale_huur=25, totaal=30),
            acting_user=w.alliantie,
        )
    assert fout(exc, "planning") == [
        "sociale huur: de planning per jaar telt op tot 20, het project heeft 25."
    ]


@pytest.mark.parametrize(
    ("rijen", "melding"),
    [
        ([PlanningRij(1999, "gepland", {"sociale_huur": 20, "middenhuur": 5})], "1999 ligt niet"),
        ([PlanningRij(2026, "gepland", {"sociale_huur": 25, "middenhuur": -5})], "negatief"),
        (
            [PlanningRij(2026, "misschien", {"sociale_huur": 20, "middenhuur": 5})],
            "Onbekende status",
        ),
        (
            [
                PlanningRij(2026, "gepland", {"sociale_huur": 10}),
                PlanningRij(2026, "gepland", {"sociale_huur": 10, "middenhuur": 5}),
            ],
            "twee keer",
        ),
        (
            [PlanningRij(2026, "gepland", {"sociale_huur": 20, "middenhuur": 5, "koop": 0})],
            "In 2026 staat een onbekend segment: koop.",
        ),
    ],
)
def test_a_bad_planning_row_is_refused_with_its_reason(w, rijen, melding):
    with pytest.raises(ValidationError) as exc:
        services.planning_vastleggen(
            project=w.project("ALL-1"), rijen=rijen, acting_user=w.alliantie
        )
    assert melding in fout(exc, "planning")[0]


def test_projectcode_is_unique_within_the_gemeente(w):
    with pytest.raises(ValidationError) as exc:
        services.project_aanmaken(
            kader=w.kader,
            gegevens=gegevens(projectcode="WSN-1", eigenaar=w.orgs["wsn"]),
            acting_user=w.wsn,
        )
    assert fout(exc, "projectcode") == ["Projectcode WSN-1 bestaat al in deze gemeente."]
    project = w.project("ALL-1")
    with pytest.raises(ValidationError) as exc:
        services.project_wijzigen(
            project=project, gegevens=met(project, projectcode="WSN-1"), acting_user=w.alliantie
        )
    assert fout(exc, "projectcode") == ["Projectcode WSN-1 bestaat al in deze gemeente."]


def test_a_stale_versie_is_a_concurrent_edit_and_nothing_is_lost(w):
    project = w.project("WSN-1")
    services.project_wijzigen(
        project=project, gegevens=met(project, naam="Eerst"), acting_user=w.wsn, versie=1
    )
    with pytest.raises(GelijktijdigGewijzigd) as exc:
        services.project_wijzigen(
            project=project,
            gegevens=met(project, kern="Later"),
            acting_user=w.gemeente_redacteur,
            versie=1,
        )
    assert "versie 2, u begon bij versie 1" in exc.value.melding
    assert exc.value.huidige.naam == "Eerst"
    assert (w.project("WSN-1").naam, w.project("WSN-1").kern) == ("Eerst", "Nijkerk")
    with pytest.raises(GelijktijdigGewijzigd):
        services.planning_vastleggen(project=project, rijen=[], acting_user=w.wsn, versie=1)

    mutatie = Voorraadmutatie.objects.get(kader=w.kader)
    kwargs = {
        "kader": w.kader,
        "corporatie": w.orgs["wsn"],
        "jaar": 2025,
        "soort": "verkoop",
        "segment": "sociale_huur",
        "status": "gepland",
        "acting_user": w.wsn,
    }
    services.mutatie_opslaan(**kwargs, aantal=12, versie=mutatie.versie)
    with pytest.raises(GelijktijdigGewijzigd):
        services.mutatie_opslaan(**kwargs, aantal=14, versie=mutatie.versie)
    assert Voorraadmutatie.objects.get(pk=mutatie.pk).aantal == 12


def test_a_later_delivery_records_a_delay_with_its_cause(w):
    project = w.project("WSN-1")
    services.project_wijzigen(
        project=project,
        gegevens=met(project, oplevering_jaar=2028),
        acting_user=w.wsn,
        vertraging_oorzaak=" Netcongestie ",
        vertraging_remedie="Tijdelijke aansluiting",
    )
    (vertraging,) = ProjectVertraging.objects.filter(project=project)
    assert (vertraging.van_jaar, vertraging.naar_jaar, vertraging.oorzaak, vertraging.remedie) == (
        2026,
        2028,
        "Netcongestie",
        "Tijdelijke aansluiting",
    )
    assert vertraging.vastgelegd_door == w.wsn
    assert audit("project.gewijzigd").gegevens["oplevering_jaar"] == ["2026", "2028"]
    # Earlier is no delay.
    project = w.project("WSN-1")
    services.project_wijzigen(
        project=project, gegevens=met(project, oplevering_jaar=2027), acting_user=w.wsn
    )
    assert ProjectVertraging.objects.filter(project=project).count() == 1


# --------------------------------------------------------------------------------------------
# Mutations


def test_a_corporation_records_its_own_mutation_and_a_second_save_updates_it(w):
    kwargs = {
        "kader": w.kader,
        "corporatie": w.orgs["de-alliantie"],
        "jaar": 2025,
        "soort": "overheveling",
        "segment": "sociale_huur",
        "status": "gerealiseerd",
        "acting_user": w.alliantie,
    }
    mutatie = services.mutatie_opslaan(**kwargs, aantal=6, toelichting=" Naar middenhuur ")
    assert (mutatie.aantal, mutatie.versie, mutatie.toelichting) == (6, 1, "Naar middenhuur")
    rij = audit("mutatie.vastgelegd")
    assert (rij.gebruiker, rij.gegevens) == (w.alliantie, {"aantal": [None, 6]})
    assert rij.omschrijving == "de Alliantie: overheveling sociale huur 2025 (gerealiseerd) = 6."

    zelfde = services.mutatie_opslaan(**kwargs, aantal=7, versie=1)
    assert (zelfde.pk, zelfde.aantal, zelfde.versie) == (mutatie.pk, 7, 2)
    assert audit("mutatie.gewijzigd").gegevens == {"aantal": [6, 7]}
    assert [h.aantal for h in zelfde.history.all()] == [7, 6]


def test_a_corporation_may_not_record_or_delete_another_corporations_mutation(w):
    with pytest.raises(PermissionDenied, match="eigen corporatie"):
        services.mutatie_opslaan(
            kader=w.kader,
            corporatie=w.orgs["de-alliantie"],
            jaar=2025,
            soort="verkoop",
            segment="sociale_huur",
            aantal=3,
            status="gepland",
            acting_user=w.wsn,
        )
    mutatie = Voorraadmutatie.objects.get(kader=w.kader, corporatie=w.orgs["wsn"])
    with pytest.raises(PermissionDenied):
        services.mutatie_verwijderen(mutatie=mutatie, acting_user=w.alliantie)
    services.mutatie_verwijderen(mutatie=mutatie, acting_user=w.wsn)
    assert not Voorraadmutatie.objects.filter(pk=mutatie.pk).exists()
    assert audit("mutatie.verwijderd").gebruiker == w.wsn


def test_the_gemeente_records_any_corporations_mutation_but_only_a_corporations(w):
    mutatie = services.mutatie_opslaan(
        kader=w.kader,
        corporatie=w.orgs["de-alliantie"],
        jaar=2026,
        soort="sloop",
        segment="sociale_huur",
        aantal=4,
        status="gepland",
        acting_user=w.gemeente_redacteur,
    )
    assert mutatie.corporatie == w.orgs["de-alliantie"]
    with pytest.raises(ValidationError) as exc:
        services.mutatie_opslaan(
            kader=w.kader,
            corporatie=w.orgs["hon"],
            jaar=2026,
            soort="sloop",
            segment="sociale_huur",
            aantal=4,
            status="gepland",
            acting_user=w.gemeente_redacteur,
        )
    assert fout(exc, "corporatie") == ["Mutaties horen bij een corporatie."]
    with pytest.raises(ValidationError) as exc:
        services.mutatie_opslaan(
            kader=w.kader,
            corporatie=w.orgs["wsn"],
            jaar=2026,
            soort="sloop",
            segment="sociale_huur",
            aantal=0,
            status="gepland",
            acting_user=w.gemeente_redacteur,
        )
    assert "aantal" in exc.value.message_dict


# --------------------------------------------------------------------------------------------
# Proposals and reacties


def test_tenants_propose_and_the_gemeente_accepts_applying_and_recording_the_change(w):
    project = w.project("WSN-1")
    voorstel = services.voorstel_indienen(
        project=project,
        wijzigingen={"oplevering_jaar": 2027, "naam": "Proefproject"},  # naam unchanged: dropped
        toelichting="De aannemer meldt een half jaar vertraging.",
        acting_user=w.hon_redacteur,
    )
    assert (voorstel.status, voorstel.organisatie, voorstel.wijzigingen) == (
        "open",
        w.orgs["hon"],
        {"oplevering_jaar": 2027},
    )
    assert audit("project.voorstel").gebruiker == w.hon_redacteur
    assert w.project("WSN-1").oplevering_jaar == 2026  # a proposal changes nothing yet

    with pytest.raises(PermissionDenied, match="Alleen de gemeente besluit"):
        services.voorstel_besluiten(voorstel=voorstel, aanvaarden=True, acting_user=w.wsn)
    services.voorstel_besluiten(
        voorstel=voorstel, aanvaarden=True, acting_user=w.gemeente_redacteur
    )

    voorstel.refresh_from_db()
    assert (voorstel.status, voorstel.besloten_door) == ("aanvaard", w.gemeente_redacteur)
    project = w.project("WSN-1")
    assert (project.oplevering_jaar, project.versie) == (2027, 2)
    assert project.history.first().history_change_reason == f"voorstel {voorstel.pk} aanvaard"
    (vertraging,) = project.vertragingen.all()
    assert vertraging.oorzaak == "De aannemer meldt een half jaar vertraging."
    assert audit("project.voorstel.aanvaard").object_id == str(voorstel.pk)
    assert audit("project.gewijzigd").gegevens["oplevering_jaar"] == ["2026", "2027"]

    with pytest.raises(ValidationError, match="al besloten"):
        services.voorstel_besluiten(
            voorstel=voorstel,
            aanvaarden=False,
            toelichting="Toch niet",
            acting_user=w.gemeente_redacteur,
        )


def test_declining_a_proposal_needs_a_reason_and_changes_nothing(w):
    project = w.project("ALL-1")
    voorstel = services.voorstel_indienen(
        project=project,
        wijzigingen={"hardheid": "3"},
        toelichting="Het bestemmingsplan is nog niet vastgesteld.",
        acting_user=w.wsn,  # WSN may not edit de Alliantie's project, but may propose
    )
    assert voorstel.organisatie == w.orgs["wsn"]
    with pytest.raises(ValidationError) as exc:
        services.voorstel_besluiten(
            voorstel=voorstel, aanvaarden=False, acting_user=w.gemeente_redacteur
        )
    assert fout(exc, "toelichting") == ["Geef aan waarom het voorstel wordt afgewezen."]
    services.voorstel_besluiten(
        voorstel=voorstel,
        aanvaarden=False,
        toelichting=" Wel vastgesteld op 3 maart. ",
        acting_user=w.gemeente_redacteur,
    )
    voorstel.refresh_from_db()
    assert (voorstel.status, voorstel.besluit_toelichting) == (
        "afgewezen",
        "Wel vastgesteld op 3 maart.",
    )
    assert w.project("ALL-1").hardheid.code == "1A"
    assert audit("project.voorstel.afgewezen").gegevens == {
        "toelichting": "Wel vastgesteld op 3 maart."
    }


def test_accepting_an_old_proposal_keeps_later_edits_of_other_fields(w):
    voorstel = services.voorstel_indienen(
        project=w.project("WSN-1"),
        wijzigingen={"kern": "Hoevelaken"},
        toelichting="Ligt in Hoevelaken.",
        acting_user=w.hon_redacteur,
    )
    project = w.project("WSN-1")
    services.project_wijzigen(
        project=project, gegevens=met(project, naam="Paasbos"), acting_user=w.wsn
    )
    # The gemeente decides from the proposal it loaded before WSN's edit.
    services.voorstel_besluiten(
        voorstel=voorstel, aanvaarden=True, acting_user=w.gemeente_redacteur
    )
    project = w.project("WSN-1")
    assert (project.kern, project.naam) == ("Hoevelaken", "Paasbos")


def test_a_proposal_is_checked_like_an_edit(w):
    project = w.project("WSN-1")
    indienen = lambda wijzigingen, toelichting="Reden": services.voorstel_indienen(  # noqa: E731
        project=project,
        wijzigingen=wijzigingen,
        toelichting=toelichting,
        acting_user=w.hon_redacteur,
    )
    with pytest.raises(ValidationError) as exc:
        indienen({"naam": "Nieuw"}, toelichting=" ")
    assert fout(exc, "toelichting") == ["Licht uw voorstel toe."]
    with pytest.raises(ValidationError) as exc:
        indienen({"naam": "Proefproject"})
    assert fout(exc, "wijzigingen") == ["Het voorstel wijzigt niets."]
    with pytest.raises(ValidationError) as exc:
        indienen({"eigenaar": "de Alliantie"})
    assert fout(exc, "wijzigingen") == ["Onbekende velden: eigenaar."]
    with pytest.raises(ValidationError) as exc:
        indienen({"sociale_huur": 30})
    assert fout(exc, "totaal") == ["De segmenten tellen op tot 30, maar het totaal is 40."]
    with pytest.raises(ValidationError) as exc:
        indienen({"hardheid": "9Z"})
    assert fout(exc, "hardheid") == ["Onbekende hardheid '9Z'."]
    assert not Wijzigingsvoorstel.objects.exists()


@pytest.mark.parametrize("lid", ["hon_lezer", "wsn_lezer", "gemeente_redacteur", "gemeente_lezer"])
def test_readers_and_the_gemeente_do_not_propose_or_react(w, lid):
    project = w.project("WSN-1")
    with pytest.raises(PermissionDenied):
        services.voorstel_indienen(
            project=project, wijzigingen={"naam": "X"}, toelichting="t", acting_user=getattr(w, lid)
        )
    with pytest.raises(PermissionDenied):
        services.project_reactie_plaatsen(
            project=project, tekst="Hallo", acting_user=getattr(w, lid)
        )


def test_tenants_react_on_a_project(w):
    project = w.project("WSN-1")
    with pytest.raises(ValidationError) as exc:
        services.project_reactie_plaatsen(project=project, tekst="  ", acting_user=w.hon_redacteur)
    assert fout(exc, "tekst") == ["Schrijf uw reactie."]
    reactie = services.project_reactie_plaatsen(
        project=project, tekst=" Graag nultredenwoningen. ", acting_user=w.hon_redacteur
    )
    assert (reactie.organisatie, reactie.tekst, reactie.geplaatst_door) == (
        w.orgs["hon"],
        "Graag nultredenwoningen.",
        w.hon_redacteur,
    )
    assert audit("project.reactie").object_id == str(reactie.pk)
    assert ProjectReactie.objects.count() == 1
    with pytest.raises(PermissionDenied, match="niet namens deze organisatie"):
        services.project_reactie_plaatsen(
            project=project,
            tekst="Namens WSN",
            acting_user=w.hon_redacteur,
            organisatie=w.orgs["wsn"],
        )


# --------------------------------------------------------------------------------------------
# Review rounds


def _tabel1(kader, peiling=None):
    bron = selectors.Bron(kader, peiling, False)
    return selectors.prognose(bron, selectors.periode(kader)).als_json()["tabel1"]


def test_a_round_freezes_the_state_later_edits_do_not_change_its_tables(w):
    peiling = services.peiling_vastleggen(
        kader=w.kader,
        naam=" Voorjaar 2026 ",
        peildatum=date(2026, 4, 1),
        acting_user=w.gemeente_redacteur,
    )
    assert (peiling.naam, peiling.gepubliceerd, peiling.vastgelegd_door) == (
        "Voorjaar 2026",
        False,
        w.gemeente_redacteur,
    )
    assert sorted(peiling.standen.values_list("projectcode", flat=True)) == [
        "ALL-1",
        "MP-1",
        "WSN-1",
    ]
    assert audit("peiling.vastgelegd").omschrijving == (
        "Peiling Voorjaar 2026 vastgelegd: 3 projecten, 1 mutaties."
    )
    bevroren = _tabel1(w.kader, peiling)
    assert bevroren["totaal"]["nieuwbouw"] == 40 + 20 + 10
    assert bevroren["totaal"]["verkoop"] == -10

    project = w.project("WSN-1")
    services.project_wijzigen(
        project=project, gegevens=met(project, oplevering_jaar=2029), acting_user=w.wsn
    )
    services.mutatie_opslaan(
        kader=w.kader,
        corporatie=w.orgs["wsn"],
        jaar=2025,
        soort="verkoop",
        segment="sociale_huur",
        aantal=30,
        status="gepland",
        acting_user=w.wsn,
    )
    services.project_verwijderen(project=w.project("ALL-1"), acting_user=w.alliantie)

    assert _tabel1(w.kader, Peiling.objects.get(pk=peiling.pk)) == bevroren
    live = _tabel1(w.kader)
    assert (live["totaal"]["nieuwbouw"], live["totaal"]["verkoop"], live["totaal"]["doorkijk"]) == (
        10,
        -30,
        40,
    )


def test_round_names_are_unique_and_required(w):
    services.peiling_vastleggen(
        kader=w.kader, naam="Najaar", peildatum=date(2025, 10, 1), acting_user=SYSTEEM
    )
    with pytest.raises(ValidationError) as exc:
        services.peiling_vastleggen(
            kader=w.kader, naam="Najaar", peildatum=date(2025, 11, 1), acting_user=SYSTEEM
        )
    assert fout(exc, "naam") == ["Er is al een peiling 'Najaar'."]
    with pytest.raises(ValidationError):
        services.peiling_vastleggen(
            kader=w.kader, naam=" ", peildatum=date(2025, 11, 1), acting_user=SYSTEEM
        )


def test_comparing_two_rounds_lists_moves_with_their_cause_and_new_and_dropped_projects(w):
    eerste = services.peiling_vastleggen(
        kader=w.kader, naam="1", peildatum=date(2025, 10, 1), acting_user=SYSTEEM
    )
    project = w.project("WSN-1")
    services.project_wijzigen(
        project=project,
        gegevens=met(project, oplevering_jaar=2028, hardheid=w.project("MP-1").hardheid),
        acting_user=w.wsn,
        vertraging_oorzaak="Stikstof",
    )
    services.project_verwijderen(project=w.project("ALL-1"), acting_user=w.alliantie)
    services.project_aanmaken(
        kader=w.kader,
        gegevens=gegevens(projectcode="WSN-2", eigenaar=w.orgs["wsn"]),
        acting_user=w.wsn,
    )
    tweede = services.peiling_vastleggen(
        kader=w.kader, naam="2", peildatum=date(2026, 4, 1), acting_user=SYSTEEM
    )
    verschillen = {
        v.projectcode: v for v in selectors.vergelijk_peilingen(eerste, tweede, openbaar=False)
    }
    assert set(verschillen) == {"WSN-1", "ALL-1", "WSN-2"}
    assert (verschillen["ALL-1"].soort, verschillen["WSN-2"].soort) == ("vervallen", "nieuw")
    moved = verschillen["WSN-1"]
    assert (moved.oplevering_van, moved.oplevering_naar, moved.verschuiving) == ("2026", "2028", 2)
    assert moved.wijzigingen == ["hardheid 1A → 2B"]
    assert moved.oorzaken == ["2026 → 2028: Stikstof"]


def test_publishing_a_round_makes_it_public(w):
    peiling = services.peiling_vastleggen(
        kader=w.kader, naam="P", peildatum=date(2026, 4, 1), acting_user=SYSTEEM
    )
    kader_publish(kader=w.kader, acting_user=SYSTEEM)
    assert not Peiling.objects.visible_to(AnonymousUser()).filter(pk=peiling.pk).exists()
    with pytest.raises(PermissionDenied, match="Alleen de gemeente publiceert"):
        services.peiling_publiceren(peiling=peiling, acting_user=w.wsn)
    services.peiling_publiceren(peiling=peiling, acting_user=w.gemeente_redacteur)
    peiling.refresh_from_db()
    assert peiling.gepubliceerd and peiling.gepubliceerd_op is not None
    assert audit("peiling.gepubliceerd").gebruiker == w.gemeente_redacteur
    assert Peiling.objects.visible_to(AnonymousUser()).filter(pk=peiling.pk).exists()
    services.peiling_publiceren(peiling=peiling, acting_user=w.gemeente_redacteur, publiceren=False)
    peiling.refresh_from_db()
    assert (peiling.gepubliceerd, peiling.gepubliceerd_op) == (False, None)
    assert audit("peiling.ingetrokken").object_id == str(peiling.pk)


# --------------------------------------------------------------------------------------------
# Scenarios


def test_a_party_saves_a_scenario_by_name_and_saving_again_updates_it(w):
    scenario = services.scenario_opslaan(
        kader=w.kader,
        naam=" Netcongestie ",
        wijzigingen=[
            {"projectcode": "WSN-1", "verschuiving": "2"},
            {"projectcode": "ALL-1", "hardheid": "3", "segmenten": {"sociale_huur": "15"}},
            {"projectcode": "MP-1"},  # changes nothing: left out
        ],
        acting_user=w.wsn,
    )
    assert (scenario.naam, scenario.organisatie, scenario.aangemaakt_door) == (
        "Netcongestie",
        w.orgs["wsn"],
        w.wsn,
    )
    assert scenario.wijzigingen == [
        {"projectcode": "WSN-1", "verschuiving": 2},
        {"projectcode": "ALL-1", "hardheid": "3", "segmenten": {"sociale_huur": 15}},
    ]
    assert audit("scenario.opgeslagen").omschrijving == "Scenario 'Netcongestie' opgeslagen."
    opnieuw = services.scenario_opslaan(
        kader=w.kader,
        naam="Netcongestie",
        wijzigingen=[{"projectcode": "WSN-1", "verschuiving": 3}],
        acting_user=w.wsn,
    )
    assert opnieuw.pk == scenario.pk and Scenario.objects.count() == 1
    assert opnieuw.wijzigingen == [{"projectcode": "WSN-1", "verschuiving": 3}]
    # Another organisation saving under the same name makes its own scenario, never
    # overwrites WSN's.
    van_hon = services.scenario_opslaan(
        kader=w.kader,
        naam="Netcongestie",
        wijzigingen=[{"projectcode": "WSN-1", "verschuiving": 1}],
        acting_user=w.hon_redacteur,
    )
    assert van_hon.pk != scenario.pk and van_hon.organisatie == w.orgs["hon"]
    assert Scenario.objects.get(pk=scenario.pk).wijzigingen == [
        {"projectcode": "WSN-1", "verschuiving": 3}
    ]
    # Stored data untouched.
    assert w.project("WSN-1").oplevering_jaar == 2026
    assert w.project("ALL-1").hardheid.code == "1A"


@pytest.mark.parametrize(
    ("wijzigingen", "melding"),
    [
        ([{"projectcode": "XX-9", "verschuiving": 1}], "Wijziging 1: onbekend project 'XX-9'."),
        (
            [
                {"projectcode": "WSN-1", "verschuiving": 1},
                {"projectcode": "ALL-1", "hardheid": "9Z"},
            ],
            "Wijziging 2: onbekende hardheid '9Z'.",
        ),
        (
            [{"projectcode": "ALL-1", "segmenten": {"sociale_huur": -3}}],
            "Wijziging 1: sociale huur is negatief.",
        ),
        (
            [{"projectcode": "ALL-1", "segmenten": {"koop": 3}}],
            "Wijziging 1: onbekend segment 'koop'.",
        ),
        (
            [{"projectcode": "ALL-1", "verschuiving": "een jaar"}],
            "Wijziging 1: de verschuiving is geen heel aantal jaren.",
        ),
        (
            [{"projectcode": "ALL-1", "verschuiving": 31}],
            "Wijziging 1: een verschuiving van 31 jaar is te groot.",
        ),
        ([{"projectcode": "ALL-1"}], "Het scenario wijzigt niets."),
    ],
)
def test_a_bad_scenario_is_refused_in_dutch(w, wijzigingen, melding):
    with pytest.raises(ValidationError) as exc:
        services.scenario_opslaan(
            kader=w.kader, naam="S", wijzigingen=wijzigingen, acting_user=w.gemeente_redacteur
        )
    assert fout(exc, "wijzigingen") == [melding]
    assert not Scenario.objects.exists()


def test_readers_do_not_save_scenarios(w):
    for lid in ("hon_lezer", "wsn_lezer", "gemeente_lezer"):
        with pytest.raises(PermissionDenied):
            services.scenario_opslaan(
                kader=w.kader,
                naam="S",
                wijzigingen=[{"projectcode": "WSN-1", "verschuiving": 1}],
                acting_user=getattr(w, lid),
            )


# --------------------------------------------------------------------------------------------
# Hardness labels from the imported begrippenlijst


def test_hardness_labels_come_from_the_imported_nijkerk_begrippenlijst(w):
    with pytest.raises(PermissionDenied):
        services.hardheidlabels_inrichten(kader=w.kader, acting_user=w.wsn)
    assert services.hardheidlabels_inrichten(kader=w.kader, acting_user=w.gemeente_redacteur) == 9
    labels = {
        h.hardheid.code: h
        for h in HardheidLabel.objects.filter(kader=w.kader).select_related("hardheid")
    }
    assert set(labels) == {"1A", "1B", "1C", "2A", "2B", "2C", "3", "4A", "4B"}
    assert labels["4B"].label == "Idee (zonder beginselbereidheid B&W)"
    assert labels["4B"].definitie == "Potentieel: Idee (zonder beginselbereidheid B&W)"
    assert labels["4A"].label == "Visie"
    assert labels["1A"].label == "Onherroepelijk bestemmingsplan of inpassingsplan"
    per_code = {h.code: h for h in selectors.hardheden(w.kader)}
    assert per_code["4B"].label == "Idee (zonder beginselbereidheid B&W)"
    # 5A/5B are not in Nijkerk's list: their national definition stays the label.
    assert per_code["5A"].label.startswith("Intern idee met locatie")
    assert audit("planmonitor.hardheidlabels").gebruiker == w.gemeente_redacteur
    # Running it again updates, never duplicates.
    assert services.hardheidlabels_inrichten(kader=w.kader, acting_user=SYSTEEM) == 9
    assert HardheidLabel.objects.filter(kader=w.kader).count() == 9


def test_hardness_labels_given_explicitly(w):
    aantal = services.hardheidlabels_inrichten(
        kader=w.kader, acting_user=SYSTEEM, labels={"4B": "Optie", "ZZ": "Onbekend"}
    )
    assert aantal == 1
    assert HardheidLabel.objects.get(kader=w.kader).label == "Optie"


# --------------------------------------------------------------------------------------------
# Model rules (Bouwproject.clean, Voorraadmutatie.clean), through the services


@pytest.mark.parametrize(
    ("velden", "veld", "melding"),
    [
        ({"eigenaar": None}, "eigenaar", "Kies de corporatie die eigenaar is."),
        ({"eigenaar": "hon"}, "eigenaar", "Kies de corporatie die eigenaar is."),
        (
            {"eigenaar_soort": "marktpartij", "eigenaar": "wsn", "eigenaar_naam": "Bouwer"},
            "eigenaar",
            "Een marktpartij of particulier is geen partij; geef de naam.",
        ),
        (
            {"eigenaar_soort": "marktpartij", "eigenaar": None},
            "eigenaar_naam",
            "Geef de naam van de marktpartij.",
        ),
        (
            {"eigenaar_soort": "gemeente", "eigenaar": "wsn"},
            "eigenaar",
            "De eigenaar is geen gemeente.",
        ),
        (
            {"instandhoudingstermijn": 25},
            "instandhoudingstermijn",
            "Een instandhoudingstermijn geldt alleen voor huurwoningen van marktpartijen.",
        ),
        (
            {"eengezins": 6, "meergezins": 5},
            "meergezins",
            "Eengezins en meergezins samen (11) zijn meer dan het totaal (10).",
        ),
        ({"nultreden": 11}, "nultreden", "11 is meer dan het totaal (10)."),
        (
            {"breedtegraad": Decimal("52.2")},
            "lengtegraad",
            "Geef zowel breedtegraad als lengtegraad, of geen van beide.",
        ),
        ({"oplevering_jaar": 1999}, "oplevering_jaar", None),
        ({"oplevering_kwartaal": 5}, "oplevering_kwartaal", None),
        ({"fase": "klaar"}, "fase", None),
    ],
)
def test_a_project_that_breaks_a_model_rule_is_refused(w, velden, veld, melding):
    if velden.get("eigenaar") is not None or "eigenaar" not in velden:
        velden = {**velden, "eigenaar": w.orgs[velden.get("eigenaar", "wsn")]}
    with pytest.raises(ValidationError) as exc:
        services.project_aanmaken(
            kader=w.kader,
            gegevens=gegevens(projectcode="R-1", **velden),
            acting_user=SYSTEEM,
        )
    assert veld in exc.value.message_dict
    if melding:
        assert exc.value.message_dict[veld] == [melding]
    assert not Bouwproject.objects.filter(projectcode="R-1").exists()


def test_a_corporation_that_is_no_party_owns_no_project_and_has_no_mutations(w):
    from prestatiemonitor.organisaties.tests.factories import OrganisatieFactory

    vreemd = OrganisatieFactory(naam="Elders Wonen", korte_naam="Elders")
    with pytest.raises(ValidationError) as exc:
        services.project_aanmaken(
            kader=w.kader,
            gegevens=gegevens(projectcode="R-2", eigenaar=vreemd),
            acting_user=SYSTEEM,
        )
    assert exc.value.message_dict["eigenaar"] == ["Elders is geen partij bij dit kader."]
    with pytest.raises(ValidationError) as exc:
        services.mutatie_opslaan(
            kader=w.kader,
            corporatie=vreemd,
            jaar=2026,
            soort="sloop",
            segment="sociale_huur",
            aantal=2,
            status="gepland",
            acting_user=SYSTEEM,
        )
    assert exc.value.message_dict["corporatie"] == ["Elders Wonen is geen partij bij dit kader."]


# --------------------------------------------------------------------------------------------
# What the public sees of a round


def test_the_public_sees_only_published_rounds_and_never_a_vertrouwelijk_project(w):
    project = w.project("ALL-1")
    services.project_wijzigen(
        project=project, gegevens=met(project, vertrouwelijk=True), acting_user=w.alliantie
    )
    kader_publish(kader=w.kader, acting_user=SYSTEEM)
    anoniem = AnonymousUser()
    with pytest.raises(Http404):
        selectors.bron_voor(user=anoniem, kader=w.kader)
    peiling = services.peiling_vastleggen(
        kader=w.kader, naam="P", peildatum=date(2026, 4, 1), acting_user=SYSTEEM
    )
    with pytest.raises(Http404):
        selectors.bron_voor(user=anoniem, kader=w.kader, peiling_id=peiling.pk)
    services.peiling_publiceren(peiling=peiling, acting_user=SYSTEEM)

    bron = selectors.bron_voor(user=anoniem, kader=w.kader)
    assert (bron.peiling, bron.openbaar) == (peiling, True)
    projecten, _ = selectors.feiten(bron)
    assert sorted(p.projectcode for p in projecten) == ["MP-1", "WSN-1"]
    openbaar = selectors.prognose(bron, selectors.periode(w.kader)).als_json()["tabel1"]
    assert openbaar["totaal"]["nieuwbouw"] == 50  # without de Alliantie's vertrouwelijke 20

    # A party sees the live data, vertrouwelijk included.
    bron = selectors.bron_voor(user=w.hon_lezer, kader=w.kader)
    assert (bron.peiling, bron.openbaar) == (None, False)
    assert len(selectors.feiten(bron)[0]) == 3


# --------------------------------------------------------------------------------------------
# Many projects at once (the import's bulk path)


def test_projects_in_bulk_are_created_with_history_and_one_audit_row(w):
    nieuw = [
        gegevens(projectcode=f"BULK-{i}", eigenaar=w.orgs["wsn"], sociale_huur=10 + i)
        for i in range(3)
    ]
    gemaakt = services.projecten_aanmaken(
        kader=w.kader, gegevens=nieuw, acting_user=w.wsn, reden="import plannen.xlsx"
    )
    assert [p.projectcode for p in gemaakt] == ["BULK-0", "BULK-1", "BULK-2"]
    project = w.project("BULK-2")
    assert (project.sociale_huur, project.totaal, project.eigenaar_id) == (12, 12, w.orgs["wsn"].pk)
    historie = project.history.get()
    assert (historie.history_type, historie.history_user, historie.history_change_reason) == (
        "+",
        w.wsn,
        "import plannen.xlsx",
    )
    regel = audit("project.aangemaakt")
    assert regel.gegevens == {"projectcodes": ["BULK-0", "BULK-1", "BULK-2"]}
    assert regel.door == w.wsn.username


def test_projects_in_bulk_are_all_refused_when_one_is_not_allowed_or_invalid(w):
    voor = Bouwproject.objects.count()
    nieuw = [
        gegevens(projectcode="BULK-A", eigenaar=w.orgs["wsn"]),
        gegevens(projectcode="BULK-B", eigenaar=w.orgs["de-alliantie"]),  # not WSN's
        gegevens(projectcode="WSN-1", eigenaar=w.orgs["wsn"]),  # code taken
        gegevens(projectcode="BULK-C", eigenaar=w.orgs["wsn"], totaal=99),  # sum wrong
        gegevens(projectcode="BULK-A", eigenaar=w.orgs["wsn"]),  # twice in the batch
    ]
    with pytest.raises(services.ProjectenOngeldig) as exc:
        services.projecten_aanmaken(kader=w.kader, gegevens=nieuw, acting_user=w.wsn)
    fouten = exc.value.fouten
    assert sorted(fouten) == [1, 2, 3, 4]
    assert isinstance(fouten[1], PermissionDenied)
    assert fouten[2].message_dict["projectcode"] == [
        "Projectcode WSN-1 bestaat al in deze gemeente."
    ]
    assert fouten[3].message_dict["totaal"] == [
        "De segmenten tellen op tot 10, maar het totaal is 99."
    ]
    assert fouten[4].message_dict["projectcode"] == [
        "Projectcode BULK-A bestaat al in deze gemeente."
    ]
    assert Bouwproject.objects.count() == voor
    with pytest.raises(PermissionDenied):
        services.projecten_aanmaken(kader=w.kader, gegevens=nieuw[:1], acting_user=None)
