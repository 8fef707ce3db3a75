#!/usr/bin/env bash
# Type checks (mypy with django-stubs) on the modules that carry the rules: permissions, services,
# selectors, display formatting and the importer. A new module adds its services, selectors and
# permissions here (docs/modules.md).
# Not yet: importer/plan.py and importer/toepassen.py (ImportPlan.doel is declared optional but
# always set, and _plan's kader/huidig need narrowing; that is a code change, not annotations).
set -euo pipefail
cd "$(dirname "$0")/.."
DJANGO_DEBUG=1 .venv/bin/mypy \
  src/prestatiemonitor/organisaties/permissions.py \
  src/prestatiemonitor/organisaties/services.py \
  src/prestatiemonitor/organisaties/mailtekst.py \
  src/prestatiemonitor/config/db.py \
  src/prestatiemonitor/afspraken/permissions.py \
  src/prestatiemonitor/afspraken/publicatie.py \
  src/prestatiemonitor/afspraken/services.py \
  src/prestatiemonitor/afspraken/bijstelling.py \
  src/prestatiemonitor/afspraken/historie.py \
  src/prestatiemonitor/afspraken/weergave.py \
  src/prestatiemonitor/afspraken/selectors \
  src/prestatiemonitor/afspraken/importer/parser.py \
  src/prestatiemonitor/afspraken/importer/matching.py \
  src/prestatiemonitor/afspraken/importer/vergelijking.py \
  src/prestatiemonitor/afspraken/importer/concepten.py \
  src/prestatiemonitor/afspraken/importer/services.py \
  src/prestatiemonitor/jaarschijven/services.py \
  src/prestatiemonitor/jaarschijven/selectors.py \
  src/prestatiemonitor/jaarschijven/permissions.py \
  src/prestatiemonitor/jaarschijven/uitwisseling.py \
  src/prestatiemonitor/jaarschijven/grafiek.py \
  src/prestatiemonitor/jaarschijven/demo.py \
  src/prestatiemonitor/normen/evaluatie.py \
  src/prestatiemonitor/normen/services.py \
  src/prestatiemonitor/normen/selectors.py \
  src/prestatiemonitor/planmonitor/prognose.py \
  src/prestatiemonitor/planmonitor/selectors.py \
  src/prestatiemonitor/planmonitor/services.py \
  src/prestatiemonitor/planmonitor/permissions.py \
  src/prestatiemonitor/planmonitor/normen.py \
  src/prestatiemonitor/planmonitor/uitwisseling.py \
  src/prestatiemonitor/planmonitor/grafiek.py \
  src/prestatiemonitor/planmonitor/demo.py \
  src/prestatiemonitor/verduurzaming/services.py \
  src/prestatiemonitor/verduurzaming/selectors.py \
  src/prestatiemonitor/verduurzaming/uitwisseling.py \
  src/prestatiemonitor/verduurzaming/normen.py \
  src/prestatiemonitor/woonruimte/selectors.py \
  src/prestatiemonitor/woonruimte/indicatoren.py \
  src/prestatiemonitor/woonruimte/normen.py \
  src/prestatiemonitor/woonruimte/persoonsgegevens.py \
  src/prestatiemonitor/woonruimte/services.py \
  src/prestatiemonitor/woonruimte/permissions.py \
  src/prestatiemonitor/woonruimte/uitwisseling.py \
  src/prestatiemonitor/overleg/services.py \
  src/prestatiemonitor/overleg/selectors.py \
  src/prestatiemonitor/overleg/planner.py \
  src/prestatiemonitor/overleg/herinneringen.py \
  src/prestatiemonitor/overleg/ical.py \
  src/prestatiemonitor/rapportage/inhoud.py \
  src/prestatiemonitor/rapportage/pdf.py \
  src/prestatiemonitor/rapportage/xlsx.py \
  src/prestatiemonitor/rapportage/services.py \
  src/prestatiemonitor/api/services.py \
  src/prestatiemonitor/api/problemen.py \
  src/prestatiemonitor/api/authenticatie.py \
  src/prestatiemonitor/rapportage/selectors.py \
  src/prestatiemonitor/rapportage/opendata.py \
  src/prestatiemonitor/rapportage/monitor_views.py \
  src/prestatiemonitor/rapportage/tasks.py
