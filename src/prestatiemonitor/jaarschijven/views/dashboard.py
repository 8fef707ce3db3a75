"""The dashboard of a kader and year: where each afspraak stands at the latest peilmoment.

Read-only and thin: the figures come from ``selectors`` (standen, achterstallig, dekking,
vergelijking), the chart from ``grafiek`` (one Vega-Lite spec per chart, rendered to SVG).
What the user may see decides what is counted: the public sees the latest *closed* peilmoment
of a vastgestelde jaarschijf; the parties also see the open one (labelled "voorlopig") and
concept jaarschijven. Every number links to the records behind it: activity counts to the
peilmoment page filtered on theme and status, afspraak counts to the list of those afspraken
further down the page (each linking to its register page).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from prestatiemonitor.afspraken.permissions import visible_kader_or_404
from prestatiemonitor.woonruimte import selectors as woonruimte_selectors

from .. import grafiek, selectors
from ..constants import ROLLUP_REGEL, AfspraakStand, VoortgangStatus
from ..permissions import jaarschijf_or_404, ziet_lopend

# The order of the columns, the legend and the stack: done first, then trouble, then the rest.
STAND_VOLGORDE = [
    AfspraakStand.GEREED,
    AfspraakStand.OP_SCHEMA,
    AfspraakStand.AANDACHT_NODIG,
    AfspraakStand.VERTRAAGD,
    AfspraakStand.NIET_GESTART,
    AfspraakStand.GEEN_ACTIVITEIT,
]
STATUS_VOLGORDE = [
    VoortgangStatus.GEREED,
    VoortgangStatus.OP_SCHEMA,
    VoortgangStatus.AANDACHT_NODIG,
    VoortgangStatus.VERTRAAGD,
    VoortgangStatus.NIET_GESTART,
    VoortgangStatus.VERVALLEN,
    VoortgangStatus.NIET_GEMELD,
]


@dataclass
class Cel:
    aantal: int
    url: str = ""
    naam: str = ""  # the accessible name: "Thema 2: 3 activiteiten vertraagd"
    kolom: str = ""  # the column, for data-label


@dataclass
class TabelRij:
    kop: str
    cellen: list[Cel]
    totaal: Cel
    stand: str = ""  # the theme's rolled-up stand (afspraken table)
    anker: str = ""


@dataclass
class ThemaBlok:
    """One theme's afspraken, grouped by stand, further down the page."""

    kop: str
    anker: str
    aantal: int
    groepen: list[StandGroep]


@dataclass
class StandGroep:
    """The afspraken of one theme with one stand: where an afspraak count links to."""

    anker: str
    stand: str
    afspraken: list[tuple[selectors.AfspraakRegel, str]] = field(default_factory=list)


def _thema_kop(thema) -> str:
    return f"{thema.nummer}. {thema.titel}" if thema else "Zonder thema"


def _meervoud(n: int, enkel: str, meer: str) -> str:
    return f"{n} {enkel if n == 1 else meer}"


def _peilmoment_url(kader, peilmoment, **filters) -> str:
    """The peilmoment page (views/peilmoment.py, another section of urls.py) with filters."""
    basis = reverse("afspraken:kader", args=[kader.slug]) + f"peilmoment/{peilmoment.code}/"
    query = urlencode({k: v for k, v in filters.items() if v not in (None, "")})
    return basis + (f"?{query}" if query else "")


def _tabellen(kader, themas: list[selectors.ThemaRegel], peilmoment):
    """The two tables (afspraken per stand, activities per status) with their links, the
    afspraak groups the afspraak counts point at, and the chart series."""
    afspraak_rijen, activiteit_rijen, per_thema = [], [], []
    stand_reeksen, status_reeksen = [], []
    stand_totaal = dict.fromkeys(STAND_VOLGORDE, 0)
    status_totaal: dict[str, set[int]] = {s: set() for s in STATUS_VOLGORDE}
    alle_activiteiten: set[int] = set()
    for regel in themas:
        kop = _thema_kop(regel.thema)
        nummer = regel.thema.nummer if regel.thema else 0
        kort = f"Thema {nummer}" if regel.thema else "Zonder thema"  # short, for the chart
        # Afspraken per stand; each count points at the group of those afspraken below.
        cellen, groepen = [], []
        for stand in STAND_VOLGORDE:
            aantal = regel.per_stand.get(stand, 0)
            stand_totaal[stand] += aantal
            anker = f"thema-{nummer}-{stand.value}"
            if aantal:
                groepen.append(
                    StandGroep(
                        anker=anker,
                        stand=str(stand.label),
                        afspraken=[
                            (a, _samenvatting(a)) for a in regel.afspraken if a.stand == stand
                        ],
                    )
                )
            cellen.append(
                Cel(
                    aantal=aantal,
                    url=f"#{anker}" if aantal else "",
                    naam=f"Thema {nummer}: "
                    f"{_meervoud(aantal, 'afspraak', 'afspraken')} {stand.label}",
                    kolom=str(stand.label),
                )
            )
            stand_reeksen.append(grafiek.Reeks(kort, stand.value, str(stand.label), aantal))
        per_thema.append(
            ThemaBlok(
                kop=kop,
                anker=f"thema-{nummer}-afspraken",
                aantal=len(regel.afspraken),
                groepen=groepen,
            )
        )
        afspraak_rijen.append(
            TabelRij(
                kop=kop,
                cellen=cellen,
                totaal=Cel(
                    aantal=len(regel.afspraken),
                    url=f"#thema-{nummer}-afspraken",
                    naam=f"Thema {nummer}: "
                    + _meervoud(len(regel.afspraken), "afspraak", "afspraken")
                    + " in totaal",
                    kolom="Totaal",
                ),
                stand=str(AfspraakStand(regel.stand).label),
                anker=f"thema-{nummer}-afspraken",
            )
        )
        # Activities per status; each count points at the peilmoment page, filtered.
        per_status: dict[str, set[int]] = {s: set() for s in STATUS_VOLGORDE}
        for afspraak_regel in regel.afspraken:
            for activiteit, status in afspraak_regel.activiteiten:
                per_status.setdefault(status, set()).add(activiteit.pk)
                status_totaal.setdefault(status, set()).add(activiteit.pk)
                alle_activiteiten.add(activiteit.pk)
        cellen = []
        for status in STATUS_VOLGORDE:
            aantal = len(per_status[status])
            cellen.append(
                Cel(
                    aantal=aantal,
                    url=_peilmoment_url(kader, peilmoment, thema=nummer or None, status=status)
                    if aantal and peilmoment
                    else (f"#thema-{nummer}-afspraken" if aantal else ""),
                    naam=f"Thema {nummer}: "
                    f"{_meervoud(aantal, 'activiteit', 'activiteiten')} {status.label}",
                    kolom=str(status.label),
                )
            )
            status_reeksen.append(grafiek.Reeks(kort, status.value, str(status.label), aantal))
        totaal = sum(regel.activiteiten_per_status.values())
        activiteit_rijen.append(
            TabelRij(
                kop=kop,
                cellen=cellen,
                totaal=Cel(
                    aantal=totaal,
                    url=_peilmoment_url(kader, peilmoment, thema=nummer or None)
                    if totaal and peilmoment
                    else (f"#thema-{nummer}-afspraken" if totaal else ""),
                    naam=f"Thema {nummer}: "
                    + _meervoud(totaal, "activiteit", "activiteiten")
                    + " in totaal",
                    kolom="Totaal",
                ),
            )
        )
    afspraak_totaal = TabelRij(
        kop="Alle thema's",
        cellen=[
            Cel(
                aantal=stand_totaal[s],
                naam=f"Alle thema's: {_meervoud(stand_totaal[s], 'afspraak', 'afspraken')} "
                f"{s.label}",
                kolom=str(s.label),
            )
            for s in STAND_VOLGORDE
        ],
        totaal=Cel(aantal=sum(stand_totaal.values()), kolom="Totaal"),
    )
    activiteit_totaal = TabelRij(
        kop="Alle thema's",
        cellen=[
            Cel(
                aantal=len(status_totaal[s]),
                url=_peilmoment_url(kader, peilmoment, status=s)
                if status_totaal[s] and peilmoment
                else "",
                naam=f"Alle thema's: "
                f"{_meervoud(len(status_totaal[s]), 'activiteit', 'activiteiten')} {s.label}",
                kolom=str(s.label),
            )
            for s in STATUS_VOLGORDE
        ],
        totaal=Cel(
            aantal=len(alle_activiteiten),
            url=_peilmoment_url(kader, peilmoment) if alle_activiteiten and peilmoment else "",
            naam=f"Alle thema's: {_meervoud(len(alle_activiteiten), 'activiteit', 'activiteiten')}"
            " in totaal",
            kolom="Totaal",
        ),
    )
    return {
        "afspraak_rijen": afspraak_rijen,
        "afspraak_totaal": afspraak_totaal,
        "activiteit_rijen": activiteit_rijen,
        "activiteit_totaal": activiteit_totaal,
        "per_thema": per_thema,
        "stand_reeksen": stand_reeksen,
        "status_reeksen": status_reeksen,
    }


def _grafieken(tabellen: dict, peilmoment_naam: str) -> dict:
    afspraken_titel = f"Afspraken per thema naar stand ({peilmoment_naam})"
    activiteiten_titel = f"Activiteiten per thema naar status ({peilmoment_naam})"
    return {
        "afspraken": grafiek.svg(
            grafiek.gestapelde_staven(
                reeksen=tabellen["stand_reeksen"],
                volgorde=[(s.value, str(s.label)) for s in STAND_VOLGORDE],
                x_titel="aantal afspraken",
            ),
            titel=afspraken_titel,
            beschrijving="Dezelfde cijfers staan in de tabel onder de grafiek.",
        ),
        "activiteiten": grafiek.svg(
            grafiek.gestapelde_staven(
                reeksen=tabellen["status_reeksen"],
                volgorde=[(s.value, str(s.label)) for s in STATUS_VOLGORDE],
                x_titel="aantal activiteiten",
            ),
            titel=activiteiten_titel,
            beschrijving="Dezelfde cijfers staan in de tabel onder de grafiek.",
        ),
        "afspraken_legenda": [(s.value, str(s.label)) for s in STAND_VOLGORDE],
        "activiteiten_legenda": [(s.value, str(s.label)) for s in STATUS_VOLGORDE],
        "afspraken_titel": afspraken_titel,
        "activiteiten_titel": activiteiten_titel,
    }


# Long lists on the page are cut here; the full list is one link away.
LIJST_MAX = 25


def _samenvatting(regel: selectors.AfspraakRegel) -> str:
    """'A1 Nieuwbouw (vertraagd); A4 Woonvisie (op schema)', or with many activities the
    counts per status: '12 activiteiten: 5 gereed, 4 op schema, 3 vertraagd'."""
    if not regel.activiteiten:
        return "geen activiteit"
    if len(regel.activiteiten) <= 5:
        return "; ".join(
            f"{a.code} {a.titel} ({VoortgangStatus(s).label})" for a, s in regel.activiteiten
        )
    tellingen = Counter(s for _, s in regel.activiteiten)
    return f"{len(regel.activiteiten)} activiteiten: " + ", ".join(
        f"{tellingen[s]} {s.label}" for s in STATUS_VOLGORDE if tellingen[s]
    )


def dashboard(request: HttpRequest, kader: str, jaar: int) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    jaarschijf = jaarschijf_or_404(request.user, kader_obj, jaar)
    # Only what the user may see: the public, closed peilmomenten; parties, also the open one.
    zichtbaar = selectors.peilmomenten(user=request.user, kader=kader_obj, jaar=jaar)
    gevraagd = request.GET.get("peilmoment", "")
    peilmoment = next((p for p in zichtbaar if p.code == gevraagd), None) or (
        zichtbaar[-1] if zichtbaar else None
    )
    if peilmoment is not None:
        peilmoment.jaarschijf = jaarschijf
    themas = selectors.standen(jaarschijf=jaarschijf, peilmoment=peilmoment, user=request.user)
    tabellen = _tabellen(kader_obj, themas, peilmoment)
    vorig = (
        selectors.vorig_peilmoment(user=request.user, peilmoment=peilmoment)
        if peilmoment is not None
        else None
    )
    verschil = (
        selectors.vergelijking(van=vorig, naar=peilmoment)
        if peilmoment is not None and vorig is not None
        else None
    )
    dekking = selectors.ongedekt_uit_standen(jaarschijf=jaarschijf, themas=themas)
    vandaag = timezone.localdate()
    context = {
        "kader": kader_obj,
        "nav_actief": "dashboard",
        "kruimel": f"Dashboard {jaarschijf.jaar}",
        "jaarschijf": jaarschijf,
        "jaren": [j.jaar for j in selectors.jaarschijven(user=request.user, kader=kader_obj)],
        "peilmoment": peilmoment,
        "peilmomenten": zichtbaar,
        "voorlopig": peilmoment is not None and not peilmoment.is_gesloten,
        "ziet_lopend": ziet_lopend(request.user, kader_obj),
        "rollup_regel": ROLLUP_REGEL,
        "themas": themas,
        "standen": [str(s.label) for s in STAND_VOLGORDE],
        "statussen": [str(s.label) for s in STATUS_VOLGORDE],
        "grafieken": _grafieken(tabellen, peilmoment.naam if peilmoment else "geplande stand"),
        "achterstallig": selectors.achterstallig(
            kader=kader_obj, vandaag=vandaag, user=request.user
        ),
        "ongedekt": dekking,
        "ongedekt_open": [r for r in dekking if r.acceptatie is None],
        "ongedekt_geaccepteerd": [r for r in dekking if r.acceptatie is not None],
        "vorig": vorig,
        "verschil": verschil,
        "lijst_max": f":{LIJST_MAX}",
        "meer": {
            naam: max(0, len(getattr(verschil, naam)) - LIJST_MAX)
            for naam in ("gewijzigd", "nieuw", "vervallen_uit")
        }
        if verschil
        else {},
        "peilmoment_url": _peilmoment_url(kader_obj, peilmoment) if peilmoment else "",
        # The beschikbaarheid and verduurzaming figures beside their afspraken (7, 9, 10;
        # thema 3): the woonruimte app's norms judged for this year.
        "afspraakcijfers": woonruimte_selectors.dashboardcijfers(
            user=request.user, kader=kader_obj, jaar=jaarschijf.jaar
        ),
        **tabellen,
    }
    return render(request, "jaarschijven/dashboard.html", context)


def dashboard_actueel(request: HttpRequest, kader: str) -> HttpResponse:
    """This year's dashboard if the user may see this year's jaarschijf, else the latest one
    the user may see; a page saying so when there is none."""
    kader_obj = visible_kader_or_404(request.user, kader)
    jaren = [j.jaar for j in selectors.jaarschijven(user=request.user, kader=kader_obj)]
    if jaren:
        huidig = timezone.localdate().year
        jaar = huidig if huidig in jaren else max(jaren)
        return redirect("jaarschijven:dashboard", kader=kader_obj.slug, jaar=jaar)
    return render(
        request,
        "jaarschijven/dashboard_leeg.html",
        {"kader": kader_obj, "nav_actief": "dashboard"},
    )
