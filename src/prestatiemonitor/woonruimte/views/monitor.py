"""The beschikbaarheidsmonitor of a year (mid-year or whole year) and its publication.

Parties of the kader see every year's aggregates; the public sees the years the gemeente
published, with counts under 5 shown as "< 5" (``indicatoren.onderdrukken``). Detail (the
lettings behind a figure) is the drill-down's business: it shows a user only what the user
may see in detail.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from prestatiemonitor.afspraken.permissions import visible_kader_or_404
from prestatiemonitor.organisaties.permissions import (
    PEILMOMENT_BEHEREN,
    REACTIE_PLAATSEN,
    WOONDATA_AANLEVEREN,
    has_capability,
)

from .. import grafiek, selectors, services
from ..indicatoren import GEMEENTE, Woondata, als_decimal
from ..models import Publicatie, Stand

NAV = "beschikbaarheid"


def _jaren(data: Woondata) -> list[int]:
    jaren = set(data.jaren) | {r["jaar"] for r in data.zoekenden}
    if data.jaren_zichtbaar is not None:
        jaren &= set(data.jaren_zichtbaar)
    return sorted(jaren)


def overzicht(request: HttpRequest, kader: str) -> HttpResponse:
    """The latest year the user sees, or an explanation when there is none."""
    kader_obj = visible_kader_or_404(request.user, kader)
    data = selectors.woondata(user=request.user, kader=kader_obj)
    jaren = _jaren(data)
    if jaren:
        return redirect("woonruimte:monitor", kader_obj.slug, jaren[-1])
    return render(
        request,
        "woonruimte/leeg.html",
        {
            "kader": kader_obj,
            "nav_actief": NAV,
            "openbaar": data.openbaar,
            "kan_aanleveren": has_capability(request.user, WOONDATA_AANLEVEREN, kader=kader_obj),
        },
    )


def _slaagkans_grafiek(m: selectors.Monitor):
    rijen = [
        {"x": str(j), "reeks": groep, "waarde": float(als_decimal(c.aandeel) or 0)}
        for groep, per_jaar in m.slaagkans_trend.items()
        for j, c in sorted(per_jaar.items())
        if c.aandeel is not None and not c.onderdrukt
    ]
    if not rijen:
        return None
    return grafiek.svg(
        grafiek.lijnen(rijen, y_titel="Slaagkans"),
        titel="Slaagkans per doelgroep per jaar",
        beschrijving="Gehuisvest gedeeld door actief woningzoekend, per doelgroep. Dezelfde "
        "cijfers staan in de tabel 'Slaagkans per doelgroep'.",
    )


def _urgent_grafiek(m: selectors.Monitor):
    volledig = {g.jaar for g in m.data.groepen if g.halfjaar == 2}
    rijen = [
        {
            "x": str(r.cijfer.jaar) if r.cijfer.jaar in volledig else f"{r.cijfer.jaar} t/m juni",
            "reeks": r.cijfer.onderwerp_label,
            "waarde": float(v),
        }
        for r in m.urgent_trend
        if not r.cijfer.onderdrukt and (v := als_decimal(r.cijfer.aandeel)) is not None
    ]
    if not rijen:
        return None
    norm = m.normen.get("urgent_aandeel")
    grens = float(norm.parameters.get("maximum_pct", 30)) / 100 if norm else None
    return grafiek.svg(
        grafiek.lijnen(rijen, y_titel="Aandeel urgent", norm=grens),
        titel="Aandeel toewijzingen aan urgenten en aandachtsgroepen per jaar",
        beschrijving="Per corporatie en voor de gemeente; de stippellijn is het maximum. "
        "Dezelfde cijfers staan in de tabel 'Vergelijking met eerdere jaren'.",
    )


def monitor(request: HttpRequest, kader: str, jaar: int) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    stand = request.GET.get("stand", Stand.JAAR)
    if stand not in Stand.values:
        raise Http404("Onbekende stand.")
    m = selectors.monitor(user=request.user, kader=kader_obj, jaar=jaar, stand=stand)
    jaren = _jaren(m.data)
    if jaar not in jaren:
        raise Http404("Voor dit jaar is (nog) geen beschikbaarheidsmonitor.")
    alleen_halfjaar = m.data.openbaar and m.data.jaren_zichtbaar.get(jaar) == Stand.HALFJAAR
    if alleen_halfjaar and stand != Stand.HALFJAAR:
        # The public sees only the published mid-year state of this year.
        return redirect(f"{request.path}?stand={Stand.HALFJAAR}")
    gepubliceerd = set(
        Publicatie.objects.filter(kader=kader_obj, jaar=jaar).values_list("stand", flat=True)
    )
    urgent_jaren = sorted({r.cijfer.jaar for r in m.urgent_trend})
    # A year with lettings of January–June only (the current one) is labelled as such.
    met_tweede_helft = {g.jaar for g in m.data.groepen if g.halfjaar == 2}
    koppen = {j: str(j) if j in met_tweede_helft else f"{j} (t/m juni)" for j in urgent_jaren}
    urgent_tabel = []
    for onderwerp in list(m.data.corporaties.values()) + [GEMEENTE]:
        per_jaar = {
            r.cijfer.jaar: r for r in m.urgent_trend if r.cijfer.onderwerp_label == onderwerp
        }
        if per_jaar:
            urgent_tabel.append(
                {
                    "onderwerp": onderwerp,
                    "cellen": [(koppen[j], per_jaar.get(j)) for j in urgent_jaren],
                }
            )
    slaagkans_jaren = sorted({j for per in m.slaagkans_trend.values() for j in per})
    return render(
        request,
        "woonruimte/monitor.html",
        {
            "kader": kader_obj,
            "nav_actief": NAV,
            "m": m,
            "jaar": jaar,
            "jaren": jaren,
            "stand": stand,
            "openbaar": m.data.openbaar,
            "alleen_halfjaar": alleen_halfjaar,
            "gepubliceerd": gepubliceerd,
            "kan_publiceren": has_capability(request.user, PEILMOMENT_BEHEREN, kader=kader_obj),
            "kan_aanleveren": has_capability(request.user, WOONDATA_AANLEVEREN, kader=kader_obj),
            "urgent_jaren": [koppen[j] for j in urgent_jaren],
            "urgent_tabel": urgent_tabel,
            "slaagkans_jaren": slaagkans_jaren,
            "slaagkans_tabel": [
                {"groep": groep, "cellen": [(j, per.get(j)) for j in slaagkans_jaren]}
                for groep, per in m.slaagkans_trend.items()
            ],
            "grafiek_slaagkans": _slaagkans_grafiek(m),
            "doelgroepen": selectors.doelgroepen(kader=kader_obj),
            "reacties": selectors.reacties(user=request.user, kader=kader_obj, jaar=jaar),
            "kan_reageren": has_capability(request.user, REACTIE_PLAATSEN, kader=kader_obj),
            "grafiek_urgent": _urgent_grafiek(m),
        },
    )


@login_required
@require_POST
def publiceren(request: HttpRequest, kader: str) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    if not has_capability(request.user, PEILMOMENT_BEHEREN, kader=kader_obj):
        raise PermissionDenied("Alleen de gemeente publiceert de beschikbaarheidsmonitor.")
    try:
        jaar = int(request.POST.get("jaar", ""))
    except ValueError:
        raise Http404("Onbekend jaar.") from None
    if not 2000 <= jaar <= 2100:
        raise Http404("Onbekend jaar.")
    stand = request.POST.get("stand", "")
    if request.POST.get("bevestigen") != "ja":
        messages.error(request, "Bevestig de publicatie.")
        return redirect("woonruimte:monitor", kader_obj.slug, jaar)
    try:
        p = services.publiceren(kader=kader_obj, jaar=jaar, stand=stand, acting_user=request.user)
    except ValidationError as exc:
        for fout in exc.messages:
            messages.error(request, fout)
        return redirect("woonruimte:monitor", kader_obj.slug, jaar)
    messages.success(
        request,
        f"De beschikbaarheidsmonitor {jaar} ({p.get_stand_display()}) is gepubliceerd: "
        "iedereen ziet nu de totalen, kleine aantallen afgeschermd.",
    )
    return redirect(reverse("woonruimte:monitor", args=[kader_obj.slug, jaar]) + f"?stand={stand}")


@login_required
@require_POST
def reageren(request: HttpRequest, kader: str, jaar: int) -> HttpResponse:
    """A tenants' organisation reacts on the year's monitor (back to the page)."""
    kader_obj = visible_kader_or_404(request.user, kader)
    if not has_capability(request.user, REACTIE_PLAATSEN, kader=kader_obj):
        raise PermissionDenied("Alleen een huurdersorganisatie reageert op de monitor.")
    try:
        services.reactie_plaatsen(
            kader=kader_obj,
            jaar=jaar,
            tekst=request.POST.get("tekst", ""),
            acting_user=request.user,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Uw reactie is geplaatst.")
    return redirect(reverse("woonruimte:monitor", args=[kader_obj.slug, jaar]) + "#reacties-kop")
