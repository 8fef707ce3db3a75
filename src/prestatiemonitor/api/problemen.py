"""Errors as ``application/problem+json`` (RFC 9457) with Dutch titles.

Every error the API answers has ``type``, ``title`` (Dutch, per status), ``status``, ``detail``
(what went wrong, in Dutch) and ``instance`` (the path); a validation error also ``fouten``:
per field the list of messages, as the pages show them. Django's own exceptions from the
services (ValidationError, PermissionDenied, Http404) and a stale version
(``GelijktijdigGewijzigd``) are translated here, once.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from rest_framework import exceptions, status
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import JSONParser
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from prestatiemonitor.jaarschijven.services import GelijktijdigGewijzigd

PROBLEEM = "application/problem+json"

logger = logging.getLogger(__name__)

TITELS = {
    400: "Ongeldige invoer",
    401: "Niet aangemeld",
    403: "Geen toestemming",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    406: "Formaat niet beschikbaar",
    409: "Conflict",
    412: "Verouderde versie",
    413: "Verzoek te groot",
    415: "Mediatype niet ondersteund",
    428: "Versie ontbreekt",
    429: "Te veel verzoeken",
    500: "Serverfout",
}


class VersieOntbreekt(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = (
        "Stuur bij een wijziging de kop 'If-Match' met de ETag van de versie die u las "
        '(bijvoorbeeld If-Match: "3").'
    )
    default_code = "versie_ontbreekt"


class VersieVerouderd(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "Het record is intussen gewijzigd; lees het opnieuw en probeer het nog eens."
    default_code = "versie_verouderd"


def probleem(status_code: int, detail: str, *, instance: str = "", **extra) -> dict:
    return {
        "type": "about:blank",
        "title": TITELS.get(status_code, "Fout"),
        "status": status_code,
        "detail": detail,
        "instance": instance,
        **extra,
    }


# Messages Django REST framework does not pass through gettext.
NIET_VERTAALD = {"No data provided": "Er is geen inhoud meegestuurd."}


def _vertaald(data):
    if isinstance(data, dict):
        return {k: _vertaald(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_vertaald(v) for v in data]
    return NIET_VERTAALD.get(str(data), data)


def _detail(data) -> str:
    if isinstance(data, dict) and "detail" in data:
        return str(data["detail"])
    if isinstance(data, list) and data:
        return " ".join(str(d) for d in data)
    return "De invoer is niet geldig; zie 'fouten'."


class VeiligeJSONParser(JSONParser):
    """JSON with a Dutch message for invalid input, and deeply nested JSON (which exhausts
    Python's recursion limit) refused as invalid instead of a server error."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except exceptions.ParseError as fout:
            raise exceptions.ParseError(
                "De inhoud is geen geldige JSON: "
                + str(fout.detail).removeprefix("JSON parse error - ")
            ) from None
        except RecursionError:
            raise exceptions.ParseError("De JSON is te diep genest.") from None


class Onderhandeling(DefaultContentNegotiation):
    """The API answers JSON whatever ``Accept`` says (an ``Accept: application/problem+json``
    must not turn a 404 into a 406); only ``?format=`` picks another renderer where a view has
    one (the schema: yaml or json)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        gevraagd = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        if gevraagd:
            for renderer in renderers:
                if renderer.format == gevraagd:
                    return renderer, renderer.media_type
            raise exceptions.NotFound(f"Het formaat '{gevraagd[:20]}' bestaat niet.")
        return renderers[0], renderers[0].media_type


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=as_serializer_error(exc))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(detail=str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(detail="Dit bestaat niet, of u mag het niet zien.")
    elif isinstance(exc, GelijktijdigGewijzigd):
        exc = VersieVerouderd(detail=exc.melding)
    response = drf_exception_handler(exc, context)
    request = context.get("request")
    if response is None:
        # Not an API exception: a defect. Logged with its traceback, answered as problem+json.
        logger.exception("Onverwachte fout in de API", exc_info=exc)
        return JsonResponse(
            probleem(
                500,
                "Er ging iets mis aan onze kant; de fout is vastgelegd. Probeer het later opnieuw.",
                instance=request.path if request else "",
            ),
            status=500,
            content_type=PROBLEEM,
        )
    extra = {}
    if isinstance(exc, exceptions.ValidationError):
        response.data = _vertaald(response.data)
        fouten = response.data if isinstance(response.data, dict) else {"algemeen": response.data}
        extra["fouten"] = fouten
        detail = "De invoer is niet geldig; zie 'fouten'."
        if isinstance(response.data, list):
            detail = _detail(response.data)
        elif "non_field_errors" in response.data:
            detail = _detail(response.data["non_field_errors"])
    else:
        detail = _detail(response.data)
    # A plain JSON response, not a DRF Response: the error is JSON whatever renderer the view
    # negotiated (the schema view renders YAML).
    antwoord = JsonResponse(
        probleem(response.status_code, detail, instance=request.path if request else "", **extra),
        status=response.status_code,
        content_type=PROBLEEM,
    )
    for kop in ("WWW-Authenticate", "Retry-After", "Allow"):
        if kop in response:
            antwoord[kop] = response[kop]
    return antwoord


def niet_gevonden(request, *args, **kwargs):
    """Any other path under /api/: 404 as problem+json (not the site's HTML page). A read
    without its trailing slash is sent on to the address with it (what APPEND_SLASH would do,
    had this catch-all not matched first)."""
    if request.method in ("GET", "HEAD") and not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.url_name != "niet-gevonden":
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(
                request.path + "/" + (f"?{query}" if query else "")
            )
    return JsonResponse(
        probleem(
            404, "Dit adres bestaat niet in de API; zie /api/v1/schema/.", instance=request.path
        ),
        status=404,
        content_type=PROBLEEM,
    )
