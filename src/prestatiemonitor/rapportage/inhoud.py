"""The content of the progress report of one closed peilmoment, built only from selectors.

``rapportinhoud(kader_slug=…, peilmoment_code="2025-12", variant="volledig"|"openbaar")``
gathers what the monitors already compute (DESIGN.md, "data flows one way") into one typed
``Rapportinhoud``; the PDF (``pdf.py``) and the workbook (``xlsx.py``) only lay it out. Nothing
here counts, sums or judges: counts come from ``jaarschijven.selectors.standen``, changes from
``vergelijking``, norms from ``normen.selectors.normuitkomsten``, Tabel 1 and 2 from the
planmonitor's ``prognose_uit``, indicators from ``woonruimte.selectors.indicatorresultaten``,
decisions from ``overleg.selectors.besluiten``. What may be shown is decided by the same
visibility as the pages: the variant picks the user every selector gets —

- ``volledig``: ``SYSTEEM`` (what the gemeente sees: every party's records, vertrouwelijke
  projects, unpublished periods and decisions);
- ``openbaar``: an ``AnonymousUser`` (what anyone sees without logging in), for the
  raadsinformatie; a kader that is not published cannot have a public report.

A report describes its peilmoment as it was: only a closed peilmoment can be reported, the
planmonitor figures come from the latest review round on or before the end of the peilmoment's
half year, overdue afspraken count reports up to this peilmoment, and the decisions are those
of meetings after the previous peilmoment's deadline up to this one's.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone

from prestatiemonitor.afspraken.models import Afsprakenkader
from prestatiemonitor.afspraken.weergave import schoon
from prestatiemonitor.jaarschijven import selectors as jaarschijf_selectors
from prestatiemonitor.jaarschijven.constants import (
    AfspraakStand,
    PeilmomentSoort,
    VoortgangStatus,
)
from prestatiemonitor.jaarschijven.models import MAANDEN, Advies, Peilmoment
from prestatiemonitor.jaarschijven.permissions import peilmoment_or_404, ziet_lopend
from prestatiemonitor.normen import selectors as normen_selectors
from prestatiemonitor.normen.constants import Uitkomst
from prestatiemonitor.normen.evaluatie import CONTEXTEN, EVALUATOREN, Normuitkomst
from prestatiemonitor.organisaties.permissions import SYSTEEM
from prestatiemonitor.overleg import selectors as overleg_selectors
from prestatiemonitor.planmonitor import normen as plan_normen
from prestatiemonitor.planmonitor import selectors as plan_selectors
from prestatiemonitor.planmonitor.models import Peiling
from prestatiemonitor.woonruimte import selectors as woonruimte_selectors

VOLLEDIG = "volledig"
OPENBAAR = "openbaar"
VARIANTEN = (VOLLEDIG, OPENBAAR)

# The order of the columns and the chart, as on the dashboard: done first, then trouble.
STAND_VOLGORDE = [
    AfspraakStand.GEREED,
    AfspraakStand.OP_SCHEMA,
    AfspraakStand.AANDACHT_NODIG,
    AfspraakStand.VERTRAAGD,
    AfspraakStand.NIET_GESTART,
    AfspraakStand.GEEN_ACTIVITEIT,
]
STATUS_VOLGORDE = [
    VoortgangStatus.GEREED,
    VoortgangStatus.OP_SCHEMA,
    VoortgangStatus.AANDACHT_NODIG,
    VoortgangStatus.VERTRAAGD,
    VoortgangStatus.NIET_GESTART,
    VoortgangStatus.VERVALLEN,
    VoortgangStatus.NIET_GEMELD,
]
UITKOMST_VOLGORDE = [
    Uitkomst.VOLDOET,
    Uitkomst.WAARSCHUWING,
    Uitkomst.VOLDOET_NIET,
    Uitkomst.AFWIJKING,
]

# How the report names the indicators of woonruimte.selectors.indicatorresultaten.
INDICATOR_NAMEN = {
    "slaagkans": "Slaagkans per doelgroep",
    "urgent_aandeel": "Aandeel urgent (afspraak 9)",
    "vrije_toewijzing": "Vrije toewijzingsruimte (afspraak 7)",
    "passend": "Passend toewijzen",
    "statushouders": "Statushouders in personen (afspraak 10)",
    "spreiding": "Spreiding aandachtsgroepen over kernen en buurten (afspraak 9)",
    "label_efg": "Woningen met label E, F of G (thema 3)",
}
VERDUURZAMING_INDICATOREN = frozenset({"label_efg"})
# Indicators whose value is a number of persons, not a share.
AANTAL_INDICATOREN = frozenset({"statushouders"})
HALFJAREN = {"1": "1e halfjaar", "2": "2e halfjaar", "halfjaar": "1e halfjaar", "jaar": "jaar"}


class RapportFout(Exception):
    """Why this report cannot be made, in Dutch (the CLI shows it as is)."""


# ---------------------------------------------------------------------------------------------
# The content


@dataclass(frozen=True)
class Themastand:
    """One theme's counts at the peilmoment, as ``standen`` gives them."""

    nummer: int | None
    kop: str  # "2. Beschikbaarheid"
    kort: str  # "Thema 2" (the chart's axis)
    stand: str  # the theme's rolled-up stand (label)
    afspraken_per_stand: dict[str, int]  # stand value -> count, in STAND_VOLGORDE
    activiteiten_per_status: dict[str, int]  # status value -> count, in STATUS_VOLGORDE
    afspraken: int
    activiteiten: int


@dataclass(frozen=True)
class Wijziging:
    code: str  # "A4"
    titel: str
    was: str  # status label at the previous peilmoment ("" for a new activity)
    nu: str


@dataclass(frozen=True)
class Normtelling:
    """One norm with the count of its results per outcome and its worst outcome."""

    code: str
    naam: str
    bron: str
    informatief: bool
    per_uitkomst: dict[str, int]
    ergste: str  # label


@dataclass(frozen=True)
class Activiteitregel:
    code: str
    titel: str
    trekker: str
    status: str  # label
    status_code: str
    toelichting: str
    gerealiseerd: Decimal | None
    doel: Decimal | None
    eenheid: str


@dataclass(frozen=True)
class Afspraakblok:
    nummer: str
    tekst: str
    stand: str  # label
    stand_code: str
    activiteiten: list[Activiteitregel]


@dataclass(frozen=True)
class Themablok:
    kop: str
    stand: str
    afspraken: list[Afspraakblok]


@dataclass(frozen=True)
class Achterstandregel:
    nummer: str
    tekst: str
    deadline: date
    activiteiten: int


@dataclass(frozen=True)
class Ongedektregel:
    nummer: str
    tekst: str
    geaccepteerd: bool
    reden: str


@dataclass(frozen=True)
class Adviesregel:
    organisatie: str
    tekst: str
    uitgebracht_op: datetime


@dataclass(frozen=True)
class Tabelinhoud:
    """Tabel 1 or 2 as the planmonitor computes it: one row per party and the total."""

    nummer: int
    titel: str
    koppen: list[tuple[str, str]]  # (kolom, kop)
    rijen: list[tuple[str, list[int | None], bool]]  # (partij, waarden, is totaal)


@dataclass(frozen=True)
class Planverschil:
    projectcode: str
    naam: str
    soort: str  # nieuw, vervallen, gewijzigd
    oplevering_van: str
    oplevering_naar: str
    wijzigingen: list[str]


@dataclass(frozen=True)
class Planmonitor:
    peiling: str  # "Najaar 2025"
    peildatum: date
    van: int
    tot: int
    doorkijk_tot: int
    tabellen: list[Tabelinhoud]
    vorige_peiling: str  # "" when there is none to compare with
    verschillen: list[Planverschil]
    peiling_id: int | None = None  # the round's pk: the pages' ?peiling= (links to the records)


@dataclass(frozen=True)
class Normregel:
    code: str
    naam: str
    bron: str
    onderwerp: str
    uitkomst: str  # label
    uitkomst_code: str
    waarde: Decimal | int | None
    grens: Decimal | int | None
    eenheid: str
    uitleg: str
    informatief: bool


@dataclass(frozen=True)
class Indicatorregel:
    indicator: str  # key
    naam: str
    onderwerp: str
    periode: str
    waarde: Decimal | None  # a share as a fraction, or persons
    grens: Decimal | None
    is_aandeel: bool
    uitkomst: str  # label, "" when no norm judges it
    teller: int | None
    noemer: int | None
    onderdrukt: bool
    onderdrukt_als: str = ""  # "< 5" (a small count) or "×" (it would give one away)
    norm: str = ""  # the name of the norm that judges it ("" when none does)


@dataclass(frozen=True)
class Besluitregel:
    datum: date
    overleg: str
    nummer: int
    tekst: str
    openbaar: bool


@dataclass(frozen=True)
class Rapportinhoud:
    kader: str
    kader_slug: str
    gemeente: str
    peilmoment: str  # "December 2025"
    peilmoment_code: str  # "2025-12"
    jaar: int
    deadline: date
    gesloten_op: datetime | None
    variant: str
    gemaakt_op: datetime
    vorig_peilmoment: str  # "" for the first
    themastanden: list[Themastand]
    wijzigingen: list[Wijziging]
    nieuw: list[Wijziging]
    normtellingen: list[Normtelling]
    themas: list[Themablok]
    achterstallig: list[Achterstandregel]
    ongedekt: list[Ongedektregel]
    adviezen: list[Adviesregel]
    planmonitor: Planmonitor | None
    normen: list[Normregel]
    indicatoren: list[Indicatorregel]
    besluiten: list[Besluitregel]
    besluiten_vanaf: date | None  # meetings after this date (the previous deadline)
    standen: list[str] = field(default_factory=lambda: [str(s.label) for s in STAND_VOLGORDE])
    statussen: list[str] = field(default_factory=lambda: [str(s.label) for s in STATUS_VOLGORDE])

    @property
    def is_openbaar(self) -> bool:
        return self.variant == OPENBAAR

    @property
    def titel(self) -> str:
        return f"Voortgangsrapportage {self.peilmoment} — {self.kader}"

    @property
    def afspraken_per_stand(self) -> dict[str, int]:
        """The column totals of the summary table (summing the selector's per-theme counts)."""
        return {
            s.value: sum(t.afspraken_per_stand[s.value] for t in self.themastanden)
            for s in STAND_VOLGORDE
        }

    @property
    def afspraken_totaal(self) -> int:
        return sum(t.afspraken for t in self.themastanden)

    @property
    def activiteiten_per_status(self) -> dict[str, int]:
        return {
            s.value: sum(t.activiteiten_per_status[s.value] for t in self.themastanden)
            for s in STATUS_VOLGORDE
        }

    @property
    def beschikbaarheid(self) -> list[Indicatorregel]:
        return [i for i in self.indicatoren if i.indicator not in VERDUURZAMING_INDICATOREN]

    @property
    def verduurzaming(self) -> list[Indicatorregel]:
        return [i for i in self.indicatoren if i.indicator in VERDUURZAMING_INDICATOREN]


# ---------------------------------------------------------------------------------------------
# Building it


def gebruiker_voor(variant: str):
    """The user every selector gets for this variant."""
    if variant == VOLLEDIG:
        return SYSTEEM
    if variant == OPENBAAR:
        return AnonymousUser()
    raise RapportFout(f"Onbekende variant '{variant}': kies volledig of openbaar.")


def zoek_peilmoment(*, kader_slug: str, peilmoment_code: str, variant: str):
    """(kader, peilmoment, user) for the report, or RapportFout saying why not."""
    user = gebruiker_voor(variant)
    kader = Afsprakenkader.objects.select_related("gemeente").filter(slug=kader_slug).first()
    if kader is None:
        raise RapportFout(f"Er is geen afsprakenkader '{kader_slug}'.")
    if not Afsprakenkader.objects.visible_to(user).filter(pk=kader.pk).exists():
        raise RapportFout(
            f"Het afsprakenkader '{kader_slug}' is niet gepubliceerd; een openbare rapportage "
            "kan pas als de gemeente het kader heeft gepubliceerd."
        )
    try:
        peilmoment = peilmoment_or_404(SYSTEEM, kader, peilmoment_code)
    except Http404:
        raise RapportFout(
            f"Het kader '{kader_slug}' heeft geen peilmoment '{peilmoment_code}' "
            "(schrijf jaar-maand, bijvoorbeeld 2025-06 of 2025-12)."
        ) from None
    if not peilmoment.is_gesloten:
        raise RapportFout(
            f"Het peilmoment {peilmoment.naam.lower()} is nog niet gesloten; alleen over een "
            "gesloten peilmoment kan een rapportage worden gemaakt."
        )
    if variant == OPENBAAR:
        try:
            peilmoment = peilmoment_or_404(user, kader, peilmoment_code)
        except Http404:
            raise RapportFout(
                f"Het peilmoment {peilmoment.naam.lower()} is niet openbaar (de jaarschijf is "
                "niet vastgesteld); maak de volledige rapportage."
            ) from None
    return kader, peilmoment, user


def _einde(peilmoment: Peilmoment) -> date:
    """The last day of the peilmoment's half year (30 June, 31 December)."""
    return date(
        peilmoment.jaar,
        peilmoment.maand,
        calendar.monthrange(peilmoment.jaar, peilmoment.maand)[1],
    )


def _thema_kop(thema) -> str:
    return f"{thema.nummer}. {thema.titel}" if thema else "Zonder thema"


def _themastanden(themas: list[jaarschijf_selectors.ThemaRegel]) -> list[Themastand]:
    uit = []
    for regel in themas:
        uit.append(
            Themastand(
                nummer=regel.thema.nummer if regel.thema else None,
                kop=_thema_kop(regel.thema),
                kort=f"Thema {regel.thema.nummer}" if regel.thema else "Zonder thema",
                stand=str(AfspraakStand(regel.stand).label),
                afspraken_per_stand={s.value: regel.per_stand.get(s, 0) for s in STAND_VOLGORDE},
                activiteiten_per_status={
                    s.value: regel.activiteiten_per_status.get(s, 0) for s in STATUS_VOLGORDE
                },
                afspraken=len(regel.afspraken),
                activiteiten=sum(regel.activiteiten_per_status.values()),
            )
        )
    return uit


def _themablokken(themas, meldingen: dict) -> list[Themablok]:
    blokken = []
    for regel in themas:
        afspraken = []
        for a in regel.afspraken:
            activiteiten = []
            for activiteit, status in a.activiteiten:
                melding = meldingen.get(activiteit.pk)
                trekker = melding.trekker if melding and melding.trekker_id else activiteit.trekker
                activiteiten.append(
                    Activiteitregel(
                        code=activiteit.code,
                        titel=(melding.titel if melding and melding.titel else activiteit.titel),
                        trekker=trekker.korte_naam or trekker.naam,
                        status=str(VoortgangStatus(status).label),
                        status_code=str(status),
                        toelichting=melding.toelichting if melding else "",
                        gerealiseerd=melding.gerealiseerd_aantal if melding else None,
                        doel=activiteit.doel_aantal,
                        eenheid=activiteit.eenheid,
                    )
                )
            afspraken.append(
                Afspraakblok(
                    nummer=a.afspraak.nummer,
                    tekst=schoon(a.afspraak.tekst),
                    stand=str(AfspraakStand(a.stand).label),
                    stand_code=str(a.stand),
                    activiteiten=activiteiten,
                )
            )
        blokken.append(
            Themablok(
                kop=_thema_kop(regel.thema),
                stand=str(AfspraakStand(regel.stand).label),
                afspraken=afspraken,
            )
        )
    return blokken


def _planmonitor(*, user, kader, einde: date) -> tuple[Planmonitor | None, Any]:
    """Tabel 1 and 2 of the latest round on or before ``einde`` the user sees, the changes
    since the round before it, and the norm context of that round (None: no round)."""
    rondes = [p for p in plan_selectors.peilingen(user=user, kader=kader) if p.peildatum <= einde]
    if not rondes:
        return None, None
    peiling: Peiling = rondes[0]  # newest first
    vorige = rondes[1] if len(rondes) > 1 else None
    bron = plan_selectors.Bron(kader, peiling, not ziet_lopend(user, kader))
    periode = plan_selectors.periode(kader)
    projecten, mutaties = plan_selectors.feiten(bron)
    prognose = plan_selectors.prognose_uit(kader, projecten, mutaties, periode)
    from prestatiemonitor.planmonitor.views.overzicht import KOLOMKOPPEN

    tabellen = []
    for tabel in prognose.tabellen:
        koppen = []
        for kolom in tabel.kolommen:
            kop = KOLOMKOPPEN[kolom]
            if kolom == "netto":
                kop = f"Netto toename {prognose.van} t/m {prognose.tot}"
            elif kolom == "doorkijk":
                kop = f"Nieuwbouw {prognose.tot + 1} t/m {prognose.doorkijk_tot} (harde plannen)"
            koppen.append((kolom, kop))
        tabellen.append(
            Tabelinhoud(
                nummer=tabel.nummer,
                titel=tabel.titel,
                koppen=koppen,
                rijen=[
                    (rij.partij, [rij.waarde(k) for k in tabel.kolommen], rij is tabel.totaal)
                    for rij in [*tabel.rijen, tabel.totaal]
                ],
            )
        )
    verschillen = (
        plan_selectors.vergelijk_peilingen(vorige, peiling, openbaar=bron.openbaar)
        if vorige is not None
        else []
    )
    context = plan_normen.bouw_context(
        kader, bron=bron, periode=periode, projecten=projecten, mutaties=mutaties
    )
    return (
        Planmonitor(
            peiling=peiling.naam,
            peildatum=peiling.peildatum,
            van=prognose.van,
            tot=prognose.tot,
            doorkijk_tot=prognose.doorkijk_tot,
            tabellen=tabellen,
            vorige_peiling=vorige.naam if vorige is not None else "",
            verschillen=[
                Planverschil(
                    projectcode=v.projectcode,
                    naam=v.naam,
                    soort=v.soort,
                    oplevering_van=v.oplevering_van,
                    oplevering_naar=v.oplevering_naar,
                    wijzigingen=list(v.wijzigingen or []) + list(v.oorzaken or []),
                )
                for v in verschillen
            ],
            peiling_id=peiling.pk,
        ),
        context,
    )


def _bij_peilmoment(onderwerp: str, peilmoment: Peilmoment, einde: date) -> bool:
    """Whether a beschikbaarheid/verduurzaming result (subject "2025 WSN", "2025-1 WSN",
    "2025-12-31 WSN") describes the peilmoment's year as it stood then: December the whole
    year, June the first half; label counts at a peildatum in that year up to its end."""
    eerste = onderwerp.split(" ", 1)[0]
    if len(eerste) == 10:  # a peildatum
        return eerste[:4] == str(peilmoment.jaar) and eerste <= einde.isoformat()
    if peilmoment.soort == PeilmomentSoort.DECEMBER:
        return eerste == str(peilmoment.jaar)
    return eerste in (f"{peilmoment.jaar}-1",)


def _normen(
    *, user, kader, plan_context, peilmoment: Peilmoment, einde: date
) -> list[Normuitkomst]:
    if plan_context is not None:
        uitkomsten = normen_selectors.normuitkomsten(
            user=user, kader=kader, contexten={plan_normen.CONTEXT: plan_context}
        )
    else:  # no planmonitor round yet: the other modules' norms still are judged
        uitkomsten = normen_selectors.normuitkomsten(
            user=user,
            kader=kader,
            alleen=tuple(c for c in CONTEXTEN if c != plan_normen.CONTEXT),
        )
    soort_van = {n.code: n.soort for n in normen_selectors.normdefinities(user=user, kader=kader)}

    def context_van(u: Normuitkomst) -> str:
        registratie = EVALUATOREN.get(soort_van.get(u.norm_code, ""))
        return registratie.context if registratie else ""

    return [
        u
        for u in uitkomsten
        if context_van(u) == plan_normen.CONTEXT or _bij_peilmoment(u.onderwerp, peilmoment, einde)
    ]


def _normtellingen(uitkomsten: list[Normuitkomst]) -> list[Normtelling]:
    from prestatiemonitor.normen.evaluatie import samenvatting

    per_code: dict[str, list[Normuitkomst]] = {}
    for u in uitkomsten:
        per_code.setdefault(u.norm_code, []).append(u)
    uit = []
    for lijst in per_code.values():
        eerste = lijst[0]
        uit.append(
            Normtelling(
                code=eerste.norm_code,
                naam=eerste.norm_naam,
                bron=eerste.bron,
                informatief=eerste.informatief,
                per_uitkomst=samenvatting(lijst),
                ergste=max(lijst, key=lambda u: u.ernst).uitkomst_label,
            )
        )
    return uit


def _indicatoren(*, user, kader, peilmoment: Peilmoment, einde: date) -> list[Indicatorregel]:
    stand = "jaar" if peilmoment.soort == PeilmomentSoort.DECEMBER else "halfjaar"
    norm_namen = {n.code: n.naam for n in normen_selectors.normdefinities(user=user, kader=kader)}
    uit = []
    for r in woonruimte_selectors.indicatorresultaten(
        user=user, kader=kader, jaar=peilmoment.jaar, stand=stand
    ):
        periode = str(r["periode"])
        if r["indicator"] in VERDUURZAMING_INDICATOREN and periode > einde.isoformat():
            continue  # a label count after the peilmoment
        uitkomst = r["uitkomst"]
        if r["indicator"] in VERDUURZAMING_INDICATOREN:
            peildatum = date.fromisoformat(periode)
            periode = f"{peildatum.day} {MAANDEN[peildatum.month - 1]} {peildatum.year}"
        uit.append(
            Indicatorregel(
                indicator=r["indicator"],
                naam=INDICATOR_NAMEN.get(r["indicator"], r["indicator"]),
                onderwerp=str(r["onderwerp"]),
                periode=HALFJAREN.get(periode, periode),
                waarde=r["waarde"],
                grens=r["grens"],
                is_aandeel=r["indicator"] not in AANTAL_INDICATOREN,
                uitkomst=str(Uitkomst(uitkomst).label) if uitkomst else "",
                teller=r["teller"],
                noemer=r["noemer"],
                onderdrukt=bool(r["onderdrukt"]),
                onderdrukt_als=r.get("onderdrukt_als") or "",
                norm=norm_namen.get(r.get("norm") or "", ""),
            )
        )
    return uit


def _besluiten(*, user, kader, peilmoment: Peilmoment, vorig: Peilmoment | None):
    vanaf = vorig.deadline if vorig is not None else None
    lijst = [
        b
        for b in overleg_selectors.besluiten(user=user, kader=kader)
        if b.overleg.datum <= peilmoment.deadline and (vanaf is None or b.overleg.datum > vanaf)
    ]
    lijst.sort(key=lambda b: (b.overleg.datum, b.overleg_id, b.nummer))
    return [
        Besluitregel(
            datum=b.overleg.datum,
            overleg=str(b.overleg.overlegvorm.naam) if b.overleg.overlegvorm_id else str(b.overleg),
            nummer=b.nummer,
            tekst=b.tekst,
            openbaar=b.openbaar,
        )
        for b in lijst
    ], vanaf


def rapportinhoud(*, kader_slug: str, peilmoment_code: str, variant: str) -> Rapportinhoud:
    """The report of one closed peilmoment; RapportFout (Dutch) when it cannot be made."""
    kader, peilmoment, user = zoek_peilmoment(
        kader_slug=kader_slug, peilmoment_code=peilmoment_code, variant=variant
    )
    jaarschijf = peilmoment.jaarschijf
    einde = _einde(peilmoment)

    themas = jaarschijf_selectors.standen(jaarschijf=jaarschijf, peilmoment=peilmoment, user=user)
    meldingen = jaarschijf_selectors.meldingen(peilmoment)
    vorig = jaarschijf_selectors.vorig_peilmoment(user=user, peilmoment=peilmoment)
    verschil = (
        jaarschijf_selectors.vergelijking(van=vorig, naar=peilmoment) if vorig is not None else None
    )
    wijzigingen, nieuw = [], []
    if verschil is not None:
        wijzigingen = [
            Wijziging(
                a.code,
                a.titel,
                str(VoortgangStatus(was).label),
                str(VoortgangStatus(nu).label),
            )
            for a, was, nu in verschil.gewijzigd
        ]
        nieuw = [
            Wijziging(a.code, a.titel, "", str(VoortgangStatus(nu).label))
            for a, nu in verschil.nieuw
        ]
    ongedekt = jaarschijf_selectors.ongedekt_uit_standen(jaarschijf=jaarschijf, themas=themas)
    achterstallig = jaarschijf_selectors.achterstallig(
        kader=kader, vandaag=einde + timedelta(days=1), user=user, tot=peilmoment
    )
    adviezen = (
        Advies.objects.visible_to(user)
        .filter(peilmoment=peilmoment)
        .select_related("organisatie")
        .order_by("organisatie__naam")
    )
    planmonitor, plan_context = _planmonitor(user=user, kader=kader, einde=einde)
    normuitkomsten = _normen(
        user=user, kader=kader, plan_context=plan_context, peilmoment=peilmoment, einde=einde
    )
    besluiten, vanaf = _besluiten(user=user, kader=kader, peilmoment=peilmoment, vorig=vorig)
    return Rapportinhoud(
        kader=kader.titel,
        kader_slug=kader.slug,
        gemeente=kader.gemeente.naam,
        peilmoment=peilmoment.naam,
        peilmoment_code=peilmoment.code,
        jaar=peilmoment.jaar,
        deadline=peilmoment.deadline,
        gesloten_op=peilmoment.gesloten_op,
        variant=variant,
        gemaakt_op=timezone.now(),
        vorig_peilmoment=vorig.naam if vorig is not None else "",
        themastanden=_themastanden(themas),
        wijzigingen=wijzigingen,
        nieuw=nieuw,
        normtellingen=_normtellingen(normuitkomsten),
        themas=_themablokken(themas, meldingen),
        achterstallig=[
            Achterstandregel(
                a.afspraak.nummer, schoon(a.afspraak.tekst), a.deadline, a.activiteiten
            )
            for a in achterstallig
        ],
        ongedekt=[
            Ongedektregel(
                r.afspraak.nummer,
                schoon(r.afspraak.tekst),
                r.acceptatie is not None,
                r.acceptatie.reden if r.acceptatie is not None else "",
            )
            for r in ongedekt
        ],
        adviezen=[Adviesregel(a.organisatie.naam, a.tekst, a.uitgebracht_op) for a in adviezen],
        planmonitor=planmonitor,
        normen=[
            Normregel(
                code=u.norm_code,
                naam=u.norm_naam,
                bron=u.bron,
                onderwerp=u.onderwerp_label,
                uitkomst=u.uitkomst_label,
                uitkomst_code=u.uitkomst,
                waarde=u.waarde,
                grens=u.grens,
                eenheid=u.eenheid,
                uitleg=u.uitleg,
                informatief=u.informatief,
            )
            for u in normuitkomsten
        ],
        indicatoren=_indicatoren(user=user, kader=kader, peilmoment=peilmoment, einde=einde),
        besluiten=besluiten,
        besluiten_vanaf=vanaf,
    )
