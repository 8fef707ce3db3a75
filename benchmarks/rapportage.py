"""The progress report of the Nijkerk demo: PDF and XLSX generation time.

Builds the Nijkerk demo (``demo-nijkerk``: December 2025 closed) in a temporary SQLite database
(or the database in DATABASE_URL, which it then empties first — never point it at production),
then makes the report of peilmoment 2025-12 several times per variant (volledig, openbaar)
and format. Each run is the whole path of the CLI: gathering the content from the selectors
(``inhoud``) and laying it out (WeasyPrint for the PDF, openpyxl for the XLSX); the content
time is printed apart. The chart's SVG is cached by its spec (jaarschijven/grafiek.py), so
the first PDF run renders it and later runs do not: the first run is printed too.

    .venv/bin/python benchmarks/rapportage.py [--rondes 3]

Target (issue 10): the PDF and the XLSX each under 3 s.
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def setup_django(db_dir: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prestatiemonitor.config.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark")
    os.environ.setdefault("PRESTATIEMONITOR_VAR_DIR", db_dir)
    os.environ.setdefault("DJANGO_CACHE_DIR", str(Path(db_dir, "cache")))
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import django

    django.setup()


def meet(functie, rondes: int) -> list[float]:
    tijden = []
    for _ in range(rondes):
        begin = time.perf_counter()
        functie()
        tijden.append(time.perf_counter() - begin)
    return tijden


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rondes", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(tmp)
        from django.conf import settings
        from django.core.management import call_command

        # The demo's publications send mail; keep it out of the figures.
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        call_command("migrate", verbosity=0)
        if "DATABASE_URL" in os.environ:
            call_command("flush", interactive=False, verbosity=0)
        begin = time.perf_counter()
        call_command("demo-nijkerk", stdout=io.StringIO())
        print(f"Nijkerk-demo opgebouwd in {time.perf_counter() - begin:.1f} s")

        from prestatiemonitor.rapportage.inhoud import rapportinhoud
        from prestatiemonitor.rapportage.pdf import pdf_bytes
        from prestatiemonitor.rapportage.xlsx import xlsx_bytes

        print(
            f"{'variant':<10} {'formaat':<8} {'eerste':>8} {'mediaan':>8} {'max':>8} {'inhoud':>8}  grootte"
        )
        for variant in ("volledig", "openbaar"):

            def inhoud(variant=variant):
                return rapportinhoud(
                    kader_slug="nijkerk-2025-2027", peilmoment_code="2025-12", variant=variant
                )

            inhoud_tijden = meet(inhoud, args.rondes)
            for formaat, maak in (("pdf", pdf_bytes), ("xlsx", xlsx_bytes)):
                uitkomst: dict[str, bytes] = {}

                def run(maak=maak, uitkomst=uitkomst):
                    uitkomst["data"] = maak(inhoud())

                tijden = meet(run, args.rondes)
                print(
                    f"{variant:<10} {formaat:<8} {tijden[0]:>7.2f}s {statistics.median(tijden):>7.2f}s "
                    f"{max(tijden):>7.2f}s {statistics.median(inhoud_tijden):>7.2f}s  "
                    f"{len(uitkomst['data']) // 1024} kB"
                )
        print("Doel: PDF en XLSX elk onder 3 s (mediaan, inclusief de inhoud).")


if __name__ == "__main__":
    main()
