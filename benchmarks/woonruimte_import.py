"""The import of a corporation's lettings: 100.000 rows (issue 8 §5: under 20 s, bounded memory).

Builds, in a temporary SQLite database (or the database in DATABASE_URL, which it then empties
first — never point it at production), the Nijkerk kader with its parties, writes a CSV file of
N synthetic lettings of WSN (2023–2025), and imports it with ``woonruimte.uitwisseling.importeren``
as SYSTEEM: once timed without tracemalloc, once with it for the peak of Python memory during
the import (the file's bytes, N × ~85 bytes, were read before and are not part of that peak).
Then the same file again (unchanged: nothing written) and a second file for the same years
(replacing the first).

    .venv/bin/python benchmarks/woonruimte_import.py [--rijen 100000]
"""

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path


def setup_django(db_dir: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prestatiemonitor.config.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark")
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ["DJANGO_STATIC_MANIFEST"] = "0"
    os.environ.setdefault("PRESTATIEMONITOR_VAR_DIR", db_dir)
    Path(db_dir, "static").mkdir(exist_ok=True)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import django

    django.setup()


KERNEN = ("Nijkerk", "Hoevelaken", "Nijkerkerveen", "Holk")
ROUTES = ("regulier",) * 12 + ("loting", "urgentie", "statushouder", "directe bemiddeling")


def lettings_csv(n: int, seed: int) -> bytes:
    from prestatiemonitor.woonruimte.uitwisseling import KOLOMMEN

    rnd = random.Random(seed)
    regels = [";".join(KOLOMMEN["toewijzingen"])]
    for _ in range(n):
        route = rnd.choice(ROUTES)
        urgent = route in ("urgentie", "statushouder") or rnd.random() < 0.05
        regels.append(
            ";".join(
                (
                    "WSN",
                    f"{rnd.randint(2023, 2025)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
                    rnd.choice(KERNEN),
                    f"Buurt {rnd.randint(1, 12)}",
                    rnd.choice(("sociale huur",) * 8 + ("middenhuur", "vrije sector huur")),
                    f"{rnd.randint(450, 1100)},{rnd.randint(0, 99):02d}",
                    route,
                    "ja" if urgent else "nee",
                    rnd.choice(("jongere", "gezin", "senior", "overig")),
                    str(rnd.randint(1, 6)),
                    "ja" if rnd.random() < 0.1 else "nee",
                    rnd.choice(("ja", "ja", "ja", "nee", "nvt")),
                )
            )
        )
    return ("\r\n".join(regels) + "\r\n").encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rijen", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(tmp)
        import tracemalloc

        from django.core.management import call_command
        from django.db import transaction

        call_command("migrate", verbosity=0)
        if "DATABASE_URL" in os.environ:
            call_command("flush", interactive=False, verbosity=0)
        from prestatiemonitor.afspraken.importer.services import gemeente_by_code, import_document
        from prestatiemonitor.organisaties.demo import ensure_nijkerk_parties
        from prestatiemonitor.organisaties.permissions import SYSTEEM
        from prestatiemonitor.woonruimte.models import Toewijzing
        from prestatiemonitor.woonruimte.uitwisseling import importeren

        ensure_nijkerk_parties()
        document = Path(__file__).resolve().parent.parent / (
            "src/prestatiemonitor/data/prestatieafspraken-nijkerk-2025-2027.md"
        )
        kader = import_document(
            data=document.read_bytes(),
            bestandsnaam=document.name,
            gemeente=gemeente_by_code("GM0267"),
            acting_user=SYSTEEM,
        ).kader
        data = lettings_csv(args.rijen, seed=1)
        print(f"{args.rijen} toewijzingen, {len(data) / 1e6:.1f} MB CSV")

        def run(bestand: bytes, naam: str, geheugen: bool = False):
            if geheugen:
                tracemalloc.start()
            begin = time.perf_counter()
            resultaat = importeren(
                kader=kader,
                soort="toewijzingen",
                data=bestand,
                bestandsnaam=naam,
                acting_user=SYSTEEM,
            )
            duur = time.perf_counter() - begin
            piek = 0
            if geheugen:
                _, piek = tracemalloc.get_traced_memory()
                tracemalloc.stop()
            return resultaat, duur, piek

        resultaat, duur, _ = run(data, "toewijzingen.csv")
        print(f"  import:                {duur:6.2f} s  ({resultaat.samenvatting})")
        resultaat, duur, _ = run(data, "toewijzingen.csv")
        print(f"  zelfde bestand:        {duur:6.2f} s  ({resultaat.samenvatting})")
        tweede = lettings_csv(args.rijen, seed=2)
        resultaat, duur, _ = run(tweede, "tweede.csv")
        print(f"  vervangend bestand:    {duur:6.2f} s  ({resultaat.samenvatting})")
        with transaction.atomic():
            resultaat, duur, piek = run(data, "toewijzingen.csv", geheugen=True)
            transaction.set_rollback(True)
        print(
            f"  met tracemalloc:       {duur:6.2f} s, piek {piek / 1e6:.1f} MB "
            f"(daarnaast het bestand zelf, {len(data) / 1e6:.1f} MB)"
        )
        print(f"  toewijzingen opgeslagen: {Toewijzing.objects.count()}")


if __name__ == "__main__":
    main()
