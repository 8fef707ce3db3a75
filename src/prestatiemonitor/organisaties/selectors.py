"""Reads for the organisaties pages. Callers check access first (``permissions``)."""

from django.db.models import QuerySet

from .models import Lidmaatschap, Organisatie


def organisatie_leden(*, organisatie: Organisatie) -> QuerySet[Lidmaatschap]:
    """The memberships of an organisation with their users, sorted by name; without the
    service accounts of API keys (those are on the API keys page, api/sleutelviews.py)."""
    return (
        Lidmaatschap.objects.filter(organisatie=organisatie, user__api_sleutel__isnull=True)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
