"""Every page kind in Chromium at desktop (1280 px) and phone (390 px) width.

axe-core finds no WCAG 2.1 A/AA violations, and on a phone no page scrolls sideways and the
header with its menu takes less than a fifth of the first screen (390×844).

Fast by design: the data (the signed Nijkerk document, published, plus the demo accounts and
two pending imports) is made once per module, one live server serves it, and one browser page
per visitor (anonymous, beheerder) is reused for every URL; tests only resize it. The module
does not use pytest-django's function-scoped database fixtures, so it flushes the database
itself when it is done (as transactional tests do), also under pytest-xdist.
"""

from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.urls import reverse

from prestatiemonitor.organisaties.permissions import SYSTEEM

from .conftest import referentiedata_herstellen, run_axe

# The marker makes pytest-django create the test database (without it the module would write to
# the development database); each test runs in a transaction that is rolled back, while the
# module's data is committed once and flushed at the end.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

TELEFOON = {"width": 390, "height": 844}
COMPUTER = {"width": 1280, "height": 900}
BREEDTES = {"telefoon": TELEFOON, "computer": COMPUTER}


# The visitors who log in, with their demo account.
INLOG = {
    "beheerder": "beleid.nijkerk",
    "huurders": "voorzitter.hbva",
    "corporatie": "medewerker.wsn",
}


@dataclass(frozen=True)
class Pagina:
    naam: str
    url: str  # with {kader}, {concept}, {vreemd}, {verslag}, {organisatie} placeholders
    bezoeker: str = "anoniem"  # or a key of INLOG
    status: int = 200


PAGINAS = [
    Pagina("home", "/"),
    Pagina("kader", "/afspraken/{kader}/"),
    Pagina("kader-beheerder", "/afspraken/{kader}/", "beheerder"),
    Pagina("thema", "/afspraken/{kader}/thema/1/"),
    Pagina("afspraken", "/afspraken/{kader}/afspraken/"),
    Pagina("afspraak", "/afspraken/{kader}/afspraak/3/"),
    Pagina("systematiek", "/afspraken/{kader}/systematiek/1/"),
    Pagina("begrippen", "/afspraken/{kader}/begrippen/"),
    Pagina("begrip", "/afspraken/{kader}/begrippen/harde-en-zachte-plannen/"),
    Pagina("convenanten", "/afspraken/{kader}/convenanten/"),
    Pagina("partijen", "/afspraken/{kader}/partijen/"),
    Pagina("tabel", "/afspraken/{kader}/tabel/1/"),
    Pagina("zoeken", "/afspraken/{kader}/zoeken/?q=sociale+huurwoningen"),
    Pagina("bijstellingen", "/afspraken/{kader}/bijstellingen/", "beheerder"),
    Pagina("import-upload", "/afspraken/importeren/", "beheerder"),
    Pagina("import-voorbeeld", "/afspraken/importeren/{concept}/", "beheerder"),
    Pagina("importverslag", "/afspraken/{kader}/importverslag/{verslag}/", "beheerder"),
    Pagina("bijstellen", "/afspraken/{kader}/afspraak/7/bijstellen/", "beheerder"),
    Pagina("leden", "/account/organisaties/{organisatie}/leden/", "beheerder"),
    Pagina("api-sleutels", "/account/organisaties/{organisatie}/api-sleutels/", "beheerder"),
    Pagina("login", "/account/login/"),
    Pagina("profiel", "/account/profiel/", "beheerder"),
    Pagina("colofon", "/colofon/"),
    Pagina("toegankelijkheid", "/toegankelijkheid/"),
    Pagina("404", "/bestaat-niet/", status=404),
    # Voortgang: peilmomenten (jaarschijven/views/peilmoment.py; data from _maak_peilmomenten)
    Pagina("peilmomenten", "/afspraken/{kader}/peilmomenten/"),
    Pagina("peilmomenten-beheerder", "/afspraken/{kader}/peilmomenten/", "beheerder"),
    Pagina("peilmoment-gesloten", "/afspraken/{kader}/peilmoment/2025-06/"),
    # Rapportage (rapportage/views.py; reports made in _rapporten)
    Pagina("rapportage", "/afspraken/{kader}/rapportage/2025-12/"),
    Pagina("rapportage-beheerder", "/afspraken/{kader}/rapportage/2025-06/", "beheerder"),
    Pagina("peilmoment-open", "/afspraken/{kader}/peilmoment/2026-06/", "beheerder"),
    Pagina("peilmoment-huurders", "/afspraken/{kader}/peilmoment/2026-06/", "huurders"),
    Pagina(
        "melden", "/afspraken/{kader}/peilmoment/2026-06/activiteit/{melden}/melden/", "beheerder"
    ),
    Pagina("peilmoment-sluiten", "/afspraken/{kader}/peilmoment/2026-06/sluiten/", "beheerder"),
    Pagina("advies", "/afspraken/{kader}/peilmoment/2026-06/advies/", "huurders"),
    Pagina(
        "reactie",
        "/afspraken/{kader}/jaarschijf/2026/activiteit/1/reageren/?peilmoment=2026-06",
        "huurders",
    ),
    Pagina(
        "vergelijken",
        "/afspraken/{kader}/peilmomenten/vergelijken/?van=2025-06&naar=2025-12",
        "beheerder",
    ),
    Pagina("vergelijken-publiek", "/afspraken/{kader}/peilmomenten/vergelijken/"),
    Pagina("403", "/afspraken/importeren/{vreemd}/", "beheerder", status=403),
    Pagina(
        "jaarschijf-excel-import", "/afspraken/{kader}/jaarschijf/2025/importeren/", "beheerder"
    ),
    # Jaarschijf pages (jaarschijven/views/jaarschijf.py); data from _maak_jaarschijven
    Pagina("jaarschijven", "/afspraken/{kader}/jaarschijven/"),
    Pagina("jaarschijven-beheerder", "/afspraken/{kader}/jaarschijven/", "beheerder"),
    Pagina("jaarschijf", "/afspraken/{kader}/jaarschijf/2025/"),
    Pagina("jaarschijf-concept", "/afspraken/{kader}/jaarschijf/2026/", "beheerder"),
    Pagina("jaarschijf-status", "/afspraken/{kader}/jaarschijf/2026/status/", "beheerder"),
    Pagina(
        "jaarschijf-dekking",
        "/afspraken/{kader}/jaarschijf/2026/dekking/{open_afspraak}/",
        "beheerder",
    ),
    Pagina(
        "jaarschijf-volgend-jaar", "/afspraken/{kader}/jaarschijf/2026/volgend-jaar/", "beheerder"
    ),
    Pagina("activiteit", "/afspraken/{kader}/jaarschijf/2025/activiteit/1/"),
    Pagina("activiteit-nieuw", "/afspraken/{kader}/jaarschijf/2026/activiteit/nieuw/", "beheerder"),
    Pagina(
        "activiteit-bewerken-vastgesteld",
        "/afspraken/{kader}/jaarschijf/2025/activiteit/2/bewerken/",
        "beheerder",
    ),
    Pagina(
        "activiteit-verwijderen",
        "/afspraken/{kader}/jaarschijf/2026/activiteit/1/verwijderen/",
        "beheerder",
    ),
    Pagina("afspraak-met-activiteiten", "/afspraken/{kader}/afspraak/1/"),
    # Dashboard (jaarschijven/views/dashboard.py) on the demo monitor
    Pagina("dashboard", "/afspraken/{kader}/dashboard/2025/"),
    Pagina("dashboard-lopend", "/afspraken/{kader}/dashboard/2026/", "beheerder"),
    # The public monitor (rapportage/monitor_views.py): the closed December 2025 of the demo
    Pagina("monitor", "/afspraken/{kader}/monitor/"),
    Pagina("monitor-juni", "/afspraken/{kader}/monitor/?peilmoment=2025-06", "beheerder"),
    # Planmonitor (planmonitor/views/); data from demo_planmonitor
    Pagina("planmonitor", "/afspraken/{kader}/planmonitor/"),
    Pagina("planmonitor-beheerder", "/afspraken/{kader}/planmonitor/", "beheerder"),
    Pagina(
        "planmonitor-peiling",
        "/afspraken/{kader}/planmonitor/?peiling={peiling_oud}&van=2025&tot=2026",
        "beheerder",
    ),
    Pagina("planmonitor-periodefout", "/afspraken/{kader}/planmonitor/?van=2027&tot=2025"),
    Pagina("planmonitor-cel", "/afspraken/{kader}/planmonitor/cel/?tabel=1&partij=WSN&kolom=netto"),
    Pagina(
        "planmonitor-cel-beheerder",
        "/afspraken/{kader}/planmonitor/cel/?tabel=2&partij=Totaal&kolom=sloop_overheveling",
        "beheerder",
    ),
    Pagina("planmonitor-projecten", "/afspraken/{kader}/planmonitor/projecten/"),
    Pagina(
        "planmonitor-projecten-beheerder", "/afspraken/{kader}/planmonitor/projecten/", "beheerder"
    ),
    Pagina("planmonitor-project", "/afspraken/{kader}/planmonitor/project/WSN-06/"),
    Pagina(
        "planmonitor-project-beheerder",
        "/afspraken/{kader}/planmonitor/project/WSN-05/",
        "beheerder",
    ),
    Pagina(
        "planmonitor-project-huurders", "/afspraken/{kader}/planmonitor/project/MP-01/", "huurders"
    ),
    Pagina(
        "planmonitor-project-nieuw", "/afspraken/{kader}/planmonitor/projecten/nieuw/", "beheerder"
    ),
    Pagina(
        "planmonitor-project-bewerken",
        "/afspraken/{kader}/planmonitor/project/WSN-06/bewerken/",
        "beheerder",
    ),
    Pagina(
        "planmonitor-project-planning",
        "/afspraken/{kader}/planmonitor/project/WSN-05/planning/",
        "beheerder",
    ),
    Pagina(
        "planmonitor-project-verwijderen",
        "/afspraken/{kader}/planmonitor/project/MP-03/verwijderen/",
        "beheerder",
    ),
    Pagina(
        "planmonitor-voorstel",
        "/afspraken/{kader}/planmonitor/project/WSN-06/voorstel/",
        "huurders",
    ),
    Pagina("planmonitor-mutaties", "/afspraken/{kader}/planmonitor/mutaties/", "beheerder"),
    Pagina("planmonitor-peilingen", "/afspraken/{kader}/planmonitor/peilingen/"),
    Pagina(
        "planmonitor-peilingen-vergelijken",
        "/afspraken/{kader}/planmonitor/peilingen/?oud={peiling_oud}&nieuw={peiling_nieuw}",
        "beheerder",
    ),
    Pagina("planmonitor-whatif", "/afspraken/{kader}/planmonitor/wat-als/", "huurders"),
    Pagina(
        "planmonitor-whatif-berekend",
        "/afspraken/{kader}/planmonitor/wat-als/?rij-TOTAL_FORMS=4&rij-INITIAL_FORMS=0"
        "&rij-0-projectcode=WSN-06&rij-0-verschuiving=2&rij-1-projectcode=MP-03&rij-1-hardheid=2A",
        "beheerder",
    ),
    Pagina("planmonitor-importeren", "/afspraken/{kader}/planmonitor/importeren/", "beheerder"),
    Pagina("normen", "/afspraken/{kader}/normen/"),
    Pagina("normen-beheerder", "/afspraken/{kader}/normen/", "beheerder"),
    # The beschikbaarheidsmonitor and verduurzaming (woonruimte/views/monitor.py,
    # verduurzaming/views/overzicht.py); 2025 is published (_maak_woondata)
    Pagina("beschikbaarheid", "/afspraken/{kader}/beschikbaarheid/2025/", "huurders"),
    Pagina(
        "beschikbaarheid-halfjaar",
        "/afspraken/{kader}/beschikbaarheid/2025/?stand=halfjaar",
        "beheerder",
    ),
    Pagina("beschikbaarheid-openbaar", "/afspraken/{kader}/beschikbaarheid/"),
    Pagina("verduurzaming", "/afspraken/{kader}/verduurzaming/", "corporatie"),
    Pagina("verduurzaming-openbaar", "/afspraken/{kader}/verduurzaming/"),
    # Delivering and drill-down (woonruimte/views, verduurzaming/views); data from _maak_woondata
    Pagina("woonruimte-aanleveren", "/afspraken/{kader}/beschikbaarheid/aanleveren/", "corporatie"),
    Pagina(
        "woonruimte-aanleveren-gemeente",
        "/afspraken/{kader}/beschikbaarheid/aanleveren/?soort=taakstelling",
        "beheerder",
    ),
    Pagina(
        "woonruimte-aanleveringen",
        "/afspraken/{kader}/beschikbaarheid/aanleveringen/",
        "corporatie",
    ),
    Pagina(
        "woonruimte-toewijzingen",
        "/afspraken/{kader}/beschikbaarheid/toewijzingen/?jaar=2025",
        "corporatie",
    ),
    Pagina(
        "woonruimte-toewijzingen-huurders",
        "/afspraken/{kader}/beschikbaarheid/toewijzingen/?aandachtsgroep=ja",
        "huurders",
    ),
    Pagina(
        "woonruimte-toewijzingen-fout",
        "/afspraken/{kader}/beschikbaarheid/toewijzingen/?jaar=twintig",
        "corporatie",
    ),
    Pagina(
        "verduurzaming-aanleveren", "/afspraken/{kader}/verduurzaming/aanleveren/", "corporatie"
    ),
    Pagina("verduurzaming-woningen", "/afspraken/{kader}/verduurzaming/woningen/", "corporatie"),
    Pagina(
        "verduurzaming-woningen-efg",
        "/afspraken/{kader}/verduurzaming/woningen/?label=efg",
        "corporatie",
    ),
    # Overleg (overleg/views); data from overleg/demo.py: 2025 and 2026 planned and published
    Pagina("overleg-jaar", "/afspraken/{kader}/overleg/2026/", "beheerder"),
    Pagina("overleg-voorstel", "/afspraken/{kader}/overleg/2027/", "beheerder"),
    Pagina("overleg-jaar-huurders", "/afspraken/{kader}/overleg/2025/", "huurders"),
    Pagina("overleg", "/afspraken/{kader}/overleg/vergadering/{overleg_juni}/", "beheerder"),
    Pagina("overleg-huurders", "/afspraken/{kader}/overleg/vergadering/{overleg_dec}/", "huurders"),
    Pagina(
        "overleg-wijzigen",
        "/afspraken/{kader}/overleg/vergadering/{overleg_dec}/wijzigen/",
        "beheerder",
    ),
    Pagina("overleg-besluiten", "/afspraken/{kader}/overleg/besluiten/"),
    Pagina("overleg-actiepunten", "/afspraken/{kader}/overleg/actiepunten/", "corporatie"),
    Pagina("overleg-structuur", "/afspraken/{kader}/overleg/structuur/"),
    Pagina("overleg-structuur-beheerder", "/afspraken/{kader}/overleg/structuur/", "beheerder"),
    Pagina("overleg-vorm", "/afspraken/{kader}/overleg/structuur/vorm/{overlegvorm}/", "beheerder"),
    Pagina("overleg-mijlpaal", "/afspraken/{kader}/overleg/structuur/mijlpaal/nieuw/", "beheerder"),
    Pagina("agenda", "/agenda/", "corporatie"),
]


def _maak_gegevens() -> dict[str, str]:
    from django.contrib.auth import get_user_model

    from conftest import NIJKERK_DOCUMENT
    from prestatiemonitor.afspraken.importer.services import gemeente_by_code, import_document
    from prestatiemonitor.afspraken.models import ImportConcept
    from prestatiemonitor.organisaties.demo import ensure_demo_accounts, ensure_nijkerk_parties

    ensure_nijkerk_parties()
    document = NIJKERK_DOCUMENT.read_bytes()
    verslag = import_document(
        data=document,
        bestandsnaam="prestatieafspraken-nijkerk-2025-2027.md",
        gemeente=gemeente_by_code("GM0267"),
        acting_user=SYSTEEM,
    )
    kader = verslag.kader
    kader.gepubliceerd = True
    kader.save(update_fields=["gepubliceerd"])
    ensure_demo_accounts()
    from prestatiemonitor.jaarschijven.demo import demo_jaarschijven

    demo_jaarschijven(kader)  # jaarschijven 2025 and 2026 with their peilmomenten
    from prestatiemonitor.planmonitor.demo import demo_planmonitor

    referentiedata_herstellen()  # emptied by a transactional test that ran before this module
    demo_planmonitor(kader)  # projects, mutations and the rounds Najaar 2025 and Voorjaar 2026
    _maak_woondata(kader)
    users = get_user_model().objects
    beheerder = users.get(username="beleid.nijkerk")
    gewijzigd = document.replace(
        b"behouden 15% vrije toewijzingsruimte", b"behouden 20% vrije toewijzingsruimte"
    )
    concept = ImportConcept.objects.create(
        gemeente=kader.gemeente,
        bestandsnaam="nijkerk-december.md",
        inhoud=gewijzigd,
        aangemaakt_door=beheerder,
    )
    # Someone else's pending import: opening it is refused with the 403 page.
    vreemd = ImportConcept.objects.create(
        gemeente=kader.gemeente,
        bestandsnaam="nijkerk-ander.md",
        inhoud=gewijzigd,
        aangemaakt_door=users.get(username="beheerder"),
    )
    # The jaarschijf pages need a jaarschijf: 2025 (concept) with one activity.
    from prestatiemonitor.jaarschijven import services as jaarschijf_services
    from prestatiemonitor.jaarschijven.models import Jaarschijf

    if not Jaarschijf.objects.filter(kader=kader, jaar=2025).exists():
        jaarschijf = jaarschijf_services.jaarschijf_aanmaken(
            kader=kader, jaar=2025, acting_user=SYSTEEM
        )
        jaarschijf_services.activiteit_opslaan(
            jaarschijf=jaarschijf,
            gegevens=jaarschijf_services.ActiviteitGegevens(
                titel="Nieuwbouw sociale huur (voorbeeld)",
                afspraken=[kader.afspraken.get(soort="strategisch", nummer="1")],
                trekker=kader.partij_set.order_by("volgorde")[1].organisatie,
            ),
            acting_user=SYSTEEM,
        )
    return {
        "kader": kader.slug,
        "concept": str(concept.token),
        "vreemd": str(vreemd.token),
        "verslag": str(verslag.pk),
        "organisatie": beheerder.lidmaatschappen.get().organisatie.slug,
        **_monitor_plaatsen(kader),
        **_peilingen(kader),
        **_overleg(kader),
        **_rapporten(kader),
    }


def _rapporten(kader) -> dict[str, str]:
    """Reports with stand-in files: June 2025 volledig twice (a current version and one in the
    history), December 2025 openbaar once (the public page has a download)."""
    from prestatiemonitor.jaarschijven.permissions import peilmoment_or_404
    from prestatiemonitor.rapportage.tests.factories import maak_rapport

    juni = peilmoment_or_404(SYSTEEM, kader, "2025-06")
    december = peilmoment_or_404(SYSTEEM, kader, "2025-12")
    for _ in range(2):
        maak_rapport(peilmoment=juni, variant="volledig", acting_user=SYSTEEM)
    maak_rapport(peilmoment=december, variant="openbaar", acting_user=SYSTEEM)
    return {}


def _overleg(kader) -> dict[str, str]:
    """The demo overleg (overleg/demo.py): June's ambtelijk and December's bestuurlijk overleg
    breed of 2025, with decisions and action items."""
    from prestatiemonitor.overleg.demo import demo_overleg
    from prestatiemonitor.overleg.models import Overleg

    demo_overleg(kader)
    breed = Overleg.objects.filter(kader=kader, planning__jaar=2025)
    juni = breed.get(overlegvorm__naam="ambtelijk overleg breed", datum__month=6)
    dec = breed.get(overlegvorm__naam="bestuurlijk overleg breed", datum__month=12)
    return {
        "overleg_juni": str(juni.pk),
        "overleg_dec": str(dec.pk),
        "overlegvorm": str(juni.overlegvorm_id),
    }


def _maak_woondata(kader) -> None:
    """A few lettings and dwellings of WSN and de Alliantie (the drill-down lists show WSN's
    rows to its medewerker and de Alliantie's as a count)."""
    from prestatiemonitor.verduurzaming.uitwisseling import importeren as voorraad_importeren
    from prestatiemonitor.woonruimte.tests.factories import toewijzing, toewijzingen_csv
    from prestatiemonitor.woonruimte.uitwisseling import importeren

    rijen = [
        toewijzing(Datum=f"2025-0{1 + i % 6}-1{i % 9}", Kern=kern, Route=route, Aandachtsgroep=ag)
        for i, (kern, route, ag) in enumerate(
            [
                ("Nijkerk", "regulier", "nee"),
                ("Hoevelaken", "urgentie", "ja"),
                ("Nijkerkerveen", "loting", "nee"),
                ("Nijkerk", "statushouder", "ja"),
            ]
        )
    ] + [toewijzing(Corporatie="de Alliantie", Kern="Hoevelaken")]
    importeren(
        kader=kader,
        soort="toewijzingen",
        data=toewijzingen_csv(*rijen),
        bestandsnaam="toewijzingen-2025.csv",
        acting_user=SYSTEEM,
    )
    kop = "Corporatie;Peildatum;VBO-id;Kern;Energielabel;Registratiedatum;Huurprijs"
    woningen = [
        "WSN;2025-01-01;0267010000000001;Nijkerk;B;2021-03-15;712,50",
        "WSN;2025-01-01;0267010000000002;Hoevelaken;E;2014-06-01;650,00",
        "WSN;2025-01-01;0267010000000003;Nijkerk;;;",
        "de Alliantie;2025-01-01;0267010000000101;Hoevelaken;F;2013-01-01;690,00",
    ]
    voorraad_importeren(
        kader=kader,
        data="\r\n".join([kop, *woningen]).encode(),
        bestandsnaam="woningvoorraad.csv",
        acting_user=SYSTEEM,
    )
    from prestatiemonitor.normen.services import normen_inrichten
    from prestatiemonitor.woonruimte.services import publiceren

    normen_inrichten(kader=kader, acting_user=SYSTEEM)
    publiceren(kader=kader, jaar=2025, stand="jaar", acting_user=SYSTEEM)


def _peilingen(kader) -> dict[str, str]:
    """The demo planmonitor's two rounds, oldest first."""
    from prestatiemonitor.planmonitor.models import Peiling

    oud, nieuw = Peiling.objects.filter(kader=kader).order_by("peildatum")
    return {"peiling_oud": str(oud.pk), "peiling_nieuw": str(nieuw.pk)}


def _monitor_plaatsen(kader) -> dict[str, str]:
    """Where the demo monitor's pages are: a gemeente activity not yet reported in the open
    June 2026 (the beheerder reports it) and an afspraak without activity in the concept 2026."""
    from prestatiemonitor.jaarschijven.models import Activiteit, Jaarschijf
    from prestatiemonitor.jaarschijven.services import ongedekte_afspraken

    j2026 = Jaarschijf.objects.get(kader=kader, jaar=2026)
    melden = (
        Activiteit.objects.filter(jaarschijf=j2026, trekker__soort="gemeente")
        .exclude(voortgang__peilmoment__soort="juni")
        .order_by("nummer")
        .first()
    )
    return {"melden": str(melden.nummer), "open_afspraak": ongedekte_afspraken(j2026)[0].nummer}


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """One live server over data made once for this module; the database is emptied after."""
    from django.db import connection
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        naam = str(connection.settings_dict["NAME"])
        assert "test" in naam or "memory" in naam, f"{naam} is geen testdatabase"
        waarden = _maak_gegevens()
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            yield server.url, waarden
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="module")
def bezoekers(browser, site):
    """One page per visitor, in a context that may inject axe-core despite the strict CSP."""
    from prestatiemonitor.organisaties.demo import DEMO_WACHTWOORD

    base, _ = site
    paginas = {}
    contexts = []
    for bezoeker in ("anoniem", *INLOG):
        context = browser.new_context(locale="nl-NL", bypass_csp=True, viewport=COMPUTER)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        if bezoeker in INLOG:
            page.goto(base + reverse("login"))
            page.get_by_label("Gebruikersnaam").fill(INLOG[bezoeker])
            page.get_by_label("Wachtwoord").fill(DEMO_WACHTWOORD)
            page.get_by_role("button", name="Inloggen").click()
            page.wait_for_load_state()
            assert page.get_by_role("link", name="account").first.is_visible()
        paginas[bezoeker] = page
    yield paginas
    for context in contexts:
        context.close()


def _open(bezoekers, site, pagina: Pagina, breedte: dict):
    base, waarden = site
    page = bezoekers[pagina.bezoeker]
    page.set_viewport_size(breedte)
    response = page.goto(base + pagina.url.format(**waarden))
    assert response is not None and response.status == pagina.status, pagina.url
    return page


def _pagina(naam: str) -> Pagina:
    return next(p for p in PAGINAS if p.naam == naam)


@pytest.mark.parametrize("breedte", BREEDTES.keys())
@pytest.mark.parametrize("pagina", PAGINAS, ids=[p.naam for p in PAGINAS])
def test_page_has_no_axe_violations(bezoekers, site, pagina, breedte):
    page = _open(bezoekers, site, pagina, BREEDTES[breedte])
    assert run_axe(page) == []


# Elements that scroll sideways inside the page (a table in a scrolling box is as awkward on a
# phone as a page that scrolls), and elements that stick out beyond the screen's right edge.
_ZIJWAARTS = """(breedte) => {
    const naam = e => e.tagName.toLowerCase() + '.' + (e.getAttribute('class') || '');
    const scrollers = [...document.querySelectorAll('body *')].filter(e => {
        const s = getComputedStyle(e);
        return ['auto', 'scroll'].includes(s.overflowX) && e.scrollWidth > e.clientWidth + 1;
    }).map(naam);
    const verborgen = e => {  // inside a visually hidden (clipped) part, e.g. a stacked thead,
        // or inside a box that fits the screen and cuts off what sticks out of it (a map's
        // layers are wider than the map, which shows only its part of them)
        for (let a = e; a; a = a.parentElement) {
            const s = getComputedStyle(a);
            if (s.clip !== 'auto') return true;
            if (a !== e && a !== document.body && ['hidden', 'clip'].includes(s.overflowX)
                && a.getBoundingClientRect().right <= breedte + 1) return true;
        }
        return false;
    };
    const uitstekend = [...document.querySelectorAll('main *, header *, footer *')].filter(e => {
        const r = e.getBoundingClientRect();
        return r.width > 1 && r.height > 1 && r.right > breedte + 1 && !verborgen(e);
    }).map(naam);
    return {
        scrollWidth: document.documentElement.scrollWidth,
        scrollers: scrollers,
        uitstekend: uitstekend.slice(0, 5),
        kop: document.querySelector('body > header').getBoundingClientRect().height,
    };
}"""


@pytest.mark.parametrize("pagina", PAGINAS, ids=[p.naam for p in PAGINAS])
def test_page_fits_a_phone_without_scrolling_sideways(bezoekers, site, pagina):
    page = _open(bezoekers, site, pagina, TELEFOON)
    meting = page.evaluate(_ZIJWAARTS, TELEFOON["width"])
    assert meting["scrollWidth"] <= TELEFOON["width"]
    assert meting["scrollers"] == []
    assert meting["uitstekend"] == []
    assert meting["kop"] < TELEFOON["height"] / 5


def test_document_table_becomes_stacked_rows_with_full_caption_on_a_phone(bezoekers, site):
    """Tabel 1 on a phone: the caption is whole, each row is a block, and every figure carries
    its column name; on a desktop it is an ordinary table with column headers."""
    page = _open(bezoekers, site, PAGINAS[11], TELEFOON)
    caption = page.locator("caption").first
    assert caption.inner_text() == (
        "Tabel 1 | Prognose ontwikkeling sociale voorraad 2025 t/m 2027 en doorkijk t/m 2030"
    )
    box = caption.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= TELEFOON["width"]
    wsn = page.locator("tbody tr", has=page.locator("th", has_text="WSN")).first
    assert wsn.evaluate("e => getComputedStyle(e).display") == "block"
    eerste = wsn.locator("td").first
    assert eerste.get_attribute("data-label") == "Nieuwbouw (harde plannen)"
    assert eerste.inner_text() == "526"
    label = eerste.evaluate("e => getComputedStyle(e, '::before').content")
    assert label == '"Nieuwbouw (harde plannen)"'
    assert eerste.evaluate("e => getComputedStyle(e, '::before').float") in ("left", "inline-start")
    # Screen readers still get a table with column headers.
    assert page.get_by_role("table").first.is_visible()
    assert page.locator("thead th[scope=col]").count() == 5

    page.set_viewport_size(COMPUTER)
    assert wsn.evaluate("e => getComputedStyle(e).display") == "table-row"
    assert page.get_by_role("columnheader", name="Nieuwbouw (harde plannen)").is_visible()


def test_computed_tabel_1_becomes_stacked_rows_on_a_phone(bezoekers, site):
    """The planmonitor's Tabel 1 (seven columns with long headers) stacks on a phone like the
    document's; each figure keeps its column name and its drill-down link."""
    pagina = Pagina("planmonitor", "/afspraken/{kader}/planmonitor/")
    page = _open(bezoekers, site, pagina, TELEFOON)
    tabel = page.locator("section[aria-labelledby=tabel1-kop]")
    wsn = tabel.locator("tbody tr", has=page.get_by_role("rowheader", name="WSN", exact=True))
    assert wsn.evaluate("e => getComputedStyle(e).display") == "block"
    eerste = wsn.locator("td").first
    assert eerste.get_attribute("data-label") == "Nieuwbouw (harde plannen)"
    assert eerste.get_by_role("link").inner_text() == "526"
    label = eerste.evaluate("e => getComputedStyle(e, '::before').content")
    assert label == '"Nieuwbouw (harde plannen): "'
    page.set_viewport_size(COMPUTER)
    assert wsn.evaluate("e => getComputedStyle(e).display") == "table-row"


def test_header_on_a_phone_keeps_account_and_kader_menu(bezoekers, site):
    page = _open(bezoekers, site, Pagina("kader", "/afspraken/{kader}/", "beheerder"), TELEFOON)
    kop = page.locator("body > header")
    assert kop.get_by_role("link", name="account").is_visible()
    assert kop.get_by_role("button", name="Uitloggen").is_visible()
    menu = [link.text_content() for link in kop.locator(".kader-nav a").all()]
    assert menu == [
        "Overzicht",
        "Thema's",
        "Monitor",
        "Afspraken",
        "Jaarschijf",
        "Voortgang",
        "Dashboard",
        "Planmonitor",
        "Beschikbaarheid",
        "Verduurzaming",
        "Overleg",
        "Zoeken",
        "Begrippen",
        "Convenanten",
        "Partijen",
        "Bijstellingen",
    ]
    # The register's reference pages sit behind "Meer" (a disclosure, no script needed).
    meer = kop.locator(".kader-nav__meer a")
    hoofd = kop.locator(".kader-nav a:not(.kader-nav__meer a)")
    assert all(link.is_visible() for link in hoofd.all())
    assert not any(link.is_visible() for link in meer.all())
    kop.get_by_text("Meer", exact=True).click()
    assert all(link.is_visible() for link in meer.all())
    kop.get_by_text("Meer", exact=True).click()
    # The name of who is logged in stays available to screen readers.
    assert "Ingelogd als Bente Beleid" in kop.locator(".site-header__user").text_content()


def test_footer_links_to_colofon_and_toegankelijkheidsverklaring(bezoekers, site):
    page = _open(bezoekers, site, PAGINAS[0], COMPUTER)
    footer = page.get_by_role("contentinfo")
    footer.get_by_role("link", name="Toegankelijkheid").click()
    page.wait_for_load_state()
    kop = page.get_by_role("heading", level=1).inner_text()
    assert kop.replace("\u00ad", "") == "Toegankelijkheidsverklaring"
    assert "WCAG" in page.content() and "axe-core" in page.content()
    page.get_by_role("contentinfo").get_by_role("link", name="Colofon en contact").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Colofon en contact"


def test_betrokken_checkbox_label_reads_as_one_line_on_a_phone(bezoekers, site):
    """The filter's "ook betrokken" label sits beside its box, not squeezed into the box's own
    grid column (which broke it into one or two letters per line on a phone)."""
    page = _open(bezoekers, site, PAGINAS[4], TELEFOON)
    label = page.get_by_text("ook waar de partij alleen betrokken is")
    box = label.bounding_box()
    vak = page.get_by_label("ook waar de partij alleen betrokken is").bounding_box()
    assert box["width"] > 200
    assert box["height"] < 60  # at most two lines
    assert box["x"] > vak["x"] + vak["width"]  # the label stands to the right of its box


# The top of each letter of the page's h1 (soft hyphens left out), in order.
_LETTERS_H1 = """() => {
    const h1 = document.querySelector('main h1');
    const walker = document.createTreeWalker(h1, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    const letters = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        for (let i = 0; i < n.data.length; i++) {
            if (n.data[i] === '\\u00ad' || !n.data[i].trim()) continue;
            range.setStart(n, i); range.setEnd(n, i + 1);
            // the widest box: at a line break a letter may also get an empty box on the line before
            const box = [...range.getClientRects()].reduce((a, b) => (b.width > a.width ? b : a));
            letters.push([n.data[i], Math.round(box.top)]);
        }
    }
    return letters;
}"""


def _regels(page) -> list[str]:
    regels: dict[int, str] = {}
    for letter, top in page.evaluate(_LETTERS_H1):
        regels[top] = regels.get(top, "") + letter
    return [regels[top] for top in sorted(regels)]


def test_long_dutch_heading_breaks_between_the_parts_of_the_compound_on_a_phone(bezoekers, site):
    """ "Toegankelijkheidsverklaring" does not fit 390 px; it broke as "…verklarin" / "g"."""
    page = _open(bezoekers, site, _pagina("toegankelijkheid"), TELEFOON)
    assert _regels(page) == ["Toegankelijkheids", "verklaring"]
    page.set_viewport_size(COMPUTER)
    assert _regels(page) == ["Toegankelijkheidsverklaring"]
