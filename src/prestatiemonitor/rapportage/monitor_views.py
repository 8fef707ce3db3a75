"""The public monitor of a kader (docs/monitor.md): /afspraken/<kader>/monitor/ and its open
data (/afspraken/<kader>/monitor/<jaar-maand>.json and .csv).

What everyone sees without logging in, also when a party member asks: the openbaar content of
the latest closed peilmoment an anonymous visitor may see (``rapportinhoud(...,
variant=OPENBAAR)``), laid out as a page. Nothing is counted here: the figures are the report
content's, the view only adds the link to the page with the records behind each figure.

Access (the permission matrix in afspraken/tests/test_permission_matrix.py asks every route):
- a kader the user may not read → 404 (as every page);
- a party member of a kader that is not published gets the page saying it is not public yet;
- the open data exists only for a closed peilmoment the public may see (404 otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from prestatiemonitor.afspraken.permissions import visible_kader_or_404
from prestatiemonitor.jaarschijven import grafiek
from prestatiemonitor.jaarschijven.constants import ROLLUP_REGEL

from . import opendata, selectors
from .inhoud import OPENBAAR, STAND_VOLGORDE, STATUS_VOLGORDE, Rapportinhoud, rapportinhoud
from .pdf import grafiek_spec

NAV = "monitor"

# Where each indicator of the beschikbaarheidsmonitor stands on its page (woonruimte/monitor.html).
INDICATOR_ANKERS = {
    "slaagkans": "slaagkans-kop",
    "urgent_aandeel": "urgent-kop",
    "vrije_toewijzing": "vrij-kop",
    "passend": "vrij-kop",
    "statushouders": "statushouders-kop",
    "spreiding": "spreiding-kop",
}


@dataclass(frozen=True)
class Cel:
    """One figure of a table, the page with the records behind it and its accessible name."""

    aantal: int | None
    url: str = ""
    naam: str = ""
    kolom: str = ""


@dataclass(frozen=True)
class Rij:
    kop: str
    cellen: list[Cel]
    totaal: Cel
    stand: str = ""


def _dashboard_url(kader, inhoud: Rapportinhoud, anker: str) -> str:
    return (
        reverse("jaarschijven:dashboard", args=[kader.slug, inhoud.jaar])
        + "?"
        + urlencode({"peilmoment": inhoud.peilmoment_code})
        + f"#{anker}"
    )


def _peilmoment_url(kader, inhoud: Rapportinhoud, **filters) -> str:
    basis = reverse("jaarschijven:peilmoment", args=[kader.slug, inhoud.peilmoment_code])
    query = urlencode({k: v for k, v in filters.items() if v not in (None, "")})
    return basis + (f"?{query}" if query else "")


def _meervoud(n: int, enkel: str, meer: str) -> str:
    return f"{n} {enkel if n == 1 else meer}"


def _standtabellen(kader, inhoud: Rapportinhoud) -> dict:
    """The two tables of the stand per theme, every figure linked: afspraken to the dashboard's
    list of those afspraken, activities to the peilmoment page filtered on theme and status."""
    afspraken, activiteiten = [], []
    for t in inhoud.themastanden:
        nummer = t.nummer or 0
        afspraken.append(
            Rij(
                kop=t.kop,
                stand=t.stand,
                cellen=[
                    Cel(
                        aantal=t.afspraken_per_stand[s.value],
                        url=_dashboard_url(kader, inhoud, f"thema-{nummer}-{s.value}")
                        if t.afspraken_per_stand[s.value]
                        else "",
                        naam=f"{t.kort}: "
                        + _meervoud(t.afspraken_per_stand[s.value], "afspraak", "afspraken")
                        + f" {s.label}",
                        kolom=str(s.label),
                    )
                    for s in STAND_VOLGORDE
                ],
                totaal=Cel(
                    aantal=t.afspraken,
                    url=_dashboard_url(kader, inhoud, f"thema-{nummer}-afspraken"),
                    naam=f"{t.kort}: {_meervoud(t.afspraken, 'afspraak', 'afspraken')} in totaal",
                    kolom="Totaal",
                ),
            )
        )
        activiteiten.append(
            Rij(
                kop=t.kop,
                cellen=[
                    Cel(
                        aantal=t.activiteiten_per_status[s.value],
                        url=_peilmoment_url(kader, inhoud, thema=t.nummer, status=s.value)
                        if t.activiteiten_per_status[s.value]
                        else "",
                        naam=f"{t.kort}: "
                        + _meervoud(
                            t.activiteiten_per_status[s.value], "activiteit", "activiteiten"
                        )
                        + f" {s.label}",
                        kolom=str(s.label),
                    )
                    for s in STATUS_VOLGORDE
                ],
                totaal=Cel(
                    aantal=t.activiteiten,
                    url=_peilmoment_url(kader, inhoud, thema=t.nummer) if t.activiteiten else "",
                    naam=f"{t.kort}: "
                    + _meervoud(t.activiteiten, "activiteit", "activiteiten")
                    + " in totaal",
                    kolom="Totaal",
                ),
            )
        )
    totaal = Rij(
        kop="Alle thema's",
        cellen=[
            Cel(
                aantal=n,
                url=_dashboard_url(kader, inhoud, "perthema-kop") if n else "",
                naam=f"Alle thema's: {_meervoud(n, 'afspraak', 'afspraken')} {s.label}",
                kolom=str(s.label),
            )
            for s, n in zip(STAND_VOLGORDE, inhoud.afspraken_per_stand.values(), strict=True)
        ],
        totaal=Cel(
            aantal=inhoud.afspraken_totaal,
            url=_dashboard_url(kader, inhoud, "perthema-kop"),
            naam=f"Alle thema's: {_meervoud(inhoud.afspraken_totaal, 'afspraak', 'afspraken')}"
            " in totaal",
            kolom="Totaal",
        ),
    )
    return {
        "afspraak_rijen": afspraken,
        "afspraak_totaal": totaal,
        "activiteit_rijen": activiteiten,
    }


def _planmonitor_urls(kader, inhoud: Rapportinhoud) -> dict:
    """Per table, per row, per column: the planmonitor's drill-down of that cell (the same
    round and period as the report)."""
    pm = inhoud.planmonitor
    if pm is None:
        return {"tabellen": [], "overzicht": ""}
    query = {
        "peiling": pm.peiling_id,
        "van": pm.van,
        "tot": pm.tot,
        "doorkijk_tot": pm.doorkijk_tot,
    }
    cel_basis = reverse("planmonitor:cel", args=[kader.slug])
    tabellen = []
    for t in pm.tabellen:
        rijen = []
        for partij, waarden, totaal in t.rijen:
            cellen = []
            for (kolom, kop), waarde in zip(t.koppen, waarden, strict=True):
                cellen.append(
                    Cel(
                        aantal=waarde,
                        url=cel_basis
                        + "?"
                        + urlencode({**query, "tabel": t.nummer, "partij": partij, "kolom": kolom})
                        if waarde is not None
                        else "",
                        naam=f"Tabel {t.nummer}, {partij}: {kop}",
                        kolom=kop,
                    )
                )
            rijen.append((partij, cellen, totaal))
        tabellen.append({"tabel": t, "rijen": rijen})
    overzicht = reverse("planmonitor:overzicht", args=[kader.slug]) + "?" + urlencode(query)
    return {"tabellen": tabellen, "overzicht": overzicht}


def _indicator_url(kader, inhoud: Rapportinhoud, indicator: str) -> str:
    if indicator in INDICATOR_ANKERS:
        stand = "jaar" if inhoud.peilmoment_code.endswith("-12") else "halfjaar"
        return (
            reverse("woonruimte:monitor", args=[kader.slug, inhoud.jaar])
            + f"?stand={stand}#{INDICATOR_ANKERS[indicator]}"
        )
    return reverse("verduurzaming:overzicht", args=[kader.slug])


def _indicatorgroepen(kader, inhoud: Rapportinhoud) -> list[dict]:
    """The beschikbaarheid indicators per indicator (one table each), in the report's order."""
    groepen: dict[str, dict] = {}
    for i in inhoud.beschikbaarheid:
        groep = groepen.setdefault(
            i.indicator,
            {
                "naam": i.naam,
                "anker": f"indicator-{i.indicator}",
                "url": _indicator_url(kader, inhoud, i.indicator),
                "rijen": [],
            },
        )
        groep["rijen"].append(i)
    return list(groepen.values())


def _normen_url(kader, inhoud: Rapportinhoud) -> str:
    url = reverse("normen:overzicht", args=[kader.slug])
    if inhoud.planmonitor is not None:
        url += "?" + urlencode({"peiling": inhoud.planmonitor.peiling_id})
    return url


def _downloads(kader, peilmoment) -> dict:
    stand = selectors.openbare_rapporten(peilmoment=peilmoment)
    versies = [r for r in [stand.huidig, *stand.geschiedenis] if r is not None]
    return {
        "rapporten": versies,
        "opendata": {
            formaat: reverse(
                "monitor:opendata",
                kwargs={"kader": kader.slug, "code": peilmoment.code, "formaat": formaat},
            )
            for formaat in opendata.FORMATEN
        },
    }


@require_safe
def pagina(request: HttpRequest, kader: str) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    peilmomenten = selectors.openbare_peilmomenten(kader=kader_obj)
    context = {
        "kader": kader_obj,
        "nav_actief": NAV,
        "peilmomenten": peilmomenten,
        "ingelogd": request.user.is_authenticated,
    }
    if not peilmomenten:
        return render(request, "rapportage/monitor_leeg.html", context)
    gevraagd = request.GET.get("peilmoment", "")
    peilmoment = next((p for p in peilmomenten if p.code == gevraagd), peilmomenten[-1])
    inhoud = rapportinhoud(
        kader_slug=kader_obj.slug, peilmoment_code=peilmoment.code, variant=OPENBAAR
    )
    titel = f"Afspraken per thema naar stand ({inhoud.peilmoment.lower()})"
    context.update(
        {
            "r": inhoud,
            "peilmoment": peilmoment,
            "gevraagd_niet_openbaar": bool(gevraagd) and gevraagd != peilmoment.code,
            "rollup_regel": ROLLUP_REGEL,
            "grafiek": grafiek.svg(
                grafiek_spec(inhoud),
                titel=titel,
                beschrijving="Dezelfde cijfers staan in de tabel onder de grafiek.",
            ),
            "grafiek_titel": titel,
            "activiteiten_titel": f"Activiteiten per thema naar status ({inhoud.peilmoment.lower()})",
            "legenda": [(s.value, str(s.label)) for s in STAND_VOLGORDE],
            "standen": [str(s.label) for s in STAND_VOLGORDE],
            "statussen": [str(s.label) for s in STATUS_VOLGORDE],
            "planmonitor": _planmonitor_urls(kader_obj, inhoud),
            "normen_url": _normen_url(kader_obj, inhoud),
            "beschikbaarheid": _indicatorgroepen(kader_obj, inhoud),
            "verduurzaming": [
                (i, _indicator_url(kader_obj, inhoud, i.indicator)) for i in inhoud.verduurzaming
            ],
            "besluiten_url": reverse("overleg:besluiten", args=[kader_obj.slug]),
            **_standtabellen(kader_obj, inhoud),
            **_downloads(kader_obj, peilmoment),
        }
    )
    return render(request, "rapportage/monitor.html", context)


@require_safe
def opendata_download(request: HttpRequest, kader: str, code: str, formaat: str) -> HttpResponse:
    """The monitor of one public closed peilmoment as JSON or as a ZIP of CSV files."""
    if formaat not in opendata.FORMATEN:
        raise Http404("Kies json of csv.")
    kader_obj = visible_kader_or_404(request.user, kader)
    if code not in {p.code for p in selectors.openbare_peilmomenten(kader=kader_obj)}:
        raise Http404("Dit peilmoment is niet openbaar of nog niet gesloten.")
    inhoud = rapportinhoud(kader_slug=kader_obj.slug, peilmoment_code=code, variant=OPENBAAR)
    if formaat == "json":
        response = HttpResponse(opendata.json_bytes(inhoud), content_type=opendata.FORMATEN["json"])
        response["Content-Disposition"] = (
            f'inline; filename="{opendata.bestandsnaam(inhoud, "json")}"'
        )
    else:
        response = HttpResponse(
            opendata.csv_zip_bytes(inhoud), content_type=opendata.FORMATEN["csv"]
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{opendata.bestandsnaam(inhoud, "csv.zip")}"'
        )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, public=True, max_age=300)
    return response
