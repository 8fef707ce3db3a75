"""Who may see and manage the members of an organisation, decided here and nowhere else.

The members pages (views), the services and the templates ask these functions; none decides
on its own. The register's rules are in ``afspraken/permissions.py``.

- Every member of an organisation (any role) sees who else is a member of it.
- A *beheerder* of the organisation adds members, changes their role and functie and removes
  memberships. Membership of one organisation gives no rights over another, not even over a
  corporation's own huurdersorganisatie.
- Site administrators (superusers) see and manage every organisation.

How views answer (tested in tests/test_leden.py):
- anonymous -> the login page;
- logged in, but not a member of this organisation: 404, as if it did not exist
  (``organisatie_for_members_or_404``);
- a member who may look but not manage: 403 on the pages that change something.
"""

from django.http import Http404

from .constants import Rol
from .models import Organisatie


def _is_authenticated(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_view_members(user, organisatie: Organisatie) -> bool:
    """Member (any role) of this organisation, or site administrator."""
    if not _is_authenticated(user):
        return False
    if user.is_superuser:
        return True
    return organisatie.lidmaatschappen.filter(user=user).exists()


def can_manage_members(user, organisatie: Organisatie) -> bool:
    """Beheerder of this organisation, or site administrator."""
    if not _is_authenticated(user):
        return False
    if user.is_superuser:
        return True
    return organisatie.lidmaatschappen.filter(user=user, rol=Rol.BEHEERDER).exists()


def organisatie_for_members_or_404(user, slug: str) -> Organisatie:
    """The organisation with this slug if the user may see its members; otherwise Http404."""
    organisatie = (
        Organisatie.objects.select_related("gemeente", "corporatie").filter(slug=slug).first()
    )
    if organisatie is None or not can_view_members(user, organisatie):
        raise Http404("Deze organisatie bestaat niet of u mag haar leden niet zien.")
    return organisatie
