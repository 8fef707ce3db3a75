"""Fixtures for the afspraken tests."""

import uuid

import pytest
from django.db import connections
from django.db.utils import DEFAULT_DB_ALIAS


@pytest.fixture
def lege_database(django_db_blocker):
    """For a test of a migration: an empty database (no tables, nothing migrated) serves as the
    default database while the test runs, so the test migrates forward only what it needs
    (``MigrationExecutor(connection).migrate([...])``) from an empty schema, as on a new
    installation. The suite's test database is not touched: it need not be migrated back and
    forward again (which took most of a minute), and the tests after it see today's schema.

    SQLite: a private in-memory database. PostgreSQL: a new database next to the test database,
    dropped afterwards."""
    test_db = connections[DEFAULT_DB_ALIAS]
    settings_dict = dict(test_db.settings_dict)
    postgres = test_db.vendor == "postgresql"
    with django_db_blocker.unblock():
        if postgres:
            naam = f"{settings_dict['NAME']}_mig_{uuid.uuid4().hex[:8]}"
            with test_db._nodb_cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{naam}"')
            settings_dict["NAME"] = naam
        else:
            settings_dict["NAME"] = ":memory:"
        leeg = test_db.__class__(settings_dict, alias=DEFAULT_DB_ALIAS)
        connections[DEFAULT_DB_ALIAS] = leeg
        try:
            yield leeg
        finally:
            connections[DEFAULT_DB_ALIAS] = test_db
            leeg.close()
            if postgres:
                with test_db._nodb_cursor() as cursor:
                    cursor.execute(f'DROP DATABASE IF EXISTS "{naam}"')
