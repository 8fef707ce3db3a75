from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from . import permissions, selectors, services
from .constants import Rol
from .forms import ROL_UITLEG, LidToevoegenForm, LidWijzigenForm
from .models import Lidmaatschap, Organisatie


@login_required
def profiel(request):
    """The logged-in user's own account: name, memberships and a link to change the password."""
    lidmaatschappen = request.user.lidmaatschappen.select_related(
        "organisatie", "organisatie__gemeente", "organisatie__corporatie"
    ).order_by("organisatie__naam")
    return render(
        request,
        "organisaties/profiel.html",
        {"lidmaatschappen": lidmaatschappen},
    )


# --------------------------------------------------------------------------------------------
# Members of an organisation. Access (organisaties/permissions.py, tested in test_leden.py):
# anonymous -> login; not a member of this organisation -> 404; a member without the right to
# manage -> 403 on every page that changes something.


def _organisatie(request: HttpRequest, slug: str, *, beheren: bool) -> Organisatie:
    organisatie = permissions.organisatie_for_members_or_404(request.user, slug)
    if beheren and not permissions.can_manage_members(request.user, organisatie):
        raise PermissionDenied(services.GEEN_BEHEER)
    return organisatie


def _lidmaatschap(organisatie: Organisatie, pk: int) -> Lidmaatschap:
    return get_object_or_404(
        Lidmaatschap.objects.select_related("user", "organisatie"), pk=pk, organisatie=organisatie
    )


def _fout_in_formulier(form, exc: ValidationError) -> None:
    """Put a service's refusal on the form: on its field when the form has one, else on top."""
    if hasattr(exc, "error_dict"):
        for veld, fouten in exc.error_dict.items():
            form.add_error(veld if veld in form.fields else None, fouten)
    else:
        form.add_error(None, exc)


def _mail_link(request: HttpRequest) -> dict:
    return {"domain": get_current_site(request).domain, "use_https": request.is_secure()}


def _naar_leden(organisatie: Organisatie):
    return redirect("organisatie-leden", slug=organisatie.slug)


@login_required
def leden(request: HttpRequest, slug: str) -> HttpResponse:
    organisatie = _organisatie(request, slug, beheren=False)
    lidmaatschappen = list(selectors.organisatie_leden(organisatie=organisatie))
    for lid in lidmaatschappen:
        lid.opnieuw_uitnodigen = services.kan_opnieuw_uitnodigen(lid)
    return render(
        request,
        "organisaties/leden.html",
        {
            "organisatie": organisatie,
            "lidmaatschappen": lidmaatschappen,
            "kan_beheren": permissions.can_manage_members(request.user, organisatie),
            "heeft_beheerder": any(lid.rol == Rol.BEHEERDER for lid in lidmaatschappen),
            "rol_uitleg": ROL_UITLEG,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def lid_toevoegen(request: HttpRequest, slug: str) -> HttpResponse:
    organisatie = _organisatie(request, slug, beheren=True)
    form = LidToevoegenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            lid = services.lid_toevoegen(
                organisatie=organisatie,
                acting_user=request.user,
                **form.cleaned_data,
                **_mail_link(request),
            )
        except ValidationError as exc:
            _fout_in_formulier(form, exc)
        else:
            if not services.kan_opnieuw_uitnodigen(lid):
                tekst = f"{lid.user} is toegevoegd als {lid.get_rol_display().lower()}."
            else:
                tekst = (
                    f"{lid.user} is toegevoegd als {lid.get_rol_display().lower()}. Er is een "
                    f"uitnodiging gestuurd naar {lid.user.email} om een wachtwoord te kiezen."
                )
            messages.success(request, tekst)
            return _naar_leden(organisatie)
    return render(
        request, "organisaties/lid_toevoegen.html", {"organisatie": organisatie, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def lid_wijzigen(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisatie = _organisatie(request, slug, beheren=True)
    lid = _lidmaatschap(organisatie, pk)
    form = LidWijzigenForm(request.POST or None, initial={"rol": lid.rol, "functie": lid.functie})
    if request.method == "POST" and form.is_valid():
        try:
            lid = services.lid_wijzigen(
                lidmaatschap=lid, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            _fout_in_formulier(form, exc)
        else:
            messages.success(
                request,
                f"{lid.user} is nu {lid.get_rol_display().lower()}"
                + (f" ({lid.functie})." if lid.functie else "."),
            )
            return _naar_leden(organisatie)
    return render(
        request,
        "organisaties/lid_wijzigen.html",
        {"organisatie": organisatie, "lid": lid, "form": form, "zelf": lid.user == request.user},
    )


@login_required
@require_http_methods(["GET", "POST"])
def lid_verwijderen(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """GET: the confirmation page; POST: remove the membership (the account stays)."""
    organisatie = _organisatie(request, slug, beheren=True)
    lid = _lidmaatschap(organisatie, pk)
    fout = None
    if request.method == "POST":
        try:
            services.lid_verwijderen(lidmaatschap=lid, acting_user=request.user)
        except ValidationError as exc:
            fout = " ".join(exc.messages)
        else:
            if lid.user == request.user:
                messages.success(request, f"U bent geen lid meer van {organisatie}.")
                return redirect("profiel")
            messages.success(request, f"{lid.user} is geen lid meer van {organisatie}.")
            return _naar_leden(organisatie)
    return render(
        request,
        "organisaties/lid_verwijderen.html",
        {"organisatie": organisatie, "lid": lid, "fout": fout, "zelf": lid.user == request.user},
    )


@login_required
@require_POST
def lid_uitnodigen(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Send the invitation again to a member who has not chosen a password yet."""
    organisatie = _organisatie(request, slug, beheren=True)
    lid = _lidmaatschap(organisatie, pk)
    try:
        services.uitnodiging_opnieuw_versturen(
            lidmaatschap=lid, acting_user=request.user, **_mail_link(request)
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"De uitnodiging is opnieuw gestuurd naar {lid.user.email}.")
    return _naar_leden(organisatie)


def _wachttijd(seconds: float) -> str:
    minutes = max(1, round(seconds / 60))
    if minutes % 60 == 0:
        hours = minutes // 60
        return ngettext("%(n)d uur", "%(n)d uur", hours) % {"n": hours}
    return ngettext("%(n)d minuut", "%(n)d minuten", minutes) % {"n": minutes}


def lockout(request, original_response=None, credentials=None):
    """The Dutch lock-out page of django-axes (AXES_LOCKOUT_CALLABLE), HTTP 429."""
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "username": get_client_username(request, credentials) or "",
        "wachttijd": _wachttijd(cool_off.total_seconds()) if cool_off else "",
    }
    return render(
        request, "registration/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    )
