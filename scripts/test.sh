#!/usr/bin/env bash
# Second command: set up everything and run every check and test.
# Uses DATABASE_URL when set (e.g. PostgreSQL), SQLite otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/install-chromium.sh

echo "== ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "== migraties"
DJANGO_DEBUG=1 .venv/bin/prestatiemonitor makemigrations --check --dry-run
echo "== types (mypy + django-stubs)"
bash scripts/typecheck.sh
echo "== tests (${DATABASE_URL:-sqlite}), parallel over ${PYTEST_WORKERS:-auto} processes"
exec .venv/bin/pytest -n "${PYTEST_WORKERS:-auto}" "$@"
