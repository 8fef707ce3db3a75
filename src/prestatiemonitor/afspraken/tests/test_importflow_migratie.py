"""The data migration of Bijstelling.wijzigingen (JSON) into BijstellingWijziging rows."""

import importlib

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

migratie = importlib.import_module(
    "prestatiemonitor.afspraken.migrations.0006_importflow_wijzigingen_naar_rijen"
)


def test_an_import_entry_with_several_fields_becomes_one_row_per_field():
    item = {
        "onderdeel": "afspraak",
        "sleutel": "7",
        "actie": "gewijzigd",
        "velden": ["partijen", "trekker", "jaar", "termijn"],
        "oud": "partijen: WSN, de Alliantie | trekker: — | jaar: — | termijn: —",
        "nieuw": "partijen: WSN, gemeente | trekker: gemeente | jaar: 2026 | termijn: voor eind 2026",
    }
    assert [(r["veld"], r["oud"], r["nieuw"]) for r in migratie._rijen(item)] == [
        ("partijen", "WSN, de Alliantie", "WSN, gemeente"),
        ("trekker", "—", "gemeente"),
        ("jaar", "—", "2026"),
        ("termijn", "—", "voor eind 2026"),
    ]


def test_thema_kader_and_unsplittable_entries():
    thema = {
        "onderdeel": "thema",
        "sleutel": "2",
        "actie": "gewijzigd",
        "velden": ["titel", "doel"],
        "oud": "Zorg / Meer zorg",
        "nieuw": "Zorg en welzijn / Meer zorg thuis",
    }
    assert [(r["veld"], r["oud"], r["nieuw"]) for r in migratie._rijen(thema)] == [
        ("titel", "Zorg", "Zorg en welzijn"),
        ("doel", "Meer zorg", "Meer zorg thuis"),
    ]
    nieuw = {
        "onderdeel": "afspraak",
        "sleutel": "30",
        "actie": "nieuw",
        "velden": [],
        "oud": "",
        "nieuw": "WSN en de gemeente…",
    }
    assert migratie._rijen(nieuw) == [
        {
            "onderdeel": "afspraak",
            "sleutel": "30",
            "actie": "nieuw",
            "veld": "",
            "oud": "",
            "nieuw": "WSN en de gemeente…",
        }
    ]
    # values that do not split per field are kept whole, with all fields named
    raar = {
        "onderdeel": "tabel",
        "sleutel": "1",
        "actie": "gewijzigd",
        "velden": ["rijen", "kolommen"],
        "oud": "a",
        "nieuw": "b",
    }
    assert [(r["veld"], r["oud"], r["nieuw"]) for r in migratie._rijen(raar)] == [
        ("rijen, kolommen", "a", "b")
    ]


def test_the_migration_converts_stored_json_into_rows_linked_to_the_afspraak(lege_database):
    executor = MigrationExecutor(connection)
    executor.migrate([("afspraken", "0005_importflow_importconcept_document")])
    apps = executor.loader.project_state(
        [("afspraken", "0005_importflow_importconcept_document")]
    ).apps
    Gebied = apps.get_model("organisaties", "Gebied")
    Kader = apps.get_model("afspraken", "Afsprakenkader")
    Afspraak = apps.get_model("afspraken", "Afspraak")
    Bijstelling = apps.get_model("afspraken", "Bijstelling")
    gemeente = Gebied.objects.create(naam="Nijkerk", cbs_code="GM0267", soort="gemeente")
    kader = Kader.objects.create(
        gemeente=gemeente, titel="T", slug="t", periode_van=2025, periode_tot=2027
    )
    afspraak = Afspraak.objects.create(kader=kader, soort="strategisch", nummer="7", tekst="x")
    Bijstelling.objects.create(
        kader=kader,
        datum="2025-12-11",
        reden="r",
        wijzigingen=[
            {
                "onderdeel": "afspraak",
                "sleutel": "7",
                "actie": "gewijzigd",
                "velden": ["tekst"],
                "oud": "x",
                "nieuw": "y",
            },
            {
                "onderdeel": "begrip",
                "sleutel": "Jaarschijf",
                "actie": "verwijderd",
                "velden": [],
                "oud": "def",
                "nieuw": "",
            },
        ],
    )
    # Forward to today's afspraken (0006 converts, later ones drop the JSON field): the rows are
    # read with today's model.
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([n for n in executor.loader.graph.leaf_nodes() if n[0] == "afspraken"])
    from prestatiemonitor.afspraken.models import BijstellingWijziging

    assert list(
        BijstellingWijziging.objects.order_by("volgorde").values_list(
            "onderdeel", "sleutel", "actie", "veld", "oud", "nieuw", "afspraak_id"
        )
    ) == [
        ("afspraak", "7", "gewijzigd", "tekst", "x", "y", afspraak.pk),
        ("begrip", "Jaarschijf", "verwijderd", "", "def", "", None),
    ]
