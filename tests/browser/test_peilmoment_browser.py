"""End to end in Chromium: a whole December peilmoment through the pages.

The gemeente opens it, WSN reports with an evidence file, the gemeente sees who is missing and
reminds de Alliantie by e-mail, the gemeente reports its own activity through the Excel
template (downloaded from the page, filled, uploaded), the tenants react and advise, the
gemeente closes it (frozen) and compares it with June. axe-core at desktop and phone width.
"""

from datetime import date

import openpyxl
import pytest
from django.core import mail
from django.urls import reverse

from prestatiemonitor.jaarschijven import services
from prestatiemonitor.jaarschijven.models import Advies, Peilmoment, Reactie, Voortgang
from prestatiemonitor.jaarschijven.tests.factories import PDF
from prestatiemonitor.organisaties.demo import DEMO_WACHTWOORD, ensure_demo_accounts
from prestatiemonitor.organisaties.models import Organisatie
from prestatiemonitor.organisaties.permissions import SYSTEEM

from .conftest import run_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def jaarschijf(nijkerk_kader):
    """Jaarschijf 2025 (vastgesteld): A1 WSN (doel 40 woningen), A2 gemeente, A3 de Alliantie;
    June closed with A1 'aandacht nodig'."""
    ensure_demo_accounts()
    org = {o.slug: o for o in Organisatie.objects.all()}
    kader = nijkerk_kader
    j = services.jaarschijf_aanmaken(kader=kader, jaar=2025, acting_user=SYSTEEM)

    def activiteit(titel, trekker, nummers, **velden):
        return services.activiteit_opslaan(
            jaarschijf=j,
            gegevens=services.ActiviteitGegevens(
                titel=titel,
                afspraken=[kader.afspraken.get(soort="strategisch", nummer=n) for n in nummers],
                trekker=org[trekker],
                **velden,
            ),
            acting_user=SYSTEEM,
        )

    a1 = activiteit("Nieuwbouw sociale huur", "wsn", ["1"], doel_aantal=40, eenheid="woningen")
    a2 = activiteit("Woonvisie actualiseren", "gemeente-nijkerk", ["2"])
    a3 = activiteit("Huurdersavonden", "de-alliantie", ["3"])
    for afspraak in services.ongedekte_afspraken(j):
        services.dekking_accepteren(
            jaarschijf=j, afspraak=afspraak, reden="Volgend jaar", acting_user=SYSTEEM
        )
    for naar in ("besproken", "vastgesteld"):
        j = services.jaarschijf_status_verder(
            jaarschijf=j,
            naar=naar,
            datum=date(2024, 12, 10),
            overleg="Overleg",
            acting_user=SYSTEEM,
        )
    juni = services.peilmoment_openen(
        jaarschijf=j, soort="juni", deadline=date(2025, 6, 30), acting_user=SYSTEEM
    )
    for act, status in ((a1, "aandacht_nodig"), (a2, "op_schema"), (a3, "op_schema")):
        services.voortgang_melden(
            peilmoment=juni,
            activiteit=act,
            status=status,
            toelichting="Stand juni",
            acting_user=SYSTEEM,
        )
    services.peilmoment_sluiten(peilmoment=juni, acting_user=SYSTEEM)
    return kader


def _als(browser, live_server, username):
    # bypass_csp: axe-core is injected on the forms with their errors.
    context = browser.new_context(
        locale="nl-NL", viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(DEMO_WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
    return page


def test_a_whole_december_peilmoment(browser, live_server, jaarschijf, tmp_path):
    kader = jaarschijf
    voortgang = live_server.url + reverse("jaarschijven:peilmomenten", args=[kader.slug])

    # The gemeente opens December.
    gemeente = _als(browser, live_server, "beleid.nijkerk")
    gemeente.goto(voortgang)
    gemeente.get_by_label("Peilmoment", exact=True).select_option("december")
    gemeente.get_by_label("Uiterste meldingsdatum").fill("2025-12-15")
    gemeente.get_by_role("button", name="Peilmoment openen").click()
    gemeente.wait_for_load_state()
    assert gemeente.get_by_role("heading", level=1).inner_text() == "December 2025"
    assert gemeente.get_by_text("Het peilmoment December 2025 is geopend.").is_visible()
    pagina = gemeente.url.split("#")[0]

    # WSN reports A1 as gereed with 40 woningen and a PDF.
    wsn = _als(browser, live_server, "adviseur.wsn")
    wsn.goto(pagina)
    uw = wsn.locator("#uw-meldingen").locator("..")
    uw.get_by_role("link", name="Melden A1").click()
    wsn.wait_for_load_state()
    assert wsn.get_by_text("Doel: 40 woningen.").is_visible()
    wsn.get_by_label("vertraagd (toelichting verplicht)").check()
    wsn.get_by_role("button", name="Melding opslaan").click()
    wsn.wait_for_load_state()
    assert wsn.get_by_role("alert").get_by_text("toelichting verplicht").first.is_visible()
    assert run_axe(wsn) == []
    wsn.get_by_label("gereed", exact=True).check()
    wsn.get_by_label("Toelichting", exact=True).fill("Alle woningen opgeleverd.")
    wsn.get_by_label("Gerealiseerd", exact=True).fill("40")
    bestand = tmp_path / "oplevering.pdf"
    bestand.write_bytes(PDF)
    wsn.get_by_label("Bewijsstuk toevoegen (mag leeg)").set_input_files(str(bestand))
    wsn.get_by_role("button", name="Melding opslaan").click()
    wsn.wait_for_load_state()
    assert wsn.get_by_text(
        "De voortgang van A1 bij December 2025 is opgeslagen: gereed."
    ).is_visible()
    assert wsn.get_by_role("link", name="oplevering.pdf").first.is_visible()

    # The gemeente sees who is missing and reminds de Alliantie.
    gemeente.goto(pagina)
    rij = gemeente.locator("#volledigheid").locator("..").get_by_role("row", name="Woningstichting")
    assert "gemeld 1 van 1" in rij.inner_text()
    gemeente.get_by_role("button", name="Herinner de Alliantie").click()
    gemeente.wait_for_load_state()
    assert gemeente.get_by_text("Herinnering verstuurd aan").is_visible()
    assert run_axe(gemeente) == []
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["medewerker.alliantie@example.org"]
    assert "A3 Huurdersavonden" in mail.outbox[0].body

    # The gemeente reports its own A2 through the Excel template.
    gemeente.goto(pagina)
    with gemeente.expect_download() as download:
        gemeente.get_by_role("link", name="de jaarschijf als Excel").click()
    sjabloon = tmp_path / "jaarschijf-2025.xlsx"
    download.value.save_as(sjabloon)
    werkmap = openpyxl.load_workbook(sjabloon)
    blad = werkmap["Activiteiten"]
    kop_rij = next(r for r in blad.iter_rows() if r[0].value == "Code")
    kolom = {cel.value: cel.column for cel in kop_rij}
    rij_a2 = next(
        r[0].row for r in blad.iter_rows(min_row=kop_rij[0].row + 1) if r[0].value == "A2"
    )
    blad.cell(rij_a2, kolom["Status December 2025"]).value = "vertraagd"
    blad.cell(rij_a2, kolom["Toelichting December 2025"]).value = "Inspraak duurt langer."
    werkmap.save(sjabloon)
    gemeente.get_by_role("link", name="importeer het bestand").click()
    gemeente.wait_for_load_state()
    gemeente.get_by_label("Bestand").set_input_files(str(sjabloon))
    gemeente.get_by_role("button", name="Importeren").click()
    gemeente.wait_for_load_state()
    assert gemeente.get_by_role("status").get_by_text("Geïmporteerd.").is_visible()
    assert run_axe(gemeente) == []
    gemeente.goto(pagina)
    rij = gemeente.locator("#volledigheid").locator("..").get_by_role("row", name="Gemeente")
    assert "gemeld 1 van 1" in rij.inner_text()

    # The tenants react on A1 and give their advies.
    hon = _als(browser, live_server, "secretaris.hon")
    hon.goto(pagina)
    hon.get_by_text("Reageren op A1").first.click()
    hon.get_by_label("Reactie op A1").first.fill("Goed nieuws voor de woningzoekenden.")
    hon.get_by_role("button", name="Reactie plaatsen bij A1").first.click()
    hon.wait_for_load_state()
    assert hon.get_by_text("Goed nieuws voor de woningzoekenden.").first.is_visible()
    assert run_axe(hon) == []
    hbva = _als(browser, live_server, "voorzitter.hbva")
    hbva.goto(pagina)
    hbva.get_by_label("Advies", exact=True).fill("Wij adviseren de huurdersavonden te versnellen.")
    hbva.get_by_role("button", name="Advies opslaan").click()
    hbva.wait_for_load_state()
    advies = hbva.get_by_role("article").get_by_text(
        "Wij adviseren de huurdersavonden te versnellen."
    )
    assert advies.is_visible()

    # The gemeente closes it: frozen.
    gemeente.goto(pagina)
    gemeente.get_by_role("link", name="Peilmoment sluiten…").click()
    gemeente.wait_for_load_state()
    assert gemeente.get_by_text("Sluiten bevriest het peilmoment.").is_visible()
    gemeente.get_by_role("button", name="Peilmoment sluiten").click()
    gemeente.wait_for_load_state()
    assert gemeente.get_by_text("Vink aan dat u het peilmoment wilt sluiten.").first.is_visible()
    assert run_axe(gemeente) == []
    gemeente.get_by_label("Ik begrijp dat de meldingen").check()
    gemeente.get_by_role("button", name="Peilmoment sluiten").click()
    gemeente.wait_for_load_state()
    assert gemeente.get_by_text("Dit peilmoment is gesloten").is_visible()
    december = Peilmoment.objects.get(jaarschijf__kader=kader, soort="december")
    assert december.is_gesloten
    statussen = dict(
        Voortgang.objects.filter(peilmoment=december).values_list("activiteit__nummer", "status")
    )
    assert statussen == {1: "gereed", 2: "vertraagd", 3: "niet_gemeld"}
    assert Reactie.objects.filter(peilmoment=december).count() == 1
    assert Advies.objects.get(peilmoment=december).organisatie.slug == "hbva"

    # WSN can no longer change its report.
    wsn.goto(pagina.rstrip("/") + "/activiteit/1/melden/")
    assert wsn.get_by_text("is gesloten; wat toen gemeld is, verandert niet meer").is_visible()
    assert wsn.get_by_role("button", name="Melding opslaan").count() == 0

    # ... and compares it with June.
    gemeente.get_by_role("link", name="Wat veranderde sinds Juni 2025").click()
    gemeente.wait_for_load_state()
    gewijzigd = gemeente.locator("#gewijzigd").locator("..")
    rij = gewijzigd.get_by_role("row", name="A1 Nieuwbouw sociale huur")
    assert "aandacht nodig" in rij.inner_text() and "gereed" in rij.inner_text()
    assert run_axe(gemeente) == []

    # The same pages on a phone: no violations, no sideways scrolling.
    for bezoeker, url in (
        (gemeente, gemeente.url),
        (gemeente, pagina),
        (wsn, pagina.rstrip("/") + "/activiteit/1/melden/"),
        (hbva, pagina),
    ):
        bezoeker.set_viewport_size({"width": 390, "height": 844})
        bezoeker.goto(url)
        assert run_axe(bezoeker) == [], url
        breedte = bezoeker.evaluate("document.documentElement.scrollWidth")
        assert breedte <= 390, f"{url} scrolt zijwaarts ({breedte} px)"
