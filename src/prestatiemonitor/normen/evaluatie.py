"""Evaluating norms: a registry of evaluators, one result type, exceptions applied once.

A module that owns data registers, per ``soort`` of norm, an evaluator and the *context* it
needs (the planmonitor registers its norms in ``planmonitor/normen.py`` with the context
"planmonitor": the prognosis facts of a kader). ``evalueer`` builds each needed context once,
runs every active norm of the kader, and applies the recorded exceptions: a result that does
not meet its norm and has a valid ``Normuitzondering`` for its subject becomes *afwijking*
with the reason in its sentence. Evaluators never see exceptions and never decide them.

Evaluators are pure functions of (norm, context): they do not query beyond what the context
holds, so the same evaluator judges the live data, a frozen review round and a what-if
scenario alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from .constants import ERNST, Uitkomst


@dataclass(frozen=True)
class Bron:
    """A link to the records behind a result (a project, a drill-down of a table cell)."""

    label: str
    url: str = ""


@dataclass(frozen=True)
class Normuitkomst:
    norm_code: str
    norm_naam: str
    afspraak: str  # "3", or "" for an ambitie / regional norm (see ``bron``)
    bron: str  # "Afspraak 3" or "Thema 1, gezamenlijke ambitie"
    onderwerp: str  # projectcode, year or party short name (the key of an exception)
    onderwerp_label: str
    uitkomst: str
    waarde: Decimal | int | None
    grens: Decimal | int | None
    eenheid: str  # "%" or "woningen"
    uitleg: str
    informatief: bool = False
    bronnen: tuple[Bron, ...] = field(default=())
    uitzondering: Any = None  # the Normuitzondering that turned it into "afwijking"

    @property
    def uitkomst_label(self) -> str:
        return Uitkomst(self.uitkomst).label

    @property
    def ernst(self) -> int:
        return ERNST[Uitkomst(self.uitkomst)]


Evaluator = Callable[[Any, Any], list[Normuitkomst]]


@dataclass(frozen=True)
class Registratie:
    soort: str
    context: str
    evaluator: Evaluator
    omschrijving: str


EVALUATOREN: dict[str, Registratie] = {}
CONTEXTEN: dict[str, Callable[..., Any]] = {}


def registreer(soort: str, *, context: str, omschrijving: str) -> Callable[[Evaluator], Evaluator]:
    def decorator(func: Evaluator) -> Evaluator:
        EVALUATOREN[soort] = Registratie(soort, context, func, omschrijving)
        return func

    return decorator


def registreer_context(naam: str, bouwer: Callable[..., Any]) -> None:
    """``bouwer(kader, **opties)`` returns the context object evaluators of ``naam`` read."""
    CONTEXTEN[naam] = bouwer


def _met_uitzondering(uitkomst: Normuitkomst, uitzondering) -> Normuitkomst:
    if uitzondering is None or uitkomst.uitkomst == Uitkomst.VOLDOET:
        return uitkomst
    return replace(
        uitkomst,
        uitkomst=Uitkomst.AFWIJKING,
        uitleg=(
            f"{uitkomst.uitleg} Afwijking vastgelegd ({uitzondering.besluit}, "
            f"{uitzondering.besloten_op:%d-%m-%Y}): {uitzondering.reden}"
        ),
        uitzondering=uitzondering,
    )


def evalueer(
    normen: Iterable,
    *,
    kader,
    contexten: dict[str, Any] | None = None,
    uitzonderingen: Iterable = (),
    **opties,
) -> list[Normuitkomst]:
    """Run every norm on its context; ``contexten`` may hold prebuilt ones (a scenario)."""
    contexten = dict(contexten or {})
    per_onderwerp = {(u.norm_id, u.onderwerp): u for u in uitzonderingen}
    uitkomsten: list[Normuitkomst] = []
    for norm in normen:
        registratie = EVALUATOREN.get(norm.soort)
        if registratie is None:
            continue
        if registratie.context not in contexten:
            contexten[registratie.context] = CONTEXTEN[registratie.context](kader, **opties)
        for uitkomst in registratie.evaluator(norm, contexten[registratie.context]):
            uitkomsten.append(
                _met_uitzondering(uitkomst, per_onderwerp.get((norm.pk, uitkomst.onderwerp)))
            )
    return uitkomsten


def uitkomst(
    norm, *, onderwerp: str, onderwerp_label: str = "", uitkomst: str, **kwargs
) -> Normuitkomst:
    """Build a result for ``norm`` (the evaluators' shorthand)."""
    afspraak = norm.afspraak.nummer if norm.afspraak_id else ""
    return Normuitkomst(
        norm_code=norm.code,
        norm_naam=norm.naam,
        afspraak=afspraak,
        bron=norm.bron_label,
        onderwerp=onderwerp,
        onderwerp_label=onderwerp_label or onderwerp,
        uitkomst=uitkomst,
        informatief=norm.informatief,
        **kwargs,
    )


def samenvatting(uitkomsten: Iterable[Normuitkomst]) -> dict[str, int]:
    """Count per outcome, in a fixed order (for the overview and the report)."""
    telling = {u.value: 0 for u in Uitkomst}
    for u in uitkomsten:
        telling[u.uitkomst] += 1
    return telling


def percentage(
    deel: int | Decimal, geheel: int | Decimal, *, afronding: str = ROUND_HALF_EVEN
) -> Decimal | None:
    """deel / geheel in percent, one decimal, or None when the whole is zero.

    A norm "at least N %" rounds down (``ROUND_FLOOR``) so that the figure shown never reaches
    the threshold when the exact share does not (50 of 143 is 34.97 %: shown 34,9, not 35,0).
    """
    if not geheel:
        return None
    return (Decimal(deel) * 100 / Decimal(geheel)).quantize(Decimal("0.1"), rounding=afronding)


def ten_minste(deel: int | Decimal, geheel: int | Decimal, minimum_pct: Decimal) -> bool:
    """Whether deel is at least ``minimum_pct`` % of geheel, exactly (no rounding)."""
    return bool(geheel) and Decimal(deel) * 100 >= Decimal(minimum_pct) * Decimal(geheel)
