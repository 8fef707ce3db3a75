"""Benchmark: parsing and fully importing the Nijkerk document (median of several runs).

Run: .venv/bin/python benchmarks/bench_import.py [--runs N]
Sets up Django itself against a temporary SQLite database; touches nothing else.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = ROOT / "src" / "prestatiemonitor" / "data" / "prestatieafspraken-nijkerk-2025-2027.md"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="bench-import-")
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp.name}/bench.sqlite3"
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ["PRESTATIEMONITOR_VAR_DIR"] = tmp.name
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prestatiemonitor.config.settings")
    sys.path.insert(0, str(ROOT / "src"))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", verbosity=0)

    from prestatiemonitor.afspraken.importer.parser import parse_document
    from prestatiemonitor.afspraken.importer.reader import read_document
    from prestatiemonitor.afspraken.importer.services import import_document, import_plan
    from prestatiemonitor.afspraken.models import Afsprakenkader
    from prestatiemonitor.organisaties.demo import ensure_nijkerk_parties
    from prestatiemonitor.organisaties.models import Gebied
    from prestatiemonitor.organisaties.permissions import SYSTEEM

    ensure_nijkerk_parties()
    gemeente = Gebied.objects.get(cbs_code="GM0267")
    data = DOCUMENT.read_bytes()

    def timed(fn) -> float:
        start = time.perf_counter()
        fn()
        return time.perf_counter() - start

    def parse():
        parse_document(read_document(data, bestandsnaam=DOCUMENT.name), bestandsnaam=DOCUMENT.name)

    class Rollback(Exception):
        pass

    def full_import():
        try:
            with transaction.atomic():
                import_document(
                    data=data, bestandsnaam=DOCUMENT.name, gemeente=gemeente, acting_user=SYSTEEM
                )
                raise Rollback
        except Rollback:
            pass

    parse()  # warm-up (imports, regex compilation)
    parse_times = [timed(parse) for _ in range(args.runs)]
    full_import()
    import_times = [timed(full_import) for _ in range(args.runs)]
    assert not Afsprakenkader.objects.exists()
    import_document(data=data, bestandsnaam=DOCUMENT.name, gemeente=gemeente, acting_user=SYSTEEM)
    reimport_times = [
        timed(
            lambda: import_plan(
                data=data, bestandsnaam=DOCUMENT.name, gemeente=gemeente, acting_user=SYSTEEM
            )
        )
        for _ in range(args.runs)
    ]

    def ms(values):
        return f"{statistics.median(values) * 1000:7.1f} ms (min {min(values) * 1000:.1f}, max {max(values) * 1000:.1f})"

    print(f"Nijkerk document: {len(data):,} bytes, {args.runs} runs, SQLite")
    print(f"  parse (bytes → ParsedDocument):        median {ms(parse_times)}")
    print(f"  full import (new kader, all records):  median {ms(import_times)}")
    print(f"  re-import plan (diff, no changes):     median {ms(reimport_times)}")
    tmp.cleanup()


if __name__ == "__main__":
    main()
