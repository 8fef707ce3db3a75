"""Footnotes under the record they annotate, with a link from the marker in its text.

The importer keeps a footnote marker where it stood as ``[^2]`` (see docs/importeren.md).
``{% voetnoten_bij kader record as noten %}`` gives the footnotes of one afspraak, ambitie,
tabel or tekstblok; ``{{ html|voetnootlinks:noten }}`` turns the markers in already rendered
text into links to them; ``afspraken/_voetnoten.html`` lists them. All footnotes of a kader are
read in one query per page (cached on the kader instance).
"""

import re
from dataclasses import dataclass, field

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from ..models import Afspraak, Ambitie, Tabel, Tekstblok, Voetnoot

register = template.Library()

_MARKER = re.compile(r"\[\^(\d{1,3})\]")
_SOORT = {Afspraak: "afspraak", Ambitie: "ambitie", Tabel: "tabel", Tekstblok: "tekstblok"}


@dataclass(frozen=True)
class Noot:
    nummer: str
    tekst: str
    anker: str  # id of the footnote under this record
    ref: str  # id of the marker in this record's text


@dataclass
class NotenBij:
    """The footnotes of one record, in the order of the document."""

    prefix: str
    noten: list[Noot] = field(default_factory=list)

    def __iter__(self):
        return iter(self.noten)

    def __len__(self) -> int:
        return len(self.noten)

    def __bool__(self) -> bool:
        return bool(self.noten)

    def by_nummer(self, nummer: str) -> Noot | None:
        return next((n for n in self.noten if n.nummer == nummer), None)


def _index(kader) -> dict[tuple[str, int], list[tuple[int, str, str]]]:
    cached = getattr(kader, "_voetnoot_index", None)
    if cached is not None:
        return cached
    index: dict[tuple[str, int], list[tuple[int, str, str]]] = {}
    rows = Voetnoot.objects.filter(kader=kader).values_list(
        "volgorde", "id", "nummer", "tekst", "afspraken", "ambities", "tabellen", "tekstblokken"
    )
    for volgorde, pk, nummer, tekst, *anchors in rows:
        for soort, record_pk in zip(
            ("afspraak", "ambitie", "tabel", "tekstblok"), anchors, strict=True
        ):
            if record_pk is None:
                continue
            entry = ((volgorde, pk), nummer, tekst)
            bucket = index.setdefault((soort, record_pk), [])
            if entry not in bucket:
                bucket.append(entry)
    for bucket in index.values():
        bucket.sort()
    kader._voetnoot_index = index
    return index


@register.simple_tag
def voetnoten_bij(kader, record) -> NotenBij:
    soort = _SOORT.get(type(record))
    if kader is None or soort is None or record.pk is None:
        return NotenBij("")
    prefix = f"{soort}-{record.pk}"
    noten = [
        Noot(nummer, tekst, f"{prefix}-voetnoot-{nummer}", f"{prefix}-ref-{nummer}")
        for _key, nummer, tekst in _index(kader).get((soort, record.pk), [])
    ]
    return NotenBij(prefix, noten)


@register.filter
def voetnootlinks(html, noten) -> SafeString:
    """'…voorzien.[^2]' → '…voorzien.<sup><a href="#…-voetnoot-2">2</a></sup>'. The input is
    escaped unless it is already safe HTML; a marker without a footnote stays a plain
    superscript number."""
    html = str(conditional_escape(html))

    def link(match: re.Match) -> str:
        nummer = match.group(1)
        noot = noten.by_nummer(nummer) if isinstance(noten, NotenBij) else None
        if noot is None:
            return str(format_html('<sup class="voetnoot-ref">{}</sup>', nummer))
        return str(
            format_html(
                '<sup class="voetnoot-ref"><a class="utrecht-link" href="#{}" id="{}" '
                'aria-label="voetnoot {}">{}</a></sup>',
                noot.anker,
                noot.ref,
                nummer,
                nummer,
            )
        )

    return mark_safe(_MARKER.sub(link, html))  # noqa: S308 - escaped above, markers are digits


@register.filter
def zonder_voetnootmarkers(tekst) -> str:
    """The text without its '[^2]' markers (for places that show no footnotes)."""
    return _MARKER.sub("", str(tekst or ""))
