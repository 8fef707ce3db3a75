"""Every write of the normen app: norm records per kader and their recorded exceptions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from prestatiemonitor.afspraken.constants import AfspraakSoort
from prestatiemonitor.afspraken.historie import historie_markeren
from prestatiemonitor.afspraken.models import Afspraak, Afsprakenkader
from prestatiemonitor.audit.services import audit_record_create
from prestatiemonitor.organisaties.permissions import (
    NORM_AFWIJKEN,
    NORM_BEHEREN,
    check_capability,
    persoon,
)

from .constants import NormScope
from .models import Normdefinitie, Normuitzondering


@transaction.atomic
def uitzondering_vastleggen(
    *, norm: Normdefinitie, onderwerp: str, reden: str, besluit: str, besloten_op: date, acting_user
) -> Normuitzondering:
    check_capability(
        acting_user,
        NORM_AFWIJKEN,
        kader=norm.kader,
        melding="Alleen een beheerder van de gemeente legt een afwijking van een norm vast.",
    )
    fouten = {}
    if not onderwerp.strip():
        fouten["onderwerp"] = (
            "Geef aan waarvoor de uitzondering geldt (projectcode, jaar of partij)."
        )
    if not reden.strip():
        fouten["reden"] = "Een afwijking zonder reden wordt niet vastgelegd: geef de reden."
    if not besluit.strip():
        fouten["besluit"] = "Noem het besluit (bv. 'B&W 12 maart 2026')."
    if besloten_op and besloten_op > timezone.localdate():
        fouten["besloten_op"] = "De datum van het besluit ligt in de toekomst."
    if fouten:
        raise ValidationError(fouten)
    if Normuitzondering.objects.geldig().filter(norm=norm, onderwerp=onderwerp.strip()).exists():
        raise ValidationError(
            {
                "onderwerp": f"Voor {onderwerp.strip()} is al een afwijking vastgelegd; trek die eerst in."
            }
        )
    uitzondering = Normuitzondering(
        norm=norm,
        onderwerp=onderwerp.strip(),
        reden=reden.strip(),
        besluit=besluit.strip(),
        besloten_op=besloten_op,
        vastgelegd_door=persoon(acting_user),
    )
    uitzondering.full_clean()
    historie_markeren(uitzondering, acting_user, "vastgelegd")
    uitzondering.save()
    audit_record_create(
        acting_user=acting_user,
        actie="norm.afwijking",
        omschrijving=f"Afwijking van '{norm.naam}' vastgelegd voor {uitzondering.onderwerp}.",
        obj=uitzondering,
        gegevens={"reden": uitzondering.reden, "besluit": uitzondering.besluit},
    )
    return uitzondering


@transaction.atomic
def uitzondering_intrekken(*, uitzondering: Normuitzondering, acting_user) -> Normuitzondering:
    check_capability(
        acting_user,
        NORM_AFWIJKEN,
        kader=uitzondering.norm.kader,
        melding="Alleen een beheerder van de gemeente trekt een afwijking in.",
    )
    uitzondering = Normuitzondering.objects.select_for_update().get(pk=uitzondering.pk)
    if uitzondering.ingetrokken_op:
        raise ValidationError("Deze afwijking is al ingetrokken.")
    uitzondering.ingetrokken_op = timezone.now()
    uitzondering.ingetrokken_door = persoon(acting_user)
    historie_markeren(uitzondering, acting_user, "ingetrokken")
    uitzondering.save()
    audit_record_create(
        acting_user=acting_user,
        actie="norm.afwijking.ingetrokken",
        omschrijving=f"Afwijking van '{uitzondering.norm.naam}' voor {uitzondering.onderwerp} ingetrokken.",
        obj=uitzondering,
    )
    return uitzondering


# The norms of chapter 1 of the Nijkerk agreements, and the regional/national context norms.
# ``afspraak``: the number of the strategische afspraak in the kader (linked when it exists).
STANDAARDNORMEN: list[dict[str, Any]] = [
    {
        "code": "afspraak-3-sociaal-aandeel",
        "naam": "35 % sociaal in elk nieuwbouwproject (max. 5 % sociale koop)",
        "soort": "project_sociaal_aandeel",
        "afspraak": "3",
        "scope": NormScope.PROJECT,
        "parameters": {"minimum_pct": 35, "max_sociale_koop_pct": 5},
    },
    {
        "code": "afspraak-1-middenhuur",
        "naam": "5 % middenhuur in projecten van meer dan 100 woningen",
        "soort": "project_middenhuur",
        "afspraak": "1",
        "scope": NormScope.PROJECT,
        "parameters": {"vanaf_woningen": 100, "minimum_pct": 5},
    },
    {
        "code": "ambitie-1-netto-sociale-huur",
        "naam": "Netto ten minste 50 sociale huurwoningen erbij per jaar",
        "soort": "netto_toename",
        "bron": "Thema 1, gezamenlijke ambitie",
        "scope": NormScope.JAAR,
        "parameters": {"per_jaar": 50, "tabel": 1},
    },
    {
        "code": "afspraak-5-verkoop-gecompenseerd",
        "naam": "WSN compenseert verkoop van sociale huurwoningen met nieuwbouw",
        "soort": "verkoop_compensatie",
        "afspraak": "5",
        "scope": NormScope.PARTIJ,
        "parameters": {"partij": "WSN", "venster": 3},
    },
    {
        "code": "landelijk-twee-derde-betaalbaar",
        "naam": "Twee derde van de nieuwbouw betaalbaar (landelijk)",
        "soort": "aandeel_nieuwbouw",
        "bron": "Nationale woon- en bouwagenda / Wet versterking regie volkshuisvesting",
        "scope": NormScope.GEMEENTE,
        "parameters": {
            "minimum_pct": 66.7,
            "segmenten": ["sociale_huur", "middenhuur", "betaalbare_koop"],
        },
        "informatief": True,
    },
    {
        "code": "landelijk-30-procent-sociale-huur",
        "naam": "30 % sociale huur in de nieuwbouw (landelijk)",
        "soort": "aandeel_nieuwbouw",
        "bron": "Nationale woon- en bouwagenda / Wet versterking regie volkshuisvesting",
        "scope": NormScope.GEMEENTE,
        "parameters": {"minimum_pct": 30, "segmenten": ["sociale_huur"]},
        "informatief": True,
    },
    # The beschikbaarheidsmonitor (woonruimte/normen.py)
    {
        "code": "afspraak-7-vrije-toewijzingsruimte",
        "naam": "Ten hoogste 15 % vrije toewijzingsruimte (wettelijk 7,5 %)",
        "soort": "vrije_toewijzing",
        "afspraak": "7",
        "scope": NormScope.PARTIJ,
        "parameters": {"maximum_pct": 15, "wettelijk_pct": 7.5},
    },
    {
        "code": "afspraak-9-urgent-aandeel",
        "naam": "Gemiddeld genomen ten hoogste 30 % van de vrijkomende woningen naar urgenten",
        "soort": "urgent_aandeel",
        "afspraak": "9",
        "scope": NormScope.PARTIJ,
        "parameters": {"maximum_pct": 30},
    },
    {
        "code": "afspraak-9-spreiding",
        "naam": "Spreiding van aandachtsgroepen over kernen en buurten",
        "soort": "spreiding",
        "afspraak": "9",
        "scope": NormScope.GEMEENTE,
        "parameters": {"factor": 1.5, "minimum_toewijzingen": 5},
    },
    {
        "code": "afspraak-10-statushouders",
        "naam": "Statushouders naar rato van de vrijkomende sociale huurwoningen",
        "soort": "statushouders_naar_rato",
        "afspraak": "10",
        "scope": NormScope.PARTIJ,
        "parameters": {"marge_pct": 10},
    },
    {
        "code": "wettelijk-passend-toewijzen",
        "naam": "Ten minste 95 % passend toegewezen (wettelijk)",
        "soort": "passend_toewijzen",
        "bron": "Woningwet, art. 46 (passend toewijzen)",
        "scope": NormScope.PARTIJ,
        "parameters": {"minimum_pct": 95},
        "informatief": True,
    },
    # Verduurzaming (verduurzaming/normen.py)
    {
        "code": "ambitie-3-labels-efg-2027",
        "naam": "Geen woningen met label E, F of G meer eind 2027",
        "soort": "labels_efg",
        "bron": "Thema 3, ambitie (uiterlijk 2027)",
        "scope": NormScope.PARTIJ,
        "parameters": {"doeldatum": "2027-12-31"},
    },
    {
        "code": "landelijk-labels-efg-2028",
        "naam": "Geen E-, F- en G-labels meer eind 2028 (landelijk)",
        "soort": "labels_efg",
        "bron": "Nationale prestatieafspraken woningcorporaties (2022)",
        "scope": NormScope.PARTIJ,
        "parameters": {"doeldatum": "2028-12-31"},
        "informatief": True,
    },
]


@transaction.atomic
def normen_inrichten(
    *, kader: Afsprakenkader, acting_user, definities: list[dict] | None = None
) -> list[Normdefinitie]:
    """Create (or update by code) the kader's norm records; by default the standard set, each
    linked to the afspraak with that number where the kader has one."""
    check_capability(
        acting_user,
        NORM_BEHEREN,
        kader=kader,
        melding="Alleen een beheerder van de gemeente richt de normen van een kader in.",
    )
    uitkomst = []
    for volgorde, d in enumerate(definities or STANDAARDNORMEN, start=1):
        afspraak = None
        if d.get("afspraak"):
            afspraak = Afspraak.objects.filter(
                kader=kader, soort=AfspraakSoort.STRATEGISCH, nummer=d["afspraak"]
            ).first()
        bron = d.get("bron", "")
        if d.get("afspraak") and afspraak is None:
            bron = bron or f"Afspraak {d['afspraak']} (niet gevonden in dit kader)"
        norm, _ = Normdefinitie.objects.update_or_create(
            kader=kader,
            code=d["code"],
            defaults={
                "naam": d["naam"],
                "soort": d["soort"],
                "afspraak": afspraak,
                "bron": bron,
                "scope": d["scope"],
                "parameters": d.get("parameters", {}),
                "informatief": d.get("informatief", False),
                "volgorde": volgorde,
            },
        )
        norm.full_clean()
        uitkomst.append(norm)
    audit_record_create(
        acting_user=acting_user,
        actie="normen.ingericht",
        omschrijving=f"{len(uitkomst)} normen ingericht voor {kader.titel}.",
        obj=kader,
    )
    return uitkomst


@transaction.atomic
def aandeelnorm_vastleggen(
    *,
    kader: Afsprakenkader,
    naam: str,
    bron: str,
    minimum_pct: Decimal,
    segmenten: list[str],
    acting_user,
    informatief: bool = True,
) -> Normdefinitie:
    """Record a share-of-new-build norm of the gemeente's own or its region (a woondeal:
    "56 % betaalbaar, 28 % sociale huur"), judged over all new build in the kader's period."""
    check_capability(
        acting_user,
        NORM_BEHEREN,
        kader=kader,
        melding="Alleen een beheerder van de gemeente legt een norm vast.",
    )
    from prestatiemonitor.planmonitor.constants import SEGMENTEN

    fouten = {}
    if not naam.strip():
        fouten["naam"] = "Geef de norm een naam."
    if not bron.strip():
        fouten["bron"] = "Noem de bron (bv. 'Woondeal regio Foodvalley, 8 maart 2023')."
    if not Decimal(0) < minimum_pct <= Decimal(100):
        fouten["minimum_pct"] = "Het minimum aandeel ligt tussen 0 en 100 %."
    onbekend = [s for s in segmenten if s not in SEGMENTEN]
    if not segmenten or onbekend:
        fouten["segmenten"] = "Kies een of meer segmenten."
    if fouten:
        raise ValidationError(fouten)
    basis = slugify(f"eigen {naam}")[:50] or "eigen-norm"
    code, n = basis, 1
    while Normdefinitie.objects.filter(kader=kader, code=code).exists():
        n += 1
        code = f"{basis}-{n}"
    volgorde = (
        Normdefinitie.objects.filter(kader=kader)
        .order_by("-volgorde")
        .values_list("volgorde", flat=True)
        .first()
        or 0
    ) + 1
    norm = Normdefinitie(
        kader=kader,
        code=code,
        naam=naam.strip(),
        soort="aandeel_nieuwbouw",
        bron=bron.strip(),
        scope=NormScope.GEMEENTE,
        parameters={"minimum_pct": float(minimum_pct), "segmenten": list(segmenten)},
        informatief=informatief,
        volgorde=volgorde,
    )
    norm.full_clean()
    historie_markeren(norm, acting_user, "vastgelegd")
    norm.save()
    audit_record_create(
        acting_user=acting_user,
        actie="norm.vastgelegd",
        omschrijving=f"Norm '{norm.naam}' vastgelegd voor {kader.titel}.",
        obj=norm,
        gegevens={"parameters": norm.parameters, "bron": norm.bron},
    )
    return norm
