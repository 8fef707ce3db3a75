"""Upload → preview → confirm → import report, for beheerders of a gemeente."""

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from ..forms import ImportBevestigForm, ImportUploadForm
from ..importer.document import TABELCONTROLE
from ..importer.errors import ImportFout
from ..importer.services import import_apply, import_plan
from ..models import Afsprakenkader, ImportConcept, ImportVerslag
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
                import_plan(
                    data=data,
                    bestandsnaam=bestand.name,
                    gemeente=gemeente,
                    acting_user=request.user,
                )
            except ImportFout as exc:
                fouten = exc.meldingen
            else:
                # pending uploads nobody confirmed are not kept for long
                ImportConcept.objects.filter(
                    aangemaakt_op__lt=timezone.now() - timedelta(days=1)
                ).delete()
                concept = ImportConcept.objects.create(
                    gemeente=gemeente,
                    bestandsnaam=bestand.name[:255],
                    inhoud=data,
                    aangemaakt_door=request.user,
                )
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
        concept.delete()
        return redirect("afspraken:importeren")
    fouten: list[str] = []
    try:
        plan = import_plan(
            data=bytes(concept.inhoud),
            bestandsnaam=concept.bestandsnaam,
            gemeente=concept.gemeente,
            acting_user=request.user,
        )
    except ImportFout as exc:  # the organisations changed since the upload
        concept.delete()
        return render(
            request,
            "afspraken/import_upload.html",
            {"form": ImportUploadForm(user=request.user), "fouten": exc.meldingen},
        )
    bijstelling = bool(plan.wijzigingen)
    if request.method == "POST":
        form = ImportBevestigForm(request.POST, bijstelling=bijstelling)
        if request.POST.get("vingerafdruk") != plan.vingerafdruk:
            # someone changed the register between preview and confirmation
            fouten = [
                "Het register is gewijzigd sinds u dit voorbeeld opende. Controleer de "
                "bijgewerkte verschillen hieronder en bevestig opnieuw."
            ]
        elif form.is_valid():
            try:
                with transaction.atomic():
                    verslag = import_apply(
                        plan=plan,
                        acting_user=request.user,
                        reden=form.cleaned_data["reden"],
                        datum=form.cleaned_data["datum"],
                        besloten_in=form.cleaned_data["besloten_in"],
                    )
                    concept.delete()
            except ValidationError as exc:
                fouten = exc.messages
            else:
                return redirect("afspraken:importverslag", kader=verslag.kader.slug, pk=verslag.pk)
    else:
        form = ImportBevestigForm(bijstelling=bijstelling)
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
            "tabelmeldingen": [m for m in meldingen if m.get("soort") == "tabel"],
            "meldingen": [m for m in meldingen if m.get("soort") != "tabel"],
            "bijstelling": verslag_obj.bijstelling,
        },
    )
