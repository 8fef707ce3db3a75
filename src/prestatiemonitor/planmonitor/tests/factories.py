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
from pathlib import Path

from django.db import transaction

import prestatiemonitor
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
