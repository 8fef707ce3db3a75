"""Template helpers for the register pages: search highlighting and begrip links.

Everything here escapes the text first and only then adds its own markup, so that text from an
imported document can never inject HTML.
"""

import re
from collections.abc import Iterable

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _spans(tekst: str, woorden: Iterable[str]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) of every case-insensitive occurrence of any word."""
    spans: list[tuple[int, int]] = []
    for woord in sorted({w for w in woorden if w}, key=len, reverse=True):
        for m in re.finditer(re.escape(woord), tekst, flags=re.IGNORECASE):
            if not any(m.start() < e and s < m.end() for s, e in spans):
                spans.append((m.start(), m.end()))
    return sorted(spans)


def _render(tekst: str, spans: list[tuple[int, int]], opmaak) -> str:
    delen, positie = [], 0
    for start, eind in spans:
        delen.append(escape(tekst[positie:start]))
        delen.append(opmaak(start, eind))
        positie = eind
    delen.append(escape(tekst[positie:]))
    return "".join(delen)


def _regels(html: str) -> str:
    return html.replace("\r\n", "\n").replace("\n", "<br>")


@register.filter
def markeer(tekst, woorden) -> SafeString:
    """Escape ``tekst`` and wrap each occurrence of the search words in <mark>."""
    tekst = "" if tekst is None else str(tekst)
    spans = _spans(tekst, woorden or [])
    html = _render(
        tekst,
        spans,
        lambda s, e: format_html('<mark class="utrecht-mark">{}</mark>', tekst[s:e]),
    )
    return mark_safe(_regels(html))  # noqa: S308 — every piece was escaped above


@register.filter
def uittreksel(tekst, woorden, lengte: int = 320) -> SafeString:
    """A highlighted excerpt of about ``lengte`` characters around the first match."""
    tekst = "" if tekst is None else str(tekst)
    lengte = int(lengte)
    if len(tekst) <= lengte:
        return markeer(tekst, woorden)
    spans = _spans(tekst, woorden or [])
    begin = max(0, spans[0][0] - lengte // 3) if spans else 0
    if begin:
        spatie = tekst.find(" ", begin)
        begin = spatie + 1 if 0 <= spatie < begin + 30 else begin
    eind = min(len(tekst), begin + lengte)
    if eind < len(tekst):
        spatie = tekst.rfind(" ", begin, eind)
        eind = spatie if spatie > begin + lengte // 2 else eind
    stuk = tekst[begin:eind]
    voor = "… " if begin else ""
    na = " …" if eind < len(tekst) else ""
    return mark_safe(voor + markeer(stuk, woorden) + na)  # noqa: S308 — markeer escapes


@register.simple_tag
def tekst_met_begrippen(tekst, begrippen, kader) -> SafeString:
    """Escape ``tekst`` and link the first occurrence of each begrip (its term or search words)
    to the begrip's page."""
    tekst = "" if tekst is None else str(tekst)
    termen: list[tuple[str, object]] = []
    for begrip in begrippen or []:
        woorden = [str(w) for w in (begrip.zoektermen or []) if w] or [begrip.term]
        for woord in woorden:
            termen.append((woord, begrip))
    spans: list[tuple[int, int, object]] = []
    gelinkt = set()
    for woord, begrip in sorted(termen, key=lambda t: len(t[0]), reverse=True):
        if begrip.pk in gelinkt:
            continue
        patroon = r"(?<!\w)" + re.escape(woord) + r"(?!\w)"
        for m in re.finditer(patroon, tekst, flags=re.IGNORECASE):
            if not any(m.start() < e and s < m.end() for s, e, _ in spans):
                spans.append((m.start(), m.end(), begrip))
                gelinkt.add(begrip.pk)
                break
    spans.sort(key=lambda s: s[0])
    slug = getattr(kader, "slug", kader)
    per_start = {s: b for s, _, b in spans}

    def link(start, eind):
        begrip = per_start[start]
        url = reverse("afspraken:begrip", args=[slug, begrip.slug])
        return format_html(
            '<a class="utrecht-link begrip-link" href="{}" title="Begrip: {}">{}</a>',
            url,
            begrip.term,
            tekst[start:eind],
        )

    html = _render(tekst, [(s, e) for s, e, _ in spans], link)
    return mark_safe(_regels(html))  # noqa: S308 — every piece was escaped above


@register.filter
def afspraak_url(afspraak, kader) -> str:
    """URL of an afspraak or systematiek item."""
    slug = getattr(kader, "slug", kader)
    naam = "afspraken:systematiek" if afspraak.soort == "systematiek" else "afspraken:afspraak"
    return reverse(naam, args=[slug, afspraak.nummer])


@register.filter
def is_getal(waarde) -> bool:
    return isinstance(waarde, int | float) and not isinstance(waarde, bool)


@register.filter
def schoon(tekst) -> str:
    """Text of a table heading from the document, without leftover tags (e.g. ``<br>``)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]*>", " ", str(tekst or ""))).strip()


_HERKENNING = {
    "genoemd": "bij naam genoemd",
    "groep": "via een groepsnaam",
    "handmatig": "handmatig toegevoegd",
    "trekker": "als trekker genoemd",
}


@register.filter
def herkenning(link) -> str:
    """How a party was recognised in an afspraak, in words."""
    from prestatiemonitor.afspraken.constants import PartijHerkenning

    labels = {**{k: str(v) for k, v in PartijHerkenning.choices}, **_HERKENNING}
    return labels.get(link.herkenning, link.herkenning)


@register.filter
def heeft_codes(onderdelen) -> bool:
    """Whether any sub-item of a begrip has a code (1A, 2B, ...), i.e. needs a code column."""
    return any(getattr(o, "code", "") for o in onderdelen or [])


_OPSOMMING = re.compile(r"^\s*(?:[-•*]|\d+[.)])\s+")


@register.filter
def tekstopmaak(tekst) -> SafeString:
    """Plain document text as HTML: blank lines separate paragraphs, and consecutive lines that
    start with '- ' (or '• ', '1. ') become a list. Everything is escaped."""
    delen: list[str] = []
    for blok in re.split(r"\n\s*\n", str(tekst or "").replace("\r\n", "\n").strip()):
        regels = [r.strip() for r in blok.split("\n") if r.strip()]
        groepen: list[tuple[bool, list[str]]] = []
        for regel in regels:
            is_punt = bool(_OPSOMMING.match(regel))
            if groepen and groepen[-1][0] == is_punt:
                groepen[-1][1].append(regel)
            else:
                groepen.append((is_punt, [regel]))
        for is_punt, groep in groepen:
            if is_punt:
                items = "".join(
                    format_html(
                        '<li class="utrecht-unordered-list__item">{}</li>',
                        _OPSOMMING.sub("", r, count=1),
                    )
                    for r in groep
                )
                delen.append(f'<ul class="utrecht-unordered-list">{items}</ul>')
            else:
                html = "<br>".join(str(escape(r)) for r in groep)
                delen.append(f'<p class="utrecht-paragraph">{html}</p>')
    return mark_safe("".join(delen))  # noqa: S308 — every piece was escaped above


@register.simple_tag(takes_context=True)
def wie(context, user) -> str:
    """Who made a change, as the viewer may see it: the rule is
    ``afspraken.permissions.actor_label`` (the public sees the organisation, not the person)."""
    from prestatiemonitor.afspraken.permissions import actor_label

    return actor_label(context.get("user"), user, context.get("kader"))
