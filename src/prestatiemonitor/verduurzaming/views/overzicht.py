"""The verduurzaming page: per corporation the dwellings with E, F or G and without a label at
every peildatum, against the path to zero (thema 3), and the stock per rent class.

Parties see every opname's counts; the public the opnames in a published period, counts under
5 shown as "< 5". The dwellings behind a count (the drill-down) only the corporation itself.
"""

from __future__ import annotations

from collections import defaultdict

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from prestatiemonitor.afspraken.permissions import visible_kader_or_404
from prestatiemonitor.jaarschijven.permissions import ziet_lopend
from prestatiemonitor.normen.selectors import normdefinities, normuitkomsten
from prestatiemonitor.organisaties.permissions import (
    MONITOR_LEZEN,
    WOONDATA_AANLEVEREN,
    has_capability,
    is_systeem,
    organisaties_met,
)
from prestatiemonitor.woonruimte import grafiek
from prestatiemonitor.woonruimte.indicatoren import openbaar_aantal

from .. import selectors
from ..normen import CONTEXT, KLEIN, woningen_url

NAV = "verduurzaming"


def _procent(deel: int, geheel: int) -> str:
    if not geheel:
        return "–"
    return f"{deel * 100 / geheel:.1f} %".replace(".", ",")


def _klassen(k, openbaar: bool) -> dict:
    """The rent classes as shown. The classes add up to the stock shown above them, so for
    the public one small class would be recomputable: then the next smallest is hidden too."""
    aantallen = {
        "laag": k.tot_aftopping_laag,
        "hoog": k.tot_aftopping_hoog,
        "lib": k.tot_liberalisatiegrens,
        "boven": k.boven_liberalisatiegrens,
        "onbekend": k.onbekend,
    }
    uit: dict = {naam: openbaar_aantal(n, openbaar) for naam, n in aantallen.items()}
    klein = [naam for naam, n in aantallen.items() if openbaar and n < KLEIN]
    if len(klein) == 1:
        naast = min((n, naam) for naam, n in aantallen.items() if naam not in klein)[1]
        uit[naast] = "×"
    uit["grenzen"] = k.grenzen
    return uit


def overzicht(request: HttpRequest, kader: str) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    openbaar = not ziet_lopend(request.user, kader_obj)
    tellingen = selectors.labeltellingen(user=request.user, kader=kader_obj)
    klassen = {
        k.opname.pk: k
        for k in selectors.huurklassen(user=request.user, kader=kader_obj, overslaan=True)
    }
    ontbreekt = sorted({t.opname.peildatum.year for t in tellingen if t.opname.pk not in klassen})
    klassen_fout = (
        "de huurgrenzen (aftoppingsgrenzen en liberalisatiegrens) van "
        + ", ".join(str(j) for j in ontbreekt)
        + " staan niet in de jaarparameters; de sitebeheerder kan ze toevoegen."
        if ontbreekt
        else ""
    )
    norm_van = {n.code: n for n in normdefinities(user=request.user, kader=kader_obj)}
    per_onderwerp = defaultdict(list)
    for u in normuitkomsten(user=request.user, kader=kader_obj, alleen=(CONTEXT,)):
        per_onderwerp[u.onderwerp].append(u)
    if is_systeem(request.user) or getattr(request.user, "is_superuser", False):
        eigen = None
    else:
        eigen = set(organisaties_met(request.user, MONITOR_LEZEN).values_list("pk", flat=True))
    corporaties: dict[int, dict] = {}
    grafiekrijen = []
    for t in tellingen:
        o = t.opname
        naam = o.corporatie.korte_naam or o.corporatie.naam
        detail = eigen is None or o.corporatie_id in eigen
        onderdrukt = openbaar and min(t.e, t.f, t.g) < KLEIN
        uitkomsten = per_onderwerp.get(f"{o.peildatum.isoformat()} {naam}", [])
        k = klassen.get(o.pk)
        rij = {
            "opname": o,
            "totaal": openbaar_aantal(t.totaal, openbaar),
            "e": openbaar_aantal(t.e, openbaar),
            "f": openbaar_aantal(t.f, openbaar),
            "g": openbaar_aantal(t.g, openbaar),
            "efg": "×" if onderdrukt else openbaar_aantal(t.efg, openbaar),
            "aandeel": "–"
            if onderdrukt or (openbaar and t.efg < KLEIN)
            else _procent(t.efg, t.totaal),
            "zonder": openbaar_aantal(t.zonder_label, openbaar),
            "verlopen": openbaar_aantal(t.verlopen, openbaar),
            "uitkomsten": uitkomsten,
            "url": woningen_url(
                kader_obj, corporatie=naam, peildatum=o.peildatum.isoformat(), label="efg"
            )
            if detail
            else "",
            "klassen": None if k is None else _klassen(k, openbaar),
        }
        corporaties.setdefault(o.corporatie_id, {"naam": naam, "detail": detail, "rijen": []})[
            "rijen"
        ].append(rij)
        if not onderdrukt and t.totaal:
            grafiekrijen.append(
                {"x": o.peildatum.isoformat(), "reeks": naam, "waarde": t.efg / t.totaal}
            )
    for c in corporaties.values():
        c["rijen"].sort(key=lambda r: r["opname"].peildatum)
        # The rent classes of the latest opname whose year has its limits.
        c["klassen_rij"] = next((r for r in reversed(c["rijen"]) if r["klassen"]), None)
    grafiekrijen.sort(key=lambda r: r["x"])
    label_grafiek = (
        grafiek.svg(
            grafiek.lijnen(grafiekrijen, y_titel="Aandeel E, F en G"),
            titel="Aandeel woningen met label E, F of G per peildatum",
            beschrijving="Per corporatie. Dezelfde cijfers staan in de tabellen per corporatie.",
        )
        if grafiekrijen
        else None
    )
    normen = [n for n in norm_van.values() if n.soort == "labels_efg" and n.actief]
    return render(
        request,
        "verduurzaming/overzicht.html",
        {
            "kader": kader_obj,
            "nav_actief": NAV,
            "openbaar": openbaar,
            "corporaties": list(corporaties.values()),
            "label_grafiek": label_grafiek,
            "klassen_fout": klassen_fout,
            "normen": normen,
            "kan_aanleveren": has_capability(request.user, WOONDATA_AANLEVEREN, kader=kader_obj),
        },
    )
