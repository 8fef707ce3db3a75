"""The file "Woningvoorraad met labels" (verduurzaming/uitwisseling.py): import, every error
with its exact message and nothing written, personal data refused, the same file again changes
nothing, permissions per row, and the export in the same columns."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from prestatiemonitor.audit.models import AuditRecord
from prestatiemonitor.organisaties.permissions import SYSTEEM
from prestatiemonitor.planmonitor.uitwisseling import ImportFouten
from prestatiemonitor.verduurzaming.constants import Energielabel
from prestatiemonitor.verduurzaming.models import Voorraadopname, Woning
from prestatiemonitor.verduurzaming.uitwisseling import (
    KOLOMMEN,
    importeren,
    persoonsgegevens,
    woningvoorraad_csv,
    woningvoorraad_xlsx,
)

from .conftest import KOP, PEILDATUM, WSN_RIJEN, csv_bytes, xlsx_bytes


def _importeer(kader, user, data, naam="wsn.csv", peildatum=PEILDATUM):
    return importeren(
        kader=kader, data=data, bestandsnaam=naam, acting_user=user, peildatum=peildatum
    )


def _niets_geschreven():
    assert Voorraadopname.objects.count() == 0
    assert Woning.objects.count() == 0
    assert not AuditRecord.objects.filter(actie__startswith="voorraadopname.").exists()


def test_import_stores_the_opname_and_its_dwellings(kader, wereld):
    wsn = wereld.leden["wsn"]
    resultaat = _importeer(kader, wsn, csv_bytes(WSN_RIJEN))

    assert resultaat.samenvatting == "WSN per 01-01-2025: 5 woningen vastgelegd"
    opname = Voorraadopname.objects.get()
    assert (opname.corporatie.slug, opname.peildatum, opname.aantal) == ("wsn", PEILDATUM, 5)
    assert opname.bestandsnaam == "wsn.csv"
    assert len(opname.sha256) == 64
    assert opname.aangeleverd_door == wsn
    woningen = {w.vbo_id: w for w in Woning.objects.all()}
    w1 = woningen["0267010000000001"]
    assert (w1.kern, w1.energielabel, w1.registratiedatum, w1.huurprijs) == (
        "Nijkerk",
        Energielabel.B,
        datetime.date(2021, 3, 15),
        Decimal("712.50"),
    )
    assert woningen["0267010000000004"].registratiedatum == datetime.date(2012, 11, 30)
    assert woningen["0267010000000003"].energielabel is None
    assert woningen["0267010000000003"].huurprijs is None
    audit = AuditRecord.objects.get(actie="voorraadopname.aangeleverd")
    assert audit.omschrijving == (
        "Woningvoorraad van WSN per 01-01-2025 aangeleverd uit 'wsn.csv': 5 woningen."
    )


def test_the_same_file_again_changes_nothing_also_as_xlsx_in_another_order(kader, wereld):
    wsn = wereld.leden["wsn"]
    _importeer(kader, wsn, csv_bytes(WSN_RIJEN))
    pks = set(Woning.objects.values_list("pk", flat=True))

    opnieuw = _importeer(kader, wsn, csv_bytes(WSN_RIJEN))
    als_xlsx = _importeer(kader, wsn, xlsx_bytes(list(reversed(WSN_RIJEN))), naam="wsn.xlsx")

    assert opnieuw.samenvatting == "WSN per 01-01-2025: 5 woningen ongewijzigd"
    assert als_xlsx.samenvatting == "WSN per 01-01-2025: 5 woningen ongewijzigd"
    assert set(Woning.objects.values_list("pk", flat=True)) == pks
    assert AuditRecord.objects.filter(actie__startswith="voorraadopname.").count() == 1
    assert Voorraadopname.objects.get().bestandsnaam == "wsn.csv"


def test_changed_content_replaces_the_opname_of_that_peildatum(kader, wereld):
    wsn = wereld.leden["wsn"]
    _importeer(kader, wsn, csv_bytes(WSN_RIJEN))
    nieuw = [WSN_RIJEN[0], ("WSN", "0267010000000002", "Hoevelaken", "A", "2024-10-01", "650")]

    resultaat = _importeer(kader, wsn, csv_bytes(nieuw), naam="wsn-2.csv")

    assert resultaat.samenvatting == "WSN per 01-01-2025: 2 woningen vastgelegd"
    opname = Voorraadopname.objects.get()
    assert (opname.aantal, opname.bestandsnaam) == (2, "wsn-2.csv")
    assert dict(Woning.objects.values_list("vbo_id", "energielabel")) == {
        "0267010000000001": Energielabel.B,
        "0267010000000002": Energielabel.A,
    }
    assert AuditRecord.objects.filter(actie="voorraadopname.vervangen").count() == 1
    assert opname.history.count() == 2


def test_a_peildatum_column_makes_one_opname_per_date(kader):
    kop = ("Corporatie", "Peildatum", *KOP[1:])
    rijen = [
        ("WSN", "2024-01-01", "0267010000000001", "Nijkerk", "C", "2015-03-15", ""),
        ("WSN", "2025-01-01", "0267010000000001", "Nijkerk", "B", "2024-03-15", ""),
    ]
    resultaat = importeren(
        kader=kader, data=csv_bytes(rijen, kop), bestandsnaam="w.csv", acting_user=SYSTEEM
    )
    assert resultaat.samenvatting == (
        "WSN per 01-01-2024: 1 woningen vastgelegd; WSN per 01-01-2025: 1 woningen vastgelegd"
    )
    assert list(
        Voorraadopname.objects.order_by("peildatum").values_list("peildatum", "aantal")
    ) == [
        (datetime.date(2024, 1, 1), 1),
        (datetime.date(2025, 1, 1), 1),
    ]


def test_a_vbo_id_as_a_number_cell_gets_its_leading_zero_back(kader):
    rijen = [("WSN", 267010000000001, "Nijkerk", "A", datetime.date(2023, 5, 1), 712.5)]
    _importeer(kader, SYSTEEM, xlsx_bytes(rijen), naam="wsn.xlsx")
    w = Woning.objects.get()
    assert (w.vbo_id, w.huurprijs) == ("0267010000000001", Decimal("712.50"))


def _met(index, kolom, waarde):
    rijen = [list(r) for r in WSN_RIJEN]
    rijen[index][KOP.index(kolom)] = waarde
    return [tuple(r) for r in rijen]


@pytest.mark.parametrize(
    ("rijen", "melding"),
    [
        (
            _met(0, "VBO-id", "12345"),
            "wsn.csv, rij 2, kolom B (VBO-id): '12345' is geen geldig VBO-id: een "
            "BAG-verblijfsobject-id heeft precies 16 cijfers (bv. 0267010000123456).",
        ),
        (
            _met(1, "VBO-id", "267010000000002"),
            "wsn.csv, rij 3, kolom B (VBO-id): '267010000000002' is geen geldig VBO-id: een "
            "BAG-verblijfsobject-id heeft precies 16 cijfers (bv. 0267010000123456). Is de "
            "voorloopnul weggevallen? Zet de kolom in Excel op Tekst.",
        ),
        (
            _met(0, "Energielabel", "H"),
            "wsn.csv, rij 2, kolom D (Energielabel): onbekend energielabel 'H'; gebruik "
            "A+++++, A++++, A+++, A++, A+, A, B, C, D, E, F, G, of laat de cel leeg als de "
            "woning geen label heeft.",
        ),
        (
            _met(0, "Registratiedatum", "31-02-2020"),
            "wsn.csv, rij 2, kolom E (Registratiedatum): '31-02-2020' is geen datum; gebruik "
            "JJJJ-MM-DD (bv. 2021-03-15).",
        ),
        (
            _met(0, "Registratiedatum", ""),
            "wsn.csv, rij 2, kolom E (Registratiedatum): de registratiedatum ontbreekt; een "
            "label is 10 jaar geldig vanaf die datum.",
        ),
        (
            _met(0, "Registratiedatum", "2025-02-01"),
            "wsn.csv, rij 2, kolom E (Registratiedatum): de registratiedatum 01-02-2025 ligt "
            "na de peildatum 01-01-2025.",
        ),
        (
            _met(2, "Registratiedatum", "2020-01-01"),
            "wsn.csv, rij 4, kolom E (Registratiedatum): een registratiedatum zonder "
            "energielabel; vul het label in of maak de cel leeg.",
        ),
        (
            _met(0, "Huurprijs", "duur"),
            "wsn.csv, rij 2, kolom F (Huurprijs): 'duur' is geen huurprijs; gebruik een "
            "bedrag in euro per maand, bv. 712,50.",
        ),
        (
            _met(0, "Kern", ""),
            "wsn.csv, rij 2, kolom C (Kern): de kern ontbreekt.",
        ),
        (
            [*WSN_RIJEN, ("WSN", "0267010000000002", "Nijkerk", "", "", "")],
            "wsn.csv, rij 7, kolom B (VBO-id): VBO-id 0267010000000002 staat al in rij 3 voor "
            "WSN per 01-01-2025; een woning staat één keer in de opname.",
        ),
        (
            _met(0, "Corporatie", "Woonstede"),
            "wsn.csv, rij 2, kolom A (Corporatie): onbekende corporatie 'Woonstede'.",
        ),
        (
            _met(0, "Corporatie", "Habion"),
            "wsn.csv, rij 2, kolom A (Corporatie): Habion is geen partij bij dit afsprakenkader.",
        ),
        (
            _met(0, "Corporatie", "de Alliantie"),
            "wsn.csv, rij 2, kolom A (Corporatie): u mag de woningvoorraad van de Alliantie "
            "niet aanleveren; een corporatie levert alleen haar eigen woningen aan.",
        ),
    ],
)
def test_each_error_is_named_and_nothing_is_written(kader, wereld, rijen, melding):
    with pytest.raises(ImportFouten) as exc:
        _importeer(kader, wereld.leden["wsn"], csv_bytes(rijen))
    assert exc.value.meldingen == [melding]
    _niets_geschreven()


def test_every_error_of_the_file_is_reported_at_once(kader, wereld):
    rijen = _met(0, "VBO-id", "x")
    rijen[3] = ("WSN", "0267010000000004", "Nijkerk", "Z", "2012-11-30", "-5")
    with pytest.raises(ImportFouten) as exc:
        _importeer(kader, wereld.leden["wsn"], csv_bytes(rijen))
    assert [(f.rij, f.kolom) for f in exc.value.fouten] == [
        (2, "VBO-id"),
        (5, "Energielabel"),
        (5, "Huurprijs"),
    ]
    _niets_geschreven()


def test_errors_in_an_xlsx_name_the_sheet(kader):
    with pytest.raises(ImportFouten) as exc:
        _importeer(kader, SYSTEEM, xlsx_bytes(_met(0, "Energielabel", "AAA")), naam="w.xlsx")
    assert exc.value.meldingen[0].startswith(
        "w.xlsx, blad Woningvoorraad, rij 2, kolom D (Energielabel): onbekend energielabel 'AAA'"
    )


def _persoonlijk(letter: str, kolom: str, wat: str) -> str:
    return (
        f"wsn.csv, rij 1, kolom {letter} ({kolom}): de kolom '{kolom}' lijkt persoonsgegevens te "
        f"bevatten ({wat}). Een aanlevering bevat geen persoonsgegevens: verwijder de kolom en "
        "lever het bestand opnieuw aan. Er is niets opgeslagen."
    )


@pytest.mark.parametrize(
    ("kolommen", "meldingen"),
    [
        (("Naam huurder",), [_persoonlijk("G", "Naam huurder", "een naam")]),
        (("Geboortedatum",), [_persoonlijk("G", "Geboortedatum", "een geboortedatum")]),
        (
            ("Postcode", "Huisnummer"),
            [
                _persoonlijk("G", "Postcode", "een adres (postcode met huisnummer)"),
                _persoonlijk("H", "Huisnummer", "een adres (postcode met huisnummer)"),
            ],
        ),
    ],
)
def test_personal_data_columns_refuse_the_file(kader, kolommen, meldingen):
    kop = (*KOP, *kolommen)
    rijen = [(*r, *("x" for _ in kolommen)) for r in WSN_RIJEN]
    with pytest.raises(ImportFouten) as exc:
        _importeer(kader, SYSTEEM, csv_bytes(rijen, kop))
    assert exc.value.meldingen == meldingen
    _niets_geschreven()


def test_personal_data_patterns():
    gevonden = persoonsgegevens(
        ["BSN", "E-mail", "Telefoon", "Adres", "Straatnaam", "Kern", "Huurprijs", "Postcode"]
    )
    assert [k for k, _ in gevonden] == ["BSN", "E-mail", "Telefoon", "Adres", "Straatnaam"]


def test_file_level_errors(kader):
    with pytest.raises(ImportFouten) as exc:
        _importeer(kader, SYSTEEM, csv_bytes(WSN_RIJEN), peildatum=None)
    assert exc.value.meldingen == [
        "wsn.csv, rij 1: er is geen peildatum: geef een kolom Peildatum of geef de peildatum op "
        "bij de import."
    ]
    with pytest.raises(ImportFouten) as exc:
        _importeer(kader, SYSTEEM, b"Corporatie,VBO-id,Kern\r\nWSN,1,Nijkerk\r\n")
    assert exc.value.meldingen == [
        "wsn.csv: de kolommen zijn gescheiden door komma's; gebruik een puntkomma (;), zoals "
        "Excel 'CSV (gescheiden door lijstscheidingsteken)' doet."
    ]
    with pytest.raises(ImportFouten) as exc:
        _importeer(kader, SYSTEEM, csv_bytes([], kop=KOP[:3]))
    assert exc.value.meldingen == [
        "wsn.csv, rij 1: de kopregel mist de kolommen Energielabel, Registratiedatum, Huurprijs."
    ]
    _niets_geschreven()


@pytest.mark.parametrize("wie", ["hon_redacteur", "hon_lezer", "wsn_lezer", "gemeente_lezer", None])
def test_who_may_not_deliver_at_all_is_refused(kader, wereld, wie):
    user = wereld.leden[wie] if wie else None
    with pytest.raises(PermissionDenied, match="U mag geen woningvoorraad aanleveren"):
        _importeer(kader, user, csv_bytes(WSN_RIJEN))
    _niets_geschreven()


def test_the_gemeente_does_not_deliver_a_corporations_stock(kader, wereld):
    with pytest.raises(ImportFouten) as exc:
        _importeer(kader, wereld.leden["gemeente_redacteur"], csv_bytes(WSN_RIJEN[:1]))
    assert exc.value.meldingen == [
        "wsn.csv, rij 2, kolom A (Corporatie): u mag de woningvoorraad van WSN niet "
        "aanleveren; een corporatie levert alleen haar eigen woningen aan."
    ]
    _niets_geschreven()


def test_export_has_the_same_columns_and_imports_back_unchanged(kader, wereld, wsn_voorraad):
    wsn = wereld.leden["wsn"]
    csv_data = woningvoorraad_csv(kader=kader, user=wsn)
    regels = csv_data.decode("utf-8-sig").splitlines()
    assert regels[0] == ";".join(KOLOMMEN)
    assert regels[1] == "WSN;2025-01-01;0267010000000001;Nijkerk;B;2021-03-15;712,50"
    assert regels[3] == "WSN;2025-01-01;0267010000000003;Nijkerk;;;"
    xlsx_data = woningvoorraad_xlsx(kader=kader, user=wsn)

    for data, naam in ((csv_data, "export.csv"), (xlsx_data, "export.xlsx")):
        resultaat = importeren(kader=kader, data=data, bestandsnaam=naam, acting_user=wsn)
        assert resultaat.samenvatting == "WSN per 01-01-2025: 5 woningen ongewijzigd"


def test_export_shows_only_the_own_corporations_dwellings(kader, wereld, wsn_voorraad):
    for wie in ("alliantie", "gemeente_beheerder", "hon_lezer"):
        regels = woningvoorraad_csv(kader=kader, user=wereld.leden[wie]).decode("utf-8-sig")
        assert regels.splitlines() == [";".join(KOLOMMEN)], wie
    assert len(woningvoorraad_csv(kader=kader, user=wereld.leden["wsn_lezer"]).splitlines()) == 6
