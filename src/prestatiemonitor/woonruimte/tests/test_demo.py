"""The beschikbaarheids- and verduurzamingsdemo (woonruimte/demo.py, verduurzaming/demo.py):
it goes through the imports, is idempotent, and shows what the indicators are meant to show.
Every figure is counted here with plain ORM queries, independent of the indicator code."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db.models import Count, Sum

from prestatiemonitor.normen.models import Jaarparameter
from prestatiemonitor.verduurzaming.constants import Energielabel
from prestatiemonitor.verduurzaming.models import Voorraadopname, Woning
from prestatiemonitor.woonruimte.constants import Route, Segment
from prestatiemonitor.woonruimte.models import (
    Aanlevering,
    SocialeVoorraad,
    TaakstellingStatushouders,
    Toewijzing,
    Woningzoekenden,
)

WSN, ALLIANTIE = "WSN", "de Alliantie"
JAREN = (2023, 2024, 2025)


@pytest.fixture(scope="module")
def _demo(django_db_setup, django_db_blocker):
    from prestatiemonitor.planmonitor.tests.factories import eenmalig, nijkerk_wereld
    from prestatiemonitor.woonruimte.demo import demo_woonruimte

    with eenmalig(django_db_blocker):
        wereld = nijkerk_wereld()
        resultaat = demo_woonruimte(wereld.kader)
        # The norms and the jaarschijven, for the indicators and the dashboard below.
        from prestatiemonitor.jaarschijven.demo import demo_jaarschijven
        from prestatiemonitor.normen.services import normen_inrichten
        from prestatiemonitor.organisaties.demo import ensure_demo_accounts
        from prestatiemonitor.organisaties.permissions import SYSTEEM

        normen_inrichten(kader=wereld.kader, acting_user=SYSTEEM)
        ensure_demo_accounts()
        demo_jaarschijven(wereld.kader)
        yield wereld.kader, resultaat


@pytest.fixture
def kader(_demo, db):
    return type(_demo[0]).objects.get(pk=_demo[0].pk)


@pytest.fixture
def resultaat(_demo):
    return _demo[1]


def sociaal(kader, jaar, corporatie=None):
    qs = Toewijzing.objects.filter(kader=kader, jaar=jaar, segment=Segment.SOCIALE_HUUR)
    if corporatie:
        qs = qs.filter(corporatie__korte_naam=corporatie)
    return qs


def urgent(kader, jaar, corporatie=None) -> tuple[int, int]:
    """(aandachtsgroep lettings, social lettings)."""
    qs = sociaal(kader, jaar, corporatie)
    return qs.filter(aandachtsgroep=True).count(), qs.count()


def statushouders(kader, jaar) -> dict[str, tuple[float, int]]:
    """Per corporation (expected persons, realised persons) in ``jaar``."""
    taak = TaakstellingStatushouders.objects.filter(kader=kader, jaar=jaar).aggregate(
        p=Sum("personen")
    )["p"]
    alle = sociaal(kader, jaar).count()
    uit = {}
    for corp in (WSN, ALLIANTIE):
        qs = sociaal(kader, jaar, corp)
        gerealiseerd = qs.filter(route=Route.STATUSHOUDER).aggregate(p=Sum("personen"))["p"]
        uit[corp] = (taak * qs.count() / alle, gerealiseerd or 0)
    return uit


def spreiding(kader, jaar) -> dict[tuple[str, str], float]:
    """Per (kern, buurt): share of the aandachtsgroep lettings ÷ share of the social stock."""
    voorraad = {
        (r["kern"], r["buurt"]): r["n"]
        for r in SocialeVoorraad.objects.filter(kader=kader, jaar=jaar)
        .values("kern", "buurt")
        .annotate(n=Sum("aantal"))
    }
    lettings = {
        (r["kern"], r["buurt"]): r["n"]
        for r in sociaal(kader, jaar)
        .filter(aandachtsgroep=True)
        .values("kern", "buurt")
        .annotate(n=Count("pk"))
    }
    v, t = sum(voorraad.values()), sum(lettings.values())
    return {b: (lettings.get(b, 0) / t) / (n / v) for b, n in voorraad.items()}


def efg(kader) -> dict[tuple[str, datetime.date], tuple[int, int, int, int]]:
    """Per (corporation, peildatum): (E/F/G, total, without label, expired)."""
    uit = {}
    for o in Voorraadopname.objects.filter(kader=kader).select_related("corporatie"):
        grens = o.peildatum.replace(year=o.peildatum.year - 10)
        w = Woning.objects.filter(opname=o)
        uit[(o.corporatie.korte_naam, o.peildatum)] = (
            w.filter(energielabel__gte=Energielabel.E).count(),
            w.count(),
            w.filter(energielabel__isnull=True).count(),
            w.filter(registratiedatum__lte=grens).count(),
        )
    return uit


def test_the_demo_goes_through_the_imports_as_voorbeeld(kader, resultaat):
    assert resultaat is not None
    assert Aanlevering.objects.filter(kader=kader, voorbeeld=True).count() == 11
    assert not Aanlevering.objects.filter(kader=kader, voorbeeld=False).exists()
    assert Toewijzing.objects.filter(kader=kader).count() == resultaat.toewijzingen
    assert not Toewijzing.objects.filter(kader=kader, voorbeeld=False).exists()
    for model in (Woningzoekenden, TaakstellingStatushouders, SocialeVoorraad):
        assert model.objects.filter(kader=kader).exists()
        assert not model.objects.filter(kader=kader, voorbeeld=False).exists()
    assert Voorraadopname.objects.filter(kader=kader, voorbeeld=True).count() == 8
    assert Woning.objects.filter(opname__kader=kader).count() == resultaat.woningen
    # Lettings per corporation and year: WSN ~250–300, de Alliantie ~70–90; 2026 to June.
    for jaar in JAREN:
        wsn = Toewijzing.objects.filter(kader=kader, jaar=jaar, corporatie__korte_naam=WSN)
        alliantie = Toewijzing.objects.filter(
            kader=kader, jaar=jaar, corporatie__korte_naam=ALLIANTIE
        )
        assert 250 <= wsn.count() <= 300
        assert 70 <= alliantie.count() <= 90
    assert not Toewijzing.objects.filter(kader=kader, datum__gt=datetime.date(2026, 6, 30)).exists()


def test_the_demo_is_idempotent(kader):
    from prestatiemonitor.audit.models import AuditRecord
    from prestatiemonitor.woonruimte.demo import demo_woonruimte

    def tellen():
        return [
            m.objects.count()
            for m in (
                Aanlevering,
                Toewijzing,
                Woningzoekenden,
                TaakstellingStatushouders,
                SocialeVoorraad,
                Voorraadopname,
                Woning,
                AuditRecord,
            )
        ]

    voor = tellen()
    assert demo_woonruimte(kader) is None
    assert tellen() == voor


def test_urgent_share_exceeds_30_percent_in_2024_but_not_on_average(kader):
    for corporatie in (None, WSN):
        aandelen = {j: (lambda a, s: a / s)(*urgent(kader, j, corporatie)) for j in JAREN}
        assert aandelen[2024] > 0.30, corporatie
        assert aandelen[2023] < 0.30 and aandelen[2025] < 0.30, corporatie
        assert sum(aandelen.values()) / 3 <= 0.30, corporatie
    assert urgent(kader, 2023, WSN) == (63, 244)
    assert urgent(kader, 2024, WSN) == (87, 262)
    assert urgent(kader, 2025, WSN) == (68, 252)
    assert urgent(kader, 2024) == (108, 334)
    # de Alliantie stays under 30 % every year.
    assert all(a / s <= 0.30 for a, s in (urgent(kader, j, ALLIANTIE) for j in JAREN))


def test_every_urgentie_and_statushouder_letting_is_an_aandachtsgroep(kader):
    routes = Toewijzing.objects.filter(kader=kader, route__in=[Route.URGENTIE, Route.STATUSHOUDER])
    assert routes.exists() and not routes.filter(aandachtsgroep=False).exists()
    # … and some regular lettings went to aandachtsgroepen as well.
    assert routes.model.objects.filter(
        kader=kader, aandachtsgroep=True, route=Route.REGULIER
    ).exists()


def test_de_alliantie_lags_its_statushouder_share_in_2025(kader):
    s2025 = statushouders(kader, 2025)
    verwacht, gerealiseerd = s2025[ALLIANTIE]
    assert 0.6 <= gerealiseerd / verwacht <= 0.7
    assert (round(verwacht, 1), gerealiseerd) == (13.3, 9)
    verwacht, gerealiseerd = s2025[WSN]
    assert gerealiseerd >= verwacht
    # In 2023 and 2024 de Alliantie carried (nearly) its share.
    for jaar in (2023, 2024):
        verwacht, gerealiseerd = statushouders(kader, jaar)[ALLIANTIE]
        assert gerealiseerd / verwacht >= 0.85


def test_corlaer_takes_more_than_its_share_of_aandachtsgroep_lettings_in_2025(kader):
    index = spreiding(kader, 2025)
    assert index[("Nijkerk", "Corlaer")] > 1.5
    assert all(v <= 1.5 for b, v in index.items() if b != ("Nijkerk", "Corlaer"))
    assert max(spreiding(kader, 2023).values()) <= 1.5


def test_income_above_the_limit_and_rents(kader):
    for jaar in (*JAREN, 2026):
        for corp in (WSN, ALLIANTIE):
            qs = sociaal(kader, jaar, corp)
            aandeel = qs.filter(inkomen_boven_grens=True).count() / qs.count()
            assert 0.08 <= aandeel <= 0.15, (corp, jaar, aandeel)
            assert not qs.filter(aandachtsgroep=True, inkomen_boven_grens=True).exists()
    for p in Jaarparameter.objects.filter(code="liberalisatiegrens", jaar__in=[2024, 2025, 2026]):
        assert not sociaal(kader, p.jaar).filter(huurprijs__gte=p.waarde).exists()
        assert (
            Toewijzing.objects.filter(kader=kader, jaar=p.jaar, segment=Segment.MIDDENHUUR)
            .filter(huurprijs__lte=p.waarde)
            .count()
            == 0
        )
    assert not sociaal(kader, 2023).filter(huurprijs__gte=Decimal("808.06")).exists()


def test_slaagkans_per_doelgroep(kader):
    grenzen = {
        "jongere": (0.06, 0.09),
        "gezin": (0.10, 0.14),
        "senior": (0.12, 0.18),
        "urgent": (0.55, 0.75),
    }
    rijen = Woningzoekenden.objects.filter(kader=kader)
    assert set(rijen.values_list("organisatie__korte_naam", flat=True)) == {WSN}
    assert sorted(set(rijen.values_list("jaar", flat=True))) == list(JAREN)
    for w in rijen:
        if w.doelgroep in grenzen:
            laag, hoog = grenzen[w.doelgroep]
            assert laag <= w.gehuisvest / w.actief <= hoog, (w.jaar, w.doelgroep)


def test_taakstelling_and_sociale_voorraad(kader):
    taak = TaakstellingStatushouders.objects.filter(kader=kader)
    assert taak.count() == 8 and all(25 <= t.personen <= 45 for t in taak)
    per = dict(
        SocialeVoorraad.objects.filter(kader=kader, jaar=2025)
        .values_list("corporatie__korte_naam")
        .annotate(n=Sum("aantal"))
    )
    assert per == {WSN: 3300, ALLIANTIE: 900}


def test_label_trajectory(kader):
    tellingen = efg(kader)
    peildata = [datetime.date(j, 12, 31) for j in JAREN] + [datetime.date(2026, 6, 30)]
    assert set(tellingen) == {(c, p) for c in (WSN, ALLIANTIE) for p in peildata}

    def aandeel(corp, p):
        n, totaal, *_ = tellingen[(corp, p)]
        return n / totaal

    wsn = [aandeel(WSN, p) for p in peildata]
    alliantie = [aandeel(ALLIANTIE, p) for p in peildata]
    assert wsn == sorted(wsn, reverse=True) and alliantie == sorted(alliantie, reverse=True)
    assert 0.055 <= wsn[0] <= 0.065 and wsn[2] <= 0.011
    assert 0.085 <= alliantie[0] <= 0.095 and 0.045 <= alliantie[2] <= 0.055
    for corp in (WSN, ALLIANTIE):
        for p in peildata:
            _, totaal, zonder, verlopen = tellingen[(corp, p)]
            assert 0 < zonder < 0.02 * totaal
            assert verlopen > 0
    # VBO-ids are stable: most dwellings of 2023 are still there in 2025.
    vbo = {
        p: set(
            Woning.objects.filter(
                opname__kader=kader, opname__corporatie__korte_naam=WSN, opname__peildatum=p
            ).values_list("vbo_id", flat=True)
        )
        for p in (peildata[0], peildata[2])
    }
    assert len(vbo[peildata[0]] - vbo[peildata[2]]) == 8  # sold (sample)
    assert all(v.startswith("0267010000") and len(v) == 16 for v in vbo[peildata[2]])


def test_ep_online_was_matched_for_wsn_2025(kader, resultaat):
    opname = Voorraadopname.objects.get(
        kader=kader, corporatie__korte_naam=WSN, peildatum=datetime.date(2025, 12, 31)
    )
    assert opname.ep_online_bestandsnaam.startswith("voorbeeld-ep-online")
    assert resultaat.ep_online_gekoppeld > 0
    assert not Voorraadopname.objects.exclude(pk=opname.pk).exclude(ep_online_bestandsnaam="")


def test_demo_figures(kader, capsys):
    """Not an assertion: prints the figures the docs quote (pytest -s)."""
    regels = []
    for jaar in (*JAREN, 2026):
        delen = []
        for corp in (WSN, ALLIANTIE, None):
            a, s = urgent(kader, jaar, corp)
            delen.append(f"{corp or 'gemeente'} {a}/{s} = {a / s:.1%}")
        regels.append(f"urgent {jaar}: " + "; ".join(delen))
    for jaar in (*JAREN, 2026):
        s = statushouders(kader, jaar)
        regels.append(
            f"statushouders {jaar}: "
            + "; ".join(f"{c} verwacht {v:.1f}, gerealiseerd {g}" for c, (v, g) in s.items())
        )
    for jaar in JAREN:
        index = spreiding(kader, jaar)
        regels.append(
            f"spreiding {jaar}: " + ", ".join(f"{k}/{b} {v:.2f}" for (k, b), v in index.items())
        )
    for jaar in (*JAREN, 2026):
        for corp in (WSN, ALLIANTIE):
            qs = sociaal(kader, jaar, corp)
            totaal = Toewijzing.objects.filter(
                kader=kader, jaar=jaar, corporatie__korte_naam=corp
            ).count()
            passend = "/".join(str(qs.filter(passend=p).count()) for p in ("ja", "nee", "nvt"))
            regels.append(
                f"boven grens {jaar} {corp}: {qs.filter(inkomen_boven_grens=True).count()}/"
                f"{qs.count()}; passend ja/nee/nvt {passend}; totaal {totaal}"
            )
    for (corp, p), (n, totaal, zonder, verlopen) in sorted(efg(kader).items()):
        regels.append(
            f"labels {corp} {p}: EFG {n}/{totaal} = {n / totaal:.1%}, zonder {zonder}, "
            f"verlopen {verlopen}"
        )
    for w in Woningzoekenden.objects.filter(kader=kader).order_by("jaar", "doelgroep"):
        regels.append(
            f"zoekenden {w.jaar} {w.doelgroep}: {w.gehuisvest}/{w.actief} = "
            f"{w.gehuisvest / w.actief:.1%}"
        )
    with capsys.disabled():
        print("\n" + "\n".join(regels))


# ---------------------------------------------------------------------------------------------
# What the indicators and the pages make of the demo


def _resultaten(kader, jaar):
    from prestatiemonitor.organisaties.permissions import SYSTEEM
    from prestatiemonitor.woonruimte.selectors import indicatorresultaten

    return indicatorresultaten(user=SYSTEEM, kader=kader, jaar=jaar)


def _een(rijen, indicator, onderwerp, periode="jaar", norm=None):
    (rij,) = [
        r
        for r in rijen
        if r["indicator"] == indicator
        and r["onderwerp"] == onderwerp
        and r["periode"] == periode
        and (norm is None or r["norm"] == norm)
    ]
    return rij


def test_the_indicators_judge_the_demo_as_designed(kader):
    rijen = _resultaten(kader, 2024)
    wsn = _een(rijen, "urgent_aandeel", WSN)
    # 87 of 262 (counted above), on average over 2023–2024 under 30 %: a warning.
    assert (wsn["teller"], wsn["noemer"]) == urgent(kader, 2024, WSN)
    assert wsn["waarde"] == Decimal("0.3321") and wsn["uitkomst"] == "waarschuwing"
    assert _een(rijen, "urgent_aandeel", "gemeente")["uitkomst"] == "waarschuwing"
    rijen = _resultaten(kader, 2025)
    alliantie = _een(rijen, "statushouders", ALLIANTIE)
    assert (alliantie["waarde"], alliantie["grens"], alliantie["uitkomst"]) == (
        9,
        Decimal("13.3"),
        "voldoet_niet",
    )
    assert _een(rijen, "statushouders", WSN)["uitkomst"] == "voldoet"
    corlaer = _een(rijen, "spreiding", "Nijkerk / Corlaer")
    assert corlaer["uitkomst"] == "waarschuwing" and corlaer["index"] == Decimal("2.01")
    label = _een(
        rijen, "label_efg", ALLIANTIE, periode="2025-12-31", norm="ambitie-3-labels-efg-2027"
    )
    assert (label["teller"], label["noemer"], label["uitkomst"]) == (16, 318, "waarschuwing")


def test_the_dashboard_shows_the_figures_beside_the_afspraken(client, kader):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from prestatiemonitor.afspraken.publicatie import kader_publish
    from prestatiemonitor.organisaties.permissions import SYSTEEM

    kader_publish(kader=kader, acting_user=SYSTEEM)
    client.force_login(get_user_model().objects.get(username="secretaris.hon"))
    html = client.get(reverse("jaarschijven:dashboard", args=[kader.slug, 2025])).content.decode()
    assert "Cijfers bij de afspraken" in html
    assert ">Afspraak 10</a>" in html
    assert "de Alliantie 2025: 9 statushouders gehuisvest (personen)" in html
    assert "Nijkerk / Corlaer 2025:" in html  # the spreiding warning
    assert reverse("woonruimte:monitor", args=[kader.slug, 2025]) in html


def test_the_public_dashboard_suppresses_small_statushouder_counts(client, kader):
    from django.urls import reverse

    from prestatiemonitor.afspraken.publicatie import kader_publish
    from prestatiemonitor.organisaties.permissions import SYSTEEM

    kader_publish(kader=kader, acting_user=SYSTEEM)
    html = client.get(reverse("jaarschijven:dashboard", args=[kader.slug, 2025])).content.decode()
    huishoudens = Toewijzing.objects.filter(
        kader=kader, jaar=2025, route=Route.STATUSHOUDER, corporatie__korte_naam=ALLIANTIE
    ).count()
    assert huishoudens < 5  # so de Alliantie's statushouders are not shown to the public
    assert "de Alliantie 2025: 9 statushouders" not in html
    assert (
        "de Alliantie 2025: × statushouders gehuisvest (personen); verwacht naar rato 13,3." in html
    )
