"""The demo reproduces the document's Tabel 1 and 2 per corporation, and shows where the
printed totals did not add up."""

import pytest

from prestatiemonitor.normen.selectors import normuitkomsten
from prestatiemonitor.organisaties.permissions import SYSTEEM
from prestatiemonitor.planmonitor import selectors
from prestatiemonitor.planmonitor.models import Peiling


@pytest.fixture
def demo(demo_gedeeld):
    """The demo planmonitor, built once for this module (conftest.py)."""
    return demo_gedeeld


def _tabellen(kader, bron=None):
    bron = bron or selectors.Bron(kader, None, False)
    return selectors.prognose(bron, selectors.periode(kader)).als_json()


def test_demo_reproduces_the_documents_rows_and_corrects_its_totals(demo):
    data = _tabellen(demo)
    t1 = {r["partij"]: r for r in data["tabel1"]["rijen"]}
    assert t1["WSN"] == {
        "partij": "WSN",
        "nieuwbouw": 526,
        "sloop_overheveling": None,
        "verkoop": -125,
        "aankoop": None,
        "overig": None,
        "netto": 401,
        "doorkijk": 215,
    }
    assert t1["de Alliantie"]["nieuwbouw"] == 30
    assert t1["de Alliantie"]["sloop_overheveling"] == -6
    assert t1["de Alliantie"]["verkoop"] == -10
    assert t1["de Alliantie"]["netto"] == 14
    assert t1["de Alliantie"]["doorkijk"] is None
    # The document prints 0 in the total of the sloop column; computed it is -6.
    assert data["tabel1"]["totaal"]["sloop_overheveling"] == -6
    assert data["tabel1"]["totaal"]["netto"] == 415
    assert data["tabel1"]["totaal"]["nieuwbouw"] == 556
    t2 = {r["partij"]: r for r in data["tabel2"]["rijen"]}
    assert (t2["WSN"]["nieuwbouw"], t2["WSN"]["netto"], t2["WSN"]["doorkijk"]) == (9, 9, 8)
    assert t2["de Alliantie"]["sloop_overheveling"] == 6
    assert t2["de Alliantie"]["netto"] == 12
    # The document prints 18 for the doorkijk total; computed it is 8.
    assert data["tabel2"]["totaal"]["doorkijk"] == 8
    assert data["tabel2"]["totaal"]["netto"] == 21


def test_demo_rounds_freeze_the_earlier_state(demo):
    eerste, tweede = Peiling.objects.filter(kader=demo).order_by("peildatum")
    verschillen = {
        v.projectcode: v for v in selectors.vergelijk_peilingen(eerste, tweede, openbaar=False)
    }
    assert verschillen["WSN-06"].verschuiving == 1
    assert verschillen["WSN-06"].oorzaken == [
        "2026 → 2027: Netcongestie: aansluiting pas in 2027 toegezegd. (remedie: Tijdelijke "
        "aansluiting onderzocht met de netbeheerder.)"
    ]
    assert set(verschillen) == {"WSN-06", "WSN-07", "MP-02"}
    # As of the first round, Oosterholt still delivered in 2026.
    per_jaar = selectors.prognose(
        selectors.Bron(demo, eerste, False), selectors.periode(demo)
    ).tabel1.totaal.per_jaar
    assert per_jaar[2026]["gepland"]["nieuwbouw"] == 226 + 30 + 80


def test_demo_norms(demo):
    uitkomsten = normuitkomsten(user=SYSTEEM, kader=demo)
    per = {(u.norm_code, u.onderwerp): u for u in uitkomsten}
    assert per[("afspraak-3-sociaal-aandeel", "MP-02")].uitkomst == "voldoet_niet"
    assert per[("afspraak-3-sociaal-aandeel", "MP-02")].waarde == 5
    assert per[("afspraak-3-sociaal-aandeel", "MP-01")].uitkomst == "waarschuwing"
    assert per[("afspraak-3-sociaal-aandeel", "MP-03")].uitkomst == "voldoet"
    assert per[("afspraak-1-middenhuur", "WSN-05")].uitkomst == "afwijking"
    assert per[("afspraak-1-middenhuur", "WSN-03")].uitkomst == "voldoet"
    netto = per[("ambitie-1-netto-sociale-huur", "2025")]
    assert (netto.uitkomst, netto.waarde) == ("waarschuwing", 25)
    assert per[("ambitie-1-netto-sociale-huur", "2025–2027")].waarde == 415
    assert per[("afspraak-5-verkoop-gecompenseerd", "WSN 2025")].uitkomst == "voldoet"
