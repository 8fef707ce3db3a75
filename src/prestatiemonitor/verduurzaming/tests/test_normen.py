"""The E/F/G norms (thema 3, and the national 2028 agreement) on a corporation's opnames: a
straight path from its first opname to zero at the target date."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from prestatiemonitor.afspraken.publicatie import kader_publish
from prestatiemonitor.normen import services as normen_services
from prestatiemonitor.normen.selectors import normuitkomsten
from prestatiemonitor.organisaties.permissions import SYSTEEM
from prestatiemonitor.verduurzaming.normen import Pad
from prestatiemonitor.verduurzaming.uitwisseling import importeren
from prestatiemonitor.woonruimte.models import Publicatie

from .conftest import WSN_RIJEN, csv_bytes

LATER = datetime.date(2026, 1, 1)


def _later(label_e: str, label_g: str):
    """The same five dwellings a year later, with the E and G dwellings changed."""
    rijen = [list(r) for r in WSN_RIJEN]
    rijen[1][3] = label_e
    rijen[3][3] = label_g
    return [tuple(r) for r in rijen]


@pytest.fixture
def normen(kader):
    return normen_services.normen_inrichten(kader=kader, acting_user=SYSTEEM)


def _uitkomsten(kader, user=SYSTEEM):
    return {
        (u.norm_code, u.onderwerp): u
        for u in normuitkomsten(user=user, kader=kader, alleen=("verduurzaming",))
    }


def test_path_to_zero():
    pad = Pad(datetime.date(2025, 1, 1), 2, datetime.date(2027, 12, 31))
    assert pad.toegestaan(datetime.date(2025, 1, 1)) == 2
    # 729 of the 1094 days left: 2 × 729 / 1094.
    assert float(pad.toegestaan(LATER)) == pytest.approx(1.3327, abs=1e-4)
    assert pad.toegestaan(datetime.date(2028, 1, 1)) == 0


def test_on_the_path_after_one_improvement(kader, wsn_voorraad, normen):
    importeren(
        kader=kader,
        data=csv_bytes(_later("B", "G")),
        bestandsnaam="wsn-2026.csv",
        acting_user=SYSTEEM,
        peildatum=LATER,
    )
    uit = _uitkomsten(kader)
    eerste = uit[("ambitie-3-labels-efg-2027", "2025-01-01 WSN")]
    assert (eerste.uitkomst, eerste.waarde) == ("voldoet", 2)  # the starting point
    later = uit[("ambitie-3-labels-efg-2027", "2026-01-01 WSN")]
    assert (later.uitkomst, later.waarde, str(later.grens)) == ("voldoet", 1, "1")
    assert "mogen het er 1 zijn" in later.uitleg
    assert later.bronnen[0].url.endswith(
        "/verduurzaming/woningen/?corporatie=WSN&peildatum=2026-01-01&label=efg"
    )


def test_above_the_path_warns_and_after_the_target_fails(kader, wsn_voorraad, normen):
    importeren(
        kader=kader,
        data=csv_bytes(_later("E", "G")),
        bestandsnaam="wsn-2026.csv",
        acting_user=SYSTEEM,
        peildatum=LATER,
    )
    importeren(
        kader=kader,
        data=csv_bytes(_later("A", "F")),
        bestandsnaam="wsn-2028.csv",
        acting_user=SYSTEEM,
        peildatum=datetime.date(2028, 1, 1),
    )
    uit = _uitkomsten(kader)
    assert uit[("ambitie-3-labels-efg-2027", "2026-01-01 WSN")].uitkomst == "waarschuwing"
    # One F left on 1 January 2028: past Nijkerk's end of 2027, within the national 2028.
    assert uit[("ambitie-3-labels-efg-2027", "2028-01-01 WSN")].uitkomst == "voldoet_niet"
    landelijk = uit[("landelijk-labels-efg-2028", "2028-01-01 WSN")]
    assert landelijk.uitkomst == "waarschuwing" and landelijk.informatief


def test_public_sees_published_periods_only_without_small_counts(kader, wsn_voorraad, normen):
    kader_publish(kader=kader, acting_user=SYSTEEM)
    assert _uitkomsten(kader, AnonymousUser()) == {}
    Publicatie.objects.create(kader=kader, jaar=2025, stand="halfjaar")
    uit = _uitkomsten(kader, AnonymousUser())
    u = uit[("ambitie-3-labels-efg-2027", "2025-01-01 WSN")]
    assert u.waarde is None  # E 1, F 0, G 1: every count is small
    assert u.uitleg == (
        "WSN op 01-01-2025: niet getoond (kleine aantallen) van 5 woningen met label E, F of G; "
        "de lijn loopt naar nul op 31-12-2027."
    )
    assert u.grens is None and u.bronnen == ()
