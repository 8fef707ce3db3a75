"""The planmonitor at national scale: Tabel 1 and 2, the norm overview, and a project import.

Builds, in a temporary SQLite database (or the database in DATABASE_URL, which it then empties
first — never point it at production), synthetic national data with bulk inserts (set-up, not a
user path): 342 gemeenten, each an afsprakenkader 2025–2027 with its gemeente and one to three
corporations (about 300, shared between gemeenten as in the Netherlands) as parties; 20.000
building projects spread unevenly over the gemeenten (the largest has about 6 %), with segment
splits per kind of owner, hardness codes, a year planning for about 10 % of them; and 50.000
stock changes, unique per (kader, corporatie, jaar, soort, segment, status).

Measured (median of N rounds, milliseconds), each beside the same figures from ONE hand-written
SQL query on the same database, whose values must be equal, and the time ratio:

- Tabel 1 and 2 of one gemeente (the largest, and a typical one):
  ``selectors.prognose(Bron(kader, None, False), periode(kader))`` — target under 100 ms;
- Tabel 1 and 2 for the whole country, per corporation: ``selectors.prognose_landelijk`` —
  target under 1 s;
- the norm overview of one gemeente: ``normen.selectors.normuitkomsten`` — target under 200 ms;
- the import of a 10.000-row project sheet (``uitwisseling.importeren``, when present): time
  and tracemalloc peak — target under 10 s with bounded memory.

The time ratio to the SQL query has a target of at most 2×.

    .venv/bin/python benchmarks/planmonitor.py [--gemeenten 342 --projecten 20000
        --mutaties 50000] [--rondes 15] [--import-rijen 10000] [--geen-import]
"""

import argparse
import copy
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
    os.environ["DJANGO_STATIC_MANIFEST"] = "0"
    os.environ.setdefault("PRESTATIEMONITOR_VAR_DIR", db_dir)
    Path(db_dir, "static").mkdir(exist_ok=True)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import django

    django.setup()


VAN, TOT = 2025, 2027
HARDHEID_GEWICHTEN = {
    "1A": 10,
    "1B": 8,
    "1C": 5,
    "2A": 12,
    "2B": 8,
    "2C": 6,
    "3": 12,
    "4A": 12,
    "4B": 14,
    "5A": 7,
    "5B": 6,
}
JAREN = list(range(2022, 2036))
JAAR_GEWICHTEN = [3, 4, 6, 10, 12, 12, 11, 10, 9, 7, 6, 4, 3, 3]
MUTATIEJAREN = list(range(2020, 2035))
MUTATIESOORTEN = ["sloop", "verkoop", "overheveling", "aankoop", "overig"]
MUTATIESEGMENTEN = ["sociale_huur", "middenhuur"]
STATUSSEN = ["gepland", "gerealiseerd"]
SEGMENTEN = [
    "sociale_huur",
    "middenhuur",
    "vrije_sector_huur",
    "sociale_koop",
    "betaalbare_koop",
    "vrije_sector_koop",
]


def verdeel(totaal: int, aandelen: list[float]) -> list[int]:
    """Split ``totaal`` over the shares (largest remainder), adding up exactly."""
    som = sum(aandelen) or 1
    ruw = [totaal * a / som for a in aandelen]
    delen = [int(r) for r in ruw]
    rest = totaal - sum(delen)
    for i in sorted(range(len(ruw)), key=lambda i: ruw[i] - delen[i], reverse=True)[:rest]:
        delen[i] += 1
    return delen


def segmentverdeling(rnd: random.Random, soort: str, totaal: int) -> dict[str, int]:
    if soort == "corporatie":
        aandelen = [rnd.uniform(0.6, 1.0), rnd.uniform(0, 0.3), 0, 0, 0, 0]
        if rnd.random() < 0.2:
            aandelen[1] = 0
    elif soort == "gemeente":
        aandelen = [rnd.uniform(0, 0.4), rnd.uniform(0, 0.2), 0, rnd.uniform(0, 0.1)]
        aandelen += [rnd.uniform(0, 0.3), rnd.uniform(0.2, 0.6)]
    else:  # market party or private owner
        aandelen = [
            rnd.choice([0, 0, rnd.uniform(0, 0.4)]),
            rnd.choice([0, rnd.uniform(0, 0.2)]),
            rnd.uniform(0, 0.2),
            rnd.choice([0, rnd.uniform(0, 0.1)]),
            rnd.uniform(0, 0.3),
            rnd.uniform(0.1, 0.7),
        ]
    return dict(zip(SEGMENTEN, verdeel(totaal, aandelen), strict=True))


def bouw_land(n_gemeenten: int, n_projecten: int, n_mutaties: int, seed: int = 342):
    """The synthetic country. Returns the kaders, largest first."""
    from django.db import transaction

    from prestatiemonitor.afspraken import models as am
    from prestatiemonitor.organisaties.constants import GebiedSoort, OrganisatieSoort
    from prestatiemonitor.organisaties.models import Gebied, Organisatie
    from prestatiemonitor.planmonitor.models import (
        Bouwproject,
        Hardheid,
        Oplevering,
        Voorraadmutatie,
    )

    rnd = random.Random(seed)
    hardheden = {h.code: h for h in Hardheid.objects.all()}
    codes = list(HARDHEID_GEWICHTEN)
    with transaction.atomic():
        gebieden = Gebied.objects.bulk_create(
            Gebied(naam=f"Gemeente {i:03d}", soort=GebiedSoort.GEMEENTE, cbs_code=f"GM{i:04d}")
            for i in range(1, n_gemeenten + 1)
        )
        n_corp = max(3, min(300, n_gemeenten))
        corporaties = Organisatie.objects.bulk_create(
            Organisatie(
                naam=f"Woonstichting {i:03d}",
                korte_naam=f"WS{i:03d}",
                slug=f"ws-{i:03d}",
                soort=OrganisatieSoort.WONINGCORPORATIE,
            )
            for i in range(1, n_corp + 1)
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
        kaders = am.Afsprakenkader.objects.bulk_create(
            am.Afsprakenkader(
                gemeente=g,
                titel=f"Prestatieafspraken {g.naam} {VAN}–{TOT}",
                slug=f"{g.cbs_code.lower()}-{VAN}-{TOT}",
                periode_van=VAN,
                periode_tot=TOT,
                status="ondertekend",
                gepubliceerd=True,
            )
            for g in gebieden
        )
        partijen = []
        corps_per_kader: dict[int, list] = {}
        for i, (kader, gem_org) in enumerate(zip(kaders, gemeente_orgs, strict=True)):
            aantal = 3 if i < 10 else rnd.choices([1, 2, 3], weights=[40, 40, 20])[0]
            corps = rnd.sample(corporaties, aantal)
            corps_per_kader[kader.pk] = corps
            partijen += [
                am.Partij(kader=kader, organisatie=o, aanduiding=o.korte_naam, volgorde=v)
                for v, o in enumerate([gem_org, *corps])
            ]
        am.Partij.objects.bulk_create(partijen, batch_size=2000)

        # Projects: the first kaders are the large cities (weight 1/rank^0.7).
        gewichten = [1 / (r**0.7) for r in range(1, n_gemeenten + 1)]
        per_kader = rnd.choices(range(n_gemeenten), weights=gewichten, k=n_projecten)
        projecten, planningen = [], []
        for nr, k in enumerate(per_kader, start=1):
            kader = kaders[k]
            soort = rnd.choices(
                ["corporatie", "marktpartij", "particulier", "gemeente"], weights=[45, 40, 5, 10]
            )[0]
            code = rnd.choices(codes, weights=list(HARDHEID_GEWICHTEN.values()))[0]
            jaar = rnd.choices(JAREN, weights=JAAR_GEWICHTEN)[0]
            totaal = max(1, min(600, int(rnd.lognormvariate(3.3, 0.9))))
            segmenten = segmentverdeling(rnd, soort, totaal)
            hard = hardheden[code].hard
            if jaar < VAN:
                fase = "opgeleverd"
            elif jaar == VAN:
                fase = (
                    rnd.choice(["in_aanbouw", "opgeleverd"]) if hard else "vergunning_aangevraagd"
                )
            else:
                fase = (
                    rnd.choice(["vergunning_verleend", "in_aanbouw", "ontwerp"])
                    if hard
                    else rnd.choice(["initiatief", "planvorming", "ontwerp"])
                )
            huur = segmenten["sociale_huur"] + segmenten["middenhuur"]
            p = Bouwproject(
                kader=kader,
                gemeente_id=kader.gemeente_id,
                projectcode=f"P{nr:05d}",
                naam=f"Project {nr}",
                kern=f"Kern {rnd.randint(1, 6)}",
                eigenaar_soort=soort,
                eigenaar=rnd.choice(corps_per_kader[kader.pk]) if soort == "corporatie" else None,
                eigenaar_naam=f"Ontwikkelaar {rnd.randint(1, 400)}"
                if soort in ("marktpartij", "particulier")
                else "",
                hardheid=hardheden[code],
                fase=fase,
                oplevering_jaar=jaar,
                oplevering_kwartaal=rnd.choice([None, 1, 2, 3, 4]),
                totaal=totaal,
                instandhoudingstermijn=rnd.choice([None, 10, 15, 25, 30])
                if huur and soort in ("marktpartij", "particulier")
                else None,
                **segmenten,
            )
            projecten.append(p)
            if totaal >= 20 and rnd.random() < 0.15:  # ~10 % of all projects
                jaren = [jaar + j for j in range(rnd.choice([2, 3]))]
                aandelen = [rnd.uniform(0.5, 1) for _ in jaren]
                per_segment = {s: verdeel(n, aandelen) for s, n in segmenten.items()}
                for j, planjaar in enumerate(jaren):
                    planningen.append(
                        (
                            p,
                            Oplevering(
                                jaar=planjaar,
                                status="gerealiseerd" if planjaar < VAN else "gepland",
                                **{s: per_segment[s][j] for s in SEGMENTEN},
                            ),
                        )
                    )
        Bouwproject.objects.bulk_create(projecten, batch_size=1000)
        for p, o in planningen:
            o.project = p
        Oplevering.objects.bulk_create([o for _, o in planningen], batch_size=2000)

        # Stock changes: proportional to the projects, within each kader's distinct keys.
        per_project = [0] * n_gemeenten
        for k in per_kader:
            per_project[k] += 1
        capaciteit = [
            len(corps_per_kader[k.pk])
            * len(MUTATIEJAREN)
            * len(MUTATIESOORTEN)
            * len(MUTATIESEGMENTEN)
            * len(STATUSSEN)
            for k in kaders
        ]
        aantallen = [0] * n_gemeenten
        over = n_mutaties
        while over > 0:
            ruimte = [i for i in range(n_gemeenten) if aantallen[i] < capaciteit[i] * 0.7]
            if not ruimte:
                raise SystemExit("Te veel mutaties voor het aantal gemeenten.")
            gewicht = sum(per_project[i] + 1 for i in ruimte)
            verdeeld = 0
            for i in ruimte:
                extra = min(
                    int(capaciteit[i] * 0.7) - aantallen[i],
                    max(1, round(over * (per_project[i] + 1) / gewicht)),
                    over - verdeeld,
                )
                aantallen[i] += extra
                verdeeld += extra
                if verdeeld >= over:
                    break
            over -= verdeeld
        mutaties = []
        for kader, n in zip(kaders, aantallen, strict=True):
            corps = corps_per_kader[kader.pk]
            for index in rnd.sample(range(len(corps) * 300), n):
                c, rest = divmod(index, 300)
                j, rest = divmod(rest, 20)
                s, rest = divmod(rest, 4)
                seg, status = divmod(rest, 2)
                mutaties.append(
                    Voorraadmutatie(
                        kader=kader,
                        corporatie=corps[c],
                        jaar=MUTATIEJAREN[j],
                        soort=MUTATIESOORTEN[s],
                        segment=MUTATIESEGMENTEN[seg],
                        status=STATUSSEN[status],
                        aantal=rnd.randint(1, 40),
                    )
                )
        Voorraadmutatie.objects.bulk_create(mutaties, batch_size=2000)
    volgorde = sorted(range(n_gemeenten), key=lambda i: -per_project[i])
    return [kaders[i] for i in volgorde], per_project, len(planningen), len(mutaties)


# ---------------------------------------------------------------------------------------------
# The same figures by hand, in one SQL query each

KOLOMMEN = ("nieuwbouw", "sloop_overheveling", "verkoop", "aankoop", "overig", "netto", "doorkijk")


def sql_tabellen(kader_id: int | None, van: int, tot: int, doorkijk_tot: int) -> dict:
    """Tabel 1 and 2 per corporation (``None``: Marktpartijen) from one hand-written query:
    {(tabel, partij_id): {kolom: waarde or None}}; ``kader_id`` None for the whole country."""
    from django.db import connection

    van, tot, doorkijk_tot = int(van), int(tot), int(doorkijk_tot)
    waar_kader = f"AND p.kader_id = {int(kader_id)}" if kader_id else ""
    waar_b = f"AND b.kader_id = {int(kader_id)}" if kader_id else ""
    waar_m = f"AND m.kader_id = {int(kader_id)}" if kader_id else ""
    sql = f"""
    WITH corp AS (
        SELECT p.kader_id, p.organisatie_id FROM afspraken_partij p
        JOIN organisaties_organisatie o ON o.id = p.organisatie_id
        WHERE o.soort = 'woningcorporatie' {waar_kader}
    ),
    proj AS (
        SELECT b.id, CASE WHEN b.eigenaar_soort = 'corporatie' THEN b.eigenaar_id END AS partij,
               b.eigenaar_soort = 'corporatie' AS eigen,
               COALESCE(b.instandhoudingstermijn, 0) AS iht,
               b.oplevering_jaar, b.sociale_huur, b.middenhuur
        FROM planmonitor_bouwproject b JOIN planmonitor_hardheid h ON h.id = b.hardheid_id
        WHERE h.hard {waar_b}
          AND (b.eigenaar_soort IN ('marktpartij', 'particulier')
               OR (b.eigenaar_soort = 'corporatie' AND EXISTS (
                   SELECT 1 FROM corp c WHERE c.kader_id = b.kader_id
                   AND c.organisatie_id = b.eigenaar_id)))
    ),
    levering AS (
        SELECT partij, eigen, iht, oplevering_jaar AS jaar, sociale_huur AS sh, middenhuur AS mh
        FROM proj WHERE NOT EXISTS (
            SELECT 1 FROM planmonitor_oplevering o WHERE o.project_id = proj.id)
        UNION ALL
        SELECT proj.partij, proj.eigen, proj.iht, o.jaar,
               CASE WHEN proj.sociale_huur > 0 THEN o.sociale_huur ELSE 0 END,
               CASE WHEN proj.middenhuur > 0 THEN o.middenhuur ELSE 0 END
        FROM proj JOIN planmonitor_oplevering o ON o.project_id = proj.id
    ),
    nieuwbouw AS (
        SELECT partij, CASE WHEN jaar <= {tot} THEN 'nieuwbouw' ELSE 'doorkijk' END AS kolom,
               CASE WHEN eigen OR iht >= 25 THEN sh ELSE 0 END AS sh,
               CASE WHEN eigen OR iht >= 10 THEN mh ELSE 0 END AS mh
        FROM levering WHERE jaar BETWEEN {van} AND {doorkijk_tot}
    ),
    mut AS (
        SELECT m.corporatie_id AS partij, m.soort, m.segment, m.aantal,
               CASE m.soort WHEN 'sloop' THEN 'sloop_overheveling'
                            WHEN 'overheveling' THEN 'sloop_overheveling'
                            WHEN 'verkoop' THEN 'verkoop' WHEN 'aankoop' THEN 'aankoop'
                            ELSE 'overig' END AS kolom,
               CASE m.soort WHEN 'aankoop' THEN m.aantal ELSE -m.aantal END AS teken
        FROM planmonitor_voorraadmutatie m
        JOIN corp c ON c.kader_id = m.kader_id AND c.organisatie_id = m.corporatie_id
        WHERE m.jaar BETWEEN {van} AND {tot} {waar_m}
          AND (m.status = 'gerealiseerd' OR NOT EXISTS (
              SELECT 1 FROM planmonitor_voorraadmutatie g
              WHERE g.kader_id = m.kader_id AND g.corporatie_id = m.corporatie_id
                AND g.jaar = m.jaar AND g.soort = m.soort AND g.segment = m.segment
                AND g.status = 'gerealiseerd'))
    ),
    posten AS (
        SELECT 1 AS tabel, partij, kolom, sh AS aantal FROM nieuwbouw WHERE sh > 0
        UNION ALL SELECT 2, partij, kolom, mh FROM nieuwbouw WHERE mh > 0
        UNION ALL SELECT 1, partij, kolom, teken FROM mut WHERE segment = 'sociale_huur'
        UNION ALL SELECT 2, partij, kolom, teken FROM mut WHERE segment = 'middenhuur'
        UNION ALL SELECT 2, partij, 'sloop_overheveling', aantal FROM mut
            WHERE segment = 'sociale_huur' AND soort = 'overheveling'
    )
    SELECT tabel, partij,
        SUM(CASE WHEN kolom = 'nieuwbouw' THEN aantal END),
        SUM(CASE WHEN kolom = 'sloop_overheveling' THEN aantal END),
        SUM(CASE WHEN kolom = 'verkoop' THEN aantal END),
        SUM(CASE WHEN kolom = 'aankoop' THEN aantal END),
        SUM(CASE WHEN kolom = 'overig' THEN aantal END),
        SUM(CASE WHEN kolom <> 'doorkijk' THEN aantal END),
        SUM(CASE WHEN kolom = 'doorkijk' THEN aantal END)
    FROM posten GROUP BY tabel, partij
    """
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {
            (tabel, partij): dict(
                zip(KOLOMMEN, (None if v is None else int(v) for v in rest), strict=True)
            )
            for tabel, partij, *rest in cursor.fetchall()
        }


def app_tabellen(prognose) -> dict:
    """The same shape from a computed Prognose (rows without any value left out)."""
    uit = {}
    for nummer, tabel in ((1, prognose.tabel1), (2, prognose.tabel2)):
        for rij in tabel.rijen:
            waarden = {k: rij.waarde(k) for k in KOLOMMEN}
            if any(v is not None for v in waarden.values()):
                uit[(nummer, rij.partij_id)] = waarden
    return uit


def sql_normen(kader_id: int, van: int) -> dict:
    """Results per (norm, uitkomst) of the two per-project norms (afspraak 3 and 1) from one
    hand-written query: the same scope, counting and rounding as the evaluators."""
    from django.db import connection

    sql = f"""
    WITH p AS (
        SELECT b.totaal, h.hard,
               CASE WHEN b.eigenaar_soort IN ('marktpartij', 'particulier')
                         AND COALESCE(b.instandhoudingstermijn, 0) < 25 THEN 0
                    ELSE b.sociale_huur END AS sh,
               CASE WHEN b.eigenaar_soort IN ('marktpartij', 'particulier')
                         AND COALESCE(b.instandhoudingstermijn, 0) < 10 THEN 0
                    ELSE b.middenhuur END AS mh,
               b.sociale_koop AS sk, (b.totaal * 5) / 100 AS sk_max
        FROM planmonitor_bouwproject b JOIN planmonitor_hardheid h ON h.id = b.hardheid_id
        WHERE b.kader_id = {int(kader_id)} AND h.telt_als_plancapaciteit AND b.totaal > 0
          AND b.oplevering_jaar >= {int(van)}
    ),
    oordeel AS (
        SELECT 'afspraak-3-sociaal-aandeel' AS norm,
               ROUND((sh + CASE WHEN sk < sk_max THEN sk ELSE sk_max END) * 100.0 / totaal, 1)
                   >= 35 AS voldoet, hard FROM p
        UNION ALL
        SELECT 'afspraak-1-middenhuur', ROUND(mh * 100.0 / totaal, 1) >= 5, hard
        FROM p WHERE totaal > 100
    )
    SELECT norm, CASE WHEN voldoet THEN 'voldoet' WHEN hard THEN 'voldoet_niet'
                      ELSE 'waarschuwing' END, COUNT(*)
    FROM oordeel GROUP BY 1, 2
    """
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {(norm, uitkomst): n for norm, uitkomst, n in cursor.fetchall()}


def app_normen(uitkomsten) -> dict:
    uit: dict = {}
    for u in uitkomsten:
        if u.norm_code in ("afspraak-3-sociaal-aandeel", "afspraak-1-middenhuur"):
            uit[(u.norm_code, u.uitkomst)] = uit.get((u.norm_code, u.uitkomst), 0) + 1
    return uit


# ---------------------------------------------------------------------------------------------
# The import of a project sheet


def projectblad(kader, n_rijen: int, *, seed: int = 10) -> bytes:
    """An XLSX with a ``Projecten`` sheet of ``n_rijen`` new projects for ``kader``, in the
    import's own column layout (``uitwisseling.PROJECT_KOLOMMEN``)."""
    import io

    from openpyxl import Workbook

    from prestatiemonitor.planmonitor import selectors
    from prestatiemonitor.planmonitor.constants import Fase
    from prestatiemonitor.planmonitor.uitwisseling import PROJECT_KOLOMMEN, SEGMENT_KOLOMMEN

    rnd = random.Random(seed)
    corporaties = [naam for _, naam in selectors.corporaties(kader)]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Projecten")
    ws.append(list(PROJECT_KOLOMMEN))
    for i in range(1, n_rijen + 1):
        soort = rnd.choices(["corporatie", "marktpartij", "gemeente"], weights=[50, 40, 10])[0]
        totaal = max(1, min(600, int(rnd.lognormvariate(3.3, 0.9))))
        segmenten = segmentverdeling(rnd, soort, totaal)
        jaar = rnd.choice(JAREN[2:])
        huur = segmenten["sociale_huur"] + segmenten["middenhuur"]
        rij = {
            "Projectcode": f"IMP-{i:05d}",
            "Naam": f"Geïmporteerd project {i}",
            "Kern": f"Kern {rnd.randint(1, 6)}",
            "Eigenaar": rnd.choice(corporaties)
            if soort == "corporatie"
            else (f"Ontwikkelaar {rnd.randint(1, 400)}" if soort == "marktpartij" else ""),
            "Soort eigenaar": soort,
            "Hardheid": rnd.choices(list(HARDHEID_GEWICHTEN), list(HARDHEID_GEWICHTEN.values()))[0],
            "Fase": str(Fase.ONTWERP.label if jaar > VAN else Fase.IN_AANBOUW.label),
            "Oplevering": f"{jaar}-Q{rnd.randint(1, 4)}" if rnd.random() < 0.5 else jaar,
            "Totaal": totaal,
            "Instandhoudingstermijn": rnd.choice([None, 15, 25])
            if soort == "marktpartij" and huur
            else None,
            "Toelichting": "Benchmark",
        }
        for titel, veld in SEGMENT_KOLOMMEN.items():
            rij[titel] = segmenten[veld]
        ws.append([rij.get(k) for k in PROJECT_KOLOMMEN])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def meet_import(kaders, n_rijen: int) -> None:
    """Import ``n_rijen`` new projects twice, into two small kaders: once timed, once under
    tracemalloc (which slows Python down) for the peak memory; the rows written against a
    count in SQL."""
    import tracemalloc

    from django.db import connection

    from prestatiemonitor.organisaties.permissions import SYSTEEM

    try:
        from prestatiemonitor.planmonitor.uitwisseling import importeren
    except ImportError:
        print("(planmonitor.uitwisseling.importeren ontbreekt: importmeting overgeslagen)")
        return
    klein = [k for k in kaders[::-1] if k.partij_set.count() >= 3][:2]
    print()
    print(f"Import van {n_rijen} projecten (XLSX, blad Projecten), via de services:")
    for kader, met_geheugen in zip(klein, (False, True), strict=True):
        data = projectblad(kader, n_rijen)
        if met_geheugen:
            tracemalloc.start()
        start = time.perf_counter()
        resultaat = importeren(
            kader=kader, data=data, bestandsnaam="benchmark.xlsx", acting_user=SYSTEEM
        )
        duur = time.perf_counter() - start
        if met_geheugen:
            _, piek = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM planmonitor_bouwproject WHERE kader_id = %s "
                "AND projectcode LIKE 'IMP-%%'",
                [kader.pk],
            )
            in_sql = cursor.fetchone()[0]
        verhouding = len(resultaat.nieuw) / in_sql if in_sql else float("nan")
        print(
            f"  {'met tracemalloc' if met_geheugen else 'zonder tracemalloc'}: "
            f"{nl(duur, 2)} s ({nl(n_rijen / duur, 0)} rijen/s, bestand {nl(len(data) / 1e6, 2)} "
            f"MB), {len(resultaat.nieuw)} nieuw, in SQL {in_sql} (verhouding {nl(verhouding, 2)})"
            + (
                f", piek {nl(piek / 1e6)} MB ({nl(piek / n_rijen / 1e3)} kB per rij)"
                if met_geheugen
                else ""
            )
        )
        if not met_geheugen:
            print(
                f"  Import {n_rijen} rijen: {nl(duur, 2)} s, "
                f"{'binnen' if duur < 10 else 'BOVEN'} het doel van 10 s"
            )


# ---------------------------------------------------------------------------------------------
# Measuring


def meet(functie, rondes: int):
    """Median and minimum in ms over ``rondes`` calls (after one warm-up), the query count
    and the last result."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        uitkomst = functie()
    tijden = []
    for _ in range(rondes):
        start = time.perf_counter()
        uitkomst = functie()
        tijden.append((time.perf_counter() - start) * 1000)
    return statistics.median(tijden), min(tijden), len(ctx.captured_queries), uitkomst


def nl(x: float, decimalen: int = 1) -> str:
    return f"{x:,.{decimalen}f}".replace(",", "_").replace(".", ",").replace("_", ".")


class Verslag:
    def __init__(self) -> None:
        self.regels: list[tuple] = []

    def kop(self) -> None:
        print(
            f"{'meting':<44} {'mediaan':>9} {'min':>8} {'queries':>7} {'SQL':>8} "
            f"{'verhouding':>10} {'waarden':>8} {'doel':>8}"
        )

    def regel(self, naam, med, mn, queries, sql_ms, gelijk, doel_ms) -> None:
        verhouding = med / sql_ms if sql_ms else float("nan")
        self.regels.append((naam, med, doel_ms, verhouding, gelijk))
        print(
            f"{naam:<44} {nl(med):>6} ms {nl(mn):>5} ms {queries:>7} {nl(sql_ms):>5} ms "
            f"{nl(verhouding, 2):>9}× {'gelijk' if gelijk else 'ANDERS':>8} "
            f"{'<' + nl(doel_ms, 0) + ' ms':>8}"
        )

    def samenvatting(self) -> None:
        print()
        for naam, med, doel, verhouding, gelijk in self.regels:
            oordeel = "binnen" if med < doel else "BOVEN"
            print(
                f"{naam}: {nl(med)} ms, {oordeel} het doel van {nl(doel, 0)} ms; "
                f"{nl(verhouding, 2)}× de SQL-query ({'binnen' if verhouding <= 2 else 'BOVEN'} "
                f"2×); waarden {'gelijk' if gelijk else 'VERSCHILLEND'}"
            )


def toon_tabellen(app: dict, sql: dict, namen: dict) -> None:
    for tabel in (1, 2):
        print(
            f"  Tabel {tabel}: partij — app / SQL (nieuwbouw, sloop+overheveling, verkoop, netto)"
        )
        sleutels = sorted({k for k in (*app, *sql) if k[0] == tabel}, key=lambda k: str(k[1]))
        for k in sleutels:
            a, s = app.get(k, {}), sql.get(k, {})
            cijfers = [
                f"{a.get(c)}/{s.get(c)}" for c in ("nieuwbouw", "sloop_overheveling", "verkoop")
            ]
            cijfers.append(f"{a.get('netto')}/{s.get('netto')}")
            print(f"    {namen.get(k[1], 'Marktpartijen'):<14} {'  '.join(cijfers)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gemeenten", type=int, default=342)
    parser.add_argument("--projecten", type=int, default=20000)
    parser.add_argument("--mutaties", type=int, default=50000)
    parser.add_argument("--rondes", type=int, default=15)
    parser.add_argument("--import-rijen", type=int, default=10000)
    parser.add_argument("--geen-import", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        setup_django(tmp)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        if "DATABASE_URL" in os.environ:
            import importlib

            from django.apps import apps

            call_command("flush", interactive=False, verbosity=0)
            # The flush also empties the reference data migration 0002 seeded: seed it again.
            referentie = importlib.import_module(
                "prestatiemonitor.planmonitor.migrations.0002_referentiedata"
            )
            referentie.vullen(apps, None)

        from django.db import connection

        from prestatiemonitor.normen import selectors as normselectors
        from prestatiemonitor.normen.services import STANDAARDNORMEN, normen_inrichten
        from prestatiemonitor.organisaties.models import Organisatie
        from prestatiemonitor.organisaties.permissions import SYSTEEM
        from prestatiemonitor.planmonitor import selectors
        from prestatiemonitor.planmonitor.models import Hardheid

        if not Hardheid.objects.exists():
            raise SystemExit("De planhardheden ontbreken (migratie 0002 van planmonitor).")

        start = time.perf_counter()
        kaders, per_kader, n_planning, n_mut = bouw_land(
            args.gemeenten, args.projecten, args.mutaties
        )
        print(
            f"{args.gemeenten} gemeenten, {sum(per_kader)} projecten ({n_planning} regels "
            f"jaarplanning), {n_mut} mutaties opgebouwd in {time.perf_counter() - start:.1f} s "
            f"({connection.vendor})"
        )
        per_pk = dict(
            zip((k.pk for k in sorted(kaders, key=lambda k: k.pk)), per_kader, strict=True)
        )
        groot, gewoon = kaders[0], kaders[len(kaders) // 2]
        namen = {
            o.pk: o.korte_naam
            for o in Organisatie.objects.filter(soort="woningcorporatie").only("korte_naam")
        }
        for kader in (groot, gewoon):
            corporatie = selectors.corporaties(kader)[0][1]
            definities = copy.deepcopy(STANDAARDNORMEN)
            for d in definities:
                if d["soort"] == "verkoop_compensatie":
                    d["parameters"]["partij"] = corporatie
            normen_inrichten(kader=kader, acting_user=SYSTEEM, definities=definities)

        print(f"Belasting van de machine (load average, 1 min): {os.getloadavg()[0]:.1f}")
        print()
        verslag = Verslag()
        verslag.kop()
        for kader, wat in ((groot, "grootste"), (gewoon, "gewone")):
            p = selectors.periode(kader)
            bron = selectors.Bron(kader, None, False)
            med, mn, q, prognose = meet(
                lambda bron=bron, p=p: selectors.prognose(bron, p), args.rondes
            )
            sql_med, _, _, sql = meet(
                lambda kader=kader, p=p: sql_tabellen(kader.pk, p.van, p.tot, p.doorkijk_tot),
                args.rondes,
            )
            app = app_tabellen(prognose)
            verslag.regel(
                f"Tabel 1+2, {wat} gemeente ({per_pk[kader.pk]} proj.)",
                med,
                mn,
                q,
                sql_med,
                app == sql,
                100,
            )
            if app != sql:
                toon_tabellen(app, sql, namen)
        # The whole country
        if hasattr(selectors, "prognose_landelijk"):
            p = selectors.Periode(VAN, TOT, TOT + selectors.DOORKIJK_JAREN)
            med, mn, q, prognose = meet(lambda: selectors.prognose_landelijk(p), args.rondes)
            sql_med, _, _, sql = meet(
                lambda: sql_tabellen(None, p.van, p.tot, p.doorkijk_tot), args.rondes
            )
            app = app_tabellen(prognose)
            verslag.regel("Tabel 1+2, heel Nederland", med, mn, q, sql_med, app == sql, 1000)
            if app != sql:
                toon_tabellen(app, sql, namen)
            landelijk = (prognose, sql)
        else:
            print("(selectors.prognose_landelijk ontbreekt: landelijke meting overgeslagen)")
            landelijk = None
        # The norm overview
        for kader, wat in ((groot, "grootste"), (gewoon, "gewone")):
            med, mn, q, uitkomsten = meet(
                lambda kader=kader: normselectors.normuitkomsten(user=SYSTEEM, kader=kader),
                args.rondes,
            )
            sql_med, _, _, sql = meet(lambda kader=kader: sql_normen(kader.pk, VAN), args.rondes)
            app = app_normen(uitkomsten)
            verslag.regel(
                f"Normoverzicht, {wat} gemeente ({len(uitkomsten)} uitk.)",
                med,
                mn,
                q,
                sql_med,
                app == sql,
                200,
            )
            if app != sql:
                print(f"    app {sorted(app.items())}\n    SQL {sorted(sql.items())}")

        print()
        p = selectors.periode(groot)
        prognose = selectors.prognose(selectors.Bron(groot, None, False), p)
        sql = sql_tabellen(groot.pk, p.van, p.tot, p.doorkijk_tot)
        print(f"Tabel 1 en 2 van de grootste gemeente, app tegen SQL ({groot.titel}):")
        toon_tabellen(app_tabellen(prognose), sql, namen)
        if landelijk:
            prognose, sql = landelijk
            for nummer, tabel in ((1, prognose.tabel1), (2, prognose.tabel2)):
                rijen = [r for r in tabel.rijen if (nummer, r.partij_id) in sql]
                gelijk = sum(
                    1
                    for r in rijen
                    if {k: r.waarde(k) for k in KOLOMMEN} == sql[(nummer, r.partij_id)]
                )
                print(
                    f"Heel Nederland, Tabel {nummer}: {gelijk} van {len(rijen)} rijen gelijk aan "
                    f"SQL; netto totaal {tabel.totaal.waarde('netto')}, "
                    f"SQL {sum(v['netto'] or 0 for (t, _), v in sql.items() if t == nummer)}"
                )
        verslag.samenvatting()
        if not args.geen_import:
            meet_import(kaders, args.import_rijen)


if __name__ == "__main__":
    main()
