"""Shared fixtures: the Nijkerk parties and one user per (organisation, role)."""

from pathlib import Path

import pytest

NIJKERK_DOCUMENT = (
    Path(__file__).parent
    / "src"
    / "prestatiemonitor"
    / "data"
    / "prestatieafspraken-nijkerk-2025-2027.md"
)


@pytest.fixture(autouse=True)
def _bijlagen_in_tmp(settings, tmp_path):
    """Evidence files of a test go to its own temporary directory, never to var/."""
    settings.BIJLAGEN_ROOT = tmp_path / "bijlagen"


@pytest.fixture
def nijkerk_document_bytes() -> bytes:
    return NIJKERK_DOCUMENT.read_bytes()


@pytest.fixture
def nijkerk_parties(db):
    from prestatiemonitor.organisaties.demo import ensure_nijkerk_parties

    return ensure_nijkerk_parties()


@pytest.fixture
def make_member(db):
    """make_member(organisatie, rol) -> a user with that single membership."""
    from prestatiemonitor.organisaties.tests.factories import LidmaatschapFactory

    def make(organisatie, rol):
        return LidmaatschapFactory(organisatie=organisatie, rol=rol).user

    return make


@pytest.fixture
def nijkerk_kader(nijkerk_parties, nijkerk_document_bytes):
    """The Nijkerk 2025–2027 kader, imported from the real document (not published)."""
    from prestatiemonitor.afspraken.importer.services import gemeente_by_code, import_document
    from prestatiemonitor.organisaties.permissions import SYSTEEM

    verslag = import_document(
        data=nijkerk_document_bytes,
        bestandsnaam="prestatieafspraken-nijkerk-2025-2027.md",
        gemeente=gemeente_by_code("GM0267"),
        acting_user=SYSTEEM,
    )
    return verslag.kader
