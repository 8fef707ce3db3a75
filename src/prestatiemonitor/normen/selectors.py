"""Reading norms and their outcomes (every page, the CLI and, later, the report use this)."""

from __future__ import annotations

from typing import Any

from .evaluatie import EVALUATOREN, Normuitkomst, evalueer
from .models import Normdefinitie, Normuitzondering


def normdefinities(*, user, kader):
    return (
        Normdefinitie.objects.visible_to(user)
        .filter(kader=kader, actief=True)
        .select_related("afspraak")
        .order_by("volgorde", "code")
    )


def uitzonderingen(*, user, kader):
    return (
        Normuitzondering.objects.visible_to(user)
        .geldig()
        .filter(norm__kader=kader)
        .select_related("norm", "vastgelegd_door")
    )


def normuitkomsten(
    *,
    user,
    kader,
    contexten: dict[str, Any] | None = None,
    alleen: tuple[str, ...] | None = None,
    **opties,
) -> list[Normuitkomst]:
    """Every active norm of the kader evaluated, exceptions applied.

    ``opties`` go to the modules' context builders with the ``user`` (the planmonitor takes
    ``bron`` — live or a round — and ``periode``; woonruimte and verduurzaming show the public
    only published periods, small numbers suppressed); ``alleen``: only the norms of these
    contexts (the planmonitor's pages judge their own norms, not the lettings). ``contexten`` passes prebuilt contexts (a what-if scenario).
    """
    normen = normdefinities(user=user, kader=kader)
    if alleen is not None:
        normen = [
            n for n in normen if n.soort in EVALUATOREN and EVALUATOREN[n.soort].context in alleen
        ]
    return evalueer(
        normen,
        kader=kader,
        contexten=contexten,
        uitzonderingen=uitzonderingen(user=user, kader=kader),
        user=user,
        **opties,
    )
