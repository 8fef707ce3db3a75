"""The drill-down list of lettings: the rows behind a figure of the beschikbaarheidsmonitor.

Query parameters (all optional, combined with AND; the monitor links with them): jaar,
halfjaar (1|2), tot_halfjaar (1: only January–June), corporatie (short name), kern, buurt,
segment, route (values of the choices), aandachtsgroep and inkomen_boven_grens (ja|nee),
passend (ja|nee|nvt). A value that is not valid is a Dutch message on the page (no rows), never
a 500.

Rows: ``Toewijzing.objects.in_detail(user)`` only (a corporation its own). The same filter over
every letting the user may see as a total (``visible_to``) gives the count of the rest, shown
as one sentence: an aggregate, never a row. Parties only (``hulp.detail_kader``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..constants import Passend, Route, Segment
from ..models import Toewijzing
from ..permissions import corporaties, naam
from .aanleveren import NAV
from .hulp import detail_kader, menu, pagina

_JA_NEE = {"ja": True, "nee": False}


@dataclass
class Filter:
    """The parsed parameters: the condition, the filter in words, and what was wrong."""

    q: Q = field(default_factory=Q)
    woorden: list[str] = field(default_factory=list)
    jaar: str = ""
    fouten: list[str] = field(default_factory=list)

    @property
    def titel(self) -> str:
        kop = f"Toewijzingen {self.jaar}" if self.jaar else "Toewijzingen"
        return ", ".join([kop, *self.woorden])


def _keuze(waarde: str, choices, wat: str, f: Filter) -> str | None:
    for c in choices:
        if waarde.casefold() in (c.value.casefold(), str(c.label).casefold()):
            return c.value
    f.fouten.append(
        f"'{waarde}' is geen {wat}; kies uit: " + ", ".join(str(c.label) for c in choices) + "."
    )
    return None


def filter_uit(params, kader) -> Filter:
    f = Filter()

    def waarde(sleutel: str) -> str:
        return " ".join((params.get(sleutel) or "").split())

    if jaar := waarde("jaar"):
        if jaar.isdigit() and 2000 <= int(jaar) <= 2100:
            f.q &= Q(jaar=int(jaar))
            f.jaar = jaar
        else:
            f.fouten.append(f"'{jaar}' is geen jaar; geef een jaar als 2025.")
    if halfjaar := waarde("halfjaar"):
        if halfjaar == "1":
            f.q &= Q(datum__month__lte=6)
            f.woorden.append("eerste halfjaar")
        elif halfjaar == "2":
            f.q &= Q(datum__month__gte=7)
            f.woorden.append("tweede halfjaar")
        else:
            f.fouten.append(f"'{halfjaar}' is geen halfjaar; kies 1 of 2.")
    if tot := waarde("tot_halfjaar"):
        if tot == "1":
            f.q &= Q(datum__month__lte=6)
            f.woorden.append("januari tot en met juni")
        elif tot != "2":
            f.fouten.append(f"'{tot}' is geen halfjaar; kies 1 (tot en met juni) of 2.")
    if corporatie := waarde("corporatie"):
        gevonden = [
            o
            for o in corporaties(kader)
            if corporatie.casefold()
            in {n.casefold() for n in (o.korte_naam, o.naam, o.slug, *(o.aliassen or [])) if n}
        ]
        if gevonden:
            f.q &= Q(corporatie=gevonden[0])
            f.woorden.append(naam(gevonden[0]))
        else:
            namen = ", ".join(naam(o) for o in corporaties(kader)) or "geen"
            f.fouten.append(
                f"'{corporatie}' is geen corporatie van dit afsprakenkader; dat zijn: {namen}."
            )
    if kern := waarde("kern"):
        f.q &= Q(kern__iexact=kern)
        f.woorden.append(f"kern {kern}")
    if buurt := waarde("buurt"):
        f.q &= Q(buurt__iexact=buurt)
        f.woorden.append(f"buurt {buurt}")
    if (segment := waarde("segment")) and (s := _keuze(segment, Segment, "segment", f)) is not None:
        f.q &= Q(segment=s)
        f.woorden.append(str(Segment(s).label))
    if (route := waarde("route")) and (r := _keuze(route, Route, "route", f)) is not None:
        f.q &= Q(route=r)
        f.woorden.append(f"route {Route(r).label}")
    for sleutel, veld, tekst in (
        ("aandachtsgroep", "aandachtsgroep", "aandachtsgroep"),
        ("inkomen_boven_grens", "inkomen_boven_grens", "inkomen boven grens"),
    ):
        if w := waarde(sleutel).casefold():
            if w in _JA_NEE:
                f.q &= Q(**{veld: _JA_NEE[w]})
                f.woorden.append(f"{tekst}: {w}")
            else:
                f.fouten.append(f"{tekst}: '{w}' is geen ja of nee.")
    if (passend := waarde("passend")) and (
        p := _keuze(passend, Passend, "waarde voor passend", f)
    ) is not None:
        f.q &= Q(passend=p)
        f.woorden.append(f"passend: {Passend(p).label}")
    return f


@login_required
def toewijzingen(request: HttpRequest, kader: str) -> HttpResponse:
    kader_obj = detail_kader(request, kader)
    f = filter_uit(request.GET, kader_obj)
    page, overig, elders = None, "", 0
    if not f.fouten:
        eigen = (
            Toewijzing.objects.in_detail(request.user)
            .filter(kader=kader_obj)
            .filter(f.q)
            .select_related("corporatie")
            .order_by("-datum", "corporatie__korte_naam", "pk")
        )
        page, overig = pagina(request, eigen)
        alle = Toewijzing.objects.visible_to(request.user).filter(kader=kader_obj).filter(f.q)
        elders = alle.count() - page.paginator.count
    return render(
        request,
        "woonruimte/toewijzingen.html",
        {
            "kader": kader_obj,
            "nav_actief": NAV,
            "sub": "toewijzingen",
            "filter": f,
            "pagina": page,
            "overig": overig,
            "elders": elders,
            **menu(request.user, kader_obj),
        },
    )
