"""Writes of the verduurzaming app: a stock snapshot (opname) and the labels matched onto it.

Invariants:
- An opname is delivered as a whole: ``voorraadopname_vastleggen`` replaces every dwelling of
  (kader, corporatie, peildatum) in one transaction, and only when the content fingerprint
  differs from what is stored; the same content again writes nothing (no audit row either).
- Only the corporation itself delivers its stock (``woondata.aanleveren`` on that
  organisation, in this kader); SYSTEEM for commands, demo and tests; None is refused.
- The rows arrive validated by ``uitwisseling.py``; each is checked again here on the few
  things the database cannot guard cheaply (VBO-id, label/date pair), but not with a
  ``full_clean()`` per row: at 2,4 million dwellings that would dominate the import. The opname
  itself is ``full_clean``-ed. Dwellings are written with ``bulk_create`` in batches so memory
  stays bounded whatever the size of the delivery.
- One audit row per opname written.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from prestatiemonitor.afspraken.models import Afsprakenkader
from prestatiemonitor.audit.services import audit_record_create
from prestatiemonitor.organisaties.models import Organisatie
from prestatiemonitor.organisaties.permissions import (
    WOONDATA_AANLEVEREN,
    check_capability,
    persoon,
)

from .constants import LABEL_TEKST
from .models import Voorraadopname, Woning

BATCH = 5000
_VBO = re.compile(r"^\d{16}\Z")


@dataclass(frozen=True)
class WoningRij:
    """One dwelling as delivered (already parsed)."""

    vbo_id: str
    kern: str
    energielabel: int | None
    registratiedatum: datetime.date | None
    huurprijs: Decimal | None


def _melding_aanleveren(corporatie: Organisatie) -> str:
    naam = corporatie.korte_naam or corporatie.naam
    return (
        f"U mag de woningvoorraad van {naam} niet aanleveren; alleen {naam} zelf levert haar "
        "woningen aan."
    )


def _batches(rijen: Iterable[WoningRij], grootte: int) -> Iterator[list[WoningRij]]:
    it = iter(rijen)
    while batch := list(islice(it, grootte)):
        yield batch


def _controleer(rij: WoningRij) -> None:
    if not _VBO.match(rij.vbo_id):
        raise ValidationError({"vbo_id": f"'{rij.vbo_id}' is geen VBO-id van 16 cijfers."})
    if rij.energielabel is not None and rij.energielabel not in LABEL_TEKST:
        raise ValidationError({"energielabel": f"Onbekende labelcode {rij.energielabel}."})
    if rij.energielabel is not None and rij.registratiedatum is None:
        raise ValidationError({"registratiedatum": "Een energielabel heeft een registratiedatum."})


@dataclass
class Vastgelegd:
    opname: Voorraadopname
    gewijzigd: bool  # False: the same content was already stored; nothing written


@transaction.atomic
def voorraadopname_vastleggen(
    *,
    kader: Afsprakenkader,
    corporatie: Organisatie,
    peildatum: datetime.date,
    bestandsnaam: str,
    sha256: str,
    inhoud_sha256: str,
    woningen: Iterable[WoningRij],
    acting_user,
    voorbeeld: bool = False,
    batch: int = BATCH,
) -> Vastgelegd:
    """Store the stock of ``corporatie`` at ``peildatum``, replacing an earlier delivery for
    that date when its content differs. ``woningen`` is consumed once, in batches."""
    check_capability(
        acting_user,
        WOONDATA_AANLEVEREN,
        kader=kader,
        organisatie=corporatie,
        melding=_melding_aanleveren(corporatie),
    )
    opname = (
        Voorraadopname.objects.select_for_update()
        .filter(kader=kader, corporatie=corporatie, peildatum=peildatum)
        .first()
    )
    if opname is not None and opname.inhoud_sha256 == inhoud_sha256:
        return Vastgelegd(opname, gewijzigd=False)
    vervangen = opname is not None
    if opname is None:
        opname = Voorraadopname(kader=kader, corporatie=corporatie, peildatum=peildatum)
    else:
        Woning.objects.filter(opname=opname).delete()
    opname.bestandsnaam = bestandsnaam[:255]
    opname.sha256 = sha256
    opname.inhoud_sha256 = inhoud_sha256
    opname.aangeleverd_door = persoon(acting_user)
    opname.aangeleverd_op = timezone.now()
    opname.ep_online_bestandsnaam = ""
    opname.ep_online_sha256 = ""
    opname.ep_online_op = None
    opname.voorbeeld = voorbeeld
    opname.aantal = 0
    opname.full_clean()
    # The history row is written once, below, with the number of dwellings.
    opname.skip_history_when_saving = True  # type: ignore[attr-defined]
    opname.save()
    del opname.skip_history_when_saving  # type: ignore[attr-defined]
    aantal = 0
    for rijen in _batches(woningen, batch):
        for rij in rijen:
            _controleer(rij)
        Woning.objects.bulk_create(
            [
                Woning(
                    opname=opname,
                    vbo_id=r.vbo_id,
                    kern=r.kern,
                    energielabel=r.energielabel,
                    registratiedatum=r.registratiedatum,
                    huurprijs=r.huurprijs,
                )
                for r in rijen
            ]
        )
        aantal += len(rijen)
    opname.aantal = aantal
    opname.save()
    naam = corporatie.korte_naam or corporatie.naam
    audit_record_create(
        acting_user=acting_user,
        actie="voorraadopname.vervangen" if vervangen else "voorraadopname.aangeleverd",
        omschrijving=f"Woningvoorraad van {naam} per {peildatum:%d-%m-%Y} "
        f"{'vervangen' if vervangen else 'aangeleverd'} uit '{bestandsnaam}': {aantal} woningen.",
        obj=opname,
        gegevens={
            "corporatie": corporatie.pk,
            "peildatum": peildatum.isoformat(),
            "aantal": aantal,
            "bestandsnaam": bestandsnaam,
            "sha256": sha256,
        },
    )
    return Vastgelegd(opname, gewijzigd=True)


@dataclass
class LabelTreffer:
    """The label EP-Online has for one dwelling of the opname."""

    woning_pk: int
    energielabel: int
    registratiedatum: datetime.date


@transaction.atomic
def labels_vastleggen(
    *,
    opname: Voorraadopname,
    treffers: Iterable[LabelTreffer],
    bestandsnaam: str,
    sha256: str,
    samenvatting: dict[str, int],
    acting_user,
    batch: int = 2000,
) -> int:
    """Set label and registratiedatum on the opname's dwellings from EP-Online. Only dwellings
    whose label or date differs are written; returns how many. The audit row (with the match
    counts of ``samenvatting``) and the EP-Online source on the opname are written only when
    something changed, so matching the same file twice changes nothing."""
    check_capability(
        acting_user,
        WOONDATA_AANLEVEREN,
        kader=opname.kader,
        organisatie=opname.corporatie,
        melding=_melding_aanleveren(opname.corporatie),
    )
    opname = Voorraadopname.objects.select_for_update().get(pk=opname.pk)
    huidig = {
        pk: (label, datum)
        for pk, label, datum in Woning.objects.filter(opname=opname).values_list(
            "pk", "energielabel", "registratiedatum"
        )
    }
    wijzigingen = []
    for t in treffers:
        if t.woning_pk not in huidig:
            raise ValidationError(f"Woning {t.woning_pk} hoort niet bij deze opname.")
        if t.energielabel not in LABEL_TEKST:
            raise ValidationError({"energielabel": f"Onbekende labelcode {t.energielabel}."})
        if huidig[t.woning_pk] != (t.energielabel, t.registratiedatum):
            wijzigingen.append(
                Woning(
                    pk=t.woning_pk,
                    energielabel=t.energielabel,
                    registratiedatum=t.registratiedatum,
                )
            )
    for start in range(0, len(wijzigingen), batch):
        Woning.objects.bulk_update(
            wijzigingen[start : start + batch], ["energielabel", "registratiedatum"]
        )
    if not wijzigingen:
        return 0
    opname.ep_online_bestandsnaam = bestandsnaam[:255]
    opname.ep_online_sha256 = sha256
    opname.ep_online_op = timezone.now()
    opname.full_clean()
    opname.save()
    naam = opname.corporatie.korte_naam or opname.corporatie.naam
    audit_record_create(
        acting_user=acting_user,
        actie="voorraadopname.labels_ep_online",
        omschrijving=f"Energielabels van {naam} per {opname.peildatum:%d-%m-%Y} gekoppeld uit "
        f"EP-Online-bestand '{bestandsnaam}': {len(wijzigingen)} woningen bijgewerkt.",
        obj=opname,
        gegevens={**samenvatting, "bijgewerkt": len(wijzigingen), "sha256": sha256},
    )
    return len(wijzigingen)
