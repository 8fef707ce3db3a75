#!/usr/bin/env bash
# Sets up (or refreshes) the virtual environment in .venv from requirements.lock.
# Safe to run again: it only reinstalls when the lock file or pyproject.toml changed.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-}"
if [ -z "$PYTHON" ]; then
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      PYTHON="$candidate"; break
    fi
  done
fi
if [ -z "$PYTHON" ]; then
  echo "Python 3.11 of nieuwer is nodig, maar niet gevonden." >&2
  exit 1
fi

if [ ! -x .venv/bin/python ]; then
  echo "== Virtuele omgeving aanmaken (.venv) met $PYTHON"
  "$PYTHON" -m venv .venv
fi

stamp=.venv/.installed-lock
want=$(cat requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "== Afhankelijkheden installeren uit requirements.lock"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check uv
  .venv/bin/uv pip sync --quiet --python .venv/bin/python requirements.lock
  .venv/bin/uv pip install --quiet --python .venv/bin/python --no-deps -e .
  echo "$want" > "$stamp"
fi
mkdir -p var
