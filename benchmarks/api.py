"""API list endpoints at national scale: 342 gemeenten × 30 afspraken (bench_pages' dataset).

Requests each list endpoint as an anonymous client (the public reads), measures the server
time (median of --rondes) and the number of queries, and prints it beside the same page of
the same list read by one hand-written SQL query on the same data (with its total, through a
window function), as a ratio; it also checks that both return the same ids in the same order.

    .venv/bin/python benchmarks/api.py [--gemeenten 342] [--afspraken 30] [--rondes 25]

Target (issue 10): median under 100 ms per list endpoint, within 2× the hand-written query.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_pages import build_dataset, setup_django  # noqa: E402


def _partijen_agg(vendor: str) -> str:
    return "string_agg(o2.slug, ',')" if vendor == "postgresql" else "group_concat(o2.slug, ',')"


def sql_afspraken(where: str, params: list, limit: int, offset: int, vendor: str) -> str:
    return f"""
        SELECT a.id, k.slug, t.nummer, a.soort, a.nummer, a.tekst, o.slug, a.jaar, a.termijn,
               (SELECT {_partijen_agg(vendor)} FROM afspraken_afspraakpartij ap
                  JOIN organisaties_organisatie o2 ON o2.id = ap.organisatie_id
                 WHERE ap.afspraak_id = a.id) AS partijen,
               COUNT(*) OVER () AS totaal
          FROM afspraken_afspraak a
          JOIN afspraken_afsprakenkader k ON k.id = a.kader_id
          LEFT JOIN afspraken_thema t ON t.id = a.thema_id
          LEFT JOIN organisaties_organisatie o ON o.id = a.trekker_id
         WHERE k.gepubliceerd = %s {where}
         ORDER BY a.kader_id, a.soort, a.volgorde, a.id
         LIMIT {limit} OFFSET {offset}
    """


def sql_kaders(limit: int, vendor: str) -> str:
    return f"""
        SELECT k.id, k.slug, k.titel, g.naam, g.cbs_code, k.periode_van, k.periode_tot,
               (SELECT {_partijen_agg(vendor)} FROM afspraken_partij p
                  JOIN organisaties_organisatie o2 ON o2.id = p.organisatie_id
                 WHERE p.kader_id = k.id) AS partijen,
               COUNT(*) OVER () AS totaal
          FROM afspraken_afsprakenkader k
          JOIN organisaties_gebied g ON g.id = k.gemeente_id
         WHERE k.gepubliceerd = %s
         ORDER BY g.naam, k.periode_van DESC, k.id
         LIMIT {limit}
    """


def meet(functie, rondes: int):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    tijden, queries, resultaat = [], 0, None
    for _ in range(rondes):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            resultaat = functie()
            tijden.append((time.perf_counter() - start) * 1000)
        queries = len(ctx.captured_queries)
    return statistics.median(tijden), queries, resultaat


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gemeenten", type=int, default=342)
    parser.add_argument("--afspraken", type=int, default=30)
    parser.add_argument("--rondes", type=int, default=25)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        setup_django(tmp)
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client

        call_command("migrate", verbosity=0)
        if "DATABASE_URL" in os.environ:
            call_command("flush", interactive=False, verbosity=0)
        start = time.perf_counter()
        slugs = build_dataset(args.gemeenten, args.afspraken)
        print(
            f"Dataset: {args.gemeenten} gemeenten × {args.afspraken} afspraken "
            f"({args.gemeenten * args.afspraken} afspraken) in {time.perf_counter() - start:.1f} s"
        )
        vendor = connection.vendor
        client = Client()
        kader = slugs[len(slugs) // 2]

        def sql(query: str, params: list):
            def lees():
                with connection.cursor() as cur:
                    cur.execute(query, params)
                    return cur.fetchall()

            return lees

        gevallen = [
            ("kaders (pagina 1)", "/api/v1/kaders/", sql(sql_kaders(50, vendor), [True]), 1),
            (
                "afspraken (pagina 1)",
                "/api/v1/afspraken/",
                sql(sql_afspraken("", [], 50, 0, vendor), [True]),
                0,
            ),
            (
                "afspraken ?kader=",
                f"/api/v1/afspraken/?kader={kader}",
                sql(sql_afspraken("AND k.slug = %s", [], 50, 0, vendor), [True, kader]),
                0,
            ),
            (
                "afspraken ?thema=2&pagina=40",
                "/api/v1/afspraken/?thema=2&pagina=40",
                sql(sql_afspraken("AND t.nummer = %s", [], 50, 39 * 50, vendor), [True, 2]),
                0,
            ),
            (
                "afspraken ?aantal=500",
                "/api/v1/afspraken/?aantal=500",
                sql(sql_afspraken("", [], 500, 0, vendor), [True]),
                0,
            ),
        ]
        print(
            f"{'lijst':<30} {'API ms':>8} {'queries':>8} {'SQL ms':>8} {'verhouding':>10} "
            f"{'rijen':>6} {'gelijk':>7}"
        )
        slechtste_ms, slechtste_ratio = 0.0, 0.0
        for naam, url, lees_sql, id_kolom in gevallen:
            api_ms, queries, response = meet(lambda url=url: client.get(url), args.rondes)
            assert response.status_code == 200, (url, response.status_code)
            sql_ms, _, rijen = meet(lees_sql, args.rondes)
            body = json.loads(response.content)
            api_ids = [r["slug"] if id_kolom else r["id"] for r in body["resultaten"]]
            sql_ids = [r[id_kolom] for r in rijen]
            gelijk = api_ids == sql_ids and body["totaal"] == (rijen[0][-1] if rijen else 0)
            ratio = api_ms / sql_ms if sql_ms else float("inf")
            slechtste_ms, slechtste_ratio = max(slechtste_ms, api_ms), max(slechtste_ratio, ratio)
            print(
                f"{naam:<30} {api_ms:>8.1f} {queries:>8} {sql_ms:>8.1f} {ratio:>9.1f}× "
                f"{len(api_ids):>6} {'ja' if gelijk else 'NEE':>7}"
            )
        print(
            f"Hoogste mediaan: {slechtste_ms:.1f} ms "
            f"({'binnen' if slechtste_ms < 100 else 'BOVEN'} het doel van 100 ms); "
            f"grootste verhouding tot de SQL-query: {slechtste_ratio:.1f}× "
            f"({'binnen' if slechtste_ratio <= 2 else 'boven'} het doel van 2×)"
        )


if __name__ == "__main__":
    main()
