"""The management page of an organisation's API keys (/account/organisaties/<slug>/api-sleutels/).

Access as the members pages: anonymous -> login; not a member -> 404; a member who is not a
beheerder -> 403. The secret is shown once, on the answer to the POST that made it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from prestatiemonitor.config.db import bij_bezette_database
from prestatiemonitor.organisaties import permissions

from . import services
from .forms import SleutelForm
from .models import ApiSleutel

GEEN_BEHEER = "Alleen een beheerder van de organisatie beheert haar API-sleutels."


def _organisatie(request: HttpRequest, slug: str):
    organisatie = permissions.organisatie_for_members_or_404(request.user, slug)
    if not permissions.can_manage_members(request.user, organisatie):
        raise PermissionDenied(GEEN_BEHEER)
    return organisatie


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def sleutels(request: HttpRequest, slug: str) -> HttpResponse:
    organisatie = _organisatie(request, slug)
    form = SleutelForm(request.POST or None)
    nieuw = geheim = None
    if request.method == "POST" and form.is_valid():
        with bij_bezette_database(form) as poging:
            try:
                nieuw, geheim = services.sleutel_aanmaken(
                    organisatie=organisatie, acting_user=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                for veld, fouten in exc.message_dict.items():
                    form.add_error(veld if veld in form.fields else None, fouten)
        if poging.gelukt and nieuw is not None:
            form = SleutelForm()
    return render(
        request,
        "api/sleutels.html",
        {
            "organisatie": organisatie,
            "sleutels": ApiSleutel.objects.filter(organisatie=organisatie).select_related(
                "aangemaakt_door"
            ),
            "form": form,
            "nieuw": nieuw,
            "geheim": geheim,
        },
    )


@login_required
@require_POST
def intrekken(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisatie = _organisatie(request, slug)
    sleutel = get_object_or_404(ApiSleutel, pk=pk, organisatie=organisatie)
    services.sleutel_intrekken(sleutel=sleutel, acting_user=request.user)
    messages.success(request, f"De API-sleutel '{sleutel.naam}' is ingetrokken en werkt niet meer.")
    return redirect("api-sleutels", slug=organisatie.slug)
