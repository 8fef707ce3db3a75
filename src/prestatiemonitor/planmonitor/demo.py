"""A fictitious planmonitor for the Nijkerk demo, every project and mutation a *voorbeeld*.

The hard plans and mutations reproduce the per-corporation figures of the document's Tabel 1
and 2 (per 28 januari 2025): WSN 526 sociale huur new build in 2025–2027, 125 sold, 215 in the
doorkijk; de Alliantie 30 new, 6 overgeheveld to middenhuur, 10 sold; middenhuur WSN 9 (+8
doorkijk), de Alliantie 6 (+6 overheveling). Computed, the totals then differ from the printed
ones where the document did not add up (Tabel 1's sloop column: −6, not 0; Tabel 2's doorkijk:
8, not 18).

Two review rounds, "Najaar 2025" and "Voorjaar 2026", both published, with delays between
them (Oosterholt 2026 → 2027, netcongestie; Bloemendaal 2028 → 2029, stikstof); a few market
projects that pass and fail the norms; one recorded exception (Watergoor, afspraak 1).

Idempotent: nothing happens when the kader already has projects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from prestatiemonitor.afspraken.models import Afsprakenkader
from prestatiemonitor.normen import services as normen_services
from prestatiemonitor.normen.models import Normdefinitie
from prestatiemonitor.organisaties.models import Organisatie
from prestatiemonitor.organisaties.permissions import SYSTEEM

from . import services
from .constants import EigenaarSoort, Fase, MutatieSegment, MutatieSoort, Realisatie
from .models import Bouwproject, Hardheid, Knelpunt
from .services import PlanningRij, ProjectGegevens


@dataclass(frozen=True)
class DemoProject:
    code: str
    naam: str
    kern: str
    eigenaar: str  # organisation slug, or a market party's name
    soort: str
    hardheid: str
    fase: str
    jaar: int
    segmenten: dict[str, int]
    planning: tuple[tuple[int, str, dict[str, int]], ...] = ()
    instandhouding: int | None = None
    locatie: tuple[str, str] | None = None
    knelpunten: tuple[str, ...] = ()
    toelichting: str = ""
    vertrouwelijk: bool = False
    typen: dict[str, int] = field(default_factory=dict)


SH, MH, VK, SK, BK = (
    "sociale_huur",
    "middenhuur",
    "vrije_sector_koop",
    "sociale_koop",
    "betaalbare_koop",
)

PROJECTEN = [
    DemoProject(
        "WSN-01",
        "De Kolk",
        "Nijkerk",
        "wsn",
        EigenaarSoort.CORPORATIE,
        "1A",
        Fase.OPGELEVERD,
        2025,
        {SH: 48},
        locatie=("52.2205", "5.4870"),
        typen={"meergezins": 48, "nultreden": 48},
    ),
    DemoProject(
        "WSN-02",
        "Paasbos fase 1",
        "Nijkerk",
        "wsn",
        EigenaarSoort.CORPORATIE,
        "1A",
        Fase.OPGELEVERD,
        2025,
        {SH: 32},
        locatie=("52.2290", "5.5010"),
        typen={"eengezins": 32},
    ),
    DemoProject(
        "WSN-03",
        "Doornsteeg deelplan 3",
        "Nijkerk",
        "wsn",
        EigenaarSoort.CORPORATIE,
        "2A",
        Fase.IN_AANBOUW,
        2026,
        {SH: 120, MH: 9},
        locatie=("52.2260", "5.4700"),
        typen={"eengezins": 60, "meergezins": 69},
    ),
    DemoProject(
        "WSN-04",
        "Hoevelaken Centrum",
        "Hoevelaken",
        "wsn",
        EigenaarSoort.CORPORATIE,
        "1B",
        Fase.IN_AANBOUW,
        2026,
        {SH: 106},
        locatie=("52.1760", "5.4560"),
        typen={"meergezins": 106, "geclusterd": 24},
    ),
    DemoProject(
        "WSN-05",
        "Watergoor",
        "Nijkerk",
        "wsn",
        EigenaarSoort.CORPORATIE,
        "2A",
        Fase.VERGUNNING_VERLEEND,
        2028,
        {SH: 200},
        planning=((2027, Realisatie.GEPLAND, {SH: 140}), (2028, Realisatie.GEPLAND, {SH: 60})),
        locatie=("52.2150", "5.4800"),
        toelichting="Oplevering in twee fasen.",
    ),
    DemoProject(
        "WSN-06",
        "Oosterholt",
        "Nijkerk",
        "wsn",
        EigenaarSoort.CORPORATIE,
        "2A",
        Fase.VERGUNNING_AANGEVRAAGD,
        2026,
        {SH: 80},
        locatie=("52.2240", "5.5120"),
        knelpunten=("Netcongestie",),
    ),
    DemoProject(
        "WSN-07",
        "Bloemendaal",
        "Nijkerkerveen",
        "wsn",
        EigenaarSoort.CORPORATIE,
        "2B",
        Fase.ONTWERP,
        2028,
        {SH: 155, MH: 8},
        locatie=("52.1950", "5.4680"),
        knelpunten=("Stikstof",),
    ),
    DemoProject(
        "WSN-08",
        "Slichtenhorst-Zuid",
        "Nijkerk",
        "wsn",
        EigenaarSoort.CORPORATIE,
        "3",
        Fase.PLANVORMING,
        2030,
        {SH: 60},
        toelichting="Zacht plan: telt niet mee in Tabel 1.",
    ),
    DemoProject(
        "ALL-01",
        "Frieswijk",
        "Nijkerk",
        "de-alliantie",
        EigenaarSoort.CORPORATIE,
        "2A",
        Fase.IN_AANBOUW,
        2026,
        {SH: 30, MH: 6},
        locatie=("52.2300", "5.4790"),
    ),
    DemoProject(
        "ALL-02",
        "Verbouwing Kerkstraat",
        "Nijkerk",
        "de-alliantie",
        EigenaarSoort.CORPORATIE,
        "4B",
        Fase.INITIATIEF,
        2031,
        {SH: 12},
        vertrouwelijk=True,
        toelichting="Vertrouwelijk: grondverwerving loopt.",
    ),
    DemoProject(
        "MP-01",
        "Spoorzone",
        "Nijkerk",
        "Bouwbedrijf Voorbeeld BV",
        EigenaarSoort.MARKTPARTIJ,
        "3",
        Fase.PLANVORMING,
        2028,
        {SH: 30, SK: 6, MH: 6, VK: 78},
        instandhouding=15,
        locatie=("52.2195", "5.4905"),
        toelichting="Sociale huur met 15 jaar instandhouding: telt niet mee voor afspraak 3.",
    ),
    DemoProject(
        "MP-02",
        "Van Reenenpark",
        "Nijkerk",
        "Ontwikkelaar Voorbeeld",
        EigenaarSoort.MARKTPARTIJ,
        "2B",
        Fase.VERGUNNING_AANGEVRAAGD,
        2026,
        {SK: 4, BK: 20, VK: 16},
        locatie=("52.2270", "5.4850"),
        knelpunten=("Bezwaar en beroep",),
    ),
    DemoProject(
        "MP-03",
        "Corlaer-Oost",
        "Nijkerk",
        "Voorbeeld Vastgoed",
        EigenaarSoort.MARKTPARTIJ,
        "2C",
        Fase.PLANVORMING,
        2029,
        {SH: 16, SK: 2, VK: 32},
        instandhouding=25,
    ),
]

# (corporation slug, year, kind, segment, number, status)
MUTATIES = [
    ("wsn", 2025, MutatieSoort.VERKOOP, MutatieSegment.SOCIALE_HUUR, 50, Realisatie.GEPLAND),
    ("wsn", 2025, MutatieSoort.VERKOOP, MutatieSegment.SOCIALE_HUUR, 45, Realisatie.GEREALISEERD),
    ("wsn", 2026, MutatieSoort.VERKOOP, MutatieSegment.SOCIALE_HUUR, 40, Realisatie.GEPLAND),
    ("wsn", 2027, MutatieSoort.VERKOOP, MutatieSegment.SOCIALE_HUUR, 40, Realisatie.GEPLAND),
    (
        "de-alliantie",
        2025,
        MutatieSoort.OVERHEVELING,
        MutatieSegment.SOCIALE_HUUR,
        6,
        Realisatie.GEREALISEERD,
    ),
    (
        "de-alliantie",
        2025,
        MutatieSoort.VERKOOP,
        MutatieSegment.SOCIALE_HUUR,
        4,
        Realisatie.GEREALISEERD,
    ),
    (
        "de-alliantie",
        2026,
        MutatieSoort.VERKOOP,
        MutatieSegment.SOCIALE_HUUR,
        3,
        Realisatie.GEPLAND,
    ),
    (
        "de-alliantie",
        2027,
        MutatieSoort.VERKOOP,
        MutatieSegment.SOCIALE_HUUR,
        3,
        Realisatie.GEPLAND,
    ),
]

# Before the first round these projects stood elsewhere; the change after it is a delay.
EERDER = {"WSN-06": 2026, "WSN-07": 2028, "MP-02": 2026}
NU = {
    "WSN-06": (
        2027,
        "Netcongestie: aansluiting pas in 2027 toegezegd.",
        "Tijdelijke aansluiting onderzocht met de netbeheerder.",
    ),
    "WSN-07": (2029, "Stikstofberekening opnieuw nodig.", "Extern bureau ingeschakeld."),
    "MP-02": (2027, "Bezwaar tegen de omgevingsvergunning.", ""),
}


def _gegevens(
    kader: Afsprakenkader, d: DemoProject, orgs: dict[str, Organisatie], jaar: int
) -> ProjectGegevens:
    hardheid = Hardheid.objects.get(code=d.hardheid)
    eigenaar = orgs.get(d.eigenaar)
    aantallen: dict = {**d.segmenten, **d.typen}
    return ProjectGegevens(
        projectcode=d.code,
        naam=f"{d.naam} (voorbeeld)",
        kern=d.kern,
        eigenaar_soort=d.soort,
        eigenaar=eigenaar,
        eigenaar_naam="" if eigenaar else d.eigenaar,
        hardheid=hardheid,
        fase=d.fase,
        oplevering_jaar=jaar,
        totaal=sum(d.segmenten.values()),
        instandhoudingstermijn=d.instandhouding,
        breedtegraad=d.locatie[0] if d.locatie else None,  # type: ignore[arg-type]
        lengtegraad=d.locatie[1] if d.locatie else None,  # type: ignore[arg-type]
        vertrouwelijk=d.vertrouwelijk,
        voorbeeld=True,
        toelichting=d.toelichting,
        prijspeil=2025,
        knelpunten=list(Knelpunt.objects.filter(naam__in=d.knelpunten)),
        **aantallen,
    )


@dataclass
class DemoResultaat:
    projecten: int
    mutaties: int
    peilingen: int


@transaction.atomic
def demo_planmonitor(kader: Afsprakenkader) -> DemoResultaat | None:
    if Bouwproject.objects.filter(kader=kader).exists():
        return None
    orgs = {o.slug: o for o in Organisatie.objects.filter(partij_set__kader=kader)}
    services.hardheidlabels_inrichten(kader=kader, acting_user=SYSTEEM)
    if not Normdefinitie.objects.filter(kader=kader).exists():
        normen_services.normen_inrichten(kader=kader, acting_user=SYSTEEM)
    projecten = {}
    for d in PROJECTEN:
        jaar = EERDER.get(d.code, d.jaar)
        p = services.project_aanmaken(
            kader=kader, gegevens=_gegevens(kader, d, orgs, jaar), acting_user=SYSTEEM
        )
        if d.planning:
            services.planning_vastleggen(
                project=p,
                rijen=[PlanningRij(j, s, seg) for j, s, seg in d.planning],
                acting_user=SYSTEEM,
            )
        projecten[d.code] = p
    for slug, jaar, soort, segment, aantal, status in MUTATIES:
        services.mutatie_opslaan(
            kader=kader,
            corporatie=orgs[slug],
            jaar=jaar,
            soort=soort,
            segment=segment,
            aantal=aantal,
            status=status,
            voorbeeld=True,
            acting_user=SYSTEEM,
            toelichting="Voorbeeld",
        )
    eerste = services.peiling_vastleggen(
        kader=kader,
        naam="Najaar 2025",
        peildatum=date(2025, 10, 1),
        acting_user=SYSTEEM,
        toelichting="Voorbeeld: eerste peiling van de werkgroep.",
    )
    for d in PROJECTEN:
        if d.code in NU:
            jaar, oorzaak, remedie = NU[d.code]
            p = Bouwproject.objects.get(pk=projecten[d.code].pk)
            services.project_wijzigen(
                project=p,
                gegevens=_gegevens(kader, d, orgs, jaar),
                acting_user=SYSTEEM,
                vertraging_oorzaak=oorzaak,
                vertraging_remedie=remedie,
            )
    tweede = services.peiling_vastleggen(
        kader=kader,
        naam="Voorjaar 2026",
        peildatum=date(2026, 4, 1),
        acting_user=SYSTEEM,
        toelichting="Voorbeeld: tweede peiling van de werkgroep.",
    )
    for peiling in (eerste, tweede):
        services.peiling_publiceren(peiling=peiling, acting_user=SYSTEEM)
    norm = Normdefinitie.objects.filter(kader=kader, code="afspraak-1-middenhuur").first()
    if norm is not None:
        normen_services.uitzondering_vastleggen(
            norm=norm,
            onderwerp="WSN-05",
            acting_user=SYSTEEM,
            reden="Voorbeeld: het plan was vóór de prestatieafspraken vergund; de middenhuur komt in Bloemendaal.",
            besluit="Voorbeeld: besluit B&W",
            besloten_op=date(2025, 6, 10),
        )
    return DemoResultaat(len(PROJECTEN), len(MUTATIES), 2)
