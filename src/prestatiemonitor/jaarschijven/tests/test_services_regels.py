"""The rules of issue 6, section 6, at the service level: who may write what, decided changes
to a vastgestelde jaarschijf, carry-over, reminders, evidence, freezing, and visibility."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from prestatiemonitor.afspraken.tests.factories import maak_kader
from prestatiemonitor.audit.models import AuditRecord
from prestatiemonitor.jaarschijven import services
from prestatiemonitor.jaarschijven.models import (
    Activiteit,
    Bijlage,
    Jaarschijf,
    JaarschijfWijziging,
    Peilmoment,
    Voortgang,
)
from prestatiemonitor.jaarschijven.selectors import achterstallig, vergelijking
from prestatiemonitor.jaarschijven.tests.factories import PDF
from prestatiemonitor.organisaties.constants import Rol
from prestatiemonitor.organisaties.permissions import SYSTEEM
from prestatiemonitor.organisaties.tests.factories import LidmaatschapFactory, UserFactory

pytestmark = pytest.mark.django_db


def lid(org, rol=Rol.REDACTEUR, **user):
    return LidmaatschapFactory(organisatie=org, rol=rol, user=UserFactory(**user)).user


def gegevens(ks, **velden):
    basis = {"titel": "Nieuwe titel", "afspraken": [ks.afspraken["1"]], "trekker": ks.wsn}
    return services.ActiviteitGegevens(**{**basis, **velden})


def test_a_vastgestelde_jaarschijf_changes_only_by_a_recorded_decision(ks, w):
    beheerder = lid(ks.gemeente, Rol.BEHEERDER)
    with pytest.raises(PermissionDenied):  # corporations edit concepts only
        services.activiteit_opslaan(
            jaarschijf=w.vastgesteld,
            gegevens=gegevens(ks),
            activiteit=w.wsn_activiteit,
            versie=w.wsn_activiteit.versie,
            acting_user=lid(ks.wsn),
        )
    with pytest.raises(ValidationError) as fout:
        services.activiteit_opslaan(
            jaarschijf=w.vastgesteld,
            gegevens=gegevens(ks),
            activiteit=w.wsn_activiteit,
            versie=w.wsn_activiteit.versie,
            acting_user=beheerder,
        )
    assert "vraagt een besluit" in fout.value.message_dict["reden"][0]
    activiteit = services.activiteit_opslaan(
        jaarschijf=w.vastgesteld,
        gegevens=gegevens(ks, titel="Nieuwbouw sociale huur (fase 2)"),
        activiteit=w.wsn_activiteit,
        versie=w.wsn_activiteit.versie,
        besluit=services.WijzigingBesluit(
            reden="Fase 1 vertraagd", datum=date(2025, 9, 1), besloten_in="BO breed september"
        ),
        acting_user=beheerder,
    )
    wijziging = JaarschijfWijziging.objects.get()
    assert (wijziging.activiteit, wijziging.reden, wijziging.besloten_in) == (
        activiteit,
        "Fase 1 vertraagd",
        "BO breed september",
    )
    assert (
        "titel: 'Nieuwbouw sociale huur' → 'Nieuwbouw sociale huur (fase 2)'"
        in wijziging.omschrijving
    )
    laatste = activiteit.history.first()
    assert laatste.history_user == beheerder
    assert laatste.history_change_reason.startswith("gewijzigd volgens besluit BO breed")


def test_a_stale_versie_is_refused_and_nothing_is_written(ks, w):
    redacteur = lid(ks.wsn)
    activiteit = w.concept_activiteit
    services.activiteit_opslaan(
        jaarschijf=w.concept,
        gegevens=gegevens(ks, titel="Eerste"),
        activiteit=activiteit,
        versie=activiteit.versie,
        acting_user=redacteur,
    )
    with pytest.raises(services.GelijktijdigGewijzigd) as fout:
        services.activiteit_opslaan(
            jaarschijf=w.concept,
            gegevens=gegevens(ks, titel="Tweede"),
            activiteit=activiteit,
            versie=activiteit.versie,  # the versie the second person's form was filled from
            acting_user=lid(ks.gemeente),
        )
    assert fout.value.huidige.titel == "Eerste"
    assert "intussen door iemand anders gewijzigd" in fout.value.melding
    assert Activiteit.objects.get(pk=activiteit.pk).titel == "Eerste"


def test_only_the_trekker_reports_and_tenants_only_react(ks, w):
    for user in (lid(ks.gemeente), lid(ks.hon), lid(ks.wsn, Rol.LEZER), lid(ks.alliantie)):
        with pytest.raises(PermissionDenied):
            services.voortgang_melden(
                peilmoment=w.december,
                activiteit=w.wsn_activiteit,
                status="op_schema",
                acting_user=user,
            )
    with pytest.raises(PermissionDenied):
        services.reactie_plaatsen(
            activiteit=w.wsn_activiteit, tekst="Mooi", acting_user=lid(ks.wsn, Rol.BEHEERDER)
        )
    with pytest.raises(PermissionDenied):  # advies is the beheerder's
        services.advies_uitbrengen(peilmoment=w.december, tekst="Advies", acting_user=lid(ks.hon))
    reactie = services.reactie_plaatsen(
        activiteit=w.wsn_activiteit, tekst="Wanneer start de bouw?", acting_user=lid(ks.hon)
    )
    assert reactie.organisatie == ks.hon
    advies = services.advies_uitbrengen(
        peilmoment=w.december,
        tekst="Wij adviseren positief.",
        acting_user=lid(ks.hbva, Rol.BEHEERDER),
    )
    assert (advies.organisatie, advies.versie) == (ks.hbva, 1)
    with pytest.raises(services.GelijktijdigGewijzigd):  # a second 'new' advies of HBVA
        services.advies_uitbrengen(
            peilmoment=w.december, tekst="Toch niet.", acting_user=lid(ks.hbva, Rol.BEHEERDER)
        )


def test_reminders_go_to_the_missing_party_after_commit(ks, w, django_capture_on_commit_callbacks):
    gemeente = lid(ks.gemeente)
    lid(ks.wsn, Rol.REDACTEUR, email="melder@wsn.example")
    lid(ks.wsn, Rol.LEZER, email="lezer@wsn.example")  # a lezer does not report
    services.voortgang_melden(
        peilmoment=w.december,
        activiteit=w.gemeente_activiteit,
        status="gereed",
        acting_user=gemeente,
    )
    with django_capture_on_commit_callbacks(execute=True):
        herinneringen = services.herinneringen_versturen(
            peilmoment=w.december, acting_user=gemeente, link="https://pm.example/p"
        )
    assert [(h.organisatie, h.ontbrekend, h.ontvangers) for h in herinneringen] == [(ks.wsn, 1, 1)]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["melder@wsn.example"]
    assert "A1 Nieuwbouw sociale huur" in mail.outbox[0].body
    assert "De uiterste meldingsdatum (15 december 2025) is voorbij" in mail.outbox[0].body
    assert "1 activiteit waarvan" in mail.outbox[0].body
    with pytest.raises(PermissionDenied):
        services.herinneringen_versturen(peilmoment=w.december, acting_user=lid(ks.wsn))


def test_evidence_is_checked_by_content_and_size(ks, w, settings):
    wsn = lid(ks.wsn)
    melding = services.voortgang_melden(
        peilmoment=w.december,
        activiteit=w.wsn_activiteit,
        status="op_schema",
        acting_user=wsn,
    )
    nep = SimpleUploadedFile("rapport.pdf", b"gewoon tekst, geen pdf", "application/pdf")
    with pytest.raises(ValidationError) as fout:
        services.bijlage_toevoegen(voortgang=melding, bestand=nep, acting_user=wsn)
    assert "gekeken naar de inhoud" in fout.value.message_dict["bestand"][0]
    settings.BIJLAGE_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="te groot"):
        services.bijlage_toevoegen(
            voortgang=melding, bestand=SimpleUploadedFile("a.pdf", PDF), acting_user=wsn
        )
    settings.BIJLAGE_MAX_BYTES = 1024
    bijlage = services.bijlage_toevoegen(
        voortgang=melding, bestand=SimpleUploadedFile("foto.pdf", PDF), acting_user=wsn
    )
    assert (bijlage.bestandsnaam, bijlage.mediatype) == ("foto.pdf", "application/pdf")
    assert str(settings.BIJLAGEN_ROOT) in bijlage.bestand.path
    assert Bijlage.objects.filter(voortgang=melding).count() == 1


def test_closing_freezes_and_a_closed_peilmoment_accepts_nothing(ks, w):
    beheerder = lid(ks.gemeente, Rol.BEHEERDER)
    december = services.peilmoment_sluiten(peilmoment=w.december, acting_user=beheerder)
    assert december.is_gesloten and december.gesloten_door == beheerder
    assert sorted(Voortgang.objects.filter(peilmoment=december).values_list("status", "titel")) == [
        ("niet_gemeld", "Nieuwbouw sociale huur"),
        ("niet_gemeld", "Woonvisie actualiseren"),
    ]
    melding = Voortgang.objects.get(peilmoment=w.juni, activiteit=w.wsn_activiteit)
    for poging in (
        lambda: services.voortgang_melden(
            peilmoment=w.juni,
            activiteit=w.wsn_activiteit,
            status="gereed",
            versie=melding.versie,
            acting_user=SYSTEEM,
        ),
        lambda: services.bijlage_verwijderen(bijlage=w.bijlage, acting_user=SYSTEEM),
        lambda: services.advies_uitbrengen(
            peilmoment=w.juni, tekst="Te laat", organisatie=ks.hon, acting_user=SYSTEEM
        ),
        lambda: services.peilmoment_sluiten(peilmoment=w.juni, acting_user=SYSTEEM),
    ):
        with pytest.raises(ValidationError, match="gesloten"):
            poging()
    assert Voortgang.objects.get(pk=melding.pk).status == "aandacht_nodig"
    assert Bijlage.objects.filter(pk=w.bijlage.pk).exists()


def test_carry_over_and_comparison_across_years(ks, w):
    gemeente = lid(ks.gemeente, Rol.BEHEERDER)
    wsn = lid(ks.wsn)
    services.voortgang_melden(
        peilmoment=w.december,
        activiteit=w.wsn_activiteit,
        status="vertraagd",
        toelichting="Bezwaar tegen de vergunning",
        acting_user=wsn,
    )
    services.voortgang_melden(
        peilmoment=w.december,
        activiteit=w.gemeente_activiteit,
        status="gereed",
        acting_user=gemeente,
    )
    december = services.peilmoment_sluiten(peilmoment=w.december, acting_user=gemeente)
    v = vergelijking(van=Peilmoment.objects.get(pk=w.juni.pk), naar=december)
    assert [(a.code, oud, nieuw) for a, oud, nieuw in v.gewijzigd] == [
        ("A1", "aandacht_nodig", "vertraagd"),
        ("A2", "niet_gemeld", "gereed"),
    ]
    assert [a.code for a in v.vertraagd] == ["A1"] and [a.code for a in v.gereed] == ["A2"]
    assert services.is_afgerond(w.gemeente_activiteit)
    assert not services.is_afgerond(w.wsn_activiteit)
    with pytest.raises(ValidationError, match="hoort niet bij jaarschijf 2026"):
        services.jaarschijf_volgend_jaar(
            jaarschijf=Jaarschijf.objects.get(pk=w.concept.pk),
            over_te_nemen=[w.gemeente_activiteit],
            acting_user=gemeente,
        )
    assert not Jaarschijf.objects.filter(jaar=2027).exists()  # nothing half-made
    juni26 = services.peilmoment_openen(
        jaarschijf=w.concept, soort="juni", deadline=date(2026, 6, 30), acting_user=gemeente
    )
    services.voortgang_melden(
        peilmoment=juni26, activiteit=w.concept_activiteit, status="op_schema", acting_user=wsn
    )
    juni26 = services.peilmoment_sluiten(peilmoment=juni26, acting_user=gemeente)
    over_jaren = vergelijking(van=december, naar=juni26)
    assert [(a.code, oud, nieuw) for a, oud, nieuw in over_jaren.gewijzigd] == [
        ("A1", "vertraagd", "op_schema")
    ]
    assert [(a.code, s) for a, s in over_jaren.vervallen_uit] == [("A2", "gereed")]


def test_overdue_afspraken(ks, w):
    ks.afspraken["1"].jaar = 2025
    ks.afspraken["1"].save()
    ks.afspraken["2"].jaar = 2027
    ks.afspraken["2"].save()
    regels = achterstallig(kader=ks.kader, vandaag=date(2026, 12, 2))
    assert [(r.afspraak.nummer, r.deadline, r.activiteiten) for r in regels] == [
        ("1", date(2025, 12, 31), 3)
    ]
    services.voortgang_melden(
        peilmoment=w.december,
        activiteit=w.gemeente_activiteit,
        status="gereed",
        acting_user=SYSTEEM,
    )
    assert achterstallig(kader=ks.kader, vandaag=date(2026, 12, 2)) == []
    # The public sees only closed peilmomenten: for them afspraak 1 is still overdue, and they
    # count only the activities of the vastgestelde 2025 (not the 2026 concept's).
    from django.contrib.auth.models import AnonymousUser

    assert [
        (r.afspraak.nummer, r.activiteiten)
        for r in achterstallig(kader=ks.kader, vandaag=date(2026, 12, 2), user=AnonymousUser())
    ] == [("1", 2)]


def test_public_sees_only_what_is_adopted_and_closed(ks, w):
    from django.contrib.auth.models import AnonymousUser

    ks.kader.gepubliceerd = True
    ks.kader.save()
    publiek = AnonymousUser()
    assert list(Jaarschijf.objects.visible_to(publiek).values_list("jaar", flat=True)) == [2025]
    assert [p.code for p in Peilmoment.objects.visible_to(publiek)] == ["2025-06"]
    assert Bijlage.objects.visible_to(publiek).count() == 0
    buitenstaander = lid(maak_kader().gemeente)  # a gemeente of another kader
    assert [p.code for p in Peilmoment.objects.visible_to(buitenstaander)] == ["2025-06"]
    partij = lid(ks.hon, Rol.LEZER)
    assert sorted(p.code for p in Peilmoment.objects.visible_to(partij)) == [
        "2025-06",
        "2025-12",
    ]
    assert Bijlage.objects.visible_to(partij).count() == 1


def test_every_write_leaves_an_audit_row(ks, w):
    acties = set(AuditRecord.objects.values_list("actie", flat=True))
    assert {
        "jaarschijf.aangemaakt",
        "activiteit.toegevoegd",
        "jaarschijf.gat_geaccepteerd",
        "jaarschijf.besproken",
        "jaarschijf.vastgesteld",
        "peilmoment.geopend",
        "voortgang.gemeld",
        "voortgang.bijlage",
        "peilmoment.gesloten",
    } <= acties
    for service, kwargs in (
        (
            services.peilmoment_openen,
            {"jaarschijf": w.concept, "soort": "juni", "deadline": date(2026, 6, 1)},
        ),
        (services.jaarschijf_aanmaken, {"kader": ks.kader, "jaar": 2027}),
    ):
        with pytest.raises(PermissionDenied, match="zonder handelende gebruiker"):
            service(**kwargs, acting_user=None)
