"""Project middleware: private caching for logged-in users, and a bound on request bodies."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control

from prestatiemonitor.afspraken.weergave import getal


class PrivateCacheMiddleware:
    """Every response to a logged-in user that does not set its own Cache-Control gets
    ``private, no-store``: such pages may show unpublished kaders, member lists and e-mail
    addresses, which no shared cache and no browser history on disk should keep. Anonymous
    visitors only see published data; their pages are left as they are."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response


def body_limit(request) -> int:
    """The largest request body this URL accepts (settings.REQUEST_BODY_*)."""
    try:
        url_name = resolve(request.path_info).url_name
    except Resolver404:
        url_name = None
    if url_name in settings.REQUEST_BODY_UPLOAD_URLS:
        return settings.REQUEST_BODY_UPLOAD_MAX_BYTES
    if url_name == "aanleveren":  # woonruimte and verduurzaming: larger files
        return settings.REQUEST_BODY_AANLEVEREN_MAX_BYTES
    return settings.REQUEST_BODY_MAX_BYTES


class RequestBodyLimitMiddleware:
    """Refuse a request whose Content-Length is above the limit with the Dutch 413 page, before
    Django reads the body (Django's own DATA_UPLOAD_MAX_MEMORY_SIZE does not count uploaded
    files, so a large multipart body would otherwise be read to a temporary file first)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > 0:
            limit = body_limit(request)
            if length > limit and request.path.startswith("/api/"):
                from prestatiemonitor.api.problemen import PROBLEEM, probleem

                response = JsonResponse(
                    probleem(
                        413,
                        f"Het verzoek is groter dan {getal(limit / (1024 * 1024), 1)} MB.",
                        instance=request.path,
                    ),
                    status=413,
                    content_type=PROBLEEM,
                )
            elif length > limit:
                response = render(
                    request,
                    "413.html",
                    {"max_mb": getal(limit / (1024 * 1024), 1)},
                    status=413,
                )
            if length > limit:
                # The body is not read. No "Connection: close" here: a WSGI application may
                # not set hop-by-hop headers (PEP 3333; runserver answers 500 to it); the
                # server drains or closes the connection itself.
                return response
        return self.get_response(request)
