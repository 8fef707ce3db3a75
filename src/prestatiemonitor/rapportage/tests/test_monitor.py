"""The public monitor (/afspraken/<kader>/monitor/) and its open data on the Nijkerk demo
(``demo-nijkerk``: June and December 2025 closed, June 2026 open), built once for this module.

The page shows the openbaar report content of the last closed public peilmoment, the same
figures as the selectors and the other pages, every figure linked to the records behind it;
the open data (JSON, ZIP of CSV) holds the same figures, validates against its schemas and
holds nothing that is not public."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from jsonschema import Draft202012Validator

from prestatiemonitor.jaarschijven import selectors as jaarschijf_selectors
from prestatiemonitor.jaarschijven.constants import ROLLUP_REGEL
from prestatiemonitor.jaarschijven.models import Peilmoment
from prestatiemonitor.rapportage.inhoud import (
    OPENBAAR,
    STAND_VOLGORDE,
    STATUS_VOLGORDE,
    rapportinhoud,
)

KADER = "nijkerk-2025-2027"
DOCS = Path(__file__).resolve().parents[4] / "docs"
# Non-public strings of the demo (see test_rapportage.py): a vertrouwelijk planmonitor project
# and the decision of June 2025 that the gemeente did not publish.
VERTROUWELIJK_PROJECT = "Verbouwing Kerkstraat"
NIET_OPENBAAR_BESLUIT = "de stand van zaken over het eerste halfjaar 2025 is besproken"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from prestatiemonitor.planmonitor.tests.factories import eenmalig

    with eenmalig(django_db_blocker):
        call_command("demo-nijkerk", stdout=io.StringIO())
        yield


@pytest.fixture
def wereld(demo, db):
    return demo


def _pagina(client, **query):
    return client.get(reverse("monitor:pagina", args=[KADER]), query)


def _opendata(client, formaat, code="2025-12"):
    return client.get(
        reverse("monitor:opendata", kwargs={"kader": KADER, "code": code, "formaat": formaat})
    )


def _validator(naam: str) -> Draft202012Validator:
    schema = json.loads((DOCS / naam).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


# ---------------------------------------------------------------------------------------------
# The page


def test_public_sees_the_last_closed_peilmoment_with_the_selectors_figures(wereld, client):
    response = _pagina(client)
    assert response.status_code == 200
    inhoud = response.context["r"]
    assert (inhoud.peilmoment_code, inhoud.variant) == ("2025-12", OPENBAAR)
    # The figures are those of standen for December 2025 (what the dashboard shows).
    peilmoment = Peilmoment.objects.get(
        jaarschijf__kader__slug=KADER, jaarschijf__jaar=2025, soort="december"
    )
    themas = jaarschijf_selectors.standen(jaarschijf=peilmoment.jaarschijf, peilmoment=peilmoment)
    assert [[c.aantal for c in r.cellen] for r in response.context["afspraak_rijen"]] == [
        [t.per_stand.get(s, 0) for s in STAND_VOLGORDE] for t in themas
    ]
    assert [[c.aantal for c in r.cellen] for r in response.context["activiteit_rijen"]] == [
        [t.activiteiten_per_status.get(s, 0) for s in STATUS_VOLGORDE] for t in themas
    ]
    totaal = response.context["afspraak_totaal"]
    assert [c.aantal for c in totaal.cellen] == [15, 2, 5, 4, 0, 3]
    assert totaal.totaal.aantal == 29
    html = response.content.decode()
    assert str(ROLLUP_REGEL) in html
    assert 'role="img"' in html  # the chart, inline SVG, with the table as its data
    assert "Juni 2026" not in html  # the open peilmoment does not exist for the public
    assert VERTROUWELIJK_PROJECT not in html


def test_every_figure_links_to_the_records_behind_it(wereld, client):
    response = _pagina(client)
    html = response.content.decode()
    dashboard = reverse("jaarschijven:dashboard", args=[KADER, 2025])
    # Afspraken of theme 1 that are vertraagd: the dashboard's list of them.
    assert f'href="{dashboard}?peilmoment=2025-12#thema-1-vertraagd"' in html
    # Activities of theme 1 that are vertraagd: the peilmoment page, filtered.
    rij = response.context["activiteit_rijen"][0]
    vertraagd = next(c for c in rij.cellen if c.kolom == "vertraagd")
    assert vertraagd.url == (
        reverse("jaarschijven:peilmoment", args=[KADER, "2025-12"]) + "?thema=1&status=vertraagd"
    )
    assert client.get(vertraagd.url).status_code == 200
    # Tabel 1, WSN, nieuwbouw 526: the planmonitor's drill-down of that cell in round Najaar 2025.
    tabel1 = response.context["planmonitor"]["tabellen"][0]
    partij, cellen, _ = tabel1["rijen"][0]
    assert (partij, cellen[0].aantal) == ("WSN", 526)
    cel = client.get(cellen[0].url)
    assert cel.status_code == 200
    assert cel.request["PATH_INFO"] == reverse("planmonitor:cel", args=[KADER])
    # An empty cell (no records) has no link.
    assert cellen[1].aantal is None and cellen[1].url == ""
    # Norms, indicators and decisions link to their pages; each answers the public.
    assert response.context["normen_url"].startswith(reverse("normen:overzicht", args=[KADER]))
    groepen = {g["naam"]: g for g in response.context["beschikbaarheid"]}
    urgent = groepen["Aandeel urgent (afspraak 9)"]
    assert urgent["url"] == (
        reverse("woonruimte:monitor", args=[KADER, 2025]) + "?stand=jaar#urgent-kop"
    )
    for url in (
        response.context["normen_url"],
        urgent["url"],
        response.context["besluiten_url"],
        response.context["planmonitor"]["overzicht"],
    ):
        assert client.get(url).status_code == 200, url
    # Each afspraak in "stand per afspraak" links to its register page.
    assert f'href="{reverse("afspraken:afspraak", args=[KADER, "1"])}"' in html


def test_small_numbers_are_suppressed_as_in_the_report(wereld, client):
    response = _pagina(client)
    groepen = {g["naam"]: g for g in response.context["beschikbaarheid"]}
    statushouders = {
        (i.onderwerp, i.periode): i
        for i in groepen["Statushouders in personen (afspraak 10)"]["rijen"]
    }
    alliantie = statushouders[("de Alliantie", "jaar")]
    assert alliantie.onderdrukt and alliantie.waarde is None
    assert statushouders[("WSN", "jaar")].waarde == 54
    # The gemeente's total is not small (WSN alone housed 54) but would give de Alliantie's
    # small count away: "×", as on the beschikbaarheid page, not "< 5".
    assert statushouders[("gemeente", "jaar")].onderdrukt_als == "×"
    html = response.content.decode()
    assert "&lt; 5" in html and "×" in html
    # Spreiding: shares only; counts per area would let a suppressed one be recomputed.
    spreiding = groepen["Spreiding aandachtsgroepen over kernen en buurten (afspraak 9)"]["rijen"]
    assert spreiding and all(i.teller is None and i.noemer is None for i in spreiding)


def test_percentages_are_rounded_as_on_the_source_pages():
    from decimal import Decimal

    from prestatiemonitor.rapportage.templatetags.rapport_tags import procent

    assert procent(Decimal("0.2698")) == "27,0\u00a0%"  # cut off it was 26,9
    assert procent(Decimal("0.35")) == "35,0\u00a0%"  # the same decimals in one column
    assert procent(Decimal("0.12345"), 0) == "12\u00a0%"
    assert procent(None) == ""


def test_an_earlier_closed_peilmoment_and_an_open_one_asked_for(wereld, client):
    juni = _pagina(client, peilmoment="2025-06")
    assert juni.context["r"].peilmoment_code == "2025-06"
    assert not juni.context["gevraagd_niet_openbaar"]
    # The open June 2026 does not exist for the public: the last closed one, with a note.
    open_ = _pagina(client, peilmoment="2026-06")
    assert open_.context["r"].peilmoment_code == "2025-12"
    assert open_.context["gevraagd_niet_openbaar"]
    assert "niet openbaar of nog niet gesloten" in open_.content.decode()


def test_logged_in_party_member_sees_the_same_public_content_with_a_note(wereld, client):
    publiek = _pagina(client)
    client.force_login(get_user_model().objects.get(username="beleid.nijkerk"))
    response = _pagina(client)
    assert response.status_code == 200
    assert response.context["r"].peilmoment_code == "2025-12"  # not the open June 2026
    assert [[c.aantal for c in r.cellen] for r in response.context["afspraak_rijen"]] == [
        [c.aantal for c in r.cellen] for r in publiek.context["afspraak_rijen"]
    ]
    html = response.content.decode()
    assert "dit is de <strong>openbare</strong> monitor" in html
    assert VERTROUWELIJK_PROJECT not in html


def test_public_report_downloads_are_listed(wereld, client, settings, tmp_path):
    from prestatiemonitor.organisaties.permissions import SYSTEEM
    from prestatiemonitor.rapportage.tests.factories import maak_rapport

    settings.BIJLAGEN_ROOT = tmp_path / "bijlagen"
    december = Peilmoment.objects.get(
        jaarschijf__kader__slug=KADER, jaarschijf__jaar=2025, soort="december"
    )
    openbaar = maak_rapport(peilmoment=december, variant="openbaar", acting_user=SYSTEEM)
    volledig = maak_rapport(peilmoment=december, variant="volledig", acting_user=SYSTEEM)
    html = _pagina(client).content.decode()
    pdf = reverse("rapportage:download", args=[KADER, openbaar.pk, "pdf"])
    assert f'href="{pdf}"' in html
    assert client.get(pdf).status_code == 200
    assert f"/{volledig.pk}.pdf" not in html
    assert f'href="{reverse("monitor:opendata", args=[KADER, "2025-12", "json"])}"' in html


def test_unpublished_kader_is_404_to_the_public_and_says_so_to_a_party(wereld, client):
    from prestatiemonitor.afspraken.models import Afsprakenkader

    Afsprakenkader.objects.filter(slug=KADER).update(gepubliceerd=False)
    assert _pagina(client).status_code == 404
    assert _opendata(client, "json").status_code == 404
    client.force_login(get_user_model().objects.get(username="beleid.nijkerk"))
    response = _pagina(client)
    assert response.status_code == 200
    assert "nog niet gepubliceerd" in response.content.decode()
    assert _opendata(client, "json").status_code == 404  # open data only of what is public


def test_kader_without_a_closed_peilmoment_says_so(db, client):
    from prestatiemonitor.afspraken.tests.factories import maak_kader

    kader = maak_kader(gepubliceerd=True).kader
    response = client.get(reverse("monitor:pagina", args=[kader.slug]))
    assert response.status_code == 200
    assert "Er is nog geen gesloten peilmoment" in response.content.decode()


def test_kader_page_and_menu_link_to_the_monitor(wereld, client):
    url = reverse("monitor:pagina", args=[KADER])
    assert f'href="{url}"' in client.get(reverse("afspraken:kader", args=[KADER])).content.decode()
    assert f'href="{url}"' in client.get(reverse("home")).content.decode()


# ---------------------------------------------------------------------------------------------
# Open data


def test_json_validates_and_holds_the_report_figures(wereld, client):
    response = _opendata(client, "json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "monitor-nijkerk-2025-2027-2025-12.json" in response["Content-Disposition"]
    data = json.loads(response.content)
    fouten = [
        f"{list(e.absolute_path)}: {e.message}"
        for e in _validator("open-data-monitor.schema.json").iter_errors(data)
    ]
    assert fouten == []
    inhoud = rapportinhoud(kader_slug=KADER, peilmoment_code="2025-12", variant=OPENBAAR)
    assert data["peilmoment"]["code"] == "2025-12"
    assert data["peilmoment"]["vorig"] == "Juni 2025"
    assert data["totaal"] == {
        "afspraken": 29,
        "afspraken_per_stand": {
            "gereed": 15,
            "op_schema": 2,
            "aandacht_nodig": 5,
            "vertraagd": 4,
            "niet_gestart": 0,
            "geen_activiteit": 3,
        },
    }
    assert [t["afspraken_per_stand"] for t in data["themas"]] == [
        t.afspraken_per_stand for t in inhoud.themastanden
    ]
    tabel1 = data["planmonitor"]["tabellen"][0]
    assert data["planmonitor"]["peiling"] == "Najaar 2025"
    assert tabel1["rijen"][0] == {
        "partij": "WSN",
        "totaal": False,
        "waarden": [526, None, -125, 401, 215],
    }
    statushouders = {
        (i["onderwerp"], i["periode"]): i
        for i in data["indicatoren"]
        if i["indicator"] == "statushouders"
    }
    assert statushouders[("de Alliantie", "jaar")]["waarde"] is None  # < 5, suppressed
    assert statushouders[("de Alliantie", "jaar")]["onderdrukt"] is True
    assert statushouders[("de Alliantie", "jaar")]["grens"] == 13.3
    assert statushouders[("WSN", "jaar")]["waarde"] == 54
    urgent = next(
        i
        for i in data["indicatoren"]
        if i["indicator"] == "urgent_aandeel" and i["onderwerp"] == "WSN"
    )
    assert (urgent["waarde"], urgent["teller"], urgent["noemer"]) == (0.2698, 68, 252)
    sociaal = next(n for n in data["normen"] if n["code"] == "afspraak-3-sociaal-aandeel")
    assert sociaal["per_uitkomst"] == {
        "voldoet": 10,
        "waarschuwing": 1,
        "voldoet_niet": 1,
        "afwijking": 0,
    }
    assert sociaal["ergste"] == "voldoet_niet"
    assert VERTROUWELIJK_PROJECT not in response.content.decode()


def test_json_of_june_2025_holds_no_unpublished_decision(wereld, client):
    from prestatiemonitor.rapportage.inhoud import VOLLEDIG

    volledig = rapportinhoud(kader_slug=KADER, peilmoment_code="2025-06", variant=VOLLEDIG)
    assert NIET_OPENBAAR_BESLUIT in volledig.besluiten[0].tekst  # the string is there to find
    response = _opendata(client, "json", code="2025-06")
    assert response.status_code == 200
    assert NIET_OPENBAAR_BESLUIT not in response.content.decode()
    assert json.loads(response.content)["besluiten"] == []


def _csv_bestanden(response) -> dict[str, list[dict[str, str]]]:
    archief = zipfile.ZipFile(io.BytesIO(response.content))
    bestanden = {}
    for naam in archief.namelist():
        with archief.open(naam) as f:
            tekst = io.TextIOWrapper(f, encoding="utf-8-sig", newline="")
            bestanden[naam] = list(csv.DictReader(tekst, delimiter=";"))
    return bestanden


def test_csv_zip_has_one_file_per_section_with_the_demo_values(wereld, client):
    response = _opendata(client, "csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "monitor-nijkerk-2025-2027-2025-12.csv.zip" in response["Content-Disposition"]
    bestanden = _csv_bestanden(response)
    assert sorted(bestanden) == [
        "activiteiten.csv",
        "afspraken.csv",
        "besluiten.csv",
        "indicatoren.csv",
        "normen.csv",
        "peilmoment.csv",
        "tabel-1-2.csv",
        "themas.csv",
    ]
    # Every row matches the CSV schema, and the columns are in the schema's order.
    schema = json.loads((DOCS / "open-data-monitor-csv.schema.json").read_text(encoding="utf-8"))
    validator = _validator("open-data-monitor-csv.schema.json")
    archief = zipfile.ZipFile(io.BytesIO(response.content))
    for naam, rijen in bestanden.items():
        regel = archief.read(naam).decode("utf-8-sig").splitlines()[0]
        assert regel.split(";") == schema["$defs"][naam]["required"], naam
        for rij in rijen:
            fouten = list(validator.evolve(schema=schema["$defs"][naam]).iter_errors(rij))
            assert fouten == [], (naam, rij, [f.message for f in fouten])
    assert bestanden["peilmoment.csv"][0]["Code"] == "2025-12"
    thema1 = bestanden["themas.csv"][0]
    assert (thema1["Themanummer"], thema1["Stand"], thema1["Afspraken vertraagd"]) == (
        "1",
        "vertraagd",
        "2",
    )
    wsn = {
        r["Kolom"]: r["Waarde"]
        for r in bestanden["tabel-1-2.csv"]
        if r["Tabel"] == "1" and r["Partij"] == "WSN"
    }
    assert wsn == {
        "nieuwbouw": "526",
        "sloop_overheveling": "",
        "verkoop": "-125",
        "netto": "401",
        "doorkijk": "215",
    }
    alliantie = next(
        r
        for r in bestanden["indicatoren.csv"]
        if r["Indicator"] == "statushouders"
        and r["Onderwerp"] == "de Alliantie"
        and r["Periode"] == "jaar"
    )
    assert (alliantie["Waarde"], alliantie["Onderdrukt"], alliantie["Grens"]) == ("", "ja", "13.3")
    urgent = next(
        r
        for r in bestanden["indicatoren.csv"]
        if r["Indicator"] == "urgent_aandeel" and r["Onderwerp"] == "WSN"
    )
    assert urgent["Waarde"] == "0.2698"
    a1 = next(r for r in bestanden["activiteiten.csv"] if r["Activiteit"] == "A1")
    assert (a1["Afspraak"], a1["Status"]) == ("1", "vertraagd")
    alles = b"".join(archief.read(n) for n in archief.namelist()).decode("utf-8-sig")
    assert VERTROUWELIJK_PROJECT not in alles


def test_open_data_only_of_a_closed_public_peilmoment_in_a_known_format(wereld, client):
    assert _opendata(client, "json", code="2026-06").status_code == 404  # open
    assert _opendata(client, "json", code="2024-12").status_code == 404  # none
    assert _opendata(client, "xml").status_code == 404
