"""Publishing and withdrawing a kader: the one write behind the publicatie button, the admin
action, ``demo-nijkerk`` and the tests."""

from django.db import transaction
from django.utils import timezone

from prestatiemonitor.audit.services import audit_record_create

from . import permissions
from .models import Afsprakenkader


@transaction.atomic
def kader_publish(*, kader: Afsprakenkader, publish: bool = True, acting_user) -> Afsprakenkader:
    """Make a kader visible to everyone (publish=True) or to its parties only (publish=False).

    Needs ``kader.publiceren`` on the kader (beheerder of its gemeente, site administrator,
    ``SYSTEEM``); without an actor it raises PermissionDenied. Publishing an already published
    kader changes nothing and writes no audit row.
    """
    permissions.check_capability(
        acting_user,
        permissions.KADER_PUBLICEREN,
        kader=kader,
        melding="Alleen een beheerder van de gemeente mag publiceren.",
    )
    kader = Afsprakenkader.objects.select_for_update().get(pk=kader.pk)
    if kader.gepubliceerd == publish:
        return kader
    kader.gepubliceerd = publish
    kader.gepubliceerd_op = timezone.now() if publish else None
    kader.full_clean()
    kader.save(update_fields=["gepubliceerd", "gepubliceerd_op", "gewijzigd_op"])
    audit_record_create(
        acting_user=acting_user,
        actie="kader.gepubliceerd" if publish else "kader.ingetrokken",
        omschrijving=(
            f"{kader} gepubliceerd: voor iedereen zichtbaar."
            if publish
            else f"{kader} ingetrokken: alleen zichtbaar voor de partijen."
        ),
        obj=kader,
        gegevens={"gepubliceerd": publish},
    )
    return kader
