"""End to end in Chromium: the beschikbaarheidsmonitor on the demo data (woonruimte/demo.py).

WSN's medewerker delivers this year's lettings with one bad row: refused with the row and the
column, nothing written; fixed and delivered again. The gemeente's beleidsmedewerker sees WSN's
urgent share of January–June 2026 change on the monitor, and the figure's drill-down. Every
page: axe-core clean at 1280 and 390 px, no sideways scrolling at 390 px.
"""

import pytest
from django.urls import reverse

from prestatiemonitor.organisaties.demo import ensure_demo_accounts
from prestatiemonitor.woonruimte.models import Toewijzing

from .conftest import referentiedata_herstellen
from .test_planmonitor_browser import _inloggen, _toegankelijk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KOP = (
    "Corporatie;Datum;Kern;Buurt;Segment;Huurprijs;Route;Aandachtsgroep;Doelgroep;Personen;"
    "Inkomen boven grens;Passend"
)


def _bestand(pad, route_rij_3: str):
    """Five social lettings of WSN in 2026, four of them to aandachtsgroepen."""
    rijen = [
        "WSN;2026-02-03;Nijkerk;Paasbos;sociale huur;712,50;urgentie;ja;gezin;3;nee;ja",
        f"WSN;2026-03-10;Nijkerk;Centrum;sociale huur;650,00;{route_rij_3};ja;senior;1;nee;ja",
        "WSN;2026-04-21;Hoevelaken;De Kolk;sociale huur;698,00;regulier;ja;overig;2;nee;ja",
        "WSN;2026-05-02;Nijkerk;Corlaer;sociale huur;731,00;statushouder;ja;gezin;4;nee;ja",
        "WSN;2026-06-15;Nijkerkerveen;Dorp;sociale huur;680,00;regulier;nee;jongere;1;nee;ja",
    ]
    pad.write_text("\r\n".join([KOP, *rijen]) + "\r\n", encoding="utf-8")
    return pad


@pytest.fixture
def demo(nijkerk_kader):
    from prestatiemonitor.normen.services import normen_inrichten
    from prestatiemonitor.organisaties.permissions import SYSTEEM
    from prestatiemonitor.woonruimte.demo import demo_woonruimte

    kader = nijkerk_kader
    kader.gepubliceerd = True
    kader.save(update_fields=["gepubliceerd"])
    ensure_demo_accounts()
    referentiedata_herstellen()  # emptied by the transactional test before this one
    demo_woonruimte(kader)
    normen_inrichten(kader=kader, acting_user=SYSTEEM)
    return kader


def _wsn_aandeel(page):
    rij = page.locator(
        "section[aria-labelledby=urgent-kop] tbody tr",
        has=page.get_by_role("rowheader", name="WSN", exact=True),
    )
    return rij.locator('td[data-label="Aandeel 2026"]').inner_text()


def test_corporation_delivers_lettings_and_the_gemeente_sees_the_indicators_change(
    bezoeker, live_server, demo, tmp_path
):
    base = live_server.url
    monitor = base + reverse("woonruimte:monitor", args=[demo.slug, 2026]) + "?stand=halfjaar"
    wsn_2026 = Toewijzing.objects.filter(kader=demo, jaar=2026, corporatie__slug="wsn")
    voor = wsn_2026.count()

    gemeente = bezoeker()
    _inloggen(gemeente, base, "beleid.nijkerk")
    gemeente.goto(monitor)
    gemeente.get_by_role("heading", level=1, name="Beschikbaarheidsmonitor 2026").wait_for()
    assert _wsn_aandeel(gemeente) == "27,8 %"  # the demo: 39 of 140
    _toegankelijk(gemeente)

    wsn = bezoeker()
    _inloggen(wsn, base, "medewerker.wsn")
    wsn.goto(base + reverse("woonruimte:aanleveren", args=[demo.slug]))
    wsn.get_by_label("Wat levert u aan?").select_option("toewijzingen")
    wsn.get_by_label("Bestand").set_input_files(_bestand(tmp_path / "wsn-2026.csv", "voorrang"))
    wsn.get_by_role("button", name="Aanleveren").click()
    fouten = wsn.get_by_role("alert")
    fouten.get_by_role("heading", name="Niets opgeslagen: 1 fout in wsn-2026.csv").wait_for()
    assert "Rij 3, kolom G (Route)" in fouten.inner_text()
    assert wsn_2026.count() == voor  # nothing written
    _toegankelijk(wsn)

    wsn.get_by_label("Wat levert u aan?").select_option("toewijzingen")
    wsn.get_by_label("Bestand").set_input_files(_bestand(tmp_path / "wsn-2026.csv", "urgentie"))
    wsn.get_by_role("button", name="Aanleveren").click()
    wsn.get_by_text("wsn-2026.csv aangeleverd").wait_for()
    # The delivery replaced WSN's lettings of 2026.
    assert wsn_2026.count() == 5

    gemeente.goto(monitor)
    assert _wsn_aandeel(gemeente) == "80,0 %"  # 4 of 5
    uitkomst = gemeente.locator(
        "section[aria-labelledby=urgent-kop] tbody tr",
        has=gemeente.get_by_role("rowheader", name="WSN", exact=True),
    ).locator('td[data-label="Uitkomst"]')
    # The mean of 2023–2025 and this 80 %: above 30 %.
    assert uitkomst.inner_text() == "voldoet niet"
    _toegankelijk(gemeente)

    # The figure's drill-down: the gemeente sees the number, not WSN's rows.
    gemeente.locator(
        "section[aria-labelledby=urgent-kop] tbody tr",
        has=gemeente.get_by_role("rowheader", name="WSN", exact=True),
    ).get_by_role("link", name="4").click()
    gemeente.get_by_text("Per rij ziet alleen de corporatie zelf haar toewijzingen").wait_for()
    assert "Totaal: 4 toewijzingen." in gemeente.locator(".aantal-regel").inner_text()
    _toegankelijk(gemeente)
