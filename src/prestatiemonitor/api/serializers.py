"""What the API shows of each resource. Read-only fields only lay out what the models and
selectors hold; writes go through the services (views.py), never through ``serializer.save``."""

from __future__ import annotations

from rest_framework import serializers

from prestatiemonitor.afspraken.models import Afspraak, Afsprakenkader, Partij
from prestatiemonitor.jaarschijven.constants import MELDBARE_STATUSSEN, VoortgangStatus
from prestatiemonitor.jaarschijven.models import Activiteit, Peilmoment, Voortgang
from prestatiemonitor.overleg.models import Besluit
from prestatiemonitor.planmonitor.constants import Fase
from prestatiemonitor.planmonitor.models import Bouwproject


class PartijSerializer(serializers.ModelSerializer):
    organisatie = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    naam = serializers.CharField(source="organisatie.naam", read_only=True)
    soort = serializers.CharField(source="organisatie.soort", read_only=True)

    class Meta:
        model = Partij
        fields = ["organisatie", "naam", "soort", "aanduiding"]


class KaderSerializer(serializers.ModelSerializer):
    gemeente = serializers.CharField(source="gemeente.naam", read_only=True)
    gemeente_code = serializers.CharField(source="gemeente.cbs_code", read_only=True)
    partijen = PartijSerializer(source="partij_set", many=True, read_only=True)

    class Meta:
        model = Afsprakenkader
        fields = [
            "slug",
            "titel",
            "gemeente",
            "gemeente_code",
            "periode_van",
            "periode_tot",
            "status",
            "gepubliceerd",
            "ondertekend_op",
            "partijen",
        ]


class AfspraakSerializer(serializers.ModelSerializer):
    kader = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    thema = serializers.IntegerField(source="thema.nummer", read_only=True, allow_null=True)
    trekker = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    partijen = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Afspraak
        fields = [
            "id",
            "kader",
            "thema",
            "soort",
            "nummer",
            "tekst",
            "trekker",
            "partijen",
            "jaar",
            "termijn",
        ]


class ActiviteitSerializer(serializers.ModelSerializer):
    kader = serializers.CharField(source="jaarschijf.kader.slug", read_only=True)
    jaar = serializers.IntegerField(source="jaarschijf.jaar", read_only=True)
    jaarschijf_status = serializers.CharField(source="jaarschijf.status", read_only=True)
    code = serializers.CharField(read_only=True)
    afspraken = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    trekker = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    betrokken = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    planning = serializers.CharField(source="planning_tekst", read_only=True)

    class Meta:
        model = Activiteit
        fields = [
            "id",
            "kader",
            "jaar",
            "jaarschijf_status",
            "nummer",
            "code",
            "titel",
            "omschrijving",
            "afspraken",
            "trekker",
            "betrokken",
            "beoogd_resultaat",
            "planning",
            "doel_aantal",
            "eenheid",
            "versie",
        ]


class PeilmomentSerializer(serializers.ModelSerializer):
    kader = serializers.CharField(source="jaarschijf.kader.slug", read_only=True)
    jaar = serializers.IntegerField(source="jaarschijf.jaar", read_only=True)
    code = serializers.CharField(read_only=True)
    naam = serializers.CharField(read_only=True)

    class Meta:
        model = Peilmoment
        fields = [
            "id",
            "kader",
            "jaar",
            "code",
            "naam",
            "soort",
            "deadline",
            "status",
            "gesloten_op",
        ]


class VoortgangSerializer(serializers.ModelSerializer):
    kader = serializers.CharField(source="peilmoment.jaarschijf.kader.slug", read_only=True)
    jaar = serializers.IntegerField(source="peilmoment.jaarschijf.jaar", read_only=True)
    peilmoment_code = serializers.CharField(source="peilmoment.code", read_only=True)
    activiteit_code = serializers.CharField(source="activiteit.code", read_only=True)
    trekker = serializers.CharField(source="activiteit.trekker.slug", read_only=True)

    class Meta:
        model = Voortgang
        fields = [
            "id",
            "kader",
            "jaar",
            "peilmoment",
            "peilmoment_code",
            "activiteit",
            "activiteit_code",
            "trekker",
            "status",
            "toelichting",
            "gerealiseerd_aantal",
            "gemeld_op",
            "versie",
        ]
        read_only_fields = fields


# The statuses a trekker may report (not "niet gemeld", which is the absence of a report).
MELDBARE_KEUZES = [(s.value, str(VoortgangStatus(s).label)) for s in MELDBARE_STATUSSEN]


class MeldingInvoer(serializers.Serializer):
    """A new report (POST): which activity at which open peilmoment, and what."""

    peilmoment = serializers.IntegerField(min_value=1, help_text="id van het open peilmoment")
    activiteit = serializers.IntegerField(min_value=1, help_text="id van de activiteit")
    status = serializers.ChoiceField(choices=MELDBARE_KEUZES)
    toelichting = serializers.CharField(
        required=False, allow_blank=True, max_length=10000, default=""
    )
    gerealiseerd_aantal = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True, default=None
    )


class MeldingWijziging(serializers.Serializer):
    """A change of an existing report (PUT, or PATCH with only some fields)."""

    status = serializers.ChoiceField(choices=MELDBARE_KEUZES)
    toelichting = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    gerealiseerd_aantal = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True
    )


class ProjectSerializer(serializers.ModelSerializer):
    kader = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    eigenaar = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    hardheid = serializers.CharField(source="hardheid.code", read_only=True)

    class Meta:
        model = Bouwproject
        fields = [
            "id",
            "kader",
            "projectcode",
            "naam",
            "kern",
            "eigenaar_soort",
            "eigenaar",
            "eigenaar_naam",
            "hardheid",
            "fase",
            "oplevering_jaar",
            "oplevering_kwartaal",
            "sociale_huur",
            "middenhuur",
            "vrije_sector_huur",
            "sociale_koop",
            "betaalbare_koop",
            "vrije_sector_koop",
            "totaal",
            "toelichting",
            "vertrouwelijk",
            "versie",
        ]
        read_only_fields = fields


class ProjectWijziging(serializers.Serializer):
    """The fields a party may change through the API (the planmonitor's proposal fields)."""

    naam = serializers.CharField(required=False, max_length=200)
    kern = serializers.CharField(required=False, max_length=100)
    hardheid = serializers.CharField(required=False, max_length=20)
    fase = serializers.ChoiceField(required=False, choices=Fase.choices)
    oplevering_jaar = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    oplevering_kwartaal = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=4
    )
    sociale_huur = serializers.IntegerField(required=False, min_value=0, max_value=100000)
    middenhuur = serializers.IntegerField(required=False, min_value=0, max_value=100000)
    vrije_sector_huur = serializers.IntegerField(required=False, min_value=0, max_value=100000)
    sociale_koop = serializers.IntegerField(required=False, min_value=0, max_value=100000)
    betaalbare_koop = serializers.IntegerField(required=False, min_value=0, max_value=100000)
    vrije_sector_koop = serializers.IntegerField(required=False, min_value=0, max_value=100000)
    totaal = serializers.IntegerField(required=False, min_value=0, max_value=100000)
    toelichting = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    vertraging_oorzaak = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="Verplicht als oplevering_jaar later wordt.",
    )
    vertraging_remedie = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class BesluitSerializer(serializers.ModelSerializer):
    kader = serializers.CharField(source="overleg.kader.slug", read_only=True)
    datum = serializers.DateField(source="overleg.datum", read_only=True)
    overleg = serializers.CharField(source="overleg.titel", read_only=True)
    afspraak = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    activiteit = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Besluit
        fields = [
            "id",
            "kader",
            "datum",
            "overleg",
            "nummer",
            "tekst",
            "afspraak",
            "activiteit",
            "openbaar",
        ]


class Probleem(serializers.Serializer):
    """An error (RFC 9457 problem details), as every error of the API answers."""

    type = serializers.CharField(default="about:blank")
    title = serializers.CharField(
        help_text="Korte Nederlandse titel per status, bijvoorbeeld 'Niet gevonden'."
    )
    status = serializers.IntegerField()
    detail = serializers.CharField(help_text="Wat er misging, in het Nederlands.")
    instance = serializers.CharField(help_text="Het pad van het verzoek.")
    fouten = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Bij ongeldige invoer: per veld de meldingen.",
    )
