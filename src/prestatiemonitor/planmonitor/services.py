"""Every write of the planmonitor.

Invariants (each service checks them; tests in tests/test_services.py):

- A corporation edits only its own projects and mutations (``plan.bewerken`` on the owner);
  the gemeente edits all, also market parties' projects (``plan.beheren``).
- A project's segments add up to its total; a year planning adds up, per segment, to the
  project's units (planned rows to the units not yet delivered). A mismatch is a
  ``ValidationError`` naming the field and the values.
- Delivery moved later is recorded as a delay (``ProjectVertraging``) with its cause.
- A party that may not edit a project proposes (``Wijzigingsvoorstel``) or reacts; the gemeente
  accepts (the change is applied through the same path as an edit) or declines, recorded.
- A round (``Peiling``) freezes every project and mutation; nothing writes to it afterwards
  except its publication.
- Concurrent edits are detected: forms carry the ``versie`` they were filled from
  (``GelijktijdigGewijzigd``, shared with the jaarschijf).
- Every change writes an audit row in the same transaction; projects and mutations keep their
  history (django-simple-history).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from prestatiemonitor.afspraken.historie import historie_markeren
from prestatiemonitor.afspraken.models import Afsprakenkader
from prestatiemonitor.audit.services import audit_record_create
from prestatiemonitor.jaarschijven.services import GelijktijdigGewijzigd, versie_controleren
from prestatiemonitor.organisaties.constants import OrganisatieSoort
from prestatiemonitor.organisaties.models import Organisatie
from prestatiemonitor.organisaties.permissions import (
    MONITOR_LEZEN,
    PLAN_BEHEREN,
    PLAN_BEWERKEN,
    PLAN_VOORSTELLEN,
    check_capability,
    eigen_partij,
    has_capability,
    organisaties_met,
    persoon,
)

from . import selectors
from .constants import SEGMENTEN, VOORSTELBARE_VELDEN, EigenaarSoort, Realisatie, VoorstelStatus
from .models import (
    Bouwproject,
    Hardheid,
    HardheidLabel,
    Knelpunt,
    Oplevering,
    Peiling,
    ProjectReactie,
    ProjectStand,
    ProjectVertraging,
    Scenario,
    Voorraadmutatie,
    Wijzigingsvoorstel,
)
from .permissions import mag_mutatie_bewerken, mag_project_bewerken

__all__ = ["GelijktijdigGewijzigd"]


@dataclass
class ProjectGegevens:
    """Everything a user enters for a project (form, import, accepted proposal)."""

    projectcode: str
    naam: str
    kern: str
    eigenaar_soort: str
    hardheid: Hardheid
    fase: str
    oplevering_jaar: int
    totaal: int
    eigenaar: Organisatie | None = None
    eigenaar_naam: str = ""
    oplevering_kwartaal: int | None = None
    sociale_huur: int = 0
    middenhuur: int = 0
    vrije_sector_huur: int = 0
    sociale_koop: int = 0
    betaalbare_koop: int = 0
    vrije_sector_koop: int = 0
    adres: str = ""
    breedtegraad: Decimal | None = None
    lengtegraad: Decimal | None = None
    prijspeil: int | None = None
    eengezins: int | None = None
    meergezins: int | None = None
    nultreden: int | None = None
    geclusterd: int | None = None
    flex: int | None = None
    instandhoudingstermijn: int | None = None
    vertrouwelijk: bool = False
    voorbeeld: bool = False
    toelichting: str = ""
    knelpunten: Sequence[Knelpunt] | None = field(default=None)

    @classmethod
    def van_project(cls, project: Bouwproject) -> ProjectGegevens:
        waarden = {f.name: getattr(project, f.name) for f in fields(cls) if f.name != "knelpunten"}
        return cls(**waarden, knelpunten=list(project.knelpunten.all()))


_PROJECTVELDEN = [f.name for f in fields(ProjectGegevens) if f.name != "knelpunten"]


def _check_project(acting_user, project: Bouwproject, melding: str) -> None:
    if acting_user is None:
        check_capability(acting_user, PLAN_BEHEREN, kader=project.kader, melding=melding)
    if not mag_project_bewerken(acting_user, project):
        raise PermissionDenied(melding)


def _beschrijving(project: Bouwproject) -> dict:
    return {
        **{
            v: str(getattr(project, v)) for v in _PROJECTVELDEN if v not in ("hardheid", "eigenaar")
        },
        "hardheid": project.hardheid.code,
        "eigenaar": project.eigenaar_label,
    }


def _toepassen(project: Bouwproject, gegevens: ProjectGegevens) -> None:
    for veld in _PROJECTVELDEN:
        setattr(project, veld, getattr(gegevens, veld))
    project.projectcode = project.projectcode.strip()
    project.naam = project.naam.strip()
    project.kern = project.kern.strip()


def _unieke_code(project: Bouwproject) -> None:
    bezet = Bouwproject.objects.filter(
        gemeente_id=project.gemeente_id, projectcode=project.projectcode
    ).exclude(pk=project.pk)
    if bezet.exists():
        raise ValidationError(
            {"projectcode": f"Projectcode {project.projectcode} bestaat al in deze gemeente."}
        )


@transaction.atomic
def project_aanmaken(
    *, kader: Afsprakenkader, gegevens: ProjectGegevens, acting_user
) -> Bouwproject:
    project = Bouwproject(kader=kader, gemeente_id=kader.gemeente_id)
    _toepassen(project, gegevens)
    melding = "U mag alleen projecten van de eigen organisatie vastleggen."
    if acting_user is None or not mag_project_bewerken(acting_user, project):
        check_capability(acting_user, PLAN_BEHEREN, kader=kader, melding=melding)
    _unieke_code(project)
    project.full_clean(exclude=["gemeente"])
    historie_markeren(project, acting_user, "aangemaakt")
    project.save()
    if gegevens.knelpunten is not None:
        project.knelpunten.set(gegevens.knelpunten)
    audit_record_create(
        acting_user=acting_user,
        actie="project.aangemaakt",
        omschrijving=f"Project {project.projectcode} {project.naam} vastgelegd.",
        obj=project,
        gegevens=_beschrijving(project),
    )
    return project


class ProjectenOngeldig(Exception):
    """Projects of a batch that cannot be created: {index in the batch: the error}."""

    def __init__(self, fouten: dict[int, ValidationError | PermissionDenied]):
        super().__init__(f"{len(fouten)} projecten zijn ongeldig.")
        self.fouten = fouten


@transaction.atomic
def projecten_aanmaken(
    *,
    kader: Afsprakenkader,
    gegevens: Sequence[ProjectGegevens],
    acting_user,
    reden: str = "aangemaakt",
) -> list[Bouwproject]:
    """Create many projects at once (an import): the same checks and rights as
    ``project_aanmaken`` per project, written in bulk with their history rows and one audit
    row for the batch. Nothing is written when any project fails (``ProjectenOngeldig``)."""
    melding = "U mag alleen projecten van de eigen organisatie vastleggen."
    if acting_user is None:
        check_capability(acting_user, PLAN_BEHEREN, kader=kader, melding=melding)
    beheren = has_capability(acting_user, PLAN_BEHEREN, kader=kader)
    mag_eigenaar: dict[int | None, bool] = {}
    bezet = set(
        Bouwproject.objects.filter(gemeente_id=kader.gemeente_id).values_list(
            "projectcode", flat=True
        )
    )
    fouten: dict[int, ValidationError | PermissionDenied] = {}
    projecten: list[Bouwproject] = []
    for i, g in enumerate(gegevens):
        project = Bouwproject(kader=kader, gemeente_id=kader.gemeente_id)
        _toepassen(project, g)
        if not beheren:
            sleutel = project.eigenaar_id
            if sleutel not in mag_eigenaar:
                mag_eigenaar[sleutel] = mag_project_bewerken(acting_user, project)
            if not mag_eigenaar[sleutel]:
                fouten[i] = PermissionDenied(melding)
                continue
        if project.projectcode in bezet:
            fouten[i] = ValidationError(
                {"projectcode": f"Projectcode {project.projectcode} bestaat al in deze gemeente."}
            )
            continue
        try:
            # Foreign keys are objects already in hand; uniqueness is checked above, once.
            project.full_clean(
                exclude=["gemeente", "kader", "hardheid", "eigenaar"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as exc:
            fouten[i] = exc
            continue
        bezet.add(project.projectcode)
        projecten.append(project)
    if fouten:
        raise ProjectenOngeldig(fouten)
    aangemaakt = bulk_create_with_history(
        projecten,
        Bouwproject,
        batch_size=500,
        default_user=persoon(acting_user),
        default_change_reason=reden[:100],
    )
    for project, g in zip(projecten, gegevens, strict=True):
        if g.knelpunten:
            project.knelpunten.set(g.knelpunten)
    if aangemaakt:
        audit_record_create(
            acting_user=acting_user,
            actie="project.aangemaakt",
            omschrijving=f"{len(aangemaakt)} projecten vastgelegd ({reden}).",
            obj=kader,
            gegevens={"projectcodes": [p.projectcode for p in aangemaakt]},
        )
    return aangemaakt


@transaction.atomic
def project_wijzigen(
    *,
    project: Bouwproject,
    gegevens: ProjectGegevens,
    acting_user,
    versie: int | None = None,
    vertraging_oorzaak: str = "",
    vertraging_remedie: str = "",
    reden: str = "gewijzigd",
) -> Bouwproject:
    melding = "U mag alleen projecten van de eigen organisatie wijzigen."
    _check_project(acting_user, project, melding)
    project = (
        Bouwproject.objects.select_for_update(of=("self",))
        .select_related("kader", "hardheid", "eigenaar")
        .get(pk=project.pk)
    )
    versie_controleren(project, versie, f"Project {project.projectcode}")
    voor = _beschrijving(project)
    van_jaar = project.oplevering_jaar
    _toepassen(project, gegevens)
    # The new owner must be editable too: a corporation cannot hand a project to another.
    if not mag_project_bewerken(acting_user, project):
        raise PermissionDenied("U mag een project niet aan een andere eigenaar toewijzen.")
    _unieke_code(project)
    project.full_clean(exclude=["gemeente"])
    if project.opleveringen.exists():
        _planning_controleren(project, list(project.opleveringen.all()))
    project.versie += 1
    historie_markeren(project, acting_user, reden)
    project.save()
    if gegevens.knelpunten is not None:
        project.knelpunten.set(gegevens.knelpunten)
    if project.oplevering_jaar > van_jaar:
        vertraging = ProjectVertraging(
            project=project,
            van_jaar=van_jaar,
            naar_jaar=project.oplevering_jaar,
            oorzaak=vertraging_oorzaak.strip() or "Geen oorzaak opgegeven.",
            remedie=vertraging_remedie.strip(),
            vastgelegd_door=persoon(acting_user),
        )
        vertraging.full_clean()
        vertraging.save()
    na = _beschrijving(project)
    audit_record_create(
        acting_user=acting_user,
        actie="project.gewijzigd",
        omschrijving=f"Project {project.projectcode} gewijzigd.",
        obj=project,
        gegevens={k: [voor.get(k), v] for k, v in na.items() if voor.get(k) != v},
    )
    return project


@transaction.atomic
def project_verwijderen(*, project: Bouwproject, acting_user) -> None:
    _check_project(
        acting_user, project, "U mag alleen projecten van de eigen organisatie verwijderen."
    )
    audit_record_create(
        acting_user=acting_user,
        actie="project.verwijderd",
        omschrijving=f"Project {project.projectcode} {project.naam} verwijderd.",
        obj=project,
        gegevens=_beschrijving(project),
    )
    historie_markeren(project, acting_user, "verwijderd")
    project.delete()


@dataclass(frozen=True)
class PlanningRij:
    jaar: int
    status: str
    segmenten: dict[str, int]


def _planning_controleren(project: Bouwproject, rijen: Sequence) -> None:
    fouten = []
    for segment in SEGMENTEN:
        som = sum(r.segmenten.get(segment, 0) for r in rijen)
        if som != getattr(project, segment):
            fouten.append(
                f"{segment.replace('_', ' ')}: de planning per jaar telt op tot {som}, het "
                f"project heeft {getattr(project, segment)}"
            )
    if fouten:
        raise ValidationError({"planning": "; ".join(fouten) + "."})


@transaction.atomic
def planning_vastleggen(
    *, project: Bouwproject, rijen: Sequence[PlanningRij], acting_user, versie: int | None = None
) -> Bouwproject:
    """Replace a project's year planning; an empty list removes it (delivery in one year)."""
    _check_project(acting_user, project, "U mag alleen de planning van eigen projecten wijzigen.")
    project = (
        Bouwproject.objects.select_for_update(of=("self",))
        .select_related("kader")
        .get(pk=project.pk)
    )
    versie_controleren(project, versie, f"Project {project.projectcode}")
    gezien = set()
    for r in rijen:
        if (r.jaar, r.status) in gezien:
            raise ValidationError(
                {"planning": f"Het jaar {r.jaar} ({r.status}) staat er twee keer in."}
            )
        gezien.add((r.jaar, r.status))
        if not 2000 <= r.jaar <= 2100:
            raise ValidationError({"planning": f"Het jaar {r.jaar} ligt niet tussen 2000 en 2100."})
        if any(v < 0 for v in r.segmenten.values()):
            raise ValidationError({"planning": f"In {r.jaar} staat een negatief aantal."})
        if r.status not in Realisatie.values:
            raise ValidationError({"planning": f"Onbekende status '{r.status}'."})
        onbekend = sorted(set(r.segmenten) - set(SEGMENTEN))
        if onbekend:
            raise ValidationError(
                {"planning": f"In {r.jaar} staat een onbekend segment: {', '.join(onbekend)}."}
            )
    if rijen:
        _planning_controleren(project, rijen)
    project.opleveringen.all().delete()
    Oplevering.objects.bulk_create(
        [Oplevering(project=project, jaar=r.jaar, status=r.status, **r.segmenten) for r in rijen]
    )
    project.versie += 1
    historie_markeren(project, acting_user, "planning per jaar")
    project.save(update_fields=["versie", "gewijzigd_op"])
    audit_record_create(
        acting_user=acting_user,
        actie="project.planning",
        omschrijving=f"Planning per jaar van project {project.projectcode} vastgelegd.",
        obj=project,
        gegevens={"planning": [{"jaar": r.jaar, "status": r.status, **r.segmenten} for r in rijen]},
    )
    return project


# ---------------------------------------------------------------------------------------------
# Mutations


@transaction.atomic
def mutatie_opslaan(
    *,
    kader: Afsprakenkader,
    corporatie: Organisatie,
    jaar: int,
    soort: str,
    segment: str,
    aantal: int,
    status: str,
    acting_user,
    toelichting: str = "",
    voorbeeld: bool = False,
    versie: int | None = None,
) -> Voorraadmutatie:
    """Record a stock change; the same (corporation, year, kind, segment, status) updates."""
    melding = "U mag alleen de mutaties van de eigen corporatie vastleggen."
    if acting_user is None:
        check_capability(
            acting_user, PLAN_BEWERKEN, kader=kader, organisatie=corporatie, melding=melding
        )
    if not mag_mutatie_bewerken(acting_user, kader, corporatie):
        raise PermissionDenied(melding)
    mutatie = (
        Voorraadmutatie.objects.select_for_update()
        .filter(
            kader=kader,
            corporatie=corporatie,
            jaar=jaar,
            soort=soort,
            segment=segment,
            status=status,
        )
        .first()
    )
    nieuw = mutatie is None
    if mutatie is None:
        mutatie = Voorraadmutatie(
            kader=kader,
            corporatie=corporatie,
            jaar=jaar,
            soort=soort,
            segment=segment,
            status=status,
        )
    else:
        versie_controleren(mutatie, versie, "Deze mutatie")
        mutatie.versie += 1
    voor = None if nieuw else mutatie.aantal
    mutatie.aantal = aantal
    mutatie.toelichting = toelichting.strip()
    mutatie.voorbeeld = voorbeeld
    mutatie.full_clean()
    historie_markeren(mutatie, acting_user, "vastgelegd" if nieuw else "gewijzigd")
    mutatie.save()
    audit_record_create(
        acting_user=acting_user,
        actie="mutatie.vastgelegd" if nieuw else "mutatie.gewijzigd",
        omschrijving=f"{corporatie.korte_naam or corporatie.naam}: {soort} {segment.replace('_', ' ')} {jaar} ({status}) = {aantal}.",
        obj=mutatie,
        gegevens={"aantal": [voor, aantal]},
    )
    return mutatie


@transaction.atomic
def mutatie_verwijderen(*, mutatie: Voorraadmutatie, acting_user) -> None:
    melding = "U mag alleen de mutaties van de eigen corporatie verwijderen."
    if acting_user is None:
        check_capability(acting_user, PLAN_BEHEREN, kader=mutatie.kader, melding=melding)
    if not mag_mutatie_bewerken(acting_user, mutatie.kader, mutatie.corporatie):
        raise PermissionDenied(melding)
    audit_record_create(
        acting_user=acting_user,
        actie="mutatie.verwijderd",
        omschrijving=f"Mutatie {mutatie} verwijderd.",
        obj=mutatie,
    )
    historie_markeren(mutatie, acting_user, "verwijderd")
    mutatie.delete()


# ---------------------------------------------------------------------------------------------
# Proposals and reacties from parties that may not edit


def _voorstel_valideren(project: Bouwproject, wijzigingen: dict) -> dict:
    onbekend = set(wijzigingen) - set(VOORSTELBARE_VELDEN)
    if onbekend:
        raise ValidationError({"wijzigingen": f"Onbekende velden: {', '.join(sorted(onbekend))}."})
    if not wijzigingen:
        raise ValidationError({"wijzigingen": "Het voorstel wijzigt niets."})
    # Validate by applying to a copy: the proposal must itself be a valid project.
    gegevens = gegevens_met(project, wijzigingen)
    kopie = Bouwproject(pk=project.pk, kader=project.kader, gemeente_id=project.gemeente_id)
    # The copy stands for the stored row: its own pk and projectcode are not "taken".
    kopie._state.adding = False
    _toepassen(kopie, gegevens)
    kopie.full_clean(exclude=["gemeente"])
    return wijzigingen


def _huidig(project: Bouwproject, veld: str):
    return project.hardheid.code if veld == "hardheid" else getattr(project, veld)


def gegevens_met(project: Bouwproject, wijzigingen: dict) -> ProjectGegevens:
    """The project's current data with these fields changed (a proposal, an API PATCH)."""
    gegevens = ProjectGegevens.van_project(project)
    for veld, waarde in wijzigingen.items():
        if veld == "hardheid":
            try:
                waarde = Hardheid.objects.get(code=waarde)
            except Hardheid.DoesNotExist:
                raise ValidationError({"hardheid": f"Onbekende hardheid '{waarde}'."}) from None
        setattr(gegevens, veld, waarde)
    return gegevens


@transaction.atomic
def voorstel_indienen(
    *,
    project: Bouwproject,
    wijzigingen: dict,
    toelichting: str,
    acting_user,
    organisatie: Organisatie | None = None,
) -> Wijzigingsvoorstel:
    check_capability(
        acting_user,
        PLAN_VOORSTELLEN,
        kader=project.kader,
        melding="Alleen een partij van dit kader stelt een wijziging voor.",
    )
    organisatie = eigen_partij(acting_user, PLAN_VOORSTELLEN, project.kader, organisatie)
    if not toelichting.strip():
        raise ValidationError({"toelichting": "Licht uw voorstel toe."})
    wijzigingen = {
        k: v
        for k, v in wijzigingen.items()
        if k not in VOORSTELBARE_VELDEN or _huidig(project, k) != v
    }
    _voorstel_valideren(project, wijzigingen)
    voorstel = Wijzigingsvoorstel(
        project=project,
        organisatie=organisatie,
        wijzigingen=wijzigingen,
        toelichting=toelichting.strip(),
        ingediend_door=persoon(acting_user),
    )
    voorstel.full_clean()
    voorstel.save()
    audit_record_create(
        acting_user=acting_user,
        actie="project.voorstel",
        omschrijving=f"{organisatie.korte_naam or organisatie.naam} stelde een wijziging voor van project {project.projectcode}.",
        obj=voorstel,
        gegevens=wijzigingen,
    )
    return voorstel


@transaction.atomic
def voorstel_besluiten(
    *, voorstel: Wijzigingsvoorstel, aanvaarden: bool, toelichting: str = "", acting_user
) -> Wijzigingsvoorstel:
    project = voorstel.project
    check_capability(
        acting_user,
        PLAN_BEHEREN,
        kader=project.kader,
        melding="Alleen de gemeente besluit over een voorgestelde wijziging.",
    )
    voorstel = Wijzigingsvoorstel.objects.select_for_update().get(pk=voorstel.pk)
    if voorstel.status != VoorstelStatus.OPEN:
        raise ValidationError(
            f"Over dit voorstel is al besloten ({voorstel.get_status_display()})."
        )
    if not aanvaarden and not toelichting.strip():
        raise ValidationError({"toelichting": "Geef aan waarom het voorstel wordt afgewezen."})
    if aanvaarden:
        # Apply the proposed fields to the project as it is now (locked), never to the copy
        # the caller loaded: an edit made since the proposal stays.
        project = (
            Bouwproject.objects.select_for_update(of=("self",))
            .select_related("kader", "hardheid", "eigenaar")
            .get(pk=voorstel.project_id)
        )
        project_wijzigen(
            project=project,
            gegevens=gegevens_met(project, voorstel.wijzigingen),
            acting_user=acting_user,
            vertraging_oorzaak=voorstel.toelichting,
            reden=f"voorstel {voorstel.pk} aanvaard",
        )
    voorstel.status = VoorstelStatus.AANVAARD if aanvaarden else VoorstelStatus.AFGEWEZEN
    voorstel.besluit_toelichting = toelichting.strip()
    voorstel.besloten_door = persoon(acting_user)
    voorstel.besloten_op = timezone.now()
    voorstel.save()
    audit_record_create(
        acting_user=acting_user,
        actie="project.voorstel." + voorstel.status,
        omschrijving=f"Voorstel voor project {project.projectcode} {voorstel.get_status_display()}.",
        obj=voorstel,
        gegevens={"toelichting": voorstel.besluit_toelichting},
    )
    return voorstel


@transaction.atomic
def project_reactie_plaatsen(
    *, project: Bouwproject, tekst: str, acting_user, organisatie: Organisatie | None = None
) -> ProjectReactie:
    check_capability(
        acting_user,
        PLAN_VOORSTELLEN,
        kader=project.kader,
        melding="Alleen een partij van dit kader reageert op een project.",
    )
    organisatie = eigen_partij(acting_user, PLAN_VOORSTELLEN, project.kader, organisatie)
    if not tekst.strip():
        raise ValidationError({"tekst": "Schrijf uw reactie."})
    reactie = ProjectReactie(
        project=project,
        organisatie=organisatie,
        tekst=tekst.strip(),
        geplaatst_door=persoon(acting_user),
    )
    reactie.full_clean()
    reactie.save()
    audit_record_create(
        acting_user=acting_user,
        actie="project.reactie",
        omschrijving=f"{organisatie.korte_naam or organisatie.naam} reageerde op project {project.projectcode}.",
        obj=reactie,
    )
    return reactie


# ---------------------------------------------------------------------------------------------
# Review rounds


def _stand(project: Bouwproject) -> dict:
    gegevens = selectors.feit_naar_json(selectors.project_feit(project))
    gegevens["vertragingen"] = [
        {
            "van_jaar": v.van_jaar,
            "naar_jaar": v.naar_jaar,
            "oorzaak": v.oorzaak,
            "remedie": v.remedie,
            "vastgelegd_op": v.vastgelegd_op.isoformat(),
        }
        for v in project.vertragingen.all()
    ]
    gegevens["knelpunten"] = [k.naam for k in project.knelpunten.all()]
    return gegevens


@transaction.atomic
def peiling_vastleggen(
    *, kader: Afsprakenkader, naam: str, peildatum: date, acting_user, toelichting: str = ""
) -> Peiling:
    check_capability(
        acting_user,
        PLAN_BEHEREN,
        kader=kader,
        melding="Alleen de gemeente legt een peiling van de planmonitor vast.",
    )
    if not naam.strip():
        raise ValidationError({"naam": "Geef de peiling een naam, bv. 'Voorjaar 2026'."})
    if Peiling.objects.filter(kader=kader, naam=naam.strip()).exists():
        raise ValidationError({"naam": f"Er is al een peiling '{naam.strip()}'."})
    peiling = Peiling(
        kader=kader,
        naam=naam.strip(),
        peildatum=peildatum,
        toelichting=toelichting.strip(),
        vastgelegd_door=persoon(acting_user),
        mutaties=[selectors.mutatie_naar_json(m) for m in selectors.mutatie_feiten(kader)],
    )
    peiling.full_clean()
    peiling.save()
    projecten = selectors.projecten_live(kader).prefetch_related("vertragingen", "knelpunten")
    standen = [
        ProjectStand(
            peiling=peiling,
            project=p,
            projectcode=p.projectcode,
            vertrouwelijk=p.vertrouwelijk,
            gegevens=_stand(p),
        )
        for p in projecten
    ]
    ProjectStand.objects.bulk_create(standen)
    audit_record_create(
        acting_user=acting_user,
        actie="peiling.vastgelegd",
        omschrijving=f"Peiling {peiling.naam} vastgelegd: {len(standen)} projecten, {len(peiling.mutaties)} mutaties.",
        obj=peiling,
    )
    return peiling


@transaction.atomic
def peiling_publiceren(*, peiling: Peiling, acting_user, publiceren: bool = True) -> Peiling:
    check_capability(
        acting_user,
        PLAN_BEHEREN,
        kader=peiling.kader,
        melding="Alleen de gemeente publiceert een peiling.",
    )
    peiling = Peiling.objects.select_for_update().get(pk=peiling.pk)
    peiling.gepubliceerd = publiceren
    peiling.gepubliceerd_op = timezone.now() if publiceren else None
    peiling.save(update_fields=["gepubliceerd", "gepubliceerd_op"])
    audit_record_create(
        acting_user=acting_user,
        actie="peiling.gepubliceerd" if publiceren else "peiling.ingetrokken",
        omschrijving=f"Peiling {peiling.naam} {'gepubliceerd' if publiceren else 'niet meer openbaar'}.",
        obj=peiling,
    )
    return peiling


# ---------------------------------------------------------------------------------------------
# Scenarios


def scenario_valideren(kader: Afsprakenkader, wijzigingen: Iterable[dict]) -> list[dict]:
    """Check a what-if: known projects, whole-year shifts, known hardness, non-negative units."""
    codes = set(Bouwproject.objects.filter(kader=kader).values_list("projectcode", flat=True))
    hard = set(Hardheid.objects.values_list("code", flat=True))
    schoon = []
    for i, w in enumerate(wijzigingen, start=1):
        code = str(w.get("projectcode", "")).strip()
        if code not in codes:
            raise ValidationError({"wijzigingen": f"Wijziging {i}: onbekend project '{code}'."})
        try:
            verschuiving = int(w.get("verschuiving") or 0)
        except (TypeError, ValueError):
            raise ValidationError(
                {"wijzigingen": f"Wijziging {i}: de verschuiving is geen heel aantal jaren."}
            ) from None
        if abs(verschuiving) > 30:
            raise ValidationError(
                {
                    "wijzigingen": f"Wijziging {i}: een verschuiving van {verschuiving} jaar is te groot."
                }
            )
        hardheid = str(w.get("hardheid") or "").strip()
        if hardheid and hardheid not in hard:
            raise ValidationError(
                {"wijzigingen": f"Wijziging {i}: onbekende hardheid '{hardheid}'."}
            )
        segmenten = {}
        for s, v in (w.get("segmenten") or {}).items():
            if s not in SEGMENTEN:
                raise ValidationError({"wijzigingen": f"Wijziging {i}: onbekend segment '{s}'."})
            try:
                v = int(v)
            except (TypeError, ValueError):
                raise ValidationError(
                    {"wijzigingen": f"Wijziging {i}: {s.replace('_', ' ')} is geen getal."}
                ) from None
            if v < 0:
                raise ValidationError(
                    {"wijzigingen": f"Wijziging {i}: {s.replace('_', ' ')} is negatief."}
                )
            segmenten[s] = v
        item: dict = {"projectcode": code}
        if verschuiving:
            item["verschuiving"] = verschuiving
        if hardheid:
            item["hardheid"] = hardheid
        if segmenten:
            item["segmenten"] = segmenten
        if len(item) > 1:
            schoon.append(item)
    return schoon


@transaction.atomic
def scenario_opslaan(
    *,
    kader: Afsprakenkader,
    naam: str,
    wijzigingen: list[dict],
    acting_user,
    omschrijving: str = "",
) -> Scenario:
    melding = (
        "Alleen een partij die de planmonitor bewerkt of voorstellen doet, slaat een scenario op."
    )
    if acting_user is None or not (
        has_capability(acting_user, PLAN_VOORSTELLEN, kader=kader)
        or has_capability(acting_user, PLAN_BEHEREN, kader=kader)
    ):
        check_capability(acting_user, PLAN_BEHEREN, kader=kader, melding=melding)
    kandidaten = list(organisaties_met(acting_user, MONITOR_LEZEN).filter(partij_set__kader=kader))
    if not kandidaten:
        raise PermissionDenied(melding)
    organisatie = next(
        (k for k in kandidaten if k.soort == OrganisatieSoort.GEMEENTE), kandidaten[0]
    )
    naam = naam.strip()
    if not naam:
        raise ValidationError({"naam": "Geef het scenario een naam."})
    wijzigingen = scenario_valideren(kader, wijzigingen)
    if not wijzigingen:
        raise ValidationError({"wijzigingen": "Het scenario wijzigt niets."})
    # Names are per organisation: saving under another party's name makes one's own scenario.
    scenario, nieuw = Scenario.objects.select_for_update().get_or_create(
        kader=kader,
        organisatie=organisatie,
        naam=naam,
        defaults={"aangemaakt_door": persoon(acting_user)},
    )
    scenario.wijzigingen = wijzigingen
    scenario.omschrijving = omschrijving.strip()
    scenario.full_clean()
    scenario.save()
    audit_record_create(
        acting_user=acting_user,
        actie="scenario.opgeslagen",
        omschrijving=f"Scenario '{naam}' {'opgeslagen' if nieuw else 'bijgewerkt'}.",
        obj=scenario,
        gegevens={"wijzigingen": wijzigingen},
    )
    return scenario


@transaction.atomic
def scenario_verwijderen(*, scenario: Scenario, acting_user) -> None:
    check_capability(
        acting_user,
        PLAN_VOORSTELLEN
        if scenario.organisatie.soort != OrganisatieSoort.GEMEENTE
        else PLAN_BEHEREN,
        kader=scenario.kader,
        organisatie=scenario.organisatie
        if scenario.organisatie.soort != OrganisatieSoort.GEMEENTE
        else None,
        melding="Alleen de organisatie die het scenario opsloeg, verwijdert het.",
    )
    audit_record_create(
        acting_user=acting_user,
        actie="scenario.verwijderd",
        omschrijving=f"Scenario '{scenario.naam}' verwijderd.",
        obj=scenario,
    )
    scenario.delete()


# ---------------------------------------------------------------------------------------------
# Reference data per kader


@transaction.atomic
def hardheidlabels_inrichten(
    *, kader: Afsprakenkader, acting_user, labels: dict[str, str] | None = None
) -> int:
    """Label the hardness codes for a kader: from ``labels`` or from the kader's imported
    begrippenlijst (a begrip whose parts carry the codes, as Nijkerk's "Harde en zachte
    plannen"). Returns the number of labels set."""
    check_capability(
        acting_user,
        PLAN_BEHEREN,
        kader=kader,
        melding="Alleen de gemeente stelt de namen van de planhardheden in.",
    )
    from prestatiemonitor.afspraken.models import BegripOnderdeel

    gevonden: dict[str, tuple[str, str]] = {}
    if labels is None:
        for o in BegripOnderdeel.objects.filter(begrip__kader=kader).exclude(code=""):
            tekst = o.omschrijving.strip()
            label = (
                tekst.split(":", 1)[1].strip() if tekst.lower().startswith("potentieel:") else tekst
            )
            gevonden[o.code.upper()] = (label, tekst)
    else:
        gevonden = {code: (label, "") for code, label in labels.items()}
    aantal = 0
    for h in Hardheid.objects.filter(code__in=gevonden):
        label, definitie = gevonden[h.code]
        HardheidLabel.objects.update_or_create(
            kader=kader, hardheid=h, defaults={"label": label[:200], "definitie": definitie}
        )
        aantal += 1
    if aantal:
        audit_record_create(
            acting_user=acting_user,
            actie="planmonitor.hardheidlabels",
            omschrijving=f"{aantal} namen van planhardheden ingesteld voor {kader.titel}.",
            obj=kader,
        )
    return aantal


def eigenaar_uit_naam(kader: Afsprakenkader, naam: str) -> Organisatie | None:
    """A party of the kader by short name, name or alias (case-insensitive)."""
    sleutel = naam.strip().casefold()
    for p in kader.partij_set.select_related("organisatie"):
        o = p.organisatie
        namen = {
            o.naam.casefold(),
            (o.korte_naam or "").casefold(),
            *(a.casefold() for a in o.aliassen or []),
        }
        if sleutel in namen:
            return o
    return None


__all__ += [
    "EigenaarSoort",
    "ProjectenOngeldig",
    "projecten_aanmaken",
    "PlanningRij",
    "ProjectGegevens",
    "eigenaar_uit_naam",
    "hardheidlabels_inrichten",
    "mutatie_opslaan",
    "mutatie_verwijderen",
    "peiling_publiceren",
    "peiling_vastleggen",
    "planning_vastleggen",
    "project_aanmaken",
    "project_reactie_plaatsen",
    "project_verwijderen",
    "project_wijzigen",
    "scenario_opslaan",
    "scenario_verwijderen",
    "voorstel_besluiten",
    "voorstel_indienen",
]
