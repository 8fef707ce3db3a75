"""Every write of woonruimte: deliveries of lettings (replace per corporation and year) and of
the aggregates (upsert on their natural key). ``uitwisseling.py`` reads and checks the files
and calls these; nothing else writes.

Invariants:
- Every delivery is an ``Aanlevering`` of one organisation with the file's sha256, and one
  audit row ``woonruimte.aangeleverd`` in the same transaction.
- Lettings: a delivery of a corporation covers the years of its rows; in those years it
  *replaces* every earlier letting of that corporation in the kader (atomically: the new rows
  are written, then the old ones of those years deleted). An earlier delivery that lost rows
  points to the new one (``vervangen_door``). A delivery whose file (sha256) is already in
  place, whole, for that corporation changes nothing and writes nothing (without this check
  the same file would replace itself: the same rows, new ids, a new Aanlevering).
- Aggregates: upsert on the natural key; an unchanged row is not written; a delivery that
  changes nothing writes no Aanlevering and no audit row. Nothing is ever deleted by an
  aggregate delivery (deliver 0 to clear a figure).
- The rows come checked by ``uitwisseling.py`` (choices, ranges, the aandachtsgroep rule);
  lettings are written with ``bulk_create`` in batches — ``full_clean`` per row would cost more
  than the whole import — and the database constraints (``models.py``) guard what matters.
  The Aanlevering and the aggregate rows are ``full_clean``-ed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from prestatiemonitor.afspraken.models import Afsprakenkader
from prestatiemonitor.audit.services import audit_record_create
from prestatiemonitor.organisaties.models import Organisatie
from prestatiemonitor.organisaties.permissions import (
    PEILMOMENT_BEHEREN,
    REACTIE_PLAATSEN,
    WOONDATA_AANLEVEREN,
    actor_naam,
    check_capability,
    eigen_partij,
    persoon,
)

from .constants import Soort
from .models import (
    Aanlevering,
    MonitorReactie,
    Publicatie,
    SocialeVoorraad,
    Stand,
    TaakstellingStatushouders,
    Toewijzing,
    Woningzoekenden,
)
from .permissions import gemeente_organisatie, naam

BATCH = 2000


@dataclass(slots=True)
class ToewijzingRij:
    """One checked letting (``uitwisseling`` makes these)."""

    corporatie: Organisatie
    datum: date
    kern: str
    buurt: str
    segment: str
    huurprijs: Decimal
    route: str
    aandachtsgroep: bool
    doelgroep: str
    personen: int
    inkomen_boven_grens: bool
    passend: str


@dataclass
class Resultaat:
    """What a delivery wrote. For lettings ``nieuw`` counts the rows written, ``vervangen`` the
    earlier rows they replaced and ``ongewijzigd`` the rows of a file already in place."""

    soort: str
    aanleveringen: list[Aanlevering] = field(default_factory=list)
    nieuw: int = 0
    gewijzigd: int = 0
    ongewijzigd: int = 0
    vervangen: int = 0

    @property
    def leeg(self) -> bool:
        return not (self.nieuw or self.gewijzigd or self.vervangen)

    @property
    def samenvatting(self) -> str:
        if self.soort == Soort.TOEWIJZINGEN:
            return (
                f"{self.nieuw} toewijzingen opgeslagen, {self.vervangen} eerdere vervangen, "
                f"{self.ongewijzigd} ongewijzigd (dit bestand was al aangeleverd)"
            )
        return f"{self.nieuw} nieuw, {self.gewijzigd} gewijzigd, {self.ongewijzigd} ongewijzigd"


def _aanlevering(
    *,
    kader: Afsprakenkader,
    organisatie: Organisatie,
    soort: str,
    bestandsnaam: str,
    sha256: str,
    acting_user,
    voorbeeld: bool,
) -> Aanlevering:
    aanlevering = Aanlevering(
        kader=kader,
        organisatie=organisatie,
        soort=soort,
        bestandsnaam=bestandsnaam[:255],
        sha256=sha256,
        vastgelegd_door=persoon(acting_user),
        door=actor_naam(acting_user),
        voorbeeld=voorbeeld,
    )
    aanlevering.full_clean()
    aanlevering.save()
    return aanlevering


def _audit(aanlevering: Aanlevering, resultaat: dict[str, Any], acting_user) -> None:
    audit_record_create(
        acting_user=acting_user,
        actie="woonruimte.aangeleverd",
        omschrijving=f"{aanlevering.get_soort_display().capitalize()} van "
        f"{naam(aanlevering.organisatie)} aangeleverd uit '{aanlevering.bestandsnaam}' "
        f"({aanlevering.rijen} rijen).",
        obj=aanlevering,
        gegevens={
            "kader": aanlevering.kader.slug,
            "soort": aanlevering.soort,
            "sha256": aanlevering.sha256,
            **resultaat,
        },
    )


def _al_aangeleverd(kader: Afsprakenkader, corporatie: Organisatie, sha256: str) -> bool:
    """Whether a letting delivery of this very file for this corporation is in place, whole
    (none of its rows replaced since)."""
    return any(
        eerder.toewijzingen.count() == eerder.rijen
        for eerder in Aanlevering.objects.filter(
            kader=kader, soort=Soort.TOEWIJZINGEN, organisatie=corporatie, sha256=sha256
        )
    )


# ---------------------------------------------------------------------------------------------
# Lettings


@transaction.atomic
def toewijzingen_aanleveren(
    *,
    kader: Afsprakenkader,
    bestandsnaam: str,
    sha256: str,
    rijen: Iterable[ToewijzingRij],
    acting_user,
    voorbeeld: bool = False,
) -> Resultaat:
    """Write the lettings of a file: per corporation one Aanlevering, its rows in batches, then
    the corporation's earlier lettings in the years of this delivery deleted. ``rijen`` is
    consumed once (a stream: a file of 100.000 rows is never in memory as a whole)."""
    check_capability(
        acting_user,
        WOONDATA_AANLEVEREN,
        kader=kader,
        melding=_("U mag voor dit afsprakenkader geen woongegevens aanleveren."),
    )
    resultaat = Resultaat(Soort.TOEWIJZINGEN)
    per_corporatie: dict[int, Aanlevering | None] = {}  # None: this file is already in place
    jaren: dict[int, set[int]] = {}
    buffer: list[Toewijzing] = []

    def schrijven() -> None:
        Toewijzing.objects.bulk_create(buffer, batch_size=BATCH)
        buffer.clear()

    for rij in rijen:
        corporatie = rij.corporatie
        if corporatie.pk not in per_corporatie:
            check_capability(
                acting_user,
                WOONDATA_AANLEVEREN,
                kader=kader,
                organisatie=corporatie,
                melding=f"U mag geen toewijzingen van {naam(corporatie)} aanleveren; een "
                "corporatie levert alleen haar eigen toewijzingen aan.",
            )
            if _al_aangeleverd(kader, corporatie, sha256):
                per_corporatie[corporatie.pk] = None
            else:
                per_corporatie[corporatie.pk] = _aanlevering(
                    kader=kader,
                    organisatie=corporatie,
                    soort=Soort.TOEWIJZINGEN,
                    bestandsnaam=bestandsnaam,
                    sha256=sha256,
                    acting_user=acting_user,
                    voorbeeld=voorbeeld,
                )
                jaren[corporatie.pk] = set()
        aanlevering = per_corporatie[corporatie.pk]
        if aanlevering is None:
            resultaat.ongewijzigd += 1
            continue
        jaren[corporatie.pk].add(rij.datum.year)
        aanlevering.rijen += 1
        buffer.append(
            Toewijzing(
                kader=kader,
                corporatie=corporatie,
                aanlevering=aanlevering,
                datum=rij.datum,
                jaar=rij.datum.year,
                kern=rij.kern,
                buurt=rij.buurt,
                segment=rij.segment,
                huurprijs=rij.huurprijs,
                route=rij.route,
                aandachtsgroep=rij.aandachtsgroep,
                doelgroep=rij.doelgroep,
                personen=rij.personen,
                inkomen_boven_grens=rij.inkomen_boven_grens,
                passend=rij.passend,
                voorbeeld=voorbeeld,
            )
        )
        if len(buffer) >= BATCH:
            schrijven()
    schrijven()

    for corporatie_id, aanlevering in per_corporatie.items():
        if aanlevering is None:
            continue
        oud = Toewijzing.objects.filter(
            kader=kader, corporatie_id=corporatie_id, jaar__in=jaren[corporatie_id]
        ).exclude(aanlevering=aanlevering)
        eerdere = list(oud.order_by().values_list("aanlevering_id", flat=True).distinct())
        vervangen, _per_model = oud.delete()
        Aanlevering.objects.filter(pk__in=eerdere).update(vervangen_door=aanlevering)
        aanlevering.jaar_van = min(jaren[corporatie_id])
        aanlevering.jaar_tot = max(jaren[corporatie_id])
        aanlevering.full_clean()
        aanlevering.save(update_fields=["rijen", "jaar_van", "jaar_tot"])
        resultaat.nieuw += aanlevering.rijen
        resultaat.vervangen += vervangen
        resultaat.aanleveringen.append(aanlevering)
        _audit(
            aanlevering,
            {
                "rijen": aanlevering.rijen,
                "jaren": sorted(jaren[corporatie_id]),
                "vervangen": vervangen,
                "vervangen_aanleveringen": eerdere,
            },
            acting_user,
        )
    return resultaat


# ---------------------------------------------------------------------------------------------
# Aggregates: upsert on the natural key


@dataclass(frozen=True)
class Upsert:
    """One aggregate row: ``sleutel`` the natural key fields (besides kader), ``waarden`` the
    rest."""

    sleutel: dict[str, Any]
    waarden: dict[str, Any]


def _upsert(
    *,
    model: type[models.Model],
    kader: Afsprakenkader,
    organisatie: Organisatie,
    soort: str,
    bestandsnaam: str,
    sha256: str,
    rijen: list[Upsert],
    acting_user,
    voorbeeld: bool,
    per_organisatie: bool = False,
) -> Resultaat:
    """Create or update each row by its natural key; unchanged rows are not written. With
    ``per_organisatie`` the organisation is part of the key (woningzoekenden)."""
    resultaat = Resultaat(soort)
    if not rijen:
        return resultaat
    # The stored rows by natural key (a foreign key by its id, as in the rows' ``sleutel``).
    attributen = [
        f"{k}_id" if model._meta.get_field(k).is_relation else k for k in rijen[0].sleutel
    ]
    opgeslagen = model._default_manager.filter(kader=kader).select_for_update()
    if per_organisatie:
        opgeslagen = opgeslagen.filter(organisatie=organisatie)
    bestaand = {tuple(getattr(obj, a) for a in attributen): obj for obj in opgeslagen}
    aanlevering: Aanlevering | None = None
    for rij in rijen:
        sleutel = tuple(v.pk if isinstance(v, Organisatie) else v for v in rij.sleutel.values())
        obj = bestaand.get(sleutel)
        if obj is not None and all(getattr(obj, k) == v for k, v in rij.waarden.items()):
            resultaat.ongewijzigd += 1
            continue
        if aanlevering is None:
            aanlevering = _aanlevering(
                kader=kader,
                organisatie=organisatie,
                soort=soort,
                bestandsnaam=bestandsnaam,
                sha256=sha256,
                acting_user=acting_user,
                voorbeeld=voorbeeld,
            )
        if obj is None:
            obj = model(kader=kader, organisatie=organisatie, **rij.sleutel)
            resultaat.nieuw += 1
        else:
            resultaat.gewijzigd += 1
        for k, v in rij.waarden.items():
            setattr(obj, k, v)
        obj.organisatie = organisatie  # type: ignore[attr-defined]
        obj.aanlevering = aanlevering  # type: ignore[attr-defined]
        obj.voorbeeld = voorbeeld  # type: ignore[attr-defined]
        obj._history_user = persoon(acting_user)  # type: ignore[attr-defined]
        obj.full_clean()
        obj.save()
    if aanlevering is not None:
        aanlevering.rijen = len(rijen)
        jaren = [r.sleutel["jaar"] for r in rijen]
        aanlevering.jaar_van, aanlevering.jaar_tot = min(jaren), max(jaren)
        aanlevering.save(update_fields=["rijen", "jaar_van", "jaar_tot"])
        resultaat.aanleveringen.append(aanlevering)
        _audit(
            aanlevering,
            {
                "rijen": len(rijen),
                "nieuw": resultaat.nieuw,
                "gewijzigd": resultaat.gewijzigd,
                "ongewijzigd": resultaat.ongewijzigd,
            },
            acting_user,
        )
    return resultaat


@transaction.atomic
def woningzoekenden_aanleveren(
    *,
    kader: Afsprakenkader,
    organisatie: Organisatie,
    bestandsnaam: str,
    sha256: str,
    rijen: list[Upsert],
    acting_user,
    voorbeeld: bool = False,
) -> Resultaat:
    """Upsert on (kader, organisatie, jaar, doelgroep). ``rijen``: sleutel {jaar, doelgroep}."""
    check_capability(
        acting_user,
        WOONDATA_AANLEVEREN,
        kader=kader,
        organisatie=organisatie,
        melding=f"U mag geen woningzoekendencijfers namens {naam(organisatie)} aanleveren.",
    )
    return _upsert(
        model=Woningzoekenden,
        per_organisatie=True,
        kader=kader,
        organisatie=organisatie,
        soort=Soort.WONINGZOEKENDEN,
        bestandsnaam=bestandsnaam,
        sha256=sha256,
        rijen=rijen,
        acting_user=acting_user,
        voorbeeld=voorbeeld,
    )


def _gemeente(kader: Afsprakenkader, acting_user, wat: str) -> Organisatie:
    gemeente = gemeente_organisatie(kader)
    melding = f"Alleen de gemeente levert {wat} aan."
    if gemeente is None:
        check_capability(acting_user, WOONDATA_AANLEVEREN, kader=kader, melding=melding)
        raise ValueError(f"Het afsprakenkader {kader.slug} heeft geen gemeente als partij.")
    check_capability(
        acting_user, WOONDATA_AANLEVEREN, kader=kader, organisatie=gemeente, melding=melding
    )
    return gemeente


@transaction.atomic
def taakstelling_aanleveren(
    *,
    kader: Afsprakenkader,
    bestandsnaam: str,
    sha256: str,
    rijen: list[Upsert],
    acting_user,
    voorbeeld: bool = False,
) -> Resultaat:
    """Upsert on (kader, jaar, halfjaar), delivered by the gemeente."""
    gemeente = _gemeente(kader, acting_user, "de taakstelling statushouders")
    return _upsert(
        model=TaakstellingStatushouders,
        kader=kader,
        organisatie=gemeente,
        soort=Soort.TAAKSTELLING,
        bestandsnaam=bestandsnaam,
        sha256=sha256,
        rijen=rijen,
        acting_user=acting_user,
        voorbeeld=voorbeeld,
    )


@transaction.atomic
def voorraad_aanleveren(
    *,
    kader: Afsprakenkader,
    bestandsnaam: str,
    sha256: str,
    rijen: list[Upsert],
    acting_user,
    voorbeeld: bool = False,
) -> Resultaat:
    """Upsert on (kader, corporatie, jaar, kern, buurt), delivered by the gemeente."""
    gemeente = _gemeente(kader, acting_user, "de sociale voorraad per kern")
    return _upsert(
        model=SocialeVoorraad,
        kader=kader,
        organisatie=gemeente,
        soort=Soort.VOORRAAD,
        bestandsnaam=bestandsnaam,
        sha256=sha256,
        rijen=rijen,
        acting_user=acting_user,
        voorbeeld=voorbeeld,
    )


@transaction.atomic
def publiceren(*, kader: Afsprakenkader, jaar: int, stand: str, acting_user) -> Publicatie:
    """The gemeente publishes a year's beschikbaarheidsmonitor (mid-year or whole year): the
    public then sees its aggregates, small numbers suppressed. Publishing twice changes
    nothing."""
    from .models import Publicatie

    check_capability(
        acting_user,
        PEILMOMENT_BEHEREN,
        kader=kader,
        melding="Alleen de gemeente publiceert de beschikbaarheidsmonitor.",
    )
    if stand not in Stand.values:
        raise ValidationError({"stand": "Kies de halfjaarstand of het hele jaar."})
    if not Toewijzing.objects.filter(kader=kader, jaar=jaar).exists():
        raise ValidationError(
            {
                "jaar": f"Er zijn voor {jaar} nog geen toewijzingen aangeleverd; er is niets te "
                "publiceren."
            }
        )
    publicatie, nieuw = Publicatie.objects.get_or_create(
        kader=kader,
        jaar=jaar,
        stand=stand,
        defaults={"gepubliceerd_door": persoon(acting_user)},
    )
    if nieuw:
        audit_record_create(
            acting_user=acting_user,
            actie="woonruimte.gepubliceerd",
            omschrijving=f"Beschikbaarheidsmonitor {jaar} ({publicatie.get_stand_display()}) "
            "gepubliceerd.",
            obj=kader,
        )
    return publicatie


@transaction.atomic
def reactie_plaatsen(
    *, kader: Afsprakenkader, jaar: int, tekst: str, acting_user, organisatie=None
) -> MonitorReactie:
    """A tenants' organisation reacts on a year's beschikbaarheidsmonitor."""
    check_capability(
        acting_user,
        REACTIE_PLAATSEN,
        kader=kader,
        melding="Alleen een huurdersorganisatie van dit kader reageert op de monitor.",
    )
    organisatie = eigen_partij(acting_user, REACTIE_PLAATSEN, kader, organisatie)
    if not tekst.strip():
        raise ValidationError({"tekst": "Schrijf uw reactie."})
    reactie = MonitorReactie(
        kader=kader,
        jaar=jaar,
        organisatie=organisatie,
        tekst=tekst.strip(),
        geplaatst_door=persoon(acting_user),
    )
    reactie.full_clean()
    reactie.save()
    audit_record_create(
        acting_user=acting_user,
        actie="woonruimte.reactie",
        omschrijving=f"{naam(organisatie)} reageerde op de beschikbaarheidsmonitor {jaar}.",
        obj=reactie,
    )
    return reactie
