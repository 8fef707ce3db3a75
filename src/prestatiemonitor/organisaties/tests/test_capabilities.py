"""The capability table and the one function that reads it: roles, scope, SYSTEEM, no actor."""

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from prestatiemonitor.afspraken import permissions as afspraken_permissions
from prestatiemonitor.afspraken.models import Afspraak, ImportConcept
from prestatiemonitor.afspraken.publicatie import kader_publish
from prestatiemonitor.afspraken.tests.factories import maak_kader
from prestatiemonitor.audit.models import AuditRecord
from prestatiemonitor.audit.services import audit_record_create
from prestatiemonitor.organisaties import permissions
from prestatiemonitor.organisaties.constants import OrganisatieSoort, Rol
from prestatiemonitor.organisaties.models import Lidmaatschap, User
from prestatiemonitor.organisaties.permissions import (
    CAPABILITIES,
    ROL_CAPABILITIES,
    SYSTEEM,
    has_capability,
    organisaties_met,
)
from prestatiemonitor.organisaties.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[4] / "docs" / "beveiliging.md"


def test_the_table_in_the_docs_is_the_table_in_the_code():
    tekst = DOCS.read_text(encoding="utf-8")
    begin = tekst.index("<!-- capability-tabel:begin -->\n") + len(
        "<!-- capability-tabel:begin -->\n"
    )
    eind = tekst.index("\n<!-- capability-tabel:end -->")
    assert tekst[begin:eind] == permissions.capability_tabel_markdown(), (
        "docs/beveiliging.md loopt achter: plak de uitvoer van capability_tabel_markdown()."
    )


def test_every_kind_and_role_has_a_row_and_roles_are_nested():
    for soort in OrganisatieSoort.values:
        lezer = ROL_CAPABILITIES[(soort, Rol.LEZER)]
        redacteur = ROL_CAPABILITIES[(soort, Rol.REDACTEUR)]
        beheerder = ROL_CAPABILITIES[(soort, Rol.BEHEERDER)]
        assert lezer == {"kader.lezen", "importverslag.lezen", "monitor.lezen"}, soort
        assert lezer < redacteur < beheerder, soort  # redacteur means more than lezer
    assert set().union(*ROL_CAPABILITIES.values()) == set(CAPABILITIES)
    with pytest.raises(ValueError, match="Onbekende capability 'kader.vernietigen'"):
        has_capability(SYSTEEM, "kader.vernietigen")


@pytest.fixture
def twee():
    """A kader with its five parties, and a second kader of another gemeente."""
    return maak_kader(gepubliceerd=False), maak_kader(gepubliceerd=False)


def test_redacteur_of_a_corporatie_reports_progress_on_its_own_kaders_only(twee, make_member):
    hier, elders = twee
    redacteur = make_member(hier.wsn, Rol.REDACTEUR)
    lezer = make_member(hier.wsn, Rol.LEZER)
    assert has_capability(redacteur, "voortgang.rapporteren", kader=hier.kader)
    assert has_capability(redacteur, "voortgang.rapporteren", organisatie=hier.wsn)
    assert has_capability(redacteur, "jaarschijf.bewerken", kader=hier.kader)
    assert not has_capability(redacteur, "voortgang.rapporteren", kader=elders.kader)
    assert not has_capability(redacteur, "voortgang.rapporteren", organisatie=hier.alliantie)
    assert not has_capability(lezer, "voortgang.rapporteren", kader=hier.kader)
    for cap in ("kader.publiceren", "kader.importeren", "afspraak.bijstellen", "leden.beheren"):
        assert not has_capability(redacteur, cap, kader=hier.kader), cap
    assert has_capability(lezer, "kader.lezen", kader=hier.kader)
    assert not has_capability(lezer, "kader.lezen", kader=elders.kader)


def test_huurdersorganisatie_redacteur_reacts_and_only_its_beheerder_advises(twee, make_member):
    hier, elders = twee
    lezer = make_member(hier.hon, Rol.LEZER)
    redacteur = make_member(hier.hon, Rol.REDACTEUR)
    beheerder = make_member(hier.hon, Rol.BEHEERDER)
    assert [
        has_capability(u, "reactie.plaatsen", kader=hier.kader)
        for u in (lezer, redacteur, beheerder)
    ] == [False, True, True]
    assert [
        has_capability(u, "advies.uitbrengen", kader=hier.kader)
        for u in (lezer, redacteur, beheerder)
    ] == [False, False, True]
    assert not has_capability(beheerder, "reactie.plaatsen", kader=elders.kader)
    assert not has_capability(beheerder, "voortgang.rapporteren", kader=hier.kader)


def test_gemeente_capabilities_apply_to_the_kaders_of_that_gemeente(twee, make_member):
    hier, elders = twee
    beheerder = make_member(hier.gemeente, Rol.BEHEERDER)
    redacteur = make_member(hier.gemeente, Rol.REDACTEUR)
    assert has_capability(beheerder, "kader.publiceren", kader=hier.kader)
    assert has_capability(beheerder, "kader.importeren", gemeente=hier.gemeente.gemeente)
    assert not has_capability(beheerder, "kader.publiceren", kader=elders.kader)
    assert not has_capability(beheerder, "kader.importeren", gemeente=elders.gemeente.gemeente)
    assert not has_capability(redacteur, "kader.publiceren", kader=hier.kader)
    assert has_capability(redacteur, "peilmoment.beheren", kader=hier.kader)
    # a gemeente that governs the kader's gemeente but is not listed as a party still governs it
    hier.kader.partij_set.filter(organisatie=hier.gemeente).delete()
    assert has_capability(beheerder, "kader.publiceren", kader=hier.kader)
    assert not has_capability(beheerder, "kader.lezen", kader=hier.kader)  # reading is for parties
    assert list(organisaties_met(beheerder, "kader.importeren")) == [hier.gemeente]
    assert not organisaties_met(redacteur, "kader.importeren").exists()


def test_nobody_without_a_membership_and_everybody_on_published_kaders(twee):
    hier, _ = twee
    zonder = UserFactory()
    inactief_admin = UserFactory(is_superuser=True, is_active=False)
    for user in (None, zonder, inactief_admin):
        assert not any(has_capability(user, c, kader=hier.kader) for c in CAPABILITIES), user
    hier.kader.gepubliceerd = True
    assert has_capability(None, "kader.lezen", kader=hier.kader)
    assert not has_capability(None, "importverslag.lezen", kader=hier.kader)
    assert all(has_capability(SYSTEEM, c, kader=hier.kader) for c in CAPABILITIES)
    assert all(has_capability(UserFactory(is_superuser=True), c) for c in CAPABILITIES)
    assert not SYSTEEM.is_authenticated  # not a person: person-only checks refuse it


def test_every_service_refuses_to_act_without_an_actor(twee, make_member):
    hier, _ = twee
    lid = Lidmaatschap.objects.get(user=make_member(hier.wsn, Rol.LEZER))
    from prestatiemonitor.afspraken.bijstelling import afspraak_bijstellen, afspraak_versie
    from prestatiemonitor.afspraken.importer.services import import_plan
    from prestatiemonitor.organisaties import services

    afspraak = hier.afspraken["1"]
    pogingen = {
        "kader_publish": lambda: kader_publish(kader=hier.kader, acting_user=None),
        "import_plan": lambda: import_plan(
            data=b"# x", bestandsnaam="x.md", gemeente=hier.gemeente.gemeente, acting_user=None
        ),
        "afspraak_bijstellen": lambda: afspraak_bijstellen(
            afspraak=afspraak,
            tekst="Anders",
            partijen=[],
            trekker=None,
            jaar=None,
            termijn="",
            reden="r",
            datum=datetime.date(2026, 1, 1),
            besloten_in="",
            versie=afspraak_versie(afspraak),
            acting_user=None,
        ),
        "lid_verwijderen": lambda: services.lid_verwijderen(lidmaatschap=lid, acting_user=None),
        "audit_record_create": lambda: audit_record_create(
            acting_user=None, actie="x", omschrijving="x"
        ),
    }
    for naam, poging in pogingen.items():
        with pytest.raises(PermissionDenied, match="zonder handelende gebruiker"):
            poging()
        assert naam  # every one refused
    hier.kader.refresh_from_db()
    assert not hier.kader.gepubliceerd
    assert Afspraak.objects.get(pk=afspraak.pk).tekst == afspraak.tekst
    assert Lidmaatschap.objects.filter(pk=lid.pk).exists()
    assert not AuditRecord.objects.exists()


def test_the_system_acts_explicitly_and_is_recorded_as_systeem(twee):
    hier, _ = twee
    kader_publish(kader=hier.kader, acting_user=SYSTEEM)
    record = AuditRecord.objects.get(actie="kader.gepubliceerd")
    assert (record.door, record.gebruiker) == ("systeem", None)


def test_a_cli_import_is_recorded_as_systeem(nijkerk_kader):
    record = AuditRecord.objects.get(actie="afspraken.import")
    assert (record.door, record.gebruiker) == ("systeem", None)
    assert nijkerk_kader.importverslagen.get().uitgevoerd_door is None


def test_an_import_preview_is_for_its_uploader_only(
    client, twee, make_member, nijkerk_document_bytes
):
    hier, _ = twee
    uploader = make_member(hier.gemeente, Rol.BEHEERDER)
    collega = make_member(hier.gemeente, Rol.BEHEERDER)
    concept = ImportConcept.objects.create(
        gemeente=hier.gemeente.gemeente,
        bestandsnaam="x.md",
        inhoud=nijkerk_document_bytes,
        aangemaakt_door=uploader,
    )
    assert afspraken_permissions.can_view_import_concept(uploader, concept)
    assert not afspraken_permissions.can_view_import_concept(collega, concept)
    client.force_login(collega)
    url = reverse("afspraken:import-voorbeeld", kwargs={"token": concept.token})
    assert client.get(url).status_code == 403
    assert client.post(url, {"annuleren": "1"}).status_code == 403
    assert ImportConcept.objects.filter(pk=concept.pk).exists()
    # the uploader who is no longer beheerder loses the preview too
    Lidmaatschap.objects.filter(user=uploader).update(rol=Rol.LEZER)
    assert not afspraken_permissions.can_view_import_concept(uploader, concept)


def test_actor_label_shows_the_public_the_organisation_without_a_query_per_row(twee, make_member):
    hier, _ = twee
    bente = make_member(hier.gemeente, Rol.BEHEERDER)
    bente.first_name, bente.last_name = "Bente", "Beleid"
    bente.save()
    admin_elders = UserFactory(is_superuser=True, first_name="Sita", last_name="Sitebeheer")
    admin_lid = make_member(hier.gemeente, Rol.LEZER)
    admin_lid.is_superuser = True
    admin_lid.save()
    actors = list(
        User.objects.filter(pk__in=[bente.pk, admin_elders.pk, admin_lid.pk])
        .prefetch_related("lidmaatschappen__organisatie")
        .order_by("pk")
    )
    kijker = UserFactory()
    permissions.gemeente_organisaties(hier.kader)  # once per kader
    with CaptureQueriesContext(connection) as queries:
        publiek = [afspraken_permissions.actor_label(None, a, hier.kader) for a in actors * 20]
        ingelogd = [afspraken_permissions.actor_label(kijker, a, hier.kader) for a in actors]
    assert len(queries) == 0
    gemeente = f"een medewerker van {hier.gemeente.naam}"
    assert publiek[:3] == [gemeente, "de sitebeheerder", gemeente]
    assert ingelogd[:2] == ["Bente Beleid", "Sita Sitebeheer"]
    assert afspraken_permissions.actor_label(None, SYSTEEM, hier.kader) == "het systeem (import)"
    assert afspraken_permissions.actor_label(None, None, hier.kader) == "het systeem (import)"
