"""Excel and CSV in and out of the planmonitor (planmonitor/uitwisseling.py): the export is the
template, a round trip changes nothing, every error is named with sheet, row and column and
nothing is written, a corporation imports only its own rows."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from prestatiemonitor.audit.models import AuditRecord
from prestatiemonitor.organisaties.permissions import SYSTEEM
from prestatiemonitor.planmonitor import selectors, services, uitwisseling
from prestatiemonitor.planmonitor.models import Bouwproject, ProjectVertraging, Voorraadmutatie
from prestatiemonitor.planmonitor.uitwisseling import (
    MUTATIE_KOLOMMEN,
    PROJECT_KOLOMMEN,
    ImportFouten,
    importeren,
)


# A valid new project, by column (the sheet's order is PROJECT_KOLOMMEN).
@pytest.fixture
def demo(demo_gedeeld):
    """The demo planmonitor, built once for this module (conftest.py)."""
    return demo_gedeeld


NIEUW = {
    "Projectcode": "WSN-09",
    "Naam": "Het Hooge Veld",
    "Kern": "Nijkerk",
    "Eigenaar": "WSN",
    "Soort eigenaar": "corporatie",
    "Hardheid": "1B",
    "Fase": "vergunning verleend",
    "Oplevering": "2026-Q3",
    "Sociale huur": 20,
    "Middenhuur": 4,
    "Vrije sector huur": 0,
    "Sociale koop": 0,
    "Betaalbare koop": 0,
    "Vrije sector koop": 0,
    "Totaal": 24,
    "Instandhoudingstermijn": None,
    "Toelichting": "Nieuw via de import.",
}
MUTATIE = {
    "Corporatie": "WSN",
    "Jaar": 2026,
    "Soort": "sloop",
    "Segment": "sociale huur",
    "Aantal": 12,
    "Status": "gepland",
    "Toelichting": "",
}


def werkmap(projecten=None, mutaties=None) -> bytes:
    """An XLSX with the sheets given (lists of dicts by column title)."""
    wb = Workbook()
    wb.remove(wb.active)
    for naam, kolommen, rijen in (
        ("Projecten", PROJECT_KOLOMMEN, projecten),
        ("Mutaties", MUTATIE_KOLOMMEN, mutaties),
    ):
        if rijen is None:
            continue
        blad = wb.create_sheet(naam)
        blad.append(list(kolommen))
        for rij in rijen:
            blad.append([rij.get(k) for k in kolommen])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def export(kader, user=SYSTEEM) -> bytes:
    return uitwisseling.planmonitor_xlsx(kader=kader, user=user)


def bewerk(data: bytes, wijzig) -> bytes:
    """The workbook with ``wijzig(workbook)`` applied."""
    wb = load_workbook(io.BytesIO(data))
    wijzig(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def rij_van(blad, code: str) -> int:
    for cel in blad["A"]:
        if cel.value == code:
            return cel.row
    raise AssertionError(code)


def zet(blad, code: str, kolom: str, waarde) -> None:
    blad.cell(row=rij_van(blad, code), column=PROJECT_KOLOMMEN.index(kolom) + 1, value=waarde)


def tellingen() -> tuple[int, int, int, int, int]:
    return (
        Bouwproject.objects.count(),
        Bouwproject.history.count(),
        Voorraadmutatie.objects.count(),
        Voorraadmutatie.history.count(),
        AuditRecord.objects.count(),
    )


def tabel1(kader) -> dict:
    data = selectors.prognose(selectors.Bron(kader, None, False), selectors.periode(kader))
    return {r["partij"]: r for r in data.als_json()["tabel1"]["rijen"]}


def importeer(kader, data, user=SYSTEEM, naam="planmonitor.xlsx"):
    return importeren(kader=kader, data=data, bestandsnaam=naam, acting_user=user)


def fouten(kader, data, user=SYSTEEM, naam="planmonitor.xlsx") -> list[str]:
    voor = tellingen()
    with pytest.raises(ImportFouten) as exc:
        importeer(kader, data, user, naam)
    assert tellingen() == voor, "nothing may be written when any row fails"
    return exc.value.meldingen


# ---------------------------------------------------------------------------------------------
# Round trip and idempotence


def test_export_has_both_sheets_with_the_formats_headers_and_the_demo_rows(demo):
    wb = load_workbook(io.BytesIO(export(demo)))
    assert wb.sheetnames == ["Projecten", "Mutaties", "Versies"]
    assert wb["Versies"].sheet_state == "hidden"
    projecten = list(wb["Projecten"].iter_rows(values_only=True))
    assert projecten[0] == PROJECT_KOLOMMEN
    per_code = {r[0]: dict(zip(PROJECT_KOLOMMEN, r, strict=True)) for r in projecten[1:]}
    assert len(per_code) == 13
    assert per_code["WSN-03"] == {
        "Projectcode": "WSN-03",
        "Naam": "Doornsteeg deelplan 3 (voorbeeld)",
        "Kern": "Nijkerk",
        "Eigenaar": "WSN",
        "Soort eigenaar": "corporatie",
        "Hardheid": "2A",
        "Fase": "in aanbouw",
        "Oplevering": "2026",
        "Sociale huur": 120,
        "Middenhuur": 9,
        "Vrije sector huur": 0,
        "Sociale koop": 0,
        "Betaalbare koop": 0,
        "Vrije sector koop": 0,
        "Totaal": 129,
        "Instandhoudingstermijn": None,
        "Toelichting": None,
    }
    assert per_code["MP-01"]["Eigenaar"] == "Bouwbedrijf Voorbeeld BV"
    assert per_code["MP-01"]["Instandhoudingstermijn"] == 15
    mutaties = list(wb["Mutaties"].iter_rows(values_only=True))
    assert mutaties[0] == MUTATIE_KOLOMMEN
    assert (
        "de Alliantie",
        2025,
        "overheveling",
        "sociale huur",
        6,
        "gerealiseerd",
        "Voorbeeld",
    ) in mutaties
    assert len(mutaties) == 9


def test_export_then_import_changes_nothing(demo):
    voor = tellingen()
    resultaat = importeer(demo, export(demo))
    assert (resultaat.nieuw, resultaat.gewijzigd) == ([], [])
    assert len(resultaat.ongewijzigd) == 13
    assert (resultaat.mutaties_nieuw, resultaat.mutaties_gewijzigd) == (0, 0)
    assert resultaat.mutaties_ongewijzigd == 8
    assert resultaat.samenvatting == (
        "projecten: 0 nieuw, 0 gewijzigd, 13 ongewijzigd; mutaties: 0 nieuw, 0 gewijzigd, "
        "8 ongewijzigd"
    )
    assert tellingen() == voor  # no history rows, no audit rows


def test_csv_export_then_import_changes_nothing(demo):
    voor = tellingen()
    for blad in ("Projecten", "Mutaties"):
        data = uitwisseling.planmonitor_csv(kader=demo, blad=blad, user=SYSTEEM)
        assert data.startswith("\ufeff".encode())
        resultaat = importeer(demo, data, naam=f"{blad.lower()}.csv")
        assert resultaat.leeg
    assert tellingen() == voor


def test_a_new_project_via_import_shows_in_tabel1_and_a_reimport_changes_nothing(demo):
    assert tabel1(demo)["WSN"]["nieuwbouw"] == 526
    data = werkmap(projecten=[NIEUW], mutaties=[MUTATIE])
    resultaat = importeer(demo, data)
    assert (resultaat.nieuw, resultaat.mutaties_nieuw) == (["WSN-09"], 1)
    project = Bouwproject.objects.get(projectcode="WSN-09")
    assert (project.oplevering_jaar, project.oplevering_kwartaal, project.fase) == (
        2026,
        3,
        "vergunning_verleend",
    )
    rij = tabel1(demo)["WSN"]
    assert (rij["nieuwbouw"], rij["sloop_overheveling"], rij["netto"]) == (546, -12, 409)
    voor = tellingen()
    opnieuw = importeer(demo, data)
    assert opnieuw.ongewijzigd == ["WSN-09"] and opnieuw.mutaties_ongewijzigd == 1
    assert opnieuw.leeg
    assert tellingen() == voor


def test_a_changed_row_updates_only_that_project_and_records_the_delay(demo):
    def wijzig(wb):
        zet(wb["Projecten"], "WSN-04", "Oplevering", "2027")

    resultaat = importeer(demo, bewerk(export(demo), wijzig))
    assert resultaat.gewijzigd == ["WSN-04"]
    assert len(resultaat.ongewijzigd) == 12
    project = Bouwproject.objects.get(projectcode="WSN-04")
    assert project.oplevering_jaar == 2027
    assert project.versie == 2
    # Fields the sheet does not carry are kept.
    assert (str(project.breedtegraad), project.geclusterd) == ("52.176000", 24)
    assert project.history.first().history_change_reason == "import planmonitor.xlsx"
    vertraging = ProjectVertraging.objects.get(project=project)
    assert (vertraging.van_jaar, vertraging.naar_jaar, vertraging.oorzaak) == (
        2026,
        2027,
        "Oplevering verschoven via de import van 'planmonitor.xlsx'.",
    )
    audit = AuditRecord.objects.filter(actie="planmonitor.geimporteerd").get()
    assert audit.gegevens["gewijzigd"] == ["WSN-04"]


def test_a_mutation_row_updates_its_record_and_keeps_the_voorbeeld_flag(demo):
    data = werkmap(
        mutaties=[
            {**MUTATIE, "Jaar": 2026, "Soort": "verkoop", "Aantal": 35, "Toelichting": "Minder"}
        ]
    )
    resultaat = importeer(demo, data)
    assert (resultaat.mutaties_nieuw, resultaat.mutaties_gewijzigd) == (0, 1)
    m = Voorraadmutatie.objects.get(
        corporatie__slug="wsn", jaar=2026, soort="verkoop", status="gepland"
    )
    assert (m.aantal, m.toelichting, m.voorbeeld, m.versie) == (35, "Minder", True, 2)
    assert tabel1(demo)["WSN"]["verkoop"] == -120


def test_formula_like_text_is_neutralised_on_export_and_round_trips(demo):
    project = Bouwproject.objects.get(projectcode="MP-02")
    gegevens = services.ProjectGegevens.van_project(project)
    gegevens.toelichting = '=HYPERLINK("http://voorbeeld.invalid")'
    services.project_wijzigen(project=project, gegevens=gegevens, acting_user=SYSTEEM)
    data = export(demo)
    wb = load_workbook(io.BytesIO(data))
    blad = wb["Projecten"]
    cel = blad.cell(row=rij_van(blad, "MP-02"), column=PROJECT_KOLOMMEN.index("Toelichting") + 1)
    assert cel.value == '\'=HYPERLINK("http://voorbeeld.invalid")'
    assert cel.data_type == "s"
    assert importeer(demo, data).leeg
    csv = uitwisseling.planmonitor_csv(kader=demo, blad="Projecten", user=SYSTEEM).decode()
    assert ';"\'=HYPERLINK(""http://voorbeeld.invalid"")"' in csv


def test_a_formula_typed_in_a_text_column_is_stored_as_its_text_never_run(demo):
    resultaat = importeer(demo, werkmap(projecten=[{**NIEUW, "Naam": "=1+1"}]))
    assert resultaat.nieuw == ["WSN-09"]
    assert Bouwproject.objects.get(projectcode="WSN-09").naam == "=1+1"


# ---------------------------------------------------------------------------------------------
# Errors: sheet, row, column, in Dutch; nothing written


@pytest.mark.parametrize(
    "wijziging, melding",
    [
        (
            {"Sociale huur": -5, "Totaal": -1},
            [
                "blad Projecten, rij 3, kolom I (Sociale huur): negatief aantal (-5); vul 0 of "
                "meer in.",
                "blad Projecten, rij 3, kolom O (Totaal): negatief aantal (-1); vul 0 of meer in.",
            ],
        ),
        (
            {"Totaal": 25},
            [
                "blad Projecten, rij 3, kolom O (Totaal): de segmenten tellen op tot 24, maar "
                "het totaal is 25."
            ],
        ),
        (
            {"Hardheid": "9Z"},
            [
                "blad Projecten, rij 3, kolom F (Hardheid): onbekende hardheid '9Z'; kies uit: "
                "1A, 1B, 1C, 2A, 2B, 2C, 3, 4A, 4B, 5A, 5B."
            ],
        ),
        (
            {"Eigenaar": "Woonstichting Elders"},
            [
                "blad Projecten, rij 3, kolom D (Eigenaar): onbekende partij 'Woonstichting "
                "Elders'; de corporaties van dit kader zijn: WSN, de Alliantie."
            ],
        ),
        (
            {"Eigenaar": "HON"},
            [
                "blad Projecten, rij 3, kolom D (Eigenaar): HON is geen corporatie; kies uit: "
                "WSN, de Alliantie, of zet Soort eigenaar op de juiste soort."
            ],
        ),
        (
            {"Soort eigenaar": "belegger"},
            [
                "blad Projecten, rij 3, kolom E (Soort eigenaar): onbekende soort eigenaar "
                "'belegger'; kies uit: corporatie, marktpartij, particulier, gemeente."
            ],
        ),
        (
            {"Soort eigenaar": "marktpartij"},
            [
                "blad Projecten, rij 3, kolom D (Eigenaar): WSN is een partij van dit kader, geen "
                "marktpartij; zet Soort eigenaar op corporatie."
            ],
        ),
        (
            {"Fase": "gesloopt"},
            [
                "blad Projecten, rij 3, kolom G (Fase): onbekende fase 'gesloopt'; kies uit: "
                "initiatief, planvorming, ontwerp, vergunning aangevraagd, vergunning verleend, "
                "in aanbouw, opgeleverd."
            ],
        ),
        (
            {"Oplevering": "1999"},
            [
                "blad Projecten, rij 3, kolom H (Oplevering): het jaar 1999 ligt niet tussen 2000 en 2100."
            ],
        ),
        (
            {"Oplevering": "2026-Q5"},
            [
                "blad Projecten, rij 3, kolom H (Oplevering): '2026-Q5' is geen oplevering; "
                "schrijf een jaar (2026) of een jaar en kwartaal (2026-Q3)."
            ],
        ),
        (
            {"Middenhuur": "vier", "Totaal": "=SUM(I3:N3)"},
            [
                "blad Projecten, rij 3, kolom J (Middenhuur): 'vier' is geen heel getal.",
                "blad Projecten, rij 3, kolom O (Totaal): de cel bevat een formule (=SUM(I3:N3)); "
                "formules worden niet uitgerekend. Typ het getal zelf in.",
            ],
        ),
        (
            {"Naam": None, "Kern": " "},
            [
                "blad Projecten, rij 3, kolom B (Naam): deze kolom is verplicht; vul hem in.",
                "blad Projecten, rij 3, kolom C (Kern): deze kolom is verplicht; vul hem in.",
            ],
        ),
        (
            {"Instandhoudingstermijn": 25},
            [
                "blad Projecten, rij 3, kolom P (Instandhoudingstermijn): een "
                "instandhoudingstermijn geldt alleen voor huurwoningen van marktpartijen."
            ],
        ),
    ],
)
def test_each_project_error_names_sheet_row_and_column_and_nothing_is_written(
    demo, wijziging, melding
):
    # Row 2 is valid and new: it is not written either when row 3 fails.
    goed = {**NIEUW, "Projectcode": "WSN-10"}
    data = werkmap(projecten=[goed, {**NIEUW, **wijziging}])
    assert fouten(demo, data) == melding
    assert not Bouwproject.objects.filter(projectcode__in=["WSN-09", "WSN-10"]).exists()


def test_a_duplicate_projectcode_in_one_file_is_an_error(demo):
    data = werkmap(projecten=[NIEUW, {**NIEUW, "Naam": "Nog eens"}])
    assert fouten(demo, data) == [
        "blad Projecten, rij 3, kolom A (Projectcode): projectcode WSN-09 staat ook in rij 2; "
        "elke projectcode mag één keer in het bestand staan."
    ]


@pytest.mark.parametrize(
    "wijziging, melding",
    [
        (
            {"Soort": "brand"},
            "blad Mutaties, rij 2, kolom C (Soort): onbekende soort 'brand'; kies uit: sloop, "
            "verkoop, overheveling, aankoop, overig.",
        ),
        (
            {"Segment": "vrije sector huur"},
            "blad Mutaties, rij 2, kolom D (Segment): onbekend segment 'vrije sector huur'; kies "
            "uit: sociale huur, middenhuur.",
        ),
        (
            {"Status": "misschien"},
            "blad Mutaties, rij 2, kolom F (Status): onbekende status 'misschien'; kies uit: "
            "gepland, gerealiseerd.",
        ),
        (
            {"Aantal": 0},
            "blad Mutaties, rij 2, kolom E (Aantal): het aantal moet een heel getal groter dan 0 "
            "zijn (nu: 0).",
        ),
        (
            {"Aantal": 2.5},
            "blad Mutaties, rij 2, kolom E (Aantal): '2.5' is geen heel getal.",
        ),
        (
            {"Corporatie": "gemeente"},
            "blad Mutaties, rij 2, kolom A (Corporatie): gemeente is geen corporatie; mutaties "
            "horen bij een corporatie (WSN, de Alliantie).",
        ),
        (
            {"Corporatie": "Woonstichting Elders"},
            "blad Mutaties, rij 2, kolom A (Corporatie): onbekende partij 'Woonstichting "
            "Elders'; de corporaties van dit kader zijn: WSN, de Alliantie.",
        ),
        (
            {"Jaar": 2101},
            "blad Mutaties, rij 2, kolom B (Jaar): het jaar 2101 ligt niet tussen 2000 en 2100.",
        ),
    ],
)
def test_each_mutation_error_names_sheet_row_and_column(demo, wijziging, melding):
    data = werkmap(projecten=[NIEUW], mutaties=[{**MUTATIE, **wijziging}])
    assert fouten(demo, data) == [melding]
    assert not Bouwproject.objects.filter(projectcode="WSN-09").exists()


def test_every_error_of_the_file_is_reported_at_once(demo):
    data = werkmap(
        projecten=[{**NIEUW, "Hardheid": "X"}, {**NIEUW, "Projectcode": "WSN-10", "Totaal": 1}],
        mutaties=[MUTATIE, MUTATIE],
    )
    assert fouten(demo, data) == [
        "blad Projecten, rij 2, kolom F (Hardheid): onbekende hardheid 'X'; kies uit: 1A, 1B, "
        "1C, 2A, 2B, 2C, 3, 4A, 4B, 5A, 5B.",
        "blad Projecten, rij 3, kolom O (Totaal): de segmenten tellen op tot 24, maar het "
        "totaal is 1.",
        "blad Mutaties, rij 3: dezelfde mutatie (WSN, 2026, sloop, sociale huur, gepland) "
        "staat ook in rij 2.",
    ]


def test_changing_units_of_a_project_with_a_year_planning_is_refused(demo):
    def wijzig(wb):
        zet(wb["Projecten"], "WSN-05", "Sociale huur", 210)
        zet(wb["Projecten"], "WSN-05", "Totaal", 210)

    data = bewerk(export(demo), wijzig)
    rij = rij_van(load_workbook(io.BytesIO(data))["Projecten"], "WSN-05")
    assert fouten(demo, data) == [
        f"blad Projecten, rij {rij}, kolom I (Sociale huur): de planning per jaar van project "
        "WSN-05 telt voor sociale huur op tot 200; pas eerst de planning per jaar aan op de "
        "projectpagina."
    ]


def test_a_row_changed_after_the_download_is_refused(demo):
    data = export(demo)
    project = Bouwproject.objects.get(projectcode="WSN-01")
    gegevens = services.ProjectGegevens.van_project(project)
    gegevens.kern = "Hoevelaken"
    services.project_wijzigen(project=project, gegevens=gegevens, acting_user=SYSTEEM)

    def wijzig(wb):
        zet(wb["Projecten"], "WSN-01", "Naam", "De Kolk, aangepast")

    rij = rij_van(load_workbook(io.BytesIO(data))["Projecten"], "WSN-01")
    assert fouten(demo, bewerk(data, wijzig)) == [
        f"blad Projecten, rij {rij}, kolom A (Projectcode): project WSN-01 is gewijzigd na uw "
        "download (versie 2, uw bestand versie 1); download de planmonitor opnieuw en breng uw "
        "wijziging daarin aan."
    ]


def test_file_level_errors(demo):
    assert fouten(demo, b"geen werkmap", naam="plan.xlsx") == [
        "plan.xlsx: dit is geen Excel-werkmap (.xlsx) en geen CSV-bestand (.csv). Gebruik de "
        "geëxporteerde planmonitor als sjabloon."
    ]
    wb = Workbook()
    wb.active.title = "Blad1"
    buffer = io.BytesIO()
    wb.save(buffer)
    assert fouten(demo, buffer.getvalue()) == [
        "planmonitor.xlsx: de werkmap heeft geen blad Projecten of Mutaties (gevonden: Blad1)."
    ]
    kop = ";".join(c for c in MUTATIE_KOLOMMEN if c != "Status") + ";Opmerking\r\n"
    assert fouten(demo, kop.encode(), naam="mutaties.csv") == [
        "blad Mutaties, rij 1, kolom G (Opmerking): onbekende kolom 'Opmerking'; dit blad heeft "
        "de kolommen Corporatie, Jaar, Soort, Segment, Aantal, Status, Toelichting.",
        "blad Mutaties, rij 1: de kopregel mist de kolom Status.",
    ]
    assert fouten(demo, b"Corporatie,Jaar,Soort\r\n", naam="mutaties.csv") == [
        "mutaties.csv: de kolommen zijn gescheiden door komma's; gebruik een puntkomma (;), "
        "zoals Excel 'CSV (gescheiden door lijstscheidingsteken)' doet."
    ]


def test_a_csv_in_windows_1252_is_recognised_by_its_header(demo):
    tekst = (
        ";".join(MUTATIE_KOLOMMEN)
        + "\r\nde Alliantie;2026;sloop;sociale huur;2;gepland;Sloop ‘t Hofje, één blok\r\n"
    )
    resultaat = importeer(demo, tekst.encode("cp1252"), naam="mutaties.csv")
    assert resultaat.mutaties_nieuw == 1
    m = Voorraadmutatie.objects.get(corporatie__slug="de-alliantie", soort="sloop")
    assert m.toelichting == "Sloop ‘t Hofje, één blok"


# ---------------------------------------------------------------------------------------------
# Permissions


def test_a_corporation_imports_its_own_rows(demo, leden):
    def wijzig(wb):
        zet(wb["Projecten"], "WSN-04", "Naam", "Hoevelaken Centrum (aangepast)")

    # The full export, with other parties' rows unchanged: those are not writes.
    resultaat = importeer(demo, bewerk(export(demo, leden["wsn"]), wijzig), leden["wsn"])
    assert resultaat.gewijzigd == ["WSN-04"]
    assert len(resultaat.ongewijzigd) == 12
    assert (
        Bouwproject.objects.get(projectcode="WSN-04").history.first().history_user == leden["wsn"]
    )


def test_a_corporation_importing_the_other_corporations_rows_is_refused(demo, leden):
    def wijzig(wb):
        zet(wb["Projecten"], "WSN-04", "Naam", "Hoevelaken Centrum (aangepast)")
        zet(wb["Projecten"], "ALL-01", "Naam", "Frieswijk (door WSN)")
        zet(wb["Projecten"], "MP-02", "Fase", "in aanbouw")
        blad = wb["Mutaties"]
        blad.append(["de Alliantie", 2027, "sloop", "sociale huur", 4, "gepland", None])

    data = bewerk(export(demo), wijzig)
    wb = load_workbook(io.BytesIO(data))
    all01, mp02 = rij_van(wb["Projecten"], "ALL-01"), rij_van(wb["Projecten"], "MP-02")
    laatste = wb["Mutaties"].max_row
    assert fouten(demo, data, leden["wsn"]) == [
        f"blad Projecten, rij {all01}, kolom A (Projectcode): u mag project ALL-01 van de "
        "Alliantie niet wijzigen; dat doet de Alliantie zelf of de gemeente.",
        f"blad Projecten, rij {mp02}, kolom A (Projectcode): u mag project MP-02 van "
        "Ontwikkelaar Voorbeeld niet wijzigen; dat doet de gemeente.",
        f"blad Mutaties, rij {laatste}, kolom A (Corporatie): u mag de mutaties van de "
        "Alliantie niet vastleggen; dat doet de Alliantie zelf of de gemeente.",
    ]
    # WSN's own change in the same file is not written either.
    assert Bouwproject.objects.get(projectcode="WSN-04").naam == "Hoevelaken Centrum (voorbeeld)"


def test_a_corporation_cannot_add_a_project_for_another_corporation(demo, leden):
    data = werkmap(projecten=[{**NIEUW, "Eigenaar": "de Alliantie"}])
    assert fouten(demo, data, leden["wsn"]) == [
        "blad Projecten, rij 2, kolom D (Eigenaar): u mag geen project van de Alliantie "
        "vastleggen; dat doet de Alliantie zelf of de gemeente."
    ]


def test_the_gemeente_imports_every_row(demo, leden):
    data = werkmap(
        projecten=[{**NIEUW, "Eigenaar": "de Alliantie", "Projectcode": "ALL-03"}],
        mutaties=[{**MUTATIE, "Corporatie": "de Alliantie"}],
    )
    resultaat = importeer(demo, data, leden["gemeente_redacteur"])
    assert (resultaat.nieuw, resultaat.mutaties_nieuw) == (["ALL-03"], 1)


def test_a_service_refusal_during_the_writes_becomes_a_row_error_and_rolls_back(
    demo, leden, monkeypatch
):
    # Should the check of the rows ever let a row through, the service's own refusal is
    # reported on that row and nothing stays written.
    monkeypatch.setattr(uitwisseling, "mag_project_bewerken", lambda user, project: True)
    data = werkmap(
        projecten=[
            NIEUW,
            {
                **NIEUW,
                "Projectcode": "ALL-01",
                "Naam": "Frieswijk",
                "Eigenaar": "de Alliantie",
                "Hardheid": "2A",
                "Fase": "in aanbouw",
                "Oplevering": "2026",
                "Sociale huur": 30,
                "Middenhuur": 6,
                "Totaal": 36,
            },
        ]
    )
    assert fouten(demo, data, leden["wsn"]) == [
        "blad Projecten, rij 3: u mag alleen projecten van de eigen organisatie wijzigen."
    ]
    assert not Bouwproject.objects.filter(projectcode="WSN-09").exists()


@pytest.mark.parametrize("lid", ["hon_redacteur", "wsn_lezer", "gemeente_lezer"])
def test_who_does_not_edit_the_planmonitor_cannot_import(demo, leden, lid):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        importeer(demo, werkmap(mutaties=[MUTATIE]), leden[lid])
    assert not Voorraadmutatie.objects.filter(soort="sloop").exists()


# ---------------------------------------------------------------------------------------------
# Tabel 1 and 2 as Excel


def test_prognose_xlsx_has_the_documents_layout(demo):
    prognose = selectors.prognose(selectors.Bron(demo, None, False), selectors.periode(demo))
    wb = load_workbook(io.BytesIO(uitwisseling.prognose_xlsx(prognose, demo)))
    assert wb.sheetnames == ["Tabel 1", "Tabel 2"]
    rijen = list(wb["Tabel 1"].iter_rows(values_only=True))
    assert rijen[0][0] == (
        "Tabel 1 | Prognose ontwikkeling sociale voorraad 2025 t/m 2027 en doorkijk t/m 2030"
    )
    assert rijen[1] == (
        None,
        "Nieuwbouw (harde plannen)",
        "Onttrekking door sloop of overheveling middenhuur",
        "Onttrekking door verkoop",
        "Netto toename 2025 t/m 2027",
        "Prognose nieuwbouw 2028 t/m 2030 (harde plannen)",
    )
    assert rijen[2:] == [
        ("WSN", 526, None, -125, 401, 215),
        ("de Alliantie", 30, -6, -10, 14, None),
        ("Totaal", 556, -6, -135, 415, 215),
    ]
    tabel2 = list(wb["Tabel 2"].iter_rows(values_only=True))
    assert tabel2[-1] == ("Totaal", 15, 6, None, 21, 8)


def test_projects_of_the_gemeente_a_market_party_and_a_particulier_round_trip(demo):
    markt = {
        "Soort eigenaar": "marktpartij",
        "Eigenaar": "Bouwbedrijf Elders",
        "Sociale huur": 0,
        "Middenhuur": 24,
    }
    data = werkmap(
        projecten=[
            {
                **NIEUW,
                "Projectcode": "GEM-01",
                "Soort eigenaar": "gemeente",
                "Eigenaar": "gemeente",
            },
            {
                **NIEUW,
                **markt,
                "Projectcode": "MP-09",
                "Middenhuur": 24,
                "Instandhoudingstermijn": 10,
            },
            {**NIEUW, "Projectcode": "PRV-01", "Soort eigenaar": "particulier", "Eigenaar": None},
        ]
    )
    assert importeer(demo, data).nieuw == ["GEM-01", "MP-09", "PRV-01"]
    gemeente = Bouwproject.objects.get(projectcode="GEM-01")
    assert (gemeente.eigenaar.slug, gemeente.eigenaar_naam) == ("gemeente-nijkerk", "")
    markt_project = Bouwproject.objects.get(projectcode="MP-09")
    assert (markt_project.eigenaar_id, markt_project.eigenaar_naam) == (None, "Bouwbedrijf Elders")
    assert markt_project.instandhoudingstermijn == 10
    assert Bouwproject.objects.get(projectcode="PRV-01").eigenaar_label == "particulier"
    assert importeer(demo, export(demo)).leeg
    # A market party's name is required.
    assert fouten(demo, werkmap(projecten=[{**NIEUW, **markt, "Eigenaar": None}])) == [
        "blad Projecten, rij 2, kolom D (Eigenaar): vul de naam van de marktpartij in."
    ]
