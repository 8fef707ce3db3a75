from typing import Any

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
    """Write one audit row. Call inside the transaction of the change it records."""
    user = acting_user if getattr(acting_user, "is_authenticated", False) else None
    return AuditRecord.objects.create(
        gebruiker=user,
        actie=actie,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        omschrijving=omschrijving,
        gegevens=gegevens or {},
    )
