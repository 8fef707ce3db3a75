"""Reminders and notices by e-mail (herinneringen.py, tasks.py, the `herinneringen` command).

The tests use the immediate task backend and the locmem mail backend (``mailoutbox``). The
mails leave after the commit: ``django_capture_on_commit_callbacks(execute=True)`` plays that
commit; outside it the rows are written but their tasks never run, as after a crash.

The members (``wereld.leden``, every one with an address gebruikerN@example.org): gemeente
beheerder/redacteur/lezer, WSN redacteur/lezer/beheerder, de Alliantie redacteur, HON
redacteur/lezer/beheerder. A *smal* meeting (gemeente and corporations) has 7 addresses.
"""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from prestatiemonitor.jaarschijven import services as jaarschijf_services
from prestatiemonitor.jaarschijven.constants import PeilmomentSoort
from prestatiemonitor.organisaties.constants import Rol
from prestatiemonitor.organisaties.permissions import SYSTEEM
from prestatiemonitor.organisaties.tests.factories import LidmaatschapFactory, OrganisatieFactory
from prestatiemonitor.overleg import herinneringen, services
from prestatiemonitor.overleg.constants import HerinneringSoort
from prestatiemonitor.overleg.models import Herinnering
from prestatiemonitor.overleg.structuur import AMBTELIJK_SMAL
from prestatiemonitor.overleg.tasks import herinnering_versturen

from .conftest import eerste

# The first meeting of 2026 is the ambtelijk overleg smal of Tuesday 3 February; the reminder
# goes 7 days before (the default of Overleginstellingen), and no other meeting is that close.
VANDAAG = dt.date(2026, 1, 27)
SMAL = [
    "gemeente_beheerder",
    "gemeente_redacteur",
    "gemeente_lezer",
    "wsn",
    "wsn_lezer",
    "wsn_beheerder",
    "alliantie",
]


def adressen(wereld, namen) -> list[str]:
    return sorted(wereld.leden[n].email for n in namen)


def ontvangers(mails) -> list[str]:
    return sorted(adres for m in mails for adres in m.to)


def test_a_reminder_with_the_agenda_goes_to_every_participant_once(
    wereld, overleggen, mailoutbox, django_capture_on_commit_callbacks
):
    overleg = eerste(overleggen, AMBTELIJK_SMAL)
    assert (overleg.datum - VANDAAG).days == 7
    with django_capture_on_commit_callbacks(execute=True):
        telling = herinneringen.herinneringen_plannen(vandaag=VANDAAG)
    assert telling == {"overleg": 7, "deadline": 0, "actiepunt": 0}
    assert len(mailoutbox) == 7
    assert all(len(m.to) == 1 for m in mailoutbox)
    assert ontvangers(mailoutbox) == adressen(wereld, SMAL)
    mail = mailoutbox[0]
    assert mail.subject == "Herinnering: Ambtelijk overleg smal 1/4 op dinsdag 3 februari 2026"
    assert "dinsdag 3 februari 2026, 10:00–11:30" in mail.body
    punten = [p.titel for p in overleg.agendapunten.order_by("volgorde")]
    for nummer, titel in enumerate(punten, 1):
        assert f"{nummer}. {titel}" in mail.body
    assert f"/overleg/vergadering/{overleg.pk}/" in mail.body
    assert (
        Herinnering.objects.filter(
            soort=HerinneringSoort.OVERLEG, verzonden_op__isnull=False
        ).count()
        == 7
    )

    # Idempotent: the same day again queues and sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        telling = herinneringen.herinneringen_plannen(vandaag=VANDAAG)
    assert telling == {"overleg": 0, "deadline": 0, "actiepunt": 0}
    assert len(mailoutbox) == 7
    rij = Herinnering.objects.filter(soort=HerinneringSoort.OVERLEG).first()
    assert herinneringen.versturen(rij.pk) is False
    assert len(mailoutbox) == 7


def test_a_row_whose_task_never_ran_is_sent_exactly_once(
    wereld, overleggen, mailoutbox, django_capture_on_commit_callbacks
):
    telling = herinneringen.herinneringen_plannen(vandaag=VANDAAG)  # no commit: tasks never run
    assert telling["overleg"] == 7
    assert mailoutbox == []
    rijen = list(
        Herinnering.objects.filter(soort=HerinneringSoort.OVERLEG, verzonden_op__isnull=True)
    )
    assert len(rijen) == 7

    assert herinnering_versturen.call(rijen[0].pk) is True
    assert herinneringen.versturen(rijen[0].pk) is False
    assert len(mailoutbox) == 1

    # The daily run queues the rest again once they are old enough; each is sent once.
    assert herinneringen.onverzonden_versturen() == 0  # written just now: a worker may have them
    onverzonden = Herinnering.objects.filter(verzonden_op__isnull=True).count()
    # 6 reminders plus the notices of the published planning written by the fixture
    assert onverzonden == 6 + len(SMAL) + 3
    with django_capture_on_commit_callbacks(execute=True):
        assert herinneringen.onverzonden_versturen(ouder_dan=dt.timedelta(0)) == onverzonden
    assert len(mailoutbox) == 1 + onverzonden
    assert not Herinnering.objects.filter(verzonden_op__isnull=True).exists()
    assert ontvangers(m for m in mailoutbox if m.subject.startswith("Herinnering")) == adressen(
        wereld, SMAL
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert herinneringen.onverzonden_versturen(ouder_dan=dt.timedelta(0)) == 0
    assert len(mailoutbox) == 1 + onverzonden


def test_moving_a_published_meeting_tells_each_participant_once(
    wereld, overleggen, mailoutbox, django_capture_on_commit_callbacks
):
    overleg = eerste(overleggen, AMBTELIJK_SMAL)
    wijziging = {
        "datum": dt.date(2026, 2, 10),
        "aanvang": dt.time(13, 0),
        "einde": dt.time(14, 30),
        "locatie": "Raadhuis",
        "reden": "Wethouder verhinderd",
        "acting_user": SYSTEEM,
    }
    with django_capture_on_commit_callbacks(execute=True):
        services.overleg_wijzigen(overleg=overleg, **wijziging)
    assert ontvangers(mailoutbox) == adressen(wereld, SMAL)
    mail = mailoutbox[0]
    assert mail.subject == "Gewijzigd: Ambtelijk overleg smal 1/4, nu dinsdag 10 februari 2026"
    assert "dinsdag 10 februari 2026, 13:00–14:30, Raadhuis" in mail.body
    assert "Reden: Wethouder verhinderd" in mail.body

    with django_capture_on_commit_callbacks(execute=True):
        services.overleg_wijzigen(overleg=overleg, **wijziging)  # nothing changes
    assert len(mailoutbox) == 7

    with django_capture_on_commit_callbacks(execute=True):
        services.overleg_afgelasten(overleg=overleg, reden="Geen agendapunten", acting_user=SYSTEEM)
    assert len(mailoutbox) == 14
    assert (
        mailoutbox[-1].subject
        == "Afgelast: Ambtelijk overleg smal 1/4 van dinsdag 10 februari 2026"
    )


def test_the_deadline_reminder_goes_only_to_those_who_report_progress(
    wereld, mailoutbox, django_capture_on_commit_callbacks
):
    jaarschijf = jaarschijf_services.jaarschijf_aanmaken(
        kader=wereld.kader, jaar=2026, acting_user=SYSTEEM
    )
    peilmoment = jaarschijf_services.peilmoment_openen(
        jaarschijf=jaarschijf,
        soort=PeilmomentSoort.JUNI,
        deadline=dt.date(2026, 7, 15),
        acting_user=SYSTEEM,
    )
    # A lezer of WSN who is beheerder of another corporation: her role at WSN decides.
    LidmaatschapFactory(
        user=wereld.leden["wsn_lezer"], organisatie=OrganisatieFactory(), rol=Rol.BEHEERDER
    )

    with django_capture_on_commit_callbacks(execute=True):
        telling = herinneringen.herinneringen_plannen(vandaag=dt.date(2026, 7, 8))
    assert telling == {"overleg": 0, "deadline": 5, "actiepunt": 0}
    # voortgang.rapporteren: redacteur and beheerder of the gemeente and the corporations; not
    # the lezers, not the huurdersorganisatie.
    assert ontvangers(mailoutbox) == adressen(
        wereld, ["gemeente_beheerder", "gemeente_redacteur", "wsn", "wsn_beheerder", "alliantie"]
    )
    mail = mailoutbox[0]
    assert mail.subject == "Herinnering: voortgang melden vóór woensdag 15 juli 2026"
    assert f"/afspraken/{wereld.kader.slug}/peilmoment/{peilmoment.code}/" in mail.body

    # Eight days before: not yet.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        herinneringen.herinneringen_plannen(vandaag=dt.date(2026, 7, 7))
    assert mailoutbox == []


def test_the_action_item_reminder_goes_to_the_owner(
    wereld, overleggen, mailoutbox, django_capture_on_commit_callbacks
):
    services.actiepunt_toevoegen(
        overleg=eerste(overleggen, AMBTELIJK_SMAL),
        omschrijving="Huurprijsbeleid toelichten",
        eigenaar=wereld.orgs["de-alliantie"],
        deadline=dt.date(2026, 7, 20),
        acting_user=SYSTEEM,
    )
    with django_capture_on_commit_callbacks(execute=True):
        telling = herinneringen.herinneringen_plannen(vandaag=dt.date(2026, 7, 13))
    assert telling == {"overleg": 0, "deadline": 0, "actiepunt": 1}
    assert ontvangers(mailoutbox) == adressen(wereld, ["alliantie"])
    assert "Huurprijsbeleid toelichten" in mailoutbox[0].body


def test_the_command_prints_the_counts_in_dutch(
    wereld, mailoutbox, django_capture_on_commit_callbacks
):
    uit = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("herinneringen", "--datum", VANDAAG.isoformat(), stdout=uit)
    tekst = uit.getvalue()
    assert "Herinneringen voor dinsdag 27 januari 2026:" in tekst
    assert "overleggen:        7" in tekst
    assert "meldingsdata:      0" in tekst
    assert "7 nieuwe e-mail(s) in de wachtrij." in tekst
    assert len(mailoutbox) == 7

    uit = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("herinneringen", "--datum", VANDAAG.isoformat(), stdout=uit)
    assert "Geen nieuwe herinneringen" in uit.getvalue()
    assert len(mailoutbox) == 7

    with pytest.raises(CommandError, match="geen datum"):
        call_command("herinneringen", "--datum", "27-01-2026")
