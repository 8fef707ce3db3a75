"""Display formatting shared by pages, messages and exports: numbers, money, dates and texts.

Numbers and dates go through Django's localisation (the ``nl`` locale with
``USE_THOUSAND_SEPARATOR``), so that there is one notation everywhere: 1.234, 12,5, € 1.234,50,
28 januari 2025. Texts from a document are rendered as CommonMark with HTML disabled and then
cleaned by nh3, so that a document can never inject markup.
"""

import datetime
import re
from decimal import Decimal
from functools import cache

import nh3
from django.conf import settings
from django.utils import formats, translation
from django.utils.safestring import SafeString, mark_safe

__all__ = ["bedrag", "datum", "getal", "opgemaakte_tekst"]


def _is_getal(waarde) -> bool:
    return isinstance(waarde, int | float | Decimal) and not isinstance(waarde, bool)


def getal(waarde, decimalen: int | None = None) -> str:
    """A number in Dutch notation: 1234 → '1.234', -6 → '-6', 12.5 → '12,5', 1234.0 → '1.234'.

    Whole numbers lose their '.0'; other numbers keep at most ``decimalen`` decimals (all of
    them when None, up to six). Anything that is not a number is returned as text."""
    if not _is_getal(waarde):
        return "" if waarde is None else str(waarde)
    if isinstance(waarde, float) and waarde.is_integer():
        waarde = int(waarde)
    elif isinstance(waarde, float):
        waarde = round(waarde, 6 if decimalen is None else decimalen)
    elif isinstance(waarde, Decimal) and waarde == waarde.to_integral_value():
        waarde = int(waarde)
    with translation.override(settings.LANGUAGE_CODE):
        return formats.number_format(
            waarde, decimal_pos=decimalen if not isinstance(waarde, int) else None, use_l10n=True
        )


def bedrag(waarde) -> str:
    """An amount of money in euros: 1234.5 → '€ 1.234,50'; whole amounts without cents
    (2000 → '€ 2.000')."""
    if not _is_getal(waarde):
        return "" if waarde is None else str(waarde)
    heel = float(waarde).is_integer()
    with translation.override(settings.LANGUAGE_CODE):
        tekst = formats.number_format(
            int(waarde) if heel else waarde,
            decimal_pos=None if heel else 2,
            use_l10n=True,
            force_grouping=True,
        )
    return f"€\u00a0{tekst}"


def datum(waarde, formaat: str = "j F Y") -> str:
    """A date (or date and time) in Dutch: '28 januari 2025'; times in the site's time zone."""
    if waarde is None:
        return ""
    if isinstance(waarde, datetime.datetime) and settings.USE_TZ and waarde.tzinfo is not None:
        from django.utils import timezone

        waarde = timezone.localtime(waarde)
    with translation.override(settings.LANGUAGE_CODE):
        return formats.date_format(waarde, formaat)


@cache
def _markdown():
    from markdown_it import MarkdownIt

    # CommonMark with raw HTML switched off ('<b>' in a document stays text), a single newline
    # kept as a line break as the document's authors meant it, and tables as in GFM.
    return MarkdownIt("commonmark", {"html": False, "breaks": True}).enable("table")


_TOEGESTAAN = {
    "p",
    "br",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "code",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "a",
    "h3",
    "h4",
}

_KLASSEN = {
    "<p>": '<p class="utrecht-paragraph">',
    "<ul>": '<ul class="utrecht-unordered-list">',
    "<ol>": '<ol class="utrecht-ordered-list">',
    "<li>": '<li class="utrecht-unordered-list__item">',
}


_BOLLETJE = re.compile(r"^([ \t]*)•[ \t]+", flags=re.MULTILINE)


def opgemaakte_tekst(tekst) -> SafeString:
    """Document text (CommonMark) as safe HTML: paragraphs, nested lists, emphasis.

    Headings in a text block become at most <h3> (the page owns h1 and h2)."""
    bron = str(tekst or "").replace("\r\n", "\n").strip()
    # Word-processor bullets ('• punt') are list items too.
    bron = _BOLLETJE.sub(r"\1- ", bron)
    if not bron:
        return mark_safe("")  # noqa: S308 — empty
    html = _markdown().render(bron)
    html = html.replace("<h1>", "<h3>").replace("</h1>", "</h3>")
    html = html.replace("<h2>", "<h3>").replace("</h2>", "</h3>")
    html = html.replace("<h5>", "<h4>").replace("</h5>", "</h4>")
    html = html.replace("<h6>", "<h4>").replace("</h6>", "</h4>")
    schoon = nh3.clean(
        html,
        tags=_TOEGESTAAN,
        attributes={"a": {"href"}, "th": {"align"}, "td": {"align"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    for kaal, met_klasse in _KLASSEN.items():
        schoon = schoon.replace(kaal, met_klasse)
    return mark_safe(schoon)  # noqa: S308 — cleaned by nh3 with an allow-list
