from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models

from .models import AuditRecord


def audit_record_create(
    *,
    acting_user,
    actie: str,
    omschrijving: str,
    obj: models.Model | None = None,
    gegevens: dict[str, Any] | None = None,
) -> AuditRecord:
    """Write one audit row. Call inside the transaction of the change it records.

    ``acting_user`` is the person, or ``SYSTEEM`` (recorded as "systeem"); None is refused.
    """
    from prestatiemonitor.organisaties.permissions import actor_naam, persoon

    if acting_user is None:
        raise PermissionDenied(
            f"Auditregel '{actie}' zonder handelende gebruiker; geef acting_user mee (of SYSTEEM)."
        )
    return AuditRecord.objects.create(
        gebruiker=persoon(acting_user),
        door=actor_naam(acting_user),
        actie=actie,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        omschrijving=omschrijving,
        gegevens=gegevens or {},
    )
