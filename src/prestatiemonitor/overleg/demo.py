"""The overleg of the Nijkerk demo, every record a *voorbeeld*, through the real services:

- the overlegstructuur of chapter 5 (four overleggen, the informatieavond, the jaarcyclus);
- the planning 2025, published, with decisions and action items on the December bestuurlijk
  overleg breed (the jaarschijf 2026 adopted, a public decision about afspraak 7) and on the
  June ambtelijk overleg breed; one action item of WSN still open, so it returns on the agenda
  of the next ambtelijk overleg breed;
- the planning 2026, published (the chair rotation continues from 2025).

Idempotent: does nothing (None) when the kader has an overlegstructuur already.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from prestatiemonitor.afspraken.constants import AfspraakSoort
from prestatiemonitor.afspraken.models import Afsprakenkader
from prestatiemonitor.organisaties.models import Organisatie
from prestatiemonitor.organisaties.permissions import SYSTEEM

from . import services
from .constants import ActiepuntStatus
from .models import Overleg
from .structuur import AMBTELIJK_BREED, BESTUURLIJK_BREED


@dataclass
class DemoResultaat:
    overleggen: int
    besluiten: int
    actiepunten: int


def _eerste(planning, naam: str, maand: int) -> Overleg:
    return (
        Overleg.objects.filter(planning=planning, overlegvorm__naam=naam, datum__month=maand)
        .order_by("datum")
        .get()
    )


@transaction.atomic
def demo_overleg(kader: Afsprakenkader) -> DemoResultaat | None:
    if kader.overlegvormen.exists():
        return None
    services.instellingen_opslaan(
        kader=kader,
        schoolregio="Midden",
        locatie="Gemeentehuis Nijkerk, Kolkstraat 13 (voorbeeld)",
        herinnering_dagen=7,
        acting_user=SYSTEEM,
    )
    services.structuur_inrichten(kader=kader, acting_user=SYSTEEM)
    orgs = {o.slug: o for o in Organisatie.objects.filter(partij_set__kader=kader)}
    afspraken = {a.nummer: a for a in kader.afspraken.filter(soort=AfspraakSoort.STRATEGISCH)}

    p2025 = services.jaar_plannen(kader=kader, jaar=2025, acting_user=SYSTEEM)
    services.planning_publiceren(planning=p2025, acting_user=SYSTEEM)
    besluiten = acties = 0

    juni = _eerste(p2025, AMBTELIJK_BREED, 6)
    services.aanwezigheid_vastleggen(
        overleg=juni,
        regels=[
            (orgs["gemeente-nijkerk"], True, "beleidsmedewerker wonen (voorbeeld)"),
            (orgs["wsn"], True, "adviseur strategie en beleid (voorbeeld)"),
            (orgs["de-alliantie"], True, "strategisch adviseur (voorbeeld)"),
            (orgs["hon"], True, "secretaris (voorbeeld)"),
            (orgs["hbva"], False, ""),
        ],
        acting_user=SYSTEEM,
    )
    services.besluit_vastleggen(
        overleg=juni,
        tekst="Voorbeeld: de stand van zaken over het eerste halfjaar 2025 is besproken; de "
        "gemeente verwerkt de opmerkingen van de huurdersorganisaties in de monitor.",
        agendapunt=juni.agendapunten.filter(mijlpaal__soort="peilmoment_juni").first(),
        acting_user=SYSTEEM,
    )
    besluiten += 1
    actie = services.actiepunt_toevoegen(
        overleg=juni,
        omschrijving="Voorbeeld: WSN levert de slaagkansen per doelgroep over 2025 aan voor de "
        "beschikbaarheidsmonitor.",
        eigenaar=orgs["wsn"],
        deadline=dt.date(2025, 9, 1),
        afspraak=afspraken.get("24"),
        acting_user=SYSTEEM,
    )
    services.actiepunt_bijwerken(
        actiepunt=actie,
        status=ActiepuntStatus.AFGEROND,
        toelichting="Aangeleverd op 28 augustus (voorbeeld).",
        versie=None,
        acting_user=SYSTEEM,
    )
    services.actiepunt_toevoegen(
        overleg=juni,
        omschrijving="Voorbeeld: WSN werkt een voorstel uit voor de spreiding van urgente "
        "toewijzingen over de kernen.",
        eigenaar=orgs["wsn"],
        deadline=dt.date(2026, 3, 1),
        afspraak=afspraken.get("7"),
        acting_user=SYSTEEM,
    )
    acties += 2

    december = _eerste(p2025, BESTUURLIJK_BREED, 12)
    services.besluit_vastleggen(
        overleg=december,
        tekst="Voorbeeld: de jaarschijf 2026 wordt vastgesteld zoals besproken in het ambtelijk "
        "overleg breed van september.",
        agendapunt=december.agendapunten.filter(mijlpaal__soort="vaststelling_jaarschijf").first(),
        openbaar=True,
        acting_user=SYSTEEM,
    )
    besluiten += 1
    if "7" in afspraken:
        services.besluit_vastleggen(
            overleg=december,
            tekst="Voorbeeld: de partijen houden vast aan afspraak 7; in 2026 wordt de "
            "verdeling van urgente toewijzingen over de kernen halfjaarlijks gevolgd.",
            afspraak=afspraken["7"],
            openbaar=True,
            acting_user=SYSTEEM,
        )
        besluiten += 1

    p2026 = services.jaar_plannen(kader=kader, jaar=2026, acting_user=SYSTEEM)
    services.planning_publiceren(planning=p2026, acting_user=SYSTEEM)
    return DemoResultaat(
        overleggen=Overleg.objects.filter(kader=kader).count(),
        besluiten=besluiten,
        actiepunten=acties,
    )
