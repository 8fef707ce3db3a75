"""Reads of the beschikbaarheidsmonitor: the aggregates behind every indicator.

``woondata(user=, kader=)`` reads a kader's data in four queries (lettings grouped per year,
half year, corporation, kern and buurt; seekers; target; stock) into an
``indicatoren.Woondata``; the indicators are pure functions of it. Aggregates are what every
party of the kader sees (a corporation's rows in detail only itself: ``in_detail``). The
public sees the years the gemeente published (``Publicatie``), with small numbers suppressed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, Sum
from django.db.models.functions import Coalesce

from prestatiemonitor.afspraken.models import Afsprakenkader
from prestatiemonitor.jaarschijven.permissions import ziet_lopend

from . import indicatoren, permissions
from .constants import Passend, Route, Segment
from .indicatoren import Groep, Telling, Woondata, als_decimal
from .models import (
    Publicatie,
    SocialeVoorraad,
    Stand,
    TaakstellingStatushouders,
    Toewijzing,
    Woningzoekenden,
)


def publicaties(*, kader: Afsprakenkader) -> dict[int, str]:
    """Published years: jaar -> "jaar" (whole year) or "halfjaar" (only mid-year)."""
    uit: dict[int, str] = {}
    for jaar, stand in Publicatie.objects.filter(kader=kader).values_list("jaar", "stand"):
        if stand == Stand.JAAR or jaar not in uit:
            uit[jaar] = stand
    return uit


def toewijzing_groepen(kader: Afsprakenkader, jaren=None) -> list[Groep]:
    """The lettings of the kader in one GROUP BY (jaar, halfjaar, corporatie, kern, buurt).

    The half year is grouped as a boolean (month <= 6): PostgreSQL then counts two groups for
    it and, with the statistics of migration 0003 on (jaar, corporatie, kern, buurt), expects
    about the right number of groups and aggregates in a hash in memory. As a CASE expression
    it expected a group per letting and sorted 120.000 rows on disk (docs/prestaties.md)."""
    sociaal = Q(segment=Segment.SOCIALE_HUUR)
    statushouder = Q(route=Route.STATUSHOUDER)
    qs = Toewijzing.objects.filter(kader=kader)
    if jaren is not None:
        qs = qs.filter(jaar__in=list(jaren))
    rijen = (
        qs.annotate(
            eerste_helft=ExpressionWrapper(Q(datum__month__lte=6), output_field=BooleanField())
        )
        .values("jaar", "eerste_helft", "corporatie_id", "kern", "buurt")
        .annotate(
            n_totaal=Count("pk"),
            n_sociaal=Count("pk", filter=sociaal),
            n_aandacht=Count("pk", filter=sociaal & Q(aandachtsgroep=True)),
            n_boven=Count("pk", filter=sociaal & Q(inkomen_boven_grens=True)),
            n_passend_ja=Count("pk", filter=sociaal & Q(passend=Passend.JA)),
            n_passend_nee=Count("pk", filter=sociaal & Q(passend=Passend.NEE)),
            n_sh_personen=Coalesce(Sum("personen", filter=statushouder), 0),
            n_sh_huishoudens=Count("pk", filter=statushouder),
        )
        .order_by()
    )
    return [
        Groep(
            jaar=r["jaar"],
            halfjaar=1 if r["eerste_helft"] else 2,
            corporatie_id=r["corporatie_id"],
            kern=r["kern"],
            buurt=r["buurt"],
            telling=Telling(
                totaal=r["n_totaal"],
                sociaal=r["n_sociaal"],
                aandacht=r["n_aandacht"],
                boven=r["n_boven"],
                passend_ja=r["n_passend_ja"],
                passend_nee=r["n_passend_nee"],
                sh_personen=r["n_sh_personen"],
                sh_huishoudens=r["n_sh_huishoudens"],
            ),
        )
        for r in rijen
    ]


def woondata(*, user, kader: Afsprakenkader) -> Woondata:
    """Everything the indicators need, as the user may see it (the caller has checked that
    the user sees the kader: ``visible_kader_or_404``)."""
    partij = user is not None and ziet_lopend(user, kader)
    zichtbaar = None if partij else publicaties(kader=kader)
    # The public reads the published years only (an average over a year it may not see would
    # give that year away); a year published mid-year counts January–June.
    groepen = [] if zichtbaar == {} else toewijzing_groepen(kader, jaren=zichtbaar)
    if zichtbaar:
        groepen = [g for g in groepen if zichtbaar[g.jaar] != Stand.HALFJAAR or g.halfjaar == 1]
    corporaties = {o.pk: permissions.naam(o) for o in permissions.corporaties(kader)}
    for g in groepen:  # a corporation in the data that is no (longer a) party
        if g.corporatie_id not in corporaties:
            from prestatiemonitor.organisaties.models import Organisatie

            o = Organisatie.objects.get(pk=g.corporatie_id)
            corporaties[o.pk] = permissions.naam(o)
    zoekenden: list[dict[str, Any]] = [
        dict(r)
        for r in Woningzoekenden.objects.filter(kader=kader).values(
            "jaar",
            "doelgroep",
            "actief",
            "gehuisvest",
            "inschrijfduur",
            "zoekduur",
            "reacties_per_woning",
            "definitie",
        )
    ]
    taakstelling = {
        (t["jaar"], t["halfjaar"]): t["personen"]
        for t in TaakstellingStatushouders.objects.filter(kader=kader).values(
            "jaar", "halfjaar", "personen"
        )
    }
    voorraad: dict[int, dict[tuple[str, str], int]] = {}
    for r in (
        SocialeVoorraad.objects.filter(kader=kader)
        .values("jaar", "kern", "buurt")
        .annotate(n=Sum("aantal"))
        .order_by()
    ):
        voorraad.setdefault(r["jaar"], {})[(r["kern"], r["buurt"])] = r["n"]
    return Woondata(
        kader=kader,
        slug=kader.slug,
        corporaties=corporaties,
        groepen=groepen,
        zoekenden=zoekenden,
        taakstelling=taakstelling,
        voorraad=voorraad,
        openbaar=not partij,
        jaren_zichtbaar=zichtbaar,
    )


# Norm soort -> the indicator code it judges (the CLI's and the API's ``indicator``).
NORM_INDICATOR = {
    "urgent_aandeel": "urgent_aandeel",
    "vrije_toewijzing": "vrije_toewijzing",
    "passend_toewijzen": "passend",
    "statushouders_naar_rato": "statushouders",
    "spreiding": "spreiding",
    "labels_efg": "label_efg",
}


def _fractie(deel, geheel) -> Decimal | None:
    if deel is None or not geheel:
        return None
    return (Decimal(deel) / Decimal(geheel)).quantize(Decimal("0.0001"))


def indicatorresultaten(
    *, user, kader: Afsprakenkader, jaar: int | None = None, stand: str = "jaar"
) -> list[dict[str, Any]]:
    """Every indicator of a year as plain records (the CLI ``indicatoren``, JSON, the report):
    ``indicator``, ``onderwerp`` (doelgroep, party short name, kern or "gemeente"), ``jaar``,
    ``periode``, ``waarde`` (a share as a fraction; statushouders: persons), ``grens`` (the
    norm's limit as a fraction; statushouders: the expected persons), ``uitkomst`` where a norm
    judges it (after recorded exceptions), ``norm`` (its code), ``teller`` and ``noemer``.
    Suppressed figures (the public) have ``waarde`` null and ``onderdrukt`` true."""
    from prestatiemonitor.normen.selectors import normdefinities, normuitkomsten
    from prestatiemonitor.verduurzaming.normen import CONTEXT as LABELS
    from prestatiemonitor.verduurzaming.normen import bouw_context as label_context
    from prestatiemonitor.verduurzaming.selectors import labeltellingen

    from .normen import CONTEXT

    data = woondata(user=user, kader=kader)
    data.stand = stand  # the norms judge the state listed (mid-year or whole year)
    # The label counts once, for the norm and for the records below.
    labels = label_context(kader, user=user)
    tellingen = labels.tellingen if user is not None else labeltellingen(user=user, kader=kader)
    soort_van = {n.code: n.soort for n in normdefinities(user=user, kader=kader)}
    uitkomsten: dict[tuple[str, str], list] = {}
    for u in normuitkomsten(
        user=user, kader=kader, contexten={CONTEXT: data, LABELS: labels}, alleen=(CONTEXT, LABELS)
    ):
        indicator = NORM_INDICATOR.get(soort_van.get(u.norm_code, ""))
        if indicator:
            uitkomsten.setdefault((indicator, u.onderwerp), []).append(u)

    def record(
        indicator,
        onderwerp,
        sleutel,
        j,
        periode,
        waarde,
        teller,
        noemer,
        onderdrukt,
        grens_van=None,
        verborgen=False,
    ):
        gevonden = uitkomsten.get((indicator, sleutel)) or [None]
        uit = []
        for u in gevonden:
            grens = grens_van(u) if (grens_van and u is not None) else None
            uit.append(
                {
                    "indicator": indicator,
                    "onderwerp": onderwerp,
                    "jaar": j,
                    "periode": periode,
                    "waarde": None if onderdrukt else waarde,
                    "grens": grens,
                    "uitkomst": u.uitkomst if u is not None else None,
                    "norm": u.norm_code if u is not None else None,
                    "teller": None if onderdrukt or verborgen else teller,
                    "noemer": None if onderdrukt or verborgen else noemer,
                    "onderdrukt": onderdrukt,
                    # What the page shows instead: "< 5" for a small count, "×" for a
                    # figure from which a small count could be recomputed.
                    "onderdrukt_als": indicatoren.tel(teller, True) if onderdrukt else None,
                }
            )
        return uit

    def procentgrens(u) -> Decimal | None:
        return None if u.grens is None else (Decimal(u.grens) / 100).quantize(Decimal("0.0001"))

    resultaten: list[dict[str, Any]] = []
    for c in indicatoren.alle(data, jaar=jaar, stand=stand):
        grens_van: Callable[..., Decimal | None]
        if c.indicator == "statushouders":
            grens_van = lambda u, c=c: als_decimal(c.verwacht, 1)  # noqa: E731
        elif c.indicator == "spreiding":
            # The limit: the factor × the area's share of the stock, as a share of lettings.
            grens_van = lambda u, c=c: (  # noqa: E731
                als_decimal(Fraction(str(u.grens)) * c.aandeel_voorraad)
                if u.grens is not None and c.aandeel_voorraad is not None
                else None
            )
        else:
            grens_van = procentgrens
        rijen = record(
            c.indicator,
            c.onderwerp_label,
            c.onderwerp,
            c.jaar,
            c.periode,
            c.waarde,
            c.teller,
            c.noemer,
            c.onderdrukt,
            grens_van,
            # Spreiding for the public: shares only (its counts would give suppressed ones away).
            verborgen=c.aantallen_verborgen,
        )
        if c.indicator == "spreiding":
            for r in rijen:
                r["aandeel_voorraad"] = als_decimal(c.aandeel_voorraad)
                r["index"] = None if c.onderdrukt else als_decimal(c.index, 2)
        if c.indicator == "statushouders" and c.verwacht is not None:
            for r in rijen:
                r["grens"] = als_decimal(c.verwacht, 1)
        if c.indicator == "urgent_aandeel":
            for r in rijen:
                r["gemiddelde"] = None if c.onderdrukt else als_decimal(c.gemiddelde)
        resultaten += rijen
    for t in tellingen:
        o = t.opname
        if jaar is not None and o.peildatum.year != jaar:
            continue
        naam = permissions.naam(o.corporatie)
        sleutel = f"{o.peildatum.isoformat()} {naam}"
        onderdrukt = data.openbaar and min(t.e, t.f, t.g) < indicatoren.KLEIN
        rijen = record(
            "label_efg",
            naam,
            sleutel,
            o.peildatum.year,
            o.peildatum.isoformat(),
            _fractie(t.efg, t.totaal),
            t.efg,
            t.totaal,
            onderdrukt,
            lambda u, t=t: _fractie(u.grens, t.totaal),
        )
        for r in rijen:
            # The public: counts under 5 are left out (as on the page).
            klein = data.openbaar and min(t.zonder_label, t.verlopen) < indicatoren.KLEIN
            r["zonder_label"] = None if data.openbaar and t.zonder_label < 5 else t.zonder_label
            r["verlopen"] = None if data.openbaar and t.verlopen < 5 else t.verlopen
            if klein and not r["onderdrukt"]:
                r.update(onderdrukt=True, onderdrukt_als="×", waarde=None, teller=None, noemer=None)
        resultaten += rijen
    return resultaten


@dataclass
class Regel:
    """A figure with the norm outcomes that judge it."""

    cijfer: indicatoren.Cijfer
    uitkomsten: list = field(default_factory=list)

    @property
    def uitkomst(self):
        """The worst outcome (or None when no norm judges the figure)."""
        return max(self.uitkomsten, key=lambda u: u.ernst) if self.uitkomsten else None


@dataclass
class Monitor:
    jaar: int
    stand: str
    data: Woondata
    jaren: list[int]
    slaagkans: list[Regel]
    slaagkans_trend: dict[str, dict[int, indicatoren.Cijfer]]
    urgent: list[Regel]
    urgent_trend: list[Regel]
    vrije_toewijzing: list[Regel]
    passend: list[Regel]
    statushouders: list[Regel]
    spreiding: list[Regel]
    normen: dict[str, Any]  # indicator -> Normdefinitie


def monitor(*, user, kader: Afsprakenkader, jaar: int, stand: str = "jaar") -> Monitor:
    """The beschikbaarheidsmonitor of a year: every indicator with its norm outcomes, and the
    trends over the years the user sees."""
    from prestatiemonitor.normen.selectors import normdefinities, normuitkomsten

    from .normen import CONTEXT

    data = woondata(user=user, kader=kader)
    data.stand = stand  # the norms judge the state shown (mid-year or whole year)
    normen = {
        NORM_INDICATOR[n.soort]: n
        for n in normdefinities(user=user, kader=kader)
        if n.soort in NORM_INDICATOR and not n.informatief or n.soort == "passend_toewijzen"
    }
    soort_van = {n.code: n.soort for n in normdefinities(user=user, kader=kader)}
    per: dict[tuple[str, str], list] = {}
    for u in normuitkomsten(user=user, kader=kader, contexten={CONTEXT: data}, alleen=(CONTEXT,)):
        indicator = NORM_INDICATOR.get(soort_van.get(u.norm_code, ""), "")
        per.setdefault((indicator, u.onderwerp), []).append(u)

    def regels(cijfers):
        return [Regel(c, per.get((c.indicator, c.onderwerp), [])) for c in cijfers]

    trend: dict[str, dict[int, indicatoren.Cijfer]] = {}
    for c in indicatoren.slaagkans(data):
        trend.setdefault(c.onderwerp_label, {})[c.jaar] = c
    jaren = sorted(set(data.jaren) | {c.jaar for c in indicatoren.slaagkans(data)})
    return Monitor(
        jaar=jaar,
        stand=stand,
        data=data,
        jaren=jaren,
        slaagkans=regels(indicatoren.slaagkans(data, jaar=jaar)),
        slaagkans_trend=trend,
        urgent=regels(indicatoren.urgent_aandeel(data, jaar=jaar, stand=stand)),
        urgent_trend=regels(indicatoren.urgent_aandeel(data)),
        vrije_toewijzing=regels(indicatoren.vrije_toewijzing(data, jaar=jaar, stand=stand)),
        passend=regels(indicatoren.passend(data, jaar=jaar, stand=stand)),
        statushouders=regels(indicatoren.statushouders(data, jaar=jaar, stand=stand)),
        spreiding=regels(indicatoren.spreiding(data, jaar=jaar, stand=stand)),
        normen=normen,
    )


@dataclass
class Afspraakcijfers:
    """The figures of one norm for the voortgang dashboard: its afspraak (7, 9, 10) or source
    (thema 3), the results of the year and the page they come from."""

    norm: Any
    uitkomsten: list
    url: str

    @property
    def ergste(self):
        return max(self.uitkomsten, key=lambda u: u.ernst) if self.uitkomsten else None

    @property
    def aandacht(self) -> list:
        """The results that do not simply meet the norm (the dashboard lists these)."""
        return [u for u in self.uitkomsten if u.uitkomst != "voldoet"]

    @property
    def voldoen(self) -> int:
        return len(self.uitkomsten) - len(self.aandacht)


def dashboardcijfers(*, user, kader: Afsprakenkader, jaar: int) -> list[Afspraakcijfers]:
    """The beschikbaarheid and verduurzaming norms judged for ``jaar`` (whole-year subjects;
    label counts at peildata in that year), for the dashboard beside the afspraken."""
    from django.urls import reverse

    from prestatiemonitor.normen.selectors import normdefinities, normuitkomsten

    from .normen import CONTEXT

    normen = [n for n in normdefinities(user=user, kader=kader) if n.soort in NORM_INDICATOR]
    if not normen:
        return []
    uitkomsten = normuitkomsten(user=user, kader=kader, alleen=(CONTEXT, "verduurzaming"))
    uit = []
    for n in normen:
        if n.soort == "labels_efg":
            eigen = [
                u for u in uitkomsten if u.norm_code == n.code and u.onderwerp[:4] == str(jaar)
            ]
            url = reverse("verduurzaming:overzicht", args=[kader.slug])
        else:
            eigen = [
                u
                for u in uitkomsten
                if u.norm_code == n.code and u.onderwerp.split(" ", 1)[0] == str(jaar)
            ]
            if not eigen:  # a year of which only the first half is known (the current one)
                eigen = [
                    u
                    for u in uitkomsten
                    if u.norm_code == n.code and u.onderwerp.split(" ", 1)[0] == f"{jaar}-1"
                ]
            url = reverse("woonruimte:monitor", args=[kader.slug, jaar])
        if eigen:
            uit.append(Afspraakcijfers(norm=n, uitkomsten=eigen, url=url))
    return uit


@dataclass(frozen=True)
class Doelgroep:
    doelgroep: str
    omschrijving: str
    leeftijden: str
    eigen: bool  # recorded for this kader (else the standard definition)


def doelgroepen(*, kader: Afsprakenkader) -> list[Doelgroep]:
    """How the kader defines each doelgroep of the slaagkans: its own record, else the
    standard (``models.STANDAARD_DOELGROEPEN``)."""
    from .models import STANDAARD_DOELGROEPEN, Doelgroepdefinitie, leeftijden

    eigen = {d.doelgroep: d for d in Doelgroepdefinitie.objects.filter(kader=kader)}
    uit = []
    for code, (omschrijving, van, tot) in STANDAARD_DOELGROEPEN.items():
        d = eigen.get(code)
        uit.append(
            Doelgroep(code, d.omschrijving, d.leeftijden, True)
            if d
            else Doelgroep(code, omschrijving, leeftijden(van, tot), False)
        )
    return uit


def reacties(*, user, kader: Afsprakenkader, jaar: int):
    from .models import MonitorReactie

    return (
        MonitorReactie.objects.visible_to(user)
        .filter(kader=kader, jaar=jaar)
        .select_related("organisatie", "geplaatst_door")
    )
