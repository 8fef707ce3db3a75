"""Excel and JSON in and out of a jaarschijf (uitwisseling.py; docs/jaarschijf-excel.md).

- ``export``: /afspraken/<kader>/jaarschijf/<jaar>/export.<xlsx|json>, for whoever may see the
  jaarschijf (a concept only for the parties), with the peilmomenten that user may see.
- ``import``: /afspraken/<kader>/jaarschijf/<jaar>/importeren/, the upload page, for whoever
  edits the jaarschijf (``jaarschijf.bewerken``) or reports voortgang
  (``voortgang.rapporteren``) on this kader; the file decides what is asked, the rules per row
  are in uitwisseling.py.
"""

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_safe

from prestatiemonitor.afspraken.permissions import visible_kader_or_404
from prestatiemonitor.afspraken.weergave import getal
from prestatiemonitor.config.db import bij_bezette_database
from prestatiemonitor.organisaties.permissions import (
    JAARSCHIJF_BEWERKEN,
    VOORTGANG_RAPPORTEREN,
    has_capability,
)

from ..constants import JaarschijfStatus
from ..permissions import jaarschijf_or_404
from ..uitwisseling import EXPORTERS, JaarschijfImportFout, export_jaarschijf, jaarschijf_importeren


@require_safe
def jaarschijf_export(request, kader: str, jaar: int, formaat: str):
    if formaat not in EXPORTERS:
        raise Http404("Onbekend exportformaat; kies xlsx of json.")
    kader_obj = visible_kader_or_404(request.user, kader)
    jaarschijf = jaarschijf_or_404(request.user, kader_obj, jaar)
    export = export_jaarschijf(jaarschijf=jaarschijf, formaat=formaat, user=request.user)
    response = HttpResponse(export.inhoud, content_type=export.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=formaat != "json", filename=export.bestandsnaam
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


class JaarschijfImportForm(forms.Form):
    bestand = forms.FileField(
        label="Excel-bestand",
        help_text="De geëxporteerde jaarschijf (hierboven te downloaden), ingevuld (.xlsx).",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        max_mb = getal(settings.JAARSCHIJF_IMPORT_MAX_BYTES / (1024 * 1024), 1)
        self.fields["bestand"].help_text += f" Hoogstens {max_mb} MB."

    def clean_bestand(self):
        bestand = self.cleaned_data["bestand"]
        if bestand.size > settings.JAARSCHIJF_IMPORT_MAX_BYTES:
            max_mb = getal(settings.JAARSCHIJF_IMPORT_MAX_BYTES / (1024 * 1024), 1)
            raise forms.ValidationError(
                f"Het bestand {bestand.name} is te groot: het maximum is {max_mb} MB."
            )
        return bestand


def mag_importeren(user, kader) -> bool:
    return has_capability(user, JAARSCHIJF_BEWERKEN, kader=kader) or has_capability(
        user, VOORTGANG_RAPPORTEREN, kader=kader
    )


@login_required
@require_http_methods(["GET", "POST"])
def jaarschijf_import(request, kader: str, jaar: int):
    kader_obj = visible_kader_or_404(request.user, kader)
    jaarschijf = jaarschijf_or_404(request.user, kader_obj, jaar)
    if not mag_importeren(request.user, kader_obj):
        raise PermissionDenied(
            "Alleen wie de jaarschijf bewerkt of voortgang meldt, importeert een Excel-bestand."
        )
    fouten: list[str] = []
    resultaat = None
    form = JaarschijfImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        bestand = form.cleaned_data["bestand"]
        with bij_bezette_database(form) as poging:
            try:
                resultaat = jaarschijf_importeren(
                    jaarschijf=jaarschijf,
                    data=bestand.read(),
                    bestandsnaam=bestand.name,
                    acting_user=request.user,
                )
            except JaarschijfImportFout as exc:
                fouten = exc.meldingen
        if poging.gelukt and resultaat is not None:
            form = JaarschijfImportForm()
    return render(
        request,
        "jaarschijven/excel_import.html",
        {
            "kader": kader_obj,
            "jaarschijf": jaarschijf,
            "form": form,
            "fouten": fouten,
            "resultaat": resultaat,
            "is_concept": jaarschijf.status != JaarschijfStatus.VASTGESTELD,
            "kan_bewerken": has_capability(request.user, JAARSCHIJF_BEWERKEN, kader=kader_obj),
            "nav_actief": "jaarschijf",
        },
    )
