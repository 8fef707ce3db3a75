"""What-if: shift projects, change hardness or units, and see Tabel 1 and every norm change,
without touching the stored data; save a scenario by name and show it beside the real one.

Parties only (the live planmonitor is not public): 404 for others. Saving needs
``plan.voorstellen`` or ``plan.beheren`` (403 otherwise).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from prestatiemonitor.afspraken.permissions import visible_kader_or_404
from prestatiemonitor.jaarschijven.permissions import ziet_lopend
from prestatiemonitor.normen.selectors import normuitkomsten
from prestatiemonitor.organisaties.permissions import PLAN_BEHEREN, PLAN_VOORSTELLEN, has_capability

from .. import selectors, services
from ..forms import ScenarioOpslaanForm, WhatifFormSet, fouten_op_formulier
from ..models import Scenario
from ..normen import CONTEXT, bouw_context
from ..prognose import netto_per_jaar

NAV = "planmonitor"


def _mag_opslaan(user, kader) -> bool:
    return has_capability(user, PLAN_VOORSTELLEN, kader=kader) or has_capability(
        user, PLAN_BEHEREN, kader=kader
    )


def whatif(request: HttpRequest, kader: str) -> HttpResponse:
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    kader_obj = visible_kader_or_404(request.user, kader)
    if not ziet_lopend(request.user, kader_obj):
        raise Http404("Wat-als-berekeningen zijn er alleen voor de partijen.")
    mag_opslaan = _mag_opslaan(request.user, kader_obj)
    if request.method == "POST" and not mag_opslaan:
        raise PermissionDenied("U slaat geen scenario's op.")
    scenarios = list(
        Scenario.objects.visible_to(request.user)
        .filter(kader=kader_obj)
        .select_related("organisatie")
    )
    bron = selectors.Bron(kader_obj, None, False)
    periode = selectors.periode(kader_obj)
    projecten, mutaties = selectors.feiten(bron)
    hardheden = selectors.hardheden(kader_obj)
    data = (
        request.POST
        if request.method == "POST"
        else (request.GET if "rij-TOTAL_FORMS" in request.GET else None)
    )
    gekozen = None
    initial = None
    if data is None and request.GET.get("scenario"):
        gekozen = next((s for s in scenarios if str(s.pk) == request.GET["scenario"]), None)
        if gekozen is None:
            raise Http404("Dit scenario bestaat niet.")
        initial = [
            {
                "projectcode": w["projectcode"],
                "verschuiving": w.get("verschuiving"),
                "hardheid": w.get("hardheid", ""),
                **(w.get("segmenten") or {}),
            }
            for w in gekozen.wijzigingen
        ]
    formset = WhatifFormSet(
        data,
        initial=initial,
        prefix="rij",
        form_kwargs={"projecten": projecten, "hardheden": hardheden},
    )
    opslaan = ScenarioOpslaanForm(
        request.POST if request.method == "POST" else None, prefix="opslaan"
    )
    wijzigingen: list[dict] = []
    fout = ""
    if formset.is_bound and formset.is_valid():
        wijzigingen = [w for f in formset if (w := f.wijziging())]
        try:
            wijzigingen = services.scenario_valideren(kader_obj, wijzigingen)
        except ValidationError as exc:
            fout = " ".join(exc.messages)
            wijzigingen = []
    elif gekozen is not None:
        wijzigingen = gekozen.wijzigingen
    if request.method == "POST" and not fout and opslaan.is_valid():
        try:
            scenario = services.scenario_opslaan(
                kader=kader_obj,
                naam=opslaan.cleaned_data["naam"],
                omschrijving=opslaan.cleaned_data.get("omschrijving") or "",
                wijzigingen=wijzigingen,
                acting_user=request.user,
            )
        except ValidationError as exc:
            fouten_op_formulier(opslaan, exc)
        else:
            messages.success(request, f"Scenario '{scenario.naam}' is opgeslagen.")
            return redirect(f"{request.path}?scenario={scenario.pk}")
    echt = selectors.prognose_uit(kader_obj, projecten, mutaties, periode)
    echte_normen = normuitkomsten(
        user=request.user,
        kader=kader_obj,
        alleen=(CONTEXT,),
        contexten={CONTEXT: bouw_context(kader_obj, projecten=projecten, mutaties=mutaties)},
    )
    vergelijking = None
    if wijzigingen:
        per_code = {h.code: h for h in hardheden}
        anders = selectors.toepassen(projecten, wijzigingen, per_code)
        scenario_prognose = selectors.prognose_uit(kader_obj, anders, mutaties, periode)
        scenario_normen = normuitkomsten(
            user=request.user,
            kader=kader_obj,
            alleen=(CONTEXT,),
            contexten={
                CONTEXT: bouw_context(
                    kader_obj, projecten=anders, mutaties=mutaties, scenario="wat-als"
                )
            },
        )
        echt_netto = netto_per_jaar(echt.tabel1.totaal, echt.jaren)
        scenario_netto = netto_per_jaar(scenario_prognose.tabel1.totaal, echt.jaren)
        per_sleutel = {(u.norm_code, u.onderwerp): u for u in scenario_normen}
        normrijen = []
        for u in echte_normen:
            s = per_sleutel.pop((u.norm_code, u.onderwerp), None)
            normrijen.append(
                {
                    "echt": u,
                    "scenario": s,
                    "anders": s is None or s.uitkomst != u.uitkomst or s.waarde != u.waarde,
                }
            )
        for s in per_sleutel.values():
            normrijen.append({"echt": None, "scenario": s, "anders": True})
        vergelijking = {
            "jaren": [
                {
                    "jaar": j,
                    "echt": echt_netto[j],
                    "scenario": scenario_netto[j],
                    "verschil": (scenario_netto[j] or 0) - (echt_netto[j] or 0),
                }
                for j in echt.jaren
            ],
            "totaal_echt": echt.tabel1.totaal.waarde("netto"),
            "totaal_scenario": scenario_prognose.tabel1.totaal.waarde("netto"),
            "doorkijk_echt": echt.tabel1.totaal.waarde("doorkijk"),
            "doorkijk_scenario": scenario_prognose.tabel1.totaal.waarde("doorkijk"),
            "normen": [r for r in normrijen if r["anders"]],
            "wijzigingen": wijzigingen,
        }
    return render(
        request,
        "planmonitor/whatif.html",
        {
            "kader": kader_obj,
            "nav_actief": NAV,
            "formset": formset,
            "opslaan": opslaan,
            "mag_opslaan": mag_opslaan,
            "scenarios": scenarios,
            "gekozen": gekozen,
            "vergelijking": vergelijking,
            "fout": fout,
            "lopend": True,
            "periode": periode,
        },
    )
