"""End to end in Chromium: the werkgroep's planmonitor on the demo data (planmonitor/demo.py).

The gemeente's beleidsmedewerker reads Tabel 1, imports a sheet with one new hard WSN project,
sees Tabel 1 change and the project in the cell's drill-down, runs and saves a what-if, and
compares the two review rounds. The public sees the published round, never a vertrouwelijk
project. Every page: axe-core clean at 1280 and 390 px, no sideways scrolling at 390 px.
"""

import openpyxl
import pytest
from django.urls import reverse

from prestatiemonitor.organisaties.demo import DEMO_WACHTWOORD, ensure_demo_accounts
from prestatiemonitor.planmonitor.models import Bouwproject, Scenario

from .conftest import referentiedata_herstellen, run_axe
from .test_paginas_browser import _ZIJWAARTS, COMPUTER, TELEFOON

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NIEUWBOUW = "Nieuwbouw (harde plannen)"

# The headers of sheet Projecten (docs/planmonitor-excel.md), in that order.
KOPPEN = [
    "Projectcode",
    "Naam",
    "Kern",
    "Eigenaar",
    "Soort eigenaar",
    "Hardheid",
    "Fase",
    "Oplevering",
    "Sociale huur",
    "Middenhuur",
    "Vrije sector huur",
    "Sociale koop",
    "Betaalbare koop",
    "Vrije sector koop",
    "Totaal",
    "Instandhoudingstermijn",
    "Toelichting",
]


@pytest.fixture
def demo(nijkerk_kader):
    """The published Nijkerk kader with the demo accounts and the demo planmonitor."""
    from prestatiemonitor.planmonitor.demo import demo_planmonitor

    kader = nijkerk_kader
    kader.gepubliceerd = True
    kader.save(update_fields=["gepubliceerd"])
    ensure_demo_accounts()
    referentiedata_herstellen()  # emptied by the transactional test before this one
    demo_planmonitor(kader)
    return kader


def _inloggen(page, base: str, username: str) -> None:
    page.goto(base + reverse("login"))
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(DEMO_WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("button", name="Uitloggen").wait_for()


def _toegankelijk(page) -> None:
    """axe-core finds nothing at desktop and phone width; on the phone nothing scrolls sideways.
    The page ends at desktop width, as it started."""
    assert run_axe(page) == [], page.url
    page.set_viewport_size(TELEFOON)
    assert run_axe(page) == [], page.url
    meting = page.evaluate(_ZIJWAARTS, TELEFOON["width"])
    assert meting["scrollWidth"] <= TELEFOON["width"], page.url
    assert meting["scrollers"] == [], page.url
    assert meting["uitstekend"] == [], page.url
    page.set_viewport_size(COMPUTER)


def _tabel1_cel(page, partij: str, kolom: str):
    rij = page.locator(
        "section[aria-labelledby=tabel1-kop] tbody tr",
        has=page.get_by_role("rowheader", name=partij, exact=True),
    )
    return rij.locator(f'td[data-label="{kolom}"] a')


def _xlsx(pad):
    boek = openpyxl.Workbook()
    blad = boek.active
    blad.title = "Projecten"
    blad.append(KOPPEN)
    rij = dict.fromkeys(KOPPEN)
    rij.update(
        {
            "Projectcode": "WSN-20",
            "Naam": "Browserhof (voorbeeld)",
            "Kern": "Nijkerk",
            "Eigenaar": "WSN",
            "Soort eigenaar": "corporatie",
            "Hardheid": "1B",
            "Fase": "in aanbouw",
            "Oplevering": "2026",
            "Sociale huur": 20,
            "Totaal": 20,
            "Toelichting": "Uit de browsertest.",
        }
    )
    blad.append([rij[k] for k in KOPPEN])
    boek.save(pad)
    return pad


def test_werkgroep_imports_drills_down_runs_a_what_if_and_compares_rounds(
    bezoeker, live_server, demo, tmp_path
):
    base = live_server.url
    overzicht = base + reverse("planmonitor:overzicht", args=[demo.slug])
    page = bezoeker()
    _inloggen(page, base, "beleid.nijkerk")

    # Tabel 1 as the demo has it: WSN builds 526 sociale huur in 2025–2027.
    page.goto(overzicht)
    assert page.get_by_role("heading", level=2, name="Tabel 1").first.is_visible()
    assert _tabel1_cel(page, "WSN", NIEUWBOUW).inner_text() == "526"
    totaal_voor = int(_tabel1_cel(page, "Totaal", NIEUWBOUW).inner_text())
    assert totaal_voor == 526 + 30  # WSN and de Alliantie
    _toegankelijk(page)

    # Import one new hard WSN project (20 sociale huur in 2026) through the upload page.
    page.get_by_role("navigation", name="Planmonitor").get_by_role(
        "link", name="Importeren"
    ).click()
    page.get_by_role("heading", level=1, name="Projecten en mutaties importeren").wait_for()
    _toegankelijk(page)
    page.get_by_label("Bestand").set_input_files(_xlsx(tmp_path / "nieuw-project.xlsx"))
    page.get_by_role("button", name="Importeren").click()
    page.get_by_text("Import van nieuw-project.xlsx geslaagd").wait_for()
    assert page.url.split("?")[0] == overzicht
    assert Bouwproject.objects.get(kader=demo, projectcode="WSN-20").sociale_huur == 20

    # Tabel 1 changed: WSN 546, the total 20 more.
    assert _tabel1_cel(page, "WSN", NIEUWBOUW).inner_text() == "546"
    assert int(_tabel1_cel(page, "Totaal", NIEUWBOUW).inner_text()) == totaal_voor + 20
    _toegankelijk(page)

    # The cell's drill-down lists the new project among the ones behind 546.
    _tabel1_cel(page, "WSN", NIEUWBOUW).click()
    page.get_by_role("heading", level=1, name="Tabel 1: nieuwbouw (harde plannen), WSN").wait_for()
    assert page.get_by_text("Uitkomst: 546").is_visible()
    regel = page.get_by_role("row", name="WSN-20 Browserhof (voorbeeld)")
    assert regel.get_by_role("cell").all_inner_texts() == ["Oplevering", "2026", "gepland", "20"]
    assert regel.get_by_role("link", name="WSN-20 Browserhof (voorbeeld)").is_visible()
    _toegankelijk(page)

    # What if Oosterholt (WSN-06, 80 sociale huur in 2027) comes two years later?
    page.goto(base + reverse("planmonitor:whatif", args=[demo.slug]))
    wijziging = page.get_by_role("group", name="Wijziging 1")
    wijziging.get_by_label("Project").select_option("WSN-06")
    wijziging.get_by_label("Oplevering verschuiven (jaren)").fill("2")
    page.get_by_role("button", name="Bereken").click()
    page.get_by_role("heading", level=2, name="Uitkomst").wait_for()
    jaar = page.locator("tbody tr", has=page.get_by_role("rowheader", name="2027", exact=True))
    prognose, scenario, verschil = (
        int(t.replace("−", "-")) for t in jaar.get_by_role("cell").all_inner_texts()
    )
    assert (prognose, scenario, verschil) == (177, 97, -80)
    # Every norm whose value or outcome changes is listed, the yearly ambition for 2027 first.
    assert page.get_by_role(
        "heading", name="Normen met een andere uitkomst of waarde (4)"
    ).is_visible()
    normen = page.locator(".normuitkomsten li")
    assert normen.count() == 4
    assert normen.first.inner_text() == (
        "Netto ten minste 50 sociale huurwoningen erbij per jaar (2027): voldoet → voldoet\n"
        "In 2027 netto 97 woningen erbij; de ambitie is ten minste 50 per jaar."
    )
    _toegankelijk(page)

    # Saved by name, it opens beside the real prognosis.
    page.get_by_label("Naam van het scenario").fill("Oosterholt twee jaar later")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Scenario 'Oosterholt twee jaar later' is opgeslagen.").wait_for()
    assert page.get_by_role(
        "heading", name="Uitkomst: scenario Oosterholt twee jaar later"
    ).is_visible()
    assert Scenario.objects.get(kader=demo).wijzigingen == [
        {"projectcode": "WSN-06", "verschuiving": 2}
    ]
    _toegankelijk(page)

    # Najaar 2025 against Voorjaar 2026: Oosterholt a year later, with its cause.
    page.goto(base + reverse("planmonitor:peilingen", args=[demo.slug]))
    page.get_by_label("Eerdere peiling").select_option(label="Najaar 2025 (01-10-2025)")
    page.get_by_label("Latere peiling").select_option(label="Voorjaar 2026 (01-04-2026)")
    page.get_by_role("button", name="Vergelijken").click()
    page.get_by_role("heading", level=3, name="Van Najaar 2025 naar Voorjaar 2026").wait_for()
    oosterholt = page.get_by_role("row", name="WSN-06 Oosterholt (voorbeeld)")
    assert (
        oosterholt.locator('[data-label="Oplevering"]').inner_text() == "2026 → 2027 (1 jaar later)"
    )
    assert oosterholt.locator('[data-label="Oorzaak vertraging"]').inner_text() == (
        "2026 → 2027: Netcongestie: aansluiting pas in 2027 toegezegd. "
        "(remedie: Tijdelijke aansluiting onderzocht met de netbeheerder.)"
    )
    _toegankelijk(page)


def test_public_sees_the_published_round_without_vertrouwelijke_projects(
    bezoeker, live_server, demo
):
    base = live_server.url
    page = bezoeker()
    page.goto(base + reverse("planmonitor:overzicht", args=[demo.slug]))
    assert page.locator(".bron-regel").inner_text() == (
        "Stand: peiling Voorjaar 2026 (01-04-2026) "
        "(openbaar; vertrouwelijke projecten niet getoond)."
    )
    assert _tabel1_cel(page, "WSN", NIEUWBOUW).inner_text() == "526"
    subnav = page.get_by_role("navigation", name="Planmonitor")
    assert subnav.get_by_role("link", name="Tabel 1 en 2").is_visible()
    assert subnav.get_by_role("link", name="Mutaties").count() == 0
    _toegankelijk(page)

    page.goto(base + reverse("planmonitor:projecten", args=[demo.slug]))
    assert page.get_by_role("link", name="WSN-06 Oosterholt (voorbeeld)").is_visible()
    assert page.get_by_text("ALL-02").count() == 0
    assert page.get_by_text("Verbouwing Kerkstraat").count() == 0
    _toegankelijk(page)

    response = page.goto(base + reverse("planmonitor:project", args=[demo.slug, "ALL-02"]))
    assert response is not None and response.status == 404
    assert "Kerkstraat" not in page.content()
    response = page.goto(base + reverse("planmonitor:mutaties", args=[demo.slug]))
    assert response is not None and response.status == 404
