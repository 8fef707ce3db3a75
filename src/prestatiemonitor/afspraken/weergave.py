"""Display formatting shared by pages, messages and exports: numbers, money, dates, texts, word
diffs, table checks and recorded changes.

The selectors return data (records, rows, the stored table checks); this module is the one place
that turns that data into text for a reader.

Numbers and dates go through Django's localisation (the ``nl`` locale with
``USE_THOUSAND_SEPARATOR``), so that there is one notation everywhere: 1.234, 12,5, € 1.234,50,
28 januari 2025. Texts from a document are rendered as CommonMark with HTML disabled and then
cleaned by nh3, so that a document can never inject markup.
"""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any

import nh3
from django.conf import settings
from django.utils import formats, translation
from django.utils.safestring import SafeString, mark_safe

from .constants import AfspraakSoort, ControleSoort, WijzigingActie

if TYPE_CHECKING:
    from .models import BijstellingWijziging, TabelControle

__all__ = [
    "bedrag",
    "controle_melding",
    "datum",
    "getal",
    "opgemaakte_tekst",
    "schoon",
    "wijziging_weergave",
    "woorddiff",
]


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
    elif isinstance(waarde, Decimal):
        waarde = waarde.normalize()
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


# A changed text longer than this is shown as a word diff instead of "old / new".
TEKSTDIFF_VANAF = 40


def woorddiff(oud: str, nieuw: str) -> list[tuple[str, str]]:
    """Word-level difference as (kind, text) pieces; kind is 'gelijk', 'weg' or 'erbij'."""
    a, b = re.split(r"(\s+)", oud or ""), re.split(r"(\s+)", nieuw or "")
    pieces: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(("gelijk", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("weg", "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(("erbij", "".join(b[j1:j2])))
    return pieces


def schoon(tekst: Any) -> str:
    """Printed text without leftover tags (``<br>``) and with single spaces."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", str(tekst or ""))).strip()


# --------------------------------------------------------------------------------------------
# Table checks (TabelControle rows, written by the importer)

_CONTROLE_BEREKEND: dict[str, str] = {
    ControleSoort.KOLOMTOTAAL: "som van de rijen",
    ControleSoort.SUBTOTAAL: "som van de rijen erboven",
    ControleSoort.RIJSOM: "som van de kolommen",
    ControleSoort.TOTAALRIJ: "som van de totaalrij",
}


def controle_melding(controle: TabelControle) -> str:
    """One stored table check in words, e.g. "Rij 'Totaal', kolom 'Netto toename': gedrukt 415,
    som van de totaalrij 421." """
    berekend = _CONTROLE_BEREKEND.get(controle.soort, "berekend")
    plaats = [f"Rij '{schoon(controle.rij)}'"] if controle.rij else []
    if controle.kolom:
        plaats.append(f"kolom '{schoon(controle.kolom)}'")
    voor = ", ".join(plaats)
    if voor:
        voor = voor[:1].upper() + voor[1:] + ": "
    return f"{voor}gedrukt {getal(controle.gedrukt)}, {berekend} {getal(controle.berekend)}."


# --------------------------------------------------------------------------------------------
# Changes recorded in a bijstelling (BijstellingWijziging rows)

_ONDERDEEL = {
    "afspraak": "Afspraak",
    AfspraakSoort.STRATEGISCH: "Afspraak",
    AfspraakSoort.SYSTEMATIEK: "Systematiek",
}


@dataclass
class WijzigingWeergave:
    """One BijstellingWijziging in words, for the bijstellingen and afspraak pages."""

    onderwerp: str
    actie: str
    veld: str
    oud: str | None
    nieuw: str | None
    omschrijving: str = ""
    tekstdiff: list[tuple[str, str]] | None = None


def _veld_label(onderdeel: str, veld: str) -> str:
    from .models import Afspraak

    if onderdeel in _ONDERDEEL and veld:
        try:
            return str(getattr(Afspraak._meta.get_field(veld), "verbose_name", veld))
        except Exception:  # noqa: BLE001 — a field that is not a model field (e.g. 'partijen')
            return veld
    return veld


_LIJSTVELDEN = frozenset({"partijen", "rollen"})


def wijziging_weergave(wijziging: BijstellingWijziging) -> WijzigingWeergave:
    onderdeel = wijziging.onderdeel or ""
    naam = _ONDERDEEL.get(onderdeel, onderdeel.capitalize())
    onderwerp = " ".join(x for x in (naam, wijziging.sleutel) if x)
    oud = wijziging.oud if wijziging.actie != WijzigingActie.NIEUW else None
    nieuw = wijziging.nieuw if wijziging.actie != WijzigingActie.VERWIJDERD else None
    weergave = WijzigingWeergave(
        onderwerp=onderwerp,
        actie=str(wijziging.get_actie_display()),
        veld=_veld_label(onderdeel, wijziging.veld),
        oud=oud or None,
        nieuw=nieuw or None,
    )
    # Lists of parties and roles read best as old and new; a word diff strikes their commas.
    lijst = wijziging.veld in _LIJSTVELDEN
    if oud and nieuw and not lijst and max(len(oud), len(nieuw)) > TEKSTDIFF_VANAF:
        weergave.tekstdiff = woorddiff(oud, nieuw)
    return weergave
