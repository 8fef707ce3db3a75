#!/usr/bin/env bash
# Type checks (mypy with django-stubs) on the modules that carry the rules: permissions, services
# and selectors. New modules add their services/selectors/permissions here.
set -euo pipefail
cd "$(dirname "$0")/.."
DJANGO_DEBUG=1 .venv/bin/mypy \
  src/prestatiemonitor/organisaties/permissions.py \
  src/prestatiemonitor/afspraken/permissions.py \
  src/prestatiemonitor/afspraken/publicatie.py
