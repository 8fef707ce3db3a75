"""The write path of the jaarschijf and the voortgang: each service's success, with its audit
row, and its refusals."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from prestatiemonitor.audit.models import AuditRecord
from prestatiemonitor.jaarschijven import services
from prestatiemonitor.jaarschijven.constants import (
    AfspraakStand,
    JaarschijfStatus,
    VoortgangStatus,
)
from prestatiemonitor.jaarschijven.models import Voortgang
from prestatiemonitor.jaarschijven.selectors import stand_van, standen
from prestatiemonitor.organisaties.permissions import SYSTEEM

pytestmark = pytest.mark.django_db


def test_an_activity_serving_no_afspraak_is_refused(jaarschijf, nijkerk_parties, leden):
    with pytest.raises(ValidationError) as fout:
        services.activiteit_opslaan(
            jaarschijf=jaarschijf,
            gegevens=services.ActiviteitGegevens(
                titel="Iets", afspraken=[], trekker=nijkerk_parties["wsn"]
            ),
            acting_user=leden["wsn"],
        )
    assert "ten minste één afspraak" in fout.value.message_dict["afspraken"][0]


def test_tenants_and_lezers_cannot_edit_the_jaarschijf(
    jaarschijf, afspraak, nijkerk_parties, leden
):
    for wie in ("hon_beheerder", "wsn_lezer", None):
        with pytest.raises(PermissionDenied):
            services.activiteit_opslaan(
                jaarschijf=jaarschijf,
                gegevens=services.ActiviteitGegevens(
                    titel="Iets", afspraken=[afspraak("1")], trekker=nijkerk_parties["wsn"]
                ),
                acting_user=leden.get(wie),
            )


def test_vaststellen_needs_coverage_or_accepted_gaps(jaarschijf, kader, nieuwe_activiteit, leden):
    gemeente = leden["gemeente_beheerder"]
    nieuwe_activiteit("Nieuwbouw 2025", afspraken=("1", "2"))
    services.jaarschijf_status_verder(
        jaarschijf=jaarschijf,
        naar=JaarschijfStatus.BESPROKEN,
        datum=date(2024, 9, 12),
        overleg="Ambtelijk overleg breed",
        acting_user=gemeente,
    )
    with pytest.raises(ValidationError) as fout:
        services.jaarschijf_status_verder(
            jaarschijf=jaarschijf,
            naar=JaarschijfStatus.VASTGESTELD,
            datum=date(2024, 12, 10),
            overleg="Bestuurlijk overleg breed",
            acting_user=gemeente,
        )
    assert "3, 4, 5" in fout.value.message_dict["naar"][0]
    for afspraak in services.ongedekte_afspraken(jaarschijf):
        services.dekking_accepteren(
            jaarschijf=jaarschijf, afspraak=afspraak, reden="Volgend jaar", acting_user=gemeente
        )
    jaarschijf = services.jaarschijf_status_verder(
        jaarschijf=jaarschijf,
        naar=JaarschijfStatus.VASTGESTELD,
        datum=date(2024, 12, 10),
        overleg="Bestuurlijk overleg breed",
        acting_user=gemeente,
    )
    assert jaarschijf.status == JaarschijfStatus.VASTGESTELD
    assert [o.overleg for o in jaarschijf.overgangen.all()] == [
        "Ambtelijk overleg breed",
        "Bestuurlijk overleg breed",
    ]
    assert AuditRecord.objects.filter(actie="jaarschijf.vastgesteld").count() == 1


def test_a_peilmoment_round(jaarschijf, nieuwe_activiteit, leden):
    a1 = nieuwe_activiteit("Nieuwbouw", trekker="wsn", doel_aantal=40, eenheid="woningen")
    a2 = nieuwe_activiteit("Middenhuur", trekker="de-alliantie", afspraken=("1",))
    peil = services.peilmoment_openen(
        jaarschijf=jaarschijf,
        soort="juni",
        deadline=date(2025, 6, 30),
        acting_user=leden["gemeente_redacteur"],
    )
    with pytest.raises(PermissionDenied):  # WSN reports only on its own activities
        services.voortgang_melden(
            peilmoment=peil, activiteit=a2, status="op_schema", acting_user=leden["wsn"]
        )
    with pytest.raises(ValidationError) as fout:
        services.voortgang_melden(
            peilmoment=peil, activiteit=a1, status="vertraagd", acting_user=leden["wsn"]
        )
    assert "een toelichting verplicht" in fout.value.message_dict["toelichting"][0]
    melding = services.voortgang_melden(
        peilmoment=peil,
        activiteit=a1,
        status="vertraagd",
        toelichting="Vergunning later",
        gerealiseerd_aantal=12,
        acting_user=leden["wsn"],
    )
    with pytest.raises(services.GelijktijdigGewijzigd):  # someone else, on the same versie 0
        services.voortgang_melden(
            peilmoment=peil,
            activiteit=a1,
            status="op_schema",
            versie=None,
            acting_user=leden["wsn"],
        )
    assert stand_van([VoortgangStatus.VERTRAAGD, VoortgangStatus.GEREED]) == "vertraagd"
    services.peilmoment_sluiten(peilmoment=peil, acting_user=leden["gemeente_beheerder"])
    rijen = dict(Voortgang.objects.filter(peilmoment=peil).values_list("activiteit_id", "status"))
    assert rijen == {a1.pk: "vertraagd", a2.pk: "niet_gemeld"}
    with pytest.raises(ValidationError, match="gesloten"):
        services.voortgang_melden(
            peilmoment=peil,
            activiteit=a1,
            status="gereed",
            versie=melding.versie,
            acting_user=leden["wsn"],
        )
    thema1 = standen(jaarschijf=jaarschijf, peilmoment=peil)[0]
    regel1 = thema1.afspraken[0]
    assert (regel1.afspraak.nummer, regel1.stand) == ("1", AfspraakStand.VERTRAAGD)


def test_rollup_rule():
    V = VoortgangStatus
    assert stand_van([]) == AfspraakStand.GEEN_ACTIVITEIT
    assert stand_van([V.GEREED, V.VERVALLEN]) == AfspraakStand.GEREED
    assert stand_van([V.GEREED, V.AANDACHT_NODIG]) == AfspraakStand.AANDACHT_NODIG
    assert stand_van([V.GEREED, V.NIET_GESTART]) == AfspraakStand.OP_SCHEMA
    assert stand_van([V.NIET_GESTART, V.NIET_GEMELD]) == AfspraakStand.NIET_GESTART
    assert stand_van([V.VERVALLEN]) == AfspraakStand.GEEN_ACTIVITEIT


def test_systeem_is_explicit(jaarschijf, nieuwe_activiteit):
    activiteit = nieuwe_activiteit("Door het systeem", acting_user=SYSTEEM)
    assert activiteit.history.first().history_user is None


def test_the_world_for_the_matrix_builds(nijkerk_parties):
    from prestatiemonitor.afspraken.tests.factories import maak_kader
    from prestatiemonitor.jaarschijven.tests.factories import maak_jaarschijf_wereld

    w = maak_jaarschijf_wereld(maak_kader())
    assert w.juni.is_gesloten and not w.december.is_gesloten
    assert w.concept_activiteit.overgenomen_van == w.wsn_activiteit
    assert w.bijlage.mediatype == "application/pdf"
    assert w.bijlage.bestand.read().startswith(b"%PDF")
