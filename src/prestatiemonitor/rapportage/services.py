"""Writing: asking for a report (``rapport_aanvragen``) and making it (``rapport_maken_uitvoeren``,
the body of the background task ``tasks.rapport_maken``)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from prestatiemonitor.audit.services import audit_record_create
from prestatiemonitor.jaarschijven.models import Peilmoment
from prestatiemonitor.organisaties.permissions import PEILMOMENT_BEHEREN, check_capability, persoon

from .constants import LOPEND, RapportStatus, RapportVariant
from .inhoud import RapportFout, zoek_peilmoment
from .models import Rapport

# A request that stayed in the queue this long (its task was lost) no longer blocks a new one.
VERLOPEN_NA = timedelta(minutes=30)


@transaction.atomic
def rapport_aanvragen(*, peilmoment: Peilmoment, variant: str, acting_user) -> Rapport:
    """Queue a new version of the report of this closed peilmoment; the task makes it after the
    transaction commits (in the request with the immediate backend, by a worker otherwise)."""
    if acting_user is None:
        raise PermissionDenied("Een rapportage aanvragen kan niet zonder handelende gebruiker.")
    kader = peilmoment.jaarschijf.kader
    check_capability(
        acting_user,
        PEILMOMENT_BEHEREN,
        kader=kader,
        melding="Alleen de gemeente maakt de rapportage van een peilmoment.",
    )
    if variant not in RapportVariant.values:
        raise ValidationError({"variant": "Kies de volledige of de openbare rapportage."})
    peilmoment = (
        Peilmoment.objects.select_for_update().select_related("jaarschijf").get(pk=peilmoment.pk)
    )
    if not peilmoment.is_gesloten:
        raise ValidationError(
            f"Het peilmoment {peilmoment.naam.lower()} is nog niet gesloten; alleen over een "
            "gesloten peilmoment kan een rapportage worden gemaakt."
        )
    try:
        zoek_peilmoment(kader_slug=kader.slug, peilmoment_code=peilmoment.code, variant=variant)
    except RapportFout as fout:
        raise ValidationError(str(fout)) from None
    bestaand = Rapport.objects.filter(peilmoment=peilmoment, variant=variant)
    if bestaand.filter(
        status__in=LOPEND, aangevraagd_op__gte=timezone.now() - VERLOPEN_NA
    ).exists():
        raise ValidationError(
            "Deze rapportage wordt al gemaakt; wacht tot ze klaar is voordat u haar opnieuw maakt."
        )
    # A request whose task was lost (no worker ran it in time) is closed as mislukt, with the
    # reason, so the history does not show it as waiting forever.
    bestaand.filter(status__in=LOPEND, aangevraagd_op__lt=timezone.now() - VERLOPEN_NA).update(
        status=RapportStatus.MISLUKT,
        fout="Niet gemaakt: de taak is niet binnen 30 minuten uitgevoerd (draait de worker?). "
        "Een nieuwe aanvraag vervangt haar.",
    )
    versie = (bestaand.aggregate(m=Max("versie"))["m"] or 0) + 1
    rapport = Rapport(
        kader=kader,
        peilmoment=peilmoment,
        variant=variant,
        versie=versie,
        status=RapportStatus.WACHTRIJ,
        stap="In de wachtrij",
        gemaakt_door=persoon(acting_user),
    )
    rapport.full_clean()
    rapport.save()
    audit_record_create(
        acting_user=acting_user,
        actie="rapport.aangevraagd",
        omschrijving=(
            f"Rapportage {peilmoment.naam} ({variant}, versie {versie}) aangevraagd "
            f"voor {kader.titel}."
        ),
        obj=rapport,
        gegevens={"peilmoment": peilmoment.code, "variant": variant, "versie": versie},
    )
    from .tasks import rapport_maken

    pk = rapport.pk
    transaction.on_commit(lambda: rapport_maken.enqueue(pk))
    return rapport


def _stap(pk: int, voortgang: int, stap: str) -> None:
    Rapport.objects.filter(pk=pk, status=RapportStatus.BEZIG).update(voortgang=voortgang, stap=stap)


def _pdf(inhoud) -> bytes:
    from .pdf import pdf_bytes

    return pdf_bytes(inhoud)


def _xlsx(inhoud) -> bytes:
    from .xlsx import xlsx_bytes

    return xlsx_bytes(inhoud)


def rapport_maken_uitvoeren(rapport_id: int) -> bool:
    """Make the report of a queued row: bezig, the content (20 %), the PDF (70 %), the workbook
    (90 %), the files stored, klaar (100 %); on any error mislukt with a Dutch message. A row
    that is not in the queue (made already, being made by another worker) is left alone: returns
    False. Not one transaction, so that the page sees the progress."""
    from .inhoud import rapportinhoud

    # Claim the row with one conditional UPDATE: of two workers only one gets it.
    if not Rapport.objects.filter(pk=rapport_id, status=RapportStatus.WACHTRIJ).update(
        status=RapportStatus.BEZIG, voortgang=0, stap="Gestart"
    ):
        return False
    rapport = Rapport.objects.select_related("kader", "peilmoment__jaarschijf").get(pk=rapport_id)
    huidig = "Inhoud verzamelen"
    try:
        _stap(rapport_id, 5, huidig)
        inhoud = rapportinhoud(
            kader_slug=rapport.kader.slug,
            peilmoment_code=rapport.peilmoment.code,
            variant=rapport.variant,
        )
        stappen: list[tuple[str, int, Callable]] = [
            ("PDF maken", 70, _pdf),
            ("Werkboek (Excel) maken", 90, _xlsx),
        ]
        bestanden = []
        _stap(rapport_id, 20, stappen[0][0])
        for i, (naam, klaar_bij, maker) in enumerate(stappen):
            huidig = naam
            bestanden.append(maker(inhoud))
            volgende = stappen[i + 1][0] if i + 1 < len(stappen) else "Bestanden bewaren"
            _stap(rapport_id, klaar_bij, volgende)
        huidig = "Bestanden bewaren"
        pdf, xlsx = bestanden
        rapport.pdf.save(rapport.bestandsnaam("pdf"), ContentFile(pdf), save=False)
        rapport.xlsx.save(rapport.bestandsnaam("xlsx"), ContentFile(xlsx), save=False)
        with transaction.atomic():
            Rapport.objects.filter(pk=rapport_id, status=RapportStatus.BEZIG).update(
                pdf=rapport.pdf.name,
                pdf_sha256=hashlib.sha256(pdf).hexdigest(),
                xlsx=rapport.xlsx.name,
                xlsx_sha256=hashlib.sha256(xlsx).hexdigest(),
                status=RapportStatus.KLAAR,
                voortgang=100,
                stap="Klaar",
                klaar_op=timezone.now(),
            )
    except Exception as fout:  # noqa: BLE001 — whatever failed, the row must not stay bezig
        reden = str(fout) if isinstance(fout, RapportFout) else f"{type(fout).__name__}: {fout}"
        Rapport.objects.filter(pk=rapport_id).update(
            status=RapportStatus.MISLUKT,
            stap=huidig,
            fout=f"Het maken is mislukt bij de stap '{huidig}': {reden}",
        )
        return False
    return True
