"""The planmonitor's norms (chapter 1 of the document), registered with the normen app.

Each evaluator reads a ``PlanContext`` (the facts and the computed prognosis of one source:
live, a round or a scenario) and returns results with their numbers, a sentence that explains
them and links to the records behind them. Thresholds and windows come from the norm record's
``parameters``; the defaults below are those of the Nijkerk agreements.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal
from urllib.parse import quote, urlencode

from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS

from prestatiemonitor.normen.constants import Uitkomst
from prestatiemonitor.normen.evaluatie import (
    Bron,
    Normuitkomst,
    percentage,
    registreer,
    registreer_context,
    ten_minste,
    uitkomst,
)

from .constants import BETAALBAAR, Segment
from .prognose import MutatieFeit, Prognose, ProjectFeit, Rij, bereken, netto_per_jaar

CONTEXT = "planmonitor"


@dataclass
class PlanContext:
    kader: object
    projecten: list[ProjectFeit]
    prognose: Prognose
    peiling_id: int | None = None
    scenario: str = ""
    project_urls: dict[str, str] = field(default_factory=dict)
    # The stock changes behind the prognosis (a rolling window may reach before the period).
    mutaties: list[MutatieFeit] = field(default_factory=list)
    _project_voorvoegsel: str | None = field(default=None, init=False, repr=False)

    @property
    def slug(self) -> str:
        return self.kader.slug  # type: ignore[attr-defined]

    def project_url(self, projectcode: str) -> str:
        """The project page; ``reverse`` once per context, not once per project (a norm
        overview of a large gemeente has thousands of results): the URLs differ only in the
        code, quoted as ``reverse`` quotes it. A code ``reverse`` would refuse (empty, with a
        slash) still goes through ``reverse``."""
        if not projectcode or "/" in projectcode:
            return reverse("planmonitor:project", args=[self.slug, projectcode])
        if self._project_voorvoegsel is None:
            voorbeeld = reverse("planmonitor:project", args=[self.slug, "x"])
            self._project_voorvoegsel = voorbeeld.removesuffix("x/")
        code = quote(projectcode, safe=RFC3986_SUBDELIMS + "/~:@")
        return f"{self._project_voorvoegsel}{code}/"

    def project_bron(self, p: ProjectFeit) -> Bron:
        url = ""
        if p.id is not None and self.peiling_id is None:
            url = self.project_url(p.projectcode)
        return Bron(f"Project {p.projectcode} {p.naam}", url)

    def cel_bron(self, tabel: int, partij: str, kolom: str, label: str) -> Bron:
        query = {"tabel": tabel, "partij": partij, "kolom": kolom}
        if self.peiling_id:
            query["peiling"] = self.peiling_id
        p = self.prognose
        query.update({"van": p.van, "tot": p.tot, "doorkijk_tot": p.doorkijk_tot})
        url = reverse("planmonitor:cel", args=[self.slug]) + "?" + urlencode(query)
        return Bron(label, url)


def bouw_context(
    kader, *, bron=None, periode=None, projecten=None, mutaties=None, scenario="", **_
):
    """The context for a kader: live by default, or a given source/period/facts."""
    from . import selectors

    bron = bron or selectors.Bron(kader, None, False)
    periode = periode or selectors.periode(kader)
    if projecten is None or mutaties is None:
        projecten, mutaties = selectors.feiten(bron)
    prognose = selectors.prognose_uit(kader, projecten, mutaties, periode)
    return PlanContext(
        kader=kader,
        projecten=projecten,
        mutaties=mutaties,
        prognose=prognose,
        peiling_id=bron.peiling.pk if bron.peiling else None,
        scenario=scenario,
    )


registreer_context(CONTEXT, bouw_context)


def _param(norm, naam: str, standaard):
    waarde = norm.parameters.get(naam, standaard)
    return Decimal(str(waarde)) if isinstance(standaard, Decimal) else waarde


def _in_scope(p: ProjectFeit, ctx: PlanContext) -> bool:
    """New-build projects the agreements judge: plancapaciteit, delivering in or after the
    kader's first year."""
    return p.plancapaciteit and p.totaal > 0 and p.oplevering_jaar >= ctx.prognose.van


def _tel(p: ProjectFeit, segment: str) -> int:
    return p.segmenten.get(segment, 0) if p.telt(segment) else 0


def _fmt(d: Decimal | None) -> str:
    return "–" if d is None else f"{d:.1f}".replace(".", ",")


def _project_uitkomst(p: ProjectFeit, voldoet: bool) -> str:
    """A hard plan that fails does not meet the norm; a soft plan can still change: warning."""
    if voldoet:
        return Uitkomst.VOLDOET
    return Uitkomst.VOLDOET_NIET if p.hard else Uitkomst.WAARSCHUWING


def _projectoordeel(
    norm, ctx: PlanContext, p: ProjectFeit, voldoet: bool, aandeel, minimum, zin: str
):
    """A project norm's result: a hard plan that fails does not meet it, a soft plan gets a
    warning (it can still change), with the sentence and the link to the project."""
    if not voldoet and not p.hard:
        zin += " Het plan is nog zacht en kan worden aangepast."
    return uitkomst(
        norm,
        onderwerp=p.projectcode,
        onderwerp_label=f"{p.projectcode} {p.naam}",
        uitkomst=_project_uitkomst(p, voldoet),
        waarde=aandeel,
        grens=minimum,
        eenheid="%",
        uitleg=zin,
        bronnen=(ctx.project_bron(p),),
    )


@registreer(
    "project_sociaal_aandeel",
    context=CONTEXT,
    omschrijving="Per nieuwbouwproject: (sociale huur + sociale koop, sociale koop tot ten "
    "hoogste een maximum aandeel) ≥ een minimum aandeel van de woningen.",
)
def project_sociaal_aandeel(norm, ctx: PlanContext) -> list[Normuitkomst]:
    minimum = _param(norm, "minimum_pct", Decimal("35"))
    max_koop = _param(norm, "max_sociale_koop_pct", Decimal("5"))
    uitkomsten = []
    for p in ctx.projecten:
        if not _in_scope(p, ctx):
            continue
        huur = _tel(p, Segment.SOCIALE_HUUR)
        koop = p.segmenten.get(Segment.SOCIALE_KOOP, 0)
        koop_max = int(Decimal(p.totaal) * max_koop / 100)
        koop_telt = min(koop, koop_max)
        aandeel = percentage(huur + koop_telt, p.totaal, afronding=ROUND_FLOOR)
        voldoet = ten_minste(huur + koop_telt, p.totaal, minimum)
        zin = (
            f"{huur + koop_telt} van {p.totaal} woningen sociaal ({_fmt(aandeel)} %): "
            f"{huur} sociale huur"
        )
        if koop:
            zin += f" en {koop_telt} sociale koop"
            if koop > koop_telt:
                zin += f" (van de {koop} telt ten hoogste {_fmt(max_koop)} % van het project mee)"
        if p.segmenten.get(Segment.SOCIALE_HUUR, 0) and not p.telt(Segment.SOCIALE_HUUR):
            zin += (
                f"; de {p.segmenten[Segment.SOCIALE_HUUR]} sociale huurwoningen van een marktpartij "
                "tellen niet mee (instandhoudingstermijn korter dan 25 jaar)"
            )
        zin += f". De norm is ten minste {_fmt(minimum)} %."
        uitkomsten.append(_projectoordeel(norm, ctx, p, voldoet, aandeel, minimum, zin))
    return uitkomsten


@registreer(
    "project_middenhuur",
    context=CONTEXT,
    omschrijving="Per project met meer dan een drempel aan woningen: middenhuur ≥ een minimum "
    "aandeel.",
)
def project_middenhuur(norm, ctx: PlanContext) -> list[Normuitkomst]:
    drempel = _param(norm, "vanaf_woningen", 100)
    minimum = _param(norm, "minimum_pct", Decimal("5"))
    uitkomsten = []
    for p in ctx.projecten:
        if not _in_scope(p, ctx) or p.totaal <= drempel:
            continue
        midden = _tel(p, Segment.MIDDENHUUR)
        aandeel = percentage(midden, p.totaal, afronding=ROUND_FLOOR)
        voldoet = ten_minste(midden, p.totaal, minimum)
        zin = (
            f"{midden} van {p.totaal} woningen middenhuur ({_fmt(aandeel)} %); bij meer dan "
            f"{drempel} woningen is de norm ten minste {_fmt(minimum)} %."
        )
        if p.segmenten.get(Segment.MIDDENHUUR, 0) and not p.telt(Segment.MIDDENHUUR):
            zin += " Middenhuur van een marktpartij telt pas mee bij een instandhoudingstermijn van ten minste 10 jaar."
        uitkomsten.append(_projectoordeel(norm, ctx, p, voldoet, aandeel, minimum, zin))
    return uitkomsten


@registreer(
    "netto_toename",
    context=CONTEXT,
    omschrijving="Netto toename van een segment (standaard sociale huur) per jaar en over de "
    "periode, gemeentebreed, uit Tabel 1.",
)
def netto_toename(norm, ctx: PlanContext) -> list[Normuitkomst]:
    per_jaar_min = int(_param(norm, "per_jaar", 50))
    prognose = ctx.prognose
    tabel = prognose.tabel1 if norm.parameters.get("tabel", 1) == 1 else prognose.tabel2
    jaren = prognose.jaren
    netto = netto_per_jaar(tabel.totaal, jaren)
    cumulatief = sum(v or 0 for v in netto.values())
    grens_cum = per_jaar_min * len(jaren)
    cum_voldoet = cumulatief >= grens_cum
    uitkomsten = []
    for jaar, waarde in netto.items():
        w = waarde or 0
        if w >= per_jaar_min:
            oordeel = Uitkomst.VOLDOET
            zin = f"In {jaar} netto {w} woningen erbij; de ambitie is ten minste {per_jaar_min} per jaar."
        elif cum_voldoet:
            oordeel = Uitkomst.WAARSCHUWING
            zin = (
                f"In {jaar} netto {w} woningen erbij, minder dan {per_jaar_min}; over de periode "
                f"wordt de ambitie ({grens_cum}) met {cumulatief} wel gehaald."
            )
        else:
            oordeel = Uitkomst.VOLDOET_NIET
            zin = (
                f"In {jaar} netto {w} woningen erbij, minder dan {per_jaar_min}, en ook over de "
                f"periode ({cumulatief} van {grens_cum}) wordt de ambitie niet gehaald."
            )
        if waarde is None:
            zin += " Er staan voor dit jaar geen opleveringen of mutaties in de planmonitor."
        uitkomsten.append(
            uitkomst(
                norm,
                onderwerp=str(jaar),
                onderwerp_label=str(jaar),
                uitkomst=oordeel,
                waarde=w,
                grens=per_jaar_min,
                eenheid="woningen",
                uitleg=zin,
                bronnen=(
                    ctx.cel_bron(
                        tabel.nummer,
                        "Totaal",
                        f"netto:{jaar}",
                        f"Tabel {tabel.nummer}, netto {jaar}",
                    ),
                ),
            )
        )
    label = f"{prognose.van}–{prognose.tot}"
    uitkomsten.append(
        uitkomst(
            norm,
            onderwerp=label,
            onderwerp_label=f"{label} (cumulatief)",
            uitkomst=Uitkomst.VOLDOET if cum_voldoet else Uitkomst.VOLDOET_NIET,
            waarde=cumulatief,
            grens=grens_cum,
            eenheid="woningen",
            uitleg=(
                f"Over {label} netto {cumulatief} woningen erbij; de ambitie is {per_jaar_min} per "
                f"jaar, samen {grens_cum}."
            ),
            bronnen=(
                ctx.cel_bron(
                    tabel.nummer, "Totaal", "netto", f"Tabel {tabel.nummer}, netto toename"
                ),
            ),
        )
    )
    return uitkomsten


def _rij(prognose: Prognose, partij: str) -> Rij | None:
    for rij in prognose.tabel1.rijen:
        if rij.partij.casefold() == partij.casefold():
            return rij
    return None


@registreer(
    "verkoop_compensatie",
    context=CONTEXT,
    omschrijving="Verkoop van sociale huurwoningen door een corporatie wordt gecompenseerd door "
    "nieuwbouw: over een voortschrijdend venster verkoop ≤ sociale-huurnieuwbouw.",
)
def verkoop_compensatie(norm, ctx: PlanContext) -> list[Normuitkomst]:
    partij = norm.parameters.get("partij", "WSN")
    venster = int(_param(norm, "venster", 3))
    prognose = ctx.prognose
    if _rij(prognose, partij) is None:
        return []
    # The window of the first years reaches back before the period: compute the corporations'
    # rows from the same facts over [van - venster + 1, tot].
    ruim = bereken(
        ctx.projecten,
        ctx.mutaties,
        corporaties=[(r.partij_id, r.partij) for r in prognose.tabel1.rijen if r.partij_id],
        van=prognose.van - venster + 1,
        tot=prognose.tot,
        doorkijk_tot=prognose.tot,
    )
    rij = _rij(ruim, partij)
    if rij is None:
        return []
    uitkomsten = []
    per_jaar = rij.per_jaar
    for jaar in prognose.jaren:
        jaren = range(jaar - venster + 1, jaar + 1)

        def som(kolom: str, jaren=jaren) -> int:
            return sum(
                abs(aantal)
                for j in jaren
                for per_status in per_jaar.get(j, {}).values()
                for k, aantal in per_status.items()
                if k == kolom
            )

        verkoop = som("verkoop")
        nieuwbouw = som("nieuwbouw")
        jaar_verkoop = som("verkoop", range(jaar, jaar + 1))
        jaar_nieuwbouw = som("nieuwbouw", range(jaar, jaar + 1))
        venster_label = f"{jaar - venster + 1}–{jaar}"
        if verkoop > nieuwbouw:
            oordeel = Uitkomst.VOLDOET_NIET
        elif jaar_verkoop > jaar_nieuwbouw:
            oordeel = Uitkomst.WAARSCHUWING
        else:
            oordeel = Uitkomst.VOLDOET
        zin = (
            f"{partij} verkoopt in {venster_label} {verkoop} sociale huurwoningen en bouwt er "
            f"{nieuwbouw} (harde plannen)."
        )
        if oordeel == Uitkomst.WAARSCHUWING:
            zin += f" In {jaar} zelf is de verkoop ({jaar_verkoop}) groter dan de nieuwbouw ({jaar_nieuwbouw})."
        uitkomsten.append(
            uitkomst(
                norm,
                onderwerp=f"{partij} {jaar}",
                onderwerp_label=f"{partij}, venster {venster_label}",
                uitkomst=oordeel,
                waarde=verkoop,
                grens=nieuwbouw,
                eenheid="woningen",
                uitleg=zin,
                bronnen=(
                    ctx.cel_bron(1, rij.partij, "verkoop", f"Tabel 1, verkoop {rij.partij}"),
                    ctx.cel_bron(1, rij.partij, "nieuwbouw", f"Tabel 1, nieuwbouw {rij.partij}"),
                ),
            )
        )
    return uitkomsten


@registreer(
    "aandeel_nieuwbouw",
    context=CONTEXT,
    omschrijving="Aandeel van segmenten in alle nieuwbouw (plancapaciteit) die in de periode "
    "wordt opgeleverd, bv. twee derde betaalbaar of 30 % sociale huur.",
)
def aandeel_nieuwbouw(norm, ctx: PlanContext) -> list[Normuitkomst]:
    segmenten = norm.parameters.get("segmenten") or [s.value for s in BETAALBAAR]
    minimum = _param(norm, "minimum_pct", Decimal("66.7"))
    prognose = ctx.prognose
    deel = geheel = 0
    for p in ctx.projecten:
        if not p.plancapaciteit:
            continue
        for levering in p.leveringen():
            if prognose.van <= levering.jaar <= prognose.tot:
                geheel += sum(levering.segmenten.values())
                deel += sum(levering.segmenten.get(s, 0) for s in segmenten if p.telt(s))
    if not geheel:
        return []  # no new build in the period: nothing to judge
    aandeel = percentage(deel, geheel)
    namen = ", ".join(s.replace("_", " ") for s in segmenten)
    label = f"{prognose.van}–{prognose.tot}"
    return [
        uitkomst(
            norm,
            onderwerp=label,
            onderwerp_label=f"Nieuwbouw {label}",
            uitkomst=Uitkomst.VOLDOET
            if aandeel is not None and aandeel >= minimum
            else Uitkomst.VOLDOET_NIET,
            waarde=aandeel,
            grens=minimum,
            eenheid="%",
            uitleg=(
                f"{deel} van {geheel} nieuwe woningen in {label} zijn {namen} ({_fmt(aandeel)} %); "
                f"de norm is ten minste {_fmt(minimum)} %."
            ),
            bronnen=(Bron("Alle projecten", reverse("planmonitor:projecten", args=[ctx.slug])),),
        )
    ]
