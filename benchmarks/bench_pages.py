"""Register pages at national scale: 342 gemeenten × 30 afspraken.

Builds a synthetic dataset in a temporary SQLite database (or the database in DATABASE_URL,
which it then empties first — never point it at production), requests every register page
type for a sample of kaders as anonymous visitor and as a party member, and prints the median
and 95th-percentile server time and the number of queries per page type.

    .venv/bin/python benchmarks/bench_pages.py [--gemeenten 342] [--afspraken 30] [--rondes 15]

Target (issue #2): median under 150 ms per page, and a query count that does not depend on
the size of the dataset.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path


def setup_django(db_dir: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prestatiemonitor.config.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark")
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,localhost"
    # Serve static files from the sources: no `collectstatic` manifest in a benchmark.
    os.environ["DJANGO_STATIC_MANIFEST"] = "0"
    os.environ.setdefault("PRESTATIEMONITOR_VAR_DIR", db_dir)
    Path(db_dir, "static").mkdir(exist_ok=True)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import django

    django.setup()


THEMAS = [
    "Balans in vraag en aanbod",
    "Wonen, zorg en aandachtsgroepen",
    "Verduurzamen woningvoorraad en betaalbaar wonen",
    "Vitale wijken",
    "Samenwerking",
]
WOORDEN = [
    "partijen",
    "woningcorporaties",
    "gemeente",
    "huurdersorganisaties",
    "sociale",
    "huurwoningen",
    "nieuwbouw",
    "doorstroming",
    "verduurzaming",
    "leefbaarheid",
    "urgenten",
    "statushouders",
    "middenhuur",
    "planmonitor",
    "jaarschijf",
    "toewijzing",
    "spreiding",
    "wijken",
    "buurten",
    "energielabel",
    "betaalbaarheid",
]


def build_dataset(n_gemeenten: int, n_afspraken: int) -> list[str]:
    from django.db import transaction

    from prestatiemonitor.afspraken import models as m
    from prestatiemonitor.organisaties.constants import GebiedSoort, OrganisatieSoort, Rol
    from prestatiemonitor.organisaties.models import Gebied, Lidmaatschap, Organisatie, User

    rnd = random.Random(267)
    with transaction.atomic():
        gebieden = Gebied.objects.bulk_create(
            Gebied(naam=f"Gemeente {i:03d}", soort=GebiedSoort.GEMEENTE, cbs_code=f"GM{i:04d}")
            for i in range(1, n_gemeenten + 1)
        )
        # ~300 corporations shared between gemeenten, as in the Netherlands.
        corporaties = Organisatie.objects.bulk_create(
            Organisatie(
                naam=f"Woonstichting {i:03d}",
                korte_naam=f"WS{i:03d}",
                slug=f"ws-{i:03d}",
                soort=OrganisatieSoort.WONINGCORPORATIE,
            )
            for i in range(1, 301)
        )
        huurders = Organisatie.objects.bulk_create(
            Organisatie(
                naam=f"Huurdersvereniging {i:03d}",
                korte_naam=f"HV{i:03d}",
                slug=f"hv-{i:03d}",
                soort=OrganisatieSoort.HUURDERSORGANISATIE,
                corporatie=corporaties[i - 1],
            )
            for i in range(1, 301)
        )
        gemeente_orgs = Organisatie.objects.bulk_create(
            Organisatie(
                naam=f"Gemeente {g.naam}",
                korte_naam="gemeente",
                slug=f"gemeente-{g.cbs_code.lower()}",
                soort=OrganisatieSoort.GEMEENTE,
                gemeente=g,
            )
            for g in gebieden
        )
        kaders = m.Afsprakenkader.objects.bulk_create(
            m.Afsprakenkader(
                gemeente=g,
                titel=f"Prestatieafspraken {g.naam} 2025–2027",
                slug=f"{g.cbs_code.lower()}-2025-2027",
                periode_van=2025,
                periode_tot=2027,
                status="ondertekend",
                gepubliceerd=True,
            )
            for g in gebieden
        )
        partijen, themas = [], []
        kader_orgs = {}
        for kader, gem_org in zip(kaders, gemeente_orgs, strict=True):
            idx = rnd.sample(range(300), 2)
            orgs = [
                gem_org,
                corporaties[idx[0]],
                corporaties[idx[1]],
                huurders[idx[0]],
                huurders[idx[1]],
            ]
            kader_orgs[kader.pk] = orgs
            partijen += [
                m.Partij(kader=kader, organisatie=o, aanduiding=o.korte_naam, volgorde=v)
                for v, o in enumerate(orgs)
            ]
            themas += [
                m.Thema(kader=kader, nummer=n, titel=t, opgave="Opgave " * 40, doel="Doel " * 30)
                for n, t in enumerate(THEMAS, start=1)
            ]
        m.Partij.objects.bulk_create(partijen)
        themas = m.Thema.objects.bulk_create(themas)
        themas_per_kader: dict[int, list] = {}
        for t in themas:
            themas_per_kader.setdefault(t.kader_id, []).append(t)
        ambities, afspraken, begrippen = [], [], []
        for kader in kaders:
            ts = themas_per_kader[kader.pk]
            for t in ts:
                ambities += [
                    m.Ambitie(thema=t, volgorde=i, tekst=" ".join(rnd.choices(WOORDEN, k=30)))
                    for i in range(4)
                ]
            for n in range(1, n_afspraken + 1):
                afspraken.append(
                    m.Afspraak(
                        kader=kader,
                        thema=ts[(n - 1) * 4 // n_afspraken],
                        nummer=str(n),
                        volgorde=n,
                        tekst=" ".join(rnd.choices(WOORDEN, k=60)),
                        trekker=kader_orgs[kader.pk][0] if n % 5 == 0 else None,
                    )
                )
            begrippen += [
                m.Begrip(
                    kader=kader,
                    term=f"Begrip {i}",
                    slug=f"begrip-{i}",
                    definitie=" ".join(rnd.choices(WOORDEN, k=40)),
                    zoektermen=[WOORDEN[i]],
                    volgorde=i,
                )
                for i in range(14)
            ]
        m.Ambitie.objects.bulk_create(ambities, batch_size=2000)
        afspraken = m.Afspraak.objects.bulk_create(afspraken, batch_size=2000)
        m.Begrip.objects.bulk_create(begrippen, batch_size=2000)
        links = []
        for a in afspraken:
            for o in rnd.sample(kader_orgs[a.kader_id], 3):
                links.append(m.AfspraakPartij(afspraak=a, organisatie=o, herkenning="genoemd"))
        m.AfspraakPartij.objects.bulk_create(links, batch_size=5000)
        user = User.objects.create_user("bench", password="bench-wachtwoord-1")
        Lidmaatschap.objects.create(user=user, organisatie=gemeente_orgs[0], rol=Rol.BEHEERDER)
    return [k.slug for k in kaders]


def measure(slugs: list[str], rondes: int) -> dict[str, dict]:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from prestatiemonitor.organisaties.models import User

    rnd = random.Random(1)
    member = Client()
    member.force_login(User.objects.get(username="bench"))
    clients = {"anoniem": Client(), "lid": member}

    def pages(slug: str) -> dict[str, str]:
        return {
            "overzicht": reverse("afspraken:kader", args=[slug]),
            "thema": reverse("afspraken:thema", args=[slug, 1]),
            "afspraken": reverse("afspraken:afspraken", args=[slug]),
            "afspraken gefilterd": reverse("afspraken:afspraken", args=[slug]) + "?thema=2",
            "afspraak": reverse("afspraken:afspraak", args=[slug, "7"]),
            "zoeken": reverse("afspraken:zoeken", args=[slug]) + "?q=sociale+huurwoningen",
            "begrippen": reverse("afspraken:begrippen", args=[slug]),
            "convenanten": reverse("afspraken:convenanten", args=[slug]),
            "partijen": reverse("afspraken:partijen", args=[slug]),
            "home": reverse("home"),
        }

    results: dict[str, dict] = {}
    # Warm-up (template loading, first connection).
    for url in pages(slugs[0]).values():
        clients["anoniem"].get(url)
    for who, client in clients.items():
        for _ in range(rondes):
            slug = slugs[0] if who == "lid" else rnd.choice(slugs)
            for name, url in pages(slug).items():
                reset_queries()
                with CaptureQueriesContext(connection) as ctx:
                    start = time.perf_counter()
                    response = client.get(url)
                    elapsed = (time.perf_counter() - start) * 1000
                if response.status_code != 200:
                    raise SystemExit(f"{who} {url}: HTTP {response.status_code}")
                r = results.setdefault(f"{name} ({who})", {"ms": [], "queries": set()})
                r["ms"].append(elapsed)
                r["queries"].add(len(ctx.captured_queries))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gemeenten", type=int, default=342)
    parser.add_argument("--afspraken", type=int, default=30)
    parser.add_argument("--rondes", type=int, default=15)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        setup_django(tmp)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        if "DATABASE_URL" in os.environ:
            call_command("flush", interactive=False, verbosity=0)
        start = time.perf_counter()
        slugs = build_dataset(args.gemeenten, args.afspraken)
        print(
            f"Dataset: {args.gemeenten} gemeenten × {args.afspraken} afspraken "
            f"({args.gemeenten * args.afspraken} afspraken) in {time.perf_counter() - start:.1f} s"
        )
        results = measure(slugs, args.rondes)
        print(f"{'pagina':<34} {'mediaan ms':>10} {'p95 ms':>8} {'queries':>8}")
        worst = 0.0
        for name, r in results.items():
            ms = sorted(r["ms"])
            med = statistics.median(ms)
            p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
            worst = max(worst, med)
            q = "/".join(str(x) for x in sorted(r["queries"]))
            print(f"{name:<34} {med:>10.1f} {p95:>8.1f} {q:>8}")
        verdict = "binnen" if worst < 150 else "BOVEN"
        print(f"Hoogste mediaan: {worst:.1f} ms ({verdict} het doel van 150 ms)")


if __name__ == "__main__":
    main()
