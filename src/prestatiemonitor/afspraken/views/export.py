"""Downloads of a kader: /afspraken/<kader>/export.<formaat> (csv, xlsx, json)."""

from django.http import Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from .. import permissions
from ..exporters import EXPORTERS, export_kader


@require_safe
def register_export(request, kader: str, formaat: str):
    """Anyone who may read the kader may download it; to others it does not exist (404)."""
    if formaat not in EXPORTERS:
        raise Http404("Onbekend exportformaat.")
    obj = permissions.visible_kader_or_404(request.user, kader)
    export = export_kader(kader=obj, formaat=formaat, user=request.user)
    response = HttpResponse(export.inhoud, content_type=export.content_type)
    disposition = "inline" if formaat == "json" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{export.bestandsnaam}"'
    if obj.gepubliceerd:
        patch_cache_control(response, public=True, max_age=300)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response
