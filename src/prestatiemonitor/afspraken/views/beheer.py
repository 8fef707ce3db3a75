"""Management actions on a kader (publish / withdraw)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .. import permissions
from ..publicatie import kader_publish


@login_required
@require_POST
def publicatie(request, kader: str):
    """POST actie=publiceren|intrekken. Beheerder of the gemeente or site administrator only;
    a kader the user may not even see is a 404, one they may see but not manage a 403."""
    obj = permissions.visible_kader_or_404(request.user, kader)
    if not permissions.can_publish_kader(request.user, obj):
        raise PermissionDenied("Alleen een beheerder van de gemeente mag publiceren.")
    actie = request.POST.get("actie")
    if actie not in ("publiceren", "intrekken"):
        messages.error(request, "Onbekende actie: kies publiceren of intrekken.")
    else:
        obj = kader_publish(kader=obj, publish=actie == "publiceren", acting_user=request.user)
        if obj.gepubliceerd:
            messages.success(request, f"{obj} is gepubliceerd: iedereen kan het nu lezen.")
        else:
            messages.success(
                request, f"{obj} is ingetrokken: alleen de partijen kunnen het nog lezen."
            )
    volgende = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        volgende, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(volgende)
    return redirect("afspraken:kader", kader=obj.slug)
