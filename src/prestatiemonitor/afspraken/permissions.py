"""Visibility and capabilities for the register, decided here and nowhere else.

Every page, export and command asks these functions (directly or through
``QuerySet.visible_to(user)``); no view decides visibility on its own.

- Site administrators (superusers) see and manage everything.
- A member of an organisation that is party to a kader reads the whole kader, published or not.
- Everyone else, anonymous visitors included, sees only published kaders.
- Only a *beheerder* of the gemeente's own organisation (or a site administrator) imports,
  applies bijstellingen and publishes.
"""

from django.db.models import Q

from prestatiemonitor.organisaties.constants import OrganisatieSoort, Rol


def _is_authenticated(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def visible_kader_filter(user, prefix: str = "") -> Q:
    """Q over Afsprakenkader (or, with prefix 'kader__', over records hanging off one)."""
    if _is_authenticated(user) and user.is_superuser:
        return Q()
    published = Q(**{f"{prefix}gepubliceerd": True})
    if not _is_authenticated(user):
        return published
    from .models import Partij

    own_kaders = Partij.objects.filter(organisatie__lidmaatschappen__user=user).values("kader_id")
    return published | Q(**{f"{prefix}id__in": own_kaders})


def can_view_kader(user, kader) -> bool:
    from .models import Afsprakenkader

    return Afsprakenkader.objects.visible_to(user).filter(pk=kader.pk).exists()


def is_gemeente_beheerder(user, gemeente) -> bool:
    """Beheerder of the organisation of kind gemeente that governs this Gebied."""
    if not _is_authenticated(user):
        return False
    if user.is_superuser:
        return True
    return user.lidmaatschappen.filter(
        rol=Rol.BEHEERDER,
        organisatie__soort=OrganisatieSoort.GEMEENTE,
        organisatie__gemeente=gemeente,
    ).exists()


def can_manage_kader(user, kader) -> bool:
    """Import a new version, confirm a bijstelling, publish or withdraw."""
    return is_gemeente_beheerder(user, kader.gemeente)


def manageable_gemeenten(user):
    """The Gebieden (gemeenten) for which this user may import a document."""
    from prestatiemonitor.organisaties.constants import GebiedSoort
    from prestatiemonitor.organisaties.models import Gebied

    qs = Gebied.objects.filter(soort=GebiedSoort.GEMEENTE)
    if not _is_authenticated(user):
        return qs.none()
    if user.is_superuser:
        return qs
    return qs.filter(
        gemeente_organisaties__lidmaatschappen__user=user,
        gemeente_organisaties__lidmaatschappen__rol=Rol.BEHEERDER,
    ).distinct()
