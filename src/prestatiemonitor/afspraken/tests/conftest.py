"""Fixtures for the afspraken tests."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.fixture
def terug_naar_laatste_migratie():
    """For a test that migrates the test database back to an older state: afterwards the
    database is migrated forward to the latest migrations again, even when the test fails, so
    the tests that run after it in the same process (pytest-xdist) see today's schema."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
