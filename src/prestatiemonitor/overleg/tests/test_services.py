"""The write path of the overleg app: each service's success with its audit row, and refusals."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from prestatiemonitor.audit.models import AuditRecord
from prestatiemonitor.jaarschijven.services import GelijktijdigGewijzigd
from prestatiemonitor.organisaties.permissions import SYSTEEM
from prestatiemonitor.overleg import selectors, services
from prestatiemonitor.overleg.constants import ActiepuntStatus, OverlegStatus
from prestatiemonitor.overleg.models import Jaarplanning, Mijlpaal, Overleg, Overlegvorm

from .conftest import eerste
from .factories import pdf

pytestmark = pytest.mark.django_db


def test_the_standard_structure_has_the_four_overleggen_and_the_informatieavond(kader):
    vormen = {v.naam: v for v in Overlegvorm.objects.filter(kader=kader)}
    assert {n: (v.per_jaar, v.met_huurders, v.voorzitter_regel) for n, v in vormen.items()} == {
        "ambtelijk overleg smal": (4, False, "vast"),
        "ambtelijk overleg breed": (2, True, "vast"),
        "bestuurlijk overleg smal": (2, False, "afwisselend"),
        "bestuurlijk overleg breed": (4, True, "afwisselend"),
        "informatieavond": (1, True, "initiatief"),
    }
    smal = vormen["ambtelijk overleg smal"]
    assert (smal.voorzitter.korte_naam, smal.plaatsvervanger.korte_naam) == ("gemeente", "WSN")
    assert Mijlpaal.objects.filter(kader=kader).count() == 11
    # Idempotent: a second call changes nothing.
    services.structuur_inrichten(kader=kader, acting_user=SYSTEEM)
    assert Overlegvorm.objects.filter(kader=kader).count() == 5


def test_the_planning_2026_holds_13_meetings_with_the_cycle_on_the_agendas(wereld, overleggen):
    assert len(overleggen) == 13
    december = [o for o in overleggen if o.datum.month == 12][-1]
    assert december.overlegvorm.naam == "bestuurlijk overleg breed"
    assert [p.titel for p in december.agendapunten.order_by("volgorde")] == [
        "Opening en vaststellen van de agenda",
        "Besluitenlijst en actiepunten van het vorige overleg",
        "Vaststelling jaarschijf 2027",
        "Terugblik op 2026: voortgang prestatieafspraken (peilmoment december)",
        "Rondvraag en sluiting",
    ]
    # 2026 is not the kader's last year (2027): no BOD on the agenda.
    assert not any(
        "Bod van de woningcorporaties" in p.titel for o in overleggen for p in o.agendapunten.all()
    )


def test_the_bod_is_on_the_agenda_in_the_last_year_of_the_kader(kader):
    plan = selectors.jaarvoorstel(kader=kader, jaar=2027)
    titels = [p.titel for v in plan.voorstellen for p in v.punten]
    assert "Bod van de woningcorporaties als input voor de prestatieafspraken vanaf 2028" in titels


def test_planning_is_for_the_gemeente_and_refused_once_published(wereld, kader):
    with pytest.raises(PermissionDenied):
        services.jaar_plannen(kader=kader, jaar=2027, acting_user=wereld.leden["wsn"])
    with pytest.raises(PermissionDenied, match="zonder handelende gebruiker"):
        services.jaar_plannen(kader=kader, jaar=2027, acting_user=None)
    with pytest.raises(ValidationError, match="De jaarplanning 2026 is al gepubliceerd"):
        services.jaar_plannen(
            kader=kader, jaar=2026, acting_user=wereld.leden["gemeente_redacteur"]
        )
    planning = services.jaar_plannen(
        kader=kader, jaar=2027, acting_user=wereld.leden["gemeente_redacteur"]
    )
    assert planning.overleggen.count() == 13 and not planning.gepubliceerd
    assert AuditRecord.objects.filter(actie="overleg.jaar_gepland").count() >= 1
    # A concept is planned again from scratch (one planning per year).
    services.jaar_plannen(kader=kader, jaar=2027, acting_user=wereld.leden["gemeente_redacteur"])
    assert Jaarplanning.objects.filter(kader=kader, jaar=2027).count() == 1


def test_a_concept_planning_is_seen_by_the_gemeente_only(wereld, kader):
    services.jaar_plannen(kader=kader, jaar=2027, acting_user=SYSTEEM)
    assert (
        Overleg.objects.visible_to(wereld.leden["gemeente_lezer"])
        .filter(planning__jaar=2027)
        .count()
        == 13
    )
    assert not Overleg.objects.visible_to(wereld.leden["wsn"]).filter(planning__jaar=2027).exists()


def test_who_sees_which_meetings(wereld):
    from django.contrib.auth.models import AnonymousUser

    def aantal(user):
        return Overleg.objects.visible_to(user).filter(planning_id=wereld.planning_pk).count()

    assert aantal(wereld.leden["gemeente_lezer"]) == 13
    assert aantal(wereld.leden["wsn_lezer"]) == 13
    # The tenants: the two ambtelijk and four bestuurlijk overleggen breed, the informatieavond.
    assert aantal(wereld.leden["hon_lezer"]) == 7
    assert aantal(AnonymousUser()) == 0


def test_moving_a_published_meeting_needs_a_working_day_and_a_reason(wereld, overleggen):
    overleg = eerste(overleggen, "ambtelijk overleg smal")
    plan = wereld.leden["gemeente_redacteur"]
    kwargs = {"overleg": overleg, "aanvang": dt.time(10), "einde": dt.time(11), "locatie": ""}
    with pytest.raises(ValidationError, match="valt in het weekend"):
        services.overleg_wijzigen(datum=dt.date(2026, 2, 7), reden="x", acting_user=plan, **kwargs)
    with pytest.raises(ValidationError, match=r"25-12-2026 is een feestdag \(Eerste kerstdag\)"):
        services.overleg_wijzigen(
            datum=dt.date(2026, 12, 25), reden="x", acting_user=plan, **kwargs
        )
    with pytest.raises(ValidationError, match="Geef een reden"):
        services.overleg_wijzigen(datum=dt.date(2026, 2, 4), acting_user=plan, **kwargs)
    with pytest.raises(PermissionDenied):
        services.overleg_wijzigen(
            datum=dt.date(2026, 2, 4), reden="ziekte", acting_user=wereld.leden["wsn"], **kwargs
        )
    gewijzigd = services.overleg_wijzigen(
        datum=dt.date(2026, 2, 4), reden="ziekte voorzitter", acting_user=plan, **kwargs
    )
    assert (gewijzigd.datum, gewijzigd.sequence, gewijzigd.reden_wijziging) == (
        dt.date(2026, 2, 4),
        1,
        "ziekte voorzitter",
    )
    assert AuditRecord.objects.filter(actie="overleg.gewijzigd").exists()
    afgelast = services.overleg_afgelasten(
        overleg=gewijzigd, reden="geen agendapunten", acting_user=plan
    )
    assert (afgelast.status, afgelast.sequence) == (OverlegStatus.AFGELAST, 2)
    with pytest.raises(ValidationError, match="afgelast overleg"):
        services.overleg_wijzigen(datum=dt.date(2026, 2, 5), reden="x", acting_user=plan, **kwargs)


def test_documents_are_checked_by_content_and_only_for_participants(wereld, overleggen):
    smal = eerste(overleggen, "ambtelijk overleg smal")
    breed = eerste(overleggen, "ambtelijk overleg breed")
    nep = SimpleUploadedFile(
        "notulen.pdf", b"dit is geen pdf maar tekst", content_type="application/pdf"
    )
    with pytest.raises(
        ValidationError, match="'notulen.pdf' is geen PDF, Office-document of afbeelding"
    ):
        services.document_toevoegen(
            overleg=smal,
            bestand=nep,
            organisatie=wereld.orgs["wsn"],
            acting_user=wereld.leden["wsn"],
        )
    # HON takes no part in a smal overleg; WSN does not bring in for HON.
    with pytest.raises(PermissionDenied, match="neemt niet deel"):
        services.document_toevoegen(
            overleg=smal,
            bestand=pdf(),
            organisatie=wereld.orgs["hon"],
            acting_user=wereld.leden["hon_redacteur"],
        )
    with pytest.raises(PermissionDenied):
        services.document_toevoegen(
            overleg=breed,
            bestand=pdf(),
            organisatie=wereld.orgs["hon"],
            acting_user=wereld.leden["wsn"],
        )
    doc = services.document_toevoegen(
        overleg=breed,
        bestand=pdf("advies.pdf"),
        organisatie=wereld.orgs["hon"],
        acting_user=wereld.leden["hon_redacteur"],
    )
    assert (doc.bestandsnaam, doc.mediatype, doc.grootte) == (
        "advies.pdf",
        "application/pdf",
        len(pdf().read()),
    )
    from prestatiemonitor.overleg.models import Overlegdocument

    assert (
        not Overlegdocument.objects.visible_to(wereld.leden["hon_lezer"])
        .filter(overleg=smal)
        .exists()
    )
    assert Overlegdocument.objects.visible_to(wereld.leden["hon_lezer"]).filter(pk=doc.pk).exists()


def test_a_decision_shows_on_its_afspraak_for_the_participants_and_when_public_for_everyone(
    wereld, kader, overleggen
):
    from django.contrib.auth.models import AnonymousUser

    afspraak = kader.afspraken.get(soort="strategisch", nummer="7")
    smal = eerste(overleggen, "ambtelijk overleg smal")
    breed = eerste(overleggen, "bestuurlijk overleg breed")
    intern = services.besluit_vastleggen(
        overleg=smal, tekst="Eerst intern verkennen.", afspraak=afspraak, acting_user=SYSTEEM
    )
    openbaar = services.besluit_vastleggen(
        overleg=breed, tekst="Afspraak 7 blijft staan.", afspraak=afspraak, acting_user=SYSTEEM
    )
    assert (intern.nummer, openbaar.nummer) == (1, 1)

    def gezien(user):
        return [b.tekst for b in selectors.besluiten_bij(user=user, afspraak=afspraak)]

    assert sorted(gezien(wereld.leden["wsn_lezer"])) == [
        "Afspraak 7 blijft staan.",
        "Eerst intern verkennen.",
    ]
    assert gezien(wereld.leden["hon_lezer"]) == ["Afspraak 7 blijft staan."]
    assert gezien(AnonymousUser()) == []  # the kader of the fixture is not published
    kader.gepubliceerd = True
    kader.save(update_fields=["gepubliceerd"])
    assert gezien(AnonymousUser()) == []
    services.besluit_openbaar_maken(besluit=openbaar, openbaar=True, acting_user=SYSTEEM)
    assert gezien(AnonymousUser()) == ["Afspraak 7 blijft staan."]
    with pytest.raises(PermissionDenied):
        services.besluit_openbaar_maken(
            besluit=intern, openbaar=True, acting_user=wereld.leden["wsn"]
        )


def test_a_decision_links_only_to_records_of_its_own_kader(wereld, overleggen):
    from prestatiemonitor.afspraken.tests.factories import AfspraakFactory

    vreemd = AfspraakFactory()
    with pytest.raises(ValidationError, match="hoort niet bij het kader van het overleg"):
        services.besluit_vastleggen(
            overleg=overleggen[0], tekst="x", afspraak=vreemd, acting_user=SYSTEEM
        )


def test_an_open_action_returns_on_the_next_meeting_of_its_form_until_done(wereld, overleggen):
    smal = [o for o in overleggen if o.overlegvorm.naam == "ambtelijk overleg smal"]
    actie = services.actiepunt_toevoegen(
        overleg=smal[0],
        omschrijving="Overzicht leegstand aanleveren",
        eigenaar=wereld.orgs["wsn"],
        deadline=dt.date(2026, 3, 31),
        acting_user=wereld.leden["gemeente_redacteur"],
    )
    wsn = wereld.leden["wsn"]
    assert [a.pk for a in selectors.vergadering(user=wsn, overleg=smal[1]).openstaand] == [actie.pk]
    assert [a.pk for a in selectors.vergadering(user=wsn, overleg=smal[2]).openstaand] == [actie.pk]
    assert selectors.vergadering(user=wsn, overleg=smal[0]).openstaand == []
    # Another form does not carry it.
    breed = eerste(overleggen, "ambtelijk overleg breed")
    assert selectors.vergadering(user=wsn, overleg=breed).openstaand == []
    with pytest.raises(ValidationError, match="neemt niet deel"):
        services.actiepunt_toevoegen(
            overleg=smal[0],
            omschrijving="x",
            eigenaar=wereld.orgs["hon"],
            deadline=dt.date(2026, 3, 1),
            acting_user=SYSTEEM,
        )
    with pytest.raises(PermissionDenied, match="Alleen Woningstichting Nijkerk of de gemeente"):
        services.actiepunt_bijwerken(
            actiepunt=actie,
            status="afgerond",
            toelichting="",
            versie=1,
            acting_user=wereld.leden["hon_redacteur"],
        )
    bijgewerkt = services.actiepunt_bijwerken(
        actiepunt=actie,
        status=ActiepuntStatus.AFGEROND,
        toelichting="Gedaan",
        versie=1,
        acting_user=wsn,
    )
    assert (bijgewerkt.status, bijgewerkt.versie, bijgewerkt.sequence) == ("afgerond", 2, 1)
    assert selectors.vergadering(user=wsn, overleg=smal[1]).openstaand == []
    with pytest.raises(GelijktijdigGewijzigd):
        services.actiepunt_bijwerken(
            actiepunt=actie, status="open", toelichting="", versie=1, acting_user=wsn
        )


def test_attendance_is_recorded_per_participating_party(wereld, overleggen):
    smal = eerste(overleggen, "ambtelijk overleg smal")
    regels = services.aanwezigheid_vastleggen(
        overleg=smal,
        regels=[
            (wereld.orgs["gemeente-nijkerk"], True, "B. Beleid"),
            (wereld.orgs["wsn"], False, ""),
        ],
        acting_user=SYSTEEM,
    )
    assert [(r.organisatie.korte_naam, r.aanwezig, r.namen) for r in regels] == [
        ("gemeente", True, "B. Beleid"),
        ("WSN", False, ""),
    ]
    with pytest.raises(ValidationError, match="neemt niet deel aan dit overleg"):
        services.aanwezigheid_vastleggen(
            overleg=smal, regels=[(wereld.orgs["hon"], True, "")], acting_user=SYSTEEM
        )


def test_structure_edits_are_checked(wereld, kader):
    vorm = Overlegvorm.objects.get(kader=kader, naam="ambtelijk overleg breed")
    plan = wereld.leden["gemeente_beheerder"]
    with pytest.raises(ValidationError, match="3 maanden opgegeven voor 2 overleggen"):
        services.overlegvorm_opslaan(
            kader=kader, vorm=vorm, velden={"maanden": [3, 6, 9]}, acting_user=plan
        )
    with pytest.raises(
        ValidationError,
        match="stand van zaken eerste halfjaar \\(jaar\\)' staat op het overleg in juni",
    ):
        services.overlegvorm_opslaan(
            kader=kader, vorm=vorm, velden={"maanden": [5, 10]}, acting_user=plan
        )
    with pytest.raises(ValidationError, match="vergadert niet in augustus"):
        services.mijlpaal_opslaan(
            kader=kader,
            soort="anders",
            naam="Woonvisie",
            overlegvorm=vorm,
            maand=8,
            acting_user=plan,
        )
    with pytest.raises(ValidationError, match="heeft al geplande overleggen"):
        services.overlegvorm_verwijderen(vorm=vorm, acting_user=plan)
    opgeslagen = services.overlegvorm_opslaan(
        kader=kader, vorm=vorm, velden={"aanvang": dt.time(13, 30)}, acting_user=plan
    )
    assert opgeslagen.aanvang == dt.time(13, 30)
    with pytest.raises(PermissionDenied):
        services.overlegvorm_opslaan(
            kader=kader, vorm=vorm, velden={}, acting_user=wereld.leden["gemeente_lezer"]
        )
