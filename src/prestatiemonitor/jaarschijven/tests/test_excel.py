"""Excel and JSON in and out of a jaarschijf (uitwisseling.py, views/excel.py, the CLI)."""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from prestatiemonitor.audit.models import AuditRecord
from prestatiemonitor.jaarschijven import services
from prestatiemonitor.jaarschijven.models import Activiteit, Voortgang
from prestatiemonitor.jaarschijven.uitwisseling import (
    BASISKOLOMMEN,
    JaarschijfImportFout,
    export_jaarschijf,
    jaarschijf_importeren,
)
from prestatiemonitor.organisaties.constants import Rol
from prestatiemonitor.organisaties.permissions import SYSTEEM
from prestatiemonitor.organisaties.tests.factories import LidmaatschapFactory

pytestmark = pytest.mark.django_db

KOPPEN_2025 = [
    *BASISKOLOMMEN,
    "Status Juni 2025",
    "Toelichting Juni 2025",
    "Status December 2025",
    "Toelichting December 2025",
]


@pytest.fixture
def leden(ks):
    def lid(org, rol):
        return LidmaatschapFactory(organisatie=org, rol=rol).user

    return {
        "gemeente": lid(ks.gemeente, Rol.BEHEERDER),
        "wsn": lid(ks.wsn, Rol.REDACTEUR),
        "hon": lid(ks.hon, Rol.BEHEERDER),
        "wsn_lezer": lid(ks.wsn, Rol.LEZER),
    }


def xlsx(jaarschijf, user=SYSTEEM) -> bytes:
    return export_jaarschijf(jaarschijf=jaarschijf, formaat="xlsx", user=user).inhoud


def blad(inhoud: bytes):
    return load_workbook(io.BytesIO(inhoud))["Activiteiten"]


def opslaan(sheet) -> bytes:
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    return buffer.getvalue()


def rij_van(sheet, code: str) -> int:
    for (cel,) in sheet.iter_rows(min_col=1, max_col=1, min_row=2):
        if cel.value == code:
            return cel.row
    raise AssertionError(code)


def zet(sheet, code_of_rij, kolom: str, waarde) -> int:
    koppen = [c.value for c in sheet[1]]
    rij = code_of_rij if isinstance(code_of_rij, int) else rij_van(sheet, code_of_rij)
    sheet.cell(row=rij, column=koppen.index(kolom) + 1, value=waarde)
    return rij


def nieuwe_rij(sheet, **waarden) -> int:
    rij = sheet.max_row + 1
    for kolom, waarde in waarden.items():
        zet(sheet, rij, kolom.replace("_", " "), waarde)
    return rij


def importeer(jaarschijf, inhoud: bytes, user=SYSTEEM):
    return jaarschijf_importeren(
        jaarschijf=jaarschijf, data=inhoud, bestandsnaam="jaarschijf.xlsx", acting_user=user
    )


def fouten(jaarschijf, inhoud: bytes, user=SYSTEEM) -> list[str]:
    with pytest.raises(JaarschijfImportFout) as exc:
        importeer(jaarschijf, inhoud, user)
    return exc.value.meldingen


def toestand():
    return (
        sorted(Activiteit.objects.values_list("pk", "versie", "titel")),
        sorted(Voortgang.objects.values_list("pk", "status", "versie", "toelichting")),
        Activiteit.history.count(),
        Voortgang.history.count(),
        AuditRecord.objects.count(),
    )


# ---------------------------------------------------------------------------------------------
# Export


def test_the_header_row_and_a_row_are_exactly_as_specified(js):
    sheet = blad(xlsx(js.vastgesteld))
    assert [c.value for c in sheet[1]] == KOPPEN_2025
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "B2"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1
    rij = {k: c.value for k, c in zip(KOPPEN_2025, sheet[rij_van(sheet, "A1")], strict=True)}
    assert rij["Afspraken"] == "1"
    assert rij["Activiteit"] == "Nieuwbouw sociale huur"
    assert rij["Trekker"] == "WSN"
    assert rij["Planning"] == "heel het jaar"
    assert rij["Doel aantal"] == 40
    assert rij["Eenheid"] == "woningen"
    assert rij["Status Juni 2025"] == "aandacht nodig"
    assert rij["Toelichting Juni 2025"] == "Vergunning duurt langer"
    assert rij["Status December 2025"] is None
    a2 = {k: c.value for k, c in zip(KOPPEN_2025, sheet[rij_van(sheet, "A2")], strict=True)}
    assert a2["Afspraken"] == "1, 2"
    assert a2["Trekker"] == "gemeente"
    assert a2["Status Juni 2025"] == "niet gemeld"


def test_drop_downs_for_parties_statuses_and_afspraken(js):
    sheet = blad(xlsx(js.vastgesteld))
    validaties = {dv.promptTitle: dv for dv in sheet.data_validations.dataValidation}
    assert validaties["Trekker"].type == "list"
    assert validaties["Status Juni 2025"].formula1 == "'Keuzelijsten'!$C$1:$C$6"
    lijsten = sheet.parent["Keuzelijsten"]
    assert lijsten.sheet_state == "hidden"
    assert [c.value for c in lijsten["A"] if c.value] == [
        "gemeente",
        "WSN",
        "de Alliantie",
        "HON",
        "HBVA",
    ]
    assert "vertraagd" in [c.value for c in lijsten["C"]]
    # several numbers in one cell: not a list check, an input message
    assert validaties["Afspraken"].showErrorMessage is False
    assert "komma" in validaties["Afspraken"].prompt


def test_the_public_sees_only_closed_peilmomenten_and_no_concept(js, client):
    sheet = blad(xlsx(js.vastgesteld, user=None))
    assert [c.value for c in sheet[1]][-2:] == ["Status Juni 2025", "Toelichting Juni 2025"]
    url = reverse("jaarschijven:export", args=[js.vastgesteld.kader.slug, 2026, "xlsx"])
    assert client.get(url).status_code == 404


def test_formula_like_text_is_neutralised_on_export_and_read_back_as_text(js, ks, leden):
    services.activiteit_opslaan(
        jaarschijf=js.concept,
        activiteit=js.concept_activiteit,
        gegevens=services.ActiviteitGegevens(
            titel='=HYPERLINK("http://example.com","klik")',
            omschrijving="- eerste punt\n- tweede punt",
            afspraken=[ks.afspraken["1"]],
            trekker=ks.wsn,
        ),
        acting_user=SYSTEEM,
    )
    inhoud = xlsx(js.concept)
    sheet = blad(inhoud)
    titel = sheet.cell(row=rij_van(sheet, "A1"), column=4)
    assert titel.data_type == "s"
    assert not titel.value.startswith("=")
    assert titel.value == '\'=HYPERLINK("http://example.com","klik")'
    # re-importing changes nothing: the ' is taken off again
    voor = toestand()
    assert importeer(js.concept, inhoud, leden["gemeente"]).samenvatting.startswith("Niets")
    assert toestand() == voor
    # a real formula typed into the sheet is stored as its text, never evaluated
    nieuwe_rij(sheet, Afspraken="2", Activiteit="=1+1", Trekker="WSN")
    resultaat = importeer(js.concept, opslaan(sheet), leden["gemeente"])
    assert resultaat.toegevoegd == 1
    assert js.concept.activiteiten.get(nummer=2).titel == "=1+1"


def test_json_export_has_the_same_data(js, client):
    url = reverse("jaarschijven:export", args=[js.vastgesteld.kader.slug, 2025, "json"])
    data = json.loads(client.get(url).content)
    assert data["jaar"] == 2025
    a1 = next(a for a in data["activiteiten"] if a["code"] == "A1")
    assert a1["afspraken"] == ["1"]
    assert a1["trekker"] == "WSN"
    assert a1["doel_aantal"] == 40
    assert a1["status_juni_2025"] == "aandacht nodig"
    assert "status_december_2025" not in a1  # open: parties only
    assert client.get(url.replace(".json", ".csv")).status_code == 404


# ---------------------------------------------------------------------------------------------
# Import: round trip, filling a concept, reporting


def test_reimporting_the_export_writes_nothing(js, leden):
    for jaarschijf in (js.vastgesteld, js.concept):
        inhoud = xlsx(jaarschijf, leden["gemeente"])
        voor = toestand()
        resultaat = importeer(jaarschijf, inhoud, leden["gemeente"])
        assert (resultaat.toegevoegd, resultaat.gewijzigd, resultaat.meldingen) == (0, 0, 0)
        assert toestand() == voor


def test_filling_a_concept_adds_and_changes_activities(js, leden):
    sheet = blad(xlsx(js.concept, leden["wsn"]))
    zet(sheet, "A1", "Omschrijving", "Veertig woningen aan de Hoefslag")
    nieuwe_rij(
        sheet,
        Afspraken="1, 2",
        Activiteit="Prestatieafspraken evalueren",
        Trekker="gemeente",
        Betrokken="WSN, HON",
        Planning="Q3",
        Doel_aantal=2,
        Eenheid="bijeenkomsten",
    )
    nieuwe_rij(sheet, Afspraken=3, Activiteit="Huurbeleid", Trekker="WSN", Planning="maart")
    nieuwe_rij(sheet, Afspraken="4", Activiteit="Startdag", Trekker="WSN", Planning="15-05-2026")
    resultaat = importeer(js.concept, opslaan(sheet), leden["wsn"])
    assert resultaat.samenvatting == "3 activiteiten toegevoegd, 1 gewijzigd, 0 meldingen"
    a2 = js.concept.activiteiten.get(nummer=2)
    assert a2.trekker.korte_naam == "gemeente"
    assert sorted(o.korte_naam for o in a2.betrokken.all()) == ["HON", "WSN"]
    assert sorted(a.nummer for a in a2.afspraken.all()) == ["1", "2"]
    assert (a2.planning_tekst, a2.doel_aantal, a2.eenheid) == ("Q3", 2, "bijeenkomsten")
    assert js.concept.activiteiten.get(nummer=3).planning_tekst == "maart"
    assert js.concept.activiteiten.get(nummer=4).planning_tekst == "15-05-2026"
    a1 = js.concept.activiteiten.get(nummer=1)
    assert a1.omschrijving == "Veertig woningen aan de Hoefslag"
    assert AuditRecord.objects.filter(actie="jaarschijf.geimporteerd").count() == 1


def test_a_party_reports_through_the_file(js, leden):
    sheet = blad(xlsx(js.vastgesteld, leden["wsn"]))
    zet(sheet, "A1", "Status December 2025", "op schema")
    zet(sheet, "A1", "Toelichting December 2025", "=Vergunning binnen")
    resultaat = importeer(js.vastgesteld, opslaan(sheet), leden["wsn"])
    assert resultaat.samenvatting == "0 activiteiten toegevoegd, 0 gewijzigd, 1 melding"
    melding = Voortgang.objects.get(peilmoment=js.december, activiteit=js.wsn_activiteit)
    assert (melding.status, melding.toelichting, melding.gemeld_door) == (
        "op_schema",
        "=Vergunning binnen",
        leden["wsn"],
    )


def test_a_party_reporting_on_another_partys_activity_is_refused(js, leden):
    sheet = blad(xlsx(js.vastgesteld, leden["wsn"]))
    zet(sheet, "A1", "Status December 2025", "op schema")  # its own: fine on its own
    rij = zet(sheet, "A2", "Status December 2025", "gereed")
    voor = toestand()
    assert fouten(js.vastgesteld, opslaan(sheet), leden["wsn"]) == [
        f"blad Activiteiten, rij {rij}, kolom N (Status December 2025): u meldt voor WSN, maar "
        "trekker is gemeente."
    ]
    assert toestand() == voor  # not even WSN's own report


# ---------------------------------------------------------------------------------------------
# Import: every kind of error, with sheet, row and column


def test_each_error_names_sheet_row_and_column(js, leden):
    sheet = blad(xlsx(js.concept, leden["gemeente"]))
    r1 = nieuwe_rij(sheet, Afspraken="1, 99", Activiteit="Iets", Trekker="WSN")
    r2 = nieuwe_rij(sheet, Afspraken="1", Activiteit="Iets anders", Trekker="XYZ")
    r3 = nieuwe_rij(sheet, Afspraken="1", Activiteit="Derde", Trekker="WSN", Betrokken="HON, ABC")
    r4 = nieuwe_rij(sheet, Afspraken="1", Activiteit="Vierde", Trekker="WSN", Planning="Q5")
    r5 = nieuwe_rij(sheet, Afspraken="", Activiteit="Vijfde", Trekker="WSN")
    assert fouten(js.concept, opslaan(sheet), leden["gemeente"]) == [
        f"blad Activiteiten, rij {r1}, kolom C (Afspraken): onbekend afspraaknummer '99'; dit "
        "kader heeft de afspraken 1, 2, 3, 4, 5.",
        f"blad Activiteiten, rij {r2}, kolom F (Trekker): onbekende partij 'XYZ'; kies uit: "
        "gemeente, WSN, de Alliantie, HON, HBVA.",
        f"blad Activiteiten, rij {r3}, kolom G (Betrokken): onbekende partij 'ABC'; kies uit: "
        "gemeente, WSN, de Alliantie, HON, HBVA.",
        f"blad Activiteiten, rij {r4}, kolom I (Planning): 'Q5' is geen planning; schrijf 'heel "
        "het jaar', een kwartaal (Q1 tot en met Q4), een maand (januari tot en met december) of "
        "een datum (dd-mm-jjjj).",
        f"blad Activiteiten, rij {r5}, kolom C (Afspraken): een activiteit dient ten minste één "
        "afspraak; kies de afspraak of afspraken waaraan zij bijdraagt.",
    ]


def test_status_errors_and_the_vastgestelde_jaarschijf(js, leden):
    sheet = blad(xlsx(js.vastgesteld, leden["gemeente"]))
    a1 = zet(sheet, "A1", "Status December 2025", "half klaar")
    zet(sheet, "A1", "Status Juni 2025", "gereed")
    a2 = zet(sheet, "A2", "Status December 2025", "vertraagd")
    zet(sheet, "A2", "Activiteit", "Woonvisie herschrijven")
    nieuw = nieuwe_rij(sheet, Afspraken="1", Activiteit="Erbij", Trekker="gemeente")
    assert fouten(js.vastgesteld, opslaan(sheet), leden["gemeente"]) == [
        f"blad Activiteiten, rij {a1}, kolom L (Status Juni 2025): het peilmoment Juni 2025 is "
        "gesloten; wat toen gemeld is ('aandacht nodig') verandert niet meer. Laat deze kolom "
        "zoals hij geëxporteerd is.",
        f"blad Activiteiten, rij {a1}, kolom N (Status December 2025): de status 'half klaar' "
        "staat niet in de lijst; kies uit: niet gestart, op schema, aandacht nodig, vertraagd, "
        "gereed, vervallen.",
        f"blad Activiteiten, rij {a2}, kolom D (Activiteit): jaarschijf 2025 is vastgesteld; A2 "
        "wijzigt alleen via een besluit op de pagina van de activiteit, niet via een import "
        "(gewijzigd: Activiteit).",
        f"blad Activiteiten, rij {nieuw}, kolom A (Code): jaarschijf 2025 is vastgesteld; een "
        "nieuwe activiteit ('Erbij') komt er alleen bij via een besluit, op de pagina van de "
        "jaarschijf, niet via een import.",
    ]


def test_a_toelichting_is_required_for_vertraagd(js, leden):
    sheet = blad(xlsx(js.vastgesteld, leden["wsn"]))
    rij = zet(sheet, "A1", "Status December 2025", "vertraagd")
    assert fouten(js.vastgesteld, opslaan(sheet), leden["wsn"]) == [
        f"blad Activiteiten, rij {rij}, kolom O (Toelichting December 2025): bij de status "
        "'vertraagd' is een toelichting verplicht."
    ]


def test_one_bad_row_writes_nothing(js, leden):
    sheet = blad(xlsx(js.concept, leden["gemeente"]))
    nieuwe_rij(sheet, Afspraken="1", Activiteit="Goed", Trekker="WSN")
    zet(sheet, "A1", "Activiteit", "Ook goed")
    nieuwe_rij(sheet, Afspraken="1", Activiteit="Fout", Trekker="Onbekend")
    voor = toestand()
    assert len(fouten(js.concept, opslaan(sheet), leden["gemeente"])) == 1
    assert toestand() == voor


def test_what_is_not_an_xlsx_workbook_is_refused_by_content(js, leden):
    zip_buffer = io.BytesIO()
    with zipfile.ZipFile(zip_buffer, "w") as archief:
        archief.writestr("word/document.xml", "<w/>")
    for inhoud in (b"%PDF-1.4\n", zip_buffer.getvalue()):
        assert fouten(js.concept, inhoud, leden["gemeente"]) == [
            "jaarschijf.xlsx: dit is geen Excel-werkmap (.xlsx). Gebruik de geëxporteerde "
            "jaarschijf als sjabloon en sla die op als Excel-werkmap (.xlsx)."
        ]


def test_tenants_and_lezers_may_not_import(js, leden):
    from django.core.exceptions import PermissionDenied

    for wie in ("hon", "wsn_lezer"):
        with pytest.raises(PermissionDenied):
            importeer(js.concept, xlsx(js.concept), leden[wie])


# ---------------------------------------------------------------------------------------------
# The upload page


def test_the_upload_page_shows_the_summary_or_the_errors(js, leden, client):
    client.force_login(leden["wsn"])
    url = reverse("jaarschijven:import", args=[js.vastgesteld.kader.slug, 2025])
    assert client.get(url).status_code == 200
    sheet = blad(xlsx(js.vastgesteld, leden["wsn"]))
    zet(sheet, "A1", "Status December 2025", "gereed")
    bestand = SimpleUploadedFile("jaarschijf.xlsx", opslaan(sheet))
    response = client.post(url, {"bestand": bestand})
    assert "0 activiteiten toegevoegd, 0 gewijzigd, 1 melding" in response.content.decode()
    zet(sheet, "A2", "Status December 2025", "gereed")
    bestand = SimpleUploadedFile("jaarschijf.xlsx", opslaan(sheet))
    inhoud = client.post(url, {"bestand": bestand}).content.decode()
    assert "Er is niets opgeslagen" in inhoud
    assert "u meldt voor WSN, maar trekker is gemeente." in inhoud


# ---------------------------------------------------------------------------------------------
# The CLI


def test_cli_export_json(js, capsys):
    call_command("exporteer-jaarschijf", kader=js.vastgesteld.kader.slug, jaar=2025, formaat="json")
    data = json.loads(capsys.readouterr().out)
    a1 = next(a for a in data["activiteiten"] if a["code"] == "A1")
    assert (a1["activiteit"], a1["trekker"], a1["afspraken"]) == (
        "Nieuwbouw sociale huur",
        "WSN",
        ["1"],
    )
    assert a1["status_juni_2025"] == "aandacht nodig"
    assert a1["status_december_2025"] is None  # SYSTEEM sees the open peilmoment


def test_cli_import_with_als(js, leden, tmp_path, capsys):
    sheet = blad(xlsx(js.vastgesteld))
    zet(sheet, "A1", "Status December 2025", "gereed")
    pad = tmp_path / "jaarschijf.xlsx"
    pad.write_bytes(opslaan(sheet))
    slug = js.vastgesteld.kader.slug
    call_command("importeer-jaarschijf", str(pad), kader=slug, jaar=2025, als=leden["wsn"].username)
    assert "1 melding" in capsys.readouterr().out
    assert Voortgang.objects.get(peilmoment=js.december).gemeld_door == leden["wsn"]
    zet(sheet, "A2", "Status December 2025", "gereed")
    pad.write_bytes(opslaan(sheet))
    with pytest.raises(CommandError) as exc:
        call_command(
            "importeer-jaarschijf", str(pad), kader=slug, jaar=2025, als=leden["wsn"].username
        )
    assert "u meldt voor WSN, maar trekker is gemeente." in str(exc.value)
    assert "niets opgeslagen" in str(exc.value)


def test_activities_added_by_import_have_history_and_audit(js, leden):
    sheet = blad(xlsx(js.concept, leden["gemeente"]))
    nieuwe_rij(sheet, Afspraken="1, 2", Activiteit="Nieuw", Trekker="WSN", Betrokken="HON")
    importeer(js.concept, opslaan(sheet), leden["gemeente"])
    a2 = js.concept.activiteiten.get(nummer=2)
    historie = a2.history.get()
    assert (historie.history_user, historie.history_change_reason) == (
        leden["gemeente"],
        "toegevoegd (import)",
    )
    assert sorted(r.afspraak.nummer for r in historie.afspraken.all()) == ["1", "2"]
    assert [r.organisatie.korte_naam for r in historie.betrokken.all()] == ["HON"]
    audit = AuditRecord.objects.get(actie="activiteit.toegevoegd", object_id=str(a2.pk))
    assert audit.gebruiker == leden["gemeente"]


def test_activiteiten_toevoegen_refuses_without_actor_tenants_and_a_vastgestelde(js, ks, leden):
    from django.core.exceptions import PermissionDenied, ValidationError

    gegevens = [
        services.ActiviteitGegevens(titel="X", afspraken=[ks.afspraken["1"]], trekker=ks.wsn)
    ]
    for wie in (None, leden["hon"], leden["wsn_lezer"]):
        with pytest.raises(PermissionDenied):
            services.activiteiten_toevoegen(jaarschijf=js.concept, lijst=gegevens, acting_user=wie)
    with pytest.raises(ValidationError):
        services.activiteiten_toevoegen(
            jaarschijf=js.vastgesteld, lijst=gegevens, acting_user=SYSTEEM
        )
    assert js.concept.activiteiten.count() == 1


def test_a_file_above_the_limit_is_refused(js, leden, settings):
    inhoud = xlsx(js.concept)
    settings.JAARSCHIJF_IMPORT_MAX_BYTES = len(inhoud) - 1
    [melding] = fouten(js.concept, inhoud, leden["gemeente"])
    assert melding.startswith("jaarschijf.xlsx: het bestand is te groot (")
    assert "het maximum is" in melding


def test_a_missing_required_column_and_an_unknown_peilmoment_header(js, leden):
    sheet = blad(xlsx(js.vastgesteld, leden["gemeente"]))
    sheet.cell(row=1, column=6, value="Uitvoerder")  # was Trekker
    sheet.cell(row=1, column=12, value="Status Juni 2024")
    assert fouten(js.vastgesteld, opslaan(sheet), leden["gemeente"]) == [
        "blad Activiteiten, rij 1, kolom Trekker: de kolom 'Trekker' ontbreekt in de kopregel.",
        "blad Activiteiten, rij 1, kolom L (Status Juni 2024): onbekend peilmoment 'Juni 2024' "
        "voor jaarschijf 2025 (peilmomenten: Juni 2025, December 2025).",
        "blad Activiteiten, rij 1, kolom M (Toelichting Juni 2025): de kolom 'Status Juni 2025' "
        "ontbreekt.",
    ]


def test_a_title_row_above_the_header_is_skipped(js, leden):
    sheet = blad(xlsx(js.concept, leden["gemeente"]))
    rij = nieuwe_rij(sheet, Afspraken="2", Activiteit="Erbij", Trekker="WSN") + 1
    sheet.insert_rows(1)
    sheet.cell(row=1, column=1, value="Jaarschijf 2026 – concept voor het ambtelijk overleg")
    assert importeer(js.concept, opslaan(sheet), leden["gemeente"]).toegevoegd == 1
    sheet.cell(row=rij, column=6, value="ABC")
    assert fouten(js.concept, opslaan(sheet), leden["gemeente"])[0].startswith(
        f"blad Activiteiten, rij {rij}, kolom F (Trekker): onbekende partij 'ABC'"
    )


# ---------------------------------------------------------------------------------------------
# Versies: what changed after the download is not overwritten


def _titel_wijzigen(jaarschijf, activiteit, titel, user):
    activiteit.refresh_from_db()
    services.activiteit_opslaan(
        jaarschijf=jaarschijf,
        gegevens=services.ActiviteitGegevens(
            titel=titel,
            afspraken=list(activiteit.afspraken.all()),
            trekker=activiteit.trekker,
            omschrijving=activiteit.omschrijving,
            betrokken=list(activiteit.betrokken.all()),
            beoogd_resultaat=activiteit.beoogd_resultaat,
            planning_soort=activiteit.planning_soort,
            planning_kwartaal=activiteit.planning_kwartaal,
            planning_maand=activiteit.planning_maand,
            planning_datum=activiteit.planning_datum,
            doel_aantal=activiteit.doel_aantal,
            eenheid=activiteit.eenheid,
        ),
        activiteit=activiteit,
        versie=activiteit.versie,
        acting_user=user,
    )


def test_the_export_carries_the_versies_on_a_hidden_sheet(js, leden):
    versies = blad(xlsx(js.vastgesteld, leden["wsn"])).parent["Versies"]
    assert versies.sheet_state == "hidden"
    rijen = [[c.value for c in rij if c.value is not None] for rij in versies.iter_rows()]
    assert rijen[0] == ["Jaarschijf", f"{js.vastgesteld.kader.slug} 2025"]
    assert rijen[1] == ["Code", "Versie", "Versie Juni 2025", "Versie December 2025"]
    juni = Voortgang.objects.get(peilmoment=js.juni, activiteit=js.wsn_activiteit)
    assert [js.wsn_activiteit.code, js.wsn_activiteit.versie, juni.versie, 0] in rijen


def test_a_stale_row_is_an_error_and_nothing_is_written(js, leden):
    sheet = blad(xlsx(js.concept, leden["wsn"]))
    a1 = js.concept.activiteiten.get(nummer=1)
    rij = zet(sheet, "A1", "Omschrijving", "Mijn wijziging")
    nieuwe_rij(sheet, Afspraken="1", Activiteit="Nieuw", Trekker="WSN")
    _titel_wijzigen(js.concept, a1, "Intussen gewijzigd", leden["gemeente"])
    voor = toestand()
    assert fouten(js.concept, opslaan(sheet), leden["wsn"]) == [
        f"blad Activiteiten, rij {rij}, kolom D (Activiteit): activiteit A1 is gewijzigd na uw "
        "download (versie 2, uw bestand versie 1); download de jaarschijf opnieuw en breng uw "
        "wijziging daarin aan."
    ]
    assert toestand() == voor


def test_a_stale_report_is_an_error(js, leden):
    sheet = blad(xlsx(js.vastgesteld, leden["wsn"]))
    rij = zet(sheet, "A1", "Status December 2025", "gereed")
    services.voortgang_melden(
        peilmoment=js.december,
        activiteit=js.wsn_activiteit,
        status="op_schema",
        acting_user=leden["wsn"],
    )
    voor = toestand()
    assert fouten(js.vastgesteld, opslaan(sheet), leden["wsn"]) == [
        f"blad Activiteiten, rij {rij}, kolom N (Status December 2025): de melding over A1 bij "
        "December 2025 is gewijzigd na uw download (versie 1, uw bestand versie 0: nog geen "
        "melding); download de jaarschijf opnieuw en breng uw wijziging daarin aan."
    ]
    assert toestand() == voor


def test_a_moved_versie_with_the_stored_content_is_no_error(js, leden):
    sheet = blad(xlsx(js.concept, leden["wsn"]))
    a1 = js.concept.activiteiten.get(nummer=1)
    zet(sheet, "A1", "Activiteit", "Zelfde titel")
    _titel_wijzigen(js.concept, a1, "Zelfde titel", leden["gemeente"])
    voor = toestand()
    resultaat = importeer(js.concept, opslaan(sheet), leden["wsn"])
    assert (resultaat.gewijzigd, toestand()) == (0, voor)


def test_a_file_without_versies_compares_with_what_is_stored_now(js, leden):
    sheet = blad(xlsx(js.concept, leden["wsn"]))
    del sheet.parent["Versies"]  # made by hand, or an older export
    a1 = js.concept.activiteiten.get(nummer=1)
    _titel_wijzigen(js.concept, a1, "Intussen gewijzigd", leden["gemeente"])
    assert importeer(js.concept, opslaan(sheet), leden["wsn"]).gewijzigd == 1
    a1.refresh_from_db()
    assert a1.titel != "Intussen gewijzigd"
