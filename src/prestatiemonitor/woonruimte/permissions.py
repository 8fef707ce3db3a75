"""Woonruimte applied to the capability table (organisaties/permissions.py).

Who delivers what (``woondata.aanleveren``, ORGANISATIE scope: corporation and gemeente
redacteur and beheerder):
- a corporation delivers its own lettings and its own woningzoekenden figures;
- the gemeente delivers the taakstelling statushouders and the sociale voorraad per kern (and
  may deliver woningzoekenden figures of the allocation system under its own name);
- SYSTEEM and the site administrator deliver anything (commands, demo, tests).

Who sees what in detail: ``models.WoondataQuerySet.in_detail``.
"""

from __future__ import annotations

from prestatiemonitor.afspraken.models import Afsprakenkader
from prestatiemonitor.organisaties.constants import OrganisatieSoort
from prestatiemonitor.organisaties.models import Organisatie
from prestatiemonitor.organisaties.permissions import WOONDATA_AANLEVEREN, has_capability


def partijen(kader: Afsprakenkader) -> list[Organisatie]:
    """The organisations party to the kader, in the kader's order (cached on the instance: an
    import checks thousands of rows against them)."""
    cache = getattr(kader, "_woonruimte_partijen", None)
    if cache is None:
        cache = [
            p.organisatie
            for p in kader.partij_set.select_related("organisatie").order_by("volgorde", "pk")
        ]
        kader._woonruimte_partijen = cache  # type: ignore[attr-defined]
    return cache


def corporaties(kader: Afsprakenkader) -> list[Organisatie]:
    return [o for o in partijen(kader) if o.soort == OrganisatieSoort.WONINGCORPORATIE]


def gemeente_organisatie(kader: Afsprakenkader) -> Organisatie | None:
    """The party that is the kader's gemeente (the organisation of its Gebied)."""
    gemeenten = [o for o in partijen(kader) if o.soort == OrganisatieSoort.GEMEENTE]
    eigen = [o for o in gemeenten if o.gemeente_id == kader.gemeente_id]
    kandidaten = eigen or gemeenten
    return kandidaten[0] if kandidaten else None


def mag_aanleveren(user, kader: Afsprakenkader, organisatie: Organisatie) -> bool:
    """Whether ``user`` delivers data for ``organisatie`` (a party of the kader)."""
    return has_capability(user, WOONDATA_AANLEVEREN, kader=kader, organisatie=organisatie)


def naam(organisatie: Organisatie) -> str:
    """How files name a party: its short name ('WSN', 'de Alliantie')."""
    return organisatie.korte_naam or organisatie.naam
