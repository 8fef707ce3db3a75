"""The Nijkerk kader with one member per role, built once per test module (``eenmalig``);
every test runs in its own savepoint, so what it imports is gone before the next one."""

import pytest


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
