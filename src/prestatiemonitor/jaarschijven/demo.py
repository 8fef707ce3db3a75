"""A plausible voortgangsmonitor for the Nijkerk demo, every record labelled *voorbeeld*.

``demo_jaarschijven(kader)`` builds, through the services and with the demo accounts of
``organisaties/demo.py``:

- jaarschijf 2025, vastgesteld (ambtelijk overleg 19-11-2024, bestuurlijk overleg breed
  10-12-2024): 26 activities derived from the strategische afspraken, the trekker per afspraak
  the gemeente, WSN or de Alliantie, some with a measurable target; afspraken 21, 22 and 29 are
  accepted gaps;
- peilmoment June 2025 and December 2025, reported and closed: a few activities vertraagd or
  aandacht nodig (with toelichting), a reactie of HON and an advies of HBVA on December;
- jaarschijf 2026, concept: started from 2025 with the 10 unfinished activities carried over,
  plus 4 new ones;
- peilmoment June 2026, open (deadline passed): WSN reported everything, the gemeente 4 of its
  8 activities, de Alliantie nothing yet.

Idempotent: nothing happens when the kader already has a jaarschijf 2025. All in one
transaction, all dates in the past (the services refuse meetings in the future).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from prestatiemonitor.afspraken.constants import AfspraakSoort
from prestatiemonitor.afspraken.models import Afsprakenkader
from prestatiemonitor.organisaties.models import Organisatie
from prestatiemonitor.organisaties.permissions import SYSTEEM

from . import services
from .constants import JaarschijfStatus, PlanningSoort, VoortgangStatus
from .models import Activiteit, Jaarschijf

VOORBEELD = " (voorbeeld)"

# Who reports for which trekker (organisaties/demo.py); reacties and advies.
MELDERS = {"gemeente-nijkerk": "beleid.nijkerk", "wsn": "medewerker.wsn"}
MELDERS["de-alliantie"] = "medewerker.alliantie"
REAGEERDER = "secretaris.hon"
ADVISEUR = "voorzitter.hbva"


@dataclass(frozen=True)
class Melding:
    status: str
    toelichting: str = ""
    aantal: int | None = None


@dataclass(frozen=True)
class DemoActiviteit:
    sleutel: str
    afspraken: tuple[str, ...]
    trekker: str  # organisation slug
    titel: str
    omschrijving: str
    beoogd_resultaat: str
    juni: Melding
    december: Melding
    planning: tuple = ()  # ("kwartaal", 3) / ("maand", 7)
    doel: int | None = None
    eenheid: str = ""
    betrokken: tuple[str, ...] = ()


OP = Melding(VoortgangStatus.OP_SCHEMA)
GEREED = Melding(VoortgangStatus.GEREED)
NIET = Melding(VoortgangStatus.NIET_GESTART)


def _m(status, toelichting="", aantal=None) -> Melding:
    return Melding(status, toelichting, aantal)


ACTIVITEITEN_2025: list[DemoActiviteit] = [
    DemoActiviteit(
        "middenhuur",
        ("1",),
        "gemeente-nijkerk",
        "Afspraken middenhuur en pilot WSN",
        "Partijen leggen vast hoe nieuwbouw in het betaalbare middensegment mogelijk wordt; de "
        "gemeente biedt WSN een pilotproject middenhuur aan.",
        "Ondertekende afspraak middenhuur en een gekozen pilotlocatie.",
        OP,
        _m(
            "vertraagd",
            "De pilotlocatie is nog niet gekozen: de grondpositie aan de "
            "Watergoorweg is onzeker. Besluit verwacht in het voorjaar van 2026.",
        ),
        planning=("kwartaal", 4),
        betrokken=("wsn",),
    ),
    DemoActiviteit(
        "planmonitor",
        ("2",),
        "gemeente-nijkerk",
        "Zachte plannen in de planmonitor bijwerken",
        "Jaarlijkse actualisatie van de zachte plannen, met kansen voor versnelling.",
        "Bijgewerkte planmonitor, besproken in het ambtelijk overleg.",
        GEREED,
        GEREED,
        planning=("kwartaal", 2),
        betrokken=("wsn", "de-alliantie"),
    ),
    DemoActiviteit(
        "vroeg-overleg",
        ("3",),
        "gemeente-nijkerk",
        "Vroegtijdig overleg bij nieuwbouwprojecten",
        "De gemeente nodigt de corporaties bij elk nieuw project uit voor overleg over het "
        "aandeel van 35% sociale huur.",
        "Elk nieuw project met 35% sociaal besproken vóór het principebesluit.",
        OP,
        GEREED,
        betrokken=("wsn", "de-alliantie"),
    ),
    DemoActiviteit(
        "verkoop-voorrang",
        ("4",),
        "wsn",
        "Voorrang bij verkoop voor huurders",
        "Bij verkoop krijgen huurders die een sociale huurwoning achterlaten voorrang.",
        "Verkochte woningen met voorrang aan doorstromers.",
        _m("op_schema", aantal=4),
        _m("gereed", aantal=11),
        doel=10,
        eenheid="woningen",
    ),
    DemoActiviteit(
        "netto-wsn",
        ("5",),
        "wsn",
        "Netto toevoeging sociale huurwoningen WSN",
        "WSN voegt netto sociale huurwoningen toe en compenseert verkoop met nieuwbouw.",
        "Netto groei van de sociale voorraad van WSN.",
        _m("op_schema", aantal=22),
        _m("aandacht_nodig", "Twee projecten (De Kolk, Paasbos) schuiven door naar 2026.", 48),
        doel=60,
        eenheid="woningen",
    ),
    DemoActiviteit(
        "netto-alliantie",
        ("5",),
        "de-alliantie",
        "Netto toevoeging sociale huurwoningen",
        "De Alliantie voegt netto sociale huurwoningen toe in Hoevelaken en Nijkerk.",
        "Netto groei van de sociale voorraad van de Alliantie.",
        _m("op_schema", aantal=10),
        _m("gereed", aantal=26),
        doel=25,
        eenheid="woningen",
    ),
    DemoActiviteit(
        "woonvormen",
        ("6",),
        "gemeente-nijkerk",
        "Haalbaarheidsonderzoek alternatieve woonvormen",
        "Gezamenlijk onderzoek naar de behoefte aan alternatieve woonvormen in sociale huur en "
        "middenhuur.",
        "Rapport met aanbevelingen per woonvorm.",
        NIET,
        _m(
            "vertraagd",
            "De aanbesteding van het onderzoek is pas in oktober gegund; het "
            "rapport volgt in het tweede kwartaal van 2026.",
        ),
        planning=("kwartaal", 3),
        betrokken=("wsn", "de-alliantie"),
    ),
    DemoActiviteit(
        "vrije-ruimte",
        ("7",),
        "wsn",
        "Vrije toewijzingsruimte bewaken",
        "WSN rapporteert per halfjaar hoeveel van de toewijzingen via de vrije ruimte gingen.",
        "Ten hoogste 15% vrije toewijzingen.",
        OP,
        GEREED,
    ),
    DemoActiviteit(
        "woonwagens",
        ("8",),
        "gemeente-nijkerk",
        "Vraag naar woonwagenstandplaatsen in beeld",
        "Inventarisatie van de vraag naar sociale huurstandplaatsen voor woonwagens.",
        "Overzicht van de vraag en mogelijke locaties.",
        _m("aandacht_nodig", "De regionale wachtlijstgegevens zijn nog niet ontvangen."),
        GEREED,
        planning=("kwartaal", 2),
    ),
    DemoActiviteit(
        "spreiding",
        ("9",),
        "de-alliantie",
        "Spreiding van urgenten bij toewijzing",
        "De Alliantie houdt bij toewijzing rekening met spreiding over buurten en kernen.",
        "Ten hoogste 30% van de vrijkomende woningen aan urgenten, verspreid over de kernen.",
        OP,
        GEREED,
    ),
    DemoActiviteit(
        "statushouders-wsn",
        ("10",),
        "wsn",
        "Bijdrage aan de taakstelling statushouders",
        "WSN draagt naar rato van de vrijkomende sociale huurwoningen bij aan de taakstelling.",
        "Woningen voor statushouders.",
        _m("aandacht_nodig", "Er kwamen in het eerste halfjaar weinig woningen vrij.", 6),
        _m(
            "vertraagd",
            "Door de lage mutatiegraad is de bijdrage niet gehaald; WSN "
            "onderzoekt met de gemeente tijdelijke units.",
            14,
        ),
        doel=18,
        eenheid="woningen",
    ),
    DemoActiviteit(
        "statushouders-alliantie",
        ("10",),
        "de-alliantie",
        "Bijdrage aan de taakstelling statushouders (de Alliantie)",
        "De Alliantie draagt naar rato bij aan de taakstelling statushouders.",
        "Woningen voor statushouders.",
        _m("op_schema", aantal=4),
        _m("gereed", aantal=8),
        doel=8,
        eenheid="woningen",
    ),
    DemoActiviteit(
        "beschermd-wonen",
        ("11",),
        "gemeente-nijkerk",
        "Regionale afspraken uitstroom beschermd wonen",
        "De gemeente maakt in de regio afspraken over voorrang voor uitstroom uit begeleid en "
        "beschermd wonen.",
        "Regionale fairshare-afspraak vastgesteld.",
        OP,
        GEREED,
    ),
    DemoActiviteit(
        "woonzorgvisie",
        ("12", "15"),
        "gemeente-nijkerk",
        "Woonzorgvisie opstellen",
        "De gemeente stelt met de partijen de Woonzorgvisie op, met de opgave voor ouderen en "
        "aandachtsgroepen.",
        "Woonzorgvisie vastgesteld door de raad.",
        OP,
        _m(
            "aandacht_nodig",
            "Het concept is klaar; de raad behandelt het in het eerste kwartaal van 2026.",
        ),
        planning=("kwartaal", 4),
        betrokken=("wsn", "de-alliantie", "hon", "hbva"),
    ),
    DemoActiviteit(
        "overlegstructuur",
        ("13",),
        "gemeente-nijkerk",
        "Getrapte overlegstructuur overlast",
        "Gemeente en corporaties richten een overleg op bewoner-, buurt- en beleidsniveau in.",
        "Werkende overlegstructuur met vaste deelnemers.",
        NIET,
        OP,
        betrokken=("wsn", "de-alliantie"),
    ),
    DemoActiviteit(
        "doorstroming",
        ("14",),
        "wsn",
        "Doorstroomregeling voor senioren",
        "WSN biedt senioren in een eengezinswoning hulp en voorrang bij verhuizen.",
        "Verhuizingen van senioren naar een passende woning.",
        _m("op_schema", aantal=5),
        _m("gereed", aantal=13),
        doel=12,
        eenheid="verhuizingen",
    ),
    DemoActiviteit(
        "voorlichting",
        ("16", "23"),
        "wsn",
        "Voorlichting over verduurzaming aan huurders",
        "Bijeenkomsten met het Energieloket over besparen en verduurzamingsmaatregelen.",
        "Bijeenkomsten voor huurders in de wijken.",
        _m("op_schema", aantal=2),
        _m("gereed", aantal=4),
        doel=4,
        eenheid="bijeenkomsten",
        betrokken=("hon",),
    ),
    DemoActiviteit(
        "warmteprogramma",
        ("17",),
        "gemeente-nijkerk",
        "Warmteprogramma: strategie per wijk",
        "De gemeente werkt aan het warmteprogramma en betrekt corporaties en huurders.",
        "Warmteprogramma vastgesteld vóór eind 2026.",
        OP,
        OP,
        betrokken=("wsn", "de-alliantie", "hon", "hbva"),
    ),
    DemoActiviteit(
        "netbeheerder",
        ("18",),
        "de-alliantie",
        "Strategisch overleg met de netbeheerder",
        "Corporaties, gemeente en netbeheerder stemmen bouw- en verduurzamingsplannen af.",
        "Afgestemde planning tot 2030.",
        _m("vertraagd", "De netbeheerder kon pas na de zomer aansluiten."),
        _m("aandacht_nodig", "Eerste overleg gevoerd; een gezamenlijke planning ontbreekt nog."),
        betrokken=("gemeente-nijkerk", "wsn"),
    ),
    DemoActiviteit(
        "renovatie",
        ("19",),
        "wsn",
        "Woningen met E-, F- of G-label verbeteren",
        "WSN renoveert en verduurzaamt de laatste woningen met een slecht label.",
        "Woningen naar ten minste label B.",
        _m("op_schema", aantal=45),
        _m(
            "aandacht_nodig",
            "De aannemer had te weinig capaciteit; 16 woningen volgen in januari 2026.",
            104,
        ),
        doel=120,
        eenheid="woningen",
    ),
    DemoActiviteit(
        "smp",
        ("20",),
        "gemeente-nijkerk",
        "Soortenmanagementplannen voor alle wijken",
        "De gemeente laat SMP's opstellen voor de wijken met corporatiebezit.",
        "SMP's voor alle wijken met corporatiebezit.",
        OP,
        GEREED,
    ),
    DemoActiviteit(
        "aanbod-inkomens",
        ("24",),
        "wsn",
        "Aanbod afstemmen op de inkomens",
        "WSN vergelijkt het aanbod per huurprijsklasse met de inkomens van woningzoekenden.",
        "Analyse en bijgestelde streefhuren.",
        OP,
        GEREED,
    ),
    DemoActiviteit(
        "energiecoaches",
        ("25",),
        "gemeente-nijkerk",
        "Energiecoaches en schuldpreventie",
        "De gemeente ondersteunt energiecoaches en 'Samen erop vooruit in Nijkerk'.",
        "Huishoudens met advies van een energiecoach.",
        _m("op_schema", aantal=70),
        _m("gereed", aantal=162),
        doel=150,
        eenheid="huishoudens",
    ),
    DemoActiviteit(
        "huurverhoging",
        ("26",),
        "de-alliantie",
        "Inkomensafhankelijke huurverhoging",
        "De Alliantie past de wettelijke inkomensafhankelijke huurverhoging toe per 1 juli.",
        "Huurverhoging toegepast; extra inkomsten in de volkshuisvesting.",
        OP,
        GEREED,
        planning=("maand", 7),
    ),
    DemoActiviteit(
        "beheer-openbare-ruimte",
        ("27",),
        "gemeente-nijkerk",
        "Afspraken beheer en handhaving openbare ruimte",
        "Verdeling van beheer, handhaving op huisvuil en inzet van welzijnswerk.",
        "Ondertekende beheerafspraken.",
        NIET,
        _m("vertraagd", "Door personeelsverloop bij de gemeente is het overleg nog niet gestart."),
        betrokken=("wsn", "de-alliantie"),
    ),
    DemoActiviteit(
        "buurtbemiddeling",
        ("28",),
        "wsn",
        "Buurtbemiddeling financieren",
        "WSN, de Alliantie en de gemeente financieren buurtbemiddeling samen.",
        "Doorlopende financiering voor 2025.",
        GEREED,
        GEREED,
        betrokken=("gemeente-nijkerk", "de-alliantie"),
    ),
]

GATEN_2025 = {
    "21": "Voorbeeld: de pilot klimaatneutraal bouwen start in 2026.",
    "22": "Voorbeeld: de actie groene tuinen loopt via het gemeentelijke groenprogramma.",
    "29": "Voorbeeld: geen nieuwbouwproject in 2025 dat een ontmoetingsruimte toelaat.",
}

NIEUW_2026 = [
    DemoActiviteit(
        "pilot-klimaatneutraal",
        ("21",),
        "gemeente-nijkerk",
        "Pilot klimaatneutraal bouwen",
        "Gemeente en corporaties verkennen een pilot voor klimaatneutraal bouwen.",
        "Gekozen pilotproject met een plan van aanpak.",
        OP,
        OP,
        planning=("kwartaal", 3),
        betrokken=("wsn", "de-alliantie"),
    ),
    DemoActiviteit(
        "groene-tuinen",
        ("22",),
        "gemeente-nijkerk",
        "Actie groene tuinen",
        "Tegelwippen en advies over groene tuinen bij huurwoningen.",
        "Deelnemende huishoudens.",
        OP,
        OP,
        doel=200,
        eenheid="huishoudens",
        betrokken=("wsn",),
    ),
    DemoActiviteit(
        "ontmoetingsruimte",
        ("29",),
        "wsn",
        "Ontmoetingsruimte in nieuwbouw Paasbos",
        "WSN neemt een gezamenlijke ontmoetingsruimte op in het project Paasbos.",
        "Ontwerp met ontmoetingsruimte.",
        OP,
        OP,
    ),
    DemoActiviteit(
        "spreiding-evaluatie",
        ("9",),
        "de-alliantie",
        "Spreiding urgenten evalueren",
        "De Alliantie en WSN evalueren de spreiding van urgenten over de kernen.",
        "Evaluatie besproken met de huurdersorganisaties.",
        OP,
        OP,
        planning=("kwartaal", 4),
        betrokken=("wsn", "hbva"),
    ),
]

# June 2026: what has been reported (WSN everything, the gemeente some, de Alliantie nothing).
JUNI_2026 = {
    "netto-wsn": _m("op_schema", "", 31),
    "statushouders-wsn": _m(
        "aandacht_nodig",
        "Tijdelijke units in voorbereiding; de eerste acht volgen in het najaar.",
        5,
    ),
    "renovatie": _m("gereed", "", 16),
    "ontmoetingsruimte": _m("op_schema"),
    "middenhuur": _m("op_schema", "Pilotlocatie gekozen; de afspraak ligt bij de partijen."),
    "woonvormen": _m("gereed"),
    "woonzorgvisie": _m("gereed"),
    "pilot-klimaatneutraal": _m("niet_gestart"),
}


@dataclass
class DemoResultaat:
    jaarschijf_2025: Jaarschijf
    jaarschijf_2026: Jaarschijf
    activiteiten: dict[str, Activiteit] = field(default_factory=dict)


def _gegevens(a: DemoActiviteit, kader, orgs, afspraken) -> services.ActiviteitGegevens:
    soort, waarde = a.planning if a.planning else (PlanningSoort.JAAR, None)
    return services.ActiviteitGegevens(
        titel=a.titel + VOORBEELD,
        omschrijving="Voorbeeld: " + a.omschrijving,
        afspraken=[afspraken[n] for n in a.afspraken],
        trekker=orgs[a.trekker],
        betrokken=[orgs[s] for s in a.betrokken],
        beoogd_resultaat=a.beoogd_resultaat,
        planning_soort=soort,
        planning_kwartaal=waarde if soort == "kwartaal" else None,
        planning_maand=waarde if soort == "maand" else None,
        doel_aantal=Decimal(a.doel) if a.doel is not None else None,
        eenheid=a.eenheid,
    )


def _melden(peilmoment, activiteit: Activiteit, melding: Melding, gebruikers) -> None:
    services.voortgang_melden(
        peilmoment=peilmoment,
        activiteit=activiteit,
        status=melding.status,
        toelichting=melding.toelichting,
        gerealiseerd_aantal=Decimal(melding.aantal) if melding.aantal is not None else None,
        acting_user=gebruikers[MELDERS[activiteit.trekker.slug]],
    )


@transaction.atomic
def demo_jaarschijven(kader: Afsprakenkader) -> DemoResultaat | None:
    """Build the demo monitor for the Nijkerk kader; None (nothing done) if 2025 exists."""
    if Jaarschijf.objects.filter(kader=kader, jaar=2025).exists():
        return None
    User = get_user_model()
    namen = [*MELDERS.values(), REAGEERDER, ADVISEUR]
    gebruikers = {u.username: u for u in User.objects.filter(username__in=namen)}
    orgs = {o.slug: o for o in Organisatie.objects.filter(partij_set__kader=kader)}
    afspraken = {a.nummer: a for a in kader.afspraken.filter(soort=AfspraakSoort.STRATEGISCH)}

    # Jaarschijf 2025: drafted, discussed and adopted at the end of 2024.
    j2025 = services.jaarschijf_aanmaken(
        kader=kader,
        jaar=2025,
        toelichting="Voorbeeld-jaarschijf voor de demo: de activiteiten zijn afgeleid van de "
        "strategische afspraken en zijn geen echte planning van de partijen.",
        acting_user=SYSTEEM,
    )
    resultaat_acts: dict[str, Activiteit] = {}
    for a in ACTIVITEITEN_2025:
        resultaat_acts[a.sleutel] = services.activiteit_opslaan(
            jaarschijf=j2025, gegevens=_gegevens(a, kader, orgs, afspraken), acting_user=SYSTEEM
        )
    for nummer, reden in GATEN_2025.items():
        services.dekking_accepteren(
            jaarschijf=j2025, afspraak=afspraken[nummer], reden=reden, acting_user=SYSTEEM
        )
    for naar, datum, overleg in (
        (JaarschijfStatus.BESPROKEN, date(2024, 11, 19), "Ambtelijk overleg (voorbeeld)"),
        (JaarschijfStatus.VASTGESTELD, date(2024, 12, 10), "Bestuurlijk overleg breed (voorbeeld)"),
    ):
        j2025 = services.jaarschijf_status_verder(
            jaarschijf=j2025, naar=naar, datum=datum, overleg=overleg, acting_user=SYSTEEM
        )

    # June and December 2025: reported by the trekkers, closed by the gemeente.
    for soort, deadline in (("juni", date(2025, 6, 30)), ("december", date(2025, 12, 15))):
        peilmoment = services.peilmoment_openen(
            jaarschijf=j2025, soort=soort, deadline=deadline, acting_user=SYSTEEM
        )
        for a in ACTIVITEITEN_2025:
            _melden(peilmoment, resultaat_acts[a.sleutel], getattr(a, soort), gebruikers)
        if soort == "december":
            for sleutel, tekst in (
                (
                    "statushouders-wsn",
                    "Voorbeeld: HON vraagt WSN de huurders in de wijk tijdig te informeren "
                    "over de tijdelijke units.",
                ),
                (
                    "netto-wsn",
                    "Voorbeeld: HON vindt het doorschuiven van twee projecten zorgelijk en "
                    "vraagt om een nieuwe planning in de jaarschijf 2026.",
                ),
            ):
                services.reactie_plaatsen(
                    activiteit=resultaat_acts[sleutel],
                    peilmoment=peilmoment,
                    tekst=tekst,
                    acting_user=gebruikers[REAGEERDER],
                )
            services.advies_uitbrengen(
                peilmoment=peilmoment,
                tekst="Voorbeeld: HBVA is positief over de voortgang van de Alliantie, maar "
                "adviseert partijen het overleg met de netbeheerder voorrang te geven en de "
                "vertraagde afspraken over beheer en handhaving in 2026 als eerste op te "
                "pakken.",
                acting_user=gebruikers[ADVISEUR],
            )
        services.peilmoment_sluiten(peilmoment=peilmoment, acting_user=SYSTEEM)

    # Concept 2026: the unfinished activities carried over, and four new ones.
    onaf = [
        resultaat_acts[a.sleutel]
        for a in ACTIVITEITEN_2025
        if a.december.status not in (VoortgangStatus.GEREED, VoortgangStatus.VERVALLEN)
    ]
    j2026 = services.jaarschijf_volgend_jaar(
        jaarschijf=j2025, over_te_nemen=onaf, acting_user=SYSTEEM
    )
    acts_2026: dict[str, Activiteit] = {}
    per_bron = {act.overgenomen_van_id: act for act in j2026.activiteiten.all()}
    for sleutel, act in resultaat_acts.items():
        if act.pk in per_bron:
            acts_2026[sleutel] = per_bron[act.pk]
    for a in NIEUW_2026:
        acts_2026[a.sleutel] = services.activiteit_opslaan(
            jaarschijf=j2026, gegevens=_gegevens(a, kader, orgs, afspraken), acting_user=SYSTEEM
        )

    # June 2026: open, past its deadline; WSN reported, the gemeente partly, de Alliantie not.
    juni = services.peilmoment_openen(
        jaarschijf=j2026, soort="juni", deadline=date(2026, 6, 30), acting_user=SYSTEEM
    )
    for sleutel, melding in JUNI_2026.items():
        _melden(juni, acts_2026[sleutel], melding, gebruikers)

    return DemoResultaat(
        jaarschijf_2025=j2025,
        jaarschijf_2026=j2026,
        activiteiten={
            **{f"2025:{k}": v for k, v in resultaat_acts.items()},
            **{f"2026:{k}": v for k, v in acts_2026.items()},
        },
    )
