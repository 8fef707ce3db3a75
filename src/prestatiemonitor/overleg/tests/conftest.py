"""The Nijkerk kader with its overlegstructuur and the published planning 2026, built once per
test module (``eenmalig``); every test runs in its own savepoint.

Members: one per role as in ``planmonitor.tests.factories.nijkerk_wereld`` plus the beheerders
of WSN and HON (who share their organisation's calendar)."""

from dataclasses import dataclass

import pytest

from prestatiemonitor.organisaties.constants import Rol
from prestatiemonitor.organisaties.permissions import SYSTEEM


@dataclass
class OverlegWereld:
    kader: object
    orgs: dict
    leden: dict
    planning_pk: int


def overleg_wereld() -> OverlegWereld:
    from prestatiemonitor.organisaties.tests.factories import LidmaatschapFactory
    from prestatiemonitor.overleg import services
    from prestatiemonitor.planmonitor.tests.factories import nijkerk_wereld

    w = nijkerk_wereld()
    w.leden["wsn_beheerder"] = LidmaatschapFactory(
        organisatie=w.orgs["wsn"], rol=Rol.BEHEERDER
    ).user
    w.leden["hon_beheerder"] = LidmaatschapFactory(
        organisatie=w.orgs["hon"], rol=Rol.BEHEERDER
    ).user
    services.structuur_inrichten(kader=w.kader, acting_user=SYSTEEM)
    planning = services.jaar_plannen(kader=w.kader, jaar=2026, acting_user=SYSTEEM)
    services.planning_publiceren(planning=planning, acting_user=SYSTEEM)
    return OverlegWereld(kader=w.kader, orgs=w.orgs, leden=w.leden, planning_pk=planning.pk)


@pytest.fixture(scope="module")
def _wereld(django_db_setup, django_db_blocker):
    from prestatiemonitor.planmonitor.tests.factories import eenmalig

    with eenmalig(django_db_blocker):
        yield overleg_wereld()


@pytest.fixture
def wereld(_wereld, db):
    return _wereld


@pytest.fixture
def kader(wereld):
    return type(wereld.kader).objects.get(pk=wereld.kader.pk)


@pytest.fixture
def overleggen(wereld):
    """The meetings of 2026 in date order."""
    from prestatiemonitor.overleg.models import Overleg

    return list(
        Overleg.objects.filter(planning_id=wereld.planning_pk)
        .select_related("overlegvorm")
        .order_by("datum", "aanvang")
    )


def eerste(overleggen, naam):
    """The first meeting of the overlegvorm with this name."""
    return next(o for o in overleggen if o.overlegvorm.naam == naam)
