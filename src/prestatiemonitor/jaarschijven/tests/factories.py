"""Building blocks for tests: a jaarschijf world on a kader made by ``maak_kader``."""

from dataclasses import dataclass
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from prestatiemonitor.afspraken.tests.factories import KaderSet
from prestatiemonitor.organisaties.permissions import SYSTEEM

from .. import services
from ..constants import JaarschijfStatus
from ..models import Activiteit, Bijlage, Jaarschijf, Peilmoment

# The smallest valid PDF a content check recognises.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class JaarschijfWereld:
    vastgesteld: Jaarschijf  # 2025: June closed, December open
    concept: Jaarschijf  # 2026
    juni: Peilmoment
    december: Peilmoment
    wsn_activiteit: Activiteit  # A1 of 2025, trekker WSN, reported in June with a PDF
    gemeente_activiteit: Activiteit  # A2 of 2025, trekker gemeente
    concept_activiteit: Activiteit  # A1 of 2026, trekker WSN
    bijlage: Bijlage


def activiteit(jaarschijf, ks: KaderSet, titel: str, trekker, afspraken=("1",), **velden):
    return services.activiteit_opslaan(
        jaarschijf=jaarschijf,
        gegevens=services.ActiviteitGegevens(
            titel=titel,
            afspraken=[ks.afspraken[n] for n in afspraken],
            trekker=trekker,
            **velden,
        ),
        acting_user=SYSTEEM,
    )


def maak_jaarschijf_wereld(ks: KaderSet) -> JaarschijfWereld:
    """2025 vastgesteld (every other afspraak's gap accepted) with June closed and December
    open; 2026 a concept carrying over A1."""
    j2025 = services.jaarschijf_aanmaken(kader=ks.kader, jaar=2025, acting_user=SYSTEEM)
    a1 = activiteit(j2025, ks, "Nieuwbouw sociale huur", ks.wsn, doel_aantal=40, eenheid="woningen")
    a2 = activiteit(j2025, ks, "Woonvisie actualiseren", ks.gemeente, afspraken=("1", "2"))
    for afspraak in services.ongedekte_afspraken(j2025):
        services.dekking_accepteren(
            jaarschijf=j2025, afspraak=afspraak, reden="Komt in 2026", acting_user=SYSTEEM
        )
    for naar, overleg in (
        (JaarschijfStatus.BESPROKEN, "Ambtelijk overleg breed"),
        (JaarschijfStatus.VASTGESTELD, "Bestuurlijk overleg breed"),
    ):
        j2025 = services.jaarschijf_status_verder(
            jaarschijf=j2025,
            naar=naar,
            datum=date(2024, 12, 10),
            overleg=overleg,
            acting_user=SYSTEEM,
        )
    juni = services.peilmoment_openen(
        jaarschijf=j2025, soort="juni", deadline=date(2025, 6, 30), acting_user=SYSTEEM
    )
    melding = services.voortgang_melden(
        peilmoment=juni,
        activiteit=a1,
        status="aandacht_nodig",
        toelichting="Vergunning duurt langer",
        gerealiseerd_aantal=12,
        acting_user=SYSTEEM,
    )
    bijlage = services.bijlage_toevoegen(
        voortgang=melding,
        bestand=SimpleUploadedFile("bouwplanning.pdf", PDF, content_type="application/pdf"),
        acting_user=SYSTEEM,
    )
    juni = services.peilmoment_sluiten(peilmoment=juni, acting_user=SYSTEEM)
    december = services.peilmoment_openen(
        jaarschijf=j2025, soort="december", deadline=date(2025, 12, 15), acting_user=SYSTEEM
    )
    j2026 = services.jaarschijf_volgend_jaar(
        jaarschijf=j2025, over_te_nemen=[a1], acting_user=SYSTEEM
    )
    return JaarschijfWereld(
        vastgesteld=j2025,
        concept=j2026,
        juni=juni,
        december=december,
        wsn_activiteit=a1,
        gemeente_activiteit=a2,
        concept_activiteit=j2026.activiteiten.get(),
        bijlage=bijlage,
    )
