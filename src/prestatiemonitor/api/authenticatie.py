"""``Authorization: Bearer pm_…``: the API key's service account is the request's user."""

from __future__ import annotations

from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from .models import ApiSleutel
from .services import sleutel_gebruikt, sleutel_hash


class SleutelAuthenticatie(BaseAuthentication):
    """No header: anonymous (public data only). A header with an unknown or revoked key: 401,
    never a silent fall-back to anonymous (a client must know its key stopped working)."""

    def authenticate(self, request):
        header = get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        soort, _, geheim = header.partition(" ")
        geheim = geheim.strip()
        if soort.lower() != "bearer" or not geheim:
            raise AuthenticationFailed(
                "Gebruik de kop 'Authorization: Bearer <API-sleutel>'.", code="geen_sleutel"
            )
        sleutel = (
            ApiSleutel.objects.select_related("user", "organisatie")
            .filter(sleutel_hash=sleutel_hash(geheim))
            .first()
        )
        if sleutel is None or not sleutel.actief or not sleutel.user.is_active:
            raise AuthenticationFailed(
                "Deze API-sleutel bestaat niet of is ingetrokken.", code="sleutel_ongeldig"
            )
        sleutel_gebruikt(sleutel=sleutel)
        return (sleutel.user, sleutel)

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="prestatiemonitor"'
