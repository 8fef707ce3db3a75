"""Rules found in review: what a later change may not undo (who saw a meeting, a decision's
subject), what a concept planning may not leak, when a reminder lapses."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from prestatiemonitor.organisaties.permissions import SYSTEEM
from prestatiemonitor.overleg import herinneringen, planner, selectors, services
from prestatiemonitor.overleg.models import Besluit, Herinnering, Overleg, Overlegvorm

from .conftest import eerste

pytestmark = pytest.mark.django_db


def test_making_a_form_broad_does_not_open_its_past_meetings_to_the_tenants(
    wereld, kader, overleggen
):
    smal = eerste(overleggen, "ambtelijk overleg smal")
    services.besluit_vastleggen(overleg=smal, tekst="Alleen voor smal.", acting_user=SYSTEEM)
    vorm = Overlegvorm.objects.get(pk=smal.overlegvorm_id)
    services.overlegvorm_opslaan(
        kader=kader, vorm=vorm, velden={"met_huurders": True, "per_jaar": 4}, acting_user=SYSTEEM
    )
    hon = wereld.leden["hon_lezer"]
    assert not Overleg.objects.visible_to(hon).filter(pk=smal.pk).exists()
    assert "Alleen voor smal." not in [b.tekst for b in selectors.besluiten(user=hon, kader=kader)]
    assert Overleg.objects.get(pk=smal.pk).titel == "Ambtelijk overleg smal 1/4"


def test_a_decision_keeps_its_subject_when_the_afspraak_goes(wereld, kader, overleggen):
    afspraak = kader.afspraken.get(soort="strategisch", nummer="28")
    besluit = services.besluit_vastleggen(
        overleg=overleggen[0], tekst="Over 28.", afspraak=afspraak, acting_user=SYSTEEM
    )
    assert besluit.onderwerp == "Afspraak 28"
    afspraak.delete()  # a new version of the document without afspraak 28
    besluit = Besluit.objects.get(pk=besluit.pk)
    assert (besluit.afspraak_id, besluit.onderwerp) == (None, "Afspraak 28")


def test_an_action_of_a_concept_meeting_reaches_no_feed_and_no_reminder(wereld, kader):
    planning = services.jaar_plannen(kader=kader, jaar=2027, acting_user=SYSTEEM)
    concept = planning.overleggen.order_by("datum").first()
    services.actiepunt_toevoegen(
        overleg=concept,
        omschrijving="Nog geheim",
        eigenaar=wereld.orgs["wsn"],
        deadline=dt.date(2027, 3, 1),
        acting_user=SYSTEEM,
    )
    assert selectors.agenda_van_organisatie(wereld.orgs["wsn"]).actiepunten == []
    telling = herinneringen.herinneringen_plannen(vandaag=dt.date(2027, 2, 25))
    assert telling["actiepunt"] == 0


def test_a_queued_reminder_lapses_when_the_meeting_is_cancelled(wereld, overleggen, mailoutbox):
    overleg = eerste(overleggen, "ambtelijk overleg smal")
    herinneringen.herinneringen_plannen(vandaag=overleg.datum - dt.timedelta(days=7))
    rij = Herinnering.objects.filter(sleutel__startswith=f"overleg:{overleg.uid}").first()
    assert rij is not None and rij.verzonden_op is None  # its task has not run yet
    services.overleg_afgelasten(overleg=overleg, reden="geen punten", acting_user=SYSTEEM)
    mailoutbox.clear()
    assert herinneringen.versturen(rij.pk) is False
    rij.refresh_from_db()
    assert rij.vervallen_op is not None and rij.verzonden_op is None
    assert mailoutbox == []


def test_the_chair_takes_part_in_the_meeting(wereld, kader):
    vorm = Overlegvorm.objects.get(kader=kader, naam="bestuurlijk overleg smal")
    with pytest.raises(ValidationError, match="Huurdersorganisatie Nijkerk neemt niet deel"):
        services.overlegvorm_opslaan(
            kader=kader, vorm=vorm, velden={"voorzitter": wereld.orgs["hon"]}, acting_user=SYSTEEM
        )
    with pytest.raises(ValidationError, match="Woningstichting Nijkerk neemt niet deel"):
        services.overlegvorm_opslaan(
            kader=kader, vorm=vorm, velden={"met_corporaties": False}, acting_user=SYSTEEM
        )


def test_a_decision_about_an_activity_from_the_page(client, wereld, kader, overleggen):
    from prestatiemonitor.jaarschijven import services as js
    from prestatiemonitor.jaarschijven.services import ActiviteitGegevens

    jaarschijf = js.jaarschijf_aanmaken(kader=kader, jaar=2026, acting_user=SYSTEEM)
    activiteit = js.activiteit_opslaan(
        jaarschijf=jaarschijf,
        gegevens=ActiviteitGegevens(
            titel="Spreiding urgenten onderzoeken",
            afspraken=[kader.afspraken.get(soort="strategisch", nummer="7")],
            trekker=wereld.orgs["wsn"],
        ),
        acting_user=SYSTEEM,
    )
    breed = eerste(overleggen, "bestuurlijk overleg breed")
    client.force_login(wereld.leden["gemeente_redacteur"])
    client.post(
        reverse("overleg:besluit", args=[kader.slug, breed.pk]),
        {"tekst": "Het onderzoek gaat door.", "activiteit": activiteit.pk},
    )
    besluit = Besluit.objects.get(overleg=breed)
    assert (besluit.activiteit_id, besluit.afspraak.nummer) == (activiteit.pk, "7")
    pagina = client.get(
        reverse("jaarschijven:activiteit", args=[kader.slug, 2026, activiteit.nummer])
    ).content.decode()
    assert "Het onderzoek gaat door." in pagina


def test_changing_only_the_reason_says_nothing_changed(client, wereld, kader, overleggen):
    overleg = eerste(overleggen, "ambtelijk overleg smal")
    client.force_login(wereld.leden["gemeente_redacteur"])
    antwoord = client.post(
        reverse("overleg:wijzigen", args=[kader.slug, overleg.pk]),
        {
            "datum": overleg.datum.isoformat(),
            "aanvang": overleg.aanvang.strftime("%H:%M"),
            "einde": overleg.einde.strftime("%H:%M"),
            "locatie": overleg.locatie,
            "reden": "andere zaal",
        },
    )
    assert antwoord.status_code == 200
    assert "er is niets gewijzigd en niemand krijgt bericht" in antwoord.content.decode()
    assert Overleg.objects.get(pk=overleg.pk).sequence == 0


def test_years_whose_school_holidays_are_unknown_are_flagged(kader):
    assert planner.schoolvakanties_bekend(2026, "Midden")
    assert not planner.schoolvakanties_bekend(2040, "Midden")
    assert planner.schoolvakanties_bekend(2040, "")
    plan = selectors.jaarvoorstel(kader=kader, jaar=2040)
    assert plan.waarschuwingen == [
        "De schoolvakanties van 2040 (regio midden) zijn nog niet bekend in de bibliotheek "
        "holidays: dit voorstel houdt er geen rekening mee. Controleer de data zodra de "
        "vakanties bekend zijn."
    ]


def test_a_concept_with_a_hand_moved_meeting_is_not_planned_over(wereld, kader):
    planning = services.jaar_plannen(kader=kader, jaar=2027, acting_user=SYSTEEM)
    overleg = planning.overleggen.order_by("datum").first()
    services.overleg_wijzigen(
        overleg=overleg,
        datum=overleg.datum + dt.timedelta(days=1),
        aanvang=overleg.aanvang,
        einde=overleg.einde,
        locatie="",
        acting_user=SYSTEEM,
    )
    with pytest.raises(ValidationError, match="met de hand gewijzigd"):
        services.jaar_plannen(kader=kader, jaar=2027, acting_user=SYSTEEM)
