"""Every read of the jaarschijf and the voortgangsmonitor, and the roll-up rule.

Pages, exports and the dashboard take their figures from here and never recompute them. Each
function runs a fixed number of queries, whatever the number of activities or peilmomenten
(tests/test_selectors.py guards that).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, Q

from prestatiemonitor.afspraken.constants import AfspraakSoort
from prestatiemonitor.afspraken.models import Afspraak, Afsprakenkader, Thema
from prestatiemonitor.organisaties.models import Organisatie

from .constants import PEILMOMENT_MAAND, AfspraakStand, PeilmomentStatus, VoortgangStatus
from .models import Activiteit, DekkingsAcceptatie, Jaarschijf, Peilmoment, Voortgang

# ---------------------------------------------------------------------------------------------
# The roll-up rule (constants.ROLLUP_REGEL says it in Dutch on the pages)


def stand_van(statussen: Iterable[str]) -> AfspraakStand:
    """The status of an afspraak from the statuses of its activities at one peilmoment.

    No activity → geen activiteit; all non-vervallen activities gereed → gereed; else any
    vertraagd → vertraagd; else any aandacht nodig → aandacht nodig; else any op schema or
    gereed → op schema; else niet gestart. An afspraak whose activities all vervielen has no
    activity left: geen activiteit. ``niet gemeld`` counts as not started.
    """
    statussen = list(statussen)
    if not statussen:
        return AfspraakStand.GEEN_ACTIVITEIT
    levend = [s for s in statussen if s != VoortgangStatus.VERVALLEN]
    if not levend:
        return AfspraakStand.GEEN_ACTIVITEIT
    if all(s == VoortgangStatus.GEREED for s in levend):
        return AfspraakStand.GEREED
    if VoortgangStatus.VERTRAAGD in levend:
        return AfspraakStand.VERTRAAGD
    if VoortgangStatus.AANDACHT_NODIG in levend:
        return AfspraakStand.AANDACHT_NODIG
    if VoortgangStatus.OP_SCHEMA in levend or VoortgangStatus.GEREED in levend:
        return AfspraakStand.OP_SCHEMA
    return AfspraakStand.NIET_GESTART


def thema_stand(standen: Iterable[str]) -> AfspraakStand:
    """A theme rolls up its afspraken by the same rule. An afspraak without activity inside a
    theme that has others counts as not started (the theme is not done while it is open)."""
    standen = list(standen)
    if all(s == AfspraakStand.GEEN_ACTIVITEIT for s in standen):
        return AfspraakStand.GEEN_ACTIVITEIT
    als_status = [
        VoortgangStatus.NIET_GESTART if s == AfspraakStand.GEEN_ACTIVITEIT else s for s in standen
    ]
    return stand_van(als_status)


# ---------------------------------------------------------------------------------------------
# Jaarschijven


def _met_trekkers(activiteiten) -> list[Activiteit]:
    """The activities with their trekker set from one query over the few organisations: the
    same result as ``select_related("trekker")`` without building (and decoding the aliases
    of) one organisation per activity."""
    lijst = list(activiteiten)
    trekkers = Organisatie.objects.in_bulk({a.trekker_id for a in lijst})
    for activiteit in lijst:
        activiteit.trekker = trekkers[activiteit.trekker_id]
    return lijst


def jaarschijven(*, user, kader: Afsprakenkader) -> list[Jaarschijf]:
    return list(Jaarschijf.objects.visible_to(user).filter(kader=kader).order_by("jaar"))


def activiteiten(*, user, jaarschijf: Jaarschijf):
    """The jaarschijf's activities with afspraken, trekker and betrokken, in one go."""
    return (
        Activiteit.objects.visible_to(user)
        .filter(jaarschijf=jaarschijf)
        .select_related("trekker", "overgenomen_van__jaarschijf")
        .prefetch_related(
            Prefetch("afspraken", queryset=Afspraak.objects.select_related("thema")),
            "betrokken",
        )
        .order_by("nummer")
    )


@dataclass
class DekkingsRegel:
    afspraak: Afspraak
    activiteiten: list[Activiteit]
    acceptatie: DekkingsAcceptatie | None = None

    @property
    def gedekt(self) -> bool:
        return bool(self.activiteiten)


def dekking(*, jaarschijf: Jaarschijf, activiteiten_lijst: list[Activiteit] | None = None):
    """Per strategische afspraak of the kader: its activities this year, and the accepted gap
    if it has none. ``activiteiten_lijst`` reuses activities already fetched."""
    if activiteiten_lijst is None:
        activiteiten_lijst = list(
            Activiteit.objects.filter(jaarschijf=jaarschijf).prefetch_related("afspraken")
        )
    per_afspraak: dict[int, list[Activiteit]] = defaultdict(list)
    for activiteit in activiteiten_lijst:
        for afspraak in activiteit.afspraken.all():
            per_afspraak[afspraak.pk].append(activiteit)
    acceptaties = {
        a.afspraak_id: a
        for a in DekkingsAcceptatie.objects.filter(jaarschijf=jaarschijf).select_related(
            "vastgelegd_door"
        )
    }
    afspraken = Afspraak.objects.filter(
        kader_id=jaarschijf.kader_id, soort=AfspraakSoort.STRATEGISCH
    ).select_related("thema")
    return [
        DekkingsRegel(
            afspraak=a,
            activiteiten=per_afspraak.get(a.pk, []),
            acceptatie=None if per_afspraak.get(a.pk) else acceptaties.get(a.pk),
        )
        for a in afspraken.order_by("volgorde")
    ]


# ---------------------------------------------------------------------------------------------
# Peilmomenten


def peilmomenten(*, user, kader: Afsprakenkader, jaar: int | None = None) -> list[Peilmoment]:
    qs = Peilmoment.objects.visible_to(user).filter(jaarschijf__kader=kader)
    if jaar is not None:
        qs = qs.filter(jaarschijf__jaar=jaar)
    lijst = list(qs.select_related("jaarschijf"))
    lijst.sort(key=lambda p: p.volgorde)
    return lijst


def vorig_peilmoment(*, user, peilmoment: Peilmoment) -> Peilmoment | None:
    """The closed peilmoment just before this one, if the user may see it."""
    eerdere = [
        p
        for p in peilmomenten(user=user, kader=peilmoment.jaarschijf.kader)
        if p.volgorde < peilmoment.volgorde and p.status == PeilmomentStatus.GESLOTEN
    ]
    return eerdere[-1] if eerdere else None


def meldingen(peilmoment: Peilmoment) -> dict[int, Voortgang]:
    """{activiteit id: report} at this peilmoment, with who reported and the evidence."""
    return {
        v.activiteit_id: v
        for v in Voortgang.objects.filter(peilmoment=peilmoment)
        .select_related("gemeld_door", "trekker")
        .prefetch_related("bijlagen", "afspraken__thema")
    }


@dataclass
class PartijVolledigheid:
    organisatie: Organisatie
    totaal: int = 0
    gemeld: int = 0
    ontbrekend: list[Activiteit] = field(default_factory=list)
    laatste_herinnering: object = None

    @property
    def compleet(self) -> bool:
        return not self.ontbrekend


def volledigheid(*, peilmoment: Peilmoment) -> list[PartijVolledigheid]:
    """Per trekker party: how many activities it leads, how many it reported, which are
    missing, and when it was last reminded."""
    gemeld = set(
        Voortgang.objects.filter(peilmoment=peilmoment)
        .exclude(status=VoortgangStatus.NIET_GEMELD)
        .values_list("activiteit_id", flat=True)
    )
    per_partij: dict[int, PartijVolledigheid] = {}
    for activiteit in (
        Activiteit.objects.filter(jaarschijf_id=peilmoment.jaarschijf_id)
        .select_related("trekker")
        .order_by("nummer")
    ):
        regel = per_partij.setdefault(
            activiteit.trekker_id, PartijVolledigheid(organisatie=activiteit.trekker)
        )
        regel.totaal += 1
        if activiteit.pk in gemeld:
            regel.gemeld += 1
        else:
            regel.ontbrekend.append(activiteit)
    for herinnering in peilmoment.herinneringen.order_by("verzonden_op"):
        if herinnering.organisatie_id in per_partij:
            per_partij[herinnering.organisatie_id].laatste_herinnering = herinnering
    return sorted(per_partij.values(), key=lambda r: r.organisatie.naam)


@dataclass
class Vergelijking:
    van: Peilmoment
    naar: Peilmoment
    gewijzigd: list[tuple[Activiteit, str, str]]  # activity, old status, new status
    vertraagd: list[Activiteit]
    gereed: list[Activiteit]
    nieuw: list[tuple[Activiteit, str]]
    vervallen_uit: list[tuple[Activiteit, str]]  # in `van`, not in `naar`'s jaarschijf


def vergelijking(*, van: Peilmoment, naar: Peilmoment) -> Vergelijking:
    """What changed from peilmoment ``van`` to ``naar`` (any two, also of different years:
    an activity carried over is followed through ``overgenomen_van``)."""
    if van.volgorde > naar.volgorde:
        van, naar = naar, van
    # Statuses only (model instances for 1.000 reports cost more than the query); the old
    # activities themselves are fetched only when they can have been left behind (another year).
    oud = dict(Voortgang.objects.filter(peilmoment=van).values_list("activiteit_id", "status"))
    naar_activiteiten = {
        a.pk: a for a in _met_trekkers(Activiteit.objects.filter(jaarschijf_id=naar.jaarschijf_id))
    }
    nieuwe_status = dict(
        Voortgang.objects.filter(peilmoment=naar).values_list("activiteit_id", "status")
    )

    def herkomst(activiteit: Activiteit) -> int | None:
        if activiteit.pk in oud:
            return activiteit.pk
        if activiteit.overgenomen_van_id in oud:
            return activiteit.overgenomen_van_id
        return None

    gewijzigd, vertraagd, gereed, nieuw = [], [], [], []
    gevolgd = set()
    for activiteit in sorted(naar_activiteiten.values(), key=lambda a: a.nummer):
        if naar.is_gesloten and activiteit.pk not in nieuwe_status:
            continue  # added after ``naar`` closed: not part of it
        status = nieuwe_status.get(activiteit.pk, VoortgangStatus.NIET_GEMELD)
        bron = herkomst(activiteit)
        if bron is None:
            nieuw.append((activiteit, status))
            continue
        gevolgd.add(bron)
        was = oud[bron]
        if was != status:
            gewijzigd.append((activiteit, was, status))
            if status == VoortgangStatus.VERTRAAGD:
                vertraagd.append(activiteit)
            if status == VoortgangStatus.GEREED:
                gereed.append(activiteit)
    weg = (
        [
            (v.activiteit, v.status)
            for v in Voortgang.objects.filter(peilmoment=van).select_related("activiteit")
            if v.activiteit_id not in gevolgd
        ]
        if van.jaarschijf_id != naar.jaarschijf_id
        else []
    )
    return Vergelijking(
        van=van,
        naar=naar,
        gewijzigd=gewijzigd,
        vertraagd=vertraagd,
        gereed=gereed,
        nieuw=nieuw,
        vervallen_uit=sorted(weg, key=lambda r: r[0].nummer),
    )


# ---------------------------------------------------------------------------------------------
# Standen per afspraak and theme


@dataclass
class AfspraakRegel:
    afspraak: Afspraak
    stand: AfspraakStand
    activiteiten: list[tuple[Activiteit, str]]  # with the status at the peilmoment


@dataclass
class ThemaRegel:
    thema: Thema | None
    stand: AfspraakStand
    afspraken: list[AfspraakRegel]
    per_stand: Counter
    activiteiten_per_status: Counter


def standen(
    *, jaarschijf: Jaarschijf, peilmoment: Peilmoment | None, user=None
) -> list[ThemaRegel]:
    """Per theme, per afspraak: its activities with their status at ``peilmoment`` (None: no
    peilmoment yet, every activity counts as niet gemeld) and the rolled-up stand."""
    statussen: dict[int, str] = {}
    if peilmoment is not None:
        statussen = dict(
            Voortgang.objects.filter(peilmoment=peilmoment).values_list("activiteit_id", "status")
        )
    # The links from the through table, not prefetch_related: building a related manager per
    # activity costs more than the query (1.000 activities: benchmarks/jaarschijf_dashboard.py).
    # A closed peilmoment rolls up by the links frozen on its reports (Voortgang.afspraken),
    # so a later relinking of an activity does not change it.
    # A report without frozen links (closed outside the service) falls back to today's links.
    koppels: dict[int, list[int]] = defaultdict(list)
    if peilmoment is not None and peilmoment.is_gesloten:
        for activiteit_id, afspraak_id in Voortgang.afspraken.through.objects.filter(
            voortgang__peilmoment=peilmoment
        ).values_list("voortgang__activiteit_id", "afspraak_id"):
            koppels[activiteit_id].append(afspraak_id)
    bevroren = set(koppels)
    for activiteit_id, afspraak_id in Activiteit.afspraken.through.objects.filter(
        activiteit__jaarschijf=jaarschijf
    ).values_list("activiteit_id", "afspraak_id"):
        if activiteit_id not in bevroren:
            koppels[activiteit_id].append(afspraak_id)
    per_afspraak: dict[int, list[tuple[Activiteit, str]]] = defaultdict(list)
    for activiteit in _met_trekkers(
        Activiteit.objects.filter(jaarschijf=jaarschijf).order_by("nummer")
    ):
        if peilmoment is not None and peilmoment.is_gesloten and activiteit.pk not in statussen:
            continue  # added after the peilmoment closed: not part of it
        status = statussen.get(activiteit.pk, VoortgangStatus.NIET_GEMELD)
        for afspraak_id in koppels.get(activiteit.pk, ()):
            per_afspraak[afspraak_id].append((activiteit, status))
    per_thema: dict[int | None, list[AfspraakRegel]] = defaultdict(list)
    themas: dict[int | None, Thema | None] = {}
    for afspraak in (
        Afspraak.objects.filter(kader_id=jaarschijf.kader_id, soort=AfspraakSoort.STRATEGISCH)
        .select_related("thema")
        .order_by("volgorde")
    ):
        rijen = per_afspraak.get(afspraak.pk, [])
        per_thema[afspraak.thema_id].append(
            AfspraakRegel(
                afspraak=afspraak, stand=stand_van(s for _, s in rijen), activiteiten=rijen
            )
        )
        themas[afspraak.thema_id] = afspraak.thema
    resultaat = []
    for thema_id, regels in per_thema.items():
        per_status: Counter = Counter()
        gezien: set[int] = set()
        for regel in regels:
            for activiteit, status in regel.activiteiten:
                if activiteit.pk not in gezien:
                    gezien.add(activiteit.pk)
                    per_status[status] += 1
        resultaat.append(
            ThemaRegel(
                thema=themas[thema_id],
                stand=thema_stand(r.stand for r in regels),
                afspraken=regels,
                per_stand=Counter(r.stand for r in regels),
                activiteiten_per_status=per_status,
            )
        )
    resultaat.sort(key=lambda t: t.thema.nummer if t.thema else 999)
    return resultaat


def ongedekt_uit_standen(
    *, jaarschijf: Jaarschijf, themas: list[ThemaRegel]
) -> list[DekkingsRegel]:
    """The uncovered rows of ``dekking`` (afspraken without activity this year, with the
    accepted gap where there is one), taken from ``standen`` already fetched: one query for
    the acceptances instead of fetching every activity again (the dashboard)."""
    acceptaties = {
        a.afspraak_id: a
        for a in DekkingsAcceptatie.objects.filter(jaarschijf=jaarschijf).select_related(
            "vastgelegd_door"
        )
    }
    return [
        DekkingsRegel(
            afspraak=regel.afspraak, activiteiten=[], acceptatie=acceptaties.get(regel.afspraak.pk)
        )
        for thema in themas
        for regel in thema.afspraken
        if not regel.activiteiten
    ]


# ---------------------------------------------------------------------------------------------
# Overdue afspraken


@dataclass
class Achterstand:
    afspraak: Afspraak
    deadline: date
    activiteiten: int


def achterstallig(
    *, kader: Afsprakenkader, vandaag: date, user=None, tot: Peilmoment | None = None
) -> list[Achterstand]:
    """Afspraken with a deadline year (``Afspraak.jaar``: "in 2025", "voor eind 2026") that has
    passed without a finished activity: none of its activities' last report says gereed. Only
    reports the user may see count (the public: closed peilmomenten); with ``tot`` only
    reports up to and including that peilmoment (a report stays as it was at its peilmoment)."""
    afspraken = list(
        Afspraak.objects.filter(
            kader=kader, soort=AfspraakSoort.STRATEGISCH, jaar__isnull=False, jaar__lt=vandaag.year
        ).order_by("volgorde")
    )
    if not afspraken:
        return []
    meldingen_qs = (
        Voortgang.objects.visible_to(user) if user is not None else Voortgang.objects.all()
    )
    meldingen_qs = meldingen_qs.filter(activiteit__afspraken__in=afspraken).exclude(
        status=VoortgangStatus.NIET_GEMELD
    )
    if tot is not None:
        meldingen_qs = meldingen_qs.filter(
            Q(peilmoment__jaarschijf__jaar__lt=tot.jaar)
            | Q(
                peilmoment__jaarschijf__jaar=tot.jaar,
                peilmoment__soort__in=[
                    s for s, maand in PEILMOMENT_MAAND.items() if maand <= tot.maand
                ],
            )
        )
    laatste: dict[int, tuple[int, str]] = {}
    for activiteit_id, jaar, soort, status in meldingen_qs.values_list(
        "activiteit_id", "peilmoment__jaarschijf__jaar", "peilmoment__soort", "status"
    ):
        volgorde = jaar * 100 + (12 if soort == "december" else 6)
        if activiteit_id not in laatste or laatste[activiteit_id][0] < volgorde:
            laatste[activiteit_id] = (volgorde, status)
    koppel_qs = Activiteit.afspraken.through.objects.filter(afspraak__in=afspraken)
    if user is not None:  # count only the activities the user may see (the public: adopted)
        koppel_qs = koppel_qs.filter(activiteit__in=Activiteit.objects.visible_to(user))
    if tot is not None:
        koppel_qs = koppel_qs.filter(activiteit__jaarschijf__jaar__lte=tot.jaar)
    koppels = koppel_qs.values_list("afspraak_id", "activiteit_id")
    per_afspraak: dict[int, list[int]] = defaultdict(list)
    for afspraak_id, activiteit_id in koppels:
        per_afspraak[afspraak_id].append(activiteit_id)
    resultaat = []
    for afspraak in afspraken:
        ids = per_afspraak.get(afspraak.pk, [])
        klaar = any(laatste.get(i, (0, ""))[1] == VoortgangStatus.GEREED for i in ids)
        if not klaar:
            resultaat.append(
                Achterstand(
                    afspraak=afspraak,
                    deadline=date(afspraak.jaar or vandaag.year, 12, 31),
                    activiteiten=len(ids),
                )
            )
    return resultaat


def laatste_status_per_activiteit(*, user, activiteit_ids: Iterable[int]) -> dict[int, Voortgang]:
    """For the register's afspraak page: each activity's latest visible report."""
    laatste: dict[int, Voortgang] = {}
    for melding in (
        Voortgang.objects.visible_to(user)
        .filter(activiteit_id__in=list(activiteit_ids))
        .exclude(status=VoortgangStatus.NIET_GEMELD)
        .select_related("peilmoment__jaarschijf")
    ):
        huidig = laatste.get(melding.activiteit_id)
        if huidig is None or huidig.peilmoment.volgorde < melding.peilmoment.volgorde:
            laatste[melding.activiteit_id] = melding
    return laatste


# ---------------------------------------------------------------------------------------------
# The history of one activity (the activity page)


@dataclass
class HistorieRegel:
    datum: object  # datetime of the save
    door: object  # the user (None: the system)
    reden: str
    aangemaakt: bool
    wijzigingen: list[tuple[str, str, str]]  # (what, old, new)


_HISTORIE_VELDEN = [
    ("titel", "titel"),
    ("omschrijving", "omschrijving"),
    ("afspraken", "afspraken"),
    ("trekker", "trekker"),
    ("betrokken", "ook betrokken"),
    ("beoogd_resultaat", "beoogd resultaat"),
    ("planning", "planning"),
    ("doel", "doel"),
]


def activiteit_historie(*, activiteit: Activiteit) -> list[HistorieRegel]:
    """Every save of the activity, newest first: who, when, why, and what changed (also the
    afspraken and parties involved, which simple-history keeps per history record).

    One save writes several history records (the row, then each many-to-many set); records
    of the same user and reason within a few seconds count as one save. Fixed number of
    queries: the records, their afspraken, their parties, the names.
    """
    from django.apps import apps

    records = list(
        activiteit.history.select_related("history_user").order_by("history_date", "history_id")
    )
    if not records:
        return []
    ids = [r.history_id for r in records]
    m2m_afspraken = apps.get_model("jaarschijven", "HistoricalActiviteit_afspraken")
    m2m_betrokken = apps.get_model("jaarschijven", "HistoricalActiviteit_betrokken")
    afspraken_per: dict[int, set[int]] = defaultdict(set)
    for history_id, afspraak_id in m2m_afspraken.objects.filter(history_id__in=ids).values_list(
        "history_id", "afspraak_id"
    ):
        afspraken_per[history_id].add(afspraak_id)
    betrokken_per: dict[int, set[int]] = defaultdict(set)
    for history_id, org_id in m2m_betrokken.objects.filter(history_id__in=ids).values_list(
        "history_id", "organisatie_id"
    ):
        betrokken_per[history_id].add(org_id)
    afspraak_ids = {a for s in afspraken_per.values() for a in s}
    nummers = dict(Afspraak.objects.filter(pk__in=afspraak_ids).values_list("pk", "nummer"))
    org_ids = {o for s in betrokken_per.values() for o in s} | {r.trekker_id for r in records}
    korte_namen = dict(Organisatie.objects.filter(pk__in=org_ids).values_list("pk", "korte_naam"))

    def nr(nummer: str):
        return tuple(int(p) if p.isdigit() else 0 for p in nummer.split("."))

    def beeld(r) -> dict[str, str]:
        planning = Activiteit(
            planning_soort=r.planning_soort,
            planning_kwartaal=r.planning_kwartaal,
            planning_maand=r.planning_maand,
            planning_datum=r.planning_datum,
        ).planning_tekst
        doel = ""
        if r.doel_aantal is not None:
            from prestatiemonitor.afspraken.weergave import getal

            doel = f"{getal(r.doel_aantal)} {r.eenheid}".strip()
        return {
            "titel": r.titel,
            "omschrijving": r.omschrijving,
            "afspraken": ", ".join(
                sorted((nummers.get(a, "?") for a in afspraken_per[r.history_id]), key=nr)
            ),
            "trekker": korte_namen.get(r.trekker_id, ""),
            "betrokken": ", ".join(
                sorted(korte_namen.get(o, "?") for o in betrokken_per[r.history_id])
            ),
            "beoogd_resultaat": r.beoogd_resultaat,
            "planning": planning,
            "doel": doel,
        }

    # Group the records of one save.
    groepen: list[list] = []
    for record in records:
        vorige = groepen[-1][-1] if groepen else None
        if (
            vorige is not None
            and record.history_type == "~"
            and vorige.history_user_id == record.history_user_id
            and (vorige.history_change_reason or "") == (record.history_change_reason or "")
            and (record.history_date - vorige.history_date).total_seconds() < 5
        ):
            groepen[-1].append(record)
        else:
            groepen.append([record])
    regels: list[HistorieRegel] = []
    vorig_beeld: dict[str, str] | None = None
    for groep in groepen:
        eerste, laatste = groep[0], groep[-1]
        nu = beeld(laatste)
        wijzigingen = []
        if vorig_beeld is not None:
            wijzigingen = [
                (label, vorig_beeld[veld] or "—", nu[veld] or "—")
                for veld, label in _HISTORIE_VELDEN
                if vorig_beeld[veld] != nu[veld]
            ]
        regels.append(
            HistorieRegel(
                datum=eerste.history_date,
                door=eerste.history_user,
                reden=eerste.history_change_reason or "",
                aangemaakt=eerste.history_type == "+",
                wijzigingen=wijzigingen,
            )
        )
        vorig_beeld = nu
    regels.reverse()
    return regels


# ---------------------------------------------------------------------------------------------
# The jaarschijf pages


@dataclass
class JaarschijfRegel:
    jaarschijf: Jaarschijf
    activiteiten: int
    ongedekt: int  # afspraken without activity and without an accepted gap
    geaccepteerd: int  # accepted gaps


def jaarschijf_overzicht(*, jaarschijven_lijst: list[Jaarschijf]) -> list[JaarschijfRegel]:
    """Per (visible) jaarschijf: its number of activities and its coverage gaps, in a fixed
    number of queries."""
    if not jaarschijven_lijst:
        return []
    ids = [j.pk for j in jaarschijven_lijst]
    kader_ids = {j.kader_id for j in jaarschijven_lijst}
    aantallen = Counter(
        Activiteit.objects.filter(jaarschijf_id__in=ids).values_list("jaarschijf_id", flat=True)
    )
    gedekt: dict[int, set[int]] = defaultdict(set)
    for jaarschijf_id, afspraak_id in Activiteit.afspraken.through.objects.filter(
        activiteit__jaarschijf_id__in=ids
    ).values_list("activiteit__jaarschijf_id", "afspraak_id"):
        gedekt[jaarschijf_id].add(afspraak_id)
    geaccepteerd: dict[int, set[int]] = defaultdict(set)
    for jaarschijf_id, afspraak_id in DekkingsAcceptatie.objects.filter(
        jaarschijf_id__in=ids
    ).values_list("jaarschijf_id", "afspraak_id"):
        geaccepteerd[jaarschijf_id].add(afspraak_id)
    strategisch: dict[int, set[int]] = defaultdict(set)
    for kader_id, afspraak_id in Afspraak.objects.filter(
        kader_id__in=kader_ids, soort=AfspraakSoort.STRATEGISCH
    ).values_list("kader_id", "pk"):
        strategisch[kader_id].add(afspraak_id)
    regels = []
    for j in jaarschijven_lijst:
        gaten = strategisch[j.kader_id] - gedekt[j.pk]
        regels.append(
            JaarschijfRegel(
                jaarschijf=j,
                activiteiten=aantallen.get(j.pk, 0),
                ongedekt=len(gaten - geaccepteerd[j.pk]),
                geaccepteerd=len(gaten & geaccepteerd[j.pk]),
            )
        )
    return regels


def meldingen_van_activiteit(*, user, activiteit: Activiteit) -> list[Voortgang]:
    """The activity's reports the user may see, per peilmoment in time order, with who
    reported and the evidence."""
    from .models import Bijlage

    lijst = list(
        Voortgang.objects.visible_to(user)
        .filter(activiteit=activiteit)
        .select_related("peilmoment__jaarschijf", "gemeld_door")
        # Evidence only for whoever may see it (the parties' members), never for the public.
        .prefetch_related(
            Prefetch("bijlagen", queryset=Bijlage.objects.visible_to(user).order_by("geupload_op"))
        )
    )
    lijst.sort(key=lambda v: v.peilmoment.volgorde)
    return lijst


def reacties_van_activiteit(*, user, activiteit: Activiteit):
    from .models import Reactie

    return list(
        Reactie.objects.visible_to(user)
        .filter(activiteit=activiteit)
        .select_related("organisatie", "peilmoment__jaarschijf", "geplaatst_door")
        .order_by("geplaatst_op", "pk")
    )


# ---------------------------------------------------------------------------------------------
# The register's afspraak page


@dataclass
class AfspraakActiviteiten:
    jaarschijf: Jaarschijf
    activiteiten: list[Activiteit]  # each with .laatste_melding (Voortgang or None)


def activiteiten_van_afspraak(*, user, afspraak: Afspraak) -> list[AfspraakActiviteiten]:
    """The activities serving this afspraak in the jaarschijven the user may see (newest year
    first), each with its latest report the user may see. Two queries."""
    lijst = list(
        Activiteit.objects.visible_to(user)
        .filter(afspraken=afspraak)
        .select_related("jaarschijf", "trekker")
        .order_by("-jaarschijf__jaar", "nummer")
    )
    laatste = laatste_status_per_activiteit(user=user, activiteit_ids=[a.pk for a in lijst])
    per_jaar: dict[int, AfspraakActiviteiten] = {}
    for activiteit in lijst:
        activiteit.laatste_melding = laatste.get(activiteit.pk)
        per_jaar.setdefault(
            activiteit.jaarschijf_id, AfspraakActiviteiten(activiteit.jaarschijf, [])
        ).activiteiten.append(activiteit)
    return list(per_jaar.values())
