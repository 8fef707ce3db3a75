"""The planner as a pure function: holidays, school holidays, months, rotation."""

import datetime as dt

import pytest

from prestatiemonitor.overleg import planner
from prestatiemonitor.overleg.constants import VoorzitterRegel
from prestatiemonitor.overleg.structuur import MIJLPALEN, VORMEN

G, W = "gemeente", "WSN"


def _nijkerk(jaar=2026, vorige=None, regio="Midden"):
    vormen = [
        planner.Vorm(
            sleutel=naam,
            naam=naam,
            maanden=tuple(maanden),
            weekdag=weekdag,
            week=week,
            aanvang=aanvang,
            duur_minuten=duur,
            regel=regel,
            voorzitter=G,
            plaatsvervanger=None if regel == VoorzitterRegel.INITIATIEF else W,
            volgorde=volgorde,
        )
        for naam, (_, _, maanden, weekdag, week, aanvang, duur, regel, volgorde) in VORMEN.items()
    ]
    punten = [
        planner.Punt(sleutel=i, titel=titel, vorm=vorm, maand=maand)
        for i, (_, titel, vorm, maand, laatste) in enumerate(MIJLPALEN)
        if not laatste
    ]
    return planner.plan_jaar(
        jaar=jaar, vormen=vormen, punten=punten, regio=regio, vorige_voorzitter=vorige
    )


def test_nijkerk_2026_has_twelve_meetings_and_the_informatieavond_on_free_working_days():
    plan = _nijkerk()
    assert [(v.datum.isoformat(), v.vorm.naam) for v in plan] == [
        ("2026-02-03", "ambtelijk overleg smal"),
        ("2026-03-10", "bestuurlijk overleg smal"),
        ("2026-03-19", "bestuurlijk overleg breed"),
        ("2026-04-07", "ambtelijk overleg smal"),
        ("2026-06-04", "ambtelijk overleg breed"),
        ("2026-06-18", "bestuurlijk overleg breed"),
        ("2026-09-01", "ambtelijk overleg smal"),
        ("2026-09-03", "ambtelijk overleg breed"),
        ("2026-10-13", "bestuurlijk overleg smal"),
        ("2026-10-15", "bestuurlijk overleg breed"),
        ("2026-11-03", "ambtelijk overleg smal"),
        ("2026-11-11", "informatieavond"),
        ("2026-12-17", "bestuurlijk overleg breed"),
    ]
    for v in plan:
        assert v.datum.weekday() < 5
        assert planner.reden_bezet(v.datum, "Midden") is None, v
    # The cycle: the December bestuurlijk overleg breed adopts next year's jaarschijf, the
    # concept is discussed in the ambtelijk overleg breed after the summer.
    december = plan[-1]
    assert december.datum.month == 12
    assert [p.titel for p in december.punten] == [
        "Vaststelling jaarschijf {volgend_jaar}",
        "Terugblik op {jaar}: voortgang prestatieafspraken (peilmoment december)",
    ]
    concept = next(v for v in plan if any("Concept jaarschijf" in p.titel for p in v.punten))
    assert (concept.vorm.naam, concept.datum) == ("ambtelijk overleg breed", dt.date(2026, 9, 3))


def test_the_bestuurlijke_overleggen_are_chaired_in_turn_and_ambtelijke_by_the_gemeente():
    plan = _nijkerk()
    bestuurlijk = [(v.voorzitter, v.plaatsvervanger) for v in plan if "bestuurlijk" in v.vorm.naam]
    assert bestuurlijk == [(G, W), (W, G), (G, W), (W, G), (G, W), (W, G)]
    assert {(v.voorzitter, v.plaatsvervanger) for v in plan if "ambtelijk" in v.vorm.naam} == {
        (G, W)
    }
    assert [
        (v.voorzitter, v.plaatsvervanger) for v in plan if v.vorm.naam == "informatieavond"
    ] == [(G, None)]


@pytest.mark.parametrize(("vorige", "eerste"), [(W, G), (G, W), (None, G)])
def test_the_rotation_continues_from_the_previous_year(vorige, eerste):
    plan = _nijkerk(jaar=2027, vorige=vorige)
    assert next(v.voorzitter for v in plan if "bestuurlijk" in v.vorm.naam) == eerste


def _een(maand, weekdag, week, *, regio="Midden", vast=False, bezet=frozenset(), jaar=2026):
    vorm = planner.Vorm(
        sleutel="x",
        naam="proefoverleg",
        maanden=(maand,),
        weekdag=weekdag,
        week=week,
        aanvang=dt.time(10),
        duur_minuten=60,
        regel=VoorzitterRegel.VAST,
        voorzitter=G,
        plaatsvervanger=W,
    )
    punten = [planner.Punt(sleutel=1, titel="vast", vorm="x", maand=maand)] if vast else []
    return planner.plan_jaar(jaar=jaar, vormen=[vorm], punten=punten, regio=regio, bezet=bezet)[0]


def test_a_public_holiday_moves_the_meeting_to_the_same_weekday_another_week():
    # Thursday of week 2 of May 2026 is Hemelvaartsdag (14 May); 7 May is the nearest Thursday.
    assert planner.reden_bezet(dt.date(2026, 5, 14), "Midden") == "Hemelvaartsdag"
    assert _een(5, 3, 2).datum == dt.date(2026, 5, 7)
    # Koningsdag, Monday 27 April 2026: the Monday before (the Meivakantie starts 25 April).
    assert _een(4, 0, 4).datum == dt.date(2026, 4, 20)


def test_school_holidays_of_the_region_are_avoided():
    # The autumn holiday 2026: regio noord 10–18 October, midden and zuid 17–25 October. Tuesday
    # of week 2 (13 October) is free in midden, but not in noord.
    assert _een(10, 1, 2, regio="Midden").datum == dt.date(2026, 10, 13)
    assert planner.reden_bezet(dt.date(2026, 10, 13), "Noord") == "Herfstvakantie (regio noord)"
    assert _een(10, 1, 2, regio="Noord").datum == dt.date(2026, 10, 6)
    # Without a region only weekends and public holidays count.
    assert _een(10, 1, 2, regio="").datum == dt.date(2026, 10, 13)


def test_a_month_without_a_free_day_moves_to_the_nearest_month_unless_a_milestone_pins_it():
    # Regio midden: the summer holiday runs 18 July – 30 August 2026; Monday 31 August is the
    # only free working day of August.
    assert _een(8, 1, 2).datum == dt.date(2026, 8, 31)
    verschoven = _een(8, 1, 2, bezet=frozenset({dt.date(2026, 8, 31)}))
    assert verschoven.datum == dt.date(2026, 9, 8)
    assert verschoven.opmerking.startswith("Verschoven van augustus naar september")
    with pytest.raises(
        planner.PlanFout, match="Geen vrije werkdag voor het proefoverleg in augustus 2026"
    ):
        _een(8, 1, 2, vast=True, bezet=frozenset({dt.date(2026, 8, 31)}))


def test_meetings_never_share_a_day_and_end_after_they_start():
    plan = _nijkerk(jaar=2027)
    assert len({v.datum for v in plan}) == len(plan) == 13
    assert all(v.einde > v.aanvang for v in plan)
    assert plan[0].einde == dt.time(11, 30)  # ambtelijk overleg smal: 10:00, 90 minutes
