#!/usr/bin/env bash
# First command: set up everything and run the site with the Nijkerk demo on SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export DJANGO_DEBUG="${DJANGO_DEBUG:-1}"
.venv/bin/prestatiemonitor migrate --no-input
.venv/bin/prestatiemonitor demo-nijkerk
echo
echo "Prestatiemonitor draait op http://${PORT:-127.0.0.1:8000} (stoppen met Ctrl+C)."
echo "Demo-accounts: zie README.md (wachtwoord voor alle accounts: demo-nijkerk-2025)."
exec .venv/bin/prestatiemonitor runserver "${PORT:-127.0.0.1:8000}"
