"""Small worlds for the planmonitor and normen tests.

- ``feit(...)``/``mutatie(...)``: hand-built facts for the pure prognosis tests.
- ``eenmalig(django_db_blocker)``: data built once per test module and rolled back after it
  (what ``TestCase.setUpTestData`` does); every test still runs in its own savepoint, so its
  writes are undone before the next test. Tests re-read model instances (``vers``) instead of
  mutating the shared ones.
- ``nijkerk_wereld()``: the imported Nijkerk kader with one member per role that matters.
- ``gegevens(...)``: a valid ``ProjectGegevens`` with a few defaults.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction

import prestatiemonitor
from prestatiemonitor.normen import services as normen_services
from prestatiemonitor.organisaties.permissions import SYSTEEM
from prestatiemonitor.planmonitor import services
from prestatiemonitor.planmonitor.constants import SEGMENTEN, EigenaarSoort, Fase, Realisatie
from prestatiemonitor.planmonitor.prognose import Levering, MutatieFeit, ProjectFeit
from prestatiemonitor.planmonitor.services import ProjectGegevens

NIJKERK_DOCUMENT = (
    Path(prestatiemonitor.__file__).parent / "data" / "prestatieafspraken-nijkerk-2025-2027.md"
)

HARD = {"1A", "1B", "2A", "2B"}


def feit(
    code: str,
    *,
    eigenaar_id: int | None = 1,
    soort: str = EigenaarSoort.CORPORATIE,
    hardheid: str = "1A",
    jaar: int = 2025,
    fase: str = Fase.IN_AANBOUW,
    planning: tuple[tuple[int, str, dict[str, int]], ...] = (),
    instandhouding: int | None = None,
    plancapaciteit: bool = True,
    **segmenten: int,
) -> ProjectFeit:
    return ProjectFeit(
        projectcode=code,
        naam=f"Project {code}",
        kern="Nijkerk",
        eigenaar_id=eigenaar_id if soort == EigenaarSoort.CORPORATIE else None,
        eigenaar_soort=soort,
        eigenaar_label="",
        hardheid=hardheid,
        hard=hardheid in HARD,
        plancapaciteit=plancapaciteit,
        fase=fase,
        oplevering_jaar=jaar,
        oplevering_kwartaal=None,
        segmenten=dict(segmenten),
        totaal=sum(segmenten.values()),
        instandhoudingstermijn=instandhouding,
        planning=tuple(Levering(j, s, seg) for j, s, seg in planning),
    )


def mutatie(
    corporatie_id: int,
    jaar: int,
    soort: str,
    aantal: int,
    *,
    segment: str = "sociale_huur",
    status: str = Realisatie.GEPLAND,
) -> MutatieFeit:
    return MutatieFeit(corporatie_id, jaar, soort, segment, aantal, status)


@contextmanager
def eenmalig(django_db_blocker):
    """Build data once for a module (inside this block); rolled back when the module ends."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


@dataclass
class Wereld:
    kader: object
    orgs: dict
    leden: dict


def nijkerk_wereld() -> Wereld:
    """The Nijkerk kader imported from the real document, its parties, one member per role
    (the same members as the ``leden`` fixture)."""
    from prestatiemonitor.afspraken.importer.services import gemeente_by_code, import_document
    from prestatiemonitor.organisaties.constants import Rol
    from prestatiemonitor.organisaties.demo import ensure_nijkerk_parties
    from prestatiemonitor.organisaties.permissions import SYSTEEM
    from prestatiemonitor.organisaties.tests.factories import LidmaatschapFactory

    orgs = ensure_nijkerk_parties()
    kader = import_document(
        data=NIJKERK_DOCUMENT.read_bytes(),
        bestandsnaam=NIJKERK_DOCUMENT.name,
        gemeente=gemeente_by_code("GM0267"),
        acting_user=SYSTEEM,
    ).kader

    def lid(slug, rol):
        return LidmaatschapFactory(organisatie=orgs[slug], rol=rol).user

    leden = {
        "gemeente_beheerder": lid("gemeente-nijkerk", Rol.BEHEERDER),
        "gemeente_redacteur": lid("gemeente-nijkerk", Rol.REDACTEUR),
        "gemeente_lezer": lid("gemeente-nijkerk", Rol.LEZER),
        "wsn": lid("wsn", Rol.REDACTEUR),
        "wsn_lezer": lid("wsn", Rol.LEZER),
        "alliantie": lid("de-alliantie", Rol.REDACTEUR),
        "hon_redacteur": lid("hon", Rol.REDACTEUR),
        "hon_lezer": lid("hon", Rol.LEZER),
    }
    return Wereld(kader=kader, orgs=orgs, leden=leden)


def gegevens(**velden) -> ProjectGegevens:
    """A valid project: 10 sociale huur, hard (1A), delivering in 2026; override any field.
    ``hardheid`` may be given as a code."""
    from prestatiemonitor.planmonitor.models import Hardheid

    segmenten = {s: velden.pop(s) for s in SEGMENTEN if s in velden}
    if not segmenten:
        segmenten = {"sociale_huur": 10}
    hardheid = velden.pop("hardheid", "1A")
    if isinstance(hardheid, str):
        hardheid = Hardheid.objects.get(code=hardheid)
    waarden = {
        "projectcode": "P-1",
        "naam": "Proefproject",
        "kern": "Nijkerk",
        "eigenaar_soort": EigenaarSoort.CORPORATIE,
        "fase": Fase.ONTWERP,
        "oplevering_jaar": 2026,
        "totaal": sum(segmenten.values()),
        **velden,
    }
    return ProjectGegevens(hardheid=hardheid, **segmenten, **waarden)


@dataclass
class PlanWereld:
    wsn_project: str
    markt_project: str
    geheim_project: str
    mutatie_wsn_pk: int
    mutatie_alliantie_pk: int
    peiling_openbaar_pk: int
    peiling_intern_pk: int
    voorstel_pk: int
    uitzondering_pk: int


def maak_plan_wereld(ks) -> PlanWereld:
    kader = ks.kader
    services.project_aanmaken(
        kader=kader,
        gegevens=gegevens(projectcode="P-WSN", eigenaar=ks.wsn, sociale_huur=40),
        acting_user=SYSTEEM,
    )
    markt = services.project_aanmaken(
        kader=kader,
        gegevens=gegevens(
            projectcode="P-MARKT",
            eigenaar_soort=EigenaarSoort.MARKTPARTIJ,
            eigenaar_naam="Bouwer BV",
            vrije_sector_koop=30,
            hardheid="2A",
        ),
        acting_user=SYSTEEM,
    )
    services.project_aanmaken(
        kader=kader,
        gegevens=gegevens(
            projectcode="P-GEHEIM", eigenaar=ks.alliantie, vertrouwelijk=True, sociale_huur=40
        ),
        acting_user=SYSTEEM,
    )
    m_wsn = services.mutatie_opslaan(
        kader=kader,
        corporatie=ks.wsn,
        jaar=2026,
        soort="verkoop",
        segment="sociale_huur",
        aantal=5,
        status="gepland",
        acting_user=SYSTEEM,
    )
    m_all = services.mutatie_opslaan(
        kader=kader,
        corporatie=ks.alliantie,
        jaar=2026,
        soort="sloop",
        segment="sociale_huur",
        aantal=2,
        status="gepland",
        acting_user=SYSTEEM,
    )
    openbaar = services.peiling_vastleggen(
        kader=kader, naam="Voorjaar", peildatum=date(2026, 4, 1), acting_user=SYSTEEM
    )
    services.peiling_publiceren(peiling=openbaar, acting_user=SYSTEEM)
    intern = services.peiling_vastleggen(
        kader=kader, naam="Najaar", peildatum=date(2026, 10, 1), acting_user=SYSTEEM
    )
    voorstel = services.voorstel_indienen(
        project=markt,
        wijzigingen={"oplevering_jaar": 2027},
        toelichting="Vergunning loopt uit.",
        organisatie=ks.hon,
        acting_user=SYSTEEM,
    )
    normen = {n.code: n for n in normen_services.normen_inrichten(kader=kader, acting_user=SYSTEEM)}
    uitzondering = normen_services.uitzondering_vastleggen(
        norm=normen["afspraak-3-sociaal-aandeel"],
        onderwerp="P-MARKT",
        reden="Grond gekocht vóór de afspraken.",
        besluit="B&W",
        besloten_op=date(2026, 1, 15),
        acting_user=SYSTEEM,
    )
    return PlanWereld(
        wsn_project="P-WSN",
        markt_project="P-MARKT",
        geheim_project="P-GEHEIM",
        mutatie_wsn_pk=m_wsn.pk,
        mutatie_alliantie_pk=m_all.pk,
        peiling_openbaar_pk=openbaar.pk,
        peiling_intern_pk=intern.pk,
        voorstel_pk=voorstel.pk,
        uitzondering_pk=uitzondering.pk,
    )
