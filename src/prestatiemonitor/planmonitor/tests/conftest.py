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
