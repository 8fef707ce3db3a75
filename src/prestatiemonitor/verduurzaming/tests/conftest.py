"""The Nijkerk kader with its members, built once per test module (planmonitor's ``eenmalig``);
each test runs in its own savepoint inside it. Plus a corporation that is no party."""

import datetime

import pytest

from prestatiemonitor.organisaties.permissions import SYSTEEM

PEILDATUM = datetime.date(2025, 1, 1)
KOP = ("Corporatie", "VBO-id", "Kern", "Energielabel", "Registratiedatum", "Huurprijs")
# Five dwellings of WSN at 1 January 2025 (fictitious VBO-ids in Nijkerk, gemeentecode 0267).
WSN_RIJEN = [
    ("WSN", "0267010000000001", "Nijkerk", "B", "2021-03-15", "712,50"),
    ("WSN", "0267010000000002", "Hoevelaken", "E", "2014-06-01", "650,00"),
    ("WSN", "0267010000000003", "Nijkerk", "", "", ""),
    ("WSN", "0267010000000004", "Nijkerkerveen", "G", "30-11-2012", "901"),
    ("WSN", "0267010000000005", "Nijkerk", "", "", "900,07"),
]


def csv_bytes(rijen, kop=KOP) -> bytes:
    return "\r\n".join(";".join(r) for r in [kop, *rijen]).encode("utf-8")


def xlsx_bytes(rijen, kop=KOP, blad="Woningvoorraad") -> bytes:
    import io

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = blad
    ws.append(list(kop))
    for r in rijen:
        ws.append(list(r))
    uit = io.BytesIO()
    wb.save(uit)
    return uit.getvalue()


@pytest.fixture(scope="module")
def _wereld(django_db_setup, django_db_blocker):
    from prestatiemonitor.organisaties.tests.factories import OrganisatieFactory
    from prestatiemonitor.planmonitor.tests.factories import eenmalig, nijkerk_wereld

    with eenmalig(django_db_blocker):
        wereld = nijkerk_wereld()
        wereld.orgs["habion"] = OrganisatieFactory(
            naam="Stichting Habion", korte_naam="Habion", slug="habion"
        )
        yield wereld


@pytest.fixture
def wereld(_wereld, db):
    return _wereld


@pytest.fixture
def kader(wereld):
    return type(wereld.kader).objects.get(pk=wereld.kader.pk)


@pytest.fixture
def wsn_voorraad(kader):
    """WSN's five dwellings at PEILDATUM, imported as SYSTEEM."""
    from prestatiemonitor.verduurzaming.uitwisseling import importeren

    importeren(
        kader=kader,
        data=csv_bytes(WSN_RIJEN),
        bestandsnaam="wsn.csv",
        acting_user=SYSTEEM,
        peildatum=PEILDATUM,
    )
    from prestatiemonitor.verduurzaming.models import Voorraadopname

    return Voorraadopname.objects.get(kader=kader, corporatie__slug="wsn", peildatum=PEILDATUM)
