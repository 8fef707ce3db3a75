"""Fixtures for the jaarschijf tests: the Nijkerk kader with its parties and one member per
role that matters here."""

import pytest

from prestatiemonitor.organisaties.constants import Rol
from prestatiemonitor.organisaties.permissions import SYSTEEM


@pytest.fixture
def kader(nijkerk_kader):
    return nijkerk_kader


@pytest.fixture
def leden(nijkerk_parties, make_member):
    """{'gemeente_beheerder', 'gemeente_redacteur', 'wsn', 'alliantie', 'hon_redacteur',
    'hon_beheerder', 'hon_lezer'}: users with that single membership."""
    p = nijkerk_parties
    return {
        "gemeente_beheerder": make_member(p["gemeente-nijkerk"], Rol.BEHEERDER),
        "gemeente_redacteur": make_member(p["gemeente-nijkerk"], Rol.REDACTEUR),
        "wsn": make_member(p["wsn"], Rol.REDACTEUR),
        "wsn_lezer": make_member(p["wsn"], Rol.LEZER),
        "alliantie": make_member(p["de-alliantie"], Rol.REDACTEUR),
        "hon_redacteur": make_member(p["hon"], Rol.REDACTEUR),
        "hon_beheerder": make_member(p["hon"], Rol.BEHEERDER),
        "hon_lezer": make_member(p["hon"], Rol.LEZER),
    }


@pytest.fixture
def afspraak(kader):
    def get(nummer: str):
        return kader.afspraken.get(soort="strategisch", nummer=nummer)

    return get


@pytest.fixture
def jaarschijf(kader):
    from prestatiemonitor.jaarschijven.services import jaarschijf_aanmaken

    return jaarschijf_aanmaken(kader=kader, jaar=2025, acting_user=SYSTEEM)


@pytest.fixture
def nieuwe_activiteit(jaarschijf, afspraak, nijkerk_parties):
    """nieuwe_activiteit(titel, trekker_slug='wsn', afspraken=('1',), **velden)"""
    from prestatiemonitor.jaarschijven.services import ActiviteitGegevens, activiteit_opslaan

    def maak(titel="Activiteit", trekker="wsn", afspraken=("1",), acting_user=SYSTEEM, **velden):
        return activiteit_opslaan(
            jaarschijf=jaarschijf,
            gegevens=ActiviteitGegevens(
                titel=titel,
                afspraken=[afspraak(n) for n in afspraken],
                trekker=nijkerk_parties[trekker],
                **velden,
            ),
            acting_user=acting_user,
        )

    return maak


@pytest.fixture
def ks():
    """A small published kader with its five parties (``maak_kader``)."""
    from prestatiemonitor.afspraken.tests.factories import maak_kader

    return maak_kader(gepubliceerd=True)


@pytest.fixture
def w(ks):
    """The jaarschijf world on ``ks`` (tests/factories.py: 2025 vastgesteld with June closed
    and December open, 2026 a concept)."""
    from prestatiemonitor.jaarschijven.tests.factories import maak_jaarschijf_wereld

    return maak_jaarschijf_wereld(ks)


@pytest.fixture
def js(w):
    return w
