"""The report page of a peilmoment, making a report and downloading it (docs/rapportage.md).

Access (the permission matrix in afspraken/tests/test_permission_matrix.py asks every route):
- a kader the user may not read → 404; a peilmoment the user may not see → 404;
- the volledig variant only for the parties' members (``monitor.lezen``) and the site
  administrator, the openbaar variant for everyone who reads the kader; a report the user may
  not see → 404;
- making one: the gemeente (``peilmoment.beheren``), anonymous → login, others → 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from prestatiemonitor.afspraken.permissions import visible_kader_or_404
from prestatiemonitor.config.db import bij_bezette_database
from prestatiemonitor.jaarschijven.permissions import peilmoment_or_404
from prestatiemonitor.organisaties.permissions import PEILMOMENT_BEHEREN, has_capability

from . import selectors, services
from .constants import FORMATEN, RapportStatus, RapportVariant
from .inhoud import RapportFout, zoek_peilmoment

NAV = "voortgang"


def _pagina_url(kader, peilmoment) -> str:
    return reverse("rapportage:peilmoment", kwargs={"kader": kader.slug, "code": peilmoment.code})


def _te_maken(kader, peilmoment) -> list[tuple[str, str]]:
    """The variants that can be made of this peilmoment (openbaar: a published kader and a
    public peilmoment)."""
    varianten = []
    for variant in RapportVariant:
        try:
            zoek_peilmoment(
                kader_slug=kader.slug, peilmoment_code=peilmoment.code, variant=variant.value
            )
        except RapportFout:
            continue
        varianten.append((variant.value, str(variant.label)))
    return varianten


def peilmoment(request: HttpRequest, kader: str, code: str) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    pm = peilmoment_or_404(request.user, kader_obj, code)
    standen = selectors.rapporten(user=request.user, peilmoment=pm)
    kan_maken = pm.is_gesloten and has_capability(request.user, PEILMOMENT_BEHEREN, kader=kader_obj)
    return render(
        request,
        "rapportage/peilmoment.html",
        {
            "kader": kader_obj,
            "nav_actief": NAV,
            "peilmoment": pm,
            "standen": standen,
            "bezig": any(s.lopend for s in standen),
            "kan_maken": kan_maken,
            "te_maken": _te_maken(kader_obj, pm) if kan_maken else [],
        },
    )


@login_required
@require_POST
def maken(request: HttpRequest, kader: str, code: str) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    pm = peilmoment_or_404(request.user, kader_obj, code)
    if not has_capability(request.user, PEILMOMENT_BEHEREN, kader=kader_obj):
        raise PermissionDenied("Alleen de gemeente maakt de rapportage van een peilmoment.")
    with bij_bezette_database() as poging:
        try:
            rapport = services.rapport_aanvragen(
                peilmoment=pm, variant=request.POST.get("variant", ""), acting_user=request.user
            )
        except ValidationError as exc:
            poging.fout = " ".join(exc.messages)
    if poging.fout:
        messages.error(request, poging.fout)
        return redirect(_pagina_url(kader_obj, pm))
    # With the immediate backend the task has run already (after the service's commit).
    rapport.refresh_from_db()
    naam = (
        f"De {'volledige' if rapport.variant == RapportVariant.VOLLEDIG else 'openbare'} "
        f"rapportage van {pm.naam.lower()} (versie {rapport.versie})"
    )
    if rapport.status == RapportStatus.KLAAR:
        messages.success(request, f"{naam} is klaar.")
    elif rapport.status == RapportStatus.MISLUKT:
        messages.error(request, f"{naam} is mislukt. {rapport.fout}")
    else:
        messages.success(request, f"{naam} wordt gemaakt; deze pagina toont de voortgang.")
    return redirect(_pagina_url(kader_obj, pm))


def download(request: HttpRequest, kader: str, pk: int, formaat: str) -> FileResponse:
    """The PDF or the workbook of a finished report, to whoever may see its variant."""
    kader_obj = visible_kader_or_404(request.user, kader)
    rapport = selectors.rapport_or_404(request.user, kader_obj, pk)
    if formaat not in FORMATEN:
        raise Http404("Kies pdf of xlsx.")
    veld = rapport.pdf if formaat == "pdf" else rapport.xlsx
    if not veld:
        raise Http404("Dit bestand is niet meer aanwezig.")
    try:
        bestand = veld.open("rb")
    except FileNotFoundError:
        raise Http404("Dit bestand is niet meer aanwezig.") from None
    response = FileResponse(
        bestand,
        as_attachment=True,
        filename=rapport.bestandsnaam(formaat),
        content_type=FORMATEN[formaat],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
