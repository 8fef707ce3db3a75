"""The permission matrix: every route of every app × every kind of user × published or not.

The routes come from the URL resolver (``get_resolver()``), not from a list kept by hand: a
route that ``ROUTES`` below does not list fails ``test_every_route_is_in_the_matrix`` with its
name. Adding a route means adding one line to ``ROUTES``:

    "app:url-name": Rij(REGEL, kwarg=value, ...),

- ``REGEL`` is one of the rules below (``OPEN``, ``LEZEN``, ``IMPORTEREN``, ...): a function
  ``(wie, gepubliceerd) -> expected`` where expected is a status code (200, 403, 404, 405) or
  ``LOGIN`` (302 to the login page), ``ADMIN_LOGIN`` or ``DOOR`` (302 elsewhere, e.g. back to
  the kader after a successful POST). Write a new rule when no existing one fits.
- The URL's kwargs: literal values, or ``lambda w: ...`` over the ``Wereld`` (e.g.
  ``w.verslag_pk``); ``kader`` is filled in with the kader's slug when the route needs it.
- ``methode="post"`` and ``data={...}`` (or ``lambda w: {...}``) for a POST. A POST in the
  matrix must change nothing even when allowed (e.g. ask for the state the kader already has,
  or send an incomplete form); the test checks the kader, its bijstellingen and memberships.
- Several variants of one route (GET and POST, or three export formats): a tuple of Rij.
- ``per_publicatie=False`` for routes that do not show a kader (asked once, not twice).

Users (``GEBRUIKERS``): each role (beheerder, redacteur, lezer) of each kind of party of the
kader (gemeente, woningcorporatie, huurdersorganisatie); members of organisations that are NOT
party to it (a gemeente beheerder, a corporatie beheerder and a huurdersorganisatie redacteur
elsewhere); a logged-in user without memberships; a site administrator; an anonymous visitor.
The Django admin is covered by one row (``admin:index``); its read-only models are tested in
test_admin_read_only.py.
"""

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from http.cookies import SimpleCookie
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.test import Client, override_settings
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from conftest import NIJKERK_DOCUMENT
from prestatiemonitor.afspraken.models import (
    Afsprakenkader,
    Bijstelling,
    Brondocument,
    ImportConcept,
)
from prestatiemonitor.afspraken.tests.factories import (
    AfsprakenkaderFactory,
    ImportVerslagFactory,
    PartijFactory,
    maak_kader,
)
from prestatiemonitor.api.models import ApiSleutel
from prestatiemonitor.api.services import sleutel_aanmaken, sleutel_intrekken
from prestatiemonitor.jaarschijven.models import (
    Activiteit,
    Advies,
    Bijlage,
    DekkingsAcceptatie,
    Herinnering,
    Jaarschijf,
    JaarschijfWijziging,
    Peilmoment,
    Reactie,
    Voortgang,
)
from prestatiemonitor.jaarschijven.tests.factories import maak_jaarschijf_wereld
from prestatiemonitor.normen.models import Normuitzondering
from prestatiemonitor.organisaties.constants import Rol
from prestatiemonitor.organisaties.models import Lidmaatschap
from prestatiemonitor.organisaties.permissions import SYSTEEM
from prestatiemonitor.organisaties.tests.factories import (
    GemeenteOrganisatieFactory,
    HuurdersorganisatieFactory,
    LidmaatschapFactory,
    OrganisatieFactory,
    UitnodigingFactory,
    UserFactory,
)
from prestatiemonitor.overleg.models import (
    Aanwezigheid,
    Actiepunt,
    AgendaFeed,
    Agendapunt,
    Besluit,
    Jaarplanning,
    Overleg,
    Overlegdocument,
    Overleginstellingen,
    Overlegvorm,
)
from prestatiemonitor.overleg.models import Mijlpaal as OverlegMijlpaal
from prestatiemonitor.overleg.tests.factories import maak_overleg_wereld
from prestatiemonitor.planmonitor.models import (
    Bouwproject,
    Oplevering,
    Peiling,
    ProjectReactie,
    Scenario,
    Voorraadmutatie,
    Wijzigingsvoorstel,
)
from prestatiemonitor.planmonitor.tests.factories import maak_plan_wereld
from prestatiemonitor.rapportage.models import Rapport
from prestatiemonitor.rapportage.tests.factories import maak_rapport
from prestatiemonitor.verduurzaming.models import Voorraadopname, Woning
from prestatiemonitor.woonruimte.models import Aanlevering, Toewijzing

pytestmark = pytest.mark.django_db

LOGIN = "login"  # 302 to the login page
ADMIN_LOGIN = "admin-login"  # 302 to the admin's login page
DOOR = "doorgestuurd"  # 302 anywhere else (back to the kader, the members list, ...)


# --------------------------------------------------------------------------------------------
# Who


@dataclass(frozen=True)
class Wie:
    naam: str
    partij: str | None = None  # 'gemeente', 'wsn', 'hon': member of that party of the kader
    rol: str | None = None
    elders: str | None = None  # 'gemeente', 'corporatie', 'huurders': org that is not a party
    sitebeheerder: bool = False
    anoniem: bool = False

    @property
    def partijlid(self) -> bool:
        return self.partij is not None or self.sitebeheerder

    @property
    def gemeente_beheerder(self) -> bool:
        """Beheerder of the kader's gemeente, or site administrator."""
        return self.sitebeheerder or (self.partij == "gemeente" and self.rol == Rol.BEHEERDER)

    def mag_lezen(self, gepubliceerd: bool) -> bool:
        return gepubliceerd or self.partijlid


ROLLEN = [Rol.BEHEERDER, Rol.REDACTEUR, Rol.LEZER]
PARTIJEN = {"gemeente": "gemeente", "woningcorporatie": "wsn", "huurdersorganisatie": "hon"}

GEBRUIKERS = [
    *(
        Wie(f"{rol}-{soort}", partij=key, rol=rol)
        for soort, key in PARTIJEN.items()
        for rol in ROLLEN
    ),
    Wie("beheerder-gemeente-elders", rol=Rol.BEHEERDER, elders="gemeente"),
    Wie("beheerder-corporatie-elders", rol=Rol.BEHEERDER, elders="corporatie"),
    Wie("redacteur-huurders-elders", rol=Rol.REDACTEUR, elders="huurders"),
    Wie("zonder-lidmaatschap"),
    Wie("sitebeheerder", sitebeheerder=True),
    Wie("anoniem", anoniem=True),
]


# --------------------------------------------------------------------------------------------
# Rules: (wie, gepubliceerd) -> expected answer


def OPEN(wie, gepubliceerd):
    return 200


def LEZEN(wie, gepubliceerd):
    """A page or export of the kader: 404 to whoever may not read it, as if it did not exist."""
    return 200 if wie.mag_lezen(gepubliceerd) else 404


def INGELOGD(wie, gepubliceerd):
    return LOGIN if wie.anoniem else 200


def INLOGSCHERM(wie, gepubliceerd):
    """The login page sends a logged-in user on (redirect_authenticated_user)."""
    return 200 if wie.anoniem else DOOR


def IMPORTVERSLAG(wie, gepubliceerd):
    """Login first (reveals nothing); a kader one may not read is a 404; not a party: 403."""
    if wie.anoniem:
        return LOGIN
    if not wie.mag_lezen(gepubliceerd):
        return 404
    return 200 if wie.partijlid else 403


def IMPORTEREN(wie, gepubliceerd):
    """The upload page: for beheerders of any gemeente (they choose among their own)."""
    if wie.anoniem:
        return LOGIN
    return 200 if wie.gemeente_beheerder or wie.naam == "beheerder-gemeente-elders" else 403


def IMPORTEREN_HIER(wie, gepubliceerd):
    """An upload for the kader's gemeente: a beheerder of another gemeente is refused too."""
    if wie.anoniem:
        return LOGIN
    return 200 if wie.gemeente_beheerder else 403


def IMPORTVOORSTEL(wie, gepubliceerd):
    """The preview of an upload: only the person who uploaded it (the gemeente's beheerder),
    not even a site administrator."""
    if wie.anoniem:
        return LOGIN
    return 200 if wie.naam == "beheerder-gemeente" else 403


def BEHEER_POST(wie, gepubliceerd):
    """Publish/withdraw: back to the kader when allowed."""
    if wie.anoniem:
        return LOGIN
    if not wie.mag_lezen(gepubliceerd):
        return 404
    return DOOR if wie.gemeente_beheerder else 403


def ALLEEN_POST(wie, gepubliceerd):
    return LOGIN if wie.anoniem else 405


def BIJSTELLEN(wie, gepubliceerd):
    """The bijstellen form (GET) or the form again with its errors (an incomplete POST)."""
    if wie.anoniem:
        return LOGIN
    if not wie.mag_lezen(gepubliceerd):
        return 404
    return 200 if wie.gemeente_beheerder else 403


def LEDEN_ZIEN(wie, gepubliceerd):
    """Members of the kader's gemeente organisation: its own members and the site admin."""
    if wie.anoniem:
        return LOGIN
    return 200 if wie.sitebeheerder or wie.partij == "gemeente" else 404


def LEDEN_BEHEREN(wie, gepubliceerd):
    if wie.anoniem:
        return LOGIN
    if not (wie.sitebeheerder or wie.partij == "gemeente"):
        return 404
    return 200 if wie.gemeente_beheerder else 403


def LEDEN_BEHEREN_POST(wie, gepubliceerd):
    verwacht = LEDEN_BEHEREN(wie, gepubliceerd)
    return DOOR if verwacht == 200 else verwacht


def ONBEKENDE_LINK(wie, gepubliceerd):
    """An invitation link that does not exist (or expired): the same Dutch 404 for everyone."""
    return 404


def SITEBEHEER(wie, gepubliceerd):
    return 200 if wie.sitebeheerder else ADMIN_LOGIN


# Excel and JSON in and out of a jaarschijf (jaarschijven/views/excel.py)


def EXCEL_CONCEPT(wie, gepubliceerd):
    """The export of a concept jaarschijf: parties only; to everyone else it does not exist."""
    return 200 if wie.partijlid else 404


def EXCEL_GEEN_FORMAAT(wie, gepubliceerd):
    """An export format that does not exist: 404 for everyone, before any lookup."""
    return 404


def _excel_importeert(wie) -> bool:
    """jaarschijf.bewerken or voortgang.rapporteren on the kader: redacteuren and beheerders of
    the gemeente and the corporation, and the site administrator."""
    return wie.sitebeheerder or (
        wie.partij in ("gemeente", "wsn") and wie.rol in (Rol.BEHEERDER, Rol.REDACTEUR)
    )


def EXCEL_IMPORTEREN(wie, gepubliceerd):
    """The upload page of the vastgestelde jaarschijf (the form again for an empty POST)."""
    if wie.anoniem:
        return LOGIN
    if not wie.mag_lezen(gepubliceerd):
        return 404
    return 200 if _excel_importeert(wie) else 403


def EXCEL_IMPORTEREN_CONCEPT(wie, gepubliceerd):
    """The upload page of the concept: who does not see the concept gets a 404."""
    if wie.anoniem:
        return LOGIN
    if not wie.partijlid:
        return 404
    return 200 if _excel_importeert(wie) else 403


# Jaarschijf pages (jaarschijven/views/jaarschijf.py). The world has 2025 vastgesteld and 2026
# a concept: a concept exists only for the parties' members and the site administrator.


def _jaarschijf_bewerker(wie) -> bool:
    """jaarschijf.bewerken: redacteur or beheerder of the gemeente or a corporation, site admin."""
    return wie.sitebeheerder or (
        wie.partij in ("gemeente", "wsn") and wie.rol in (Rol.BEHEERDER, Rol.REDACTEUR)
    )


def JAARSCHIJF_CONCEPT_LEZEN(wie, gepubliceerd):
    """A concept jaarschijf or its activity: 404 to whoever is not a party (also anonymous)."""
    return 200 if wie.partijlid else 404


def JAARSCHIJF_CONCEPT_BEWERKEN(wie, gepubliceerd):
    """The activity forms of a concept: login, then 404 outside the parties, then 403."""
    if wie.anoniem:
        return LOGIN
    if not wie.partijlid:
        return 404
    return 200 if _jaarschijf_bewerker(wie) else 403


def JAARSCHIJF_CONCEPT_VASTSTELLEN(wie, gepubliceerd):
    """Workflow and accepted gaps of a concept: the gemeente's beheerder and the site admin."""
    if wie.anoniem:
        return LOGIN
    if not wie.partijlid:
        return 404
    return 200 if wie.gemeente_beheerder else 403


def JAARSCHIJF_VASTGESTELD_WIJZIGEN(wie, gepubliceerd):
    """A change to a vastgestelde jaarschijf (visible to every reader): the gemeente decides."""
    if wie.anoniem:
        return LOGIN
    if not wie.mag_lezen(gepubliceerd):
        return 404
    return 200 if wie.gemeente_beheerder else 403


def JAARSCHIJF_AANMAKEN(wie, gepubliceerd):
    """A new jaarschijf (overview form, next year's concept from the vastgestelde 2025)."""
    if wie.anoniem:
        return LOGIN
    if not wie.mag_lezen(gepubliceerd):
        return 404
    return 200 if _jaarschijf_bewerker(wie) else 403


# Peilmomenten, meldingen, reacties, advies (jaarschijven/views/peilmoment.py). The world's
# December 2025 peilmoment is open (seen by the parties' members only), June 2025 is closed.


def _peil_gemeente(wie) -> bool:
    """peilmoment.beheren: the gemeente's redacteuren and beheerders, and the site admin."""
    return wie.sitebeheerder or (
        wie.partij == "gemeente" and wie.rol in (Rol.BEHEERDER, Rol.REDACTEUR)
    )


def PEIL_OPEN(wie, gepubliceerd):
    """An open peilmoment (or an evidence file): the parties' members; 404 to everyone else,
    also anonymous visitors of a published kader."""
    return 200 if wie.partijlid else 404


def PEIL_OPENEN(wie, gepubliceerd):
    """Opening a peilmoment on the list page (an incomplete POST: the form again)."""
    if wie.anoniem:
        return LOGIN
    if not wie.mag_lezen(gepubliceerd):
        return 404
    return 200 if _peil_gemeente(wie) else 403


def _op_open_peilmoment(wie, mag) -> object:
    if wie.anoniem:
        return LOGIN
    if not wie.partijlid:
        return 404
    return 200 if mag else 403


def PEIL_BEHEREN(wie, gepubliceerd):
    """Closing the open peilmoment (confirmation page, or the form again)."""
    return _op_open_peilmoment(wie, _peil_gemeente(wie))


def PEIL_BEHEREN_POST(wie, gepubliceerd):
    """A reminder without a party: back to the peilmoment page, nothing sent."""
    verwacht = PEIL_BEHEREN(wie, gepubliceerd)
    return DOOR if verwacht == 200 else verwacht


def _peil_wsn_melder(wie) -> bool:
    return wie.sitebeheerder or (wie.partij == "wsn" and wie.rol in (Rol.BEHEERDER, Rol.REDACTEUR))


def PEIL_MELDEN(wie, gepubliceerd):
    """Reporting on WSN's A1 at the open December peilmoment: WSN's redacteuren/beheerders."""
    return _op_open_peilmoment(wie, _peil_wsn_melder(wie))


def PEIL_BIJLAGE_WEG(wie, gepubliceerd):
    """Removing June's evidence: the trekker is sent back (the peilmoment is closed, refused
    with a message); others 403/404."""
    verwacht = _op_open_peilmoment(wie, _peil_wsn_melder(wie))
    return DOOR if verwacht == 200 else verwacht


def PEIL_ADVIES(wie, gepubliceerd):
    """The advies on the open December peilmoment: the tenants' beheerder."""
    return _op_open_peilmoment(
        wie, wie.sitebeheerder or (wie.partij == "hon" and wie.rol == Rol.BEHEERDER)
    )


def PEIL_REACTIE(wie, gepubliceerd):
    """A reactie on A1 of the vastgestelde 2025 (public once the kader is published)."""
    if wie.anoniem:
        return LOGIN
    if not wie.mag_lezen(gepubliceerd):
        return 404
    mag = wie.sitebeheerder or (wie.partij == "hon" and wie.rol in (Rol.BEHEERDER, Rol.REDACTEUR))
    return 200 if mag else 403


# Dashboard (jaarschijven/views/dashboard.py)


def DASHBOARD_LOPEND(wie, gepubliceerd):
    """The dashboard of a concept jaarschijf: only the parties see it (monitor.lezen); for
    everyone else it does not exist."""
    return 200 if wie.partijlid else 404


def DASHBOARD_ACTUEEL(wie, gepubliceerd):
    """On to the year the user may see (parties: this year's concept; the public: the latest
    vastgestelde); 404 to whoever may not read the kader."""
    return DOOR if wie.mag_lezen(gepubliceerd) else 404


# Planmonitor and normen (planmonitor/views, normen/views). The world: WSN's project P-WSN, a
# market project P-MARKT, de Alliantie's vertrouwelijke P-GEHEIM, a published and an internal
# round, an open proposal (planmonitor/tests/factories.py).


def _plan_gemeente(wie) -> bool:
    """plan.beheren: the gemeente's redacteur or beheerder, or the site administrator."""
    return wie.sitebeheerder or (wie.partij == "gemeente" and wie.rol != Rol.LEZER)


def _plan_wsn(wie) -> bool:
    """plan.bewerken on WSN: WSN's redacteur or beheerder."""
    return wie.partij == "wsn" and wie.rol != Rol.LEZER


def PLAN_LOPEND(wie, gepubliceerd):
    """The live planmonitor: the parties only; for everyone else it does not exist."""
    return 200 if wie.partijlid else 404


def _plan_form(wie, mag) -> object:
    if wie.anoniem:
        return LOGIN
    if not wie.partijlid:
        return 404
    return 200 if mag else 403


def PLAN_INVOEREN(wie, gepubliceerd):
    """A form that records projects or mutations: the gemeente and the corporations' editors
    (HON and every lezer: 403); the kader must be readable (otherwise 404)."""
    if wie.anoniem:
        return LOGIN
    if not wie.mag_lezen(gepubliceerd):
        return 404
    return 200 if _plan_gemeente(wie) or _plan_wsn(wie) else 403


def PLAN_WSN_BEWERKEN(wie, gepubliceerd):
    return _plan_form(wie, _plan_gemeente(wie) or _plan_wsn(wie))


def PLAN_MARKT_BEWERKEN(wie, gepubliceerd):
    """A market party's project: only the gemeente edits it."""
    return _plan_form(wie, _plan_gemeente(wie))


def PLAN_WSN_VOORSTELLEN(wie, gepubliceerd):
    """Who may not edit P-WSN but may propose: HON's redacteur and beheerder."""
    return _plan_form(wie, wie.partij == "hon" and wie.rol != Rol.LEZER)


def PLAN_MARKT_VOORSTELLEN(wie, gepubliceerd):
    """Who may not edit P-MARKT but may propose: WSN's and HON's redacteur and beheerder."""
    return _plan_form(wie, wie.partij in ("hon", "wsn") and wie.rol != Rol.LEZER)


def PLAN_REAGEREN_POST(wie, gepubliceerd):
    """A reactie on P-MARKT (empty: back to the project with the message, nothing stored)."""
    antwoord = PLAN_MARKT_VOORSTELLEN(wie, gepubliceerd)
    return DOOR if antwoord == 200 else antwoord


def PLAN_BESLUITEN_POST(wie, gepubliceerd):
    """Declining without a reason: back to the project with the message, nothing stored."""
    antwoord = _plan_form(wie, _plan_gemeente(wie))
    return DOOR if antwoord == 200 else antwoord


def PLAN_MUTATIE_POST(wie, gepubliceerd):
    return _plan_form(wie, _plan_gemeente(wie) or _plan_wsn(wie))


def PLAN_MUTATIE_WEG(wie, gepubliceerd):
    """Removing de Alliantie's mutation without confirming: back, nothing removed; WSN: 403."""
    antwoord = _plan_form(wie, _plan_gemeente(wie))
    return DOOR if antwoord == 200 else antwoord


def PLAN_PEILING_POST(wie, gepubliceerd):
    """Recording a round (an empty form: the form with its errors)."""
    if wie.anoniem:
        return LOGIN
    if not wie.mag_lezen(gepubliceerd):
        return 404
    return 200 if _plan_gemeente(wie) else 403


def PLAN_PUBLICEREN(wie, gepubliceerd):
    """Publishing the already published round (changes nothing): the gemeente only."""
    if wie.anoniem:
        return LOGIN
    if not wie.mag_lezen(gepubliceerd):
        return 404
    return DOOR if _plan_gemeente(wie) else 403


def PLAN_INTERN_PUBLICEREN(wie, gepubliceerd):
    """The unpublished round does not exist for non-parties."""
    if wie.anoniem:
        return LOGIN
    if not wie.partijlid:
        return 404
    return DOOR if _plan_gemeente(wie) else 403


def PLAN_SCENARIO_POST(wie, gepubliceerd):
    """Saving a what-if: whoever may propose or manage (every lezer: 403)."""
    return _plan_form(
        wie, _plan_gemeente(wie) or (wie.partij in ("hon", "wsn") and wie.rol != Rol.LEZER)
    )


def NORM_AFWIJKEN_POST(wie, gepubliceerd):
    if wie.anoniem:
        return LOGIN
    if not wie.mag_lezen(gepubliceerd):
        return 404
    return 200 if wie.gemeente_beheerder else 403


def NORM_INTREKKEN(wie, gepubliceerd):
    """Withdrawing without confirming: back, nothing withdrawn."""
    if wie.anoniem:
        return LOGIN
    if not wie.mag_lezen(gepubliceerd):
        return 404
    return DOOR if wie.gemeente_beheerder else 403


# Woonruimte and verduurzaming (woonruimte/views, verduurzaming/views): delivering files and the
# detail pages. woondata.aanleveren: the gemeente's and the corporations' redacteur and beheerder.


def _levert_woondata(wie) -> bool:
    return wie.sitebeheerder or (wie.partij in ("gemeente", "wsn") and wie.rol != Rol.LEZER)


def WOON_AANLEVEREN(wie, gepubliceerd):
    """The upload page (GET, or a POST without a file: the form with its errors, nothing
    written): whoever delivers woondata for a party of the kader; HON and every lezer 403."""
    if wie.anoniem:
        return LOGIN
    if not wie.mag_lezen(gepubliceerd):
        return 404
    return 200 if _levert_woondata(wie) else 403


def VOORRAAD_AANLEVEREN(wie, gepubliceerd):
    """The stock with labels: a corporation only (the gemeente delivers no dwellings: 403)."""
    if wie.anoniem:
        return LOGIN
    if not wie.mag_lezen(gepubliceerd):
        return 404
    return 200 if wie.sitebeheerder or (wie.partij == "wsn" and wie.rol != Rol.LEZER) else 403


def WOON_DETAIL(wie, gepubliceerd):
    """Drill-down lists, deliveries and exports: the parties only (each sees its own rows and
    the rest as a count); for anyone else they do not exist; anonymous visitors log in."""
    if wie.anoniem:
        return LOGIN
    return 200 if wie.partijlid else 404


def WOON_OVERZICHT(wie, gepubliceerd):
    """The beschikbaarheidsmonitor: a party goes to its latest year (the world has lettings of
    2025); the public sees that nothing is published yet."""
    if not wie.mag_lezen(gepubliceerd):
        return 404
    return DOOR if wie.partijlid else 200


def WOON_MONITOR(wie, gepubliceerd):
    """A year's monitor: the parties; for the public the year is not published: 404."""
    return 200 if wie.partijlid else 404


def WOON_PUBLICEREN(wie, gepubliceerd):
    """Publishing without confirming (back to the page, nothing published): the gemeente's
    redacteur and beheerder (peilmoment.beheren) and the site administrator."""
    if wie.anoniem:
        return LOGIN
    if not wie.mag_lezen(gepubliceerd):
        return 404
    return DOOR if _plan_gemeente(wie) else 403


def WOON_REAGEREN(wie, gepubliceerd):
    """An empty reaction (back to the page with the message, nothing written): the tenants'
    organisation's redacteur and beheerder (reactie.plaatsen)."""
    if wie.anoniem:
        return LOGIN
    if not wie.mag_lezen(gepubliceerd):
        return 404
    return DOOR if wie.partij == "hon" and wie.rol != Rol.LEZER else 403


# Overleg (overleg/views): meetings only for their participants (smal: gemeente and corporations;
# breed: also the tenants; a concept planning: only the gemeente), the structure and the
# published decisions for every reader; the gemeente's redacteur and beheerder plan
# (overleg.plannen); parties bring in documents (overleg.bijdragen); the owner updates an action.


def _ov_plant(wie) -> bool:
    return wie.sitebeheerder or (
        wie.partij == "gemeente" and wie.rol in (Rol.BEHEERDER, Rol.REDACTEUR)
    )


def OV_OVERZICHT(wie, gepubliceerd):
    """To this year's meetings (a party) or to the public decisions (everyone else)."""
    return DOOR if wie.mag_lezen(gepubliceerd) else 404


def OV_DEELNEMER(wie, gepubliceerd):
    """The year's meetings, the action items: login; a reader who is no party gets a 403."""
    if wie.anoniem:
        return LOGIN
    if not wie.mag_lezen(gepubliceerd):
        return 404
    return 200 if wie.partijlid else 403


def _ov_bij(wie, gepubliceerd, deelnemers, gelukt):
    if wie.anoniem:
        return LOGIN
    if not wie.mag_lezen(gepubliceerd):
        return 404
    return gelukt if _ov_plant(wie) else 403


def OV_PLANNEN(wie, gepubliceerd):
    """A form of the structure (or a form again with its errors): the gemeente plans."""
    return _ov_bij(wie, gepubliceerd, None, 200)


def OV_PLANNEN_POST(wie, gepubliceerd):
    """A POST that changes nothing (already done, not confirmed): back to the page."""
    return _ov_bij(wie, gepubliceerd, None, DOOR)


def _ov_overleg(wie, gepubliceerd, partijen, gelukt, mag=None):
    """A meeting of ``partijen``: login, then 404 for non-participants, then the capability."""
    if wie.anoniem:
        return LOGIN
    if not wie.mag_lezen(gepubliceerd):
        return 404
    if not (wie.sitebeheerder or wie.partij in partijen):
        return 404
    toegestaan = _ov_plant(wie) if mag is None else mag(wie)
    return gelukt if toegestaan else 403


SMAL = ("gemeente", "wsn")
BREED = ("gemeente", "wsn", "hon")


def OV_SMAL(wie, gepubliceerd):
    return _ov_overleg(wie, gepubliceerd, SMAL, 200, mag=lambda w: True)


def OV_BREED(wie, gepubliceerd):
    return _ov_overleg(wie, gepubliceerd, BREED, 200, mag=lambda w: True)


def OV_CONCEPT(wie, gepubliceerd):
    """A meeting of a concept planning: only the gemeente sees it."""
    return _ov_overleg(wie, gepubliceerd, ("gemeente",), 200, mag=lambda w: True)


def OV_BREED_PLANNEN(wie, gepubliceerd):
    """The change form of a breed meeting, or a form of its page again with its errors."""
    return _ov_overleg(wie, gepubliceerd, BREED, 200)


def OV_BREED_PLANNEN_POST(wie, gepubliceerd):
    return _ov_overleg(wie, gepubliceerd, BREED, DOOR)


def AGENDA_ONBEKEND_POST(wie, gepubliceerd):
    """A calendar address of an organisation or feed that does not exist: login, then 404."""
    return LOGIN if wie.anoniem else 404


def AGENDA_FEED(wie, gepubliceerd):
    """WSN's secret calendar address: no login, the same calendar for everyone who has it."""
    return 200


def OV_BESLUIT_OPENBAAR(wie, gepubliceerd):
    """Publishing a decision that is public already (nothing changes): the gemeente plans; a
    public decision exists for every reader, so others get a 403."""
    return _ov_bij(wie, gepubliceerd, None, DOOR)


def OV_BREED_STUK(wie, gepubliceerd):
    """A document without a file (the page again): whoever brings in for a party (redacteur
    and beheerder of each party, overleg.bijdragen)."""
    return _ov_overleg(
        wie, gepubliceerd, BREED, 200, mag=lambda w: w.sitebeheerder or w.rol != Rol.LEZER
    )


def OV_ACTIE_BIJWERKEN(wie, gepubliceerd):
    """WSN's action item without a status: back to the page; the owner (WSN's redacteur and
    beheerder) and the gemeente's planners."""
    return _ov_overleg(
        wie,
        gepubliceerd,
        BREED,
        DOOR,
        mag=lambda w: _ov_plant(w) or (w.partij == "wsn" and w.rol != Rol.LEZER),
    )


# Rapportage (rapportage/views.py). The world has a finished report of the closed June 2025
# peilmoment in both variants.


def RAPPORT_MAKEN_POST(wie, gepubliceerd):
    """Making a report without a variant: the gemeente is sent back to the report page with
    the refusal (nothing queued); other readers 403."""
    if wie.anoniem:
        return LOGIN
    if not wie.mag_lezen(gepubliceerd):
        return 404
    return DOOR if _peil_gemeente(wie) else 403


# The public monitor (rapportage/monitor_views.py): the page for whoever reads the kader; its
# open data only of a closed peilmoment the public sees, so only of a published kader.


def OPENBARE_DATA(wie, gepubliceerd):
    """Open data of the public monitor: everyone when the kader is published, 404 otherwise
    (also for the parties: it is the public's data)."""
    return 200 if gepubliceerd else 404


def NIEMAND(wie, gepubliceerd):
    """Something that does not exist for anyone (e.g. open data of an open peilmoment)."""
    return 404


# --------------------------------------------------------------------------------------------
# The REST API (api/): the matrix sends each user's API key (of the user's organisation, with
# the user's role); users without a membership (and the site administrator) have no key, so
# the API treats them as anonymous. A write the matrix sends is refused or invalid (nothing
# changes): 400 tells that the key passed every permission check.


def _api_partij(wie) -> bool:
    return wie.partij is not None


def API_OPEN(wie, gepubliceerd):
    return 200


def API_LEZEN(wie, gepubliceerd):
    """A public record of the kader: 404 to whoever may not read the kader."""
    return 200 if gepubliceerd or _api_partij(wie) else 404


def API_LOPEND(wie, gepubliceerd):
    """A record that is not public (concept, open peilmoment, live planmonitor): parties."""
    return 200 if _api_partij(wie) else 404


def API_SMAL(wie, gepubliceerd):
    """A decision of a smal meeting: its participants (gemeente and corporaties)."""
    return 200 if wie.partij in ("gemeente", "wsn") else 404


def API_NIET_GEVONDEN(wie, gepubliceerd):
    return 404


def _api_schrijven(wie, gepubliceerd, *, zichtbaar: bool, mag: bool):
    if wie.partij is None and wie.elders is None:
        return 401  # no key: anonymous
    if not zichtbaar:
        return 404
    return 400 if mag else 403


def API_MELDEN(wie, gepubliceerd):
    """POST a report for WSN's activity at the open peilmoment without the required
    toelichting: WSN's redacteur and beheerder get as far as the validation (400); other
    parties 403; a key that does not see the open peilmoment 400 (unknown peilmoment)."""
    if wie.partij is None and wie.elders is None:
        return 401
    if not _api_partij(wie):
        return 400
    return 400 if wie.partij == "wsn" and wie.rol != Rol.LEZER else 403


def API_MELDING_WIJZIGEN(wie, gepubliceerd):
    """PUT/PATCH June's report (a closed peilmoment: the service refuses with 400)."""
    mag = wie.partij == "wsn" and wie.rol != Rol.LEZER
    return _api_schrijven(wie, gepubliceerd, zichtbaar=API_LEZEN(wie, gepubliceerd) == 200, mag=mag)


def API_PROJECT_WIJZIGEN(wie, gepubliceerd):
    """PATCH WSN's project with an invalid value: WSN's writers (plan.bewerken) and the
    gemeente's (plan.beheren) get as far as the validation (400)."""
    mag = wie.partij in ("wsn", "gemeente") and wie.rol != Rol.LEZER
    return _api_schrijven(wie, gepubliceerd, zichtbaar=_api_partij(wie), mag=mag)


# --------------------------------------------------------------------------------------------
# The world every row is asked in


@dataclass
class Wereld:
    slug: str
    gepubliceerd: bool
    verslag_pk: int
    bijstelling_pk: int
    gemeente_pk: int
    gemeente_org_slug: str
    lid_pk: int  # the membership of 'lezer-gemeente' in the kader's gemeente organisation
    uitnodiging_pk: int  # an open invitation to the kader's gemeente organisation
    js: Any = None  # the jaarschijf world (jaarschijven/tests/factories.py)
    pm: Any = None  # the planmonitor world (planmonitor/tests/factories.py)
    woon: int = 0  # lettings of WSN in 2025 (woonruimte)
    ov: Any = None  # the overleg world (overleg/tests/factories.py)
    rapport: dict = field(default_factory=dict)  # variant -> pk of June 2025's finished report
    users: dict = field(default_factory=dict)
    sleutels: dict = field(default_factory=dict)  # user name -> the secret of the user's API key
    api_ingetrokken: int = 0  # a revoked API key of the kader's gemeente organisation
    afspraak_pk: int = 0
    juni_melding: int = 0  # WSN's report on A1 at June 2025 (closed)
    wsn_project: int = 0  # the planmonitor project of WSN

    def importvoorstel(self) -> str:
        """A fresh upload of the gemeente's beheerder waiting for confirmation."""
        concept = ImportConcept.objects.create(
            gemeente_id=self.gemeente_pk,
            bestandsnaam="prestatieafspraken.md",
            inhoud=NIJKERK_DOCUMENT.read_bytes(),
            aangemaakt_door=self.users["beheerder-gemeente"],
        )
        return str(concept.token)


@dataclass(frozen=True, init=False)
class Rij:
    regel: Callable[[Wie, bool], Any]
    methode: str = "get"
    data: Any = None
    query: str = ""
    per_publicatie: bool = True
    kwargs: dict = field(default_factory=dict)

    def __init__(self, regel, *, methode="get", data=None, query="", per_publicatie=True, **kw):
        object.__setattr__(self, "regel", regel)
        object.__setattr__(self, "methode", methode)
        object.__setattr__(self, "data", data)
        object.__setattr__(self, "query", query)
        object.__setattr__(self, "per_publicatie", per_publicatie)
        object.__setattr__(self, "kwargs", kw)


def _waarde(v, w: Wereld):
    return v(w) if callable(v) else v


NIET_KADER = {"per_publicatie": False}
PEILING_OPENBAAR = lambda w: f"?peiling={w.pm.peiling_openbaar_pk}"  # noqa: E731
PEILING_INTERN = lambda w: f"?peiling={w.pm.peiling_intern_pk}"  # noqa: E731
GEMEENTE_ORG = lambda w: w.gemeente_org_slug  # noqa: E731 — the kader's gemeente organisation
LID = lambda w: w.lid_pk  # noqa: E731 — 'lezer-gemeente''s membership in it
UITNODIGING = lambda w: w.uitnodiging_pk  # noqa: E731 — an open invitation to it

# One line per URL name. Keep sorted by app; see the module docstring for the format.
ROUTES: dict[str, Rij | tuple[Rij, ...]] = {
    # config/urls.py
    "home": Rij(OPEN),
    "colofon": Rij(OPEN, **NIET_KADER),
    "toegankelijkheid": Rij(OPEN, **NIET_KADER),
    "profiel": Rij(INGELOGD, **NIET_KADER),
    "admin:index": Rij(SITEBEHEER, **NIET_KADER),
    # accounts (organisaties/urls.py and django.contrib.auth.urls)
    "login": Rij(INLOGSCHERM, **NIET_KADER),
    "logout": Rij(OPEN, methode="post", **NIET_KADER),
    "password_change": Rij(INGELOGD, **NIET_KADER),
    "password_change_done": Rij(INGELOGD, **NIET_KADER),
    "password_reset": Rij(OPEN, **NIET_KADER),
    "password_reset_done": Rij(OPEN, **NIET_KADER),
    "password_reset_confirm": Rij(OPEN, uidb64="MQ", token="ongeldig", **NIET_KADER),
    "password_reset_complete": Rij(OPEN, **NIET_KADER),
    "organisatie-leden": Rij(LEDEN_ZIEN, slug=GEMEENTE_ORG, **NIET_KADER),
    "organisatie-lid-toevoegen": (
        Rij(LEDEN_BEHEREN, slug=GEMEENTE_ORG, **NIET_KADER),
        Rij(
            LEDEN_BEHEREN,
            methode="post",
            data={"email": "onvolledig"},
            slug=GEMEENTE_ORG,
            **NIET_KADER,
        ),
    ),
    "organisatie-lid-wijzigen": (
        Rij(LEDEN_BEHEREN, slug=GEMEENTE_ORG, pk=LID, **NIET_KADER),
        Rij(
            LEDEN_BEHEREN, methode="post", data={"rol": ""}, slug=GEMEENTE_ORG, pk=LID, **NIET_KADER
        ),
    ),
    # GET only: the POST removes the membership (its refusals: organisaties/tests/test_leden.py)
    "organisatie-lid-verwijderen": Rij(LEDEN_BEHEREN, slug=GEMEENTE_ORG, pk=LID, **NIET_KADER),
    "organisatie-lid-uitnodigen": Rij(
        LEDEN_BEHEREN_POST,
        methode="post",
        slug=GEMEENTE_ORG,
        pk=LID,
        **NIET_KADER,
    ),
    "organisatie-uitnodiging-opnieuw": (
        Rij(ALLEEN_POST, slug=GEMEENTE_ORG, pk=UITNODIGING, **NIET_KADER),
        Rij(LEDEN_BEHEREN_POST, methode="post", slug=GEMEENTE_ORG, pk=UITNODIGING, **NIET_KADER),
    ),
    "organisatie-uitnodiging-intrekken": (
        Rij(ALLEEN_POST, slug=GEMEENTE_ORG, pk=UITNODIGING, **NIET_KADER),
        Rij(LEDEN_BEHEREN_POST, methode="post", slug=GEMEENTE_ORG, pk=UITNODIGING, **NIET_KADER),
    ),
    # the page behind an invitation mail (valid links: organisaties/tests/test_uitnodigingen.py)
    "uitnodiging": (
        Rij(ONBEKENDE_LINK, token="onbekend", **NIET_KADER),
        Rij(ONBEKENDE_LINK, methode="post", token="onbekend", **NIET_KADER),
    ),
    # afspraken/urls.py
    "afspraken:brondocument": Rij(LEZEN),
    "afspraken:kader": Rij(LEZEN),
    "afspraken:thema": Rij(LEZEN, nummer=1),
    "afspraken:afspraken": (Rij(LEZEN), Rij(LEZEN, query="?thema=1")),
    "afspraken:afspraak": Rij(LEZEN, nummer="1"),
    "afspraken:systematiek": Rij(LEZEN, nummer="1"),
    "afspraken:zoeken": Rij(LEZEN, query="?q=woningcorporaties"),
    "afspraken:begrippen": Rij(LEZEN),
    "afspraken:begrip": Rij(LEZEN, begrip="harde-en-zachte-plannen"),
    "afspraken:convenanten": Rij(LEZEN),
    "afspraken:partijen": Rij(LEZEN),
    "afspraken:tabel": Rij(LEZEN, nummer="1"),
    "afspraken:bijstellingen": Rij(LEZEN),
    "afspraken:export": tuple(Rij(LEZEN, formaat=f) for f in ("json", "csv", "xlsx")),
    "afspraken:importverslag": Rij(IMPORTVERSLAG, pk=lambda w: w.verslag_pk),
    "afspraken:importeren": (
        Rij(IMPORTEREN, **NIET_KADER),
        # an upload without a file for the kader's gemeente: the form again, or refused
        Rij(IMPORTEREN_HIER, methode="post", data=lambda w: {"gemeente": w.gemeente_pk}),
    ),
    "afspraken:import-voorbeeld": Rij(
        IMPORTVOORSTEL, token=lambda w: w.importvoorstel(), **NIET_KADER
    ),
    "afspraken:publicatie": (
        Rij(ALLEEN_POST),
        Rij(BEHEER_POST, methode="post", data=lambda w: {"actie": _zelfde_staat(w)}),
    ),
    "afspraken:afspraak-bijstellen": (
        Rij(BIJSTELLEN, nummer="1"),
        Rij(BIJSTELLEN, methode="post", nummer="1"),
    ),
    "afspraken:systematiek-bijstellen": (
        Rij(BIJSTELLEN, nummer="1"),
        Rij(BIJSTELLEN, methode="post", nummer="1"),
    ),
    # Excel and JSON in and out of a jaarschijf (jaarschijven/views/excel.py)
    "jaarschijven:export": (
        Rij(LEZEN, jaar=2025, formaat="xlsx"),
        Rij(LEZEN, jaar=2025, formaat="json"),
        Rij(EXCEL_CONCEPT, jaar=2026, formaat="xlsx"),
        Rij(EXCEL_GEEN_FORMAAT, jaar=2025, formaat="csv"),
    ),
    "jaarschijven:import": (
        Rij(EXCEL_IMPORTEREN, jaar=2025),
        # an upload without a file: the form again with its error, nothing written
        Rij(EXCEL_IMPORTEREN, methode="post", data={"bestand": ""}, jaar=2025),
        Rij(EXCEL_IMPORTEREN_CONCEPT, jaar=2026),
    ),
    # --- Jaarschijf pages (jaarschijven/views/jaarschijf.py): 2025 vastgesteld, 2026 concept.
    # Every POST is incomplete (no versie, an empty field) and changes nothing.
    "jaarschijven:overzicht": (
        Rij(LEZEN),
        Rij(JAARSCHIJF_AANMAKEN, methode="post", data={"jaar": ""}),
    ),
    "jaarschijven:jaarschijf": (
        Rij(LEZEN, jaar=2025),
        Rij(JAARSCHIJF_CONCEPT_LEZEN, jaar=2026),
    ),
    "jaarschijven:status": (
        Rij(JAARSCHIJF_CONCEPT_VASTSTELLEN, jaar=2026),
        Rij(JAARSCHIJF_CONCEPT_VASTSTELLEN, methode="post", data={"overleg": ""}, jaar=2026),
    ),
    "jaarschijven:dekking": (
        Rij(JAARSCHIJF_CONCEPT_VASTSTELLEN, jaar=2026, afspraak="2"),
        Rij(
            JAARSCHIJF_CONCEPT_VASTSTELLEN,
            methode="post",
            data={"actie": "accepteren", "reden": ""},
            jaar=2026,
            afspraak="2",
        ),
    ),
    "jaarschijven:volgend-jaar": (
        Rij(JAARSCHIJF_AANMAKEN, jaar=2025),
        Rij(JAARSCHIJF_AANMAKEN, methode="post", data={"activiteiten": []}, jaar=2025),
    ),
    "jaarschijven:activiteit": (
        Rij(LEZEN, jaar=2025, nummer=1),
        Rij(JAARSCHIJF_CONCEPT_LEZEN, jaar=2026, nummer=1),
    ),
    "jaarschijven:activiteit-nieuw": (
        Rij(JAARSCHIJF_CONCEPT_BEWERKEN, jaar=2026),
        Rij(JAARSCHIJF_CONCEPT_BEWERKEN, methode="post", data={"titel": ""}, jaar=2026),
        Rij(JAARSCHIJF_VASTGESTELD_WIJZIGEN, jaar=2025),
    ),
    "jaarschijven:activiteit-bewerken": (
        Rij(JAARSCHIJF_CONCEPT_BEWERKEN, jaar=2026, nummer=1),
        Rij(JAARSCHIJF_CONCEPT_BEWERKEN, methode="post", data={"titel": ""}, jaar=2026, nummer=1),
        Rij(JAARSCHIJF_VASTGESTELD_WIJZIGEN, jaar=2025, nummer=2),
        Rij(
            JAARSCHIJF_VASTGESTELD_WIJZIGEN, methode="post", data={"titel": ""}, jaar=2025, nummer=2
        ),
    ),
    "jaarschijven:activiteit-verwijderen": (
        Rij(JAARSCHIJF_CONCEPT_BEWERKEN, jaar=2026, nummer=1),
        Rij(JAARSCHIJF_CONCEPT_BEWERKEN, methode="post", jaar=2026, nummer=1),
        Rij(JAARSCHIJF_VASTGESTELD_WIJZIGEN, jaar=2025, nummer=2),
    ),
    # jaarschijven: peilmomenten, meldingen, reacties, advies (views/peilmoment.py)
    "jaarschijven:peilmomenten": (
        Rij(LEZEN),
        Rij(PEIL_OPENEN, methode="post", data={"jaar": "", "soort": "juni"}),
    ),
    "jaarschijven:vergelijken": (Rij(LEZEN), Rij(LEZEN, query="?van=2025-06&naar=2025-12")),
    "jaarschijven:peilmoment": (Rij(LEZEN, code="2025-06"), Rij(PEIL_OPEN, code="2025-12")),
    "jaarschijven:melden": (
        Rij(PEIL_MELDEN, code="2025-12", nummer=1),
        Rij(
            PEIL_MELDEN,
            methode="post",
            data={"status": "", "versie": "0"},
            code="2025-12",
            nummer=1,
        ),
    ),
    "jaarschijven:herinneren": (
        Rij(ALLEEN_POST, code="2025-12"),
        Rij(PEIL_BEHEREN_POST, methode="post", data={}, code="2025-12"),
    ),
    "jaarschijven:sluiten": (
        Rij(PEIL_BEHEREN, code="2025-12"),
        Rij(PEIL_BEHEREN, methode="post", data={}, code="2025-12"),
    ),
    "jaarschijven:advies": (
        Rij(PEIL_ADVIES, code="2025-12"),
        Rij(PEIL_ADVIES, methode="post", data={"tekst": ""}, code="2025-12"),
    ),
    "jaarschijven:bijlage": Rij(PEIL_OPEN, pk=lambda w: w.js.bijlage.pk),
    "jaarschijven:bijlage-verwijderen": (
        Rij(ALLEEN_POST, pk=lambda w: w.js.bijlage.pk),
        Rij(PEIL_BIJLAGE_WEG, methode="post", pk=lambda w: w.js.bijlage.pk),
    ),
    "jaarschijven:reactie": (
        Rij(PEIL_REACTIE, jaar=2025, nummer=1),
        Rij(
            PEIL_REACTIE,
            methode="post",
            data={"tekst": "", "peilmoment": "2025-12"},
            jaar=2025,
            nummer=1,
        ),
    ),
    # Dashboard (jaarschijven/views/dashboard.py): 2025 vastgesteld for every reader (the
    # public sees the closed June, also when it asks for the open December), 2026 concept
    # only for the parties.
    "jaarschijven:dashboard-actueel": Rij(DASHBOARD_ACTUEEL),
    "jaarschijven:dashboard": (
        Rij(LEZEN, jaar=2025),
        Rij(LEZEN, jaar=2025, query="?peilmoment=2025-12"),
        Rij(DASHBOARD_LOPEND, jaar=2026),
    ),
    # Planmonitor (planmonitor/views) and normen (normen/views)
    "planmonitor:overzicht": (
        Rij(LEZEN),
        Rij(LEZEN, query=PEILING_OPENBAAR),
        Rij(PLAN_LOPEND, query=PEILING_INTERN),
    ),
    "planmonitor:cel": (
        Rij(LEZEN, query="?tabel=1&partij=Totaal&kolom=nieuwbouw"),
        Rij(
            PLAN_LOPEND,
            query=lambda w: f"?tabel=1&partij=Totaal&kolom=netto&peiling={w.pm.peiling_intern_pk}",
        ),
    ),
    "planmonitor:projecten": (Rij(LEZEN), Rij(PLAN_LOPEND, query=PEILING_INTERN)),
    "planmonitor:project": (
        Rij(LEZEN, code="P-WSN"),
        Rij(PLAN_LOPEND, code="P-GEHEIM"),
    ),
    "planmonitor:project-nieuw": (
        Rij(PLAN_INVOEREN),
        Rij(PLAN_INVOEREN, methode="post", data={"projectcode": ""}),
    ),
    "planmonitor:project-bewerken": (
        Rij(PLAN_WSN_BEWERKEN, code="P-WSN"),
        Rij(PLAN_WSN_BEWERKEN, methode="post", data={"naam": ""}, code="P-WSN"),
        Rij(PLAN_MARKT_BEWERKEN, code="P-MARKT"),
    ),
    "planmonitor:project-planning": (
        Rij(PLAN_WSN_BEWERKEN, code="P-WSN"),
        Rij(PLAN_MARKT_BEWERKEN, code="P-MARKT"),
    ),
    "planmonitor:project-verwijderen": (
        Rij(PLAN_WSN_BEWERKEN, code="P-WSN"),
        Rij(PLAN_MARKT_BEWERKEN, methode="post", data={}, code="P-MARKT"),
    ),
    "planmonitor:voorstel": (
        Rij(PLAN_WSN_VOORSTELLEN, code="P-WSN"),
        Rij(PLAN_MARKT_VOORSTELLEN, code="P-MARKT"),
        Rij(PLAN_MARKT_VOORSTELLEN, methode="post", data={"toelichting": ""}, code="P-MARKT"),
    ),
    "planmonitor:reageren": (
        Rij(ALLEEN_POST, code="P-MARKT"),
        Rij(PLAN_REAGEREN_POST, methode="post", data={"tekst": ""}, code="P-MARKT"),
    ),
    "planmonitor:voorstel-besluiten": (
        Rij(ALLEEN_POST, pk=lambda w: w.pm.voorstel_pk),
        Rij(
            PLAN_BESLUITEN_POST,
            methode="post",
            data={"besluit": "afwijzen", "toelichting": ""},
            pk=lambda w: w.pm.voorstel_pk,
        ),
    ),
    "planmonitor:mutaties": (
        Rij(PLAN_LOPEND),
        Rij(PLAN_MUTATIE_POST, methode="post", data={"jaar": ""}),
    ),
    "planmonitor:mutatie-verwijderen": (
        Rij(ALLEEN_POST, pk=lambda w: w.pm.mutatie_alliantie_pk),
        Rij(PLAN_MUTATIE_WEG, methode="post", data={}, pk=lambda w: w.pm.mutatie_alliantie_pk),
    ),
    "planmonitor:peilingen": (
        Rij(LEZEN),
        Rij(
            LEZEN, query=lambda w: f"?oud={w.pm.peiling_openbaar_pk}&nieuw={w.pm.peiling_intern_pk}"
        ),
        Rij(PLAN_PEILING_POST, methode="post", data={"naam": ""}),
    ),
    "planmonitor:peiling-publiceren": (
        Rij(ALLEEN_POST, pk=lambda w: w.pm.peiling_openbaar_pk),
        Rij(
            PLAN_PUBLICEREN,
            methode="post",
            data={"publiceren": "1"},
            pk=lambda w: w.pm.peiling_openbaar_pk,
        ),
        Rij(
            PLAN_INTERN_PUBLICEREN,
            methode="post",
            data={"publiceren": "0"},
            pk=lambda w: w.pm.peiling_intern_pk,
        ),
    ),
    "planmonitor:whatif": (
        Rij(PLAN_LOPEND),
        Rij(
            PLAN_LOPEND,
            query="?rij-TOTAL_FORMS=1&rij-INITIAL_FORMS=0&rij-0-projectcode=P-WSN&rij-0-verschuiving=2",
        ),
        Rij(PLAN_SCENARIO_POST, methode="post", data={"opslaan-naam": ""}),
    ),
    "planmonitor:importeren": (
        Rij(PLAN_INVOEREN),
        Rij(PLAN_INVOEREN, methode="post", data={}),
    ),
    "planmonitor:export": Rij(PLAN_LOPEND),
    "planmonitor:export-prognose": (Rij(LEZEN), Rij(PLAN_LOPEND, query=PEILING_INTERN)),
    "planmonitor:export-prognose-json": (Rij(LEZEN), Rij(PLAN_LOPEND, query=PEILING_INTERN)),
    "normen:overzicht": (
        Rij(LEZEN),
        Rij(PLAN_LOPEND, query=PEILING_INTERN),
        Rij(NORM_AFWIJKEN_POST, methode="post", data={"reden": ""}),
        Rij(NORM_AFWIJKEN_POST, methode="post", data={"actie": "norm", "norm-naam": ""}),
    ),
    # Woonruimte and verduurzaming (woonruimte/views, verduurzaming/views)
    "woonruimte:overzicht": Rij(WOON_OVERZICHT),
    "woonruimte:monitor": (
        Rij(WOON_MONITOR, jaar=2025),
        Rij(WOON_MONITOR, jaar=2025, query="?stand=halfjaar"),
    ),
    "woonruimte:publiceren": (
        Rij(ALLEEN_POST),
        Rij(WOON_PUBLICEREN, methode="post", data={"jaar": 2025, "stand": "jaar"}),
    ),
    "woonruimte:reageren": (
        Rij(ALLEEN_POST, jaar=2025),
        Rij(WOON_REAGEREN, methode="post", data={"tekst": ""}, jaar=2025),
    ),
    "verduurzaming:overzicht": Rij(LEZEN),
    "woonruimte:aanleveren": (
        Rij(WOON_AANLEVEREN),
        Rij(WOON_AANLEVEREN, methode="post", data={"soort": "toewijzingen"}),
    ),
    "woonruimte:aanleveringen": Rij(WOON_DETAIL),
    "woonruimte:toewijzingen": (
        Rij(WOON_DETAIL),
        Rij(WOON_DETAIL, query="?jaar=2025&corporatie=WSN&aandachtsgroep=ja"),
        Rij(WOON_DETAIL, query="?jaar=twintig"),
    ),
    "woonruimte:export": (
        Rij(WOON_DETAIL, soort="toewijzingen", formaat="csv"),
        Rij(WOON_DETAIL, soort="woningzoekenden", formaat="xlsx"),
        Rij(WOON_DETAIL, soort="voorraad", formaat="csv", query="?sjabloon=1"),
    ),
    "verduurzaming:aanleveren": (
        Rij(VOORRAAD_AANLEVEREN),
        Rij(VOORRAAD_AANLEVEREN, methode="post", data={"peildatum": "2025-01-01"}),
    ),
    "verduurzaming:woningen": (Rij(WOON_DETAIL), Rij(WOON_DETAIL, query="?label=efg")),
    "verduurzaming:export": (
        Rij(WOON_DETAIL, formaat="csv"),
        Rij(WOON_DETAIL, formaat="xlsx", query="?sjabloon=1"),
    ),
    "normen:afwijking-intrekken": (
        Rij(ALLEEN_POST, pk=lambda w: w.pm.uitzondering_pk),
        Rij(NORM_INTREKKEN, methode="post", data={}, pk=lambda w: w.pm.uitzondering_pk),
    ),
    # overleg/agenda_urls.py: calendar subscriptions
    "agenda:beheer": Rij(INGELOGD, **NIET_KADER),
    "agenda:aanmaken": (
        Rij(ALLEEN_POST, **NIET_KADER),
        Rij(
            AGENDA_ONBEKEND_POST,
            methode="post",
            data={"organisatie": "bestaat-niet"},
            **NIET_KADER,
        ),
    ),
    "agenda:intrekken": (
        Rij(ALLEEN_POST, pk=999999, **NIET_KADER),
        Rij(AGENDA_ONBEKEND_POST, methode="post", pk=999999, **NIET_KADER),
    ),
    "agenda:feed": (
        Rij(AGENDA_FEED, token=lambda w: w.ov.feed_token, **NIET_KADER),
        Rij(ONBEKENDE_LINK, token=lambda w: w.ov.feed_ingetrokken, **NIET_KADER),
        Rij(ONBEKENDE_LINK, token="onbekend", **NIET_KADER),
    ),
    # overleg/urls.py
    "overleg:overzicht": Rij(OV_OVERZICHT),
    "overleg:jaar": (Rij(OV_DEELNEMER, jaar=2026), Rij(OV_DEELNEMER, jaar=2028)),
    "overleg:plannen": Rij(OV_PLANNEN_POST, methode="post", jaar=2026),
    "overleg:publiceren": Rij(OV_PLANNEN_POST, methode="post", jaar=2027),
    "overleg:besluiten": Rij(LEZEN),
    "overleg:actiepunten": (Rij(OV_DEELNEMER), Rij(OV_DEELNEMER, query="?alle=1")),
    "overleg:structuur": Rij(LEZEN),
    "overleg:inrichten": Rij(OV_PLANNEN_POST, methode="post"),
    "overleg:instellingen": Rij(OV_PLANNEN, methode="post", data={"herinnering_dagen": ""}),
    "overleg:vorm_nieuw": (Rij(OV_PLANNEN), Rij(OV_PLANNEN, methode="post", data={"naam": ""})),
    "overleg:vorm": Rij(OV_PLANNEN, pk=lambda w: w.ov.vorm_pk),
    "overleg:vorm_verwijderen": Rij(OV_PLANNEN_POST, methode="post", pk=lambda w: w.ov.vorm_pk),
    "overleg:mijlpaal_nieuw": (
        Rij(OV_PLANNEN),
        Rij(OV_PLANNEN, methode="post", data={"naam": ""}),
    ),
    "overleg:mijlpaal": Rij(OV_PLANNEN, pk=lambda w: w.ov.mijlpaal_pk),
    "overleg:mijlpaal_verwijderen": Rij(
        OV_PLANNEN_POST, methode="post", pk=lambda w: w.ov.mijlpaal_pk
    ),
    "overleg:overleg": (
        Rij(OV_SMAL, pk=lambda w: w.ov.smal_pk),
        Rij(OV_BREED, pk=lambda w: w.ov.breed_pk),
        Rij(OV_CONCEPT, pk=lambda w: w.ov.concept_pk),
    ),
    "overleg:wijzigen": (
        Rij(OV_BREED_PLANNEN, pk=lambda w: w.ov.breed_pk),
        Rij(OV_BREED_PLANNEN, methode="post", data={"datum": ""}, pk=lambda w: w.ov.breed_pk),
    ),
    "overleg:afgelasten": Rij(
        OV_BREED_PLANNEN, methode="post", data={"reden": ""}, pk=lambda w: w.ov.breed_pk
    ),
    "overleg:agendapunt": Rij(
        OV_BREED_PLANNEN, methode="post", data={"titel": ""}, pk=lambda w: w.ov.breed_pk
    ),
    "overleg:agendapunt_verwijderen": Rij(
        OV_BREED_PLANNEN_POST, methode="post", pk=lambda w: w.ov.agendapunt_pk
    ),
    "overleg:document": Rij(OV_BREED_STUK, methode="post", pk=lambda w: w.ov.breed_pk),
    "overleg:document_downloaden": (
        Rij(OV_SMAL, pk=lambda w: w.ov.document_smal_pk),
        Rij(OV_BREED, pk=lambda w: w.ov.document_breed_pk),
    ),
    "overleg:aanwezigheid": Rij(OV_BREED_PLANNEN_POST, methode="post", pk=lambda w: w.ov.breed_pk),
    "overleg:besluit": Rij(
        OV_BREED_PLANNEN, methode="post", data={"tekst": ""}, pk=lambda w: w.ov.breed_pk
    ),
    "overleg:besluit_openbaar": Rij(
        OV_BESLUIT_OPENBAAR,
        methode="post",
        data={"openbaar": "ja"},
        pk=lambda w: w.ov.besluit_openbaar_pk,
    ),
    "overleg:actiepunt": Rij(
        OV_BREED_PLANNEN, methode="post", data={"omschrijving": ""}, pk=lambda w: w.ov.breed_pk
    ),
    "overleg:actiepunt_bijwerken": Rij(
        OV_ACTIE_BIJWERKEN, methode="post", data={}, pk=lambda w: w.ov.actiepunt_pk
    ),
    # rapportage/urls.py
    "rapportage:peilmoment": (Rij(LEZEN, code="2025-06"), Rij(PEIL_OPEN, code="2025-12")),
    "rapportage:maken": (
        Rij(ALLEEN_POST, code="2025-06"),
        Rij(RAPPORT_MAKEN_POST, methode="post", data={"variant": ""}, code="2025-06"),
    ),
    # rapportage/monitor_urls.py
    "monitor:pagina": (Rij(LEZEN), Rij(LEZEN, query="?peilmoment=2025-12")),
    "monitor:opendata": (
        Rij(OPENBARE_DATA, code="2025-06", formaat="json"),
        Rij(OPENBARE_DATA, code="2025-06", formaat="csv"),
        Rij(NIEMAND, code="2025-12", formaat="json"),
        Rij(NIEMAND, code="2025-06", formaat="xml"),
    ),
    "rapportage:download": (
        Rij(LEZEN, pk=lambda w: w.rapport["openbaar"], formaat="pdf"),
        Rij(LEZEN, pk=lambda w: w.rapport["openbaar"], formaat="xlsx"),
        Rij(PEIL_OPEN, pk=lambda w: w.rapport["volledig"], formaat="pdf"),
        Rij(PEIL_OPEN, pk=lambda w: w.rapport["volledig"], formaat="xlsx"),
    ),
    # the REST API (api/urls.py) and its keys page (api/sleutel_urls.py)
    "api-sleutels": (
        Rij(LEDEN_BEHEREN, slug=GEMEENTE_ORG, **NIET_KADER),
        Rij(LEDEN_BEHEREN, methode="post", data={"naam": ""}, slug=GEMEENTE_ORG, **NIET_KADER),
    ),
    "api-sleutel-intrekken": (
        Rij(ALLEEN_POST, slug=GEMEENTE_ORG, pk=lambda w: w.api_ingetrokken, **NIET_KADER),
        Rij(
            LEDEN_BEHEREN_POST,
            methode="post",
            slug=GEMEENTE_ORG,
            pk=lambda w: w.api_ingetrokken,
            **NIET_KADER,
        ),
    ),
    "api:schema": Rij(API_OPEN, **NIET_KADER),
    "api:niet-gevonden": Rij(API_NIET_GEVONDEN, **NIET_KADER),
    "api:kader-list": Rij(API_OPEN),
    "api:kader-detail": Rij(API_LEZEN, slug=lambda w: w.slug),
    "api:afspraak-list": Rij(API_OPEN),
    "api:afspraak-detail": Rij(API_LEZEN, pk=lambda w: w.afspraak_pk),
    "api:activiteit-list": Rij(API_OPEN),
    "api:activiteit-detail": (
        Rij(API_LEZEN, pk=lambda w: w.js.wsn_activiteit.pk),
        Rij(API_LOPEND, pk=lambda w: w.js.concept_activiteit.pk),
    ),
    "api:peilmoment-list": Rij(API_OPEN),
    "api:peilmoment-detail": (
        Rij(API_LEZEN, pk=lambda w: w.js.juni.pk),
        Rij(API_LOPEND, pk=lambda w: w.js.december.pk),
    ),
    "api:voortgang-list": (
        Rij(API_OPEN),
        Rij(
            API_MELDEN,
            methode="post",
            data=lambda w: {
                "peilmoment": w.js.december.pk,
                "activiteit": w.js.wsn_activiteit.pk,
                "status": "vertraagd",
            },
        ),
    ),
    "api:voortgang-detail": (
        Rij(API_LEZEN, pk=lambda w: w.juni_melding),
        Rij(
            API_MELDING_WIJZIGEN,
            methode="put",
            data={"status": "gereed", "toelichting": "Klaar"},
            pk=lambda w: w.juni_melding,
        ),
        Rij(
            API_MELDING_WIJZIGEN,
            methode="patch",
            data={"status": "gereed"},
            pk=lambda w: w.juni_melding,
        ),
    ),
    "api:project-list": Rij(API_OPEN),
    "api:project-detail": (
        Rij(API_LOPEND, pk=lambda w: w.wsn_project),
        Rij(API_PROJECT_WIJZIGEN, methode="patch", data={"totaal": -1}, pk=lambda w: w.wsn_project),
    ),
    "api:besluit-list": Rij(API_OPEN),
    "api:besluit-detail": (
        Rij(API_LEZEN, pk=lambda w: w.ov.besluit_openbaar_pk),
        Rij(API_SMAL, pk=lambda w: w.ov.besluit_intern_pk),
    ),
}


def _zelfde_staat(w: Wereld) -> str:
    """A publicatie POST that changes nothing when allowed: ask for the state it already has."""
    return "publiceren" if w.gepubliceerd else "intrekken"


# --------------------------------------------------------------------------------------------
# Every route of every app, from the resolver


def alle_routes(resolver=None, namespace: str = "") -> set[str]:
    """Every URL name in the project ('app:name'); the admin as the single name 'admin:index';
    a route without a name as '<naamloos: pattern>' (which no row can match, so it fails)."""
    resolver = resolver or get_resolver()
    namen: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                namen.add("admin:index")
                continue
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            namen |= alle_routes(pattern, ns)
        elif isinstance(pattern, URLPattern):
            namen.add(f"{namespace}{pattern.name}" if pattern.name else f"<naamloos: {pattern}>")
    return namen


def test_every_route_is_in_the_matrix():
    routes = alle_routes()
    ontbrekend = sorted(routes - set(ROUTES))
    assert not ontbrekend, (
        "Deze routes staan niet in de permissiematrix; voeg per route één regel toe aan "
        "ROUTES in afspraken/tests/test_permission_matrix.py:\n  " + "\n  ".join(ontbrekend)
    )
    verouderd = sorted(set(ROUTES) - routes)
    assert not verouderd, f"Deze regels in ROUTES horen bij geen route meer: {verouderd}"


def _varianten():
    for naam, rijen in ROUTES.items():
        rijen = rijen if isinstance(rijen, tuple) else (rijen,)
        for i, rij in enumerate(rijen):
            suffix = f"#{i + 1}-{rij.methode}" if len(rijen) > 1 else ""
            staten = (True, False) if rij.per_publicatie else (True,)
            for gepubliceerd in staten:
                status = (
                    ("gepubliceerd" if gepubliceerd else "ongepubliceerd")
                    if rij.per_publicatie
                    else "-"
                )
                yield pytest.param(naam, rij, gepubliceerd, id=f"{naam}{suffix}-{status}")


# --------------------------------------------------------------------------------------------
# The matrix


def _bouw_wereld(gepubliceerd: bool) -> Wereld:
    """The kader with its five parties, organisations of another gemeente (with their own
    kader), and one user per row of GEBRUIKERS (no password hashing: force_login)."""
    ks = maak_kader(gepubliceerd=gepubliceerd)
    verslag = ImportVerslagFactory(kader=ks.kader)
    Brondocument.objects.create(
        kader=ks.kader,
        bestandsnaam="prestatieafspraken.md",
        sha256="0" * 64,
        inhoud=b"# Prestatieafspraken\n",
    )

    gemeente_elders = GemeenteOrganisatieFactory()
    corporatie_elders = OrganisatieFactory()
    huurders_elders = HuurdersorganisatieFactory(corporatie=corporatie_elders)
    kader_elders = AfsprakenkaderFactory(gemeente=gemeente_elders.gemeente, gepubliceerd=False)
    for org in (gemeente_elders, corporatie_elders, huurders_elders):
        PartijFactory(kader=kader_elders, organisatie=org)
    elders = {
        "gemeente": gemeente_elders,
        "corporatie": corporatie_elders,
        "huurders": huurders_elders,
    }

    users, lid_pk, sleutels = {}, None, {}
    for wie in GEBRUIKERS:
        if wie.anoniem:
            continue
        user = UserFactory(
            username=wie.naam,
            password=None,
            is_superuser=wie.sitebeheerder,
            is_staff=wie.sitebeheerder,
        )
        if wie.partij or wie.elders:
            org = getattr(ks, wie.partij) if wie.partij else elders[wie.elders]
            lid = LidmaatschapFactory(user=user, organisatie=org, rol=wie.rol)
            if wie.naam == "lezer-gemeente":
                lid_pk = lid.pk
            sleutels[wie.naam] = sleutel_aanmaken(
                organisatie=org, rol=wie.rol, naam=wie.naam, acting_user=SYSTEEM
            )[1]
        users[wie.naam] = user
    js = maak_jaarschijf_wereld(ks)
    ingetrokken, _ = sleutel_aanmaken(
        organisatie=ks.gemeente, rol=Rol.LEZER, naam="oud", acting_user=SYSTEEM
    )
    sleutel_intrekken(sleutel=ingetrokken, acting_user=SYSTEEM)
    pm = maak_plan_wereld(ks)
    return Wereld(
        slug=ks.kader.slug,
        gepubliceerd=gepubliceerd,
        verslag_pk=verslag.pk,
        bijstelling_pk=ks.kader.bijstellingen.get().pk,
        gemeente_pk=ks.gemeente.gemeente_id,
        gemeente_org_slug=ks.gemeente.slug,
        lid_pk=lid_pk,
        uitnodiging_pk=UitnodigingFactory(organisatie=ks.gemeente).pk,
        js=js,
        pm=pm,
        users=users,
        sleutels=sleutels,
        api_ingetrokken=ingetrokken.pk,
        afspraak_pk=next(iter(ks.afspraken.values())).pk,
        juni_melding=Voortgang.objects.get(peilmoment=js.juni, activiteit=js.wsn_activiteit).pk,
        wsn_project=Bouwproject.objects.get(kader=ks.kader, projectcode=pm.wsn_project).pk,
        woon=_woondata(ks),
        ov=maak_overleg_wereld(ks),
        rapport={
            variant: maak_rapport(peilmoment=js.juni, variant=variant, acting_user=SYSTEEM).pk
            for variant in ("volledig", "openbaar")
        },
    )


def _woondata(ks) -> int:
    """Three lettings of WSN in 2025 (the beschikbaarheidsmonitor has a year to show)."""
    from prestatiemonitor.woonruimte.tests.factories import toewijzing, toewijzingen_csv
    from prestatiemonitor.woonruimte.uitwisseling import importeren

    naam = ks.wsn.korte_naam or ks.wsn.naam
    rijen = [toewijzing(Corporatie=naam, Datum=f"2025-0{m}-10") for m in (2, 5, 9)]
    return importeren(
        kader=ks.kader,
        soort="toewijzingen",
        data=toewijzingen_csv(*rijen),
        bestandsnaam="toewijzingen.csv",
        acting_user=SYSTEEM,
    ).nieuw


def _url(naam: str, rij: Rij, w: Wereld) -> str:
    kwargs = {k: _waarde(v, w) for k, v in rij.kwargs.items()}
    try:
        url = reverse(naam, kwargs=kwargs)
    except NoReverseMatch:
        url = reverse(naam, kwargs={"kader": w.slug, **kwargs})
    return url + _waarde(rij.query, w)


def _beschrijf(response) -> object:
    if response.status_code != 302:
        return response.status_code
    location = response["Location"]
    if location.startswith(reverse("admin:login")):
        return ADMIN_LOGIN
    if location.startswith(reverse("login") + "?next="):
        return LOGIN
    return DOOR


def _toestand(w: Wereld):
    kader = Afsprakenkader.objects.get(slug=w.slug)
    return (
        kader.gepubliceerd,
        list(Bijstelling.objects.filter(kader=kader).values_list("pk", flat=True)),
        sorted(Lidmaatschap.objects.values_list("pk", "rol", "functie")),
        # The jaarschijf and voortgang: every record with its versie or status.
        sorted(Jaarschijf.objects.values_list("pk", "status", "versie")),
        sorted(Activiteit.objects.values_list("pk", "versie")),
        sorted(Peilmoment.objects.values_list("pk", "status", "deadline")),
        sorted(Voortgang.objects.values_list("pk", "status", "versie")),
        sorted(Bijlage.objects.values_list("pk", flat=True)),
        sorted(Reactie.objects.values_list("pk", flat=True)),
        sorted(Advies.objects.values_list("pk", "versie")),
        sorted(Herinnering.objects.values_list("pk", flat=True)),
        sorted(DekkingsAcceptatie.objects.values_list("pk", flat=True)),
        sorted(JaarschijfWijziging.objects.values_list("pk", flat=True)),
        # The planmonitor and the norms.
        sorted(Bouwproject.objects.values_list("pk", "versie")),
        sorted(Oplevering.objects.values_list("pk", flat=True)),
        sorted(Voorraadmutatie.objects.values_list("pk", "versie")),
        sorted(Peiling.objects.values_list("pk", "gepubliceerd")),
        sorted(Wijzigingsvoorstel.objects.values_list("pk", "status")),
        sorted(ProjectReactie.objects.values_list("pk", flat=True)),
        sorted(Scenario.objects.values_list("pk", flat=True)),
        sorted(Normuitzondering.objects.values_list("pk", "ingetrokken_op")),
        # Woonruimte and verduurzaming: every delivery and its rows.
        sorted(Aanlevering.objects.values_list("pk", flat=True)),
        Toewijzing.objects.count(),
        sorted(Voorraadopname.objects.values_list("pk", "inhoud_sha256")),
        Woning.objects.count(),
        # Overleg: the structure, the plannings and everything recorded on a meeting.
        sorted(Overleginstellingen.objects.values_list("pk", "schoolregio", "herinnering_dagen")),
        sorted(Overlegvorm.objects.values_list("pk", "naam", "per_jaar")),
        sorted(OverlegMijlpaal.objects.values_list("pk", "maand")),
        sorted(Jaarplanning.objects.values_list("pk", "status")),
        sorted(Overleg.objects.values_list("pk", "datum", "status", "sequence")),
        sorted(Agendapunt.objects.values_list("pk", flat=True)),
        sorted(Overlegdocument.objects.values_list("pk", flat=True)),
        sorted(Aanwezigheid.objects.values_list("pk", "aanwezig")),
        sorted(Besluit.objects.values_list("pk", "openbaar")),
        sorted(Actiepunt.objects.values_list("pk", "status", "versie")),
        sorted(AgendaFeed.objects.values_list("pk", "ingetrokken_op")),
        # Rapportage: every report with its state.
        sorted(Rapport.objects.values_list("pk", "status", "versie")),
        # API keys.
        sorted(ApiSleutel.objects.values_list("pk", "ingetrokken_op")),
    )


# The world is built once per worker (module), inside a transaction that stays open while the
# matrix runs: each case runs in a savepoint within it (pytest-django's db fixture) that is
# rolled back afterwards, so every case, POSTs included, starts from the same fresh world. The
# unpublished world is the published one with the kader's flag cleared inside the case's own
# savepoint: maak_kader(gepubliceerd=...) differs in nothing else. Each user's session is made
# once with the world, so a case needs no force_login per user.


@pytest.fixture(scope="module")
def _wereld_in_transactie(django_db_setup, django_db_blocker, tmp_path_factory):
    """(world, its evidence files, session key per user), rolled back after the module."""
    bijlagen = tmp_path_factory.mktemp("bijlagen-wereld")
    with django_db_blocker.unblock():
        buiten = transaction.atomic()
        buiten.__enter__()
        try:
            with override_settings(BIJLAGEN_ROOT=bijlagen):
                w = _bouw_wereld(gepubliceerd=True)
            sessies = {}
            for naam, user in w.users.items():
                c = Client()
                c.force_login(user)
                sessies[naam] = c.cookies[django_settings.SESSION_COOKIE_NAME].value
        except BaseException:
            transaction.set_rollback(True)
            buiten.__exit__(None, None, None)
            raise
    yield w, bijlagen, sessies
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        buiten.__exit__(None, None, None)


@pytest.fixture
def wereld(_wereld_in_transactie, _bijlagen_in_tmp, settings, gepubliceerd):
    """The module's world in this case's savepoint, published or not; its evidence files
    copied afresh to this case's BIJLAGEN_ROOT."""
    w, bijlagen, sessies = _wereld_in_transactie
    if not gepubliceerd:
        Afsprakenkader.objects.filter(slug=w.slug).update(gepubliceerd=False)
    shutil.copytree(bijlagen, settings.BIJLAGEN_ROOT, dirs_exist_ok=True)
    return replace(w, gepubliceerd=gepubliceerd), sessies


def _als(client, wie: Wie, sessies: dict) -> None:
    """The client as this user (a fresh cookie jar with the user's session), or anonymous."""
    client.cookies = SimpleCookie()
    if not wie.anoniem:
        client.cookies[django_settings.SESSION_COOKIE_NAME] = sessies[wie.naam]


@pytest.mark.parametrize(("naam", "rij", "gepubliceerd"), list(_varianten()))
def test_permission_matrix(client, naam, rij, gepubliceerd, wereld):
    w, sessies = wereld
    voor = _toestand(w)
    afwijkingen = []
    for wie in GEBRUIKERS:
        _als(client, wie, sessies)
        url = _url(naam, rij, w)
        extra = {}
        if url.startswith("/api/"):
            extra["content_type"] = "application/json"
            if wie.naam in w.sleutels:
                extra["HTTP_AUTHORIZATION"] = f"Bearer {w.sleutels[wie.naam]}"
            if rij.methode in ("put", "patch"):
                extra["HTTP_IF_MATCH"] = '"1"'
        if rij.methode in ("post", "put", "patch"):
            response = getattr(client, rij.methode)(url, _waarde(rij.data, w) or {}, **extra)
        else:
            extra.pop("content_type", None)
            response = client.get(url, **extra)
        gekregen = _beschrijf(response)
        verwacht = rij.regel(wie, gepubliceerd)
        if gekregen != verwacht:
            afwijkingen.append(
                f"{wie.naam:<28} {rij.methode.upper()} {url}: {gekregen} i.p.v. {verwacht}"
            )
    assert not afwijkingen, "\n" + "\n".join(afwijkingen)
    # Nobody, however privileged, changed anything through the matrix's requests.
    assert _toestand(w) == voor
