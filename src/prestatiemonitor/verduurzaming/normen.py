"""The verduurzaming norms (thema 3): the E, F and G labels gone by a target date, judged
per corporation at every peildatum against a straight path from its first opname to zero.
Registered with the normen app (context "verduurzaming": the label counts of the kader).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.urls import reverse

from prestatiemonitor.normen.constants import Uitkomst
from prestatiemonitor.normen.evaluatie import Bron, registreer, registreer_context, uitkomst
from prestatiemonitor.woonruimte.indicatoren import openbaar_aantal

from .selectors import LabelTelling

CONTEXT = "verduurzaming"
KLEIN = 5


@dataclass
class LabelContext:
    kader: object
    tellingen: list[LabelTelling]
    openbaar: bool


def bouw_context(kader, *, user=None, **_) -> LabelContext:
    from prestatiemonitor.jaarschijven.permissions import ziet_lopend
    from prestatiemonitor.organisaties.permissions import SYSTEEM

    from .selectors import labeltellingen

    user = user if user is not None else SYSTEEM
    return LabelContext(
        kader=kader,
        tellingen=labeltellingen(user=user, kader=kader),
        openbaar=not ziet_lopend(user, kader),
    )


registreer_context(CONTEXT, bouw_context)


@dataclass(frozen=True)
class Pad:
    """The straight path from the first opname's E/F/G count to zero at ``doel``."""

    start: datetime.date
    aantal: int
    doel: datetime.date

    def toegestaan(self, peildatum: datetime.date) -> Fraction:
        if peildatum >= self.doel:
            return Fraction(0)
        if peildatum <= self.start:
            return Fraction(self.aantal)
        return Fraction(self.aantal * (self.doel - peildatum).days, (self.doel - self.start).days)


def paden(tellingen: list[LabelTelling], doel: datetime.date) -> dict[int, Pad]:
    """Per corporation: its path, starting at its earliest opname."""
    uit: dict[int, Pad] = {}
    for t in sorted(tellingen, key=lambda t: t.opname.peildatum):
        uit.setdefault(t.opname.corporatie_id, Pad(t.opname.peildatum, t.efg, doel))
    return uit


def woningen_url(kader, **filters) -> str:
    from urllib.parse import urlencode

    basis = reverse("verduurzaming:woningen", args=[kader.slug])
    return basis + "?" + urlencode(filters)


@registreer(
    "labels_efg",
    context=CONTEXT,
    omschrijving="Woningen met energielabel E, F of G per corporatie per peildatum, tegen een "
    "rechte lijn van de eerste opname naar nul op de doeldatum: voldoet op of onder de lijn, "
    "waarschuwing erboven, voldoet niet als er op of na de doeldatum nog zijn. Parameter: "
    "doeldatum (JJJJ-MM-DD, standaard 2027-12-31).",
)
def labels_efg(norm, ctx: LabelContext):
    doel = datetime.date.fromisoformat(str(norm.parameters.get("doeldatum", "2027-12-31")))
    per_corporatie = paden(ctx.tellingen, doel)
    uit = []
    for t in ctx.tellingen:
        o = t.opname
        pad = per_corporatie[o.corporatie_id]
        mag = pad.toegestaan(o.peildatum)
        if o.peildatum >= doel:
            oordeel = Uitkomst.VOLDOET if t.efg == 0 else Uitkomst.VOLDOET_NIET
        else:
            oordeel = Uitkomst.VOLDOET if t.efg <= mag else Uitkomst.WAARSCHUWING
        naam = o.corporatie.korte_naam or o.corporatie.naam
        onderdrukt = ctx.openbaar and min(t.e, t.f, t.g) < KLEIN
        efg = (
            "niet getoond (kleine aantallen)"
            if onderdrukt
            else openbaar_aantal(t.efg, ctx.openbaar)
        )
        grens = Decimal(mag.numerator) / Decimal(mag.denominator)
        pad_tekst = (
            f"op de lijn naar nul op {doel:%d-%m-%Y} (vanaf {pad.aantal} op "
            f"{pad.start:%d-%m-%Y}) mogen het er {grens.quantize(Decimal('1'))} zijn."
        )
        if ctx.openbaar and (onderdrukt or pad.aantal < KLEIN):
            # The path's numbers would give the small counts away.
            pad_tekst = f"de lijn loopt naar nul op {doel:%d-%m-%Y}."
        uit.append(
            uitkomst(
                norm,
                onderwerp=f"{o.peildatum.isoformat()} {naam}",
                onderwerp_label=f"{naam} {o.peildatum:%d-%m-%Y}",
                uitkomst=oordeel,
                waarde=None if onderdrukt else t.efg,
                grens=None
                if ctx.openbaar and (onderdrukt or pad.aantal < KLEIN)
                else grens.quantize(Decimal("1")),
                eenheid="woningen",
                uitleg=(
                    f"{naam} op {o.peildatum:%d-%m-%Y}: {efg} van "
                    f"{openbaar_aantal(t.totaal, ctx.openbaar)} woningen met label E, F of G; {pad_tekst}"
                ),
                bronnen=(
                    ()
                    if ctx.openbaar
                    else (
                        Bron(
                            "De woningen met E, F of G",
                            woningen_url(
                                ctx.kader,
                                corporatie=naam,
                                peildatum=o.peildatum.isoformat(),
                                label="efg",
                            ),
                        ),
                    )
                ),
            )
        )
    return uit
