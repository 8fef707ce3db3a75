"""Reads for the organisaties pages. Callers check access first (``permissions``)."""

from django.db.models import QuerySet

from .models import Lidmaatschap, Organisatie


def organisatie_leden(*, organisatie: Organisatie) -> QuerySet[Lidmaatschap]:
    """The memberships of an organisation with their users, sorted by name."""
    return (
        Lidmaatschap.objects.filter(organisatie=organisatie)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
