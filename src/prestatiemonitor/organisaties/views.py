from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import ngettext


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
