"""Turning markdown-it inline tokens into clean text, and small text helpers."""

import re
import unicodedata
from dataclasses import dataclass

_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_SUP = re.compile(r"<sup>\s*([^<]*?)\s*</sup>", re.IGNORECASE)
_WS = re.compile(r"[ \t\u00a0]+")
_FOOTNOTE_NUMBER = re.compile(r"\d{1,3}")
# A footnote marker kept in a text where it stood: '[^2]' (Markdown footnote reference syntax).
VOETNOOT_MARKER = re.compile(r"\[\^(\d{1,3})\]")


def voetnoot_marker(nummer: str) -> str:
    return f"[^{nummer}]"


MAANDEN = {
    "januari": 1,
    "februari": 2,
    "maart": 3,
    "april": 4,
    "mei": 5,
    "juni": 6,
    "juli": 7,
    "augustus": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
}


@dataclass
class Span:
    text: str
    strong: bool = False
    em: bool = False


@dataclass
class InlineText:
    """An inline token flattened: its lines (split on hard breaks) and footnote references."""

    lines: list[list[Span]]
    footnotes: list[str]

    @property
    def text(self) -> str:
        return clean(" ".join("".join(s.text for s in line) for line in self.lines))

    def line_texts(self) -> list[str]:
        return [clean("".join(s.text for s in line)) for line in self.lines]

    def leading_strong(self) -> str:
        """Text of a bold run at the very start of the first line ('' if none)."""
        first = self.lines[0] if self.lines else []
        spans = [s for s in first if s.text.strip()]
        if spans and spans[0].strong:
            out = []
            for span in spans:
                if not span.strong:
                    break
                out.append(span.text)
            return clean("".join(out))
        return ""

    def after_leading_strong(self) -> str:
        lead = self.leading_strong()
        text = self.text
        return clean(text[len(lead) :]) if lead and text.startswith(lead) else text

    @property
    def all_em(self) -> bool:
        spans = [s for line in self.lines for s in line if s.text.strip()]
        return bool(spans) and all(s.em for s in spans)


def flatten_inline(token) -> InlineText:
    lines: list[list[Span]] = [[]]
    footnotes: list[str] = []
    strong = em = 0
    in_sup = False
    sup_text: list[str] = []
    for child in token.children or []:
        kind = child.type
        if kind == "strong_open":
            strong += 1
        elif kind == "strong_close":
            strong = max(0, strong - 1)
        elif kind == "em_open":
            em += 1
        elif kind == "em_close":
            em = max(0, em - 1)
        elif kind == "hardbreak":
            lines.append([])
        elif kind == "softbreak":
            lines[-1].append(Span(" ", bool(strong), bool(em)))
        elif kind == "html_inline":
            tag = child.content.strip().lower()
            if tag.startswith("<sup"):
                in_sup, sup_text = True, []
            elif tag.startswith("</sup"):
                in_sup = False
                ref = "".join(sup_text).strip().rstrip(")").strip()
                if ref:
                    footnotes.append(ref)
                    if _FOOTNOTE_NUMBER.fullmatch(ref):
                        # the marker stays where it stood, as a Markdown footnote reference
                        lines[-1].append(Span(voetnoot_marker(ref), bool(strong), bool(em)))
            elif tag.startswith("<br"):
                lines[-1].append(Span(" ", bool(strong), bool(em)))
            # other tags (<b>, </b>, <span>…) carry no text
        elif kind in ("text", "code_inline"):
            if in_sup:
                sup_text.append(child.content)
            else:
                lines[-1].append(Span(child.content, bool(strong), bool(em)))
        elif kind == "image":
            lines[-1].append(Span(child.content))
    return InlineText(lines=lines, footnotes=footnotes)


def clean(text: str) -> str:
    """Remove Markdown/HTML leftovers (broken bold markers, tags) and normalise spaces."""
    text = _SUP.sub("", text)
    text = _TAG.sub(" ", text)
    text = text.replace("**", "").replace("__", "")
    text = _WS.sub(" ", text)
    text = re.sub(r" +([.,;:!?])", r"\1", text)
    return text.strip()


def strip_markup(raw: str) -> str:
    """Clean a raw Markdown string (for table cells and fallbacks)."""
    raw = re.sub(r"<br\s*/?>", " ", raw, flags=re.IGNORECASE)
    raw = _SUP.sub("", raw)
    raw = re.sub(r"(?<!\w)[*_]{1,3}|[*_]{1,3}(?!\w)", "", raw)
    return clean(raw)


def normalise(text: str) -> str:
    """Lower case, no accents, no punctuation: for comparing headings and names."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^\w\s/]", " ", text.lower())
    return _WS.sub(" ", text).strip()


_NUMBER_THOUSANDS = re.compile(r"[-+]?\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_NUMBER_PLAIN = re.compile(r"[-+]?\d+(?:,\d+)?")
_NUMBER_DOT_DECIMAL = re.compile(r"[-+]?\d+\.\d+")


def parse_number(cell: str) -> int | float | None:
    """Dutch-style number ('1.234', '-6', '12,5', '€ 900,07', '35%') → int/float; '' → None.

    Raises ValueError for text that is not a number.
    """
    value = cell.replace("\u2212", "-").replace("\u2013", "-").replace("€", "").replace("%", "")
    value = re.sub(r"\s+", "", value)
    if value in ("", "-", "–"):
        return None
    if _NUMBER_THOUSANDS.fullmatch(value):
        value = value.replace(".", "").replace(",", ".")
    elif _NUMBER_PLAIN.fullmatch(value):
        value = value.replace(",", ".")
    elif not _NUMBER_DOT_DECIMAL.fullmatch(value):
        raise ValueError(cell)
    number = float(value)
    return int(number) if number.is_integer() and "." not in value else number


def dehyphenate_term(term: str) -> str:
    """'Soorten- management- plannen' → 'Soortenmanagementplannen' (PDF line-break hyphens)."""
    return re.sub(r"(\w)- (?!(?:en|of|tot|t/m)\b)([a-zà-ÿ])", r"\1\2", term)
