"""Query building blocks shared by the selector modules."""

from __future__ import annotations

from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from prestatiemonitor.organisaties.constants import OrganisatieSoort

from ..models import Afspraak, AfspraakPartij


def count_subquery(model, outer_field: str, **filters) -> Coalesce:
    """A correlated COUNT(*) that neither multiplies rows nor needs GROUP BY on the outer query."""
    counted = (
        model.objects.filter(**{outer_field: OuterRef("pk")}, **filters)
        .order_by()
        .values(outer_field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def partij_links() -> QuerySet[AfspraakPartij]:
    """Linked parties in the document's order: gemeente, corporaties, huurdersorganisaties."""
    volgorde = Case(
        When(organisatie__soort=OrganisatieSoort.GEMEENTE, then=Value(0)),
        When(organisatie__soort=OrganisatieSoort.WONINGCORPORATIE, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return AfspraakPartij.objects.select_related("organisatie").order_by(
        volgorde, "organisatie__naam"
    )


def afspraken_met_partijen(user) -> QuerySet[Afspraak]:
    """Afspraken with theme, trekker and the linked parties, for lists (two queries)."""
    return (
        Afspraak.objects.visible_to(user)
        .select_related("thema", "trekker")
        .prefetch_related(Prefetch("partij_links", queryset=partij_links()))
    )
