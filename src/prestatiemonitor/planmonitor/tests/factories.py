"""A small planmonitor world on top of ``maak_kader`` (afspraken/tests/factories.py), for the
permission matrix and view tests: WSN's project, a market project, a vertrouwelijk project of
de Alliantie, mutations of WSN and de Alliantie, a published and an unpublished round, an open
proposal of HON, the standard norms and one exception."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from prestatiemonitor.normen import services as normen_services
from prestatiemonitor.organisaties.permissions import SYSTEEM
from prestatiemonitor.planmonitor import services
from prestatiemonitor.planmonitor.constants import EigenaarSoort, Fase
from prestatiemonitor.planmonitor.models import Hardheid
from prestatiemonitor.planmonitor.services import ProjectGegevens


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


def gegevens(code: str, **velden) -> ProjectGegevens:
    standaard = {
        "projectcode": code,
        "naam": f"Project {code}",
        "kern": "Nijkerk",
        "eigenaar_soort": EigenaarSoort.CORPORATIE,
        "hardheid": Hardheid.objects.get(code="1A"),
        "fase": Fase.IN_AANBOUW,
        "oplevering_jaar": 2026,
        "sociale_huur": 40,
        "totaal": 40,
    }
    standaard.update(velden)
    return ProjectGegevens(**standaard)


def maak_plan_wereld(ks) -> PlanWereld:
    kader = ks.kader
    services.project_aanmaken(
        kader=kader, gegevens=gegevens("P-WSN", eigenaar=ks.wsn), acting_user=SYSTEEM
    )
    markt = services.project_aanmaken(
        kader=kader,
        gegevens=gegevens(
            "P-MARKT",
            eigenaar_soort=EigenaarSoort.MARKTPARTIJ,
            eigenaar_naam="Bouwer BV",
            sociale_huur=0,
            vrije_sector_koop=30,
            totaal=30,
            hardheid=Hardheid.objects.get(code="2A"),
        ),
        acting_user=SYSTEEM,
    )
    services.project_aanmaken(
        kader=kader,
        gegevens=gegevens("P-GEHEIM", eigenaar=ks.alliantie, vertrouwelijk=True),
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
