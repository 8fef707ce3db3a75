"""Every read of the overleg app: through ``visible_to(user)`` or, for calendar feeds, through
the feed's owner (``voor_organisatie``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.http import Http404

from prestatiemonitor.afspraken.models import Afsprakenkader
from prestatiemonitor.jaarschijven.constants import PeilmomentSoort
from prestatiemonitor.jaarschijven.models import Jaarschijf, Peilmoment
from prestatiemonitor.organisaties.constants import OrganisatieSoort
from prestatiemonitor.organisaties.models import Organisatie
from prestatiemonitor.planmonitor.models import Peiling

from . import planner
from .constants import (
    ActiepuntStatus,
    MijlpaalSoort,
    OverlegStatus,
    PlanningStatus,
    VoorzitterRegel,
)
from .models import (
    Actiepunt,
    Agendapunt,
    Besluit,
    Jaarplanning,
    Mijlpaal,
    Overleg,
    Overleginstellingen,
    Overlegvorm,
    deelnemer_filter,
)

# ---------------------------------------------------------------------------------------------
# The structure and the proposal


def instellingen(kader: Afsprakenkader) -> Overleginstellingen:
    """The kader's settings, or the defaults (unsaved) when the gemeente set none."""
    return Overleginstellingen.objects.filter(kader=kader).first() or Overleginstellingen(
        kader=kader
    )


def structuur(kader: Afsprakenkader) -> tuple[list[Overlegvorm], list[Mijlpaal]]:
    vormen = list(
        Overlegvorm.objects.filter(kader=kader).select_related("voorzitter", "plaatsvervanger")
    )
    mijlpalen = list(Mijlpaal.objects.filter(kader=kader).select_related("overlegvorm"))
    return vormen, mijlpalen


@dataclass
class Jaarvoorstel:
    kader: Afsprakenkader
    jaar: int
    instellingen: Overleginstellingen
    vormen: dict[int, Overlegvorm]
    mijlpalen: dict[int, Mijlpaal]
    voorstellen: list[planner.Voorstel]
    namen: dict[int, str]
    waarschuwingen: list[str]

    def als_json(self) -> list[dict]:
        """The proposal as the CLI prints it: datum, overlegvorm, voorzitter, plaatsvervanger."""
        return [
            {
                "datum": v.datum.isoformat(),
                "overlegvorm": v.vorm.naam,
                "voorzitter": self.namen.get(v.voorzitter, ""),
                "plaatsvervanger": self.namen.get(v.plaatsvervanger) if v.plaatsvervanger else None,
            }
            for v in self.voorstellen
        ]

    def vorm(self, voorstel: planner.Voorstel) -> Overlegvorm:
        return self.vormen[voorstel.vorm.sleutel]


def korte_namen(kader: Afsprakenkader) -> dict[int, str]:
    """{organisation pk: short name} of the kader's parties (as the JSON and the pages show)."""
    return {
        p.organisatie_id: p.organisatie.korte_naam or p.aanduiding
        for p in kader.partij_set.select_related("organisatie")
    }


def vorige_voorzitter(kader: Afsprakenkader, jaar: int) -> int | None:
    """Who chaired the last *afwisselend* meeting before ``jaar`` (the rotation continues)."""
    laatste = (
        Overleg.objects.filter(
            kader=kader,
            datum__lt=dt.date(jaar, 1, 1),
            overlegvorm__voorzitter_regel=VoorzitterRegel.AFWISSELEND,
        )
        .exclude(status=OverlegStatus.AFGELAST)
        .order_by("-datum", "-aanvang")
        .first()
    )
    return laatste.voorzitter_id if laatste else None


def jaarvoorstel(*, kader: Afsprakenkader, jaar: int) -> Jaarvoorstel:
    """The proposed meetings of ``jaar`` by the planner's rules (``planner.py``); raises
    ``planner.PlanFout`` with a Dutch message when the structure cannot be planned."""
    inst = instellingen(kader)
    vormen, mijlpalen = structuur(kader)
    if not vormen:
        raise planner.PlanFout(
            "Dit kader heeft nog geen overlegstructuur; richt die eerst in (Overleg → Structuur)."
        )
    punten = [
        planner.Punt(sleutel=m.pk, titel=m.titel(jaar), vorm=m.overlegvorm_id, maand=m.maand)
        for m in mijlpalen
        if not m.alleen_laatste_jaar or jaar == kader.periode_tot
    ]
    specs = [
        planner.Vorm(
            sleutel=v.pk,
            naam=v.naam,
            maanden=tuple(v.plan_maanden()),
            weekdag=v.weekdag,
            week=v.week,
            aanvang=v.aanvang,
            duur_minuten=v.duur_minuten,
            regel=v.voorzitter_regel,
            voorzitter=v.voorzitter_id,
            plaatsvervanger=v.plaatsvervanger_id,
            volgorde=v.volgorde,
        )
        for v in vormen
    ]
    voorstellen = planner.plan_jaar(
        jaar=jaar,
        vormen=specs,
        punten=punten,
        regio=inst.schoolregio,
        vorige_voorzitter=vorige_voorzitter(kader, jaar),
    )
    namen = korte_namen(kader)
    for v in vormen:  # a chair that is no (longer a) party still has a name
        for org in (v.voorzitter, v.plaatsvervanger):
            if org is not None:
                namen.setdefault(org.pk, org.korte_naam or org.naam)
    return Jaarvoorstel(
        kader=kader,
        jaar=jaar,
        instellingen=inst,
        vormen={v.pk: v for v in vormen},
        mijlpalen={m.pk: m for m in mijlpalen},
        voorstellen=voorstellen,
        namen=namen,
        waarschuwingen=[]
        if planner.schoolvakanties_bekend(jaar, inst.schoolregio)
        else [
            f"De schoolvakanties van {jaar} ({inst.get_schoolregio_display()}) zijn nog niet "
            "bekend in de bibliotheek holidays: dit voorstel houdt er geen rekening mee. "
            "Controleer de data zodra de vakanties bekend zijn."
        ],
    )


def mijlpaal_koppelingen(mijlpaal: Mijlpaal, overleg: Overleg) -> dict:
    """What an agenda item of a milestone links to, as far as it exists at planning time."""
    jaar = overleg.datum.year
    kader = overleg.kader
    if mijlpaal.soort in (MijlpaalSoort.PEILMOMENT_JUNI, MijlpaalSoort.TERUGBLIK):
        soort = (
            PeilmomentSoort.JUNI
            if mijlpaal.soort == MijlpaalSoort.PEILMOMENT_JUNI
            else PeilmomentSoort.DECEMBER
        )
        pm = Peilmoment.objects.filter(
            jaarschijf__kader=kader, jaarschijf__jaar=jaar, soort=soort
        ).first()
        return {"peilmoment": pm} if pm else {}
    if mijlpaal.soort in (MijlpaalSoort.CONCEPT_JAARSCHIJF, MijlpaalSoort.VASTSTELLING_JAARSCHIJF):
        js = Jaarschijf.objects.filter(kader=kader, jaar=jaar + 1).first()
        return {"jaarschijf": js} if js else {}
    if mijlpaal.soort == MijlpaalSoort.PLANMONITOR:
        peiling = (
            Peiling.objects.filter(kader=kader, peildatum__lte=overleg.datum)
            .order_by("-peildatum")
            .first()
        )
        return {"peiling": peiling} if peiling else {}
    return {}


# ---------------------------------------------------------------------------------------------
# Meetings


def _soorten(overleg: Overleg) -> set[str]:
    """Who takes part, as it was when the meeting was planned (not the form's current flags)."""
    soorten = {OrganisatieSoort.GEMEENTE.value}
    if overleg.met_corporaties:
        soorten.add(OrganisatieSoort.WONINGCORPORATIE.value)
    if overleg.met_huurders:
        soorten.add(OrganisatieSoort.HUURDERSORGANISATIE.value)
    return soorten


def deelnemers(overleg: Overleg) -> list[Organisatie]:
    """The parties of the kader that take part in this meeting."""
    return list(
        Organisatie.objects.filter(
            partij_set__kader_id=overleg.kader_id,
            soort__in=_soorten(overleg),
        ).order_by("partij_set__volgorde")
    )


def _met_vorm(qs):
    return qs.select_related("overlegvorm", "voorzitter", "plaatsvervanger", "planning")


def planningen(*, user, kader: Afsprakenkader) -> list[Jaarplanning]:
    return list(Jaarplanning.objects.visible_to(user).filter(kader=kader))


def jaar(*, user, kader: Afsprakenkader, jaar: int) -> tuple[Jaarplanning | None, list[Overleg]]:
    """The planning of ``jaar`` and its meetings the user sees (with their agenda items)."""
    overleggen = list(
        _met_vorm(Overleg.objects.visible_to(user).filter(kader=kader, planning__jaar=jaar))
        .prefetch_related(
            Prefetch("agendapunten", queryset=Agendapunt.objects.order_by("volgorde", "pk"))
        )
        .order_by("datum", "aanvang")
    )
    for o in overleggen:  # the jaarcyclus items, for the year's overview
        o.cyclus = [p for p in o.agendapunten.all() if p.mijlpaal_id]
    planning = overleggen[0].planning if overleggen else None
    return planning, overleggen


def overleg_or_404(*, user, kader: Afsprakenkader, pk: int) -> Overleg:
    overleg = _met_vorm(Overleg.objects.visible_to(user).filter(kader=kader, pk=pk)).first()
    if overleg is None:
        raise Http404("Dit overleg bestaat niet of u neemt er niet aan deel.")
    return overleg


@dataclass
class Vergadering:
    overleg: Overleg
    agendapunten: list[Agendapunt]
    documenten: list
    aanwezigheid: dict[int, object]
    deelnemers: list[Organisatie]
    besluiten: list[Besluit]
    actiepunten: list[Actiepunt]
    openstaand: list[Actiepunt]
    vorige: Overleg | None
    volgende: Overleg | None


def vergadering(*, user, overleg: Overleg) -> Vergadering:
    """Everything of one meeting; ``openstaand``: the open action items of earlier meetings of
    the same overlegvorm, carried to this one."""
    agendapunten = list(
        overleg.agendapunten.select_related(
            "afspraak",
            "activiteit__jaarschijf",
            "peilmoment__jaarschijf",
            "jaarschijf",
            "peiling",
            "mijlpaal",
        ).prefetch_related("documenten")
    )
    zelfde_vorm = Overleg.objects.visible_to(user).filter(
        kader_id=overleg.kader_id, overlegvorm_id=overleg.overlegvorm_id
    )
    eerder = Q(overleg__datum__lt=overleg.datum) | Q(
        overleg__datum=overleg.datum, overleg__aanvang__lt=overleg.aanvang
    )
    return Vergadering(
        overleg=overleg,
        agendapunten=agendapunten,
        documenten=list(
            overleg.documenten.select_related("organisatie", "agendapunt").order_by("geupload_op")
        ),
        aanwezigheid={a.organisatie_id: a for a in overleg.aanwezigheid.all()},
        deelnemers=deelnemers(overleg),
        besluiten=list(overleg.besluiten.select_related(*_BESLUIT_RELATIES).order_by("nummer")),
        actiepunten=list(overleg.actiepunten.select_related("eigenaar", "afspraak")),
        openstaand=list(
            Actiepunt.objects.filter(overleg__in=zelfde_vorm, status=ActiepuntStatus.OPEN)
            .filter(eerder)
            .select_related("eigenaar", "overleg__overlegvorm", "afspraak")
            .order_by("deadline", "pk")
        ),
        vorige=zelfde_vorm.filter(
            Q(datum__lt=overleg.datum) | Q(datum=overleg.datum, aanvang__lt=overleg.aanvang)
        )
        .order_by("-datum", "-aanvang")
        .first(),
        volgende=zelfde_vorm.filter(
            Q(datum__gt=overleg.datum) | Q(datum=overleg.datum, aanvang__gt=overleg.aanvang)
        )
        .order_by("datum", "aanvang")
        .first(),
    )


def actiepunten(*, user, kader: Afsprakenkader, alleen_open: bool = True) -> list[Actiepunt]:
    qs = Actiepunt.objects.visible_to(user).filter(overleg__kader=kader)
    if alleen_open:
        qs = qs.filter(status=ActiepuntStatus.OPEN)
    return list(qs.select_related("eigenaar", "overleg__overlegvorm", "overleg__kader", "afspraak"))


_BESLUIT_RELATIES = (
    "overleg__overlegvorm",
    "afspraak",
    "activiteit__jaarschijf",
    "peilmoment__jaarschijf",
    "peiling",
    "bijstelling",
)


def besluiten(*, user, kader: Afsprakenkader) -> list[Besluit]:
    """The decisions the user sees: the meeting's participants all of theirs, everyone the
    decisions the gemeente published."""
    return list(
        Besluit.objects.visible_to(user)
        .filter(overleg__kader=kader)
        .select_related(*_BESLUIT_RELATIES)
        .order_by("-overleg__datum", "overleg_id", "nummer")
    )


def besluiten_bij(
    *, user, afspraak=None, activiteit=None, peilmoment=None, peiling=None
) -> list[Besluit]:
    """The decisions about one afspraak (also through a bijstelling that changed it), activity,
    peilmoment or planmonitor round, as the user may see them."""
    qs = Besluit.objects.visible_to(user)
    if afspraak is not None:
        qs = qs.filter(
            Q(afspraak=afspraak)
            | Q(bijstelling__wijziging_set__afspraak=afspraak)
            | Q(activiteit__afspraken=afspraak)
        )
    elif activiteit is not None:
        qs = qs.filter(activiteit=activiteit)
    elif peilmoment is not None:
        qs = qs.filter(peilmoment=peilmoment)
    elif peiling is not None:
        qs = qs.filter(peiling=peiling)
    else:
        return []
    return list(
        qs.distinct().select_related(*_BESLUIT_RELATIES).order_by("-overleg__datum", "nummer")
    )


def actiepunten_bij(*, user, afspraak=None, activiteit=None) -> list[Actiepunt]:
    qs = Actiepunt.objects.visible_to(user)
    if afspraak is not None:
        qs = qs.filter(afspraak=afspraak)
    elif activiteit is not None:
        qs = qs.filter(activiteit=activiteit)
    else:
        return []
    return list(qs.select_related("eigenaar", "overleg__overlegvorm").order_by("deadline"))


# ---------------------------------------------------------------------------------------------
# Calendar feeds and reminders


@dataclass
class Agenda:
    overleggen: list[Overleg]
    deadlines: list[Peilmoment]
    actiepunten: list[Actiepunt]


def _agenda(organisaties: list[Organisatie]) -> Agenda:
    paren = [(o.pk, o.soort) for o in organisaties]
    overleggen = list(
        _met_vorm(
            Overleg.objects.filter(deelnemer_filter(paren)).filter(
                planning__status=PlanningStatus.GEPUBLICEERD
            )
        )
        .select_related("kader")
        .prefetch_related("agendapunten")
        .order_by("datum", "aanvang")
    )
    deadlines = list(
        Peilmoment.objects.filter(jaarschijf__kader__partij_set__organisatie__in=organisaties)
        .select_related("jaarschijf__kader")
        .distinct()
        .order_by("deadline")
    )
    acties = list(
        Actiepunt.objects.filter(
            eigenaar__in=organisaties,
            status=ActiepuntStatus.OPEN,
            overleg__planning__status=PlanningStatus.GEPUBLICEERD,
        )
        .select_related("eigenaar", "overleg__overlegvorm", "overleg__kader")
        .order_by("deadline")
    )
    return Agenda(overleggen=overleggen, deadlines=deadlines, actiepunten=acties)


def agenda_van_organisatie(organisatie: Organisatie) -> Agenda:
    """What an organisation's calendar feed holds: its published meetings (a cancelled one
    stays, as cancelled), the monitor deadlines of its kaders, its own open action items."""
    return _agenda([organisatie])


def agenda_van_gebruiker(user) -> Agenda:
    """A person's own feed: the same for all organisations the person is a member of."""
    from prestatiemonitor.organisaties.permissions import MONITOR_LEZEN, organisaties_met

    return _agenda(list(organisaties_met(user, MONITOR_LEZEN)))
