"""Importing a 1.000-row jaarschijf XLSX (issue 6, target < 5 s), re-importing it unchanged,
and a party's report of every activity through the same file.

Builds a kader (maak_kader) with a concept jaarschijf in a temporary SQLite database (or the
database in DATABASE_URL, which it then empties first — never point it at production), writes
the exported template with N filled rows, and imports it as SYSTEEM through
``jaarschijf_importeren`` (the path of the page and the CLI: validate everything, then write
through ``activiteit_opslaan``/``voortgang_melden`` in one transaction). It prints the times
and the number of activities counted by one hand-written SQL query beside the ORM count (the
ratio must be 1,00).

    .venv/bin/python benchmarks/jaarschijf_import.py [--rijen 1000]
"""

import argparse
import io
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path


def setup_django(db_dir: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prestatiemonitor.config.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark")
    os.environ.setdefault("PRESTATIEMONITOR_VAR_DIR", db_dir)
    os.environ.setdefault("BIJLAGEN_ROOT", os.path.join(db_dir, "bijlagen"))
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import django

    django.setup()


def sql_count(jaarschijf) -> int:
    """The activities of the jaarschijf, counted by hand in SQL (not through the ORM)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM jaarschijven_activiteit WHERE jaarschijf_id = %s",
            [jaarschijf.pk],
        )
        return cursor.fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rijen", type=int, default=1000)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        setup_django(tmp)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        if "DATABASE_URL" in os.environ:
            call_command("flush", interactive=False, verbosity=0)
        from openpyxl import load_workbook

        from prestatiemonitor.afspraken.tests.factories import maak_kader
        from prestatiemonitor.jaarschijven import services
        from prestatiemonitor.jaarschijven.models import Activiteit, Voortgang
        from prestatiemonitor.jaarschijven.uitwisseling import (
            export_jaarschijf,
            jaarschijf_importeren,
        )
        from prestatiemonitor.organisaties.permissions import SYSTEEM

        ks = maak_kader()
        jaarschijf = services.jaarschijf_aanmaken(kader=ks.kader, jaar=2026, acting_user=SYSTEEM)
        sjabloon = export_jaarschijf(jaarschijf=jaarschijf, formaat="xlsx", user=SYSTEEM).inhoud
        wb = load_workbook(io.BytesIO(sjabloon))
        sheet = wb["Activiteiten"]
        koppen = [c.value for c in sheet[1]]
        trekkers = ["gemeente", "WSN", "de Alliantie"]
        planning = ["heel het jaar", "Q2", "maart", "15-09-2026"]
        for i in range(args.rijen):
            waarden = {
                "Afspraken": f"{i % 5 + 1}, {(i + 1) % 5 + 1}",
                "Activiteit": f"Activiteit {i + 1}: woningen toevoegen in wijk {i % 40}",
                "Omschrijving": "Partijen bouwen samen; de voortgang wordt twee keer per jaar "
                "gemeld.",
                "Trekker": trekkers[i % 3],
                "Betrokken": "HON",
                "Beoogd resultaat": "Meer betaalbare woningen",
                "Planning": planning[i % 4],
                "Doel aantal": 10 + i % 7,
                "Eenheid": "woningen",
            }
            for kolom, waarde in waarden.items():
                sheet.cell(row=i + 2, column=koppen.index(kolom) + 1, value=waarde)
        buffer = io.BytesIO()
        wb.save(buffer)
        bestand = buffer.getvalue()

        def timed(fn):
            begin = time.perf_counter()
            resultaat = fn()
            return time.perf_counter() - begin, resultaat

        def importeer(data):
            return jaarschijf_importeren(
                jaarschijf=jaarschijf, data=data, bestandsnaam="bench.xlsx", acting_user=SYSTEEM
            )

        print(f"Jaarschijf-XLSX met {args.rijen} rijen: {len(bestand) / 1e6:.2f} MB, SQLite")
        tijd, resultaat = timed(lambda: importeer(bestand))
        print(f"  import (nieuwe activiteiten):          {tijd:6.2f} s  ({resultaat.samenvatting})")
        sql, orm = sql_count(jaarschijf), Activiteit.objects.filter(jaarschijf=jaarschijf).count()
        print(f"  activiteiten: SQL {sql}, ORM {orm}, verhouding {orm / sql:.2f}")

        export = export_jaarschijf(jaarschijf=jaarschijf, formaat="xlsx", user=SYSTEEM).inhoud
        tijd, resultaat = timed(lambda: importeer(export))
        print(
            f"  her-import van de export (ongewijzigd): {tijd:6.2f} s  ({resultaat.samenvatting})"
        )

        juni = services.peilmoment_openen(
            jaarschijf=jaarschijf, soort="juni", deadline=date(2026, 6, 30), acting_user=SYSTEEM
        )
        wb = load_workbook(
            io.BytesIO(
                export_jaarschijf(jaarschijf=jaarschijf, formaat="xlsx", user=SYSTEEM).inhoud
            )
        )
        sheet = wb["Activiteiten"]
        koppen = [c.value for c in sheet[1]]
        kolom = koppen.index("Status Juni 2026") + 1
        for rij in range(2, sheet.max_row + 1):
            sheet.cell(row=rij, column=kolom, value="op schema")
        buffer = io.BytesIO()
        wb.save(buffer)
        tijd, resultaat = timed(lambda: importeer(buffer.getvalue()))
        print(f"  melden van alle activiteiten:          {tijd:6.2f} s  ({resultaat.samenvatting})")
        print(
            f"  meldingen: ORM {Voortgang.objects.filter(peilmoment=juni).count()}, "
            f"verwacht {args.rijen}"
        )


if __name__ == "__main__":
    main()
