"""The write path of API keys (docs/api.md): made and revoked by the organisation's beheerder.

A key gets its own service account with one membership (the key's organisation and role), so
that the API asks the same ``has_capability`` as the pages. A beheerder makes keys for the
own organisation only (capability ``leden.beheren``: a key is a member that is not a person).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from prestatiemonitor.audit.services import audit_record_create
from prestatiemonitor.organisaties.constants import Rol
from prestatiemonitor.organisaties.models import Lidmaatschap, Organisatie
from prestatiemonitor.organisaties.permissions import LEDEN_BEHEREN, check_capability, persoon

from .models import ApiSleutel

VOORVOEGSEL = "pm_"


def sleutel_hash(sleutel: str) -> str:
    return hashlib.sha256(sleutel.encode()).hexdigest()


@transaction.atomic
def sleutel_aanmaken(
    *, organisatie: Organisatie, rol: str, naam: str, acting_user
) -> tuple[ApiSleutel, str]:
    """A new key for the organisation with this role; returns the key and the secret (shown
    once, stored only as a hash)."""
    check_capability(
        acting_user,
        LEDEN_BEHEREN,
        organisatie=organisatie,
        melding=f"Alleen een beheerder van {organisatie} maakt API-sleutels voor haar.",
    )
    naam = naam.strip()
    fouten = {}
    if not naam:
        fouten["naam"] = "Geef de sleutel een naam, bijvoorbeeld 'Koppeling CRM'."
    elif len(naam) > 100:
        fouten["naam"] = "De naam is te lang (hoogstens 100 tekens)."
    if rol not in Rol.values:
        fouten["rol"] = "Kies een rol: beheerder, redacteur of lezer."
    if fouten:
        raise ValidationError(fouten)
    geheim = VOORVOEGSEL + secrets.token_urlsafe(32)
    account = get_user_model()(
        username=f"api-{organisatie.slug[:100]}-{secrets.token_hex(4)}",
        first_name="API-sleutel",
        last_name=naam[:150],
    )
    account.set_unusable_password()
    account.full_clean(exclude=["password"])
    account.save()
    Lidmaatschap.objects.create(user=account, organisatie=organisatie, rol=rol)
    sleutel = ApiSleutel(
        organisatie=organisatie,
        rol=rol,
        naam=naam,
        user=account,
        begin=geheim[:10],
        sleutel_hash=sleutel_hash(geheim),
        aangemaakt_door=persoon(acting_user),
    )
    sleutel.full_clean()
    sleutel.save()
    audit_record_create(
        acting_user=acting_user,
        actie="api.sleutel_aangemaakt",
        omschrijving=f"API-sleutel '{naam}' ({Rol(rol).label.lower()}) aangemaakt voor "
        f"{organisatie}.",
        obj=sleutel,
    )
    return sleutel, geheim


@transaction.atomic
def sleutel_intrekken(*, sleutel: ApiSleutel, acting_user) -> ApiSleutel:
    """Revoke a key: it stops working at once (its account is deactivated)."""
    check_capability(
        acting_user,
        LEDEN_BEHEREN,
        organisatie=sleutel.organisatie,
        melding=f"Alleen een beheerder van {sleutel.organisatie} trekt haar API-sleutels in.",
    )
    sleutel = ApiSleutel.objects.select_for_update().select_related("user").get(pk=sleutel.pk)
    if sleutel.ingetrokken_op is None:
        sleutel.ingetrokken_op = timezone.now()
        sleutel.save(update_fields=["ingetrokken_op"])
        sleutel.user.is_active = False
        sleutel.user.save(update_fields=["is_active"])
        audit_record_create(
            acting_user=acting_user,
            actie="api.sleutel_ingetrokken",
            omschrijving=f"API-sleutel '{sleutel.naam}' van {sleutel.organisatie} ingetrokken.",
            obj=sleutel,
        )
    return sleutel


def sleutel_gebruikt(*, sleutel: ApiSleutel) -> None:
    """Note when a key was last used (shown on the management page). Bookkeeping, no user
    action: no actor, no audit row, at most one write a minute per key."""
    nu = timezone.now()
    if sleutel.laatst_gebruikt_op and nu - sleutel.laatst_gebruikt_op < timedelta(minutes=1):
        return
    ApiSleutel.objects.filter(pk=sleutel.pk).update(laatst_gebruikt_op=nu)
    sleutel.laatst_gebruikt_op = nu
