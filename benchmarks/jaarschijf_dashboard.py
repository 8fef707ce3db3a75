"""The dashboard of a year with 1.000 activities and 10 closed peilmomenten.

Builds, in a temporary SQLite database (or the database in DATABASE_URL, which it then empties
first — never point it at production), a kader running 2021–2025 with a jaarschijf per year
(N activities each, spread over the afspraken) and June and December closed every year: 10
closed peilmomenten, 10 × N reports. Setup uses bulk inserts; the measured path is the real
view through Django's test client, anonymously (the public sees the closed December 2025) and
as a party member. A second, small kader (N/10 activities) shows that the number of queries
does not grow with the data.

It prints the median and 95th percentile server time and the query count, and the activity
counts per status as the page shows them beside the same count from one hand-written SQL
query (the ratio must be 1,00).

    .venv/bin/python benchmarks/jaarschijf_dashboard.py [--activiteiten 1000] [--rondes 15]

Target (issue 6): median under 200 ms, a query count that does not depend on the data.
"""

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
from html import unescape
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


JAREN = range(2021, 2026)
STATUSSEN = [
    ("gereed", 30),
    ("op_schema", 30),
    ("aandacht_nodig", 10),
    ("vertraagd", 10),
    ("niet_gestart", 8),
    ("vervallen", 2),
    ("niet_gemeld", 10),
]


def bouw_jaarschijven(n_activiteiten: int, jaren=JAREN, peilmomenten=("juni", "december")):
    """A published kader with a jaarschijf per year, N activities each, and the given
    peilmomenten closed with a report per activity. Returns (kader, {jaar: jaarschijf})."""
    from django.db import transaction
    from django.utils import timezone

    from prestatiemonitor.afspraken import models as am
    from prestatiemonitor.afspraken.tests.factories import maak_kader
    from prestatiemonitor.jaarschijven import models as m
    from prestatiemonitor.jaarschijven.services import afspraken_bevriezen

    rnd = random.Random(n_activiteiten)
    statussen = [s for s, gewicht in STATUSSEN for _ in range(gewicht)]
    with transaction.atomic():
        ks = maak_kader(
            gepubliceerd=True,
            extra_themas=2,
            extra_afspraken_per_thema=5,
            periode_van=min(jaren),
            periode_tot=max(jaren) + 2,
        )
        afspraken = list(am.Afspraak.objects.filter(kader=ks.kader, soort="strategisch"))
        trekkers = [ks.gemeente, ks.wsn, ks.alliantie]
        nu = timezone.now()
        jaarschijven = {}
        for jaar in jaren:
            j = m.Jaarschijf.objects.create(kader=ks.kader, jaar=jaar, status="vastgesteld")
            jaarschijven[jaar] = j
            acts = m.Activiteit.objects.bulk_create(
                (
                    m.Activiteit(
                        jaarschijf=j,
                        nummer=i,
                        titel=f"Activiteit {i} van {jaar}",
                        omschrijving="Een activiteit voor de benchmark.",
                        trekker=trekkers[i % 3],
                    )
                    for i in range(1, n_activiteiten + 1)
                ),
                batch_size=1000,
            )
            koppel = m.Activiteit.afspraken.through
            koppel.objects.bulk_create(
                (
                    koppel(activiteit_id=a.pk, afspraak_id=af.pk)
                    for a in acts
                    for af in rnd.sample(afspraken, 1 + (a.nummer % 5 == 0))
                ),
                batch_size=2000,
            )
            for soort in peilmomenten:
                p = m.Peilmoment.objects.create(
                    jaarschijf=j,
                    soort=soort,
                    deadline=f"{jaar}-{'06-30' if soort == 'juni' else '12-15'}",
                    status="gesloten",
                    gesloten_op=nu,
                )
                m.Voortgang.objects.bulk_create(
                    (
                        m.Voortgang(
                            peilmoment=p,
                            activiteit=a,
                            status=(s := rnd.choice(statussen)),
                            toelichting="Toelichting"
                            if s in ("aandacht_nodig", "vertraagd", "vervallen")
                            else "",
                            titel=a.titel,
                            trekker_id=a.trekker_id,
                            gemeld_op=nu,
                        )
                        for a in acts
                    ),
                    batch_size=1000,
                )
                # As closing does: the afspraken each report served, frozen with it.
                afspraken_bevriezen(p)
    return ks, jaarschijven


def sql_per_status(peilmoment_id: int) -> dict[str, int]:
    """Reports per status at one peilmoment, counted by hand in SQL (not through the ORM)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT status, COUNT(*) FROM jaarschijven_voortgang WHERE peilmoment_id = %s "
            "GROUP BY status",
            [peilmoment_id],
        )
        return dict(cursor.fetchall())


def getoond_per_status(html: str) -> dict[str, int]:
    """The dashboard's total row: "Alle thema's: 123 activiteiten vertraagd"."""
    uit = {}
    for aantal, status in re.findall(
        r"Alle thema's: (\d+) activiteit(?:en)? ([a-z ]+?)\"", unescape(html)
    ):
        if status != "in totaal":
            uit[status.replace(" ", "_")] = int(aantal)
    return uit


def meet(client, url: str, rondes: int) -> tuple[list[float], list[float], set[int], str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm-up: templates, the chart renderer, the session
    tijden, cpu, queries, html = [], [], set(), ""
    for _ in range(rondes):
        with CaptureQueriesContext(connection) as ctx:
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            tijden.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
        queries.add(len(ctx.captured_queries))
        html = response.content.decode()
    return tijden, cpu, queries, html


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activiteiten", type=int, default=1000)
    parser.add_argument("--rondes", type=int, default=15)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        setup_django(tmp)
        from django.core.management import call_command
        from django.test import Client
        from django.urls import reverse

        from prestatiemonitor.organisaties.constants import Rol
        from prestatiemonitor.organisaties.tests.factories import LidmaatschapFactory

        call_command("migrate", verbosity=0)
        if "DATABASE_URL" in os.environ:
            call_command("flush", interactive=False, verbosity=0)
        groottes = [max(1, args.activiteiten // 10), args.activiteiten]
        werelden = {}
        for n in groottes:
            start = time.perf_counter()
            werelden[n] = bouw_jaarschijven(n)
            print(
                f"Kader met {len(JAREN)} jaarschijven × {n} activiteiten en "
                f"{2 * len(JAREN)} gesloten peilmomenten ({2 * len(JAREN) * n} meldingen) "
                f"opgebouwd in {time.perf_counter() - start:.1f} s"
            )
        print()
        print(f"Belasting van de machine (load average, 1 min): {os.getloadavg()[0]:.1f}")
        print(
            f"{'dashboard 2025':<34} {'mediaan ms':>10} {'p95 ms':>8} {'min ms':>8} {'CPU ms':>8} "
            f"{'queries':>8}"
        )
        resultaten = {}
        html_groot = ""
        for n, (ks, _) in werelden.items():
            lid = Client()
            lid.force_login(LidmaatschapFactory(organisatie=ks.hon, rol=Rol.LEZER).user)
            url = reverse("jaarschijven:dashboard", args=[ks.kader.slug, 2025])
            for wie, client in (("anoniem", Client()), ("lid", lid)):
                tijden, cpu, queries, html = meet(client, url, args.rondes)
                tijden.sort()
                med = statistics.median(tijden)
                p95 = tijden[min(len(tijden) - 1, int(len(tijden) * 0.95))]
                resultaten[(n, wie)] = (med, queries)
                q = "/".join(str(x) for x in sorted(queries))
                print(
                    f"{f'{n} activiteiten ({wie})':<34} {med:>10.1f} {p95:>8.1f} {tijden[0]:>8.1f} "
                    f"{statistics.median(cpu):>8.1f} {q:>8}"
                )
                if n == args.activiteiten and wie == "anoniem":
                    html_groot = html
        print()
        ks, jaarschijven = werelden[args.activiteiten]
        december = jaarschijven[2025].peilmomenten.get(soort="december")
        sql = sql_per_status(december.pk)
        getoond = getoond_per_status(html_groot)
        print(f"Activiteiten per status bij december 2025 ({args.activiteiten} activiteiten):")
        print(f"{'status':<16} {'dashboard':>10} {'SQL':>8} {'verhouding':>10}")
        for status, _ in STATUSSEN:
            a, b = getoond.get(status, 0), sql.get(status, 0)
            verhouding = f"{a / b:.2f}".replace(".", ",") if b else "-"
            print(f"{status:<16} {a:>10} {b:>8} {verhouding:>10}")
        print()
        hoogste = max(med for med, _ in resultaten.values())
        gelijk = all(
            resultaten[(groottes[0], wie)][1] == resultaten[(groottes[1], wie)][1]
            for wie in ("anoniem", "lid")
        )
        print(
            f"Hoogste mediaan: {hoogste:.1f} ms ({'binnen' if hoogste < 200 else 'BOVEN'} het "
            "doel van 200 ms)"
        )
        print(
            f"Queries bij {groottes[0]} en {groottes[1]} activiteiten: "
            f"{'gelijk' if gelijk else 'VERSCHILLEND'}"
        )


if __name__ == "__main__":
    main()
