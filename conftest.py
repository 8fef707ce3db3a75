"""Shared fixtures: the Nijkerk parties and one user per (organisation, role)."""

from pathlib import Path

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher

# Passwords in tests are hashed with Argon2 as in production (settings.PASSWORD_HASHERS is not
# changed, hashes still start with "argon2"), but with the smallest cost: the production cost
# (100 MiB, 2 passes, 8 lanes) takes ~0.2 s per hash and the suite hashes hundreds of them.
Argon2PasswordHasher.time_cost = 1
Argon2PasswordHasher.memory_cost = 64  # KiB
Argon2PasswordHasher.parallelism = 1

NIJKERK_DOCUMENT = (
    Path(__file__).parent
    / "src"
    / "prestatiemonitor"
    / "data"
    / "prestatieafspraken-nijkerk-2025-2027.md"
)


_SQLITE_NA_MIGRATIES: list[Path] = []


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, tmp_path_factory):
    """pytest-django's test database; on SQLite also a copy of it as ``migrate`` left it, made
    before any test ran (``sqlite_na_migraties``)."""
    from django.db import connection

    # Only when a test database was made (a run of tests that do not use the database makes
    # none, and the connection still points at the development database).
    if connection.vendor == "sqlite" and connection.creation.is_in_memory_db(
        connection.settings_dict["NAME"]
    ):
        import sqlite3

        pad = tmp_path_factory.mktemp("sqlite-na-migraties") / "db.sqlite3"
        with django_db_blocker.unblock():
            connection.ensure_connection()
            doel = sqlite3.connect(pad)
            try:
                connection.connection.backup(doel)
            finally:
                doel.close()
        _SQLITE_NA_MIGRATIES.append(pad)
    yield


@pytest.fixture(scope="session")
def sqlite_na_migraties(django_db_setup) -> Path | None:
    """A SQLite file with every migration applied (schema and seeded rows) and nothing else, for
    a test that needs a real database file (a second process, a second connection): a copy of
    the suite's test database as ``migrate`` left it. Copy it before use. None when this run
    made no SQLite test database (then migrate a new file yourself)."""
    return _SQLITE_NA_MIGRATIES[0] if _SQLITE_NA_MIGRATIES else None


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
