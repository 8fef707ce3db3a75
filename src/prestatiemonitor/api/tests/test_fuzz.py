"""The API fuzzed with schemathesis against its own schema: no server errors, and every
documented response matches the schema. Bounded: a fixed number of examples per operation
(FUZZ_VOORBEELDEN, default 15), no deadline; with an API key of WSN (redacteur) so that the
write paths run too, on the test world of the other API tests."""

import os
from pathlib import Path

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from prestatiemonitor.afspraken.tests.factories import maak_kader
from prestatiemonitor.api.services import sleutel_aanmaken
from prestatiemonitor.jaarschijven.tests.factories import maak_jaarschijf_wereld
from prestatiemonitor.organisaties.permissions import SYSTEEM
from prestatiemonitor.planmonitor.tests.factories import maak_plan_wereld

# The committed schema (test_schema.py keeps it equal to the code's).
schema = schemathesis.openapi.from_path(
    Path(__file__).resolve().parents[4] / "docs" / "api" / "openapi.yaml"
)
APP = get_wsgi_application()

VOORBEELDEN = int(os.environ.get("FUZZ_VOORBEELDEN", "15"))


@pytest.fixture
def zonder_verbinding_sluiten():
    """Requests through the WSGI app end with Django closing the database connection (the
    request_finished signal), which on PostgreSQL would end the test's transaction; Django's
    own test client switches that off the same way."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def wsn_sleutel(db, zonder_verbinding_sluiten):
    ks = maak_kader(gepubliceerd=True)
    maak_jaarschijf_wereld(ks)
    maak_plan_wereld(ks)
    return sleutel_aanmaken(organisatie=ks.wsn, rol="redacteur", naam="fuzz", acting_user=SYSTEEM)[
        1
    ]


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=VOORBEELDEN,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_against_its_schema(case, wsn_sleutel, settings):
    settings.ALLOWED_HOSTS = ["localhost"]
    for kop in ({}, {"Authorization": f"Bearer {wsn_sleutel}"}):
        case.call_and_validate(
            headers=kop, app=APP, checks=[not_a_server_error, response_schema_conformance]
        )
