"""Every write of the overleg app (docs/modules.md, "Regels voor het schrijfpad").

Keyword-only, ``acting_user`` required, the capability first, one transaction, ``full_clean``
before ``save``, an audit row in the same transaction. Notices to participants (a published
planning, a moved or cancelled meeting) are queued after the commit (``herinneringen.py``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from prestatiemonitor.afspraken.historie import historie_markeren
from prestatiemonitor.afspraken.models import Afsprakenkader
from prestatiemonitor.audit.services import audit_record_create
from prestatiemonitor.jaarschijven.services import (
    bestand_bewaren,
    bestand_controleren,
    versie_controleren,
)
from prestatiemonitor.organisaties.models import Organisatie
from prestatiemonitor.organisaties.permissions import (
    AGENDA_DELEN,
    OVERLEG_BIJDRAGEN,
    OVERLEG_PLANNEN,
    _is_all_powerful,
    _is_person,
    check_capability,
    has_capability,
    persoon,
)

from . import herinneringen, planner, selectors
from .constants import MAANDNAMEN, ActiepuntStatus, OverlegStatus, PlanningStatus
from .models import (
    Aanwezigheid,
    Actiepunt,
    AgendaFeed,
    Agendapunt,
    Besluit,
    Jaarplanning,
    Mijlpaal,
    Overleg,
    Overlegdocument,
    Overleginstellingen,
    Overlegvorm,
)
from .structuur import standaardstructuur

PLANNEN_MELDING = "Alleen de gemeente plant en beheert de overleggen van dit kader."


def _check_plannen(acting_user, kader: Afsprakenkader) -> None:
    check_capability(acting_user, OVERLEG_PLANNEN, kader=kader, melding=PLANNEN_MELDING)


# ---------------------------------------------------------------------------------------------
# The structure


@transaction.atomic
def structuur_inrichten(*, kader: Afsprakenkader, acting_user) -> list[Overlegvorm]:
    """Set up the overlegstructuur of the Nijkerk document (ch. 5) for a kader that has none:
    the four overleggen, the informatieavond and the jaarcyclus milestones. Idempotent."""
    _check_plannen(acting_user, kader)
    Afsprakenkader.objects.select_for_update().get(pk=kader.pk)
    if kader.overlegvormen.exists():
        return list(kader.overlegvormen.all())
    Overleginstellingen.objects.get_or_create(kader=kader)
    vormen = standaardstructuur(kader)
    audit_record_create(
        acting_user=acting_user,
        actie="overleg.structuur_ingericht",
        omschrijving=f"Overlegstructuur ingericht: {', '.join(v.naam for v in vormen)}.",
        obj=kader,
    )
    return vormen


@transaction.atomic
def instellingen_opslaan(
    *, kader: Afsprakenkader, schoolregio: str, locatie: str, herinnering_dagen: int, acting_user
) -> Overleginstellingen:
    _check_plannen(acting_user, kader)
    instellingen, _ = Overleginstellingen.objects.select_for_update().get_or_create(kader=kader)
    instellingen.schoolregio = schoolregio
    instellingen.locatie = locatie.strip()
    instellingen.herinnering_dagen = herinnering_dagen
    instellingen.full_clean()
    instellingen.save()
    audit_record_create(
        acting_user=acting_user,
        actie="overleg.instellingen",
        omschrijving=f"Overleginstellingen: regio {schoolregio or 'geen'}, herinnering "
        f"{herinnering_dagen} dagen vooraf.",
        obj=instellingen,
    )
    return instellingen


VORM_VELDEN = Overlegvorm.BEWERKBAAR


def _partij_van_kader(kader: Afsprakenkader, organisatie: Organisatie | None, veld: str) -> None:
    if organisatie is not None and not kader.partij_set.filter(organisatie=organisatie).exists():
        raise ValidationError({veld: f"{organisatie} is geen partij bij {kader}."})


@transaction.atomic
def overlegvorm_opslaan(
    *, kader: Afsprakenkader, velden: dict, vorm: Overlegvorm | None = None, acting_user
) -> Overlegvorm:
    """Add an overlegvorm (``vorm`` None) or change one; ``velden`` as in ``VORM_VELDEN``."""
    _check_plannen(acting_user, kader)
    if vorm is None:
        vorm = Overlegvorm(kader=kader)
    else:
        vorm = Overlegvorm.objects.select_for_update().get(pk=vorm.pk, kader=kader)
    for veld in VORM_VELDEN:
        if veld in velden:
            setattr(vorm, veld, velden[veld])
    _partij_van_kader(kader, vorm.voorzitter, "voorzitter")
    _partij_van_kader(kader, vorm.plaatsvervanger, "plaatsvervanger")
    historie_markeren(vorm, acting_user, "overlegvorm opgeslagen")
    vorm.full_clean()
    vorm.save()
    for mijlpaal in vorm.mijlpalen.all():
        if mijlpaal.maand not in vorm.plan_maanden():
            raise ValidationError(
                {
                    "maanden": f"Het agendapunt '{mijlpaal.titel_zonder_jaar}' staat op het "
                    f"overleg in {MAANDNAMEN[mijlpaal.maand]}; houd die maand, of verplaats eerst "
                    "het agendapunt (Jaarcyclus)."
                }
            )
    audit_record_create(
        acting_user=acting_user,
        actie="overleg.vorm_opgeslagen",
        omschrijving=f"Overlegvorm '{vorm.naam}': {vorm.per_jaar}× per jaar, maanden "
        f"{', '.join(str(m) for m in vorm.plan_maanden())}.",
        obj=vorm,
    )
    return vorm


@transaction.atomic
def overlegvorm_verwijderen(*, vorm: Overlegvorm, acting_user) -> None:
    _check_plannen(acting_user, vorm.kader)
    if vorm.overleggen.exists():
        raise ValidationError(
            f"Het {vorm.naam} heeft al geplande overleggen; het kan niet meer weg. Zet het aantal "
            "per jaar of de maanden voor volgende jaren anders."
        )
    audit_record_create(
        acting_user=acting_user,
        actie="overleg.vorm_verwijderd",
        omschrijving=f"Overlegvorm '{vorm.naam}' verwijderd.",
        obj=vorm,
    )
    vorm.delete()


@transaction.atomic
def mijlpaal_opslaan(
    *,
    kader: Afsprakenkader,
    soort: str,
    naam: str,
    overlegvorm: Overlegvorm,
    maand: int,
    alleen_laatste_jaar: bool = False,
    mijlpaal: Mijlpaal | None = None,
    acting_user,
) -> Mijlpaal:
    _check_plannen(acting_user, kader)
    if overlegvorm.kader_id != kader.pk:
        raise ValidationError({"overlegvorm": "Kies een overleg van dit kader."})
    if mijlpaal is None:
        mijlpaal = Mijlpaal(kader=kader)
    else:
        mijlpaal = Mijlpaal.objects.select_for_update().get(pk=mijlpaal.pk, kader=kader)
    mijlpaal.soort = soort
    mijlpaal.naam = naam.strip()
    mijlpaal.overlegvorm = overlegvorm
    mijlpaal.maand = maand
    mijlpaal.alleen_laatste_jaar = alleen_laatste_jaar
    mijlpaal.full_clean()
    mijlpaal.save()
    audit_record_create(
        acting_user=acting_user,
        actie="overleg.mijlpaal_opgeslagen",
        omschrijving=f"Jaarcyclus: '{mijlpaal.naam}' op het {overlegvorm.naam} in maand {maand}.",
        obj=mijlpaal,
    )
    return mijlpaal


@transaction.atomic
def mijlpaal_verwijderen(*, mijlpaal: Mijlpaal, acting_user) -> None:
    _check_plannen(acting_user, mijlpaal.kader)
    audit_record_create(
        acting_user=acting_user,
        actie="overleg.mijlpaal_verwijderd",
        omschrijving=f"Jaarcyclus: '{mijlpaal.naam}' verwijderd.",
        obj=mijlpaal,
    )
    mijlpaal.delete()


# ---------------------------------------------------------------------------------------------
# Plan the year


@transaction.atomic
def jaar_plannen(*, kader: Afsprakenkader, jaar: int, acting_user) -> Jaarplanning:
    """Save the proposal of ``selectors.jaarvoorstel`` as the concept planning of ``jaar``.

    A concept planning of that year is replaced (unless something was recorded on one of its
    meetings); a published one is refused: change its meetings one by one."""
    _check_plannen(acting_user, kader)
    Afsprakenkader.objects.select_for_update().get(pk=kader.pk)
    bestaand = Jaarplanning.objects.filter(kader=kader, jaar=jaar).first()
    if bestaand is not None:
        if bestaand.gepubliceerd:
            raise ValidationError(
                f"De jaarplanning {jaar} is al gepubliceerd; verplaats of gelast de overleggen "
                "afzonderlijk af, zodat de deelnemers het bericht krijgen."
            )
        standaard = (planner.STANDAARD_BEGIN, planner.STANDAARD_VORIG, planner.STANDAARD_EIND)
        vastgelegd = [
            o.titel
            for o in bestaand.overleggen.all()
            if o.besluiten.exists()
            or o.actiepunten.exists()
            or o.documenten.exists()
            or o.aanwezigheid.exists()
            or o.agendapunten.filter(mijlpaal__isnull=True).exclude(titel__in=standaard).exists()
            or o.history.count() > 1  # moved or changed by hand
        ]
        if vastgelegd:
            raise ValidationError(
                f"Bij {', '.join(vastgelegd)} is al iets vastgelegd of met de hand gewijzigd; de "
                f"planning {jaar} wordt daarom niet opnieuw gemaakt. Wijzig de overleggen "
                "afzonderlijk."
            )
        bestaand.delete()
    plan = selectors.jaarvoorstel(kader=kader, jaar=jaar)
    planning = Jaarplanning(kader=kader, jaar=jaar, gepland_door=persoon(acting_user))
    planning.full_clean()
    planning.save()
    locatie = plan.instellingen.locatie
    for voorstel in plan.voorstellen:
        vorm = plan.vormen[voorstel.vorm.sleutel]
        overleg = Overleg(
            kader=kader,
            planning=planning,
            overlegvorm=vorm,
            volgnummer=voorstel.volgnummer,
            titel=Overleg.maak_titel(vorm, voorstel.volgnummer),
            met_corporaties=vorm.met_corporaties,
            met_huurders=vorm.met_huurders,
            datum=voorstel.datum,
            aanvang=voorstel.aanvang,
            einde=voorstel.einde,
            locatie=locatie,
            voorzitter_id=voorstel.voorzitter,
            plaatsvervanger_id=voorstel.plaatsvervanger,
        )
        historie_markeren(overleg, acting_user, "gepland")
        overleg.full_clean()
        overleg.save()
        _agenda_vullen(overleg, voorstel, plan)
    audit_record_create(
        acting_user=acting_user,
        actie="overleg.jaar_gepland",
        omschrijving=f"Jaarplanning {jaar}: {len(plan.voorstellen)} overleggen gepland (concept).",
        obj=planning,
        gegevens={"overleggen": [v.datum.isoformat() for v in plan.voorstellen]},
    )
    return planning


def _agenda_vullen(overleg: Overleg, voorstel: planner.Voorstel, plan) -> None:
    volgorde = 0

    def punt(titel: str, **links) -> None:
        nonlocal volgorde
        volgorde += 10
        Agendapunt.objects.create(overleg=overleg, volgorde=volgorde, titel=titel, **links)

    punt(planner.STANDAARD_BEGIN)
    punt(planner.STANDAARD_VORIG)
    for p in voorstel.punten:
        mijlpaal = plan.mijlpalen[p.sleutel]
        punt(p.titel, mijlpaal=mijlpaal, **selectors.mijlpaal_koppelingen(mijlpaal, overleg))
    punt(planner.STANDAARD_EIND)


@transaction.atomic
def planning_publiceren(*, planning: Jaarplanning, acting_user) -> Jaarplanning:
    _check_plannen(acting_user, planning.kader)
    planning = Jaarplanning.objects.select_for_update().get(pk=planning.pk)
    if planning.gepubliceerd:
        return planning
    planning.status = PlanningStatus.GEPUBLICEERD
    planning.gepubliceerd_door = persoon(acting_user)
    planning.gepubliceerd_op = timezone.now()
    planning.full_clean()
    planning.save()
    audit_record_create(
        acting_user=acting_user,
        actie="overleg.planning_gepubliceerd",
        omschrijving=f"Jaarplanning {planning.jaar} gepubliceerd: "
        f"{planning.overleggen.count()} overleggen.",
        obj=planning,
    )
    herinneringen.planning_melden(planning)
    return planning


def _werkdag_controleren(datum: dt.date) -> None:
    if datum.weekday() >= 5:
        raise ValidationError({"datum": f"{datum:%d-%m-%Y} valt in het weekend."})
    feestdag = planner.vrije_dagen(datum.year, "").get(datum)
    if feestdag:
        raise ValidationError({"datum": f"{datum:%d-%m-%Y} is een feestdag ({feestdag})."})


@transaction.atomic
def overleg_wijzigen(
    *,
    overleg: Overleg,
    datum: dt.date,
    aanvang: dt.time,
    einde: dt.time,
    locatie: str,
    reden: str = "",
    acting_user,
) -> Overleg:
    """Move a meeting or change its place. After publication the participants get a notice and
    subscribed calendars the new version (SEQUENCE + 1)."""
    _check_plannen(acting_user, overleg.kader)
    overleg = Overleg.objects.select_for_update().select_related("planning").get(pk=overleg.pk)
    if overleg.afgelast:
        raise ValidationError("Een afgelast overleg wordt niet meer gewijzigd; plan een nieuw.")
    oud = (overleg.datum, overleg.aanvang, overleg.einde, overleg.locatie)
    nieuw = (datum, aanvang, einde, locatie.strip())
    if oud == nieuw:
        return overleg
    _werkdag_controleren(datum)
    if overleg.planning.gepubliceerd and not reden.strip():
        raise ValidationError(
            {"reden": "Geef een reden: de deelnemers krijgen bericht van de wijziging."}
        )
    overleg.datum, overleg.aanvang, overleg.einde, overleg.locatie = nieuw
    overleg.reden_wijziging = reden.strip()[:300]
    if overleg.planning.gepubliceerd:
        overleg.sequence += 1
    historie_markeren(overleg, acting_user, f"gewijzigd: {reden}".strip(": "))
    overleg.full_clean()
    overleg.save()
    audit_record_create(
        acting_user=acting_user,
        actie="overleg.gewijzigd",
        omschrijving=f"{overleg.titel}: van {oud[0]:%d-%m-%Y} {oud[1]:%H:%M} naar "
        f"{datum:%d-%m-%Y} {aanvang:%H:%M}" + (f" ({reden.strip()})" if reden.strip() else ""),
        obj=overleg,
    )
    if overleg.planning.gepubliceerd:
        herinneringen.wijziging_melden(overleg)
    return overleg


@transaction.atomic
def overleg_afgelasten(*, overleg: Overleg, reden: str, acting_user) -> Overleg:
    _check_plannen(acting_user, overleg.kader)
    overleg = Overleg.objects.select_for_update().select_related("planning").get(pk=overleg.pk)
    if overleg.afgelast:
        return overleg
    if not reden.strip():
        raise ValidationError({"reden": "Geef een reden voor het afgelasten."})
    overleg.status = OverlegStatus.AFGELAST
    overleg.reden_wijziging = reden.strip()[:300]
    if overleg.planning.gepubliceerd:
        overleg.sequence += 1
    historie_markeren(overleg, acting_user, f"afgelast: {reden}")
    overleg.full_clean()
    overleg.save()
    audit_record_create(
        acting_user=acting_user,
        actie="overleg.afgelast",
        omschrijving=f"{overleg.titel} van {overleg.datum:%d-%m-%Y} afgelast: {reden.strip()}",
        obj=overleg,
    )
    if overleg.planning.gepubliceerd:
        herinneringen.wijziging_melden(overleg)
    return overleg


# ---------------------------------------------------------------------------------------------
# Within a meeting


def _enige_afspraak(activiteit):
    """The afspraak an activity serves, when it serves exactly one."""
    afspraken = list(activiteit.afspraken.all()[:2])
    return afspraken[0] if len(afspraken) == 1 else None


def _zelfde_kader(overleg: Overleg, **links) -> None:
    """Every linked record belongs to the meeting's kader."""
    kader_id = overleg.kader_id
    paden = {
        "afspraak": lambda o: o.kader_id,
        "activiteit": lambda o: o.jaarschijf.kader_id,
        "peilmoment": lambda o: o.jaarschijf.kader_id,
        "peiling": lambda o: o.kader_id,
        "bijstelling": lambda o: o.kader_id,
        "agendapunt": lambda o: o.overleg.kader_id,
    }
    for veld, obj in links.items():
        if obj is not None and paden[veld](obj) != kader_id:
            raise ValidationError({veld: "Dit hoort niet bij het kader van het overleg."})
    agendapunt = links.get("agendapunt")
    if agendapunt is not None and agendapunt.overleg_id != overleg.pk:
        raise ValidationError({"agendapunt": "Kies een agendapunt van dit overleg."})


@transaction.atomic
def agendapunt_toevoegen(
    *,
    overleg: Overleg,
    titel: str,
    toelichting: str = "",
    afspraak=None,
    activiteit=None,
    peilmoment=None,
    peiling=None,
    acting_user,
) -> Agendapunt:
    _check_plannen(acting_user, overleg.kader)
    overleg = Overleg.objects.select_for_update().get(pk=overleg.pk)
    _zelfde_kader(
        overleg, afspraak=afspraak, activiteit=activiteit, peilmoment=peilmoment, peiling=peiling
    )
    laatste = overleg.agendapunten.order_by("-volgorde").first()
    # Before "Rondvraag en sluiting" when the agenda ends with it.
    volgorde = (laatste.volgorde + 10) if laatste else 10
    if laatste is not None and laatste.titel == planner.STANDAARD_EIND:
        volgorde = laatste.volgorde
        laatste.volgorde += 10
        laatste.save(update_fields=["volgorde"])
    punt = Agendapunt(
        overleg=overleg,
        volgorde=volgorde,
        titel=titel.strip(),
        toelichting=toelichting.strip(),
        afspraak=afspraak,
        activiteit=activiteit,
        peilmoment=peilmoment,
        peiling=peiling,
    )
    punt.full_clean()
    punt.save()
    audit_record_create(
        acting_user=acting_user,
        actie="overleg.agendapunt",
        omschrijving=f"{overleg.titel}: agendapunt '{punt.titel}' toegevoegd.",
        obj=punt,
    )
    return punt


@transaction.atomic
def agendapunt_verwijderen(*, agendapunt: Agendapunt, acting_user) -> None:
    _check_plannen(acting_user, agendapunt.overleg.kader)
    if agendapunt.besluiten.exists() or agendapunt.documenten.exists():
        raise ValidationError(
            f"Bij '{agendapunt.titel}' staan besluiten of stukken; het blijft op de agenda."
        )
    audit_record_create(
        acting_user=acting_user,
        actie="overleg.agendapunt_verwijderd",
        omschrijving=f"{agendapunt.overleg.titel}: agendapunt '{agendapunt.titel}' verwijderd.",
        obj=agendapunt,
    )
    agendapunt.delete()


def _deelnemende_organisaties(overleg: Overleg):
    return selectors.deelnemers(overleg)


@transaction.atomic
def document_toevoegen(
    *,
    overleg: Overleg,
    bestand: UploadedFile,
    organisatie: Organisatie,
    agendapunt: Agendapunt | None = None,
    acting_user,
) -> Overlegdocument:
    """A document for the meeting, on behalf of a participating organisation (checked by
    content, stored outside the web root)."""
    check_capability(
        acting_user,
        OVERLEG_BIJDRAGEN,
        organisatie=organisatie,
        kader=overleg.kader,
        melding=f"U brengt geen stukken in namens {organisatie}.",
    )
    if organisatie not in _deelnemende_organisaties(overleg):
        raise PermissionDenied(f"{organisatie} neemt niet deel aan het {overleg.overlegvorm.naam}.")
    _zelfde_kader(overleg, agendapunt=agendapunt)
    gecontroleerd = bestand_controleren(bestand, standaardnaam="document")
    naam = gecontroleerd.naam
    document = Overlegdocument(
        overleg=overleg,
        agendapunt=agendapunt,
        organisatie=organisatie,
        bestandsnaam=naam,
        mediatype=gecontroleerd.mediatype,
        grootte=gecontroleerd.grootte,
        sha256=gecontroleerd.sha256,
        geupload_door=persoon(acting_user),
    )
    bestand_bewaren(document, bestand)
    audit_record_create(
        acting_user=acting_user,
        actie="overleg.document",
        omschrijving=f"{overleg.titel}: stuk '{naam}' ingebracht namens {organisatie}.",
        obj=document,
    )
    return document


@transaction.atomic
def aanwezigheid_vastleggen(
    *, overleg: Overleg, regels: list[tuple[Organisatie, bool, str]], acting_user
) -> list[Aanwezigheid]:
    _check_plannen(acting_user, overleg.kader)
    overleg = Overleg.objects.select_for_update().get(pk=overleg.pk)
    deelnemers = set(_deelnemende_organisaties(overleg))
    uitkomst = []
    for organisatie, aanwezig, namen in regels:
        if organisatie not in deelnemers:
            raise ValidationError(f"{organisatie} neemt niet deel aan dit overleg.")
        regel, _ = Aanwezigheid.objects.update_or_create(
            overleg=overleg,
            organisatie=organisatie,
            defaults={"aanwezig": aanwezig, "namen": namen.strip()[:300]},
        )
        uitkomst.append(regel)
    audit_record_create(
        acting_user=acting_user,
        actie="overleg.aanwezigheid",
        omschrijving=f"{overleg.titel}: aanwezig "
        + (", ".join(str(r.organisatie) for r in uitkomst if r.aanwezig) or "niemand")
        + ".",
        obj=overleg,
    )
    return uitkomst


@transaction.atomic
def besluit_vastleggen(
    *,
    overleg: Overleg,
    tekst: str,
    agendapunt: Agendapunt | None = None,
    afspraak=None,
    activiteit=None,
    peilmoment=None,
    peiling=None,
    bijstelling=None,
    openbaar: bool = False,
    acting_user,
) -> Besluit:
    """One decision on the besluitenlijst, linked to what it is about; it then shows on that
    afspraak, activity, peilmoment or planmonitor round. An amendment of an afspraak links the
    bijstelling that records it (and its afspraak)."""
    _check_plannen(acting_user, overleg.kader)
    overleg = Overleg.objects.select_for_update().get(pk=overleg.pk)
    if overleg.afgelast:
        raise ValidationError("Een afgelast overleg neemt geen besluiten.")
    _zelfde_kader(
        overleg,
        agendapunt=agendapunt,
        afspraak=afspraak,
        activiteit=activiteit,
        peilmoment=peilmoment,
        peiling=peiling,
        bijstelling=bijstelling,
    )
    if agendapunt is not None:
        afspraak = afspraak or agendapunt.afspraak
        activiteit = activiteit or agendapunt.activiteit
        peilmoment = peilmoment or agendapunt.peilmoment
        peiling = peiling or agendapunt.peiling
    if activiteit is not None and afspraak is None:
        afspraak = _enige_afspraak(activiteit)
    laatste = overleg.besluiten.order_by("-nummer").first()
    onderwerp = "; ".join(
        str(o) for o in (afspraak, activiteit, peilmoment, peiling, bijstelling) if o is not None
    )
    besluit = Besluit(
        onderwerp=onderwerp[:300],
        overleg=overleg,
        agendapunt=agendapunt,
        nummer=(laatste.nummer + 1) if laatste else 1,
        tekst=tekst.strip(),
        afspraak=afspraak,
        activiteit=activiteit,
        peilmoment=peilmoment,
        peiling=peiling,
        bijstelling=bijstelling,
        openbaar=openbaar,
        vastgelegd_door=persoon(acting_user),
    )
    historie_markeren(besluit, acting_user, "besluit vastgelegd")
    besluit.full_clean()
    besluit.save()
    audit_record_create(
        acting_user=acting_user,
        actie="overleg.besluit",
        omschrijving=f"{overleg.titel}, besluit {besluit.nummer}: {besluit.tekst[:200]}",
        obj=besluit,
        gegevens={"openbaar": openbaar},
    )
    return besluit


@transaction.atomic
def besluit_openbaar_maken(*, besluit: Besluit, openbaar: bool, acting_user) -> Besluit:
    _check_plannen(acting_user, besluit.overleg.kader)
    besluit = Besluit.objects.select_for_update().get(pk=besluit.pk)
    if besluit.openbaar == openbaar:
        return besluit
    besluit.openbaar = openbaar
    historie_markeren(besluit, acting_user, "openbaar" if openbaar else "niet openbaar")
    besluit.save(update_fields=["openbaar"])
    audit_record_create(
        acting_user=acting_user,
        actie="overleg.besluit_openbaar" if openbaar else "overleg.besluit_niet_openbaar",
        omschrijving=f"Besluit {besluit.nummer} van {besluit.overleg.titel} "
        + ("gepubliceerd." if openbaar else "niet meer openbaar."),
        obj=besluit,
    )
    return besluit


@transaction.atomic
def actiepunt_toevoegen(
    *,
    overleg: Overleg,
    omschrijving: str,
    eigenaar: Organisatie,
    deadline: dt.date,
    afspraak=None,
    activiteit=None,
    acting_user,
) -> Actiepunt:
    _check_plannen(acting_user, overleg.kader)
    overleg = Overleg.objects.select_for_update().get(pk=overleg.pk)
    if eigenaar not in _deelnemende_organisaties(overleg):
        raise ValidationError({"eigenaar": f"{eigenaar} neemt niet deel aan dit overleg."})
    _zelfde_kader(overleg, afspraak=afspraak, activiteit=activiteit)
    if activiteit is not None and afspraak is None:
        afspraak = _enige_afspraak(activiteit)
    actie = Actiepunt(
        overleg=overleg,
        omschrijving=omschrijving.strip(),
        eigenaar=eigenaar,
        deadline=deadline,
        afspraak=afspraak,
        activiteit=activiteit,
        vastgelegd_door=persoon(acting_user),
    )
    historie_markeren(actie, acting_user, "actiepunt vastgelegd")
    actie.full_clean()
    actie.save()
    audit_record_create(
        acting_user=acting_user,
        actie="overleg.actiepunt",
        omschrijving=f"{overleg.titel}: actiepunt voor {eigenaar} (deadline "
        f"{deadline:%d-%m-%Y}): {actie.omschrijving[:200]}",
        obj=actie,
    )
    return actie


def bijwerkbare_actiepunten(user, kader: Afsprakenkader, acties) -> set[int]:
    """The pks of ``acties`` (of one kader) the user may update, in two queries at most."""
    if has_capability(user, OVERLEG_PLANNEN, kader=kader):
        return {a.pk for a in acties}
    from prestatiemonitor.organisaties.permissions import organisaties_met

    eigen = set(organisaties_met(user, OVERLEG_BIJDRAGEN).values_list("pk", flat=True))
    return {a.pk for a in acties if a.eigenaar_id in eigen}


def mag_actiepunt_bijwerken(user, actiepunt: Actiepunt) -> bool:
    kader = actiepunt.overleg.kader
    return has_capability(user, OVERLEG_PLANNEN, kader=kader) or has_capability(
        user, OVERLEG_BIJDRAGEN, kader=kader, organisatie=actiepunt.eigenaar
    )


@transaction.atomic
def actiepunt_bijwerken(
    *, actiepunt: Actiepunt, status: str, toelichting: str, versie: int | None, acting_user
) -> Actiepunt:
    """The owner (or the gemeente) records progress on an action item."""
    if acting_user is None or not mag_actiepunt_bijwerken(acting_user, actiepunt):
        check_capability(
            acting_user,
            OVERLEG_PLANNEN,
            kader=actiepunt.overleg.kader,
            melding=f"Alleen {actiepunt.eigenaar} of de gemeente werkt dit actiepunt bij.",
        )
    actiepunt = Actiepunt.objects.select_for_update().get(pk=actiepunt.pk)
    versie_controleren(actiepunt, versie, "Het actiepunt")
    if status not in ActiepuntStatus.values:
        raise ValidationError({"status": "Kies open, afgerond of vervallen."})
    if (actiepunt.status, actiepunt.toelichting) == (status, toelichting.strip()):
        return actiepunt
    oud = actiepunt.get_status_display()
    actiepunt.status = status
    actiepunt.toelichting = toelichting.strip()
    actiepunt.versie += 1
    actiepunt.sequence += 1
    historie_markeren(actiepunt, acting_user, f"status {status}")
    actiepunt.full_clean()
    actiepunt.save()
    audit_record_create(
        acting_user=acting_user,
        actie="overleg.actiepunt_bijgewerkt",
        omschrijving=f"Actiepunt van {actiepunt.eigenaar}: {oud} → "
        f"{actiepunt.get_status_display()}.",
        obj=actiepunt,
    )
    return actiepunt


# ---------------------------------------------------------------------------------------------
# Calendar feeds


def feed_sleutel_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def feed_aanmaken(
    *, organisatie: Organisatie | None = None, user=None, acting_user
) -> tuple[AgendaFeed, str]:
    """A new secret address for the organisation's or the user's own calendar feed; an earlier
    one of the same owner stops working (renew). Returns the feed and the token, which is
    shown once and stored only as a hash."""
    if (organisatie is None) == (user is None):
        raise ValueError("Geef een organisatie of een gebruiker.")
    if organisatie is not None:
        check_capability(
            acting_user,
            AGENDA_DELEN,
            organisatie=organisatie,
            melding=f"Alleen een beheerder van {organisatie} deelt haar agenda.",
        )
        bestaande = AgendaFeed.objects.filter(organisatie=organisatie)
    else:
        if acting_user is None or not (
            _is_all_powerful(acting_user) or (_is_person(acting_user) and acting_user.pk == user.pk)
        ):
            raise PermissionDenied("Alleen de gebruiker zelf maakt een eigen agenda-adres.")
        bestaande = AgendaFeed.objects.filter(user=user)
    nu = timezone.now()
    bestaande.select_for_update().filter(ingetrokken_op__isnull=True).update(ingetrokken_op=nu)
    token = secrets.token_urlsafe(32)
    feed = AgendaFeed(
        organisatie=organisatie,
        user=user,
        sleutel_hash=feed_sleutel_hash(token),
        aangemaakt_door=persoon(acting_user),
    )
    feed.full_clean()
    feed.save()
    audit_record_create(
        acting_user=acting_user,
        actie="agenda.feed_aangemaakt",
        omschrijving=f"Agenda-adres aangemaakt voor {organisatie or user}; een eerder adres "
        "werkt niet meer.",
        obj=feed,
    )
    return feed, token


def mag_feed_beheren(user, feed: AgendaFeed) -> bool:
    if feed.organisatie_id is not None:
        return has_capability(user, AGENDA_DELEN, organisatie=feed.organisatie)
    return _is_all_powerful(user) or (_is_person(user) and user.pk == feed.user_id)


@transaction.atomic
def feed_intrekken(*, feed: AgendaFeed, acting_user) -> AgendaFeed:
    if acting_user is None or not mag_feed_beheren(acting_user, feed):
        raise PermissionDenied("Alleen de eigenaar trekt dit agenda-adres in.")
    feed = AgendaFeed.objects.select_for_update().get(pk=feed.pk)
    if feed.ingetrokken_op is None:
        feed.ingetrokken_op = timezone.now()
        feed.save(update_fields=["ingetrokken_op"])
        audit_record_create(
            acting_user=acting_user,
            actie="agenda.feed_ingetrokken",
            omschrijving=f"Agenda-adres van {feed.organisatie or feed.user} ingetrokken.",
            obj=feed,
        )
    return feed


def feed_opgehaald(*, feed: AgendaFeed) -> None:
    """Note when a calendar program last fetched the feed (shown on the management page).

    Bookkeeping, no user action: no actor and no audit row. At most one write a minute, by one
    conditional UPDATE, so a calendar that polls often does not write on every fetch; on a busy
    SQLite database the note is skipped rather than failing the fetch."""
    from django.db import OperationalError
    from django.db.models import Q

    from prestatiemonitor.config.db import is_database_bezet

    nu = timezone.now()
    try:
        AgendaFeed.objects.filter(pk=feed.pk).filter(
            Q(laatst_gelezen_op__isnull=True)
            | Q(laatst_gelezen_op__lt=nu - dt.timedelta(minutes=1))
        ).update(laatst_gelezen_op=nu)
    except OperationalError as exc:
        if not is_database_bezet(exc):
            raise
