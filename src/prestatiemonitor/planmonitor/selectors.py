"""Every read of the planmonitor: facts from the live data, a round or a scenario; the tables.

Visibility first (``visible_to``): parties of the kader read the live planmonitor; everyone
else reads only published rounds without the vertrouwelijke projects. ``bron_voor`` decides
which of the two a page shows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db.models import Prefetch
from django.http import Http404

from prestatiemonitor.afspraken.models import Afsprakenkader
from prestatiemonitor.jaarschijven.permissions import ziet_lopend
from prestatiemonitor.organisaties.constants import OrganisatieSoort

from .constants import SEGMENTEN, Realisatie
from .models import Bouwproject, Hardheid, HardheidLabel, Oplevering, Peiling, Voorraadmutatie
from .prognose import Levering, MutatieFeit, Prognose, ProjectFeit, bereken

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


def project_feit(project: Bouwproject, planning: list[Oplevering] | None = None) -> ProjectFeit:
    rijen = planning if planning is not None else list(project.opleveringen.all())
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
        planning=tuple(Levering(o.jaar, o.status, o.segmenten) for o in rijen),
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


def project_feiten(kader: Afsprakenkader) -> list[ProjectFeit]:
    """The live projects as facts (three queries, whatever the number of projects)."""
    return [project_feit(p) for p in projecten_live(kader)]


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
            peiling = peilingen(user=user, kader=kader).get(pk=int(peiling_id))  # type: ignore[arg-type]
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
# Per year, planned and delivered


def gepland_gerealiseerd(prognose: Prognose) -> dict[int, dict[str, dict[str, int]]]:
    """Tabel 1's total per year of the period: {jaar: {status: {kolom: aantal}}}."""
    uitkomst: dict[int, dict[str, dict[str, int]]] = defaultdict(dict)
    for jaar in prognose.jaren:
        for status in Realisatie.values:
            uitkomst[jaar][status] = dict(
                prognose.tabel1.totaal.per_jaar.get(jaar, {}).get(status, {})
            )
    return dict(uitkomst)


def kader_of_404(*, user, slug: str) -> Afsprakenkader:
    try:
        return Afsprakenkader.objects.visible_to(user).get(slug=slug)
    except Afsprakenkader.DoesNotExist:
        raise Http404("Dit afsprakenkader bestaat niet of is niet zichtbaar.") from None


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
            # A changed segment split replaces a year planning (it no longer adds up).
            nieuw = replace(nieuw, segmenten=segmenten, totaal=sum(segmenten.values()), planning=())
        uitkomst.append(nieuw)
    return uitkomst
