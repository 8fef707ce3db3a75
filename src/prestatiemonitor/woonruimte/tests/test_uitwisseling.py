"""Import and export of the woonruimte files (uitwisseling.py) through the services."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from prestatiemonitor.audit.models import AuditRecord
from prestatiemonitor.organisaties.permissions import SYSTEEM
from prestatiemonitor.woonruimte.models import (
    Aanlevering,
    SocialeVoorraad,
    TaakstellingStatushouders,
    Toewijzing,
    Woningzoekenden,
)
from prestatiemonitor.woonruimte.uitwisseling import (
    KOLOMMEN,
    ImportFouten,
    export_csv,
    export_xlsx,
    importeren,
)

from .factories import (
    TOEWIJZING_KOP,
    csv_bestand,
    toewijzing,
    toewijzingen_csv,
    xlsx_bestand,
)


def _import(kader, soort, data, *, als=SYSTEEM, naam="bestand.csv", **extra):
    return importeren(
        kader=kader, soort=soort, data=data, bestandsnaam=naam, acting_user=als, **extra
    )


def _niets_geschreven():
    assert Toewijzing.objects.count() == 0
    assert Aanlevering.objects.count() == 0
    assert Woningzoekenden.objects.count() == 0
    assert TaakstellingStatushouders.objects.count() == 0
    assert SocialeVoorraad.objects.count() == 0
    assert not AuditRecord.objects.filter(actie="woonruimte.aangeleverd").exists()


# ---------------------------------------------------------------------------------------------
# Lettings


def test_toewijzingen_csv_per_corporatie_een_aanlevering(kader, wereld):
    data = toewijzingen_csv(
        toewijzing(Huurprijs="1.234,56", Route="directe bemiddeling", Buurt=""),
        toewijzing(
            Huurprijs="850",
            Route="urgentie",
            Aandachtsgroep="ja",
            Doelgroep="senior",
            Personen="1",
            Passend="nvt",
            Datum="2024-12-31",
        ),
        toewijzing(
            Corporatie="de Alliantie", Segment="middenhuur", **{"Inkomen boven grens": "ja"}
        ),
    )
    resultaat = _import(kader, "toewijzingen", data, naam="toewijzingen-2025.csv")

    assert (resultaat.nieuw, resultaat.vervangen, resultaat.ongewijzigd) == (3, 0, 0)
    wsn = wereld.orgs["wsn"]
    eerste, tweede = Toewijzing.objects.filter(corporatie=wsn).order_by("-datum")
    assert eerste.huurprijs == Decimal("1234.56")
    assert (eerste.route, eerste.buurt, eerste.jaar) == ("directe_bemiddeling", "", 2025)
    assert (eerste.segment, eerste.doelgroep, eerste.personen) == ("sociale_huur", "gezin", 3)
    assert (eerste.aandachtsgroep, eerste.inkomen_boven_grens, eerste.passend) == (
        False,
        False,
        "ja",
    )
    assert (tweede.datum, tweede.jaar, tweede.huurprijs) == (date(2024, 12, 31), 2024, Decimal(850))
    assert (tweede.route, tweede.aandachtsgroep, tweede.passend) == ("urgentie", True, "nvt")
    alliantie = Toewijzing.objects.get(corporatie=wereld.orgs["de-alliantie"])
    assert (alliantie.segment, alliantie.inkomen_boven_grens) == ("middenhuur", True)

    aanleveringen = {a.organisatie.korte_naam: a for a in Aanlevering.objects.all()}
    assert set(aanleveringen) == {"WSN", "de Alliantie"}
    a = aanleveringen["WSN"]
    assert (a.soort, a.rijen, a.jaar_van, a.jaar_tot, a.door) == (
        "toewijzingen",
        2,
        2024,
        2025,
        "systeem",
    )
    assert a.bestandsnaam == "toewijzingen-2025.csv" and len(a.sha256) == 64
    assert AuditRecord.objects.filter(actie="woonruimte.aangeleverd").count() == 2


def test_toewijzingen_xlsx_met_datumcellen(kader):
    data = xlsx_bestand(
        "Toewijzingen",
        TOEWIJZING_KOP,
        toewijzing(Datum=datetime(2025, 5, 1), Huurprijs=712.5, Personen=2),
    )
    _import(kader, "toewijzingen", data, naam="toewijzingen.xlsx")
    t = Toewijzing.objects.get()
    assert (t.datum, t.huurprijs, t.personen) == (date(2025, 5, 1), Decimal("712.50"), 2)


def test_zelfde_bestand_opnieuw_verandert_niets(kader):
    data = toewijzingen_csv(toewijzing(), toewijzing(Datum="2024-02-01"))
    _import(kader, "toewijzingen", data)
    voor = (
        list(Toewijzing.objects.values_list("pk", flat=True)),
        list(Aanlevering.objects.values_list("pk", flat=True)),
        AuditRecord.objects.count(),
    )
    resultaat = _import(kader, "toewijzingen", data)
    assert (resultaat.nieuw, resultaat.ongewijzigd, resultaat.vervangen) == (0, 2, 0)
    assert resultaat.leeg
    na = (
        list(Toewijzing.objects.values_list("pk", flat=True)),
        list(Aanlevering.objects.values_list("pk", flat=True)),
        AuditRecord.objects.count(),
    )
    assert na == voor


def test_nieuwe_aanlevering_vervangt_de_jaren_die_zij_bevat(kader):
    _import(
        kader,
        "toewijzingen",
        toewijzingen_csv(
            toewijzing(Datum="2024-03-01"), toewijzing(Datum="2025-01-10"), toewijzing()
        ),
        naam="eerst.csv",
    )
    eerste = Aanlevering.objects.get()
    resultaat = _import(
        kader, "toewijzingen", toewijzingen_csv(toewijzing(Datum="2025-06-30", Kern="Hoevelaken"))
    )
    assert (resultaat.nieuw, resultaat.vervangen) == (1, 2)
    assert sorted(Toewijzing.objects.values_list("jaar", "kern")) == [
        (2024, "Nijkerk"),
        (2025, "Hoevelaken"),
    ]
    eerste.refresh_from_db()
    assert eerste.vervangen_door == resultaat.aanleveringen[0]
    # The first file again: it is no longer in place whole, so it replaces 2024 and 2025 again.
    resultaat = _import(
        kader,
        "toewijzingen",
        toewijzingen_csv(
            toewijzing(Datum="2024-03-01"), toewijzing(Datum="2025-01-10"), toewijzing()
        ),
        naam="eerst.csv",
    )
    assert (resultaat.nieuw, resultaat.vervangen) == (3, 2)
    assert sorted(Toewijzing.objects.values_list("kern", flat=True)) == ["Nijkerk"] * 3


def test_andere_corporatie_vervangt_niets_van_de_eerste(kader):
    _import(kader, "toewijzingen", toewijzingen_csv(toewijzing()))
    _import(kader, "toewijzingen", toewijzingen_csv(toewijzing(Corporatie="de Alliantie")))
    assert Toewijzing.objects.count() == 2


# ---------------------------------------------------------------------------------------------
# Errors: the exact message, and nothing written


@pytest.mark.parametrize(
    ("kolom", "waarde", "melding"),
    [
        (
            "Corporatie",
            "Woonstad",
            "onbekende corporatie 'Woonstad'; de corporaties van dit "
            "afsprakenkader zijn: WSN, de Alliantie.",
        ),
        ("Datum", "14-03-2025", "'14-03-2025' is geen datum; schrijf JJJJ-MM-DD, bv. 2025-03-14."),
        ("Datum", "2025-02-30", "'2025-02-30' is geen datum; schrijf JJJJ-MM-DD, bv. 2025-03-14."),
        ("Datum", "2099-01-01", "de datum 2099-01-01 ligt in de toekomst."),
        ("Kern", "", "deze kolom is verplicht; vul hem in."),
        (
            "Segment",
            "koop",
            "onbekende waarde 'koop'; kies uit: sociale huur, middenhuur, vrije sector huur.",
        ),
        ("Huurprijs", "zeshonderd", "'zeshonderd' is geen bedrag of getal; schrijf bv. 1.234,56."),
        ("Huurprijs", "-5", "negatief getal (-5); vul 0 of meer in."),
        ("Huurprijs", "650,123", "hooguit twee cijfers achter de komma (nu: 650,123)."),
        (
            "Huurprijs",
            "=A1*2",
            "de cel bevat een formule (=A1*2); formules worden niet "
            "uitgerekend. Typ de waarde zelf in.",
        ),
        (
            "Route",
            "vrije keuze",
            "onbekende waarde 'vrije keuze'; kies uit: regulier, loting, "
            "urgentie, statushouder, directe bemiddeling, maatwerk, woonwagen.",
        ),
        ("Aandachtsgroep", "misschien", "'misschien' is geen ja of nee."),
        (
            "Doelgroep",
            "student",
            "onbekende waarde 'student'; kies uit: jongere, gezin, senior, overig.",
        ),
        ("Personen", "0", "vul een heel getal van 1 of meer in (nu: 0)."),
        ("Personen", "twee", "'twee' is geen heel getal."),
        ("Inkomen boven grens", "", "deze kolom is verplicht; vul hem in."),
        ("Passend", "soms", "onbekende waarde 'soms'; kies uit: ja, nee, nvt."),
    ],
)
def test_fout_in_een_rij(kader, kolom, waarde, melding):
    data = toewijzingen_csv(toewijzing(), toewijzing(), toewijzing(**{kolom: waarde}))
    with pytest.raises(ImportFouten) as exc:
        _import(kader, "toewijzingen", data, naam="toewijzingen.csv")
    letter = "ABCDEFGHIJKL"[TOEWIJZING_KOP.index(kolom)]
    assert exc.value.meldingen == [f"toewijzingen.csv, rij 4, kolom {letter} ({kolom}): {melding}"]
    _niets_geschreven()


@pytest.mark.parametrize("route", ["urgentie", "statushouder"])
def test_urgentie_en_statushouder_zijn_altijd_aandachtsgroep(kader, route):
    data = toewijzingen_csv(toewijzing(Route=route, Aandachtsgroep="nee"))
    with pytest.raises(ImportFouten) as exc:
        _import(kader, "toewijzingen", data, naam="t.csv")
    assert exc.value.meldingen == [
        f"t.csv, rij 2, kolom H (Aandachtsgroep): een toewijzing via de route {route} is altijd "
        "aan een aandachtsgroep; vul 'ja' in."
    ]
    _niets_geschreven()


def test_fout_in_xlsx_noemt_blad(kader):
    data = xlsx_bestand("Toewijzingen", TOEWIJZING_KOP, toewijzing(Personen=-1))
    with pytest.raises(ImportFouten) as exc:
        _import(kader, "toewijzingen", data, naam="t.xlsx")
    assert exc.value.meldingen == [
        "t.xlsx, blad Toewijzingen, rij 2, kolom J (Personen): vul een heel getal van 1 of meer "
        "in (nu: -1)."
    ]
    _niets_geschreven()


def test_kopregel_fouten(kader):
    kop = [k for k in TOEWIJZING_KOP if k not in ("Passend", "Route")] + ["Opmerking"]
    with pytest.raises(ImportFouten) as exc:
        _import(kader, "toewijzingen", csv_bestand(kop), naam="t.csv")
    assert exc.value.meldingen == [
        "t.csv, rij 1, kolom K (Opmerking): onbekende kolom 'Opmerking'; toewijzingen hebben de "
        "kolommen " + ", ".join(TOEWIJZING_KOP) + ".",
        "t.csv, rij 1: de kopregel mist de kolommen Route, Passend.",
    ]


def test_komma_als_scheidingsteken(kader):
    with pytest.raises(ImportFouten) as exc:
        _import(kader, "toewijzingen", b"Corporatie,Datum,Kern\r\nWSN,2025-01-01,Nijkerk\r\n")
    assert "gescheiden door komma's" in exc.value.meldingen[0]


@pytest.mark.parametrize(
    ("kolommen", "genoemd", "wat"),
    [
        (["Naam huurder"], "Naam huurder", "een naam"),
        (["Geboortedatum"], "Geboortedatum", "een geboortedatum"),
        (["BSN"], "BSN", "een burgerservicenummer"),
        (["Adres"], "Adres", "een adres"),
        (["E-mail"], "E-mail", "een e-mailadres"),
        (["Telefoon"], "Telefoon", "een telefoonnummer"),
        (["Postcode", "Huisnummer"], "Postcode", "een adres (postcode met huisnummer)"),
    ],
)
def test_persoonsgegevens_geweigerd(kader, kolommen, genoemd, wat):
    kop = [*TOEWIJZING_KOP, *kolommen]
    rij = [*toewijzing(), *("x" for _ in kolommen)]
    with pytest.raises(ImportFouten) as exc:
        _import(kader, "toewijzingen", csv_bestand(kop, rij), naam="t.csv")
    letter = "M"
    assert exc.value.meldingen[0] == (
        f"t.csv, rij 1, kolom {letter} ({genoemd}): de kolom '{genoemd}' lijkt persoonsgegevens "
        f"te bevatten ({wat}). Een aanlevering bevat geen persoonsgegevens: verwijder de kolom "
        "en lever het bestand opnieuw aan. Er is niets opgeslagen."
    )
    _niets_geschreven()


def test_postcode_alleen_is_geen_persoonsgegeven():
    from prestatiemonitor.woonruimte.uitwisseling import persoonsgegevens

    assert persoonsgegevens(["Postcode", "Kern", "Aantal", "Corporatie"]) == []
    assert persoonsgegevens(["Achternaam", "Mobiel nr", "Tel"]) == [
        ("Achternaam", "een naam"),
        ("Mobiel nr", "een telefoonnummer"),
        ("Tel", "een telefoonnummer"),
    ]


# ---------------------------------------------------------------------------------------------
# Permissions


def test_corporatie_levert_eigen_toewijzingen(kader, wereld):
    _import(kader, "toewijzingen", toewijzingen_csv(toewijzing()), als=wereld.leden["wsn"])
    a = Aanlevering.objects.get()
    assert (a.organisatie, a.vastgelegd_door, a.door) == (
        wereld.orgs["wsn"],
        wereld.leden["wsn"],
        wereld.leden["wsn"].username,
    )


def test_corporatie_mag_geen_rijen_van_een_andere_corporatie(kader, wereld):
    data = toewijzingen_csv(toewijzing(), toewijzing(Corporatie="de Alliantie"))
    with pytest.raises(ImportFouten) as exc:
        _import(kader, "toewijzingen", data, als=wereld.leden["wsn"], naam="t.csv")
    assert exc.value.meldingen == [
        "t.csv, rij 3, kolom A (Corporatie): u mag geen toewijzingen van de Alliantie "
        "aanleveren; een corporatie levert alleen haar eigen toewijzingen aan."
    ]
    _niets_geschreven()


@pytest.mark.parametrize("lid", ["wsn_lezer", "hon_redacteur", "gemeente_redacteur"])
def test_wie_geen_corporatie_redacteur_is_levert_geen_toewijzingen(kader, wereld, lid):
    with pytest.raises(PermissionDenied):
        _import(kader, "toewijzingen", toewijzingen_csv(toewijzing()), als=wereld.leden[lid])
    _niets_geschreven()


@pytest.mark.parametrize("soort", ["toewijzingen", "woningzoekenden", "taakstelling", "voorraad"])
def test_zonder_handelende_gebruiker_geweigerd(kader, soort):
    with pytest.raises(PermissionDenied, match="zonder handelende gebruiker"):
        _import(kader, soort, toewijzingen_csv(toewijzing()), als=None)
    _niets_geschreven()


TAAKSTELLING = csv_bestand(KOLOMMEN["taakstelling"], (2025, 1, 24), (2025, 2, 21))


def test_gemeente_levert_taakstelling(kader, wereld):
    resultaat = _import(kader, "taakstelling", TAAKSTELLING, als=wereld.leden["gemeente_redacteur"])
    assert resultaat.nieuw == 2
    assert list(TaakstellingStatushouders.objects.values_list("jaar", "halfjaar", "personen")) == [
        (2025, 1, 24),
        (2025, 2, 21),
    ]
    assert {s.organisatie for s in TaakstellingStatushouders.objects.all()} == {
        wereld.orgs["gemeente-nijkerk"]
    }


@pytest.mark.parametrize("lid", ["wsn", "gemeente_lezer"])
def test_corporatie_levert_geen_taakstelling(kader, wereld, lid):
    with pytest.raises(PermissionDenied) as exc:
        _import(kader, "taakstelling", TAAKSTELLING, als=wereld.leden[lid])
    assert str(exc.value) == "Alleen de gemeente levert de taakstelling statushouders aan."
    _niets_geschreven()


def test_taakstelling_fouten(kader):
    data = csv_bestand(KOLOMMEN["taakstelling"], (2025, 3, 10), (2025, 1, 5), (2025, 1, 6))
    with pytest.raises(ImportFouten) as exc:
        _import(kader, "taakstelling", data, naam="ts.csv")
    assert exc.value.meldingen == [
        "ts.csv, rij 2, kolom B (Halfjaar): het halfjaar is 1 of 2 (nu: 3).",
        "ts.csv, rij 4, kolom B (Halfjaar): halfjaar 1 van 2025 staat ook in rij 3; elke "
        "combinatie mag één keer in het bestand staan.",
    ]
    _niets_geschreven()


# ---------------------------------------------------------------------------------------------
# Aggregates: upsert on the natural key

ZOEKENDEN = csv_bestand(
    KOLOMMEN["woningzoekenden"][:7],
    (2024, "jongere", 1200, 96, "3,5", "2,1", "142,3"),
    (2024, "urgent", 40, 44, "", "", ""),
)


def test_woningzoekenden(kader, wereld):
    resultaat = _import(kader, "woningzoekenden", ZOEKENDEN, als=wereld.leden["wsn"])
    assert (resultaat.nieuw, resultaat.gewijzigd) == (2, 0)
    jongeren = Woningzoekenden.objects.get(doelgroep="jongere")
    assert (jongeren.jaar, jongeren.actief, jongeren.gehuisvest) == (2024, 1200, 96)
    assert (jongeren.inschrijfduur, jongeren.zoekduur, jongeren.reacties_per_woning) == (
        Decimal("3.5"),
        Decimal("2.1"),
        Decimal("142.3"),
    )
    assert (jongeren.definitie, jongeren.aangeleverd) == ("Monitor WNR", True)
    assert jongeren.organisatie == wereld.orgs["wsn"]
    urgent = Woningzoekenden.objects.get(doelgroep="urgent")
    assert (urgent.actief, urgent.gehuisvest, urgent.zoekduur) == (40, 44, None)

    # Identical again: nothing written, no delivery, no audit row, no history.
    voor = (Aanlevering.objects.count(), AuditRecord.objects.count(), jongeren.history.count())
    resultaat = _import(kader, "woningzoekenden", ZOEKENDEN, als=wereld.leden["wsn"])
    assert (resultaat.nieuw, resultaat.gewijzigd, resultaat.ongewijzigd) == (0, 0, 2)
    assert (
        Aanlevering.objects.count(),
        AuditRecord.objects.count(),
        jongeren.history.count(),
    ) == voor

    # One figure changed: that row updated, under a new delivery.
    gewijzigd = csv_bestand(
        KOLOMMEN["woningzoekenden"], (2024, "jongere", 1250, 96, "3,5", "2,1", "142,3", "eigen")
    )
    resultaat = _import(kader, "woningzoekenden", gewijzigd, als=wereld.leden["wsn"])
    assert (resultaat.nieuw, resultaat.gewijzigd, resultaat.ongewijzigd) == (0, 1, 0)
    jongeren.refresh_from_db()
    assert (jongeren.actief, jongeren.definitie) == (1250, "eigen")
    assert jongeren.aanlevering == resultaat.aanleveringen[0]
    assert Woningzoekenden.objects.count() == 2


def test_woningzoekenden_van_twee_organisaties_naast_elkaar(kader, wereld):
    _import(kader, "woningzoekenden", ZOEKENDEN, als=wereld.leden["wsn"])
    _import(kader, "woningzoekenden", ZOEKENDEN, als=wereld.leden["alliantie"])
    assert Woningzoekenden.objects.count() == 4


def test_woningzoekenden_fouten(kader):
    data = csv_bestand(
        KOLOMMEN["woningzoekenden"][:4],
        (1990, "jongere", 10, 1),
        (2024, "kind", 10, 1),
        (2024, "gezin", -3, 1),
    )
    with pytest.raises(ImportFouten) as exc:
        _import(kader, "woningzoekenden", data, naam="wz.csv")
    assert exc.value.meldingen == [
        "wz.csv, rij 2, kolom A (Jaar): het jaar 1990 ligt niet tussen 2000 en 2100.",
        "wz.csv, rij 3, kolom B (Doelgroep): onbekende waarde 'kind'; kies uit: jongere, gezin, "
        "senior, urgent, overig.",
        "wz.csv, rij 4, kolom C (Actief): vul een heel getal van 0 of meer in (nu: -3).",
    ]
    _niets_geschreven()


def test_voorraad(kader, wereld):
    data = csv_bestand(
        KOLOMMEN["voorraad"],
        (2025, "WSN", "Nijkerk", "Centrum", "1.234"),
        (2025, "de Alliantie", "Hoevelaken", "", 310),
    )
    resultaat = _import(kader, "voorraad", data, als=wereld.leden["gemeente_beheerder"])
    assert resultaat.nieuw == 2
    assert sorted(
        SocialeVoorraad.objects.values_list("corporatie__korte_naam", "kern", "buurt", "aantal")
    ) == [("WSN", "Nijkerk", "Centrum", 1234), ("de Alliantie", "Hoevelaken", "", 310)]
    assert _import(kader, "voorraad", data).ongewijzigd == 2

    with pytest.raises(PermissionDenied, match="Alleen de gemeente levert de sociale voorraad"):
        _import(kader, "voorraad", data, als=wereld.leden["wsn"])


def test_voorraad_zonder_jaar_is_van_dit_jaar(kader):
    from django.utils import timezone

    data = csv_bestand(("Corporatie", "Kern", "Aantal"), ("WSN", "Nijkerk", 900))
    _import(kader, "voorraad", data)
    assert SocialeVoorraad.objects.get().jaar == timezone.localdate().year


# ---------------------------------------------------------------------------------------------
# Export: the same columns, what the user may see in detail


def _lettings(kader):
    _import(
        kader,
        "toewijzingen",
        toewijzingen_csv(
            toewijzing(Huurprijs="1.234,56", Buurt=""),
            toewijzing(Corporatie="de Alliantie", Kern="=HYPERLINK()"),
        ),
    )


def test_export_csv_in_de_importkolommen_en_terug(kader, wereld):
    _lettings(kader)
    data = export_csv(kader=kader, soort="toewijzingen", user=SYSTEEM)
    regels = data.decode("utf-8-sig").splitlines()
    assert regels == [
        ";".join(TOEWIJZING_KOP),
        "WSN;2025-03-14;Nijkerk;;sociale huur;1234,56;regulier;nee;gezin;3;nee;ja",
        "de Alliantie;2025-03-14;'=HYPERLINK();Centrum;sociale huur;650,00;regulier;nee;gezin;"
        "3;nee;ja",
    ]
    # The export imports again: the same lettings (replacing themselves).
    resultaat = _import(kader, "toewijzingen", data, naam="export.csv")
    assert (resultaat.nieuw, resultaat.vervangen) == (2, 2)
    assert export_csv(kader=kader, soort="toewijzingen", user=SYSTEEM) == data


def test_export_xlsx_en_terug(kader):
    _lettings(kader)
    data = export_xlsx(kader=kader, soort="toewijzingen", user=SYSTEEM)
    voor = export_csv(kader=kader, soort="toewijzingen", user=SYSTEEM)
    resultaat = _import(kader, "toewijzingen", data, naam="export.xlsx")
    assert resultaat.nieuw == 2
    assert export_csv(kader=kader, soort="toewijzingen", user=SYSTEEM) == voor


def test_corporatie_exporteert_alleen_eigen_rijen(kader, wereld):
    _lettings(kader)
    regels = export_csv(kader=kader, soort="toewijzingen", user=wereld.leden["wsn_lezer"])
    assert [r.split(";")[0] for r in regels.decode("utf-8-sig").splitlines()] == [
        "Corporatie",
        "WSN",
    ]
    leeg = export_csv(kader=kader, soort="toewijzingen", user=wereld.leden["hon_redacteur"])
    assert leeg.decode("utf-8-sig").splitlines() == [";".join(TOEWIJZING_KOP)]


def test_export_aggregaten(kader, wereld):
    _import(kader, "taakstelling", TAAKSTELLING)
    _import(kader, "woningzoekenden", ZOEKENDEN, als=wereld.leden["wsn"])
    assert export_csv(kader=kader, soort="taakstelling", user=wereld.leden["gemeente_lezer"]) == (
        "\ufeffJaar;Halfjaar;Personen\r\n2025;1;24\r\n2025;2;21\r\n".encode()
    )
    zoekenden = export_csv(kader=kader, soort="woningzoekenden", user=wereld.leden["wsn"])
    assert zoekenden.decode("utf-8-sig").splitlines()[1:] == [
        "2024;jongere;1200;96;3,50;2,10;142,30;Monitor WNR",
        "2024;urgent;40;44;;;;Monitor WNR",
    ]
    assert _import(kader, "woningzoekenden", zoekenden, als=wereld.leden["wsn"]).ongewijzigd == 2
    niets = export_csv(kader=kader, soort="woningzoekenden", user=wereld.leden["alliantie"])
    assert len(niets.decode("utf-8-sig").splitlines()) == 1


def test_voorraad_in_detail_voor_gemeente_en_eigen_corporatie(kader, wereld):
    data = csv_bestand(
        KOLOMMEN["voorraad"],
        (2025, "WSN", "Nijkerk", "", 1200),
        (2025, "de Alliantie", "Hoevelaken", "", 310),
    )
    _import(kader, "voorraad", data, als=wereld.leden["gemeente_redacteur"])

    def kernen(lid):
        return sorted(
            SocialeVoorraad.objects.in_detail(wereld.leden[lid]).values_list("kern", flat=True)
        )

    assert kernen("gemeente_lezer") == ["Hoevelaken", "Nijkerk"]
    assert kernen("wsn_lezer") == ["Nijkerk"]
    assert kernen("alliantie") == ["Hoevelaken"]
    assert kernen("hon_lezer") == []
