"""Aggregates per opname (verduurzaming/selectors.py): E/F/G, no label, expired labels, and
the stock per rent class with the year's limits."""

import datetime

import pytest

from prestatiemonitor.organisaties.tests.factories import UserFactory
from prestatiemonitor.verduurzaming import selectors
from prestatiemonitor.verduurzaming.selectors import JaarparameterOntbreekt

from .conftest import PEILDATUM


def test_label_counts_per_corporation_and_peildatum(
    wereld, kader, wsn_voorraad, django_assert_max_num_queries
):
    # One query decides whether the user is a party (all opnames) or the public (published).
    with django_assert_max_num_queries(3):
        (telling,) = selectors.labeltellingen(user=wereld.leden["alliantie"], kader=kader)
    assert telling.opname.corporatie.korte_naam == "WSN"
    assert telling.opname.peildatum == PEILDATUM
    # E (2014-06-01), G (2012-11-30); no label: dwellings 3 and 5; both E and G are older than
    # 1 January 2015, so expired at the peildatum.
    assert (telling.totaal, telling.e, telling.f, telling.g) == (5, 1, 0, 1)
    assert (telling.zonder_label, telling.verlopen, telling.efg) == (2, 2, 2)
    assert telling.aandeel_efg == pytest.approx(0.4)


def test_a_label_expires_ten_years_after_registration():
    assert selectors.verlopen_grens(datetime.date(2025, 7, 1)) == datetime.date(2015, 7, 1)
    assert selectors.verlopen_grens(datetime.date(2024, 2, 29)) == datetime.date(2014, 2, 28)


def test_rent_classes_with_the_limits_of_the_year(
    wereld, kader, wsn_voorraad, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        (telling,) = selectors.huurklassen(user=wereld.leden["gemeente_lezer"], kader=kader)
    # 2025: aftopping laag 682,96, hoog 731,93, liberalisatiegrens 900,07.
    # 650,00 | 712,50 | 900,07 (on the limit: still below) | 901,00 | no rent.
    assert (
        telling.tot_aftopping_laag,
        telling.tot_aftopping_hoog,
        telling.tot_liberalisatiegrens,
        telling.boven_liberalisatiegrens,
        telling.onbekend,
    ) == (1, 1, 1, 1, 1)
    assert str(telling.grenzen.liberalisatiegrens) == "900.07"


def test_a_missing_year_parameter_is_named(kader):
    with pytest.raises(JaarparameterOntbreekt) as exc:
        selectors.huurgrenzen(2030)
    assert str(exc.value) == (
        "De jaarparameters aftoppingsgrens-laag, aftoppingsgrens-hoog, liberalisatiegrens voor "
        "2030 ontbreken."
    )


def test_who_is_no_party_sees_no_aggregates(kader, wsn_voorraad):
    assert selectors.labeltellingen(user=UserFactory(), kader=kader) == []
    assert selectors.huurklassen(user=None, kader=kader) == []
