"""Benchmark: parsing and fully importing the Nijkerk document (median of several runs), and
the parse times of pathological inputs.

Run: .venv/bin/python benchmarks/bench_import.py [--runs N] [--alleen-zwaar]
Sets up Django itself against a temporary SQLite database; touches nothing else.

Before the bounds (importer/grenzen.py) the pathological inputs cost 61 s (4 MB of nested
emphasis), 37 s (2 million brackets) and 31 s (a table of 100.000 rows); now each is refused
with a Dutch message after one scan of its lines.
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
    parser.add_argument(
        "--alleen-zwaar", action="store_true", help="only the pathological inputs (no Django)"
    )
    args = parser.parse_args()
    if args.alleen_zwaar:
        pathological()
        return

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
    print()
    pathological()


HEAD = "# Prestatieafspraken 2025-2027\n\n## 1. Wonen\n\n## Afspraken\n\n1. De gemeente bouwt.\n\n"


def pathological() -> None:
    """Parse time of each pathological input, and the refusal it gets."""
    sys.path.insert(0, str(ROOT / "src"))
    from prestatiemonitor.afspraken.importer.errors import ImportFout
    from prestatiemonitor.afspraken.importer.parser import parse_document

    inputs = {
        "4 MB geneste nadruk op één regel": HEAD + "*a " * 1_400_000,
        "4 MB geneste nadruk, één alinea": HEAD + "*a **b ***c\n" * 350_000,
        "2 miljoen haakjes": HEAD + "[" * 2_000_000,
        "haakjes over regels": HEAD + "[[[[[[[[[[\n" * 200_000,
        "tabel van 100.000 rijen": HEAD + "| a | b |\n|---|---|\n" + "| 1 | 2 |\n" * 100_000,
        "tabel van 1.000 kolommen": HEAD + "|" + " x |" * 1_000 + "\n|" + "---|" * 1_000 + "\n",
        "200.000 alinea's": HEAD + "Een alinea.\n\n" * 200_000,
    }
    width = max(len(name) for name in inputs)
    print(f"Pathological inputs: {'invoer':<{width - 21}}  {'grootte':>8}  {'tijd':>8}  resultaat")
    for name, text in inputs.items():
        start = time.perf_counter()
        try:
            doc = parse_document(text, bestandsnaam="bench.md")
            result = f"gelezen: {len(doc.afspraken)} afspraken"
        except ImportFout as exc:
            result = "geweigerd: " + exc.fouten[0].tekst[:60]
        elapsed = time.perf_counter() - start
        size = f"{len(text.encode()) / 1024 / 1024:.1f} MB"
        print(f"  {name:<{width}}  {size:>8}  {elapsed:>7.2f}s  {result}", flush=True)


if __name__ == "__main__":
    main()
