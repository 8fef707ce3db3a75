"""Exports of one big kader: XLSX, CSV (ZIP) and JSON with N afspraken.

Builds one kader with N afspraken (each linked to two parties, one uitvoerend and one
betrokken), a table with its checks and a footnote, in a temporary SQLite database (or the
database in DATABASE_URL, which it then empties first — never point it at production). Then it
exports the kader in each format and prints the time, the size, and the number of afspraak rows
in the export beside a hand-written SQL count (the ratio must be 1,00).

    .venv/bin/python benchmarks/bench_export.py [--afspraken 20000] [--rondes 1]

Before issue 5 the XLSX export was quadratic (20.000 afspraken: 149 s); written in one pass in
openpyxl's write-only mode it grows linearly with the number of rows.
"""

import argparse
import csv
import io
import json
import os
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path


def setup_django(db_dir: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prestatiemonitor.config.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark")
    os.environ.setdefault("PRESTATIEMONITOR_VAR_DIR", db_dir)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import django

    django.setup()


def build_kader(n_afspraken: int):
    from django.db import transaction

    from prestatiemonitor.afspraken import models as m
    from prestatiemonitor.afspraken.constants import PartijHerkenning, PartijRol
    from prestatiemonitor.afspraken.tests.factories import maak_kader

    with transaction.atomic():
        ks = maak_kader()
        themas = ks.themas
        afspraken = m.Afspraak.objects.bulk_create(
            (
                m.Afspraak(
                    kader=ks.kader,
                    thema=themas[i % len(themas)],
                    nummer=str(100 + i),
                    volgorde=100 + i,
                    tekst=f"De woningcorporaties en de gemeente maken afspraak {i} over wonen; "
                    "partijen monitoren de voortgang twee keer per jaar.",
                )
                for i in range(n_afspraken)
            ),
            batch_size=2000,
        )
        links = []
        for a in afspraken:
            links.append(
                m.AfspraakPartij(
                    afspraak=a,
                    organisatie=ks.wsn,
                    herkenning=PartijHerkenning.GROEP,
                    herkend_woord="woningcorporaties",
                    rol=PartijRol.UITVOEREND,
                )
            )
            links.append(
                m.AfspraakPartij(
                    afspraak=a,
                    organisatie=ks.hon,
                    herkenning=PartijHerkenning.GROEP,
                    herkend_woord="partijen",
                    rol=PartijRol.BETROKKEN,
                )
            )
        m.AfspraakPartij.objects.bulk_create(links, batch_size=5000)
        voetnoot = m.Voetnoot.objects.create(kader=ks.kader, nummer="1", tekst="Prognoses.")
        voetnoot.tabellen.add(ks.tabel)
    return ks.kader


def sql_count(kader) -> int:
    """The number of afspraken of the kader, counted by hand in SQL (not through the ORM)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM afspraken_afspraak WHERE kader_id = %s", [kader.pk])
        return cursor.fetchone()[0]


def rows_in(formaat: str, inhoud: bytes) -> int:
    """The number of afspraak rows in an export."""
    if formaat == "xlsx":
        import openpyxl

        wb = openpyxl.load_workbook(io.BytesIO(inhoud), read_only=True)
        return sum(1 for _ in wb["Afspraken"].iter_rows(min_row=2, values_only=True))
    if formaat == "csv":
        with zipfile.ZipFile(io.BytesIO(inhoud)) as archief:
            tekst = archief.read("afspraken.csv").decode("utf-8-sig")
        return len(list(csv.reader(io.StringIO(tekst), delimiter=";"))) - 1
    document = json.loads(inhoud)
    return sum(len(t["afspraken"]) for t in document["themas"]) + len(
        document["afspraken_zonder_thema"]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--afspraken", type=int, default=20000)
    parser.add_argument("--rondes", type=int, default=1)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        setup_django(tmp)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        if "DATABASE_URL" in os.environ:
            call_command("flush", interactive=False, verbosity=0)
        from prestatiemonitor.afspraken.exporters import export_kader
        from prestatiemonitor.afspraken.permissions import SYSTEEM

        start = time.perf_counter()
        kader = build_kader(args.afspraken)
        verwacht = sql_count(kader)
        print(f"Kader met {verwacht} afspraken opgebouwd in {time.perf_counter() - start:.1f} s")
        print(
            f"{'formaat':<8} {'mediaan s':>10} {'MB':>7} {'rijen':>8} {'SQL':>8} {'verhouding':>10}"
        )
        for formaat in ("xlsx", "csv", "json"):
            tijden = []
            for _ in range(args.rondes):
                begin = time.perf_counter()
                export = export_kader(kader=kader, formaat=formaat, user=SYSTEEM)
                tijden.append(time.perf_counter() - begin)
            rijen = rows_in(formaat, export.inhoud)
            print(
                f"{formaat:<8} {statistics.median(tijden):>10.2f} "
                f"{len(export.inhoud) / 1e6:>7.1f} {rijen:>8} {verwacht:>8} "
                f"{rijen / verwacht:>10.2f}"
            )


if __name__ == "__main__":
    main()
