"""Fixtures for the planmonitor tests: the Nijkerk kader, its members, and the demo world."""

import pytest

from prestatiemonitor.organisaties.constants import Rol


@pytest.fixture
def kader(nijkerk_kader):
    return nijkerk_kader


@pytest.fixture
def leden(nijkerk_parties, make_member):
    p = nijkerk_parties
    return {
        "gemeente_beheerder": make_member(p["gemeente-nijkerk"], Rol.BEHEERDER),
        "gemeente_redacteur": make_member(p["gemeente-nijkerk"], Rol.REDACTEUR),
        "gemeente_lezer": make_member(p["gemeente-nijkerk"], Rol.LEZER),
        "wsn": make_member(p["wsn"], Rol.REDACTEUR),
        "wsn_lezer": make_member(p["wsn"], Rol.LEZER),
        "alliantie": make_member(p["de-alliantie"], Rol.REDACTEUR),
        "hon_redacteur": make_member(p["hon"], Rol.REDACTEUR),
        "hon_lezer": make_member(p["hon"], Rol.LEZER),
    }


@pytest.fixture
def demo(kader):
    """The kader with the demo planmonitor (planmonitor/demo.py)."""
    from prestatiemonitor.planmonitor.demo import demo_planmonitor

    demo_planmonitor(kader)
    return kader


@pytest.fixture(scope="module")
def _demo_module(django_db_setup, django_db_blocker):
    """The Nijkerk kader with the demo planmonitor, built once per test module and rolled back
    after it (``eenmalig``); each test runs in its own savepoint inside it."""
    from prestatiemonitor.planmonitor.demo import demo_planmonitor

    from .factories import eenmalig, nijkerk_wereld

    with eenmalig(django_db_blocker):
        wereld = nijkerk_wereld()
        demo_planmonitor(wereld.kader)
        yield wereld


@pytest.fixture
def demo_gedeeld(_demo_module, db):
    """The shared demo kader, a fresh instance per test (use instead of ``demo`` in a module
    whose tests only need the demo as it is)."""
    return type(_demo_module.kader).objects.get(pk=_demo_module.kader.pk)
