"""Tabel 1 and 2 from hand-built facts: ``prognose.bereken`` and the what-if ``toepassen``
(pure functions, no database)."""

import copy

from prestatiemonitor.planmonitor.constants import Fase, MutatieSoort, Realisatie
from prestatiemonitor.planmonitor.models import Hardheid
from prestatiemonitor.planmonitor.prognose import (
    MARKTPARTIJEN,
    VASTE_KOLOMMEN,
    bereken,
    netto_per_jaar,
)
from prestatiemonitor.planmonitor.selectors import toepassen

from .factories import feit, mutatie

WSN, ALL = 1, 2
CORPORATIES = [(WSN, "WSN"), (ALL, "de Alliantie")]
GEPLAND, GEREALISEERD = Realisatie.GEPLAND, Realisatie.GEREALISEERD
SLOOP, VERKOOP, OVERHEVELING = MutatieSoort.SLOOP, MutatieSoort.VERKOOP, MutatieSoort.OVERHEVELING


def tabellen(projecten=(), mutaties=(), van=2025, tot=2027, doorkijk_tot=2030):
    return bereken(
        list(projecten),
        list(mutaties),
        corporaties=CORPORATIES,
        van=van,
        tot=tot,
        doorkijk_tot=doorkijk_tot,
    )


def rijen(tabel) -> dict[str, dict]:
    return {r.partij: r.als_dict() for r in tabel.rijen}


def rij(tabel, partij):
    return next(r for r in tabel.rijen if r.partij == partij)


LEEG = {
    "nieuwbouw": None,
    "sloop_overheveling": None,
    "verkoop": None,
    "aankoop": None,
    "overig": None,
    "netto": None,
    "doorkijk": None,
}


# --------------------------------------------------------------------------------------------
# New build: hard plans only, per year, period and doorkijk


def test_only_hard_plans_count_as_new_build():
    p = tabellen(
        [
            feit("H-1A", hardheid="1A", jaar=2025, sociale_huur=10),
            feit("H-1B", hardheid="1B", jaar=2025, sociale_huur=1),
            feit("H-2A", hardheid="2A", jaar=2026, sociale_huur=20),
            feit("H-2B", hardheid="2B", jaar=2027, sociale_huur=30, middenhuur=4),
            feit("Z-1C", hardheid="1C", jaar=2025, sociale_huur=100),
            feit("Z-2C", hardheid="2C", jaar=2026, sociale_huur=200),
            feit("Z-3", hardheid="3", jaar=2026, sociale_huur=300),
            feit("Z-4B", hardheid="4B", jaar=2027, sociale_huur=400, middenhuur=40),
        ]
    )
    cel = rij(p.tabel1, "WSN").cellen["nieuwbouw"]
    assert cel.waarde == 61
    assert cel.projecten == ["H-1A", "H-1B", "H-2A", "H-2B"]
    assert rij(p.tabel2, "WSN").cellen["nieuwbouw"].projecten == ["H-2B"]
    assert rij(p.tabel2, "WSN").waarde("nieuwbouw") == 4


def test_delivery_year_decides_period_doorkijk_or_nothing():
    p = tabellen(
        [
            feit("VOOR", jaar=2024, sociale_huur=5),  # before the period: nowhere
            feit("IN", jaar=2027, sociale_huur=10),
            feit("DOOR", jaar=2028, sociale_huur=20),
            feit("DOOR-EIND", jaar=2030, sociale_huur=30),
            feit("NA", jaar=2031, sociale_huur=40),  # after the doorkijk: nowhere
        ]
    )
    wsn = rij(p.tabel1, "WSN")
    assert (wsn.waarde("nieuwbouw"), wsn.waarde("doorkijk")) == (10, 50)
    assert wsn.cellen["doorkijk"].projecten == ["DOOR", "DOOR-EIND"]
    # The doorkijk is not part of the netto toename of the period.
    assert wsn.waarde("netto") == 10


def test_year_planning_spreads_a_project_over_the_period_and_the_doorkijk():
    watergoor = feit(
        "W",
        jaar=2028,
        sociale_huur=200,
        middenhuur=10,
        planning=(
            (2026, GEREALISEERD, {"sociale_huur": 50}),
            (2027, GEPLAND, {"sociale_huur": 90, "middenhuur": 4}),
            (2028, GEPLAND, {"sociale_huur": 60, "middenhuur": 6}),
        ),
    )
    p = tabellen([watergoor])
    wsn1, wsn2 = rij(p.tabel1, "WSN"), rij(p.tabel2, "WSN")
    assert (wsn1.waarde("nieuwbouw"), wsn1.waarde("doorkijk")) == (140, 60)
    assert (wsn2.waarde("nieuwbouw"), wsn2.waarde("doorkijk")) == (4, 6)
    # Planned and delivered side by side per year.
    assert wsn1.per_jaar == {
        2026: {GEREALISEERD: {"nieuwbouw": 50}},
        2027: {GEPLAND: {"nieuwbouw": 90}},
    }
    assert p.tabel1.totaal.per_jaar == wsn1.per_jaar


def test_without_planning_a_project_delivers_everything_in_its_year_delivered_once_opgeleverd():
    p = tabellen(
        [
            feit("KLAAR", jaar=2025, fase=Fase.OPGELEVERD, sociale_huur=48),
            feit("BOUW", jaar=2025, fase=Fase.IN_AANBOUW, sociale_huur=32),
        ]
    )
    assert rij(p.tabel1, "WSN").per_jaar == {
        2025: {GEREALISEERD: {"nieuwbouw": 48}, GEPLAND: {"nieuwbouw": 32}}
    }


def test_a_project_of_a_corporation_that_is_not_a_party_is_left_out():
    p = tabellen([feit("X", eigenaar_id=99, sociale_huur=10)])
    assert rijen(p.tabel1) == {
        "WSN": {"partij": "WSN", **LEEG},
        "de Alliantie": {"partij": "de Alliantie", **LEEG},
    }
    assert p.tabel1.totaal.waarde("nieuwbouw") is None


# --------------------------------------------------------------------------------------------
# Stock changes


def test_gerealiseerd_replaces_gepland_per_corporation_year_kind_and_segment():
    p = tabellen(
        mutaties=[
            mutatie(WSN, 2025, VERKOOP, 50),
            mutatie(WSN, 2025, VERKOOP, 45, status=GEREALISEERD),  # replaces the 50
            mutatie(WSN, 2026, VERKOOP, 40),  # other year: stays
            mutatie(WSN, 2025, SLOOP, 7),  # other kind: stays
            mutatie(WSN, 2025, VERKOOP, 3, segment="middenhuur"),  # other segment: stays
            mutatie(ALL, 2025, VERKOOP, 4),  # other corporation: stays
        ]
    )
    wsn = rij(p.tabel1, "WSN")
    assert wsn.waarde("verkoop") == -85
    assert wsn.waarde("sloop_overheveling") == -7
    assert wsn.waarde("netto") == -92
    assert [(m.jaar, m.aantal, m.status) for m in wsn.cellen["verkoop"].mutaties] == [
        (2025, 45, GEREALISEERD),
        (2026, 40, GEPLAND),
    ]
    assert wsn.per_jaar[2025] == {
        GEREALISEERD: {"verkoop": -45},
        GEPLAND: {"sloop_overheveling": -7},
    }
    assert rij(p.tabel2, "WSN").waarde("verkoop") == -3
    assert rij(p.tabel1, "de Alliantie").waarde("verkoop") == -4


def test_mutations_outside_the_period_do_not_count():
    p = tabellen(mutaties=[mutatie(WSN, 2024, VERKOOP, 10), mutatie(WSN, 2028, SLOOP, 10)])
    assert rijen(p.tabel1)["WSN"] == {"partij": "WSN", **LEEG}


def test_overheveling_leaves_tabel_1_and_enters_tabel_2():
    p = tabellen(
        [feit("ALL-1", eigenaar_id=ALL, jaar=2026, sociale_huur=30, middenhuur=6)],
        [
            mutatie(ALL, 2025, OVERHEVELING, 6, status=GEREALISEERD),
            mutatie(ALL, 2025, SLOOP, 4),
            mutatie(ALL, 2026, VERKOOP, 3),
        ],
    )
    assert rijen(p.tabel1)["de Alliantie"] == {
        **LEEG,
        "partij": "de Alliantie",
        "nieuwbouw": 30,
        "sloop_overheveling": -10,
        "verkoop": -3,
        "netto": 17,
    }
    assert rijen(p.tabel2)["de Alliantie"] == {
        **LEEG,
        "partij": "de Alliantie",
        "nieuwbouw": 6,
        "sloop_overheveling": 6,
        "netto": 12,
    }
    overheveling = rij(p.tabel2, "de Alliantie").cellen["sloop_overheveling"].mutaties
    assert [(m.soort, m.segment, m.aantal) for m in overheveling] == [
        ("overheveling", "sociale_huur", 6)
    ]


def test_aankoop_and_overig_columns_appear_only_when_present():
    zonder = tabellen([feit("A", sociale_huur=10)], [mutatie(WSN, 2025, VERKOOP, 2)])
    assert zonder.tabel1.kolommen == list(VASTE_KOLOMMEN)
    assert zonder.tabel1.kolommen == [
        "nieuwbouw",
        "sloop_overheveling",
        "verkoop",
        "netto",
        "doorkijk",
    ]
    met = tabellen(
        [feit("A", sociale_huur=10)],
        [
            mutatie(WSN, 2025, VERKOOP, 2),
            mutatie(ALL, 2026, MutatieSoort.AANKOOP, 5),
            mutatie(WSN, 2027, MutatieSoort.OVERIG, 1),
        ],
    )
    assert met.tabel1.kolommen == [
        "nieuwbouw",
        "sloop_overheveling",
        "verkoop",
        "aankoop",
        "overig",
        "netto",
        "doorkijk",
    ]
    assert rij(met.tabel1, "de Alliantie").waarde("aankoop") == 5
    assert rij(met.tabel1, "de Alliantie").waarde("netto") == 5
    assert rij(met.tabel1, "WSN").waarde("overig") == -1
    assert rij(met.tabel1, "WSN").waarde("netto") == 10 - 2 - 1
    assert met.tabel1.totaal.waarde("netto") == 12
    # Tabel 2 has no aankoop or overig of middenhuur: its columns stay the fixed ones.
    assert met.tabel2.kolommen == list(VASTE_KOLOMMEN)


# --------------------------------------------------------------------------------------------
# Market parties


def test_market_rental_counts_only_with_a_long_enough_instandhoudingstermijn():
    p = tabellen(
        [
            feit("MP-25", soort="marktpartij", instandhouding=25, sociale_huur=20),
            feit("MP-24", soort="marktpartij", instandhouding=24, sociale_huur=200),
            feit("MP-GEEN", soort="marktpartij", sociale_huur=2000),
            feit("MP-10", soort="marktpartij", instandhouding=10, middenhuur=8),
            feit("MP-9", soort="marktpartij", instandhouding=9, middenhuur=80),
            feit("PART", soort="particulier", instandhouding=30, jaar=2029, sociale_huur=3),
            feit("GEM", soort="gemeente", sociale_huur=7),  # not a row of the tables
        ]
    )
    markt1 = rij(p.tabel1, MARKTPARTIJEN)
    assert markt1.partij_id is None
    assert (markt1.waarde("nieuwbouw"), markt1.waarde("doorkijk")) == (20, 3)
    assert markt1.cellen["nieuwbouw"].projecten == ["MP-25"]
    assert markt1.waarde("netto") == 20
    markt2 = rij(p.tabel2, MARKTPARTIJEN)
    assert (markt2.waarde("nieuwbouw"), markt2.cellen["nieuwbouw"].projecten) == (8, ["MP-10"])
    assert p.tabel1.totaal.waarde("nieuwbouw") == 20
    assert [r.partij for r in p.tabel1.rijen] == ["WSN", "de Alliantie", MARKTPARTIJEN]


def test_the_market_row_is_absent_when_no_market_project_counts():
    p = tabellen([feit("MP-24", soort="marktpartij", instandhouding=24, sociale_huur=200)])
    assert [r.partij for r in p.tabel1.rijen] == ["WSN", "de Alliantie"]
    assert [r.partij for r in p.tabel2.rijen] == ["WSN", "de Alliantie"]


# --------------------------------------------------------------------------------------------
# Empty cells, totals, JSON, netto per year


def test_cells_without_records_are_none_not_zero_and_the_json_says_null():
    p = tabellen(
        [feit("W", sociale_huur=10)],
        [mutatie(ALL, 2026, VERKOOP, 3)],
    )
    data = p.als_json()
    assert data["periode"] == {"van": 2025, "tot": 2027, "doorkijk_tot": 2030}
    assert data["tabel1"]["rijen"] == [
        {**LEEG, "partij": "WSN", "nieuwbouw": 10, "netto": 10},
        {**LEEG, "partij": "de Alliantie", "verkoop": -3, "netto": -3},
    ]
    assert data["tabel1"]["totaal"] == {**LEEG, "nieuwbouw": 10, "verkoop": -3, "netto": 7}
    assert data["tabel2"]["rijen"] == [
        {**LEEG, "partij": "WSN"},
        {**LEEG, "partij": "de Alliantie"},
    ]
    assert data["tabel2"]["totaal"] == LEEG
    assert data["tabel1"]["segment"] == "sociale_huur"
    assert data["tabel2"]["segment"] == "middenhuur"


def test_totals_add_up_the_rows_and_keep_the_drill_down():
    p = tabellen(
        [
            feit("W-1", eigenaar_id=WSN, jaar=2025, sociale_huur=48),
            feit("W-2", eigenaar_id=WSN, jaar=2028, sociale_huur=100),
            feit("A-1", eigenaar_id=ALL, jaar=2026, sociale_huur=30),
            feit("M-1", soort="marktpartij", instandhouding=25, jaar=2027, sociale_huur=16),
        ],
        [mutatie(WSN, 2025, VERKOOP, 45), mutatie(ALL, 2025, OVERHEVELING, 6)],
    )
    t = p.tabel1.totaal
    assert t.partij == "Totaal"
    assert t.als_dict() == {
        **LEEG,
        "partij": "Totaal",
        "nieuwbouw": 48 + 30 + 16,
        "sloop_overheveling": -6,
        "verkoop": -45,
        "netto": 94 - 51,
        "doorkijk": 100,
    }
    assert t.cellen["nieuwbouw"].projecten == ["W-1", "A-1", "M-1"]
    assert [m.corporatie_id for m in t.cellen["netto"].mutaties] == [WSN, ALL]
    assert sum(r.waarde("netto") or 0 for r in p.tabel1.rijen) == t.waarde("netto")


def test_netto_per_jaar_sums_every_column_and_is_none_for_a_year_without_data():
    p = tabellen(
        [
            feit("A", jaar=2025, fase=Fase.OPGELEVERD, sociale_huur=48),
            feit("B", jaar=2025, sociale_huur=32),
        ],
        [
            mutatie(WSN, 2025, VERKOOP, 45, status=GEREALISEERD),
            mutatie(ALL, 2025, OVERHEVELING, 6),
            mutatie(WSN, 2027, VERKOOP, 40),
        ],
    )
    assert netto_per_jaar(p.tabel1.totaal, p.jaren) == {
        2025: 48 + 32 - 45 - 6,
        2026: None,
        2027: -40,
    }
    assert netto_per_jaar(rij(p.tabel1, "de Alliantie"), p.jaren) == {
        2025: -6,
        2026: None,
        2027: None,
    }
    assert netto_per_jaar(p.tabel2.totaal, p.jaren) == {2025: 6, 2026: None, 2027: None}
    assert sum(
        v or 0 for v in netto_per_jaar(p.tabel1.totaal, p.jaren).values()
    ) == p.tabel1.totaal.waarde("netto")


def test_another_period_moves_new_build_between_period_and_doorkijk():
    projecten = [feit("A", jaar=2026, sociale_huur=10), feit("B", jaar=2029, sociale_huur=20)]
    p = tabellen(projecten, van=2028, tot=2029, doorkijk_tot=2032)
    wsn = rij(p.tabel1, "WSN")
    assert (wsn.waarde("nieuwbouw"), wsn.waarde("doorkijk")) == (20, None)
    assert p.jaren == [2028, 2029]


# --------------------------------------------------------------------------------------------
# What-if


def _hardheden():
    return {
        "2A": Hardheid(code="2A", definitie="Vastgesteld", hard=True),
        "3": Hardheid(code="3", definitie="In voorbereiding", hard=False),
        "5A": Hardheid(
            code="5A", definitie="Intern idee", hard=False, telt_als_plancapaciteit=False
        ),
    }


def test_toepassen_shifts_changes_hardness_and_segments_without_touching_the_input():
    projecten = [
        feit(
            "W",
            jaar=2027,
            sociale_huur=200,
            planning=(
                (2026, GEPLAND, {"sociale_huur": 140}),
                (2027, GEPLAND, {"sociale_huur": 60}),
            ),
        ),
        feit("Z", hardheid="3", jaar=2026, sociale_huur=30, vrije_sector_koop=10),
        feit("M", jaar=2025, sociale_huur=12, middenhuur=4),
        feit("ONGEMOEID", jaar=2026, sociale_huur=7),
    ]
    voor = copy.deepcopy(projecten)
    wijzigingen = [
        {"projectcode": "W", "verschuiving": 2},
        {"projectcode": "Z", "hardheid": "2A", "verschuiving": -1},
        {"projectcode": "M", "segmenten": {"sociale_huur": 20}, "hardheid": "5A"},
    ]
    nieuw = toepassen(projecten, wijzigingen, _hardheden())

    assert projecten == voor  # the stored facts are untouched
    assert nieuw[3] is projecten[3]
    w, z, m = nieuw[:3]
    assert w.oplevering_jaar == 2029
    assert [(lv.jaar, lv.segmenten) for lv in w.planning] == [
        (2028, {"sociale_huur": 140}),
        (2029, {"sociale_huur": 60}),
    ]
    assert (z.hardheid, z.hard, z.oplevering_jaar) == ("2A", True, 2025)
    assert (m.hardheid, m.hard, m.plancapaciteit) == ("5A", False, False)
    assert m.segmenten["sociale_huur"] == 20 and m.segmenten["middenhuur"] == 4
    assert m.totaal == 24

    echt, wat_als = tabellen(projecten), tabellen(nieuw)
    assert netto_per_jaar(echt.tabel1.totaal, echt.jaren) == {2025: 12, 2026: 147, 2027: 60}
    assert netto_per_jaar(wat_als.tabel1.totaal, wat_als.jaren) == {2025: 30, 2026: 7, 2027: None}
    assert rij(wat_als.tabel1, "WSN").waarde("doorkijk") == 200


def test_toepassen_of_new_segments_keeps_the_year_planning_and_leaves_the_input_alone():
    p = feit(
        "W",
        jaar=2027,
        sociale_huur=200,
        planning=((2026, GEPLAND, {"sociale_huur": 140}), (2027, GEPLAND, {"sociale_huur": 60})),
    )
    (nieuw,) = toepassen([p], [{"projectcode": "W", "segmenten": {"sociale_huur": 100}}], {})
    assert [(lv.jaar, lv.segmenten["sociale_huur"]) for lv in nieuw.leveringen()] == [
        (2026, 70),
        (2027, 30),
    ]
    assert [lv.segmenten["sociale_huur"] for lv in p.planning] == [140, 60]


def test_a_what_if_changing_units_keeps_the_year_planning_spread():
    p = feit(
        "P",
        jaar=2028,
        planning=(
            (2027, "gepland", {"sociale_huur": 140}),
            (2028, "gepland", {"sociale_huur": 60}),
        ),
        sociale_huur=200,
    )
    (nieuw,) = toepassen(
        [p], [{"projectcode": "P", "segmenten": {"sociale_huur": 100, "middenhuur": 9}}], {}
    )
    assert [
        (lv.jaar, lv.segmenten["sociale_huur"], lv.segmenten["middenhuur"]) for lv in nieuw.planning
    ] == [
        (2027, 70, 0),
        (2028, 30, 9),
    ]
    assert nieuw.totaal == 109
    # 3 units over a 2:1 planning: largest remainder keeps the sum.
    (drie,) = toepassen([p], [{"projectcode": "P", "segmenten": {"sociale_huur": 3}}], {})
    assert [lv.segmenten["sociale_huur"] for lv in drie.planning] == [2, 1]
