"""Import concepts: the upload waiting for confirmation in the web flow.

``import_concept_create`` plans an upload and keeps it (the bytes, the parsed document and the
parsed base) as an ImportConcept; ``import_concept_plan`` rebuilds the plan from that against
the register as it is now, without parsing again; ``import_concept_confirm`` applies the plan
the user saw (refused with ``VEROUDERD_VOORBEELD`` when the register changed since) and drops
the concept; ``import_concept_delete`` cancels it. Only the uploader may see or act on a concept.

Separate because it is the web flow's state around the plan and the apply; the CLI does not
use it.
"""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from prestatiemonitor.organisaties.models import Gebied

from ..models import ImportConcept, ImportVerslag
from ..permissions import can_view_import_concept
from .plan import ImportPlan, _lees, _plan, document_als_json, document_uit_json, import_plan
from .toepassen import import_apply

# Pending uploads nobody confirmed are not kept for long.
CONCEPT_BEWAARTERMIJN = timedelta(days=1)


def _check_concept(concept: ImportConcept, acting_user) -> None:
    if not can_view_import_concept(acting_user, concept):
        raise PermissionDenied("Dit importvoorstel is niet van u.")


@transaction.atomic
def import_concept_create(
    *, data: bytes, bestandsnaam: str, gemeente: Gebied, acting_user
) -> tuple[ImportConcept, ImportPlan]:
    """Plan the upload and keep it (bytes and parse) for the preview. Raises ImportFout."""
    plan = import_plan(
        data=data, bestandsnaam=bestandsnaam, gemeente=gemeente, acting_user=acting_user
    )
    ImportConcept.objects.filter(aangemaakt_op__lt=timezone.now() - CONCEPT_BEWAARTERMIJN).delete()
    concept = ImportConcept(
        gemeente=gemeente,
        bestandsnaam=bestandsnaam[:255],
        inhoud=data,
        aangemaakt_door=acting_user,
        document=document_als_json(plan.document),
        basis_document=document_als_json(plan.basis_document) if plan.basis_document else None,
        basis_sha256=plan.basis_sha256,
    )
    concept.full_clean(exclude=["inhoud"])
    concept.save()
    return concept, plan


def import_concept_plan(*, concept: ImportConcept, acting_user) -> ImportPlan:
    """The plan of a kept upload, against the register as it is now, without parsing again.

    Raises ImportFout when the organisations changed so that the document no longer matches.
    """
    _check_concept(concept, acting_user)
    data = bytes(concept.inhoud)
    if concept.document is None:  # kept before the parse was stored with the upload
        document = _lees(data, concept.bestandsnaam)
    else:
        document = document_uit_json(concept.document)
    bewaard = (
        (concept.basis_sha256, concept.basis_document)
        if concept.basis_document is not None
        else None
    )
    return _plan(
        document=document,
        data=data,
        bestandsnaam=concept.bestandsnaam,
        gemeente=concept.gemeente,
        basis_bewaard=bewaard,
    )


@transaction.atomic
def import_concept_delete(*, concept: ImportConcept, acting_user) -> None:
    _check_concept(concept, acting_user)
    concept.delete()


VEROUDERD_VOORBEELD = "verouderd_voorbeeld"


@transaction.atomic
def import_concept_confirm(
    *,
    concept: ImportConcept,
    plan: ImportPlan,
    vingerafdruk: str,
    acting_user,
    reden: str = "",
    datum: date | None = None,
    besloten_in: str = "",
    keuzes: dict[int, str] | None = None,
) -> ImportVerslag:
    """Apply the plan the user confirmed, and drop the concept.

    ``vingerafdruk`` is the plan the user saw; when the register changed since, nothing is
    written (ValidationError with code ``verouderd_voorbeeld``).
    """
    _check_concept(concept, acting_user)
    if vingerafdruk != plan.vingerafdruk:
        raise ValidationError(
            "Het register is gewijzigd sinds u dit voorbeeld opende. Controleer de bijgewerkte "
            "verschillen hieronder en bevestig opnieuw.",
            code=VEROUDERD_VOORBEELD,
        )
    verslag = import_apply(
        plan=plan,
        acting_user=acting_user,
        reden=reden,
        datum=datum,
        besloten_in=besloten_in,
        keuzes=keuzes,
    )
    concept.delete()
    return verslag
