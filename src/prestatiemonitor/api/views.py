"""The REST API, version 1 (docs/api.md). Thin: reads through the models' ``visible_to`` (the
pages' visibility), writes through the services (the pages' write path and capabilities).

- No ``Authorization`` header: anonymous, public data only. ``Bearer <API-sleutel>``: the key's
  service account, with exactly the rights of its organisation and role.
- A detail of a versioned record carries ``ETag: "<versie>"``; a change must send it back in
  ``If-Match`` (428 without, 412 when the record changed meanwhile).
- Errors are ``application/problem+json`` (problemen.py).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from prestatiemonitor.afspraken.models import Afspraak, Afsprakenkader, Partij
from prestatiemonitor.jaarschijven.models import Activiteit, Peilmoment, Voortgang
from prestatiemonitor.jaarschijven.permissions import mag_melden
from prestatiemonitor.jaarschijven.services import voortgang_melden
from prestatiemonitor.organisaties.models import Organisatie
from prestatiemonitor.overleg.models import Besluit
from prestatiemonitor.planmonitor.models import Bouwproject
from prestatiemonitor.planmonitor.permissions import mag_project_bewerken
from prestatiemonitor.planmonitor.services import gegevens_met, project_wijzigen

from . import filters, serializers
from .problemen import PROBLEEM, VersieOntbreekt, VersieVerouderd
from .toegang import LezenOfSleutel

# ---------------------------------------------------------------------------------------------
# Shared pieces


class Pagina(PageNumberPagination):
    page_size = 50
    page_query_param = "pagina"
    page_size_query_param = "aantal"
    max_page_size = 500

    def get_paginated_response(self, data):
        return Response(
            {
                "totaal": self.page.paginator.count,
                "volgende": self.get_next_link(),
                "vorige": self.get_previous_link(),
                "resultaten": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["totaal", "volgende", "vorige", "resultaten"],
            "properties": {
                "totaal": {"type": "integer", "example": 123},
                "volgende": {"type": "string", "nullable": True, "format": "uri"},
                "vorige": {"type": "string", "nullable": True, "format": "uri"},
                "resultaten": schema,
            },
        }


FOUTEN_LEZEN = {(s, PROBLEEM): serializers.Probleem for s in (400, 401, 404)}
FOUTEN_SCHRIJVEN = {
    (s, PROBLEEM): serializers.Probleem for s in (400, 401, 403, 404, 409, 412, 428)
}
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description='De ETag van de gelezen versie, bijvoorbeeld "3".',
)


def _if_match(request, obj, wat: str) -> int:
    """Check ``If-Match`` (RFC 9110, 13.1.1) against the record's ETag ``"<versie>"``: a list of
    strong tags, one of which must be the current one, or ``*``; weak tags never match. Returns
    the versie the write is based on (the service checks it again under its lock)."""
    waarde = request.headers.get("If-Match", "").strip()
    if not waarde:
        raise VersieOntbreekt()
    if waarde == "*" or f'"{obj.versie}"' in (t.strip() for t in waarde.split(",")):
        return obj.versie
    raise VersieVerouderd(
        detail=f"{wat} is intussen gewijzigd of If-Match noemt een andere versie: de huidige is "
        f'"{obj.versie}", u stuurde {waarde[:60]}. Lees het record opnieuw.'
    )


def _met_etag(response: Response, versie: int) -> Response:
    response["ETag"] = f'"{versie}"'
    return response


class Leesbaar(viewsets.ReadOnlyModelViewSet):
    permission_classes = [LezenOfSleutel]
    pagination_class = Pagina

    def list(self, request, *args, **kwargs):
        # An unknown parameter is refused, not ignored: a client that thinks it filtered must
        # not silently get every row.
        bekend = {*self.filterset_class.base_filters, "pagina", "aantal", "format"}
        onbekend = sorted(set(request.query_params) - bekend)
        if onbekend:
            raise ValidationError(
                {
                    naam[:40]: [
                        "Onbekende parameter; deze lijst kent: " + ", ".join(sorted(bekend)) + "."
                    ]
                    for naam in onbekend[:5]
                }
            )
        return super().list(request, *args, **kwargs)


class MetVersie(Leesbaar):
    """A record with a ``versie``: its detail carries ``ETag: "<versie>"``."""

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        return _met_etag(Response(self.get_serializer(obj).data), obj.versie)


def _alleen_trekker(activiteit) -> PermissionDenied:
    return PermissionDenied(
        f"Alleen {activiteit.trekker.naam} (de trekker) meldt de voortgang van {activiteit.code}."
    )


def _lees_schema(serializer, meervoud: str, enkelvoud: str) -> dict:
    """The list and detail operations of a resource in the schema, with their errors."""
    return {
        "list": extend_schema(
            summary=meervoud, responses={200: serializer(many=True), **FOUTEN_LEZEN}
        ),
        "retrieve": extend_schema(summary=enkelvoud, responses={200: serializer, **FOUTEN_LEZEN}),
    }


# ---------------------------------------------------------------------------------------------
# Read-only resources


@extend_schema_view(
    **_lees_schema(serializers.KaderSerializer, "Afsprakenkaders", "Eén afsprakenkader"),
)
class KaderViewSet(Leesbaar):
    """Afsprakenkaders: gepubliceerde voor iedereen, ongepubliceerde voor hun partijen."""

    serializer_class = serializers.KaderSerializer
    filterset_class = filters.KaderFilter
    lookup_field = "slug"

    def get_queryset(self):
        return (
            Afsprakenkader.objects.visible_to(self.request.user)
            .select_related("gemeente")
            .prefetch_related(
                Prefetch(
                    "partij_set",
                    queryset=Partij.objects.select_related("organisatie").only(
                        "kader_id",
                        "aanduiding",
                        "volgorde",
                        "organisatie__slug",
                        "organisatie__naam",
                        "organisatie__soort",
                    ),
                )
            )
            .order_by("gemeente__naam", "-periode_van", "pk")
        )


@extend_schema_view(
    **_lees_schema(serializers.AfspraakSerializer, "Afspraken", "Eén afspraak"),
)
class AfspraakViewSet(Leesbaar):
    """De afspraken van de kaders die u mag lezen."""

    serializer_class = serializers.AfspraakSerializer
    filterset_class = filters.AfspraakFilter

    def get_queryset(self):
        return (
            Afspraak.objects.visible_to(self.request.user)
            .select_related("kader", "thema", "trekker")
            .prefetch_related(Prefetch("partijen", queryset=Organisatie.objects.only("slug")))
            .order_by("kader_id", "soort", "volgorde", "pk")
        )


@extend_schema_view(
    **_lees_schema(serializers.ActiviteitSerializer, "Activiteiten", "Eén activiteit"),
)
class ActiviteitViewSet(MetVersie):
    """De activiteiten van de jaarschijven: vastgestelde voor iedereen, concepten voor de
    partijen."""

    serializer_class = serializers.ActiviteitSerializer
    filterset_class = filters.ActiviteitFilter

    def get_queryset(self):
        return (
            Activiteit.objects.visible_to(self.request.user)
            .select_related("jaarschijf__kader", "trekker")
            .prefetch_related("afspraken", "betrokken")
            .order_by("jaarschijf__kader_id", "jaarschijf__jaar", "nummer")
        )


@extend_schema_view(
    **_lees_schema(serializers.PeilmomentSerializer, "Peilmomenten", "Eén peilmoment"),
)
class PeilmomentViewSet(Leesbaar):
    """Peilmomenten: gesloten (van een vastgestelde jaarschijf) voor iedereen, open voor de
    partijen."""

    serializer_class = serializers.PeilmomentSerializer
    filterset_class = filters.PeilmomentFilter

    def get_queryset(self):
        return (
            Peilmoment.objects.visible_to(self.request.user)
            .select_related("jaarschijf__kader")
            .order_by("jaarschijf__kader_id", "jaarschijf__jaar", "deadline", "pk")
        )


@extend_schema_view(
    **_lees_schema(serializers.BesluitSerializer, "Besluiten", "Eén besluit"),
)
class BesluitViewSet(Leesbaar):
    """Besluiten van het overleg: openbaar gemaakte voor iedereen, de rest voor de deelnemers."""

    serializer_class = serializers.BesluitSerializer
    filterset_class = filters.BesluitFilter

    def get_queryset(self):
        return (
            Besluit.objects.visible_to(self.request.user)
            .select_related("overleg__kader")
            .order_by("overleg__datum", "overleg_id", "nummer")
        )


# ---------------------------------------------------------------------------------------------
# Readable and writable


@extend_schema_view(
    **_lees_schema(serializers.VoortgangSerializer, "Voortgangsmeldingen", "Eén voortgangsmelding"),
    create=extend_schema(
        summary="Voortgang melden",
        request=serializers.MeldingInvoer,
        responses={201: serializers.VoortgangSerializer, **FOUTEN_SCHRIJVEN},
    ),
    update=extend_schema(
        summary="Melding wijzigen",
        parameters=[IF_MATCH],
        request=serializers.MeldingWijziging,
        responses={200: serializers.VoortgangSerializer, **FOUTEN_SCHRIJVEN},
    ),
    partial_update=extend_schema(
        summary="Melding deels wijzigen",
        parameters=[IF_MATCH],
        request=serializers.MeldingWijziging(partial=True),
        responses={200: serializers.VoortgangSerializer, **FOUTEN_SCHRIJVEN},
    ),
)
class VoortgangViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, MetVersie):
    """Voortgangsmeldingen: van gesloten peilmomenten voor iedereen, van het open peilmoment
    voor de partijen. De trekker van een activiteit meldt (POST) en wijzigt (PUT/PATCH met
    If-Match) de voortgang zolang het peilmoment open is."""

    serializer_class = serializers.VoortgangSerializer
    filterset_class = filters.VoortgangFilter
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return (
            Voortgang.objects.visible_to(self.request.user)
            .select_related("peilmoment__jaarschijf__kader", "activiteit__trekker")
            .order_by("peilmoment__jaarschijf__kader_id", "peilmoment_id", "activiteit__nummer")
        )

    def create(self, request, *args, **kwargs):
        invoer = serializers.MeldingInvoer(data=request.data)
        invoer.is_valid(raise_exception=True)
        gegevens = invoer.validated_data
        user = request.user
        peilmoment = (
            Peilmoment.objects.visible_to(user)
            .select_related("jaarschijf__kader")
            .filter(pk=gegevens["peilmoment"])
            .first()
        )
        if peilmoment is None:
            raise ValidationError(
                {"peilmoment": ["Dit peilmoment bestaat niet of u mag het niet zien."]}
            )
        if peilmoment.is_gesloten:
            raise ValidationError(
                {"peilmoment": [f"Peilmoment {peilmoment.naam} is gesloten; melden kan niet meer."]}
            )
        activiteit = (
            Activiteit.objects.visible_to(user)
            .select_related("trekker")
            .filter(pk=gegevens["activiteit"], jaarschijf_id=peilmoment.jaarschijf_id)
            .first()
        )
        if activiteit is None:
            raise ValidationError(
                {"activiteit": ["Deze activiteit hoort niet bij de jaarschijf van dit peilmoment."]}
            )
        if not mag_melden(user, activiteit, peilmoment.jaarschijf.kader):
            raise _alleen_trekker(activiteit)
        bestaand = Voortgang.objects.filter(peilmoment=peilmoment, activiteit=activiteit).first()
        if bestaand is not None:
            return Response(
                {
                    "type": "about:blank",
                    "title": "Conflict",
                    "status": 409,
                    "detail": f"Er is al een melding over {activiteit.code} bij dit peilmoment "
                    f"(id {bestaand.pk}); wijzig die met PUT of PATCH.",
                    "instance": request.path,
                },
                status=status.HTTP_409_CONFLICT,
                content_type=PROBLEEM,
            )
        melding = voortgang_melden(
            peilmoment=peilmoment,
            activiteit=activiteit,
            status=gegevens["status"],
            toelichting=gegevens["toelichting"],
            gerealiseerd_aantal=gegevens["gerealiseerd_aantal"],
            acting_user=user,
        )
        melding = self.get_queryset().get(pk=melding.pk)
        return _met_etag(
            Response(self.get_serializer(melding).data, status=status.HTTP_201_CREATED),
            melding.versie,
        )

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        melding = self.get_object()
        if not mag_melden(request.user, melding.activiteit, melding.peilmoment.jaarschijf.kader):
            raise _alleen_trekker(melding.activiteit)
        versie = _if_match(request, melding, f"De melding over {melding.activiteit.code}")
        invoer = serializers.MeldingWijziging(data=request.data, partial=partial)
        invoer.is_valid(raise_exception=True)
        nieuw = {
            "status": melding.status,
            "toelichting": melding.toelichting,
            "gerealiseerd_aantal": melding.gerealiseerd_aantal,
            **invoer.validated_data,
        }
        melding = voortgang_melden(
            peilmoment=melding.peilmoment,
            activiteit=melding.activiteit,
            versie=versie,
            acting_user=request.user,
            **nieuw,
        )
        melding = self.get_queryset().get(pk=melding.pk)
        return _met_etag(Response(self.get_serializer(melding).data), melding.versie)


@extend_schema_view(
    **_lees_schema(serializers.ProjectSerializer, "Bouwprojecten", "Eén bouwproject"),
    partial_update=extend_schema(
        summary="Bouwproject wijzigen",
        parameters=[IF_MATCH],
        request=serializers.ProjectWijziging,
        responses={200: serializers.ProjectSerializer, **FOUTEN_SCHRIJVEN},
    ),
)
class ProjectViewSet(mixins.UpdateModelMixin, MetVersie):
    """De bouwprojecten van de planmonitor (alleen voor de partijen: de lopende planmonitor is
    niet openbaar). De eigenaar (en de gemeente) wijzigt een project met PATCH en If-Match."""

    serializer_class = serializers.ProjectSerializer
    filterset_class = filters.ProjectFilter
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return (
            Bouwproject.objects.visible_to(self.request.user)
            .select_related("kader", "eigenaar", "hardheid")
            .order_by("kader_id", "projectcode", "pk")
        )

    def partial_update(self, request, *args, **kwargs):
        project = self.get_object()
        if not mag_project_bewerken(request.user, project):
            raise PermissionDenied("U mag alleen projecten van de eigen organisatie wijzigen.")
        versie = _if_match(request, project, f"Project {project.projectcode}")
        invoer = serializers.ProjectWijziging(data=request.data, partial=True)
        invoer.is_valid(raise_exception=True)
        wijzigingen = dict(invoer.validated_data)
        oorzaak = wijzigingen.pop("vertraging_oorzaak", "").strip()
        remedie = wijzigingen.pop("vertraging_remedie", "").strip()
        if not wijzigingen:
            raise ValidationError({"algemeen": ["Het verzoek wijzigt niets."]})
        nieuw_jaar = wijzigingen.get("oplevering_jaar", project.oplevering_jaar)
        if nieuw_jaar > project.oplevering_jaar and not oorzaak:
            raise ValidationError(
                {
                    "vertraging_oorzaak": [
                        f"De oplevering schuift van {project.oplevering_jaar} naar {nieuw_jaar}: "
                        "geef de oorzaak."
                    ]
                }
            )
        with transaction.atomic():
            project = project_wijzigen(
                project=project,
                gegevens=gegevens_met(project, wijzigingen),
                versie=versie,
                vertraging_oorzaak=oorzaak,
                vertraging_remedie=remedie,
                acting_user=request.user,
                reden="gewijzigd via de API",
            )
        project = self.get_queryset().get(pk=project.pk)
        return _met_etag(Response(self.get_serializer(project).data), project.versie)
