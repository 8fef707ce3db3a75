"""The norm overview: every norm of the kader with its outcomes, and the exceptions.

Who sees what follows the planmonitor: parties see the live data (or a round they choose), the
public the latest published round. Recording an exception: ``norm.afwijken`` (403 otherwise).
"""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from prestatiemonitor.afspraken.permissions import visible_kader_or_404
from prestatiemonitor.jaarschijven.peilmoment_forms import fouten_op_formulier
from prestatiemonitor.organisaties.permissions import NORM_AFWIJKEN, NORM_BEHEREN, has_capability
from prestatiemonitor.planmonitor import normen as plan_normen
from prestatiemonitor.planmonitor import selectors as plan_selectors

from .. import selectors, services
from ..evaluatie import CONTEXTEN, samenvatting
from ..forms import AandeelnormForm, AfwijkingForm
from ..models import Normuitzondering

NAV = "planmonitor"


def overzicht(request: HttpRequest, kader: str) -> HttpResponse:
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    kader_obj = visible_kader_or_404(request.user, kader)
    kan_afwijken = has_capability(request.user, NORM_AFWIJKEN, kader=kader_obj)
    kan_normen = has_capability(request.user, NORM_BEHEREN, kader=kader_obj)
    nieuwe_norm = request.method == "POST" and request.POST.get("actie") == "norm"
    if request.method == "POST" and not (kan_normen if nieuwe_norm else kan_afwijken):
        raise PermissionDenied(
            "Alleen een beheerder van de gemeente legt een norm of afwijking vast."
        )
    normen = list(selectors.normdefinities(user=request.user, kader=kader_obj))
    normform = None
    if kan_normen:
        normform = AandeelnormForm(request.POST if nieuwe_norm else None, prefix="norm")
        if nieuwe_norm and normform.is_valid():
            d = normform.cleaned_data
            try:
                norm = services.aandeelnorm_vastleggen(
                    kader=kader_obj,
                    naam=d["naam"],
                    bron=d["bron"],
                    minimum_pct=d["minimum_pct"],
                    segmenten=d["segmenten"],
                    informatief=d["informatief"],
                    acting_user=request.user,
                )
            except ValidationError as exc:
                fouten_op_formulier(normform, exc)
            else:
                messages.success(request, f"De norm '{norm.naam}' is vastgelegd.")
                return redirect("normen:overzicht", kader_obj.slug)
    afwijking_data = request.POST if request.method == "POST" and not nieuwe_norm else None
    form = (
        AfwijkingForm(afwijking_data, normen=normen, initial=request.GET.dict())
        if kan_afwijken
        else None
    )
    if form is not None and afwijking_data is not None and form.is_valid():
        d = form.cleaned_data
        norm = next(n for n in normen if n.pk == d["norm"])
        # An exception is for a subject the norm judges now (a project, a year, a party).
        onderwerpen = sorted(
            {
                u.onderwerp
                for u in selectors.normuitkomsten(user=request.user, kader=kader_obj)
                if u.norm_code == norm.code
            }
        )
        if d["onderwerp"].strip() not in onderwerpen:
            form.add_error(
                "onderwerp",
                f"'{d['onderwerp'].strip()}' wordt niet door deze norm beoordeeld; kies uit: "
                f"{', '.join(onderwerpen) or 'geen (de norm beoordeelt nu niets)'}.",
            )
    if form is not None and afwijking_data is not None and form.is_valid():
        d = form.cleaned_data
        norm = next(n for n in normen if n.pk == d["norm"])
        try:
            services.uitzondering_vastleggen(
                norm=norm,
                onderwerp=d["onderwerp"],
                reden=d["reden"],
                besluit=d["besluit"],
                besloten_op=d["besloten_op"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            fouten_op_formulier(form, exc)
        else:
            messages.success(
                request, f"De afwijking van '{norm.naam}' voor {d['onderwerp']} is vastgelegd."
            )
            return redirect("normen:overzicht", kader_obj.slug)
    try:
        bron = plan_selectors.bron_voor(
            user=request.user, kader=kader_obj, peiling_id=request.GET.get("peiling")
        )
    except Http404:
        if request.GET.get("peiling"):
            raise
        bron = None
    if bron is not None:
        uitkomsten = selectors.normuitkomsten(
            user=request.user, kader=kader_obj, bron=bron, periode=plan_selectors.periode(kader_obj)
        )
    else:
        # No planmonitor round to judge yet: the other modules' norms still are.
        uitkomsten = selectors.normuitkomsten(
            user=request.user,
            kader=kader_obj,
            alleen=tuple(c for c in CONTEXTEN if c != plan_normen.CONTEXT),
        )
    per_norm = []
    for code, groep in groupby(uitkomsten, key=lambda u: u.norm_code):
        lijst = list(groep)
        ergste = max(lijst, key=lambda u: u.ernst)
        per_norm.append(
            {
                "norm": next((n for n in normen if n.code == code), None),
                "uitkomsten": lijst,
                "telling": samenvatting(lijst),
                "ergste": ergste.uitkomst,
                "ergste_label": ergste.uitkomst_label,
            }
        )
    lijst_uitzonderingen = list(selectors.uitzonderingen(user=request.user, kader=kader_obj))
    if bron is None or bron.openbaar:
        # The public sees an exception only beside a result it sees: never one about a
        # vertrouwelijk project, or a project not in the published round.
        zichtbaar = {(u.norm_code, u.onderwerp) for u in uitkomsten}
        lijst_uitzonderingen = [
            u for u in lijst_uitzonderingen if (u.norm.code, u.onderwerp) in zichtbaar
        ]
    return render(
        request,
        "normen/overzicht.html",
        {
            "kader": kader_obj,
            "nav_actief": NAV,
            "bron": bron,
            "per_norm": per_norm,
            "telling": samenvatting(u for u in uitkomsten if not u.informatief),
            "normen": normen,
            "form": form,
            "kan_afwijken": kan_afwijken,
            "normform": normform,
            "uitzonderingen": lijst_uitzonderingen,
            "peilingen": list(plan_selectors.peilingen(user=request.user, kader=kader_obj)),
        },
    )


@login_required
@require_POST
def afwijking_intrekken(request: HttpRequest, kader: str, pk: int) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    uitzondering = (
        Normuitzondering.objects.visible_to(request.user)
        .geldig()
        .filter(pk=pk, norm__kader=kader_obj)
        .first()
    )
    if uitzondering is None:
        raise Http404("Deze afwijking bestaat niet (meer).")
    if not has_capability(request.user, NORM_AFWIJKEN, kader=kader_obj):
        raise PermissionDenied("Alleen een beheerder van de gemeente trekt een afwijking in.")
    if request.POST.get("bevestigen") != "ja":
        messages.error(request, "De afwijking is niet ingetrokken: bevestig het intrekken.")
        return redirect("normen:overzicht", kader_obj.slug)
    services.uitzondering_intrekken(uitzondering=uitzondering, acting_user=request.user)
    messages.success(request, f"De afwijking voor {uitzondering.onderwerp} is ingetrokken.")
    return redirect("normen:overzicht", kader_obj.slug)
