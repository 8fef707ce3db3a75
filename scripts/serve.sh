#!/usr/bin/env bash
# Production start: migrate, collect the static files, and run gunicorn.
#
# All settings come from the environment (README.md, docs/productie.md). Required:
#   DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS (and usually DATABASE_URL, DJANGO_BEHIND_TLS_PROXY,
#   DJANGO_CSRF_TRUSTED_ORIGINS, EMAIL_HOST).
# Optional for this script:
#   BIND             address and port gunicorn listens on (default 127.0.0.1:8000)
#   WEB_CONCURRENCY  number of gunicorn workers (default 4)
#   GUNICORN_TIMEOUT seconds before a stuck worker is restarted (default 60)
#   SKIP_MIGRATE=1   do not run migrations (e.g. when a release step did it)
# Static files are served by WhiteNoise from the app itself (compressed, with cache headers).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -n "${DJANGO_DEBUG:-}" && "${DJANGO_DEBUG}" != "0" ]]; then
  echo "serve.sh is voor productie: zet DJANGO_DEBUG niet (of op 0)." >&2
  exit 1
fi
if [[ -z "${DJANGO_SECRET_KEY:-}" ]]; then
  echo "DJANGO_SECRET_KEY ontbreekt (zie docs/productie.md)." >&2
  exit 1
fi
if [[ -z "${DJANGO_ALLOWED_HOSTS:-}" ]]; then
  echo "DJANGO_ALLOWED_HOSTS ontbreekt, bijvoorbeeld: prestatiemonitor.nijkerk.nl" >&2
  exit 1
fi

BIN="${PRESTATIEMONITOR_BIN:-.venv/bin}"
export DJANGO_SETTINGS_MODULE="prestatiemonitor.config.settings"

if [[ "${SKIP_MIGRATE:-0}" != "1" ]]; then
  "$BIN/prestatiemonitor" migrate --no-input
fi
"$BIN/prestatiemonitor" collectstatic --no-input --verbosity 0
"$BIN/prestatiemonitor" check --deploy --fail-level ERROR

exec "$BIN/gunicorn" prestatiemonitor.config.wsgi:application \
  --bind "${BIND:-127.0.0.1:8000}" \
  --workers "${WEB_CONCURRENCY:-4}" \
  --timeout "${GUNICORN_TIMEOUT:-60}" \
  --max-requests "${GUNICORN_MAX_REQUESTS:-2000}" \
  --max-requests-jitter 200 \
  --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-127.0.0.1}" \
  --access-logfile - \
  --error-logfile -
