"""Calendar subscriptions (docs/agenda.md): the page to manage the secret addresses, and the
feed itself.

Who may do what: every logged-in person makes, renews and revokes a personal address; a
beheerder (``agenda.delen``) does the same for the organisation's address. A new address is
shown once, right after it was made (kept in the session for that one page view); afterwards
only its hash exists. The feed needs no login: the secret address is the key. A revoked or
unknown address, and the personal address of a deactivated account, answer 404.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST, require_safe

from prestatiemonitor.config.db import bij_bezette_database
from prestatiemonitor.organisaties.models import Organisatie
from prestatiemonitor.organisaties.permissions import AGENDA_DELEN, has_capability, organisaties_met

from .. import selectors, services
from ..ical import agenda_ics
from ..models import AgendaFeed

NIEUW_ADRES = "agenda_nieuw_adres"  # session key: the address made a moment ago, shown once
MAX_TOKEN = 100  # tokens are 43 characters; longer input is not worth hashing


def _actieve_feed(**eigenaar) -> AgendaFeed | None:
    return AgendaFeed.objects.filter(ingetrokken_op__isnull=True, **eigenaar).first()


def _adres(request: HttpRequest, token: str) -> str:
    """The address as the user reaches this site (e-mails use settings.SITE_URL)."""
    return request.build_absolute_uri(reverse("agenda:feed", args=[token]))


def _beheer_context(request: HttpRequest) -> dict:
    organisaties = list(organisaties_met(request.user, AGENDA_DELEN).order_by("naam"))
    feeds = {
        f.organisatie_id: f
        for f in AgendaFeed.objects.filter(
            organisatie__in=organisaties, ingetrokken_op__isnull=True
        )
    }
    persoonlijk = _actieve_feed(user=request.user)
    nieuw = request.session.pop(NIEUW_ADRES, None)
    actief = {f.pk for f in feeds.values()} | ({persoonlijk.pk} if persoonlijk else set())
    if nieuw and nieuw.get("feed") not in actief:  # revoked or renewed in another tab since
        nieuw = None
    return {
        "persoonlijk": persoonlijk,
        "organisaties": [(o, feeds.get(o.pk)) for o in organisaties],
        "nieuw": nieuw,
    }


@login_required
@require_GET
def beheer(request: HttpRequest) -> HttpResponse:
    return render(request, "overleg/agenda.html", _beheer_context(request))


@login_required
@require_POST
def aanmaken(request: HttpRequest) -> HttpResponse:
    """Make (or renew: the earlier address stops working) the personal address, or with
    ``organisatie`` = slug the organisation's."""
    slug = request.POST.get("organisatie", "").strip()
    if slug:
        organisatie = get_object_or_404(Organisatie, slug=slug)
        if not has_capability(request.user, AGENDA_DELEN, organisatie=organisatie):
            raise PermissionDenied(f"Alleen een beheerder van {organisatie} deelt haar agenda.")
        eigenaar: dict = {"organisatie": organisatie}
    else:
        organisatie = None
        eigenaar = {"user": request.user}
    with bij_bezette_database() as poging:
        feed, token = services.feed_aanmaken(**eigenaar, acting_user=request.user)
    if not poging.gelukt:
        context = _beheer_context(request)
        context["fout"] = poging.fout
        return render(request, "overleg/agenda.html", context, status=503)
    request.session[NIEUW_ADRES] = {
        "feed": feed.pk,
        "url": _adres(request, token),
        "voor": (organisatie.naam if organisatie else "uzelf"),
    }
    return redirect(reverse("agenda:beheer") + "#nieuw-adres")


@login_required
@require_POST
def intrekken(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke an address. One the user may not manage answers 404, as if it did not exist."""
    feed = AgendaFeed.objects.select_related("organisatie").filter(pk=pk).first()
    if feed is None or not services.mag_feed_beheren(request.user, feed):
        raise Http404("Dit agenda-adres bestaat niet.")
    with bij_bezette_database() as poging:
        services.feed_intrekken(feed=feed, acting_user=request.user)
    if not poging.gelukt:
        context = _beheer_context(request)
        context["fout"] = poging.fout
        return render(request, "overleg/agenda.html", context, status=503)
    return redirect("agenda:beheer")


@require_safe
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The calendar itself, for the calendar program that holds the secret address."""
    if len(token) > MAX_TOKEN:
        raise Http404
    agendafeed = (
        AgendaFeed.objects.select_related("organisatie", "user")
        .filter(sleutel_hash=services.feed_sleutel_hash(token), ingetrokken_op__isnull=True)
        .first()
    )
    if agendafeed is None:
        raise Http404("Dit agenda-adres bestaat niet (meer).")
    if agendafeed.organisatie is not None:
        organisatie = agendafeed.organisatie
        agenda = selectors.agenda_van_organisatie(organisatie)
        naam = f"Prestatiemonitor {organisatie.korte_naam or organisatie.naam}"
    else:
        user = agendafeed.user
        if user is None or not user.is_active:
            raise Http404("Dit agenda-adres bestaat niet (meer).")
        agenda = selectors.agenda_van_gebruiker(user)
        naam = f"Prestatiemonitor {user.get_full_name() or user.get_username()}"
    response = HttpResponse(
        agenda_ics(agenda, naam=naam), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="prestatiemonitor.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    services.feed_opgehaald(feed=agendafeed)
    return response
