"""Recognising what a heading or line is by its text: theme, sub-section, top section, caption,
footnote, party, signing date; and small text helpers the parser sections share."""

import re

from .blocks import Heading
from .text import clean, normalise

_THEMA = re.compile(
    r"^(?:(?:hoofdstuk|thema)\s+)?(\d{1,2})(?:\s*[.:)\-–]\s*|\s+)(?!\d)(\S.*)$", re.IGNORECASE
)
_THEMA_UNNUMBERED = re.compile(r"^thema\s*[:\-–]\s*(\S.*)$", re.IGNORECASE)
_SECTION_NUMBER = re.compile(r"^\d+(?:\.\d+)*\.?\s+")
_CHAPTER_NUMBER = re.compile(
    r"^(?:afspraak\s+)?(\d{1,2}(?:\.\d{1,2}){1,3})\.?(?:\s*[:\-–]\s*|\s+)(\S.*)$", re.IGNORECASE
)
_AFSPRAAK_LABEL = re.compile(
    r"^afspraak\s+(\d{1,3}(?:\.\d{1,2}){0,3})\s*[:.\-–]?\s*(\S.*)$", re.IGNORECASE
)
_TABEL_CAPTION = re.compile(r"^tabel\s+(\d+[a-z]?)\s*[|:.\-–]\s*(\S.*)$", re.IGNORECASE)
_FOOTNOTE = re.compile(r"^\s*(?:<sup>)?\s*(\d{1,2})\)\s*(?:</sup>)?\s*(\S.*)$", re.DOTALL)
_PARTIJ = re.compile(
    r"^(?P<naam>.+?)\s*,?\s*(?:hierna(?: te noemen)?|verder te noemen|hierna genoemd)\s*[:,]?\s*"
    r"['‘’\"“”]?(?P<aanduiding>[^'’\"”.;]+?)['’\"”]?\s*[.;,]?$",
    re.IGNORECASE,
)
_SIGNED = re.compile(
    r"(?:ondertekend|getekend)\s+(?:op\s+)?(\d{1,2})\s+([a-z]+)\s+(\d{4})(?:\s+te\s+([A-Z][\w\-' ]+?))?\s*[.,]?$",
    re.IGNORECASE,
)
_SIGNED_PLACE_FIRST = re.compile(
    r"(?:ondertekend|getekend)\s+te\s+([A-Z][\w\-']+)\s*,?\s+(?:op\s+)?(\d{1,2})\s+([a-z]+)\s+(\d{4})",
    re.IGNORECASE,
)
_PERIOD = re.compile(r"((?:19|20)\d\d)\s*(?:-|–|—|t/m|tot en met)\s*((?:19|20)\d\d)")
_SINGLE_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_CONVENANT = re.compile(
    r"^(?P<naam>.+?)\s*[,(]\s*(?P<jaar>(?:19|20)\d\d)(?:\s*[-–/]\s*(?P<tot>(?:19|20)\d\d))?\s*\)?"
    r"\s*[.,:;]?\s*(?P<partijen>.*)$"
)
_BEGRIP_BROKEN = re.compile(r"^(?P<term>[^*]{1,120}?)\s*\*\*\s*:?\s*(?P<rest>.*)$", re.DOTALL)
_BEGRIP_CODE = re.compile(r"^[0-9][A-Z]?$")
_BEGRIP_KOPPEN = ("begrip", "begrippen", "term", "afkorting", "woord", "code", "categorie")


def _sub_kind(text: str) -> str | None:
    norm = normalise(_SECTION_NUMBER.sub("", text))
    if re.fullmatch(r"(gezamenlijke |onze |gedeelde )?ambities?", norm):
        return "ambitie"
    if re.fullmatch(
        r"(strategische |concrete |meerjarige )?(prestatie)?afspraken", norm
    ) or norm in (
        "wat spreken we af",
        "wat gaan we doen",
        "afspraken per partij",
    ):
        return "afspraken"
    if norm == "systematiek":
        return "systematiek"
    if norm in ("opgave", "de opgave", "aanleiding", "context", "opgave en context"):
        return "opgave"
    if norm in ("doel", "doelen", "doelstelling", "doelstellingen", "ons doel"):
        return "doel"
    return None


def _top_kind(text: str) -> str | None:
    norm = normalise(text)
    if norm.startswith(("ondertekening", "ondertekenaars", "ondertekend")):
        return "ondertekening"
    if norm in ("inhoud", "inhoudsopgave", "inhoudsopgaaf"):
        return "inhoud"
    if norm.startswith(("bijlage", "bijlagen")):
        if "convenant" in norm or "samenwerkingsafspraken" in norm:
            return "convenanten"
        if "begrip" in norm or "definitie" in norm or "woordenlijst" in norm:
            return "begrippen"
        return "bijlagen"
    if norm in (
        "begrippen",
        "begrippenlijst",
        "definities",
        "woordenlijst",
        "afkortingen en begrippen",
    ):
        return "begrippen"
    if norm in ("convenanten", "samenwerkingsafspraken en convenanten", "overige convenanten"):
        return "convenanten"
    return None


def _implicit_theme_headings(blocks: list) -> set[int]:
    """Unnumbered headings ('## Betaalbaarheid') whose own section contains a sub-heading such
    as 'Doel', 'Ambities' or 'Afspraken': those are themes too."""
    found: set[int] = set()
    headings = [b for b in blocks if isinstance(b, Heading)]
    for index, heading in enumerate(headings):
        text = clean(heading.text)
        if _THEMA.match(text) or _THEMA_UNNUMBERED.match(text) or _top_kind(text):
            continue
        if _sub_kind(text) or _CHAPTER_NUMBER.match(text):
            continue
        for later in headings[index + 1 :]:
            if later.level <= heading.level:
                break
            if later.level == heading.level + 1 and _sub_kind(clean(later.text)) in (
                "doel",
                "ambitie",
                "afspraken",
            ):
                found.add(id(heading))
                break
    return found


def _kop(text: str) -> str:
    """A heading as a title, with the capital a printed heading starts with ('bijlage I …' in
    the PDF conversion → 'Bijlage I …'); the rest keeps the document's capitalisation."""
    return text[:1].upper() + text[1:] if text[:1].islower() else text


def _join(old: str, new: str, sep: str = "\n\n") -> str:
    return f"{old}{sep}{new}" if old else new


def _short(text: str, length: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"
