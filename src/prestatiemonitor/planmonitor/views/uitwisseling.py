"""Import and export of the planmonitor (the file formats: planmonitor/uitwisseling.py).

Import: ``plan.bewerken`` or ``plan.beheren`` (403 otherwise); each row is checked against
what the user may edit. Exports of the live data: parties only (404 for others).
"""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from prestatiemonitor.afspraken.permissions import visible_kader_or_404
from prestatiemonitor.jaarschijven.permissions import ziet_lopend

from .. import selectors
from ..forms import ImportForm
from ..permissions import mag_plan_invoeren
from .overzicht import _bron_en_periode

NAV = "planmonitor"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def importeren(request: HttpRequest, kader: str) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    if not mag_plan_invoeren(request.user, kader_obj):
        raise PermissionDenied("U importeert geen projecten of mutaties in deze planmonitor.")
    from .. import uitwisseling as formaat

    form = ImportForm(request.POST or None, request.FILES or None)
    fouten = []
    if request.method == "POST" and form.is_valid():
        bestand = form.cleaned_data["bestand"]
        maximum = settings.JAARSCHIJF_IMPORT_MAX_BYTES
        if bestand.size > maximum:
            form.add_error("bestand", f"Het bestand is groter dan {maximum // (1024 * 1024)} MB.")
        else:
            try:
                resultaat = formaat.importeren(
                    kader=kader_obj,
                    data=bestand.read(),
                    bestandsnaam=bestand.name,
                    acting_user=request.user,
                )
            except formaat.ImportFouten as exc:
                fouten = exc.fouten
            else:
                messages.success(
                    request, f"Import van {bestand.name} geslaagd: {resultaat.samenvatting}."
                )
                return redirect("planmonitor:overzicht", kader_obj.slug)
    return render(
        request,
        "planmonitor/importeren.html",
        {
            "kader": kader_obj,
            "nav_actief": NAV,
            "form": form,
            "fouten": fouten,
            "lopend": True,
            "kan_invoeren": True,
        },
    )


def _alleen_partijen(request, kader: str):
    kader_obj = visible_kader_or_404(request.user, kader)
    if not ziet_lopend(request.user, kader_obj):
        raise Http404("Deze export is alleen voor de partijen.")
    return kader_obj


def export(request: HttpRequest, kader: str) -> HttpResponse:
    """The planmonitor in the import format: XLSX (both sheets) or ``?formaat=csv-projecten``
    / ``csv-mutaties``."""
    from .. import uitwisseling as formaat

    kader_obj = _alleen_partijen(request, kader)
    try:
        bestand = formaat.export_planmonitor(
            kader=kader_obj, formaat=request.GET.get("formaat", "xlsx"), user=request.user
        )
    except KeyError:
        raise Http404("Onbekend formaat.") from None
    response = HttpResponse(bestand.inhoud, content_type=bestand.content_type)
    response["Content-Disposition"] = f'attachment; filename="{bestand.bestandsnaam}"'
    return response


def _prognose(request, kader: str):
    kader_obj = visible_kader_or_404(request.user, kader)
    _, bron, periode = _bron_en_periode(request, kader_obj)
    if bron is None:
        raise Http404("Er is nog geen peiling van de planmonitor gepubliceerd.")
    return kader_obj, selectors.prognose(bron, periode)


def export_prognose(request: HttpRequest, kader: str) -> HttpResponse:
    from .. import uitwisseling as formaat

    kader_obj, prognose = _prognose(request, kader)
    response = HttpResponse(formaat.prognose_xlsx(prognose, kader_obj), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="tabel-1-en-2-{kader_obj.slug}.xlsx"'
    return response


def export_prognose_json(request: HttpRequest, kader: str) -> HttpResponse:
    _, prognose = _prognose(request, kader)
    return HttpResponse(
        json.dumps(prognose.als_json(), ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
