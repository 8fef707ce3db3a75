"""The indicators and their norms over a small, hand-counted data set.

WSN lets 10 social homes a year: 2 to aandachtsgroepen in 2023 (20 %), 4 in 2024 (40 %), 5 in
2025 (50 %). De Alliantie lets 5 in 2024, one to a statushouder of 1 person. Taakstelling 2024:
6 + 4 = 10 persons. Stock: Nijkerk / Centrum 80, Hoevelaken 20; every 2024 aandachtsgroep
letting is in Hoevelaken.
"""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from io import StringIO

import pytest
from django.core.management import call_command

from prestatiemonitor.afspraken.publicatie import kader_publish
from prestatiemonitor.normen.selectors import normuitkomsten
from prestatiemonitor.organisaties.permissions import SYSTEEM
from prestatiemonitor.woonruimte import indicatoren, selectors, services
from prestatiemonitor.woonruimte.models import Publicatie


def _per(cijfers):
    return {c.onderwerp: c for c in cijfers}


def test_woondata_reads_the_lettings_in_four_queries(kader, data, django_assert_num_queries):
    vers = type(kader).objects.get(pk=kader.pk)
    with django_assert_num_queries(5):  # + the kader's parties
        selectors.woondata(user=SYSTEEM, kader=vers)


def test_urgent_share_per_year_with_the_mean_of_the_years_so_far(data):
    c = _per(indicatoren.urgent_aandeel(data))
    assert (c["2023 WSN"].teller, c["2023 WSN"].noemer) == (2, 10)
    assert c["2024 WSN"].aandeel == Fraction(2, 5)
    assert c["2024 WSN"].gemiddelde == Fraction(3, 10)  # (20 % + 40 %) / 2
    assert c["2025 WSN"].gemiddelde == Fraction(11, 30)  # (20 + 40 + 50) / 3 = 36,7 %
    assert c["2024 WSN"].jaren_gemiddelde == (2023, 2024)
    # Gemeente-wide 2024: 4 + 1 of 15.
    assert (c["2024 gemeente"].teller, c["2024 gemeente"].noemer) == (5, 15)
    assert c["2024 gemeente"].url.endswith(
        "/toewijzingen/?jaar=2024&segment=sociale_huur&aandachtsgroep=ja"
    )


def test_urgent_norm_warns_for_a_year_and_fails_on_the_mean(kader, data):
    uit = {
        u.onderwerp: u
        for u in normuitkomsten(user=SYSTEEM, kader=kader, alleen=("woonruimte",))
        if u.norm_code == "afspraak-9-urgent-aandeel"
    }
    assert uit["2023 WSN"].uitkomst == "voldoet"
    # 40 % in 2024 but exactly 30 % on average: a warning, not a failure ("maximaal").
    assert uit["2024 WSN"].uitkomst == "waarschuwing"
    assert uit["2024 WSN"].waarde == Decimal("40.0")
    assert "gemiddeld over 2023, 2024: 30,0 %" in uit["2024 WSN"].uitleg
    assert uit["2025 WSN"].uitkomst == "voldoet_niet"
    assert uit["2024 gemeente"].uitkomst == "waarschuwing"  # 33,3 %, mean 26,7 %
    assert uit["2024 WSN"].afspraak == "9"


def test_free_allocation_and_passend(kader, data):
    c = _per(indicatoren.vrije_toewijzing(data))
    assert (c["2024 WSN"].teller, c["2024 WSN"].noemer) == (2, 10)
    assert c["2024 de Alliantie"].teller == 0
    p = _per(indicatoren.passend(data))
    assert (p["2024 WSN"].teller, p["2024 WSN"].noemer) == (8, 9)  # nvt does not count
    uit = {
        (u.norm_code, u.onderwerp): u.uitkomst
        for u in normuitkomsten(user=SYSTEEM, kader=kader, alleen=("woonruimte",))
    }
    assert uit[("afspraak-7-vrije-toewijzingsruimte", "2024 WSN")] == "voldoet_niet"  # 20 %
    assert uit[("afspraak-7-vrije-toewijzingsruimte", "2024 de Alliantie")] == "voldoet"
    assert uit[("wettelijk-passend-toewijzen", "2024 WSN")] == "voldoet_niet"  # 88,9 %
    assert uit[("wettelijk-passend-toewijzen", "2023 WSN")] == "voldoet"


def test_statushouders_pro_rata_in_persons(kader, data):
    c = _per(indicatoren.statushouders(data, jaar=2024))
    # WSN let 10 of the 15 social homes: expects 10 × 10/15 persons, housed 3 + 4.
    assert c["2024 WSN"].verwacht == Fraction(20, 3)
    assert c["2024 WSN"].teller == 7
    assert c["2024 WSN"].extra["huishoudens"] == 2
    assert c["2024 de Alliantie"].verwacht == Fraction(10, 3)
    assert c["2024 de Alliantie"].teller == 1
    assert (c["2024 gemeente"].verwacht, c["2024 gemeente"].teller) == (10, 8)
    # First half year: target 6; WSN let 9 of the 13 social homes (one each moved to
    # September), housed 3. Second half: target 4, one letting each: 2 expected each.
    assert (c["2024-1 WSN"].verwacht, c["2024-1 WSN"].teller) == (Fraction(54, 13), 3)
    assert (c["2024-2 de Alliantie"].verwacht, c["2024-2 de Alliantie"].teller) == (2, 1)
    assert (c["2024-2 WSN"].verwacht, c["2024-2 WSN"].teller) == (2, 4)
    uit = {
        u.onderwerp: u
        for u in normuitkomsten(user=SYSTEEM, kader=kader, alleen=("woonruimte",))
        if u.norm_code == "afspraak-10-statushouders"
    }
    assert uit["2024 WSN"].uitkomst == "voldoet"
    assert uit["2024 de Alliantie"].uitkomst == "voldoet_niet"
    assert uit["2024 gemeente"].uitkomst == "voldoet_niet"  # 8 < 9 (10 minus 10 %)
    assert uit["2024 WSN"].grens == Decimal("6.7")


def test_spreiding_index_and_warning(kader, data):
    c = _per(indicatoren.spreiding(data, jaar=2024))
    assert c["2024 Hoevelaken"].aandeel == 1
    assert c["2024 Hoevelaken"].aandeel_voorraad == Fraction(1, 5)
    assert c["2024 Hoevelaken"].index == 5
    assert c["2024 Nijkerk / Centrum"].index == 0
    uit = {
        u.onderwerp: u
        for u in normuitkomsten(user=SYSTEEM, kader=kader, alleen=("woonruimte",))
        if u.norm_code == "afspraak-9-spreiding"
    }
    assert uit["2024 Hoevelaken"].uitkomst == "waarschuwing"
    assert "2024 Nijkerk" not in uit  # 0 lettings: under the minimum of 5, not judged


def test_slaagkans(data):
    c = _per(indicatoren.slaagkans(data))
    assert c["2024 jongere"].aandeel == Fraction(16, 200)
    assert c["2024 urgent"].aandeel == Fraction(7, 10)


def test_cli_json(kader, data):
    out = StringIO()
    call_command("indicatoren", kader=kader.slug, jaar=2024, formaat="json", stdout=out)
    rijen = json.loads(out.getvalue())
    urgent = next(
        r for r in rijen if r["indicator"] == "urgent_aandeel" and r["onderwerp"] == "WSN"
    )
    assert (urgent["waarde"], urgent["grens"], urgent["uitkomst"]) == (0.4, 0.3, "waarschuwing")
    assert urgent["gemiddelde"] == 0.3
    sh = next(
        r
        for r in rijen
        if r["indicator"] == "statushouders" and r["onderwerp"] == "WSN" and r["periode"] == "jaar"
    )
    assert (sh["waarde"], sh["grens"], sh["uitkomst"]) == (7, 6.7, "voldoet")
    slaag = next(r for r in rijen if r["indicator"] == "slaagkans" and r["onderwerp"] == "jongere")
    assert (slaag["waarde"], slaag["uitkomst"]) == (0.08, None)
    spreiding = next(
        r for r in rijen if r["indicator"] == "spreiding" and r["onderwerp"] == "Hoevelaken"
    )
    # 100 % of the aandachtsgroep lettings against 1,5 × 20 % of the stock.
    assert (spreiding["waarde"], spreiding["grens"], spreiding["uitkomst"]) == (
        1.0,
        0.3,
        "waarschuwing",
    )
    assert {r["jaar"] for r in rijen} == {2024}


def test_public_sees_published_years_with_small_numbers_suppressed(kader, data):
    from django.contrib.auth.models import AnonymousUser

    kader_publish(kader=kader, acting_user=SYSTEEM)
    anoniem = AnonymousUser()
    assert selectors.woondata(user=anoniem, kader=kader).groepen == []
    services.publiceren(kader=kader, jaar=2024, stand="jaar", acting_user=SYSTEEM)
    publiek = selectors.woondata(user=anoniem, kader=kader)
    # Only the published year is read: an average over 2023 would give 2023 away.
    assert publiek.jaren == [2024]
    c = _per(indicatoren.urgent_aandeel(publiek))
    assert {x.jaar for x in c.values()} == {2024}
    assert c["2024 WSN"].gemiddelde_tekst == "–"  # of a suppressed share
    assert c["2024 WSN"].onderdrukt and c["2024 WSN"].teller_tekst == "< 5"
    assert c["2024 WSN"].aandeel_tekst == "–"
    # De Alliantie's 1 is suppressed, so the total (5 = 4 + 1) may not show either.
    assert c["2024 gemeente"].onderdrukt
    assert c["2024 gemeente"].teller_tekst == "×"
    assert c["2024 gemeente"].noemer_tekst == "×"
    # The norm sentences on the public norm page carry no small count either.
    zinnen = [
        u.uitleg
        for u in normuitkomsten(user=anoniem, kader=kader, alleen=("woonruimte",))
        if u.norm_code == "afspraak-9-urgent-aandeel"
    ]
    assert zinnen and all(" 4 van" not in z and " 1 van" not in z for z in zinnen)
    assert all("40,0" not in z for z in zinnen)


def test_publishing_is_for_the_gemeente(kader, data, wereld):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.publiceren(kader=kader, jaar=2024, stand="jaar", acting_user=wereld.leden["wsn"])
    services.publiceren(
        kader=kader, jaar=2024, stand="halfjaar", acting_user=wereld.leden["gemeente_redacteur"]
    )
    services.publiceren(
        kader=kader, jaar=2024, stand="halfjaar", acting_user=wereld.leden["gemeente_redacteur"]
    )
    assert Publicatie.objects.filter(kader=kader).count() == 1
