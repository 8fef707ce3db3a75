"""Who may do what, on which data: the one capability table and the one function that reads it.

Every view, service, selector, command and template asks ``has_capability`` (or a thin
``can_*`` wrapper around it in ``afspraken/permissions.py`` / below); none decides on its own.
The table is reproduced in docs/beveiliging.md, and a test keeps the two equal.

The table (``ROL_CAPABILITIES``) gives, for each kind of organisation and each role, the
capabilities a membership grants. Each capability has a *scope* that says on which data it
applies; the scoping rule is written once, in ``_lidmaatschappen_met``:

- ``PARTIJ``: on a kader to which the member's organisation is party (reading an unpublished
  kader and its import reports, placing a reactie, giving advies);
- ``GEMEENTE``: on the kaders of the gemeente the member's organisation governs, whether or not
  that organisation is (still) listed as a party (importing, publishing, bijstellen,
  vaststellen, peilmomenten);
- ``ORGANISATIE``: on the member's own organisation's data (its members, its own voortgang and
  jaarschijf entries); with a kader, only where that organisation is party to it.

Two actors stand outside the table: an active site administrator (superuser) has every
capability, and so has ``SYSTEEM``, the explicit actor for management commands, the demo and
test fixtures. Nobody else has any capability without a membership, except ``kader.lezen`` on a
published kader, which everyone has, anonymous visitors included.

Services take a keyword-only ``acting_user`` and call ``check_capability`` first: called
without an actor (``acting_user=None``) they raise PermissionDenied; there is no implicit
system user.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from .constants import OrganisatieSoort, Rol
from .models import Lidmaatschap, Organisatie

# ---------------------------------------------------------------------------------------------
# The system actor


class _Systeem:
    """The server itself, acting for a management command, the demo set-up or a test fixture.

    It has every capability (``has_capability`` recognises it by identity) and is recorded as
    "systeem" in audit rows. It is deliberately *not* authenticated: it is not a person, it
    never logs in, services store no user for it (``vastgelegd_door`` and history users stay
    empty), and any check written as ``user.is_authenticated`` refuses it rather than let it
    through.
    """

    is_authenticated = False
    is_anonymous = False
    is_active = True
    is_superuser = False
    is_staff = False
    pk = None
    id = None
    username = "systeem"

    def __str__(self) -> str:
        return "systeem"

    def __repr__(self) -> str:
        return "SYSTEEM"

    def __reduce__(self):  # a singleton, also through copy/pickle
        return "SYSTEEM"


SYSTEEM = _Systeem()


def is_systeem(user) -> bool:
    return user is SYSTEEM


def actor_naam(acting_user) -> str:
    """How an actor is recorded in audit rows: 'systeem' or the username."""
    if acting_user is SYSTEEM:
        return "systeem"
    return getattr(acting_user, "username", "") or ""


def persoon(acting_user):
    """The User to store as 'who did it' (vastgelegd_door, history user), or None for SYSTEEM."""
    return acting_user if _is_person(acting_user) else None


# ---------------------------------------------------------------------------------------------
# The capability table

PARTIJ = "partij"
GEMEENTE = "gemeente"
ORGANISATIE = "organisatie"


@dataclass(frozen=True)
class Capability:
    naam: str
    scope: str
    betekenis: str


_CAPABILITIES = [
    Capability(
        "kader.lezen",
        PARTIJ,
        "Een ongepubliceerd afsprakenkader lezen, met alle pagina's en exports "
        "(een gepubliceerd kader leest iedereen).",
    ),
    Capability(
        "monitor.lezen",
        PARTIJ,
        "Wat nog niet openbaar is van de jaarschijf en de voortgang lezen: concept-jaarschijven, "
        "open peilmomenten met hun meldingen, reacties en bewijsstukken (het publiek ziet alleen "
        "vastgestelde jaarschijven en gesloten peilmomenten).",
    ),
    Capability(
        "importverslag.lezen",
        PARTIJ,
        "De importverslagen van een kader lezen: wie importeerde, met alle meldingen.",
    ),
    Capability(
        "kader.importeren",
        GEMEENTE,
        "Een document met prestatieafspraken importeren voor de eigen gemeente, ook als "
        "nieuwe versie van een bestaand kader (bijstelling).",
    ),
    Capability(
        "kader.publiceren",
        GEMEENTE,
        "Een kader van de eigen gemeente publiceren of intrekken.",
    ),
    Capability(
        "afspraak.bijstellen",
        GEMEENTE,
        "Een afspraak van een kader van de eigen gemeente bijstellen volgens een besluit.",
    ),
    Capability(
        "leden.beheren",
        ORGANISATIE,
        "Leden van de eigen organisatie toevoegen, uitnodigen, hun rol wijzigen, verwijderen.",
    ),
    Capability(
        "jaarschijf.bewerken",
        ORGANISATIE,
        "De jaarschijf van een kader waarvan de eigen organisatie partij is opstellen en "
        "bewerken zolang zij niet is vastgesteld (activiteiten toevoegen, wijzigen, verwijderen).",
    ),
    Capability(
        "jaarschijf.vaststellen",
        GEMEENTE,
        "Een jaarschijf van een kader van de eigen gemeente als besproken of vastgesteld "
        "vastleggen, gaten in de dekking accepteren, en een vastgestelde jaarschijf wijzigen "
        "volgens een besluit.",
    ),
    Capability(
        "peilmoment.beheren",
        GEMEENTE,
        "Peilmomenten van een kader van de eigen gemeente openen, herinneringen sturen aan partijen "
        "die nog niet meldden, en peilmomenten sluiten (bevriezen).",
    ),
    Capability(
        "voortgang.rapporteren",
        ORGANISATIE,
        "De voortgang melden (status, toelichting, bewijsstukken) van de activiteiten waarvan de "
        "eigen organisatie trekker is.",
    ),
    Capability(
        "reactie.plaatsen",
        PARTIJ,
        "Namens de huurdersorganisatie een reactie plaatsen bij een activiteit van een kader "
        "waarvan zij partij is.",
    ),
    Capability(
        "advies.uitbrengen",
        PARTIJ,
        "Namens de huurdersorganisatie een formeel advies uitbrengen over een peilmoment van een "
        "kader waarvan zij partij is.",
    ),
    Capability(
        "plan.bewerken",
        ORGANISATIE,
        "De eigen bouwprojecten en voorraadmutaties van de organisatie in de planmonitor "
        "vastleggen, wijzigen en importeren.",
    ),
    Capability(
        "plan.beheren",
        GEMEENTE,
        "De planmonitor van een kader van de eigen gemeente beheren: alle projecten (ook van "
        "marktpartijen) en mutaties, peilingen vastleggen en publiceren, voorstellen van "
        "partijen aanvaarden of afwijzen.",
    ),
    Capability(
        "plan.voorstellen",
        PARTIJ,
        "Bij een project dat de organisatie niet zelf bewerkt een wijziging voorstellen of een "
        "reactie plaatsen, en what-if-scenario's opslaan.",
    ),
    Capability(
        "woondata.aanleveren",
        ORGANISATIE,
        "De eigen woondata aanleveren voor de beschikbaarheids- en verduurzamingsmonitor: een "
        "corporatie haar toewijzingen, woningzoekenden, woningvoorraad en energielabels; de "
        "gemeente de taakstelling statushouders en de sociale voorraad per kern.",
    ),
    Capability(
        "norm.beheren",
        GEMEENTE,
        "De normen van een kader van de eigen gemeente inrichten, en een regionale of eigen norm "
        "vastleggen (bijvoorbeeld het aandeel betaalbaar uit een woondeal).",
    ),
    Capability(
        "norm.afwijken",
        GEMEENTE,
        "Een gemotiveerde uitzondering op een norm vastleggen of intrekken (reden, besluit, "
        "datum); de uitkomst toont dan 'afwijking'.",
    ),
    Capability(
        "overleg.plannen",
        GEMEENTE,
        "De overlegstructuur van een kader van de eigen gemeente inrichten, het jaar plannen en "
        "publiceren, overleggen verplaatsen of afgelasten, en per overleg de agenda, "
        "aanwezigheid, besluiten (ook openbaar maken) en actiepunten vastleggen.",
    ),
    Capability(
        "overleg.bijdragen",
        ORGANISATIE,
        "Stukken inbrengen bij een overleg waaraan de eigen organisatie deelneemt, en de status "
        "bijwerken van de actiepunten waarvan zij eigenaar is.",
    ),
    Capability(
        "agenda.delen",
        ORGANISATIE,
        "Het agenda-abonnement (iCalendar) van de eigen organisatie aanmaken, vernieuwen en "
        "intrekken.",
    ),
]
CAPABILITIES: dict[str, Capability] = {c.naam: c for c in _CAPABILITIES}

KADER_LEZEN = "kader.lezen"
IMPORTVERSLAG_LEZEN = "importverslag.lezen"
MONITOR_LEZEN = "monitor.lezen"
KADER_IMPORTEREN = "kader.importeren"
KADER_PUBLICEREN = "kader.publiceren"
AFSPRAAK_BIJSTELLEN = "afspraak.bijstellen"
LEDEN_BEHEREN = "leden.beheren"
JAARSCHIJF_BEWERKEN = "jaarschijf.bewerken"
JAARSCHIJF_VASTSTELLEN = "jaarschijf.vaststellen"
PEILMOMENT_BEHEREN = "peilmoment.beheren"
VOORTGANG_RAPPORTEREN = "voortgang.rapporteren"
REACTIE_PLAATSEN = "reactie.plaatsen"
ADVIES_UITBRENGEN = "advies.uitbrengen"
PLAN_BEWERKEN = "plan.bewerken"
PLAN_BEHEREN = "plan.beheren"
PLAN_VOORSTELLEN = "plan.voorstellen"
WOONDATA_AANLEVEREN = "woondata.aanleveren"
NORM_BEHEREN = "norm.beheren"
NORM_AFWIJKEN = "norm.afwijken"
OVERLEG_PLANNEN = "overleg.plannen"
OVERLEG_BIJDRAGEN = "overleg.bijdragen"
AGENDA_DELEN = "agenda.delen"

_LEZER = frozenset({KADER_LEZEN, IMPORTVERSLAG_LEZEN, MONITOR_LEZEN})

# What each role means, per kind of organisation. A lezer reads; a redacteur writes the
# organisation's own contributions; a beheerder also decides and speaks for the organisation
# and manages its members. A role of a higher rank has everything of the lower ones.
ROL_CAPABILITIES: dict[tuple[str, str], frozenset[str]] = {
    (OrganisatieSoort.GEMEENTE, Rol.LEZER): _LEZER,
    (OrganisatieSoort.GEMEENTE, Rol.REDACTEUR): _LEZER
    | {
        JAARSCHIJF_BEWERKEN,
        PEILMOMENT_BEHEREN,
        VOORTGANG_RAPPORTEREN,
        PLAN_BEHEREN,
        WOONDATA_AANLEVEREN,
        OVERLEG_PLANNEN,
        OVERLEG_BIJDRAGEN,
    },
    (OrganisatieSoort.GEMEENTE, Rol.BEHEERDER): _LEZER
    | {
        JAARSCHIJF_BEWERKEN,
        PEILMOMENT_BEHEREN,
        VOORTGANG_RAPPORTEREN,
        KADER_IMPORTEREN,
        KADER_PUBLICEREN,
        AFSPRAAK_BIJSTELLEN,
        JAARSCHIJF_VASTSTELLEN,
        LEDEN_BEHEREN,
        PLAN_BEHEREN,
        NORM_BEHEREN,
        NORM_AFWIJKEN,
        WOONDATA_AANLEVEREN,
        OVERLEG_PLANNEN,
        OVERLEG_BIJDRAGEN,
        AGENDA_DELEN,
    },
    (OrganisatieSoort.WONINGCORPORATIE, Rol.LEZER): _LEZER,
    (OrganisatieSoort.WONINGCORPORATIE, Rol.REDACTEUR): _LEZER
    | {
        JAARSCHIJF_BEWERKEN,
        VOORTGANG_RAPPORTEREN,
        PLAN_BEWERKEN,
        PLAN_VOORSTELLEN,
        WOONDATA_AANLEVEREN,
        OVERLEG_BIJDRAGEN,
    },
    (OrganisatieSoort.WONINGCORPORATIE, Rol.BEHEERDER): _LEZER
    | {
        JAARSCHIJF_BEWERKEN,
        VOORTGANG_RAPPORTEREN,
        LEDEN_BEHEREN,
        PLAN_BEWERKEN,
        PLAN_VOORSTELLEN,
        WOONDATA_AANLEVEREN,
        OVERLEG_BIJDRAGEN,
        AGENDA_DELEN,
    },
    (OrganisatieSoort.HUURDERSORGANISATIE, Rol.LEZER): _LEZER,
    (OrganisatieSoort.HUURDERSORGANISATIE, Rol.REDACTEUR): _LEZER
    | {REACTIE_PLAATSEN, PLAN_VOORSTELLEN, OVERLEG_BIJDRAGEN},
    (OrganisatieSoort.HUURDERSORGANISATIE, Rol.BEHEERDER): _LEZER
    | {
        REACTIE_PLAATSEN,
        ADVIES_UITBRENGEN,
        LEDEN_BEHEREN,
        PLAN_VOORSTELLEN,
        OVERLEG_BIJDRAGEN,
        AGENDA_DELEN,
    },
}

ROL_BETEKENIS = {
    Rol.LEZER: "Leest alles van de kaders waarvan de eigen organisatie partij is, ook "
    "ongepubliceerd, met de importverslagen. Wijzigt niets.",
    Rol.REDACTEUR: "Lezer, en schrijft de eigen bijdragen van de organisatie: voor een gemeente "
    "en een corporatie de jaarschijf (concept) en de voortgang van de eigen afspraken, voor een "
    "gemeente ook de peilmomenten en de hele planmonitor, voor een corporatie de eigen "
    "projecten en mutaties; voor een huurdersorganisatie reacties en voorstellen in de "
    "planmonitor.",
    Rol.BEHEERDER: "Redacteur, en besluit en spreekt namens de organisatie: beheert de leden; "
    "voor een gemeente ook importeren, publiceren, bijstellen, de jaarschijf vaststellen en "
    "afwijkingen van normen vastleggen; voor een huurdersorganisatie ook advies uitbrengen.",
}


def rollen_met(capability: str) -> list[tuple[str, str]]:
    """The (organisatiesoort, rol) pairs whose membership grants this capability."""
    _bekend(capability)
    return [key for key, caps in ROL_CAPABILITIES.items() if capability in caps]


def _bekend(capability: str) -> Capability:
    try:
        return CAPABILITIES[capability]
    except KeyError:
        raise ValueError(f"Onbekende capability {capability!r}.") from None


# ---------------------------------------------------------------------------------------------
# The one function that decides


def _is_person(user) -> bool:
    return bool(
        user is not None
        and user is not SYSTEEM
        and getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
    )


def _is_all_powerful(user) -> bool:
    return user is SYSTEEM or (_is_person(user) and user.is_superuser)


def _lidmaatschappen_met(user, capability: str, *, kader=None, organisatie=None, gemeente=None):
    """The user's memberships that grant ``capability`` on the given data (the scoping rule)."""
    cap = _bekend(capability)
    granting = Q(pk__in=[])
    for soort, rol in rollen_met(capability):
        granting |= Q(organisatie__soort=soort, rol=rol)
    qs = Lidmaatschap.objects.filter(granting, user=user)
    if organisatie is not None:
        qs = qs.filter(organisatie=organisatie)
    if cap.scope == GEMEENTE:
        if kader is not None:
            qs = qs.filter(organisatie__gemeente_id=kader.gemeente_id)
        if gemeente is not None:
            qs = qs.filter(organisatie__gemeente=gemeente)
    elif kader is not None:  # PARTIJ and ORGANISATIE: the organisation is party to the kader
        qs = qs.filter(organisatie__partij_set__kader_id=kader.pk)
    return qs


def has_capability(user, capability: str, *, kader=None, organisatie=None, gemeente=None) -> bool:
    """Whether ``user`` may do ``capability`` on this kader / organisation / gemeente.

    Without any of them: whether the user has the capability anywhere (e.g. "may open the
    import page at all"). ``user`` may be None or AnonymousUser (then only ``kader.lezen`` of a
    published kader), a User, or ``SYSTEEM``.
    """
    _bekend(capability)
    if capability == KADER_LEZEN and kader is not None and kader.gepubliceerd:
        return True
    if _is_all_powerful(user):
        return True
    if not _is_person(user):
        return False
    return _lidmaatschappen_met(
        user, capability, kader=kader, organisatie=organisatie, gemeente=gemeente
    ).exists()


def check_capability(
    acting_user, capability: str, *, melding: str, kader=None, organisatie=None, gemeente=None
) -> None:
    """For services: raise PermissionDenied unless the actor may; never let a missing actor by."""
    if acting_user is None:
        raise PermissionDenied(
            f"{melding} (aangeroepen zonder handelende gebruiker; geef acting_user mee, of "
            "SYSTEEM voor opdrachten en tests)."
        )
    if not has_capability(
        acting_user, capability, kader=kader, organisatie=organisatie, gemeente=gemeente
    ):
        raise PermissionDenied(melding)


def organisaties_met(user, capability: str):
    """Queryset of the organisations in which ``user`` has ``capability`` (all for the site
    administrator and SYSTEEM, those of the granting kinds)."""
    soorten = {soort for soort, _ in rollen_met(capability)}
    if _is_all_powerful(user):
        return Organisatie.objects.filter(soort__in=soorten)
    if not _is_person(user):
        return Organisatie.objects.none()
    return Organisatie.objects.filter(
        pk__in=_lidmaatschappen_met(user, capability).values("organisatie_id")
    )


def capabilities_of(user, *, kader=None, organisatie=None) -> frozenset[str]:
    """Every capability the user has on this data (for templates that show several buttons)."""
    return frozenset(
        c for c in CAPABILITIES if has_capability(user, c, kader=kader, organisatie=organisatie)
    )


# ---------------------------------------------------------------------------------------------
# Members of an organisation (organisaties/views.py, services.py)
#
# How views answer (tested in tests/test_leden.py and the permission matrix):
# - anonymous -> the login page;
# - logged in, but not a member of this organisation: 404, as if it did not exist
#   (``organisatie_for_members_or_404``);
# - a member who may look but not manage: 403 on the pages that change something.


def can_view_members(user, organisatie: Organisatie) -> bool:
    """Member (any role) of this organisation, or site administrator."""
    if _is_all_powerful(user):
        return True
    if not _is_person(user):
        return False
    return organisatie.lidmaatschappen.filter(user=user).exists()


def can_manage_members(user, organisatie: Organisatie) -> bool:
    """Capability ``leden.beheren`` on this organisation (its beheerder, site administrator)."""
    return has_capability(user, LEDEN_BEHEREN, organisatie=organisatie)


def organisatie_for_members_or_404(user, slug: str) -> Organisatie:
    """The organisation with this slug if the user may see its members; otherwise Http404."""
    organisatie = (
        Organisatie.objects.select_related("gemeente", "corporatie").filter(slug=slug).first()
    )
    if organisatie is None or not can_view_members(user, organisatie):
        raise Http404("Deze organisatie bestaat niet of u mag haar leden niet zien.")
    return organisatie


# ---------------------------------------------------------------------------------------------
# "The public sees the organisation, not the person"


def actor_label(viewer, actor, *, gemeente_namen: dict[int, str] | None = None) -> str:
    """Who made a change, as ``viewer`` may see it. Runs no query when the actor's memberships
    (``lidmaatschappen__organisatie``) are prefetched.

    Logged-in users see the person's name; the public sees only the organisation(s) the person
    acted for, so that published pages do not expose the names of individual staff members.
    ``gemeente_namen`` ({organisation pk: name}) are the organisations of kind gemeente of the
    kader's gemeente (``gemeente_organisaties(kader)``): only their beheerders (or a site
    administrator) change a kader, so that is for whom the person acted, also after leaving that
    organisation or joining another one.
    """
    if actor is None or actor is SYSTEEM:
        return "het systeem (import)"
    if _is_person(viewer):
        return str(actor)
    lidmaatschappen = list(actor.lidmaatschappen.all())
    if gemeente_namen:
        namen = ", ".join(sorted(gemeente_namen.values()))
        if not actor.is_superuser or any(
            lid.organisatie_id in gemeente_namen for lid in lidmaatschappen
        ):
            return "een medewerker van " + namen
        return "de sitebeheerder"
    if gemeente_namen is not None and actor.is_superuser:
        return "de sitebeheerder"
    organisaties = sorted({lid.organisatie.naam for lid in lidmaatschappen})
    if organisaties:
        return "een medewerker van " + ", ".join(organisaties)
    return "de sitebeheerder"


def gemeente_organisaties(kader) -> dict[int, str]:
    """{pk: naam} of the organisations of kind gemeente of the kader's gemeente; one query per
    kader object, cached on it."""
    if not hasattr(kader, "_gemeente_organisaties"):
        kader._gemeente_organisaties = dict(
            Organisatie.objects.filter(
                soort=OrganisatieSoort.GEMEENTE, gemeente_id=kader.gemeente_id
            ).values_list("pk", "naam")
        )
    return kader._gemeente_organisaties


# ---------------------------------------------------------------------------------------------
# The table as documentation (docs/beveiliging.md; a test keeps the two equal)

_SCOPE_TEKST = {
    PARTIJ: "kaders waarvan de eigen organisatie partij is",
    GEMEENTE: "kaders van de eigen gemeente",
    ORGANISATIE: "eigen organisatie (bij een kader: als partij)",
}


def capability_tabel_markdown() -> str:
    """The capability table as Markdown, exactly as it stands in docs/beveiliging.md."""
    kolommen = [(soort, rol) for soort in OrganisatieSoort.values for rol in Rol.values[::-1]]
    afkorting = {"gemeente": "gem", "woningcorporatie": "corp", "huurdersorganisatie": "huur"}
    kop = ["Capability", "Betekenis", "Geldt voor"] + [
        f"{afkorting[soort]} {rol}" for soort, rol in kolommen
    ]
    regels = ["| " + " | ".join(kop) + " |", "|" + "---|" * len(kop)]
    for cap in _CAPABILITIES:
        vinkjes = ["✓" if cap.naam in ROL_CAPABILITIES[k] else "–" for k in kolommen]
        regels.append(
            "| "
            + " | ".join([f"`{cap.naam}`", cap.betekenis, _SCOPE_TEKST[cap.scope], *vinkjes])
            + " |"
        )
    return "\n".join(regels)


def eigen_partij(acting_user, capability: str, kader, organisatie=None):
    """The party of ``kader`` on whose behalf ``acting_user`` acts with ``capability``: the one
    given (refused when the user does not speak for it), else the user's only such party
    (refused when there is none, or more than one to choose from)."""
    kandidaten = list(organisaties_met(acting_user, capability).filter(partij_set__kader=kader))
    if organisatie is not None:
        if acting_user is not None and not any(k.pk == organisatie.pk for k in kandidaten):
            raise PermissionDenied("U spreekt niet namens deze organisatie.")
        return organisatie
    if len(kandidaten) != 1:
        raise PermissionDenied(
            "Kies namens welke organisatie u dit doet."
            if kandidaten
            else "Alleen een partij van dit kader doet dit."
        )
    return kandidaten[0]
