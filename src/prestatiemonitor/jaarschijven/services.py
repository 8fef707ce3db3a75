"""Every write of the jaarschijf and the voortgangsmonitor.

Invariants (each service checks them; tests in tests/test_services.py):

- An activity serves at least one afspraak of its own kader; its trekker and the other parties
  involved are parties to that kader.
- A concept (or besproken) jaarschijf is edited by the parties that may (``jaarschijf.bewerken``:
  the gemeente and the corporations). A *vastgestelde* jaarschijf changes only through a
  recorded decision (``WijzigingBesluit``: reason, date, meeting) by the gemeente
  (``jaarschijf.vaststellen``), stored as a ``JaarschijfWijziging`` and shown as such.
- The workflow only moves forward, one step at a time, each step recorded with its meeting.
  A jaarschijf is vastgesteld only when every afspraak has an activity or an accepted gap.
- Only the trekker party reports on an activity (``voortgang.rapporteren`` on that
  organisation), and only while the peilmoment is open. Closing freezes the peilmoment: every
  activity gets a row (``niet gemeld`` where nothing came), title and trekker are copied in,
  and no service writes to it again.
- Concurrent edits are detected: a form carries the ``versie`` it was filled from; when the
  record has moved on, the service raises ``GelijktijdigGewijzigd`` carrying the stored record,
  so the view can show both versions and keep what the user typed.

Why locks: ``select_for_update`` on the record being changed makes the versie check and the
increment one step, also on PostgreSQL under concurrent requests. Mail (reminders) is sent
only after the transaction commits (``transaction.on_commit``), so a rolled-back reminder
sends nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from prestatiemonitor.afspraken.constants import AfspraakSoort
from prestatiemonitor.afspraken.historie import historie_markeren
from prestatiemonitor.afspraken.models import Afspraak, Afsprakenkader
from prestatiemonitor.audit.services import audit_record_create
from prestatiemonitor.organisaties.constants import OrganisatieSoort
from prestatiemonitor.organisaties.models import Lidmaatschap, Organisatie
from prestatiemonitor.organisaties.permissions import (
    ADVIES_UITBRENGEN,
    JAARSCHIJF_BEWERKEN,
    JAARSCHIJF_VASTSTELLEN,
    PEILMOMENT_BEHEREN,
    REACTIE_PLAATSEN,
    VOORTGANG_RAPPORTEREN,
    check_capability,
    persoon,
    rollen_met,
)

from .constants import (
    MELDBARE_STATUSSEN,
    TOELICHTING_VERPLICHT,
    VOLGENDE_STATUS,
    JaarschijfStatus,
    PeilmomentSoort,
    PeilmomentStatus,
    PlanningSoort,
    VoortgangStatus,
)
from .models import (
    Activiteit,
    Advies,
    Bijlage,
    DekkingsAcceptatie,
    Herinnering,
    Jaarschijf,
    JaarschijfOvergang,
    JaarschijfWijziging,
    Peilmoment,
    Reactie,
    Voortgang,
)

# Evidence: what may be attached, recognised by content (filetype), never by the name.
BIJLAGE_TYPES = {
    "application/pdf": "PDF",
    "image/png": "PNG-afbeelding",
    "image/jpeg": "JPEG-afbeelding",
    "image/gif": "GIF-afbeelding",
    "image/webp": "WebP-afbeelding",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word-document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel-werkmap",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint",
    "application/vnd.oasis.opendocument.text": "OpenDocument-tekst",
    "application/vnd.oasis.opendocument.spreadsheet": "OpenDocument-rekenblad",
    "application/msword": "Word-document (oud formaat)",
    "application/vnd.ms-excel": "Excel-werkmap (oud formaat)",
}


class GelijktijdigGewijzigd(Exception):
    """Someone else saved this record after the user opened the form."""

    def __init__(self, huidige, melding: str):
        super().__init__(melding)
        self.huidige = huidige
        self.melding = melding


@dataclass(frozen=True)
class WijzigingBesluit:
    """The decision behind a change to a vastgestelde jaarschijf."""

    reden: str
    datum: date
    besloten_in: str


@dataclass
class ActiviteitGegevens:
    titel: str
    afspraken: Sequence[Afspraak]
    trekker: Organisatie
    omschrijving: str = ""
    betrokken: Sequence[Organisatie] = ()
    beoogd_resultaat: str = ""
    planning_soort: str = PlanningSoort.JAAR
    planning_kwartaal: int | None = None
    planning_maand: int | None = None
    planning_datum: date | None = None
    doel_aantal: Decimal | None = None
    eenheid: str = ""
    overgenomen_van: Activiteit | None = field(default=None)


# ---------------------------------------------------------------------------------------------
# Helpers


def _lock_jaarschijf(jaarschijf: Jaarschijf) -> Jaarschijf:
    return Jaarschijf.objects.select_for_update().select_related("kader").get(pk=jaarschijf.pk)


def versie_controleren(obj, versie: int | None, wat: str) -> None:
    """Refuse a save based on a stale page: ``GelijktijdigGewijzigd`` with the stored record
    (shared by every module whose forms carry a ``versie``)."""
    if versie is not None and obj.versie != versie:
        raise GelijktijdigGewijzigd(
            obj,
            f"{wat} is intussen door iemand anders gewijzigd (versie {obj.versie}, u begon bij "
            f"versie {versie}). Uw invoer staat hieronder naast de opgeslagen versie; neem over "
            "wat u wilt houden en sla opnieuw op.",
        )


def _partij_ids(kader: Afsprakenkader) -> set[int]:
    return set(kader.partij_set.values_list("organisatie_id", flat=True))


def _besluit_valideren(besluit: WijzigingBesluit | None) -> WijzigingBesluit:
    if besluit is None:
        raise ValidationError(
            {
                "reden": "Deze jaarschijf is vastgesteld; een wijziging vraagt een besluit: "
                "vul de reden, de datum en het overleg in."
            }
        )
    fouten = {}
    if not besluit.reden.strip():
        fouten["reden"] = "Vul de reden van de wijziging in."
    if not besluit.besloten_in.strip():
        fouten["besloten_in"] = "Vul in in welk overleg de wijziging is besloten."
    if besluit.datum is None:
        fouten["datum"] = "Vul de datum van het besluit in."
    elif besluit.datum > timezone.localdate():
        fouten["datum"] = "De datum van het besluit ligt in de toekomst."
    if fouten:
        raise ValidationError(fouten)
    return besluit


def _wijziging_vastleggen(
    jaarschijf: Jaarschijf,
    besluit: WijzigingBesluit,
    activiteit: Activiteit,
    omschrijving: str,
    acting_user,
    *,
    blijft: bool,
) -> JaarschijfWijziging:
    """Record a decided change to a vastgestelde jaarschijf (``blijft``: the activity still
    exists afterwards; for a removal only its title is kept)."""
    return JaarschijfWijziging.objects.create(
        jaarschijf=jaarschijf,
        activiteit=activiteit if blijft else None,
        activiteit_titel=activiteit.titel,
        omschrijving=omschrijving,
        reden=besluit.reden.strip(),
        datum=besluit.datum,
        besloten_in=besluit.besloten_in.strip(),
        vastgelegd_door=persoon(acting_user),
    )


def _mag_jaarschijf_wijzigen(acting_user, jaarschijf: Jaarschijf) -> None:
    if jaarschijf.is_vastgesteld:
        check_capability(
            acting_user,
            JAARSCHIJF_VASTSTELLEN,
            kader=jaarschijf.kader,
            melding="Deze jaarschijf is vastgesteld; alleen de gemeente legt een besloten "
            "wijziging vast.",
        )
    else:
        check_capability(
            acting_user,
            JAARSCHIJF_BEWERKEN,
            kader=jaarschijf.kader,
            melding="U mag de jaarschijf van dit kader niet bewerken.",
        )


# ---------------------------------------------------------------------------------------------
# Jaarschijf


@transaction.atomic
def jaarschijf_aanmaken(
    *, kader: Afsprakenkader, jaar: int, toelichting: str = "", acting_user
) -> Jaarschijf:
    check_capability(
        acting_user,
        JAARSCHIJF_BEWERKEN,
        kader=kader,
        melding="U mag voor dit kader geen jaarschijf aanmaken.",
    )
    if not (kader.periode_van <= jaar <= kader.periode_tot):
        raise ValidationError(
            {
                "jaar": f"Het jaar {jaar} valt buiten de looptijd van dit kader "
                f"({kader.periode_van}–{kader.periode_tot})."
            }
        )
    if Jaarschijf.objects.filter(kader=kader, jaar=jaar).exists():
        raise ValidationError({"jaar": f"Er is al een jaarschijf {jaar} voor dit kader."})
    jaarschijf = Jaarschijf(kader=kader, jaar=jaar, toelichting=toelichting)
    jaarschijf.full_clean()
    jaarschijf.save()
    audit_record_create(
        acting_user=acting_user,
        actie="jaarschijf.aangemaakt",
        omschrijving=f"Jaarschijf {jaar} aangemaakt (concept).",
        obj=jaarschijf,
    )
    return jaarschijf


def _activiteit_valideren(jaarschijf: Jaarschijf, gegevens: ActiviteitGegevens) -> None:
    kader = jaarschijf.kader
    fouten: dict[str, str] = {}
    if not gegevens.titel.strip():
        fouten["titel"] = "Geef de activiteit een titel."
    afspraken = list(gegevens.afspraken)
    if not afspraken:
        fouten["afspraken"] = (
            "Een activiteit dient ten minste één afspraak; kies de afspraak of afspraken "
            "waaraan zij bijdraagt."
        )
    elif any(a.kader_id != kader.pk for a in afspraken):
        fouten["afspraken"] = "Een gekozen afspraak hoort niet bij dit kader."
    elif any(a.soort != AfspraakSoort.STRATEGISCH for a in afspraken):
        fouten["afspraken"] = (
            "Een activiteit dient strategische afspraken; "
            + ", ".join(str(a) for a in afspraken if a.soort != AfspraakSoort.STRATEGISCH)
            + " is er geen."
        )
    partijen = _partij_ids(kader)
    if gegevens.trekker is None or gegevens.trekker.pk not in partijen:
        fouten["trekker"] = "De trekker moet een partij van dit kader zijn."
    vreemd = [o.naam for o in gegevens.betrokken if o.pk not in partijen]
    if vreemd:
        fouten["betrokken"] = "Geen partij van dit kader: " + ", ".join(vreemd) + "."
    soort = gegevens.planning_soort
    if soort == PlanningSoort.KWARTAAL and gegevens.planning_kwartaal not in (1, 2, 3, 4):
        fouten["planning_kwartaal"] = "Kies een kwartaal (1 tot en met 4)."
    if soort == PlanningSoort.MAAND and gegevens.planning_maand not in range(1, 13):
        fouten["planning_maand"] = "Kies een maand (1 tot en met 12)."
    if soort == PlanningSoort.DATUM:
        if gegevens.planning_datum is None:
            fouten["planning_datum"] = "Vul de geplande datum in."
        elif gegevens.planning_datum.year != jaarschijf.jaar:
            fouten["planning_datum"] = (
                f"De geplande datum valt niet in {jaarschijf.jaar}, het jaar van deze jaarschijf."
            )
    if gegevens.doel_aantal is not None and gegevens.doel_aantal < 0:
        fouten["doel_aantal"] = "Het doel kan niet negatief zijn."
    elif gegevens.doel_aantal is not None and not _past_in_kolom(gegevens.doel_aantal):
        fouten["doel_aantal"] = (
            "Het doel past niet: hoogstens 10 cijfers voor en 2 cijfers na de komma."
        )
    if gegevens.doel_aantal is not None and not gegevens.eenheid.strip():
        fouten["eenheid"] = "Zeg waarin het doel geteld wordt (bijvoorbeeld 'woningen')."
    if fouten:
        raise ValidationError(fouten)


def _past_in_kolom(getal: Decimal | int) -> bool:
    """Whether a number fits a DecimalField(max_digits=12, decimal_places=2) (doel, gerealiseerd)."""
    try:
        getal = Decimal(getal)
        if not getal.is_finite():
            return False
        Activiteit._meta.get_field("doel_aantal").run_validators(getal)
    except ValidationError:
        return False
    return True


def _velden(gegevens: ActiviteitGegevens) -> dict:
    soort = gegevens.planning_soort
    return {
        "titel": gegevens.titel.strip(),
        "omschrijving": gegevens.omschrijving.strip(),
        "trekker": gegevens.trekker,
        "beoogd_resultaat": gegevens.beoogd_resultaat.strip(),
        "planning_soort": soort,
        "planning_kwartaal": gegevens.planning_kwartaal
        if soort == PlanningSoort.KWARTAAL
        else None,
        "planning_maand": gegevens.planning_maand if soort == PlanningSoort.MAAND else None,
        "planning_datum": gegevens.planning_datum if soort == PlanningSoort.DATUM else None,
        "doel_aantal": gegevens.doel_aantal,
        "eenheid": gegevens.eenheid.strip() if gegevens.doel_aantal is not None else "",
    }


def _beschrijving(activiteit: Activiteit) -> dict[str, str]:
    """What a reader compares between two versions of an activity (for JaarschijfWijziging)."""
    return {
        "titel": activiteit.titel,
        "omschrijving": activiteit.omschrijving,
        "afspraken": ", ".join(sorted((a.nummer for a in activiteit.afspraken.all()), key=_nr)),
        "trekker": activiteit.trekker.korte_naam,
        "betrokken": ", ".join(sorted(o.korte_naam for o in activiteit.betrokken.all())),
        "beoogd resultaat": activiteit.beoogd_resultaat,
        "planning": activiteit.planning_tekst,
        "doel": f"{activiteit.doel_aantal} {activiteit.eenheid}".strip()
        if activiteit.doel_aantal is not None
        else "",
    }


def _nr(nummer: str):
    return tuple(int(p) if p.isdigit() else 0 for p in nummer.split("."))


@transaction.atomic
def activiteit_opslaan(
    *,
    jaarschijf: Jaarschijf,
    gegevens: ActiviteitGegevens,
    activiteit: Activiteit | None = None,
    versie: int | None = None,
    besluit: WijzigingBesluit | None = None,
    acting_user,
) -> Activiteit:
    """Add (``activiteit=None``) or change an activity. On a vastgestelde jaarschijf only with a
    ``besluit``, which is recorded as a JaarschijfWijziging."""
    _mag_jaarschijf_wijzigen(acting_user, jaarschijf)
    jaarschijf = _lock_jaarschijf(jaarschijf)
    _mag_jaarschijf_wijzigen(acting_user, jaarschijf)  # the status may have moved meanwhile
    if jaarschijf.is_vastgesteld:
        besluit = _besluit_valideren(besluit)
    _activiteit_valideren(jaarschijf, gegevens)

    voor: dict[str, str] | None = None
    if activiteit is None:
        laatste = jaarschijf.activiteiten.order_by("-nummer").values_list("nummer", flat=True)
        activiteit = Activiteit(
            jaarschijf=jaarschijf,
            nummer=(laatste.first() or 0) + 1,
            overgenomen_van=gegevens.overgenomen_van,
        )
        actie, reden = "activiteit.toegevoegd", "toegevoegd"
    else:
        activiteit = (
            Activiteit.objects.select_for_update().select_related("trekker").get(pk=activiteit.pk)
        )
        if activiteit.jaarschijf_id != jaarschijf.pk:
            raise ValidationError("Deze activiteit hoort niet bij deze jaarschijf.")
        versie_controleren(activiteit, versie, f"Activiteit {activiteit.code}")
        voor = _beschrijving(activiteit)
        activiteit.versie += 1
        actie, reden = "activiteit.gewijzigd", "gewijzigd"
    for naam, waarde in _velden(gegevens).items():
        setattr(activiteit, naam, waarde)
    if besluit:
        reden = f"{reden} volgens besluit {besluit.besloten_in} {besluit.datum:%d-%m-%Y}"
    historie_markeren(activiteit, acting_user, reden)
    activiteit.full_clean(exclude=["afspraken", "betrokken"])
    activiteit.save()
    activiteit.afspraken.set(gegevens.afspraken)
    activiteit.betrokken.set([o for o in gegevens.betrokken if o.pk != gegevens.trekker.pk])
    na = _beschrijving(activiteit)
    veranderd = {k: (voor[k], na[k]) for k in na if voor and voor[k] != na[k]}
    if voor is not None and not veranderd:
        raise ValidationError("Er is niets gewijzigd.")
    if voor is None:
        omschrijving = f"Activiteit {activiteit.code} '{activiteit.titel}' toegevoegd."
    else:
        omschrijving = f"Activiteit {activiteit.code} gewijzigd: " + "; ".join(
            f"{k}: '{o}' → '{n}'" for k, (o, n) in veranderd.items()
        )
    if besluit:
        _wijziging_vastleggen(
            jaarschijf, besluit, activiteit, omschrijving, acting_user, blijft=True
        )
    audit_record_create(
        acting_user=acting_user,
        actie=actie,
        omschrijving=omschrijving,
        obj=activiteit,
        gegevens={k: {"oud": o, "nieuw": n} for k, (o, n) in veranderd.items()},
    )
    return activiteit


@transaction.atomic
def activiteiten_toevoegen(
    *, jaarschijf: Jaarschijf, lijst: Sequence[ActiviteitGegevens], acting_user
) -> list[Activiteit]:
    """Add many activities to a concept (or besproken) jaarschijf at once: the Excel import of
    a whole jaarschijf. The same checks as ``activiteit_opslaan`` (capability, each activity's
    validation), then one bulk insert of the activities, their afspraken and betrokken, one
    history record per activity with its afspraken and betrokken, and one audit row per
    activity. Not for a vastgestelde jaarschijf (that takes a decision per activity)."""
    _mag_jaarschijf_wijzigen(acting_user, jaarschijf)
    jaarschijf = _lock_jaarschijf(jaarschijf)
    _mag_jaarschijf_wijzigen(acting_user, jaarschijf)
    if jaarschijf.is_vastgesteld:
        raise ValidationError(
            f"Jaarschijf {jaarschijf.jaar} is vastgesteld; een activiteit komt er alleen bij "
            "via een besluit."
        )
    for gegevens in lijst:
        _activiteit_valideren(jaarschijf, gegevens)
    laatste = jaarschijf.activiteiten.order_by("-nummer").values_list("nummer", flat=True)
    nummer = laatste.first() or 0
    activiteiten = []
    for gegevens in lijst:
        nummer += 1
        activiteit = Activiteit(
            jaarschijf=jaarschijf, nummer=nummer, overgenomen_van=gegevens.overgenomen_van
        )
        for naam, waarde in _velden(gegevens).items():
            setattr(activiteit, naam, waarde)
        activiteit.full_clean(exclude=["afspraken", "betrokken"], validate_constraints=False)
        activiteiten.append(activiteit)
    if not activiteiten:
        return []
    gebruiker = persoon(acting_user)
    Activiteit.objects.bulk_create(activiteiten, batch_size=500)  # the database checks the rest
    historie = Activiteit.history.bulk_history_create(
        activiteiten,
        batch_size=500,
        default_user=gebruiker,
        default_change_reason="toegevoegd (import)",
    )
    through_afspraken = Activiteit.afspraken.through
    through_betrokken = Activiteit.betrokken.through
    afspraak_rijen = through_afspraken.objects.bulk_create(
        [
            through_afspraken(activiteit=a, afspraak=afspraak)
            for a, g in zip(activiteiten, lijst, strict=True)
            for afspraak in dict.fromkeys(g.afspraken)
        ],
        batch_size=1000,
    )
    betrokken_rijen = through_betrokken.objects.bulk_create(
        [
            through_betrokken(activiteit=a, organisatie=o)
            for a, g in zip(activiteiten, lijst, strict=True)
            for o in dict.fromkeys(g.betrokken)
            if o.pk != g.trekker.pk
        ],
        batch_size=1000,
    )
    # The history records carry the afspraken and betrokken as simple-history would.
    if historie:
        from django.apps import apps

        per_activiteit = {h.id: h for h in historie}
        for rijen, model, veld in (
            (afspraak_rijen, "HistoricalActiviteit_afspraken", "afspraak"),
            (betrokken_rijen, "HistoricalActiviteit_betrokken", "organisatie"),
        ):
            m2m_model = apps.get_model("jaarschijven", model)
            m2m_model.objects.bulk_create(
                [
                    m2m_model(
                        history=per_activiteit[r.activiteit_id],
                        id=r.id,
                        activiteit_id=r.activiteit_id,
                        **{f"{veld}_id": getattr(r, f"{veld}_id")},
                    )
                    for r in rijen
                ],
                batch_size=1000,
            )
    for activiteit in activiteiten:
        audit_record_create(
            acting_user=acting_user,
            actie="activiteit.toegevoegd",
            omschrijving=f"Activiteit {activiteit.code} '{activiteit.titel}' toegevoegd.",
            obj=activiteit,
        )
    return activiteiten


@transaction.atomic
def activiteit_verwijderen(
    *,
    activiteit: Activiteit,
    versie: int | None = None,
    besluit: WijzigingBesluit | None = None,
    acting_user,
) -> None:
    """Remove an activity nobody has reported on yet. Once reported it stays (use status
    *vervallen* instead), so that a peilmoment never loses what was reported."""
    jaarschijf = activiteit.jaarschijf
    _mag_jaarschijf_wijzigen(acting_user, jaarschijf)
    jaarschijf = _lock_jaarschijf(jaarschijf)
    if jaarschijf.is_vastgesteld:
        besluit = _besluit_valideren(besluit)
    activiteit = Activiteit.objects.select_for_update().get(pk=activiteit.pk)
    versie_controleren(activiteit, versie, f"Activiteit {activiteit.code}")
    if activiteit.voortgang.exists():
        raise ValidationError(
            "Over deze activiteit is al voortgang gemeld; zij blijft daarom bestaan. Meld haar "
            "bij het volgende peilmoment als 'vervallen', met een toelichting."
        )
    if activiteit.reacties.exists():
        raise ValidationError(
            "Een huurdersorganisatie heeft op deze activiteit gereageerd; zij blijft daarom "
            "bestaan, met de reacties. Meld haar bij het volgende peilmoment als 'vervallen', "
            "met een toelichting."
        )
    omschrijving = f"Activiteit {activiteit.code} '{activiteit.titel}' verwijderd."
    if besluit:
        _wijziging_vastleggen(
            jaarschijf, besluit, activiteit, omschrijving, acting_user, blijft=False
        )
    audit_record_create(
        acting_user=acting_user,
        actie="activiteit.verwijderd",
        omschrijving=omschrijving,
        obj=activiteit,
    )
    historie_markeren(activiteit, acting_user, "verwijderd")
    activiteit.delete()


def ongedekte_afspraken(jaarschijf: Jaarschijf):
    """The kader's strategische afspraken without any activity in this jaarschijf (DOEL without
    DOEN). Acceptances are not taken into account here (see ``selectors.dekking``)."""
    from prestatiemonitor.afspraken.constants import AfspraakSoort

    return (
        Afspraak.objects.filter(kader_id=jaarschijf.kader_id, soort=AfspraakSoort.STRATEGISCH)
        .exclude(activiteiten__jaarschijf=jaarschijf)
        .order_by("volgorde")
    )


@transaction.atomic
def dekking_accepteren(
    *, jaarschijf: Jaarschijf, afspraak: Afspraak, reden: str, acting_user
) -> DekkingsAcceptatie:
    check_capability(
        acting_user,
        JAARSCHIJF_VASTSTELLEN,
        kader=jaarschijf.kader,
        melding="Alleen de gemeente accepteert dat een afspraak dit jaar geen activiteit heeft.",
    )
    jaarschijf = _lock_jaarschijf(jaarschijf)
    if jaarschijf.is_vastgesteld:
        raise ValidationError("Deze jaarschijf is al vastgesteld.")
    if afspraak.kader_id != jaarschijf.kader_id:
        raise ValidationError({"afspraak": "Deze afspraak hoort niet bij dit kader."})
    if not reden.strip():
        raise ValidationError(
            {"reden": f"Zeg waarom {afspraak} in {jaarschijf.jaar} geen activiteit heeft."}
        )
    if DekkingsAcceptatie.objects.filter(jaarschijf=jaarschijf, afspraak=afspraak).exists():
        raise ValidationError({"afspraak": f"Voor {afspraak} is het gat al geaccepteerd."})
    acceptatie = DekkingsAcceptatie.objects.create(
        jaarschijf=jaarschijf,
        afspraak=afspraak,
        reden=reden.strip(),
        vastgelegd_door=persoon(acting_user),
    )
    audit_record_create(
        acting_user=acting_user,
        actie="jaarschijf.gat_geaccepteerd",
        omschrijving=f"Jaarschijf {jaarschijf.jaar}: {afspraak} zonder activiteit geaccepteerd: "
        f"{reden.strip()}",
        obj=jaarschijf,
        gegevens={"afspraak": afspraak.nummer},
    )
    return acceptatie


@transaction.atomic
def dekking_acceptatie_intrekken(*, acceptatie: DekkingsAcceptatie, acting_user) -> None:
    jaarschijf = acceptatie.jaarschijf
    check_capability(
        acting_user,
        JAARSCHIJF_VASTSTELLEN,
        kader=jaarschijf.kader,
        melding="Alleen de gemeente trekt een geaccepteerd gat in.",
    )
    jaarschijf = _lock_jaarschijf(jaarschijf)
    if jaarschijf.is_vastgesteld:
        raise ValidationError("Deze jaarschijf is al vastgesteld.")
    audit_record_create(
        acting_user=acting_user,
        actie="jaarschijf.gat_ingetrokken",
        omschrijving=f"Jaarschijf {jaarschijf.jaar}: acceptatie van {acceptatie.afspraak} "
        "zonder activiteit ingetrokken.",
        obj=jaarschijf,
    )
    acceptatie.delete()


@transaction.atomic
def jaarschijf_status_verder(
    *,
    jaarschijf: Jaarschijf,
    naar: str,
    datum: date,
    overleg: str,
    toelichting: str = "",
    versie: int | None = None,
    acting_user,
) -> Jaarschijf:
    """Move the workflow one step: concept → besproken (ambtelijk overleg) → vastgesteld
    (bestuurlijk overleg breed); recorded with date and meeting."""
    check_capability(
        acting_user,
        JAARSCHIJF_VASTSTELLEN,
        kader=jaarschijf.kader,
        melding="Alleen de gemeente legt vast dat een jaarschijf besproken of vastgesteld is.",
    )
    jaarschijf = _lock_jaarschijf(jaarschijf)
    versie_controleren(jaarschijf, versie, f"Jaarschijf {jaarschijf.jaar}")
    verwacht = VOLGENDE_STATUS.get(JaarschijfStatus(jaarschijf.status))
    if verwacht is None or naar != verwacht:
        raise ValidationError(
            {
                "naar": f"Jaarschijf {jaarschijf.jaar} is "
                f"{JaarschijfStatus(jaarschijf.status).label}; die stap kan nu niet."
            }
        )
    fouten = {}
    if datum is None:
        fouten["datum"] = "Vul de datum van het overleg in."
    elif datum > timezone.localdate():
        fouten["datum"] = "De datum van het overleg ligt in de toekomst."
    if not overleg.strip():
        fouten["overleg"] = "Vul in in welk overleg dit gebeurde."
    if fouten:
        raise ValidationError(fouten)
    if naar == JaarschijfStatus.VASTGESTELD:
        geaccepteerd = set(jaarschijf.acceptaties.values_list("afspraak_id", flat=True))
        open_gaten = [a for a in ongedekte_afspraken(jaarschijf) if a.pk not in geaccepteerd]
        if open_gaten:
            raise ValidationError(
                {
                    "naar": "Deze afspraken hebben nog geen activiteit en geen geaccepteerde "
                    "reden: "
                    + ", ".join(a.nummer for a in open_gaten)
                    + ". Voeg een activiteit toe of accepteer het gat met een reden."
                }
            )
    van = jaarschijf.status
    jaarschijf.status = naar
    jaarschijf.versie += 1
    jaarschijf.save(update_fields=["status", "versie"])
    JaarschijfOvergang.objects.create(
        jaarschijf=jaarschijf,
        van_status=van,
        naar_status=naar,
        datum=datum,
        overleg=overleg.strip(),
        toelichting=toelichting.strip(),
        vastgelegd_door=persoon(acting_user),
    )
    audit_record_create(
        acting_user=acting_user,
        actie=f"jaarschijf.{naar}",
        omschrijving=f"Jaarschijf {jaarschijf.jaar}: {JaarschijfStatus(naar).label} "
        f"({overleg.strip()}, {datum:%d-%m-%Y}).",
        obj=jaarschijf,
    )
    return jaarschijf


def is_afgerond(activiteit: Activiteit) -> bool:
    """Finished: the last report (any peilmoment) says gereed or vervallen."""
    per_soort = dict(
        activiteit.voortgang.exclude(status=VoortgangStatus.NIET_GEMELD).values_list(
            "peilmoment__soort", "status"
        )
    )
    laatste = per_soort.get(PeilmomentSoort.DECEMBER) or per_soort.get(PeilmomentSoort.JUNI)
    return laatste in (VoortgangStatus.GEREED, VoortgangStatus.VERVALLEN)


@transaction.atomic
def jaarschijf_volgend_jaar(
    *, jaarschijf: Jaarschijf, over_te_nemen: Iterable[Activiteit], acting_user
) -> Jaarschijf:
    """Start next year's concept from this one, carrying over the chosen unfinished
    activities (each keeps a link to where it came from)."""
    kader = jaarschijf.kader
    nieuw = jaarschijf_aanmaken(kader=kader, jaar=jaarschijf.jaar + 1, acting_user=acting_user)
    for oud in sorted(over_te_nemen, key=lambda a: a.nummer):
        if oud.jaarschijf_id != jaarschijf.pk:
            raise ValidationError(f"{oud.code} hoort niet bij jaarschijf {jaarschijf.jaar}.")
        if is_afgerond(oud):
            raise ValidationError(
                f"{oud.code} '{oud.titel}' is gereed of vervallen en wordt niet overgenomen."
            )
        activiteit_opslaan(
            jaarschijf=nieuw,
            gegevens=ActiviteitGegevens(
                titel=oud.titel,
                omschrijving=oud.omschrijving,
                afspraken=list(oud.afspraken.all()),
                trekker=oud.trekker,
                betrokken=list(oud.betrokken.all()),
                beoogd_resultaat=oud.beoogd_resultaat,
                # The quarter/month carries over; a date of last year does not.
                planning_soort=oud.planning_soort
                if oud.planning_soort != PlanningSoort.DATUM
                else PlanningSoort.JAAR,
                planning_kwartaal=oud.planning_kwartaal,
                planning_maand=oud.planning_maand,
                doel_aantal=oud.doel_aantal,
                eenheid=oud.eenheid,
                overgenomen_van=oud,
            ),
            acting_user=acting_user,
        )
    return nieuw


# ---------------------------------------------------------------------------------------------
# Peilmomenten


@transaction.atomic
def peilmoment_openen(
    *, jaarschijf: Jaarschijf, soort: str, deadline: date, acting_user
) -> Peilmoment:
    check_capability(
        acting_user,
        PEILMOMENT_BEHEREN,
        kader=jaarschijf.kader,
        melding="Alleen de gemeente opent een peilmoment.",
    )
    jaarschijf = _lock_jaarschijf(jaarschijf)
    if soort not in PeilmomentSoort.values:
        raise ValidationError({"soort": "Kies juni of december."})
    if Peilmoment.objects.filter(jaarschijf=jaarschijf, soort=soort).exists():
        raise ValidationError({"soort": f"Het peilmoment {soort} {jaarschijf.jaar} bestaat al."})
    if (
        soort == PeilmomentSoort.DECEMBER
        and not Peilmoment.objects.filter(
            jaarschijf=jaarschijf, soort=PeilmomentSoort.JUNI, status=PeilmomentStatus.GESLOTEN
        ).exists()
        and Peilmoment.objects.filter(jaarschijf=jaarschijf, soort=PeilmomentSoort.JUNI).exists()
    ):
        raise ValidationError({"soort": f"Sluit eerst het peilmoment juni {jaarschijf.jaar}."})
    if deadline is None:
        raise ValidationError({"deadline": "Vul de uiterste meldingsdatum in."})
    peilmoment = Peilmoment(
        jaarschijf=jaarschijf,
        soort=soort,
        deadline=deadline,
        geopend_door=persoon(acting_user),
    )
    peilmoment.full_clean()
    peilmoment.save()
    audit_record_create(
        acting_user=acting_user,
        actie="peilmoment.geopend",
        omschrijving=f"Peilmoment {peilmoment.naam} geopend; melden kan tot en met "
        f"{deadline:%d-%m-%Y}.",
        obj=peilmoment,
    )
    return peilmoment


def _lock_open_peilmoment(peilmoment: Peilmoment) -> Peilmoment:
    peilmoment = (
        Peilmoment.objects.select_for_update()
        .select_related("jaarschijf__kader")
        .get(pk=peilmoment.pk)
    )
    if peilmoment.is_gesloten:
        raise ValidationError(
            f"Het peilmoment {peilmoment.naam} is gesloten; wat toen gemeld is, verandert niet "
            "meer."
        )
    return peilmoment


def _check_trekker(acting_user, activiteit: Activiteit, kader: Afsprakenkader) -> None:
    check_capability(
        acting_user,
        VOORTGANG_RAPPORTEREN,
        kader=kader,
        organisatie=activiteit.trekker,
        melding=f"Alleen {activiteit.trekker.naam} (de trekker) meldt de voortgang van "
        f"{activiteit.code}.",
    )


@transaction.atomic
def voortgang_melden(
    *,
    peilmoment: Peilmoment,
    activiteit: Activiteit,
    status: str,
    toelichting: str = "",
    gerealiseerd_aantal: Decimal | None = None,
    versie: int | None = None,
    acting_user,
) -> Voortgang:
    """The trekker's report on one activity at an open peilmoment (new or changed).
    ``versie`` is None for a first report, else the versie the form was filled from."""
    kader = peilmoment.jaarschijf.kader
    _check_trekker(acting_user, activiteit, kader)
    peilmoment = _lock_open_peilmoment(peilmoment)
    if activiteit.jaarschijf_id != peilmoment.jaarschijf_id:
        raise ValidationError("Deze activiteit hoort niet bij de jaarschijf van dit peilmoment.")
    fouten = {}
    if status not in MELDBARE_STATUSSEN:
        fouten["status"] = (
            "Kies een status uit de lijst: "
            + ", ".join(str(VoortgangStatus(s).label) for s in MELDBARE_STATUSSEN)
            + "."
        )
    elif status in TOELICHTING_VERPLICHT and not toelichting.strip():
        fouten["toelichting"] = (
            f"Bij de status '{VoortgangStatus(status).label}' is een toelichting verplicht."
        )
    if gerealiseerd_aantal is not None:
        if activiteit.doel_aantal is None:
            fouten["gerealiseerd_aantal"] = "Deze activiteit heeft geen meetbaar doel."
        elif gerealiseerd_aantal < 0:
            fouten["gerealiseerd_aantal"] = "Het gerealiseerde aantal kan niet negatief zijn."
    if fouten:
        raise ValidationError(fouten)
    bestaand = (
        Voortgang.objects.select_for_update()
        .filter(peilmoment=peilmoment, activiteit=activiteit)
        .first()
    )
    if bestaand is None and versie not in (None, 0):
        raise GelijktijdigGewijzigd(None, "Deze melding bestaat niet meer.")
    if bestaand is not None:
        if versie is None or versie == 0:
            raise GelijktijdigGewijzigd(
                bestaand,
                f"Iemand anders meldde intussen al de voortgang van {activiteit.code}. Uw "
                "invoer staat hieronder naast de opgeslagen melding; neem over wat u wilt "
                "houden en sla opnieuw op.",
            )
        versie_controleren(bestaand, versie, f"De melding over {activiteit.code}")
        oud = (bestaand.status, bestaand.toelichting, bestaand.gerealiseerd_aantal)
        if oud == (status, toelichting.strip(), gerealiseerd_aantal):
            return bestaand
        melding = bestaand
        melding.versie += 1
    else:
        oud = None
        melding = Voortgang(peilmoment=peilmoment, activiteit=activiteit)
    melding.status = status
    melding.toelichting = toelichting.strip()
    melding.gerealiseerd_aantal = gerealiseerd_aantal
    melding.gemeld_door = persoon(acting_user)
    melding.gemeld_op = timezone.now()
    historie_markeren(melding, acting_user, f"gemeld: {VoortgangStatus(status).label}")
    melding.full_clean()
    melding.save()
    audit_record_create(
        acting_user=acting_user,
        actie="voortgang.gemeld",
        omschrijving=f"{peilmoment.naam}, {activiteit.code}: {VoortgangStatus(status).label}"
        + (f" (was {VoortgangStatus(oud[0]).label})" if oud and oud[0] != status else ""),
        obj=melding,
        gegevens={"status": status, "toelichting": melding.toelichting},
    )
    return melding


def _bestandssoort(inhoud: bytes) -> str | None:
    import filetype

    soort = filetype.guess_mime(inhoud)
    if soort in BIJLAGE_TYPES:
        return soort
    # The old Office formats are OLE2 containers, which filetype does not tell apart.
    if inhoud.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "application/msword"
    return None


@dataclass(frozen=True)
class GecontroleerdBestand:
    naam: str
    mediatype: str
    grootte: int
    sha256: str


def bestand_controleren(bestand: UploadedFile, *, standaardnaam: str) -> GecontroleerdBestand:
    """Check an uploaded evidence file or meeting document: not too big, not empty, a PDF,
    Office document or image by its content (not its name). A Dutch ValidationError on the
    field ``bestand`` otherwise. Shared by the voortgang and the overleg."""
    naam = (bestand.name or standaardnaam).rsplit("/", 1)[-1][:255]
    if bestand.size is None or bestand.size > settings.BIJLAGE_MAX_BYTES:
        raise ValidationError(
            {
                "bestand": f"'{naam}' is te groot: de grens is "
                f"{settings.BIJLAGE_MAX_BYTES // (1024 * 1024)} MB per bestand."
            }
        )
    if bestand.size == 0:
        raise ValidationError({"bestand": f"'{naam}' is leeg."})
    bestand.seek(0)
    inhoud = bestand.read()
    soort = _bestandssoort(inhoud[:8192])
    if soort is None:
        raise ValidationError(
            {
                "bestand": f"'{naam}' is geen PDF, Office-document of afbeelding (gekeken naar "
                "de inhoud, niet naar de naam). Toegestaan: "
                + ", ".join(sorted(set(BIJLAGE_TYPES.values())))
                + "."
            }
        )
    bestand.seek(0)
    return GecontroleerdBestand(
        naam=naam,
        mediatype=soort,
        grootte=len(inhoud),
        sha256=hashlib.sha256(inhoud).hexdigest(),
    )


def bestand_bewaren(record, bestand: UploadedFile) -> None:
    """Store the file outside the web root under its hash and save ``record`` (with a
    ``bestand`` FileField and a ``sha256``); no row, no file."""
    record.bestand.save(f"{record.sha256[:16]}.bin", bestand, save=False)
    try:
        record.save()
    except Exception:
        record.bestand.storage.delete(str(record.bestand.name))
        raise


@transaction.atomic
def bijlage_toevoegen(*, voortgang: Voortgang, bestand: UploadedFile, acting_user) -> Bijlage:
    activiteit = voortgang.activiteit
    peilmoment = voortgang.peilmoment
    _check_trekker(acting_user, activiteit, peilmoment.jaarschijf.kader)
    _lock_open_peilmoment(peilmoment)
    gecontroleerd = bestand_controleren(bestand, standaardnaam="bijlage")
    naam = gecontroleerd.naam
    bijlage = Bijlage(
        voortgang=voortgang,
        bestandsnaam=naam,
        mediatype=gecontroleerd.mediatype,
        grootte=gecontroleerd.grootte,
        sha256=gecontroleerd.sha256,
        geupload_door=persoon(acting_user),
    )
    bestand_bewaren(bijlage, bestand)
    audit_record_create(
        acting_user=acting_user,
        actie="voortgang.bijlage",
        omschrijving=f"{peilmoment.naam}, {activiteit.code}: bijlage '{naam}' toegevoegd.",
        obj=bijlage,
    )
    return bijlage


@transaction.atomic
def bijlage_verwijderen(*, bijlage: Bijlage, acting_user) -> None:
    voortgang = bijlage.voortgang
    _check_trekker(acting_user, voortgang.activiteit, voortgang.peilmoment.jaarschijf.kader)
    _lock_open_peilmoment(voortgang.peilmoment)
    audit_record_create(
        acting_user=acting_user,
        actie="voortgang.bijlage_verwijderd",
        omschrijving=f"{voortgang.peilmoment.naam}, {voortgang.activiteit.code}: bijlage "
        f"'{bijlage.bestandsnaam}' verwijderd.",
        obj=bijlage,
    )
    opslag, pad = bijlage.bestand.storage, str(bijlage.bestand.name)
    bijlage.delete()
    transaction.on_commit(lambda: opslag.delete(pad))


def ontbrekende_meldingen(peilmoment: Peilmoment) -> dict[Organisatie, list[Activiteit]]:
    """Per trekker party, the activities of the jaarschijf it has not reported on yet."""
    activiteiten = (
        Activiteit.objects.filter(jaarschijf_id=peilmoment.jaarschijf_id)
        .exclude(voortgang__peilmoment=peilmoment)
        .select_related("trekker")
        .order_by("trekker__naam", "nummer")
    )
    per_partij: dict[Organisatie, list[Activiteit]] = {}
    for activiteit in activiteiten:
        per_partij.setdefault(activiteit.trekker, []).append(activiteit)
    return per_partij


def _melders(organisatie: Organisatie) -> list[str]:
    """E-mail addresses of the members who may report for this organisation."""
    rollen = [rol for soort, rol in rollen_met(VOORTGANG_RAPPORTEREN) if soort == organisatie.soort]
    return sorted(
        set(
            Lidmaatschap.objects.filter(
                organisatie=organisatie, rol__in=rollen, user__is_active=True
            )
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


def _herinneringstekst(
    peilmoment: Peilmoment, organisatie: Organisatie, activiteiten: list[Activiteit], link: str
) -> str:
    from django.utils.formats import date_format

    aantal = len(activiteiten)
    regels = "\n".join(f"- {a.code} {a.titel}" for a in activiteiten)
    deadline = date_format(peilmoment.deadline, "j F Y")
    if peilmoment.deadline >= timezone.localdate():
        termijn = f"U kunt melden tot en met {deadline}"
    else:
        termijn = (
            f"De uiterste meldingsdatum ({deadline}) is voorbij; meld zo snel mogelijk, in elk "
            "geval voordat de gemeente het peilmoment sluit"
        )
    return (
        f"Beste collega van {organisatie.naam},\n\n"
        f"Voor het peilmoment {peilmoment.naam} van '{peilmoment.jaarschijf.kader.titel}' "
        f"ontbreekt nog de voortgang van {aantal} "
        f"{'activiteit' if aantal == 1 else 'activiteiten'} waarvan {organisatie.naam} trekker "
        f"is:\n\n{regels}\n\n{termijn}" + (f" via {link}" if link else "") + ".\n\n"
        "Met vriendelijke groet,\nde Prestatiemonitor\n"
    )


@transaction.atomic
def herinneringen_versturen(
    *,
    peilmoment: Peilmoment,
    acting_user,
    organisaties: Iterable[Organisatie] | None = None,
    link: str = "",
) -> list[Herinnering]:
    """Remind the parties (all, or the given ones) that still miss reports; mail after commit."""
    check_capability(
        acting_user,
        PEILMOMENT_BEHEREN,
        kader=peilmoment.jaarschijf.kader,
        melding="Alleen de gemeente stuurt herinneringen.",
    )
    peilmoment = _lock_open_peilmoment(peilmoment)
    ontbrekend = ontbrekende_meldingen(peilmoment)
    if organisaties is not None:
        gekozen = {o.pk for o in organisaties}
        ontbrekend = {o: a for o, a in ontbrekend.items() if o.pk in gekozen}
    if not ontbrekend:
        raise ValidationError("Er ontbreekt geen melding; niemand hoeft herinnerd te worden.")
    herinneringen = []
    berichten = []
    for organisatie, activiteiten in ontbrekend.items():
        adressen = _melders(organisatie)
        herinneringen.append(
            Herinnering.objects.create(
                peilmoment=peilmoment,
                organisatie=organisatie,
                ontbrekend=len(activiteiten),
                ontvangers=len(adressen),
                verzonden_door=persoon(acting_user),
            )
        )
        if adressen:
            berichten.append(
                (
                    f"Herinnering: voortgang {peilmoment.naam} melden",
                    _herinneringstekst(peilmoment, organisatie, activiteiten, link),
                    settings.DEFAULT_FROM_EMAIL,
                    adressen,
                )
            )
        audit_record_create(
            acting_user=acting_user,
            actie="peilmoment.herinnering",
            omschrijving=f"{peilmoment.naam}: herinnering aan {organisatie.naam} "
            f"({len(activiteiten)} ontbrekend, {len(adressen)} ontvanger(s)).",
            obj=peilmoment,
        )
    transaction.on_commit(lambda: send_mass_mail(berichten, fail_silently=False))
    return herinneringen


def afspraken_bevriezen(peilmoment: Peilmoment) -> int:
    """Copy each activity's afspraken onto its report at this peilmoment (part of closing;
    also the data migration for peilmomenten closed before the copy existed)."""
    melding_van = dict(
        Voortgang.objects.filter(peilmoment=peilmoment).values_list("activiteit_id", "pk")
    )
    Koppel = Voortgang.afspraken.through
    Koppel.objects.filter(voortgang__peilmoment=peilmoment).delete()
    koppels = [
        Koppel(voortgang_id=melding_van[activiteit_id], afspraak_id=afspraak_id)
        for activiteit_id, afspraak_id in Activiteit.afspraken.through.objects.filter(
            activiteit_id__in=melding_van
        ).values_list("activiteit_id", "afspraak_id")
    ]
    Koppel.objects.bulk_create(koppels, batch_size=1000)
    return len(koppels)


@transaction.atomic
def peilmoment_sluiten(*, peilmoment: Peilmoment, acting_user) -> Peilmoment:
    """Freeze the peilmoment: every activity gets its row (``niet gemeld`` where the trekker
    did not report), with the title and trekker as they are now. Nothing changes it after."""
    check_capability(
        acting_user,
        PEILMOMENT_BEHEREN,
        kader=peilmoment.jaarschijf.kader,
        melding="Alleen de gemeente sluit een peilmoment.",
    )
    peilmoment = _lock_open_peilmoment(peilmoment)
    activiteiten = {
        a.pk: a
        for a in Activiteit.objects.filter(jaarschijf_id=peilmoment.jaarschijf_id).only(
            "pk", "titel", "trekker_id", "nummer"
        )
    }
    bestaand = list(Voortgang.objects.filter(peilmoment=peilmoment))
    for melding in bestaand:
        activiteit = activiteiten[melding.activiteit_id]
        melding.titel = activiteit.titel
        melding.trekker_id = activiteit.trekker_id
    gebruiker = persoon(acting_user)
    bulk_update_with_history(
        bestaand,
        Voortgang,
        ["titel", "trekker"],
        batch_size=500,
        default_user=gebruiker,
        default_change_reason="peilmoment gesloten",
    )
    gemeld = {m.activiteit_id for m in bestaand}
    nu = timezone.now()
    nieuw = [
        Voortgang(
            peilmoment=peilmoment,
            activiteit_id=a.pk,
            status=VoortgangStatus.NIET_GEMELD,
            titel=a.titel,
            trekker_id=a.trekker_id,
            gemeld_op=nu,
        )
        for pk, a in activiteiten.items()
        if pk not in gemeld
    ]
    bulk_create_with_history(
        nieuw,
        Voortgang,
        batch_size=500,
        default_user=gebruiker,
        default_change_reason="peilmoment gesloten: niet gemeld",
    )
    afspraken_bevriezen(peilmoment)
    peilmoment.status = PeilmomentStatus.GESLOTEN
    peilmoment.gesloten_door = gebruiker
    peilmoment.gesloten_op = nu
    peilmoment.save(update_fields=["status", "gesloten_door", "gesloten_op"])
    audit_record_create(
        acting_user=acting_user,
        actie="peilmoment.gesloten",
        omschrijving=f"Peilmoment {peilmoment.naam} gesloten: {len(bestaand)} gemeld, "
        f"{len(nieuw)} niet gemeld.",
        obj=peilmoment,
        gegevens={"gemeld": len(bestaand), "niet_gemeld": len(nieuw)},
    )
    return peilmoment


# ---------------------------------------------------------------------------------------------
# Reacties and advies (huurdersorganisaties)


def _eigen_huurdersorganisatie(
    acting_user, capability: str, kader: Afsprakenkader, organisatie: Organisatie | None
) -> Organisatie:
    """The tenants' organisation the actor speaks for: the given one, or the only one."""
    if organisatie is None:
        from prestatiemonitor.organisaties.permissions import organisaties_met

        kandidaten = list(
            organisaties_met(acting_user, capability).filter(
                soort=OrganisatieSoort.HUURDERSORGANISATIE, partij_set__kader=kader
            )
        )
        if len(kandidaten) != 1:
            raise PermissionDenied(
                "Kies namens welke huurdersorganisatie u reageert."
                if kandidaten
                else "Alleen een huurdersorganisatie van dit kader reageert of adviseert."
            )
        organisatie = kandidaten[0]
    if organisatie.soort != OrganisatieSoort.HUURDERSORGANISATIE:
        raise PermissionDenied("Alleen een huurdersorganisatie reageert of adviseert.")
    return organisatie


@transaction.atomic
def reactie_plaatsen(
    *,
    activiteit: Activiteit,
    tekst: str,
    peilmoment: Peilmoment | None = None,
    organisatie: Organisatie | None = None,
    acting_user,
) -> Reactie:
    kader = activiteit.jaarschijf.kader
    check_capability(
        acting_user,
        REACTIE_PLAATSEN,
        kader=kader,
        organisatie=organisatie,
        melding="Alleen een huurdersorganisatie van dit kader plaatst een reactie.",
    )
    organisatie = _eigen_huurdersorganisatie(acting_user, REACTIE_PLAATSEN, kader, organisatie)
    if not tekst.strip():
        raise ValidationError({"tekst": "Schrijf uw reactie."})
    if peilmoment is not None and peilmoment.jaarschijf_id != activiteit.jaarschijf_id:
        raise ValidationError("Dit peilmoment hoort niet bij de jaarschijf van de activiteit.")
    if peilmoment is not None:
        # A closed peilmoment is frozen: no reactie is added to it afterwards.
        peilmoment = _lock_open_peilmoment(peilmoment)
    reactie = Reactie(
        activiteit=activiteit,
        peilmoment=peilmoment,
        organisatie=organisatie,
        tekst=tekst.strip(),
        geplaatst_door=persoon(acting_user),
    )
    reactie.full_clean()
    reactie.save()
    audit_record_create(
        acting_user=acting_user,
        actie="activiteit.reactie",
        omschrijving=f"{organisatie.naam} reageerde op {activiteit.code}.",
        obj=reactie,
    )
    return reactie


@transaction.atomic
def advies_uitbrengen(
    *,
    peilmoment: Peilmoment,
    tekst: str,
    organisatie: Organisatie | None = None,
    versie: int | None = None,
    acting_user,
) -> Advies:
    """The formal advies of a tenants' organisation on an open peilmoment (new or revised);
    it becomes part of the peilmoment when that closes."""
    kader = peilmoment.jaarschijf.kader
    check_capability(
        acting_user,
        ADVIES_UITBRENGEN,
        kader=kader,
        organisatie=organisatie,
        melding="Alleen een beheerder van een huurdersorganisatie van dit kader brengt advies uit.",
    )
    organisatie = _eigen_huurdersorganisatie(acting_user, ADVIES_UITBRENGEN, kader, organisatie)
    peilmoment = _lock_open_peilmoment(peilmoment)
    if not tekst.strip():
        raise ValidationError({"tekst": "Schrijf het advies."})
    advies = (
        Advies.objects.select_for_update()
        .filter(peilmoment=peilmoment, organisatie=organisatie)
        .first()
    )
    if advies is not None:
        if versie is None:
            raise GelijktijdigGewijzigd(
                advies,
                f"{organisatie.naam} bracht intussen al advies uit. Uw tekst staat hieronder "
                "naast het opgeslagen advies.",
            )
        versie_controleren(advies, versie, f"Het advies van {organisatie.naam}")
        advies.versie += 1
    else:
        advies = Advies(peilmoment=peilmoment, organisatie=organisatie)
    advies.tekst = tekst.strip()
    advies.uitgebracht_door = persoon(acting_user)
    historie_markeren(advies, acting_user, "advies uitgebracht")
    advies.full_clean()
    advies.save()
    audit_record_create(
        acting_user=acting_user,
        actie="peilmoment.advies",
        omschrijving=f"{organisatie.naam} bracht advies uit over {peilmoment.naam}.",
        obj=advies,
    )
    return advies
