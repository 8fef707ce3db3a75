"""Building blocks for tests: a finished report through the service and the task, with small
stand-in files instead of WeasyPrint and openpyxl (fast; the real files are tested in
test_rapportage.py and the browser test)."""

from __future__ import annotations

from unittest import mock

from prestatiemonitor.jaarschijven.tests.factories import PDF

from .. import services
from ..models import Rapport

XLSX = b"PK\x03\x04 werkboek"


def maak_rapport(*, peilmoment, variant: str, acting_user, pdf: bytes = PDF) -> Rapport:
    """Ask for a report and run its task with stand-in files (``pdf``). In a test's
    transaction the on_commit enqueue never runs, so the task is run here; outside one (a
    browser test's data) the immediate backend has run it already and this run does nothing."""
    with (
        mock.patch.object(services, "_pdf", return_value=pdf),
        mock.patch.object(services, "_xlsx", return_value=XLSX),
    ):
        rapport = services.rapport_aanvragen(
            peilmoment=peilmoment, variant=variant, acting_user=acting_user
        )
        services.rapport_maken_uitvoeren(rapport.pk)
    rapport.refresh_from_db()
    return rapport
