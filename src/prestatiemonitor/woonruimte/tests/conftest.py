"""The Nijkerk kader with one member per role, built once per test module (``eenmalig``);
every test runs in its own savepoint, so what it imports is gone before the next one.

``data``: a small, hand-counted data set for the indicators. WSN lets 10 social homes a year:
2 to aandachtsgroepen in 2023 (20 %), 4 in 2024 (40 %), 5 in 2025 (50 %). De Alliantie lets 5
in 2024, one to a statushouder of 1 person. Taakstelling 2024: 6 + 4 = 10 persons. Stock:
Nijkerk / Centrum 80, Hoevelaken 20; every aandachtsgroep letting is in Hoevelaken."""

import pytest

from prestatiemonitor.normen import services as normen_services
from prestatiemonitor.organisaties.permissions import SYSTEEM
from prestatiemonitor.woonruimte import selectors
from prestatiemonitor.woonruimte.uitwisseling import KOLOMMEN, importeren

from .factories import csv_bestand, toewijzing, toewijzingen_csv


@pytest.fixture(scope="module")
def _wereld(django_db_setup, django_db_blocker):
    from prestatiemonitor.planmonitor.tests.factories import eenmalig, nijkerk_wereld

    with eenmalig(django_db_blocker):
        yield nijkerk_wereld()


@pytest.fixture
def wereld(_wereld, db):
    return _wereld


@pytest.fixture
def kader(wereld):
    return type(wereld.kader).objects.get(pk=wereld.kader.pk)


def _rijen(corporatie: str, jaar: int, n: int, aandacht: int, extra=None):
    """n social lettings in March of ``jaar``, the first ``aandacht`` of them to aandachtsgroepen
    in Hoevelaken (regulier route), the rest regulier in Nijkerk / Centrum."""
    rijen = []
    for i in range(n):
        velden = {"Corporatie": corporatie, "Datum": f"{jaar}-03-{i + 1:02d}"}
        if i < aandacht:
            velden.update(Aandachtsgroep="ja", Kern="Hoevelaken", Buurt="")
        velden.update((extra or {}).get(i, {}))
        rijen.append(toewijzing(**velden))
    return rijen


@pytest.fixture
def data(kader):
    rijen = (
        _rijen("WSN", 2023, 10, 2)
        + _rijen(
            "WSN",
            2024,
            10,
            4,
            {
                0: {"Route": "statushouder", "Personen": "3"},
                1: {"Route": "statushouder", "Personen": "4", "Datum": "2024-09-01"},
                5: {"Inkomen boven grens": "ja"},
                6: {"Inkomen boven grens": "ja"},
                7: {"Passend": "nee"},
                8: {"Passend": "nvt"},
            },
        )
        + _rijen("WSN", 2025, 10, 5)
        + _rijen(
            "de Alliantie",
            2024,
            5,
            1,
            {0: {"Route": "statushouder", "Personen": "1", "Datum": "2024-09-02"}},
        )
    )
    importeren(
        kader=kader,
        soort="toewijzingen",
        data=toewijzingen_csv(*rijen),
        bestandsnaam="toewijzingen.csv",
        acting_user=SYSTEEM,
    )
    importeren(
        kader=kader,
        soort="taakstelling",
        data=csv_bestand(KOLOMMEN["taakstelling"], (2024, 1, 6), (2024, 2, 4)),
        bestandsnaam="taakstelling.csv",
        acting_user=SYSTEEM,
    )
    importeren(
        kader=kader,
        soort="voorraad",
        data=csv_bestand(
            KOLOMMEN["voorraad"],
            (2024, "WSN", "Nijkerk", "Centrum", 60),
            (2024, "de Alliantie", "Nijkerk", "Centrum", 20),
            (2024, "WSN", "Hoevelaken", "", 20),
        ),
        bestandsnaam="voorraad.csv",
        acting_user=SYSTEEM,
    )
    importeren(
        kader=kader,
        soort="woningzoekenden",
        data=csv_bestand(
            KOLOMMEN["woningzoekenden"],
            (2024, "jongere", 200, 16, "", "", "", ""),
            (2024, "urgent", 10, 7, "", "", "", ""),
        ),
        bestandsnaam="zoekenden.csv",
        acting_user=SYSTEEM,
        organisatie=None,
    )
    normen_services.normen_inrichten(kader=kader, acting_user=SYSTEEM)
    return selectors.woondata(user=SYSTEEM, kader=kader)
