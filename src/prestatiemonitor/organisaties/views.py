from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from prestatiemonitor.config.db import bij_bezette_database

from . import permissions, selectors, services, wachtwoordlimiet
from .constants import Rol
from .forms import (
    ROL_UITLEG,
    LidToevoegenForm,
    LidWijzigenForm,
    UitnodigingWachtwoordForm,
    WachtwoordVergetenForm,
)
from .models import Lidmaatschap, Organisatie, Uitnodiging, User


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
    # An API key's service account is managed on the API keys page only (api/sleutelviews.py):
    # its role is the key's role, and it is never invited, changed or removed as a member.
    return get_object_or_404(
        Lidmaatschap.objects.select_related("user", "organisatie"),
        pk=pk,
        organisatie=organisatie,
        user__api_sleutel__isnull=True,
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
            "uitnodigingen": list(services.open_uitnodigingen(organisatie))
            if permissions.can_manage_members(request.user, organisatie)
            else [],
            "rol_uitleg": ROL_UITLEG,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def lid_toevoegen(request: HttpRequest, slug: str) -> HttpResponse:
    organisatie = _organisatie(request, slug, beheren=True)
    form = LidToevoegenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with bij_bezette_database(form) as poging:
            try:
                uitnodiging = services.uitnodigen(
                    organisatie=organisatie,
                    acting_user=request.user,
                    **form.cleaned_data,
                    **_mail_link(request),
                )
            except ValidationError as exc:
                _fout_in_formulier(form, exc)
        if poging.gelukt and not form.errors:
            # The same answer whether or not the address has an account (issue 5, section 7).
            messages.success(
                request,
                f"Er is een uitnodiging gestuurd naar {uitnodiging.email}. Zodra die is "
                "aangenomen, staat de persoon in de ledenlijst.",
            )
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
        with bij_bezette_database(form) as poging:
            try:
                lid = services.lid_wijzigen(
                    lidmaatschap=lid, acting_user=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                _fout_in_formulier(form, exc)
        if poging.gelukt and not form.errors:
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
        with bij_bezette_database() as poging:
            try:
                services.lid_verwijderen(lidmaatschap=lid, acting_user=request.user)
            except ValidationError as exc:
                fout = " ".join(exc.messages)
        fout = fout or poging.fout or None
        if not fout:
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
    return _schrijf_en_terug(
        request,
        organisatie,
        lambda: services.uitnodiging_opnieuw_versturen(
            lidmaatschap=lid, acting_user=request.user, **_mail_link(request)
        ),
        f"De uitnodiging is opnieuw gestuurd naar {lid.user.email}.",
    )


def _schrijf_en_terug(request, organisatie: Organisatie, schrijf, gelukt: str) -> HttpResponse:
    """A one-button action on the members page: run the service, tell how it went (a busy
    database or a refused action as an error message), and go back to the members page."""
    with bij_bezette_database() as poging:
        try:
            schrijf()
        except ValidationError as exc:
            poging.fout = " ".join(exc.messages)
    if poging.fout:
        messages.error(request, poging.fout)
    else:
        messages.success(request, gelukt)
    return _naar_leden(organisatie)


def _uitnodiging_van(organisatie: Organisatie, pk: int) -> Uitnodiging:
    return get_object_or_404(
        Uitnodiging.objects.select_related("organisatie"), pk=pk, organisatie=organisatie
    )


@login_required
@require_POST
def uitnodiging_opnieuw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A beheerder sends an open invitation again, with a new link and validity."""
    organisatie = _organisatie(request, slug, beheren=True)
    uitnodiging = _uitnodiging_van(organisatie, pk)
    return _schrijf_en_terug(
        request,
        organisatie,
        lambda: services.uitnodiging_opnieuw_sturen(
            uitnodiging=uitnodiging, acting_user=request.user, **_mail_link(request)
        ),
        f"De uitnodiging is opnieuw gestuurd naar {uitnodiging.email}.",
    )


@login_required
@require_POST
def uitnodiging_intrekken(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisatie = _organisatie(request, slug, beheren=True)
    uitnodiging = _uitnodiging_van(organisatie, pk)
    return _schrijf_en_terug(
        request,
        organisatie,
        lambda: services.uitnodiging_intrekken(uitnodiging=uitnodiging, acting_user=request.user),
        f"De uitnodiging van {uitnodiging.email} is ingetrokken.",
    )


@never_cache
@require_http_methods(["GET", "POST"])
def uitnodiging(request: HttpRequest, token: str) -> HttpResponse:
    """The page behind the link in an invitation mail: accept or decline.

    - an unknown, expired, withdrawn or used link: a Dutch explanation (HTTP 404);
    - an address without an account, or an account that never chose a password: choose a
      password and accept (the new account is logged in), or decline;
    - an existing account: log in first (redirect to the login page and back); logged in with
      the invited address: accept or decline; with another account: HTTP 403 and how to go on.
    """
    uitnodiging = services.uitnodiging_bij_token(token)
    if not services.uitnodiging_geldig(uitnodiging):
        return render(
            request,
            "organisaties/uitnodiging.html",
            {"ongeldig": services.ONGELDIG},
            status=404,
        )
    account = services.account_voor_uitnodiging(uitnodiging, request.user)
    kiest_wachtwoord = services.kiest_wachtwoord(account) and not (
        request.user.is_authenticated and account == request.user
    )
    ander_account = request.user.is_authenticated and account != request.user
    if not kiest_wachtwoord and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    context = {"uitnodiging": uitnodiging, "kiest_wachtwoord": kiest_wachtwoord}
    if ander_account and not kiest_wachtwoord:
        return render(
            request, "organisaties/uitnodiging.html", {**context, "ander_account": True}, status=403
        )
    form = None
    if kiest_wachtwoord:
        nieuw = account or User(
            username=uitnodiging.email,
            email=uitnodiging.email,
            first_name=uitnodiging.voornaam,
            last_name=uitnodiging.achternaam,
        )
        form = UitnodigingWachtwoordForm(
            nieuw, request.POST if request.POST.get("actie") == "aannemen" else None
        )
    fout = ""
    if request.method == "POST":
        actie = request.POST.get("actie")
        if actie == "afwijzen":
            with bij_bezette_database(form) as poging:
                try:
                    services.uitnodiging_afwijzen(
                        uitnodiging=uitnodiging,
                        user=request.user if request.user.is_authenticated else None,
                    )
                except ValidationError as exc:
                    poging.fout = " ".join(exc.messages)
            if poging.gelukt and not poging.fout:
                messages.success(
                    request, f"U hebt de uitnodiging van {uitnodiging.organisatie} afgewezen."
                )
                return redirect("profiel" if request.user.is_authenticated else "home")
            fout = poging.fout
        elif actie == "aannemen" and (form is None or form.is_valid()):
            with bij_bezette_database(form) as poging:
                try:
                    lid = services.uitnodiging_aannemen(
                        uitnodiging=uitnodiging,
                        user=None if kiest_wachtwoord else request.user,
                        wachtwoord=form.cleaned_data["new_password1"] if form else None,
                    )
                except ValidationError as exc:
                    poging.fout = " ".join(exc.messages)
            if poging.gelukt and not poging.fout:
                if kiest_wachtwoord:
                    auth_login(
                        request, lid.user, backend="django.contrib.auth.backends.ModelBackend"
                    )
                messages.success(
                    request,
                    f"U bent nu {lid.get_rol_display().lower()} van {lid.organisatie}. Uw "
                    f"gebruikersnaam is {lid.user.get_username()}.",
                )
                return redirect("organisatie-leden", slug=lid.organisatie.slug)
            fout = poging.fout
    return render(request, "organisaties/uitnodiging.html", {**context, "form": form, "fout": fout})


class WachtwoordVergetenView(auth_views.PasswordResetView):
    """Django's password reset with a limit per e-mail address and per client address
    (``wachtwoordlimiet``). Above the limit the page answers exactly as always (the same
    redirect to "check your mail"), but no mail is sent: nobody learns whether an address
    has an account, and nobody can flood a mailbox."""

    form_class = WachtwoordVergetenForm

    def form_valid(self, form):
        if not wachtwoordlimiet.toestaan(self.request, form.cleaned_data["email"]):
            return redirect(self.get_success_url())
        return super().form_valid(form)


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
