"""Reading norms and their outcomes (every page, the CLI and, later, the report use this)."""

from __future__ import annotations

from typing import Any

from .evaluatie import Normuitkomst, evalueer
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
    *, user, kader, contexten: dict[str, Any] | None = None, **opties
) -> list[Normuitkomst]:
    """Every active norm of the kader evaluated, exceptions applied.

    ``opties`` go to the modules' context builders (the planmonitor takes ``bron`` — live or a
    round — and ``periode``); ``contexten`` passes prebuilt contexts (a what-if scenario).
    """
    return evalueer(
        normdefinities(user=user, kader=kader),
        kader=kader,
        contexten=contexten,
        uitzonderingen=uitzonderingen(user=user, kader=kader),
        **opties,
    )
