import pytest
from django.test import Client

from prestatiemonitor.afspraken.tests.factories import maak_kader
from prestatiemonitor.api.services import sleutel_aanmaken
from prestatiemonitor.jaarschijven.tests.factories import maak_jaarschijf_wereld
from prestatiemonitor.organisaties.permissions import SYSTEEM
from prestatiemonitor.planmonitor.tests.factories import maak_plan_wereld


@pytest.fixture
def ks(db):
    return maak_kader(gepubliceerd=True)


@pytest.fixture
def js(ks):
    return maak_jaarschijf_wereld(ks)


@pytest.fixture
def pm(ks):
    return maak_plan_wereld(ks)


class ApiClient:
    """A client that speaks JSON and, with a key, sends it as a Bearer token."""

    def __init__(self, geheim: str | None = None):
        self.client = Client()
        self.kop = {"HTTP_AUTHORIZATION": f"Bearer {geheim}"} if geheim else {}

    def get(self, url, **extra):
        return self.client.get(url, **self.kop, **extra)

    def post(self, url, data, **extra):
        return self.client.post(url, data, content_type="application/json", **self.kop, **extra)

    def patch(self, url, data, **extra):
        return self.client.patch(url, data, content_type="application/json", **self.kop, **extra)

    def put(self, url, data, **extra):
        return self.client.put(url, data, content_type="application/json", **self.kop, **extra)


@pytest.fixture
def sleutel(ks):
    """sleutel(org_naam, rol) -> an ApiClient with a fresh key of that organisation and role."""

    def maak(org: str, rol: str = "redacteur") -> ApiClient:
        _, geheim = sleutel_aanmaken(
            organisatie=getattr(ks, org), rol=rol, naam=f"test {org} {rol}", acting_user=SYSTEEM
        )
        return ApiClient(geheim)

    return maak


@pytest.fixture
def anoniem():
    return ApiClient()
