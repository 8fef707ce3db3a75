#!/usr/bin/env bash
# Installs the Debian packages the browser and PDF tests use, when missing: chromium (browser
# and accessibility tests) and poppler-utils (pdftoppm/pdftotext: the report's pages rendered
# to PNG and read back in the tests).
set -euo pipefail
PAKKETTEN=()
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  PAKKETTEN+=(chromium fonts-dejavu-core)
fi
if ! command -v pdftoppm >/dev/null 2>&1; then
  PAKKETTEN+=(poppler-utils)
fi
if [ ${#PAKKETTEN[@]} -eq 0 ]; then
  exit 0
fi
echo "== Debian-pakketten installeren voor de tests: ${PAKKETTEN[*]}"
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${PAKKETTEN[@]}" >/dev/null
