"""End to end in Chromium: the gemeente plans the year 2026 for Nijkerk in one action.

The beleidsmedewerker sets up the overlegstructuur of chapter 5, sees the proposal (12
overleggen and the informatieavond, the bestuurlijke overleggen chaired in turn, no meeting on
a holiday), plans and publishes it; records a decision about afspraak 7 and an action item for
WSN on the December bestuurlijk overleg breed. WSN's adviseur makes the organisation's calendar
address and the calendar has the meetings and the action; a volunteer of HON sees the decision
on afspraak 7. Every page: axe-core clean at 1280 and 390 px, no sideways scrolling at 390 px.
"""

import datetime as dt

import pytest
from django.urls import reverse
from icalendar import Calendar

from prestatiemonitor.organisaties.demo import ensure_demo_accounts
from prestatiemonitor.overleg.models import Actiepunt, Besluit, Overleg
from prestatiemonitor.overleg.planner import reden_bezet

from .test_planmonitor_browser import _inloggen, _toegankelijk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def kader(nijkerk_kader):
    nijkerk_kader.gepubliceerd = True
    nijkerk_kader.save(update_fields=["gepubliceerd"])
    ensure_demo_accounts()
    return nijkerk_kader


def test_the_gemeente_plans_2026_and_a_decision_reaches_the_afspraak_and_the_calendar(
    bezoeker, live_server, kader
):
    base = live_server.url
    gemeente = bezoeker()
    _inloggen(gemeente, base, "beleid.nijkerk")
    gemeente.goto(base + reverse("overleg:jaar", args=[kader.slug, 2026]))
    gemeente.get_by_role("button", name="Overlegstructuur inrichten").click()
    gemeente.get_by_text("De overlegstructuur van hoofdstuk 5 is ingericht").wait_for()

    # The proposal: 12 overleggen and the informatieavond, chairs by the rotation rule.
    gemeente.goto(base + reverse("overleg:jaar", args=[kader.slug, 2026]))
    voorstel = gemeente.locator("table", has=gemeente.get_by_text("Voorstel: 13 overleggen"))
    rijen = voorstel.locator("tbody tr")
    assert rijen.count() == 13
    namen = [r.locator("th").inner_text() for r in rijen.all()]
    assert namen.count("Informatieavond") == 1
    assert sum(1 for n in namen if n.endswith("overleg smal") or n.endswith("overleg breed")) == 12
    voorzitters = [
        r.locator('td[data-label="Voorzitter"]').inner_text()
        for r in rijen.all()
        if r.locator("th").inner_text().startswith("Bestuurlijk")
    ]
    assert voorzitters == [
        "gemeente (plv. WSN)",
        "WSN (plv. gemeente)",
        "gemeente (plv. WSN)",
        "WSN (plv. gemeente)",
        "gemeente (plv. WSN)",
        "WSN (plv. gemeente)",
    ]
    _toegankelijk(gemeente)
    gemeente.get_by_role("button", name="Plan het jaar 2026").click()
    gemeente.get_by_text("13 overleggen gepland voor 2026 (concept)").wait_for()
    gemeente.get_by_role("button", name="Planning 2026 publiceren").click()
    gemeente.get_by_text("De planning 2026 is gepubliceerd").wait_for()

    overleggen = list(Overleg.objects.filter(kader=kader, planning__jaar=2026))
    assert len(overleggen) == 13
    assert [o.datum for o in overleggen if reden_bezet(o.datum, "Midden")] == []
    december = max(
        (o for o in overleggen if o.overlegvorm.naam == "bestuurlijk overleg breed"),
        key=lambda o: o.datum,
    )
    assert december.datum.month == 12

    # A decision about afspraak 7 and an action item for WSN on the December meeting.
    gemeente.get_by_role("link", name="Bestuurlijk overleg breed 4/4").click()
    gemeente.get_by_role("heading", level=1, name="Bestuurlijk overleg breed 4/4").wait_for()
    assert gemeente.locator("ol.agenda").get_by_text("Vaststelling jaarschijf 2027").is_visible()
    gemeente.locator("summary", has_text="Besluit vastleggen").click()
    besluit = gemeente.locator(
        "form", has=gemeente.get_by_role("button", name="Besluit vastleggen")
    )
    besluit.get_by_label("Besluit", exact=True).fill(
        "De partijen volgen de spreiding van urgente toewijzingen halfjaarlijks."
    )
    besluit.get_by_label("Over afspraak").select_option(
        label=next(
            o.inner_text()
            for o in besluit.get_by_label("Over afspraak").locator("option").all()
            if o.inner_text().startswith("Afspraak 7:")
        )
    )
    besluit.get_by_label("Openbaar maken").check()
    besluit.get_by_role("button", name="Besluit vastleggen").click()
    gemeente.get_by_text("Het besluit is vastgelegd.").wait_for()
    gemeente.locator("summary", has_text="Actiepunt vastleggen").click()
    actie = gemeente.locator(
        "form", has=gemeente.get_by_role("button", name="Actiepunt vastleggen")
    )
    actie.get_by_label("Actie", exact=True).fill("Voorstel spreiding urgenten uitwerken")
    actie.get_by_label("Eigenaar").select_option(label="Woningstichting Nijkerk")
    actie.get_by_label("Deadline").fill("2027-03-01")
    actie.get_by_role("button", name="Actiepunt vastleggen").click()
    gemeente.get_by_text("Het actiepunt is vastgelegd.").wait_for()
    _toegankelijk(gemeente)
    assert Besluit.objects.get(overleg=december).afspraak.nummer == "7"
    assert Actiepunt.objects.get(overleg=december).deadline == dt.date(2027, 3, 1)

    # WSN's adviseur subscribes the organisation's calendar.
    wsn = bezoeker()
    _inloggen(wsn, base, "adviseur.wsn")
    wsn.goto(base + reverse("agenda:beheer"))
    wsn.get_by_role("button", name="Adres maken voor Woningstichting Nijkerk").click()
    adres = wsn.get_by_role("textbox", name="Agenda-adres").input_value()
    assert adres.startswith(base + "/agenda/") and adres.endswith(".ics")
    _toegankelijk(wsn)
    antwoord = wsn.request.get(adres)
    assert antwoord.status == 200
    agenda = Calendar.from_ical(antwoord.body())
    samenvattingen = [str(e["SUMMARY"]) for e in agenda.walk("VEVENT")]
    assert "Bestuurlijk overleg breed 4/4" in samenvattingen
    assert sum(1 for s in samenvattingen if "overleg" in s or s == "Informatieavond") == 13
    assert "Actiepunt WSN: Voorstel spreiding urgenten uitwerken" in samenvattingen

    # A volunteer of HON reads the decision on afspraak 7.
    hon = bezoeker()
    _inloggen(hon, base, "vrijwilliger.hon")
    hon.goto(base + reverse("afspraken:afspraak", args=[kader.slug, "7"]))
    hon.get_by_role("heading", name="Uit het overleg").wait_for()
    assert hon.get_by_text(
        "De partijen volgen de spreiding van urgente toewijzingen halfjaarlijks."
    ).is_visible()
    _toegankelijk(hon)
