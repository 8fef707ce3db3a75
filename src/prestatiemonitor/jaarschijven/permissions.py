"""The jaarschijf and voortgang applied to the capability table (organisaties/permissions.py).

Who sees what:
- the kader's visibility first (``kader.lezen``: a party's members, or everyone once published);
- then members of a party organisation (``monitor.lezen``, every role) see everything: concept
  jaarschijven, open peilmomenten, reports in progress, reacties, evidence, reminders;
- everyone else sees only what is public: vastgestelde jaarschijven with their activities, and
  closed peilmomenten with their reports and the tenants' advies.

Who does what (services check it, views ask it to show or hide a button and answer 403):
- ``jaarschijf.bewerken``: gemeente and corporations edit a concept (or besproken) jaarschijf;
- ``jaarschijf.vaststellen``: the gemeente's beheerder records besproken/vastgesteld, accepts
  gaps and records decided changes to a vastgestelde jaarschijf;
- ``peilmoment.beheren``: the gemeente opens, reminds and closes peilmomenten;
- ``voortgang.rapporteren`` *on the trekker organisation*: only the trekker reports;
- ``reactie.plaatsen`` / ``advies.uitbrengen``: the tenants' organisations.
"""

from django.db.models import Q
from django.http import Http404

from prestatiemonitor.organisaties import permissions as org_permissions
from prestatiemonitor.organisaties.permissions import (
    MONITOR_LEZEN,
    VOORTGANG_RAPPORTEREN,
    has_capability,
)


def monitor_kader_filter(user, prefix: str = "") -> Q:
    """Q over a kader (or with ``prefix``, over records hanging off one): the kaders where the
    user may read what is not public yet (``monitor.lezen``)."""
    if org_permissions._is_all_powerful(user):
        # Not Q(): an empty Q disappears when OR-ed (``Q() | openbaar`` is just ``openbaar``).
        return Q(**{f"{prefix}id__isnull": False})
    if not org_permissions._is_person(user):
        return Q(pk__in=[])
    from prestatiemonitor.afspraken.models import Partij

    eigen = Partij.objects.filter(
        organisatie__in=org_permissions.organisaties_met(user, MONITOR_LEZEN)
    ).values("kader_id")
    return Q(**{f"{prefix}id__in": eigen})


def ziet_lopend(user, kader) -> bool:
    """Whether the user sees concept jaarschijven and open peilmomenten of this kader."""
    return has_capability(user, MONITOR_LEZEN, kader=kader)


def mag_melden(user, activiteit, kader) -> bool:
    """Whether the user reports for this activity's trekker."""
    return has_capability(user, VOORTGANG_RAPPORTEREN, kader=kader, organisatie=activiteit.trekker)


def jaarschijf_or_404(user, kader, jaar: int):
    from .models import Jaarschijf

    jaarschijf = Jaarschijf.objects.visible_to(user).filter(kader=kader, jaar=jaar).first()
    if jaarschijf is None:
        raise Http404("Deze jaarschijf bestaat niet of is nog niet vastgesteld.")
    jaarschijf.kader = kader
    return jaarschijf


def peilmoment_or_404(user, kader, code: str):
    """The peilmoment '2025-06' / '2025-12' of this kader, if the user may see it."""
    from .constants import PeilmomentSoort
    from .models import Peilmoment

    try:
        jaar_tekst, maand_tekst = code.split("-")
        jaar, maand = int(jaar_tekst), int(maand_tekst)
    except ValueError:
        raise Http404("Onbekend peilmoment.") from None
    soort = {6: PeilmomentSoort.JUNI, 12: PeilmomentSoort.DECEMBER}.get(maand)
    peilmoment = (
        Peilmoment.objects.visible_to(user)
        .select_related("jaarschijf")
        .filter(jaarschijf__kader=kader, jaarschijf__jaar=jaar, soort=soort)
        .first()
    )
    if soort is None or peilmoment is None:
        raise Http404("Dit peilmoment bestaat niet of is nog niet gesloten.")
    peilmoment.jaarschijf.kader = kader
    return peilmoment
