"""Upload → preview → confirm → import report, for beheerders of a gemeente; and the signed
source document for whoever may read the kader.

The views write nothing themselves: the upload, its preview, the confirmation and the
cancellation are services in ``importer/services.py``.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from prestatiemonitor.config.db import bij_bezette_database

from ..forms import ImportBevestigForm, ImportUploadForm
from ..importer.document import TABELCONTROLE
from ..importer.errors import ImportFout
from ..importer.services import (
    VEROUDERD_VOORBEELD,
    import_concept_confirm,
    import_concept_create,
    import_concept_delete,
    import_concept_plan,
)
from ..models import Afsprakenkader, Brondocument, ImportConcept, ImportVerslag
from ..permissions import (
    can_import,
    can_view_import_concept,
    can_view_importverslagen,
    manageable_gemeenten,
    visible_kader_or_404,
)


@login_required
@require_http_methods(["GET", "POST"])
def upload(request):
    if not can_import(request.user):
        raise PermissionDenied("Alleen beheerders van een gemeente mogen documenten importeren.")
    fouten: list[str] = []
    if request.method == "POST":
        gekozen = request.POST.get("gemeente", "")
        gemeenten = manageable_gemeenten(request.user)
        if gekozen and not gemeenten.filter(pk=gekozen if gekozen.isdigit() else 0).exists():
            raise PermissionDenied("U bent geen beheerder van deze gemeente.")
        form = ImportUploadForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            gemeente = form.cleaned_data["gemeente"]
            bestand = form.cleaned_data["bestand"]
            data = bestand.read()
            try:
                concept, _plan = import_concept_create(
                    data=data,
                    bestandsnaam=bestand.name,
                    gemeente=gemeente,
                    acting_user=request.user,
                )
            except ImportFout as exc:
                fouten = exc.meldingen
            else:
                return redirect("afspraken:import-voorbeeld", token=concept.token)
    else:
        initial = {}
        # "Nieuwe versie importeren" on a kader page links here with ?kader=<slug>.
        if kader_slug := request.GET.get("kader"):
            kader = Afsprakenkader.objects.visible_to(request.user).filter(slug=kader_slug).first()
            if kader is not None:
                initial["gemeente"] = kader.gemeente_id
        form = ImportUploadForm(user=request.user, initial=initial)
    return render(request, "afspraken/import_upload.html", {"form": form, "fouten": fouten})


@login_required
@require_http_methods(["GET", "POST"])
def preview(request, token):
    concept = get_object_or_404(ImportConcept, token=token)
    if not can_view_import_concept(request.user, concept):
        raise PermissionDenied("Dit importvoorstel is niet van u.")
    if request.method == "POST" and "annuleren" in request.POST:
        import_concept_delete(concept=concept, acting_user=request.user)
        return redirect("afspraken:importeren")
    fouten: list[str] = []
    try:
        plan = import_concept_plan(concept=concept, acting_user=request.user)
    except ImportFout as exc:  # the organisations changed since the upload
        import_concept_delete(concept=concept, acting_user=request.user)
        return render(
            request,
            "afspraken/import_upload.html",
            {"form": ImportUploadForm(user=request.user), "fouten": exc.meldingen},
        )
    if request.method == "POST":
        form = ImportBevestigForm(request.POST, plan=plan)
        if form.is_valid():
            verslag = None
            # a busy SQLite database: the preview comes back with a Dutch message and all input
            with bij_bezette_database() as poging:
                try:
                    verslag = import_concept_confirm(
                        concept=concept,
                        plan=plan,
                        vingerafdruk=request.POST.get("vingerafdruk", ""),
                        acting_user=request.user,
                        reden=form.cleaned_data["reden"],
                        datum=form.cleaned_data["datum"],
                        besloten_in=form.cleaned_data["besloten_in"],
                        keuzes=form.keuzes(),
                    )
                except ValidationError as exc:
                    fouten = exc.messages
                    if getattr(exc, "code", None) == VEROUDERD_VOORBEELD:
                        # someone changed the register between preview and confirmation: show the
                        # current differences, keep what was typed, ask for the choices again
                        form = ImportBevestigForm(
                            {
                                k: v
                                for k, v in request.POST.items()
                                if not k.startswith("conflict_")
                            },
                            plan=plan,
                        )
                        form.errors.clear()
            if verslag is not None and poging.gelukt:
                return redirect("afspraken:importverslag", kader=verslag.kader.slug, pk=verslag.pk)
            if poging.fout:
                fouten = [*fouten, poging.fout]
    else:
        form = ImportBevestigForm(plan=plan)
    afwijkende_afspraken = [
        w for w in plan.wijzigingen if w.onderdeel in ("afspraak", "systematiek")
    ]
    overige_wijzigingen = [w for w in plan.wijzigingen if w not in afwijkende_afspraken]
    return render(
        request,
        "afspraken/import_preview.html",
        {
            "concept": concept,
            "plan": plan,
            "samenvatting": plan.samenvatting,
            "form": form,
            "fouten": fouten,
            "afwijkende_afspraken": afwijkende_afspraken,
            "conflicten": list(zip(plan.conflicten, form.conflict_velden(), strict=True)),
            "overige_wijzigingen": overige_wijzigingen,
            "meldingen": [m for m in plan.meldingen if m.soort != TABELCONTROLE],
        },
    )


@login_required
def verslag(request, kader, pk):
    # anonymous → login (decorator); kader not visible → 404; visible but not a party → 403
    kader_obj = visible_kader_or_404(request.user, kader)
    if not can_view_importverslagen(request.user, kader_obj):
        raise PermissionDenied("Importverslagen zijn alleen zichtbaar voor de partijen.")
    verslag_obj = get_object_or_404(ImportVerslag, kader=kader_obj, pk=pk)
    samenvatting = verslag_obj.samenvatting or {}
    meldingen = verslag_obj.meldingen or []
    return render(
        request,
        "afspraken/import_verslag.html",
        {
            "kader": kader_obj,
            "verslag": verslag_obj,
            "samenvatting": samenvatting,
            "wijzigingen": samenvatting.get("wijzigingen_lijst", []),
            "conflicten": samenvatting.get("conflicten_lijst", []),
            "tabelmeldingen": [m for m in meldingen if m.get("soort") == "tabel"],
            "meldingen": [m for m in meldingen if m.get("soort") != "tabel"],
            "bijstelling": verslag_obj.bijstelling,
        },
    )


_CONTENT_TYPES = {
    ".md": "text/markdown; charset=utf-8",
    ".markdown": "text/markdown; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}


@require_GET
def brondocument(request, kader):
    """The signed document the register was imported from (the latest version), as a download."""
    kader_obj = visible_kader_or_404(request.user, kader)
    bron = Brondocument.objects.filter(kader=kader_obj).order_by("-geimporteerd_op", "-id").first()
    if bron is None:
        raise Http404("Van dit afsprakenkader is geen brondocument bewaard.")
    extensie = (
        "." + bron.bestandsnaam.rsplit(".", 1)[-1].lower() if "." in bron.bestandsnaam else ""
    )
    response = HttpResponse(
        bytes(bron.inhoud),
        content_type=_CONTENT_TYPES.get(extensie, "application/octet-stream"),
    )
    response.headers["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=bron.bestandsnaam
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    if not kader_obj.gepubliceerd:
        patch_cache_control(response, private=True, no_store=True)
    return response
