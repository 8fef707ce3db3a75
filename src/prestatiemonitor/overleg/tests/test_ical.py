"""The calendar feed (ical.py) read back by two independent parsers, icalendar and vobject.

The Nijkerk planning 2026 has 13 meetings: ambtelijk smal 4, bestuurlijk smal 2, ambtelijk
breed 2, bestuurlijk breed 4, informatieavond 1. Every form has the corporations (WSN sees 13);
the huurdersorganisatie HON sees only the breed ones and the informatieavond (2 + 4 + 1 = 7).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from django.core.exceptions import ValidationError

from prestatiemonitor.jaarschijven import services as jaarschijf_services
from prestatiemonitor.jaarschijven.constants import PeilmomentSoort
from prestatiemonitor.organisaties.permissions import SYSTEEM
from prestatiemonitor.overleg import selectors, services
from prestatiemonitor.overleg.constants import ActiepuntStatus
from prestatiemonitor.overleg.ical import agenda_ics
from prestatiemonitor.overleg.structuur import AMBTELIJK_BREED, AMBTELIJK_SMAL

from .conftest import eerste

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def feed(org) -> bytes:
    return agenda_ics(
        selectors.agenda_van_organisatie(org), naam=f"Prestatiemonitor {org.korte_naam}"
    )


def events(data: bytes) -> dict[str, icalendar.Event]:
    """The VEVENTs by UID (icalendar)."""
    calendar = icalendar.Calendar.from_ical(data)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def vevents(data: bytes) -> dict[str, object]:
    """The VEVENTs by UID (vobject, the second parser)."""
    calendar = vobject.readOne(data.decode("utf-8"))
    return {e.uid.value: e for e in calendar.vevent_list}


def uid(obj) -> str:
    return f"{obj.uid}@prestatiemonitor"


def test_the_corporation_sees_all_13_meetings_the_tenants_the_7_broad_ones(wereld, overleggen):
    wsn, hon = wereld.orgs["wsn"], wereld.orgs["hon"]
    namen = {uid(o): o.overlegvorm.naam for o in overleggen}

    for data, aantal, per_vorm in [
        (
            feed(wsn),
            13,
            {
                "ambtelijk overleg smal": 4,
                "bestuurlijk overleg smal": 2,
                "ambtelijk overleg breed": 2,
                "bestuurlijk overleg breed": 4,
                "informatieavond": 1,
            },
        ),
        (
            feed(hon),
            7,
            {"ambtelijk overleg breed": 2, "bestuurlijk overleg breed": 4, "informatieavond": 1},
        ),
    ]:
        via_icalendar = events(data)
        via_vobject = vevents(data)
        assert len(via_icalendar) == aantal
        assert set(via_vobject) == set(via_icalendar)
        assert Counter(namen[u] for u in via_icalendar) == per_vorm
        assert {e["STATUS"] for e in via_icalendar.values()} == {"CONFIRMED"}
        assert {e["SEQUENCE"] for e in via_icalendar.values()} == {0}


def test_the_calendar_header_and_a_real_vtimezone(wereld):
    data = feed(wereld.orgs["wsn"])
    calendar = icalendar.Calendar.from_ical(data)
    assert calendar["PRODID"] == "-//Prestatiemonitor//NL"
    assert calendar["VERSION"] == "2.0"
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["X-WR-CALNAME"] == "Prestatiemonitor WSN"
    assert calendar["X-WR-TIMEZONE"] == "Europe/Amsterdam"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    assert calendar.get_missing_tzids() == set()
    assert b"\r\nBEGIN:DAYLIGHT\r\n" in data and b"TZOFFSETTO:+0200" in data
    # The same feed twice (same moment) is the same file: nothing random in it.
    nu = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
    agenda = selectors.agenda_van_organisatie(wereld.orgs["wsn"])
    assert agenda_ics(agenda, naam="x", nu=nu) == agenda_ics(agenda, naam="x", nu=nu)


def test_times_are_local_amsterdam_time_on_both_sides_of_summer_time(wereld, overleggen):
    winter = eerste(overleggen, AMBTELIJK_SMAL)  # 3 February 2026, 10:00–11:30
    zomer = eerste(overleggen, AMBTELIJK_BREED)  # 4 June 2026, 14:00–16:00
    data = feed(wereld.orgs["wsn"])
    assert b"DTSTART;TZID=Europe/Amsterdam:20260203T100000" in data
    assert b"DTEND;TZID=Europe/Amsterdam:20260203T113000" in data

    via_icalendar = events(data)
    assert via_icalendar[uid(winter)].start == dt.datetime(2026, 2, 3, 10, 0, tzinfo=AMSTERDAM)
    assert via_icalendar[uid(winter)]["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert via_icalendar[uid(zomer)].end == dt.datetime(2026, 6, 4, 16, 0, tzinfo=AMSTERDAM)

    # vobject builds the zone from the VTIMEZONE in the file: CET in February, CEST in June.
    via_vobject = vevents(data)
    start = via_vobject[uid(winter)].dtstart.value
    assert start.utcoffset() == dt.timedelta(hours=1)
    assert start.astimezone(dt.UTC) == dt.datetime(2026, 2, 3, 9, 0, tzinfo=dt.UTC)
    start = via_vobject[uid(zomer)].dtstart.value
    assert start.utcoffset() == dt.timedelta(hours=2)
    assert start.astimezone(dt.UTC) == dt.datetime(2026, 6, 4, 12, 0, tzinfo=dt.UTC)


def test_a_meeting_event_carries_place_chair_agenda_and_link(wereld, overleggen, settings):
    settings.SITE_URL = "https://prestatiemonitor.example.nl/"
    overleg = eerste(overleggen, AMBTELIJK_SMAL)
    event = events(feed(wereld.orgs["wsn"]))[uid(overleg)]
    assert event["SUMMARY"] == "Ambtelijk overleg smal 1/4"
    assert event["URL"] == (
        f"https://prestatiemonitor.example.nl/afspraken/{wereld.kader.slug}/overleg/"
        f"vergadering/{overleg.pk}/"
    )
    beschrijving = str(event["DESCRIPTION"])
    assert "Voorzitter: Gemeente Nijkerk" in beschrijving
    assert "Plaatsvervanger: Woningstichting Nijkerk" in beschrijving
    punten = [p.titel for p in overleg.agendapunten.order_by("volgorde")]
    assert "1. Opening en vaststellen van de agenda" in beschrijving
    assert f"{len(punten)}. {punten[-1]}" in beschrijving
    assert event["URL"] in beschrijving
    assert event["LAST-MODIFIED"].dt == overleg.gewijzigd_op.replace(microsecond=0)
    assert event["DTSTAMP"].dt.tzinfo is not None


def test_moving_a_published_meeting_raises_sequence_and_keeps_uid(wereld, overleggen):
    overleg = eerste(overleggen, AMBTELIJK_SMAL)
    with pytest.raises(ValidationError) as fout:
        services.overleg_wijzigen(
            overleg=overleg,
            datum=dt.date(2026, 2, 10),
            aanvang=dt.time(13, 0),
            einde=dt.time(14, 30),
            locatie="Raadhuis, kamer 2",
            acting_user=SYSTEEM,
        )
    assert "reden" in fout.value.message_dict

    services.overleg_wijzigen(
        overleg=overleg,
        datum=dt.date(2026, 2, 10),
        aanvang=dt.time(13, 0),
        einde=dt.time(14, 30),
        locatie="Raadhuis, kamer 2",
        reden="Wethouder verhinderd",
        acting_user=SYSTEEM,
    )
    data = feed(wereld.orgs["wsn"])
    via_icalendar = events(data)
    assert len(via_icalendar) == 13
    event = via_icalendar[uid(overleg)]
    assert event["SEQUENCE"] == 1
    assert event["STATUS"] == "CONFIRMED"
    assert event.start == dt.datetime(2026, 2, 10, 13, 0, tzinfo=AMSTERDAM)
    assert event["LOCATION"] == "Raadhuis, kamer 2"
    assert "Gewijzigd: Wethouder verhinderd" in str(event["DESCRIPTION"])
    vevent = vevents(data)[uid(overleg)]
    assert vevent.sequence.value == "1"
    assert vevent.location.value == "Raadhuis, kamer 2"


def test_a_cancelled_meeting_stays_in_the_feed_as_cancelled(wereld, overleggen):
    overleg = eerste(overleggen, AMBTELIJK_BREED)
    services.overleg_afgelasten(
        overleg=overleg, reden="Te weinig agendapunten", acting_user=SYSTEEM
    )
    for org, aantal in [(wereld.orgs["wsn"], 13), (wereld.orgs["hon"], 7)]:
        data = feed(org)
        via_icalendar = events(data)
        assert len(via_icalendar) == aantal
        event = via_icalendar[uid(overleg)]
        assert event["STATUS"] == "CANCELLED"
        assert event["SEQUENCE"] == 1
        assert event["SUMMARY"] == "Afgelast: Ambtelijk overleg breed 1/2"
        assert event["TRANSP"] == "TRANSPARENT"
        assert "AFGELAST: Te weinig agendapunten" in str(event["DESCRIPTION"])
        assert vevents(data)[uid(overleg)].status.value == "CANCELLED"
        assert sum(e["STATUS"] == "CANCELLED" for e in via_icalendar.values()) == 1


def test_an_open_action_item_is_in_its_owners_feed_until_it_is_done(wereld, overleggen):
    wsn, hon = wereld.orgs["wsn"], wereld.orgs["hon"]
    overleg = eerste(overleggen, AMBTELIJK_BREED)
    actie = services.actiepunt_toevoegen(
        overleg=overleg,
        omschrijving="Overzicht van de toewijzingen aan statushouders aanleveren bij de gemeente, "
        "uitgesplitst per kern",
        eigenaar=wsn,
        deadline=dt.date(2026, 7, 1),
        acting_user=SYSTEEM,
    )
    data = feed(wsn)
    event = events(data)[uid(actie)]
    assert event["SUMMARY"] == (
        "Actiepunt WSN: Overzicht van de toewijzingen aan statushouders aanleveren bij de "
        "gemeente, uitg"  # the first 80 characters
    )
    assert event["SEQUENCE"] == 0
    assert event.start == dt.date(2026, 7, 1)
    assert event.end == dt.date(2026, 7, 2)
    assert b"DTSTART;VALUE=DATE:20260701\r\n" in data
    assert "uitgesplitst per kern" in str(event["DESCRIPTION"])
    assert vevents(data)[uid(actie)].dtstart.value == dt.date(2026, 7, 1)
    assert uid(actie) not in events(feed(hon))

    services.actiepunt_bijwerken(
        actiepunt=actie,
        status=ActiepuntStatus.AFGEROND,
        toelichting="Aangeleverd op 20 juni.",
        versie=actie.versie,
        acting_user=SYSTEEM,
    )
    assert uid(actie) not in events(feed(wsn))
    assert len(events(feed(wsn))) == 13


def test_the_deadline_of_a_peilmoment_is_an_all_day_event(wereld):
    jaarschijf = jaarschijf_services.jaarschijf_aanmaken(
        kader=wereld.kader, jaar=2026, acting_user=SYSTEEM
    )
    peilmoment = jaarschijf_services.peilmoment_openen(
        jaarschijf=jaarschijf,
        soort=PeilmomentSoort.JUNI,
        deadline=dt.date(2026, 7, 15),
        acting_user=SYSTEEM,
    )
    data = feed(wereld.orgs["wsn"])
    event = events(data)[f"peilmoment-{peilmoment.pk}-deadline@prestatiemonitor"]
    assert event["SUMMARY"] == "Uiterste meldingsdatum voortgang Juni 2026"
    assert event["TRANSP"] == "TRANSPARENT"
    assert event.start == dt.date(2026, 7, 15)
    assert event.end == dt.date(2026, 7, 16)
    assert event["URL"].endswith(f"/afspraken/{wereld.kader.slug}/peilmoment/2026-06/")
    assert vevents(data)[str(event["UID"])].dtstart.value == dt.date(2026, 7, 15)
    assert len(events(data)) == 14


def test_the_feed_is_built_in_a_fixed_number_of_queries(
    wereld, overleggen, django_assert_max_num_queries
):
    wsn = wereld.orgs["wsn"]
    for overleg in overleggen[:3]:
        services.actiepunt_toevoegen(
            overleg=overleg,
            omschrijving=f"Actie na {overleg.titel}",
            eigenaar=wsn,
            deadline=dt.date(2026, 12, 1),
            acting_user=SYSTEEM,
        )
    with django_assert_max_num_queries(5):
        data = feed(wsn)
    assert len(events(data)) == 16
