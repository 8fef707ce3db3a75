"""Every read of the planmonitor: facts from the live data, a round or a scenario; the tables.

Visibility first (``visible_to``): parties of the kader read the live planmonitor; everyone
else reads only published rounds without the vertrouwelijke projects. ``bron_voor`` decides
which of the two a page shows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db.models import BooleanField, Case, Exists, OuterRef, Prefetch, Q, Sum, Value, When
from django.http import Http404

from prestatiemonitor.afspraken.models import Afsprakenkader, Partij
from prestatiemonitor.jaarschijven.permissions import ziet_lopend
from prestatiemonitor.organisaties.constants import OrganisatieSoort
from prestatiemonitor.organisaties.models import Organisatie

from .constants import SEGMENTEN, Realisatie
from .models import (
    Bouwproject,
    Hardheid,
    HardheidLabel,
    Oplevering,
    Peiling,
    Voorraadmutatie,
)
from .prognose import Levering, MutatieFeit, Prognose, ProjectFeit, bereken, geldt

DOORKIJK_JAREN = 3


def corporaties(kader: Afsprakenkader) -> list[tuple[int, str]]:
    """The corporations party to the kader, in the register's order: (id, short name)."""
    return [
        (p.organisatie_id, p.organisatie.korte_naam or p.organisatie.naam)
        for p in kader.partij_set.select_related("organisatie").order_by("volgorde", "pk")
        if p.organisatie.soort == OrganisatieSoort.WONINGCORPORATIE
    ]


def hardheden(kader: Afsprakenkader | None = None) -> list[Hardheid]:
    """All hardness codes, each with ``label`` (the kader's name for it, else its definition)."""
    labels = {}
    if kader is not None:
        labels = {
            h.hardheid_id: h
            for h in HardheidLabel.objects.filter(kader=kader).only(
                "hardheid_id", "label", "definitie"
            )
        }
    uitkomst = []
    for h in Hardheid.objects.all():
        eigen = labels.get(h.pk)
        h.label = eigen.label if eigen else h.definitie  # type: ignore[attr-defined]
        h.definitie_kader = eigen.definitie if eigen else ""  # type: ignore[attr-defined]
        uitkomst.append(h)
    return uitkomst


# ---------------------------------------------------------------------------------------------
# Facts


def _float(waarde: Decimal | None) -> float | None:
    return float(waarde) if waarde is not None else None


def _levering(o: Oplevering) -> Levering:
    return Levering(o.jaar, o.status, o.segmenten)


def project_feit(project: Bouwproject, planning: tuple[Levering, ...] | None = None) -> ProjectFeit:
    """One project as a fact; ``planning`` when the caller fetched the year planning itself."""
    if planning is None:
        planning = tuple(_levering(o) for o in project.opleveringen.all())
    return ProjectFeit(
        id=project.pk,
        projectcode=project.projectcode,
        naam=project.naam,
        kern=project.kern,
        eigenaar_id=project.eigenaar_id,
        eigenaar_soort=project.eigenaar_soort,
        eigenaar_label=project.eigenaar_label,
        hardheid=project.hardheid.code,
        hard=project.hardheid.hard,
        plancapaciteit=project.hardheid.telt_als_plancapaciteit,
        fase=project.fase,
        oplevering_jaar=project.oplevering_jaar,
        oplevering_kwartaal=project.oplevering_kwartaal,
        segmenten=project.segmenten,
        totaal=project.totaal,
        instandhoudingstermijn=project.instandhoudingstermijn,
        vertrouwelijk=project.vertrouwelijk,
        planning=planning,
        breedtegraad=_float(project.breedtegraad),
        lengtegraad=_float(project.lengtegraad),
    )


def projecten_live(kader: Afsprakenkader):
    return (
        Bouwproject.objects.filter(kader=kader)
        .select_related("hardheid", "eigenaar")
        .prefetch_related(Prefetch("opleveringen", queryset=Oplevering.objects.order_by("jaar")))
        .order_by("oplevering_jaar", "projectcode")
    )


def planning_per_project(opleveringen) -> dict[int, tuple[Levering, ...]]:
    """The year planning of many projects from one query: {project id: leveringen by year}."""
    per_project: dict[int, list[Levering]] = defaultdict(list)
    for project_id, jaar, status, *aantallen in opleveringen.order_by(
        "project_id", "jaar", "status"
    ).values_list("project_id", "jaar", "status", *SEGMENTEN):
        per_project[project_id].append(
            Levering(jaar, status, dict(zip(SEGMENTEN, aantallen, strict=True)))
        )
    return {pid: tuple(leveringen) for pid, leveringen in per_project.items()}


def project_feiten(kader: Afsprakenkader) -> list[ProjectFeit]:
    """The live projects as facts (three queries, whatever the number of projects).

    The year planning comes from one ``values_list`` query and the hardness codes from their
    small table rather than ``prefetch_related``/``select_related``: per project that saves
    a queryset clone and a model instance (see docs/prestaties.md, planmonitor).
    """
    per_code = {h.pk: h for h in Hardheid.objects.all()}
    planning = planning_per_project(Oplevering.objects.filter(project__kader=kader))
    feiten = []
    for project in (
        Bouwproject.objects.filter(kader=kader)
        .select_related("eigenaar")
        .order_by("oplevering_jaar", "projectcode")
    ):
        project.hardheid = per_code[project.hardheid_id]
        feiten.append(project_feit(project, planning.get(project.pk, ())))
    return feiten


def mutatie_feiten(kader: Afsprakenkader) -> list[MutatieFeit]:
    return [
        MutatieFeit(
            id=m["id"],
            corporatie_id=m["corporatie_id"],
            jaar=m["jaar"],
            soort=m["soort"],
            segment=m["segment"],
            aantal=m["aantal"],
            status=m["status"],
        )
        for m in Voorraadmutatie.objects.filter(kader=kader).values(
            "id", "corporatie_id", "jaar", "soort", "segment", "aantal", "status"
        )
    ]


def feit_naar_json(feit: ProjectFeit) -> dict:
    return {
        "id": feit.id,
        "projectcode": feit.projectcode,
        "naam": feit.naam,
        "kern": feit.kern,
        "eigenaar_id": feit.eigenaar_id,
        "eigenaar_soort": feit.eigenaar_soort,
        "eigenaar_label": feit.eigenaar_label,
        "hardheid": feit.hardheid,
        "hard": feit.hard,
        "plancapaciteit": feit.plancapaciteit,
        "fase": feit.fase,
        "oplevering_jaar": feit.oplevering_jaar,
        "oplevering_kwartaal": feit.oplevering_kwartaal,
        "segmenten": dict(feit.segmenten),
        "totaal": feit.totaal,
        "instandhoudingstermijn": feit.instandhoudingstermijn,
        "vertrouwelijk": feit.vertrouwelijk,
        "planning": [
            {"jaar": lv.jaar, "status": lv.status, "segmenten": dict(lv.segmenten)}
            for lv in feit.planning
        ],
        "breedtegraad": feit.breedtegraad,
        "lengtegraad": feit.lengtegraad,
    }


def feit_uit_json(g: dict) -> ProjectFeit:
    return ProjectFeit(
        id=g.get("id"),
        projectcode=g["projectcode"],
        naam=g["naam"],
        kern=g["kern"],
        eigenaar_id=g["eigenaar_id"],
        eigenaar_soort=g["eigenaar_soort"],
        eigenaar_label=g["eigenaar_label"],
        hardheid=g["hardheid"],
        hard=g["hard"],
        plancapaciteit=g["plancapaciteit"],
        fase=g["fase"],
        oplevering_jaar=g["oplevering_jaar"],
        oplevering_kwartaal=g["oplevering_kwartaal"],
        segmenten={s: int(g["segmenten"].get(s, 0)) for s in SEGMENTEN},
        totaal=g["totaal"],
        instandhoudingstermijn=g.get("instandhoudingstermijn"),
        vertrouwelijk=g.get("vertrouwelijk", False),
        planning=tuple(
            Levering(
                lv["jaar"], lv["status"], {s: int(lv["segmenten"].get(s, 0)) for s in SEGMENTEN}
            )
            for lv in g.get("planning", [])
        ),
        breedtegraad=g.get("breedtegraad"),
        lengtegraad=g.get("lengtegraad"),
    )


def mutatie_naar_json(m: MutatieFeit) -> dict:
    return {
        "id": m.id,
        "corporatie_id": m.corporatie_id,
        "jaar": m.jaar,
        "soort": m.soort,
        "segment": m.segment,
        "aantal": m.aantal,
        "status": m.status,
    }


def mutatie_uit_json(g: dict) -> MutatieFeit:
    return MutatieFeit(**g)


def peiling_feiten(
    peiling: Peiling, *, openbaar: bool
) -> tuple[list[ProjectFeit], list[MutatieFeit]]:
    """The facts frozen in a round; ``openbaar`` leaves out vertrouwelijke projects."""
    standen = peiling.standen.all()
    if openbaar:
        standen = standen.filter(vertrouwelijk=False)
    projecten = [feit_uit_json(s.gegevens) for s in standen.only("gegevens")]
    mutaties = [mutatie_uit_json(m) for m in peiling.mutaties]
    return projecten, mutaties


# ---------------------------------------------------------------------------------------------
# Which data a user sees: the live planmonitor or a round


@dataclass(frozen=True)
class Bron:
    """What a page computes from: the live data (``peiling`` None) or a round."""

    kader: Afsprakenkader
    peiling: Peiling | None
    openbaar: bool  # the user sees only what is public

    @property
    def label(self) -> str:
        if self.peiling is None:
            return "actuele stand"
        return f"peiling {self.peiling.naam} ({self.peiling.peildatum:%d-%m-%Y})"


def peilingen(*, user, kader: Afsprakenkader):
    return Peiling.objects.visible_to(user).filter(kader=kader).order_by("-peildatum", "-pk")


def bron_voor(*, user, kader: Afsprakenkader, peiling_id: int | str | None = None) -> Bron:
    """The live data for a party, or the requested (else the latest published) round.

    Raises Http404 for a round the user may not see, or when a non-party asks while no round
    is published.
    """
    lopend = ziet_lopend(user, kader)
    if peiling_id not in (None, ""):
        try:
            peiling = peilingen(user=user, kader=kader).get(pk=int(peiling_id))
        except (Peiling.DoesNotExist, ValueError, TypeError):
            raise Http404("Deze peiling bestaat niet of is niet openbaar.") from None
        return Bron(kader, peiling, not lopend)
    if lopend:
        return Bron(kader, None, False)
    laatste = peilingen(user=user, kader=kader).first()
    if laatste is None:
        raise Http404("Er is nog geen peiling van de planmonitor gepubliceerd.")
    return Bron(kader, laatste, True)


def feiten(bron: Bron) -> tuple[list[ProjectFeit], list[MutatieFeit]]:
    if bron.peiling is not None:
        return peiling_feiten(bron.peiling, openbaar=bron.openbaar)
    return project_feiten(bron.kader), mutatie_feiten(bron.kader)


@dataclass(frozen=True)
class Periode:
    van: int
    tot: int
    doorkijk_tot: int


def periode(
    kader: Afsprakenkader,
    van: int | None = None,
    tot: int | None = None,
    doorkijk_tot: int | None = None,
) -> Periode:
    van = van or kader.periode_van
    tot = tot or kader.periode_tot
    if tot < van:
        raise ValueError(
            f"De periode loopt van {van} tot {tot}: het eindjaar ligt vóór het beginjaar."
        )
    doorkijk_tot = doorkijk_tot or tot + DOORKIJK_JAREN
    if doorkijk_tot < tot:
        raise ValueError(f"De doorkijk (tot {doorkijk_tot}) eindigt vóór de periode ({tot}).")
    return Periode(van, tot, doorkijk_tot)


def prognose_uit(
    kader: Afsprakenkader,
    projecten: list[ProjectFeit],
    mutaties: list[MutatieFeit],
    p: Periode,
) -> Prognose:
    return bereken(
        projecten,
        mutaties,
        corporaties=corporaties(kader),
        van=p.van,
        tot=p.tot,
        doorkijk_tot=p.doorkijk_tot,
    )


def prognose(bron: Bron, p: Periode) -> Prognose:
    projecten, mutaties = feiten(bron)
    return prognose_uit(bron.kader, projecten, mutaties, p)


# ---------------------------------------------------------------------------------------------
# The whole country


def _is_partij(kader_pad: str, organisatie_pad: str) -> Exists:
    """Whether the organisation is a party of the record's kader (a corporation's row)."""
    return Exists(
        Partij.objects.filter(kader=OuterRef(kader_pad), organisatie=OuterRef(organisatie_pad))
    )


def _landelijk_feit(
    r: dict, *, pad: str, segmenten: dict[str, int], planning: tuple[Levering, ...] = ()
) -> ProjectFeit:
    """An aggregated fact: many projects with the same owner and the same properties that
    ``bereken`` reads. A corporation that is not a party of the project's kader gets no
    owner id, so ``bereken`` leaves it out as it does per kader."""
    return ProjectFeit(
        projectcode="",
        naam="",
        kern="",
        eigenaar_id=r[f"{pad}eigenaar_id"] if r["partij"] else None,
        eigenaar_soort=r[f"{pad}eigenaar_soort"],
        eigenaar_label="",
        hardheid="",
        hard=r[f"{pad}hardheid__hard"],
        plancapaciteit=r[f"{pad}hardheid__telt_als_plancapaciteit"],
        fase=r.get("fase", ""),
        oplevering_jaar=r.get("oplevering_jaar", 0),
        oplevering_kwartaal=None,
        segmenten=segmenten,
        totaal=sum(segmenten.values()),
        instandhoudingstermijn=r[f"{pad}instandhoudingstermijn"],
        planning=planning,
    )


def landelijke_corporaties() -> list[tuple[int, str]]:
    """Every corporation that is party to some kader: (id, short name), by name."""
    return [
        (o.pk, o.korte_naam or o.naam)
        for o in Organisatie.objects.filter(
            soort=OrganisatieSoort.WONINGCORPORATIE,
            pk__in=Partij.objects.values("organisatie_id"),
        )
        .only("naam", "korte_naam")
        .order_by("naam", "pk")
    ]


def prognose_landelijk(p: Periode) -> Prognose:
    """Tabel 1 and 2 for the whole country: a row per corporation (summed over the kaders it
    is party to) and Marktpartijen, for one period.

    The rules are those of ``prognose.bereken``, which computes it, from *aggregated* facts
    (three grouped queries, whatever the number of projects): projects without a year
    planning summed per (owner, hardness, phase, delivery year, instandhoudingstermijn); the
    year planning per (owner, hardness, instandhoudingstermijn, which segments the project
    has, year, status); the stock changes per (corporation, year, kind, segment, status),
    where the database says per kader whether a gerealiseerd row exists and ``prognose.geldt``
    decides which row counts. Only live data; the cells carry no projectcodes (no drill-down).
    """
    owner: tuple[str, ...] = ("eigenaar_soort", "eigenaar_id", "hardheid__hard")
    owner += ("hardheid__telt_als_plancapaciteit", "instandhoudingstermijn")
    heeft_planning = Exists(Oplevering.objects.filter(project=OuterRef("pk")))
    zonder_planning = (
        Bouwproject.objects.filter(oplevering_jaar__gte=p.van, oplevering_jaar__lte=p.doorkijk_tot)
        .filter(~heeft_planning)
        .annotate(partij=_is_partij("kader", "eigenaar"))
        .values(*owner, "partij", "fase", "oplevering_jaar")
        .annotate(**{f"som_{s}": Sum(s) for s in SEGMENTEN})
        .order_by()
    )
    projecten = [
        _landelijk_feit(r, pad="", segmenten={s: r[f"som_{s}"] for s in SEGMENTEN})
        for r in zonder_planning
    ]
    heeft = {
        f"heeft_{s}": Case(
            When(Q(**{f"project__{s}__gt": 0}), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
        for s in SEGMENTEN
    }
    planning = (
        Oplevering.objects.filter(jaar__gte=p.van, jaar__lte=p.doorkijk_tot)
        .annotate(partij=_is_partij("project__kader", "project__eigenaar"), **heeft)
        .values(*(f"project__{k}" for k in owner), "partij", *heeft, "jaar", "status")
        .annotate(**{f"som_{s}": Sum(s) for s in SEGMENTEN})
        .order_by()
    )
    for r in planning:
        # The project's own segment counts only say which segments it has (bereken skips a
        # segment the project does not have, whatever its planning says).
        projecten.append(
            _landelijk_feit(
                r,
                pad="project__",
                segmenten={s: int(r[f"heeft_{s}"]) for s in SEGMENTEN},
                planning=(Levering(r["jaar"], r["status"], {s: r[f"som_{s}"] for s in SEGMENTEN}),),
            )
        )
    gerealiseerd = Voorraadmutatie.objects.filter(
        kader=OuterRef("kader"),
        corporatie=OuterRef("corporatie"),
        jaar=OuterRef("jaar"),
        soort=OuterRef("soort"),
        segment=OuterRef("segment"),
        status=Realisatie.GEREALISEERD,
    )
    mutaties = [
        MutatieFeit(
            corporatie_id=r["corporatie_id"] if r["partij"] else None,  # type: ignore[arg-type]
            jaar=r["jaar"],
            soort=r["soort"],
            segment=r["segment"],
            aantal=r["som"],
            status=r["status"],
        )
        for r in Voorraadmutatie.objects.filter(jaar__gte=p.van, jaar__lte=p.tot)
        .annotate(partij=_is_partij("kader", "corporatie"), bekend=Exists(gerealiseerd))
        .values("corporatie_id", "partij", "jaar", "soort", "segment", "status", "bekend")
        .annotate(som=Sum("aantal"))
        .order_by()
        if geldt(r["status"], gerealiseerd_bekend=r["bekend"])
    ]
    return bereken(
        projecten,
        mutaties,
        corporaties=landelijke_corporaties(),
        van=p.van,
        tot=p.tot,
        doorkijk_tot=p.doorkijk_tot,
        al_geldend=True,
    )


# ---------------------------------------------------------------------------------------------
# Comparing two rounds


@dataclass
class Verschil:
    projectcode: str
    naam: str
    soort: str  # "nieuw", "vervallen", "gewijzigd"
    oplevering_van: str = ""
    oplevering_naar: str = ""
    verschuiving: int = 0  # years, later is positive
    wijzigingen: list[str] | None = None
    oorzaken: list[str] | None = None


def _oplevering(g: dict) -> str:
    if g.get("oplevering_kwartaal"):
        return f"{g['oplevering_jaar']}-Q{g['oplevering_kwartaal']}"
    return str(g["oplevering_jaar"])


def vergelijk_peilingen(oud: Peiling, nieuw: Peiling, *, openbaar: bool) -> list[Verschil]:
    """Projects new, dropped, moved or changed between two rounds, with recorded delays."""

    def standen(p: Peiling) -> dict[str, dict]:
        qs = p.standen.all()
        if openbaar:
            qs = qs.filter(vertrouwelijk=False)
        return {s.projectcode: s.gegevens for s in qs}

    a, b = standen(oud), standen(nieuw)
    verschillen: list[Verschil] = []
    for code in sorted(set(a) | set(b)):
        if code not in a:
            verschillen.append(
                Verschil(code, b[code]["naam"], "nieuw", oplevering_naar=_oplevering(b[code]))
            )
            continue
        if code not in b:
            verschillen.append(
                Verschil(code, a[code]["naam"], "vervallen", oplevering_van=_oplevering(a[code]))
            )
            continue
        g0, g1 = a[code], b[code]
        wijzigingen = []
        if g0["totaal"] != g1["totaal"]:
            wijzigingen.append(f"aantal woningen {g0['totaal']} → {g1['totaal']}")
        for s in SEGMENTEN:
            v0, v1 = g0["segmenten"].get(s, 0), g1["segmenten"].get(s, 0)
            if v0 != v1:
                wijzigingen.append(f"{s.replace('_', ' ')} {v0} → {v1}")
        if g0["hardheid"] != g1["hardheid"]:
            wijzigingen.append(f"hardheid {g0['hardheid']} → {g1['hardheid']}")
        if g0["fase"] != g1["fase"]:
            wijzigingen.append(
                f"fase {g0['fase'].replace('_', ' ')} → {g1['fase'].replace('_', ' ')}"
            )
        verschuiving = g1["oplevering_jaar"] - g0["oplevering_jaar"]
        if not wijzigingen and _oplevering(g0) == _oplevering(g1):
            continue
        oorzaken = [
            f"{v['van_jaar']} → {v['naar_jaar']}: {v['oorzaak']}"
            + (f" (remedie: {v['remedie']})" if v.get("remedie") else "")
            for v in g1.get("vertragingen", [])
            if v["vastgelegd_op"] > oud.vastgelegd_op.isoformat()
        ]
        verschillen.append(
            Verschil(
                code,
                g1["naam"],
                "gewijzigd",
                oplevering_van=_oplevering(g0),
                oplevering_naar=_oplevering(g1),
                verschuiving=verschuiving,
                wijzigingen=wijzigingen,
                oorzaken=oorzaken,
            )
        )
    return verschillen


# ---------------------------------------------------------------------------------------------
# What-if


def toepassen(
    projecten: list[ProjectFeit], wijzigingen: list[dict], hardheden_per_code: dict[str, Hardheid]
) -> list[ProjectFeit]:
    """A what-if: the facts with the scenario's changes applied (stored data untouched)."""
    per_code = {w["projectcode"]: w for w in wijzigingen}
    uitkomst = []
    for p in projecten:
        w = per_code.get(p.projectcode)
        if w is None:
            uitkomst.append(p)
            continue
        verschuiving = int(w.get("verschuiving") or 0)
        nieuw = replace(
            p,
            oplevering_jaar=p.oplevering_jaar + verschuiving,
            planning=tuple(replace(lv, jaar=lv.jaar + verschuiving) for lv in p.planning),
        )
        if w.get("hardheid"):
            h = hardheden_per_code[w["hardheid"]]
            nieuw = replace(
                nieuw, hardheid=h.code, hard=h.hard, plancapaciteit=h.telt_als_plancapaciteit
            )
        if w.get("segmenten"):
            segmenten = {s: int(w["segmenten"].get(s, p.segmenten.get(s, 0))) for s in SEGMENTEN}
            nieuw = replace(
                nieuw,
                segmenten=segmenten,
                totaal=sum(segmenten.values()),
                planning=_planning_herverdelen(nieuw.planning, segmenten),
            )
        uitkomst.append(nieuw)
    return uitkomst


def _planning_herverdelen(
    planning: tuple[Levering, ...], segmenten: dict[str, int]
) -> tuple[Levering, ...]:
    """A year planning with new totals per segment, spread as the old planning spread that
    segment (largest remainder, so it still adds up); a segment that had no units goes to the
    last planned year. No planning stays no planning."""
    if not planning:
        return planning
    per_jaar = [dict(lv.segmenten) for lv in planning]
    for s in SEGMENTEN:
        oud = [lv.segmenten.get(s, 0) for lv in planning]
        totaal_oud, nieuw_totaal = sum(oud), segmenten.get(s, 0)
        if totaal_oud == 0:
            delen = [0] * len(planning)
            delen[-1] = nieuw_totaal
        else:
            exact = [o * nieuw_totaal / totaal_oud for o in oud]
            delen = [int(x) for x in exact]
            rest = nieuw_totaal - sum(delen)
            volgorde = sorted(range(len(exact)), key=lambda i: exact[i] - delen[i], reverse=True)
            for i in volgorde[:rest]:
                delen[i] += 1
        for i, aantal in enumerate(delen):
            per_jaar[i][s] = aantal
    return tuple(replace(lv, segmenten=per_jaar[i]) for i, lv in enumerate(planning))
