"""The norms of chapter 1: each evaluator at and around its boundary (pure: hand-built facts,
unsaved norm records), then exceptions and norm records against the database (one world for
the module: the Nijkerk kader with its standard norms and two projects)."""

from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from prestatiemonitor.audit.models import AuditRecord
from prestatiemonitor.normen import services
from prestatiemonitor.normen.evaluatie import EVALUATOREN
from prestatiemonitor.normen.models import Normdefinitie, Normuitzondering
from prestatiemonitor.normen.selectors import normuitkomsten
from prestatiemonitor.organisaties.permissions import SYSTEEM
from prestatiemonitor.planmonitor import services as plan_services
from prestatiemonitor.planmonitor.constants import MutatieSoort, Realisatie
from prestatiemonitor.planmonitor.normen import PlanContext
from prestatiemonitor.planmonitor.prognose import bereken
from prestatiemonitor.planmonitor.tests.factories import (
    eenmalig,
    feit,
    gegevens,
    mutatie,
    nijkerk_wereld,
)

WSN, ALL = 1, 2
GEREALISEERD = Realisatie.GEREALISEERD
VERKOOP = MutatieSoort.VERKOOP


def norm(soort: str, **parameters) -> Normdefinitie:
    """An unsaved norm record (evaluators read only its fields)."""
    return Normdefinitie(
        code=f"test-{soort}", naam=soort, soort=soort, bron="Test", parameters=parameters
    )


def context(projecten=(), mutaties=(), van=2025, tot=2027) -> PlanContext:
    projecten, mutaties = list(projecten), list(mutaties)
    prognose = bereken(
        projecten,
        mutaties,
        corporaties=[(WSN, "WSN"), (ALL, "de Alliantie")],
        van=van,
        tot=tot,
        doorkijk_tot=tot + 3,
    )
    return PlanContext(
        kader=SimpleNamespace(slug="nijkerk-2025-2027"),
        projecten=projecten,
        mutaties=mutaties,
        prognose=prognose,
    )


def evalueer(n: Normdefinitie, ctx: PlanContext) -> dict[str, tuple]:
    """{onderwerp: (uitkomst, waarde, grens)}"""
    return {
        u.onderwerp: (u.uitkomst, u.waarde, u.grens) for u in EVALUATOREN[n.soort].evaluator(n, ctx)
    }


def uitleg(n: Normdefinitie, ctx: PlanContext, onderwerp: str) -> str:
    return next(
        u.uitleg for u in EVALUATOREN[n.soort].evaluator(n, ctx) if u.onderwerp == onderwerp
    )


# --------------------------------------------------------------------------------------------
# Afspraak 3: (sociale huur + sociale koop up to 5 %) ≥ 35 % per project

AFSPRAAK_3 = norm("project_sociaal_aandeel", minimum_pct=35, max_sociale_koop_pct=5)


def test_afspraak_3_35_percent_exactly_passes_one_home_less_fails():
    ctx = context(
        [
            feit("P35", sociale_huur=35, vrije_sector_koop=65),
            feit("P34", sociale_huur=34, vrije_sector_koop=66),
            feit("Z34", hardheid="3", sociale_huur=34, vrije_sector_koop=66),
        ]
    )
    assert evalueer(AFSPRAAK_3, ctx) == {
        "P35": ("voldoet", Decimal("35.0"), Decimal("35")),
        "P34": ("voldoet_niet", Decimal("34.0"), Decimal("35")),
        # A soft plan can still change: a warning, not a failure.
        "Z34": ("waarschuwing", Decimal("34.0"), Decimal("35")),
    }
    assert uitleg(AFSPRAAK_3, ctx, "P35") == (
        "35 van 100 woningen sociaal (35,0 %): 35 sociale huur. De norm is ten minste 35,0 %."
    )
    assert uitleg(AFSPRAAK_3, ctx, "Z34").endswith("Het plan is nog zacht en kan worden aangepast.")


def test_afspraak_3_a_share_just_below_35_percent_fails_even_when_it_rounds_to_35():
    # 50 of 143 is 34.97 %: it needs 51 (35 % of 143 is 50.05).
    ctx = context(
        [
            feit("P50", sociale_huur=50, vrije_sector_koop=93),
            feit("P51", sociale_huur=51, vrije_sector_koop=92),
        ]
    )
    uitkomsten = evalueer(AFSPRAAK_3, ctx)
    assert uitkomsten["P50"] == ("voldoet_niet", Decimal("34.9"), Decimal("35"))
    assert uitkomsten["P51"] == ("voldoet", Decimal("35.6"), Decimal("35"))


def test_afspraak_3_sociale_koop_counts_only_up_to_5_percent_of_the_project():
    ctx = context(
        [
            feit("K5", sociale_huur=30, sociale_koop=5, vrije_sector_koop=65),
            feit("K10", sociale_huur=30, sociale_koop=10, vrije_sector_koop=60),
            feit("K10-29", sociale_huur=29, sociale_koop=10, vrije_sector_koop=61),
            # 5 % of 30 homes is 1.5: one whole home counts.
            feit("K30", sociale_huur=10, sociale_koop=2, vrije_sector_koop=18),
        ]
    )
    assert evalueer(AFSPRAAK_3, ctx) == {
        "K5": ("voldoet", Decimal("35.0"), Decimal("35")),
        "K10": ("voldoet", Decimal("35.0"), Decimal("35")),
        "K10-29": ("voldoet_niet", Decimal("34.0"), Decimal("35")),
        "K30": ("voldoet", Decimal("36.6"), Decimal("35")),
    }
    assert uitleg(AFSPRAAK_3, ctx, "K10") == (
        "35 van 100 woningen sociaal (35,0 %): 30 sociale huur en 5 sociale koop (van de 10 "
        "telt ten hoogste 5,0 % van het project mee). De norm is ten minste 35,0 %."
    )


def test_afspraak_3_market_social_rent_counts_only_with_25_years_instandhouding():
    ctx = context(
        [
            feit(
                "MP25",
                soort="marktpartij",
                instandhouding=25,
                sociale_huur=40,
                vrije_sector_koop=60,
            ),
            feit(
                "MP24",
                soort="marktpartij",
                instandhouding=24,
                sociale_huur=40,
                vrije_sector_koop=60,
            ),
        ]
    )
    assert evalueer(AFSPRAAK_3, ctx) == {
        "MP25": ("voldoet", Decimal("40.0"), Decimal("35")),
        "MP24": ("voldoet_niet", Decimal("0.0"), Decimal("35")),
    }
    assert "de 40 sociale huurwoningen van een marktpartij tellen niet mee" in uitleg(
        AFSPRAAK_3, ctx, "MP24"
    )


def test_afspraak_3_judges_new_build_plancapaciteit_from_the_period_on():
    ctx = context(
        [
            feit("OUD", jaar=2024, vrije_sector_koop=10),
            feit("IDEE", hardheid="5A", plancapaciteit=False, vrije_sector_koop=10),
            feit("LAAT", hardheid="4B", jaar=2031, vrije_sector_koop=10),
        ]
    )
    assert evalueer(AFSPRAAK_3, ctx) == {"LAAT": ("waarschuwing", Decimal("0.0"), Decimal("35"))}


# --------------------------------------------------------------------------------------------
# Afspraak 1: middenhuur ≥ 5 % in projects of more than 100 homes

AFSPRAAK_1 = norm("project_middenhuur", vanaf_woningen=100, minimum_pct=5)


def test_afspraak_1_judges_only_projects_of_more_than_100_homes():
    ctx = context(
        [
            feit("H100", sociale_huur=100),  # 100 exactly: not judged
            feit("H101-5", sociale_huur=96, middenhuur=5),  # 4.95 %: fails
            feit("H101-6", sociale_huur=95, middenhuur=6),
            feit("H120-6", sociale_huur=114, middenhuur=6),  # 5.0 % exactly
            feit("H120-5", sociale_huur=115, middenhuur=5),
        ]
    )
    assert evalueer(AFSPRAAK_1, ctx) == {
        "H101-5": ("voldoet_niet", Decimal("4.9"), Decimal("5")),
        "H101-6": ("voldoet", Decimal("5.9"), Decimal("5")),
        "H120-6": ("voldoet", Decimal("5.0"), Decimal("5")),
        "H120-5": ("voldoet_niet", Decimal("4.1"), Decimal("5")),
    }
    assert uitleg(AFSPRAAK_1, ctx, "H120-6") == (
        "6 van 120 woningen middenhuur (5,0 %); bij meer dan 100 woningen is de norm ten "
        "minste 5,0 %."
    )


def test_afspraak_1_market_middenhuur_counts_only_with_10_years_instandhouding():
    ctx = context(
        [
            feit(
                "MP10", soort="marktpartij", instandhouding=10, middenhuur=10, vrije_sector_koop=110
            ),
            feit(
                "MP9", soort="marktpartij", instandhouding=9, middenhuur=10, vrije_sector_koop=110
            ),
        ]
    )
    uitkomsten = evalueer(AFSPRAAK_1, ctx)
    assert uitkomsten["MP10"][0] == "voldoet"
    assert uitkomsten["MP9"] == ("voldoet_niet", Decimal("0.0"), Decimal("5"))
    assert "instandhoudingstermijn van ten minste 10 jaar" in uitleg(AFSPRAAK_1, ctx, "MP9")


# --------------------------------------------------------------------------------------------
# Ambitie thema 1: netto toename of sociale huur ≥ 50 per year and cumulatively

NETTO = norm("netto_toename", per_jaar=50, tabel=1)


def _jaren(*netto: int):
    """Hard WSN projects delivering these numbers of sociale huur in 2025, 2026, 2027."""
    return [
        feit(f"J{jaar}", jaar=jaar, sociale_huur=n)
        for jaar, n in zip((2025, 2026, 2027), netto, strict=False)
        if n
    ]


def test_netto_toename_a_year_below_50_with_the_period_met_is_a_warning():
    ctx = context(_jaren(60, 40, 80))
    assert evalueer(NETTO, ctx) == {
        "2025": ("voldoet", 60, 50),
        "2026": ("waarschuwing", 40, 50),
        "2027": ("voldoet", 80, 50),
        "2025–2027": ("voldoet", 180, 150),
    }
    assert uitleg(NETTO, ctx, "2026") == (
        "In 2026 netto 40 woningen erbij, minder dan 50; over de periode wordt de ambitie "
        "(150) met 180 wel gehaald."
    )


def test_netto_toename_a_year_below_50_with_the_period_not_met_fails():
    ctx = context(_jaren(60, 40, 49), [mutatie(WSN, 2027, VERKOOP, 1)])
    assert evalueer(NETTO, ctx) == {
        "2025": ("voldoet", 60, 50),
        "2026": ("voldoet_niet", 40, 50),
        "2027": ("voldoet_niet", 48, 50),
        "2025–2027": ("voldoet_niet", 148, 150),
    }


def test_netto_toename_exactly_50_every_year_passes_and_a_year_without_data_counts_as_zero():
    assert evalueer(NETTO, context(_jaren(50, 50, 50))) == {
        "2025": ("voldoet", 50, 50),
        "2026": ("voldoet", 50, 50),
        "2027": ("voldoet", 50, 50),
        "2025–2027": ("voldoet", 150, 150),
    }
    ctx = context(_jaren(100, 0, 50))
    assert evalueer(NETTO, ctx)["2026"] == ("waarschuwing", 0, 50)
    assert uitleg(NETTO, ctx, "2026").endswith(
        "Er staan voor dit jaar geen opleveringen of mutaties in de planmonitor."
    )


# --------------------------------------------------------------------------------------------
# Afspraak 5: WSN's verkoop ≤ its sociale-huur nieuwbouw over a rolling window


def _verkoop_wereld():
    return context(
        [feit("W25", jaar=2025, sociale_huur=50)],
        [
            mutatie(WSN, 2025, VERKOOP, 10, status=GEREALISEERD),
            mutatie(WSN, 2026, VERKOOP, 20),
            mutatie(WSN, 2027, VERKOOP, 25),
            mutatie(ALL, 2026, VERKOOP, 100),  # another corporation: not WSN's window
        ],
    )


def test_verkoop_compensatie_over_the_default_window_of_three_years():
    ctx = _verkoop_wereld()
    n = norm("verkoop_compensatie", partij="WSN", venster=3)
    assert evalueer(n, ctx) == {
        "WSN 2025": ("voldoet", 10, 50),
        # 30 sold against 50 built in 2024–2026, but 20 sold and none built in 2026 itself.
        "WSN 2026": ("waarschuwing", 30, 50),
        "WSN 2027": ("voldoet_niet", 55, 50),
    }
    assert uitleg(n, ctx, "WSN 2027") == (
        "WSN verkoopt in 2025–2027 55 sociale huurwoningen en bouwt er 50 (harde plannen)."
    )


def test_verkoop_compensatie_a_shorter_window_judges_sooner():
    ctx = _verkoop_wereld()
    assert evalueer(norm("verkoop_compensatie", partij="WSN", venster=1), ctx) == {
        "WSN 2025": ("voldoet", 10, 50),
        "WSN 2026": ("voldoet_niet", 20, 0),
        "WSN 2027": ("voldoet_niet", 25, 0),
    }
    assert evalueer(norm("verkoop_compensatie", partij="WSN", venster=2), ctx)["WSN 2026"] == (
        "waarschuwing",
        30,
        50,
    )


def test_verkoop_compensatie_window_reaches_back_before_the_period():
    # Sold in 2024, built in 2025: the window 2023–2025 holds both.
    ctx = context(
        [feit("W25", jaar=2025, sociale_huur=20), feit("W24", jaar=2024, sociale_huur=5)],
        [mutatie(WSN, 2024, VERKOOP, 30, status=GEREALISEERD)],
    )
    uitkomsten = evalueer(norm("verkoop_compensatie", partij="WSN", venster=3), ctx)
    assert uitkomsten["WSN 2025"] == ("voldoet_niet", 30, 25)
    assert uitkomsten["WSN 2027"] == ("voldoet", 0, 20)


def test_verkoop_compensatie_for_an_unknown_party_gives_no_results():
    assert evalueer(norm("verkoop_compensatie", partij="Onbekend"), _verkoop_wereld()) == {}


# --------------------------------------------------------------------------------------------
# Context norm: share of segments in all new build


def test_two_thirds_betaalbaar_of_new_build_in_the_period():
    n = norm(
        "aandeel_nieuwbouw",
        minimum_pct=66.7,
        segmenten=["sociale_huur", "middenhuur", "betaalbare_koop"],
    )
    ctx = context(
        [
            feit("A", hardheid="3", sociale_huur=40, middenhuur=10, vrije_sector_koop=30),
            feit("B", soort="marktpartij", instandhouding=10, sociale_huur=20, vrije_sector_koop=0),
            feit("C", jaar=2029, vrije_sector_koop=500),  # after the period
        ]
    )
    # 50 of 100: market sociale huur with 10 years does not count as betaalbaar.
    assert evalueer(n, ctx) == {"2025–2027": ("voldoet_niet", Decimal("50.0"), Decimal("66.7"))}


# --------------------------------------------------------------------------------------------
# Exceptions and norm records (database)


@pytest.fixture(scope="module")
def _wereld(django_db_setup, django_db_blocker):
    with eenmalig(django_db_blocker):
        wereld = nijkerk_wereld()
        services.normen_inrichten(kader=wereld.kader, acting_user=SYSTEEM)
        for code, velden in {
            "WSN-1": {"eigenaar": wereld.orgs["wsn"], "sociale_huur": 40},
            "MP-1": {
                "eigenaar_soort": "marktpartij",
                "eigenaar_naam": "Bouwbedrijf Voorbeeld",
                "sociale_huur": 10,
                "vrije_sector_koop": 30,
                "instandhoudingstermijn": 25,
            },
        }.items():
            plan_services.project_aanmaken(
                kader=wereld.kader,
                gegevens=gegevens(projectcode=code, **velden),
                acting_user=SYSTEEM,
            )
        yield wereld


@pytest.fixture
def w(_wereld, db):
    kader = type(_wereld.kader).objects.get(pk=_wereld.kader.pk)
    return SimpleNamespace(
        kader=kader,
        **_wereld.leden,
        norm=lambda code: Normdefinitie.objects.get(kader=kader, code=code),
    )


def _uitkomst(w, code: str, onderwerp: str):
    return next(
        u
        for u in normuitkomsten(user=w.gemeente_lezer, kader=w.kader)
        if u.norm_code == code and u.onderwerp == onderwerp
    )


def _vastleggen(w, acting_user, onderwerp="MP-1", **velden):
    return services.uitzondering_vastleggen(
        norm=w.norm("afspraak-3-sociaal-aandeel"),
        onderwerp=onderwerp,
        reden=velden.get("reden", "Compensatie in het naastgelegen plan Corlaer-Oost."),
        besluit=velden.get("besluit", "B&W 12 maart 2026"),
        besloten_op=velden.get("besloten_op", date(2026, 3, 12)),
        acting_user=acting_user,
    )


def test_the_standard_norms_link_their_source_afspraak(w):
    norm3 = w.norm("afspraak-3-sociaal-aandeel")
    assert (norm3.afspraak.nummer, norm3.bron_label) == ("3", "Afspraak 3")
    uitkomst = _uitkomst(w, "afspraak-3-sociaal-aandeel", "MP-1")
    assert (uitkomst.afspraak, uitkomst.bron, uitkomst.uitkomst) == (
        "3",
        "Afspraak 3",
        "voldoet_niet",
    )
    assert uitkomst.waarde == Decimal("25.0")
    assert (
        _uitkomst(w, "ambitie-1-netto-sociale-huur", "2026").bron == "Thema 1, gezamenlijke ambitie"
    )


def test_a_recorded_exception_turns_a_failing_result_into_afwijking_with_its_reason(w):
    uitzondering = _vastleggen(w, w.gemeente_beheerder, onderwerp=" MP-1 ")
    assert (uitzondering.onderwerp, uitzondering.vastgelegd_door) == ("MP-1", w.gemeente_beheerder)
    uitkomst = _uitkomst(w, "afspraak-3-sociaal-aandeel", "MP-1")
    assert uitkomst.uitkomst == "afwijking"
    assert uitkomst.uitzondering == uitzondering
    assert uitkomst.uitleg.endswith(
        "De norm is ten minste 35,0 %. Afwijking vastgelegd (B&W 12 maart 2026, 12-03-2026): "
        "Compensatie in het naastgelegen plan Corlaer-Oost."
    )
    rij = AuditRecord.objects.get(actie="norm.afwijking")
    assert (rij.gebruiker, rij.object_id) == (w.gemeente_beheerder, str(uitzondering.pk))
    assert uitzondering.history.first().history_user == w.gemeente_beheerder


def test_an_exception_for_a_passing_result_leaves_it_voldoet(w):
    _vastleggen(w, w.gemeente_beheerder, onderwerp="WSN-1")
    uitkomst = _uitkomst(w, "afspraak-3-sociaal-aandeel", "WSN-1")
    assert (uitkomst.uitkomst, uitkomst.uitzondering) == ("voldoet", None)
    assert "Afwijking" not in uitkomst.uitleg


@pytest.mark.parametrize(
    "lid", ["gemeente_redacteur", "gemeente_lezer", "wsn", "alliantie", "hon_redacteur"]
)
def test_only_the_gemeente_beheerder_records_an_exception(w, lid):
    with pytest.raises(PermissionDenied, match="Alleen een beheerder van de gemeente"):
        _vastleggen(w, getattr(w, lid))
    assert not Normuitzondering.objects.exists()


def test_no_acting_user_records_or_withdraws_no_exception(w):
    with pytest.raises(PermissionDenied, match="zonder handelende gebruiker"):
        _vastleggen(w, None)
    uitzondering = _vastleggen(w, w.gemeente_beheerder)
    with pytest.raises(PermissionDenied, match="zonder handelende gebruiker"):
        services.uitzondering_intrekken(uitzondering=uitzondering, acting_user=None)
    with pytest.raises(PermissionDenied):
        services.uitzondering_intrekken(uitzondering=uitzondering, acting_user=w.gemeente_redacteur)


def test_a_second_valid_exception_for_the_same_subject_is_refused(w):
    _vastleggen(w, w.gemeente_beheerder)
    with pytest.raises(ValidationError) as exc:
        _vastleggen(w, w.gemeente_beheerder, reden="Nog een keer")
    assert exc.value.message_dict["onderwerp"] == [
        "Voor MP-1 is al een afwijking vastgelegd; trek die eerst in."
    ]
    assert Normuitzondering.objects.count() == 1


def test_a_withdrawn_exception_makes_the_result_fail_again(w):
    uitzondering = _vastleggen(w, w.gemeente_beheerder)
    services.uitzondering_intrekken(uitzondering=uitzondering, acting_user=w.gemeente_beheerder)
    uitzondering.refresh_from_db()
    assert uitzondering.ingetrokken_op is not None
    assert uitzondering.ingetrokken_door == w.gemeente_beheerder
    uitkomst = _uitkomst(w, "afspraak-3-sociaal-aandeel", "MP-1")
    assert (uitkomst.uitkomst, uitkomst.uitzondering) == ("voldoet_niet", None)
    assert AuditRecord.objects.filter(actie="norm.afwijking.ingetrokken").count() == 1
    with pytest.raises(ValidationError, match="al ingetrokken"):
        services.uitzondering_intrekken(uitzondering=uitzondering, acting_user=w.gemeente_beheerder)
    # After withdrawal a new exception may be recorded.
    _vastleggen(w, w.gemeente_beheerder, reden="Nieuw besluit")
    assert _uitkomst(w, "afspraak-3-sociaal-aandeel", "MP-1").uitkomst == "afwijking"


def test_an_exception_needs_a_reason_a_decision_and_a_date_not_in_the_future(w):
    with pytest.raises(ValidationError) as exc:
        _vastleggen(
            w,
            w.gemeente_beheerder,
            reden=" ",
            besluit="",
            besloten_op=timezone.localdate() + timedelta(days=1),
        )
    assert set(exc.value.message_dict) == {"reden", "besluit", "besloten_op"}
    assert exc.value.message_dict["reden"] == [
        "Een afwijking zonder reden wordt niet vastgelegd: geef de reden."
    ]


def test_a_norm_record_with_an_unknown_soort_is_refused(w):
    n = Normdefinitie(
        kader=w.kader, code="x", naam="X", soort="bestaat_niet", bron="Test", scope="project"
    )
    with pytest.raises(ValidationError) as exc:
        n.full_clean()
    (melding,) = exc.value.message_dict["soort"]
    assert melding.startswith("Onbekende normsoort 'bestaat_niet'. Bekend: ")
    assert "project_sociaal_aandeel" in melding


def test_a_norm_record_needs_a_source_of_its_own_kader(w):
    n = Normdefinitie(kader=w.kader, code="x", naam="X", soort="netto_toename", scope="jaar")
    with pytest.raises(ValidationError) as exc:
        n.full_clean()
    assert exc.value.message_dict["bron"] == ["Geef een bronafspraak of beschrijf de bron."]
    n.bron = "Woondeal"
    n.full_clean()
