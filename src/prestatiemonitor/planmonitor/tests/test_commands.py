"""The planmonitor's command-line tools: importeer-plannen, prognose, normen."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from prestatiemonitor.planmonitor.models import Bouwproject, Peiling, Voorraadmutatie
from prestatiemonitor.planmonitor.tests.test_uitwisseling import (
    MUTATIE,
    NIEUW,
    export,
    werkmap,
)


@pytest.fixture
def demo(demo_gedeeld):
    """The demo planmonitor, built once for this module (conftest.py)."""
    return demo_gedeeld


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


# ---------------------------------------------------------------------------------------------
# importeer-plannen


def test_importeer_plannen_prints_a_summary(demo, tmp_path):
    pad = tmp_path / "plannen.xlsx"
    pad.write_bytes(werkmap(projecten=[NIEUW], mutaties=[MUTATIE]))
    out, _ = run("importeer-plannen", str(pad), "--kader", demo.slug)
    assert out.strip() == (
        f"Planmonitor {demo.slug}: projecten: 1 nieuw, 0 gewijzigd, 0 ongewijzigd; mutaties: "
        "1 nieuw, 0 gewijzigd, 0 ongewijzigd."
    )
    assert Bouwproject.objects.filter(projectcode="WSN-09").exists()


def test_importeer_plannen_reimporting_the_export_changes_nothing(demo, tmp_path):
    pad = tmp_path / "planmonitor.xlsx"
    pad.write_bytes(export(demo))
    out, _ = run("importeer-plannen", str(pad), "--kader", demo.slug)
    assert "projecten: 0 nieuw, 0 gewijzigd, 13 ongewijzigd" in out
    assert "mutaties: 0 nieuw, 0 gewijzigd, 8 ongewijzigd" in out


def test_importeer_plannen_lists_every_error_and_writes_nothing(demo, tmp_path):
    pad = tmp_path / "plannen.csv"
    pad.write_text(
        "Corporatie;Jaar;Soort;Segment;Aantal;Status;Toelichting\r\n"
        "WSN;2026;sloop;sociale huur;3;gepland;\r\n"
        "WSN;2026;sloop;sociale huur;-3;gepland;\r\n"
        "HON;1999;sloop;sociale huur;3;gepland;\r\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as exc:
        run("importeer-plannen", str(pad), "--kader", demo.slug)
    assert str(exc.value).splitlines() == [
        "Import geweigerd (3 fouten); er is niets opgeslagen.",
        "blad Mutaties, rij 3, kolom E (Aantal): het aantal moet een heel getal groter dan 0 "
        "zijn (nu: -3).",
        "blad Mutaties, rij 4, kolom A (Corporatie): HON is geen corporatie; mutaties horen "
        "bij een corporatie (WSN, de Alliantie).",
        "blad Mutaties, rij 4, kolom B (Jaar): het jaar 1999 ligt niet tussen 2000 en 2100.",
    ]
    assert not Voorraadmutatie.objects.filter(soort="sloop").exists()


def test_importeer_plannen_als_a_corporation_user(demo, leden, tmp_path):
    pad = tmp_path / "plannen.xlsx"
    pad.write_bytes(werkmap(mutaties=[{**MUTATIE, "Corporatie": "de Alliantie"}]))
    with pytest.raises(CommandError) as exc:
        run("importeer-plannen", str(pad), "--kader", demo.slug, "--als", leden["wsn"].username)
    assert str(exc.value).splitlines()[1] == (
        "blad Mutaties, rij 2, kolom A (Corporatie): u mag de mutaties van de Alliantie niet "
        "vastleggen; dat doet de Alliantie zelf of de gemeente."
    )
    with pytest.raises(CommandError, match="U mag de planmonitor van dit kader niet bewerken"):
        run(
            "importeer-plannen",
            str(pad),
            "--kader",
            demo.slug,
            "--als",
            leden["hon_lezer"].username,
        )
    with pytest.raises(CommandError, match="Gebruiker 'niemand' bestaat niet"):
        run("importeer-plannen", str(pad), "--kader", demo.slug, "--als", "niemand")


def test_importeer_plannen_unreadable_path(demo, tmp_path):
    with pytest.raises(CommandError, match="het bestand kan niet worden gelezen"):
        run("importeer-plannen", str(tmp_path / "weg.xlsx"), "--kader", demo.slug)


# ---------------------------------------------------------------------------------------------
# prognose


def test_prognose_json_reproduces_the_documents_figures_per_corporation(demo):
    out, _ = run("prognose", "--kader", demo.slug, "--formaat", "json")
    data = json.loads(out)
    assert data["periode"] == {"van": 2025, "tot": 2027, "doorkijk_tot": 2030}
    wsn, alliantie = data["tabel1"]["rijen"]
    assert wsn == {
        "partij": "WSN",
        "nieuwbouw": 526,
        "sloop_overheveling": None,
        "verkoop": -125,
        "aankoop": None,
        "overig": None,
        "netto": 401,
        "doorkijk": 215,
    }
    assert alliantie["doorkijk"] is None
    assert data["tabel1"]["totaal"]["sloop_overheveling"] == -6
    assert data["tabel1"]["totaal"]["netto"] == 415
    assert data["tabel2"]["totaal"]["doorkijk"] == 8
    assert data["tabel2"]["totaal"]["verkoop"] is None
    # null, not 0, in the text itself
    assert '"sloop_overheveling": null' in out


def test_prognose_of_a_round_and_another_period(demo):
    eerste = Peiling.objects.filter(kader=demo).order_by("peildatum").first()
    out, _ = run(
        "prognose",
        "--kader",
        demo.slug,
        "--formaat",
        "json",
        "--peiling",
        str(eerste.pk),
        "--van",
        "2026",
        "--tot",
        "2026",
        "--doorkijk-tot",
        "2027",
    )
    data = json.loads(out)
    assert data["periode"] == {"van": 2026, "tot": 2026, "doorkijk_tot": 2027}
    # As of the first round Oosterholt (80) still delivered in 2026.
    assert data["tabel1"]["totaal"]["nieuwbouw"] == 120 + 106 + 80 + 30


def test_prognose_refuses_a_round_of_another_kader_and_a_wrong_period(demo):
    with pytest.raises(CommandError, match=r"Peiling 99999 hoort niet bij"):
        run("prognose", "--kader", demo.slug, "--formaat", "json", "--peiling", "99999")
    with pytest.raises(CommandError, match="het eindjaar ligt vóór het beginjaar"):
        run("prognose", "--kader", demo.slug, "--formaat", "json", "--van", "2027", "--tot", "2025")
    with pytest.raises(CommandError, match="Geen afsprakenkader 'elders'"):
        run("prognose", "--kader", "elders", "--formaat", "json")


def test_prognose_xlsx_needs_an_output_file(demo, tmp_path):
    with pytest.raises(CommandError, match="geef --uitvoer PAD"):
        run("prognose", "--kader", demo.slug, "--formaat", "xlsx")
    pad = tmp_path / "prognose.xlsx"
    _, err = run("prognose", "--kader", demo.slug, "--formaat", "xlsx", "--uitvoer", str(pad))
    assert err.startswith(f"Prognose geschreven naar {pad}")
    rijen = list(load_workbook(pad)["Tabel 1"].iter_rows(values_only=True))
    assert rijen[2] == ("WSN", 526, None, -125, 401, 215)


# ---------------------------------------------------------------------------------------------
# normen


def test_normen_json_lists_every_result(demo):
    out, _ = run("normen", "--kader", demo.slug, "--formaat", "json")
    data = json.loads(out)
    per = {(u["norm"], u["onderwerp"]): u for u in data}
    mp02 = per[("afspraak-3-sociaal-aandeel", "MP-02")]
    assert {k: mp02[k] for k in ("norm", "afspraak", "onderwerp", "uitkomst", "waarde")} == {
        "norm": "afspraak-3-sociaal-aandeel",
        "afspraak": "3",
        "onderwerp": "MP-02",
        "uitkomst": "voldoet_niet",
        "waarde": 5,
    }
    assert mp02["grens"] == 35
    assert mp02["eenheid"] == "%"
    alliantie = per[("afspraak-3-sociaal-aandeel", "ALL-01")]
    assert (alliantie["waarde"], alliantie["uitleg"]) == (
        83.3,
        "30 van 36 woningen sociaal (83,3 %): 30 sociale huur. De norm is ten minste 35,0 %.",
    )
    assert per[("afspraak-1-middenhuur", "WSN-05")]["uitkomst"] == "afwijking"
    netto = per[("ambitie-1-netto-sociale-huur", "2025")]
    assert (netto["afspraak"], netto["uitkomst"], netto["waarde"]) == (None, "waarschuwing", 25)
    assert {u["uitkomst"] for u in data} <= {"voldoet", "waarschuwing", "voldoet_niet", "afwijking"}
    assert set(data[0]) == {
        "norm",
        "naam",
        "afspraak",
        "bron",
        "onderwerp",
        "uitkomst",
        "waarde",
        "grens",
        "eenheid",
        "informatief",
        "uitleg",
    }


def test_normen_of_a_round(demo):
    eerste = Peiling.objects.filter(kader=demo).order_by("peildatum").first()
    out, _ = run("normen", "--kader", demo.slug, "--formaat", "json", "--peiling", str(eerste.pk))
    per = {(u["norm"], u["onderwerp"]): u for u in json.loads(out)}
    # Oosterholt (80 sociale huur) still delivered in 2026 in the first round: 213 + 80 then.
    assert per[("ambitie-1-netto-sociale-huur", "2026")]["waarde"] == 293
    assert per[("ambitie-1-netto-sociale-huur", "2027")]["waarde"] == 97
    with pytest.raises(CommandError, match="hoort niet bij"):
        run("normen", "--kader", demo.slug, "--formaat", "json", "--peiling", "99999")
