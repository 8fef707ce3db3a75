"""The year's meetings: the planning (with the proposal and "Plan het jaar"), publication, the
besluitenlijst of the kader and the open action items.

Who sees what: meetings only their participants (``Overleg.objects.visible_to``); a logged-in
reader who is no party gets a 403 with a pointer to the public decisions; the decisions page
is open to every reader of the kader (the public sees the published decisions only).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from prestatiemonitor.afspraken.permissions import visible_kader_or_404
from prestatiemonitor.config.db import bij_bezette_database
from prestatiemonitor.organisaties.permissions import MONITOR_LEZEN, OVERLEG_PLANNEN, has_capability

from .. import planner, selectors, services
from ..constants import ActiepuntStatus

NAV = "overleg"


def _deelnemer_of_403(request: HttpRequest, kader) -> None:
    if not has_capability(request.user, MONITOR_LEZEN, kader=kader):
        raise PermissionDenied(
            "De overleggen zijn alleen zichtbaar voor de partijen die eraan deelnemen. De "
            "besluiten die de gemeente openbaar maakt, staan onder Overleg → Besluiten."
        )


def _jaar_of_404(jaar: int) -> int:
    if not 2000 <= jaar <= 2100:
        raise Http404("Onbekend jaar.")
    return jaar


def overzicht(request: HttpRequest, kader: str) -> HttpResponse:
    """The current year's meetings for a party; the public decisions for everyone else."""
    kader_obj = visible_kader_or_404(request.user, kader)
    if not has_capability(request.user, MONITOR_LEZEN, kader=kader_obj):
        return redirect("overleg:besluiten", kader_obj.slug)
    return redirect("overleg:jaar", kader_obj.slug, timezone.localdate().year)


@login_required
def jaar(request: HttpRequest, kader: str, jaar: int) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    _jaar_of_404(jaar)
    _deelnemer_of_403(request, kader_obj)
    planning, overleggen = selectors.jaar(user=request.user, kader=kader_obj, jaar=jaar)
    kan_plannen = has_capability(request.user, OVERLEG_PLANNEN, kader=kader_obj)
    voorstel, planfout = None, None
    vormen, _ = selectors.structuur(kader_obj)
    if kan_plannen and planning is None and vormen:
        try:
            voorstel = selectors.jaarvoorstel(kader=kader_obj, jaar=jaar)
        except planner.PlanFout as exc:
            planfout = str(exc)
    jaren = sorted(
        {p.jaar for p in selectors.planningen(user=request.user, kader=kader_obj)}
        | {jaar, timezone.localdate().year, timezone.localdate().year + 1}
    )
    return render(
        request,
        "overleg/jaar.html",
        {
            "kader": kader_obj,
            "nav_actief": NAV,
            "jaar": jaar,
            "jaren": jaren,
            "planning": planning,
            "overleggen": overleggen,
            "voorstel": voorstel,
            "waarschuwingen": voorstel.waarschuwingen if voorstel else [],
            "voorstel_rijen": [
                (v, voorstel.namen.get(v.voorzitter), voorstel.namen.get(v.plaatsvervanger))
                for v in voorstel.voorstellen
            ]
            if voorstel
            else [],
            "kruimel": f"Overleg {jaar}",
            "planfout": planfout,
            "heeft_structuur": bool(vormen),
            "kan_plannen": kan_plannen,
            "instellingen": selectors.instellingen(kader_obj),
        },
    )


@login_required
@require_POST
def plannen(request: HttpRequest, kader: str, jaar: int) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    _jaar_of_404(jaar)
    if not has_capability(request.user, OVERLEG_PLANNEN, kader=kader_obj):
        raise PermissionDenied(services.PLANNEN_MELDING)
    with bij_bezette_database() as poging:
        try:
            planning = services.jaar_plannen(kader=kader_obj, jaar=jaar, acting_user=request.user)
        except (ValidationError, planner.PlanFout) as exc:
            fouten = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            for fout in fouten:
                messages.error(request, fout)
            return redirect("overleg:jaar", kader_obj.slug, jaar)
    if poging.gelukt:
        messages.success(
            request,
            f"{planning.overleggen.count()} overleggen gepland voor {jaar} (concept). Pas data "
            "aan waar nodig en publiceer de planning; dan zien de deelnemers haar.",
        )
    else:
        messages.error(request, poging.fout)
    return redirect("overleg:jaar", kader_obj.slug, jaar)


@login_required
@require_POST
def publiceren(request: HttpRequest, kader: str, jaar: int) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    _jaar_of_404(jaar)
    if not has_capability(request.user, OVERLEG_PLANNEN, kader=kader_obj):
        raise PermissionDenied(services.PLANNEN_MELDING)
    planning, _ = selectors.jaar(user=request.user, kader=kader_obj, jaar=jaar)
    if planning is None:
        raise Http404("Voor dit jaar is geen planning.")
    if request.POST.get("bevestigen") != "ja":
        messages.error(request, "Bevestig het publiceren.")
        return redirect("overleg:jaar", kader_obj.slug, jaar)
    if planning.gepubliceerd:
        messages.info(request, f"De planning {jaar} was al gepubliceerd.")
        return redirect("overleg:jaar", kader_obj.slug, jaar)
    with bij_bezette_database() as poging:
        services.planning_publiceren(planning=planning, acting_user=request.user)
    if poging.gelukt:
        messages.success(
            request,
            f"De planning {jaar} is gepubliceerd; de deelnemers krijgen bericht en zien de "
            "overleggen in hun agenda-abonnement.",
        )
    else:
        messages.error(request, poging.fout)
    return redirect("overleg:jaar", kader_obj.slug, jaar)


def besluiten(request: HttpRequest, kader: str) -> HttpResponse:
    """The besluitenlijst of the kader: participants see the decisions of their meetings, the
    public the decisions the gemeente published."""
    kader_obj = visible_kader_or_404(request.user, kader)
    return render(
        request,
        "overleg/besluiten.html",
        {
            "kader": kader_obj,
            "nav_actief": NAV,
            "besluiten": selectors.besluiten(user=request.user, kader=kader_obj),
            "deelnemer": has_capability(request.user, MONITOR_LEZEN, kader=kader_obj),
        },
    )


@login_required
def actiepunten(request: HttpRequest, kader: str) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    _deelnemer_of_403(request, kader_obj)
    alle = request.GET.get("alle") == "1"
    acties = selectors.actiepunten(user=request.user, kader=kader_obj, alleen_open=not alle)
    return render(
        request,
        "overleg/actiepunten.html",
        {
            "kader": kader_obj,
            "nav_actief": NAV,
            "actiepunten": acties,
            "bijwerkbaar": services.bijwerkbare_actiepunten(request.user, kader_obj, acties),
            "statussen": ActiepuntStatus.choices,
            "alle": alle,
            "vandaag": timezone.localdate(),
        },
    )
