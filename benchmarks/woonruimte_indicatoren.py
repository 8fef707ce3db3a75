"""All indicators of one gemeente over 2 million lettings and 2,4 million dwellings (issue 8 §5).

Builds, in a temporary SQLite database (or the database in DATABASE_URL, which it then empties
first — never point it at production), a synthetic country (set-up, not a user path): the 342
gemeenten of ``planmonitor.py`` (``bouw_land``: each an afsprakenkader 2025–2027 with its
gemeente and one to three of ~300 shared corporations as parties); 2.000.000 lettings
(``woonruimte.Toewijzing``, 2023–2025) spread unevenly over the kaders (weight 1/rank^0,7: the
largest gemeente has about 6 %), one ``Aanlevering`` per kader × corporation, with mostly social
lettings, a mix of routes, aandachtsgroepen, household sizes, incomes above the limit, passend
ja/nee/nvt, and a few kernen and buurten per gemeente; per kader the statushouder target per half
year, the social stock per corporation, kern and buurt, and the seekers per doelgroep; and
2.400.000 dwellings (``verduurzaming.Woning``) in one ``Voorraadopname`` per kader × corporation
× peildatum (1-1-2024 and 1-1-2025), with labels (E, F, G shrinking), some without a label and
some older than ten years. On PostgreSQL the two big tables are loaded with COPY and then
VACUUM ANALYZE'd; on SQLite with ``bulk_create`` in batches.

Measured (median of N rounds after a warm-up, milliseconds) for the largest gemeente and a
typical one, each beside the same figures from ONE hand-written SQL query (the values must be
equal; the benchmark prints the time ratio, target at most 2×):

1. ``woonruimte.selectors.indicatorresultaten(user=SYSTEEM, kader=kader, jaar=2025)``: every
   indicator with the norm outcomes and the label counts (what the CLI ``indicatoren`` prints)
   — target under 150 ms on PostgreSQL;
2. ``selectors.woondata(...)`` + ``indicatoren.alle(..., jaar=2025)`` alone;
3. ``verduurzaming.selectors.labeltellingen(...)``.

    .venv/bin/python benchmarks/woonruimte_indicatoren.py [--toewijzingen 2000000]
        [--woningen 2400000] [--gemeenten 342] [--rondes 15] [--bestaand]

``--bestaand`` (with DATABASE_URL) skips the set-up and measures again on the data already there.
"""

import argparse
import copy
import datetime
import io
import os
import random
import sys
import tempfile
import time
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from planmonitor import Verslag, bouw_land, meet, nl, setup_django, verdeel  # noqa: E402

JAAR = 2025
JAREN = (2023, 2024, 2025)
PEILDATA = (datetime.date(2024, 1, 1), datetime.date(2025, 1, 1))
ROUTES = (
    "regulier",
    "loting",
    "urgentie",
    "statushouder",
    "directe_bemiddeling",
    "maatwerk",
    "woonwagen",
)
ROUTE_GEWICHTEN = (60, 8, 11, 7, 8, 5, 1)
SEGMENTEN = ("sociale_huur", "middenhuur", "vrije_sector_huur")
SEGMENT_GEWICHTEN = (85, 10, 5)
DOELGROEPEN = ("jongere", "gezin", "senior", "overig")
ZOEKENDEN = ("jongere", "gezin", "senior", "urgent", "overig")
PASSEND = ("ja", "nee", "nvt")
PASSEND_GEWICHTEN = (86, 4, 10)
# Labels 1 (A+++++) … 12 (G) and None, per peildatum: E/F/G fewer at the second.
LABELS = (*range(1, 13), None)
LABEL_GEWICHTEN = {
    PEILDATA[0]: (1, 1, 2, 3, 6, 18, 20, 17, 14, 8, 5, 3, 2),
    PEILDATA[1]: (1, 2, 3, 4, 8, 21, 21, 16, 12, 6, 3, 1, 2),
}


def gewichten(n: int) -> list[float]:
    """The first kaders are the large cities (as the planmonitor benchmark)."""
    return [1 / (r**0.7) for r in range(1, n + 1)]


class Gemeente:
    """What the generators need of one kader."""

    def __init__(self, rnd, nummer, kader, gemeente_org, corporaties, groot):
        self.nummer = nummer
        self.kader = kader
        self.gemeente_org = gemeente_org
        self.corporaties = corporaties
        self.corp_gewichten = [rnd.uniform(0.3, 1.0) for _ in corporaties]
        n_kernen = 6 if groot else rnd.choices([1, 2, 3, 4, 5], weights=[15, 25, 25, 20, 15])[0]
        self.kernen = [f"Kern {i}" for i in range(1, n_kernen + 1)]
        self.kern_gewichten = [rnd.uniform(0.2, 1.0) for _ in self.kernen]
        self.buurten = {
            k: [f"Buurt {j}" for j in range(1, (12 if groot else rnd.randint(2, 8)) + 1)]
            for k in self.kernen
        }
        # Some corporations let more to aandachtsgroepen (a year above 30 % now and then).
        self.urgentie = [rnd.uniform(0.6, 1.8) for _ in corporaties]
        self.aanlevering = {}  # corporatie pk -> Aanlevering pk


def gemeenten_ophalen(kaders, seed: int) -> list[Gemeente]:
    from prestatiemonitor.afspraken.models import Partij
    from prestatiemonitor.organisaties.constants import OrganisatieSoort

    rnd = random.Random(seed)
    partijen: dict[int, list] = {}
    for p in Partij.objects.select_related("organisatie").order_by("kader_id", "volgorde"):
        partijen.setdefault(p.kader_id, []).append(p.organisatie)
    uit = []
    for i, kader in enumerate(kaders):
        orgs = partijen[kader.pk]
        gem = next(o for o in orgs if o.soort == OrganisatieSoort.GEMEENTE)
        corps = [o for o in orgs if o.soort == OrganisatieSoort.WONINGCORPORATIE]
        uit.append(Gemeente(rnd, i + 1, kader, gem, corps, groot=i < 10))
    return uit


# ---------------------------------------------------------------------------------------------
# Generating rows (tuples in column order)

TOEWIJZING_KOLOMMEN = (
    "kader_id",
    "corporatie_id",
    "aanlevering_id",
    "datum",
    "jaar",
    "kern",
    "buurt",
    "segment",
    "huurprijs",
    "route",
    "aandachtsgroep",
    "doelgroep",
    "personen",
    "inkomen_boven_grens",
    "passend",
    "voorbeeld",
)
WONING_KOLOMMEN = ("opname_id", "vbo_id", "kern", "energielabel", "registratiedatum", "huurprijs")

DAGEN = [datetime.date(2023, 1, 1) + datetime.timedelta(d) for d in range(3 * 365)]


def toewijzingen(rnd: random.Random, g: Gemeente, n: int):
    """``n`` lettings of one kader, as tuples in TOEWIJZING_KOLOMMEN order."""
    if n == 0:
        return
    corp_idx = rnd.choices(range(len(g.corporaties)), weights=g.corp_gewichten, k=n)
    kernen = rnd.choices(g.kernen, weights=g.kern_gewichten, k=n)
    dagen = rnd.choices(DAGEN, k=n)
    segmenten = rnd.choices(SEGMENTEN, weights=SEGMENT_GEWICHTEN, k=n)
    routes = rnd.choices(ROUTES, weights=ROUTE_GEWICHTEN, k=n)
    doelgroepen = rnd.choices(DOELGROEPEN, k=n)
    passend = rnd.choices(PASSEND, weights=PASSEND_GEWICHTEN, k=n)
    kader_id = g.kader.pk
    rand = rnd.random
    randint = rnd.randint
    for i in range(n):
        c = corp_idx[i]
        corp = g.corporaties[c]
        route = routes[i]
        if route == "urgentie" and rand() > g.urgentie[c] * 0.8:
            route = "regulier"
        kern = kernen[i]
        buurt = "" if rand() < 0.05 else rnd.choice(g.buurten[kern])
        dag = dagen[i]
        statushouder = route == "statushouder"
        yield (
            kader_id,
            corp.pk,
            g.aanlevering[corp.pk],
            dag,
            dag.year,
            kern,
            buurt,
            segmenten[i],
            f"{randint(450, 1100)}.{randint(0, 99):02d}",
            route,
            route in ("urgentie", "statushouder") or rand() < 0.08,
            doelgroepen[i],
            randint(1, 6) if statushouder else randint(1, 4),
            rand() < 0.08,
            passend[i],
            False,
        )


def woningen(rnd: random.Random, opname_id: int, g: Gemeente, peildatum, n: int, start: int):
    """``n`` dwellings of one opname, as tuples in WONING_KOLOMMEN order; the same VBO ids
    (``start`` …) at every peildatum of the corporation."""
    labels = rnd.choices(LABELS, weights=LABEL_GEWICHTEN[peildatum], k=n)
    kernen = rnd.choices(g.kernen, weights=g.kern_gewichten, k=n)
    for i in range(n):
        label = labels[i]
        # Registered 2012–2024: about a quarter older than ten years at the peildatum.
        registratie = (
            None
            if label is None
            else datetime.date(2012, 1, 1) + datetime.timedelta(rnd.randint(0, 4300))
        )
        yield (
            opname_id,
            f"{g.nummer:04d}01{start + i:010d}",
            kernen[i],
            label,
            registratie,
            None if rnd.random() < 0.03 else f"{rnd.randint(400, 1200)}.{rnd.randint(0, 99):02d}",
        )


def _copy_waarde(v) -> str:
    if v is None:
        return "\\N"
    if v is True:
        return "t"
    if v is False:
        return "f"
    return str(v)


def laden(model, kolommen, rijen_per_kader, batch: int = 5000) -> int:
    """Write the rows: COPY on PostgreSQL, bulk_create in batches elsewhere."""
    from django.db import connection, transaction

    n = 0
    if connection.vendor == "postgresql":
        sql = f"COPY {model._meta.db_table} ({', '.join(kolommen)}) FROM STDIN"
        with transaction.atomic(), connection.cursor() as cursor, cursor.copy(sql) as copy:
            buffer = io.StringIO()
            for rijen in rijen_per_kader:
                for rij in rijen:
                    buffer.write("\t".join(map(_copy_waarde, rij)))
                    buffer.write("\n")
                    n += 1
                if buffer.tell() > 8_000_000:
                    copy.write(buffer.getvalue())
                    buffer = io.StringIO()
            copy.write(buffer.getvalue())
        return n
    objecten = []
    with transaction.atomic():
        for rijen in rijen_per_kader:
            for rij in rijen:
                objecten.append(model(**dict(zip(kolommen, rij, strict=True))))
                if len(objecten) >= batch:
                    model.objects.bulk_create(objecten, batch_size=batch)
                    n += len(objecten)
                    objecten = []
        model.objects.bulk_create(objecten, batch_size=batch)
        n += len(objecten)
    return n


def bouw_woondata(gemeenten: list[Gemeente], n_toewijzingen: int, n_woningen: int, seed: int):
    """Lettings, their deliveries, the aggregates and the dwellings of every kader."""
    from django.utils import timezone

    from prestatiemonitor.verduurzaming.models import Voorraadopname, Woning
    from prestatiemonitor.woonruimte.models import (
        Aanlevering,
        SocialeVoorraad,
        TaakstellingStatushouders,
        Toewijzing,
        Woningzoekenden,
    )

    rnd = random.Random(seed)
    w = gewichten(len(gemeenten))
    per_kader = verdeel(n_toewijzingen, w)
    woningen_per_kader = verdeel(n_woningen // len(PEILDATA), w)
    tijden = {}

    start = time.perf_counter()
    aanleveringen = [
        Aanlevering(
            kader=g.kader,
            organisatie=c,
            soort="toewijzingen",
            bestandsnaam=f"toewijzingen-{c.korte_naam}.csv",
            sha256=f"{rnd.getrandbits(256):064x}",
            rijen=0,
            jaar_van=JAREN[0],
            jaar_tot=JAREN[-1],
            door="systeem",
        )
        for g in gemeenten
        for c in g.corporaties
    ]
    Aanlevering.objects.bulk_create(aanleveringen, batch_size=2000)
    for a in aanleveringen:
        next(g for g in gemeenten if g.kader.pk == a.kader_id).aanlevering[a.organisatie_id] = a.pk

    n = laden(
        Toewijzing,
        TOEWIJZING_KOLOMMEN,
        (toewijzingen(rnd, g, k) for g, k in zip(gemeenten, per_kader, strict=True)),
    )
    tijden["toewijzingen"] = (n, time.perf_counter() - start)

    # The aggregates: target per half year, stock per corporation × kern × buurt, seekers.
    start = time.perf_counter()
    taak, voorraad, zoekenden = [], [], []
    for g, k in zip(gemeenten, per_kader, strict=True):
        for jaar in JAREN:
            for halfjaar in (1, 2):
                # About the persons the statushouder route houses (7 % × ~3,5 persons).
                verwacht = k / 6 * 0.07 * 3.5 * 0.85
                taak.append(
                    TaakstellingStatushouders(
                        kader=g.kader,
                        organisatie=g.gemeente_org,
                        jaar=jaar,
                        halfjaar=halfjaar,
                        personen=max(1, round(verwacht * rnd.uniform(0.8, 1.25))),
                    )
                )
            for c in g.corporaties:
                for kern in g.kernen:
                    for buurt in g.buurten[kern]:
                        voorraad.append(
                            SocialeVoorraad(
                                kader=g.kader,
                                organisatie=g.gemeente_org,
                                corporatie=c,
                                jaar=jaar,
                                kern=kern,
                                buurt=buurt,
                                aantal=max(1, int(k / 20 * rnd.uniform(0.2, 1.0))),
                            )
                        )
            for doelgroep in ZOEKENDEN:
                actief = max(5, int(k * rnd.uniform(0.5, 3)))
                zoekenden.append(
                    Woningzoekenden(
                        kader=g.kader,
                        organisatie=g.gemeente_org,
                        jaar=jaar,
                        doelgroep=doelgroep,
                        actief=actief,
                        gehuisvest=int(actief * rnd.uniform(0.02, 0.2)),
                        inschrijfduur=Decimal(f"{rnd.uniform(2, 12):.2f}"),
                        zoekduur=Decimal(f"{rnd.uniform(0.5, 6):.2f}"),
                        reacties_per_woning=Decimal(f"{rnd.uniform(20, 400):.2f}"),
                    )
                )
    TaakstellingStatushouders.objects.bulk_create(taak, batch_size=2000)
    SocialeVoorraad.objects.bulk_create(voorraad, batch_size=2000)
    Woningzoekenden.objects.bulk_create(zoekenden, batch_size=2000)
    tijden["aggregaten"] = (len(taak) + len(voorraad) + len(zoekenden), time.perf_counter() - start)

    # Dwellings: per kader × corporation × peildatum one opname.
    start = time.perf_counter()
    opnames, verdeling = [], []
    for g, k in zip(gemeenten, woningen_per_kader, strict=True):
        per_corp = verdeel(k, g.corp_gewichten)
        for c, m in zip(g.corporaties, per_corp, strict=True):
            for peildatum in PEILDATA:
                opnames.append(
                    Voorraadopname(
                        kader=g.kader,
                        corporatie=c,
                        peildatum=peildatum,
                        aantal=m,
                        bestandsnaam=f"voorraad-{c.korte_naam}-{peildatum.year}.csv",
                        sha256=f"{rnd.getrandbits(256):064x}",
                        inhoud_sha256=f"{rnd.getrandbits(256):064x}",
                        aangeleverd_op=timezone.now(),
                    )
                )
                verdeling.append((g, peildatum, m, sum(per_corp[: g.corporaties.index(c)])))
    Voorraadopname.objects.bulk_create(opnames, batch_size=2000)
    n = laden(
        Woning,
        WONING_KOLOMMEN,
        (
            woningen(rnd, o.pk, g, peildatum, m, begin)
            for o, (g, peildatum, m, begin) in zip(opnames, verdeling, strict=True)
        ),
    )
    tijden["woningen"] = (n, time.perf_counter() - start)
    return len(opnames), tijden


def analyseren() -> float:
    """PostgreSQL: VACUUM ANALYZE the loaded tables (statistics and the visibility map, as
    autovacuum would leave them); SQLite: ANALYZE."""
    from django.db import connection

    from prestatiemonitor.verduurzaming.models import Voorraadopname, Woning
    from prestatiemonitor.woonruimte import models as wm

    start = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for model in (
                wm.Toewijzing,
                wm.Aanlevering,
                wm.TaakstellingStatushouders,
                wm.SocialeVoorraad,
                wm.Woningzoekenden,
                Woning,
                Voorraadopname,
            ):
                cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
            cursor.execute("ANALYZE")
        else:
            cursor.execute("ANALYZE")
    return time.perf_counter() - start


# ---------------------------------------------------------------------------------------------
# The same figures by hand, in one SQL query


def sql_figuren(kader_id: int, *, toewijzingen: bool = True, labels: bool = True) -> list[tuple]:
    """One hand-written query: the lettings per year (and half year) per corporation and for
    the gemeente, per kern and buurt, the target, the stock, the seekers, and the label counts
    per opname. Rows: (soort, jaar, halfjaar/opname, corporatie, tekst1, tekst2, n1 … n7)."""
    from django.db import connection

    from prestatiemonitor.verduurzaming.models import Voorraadopname, Woning
    from prestatiemonitor.woonruimte import models as wm

    pg = connection.vendor == "postgresql"
    k = int(kader_id)
    maand = "EXTRACT(MONTH FROM t.datum)" if pg else "CAST(strftime('%m', t.datum) AS INTEGER)"
    verlopen = "o.peildatum - INTERVAL '10 years'" if pg else "date(o.peildatum, '-10 years')"
    delen = []
    if toewijzingen:
        delen += [
            f"""
            SELECT 'sub', jaar, 0, corp, '', '', SUM(totaal), SUM(sociaal), SUM(aandacht),
                   SUM(boven), SUM(pja), SUM(pnee), SUM(shp) FROM g GROUP BY jaar, corp
            UNION ALL
            SELECT 'sub', jaar, 0, NULL, '', '', SUM(totaal), SUM(sociaal), SUM(aandacht),
                   SUM(boven), SUM(pja), SUM(pnee), SUM(shp) FROM g GROUP BY jaar
            UNION ALL
            SELECT 'sub', jaar, CASE WHEN eerste THEN 1 ELSE 2 END, corp, '', '', SUM(totaal),
                   SUM(sociaal), 0, 0, 0, 0, SUM(shp) FROM g GROUP BY jaar, eerste, corp
            UNION ALL
            SELECT 'sub', jaar, CASE WHEN eerste THEN 1 ELSE 2 END, NULL, '', '', SUM(totaal),
                   SUM(sociaal), 0, 0, 0, 0, SUM(shp) FROM g GROUP BY jaar, eerste
            UNION ALL
            SELECT 'gebied', jaar, 0, NULL, kern, '', 0, 0, SUM(aandacht), 0, 0, 0, 0
            FROM g GROUP BY jaar, kern
            UNION ALL
            SELECT 'gebied', jaar, 0, NULL, kern, buurt, 0, 0, SUM(aandacht), 0, 0, 0, 0
            FROM g WHERE buurt <> '' GROUP BY jaar, kern, buurt
            UNION ALL
            SELECT 'taak', jaar, halfjaar, NULL, '', '', personen, 0, 0, 0, 0, 0, 0
            FROM {wm.TaakstellingStatushouders._meta.db_table} WHERE kader_id = {k}
            UNION ALL
            SELECT 'voorraad', jaar, 0, NULL, kern, buurt, SUM(aantal), 0, 0, 0, 0, 0, 0
            FROM {wm.SocialeVoorraad._meta.db_table} WHERE kader_id = {k}
            GROUP BY jaar, kern, buurt
            UNION ALL
            SELECT 'zoekenden', jaar, 0, NULL, doelgroep, '', SUM(actief), SUM(gehuisvest),
                   0, 0, 0, 0, 0
            FROM {wm.Woningzoekenden._meta.db_table} WHERE kader_id = {k}
            GROUP BY jaar, doelgroep"""
        ]
    if labels:
        delen.append(
            f"""
            SELECT 'label', 0, o.id, o.corporatie_id, CAST(o.peildatum AS TEXT), '', COUNT(*),
                   COUNT(*) FILTER (WHERE w.energielabel = 10),
                   COUNT(*) FILTER (WHERE w.energielabel = 11),
                   COUNT(*) FILTER (WHERE w.energielabel = 12),
                   COUNT(*) FILTER (WHERE w.energielabel IS NULL),
                   COUNT(*) FILTER (WHERE w.registratiedatum <= {verlopen}), 0
            FROM {Woning._meta.db_table} w
            JOIN {Voorraadopname._meta.db_table} o ON o.id = w.opname_id
            WHERE o.kader_id = {k}
            GROUP BY o.id, o.corporatie_id, o.peildatum"""
        )
    met = ""
    if toewijzingen:
        met = f"""
        WITH g AS MATERIALIZED (
            SELECT t.jaar, ({maand} <= 6) AS eerste,
                   t.corporatie_id AS corp, t.kern, t.buurt,
                   COUNT(*) AS totaal,
                   COUNT(*) FILTER (WHERE t.segment = 'sociale_huur') AS sociaal,
                   COUNT(*) FILTER (WHERE t.segment = 'sociale_huur' AND t.aandachtsgroep)
                       AS aandacht,
                   COUNT(*) FILTER (WHERE t.segment = 'sociale_huur' AND t.inkomen_boven_grens)
                       AS boven,
                   COUNT(*) FILTER (WHERE t.segment = 'sociale_huur' AND t.passend = 'ja') AS pja,
                   COUNT(*) FILTER (WHERE t.segment = 'sociale_huur' AND t.passend = 'nee')
                       AS pnee,
                   COALESCE(SUM(t.personen) FILTER (WHERE t.route = 'statushouder'), 0) AS shp
            FROM {wm.Toewijzing._meta.db_table} t WHERE t.kader_id = {k}
            GROUP BY 1, 2, 3, 4, 5
        )"""
    with connection.cursor() as cursor:
        cursor.execute(met + "\nUNION ALL\n".join(delen))
        return cursor.fetchall()


def verwacht(rijen, *, jaar: int | None, namen: dict[int, str]) -> dict:
    """The figures from the SQL rows, keyed (indicator, onderwerp, periode)."""
    from prestatiemonitor.woonruimte.indicatoren import als_decimal

    uit: dict = {}
    sub: dict = {}
    taak: dict = {}
    gebied: dict = {}
    voorraad: dict = {}
    for soort, j, h, corp, t1, t2, *n in rijen:
        j, h, n = int(j), int(h), [int(x) for x in n]
        if soort == "label":
            if jaar is None or t1.startswith(str(jaar)):
                uit[("label_efg", namen[corp], t1)] = (n[1] + n[2] + n[3], n[0], n[4], n[5])
        elif jaar is not None and j != jaar:
            continue
        elif soort == "sub":
            sub[(h, corp)] = n
        elif soort == "taak":
            taak[h] = n[0]
        elif soort == "gebied":
            gebied[(t1, t2)] = n[2]
        elif soort == "voorraad":
            voorraad[(t1, t2)] = n[0]
        elif soort == "zoekenden":
            uit[("slaagkans", t1, "jaar")] = (n[1], n[0])
    if not sub:
        return uit
    for (h, corp), (_totaal, sociaal, aandacht, boven, pja, pnee, shp) in sub.items():
        naam = namen[corp] if corp else "gemeente"
        if h == 0:
            uit[("urgent_aandeel", naam, "jaar")] = (aandacht, sociaal)
            if corp:
                uit[("vrije_toewijzing", naam, "jaar")] = (boven, sociaal)
                uit[("passend", naam, "jaar")] = (pja, pja + pnee)
        halven = (1, 2) if h == 0 else (h,)
        t = None if any(x not in taak for x in halven) else sum(taak[x] for x in halven)
        alle = sub[(h, None)][1]
        if corp is None:
            v = None if t is None else Fraction(t)
        else:
            v = None if t is None or not alle else t * Fraction(sociaal, alle)
        uit[("statushouders", naam, "jaar" if h == 0 else str(h))] = (shp, als_decimal(v, 1))
    noemer = sub[(0, None)][2]
    vk: dict = {}
    for (kern, _buurt), aantal in voorraad.items():
        vk[(kern, "")] = vk.get((kern, ""), 0) + aantal
    vtotaal = sum(voorraad.values())
    for kern, buurt in {*gebied, *voorraad, *vk}:
        v = vk.get((kern, ""), 0) if not buurt else voorraad.get((kern, buurt), 0)
        label = f"{kern} / {buurt}" if buurt else kern
        uit[("spreiding", label, "jaar")] = (
            gebied.get((kern, buurt), 0),
            noemer,
            als_decimal(Fraction(v, vtotaal) if vtotaal else None),
        )
    return uit


def uit_records(records) -> dict:
    """The same shape from indicatorresultaten's records."""
    uit: dict = {}
    for r in records:
        i = r["indicator"]
        sleutel = (i, r["onderwerp"], r["periode"])
        if i == "statushouders":
            uit[sleutel] = (r["teller"], r["grens"])
        elif i == "spreiding":
            uit[sleutel] = (r["teller"], r["noemer"], r["aandeel_voorraad"])
        elif i == "label_efg":
            uit[sleutel] = (r["teller"], r["noemer"], r["zonder_label"], r["verlopen"])
        else:
            uit[sleutel] = (r["teller"], r["noemer"])
    return uit


def uit_cijfers(cijfers) -> dict:
    """The same shape from indicatoren.alle's Cijfers."""
    from prestatiemonitor.woonruimte.indicatoren import als_decimal

    uit: dict = {}
    for c in cijfers:
        sleutel = (c.indicator, c.onderwerp_label, c.periode)
        if c.indicator == "statushouders":
            uit[sleutel] = (c.teller, als_decimal(c.verwacht, 1))
        elif c.indicator == "spreiding":
            uit[sleutel] = (c.teller, c.noemer, als_decimal(c.aandeel_voorraad))
        else:
            uit[sleutel] = (c.teller, c.noemer)
    return uit


def uit_labels(tellingen) -> dict:
    return {
        (
            "label_efg",
            t.opname.corporatie.korte_naam or t.opname.corporatie.naam,
            t.opname.peildatum.isoformat(),
        ): (t.efg, t.totaal, t.zonder_label, t.verlopen)
        for t in tellingen
    }


def verschillen(app: dict, sql: dict, maximaal: int = 8) -> None:
    sleutels = sorted({*app, *sql}, key=str)
    anders = [k for k in sleutels if app.get(k) != sql.get(k)]
    print(f"    {len(anders)} van {len(sleutels)} cijfers verschillen, bijvoorbeeld:")
    for k in anders[:maximaal]:
        print(f"      {k}: app {app.get(k)}, SQL {sql.get(k)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gemeenten", type=int, default=342)
    parser.add_argument("--toewijzingen", type=int, default=2_000_000)
    parser.add_argument("--woningen", type=int, default=2_400_000)
    parser.add_argument("--rondes", type=int, default=15)
    parser.add_argument(
        "--bestaand",
        action="store_true",
        help="niet opbouwen: meet opnieuw op de gegevens die al in DATABASE_URL staan",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        setup_django(tmp)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        if "DATABASE_URL" in os.environ and not args.bestaand:
            import importlib

            from django.apps import apps

            call_command("flush", interactive=False, verbosity=0)
            referentie = importlib.import_module(
                "prestatiemonitor.planmonitor.migrations.0002_referentiedata"
            )
            referentie.vullen(apps, None)

        from django.db import connection

        from prestatiemonitor.afspraken.models import Afsprakenkader
        from prestatiemonitor.normen.services import STANDAARDNORMEN, normen_inrichten
        from prestatiemonitor.organisaties.models import Organisatie
        from prestatiemonitor.organisaties.permissions import SYSTEEM
        from prestatiemonitor.verduurzaming.models import Woning
        from prestatiemonitor.verduurzaming.selectors import labeltellingen
        from prestatiemonitor.woonruimte import indicatoren, selectors
        from prestatiemonitor.woonruimte.models import Toewijzing
        from prestatiemonitor.woonruimte.permissions import corporaties

        if args.bestaand:
            if not Toewijzing.objects.exists():
                raise SystemExit("--bestaand: de database in DATABASE_URL heeft geen toewijzingen.")
            gemeenten = gemeenten_ophalen(list(Afsprakenkader.objects.order_by("pk")), seed=8)
            print(
                f"Bestaande gegevens ({connection.vendor}): "
                f"{nl(Toewijzing.objects.count(), 0)} toewijzingen, "
                f"{nl(Woning.objects.count(), 0)} woningen"
            )
        else:
            begin = time.perf_counter()
            kaders, *_ = bouw_land(args.gemeenten, 0, 0)
            gemeenten = gemeenten_ophalen(kaders, seed=8)
            land = time.perf_counter() - begin
            n_opnames, tijden = bouw_woondata(gemeenten, args.toewijzingen, args.woningen, seed=8)
            analyse = analyseren()
            totaal = time.perf_counter() - begin
            print(f"Opbouw ({connection.vendor}), {nl(totaal, 1)} s in totaal:")
            print(f"  {args.gemeenten} gemeenten met partijen: {nl(land, 1)} s")
            for wat, (n, duur) in tijden.items():
                print(f"  {nl(n, 0):>9} {wat}: {nl(duur, 1)} s ({nl(n / duur, 0)} rijen/s)")
            vacuum = "VACUUM " if connection.vendor == "postgresql" else ""
            print(f"  ({n_opnames} voorraadopnames; {vacuum}ANALYZE {nl(analyse, 1)} s)")

        groot, gewoon = 0, len(gemeenten) // 2
        namen = {
            o.pk: o.korte_naam or o.naam
            for o in Organisatie.objects.filter(soort="woningcorporatie")
        }
        for i in (groot, gewoon):
            kader = gemeenten[i].kader
            definities = copy.deepcopy(STANDAARDNORMEN)
            for d in definities:
                if d["soort"] == "verkoop_compensatie":
                    d["parameters"]["partij"] = corporaties(kader)[0].korte_naam
            normen_inrichten(kader=kader, acting_user=SYSTEEM, definities=definities)

        print(f"Belasting van de machine (load average, 1 min): {os.getloadavg()[0]:.1f}")
        print()
        verslag = Verslag()
        verslag.kop()
        for i, wat in ((groot, "grootste"), (gewoon, "gewone")):
            kader = gemeenten[i].kader
            n_toew = Toewijzing.objects.filter(kader=kader).count()
            n_won = Woning.objects.filter(opname__kader=kader).count()
            omvang = f"{nl(n_toew, 0)} toewijzingen, {nl(n_won, 0)} woningen"
            print(
                f"-- {wat} gemeente ({kader.gemeente.naam}: {omvang}, "
                f"{len(gemeenten[i].corporaties)} corporaties)"
            )

            # 1. Every indicator with norms and labels.
            med, mn, q, records = meet(
                lambda kader=kader: selectors.indicatorresultaten(
                    user=SYSTEEM, kader=kader, jaar=JAAR
                ),
                args.rondes,
            )
            sql_med, _, _, rijen = meet(lambda kader=kader: sql_figuren(kader.pk), args.rondes)
            app, sql = uit_records(records), verwacht(rijen, jaar=JAAR, namen=namen)
            verslag.regel(
                f"indicatorresultaten {wat} ({len(records)} rec.)",
                med,
                mn,
                q,
                sql_med,
                app == sql,
                150,
            )
            if app != sql:
                verschillen(app, sql)

            # 2. The lettings' indicators alone.
            med, mn, q, cijfers = meet(
                lambda kader=kader: indicatoren.alle(
                    selectors.woondata(user=SYSTEEM, kader=kader), jaar=JAAR
                ),
                args.rondes,
            )
            sql_med, _, _, rijen = meet(
                lambda kader=kader: sql_figuren(kader.pk, labels=False), args.rondes
            )
            app, sql = uit_cijfers(cijfers), verwacht(rijen, jaar=JAAR, namen=namen)
            verslag.regel(
                f"woondata + alle {wat} ({len(cijfers)} cijfers)",
                med,
                mn,
                q,
                sql_med,
                app == sql,
                150,
            )
            if app != sql:
                verschillen(app, sql)

            # 3. The label counts.
            med, mn, q, tellingen = meet(
                lambda kader=kader: labeltellingen(user=SYSTEEM, kader=kader), args.rondes
            )
            sql_med, _, _, rijen = meet(
                lambda kader=kader: sql_figuren(kader.pk, toewijzingen=False), args.rondes
            )
            app, sql = uit_labels(tellingen), verwacht(rijen, jaar=None, namen=namen)
            verslag.regel(
                f"labeltellingen {wat} ({len(tellingen)} opnames)",
                med,
                mn,
                q,
                sql_med,
                app == sql,
                150,
            )
            if app != sql:
                verschillen(app, sql)
        verslag.samenvatting()


if __name__ == "__main__":
    main()
