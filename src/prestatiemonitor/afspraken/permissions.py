"""Visibility and capabilities for the register, decided here and nowhere else.

Every page, export and command asks these functions (directly or through
``QuerySet.visible_to(user)``); no view decides visibility on its own.

- Site administrators (superusers) see and manage everything.
- A member of an organisation that is party to a kader reads the whole kader, published or not.
- Everyone else, anonymous visitors included, sees only published kaders.
- Only a *beheerder* of the gemeente's own organisation (or a site administrator) imports,
  applies bijstellingen and publishes.
- Import reports are read by members of the kader's parties (and site administrators).

How views answer a refusal (tested in tests/test_permission_matrix.py):
- a kader the user may not read: 404, exactly as if it did not exist (``visible_kader_or_404``);
- a page that needs a login, for an anonymous visitor: redirect to the login page;
- a logged-in user who may read the kader but lacks the capability: 403.
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


def visible_kader_or_404(user, slug: str):
    """The kader with this slug if the user may read it; otherwise Http404.

    A kader the user may not see is answered exactly like one that does not exist, so that
    unpublished kaders do not reveal their existence.
    """
    from django.http import Http404

    from .models import Afsprakenkader

    kader = (
        Afsprakenkader.objects.visible_to(user).select_related("gemeente").filter(slug=slug).first()
    )
    if kader is None:
        raise Http404("Dit afsprakenkader bestaat niet of u mag het niet zien.")
    return kader


def is_party_member(user, kader) -> bool:
    """Member (any role) of an organisation that is party to this kader, or site administrator."""
    if not _is_authenticated(user):
        return False
    if user.is_superuser:
        return True
    return kader.partij_set.filter(organisatie__lidmaatschappen__user=user).exists()


def can_view_importverslagen(user, kader) -> bool:
    """Import reports (with who imported and every warning) are for the parties' own members.

    Views answer: anonymous -> login; kader not visible -> 404 (``visible_kader_or_404``);
    logged in and may read the kader, but not a party -> 403.
    """
    return is_party_member(user, kader)


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


def can_import(user) -> bool:
    """May open the import page at all: beheerder of some gemeente, or site administrator."""
    return manageable_gemeenten(user).exists()


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


class _Systeem:
    """The server itself, for management commands: whoever runs them can read the database
    anyway. Passed as ``user`` it sees every kader, through the same functions as a person."""

    is_authenticated = True
    is_active = True
    is_superuser = True
    is_anonymous = False
    pk = None

    def __str__(self) -> str:
        return "systeem"


SYSTEEM = _Systeem()
