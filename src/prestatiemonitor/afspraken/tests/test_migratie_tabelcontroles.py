"""Migration 0005: the stored table checks (Tabel.controles JSON) become TabelControle rows."""

from decimal import Decimal

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

VOOR = [("afspraken", "0004_getypeerde_records")]
NA = [("afspraken", "0005_parser_tabelcontroles")]


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def test_stored_checks_become_typed_rows_and_the_json_field_goes(lege_database):
    apps = _migrate(VOOR)
    Gebied = apps.get_model("organisaties", "Gebied")
    Afsprakenkader = apps.get_model("afspraken", "Afsprakenkader")
    Tabel = apps.get_model("afspraken", "Tabel")
    gemeente = Gebied.objects.create(naam="Migratiedorp", soort="gemeente", cbs_code="GM9991")
    kader = Afsprakenkader.objects.create(
        gemeente=gemeente, titel="Oud kader", slug="oud-kader", periode_van=2025, periode_tot=2027
    )
    Tabel.objects.create(
        kader=kader,
        nummer="1",
        titel="Voorraad",
        kolommen=["a", "b"],
        controles=[
            {
                "tabel": "1",
                "rij": "Totaal",
                "kolom": "Onttrekking door sloop",
                "soort": "kolomtotaal",
                "gedrukt": 0,
                "berekend": -6,
            },
            {
                "rij": "Subtotaal",
                "kolom": "Sociaal",
                "soort": "subtotaal",
                "gedrukt": 3335,
                "berekend": 3235.5,
            },
            "een oude melding zonder getallen",
        ],
    )
    Tabel.objects.create(kader=kader, nummer="2", titel="Leeg", kolommen=[], controles=[])

    apps = _migrate(NA)
    TabelControle = apps.get_model("afspraken", "TabelControle")
    rows = list(
        TabelControle.objects.order_by("tabel__nummer", "volgorde").values_list(
            "tabel__nummer", "soort", "rij", "kolom", "gedrukt", "berekend", "volgorde"
        )
    )
    assert rows == [
        ("1", "kolomtotaal", "Totaal", "Onttrekking door sloop", Decimal("0"), Decimal("-6"), 1),
        ("1", "subtotaal", "Subtotaal", "Sociaal", Decimal("3335"), Decimal("3235.5"), 2),
    ]
    kolommen = [f.name for f in apps.get_model("afspraken", "Tabel")._meta.get_fields()]
    assert "controles" not in kolommen
