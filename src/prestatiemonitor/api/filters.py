"""Filters of the list endpoints: by kader, theme, party and year, with the same names on
every resource (``?kader=nijkerk-2025-2027&thema=2&partij=wsn&jaar=2025``)."""

from __future__ import annotations

import re

import django_filters as filters
from django.db.models import Q

from prestatiemonitor.afspraken.models import Afspraak, Afsprakenkader
from prestatiemonitor.jaarschijven.constants import PEILMOMENT_MAAND, PeilmomentStatus
from prestatiemonitor.jaarschijven.models import Activiteit, Peilmoment, Voortgang
from prestatiemonitor.overleg.models import Besluit
from prestatiemonitor.planmonitor.models import Bouwproject

KADER_HULP = "slug van het afsprakenkader, bijvoorbeeld nijkerk-2025-2027"
PARTIJ_HULP = "slug van de organisatie, bijvoorbeeld woningstichting-nijkerk"


def _jaar(help_text: str):
    return filters.NumberFilter(
        method="filter_jaar", help_text=help_text, min_value=1900, max_value=2200
    )


class KaderFilter(filters.FilterSet):
    gemeente = filters.CharFilter(
        field_name="gemeente__cbs_code", help_text="CBS-code, bijvoorbeeld GM0267"
    )
    partij = filters.CharFilter(method="filter_partij", help_text=PARTIJ_HULP)
    jaar = _jaar("kaders die dit jaar omvatten")

    class Meta:
        model = Afsprakenkader
        fields = ["gemeente", "partij", "jaar"]

    def filter_jaar(self, qs, name, value):
        return qs.filter(periode_van__lte=value, periode_tot__gte=value)

    def filter_partij(self, qs, name, value):
        return qs.filter(partij_set__organisatie__slug=value).distinct()


class AfspraakFilter(filters.FilterSet):
    kader = filters.CharFilter(field_name="kader__slug", help_text=KADER_HULP)
    thema = filters.NumberFilter(field_name="thema__nummer", help_text="themanummer")
    partij = filters.CharFilter(
        method="filter_partij", help_text=PARTIJ_HULP + " (trekker of betrokken)"
    )
    jaar = _jaar("afspraken met dit jaar als termijn")

    class Meta:
        model = Afspraak
        fields = ["kader", "thema", "partij", "jaar"]

    def filter_partij(self, qs, name, value):
        return qs.filter(Q(trekker__slug=value) | Q(partijen__slug=value)).distinct()

    def filter_jaar(self, qs, name, value):
        return qs.filter(jaar=value)


class ActiviteitFilter(filters.FilterSet):
    kader = filters.CharFilter(field_name="jaarschijf__kader__slug", help_text=KADER_HULP)
    thema = filters.NumberFilter(
        method="filter_thema", help_text="themanummer van een gediende afspraak"
    )
    partij = filters.CharFilter(field_name="trekker__slug", help_text=PARTIJ_HULP + " (trekker)")
    jaar = _jaar("jaar van de jaarschijf")

    class Meta:
        model = Activiteit
        fields = ["kader", "thema", "partij", "jaar"]

    def filter_thema(self, qs, name, value):
        return qs.filter(afspraken__thema__nummer=value).distinct()

    def filter_jaar(self, qs, name, value):
        return qs.filter(jaarschijf__jaar=value)


class PeilmomentFilter(filters.FilterSet):
    kader = filters.CharFilter(field_name="jaarschijf__kader__slug", help_text=KADER_HULP)
    jaar = _jaar("jaar van de jaarschijf")
    status = filters.ChoiceFilter(choices=PeilmomentStatus.choices)

    class Meta:
        model = Peilmoment
        fields = ["kader", "jaar", "status"]

    def filter_jaar(self, qs, name, value):
        return qs.filter(jaarschijf__jaar=value)


class VoortgangFilter(filters.FilterSet):
    kader = filters.CharFilter(
        field_name="peilmoment__jaarschijf__kader__slug", help_text=KADER_HULP
    )
    peilmoment = filters.CharFilter(
        method="filter_peilmoment", help_text="code, bijvoorbeeld 2025-06"
    )
    thema = filters.NumberFilter(
        method="filter_thema", help_text="themanummer van een gediende afspraak"
    )
    partij = filters.CharFilter(
        field_name="activiteit__trekker__slug", help_text=PARTIJ_HULP + " (trekker)"
    )
    jaar = _jaar("jaar van de jaarschijf")

    class Meta:
        model = Voortgang
        fields = ["kader", "peilmoment", "thema", "partij", "jaar"]

    def filter_peilmoment(self, qs, name, value):
        m = re.fullmatch(r"(\d{4})-(\d{2})", value.strip())
        soorten = [s for s, maand in PEILMOMENT_MAAND.items() if m and maand == int(m[2])]
        if not soorten:
            return qs.none()
        return qs.filter(peilmoment__jaarschijf__jaar=int(m[1]), peilmoment__soort=soorten[0])

    def filter_thema(self, qs, name, value):
        return qs.filter(activiteit__afspraken__thema__nummer=value).distinct()

    def filter_jaar(self, qs, name, value):
        return qs.filter(peilmoment__jaarschijf__jaar=value)


class ProjectFilter(filters.FilterSet):
    kader = filters.CharFilter(field_name="kader__slug", help_text=KADER_HULP)
    partij = filters.CharFilter(field_name="eigenaar__slug", help_text=PARTIJ_HULP + " (eigenaar)")
    jaar = _jaar("jaar van de verwachte oplevering")

    class Meta:
        model = Bouwproject
        fields = ["kader", "partij", "jaar"]

    def filter_jaar(self, qs, name, value):
        return qs.filter(oplevering_jaar=value)


class BesluitFilter(filters.FilterSet):
    kader = filters.CharFilter(field_name="overleg__kader__slug", help_text=KADER_HULP)
    thema = filters.NumberFilter(
        field_name="afspraak__thema__nummer", help_text="themanummer van de afspraak"
    )
    jaar = _jaar("jaar van het overleg")

    class Meta:
        model = Besluit
        fields = ["kader", "thema", "jaar"]

    def filter_jaar(self, qs, name, value):
        return qs.filter(overleg__datum__year=value)
