"""Visibility and capabilities for the register: thin calls to the capability table.

The rules themselves (which role of which kind of organisation may do what, on whose data) are
in ``organisaties/permissions.py`` (``has_capability``); this module applies them to the
register's objects. Every page, export and command asks these functions (directly or through
``QuerySet.visible_to(user)``); no view decides visibility on its own.

- Site administrators (superusers) and ``SYSTEEM`` see and manage everything.
- A member of an organisation that is party to a kader reads the whole kader, published or not
  (``kader.lezen``), with its import reports (``importverslag.lezen``).
- Everyone else, anonymous visitors included, sees only published kaders.
- A beheerder of the gemeente's own organisation imports (``kader.importeren``), publishes
  (``kader.publiceren``) and applies bijstellingen (``afspraak.bijstellen``).

How views answer a refusal (tested in tests/test_permission_matrix.py):
- a kader the user may not read: 404, exactly as if it did not exist (``visible_kader_or_404``);
- a page that needs a login, for an anonymous visitor: redirect to the login page;
- a logged-in user who may read the kader but lacks the capability: 403.
"""

from django.db.models import Q
from django.http import Http404

from prestatiemonitor.organisaties import permissions as org_permissions
from prestatiemonitor.organisaties.permissions import (  # noqa: F401 — re-exported
    AFSPRAAK_BIJSTELLEN,
    IMPORTVERSLAG_LEZEN,
    KADER_IMPORTEREN,
    KADER_LEZEN,
    KADER_PUBLICEREN,
    SYSTEEM,
    check_capability,
    has_capability,
)


def visible_kader_filter(user, prefix: str = "") -> Q:
    """Q over Afsprakenkader (or, with prefix 'kader__', over records hanging off one).

    The scope of ``kader.lezen`` as a filter: published, or a party's organisation in which the
    user has the capability.
    """
    if org_permissions._is_all_powerful(user):
        return Q()
    published = Q(**{f"{prefix}gepubliceerd": True})
    if not org_permissions._is_person(user):
        return published
    from .models import Partij

    own_kaders = Partij.objects.filter(
        organisatie__in=org_permissions.organisaties_met(user, KADER_LEZEN)
    ).values("kader_id")
    return published | Q(**{f"{prefix}id__in": own_kaders})


def can_view_kader(user, kader) -> bool:
    return has_capability(user, KADER_LEZEN, kader=kader)


def visible_kader_or_404(user, slug: str):
    """The kader with this slug if the user may read it; otherwise Http404.

    A kader the user may not see is answered exactly like one that does not exist, so that
    unpublished kaders do not reveal their existence.
    """
    from .models import Afsprakenkader

    kader = (
        Afsprakenkader.objects.visible_to(user)
        .select_related("gemeente")
        .met_brondocument()
        .filter(slug=slug)
        .first()
    )
    if kader is None:
        raise Http404("Dit afsprakenkader bestaat niet of u mag het niet zien.")
    return kader


def can_view_importverslagen(user, kader) -> bool:
    """Import reports (with who imported and every warning) are for the parties' own members.

    Views answer: anonymous -> login; kader not visible -> 404 (``visible_kader_or_404``);
    logged in and may read the kader, but not a party -> 403.
    """
    return has_capability(user, IMPORTVERSLAG_LEZEN, kader=kader)


def can_publish_kader(user, kader) -> bool:
    return has_capability(user, KADER_PUBLICEREN, kader=kader)


def can_amend_kader(user, kader) -> bool:
    """Bijstellen: change an afspraak of this kader as decided."""
    return has_capability(user, AFSPRAAK_BIJSTELLEN, kader=kader)


def can_manage_kader(user, kader) -> bool:
    """Shows the beheer buttons of a kader (publish, import a new version, bijstellen): any of
    the gemeente's capabilities on it. Services check the specific capability."""
    return any(
        has_capability(user, cap, kader=kader)
        for cap in (KADER_PUBLICEREN, KADER_IMPORTEREN, AFSPRAAK_BIJSTELLEN)
    )


def is_gemeente_beheerder(user, gemeente) -> bool:
    """May import into this gemeente (Gebied): ``kader.importeren`` for it."""
    return has_capability(user, KADER_IMPORTEREN, gemeente=gemeente)


def can_import(user) -> bool:
    """May open the import page at all: ``kader.importeren`` for some gemeente."""
    return has_capability(user, KADER_IMPORTEREN)


def manageable_gemeenten(user):
    """The Gebieden (gemeenten) for which this user may import a document."""
    from prestatiemonitor.organisaties.constants import GebiedSoort
    from prestatiemonitor.organisaties.models import Gebied

    qs = Gebied.objects.filter(soort=GebiedSoort.GEMEENTE)
    if org_permissions._is_all_powerful(user):
        return qs
    return qs.filter(
        gemeente_organisaties__in=org_permissions.organisaties_met(user, KADER_IMPORTEREN)
    ).distinct()


def can_view_import_concept(user, concept) -> bool:
    """An upload waiting for confirmation (the import preview) is seen and confirmed only by
    the person who uploaded it, while they may still import for its gemeente."""
    return bool(
        org_permissions._is_person(user)
        and concept.aangemaakt_door_id == user.pk
        and is_gemeente_beheerder(user, concept.gemeente)
    )


def is_party_member(user, kader) -> bool:
    """Member (any role) of an organisation that is party to this kader, or site administrator,
    whether or not the kader is published."""
    if org_permissions._is_all_powerful(user):
        return True
    return org_permissions._is_person(user) and (
        org_permissions._lidmaatschappen_met(user, KADER_LEZEN, kader=kader).exists()
    )


def actor_label(viewer, actor, kader=None) -> str:
    """Who made a change on this kader, as ``viewer`` may see it (see
    ``organisaties.permissions.actor_label``)."""
    namen = org_permissions.gemeente_organisaties(kader) if kader is not None else None
    if kader is not None and not getattr(kader, "gemeente_id", None):
        namen = None
    return org_permissions.actor_label(viewer, actor, gemeente_namen=namen)
