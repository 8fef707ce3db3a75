"""The overlegstructuur and jaarcyclus of chapter 5 of the Nijkerk document, as a starting point
for a kader: ``services.structuur_inrichten`` writes it, the gemeente then edits it to its own.

The parties come from the kader: the gemeente chairs the ambtelijke overleggen, the first
woningcorporatie of the document (WSN in Nijkerk) deputises and shares the bestuurlijke chair.
"""

from __future__ import annotations

import datetime as dt

from prestatiemonitor.afspraken.models import Afsprakenkader
from prestatiemonitor.organisaties.constants import OrganisatieSoort

from .constants import MijlpaalSoort, VoorzitterRegel, VormSoort, Weekdag
from .models import Mijlpaal, Overlegvorm

AMBTELIJK_SMAL = "ambtelijk overleg smal"
BESTUURLIJK_SMAL = "bestuurlijk overleg smal"
AMBTELIJK_BREED = "ambtelijk overleg breed"
BESTUURLIJK_BREED = "bestuurlijk overleg breed"
INFORMATIEAVOND = "informatieavond"

# naam: (soort, met huurders, months, weekday, week, start, minutes, chair rule, order)
VORMEN = {
    AMBTELIJK_SMAL: (
        VormSoort.AMBTELIJK,
        False,
        [2, 4, 9, 11],
        Weekdag.DINSDAG,
        1,
        dt.time(10, 0),
        90,
        VoorzitterRegel.VAST,
        10,
    ),
    AMBTELIJK_BREED: (
        VormSoort.AMBTELIJK,
        True,
        [6, 9],
        Weekdag.DONDERDAG,
        1,
        dt.time(14, 0),
        120,
        VoorzitterRegel.VAST,
        20,
    ),
    BESTUURLIJK_SMAL: (
        VormSoort.BESTUURLIJK,
        False,
        [3, 10],
        Weekdag.DINSDAG,
        2,
        dt.time(16, 0),
        90,
        VoorzitterRegel.AFWISSELEND,
        30,
    ),
    BESTUURLIJK_BREED: (
        VormSoort.BESTUURLIJK,
        True,
        [3, 6, 10, 12],
        Weekdag.DONDERDAG,
        3,
        dt.time(15, 0),
        120,
        VoorzitterRegel.AFWISSELEND,
        40,
    ),
    INFORMATIEAVOND: (
        VormSoort.INFORMATIEAVOND,
        True,
        [11],
        Weekdag.WOENSDAG,
        2,
        dt.time(19, 30),
        120,
        VoorzitterRegel.INITIATIEF,
        50,
    ),
}

OMSCHRIJVING = {
    AMBTELIJK_SMAL: "Gemeente en woningcorporaties, vier keer per jaar.",
    AMBTELIJK_BREED: "Gemeente, woningcorporaties en huurdersorganisaties, twee keer per jaar; "
    "bereidt de monitor en de jaarschijf voor.",
    BESTUURLIJK_SMAL: "Gemeente en woningcorporaties, twee keer per jaar.",
    BESTUURLIJK_BREED: "Gemeente, woningcorporaties en huurdersorganisaties, vier keer per jaar; "
    "stelt de jaarschijf vast en besluit over bijstelling van de afspraken.",
    INFORMATIEAVOND: "Beeldvormende bijeenkomst voor raadsleden over de (voortgang van de) "
    "uitvoering van de prestatieafspraken en de woningmarkt; de gemeente neemt het initiatief.",
}

# (soort, agendapunt, overleg, maand, alleen in het laatste jaar)
MIJLPALEN = [
    (
        MijlpaalSoort.PEILMOMENT_JUNI,
        "Voortgang prestatieafspraken: stand van zaken eerste halfjaar {jaar}",
        AMBTELIJK_BREED,
        6,
        False,
    ),
    (
        MijlpaalSoort.PLANMONITOR,
        "Planmonitor sociale woningbouw: voortgang, risico's en bijsturing",
        AMBTELIJK_BREED,
        6,
        False,
    ),
    (
        MijlpaalSoort.PEILMOMENT_JUNI,
        "Voortgang prestatieafspraken: stand van zaken eerste halfjaar {jaar}",
        BESTUURLIJK_BREED,
        6,
        False,
    ),
    (
        MijlpaalSoort.PLANMONITOR,
        "Planmonitor sociale woningbouw",
        BESTUURLIJK_BREED,
        6,
        False,
    ),
    (
        MijlpaalSoort.BOD,
        "Bod van de woningcorporaties als input voor de prestatieafspraken vanaf {volgend_jaar}",
        BESTUURLIJK_BREED,
        6,
        True,
    ),
    (
        MijlpaalSoort.CONCEPT_JAARSCHIJF,
        "Concept jaarschijf {volgend_jaar}",
        AMBTELIJK_BREED,
        9,
        False,
    ),
    (
        MijlpaalSoort.BESCHIKBAARHEID,
        "Beschikbaarheidsmonitor {jaar} (halverwege het jaar)",
        AMBTELIJK_BREED,
        9,
        False,
    ),
    (
        MijlpaalSoort.BESCHIKBAARHEID,
        "Beschikbaarheidsmonitor {jaar} (halverwege het jaar)",
        BESTUURLIJK_BREED,
        10,
        False,
    ),
    (
        MijlpaalSoort.VASTSTELLING_JAARSCHIJF,
        "Vaststelling jaarschijf {volgend_jaar}",
        BESTUURLIJK_BREED,
        12,
        False,
    ),
    (
        MijlpaalSoort.TERUGBLIK,
        "Terugblik op {jaar}: voortgang prestatieafspraken (peilmoment december)",
        BESTUURLIJK_BREED,
        12,
        False,
    ),
    (
        MijlpaalSoort.ANDERS,
        "Voortgang van de prestatieafspraken en ontwikkelingen op de woningmarkt",
        INFORMATIEAVOND,
        11,
        False,
    ),
]


def standaardstructuur(kader: Afsprakenkader) -> list[Overlegvorm]:
    """Write the standard forms and milestones for ``kader`` (called by the service)."""
    partijen = list(kader.partij_set.select_related("organisatie").order_by("volgorde"))
    gemeente = next(
        (p.organisatie for p in partijen if p.organisatie.soort == OrganisatieSoort.GEMEENTE), None
    )
    corporatie = next(
        (
            p.organisatie
            for p in partijen
            if p.organisatie.soort == OrganisatieSoort.WONINGCORPORATIE
        ),
        None,
    )
    if gemeente is None:
        from django.core.exceptions import ValidationError

        raise ValidationError(
            "Dit kader heeft geen gemeente als partij; de overlegstructuur heeft er een nodig."
        )
    vormen: dict[str, Overlegvorm] = {}
    for naam, (
        soort,
        breed,
        maanden,
        weekdag,
        week,
        aanvang,
        duur,
        regel,
        volgorde,
    ) in VORMEN.items():
        if regel == VoorzitterRegel.AFWISSELEND and corporatie is None:
            regel = VoorzitterRegel.VAST
        ambtelijk = soort == VormSoort.AMBTELIJK
        vorm = Overlegvorm(
            kader=kader,
            naam=naam,
            soort=soort,
            omschrijving=OMSCHRIJVING[naam],
            met_corporaties=True,
            met_huurders=breed,
            per_jaar=len(maanden),
            maanden=maanden,
            weekdag=weekdag,
            week=week,
            aanvang=aanvang,
            duur_minuten=duur,
            voorzitter_regel=regel,
            voorzitter=gemeente,
            voorzitter_functie=(
                "medewerker wonen"
                if ambtelijk
                else "portefeuillehouder wonen"
                if soort == VormSoort.BESTUURLIJK
                else "initiatiefnemer"
            ),
            plaatsvervanger=corporatie if regel != VoorzitterRegel.INITIATIEF else None,
            plaatsvervanger_functie=(
                ""
                if regel == VoorzitterRegel.INITIATIEF or corporatie is None
                else "medewerker"
                if ambtelijk
                else "directeur-bestuurder"
            ),
            volgorde=volgorde,
        )
        vorm.full_clean()
        vorm.save()
        vormen[naam] = vorm
    for volgorde, (soort, titel, vorm_naam, maand, laatste) in enumerate(MIJLPALEN):
        mijlpaal = Mijlpaal(
            kader=kader,
            soort=soort,
            naam=titel,
            overlegvorm=vormen[vorm_naam],
            maand=maand,
            alleen_laatste_jaar=laatste,
            volgorde=volgorde,
        )
        mijlpaal.full_clean()
        mijlpaal.save()
    return list(vormen.values())
