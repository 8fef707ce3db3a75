"""Search over one kader: afspraken, ambities, begrippen, tekstblokken and themes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from ..models import Afspraak, Afsprakenkader, Ambitie, Begrip, BegripOnderdeel, Tekstblok, Thema
from ._gedeeld import afspraken_met_partijen


def zoekwoorden(q: str) -> list[str]:
    """The words of a query: split on white space, quotes keep phrases together, max 10."""
    woorden: list[str] = []
    for frase, woord in re.findall(r'"([^"]+)"|(\S+)', q or ""):
        term = (frase or woord).strip().strip('"')
        if term and term.lower() not in (w.lower() for w in woorden):
            woorden.append(term)
    return woorden[:10]


def _alle_woorden(velden: list[str], woorden: list[str]) -> Q:
    """Every word must occur (case-insensitively) in at least one of the fields."""
    q = Q()
    for woord in woorden:
        per_woord = Q()
        for veld in velden:
            per_woord |= Q(**{f"{veld}__icontains": woord})
        q &= per_woord
    return q


@dataclass
class Zoekresultaten:
    woorden: list[str]
    afspraken: list[Afspraak] = field(default_factory=list)
    ambities: list[Ambitie] = field(default_factory=list)
    begrippen: list[Begrip] = field(default_factory=list)
    tekstblokken: list[Tekstblok] = field(default_factory=list)
    themas: list[Thema] = field(default_factory=list)

    @property
    def aantal(self) -> int:
        return (
            len(self.afspraken)
            + len(self.ambities)
            + len(self.begrippen)
            + len(self.tekstblokken)
            + len(self.themas)
        )

    @property
    def afgekapt(self) -> bool:
        """Whether a group hit the maximum and more results exist than are shown."""
        groepen = (self.afspraken, self.ambities, self.begrippen, self.tekstblokken, self.themas)
        return any(len(g) >= ZOEK_MAX_PER_GROEP for g in groepen)


ZOEK_MAX_PER_GROEP = 100


def zoek(*, user, kader: Afsprakenkader, q: str) -> Zoekresultaten:
    """Full-text search over the kader: afspraken, ambities, begrippen, tekstblokken and themes.

    Case-insensitive; several words must all occur (each in any of the record's fields).
    Plain ``icontains`` so that it works the same on SQLite and PostgreSQL.
    """
    woorden = zoekwoorden(q)
    resultaten = Zoekresultaten(woorden=woorden)
    if not woorden:
        return resultaten
    n = ZOEK_MAX_PER_GROEP
    resultaten.afspraken = list(
        afspraken_met_partijen(user)
        .filter(kader=kader)
        .filter(_alle_woorden(["tekst", "nummer"], woorden))
        .order_by("soort", "volgorde", "id")[:n]
    )
    resultaten.ambities = list(
        Ambitie.objects.visible_to(user)
        .filter(thema__kader=kader)
        .filter(_alle_woorden(["tekst"], woorden))
        .select_related("thema")
        .order_by("thema__nummer", "volgorde")[:n]
    )
    begrip_match = _alle_woorden(
        ["term", "definitie", "onderdelen__omschrijving", "onderdelen__code"], woorden
    )
    begrip_ids = (
        Begrip.objects.visible_to(user).filter(kader=kader).filter(begrip_match).values("pk")
    )
    resultaten.begrippen = list(
        Begrip.objects.filter(pk__in=begrip_ids)
        .prefetch_related(
            Prefetch("onderdelen", queryset=BegripOnderdeel.objects.order_by("volgorde"))
        )
        .order_by("volgorde", "term")[:n]
    )
    resultaten.tekstblokken = list(
        Tekstblok.objects.visible_to(user)
        .filter(kader=kader)
        .filter(_alle_woorden(["titel", "tekst"], woorden))
        .select_related("thema")[:n]
    )
    resultaten.themas = list(
        Thema.objects.visible_to(user)
        .filter(kader=kader)
        .filter(_alle_woorden(["titel", "opgave", "doel"], woorden))[:n]
    )
    return resultaten
