"""Template helpers for the register pages: search highlighting, begrip links, and the
shared display formatting (numbers, money, dates, document text) from ``weergave``.

Everything here escapes the text first and only then adds its own markup, so that text from an
imported document can never inject HTML.
"""

import html
import re
from collections.abc import Iterable

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from prestatiemonitor.afspraken import weergave

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


_TAG = re.compile(r"(<[^>]+>)")


@register.simple_tag
def tekst_met_begrippen(tekst, begrippen, kader) -> SafeString:
    """Document text as HTML (see ``tekstopmaak``: paragraphs, nested lists), with the first
    occurrence of each begrip (its term or search words) linked to the begrip's page.

    Only the text between tags is searched, and every piece of it is escaped again, so the
    links never break or inject markup."""
    termen: list[tuple[str, object]] = []
    for begrip in begrippen or []:
        woorden = [str(w) for w in (begrip.zoektermen or []) if w] or [begrip.term]
        for woord in woorden:
            termen.append((woord, begrip))
    termen.sort(key=lambda t: len(t[0]), reverse=True)
    slug = getattr(kader, "slug", kader)
    gelinkt: set = set()
    delen: list[str] = []
    in_link = 0
    for deel in _TAG.split(str(weergave.opgemaakte_tekst(tekst))):
        if deel.startswith("<"):
            if deel.startswith("<a "):
                in_link += 1
            elif deel == "</a>":
                in_link -= 1
            delen.append(deel)
        elif deel and not in_link:
            delen.append(_link_begrippen(html.unescape(deel), termen, gelinkt, slug))
        else:
            delen.append(deel)
    return mark_safe("".join(delen))  # noqa: S308 — nh3-cleaned tags, escaped text


def _link_begrippen(tekst: str, termen, gelinkt: set, slug: str) -> str:
    """Escaped ``tekst`` with a link on the first occurrence of each begrip not yet linked."""
    spans: list[tuple[int, int, object]] = []
    for woord, begrip in termen:
        if begrip.pk in gelinkt:
            continue
        patroon = r"(?<!\w)" + re.escape(woord) + r"(?!\w)"
        for m in re.finditer(patroon, tekst, flags=re.IGNORECASE):
            if not any(m.start() < e and s < m.end() for s, e, _ in spans):
                spans.append((m.start(), m.end(), begrip))
                gelinkt.add(begrip.pk)
                break
    spans.sort(key=lambda s: s[0])
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

    return _render(tekst, [(s, e) for s, e, _ in spans], link)


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


@register.filter
def tekstopmaak(tekst) -> SafeString:
    """Document text as HTML: CommonMark (raw HTML disabled) cleaned by nh3, so paragraphs,
    emphasis and nested bullet lists render as the document meant them."""
    return weergave.opgemaakte_tekst(tekst)


@register.filter
def getal(waarde, decimalen=None) -> str:
    """A number in Dutch notation through Django's localisation: 1234 → 1.234, 12.5 → 12,5."""
    return weergave.getal(waarde, None if decimalen in (None, "") else int(decimalen))


@register.filter
def bedrag(waarde) -> str:
    """An amount in euros: 1234.5 → € 1.234,50."""
    return weergave.bedrag(waarde)


@register.filter
def datum(waarde, formaat="j F Y") -> str:
    """A date in Dutch: 28 januari 2025."""
    return weergave.datum(waarde, formaat)


@register.filter
def met_kolommen(cellen, kolommen) -> list[tuple[str, object]]:
    """Pairs (column name, cell), so that every cell can carry its column name (data-label)
    for the stacked table on a phone. Cells beyond the named columns get 'kolom N'."""
    kolommen = list(kolommen or [])
    return [
        (kolommen[i] if i < len(kolommen) else f"kolom {i + 1}", cel)
        for i, cel in enumerate(cellen or [])
    ]


@register.simple_tag(takes_context=True)
def wie(context, user) -> str:
    """Who made a change, as the viewer may see it: the rule is
    ``afspraken.permissions.actor_label`` (the public sees the organisation, not the person)."""
    from prestatiemonitor.afspraken.permissions import actor_label

    return actor_label(context.get("user"), user, context.get("kader"))
