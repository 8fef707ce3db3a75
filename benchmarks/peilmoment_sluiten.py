"""Closing (freezing) a peilmoment of 1.000 activities.

Builds, in a temporary SQLite database (or the database in DATABASE_URL, which it then empties
first — never point it at production), a kader with a vastgestelde jaarschijf of N activities
(bulk inserts) and an open June peilmoment in which 70% of the activities were reported. Then
it closes the peilmoment through the real service (``services.peilmoment_sluiten``: every
report gets the activity's title and trekker, every activity without a report a *niet gemeld*
row, with history), once per round on a fresh jaarschijf, and prints the median time.

After closing it prints the rows of the peilmoment beside hand-written SQL counts of the
jaarschijf's activities and of the reports made before closing (the ratio must be 1,00).

    .venv/bin/python benchmarks/peilmoment_sluiten.py [--activiteiten 1000] [--rondes 3]

Target (issue 6): under 2 s.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from jaarschijf_dashboard import bouw_jaarschijven, setup_django  # noqa: E402


def sql_aantal(query: str, params: list) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchone()[0]


def open_peilmoment_met_meldingen(jaarschijf, aandeel_gemeld: float = 0.7):
    """Open June on this jaarschijf (service) and bulk-insert reports for the first part."""
    from datetime import date

    from django.utils import timezone

    from prestatiemonitor.jaarschijven import models as m
    from prestatiemonitor.jaarschijven import services
    from prestatiemonitor.organisaties.permissions import SYSTEEM

    peilmoment = services.peilmoment_openen(
        jaarschijf=jaarschijf,
        soort="juni",
        deadline=date(jaarschijf.jaar, 6, 30),
        acting_user=SYSTEEM,
    )
    activiteiten = list(m.Activiteit.objects.filter(jaarschijf=jaarschijf).order_by("nummer"))
    gemeld = activiteiten[: int(len(activiteiten) * aandeel_gemeld)]
    nu = timezone.now()
    m.Voortgang.objects.bulk_create(
        (
            m.Voortgang(
                peilmoment=peilmoment,
                activiteit=a,
                status=["op_schema", "gereed", "vertraagd"][a.nummer % 3],
                toelichting="Vergunning vertraagd" if a.nummer % 3 == 2 else "",
                gemeld_op=nu,
            )
            for a in gemeld
        ),
        batch_size=1000,
    )
    return peilmoment


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activiteiten", type=int, default=1000)
    parser.add_argument("--rondes", type=int, default=3)
    args = parser.parse_args()

    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        setup_django(tmp)
        from django.core.management import call_command

        from prestatiemonitor.jaarschijven import services
        from prestatiemonitor.organisaties.permissions import SYSTEEM

        call_command("migrate", verbosity=0)
        if "DATABASE_URL" in os.environ:
            call_command("flush", interactive=False, verbosity=0)
        tijden = []
        print(f"Belasting van de machine (load average, 1 min): {os.getloadavg()[0]:.1f}")
        print(
            f"{'ronde':<6} {'sluiten s':>10} {'rijen':>7} {'SQL':>7} {'niet gemeld':>12} "
            f"{'SQL':>7} {'verhouding':>10}"
        )
        for ronde in range(1, args.rondes + 1):
            _, jaarschijven = bouw_jaarschijven(args.activiteiten, jaren=[2025], peilmomenten=())
            jaarschijf = jaarschijven[2025]
            peilmoment = open_peilmoment_met_meldingen(jaarschijf)
            gemeld_voor = sql_aantal(
                "SELECT COUNT(*) FROM jaarschijven_voortgang WHERE peilmoment_id = %s",
                [peilmoment.pk],
            )
            start = time.perf_counter()
            services.peilmoment_sluiten(peilmoment=peilmoment, acting_user=SYSTEEM)
            tijden.append(time.perf_counter() - start)
            rijen = sql_aantal(
                "SELECT COUNT(*) FROM jaarschijven_voortgang WHERE peilmoment_id = %s "
                "AND titel <> '' AND trekker_id IS NOT NULL",
                [peilmoment.pk],
            )
            activiteiten = sql_aantal(
                "SELECT COUNT(*) FROM jaarschijven_activiteit WHERE jaarschijf_id = %s",
                [jaarschijf.pk],
            )
            niet_gemeld = sql_aantal(
                "SELECT COUNT(*) FROM jaarschijven_voortgang WHERE peilmoment_id = %s "
                "AND status = 'niet_gemeld'",
                [peilmoment.pk],
            )
            verhouding = f"{rijen / activiteiten:.2f}".replace(".", ",")
            print(
                f"{ronde:<6} {tijden[-1]:>10.2f} {rijen:>7} {activiteiten:>7} "
                f"{niet_gemeld:>12} {activiteiten - gemeld_voor:>7} {verhouding:>10}"
            )
        mediaan = statistics.median(tijden)
        print(
            f"Mediaan sluiten van {args.activiteiten} activiteiten: {mediaan:.2f} s "
            f"({'binnen' if mediaan < 2 else 'BOVEN'} het doel van 2 s)"
        )


if __name__ == "__main__":
    main()
