"""Calendar feeds (RFC 5545) of an organisation or a person, built with ``icalendar``
(docs/agenda.md).

What a subscribed calendar needs to follow changes:

- every event has a stable UID (the meeting's or action item's ``uid``, the peilmoment's pk),
  so a refresh replaces the event instead of adding a second one;
- SEQUENCE counts the versions after publication (``services.overleg_wijzigen`` and
  ``overleg_afgelasten`` increment it), and a cancelled meeting stays in the feed with
  STATUS:CANCELLED, so the calendar shows it as cancelled instead of silently dropping it;
- times carry TZID Europe/Amsterdam with a real VTIMEZONE, so a meeting at 10:00 stays at 10:00
  local time on both sides of the daylight saving change.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, Timezone
from icalendar.enums import STATUS, TRANSP

from prestatiemonitor.afspraken.weergave import datum
from prestatiemonitor.jaarschijven.models import Peilmoment

from .models import Actiepunt, Overleg
from .selectors import Agenda

TZID = "Europe/Amsterdam"
AMSTERDAM = ZoneInfo(TZID)
PRODID = "-//Prestatiemonitor//NL"
UID_DOMEIN = "prestatiemonitor"
# A hint to clients that honour it (Outlook: X-PUBLISHED-TTL, others: REFRESH-INTERVAL);
# Google Calendar ignores both and refreshes on its own schedule.
VERVERSEN = dt.timedelta(hours=1)
VERVERSEN_TEKST = "PT1H"


def _url(pad: str) -> str:
    return settings.SITE_URL.rstrip("/") + pad


def _overleg_url(overleg: Overleg) -> str:
    return _url(reverse("overleg:overleg", args=[overleg.kader.slug, overleg.pk]))


def _naam(organisatie) -> str:
    return organisatie.korte_naam or organisatie.naam


def _overleg_event(overleg: Overleg, nu: dt.datetime) -> Event:
    url = _overleg_url(overleg)
    regels = [
        f"{overleg.overlegvorm.naam[:1].upper()}{overleg.overlegvorm.naam[1:]} – "
        f"{overleg.kader.titel}"
    ]
    if overleg.afgelast:
        regels.append(
            "AFGELAST" + (f": {overleg.reden_wijziging}" if overleg.reden_wijziging else "")
        )
    elif overleg.reden_wijziging:
        regels.append(f"Gewijzigd: {overleg.reden_wijziging}")
    regels.append(f"Voorzitter: {overleg.voorzitter.naam}")
    if overleg.plaatsvervanger is not None:
        regels.append(f"Plaatsvervanger: {overleg.plaatsvervanger.naam}")
    punten = list(overleg.agendapunten.all())
    regels.append("")
    regels.append("Agenda:")
    if punten:
        regels += [f"{i}. {p.titel}" for i, p in enumerate(punten, 1)]
    else:
        regels.append("(nog geen agendapunten)")
    regels += ["", f"Stukken en details: {url}"]

    return Event.new(
        uid=f"{overleg.uid}@{UID_DOMEIN}",
        sequence=overleg.sequence,
        status=STATUS.CANCELLED if overleg.afgelast else STATUS.CONFIRMED,
        start=dt.datetime.combine(overleg.datum, overleg.aanvang, tzinfo=AMSTERDAM),
        end=dt.datetime.combine(overleg.datum, overleg.einde, tzinfo=AMSTERDAM),
        stamp=nu,
        last_modified=overleg.gewijzigd_op,
        summary=("Afgelast: " if overleg.afgelast else "") + overleg.titel,
        location=overleg.locatie or None,
        description="\n".join(regels),
        url=url,
        transparency=TRANSP.TRANSPARENT if overleg.afgelast else TRANSP.OPAQUE,
    )


def _hele_dag(event: Event, dag: dt.date) -> None:
    event.start = dag
    event.end = dag + dt.timedelta(days=1)


def _deadline_event(peilmoment: Peilmoment, nu: dt.datetime) -> Event:
    kader = peilmoment.jaarschijf.kader
    url = _url(reverse("jaarschijven:peilmoment", args=[kader.slug, peilmoment.code]))
    regels = [
        f"Uiterste meldingsdatum van het peilmoment {peilmoment.naam} ({kader.titel}).",
        "De trekkers melden vóór of op deze dag de voortgang van hun activiteiten.",
    ]
    if peilmoment.is_gesloten:
        regels.append("Dit peilmoment is gesloten.")
    regels += ["", url]
    event = Event.new(
        uid=f"peilmoment-{peilmoment.pk}-deadline@{UID_DOMEIN}",
        stamp=nu,
        summary=f"Uiterste meldingsdatum voortgang {peilmoment.naam}",
        description="\n".join(regels),
        url=url,
        transparency=TRANSP.TRANSPARENT,
    )
    _hele_dag(event, peilmoment.deadline)
    return event


def _actiepunt_event(actiepunt: Actiepunt, nu: dt.datetime) -> Event:
    overleg = actiepunt.overleg
    url = _overleg_url(overleg)
    eigenaar = _naam(actiepunt.eigenaar)
    event = Event.new(
        uid=f"{actiepunt.uid}@{UID_DOMEIN}",
        sequence=actiepunt.sequence,
        stamp=nu,
        last_modified=actiepunt.gewijzigd_op,
        summary=f"Actiepunt {eigenaar}: {actiepunt.omschrijving[:80]}",
        description=(
            f"{actiepunt.omschrijving}\n\nEigenaar: {actiepunt.eigenaar.naam}\n"
            f"Deadline: {datum(actiepunt.deadline, 'l j F Y')}\n"
            f"Afgesproken in het {overleg.titel} van {datum(overleg.datum, 'j F Y')} "
            f"({overleg.kader.titel}).\n\n{url}"
        ),
        url=url,
        transparency=TRANSP.TRANSPARENT,
    )
    _hele_dag(event, actiepunt.deadline)
    return event


def _tijdzone_bereik(agenda: Agenda) -> tuple[dt.date, dt.date]:
    """The years the VTIMEZONE must cover: those of the meetings, with a year to spare."""
    jaren = [o.datum.year for o in agenda.overleggen] or [timezone.localdate().year]
    return dt.date(min(jaren), 1, 1), dt.date(max(jaren) + 2, 1, 1)


def agenda_ics(agenda: Agenda, *, naam: str, nu: dt.datetime | None = None) -> bytes:
    """The agenda as an iCalendar file: the meetings (a cancelled one as CANCELLED), the
    deadlines of the peilmomenten and the open action items as all-day events."""
    nu = nu or timezone.now()
    eerste, laatste = _tijdzone_bereik(agenda)
    # NAME and X-WR-CALNAME come from ``name``; the random calendar UID ``new`` would add is
    # left out, so the same agenda gives the same file.
    calendar = Calendar.new(
        prodid=PRODID,
        version="2.0",
        calscale="GREGORIAN",
        method="PUBLISH",
        name=naam,
    )
    calendar.pop("UID", None)
    calendar.add("X-WR-TIMEZONE", TZID)
    calendar.add("REFRESH-INTERVAL", VERVERSEN, parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", VERVERSEN_TEKST)
    calendar.add_component(Timezone.from_tzid(TZID, first_date=eerste, last_date=laatste))
    for overleg in agenda.overleggen:
        calendar.add_component(_overleg_event(overleg, nu))
    for peilmoment in agenda.deadlines:
        calendar.add_component(_deadline_event(peilmoment, nu))
    for actiepunt in agenda.actiepunten:
        calendar.add_component(_actiepunt_event(actiepunt, nu))
    return calendar.to_ical()
