"""Markdown text → ParsedDocument. Pure: no database, no Django.

The parser reads markdown-it block tokens and places each block by the *text* of the headings
around it, not by their level: PDF conversions make heading levels unreliable (Nijkerk has
``# 1.`` next to ``## 2.``), and other gemeenten use other levels and numbering ("Hoofdstuk 2",
"Thema 2:", afspraken "3.2.1" as paragraphs or headings, afspraken as bullet lists). Whatever it
cannot place goes into the report as a Melding with its line number; nothing is dropped
silently.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from markdown_it import MarkdownIt

from .document import (
    TABELCONTROLE,
    DocAfspraak,
    DocAmbitie,
    DocBegrip,
    DocBegripOnderdeel,
    DocConvenant,
    DocOndertekenaar,
    DocPartij,
    DocTabel,
    DocTabelRij,
    DocTekstblok,
    DocThema,
    DocVoetnoot,
    Melding,
    ParsedDocument,
)
from .errors import Fout, ImportFout
from .grenzen import check_grenzen, check_tokens
from .tables import check_table, getal_nl
from .text import (
    MAANDEN,
    VOETNOOT_MARKER,
    InlineText,
    clean,
    dehyphenate_term,
    flatten_inline,
    normalise,
    parse_number,
    strip_markup,
)

_MD = MarkdownIt("commonmark").enable("table")

# ---------------------------------------------------------------------------------------------
# Blocks: a flat view of the token stream


@dataclass
class Heading:
    level: int
    text: str
    line: int


@dataclass
class Para:
    inline: InlineText
    raw: str
    line: int

    @property
    def text(self) -> str:
        return self.inline.text


@dataclass
class Item:
    number: str  # '' for bullets
    inline: InlineText
    raw: str
    line: int
    depth: int
    extra: list[str] = field(default_factory=list)  # further paragraphs in the same item

    @property
    def text(self) -> str:
        return clean(" ".join([self.inline.text, *self.extra]))


@dataclass
class ListBlock:
    ordered: bool
    markup: str
    items: list[Item]
    line: int


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    line: int


def _line(token) -> int:
    return (token.map[0] + 1) if token.map else 0


def blocks_from_tokens(tokens) -> list:
    blocks: list = []
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        if tok.type == "heading_open":
            inline = tokens[i + 1]
            blocks.append(Heading(int(tok.tag[1]), flatten_inline(inline).text, _line(tok)))
            i += 3
        elif tok.type == "paragraph_open":
            inline = tokens[i + 1]
            blocks.append(Para(flatten_inline(inline), inline.content, _line(tok)))
            i += 3
        elif tok.type in ("bullet_list_open", "ordered_list_open"):
            i, block = _read_list(tokens, i)
            blocks.append(block)
        elif tok.type == "table_open":
            i, block = _read_table(tokens, i)
            blocks.append(block)
        elif tok.type in ("fence", "code_block", "html_block"):
            text = strip_markup(tok.content)
            if text:
                blocks.append(Para(_plain_inline(text), tok.content, _line(tok)))
            i += 1
        elif tok.type == "blockquote_open":
            i += 1  # its paragraphs follow as ordinary blocks
        else:
            i += 1
    return blocks


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


def _plain_inline(text: str) -> InlineText:
    from .text import Span

    return InlineText([[Span(text)]], [])


def _read_list(tokens, start: int):
    open_tok = tokens[start]
    block = ListBlock(
        ordered=open_tok.type == "ordered_list_open",
        markup=open_tok.markup,
        items=[],
        line=_line(open_tok),
    )
    depth = 0
    i = start
    current: list[Item | None] = []
    while i < len(tokens):
        tok = tokens[i]
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
            if depth == 0:
                return i + 1, block
        elif tok.type == "list_item_open":
            current.append(None)
            number = tok.info if tok.markup in (".", ")") else ""
            current[-1] = Item(number, InlineText([[]], []), "", _line(tok), depth - 1)
            block.items.append(current[-1])
        elif tok.type == "list_item_close":
            current.pop()
        elif tok.type == "inline" and current and current[-1] is not None:
            item = current[-1]
            if item.raw:
                item.extra.append(flatten_inline(tok).text)
                item.raw += "\n" + tok.content
            else:
                item.inline = flatten_inline(tok)
                item.raw = tok.content
        i += 1
    return i, block


def _read_table(tokens, start: int):
    header: list[str] = []
    rows: list[list[str]] = []
    row: list[str] | None = None
    in_head = False
    i = start
    line = _line(tokens[start])
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "table_close":
            return i + 1, Table(header, rows, line)
        if tok.type == "thead_open":
            in_head = True
        elif tok.type == "thead_close":
            in_head = False
        elif tok.type == "tr_open":
            row = []
        elif tok.type == "tr_close":
            if in_head:
                header = row or []
            else:
                rows.append(row or [])
            row = None
        elif tok.type == "inline" and row is not None:
            row.append(tok.content)
        i += 1
    return i, Table(header, rows, line)


# ---------------------------------------------------------------------------------------------
# Heading classification

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


# ---------------------------------------------------------------------------------------------
# The parser


class _Parser:
    def __init__(self, text: str, bestandsnaam: str):
        self.doc = ParsedDocument(bestandsnaam=bestandsnaam)
        self.text = text
        self.section = "voorwerk"
        self.thema: DocThema | None = None
        self.thema_level = 0
        self.sub: str | None = None
        self.sub_level = 0
        self.sub_has_list = False
        self.tekstblok: DocTekstblok | None = None
        self.caption: tuple[str, str, int] | None = None
        self.begrip: DocBegrip | None = None
        self.begrip_from_heading = False
        self.begrippen_level = 0
        self.groep = ""
        self.last_afspraak: DocAfspraak | None = None
        self.last_afspraak_block: object = None  # the heading or paragraph that started it
        self.afspraak_from_heading = False
        self.title_parts: list[str] = []
        self.footnote_refs: set[str] = set()
        self.previous_block: object = None
        self.current_block: object = None
        self.implicit_themes: set[int] = set()
        # tables printed since the last running text: a footnote printed under them annotates
        # each of them (Nijkerk prints footnote 1 under Tabel 1 and Tabel 2)
        self.recent_tables: list[DocTabel] = []

    # -- helpers ---------------------------------------------------------------------------

    def warn(self, line: int | None, tekst: str, soort: str = "waarschuwing") -> None:
        self.doc.meldingen.append(Melding(line, tekst, soort))

    def start_tekstblok(self, titel: str, line: int, thema: int | None) -> None:
        self.tekstblok = DocTekstblok(titel=titel, tekst="", thema_nummer=thema, regel=line)
        self.doc.tekstblokken.append(self.tekstblok)

    def add_text(self, text: str, line: int, fallback_title: str) -> None:
        if not text:
            return
        if self.tekstblok is None:
            self.start_tekstblok(fallback_title, line, self.thema.nummer if self.thema else None)
        sep = "\n\n" if self.tekstblok.tekst else ""
        self.tekstblok.tekst += sep + text

    def list_as_text(self, block: ListBlock) -> str:
        lines = []
        for item in block.items:
            marker = f"{item.number}." if block.ordered and item.number else "-"
            lines.append("  " * item.depth + f"{marker} {item.text}")
        return "\n".join(lines)

    def unplaced(self, text: str, line: int, what: str = "tekst") -> None:
        where = f"thema {self.thema.nummer}" if self.thema else f"sectie '{self.section}'"
        if self.thema is not None and self.section == "thema":
            titel = "Overige tekst"
            if self.tekstblok is None or self.tekstblok.titel != titel:
                self.start_tekstblok(titel, line, self.thema.nummer)
            self.tekstblok.tekst += ("\n\n" if self.tekstblok.tekst else "") + text
        else:
            self.add_text(text, line, "Overige tekst")
        self.warn(
            line,
            f"{what} in {where} kon niet worden geplaatst en is als losse tekst bewaard: "
            f"'{_short(text)}'",
        )

    def is_caption(self, para: Para) -> bool:
        """Photo captions from the PDF: fully emphasised, or one short line without a sentence
        break."""
        text = para.text
        if para.inline.all_em:
            return True
        return len(text) <= 110 and text.count(". ") == 0 and "\n" not in para.raw

    def caption_warning(self, para: Para) -> None:
        self.warn(
            para.line,
            f"bijschrift bij een foto overgeslagen (niet in een afspraak opgenomen): "
            f"'{_short(para.text)}'",
        )

    # -- main loop -------------------------------------------------------------------------

    def run(self) -> ParsedDocument:
        check_grenzen(self.text, self.doc.bestandsnaam)
        tokens = _MD.parse(self.text)
        check_tokens(tokens, self.doc.bestandsnaam)
        blocks = blocks_from_tokens(tokens)
        self.implicit_themes = _implicit_theme_headings(blocks)
        for block in blocks:
            self.current_block = block
            self.dispatch(block)
            self.previous_block = block
        self.finish()
        return self.doc

    def dispatch(self, block) -> None:
        if isinstance(block, Heading):
            self.on_heading(block)
        elif isinstance(block, Para):
            self.on_para(block)
        elif isinstance(block, ListBlock):
            self.on_list(block)
        elif isinstance(block, Table):
            self.on_table(block)

    # -- headings --------------------------------------------------------------------------

    def on_heading(self, h: Heading) -> None:
        text = clean(h.text)
        if not text:
            return
        self.caption = None
        self.recent_tables = []
        top = _top_kind(text)
        if (
            self.section == "begrippen"
            and h.level > self.begrippen_level
            and top is None
            and not _THEMA.match(text)
        ):
            self.begrip = DocBegrip(term=dehyphenate_term(text), regel=h.line)
            self.begrip_from_heading = True
            self.groep = ""
            self.doc.begrippen.append(self.begrip)
            return
        if self.section == "voorwerk" and not self.title_parts and top is None:
            self.title_parts.append(text)
            return
        if top is not None:
            self.leave_thema()
            self.section = top
            self.tekstblok = None
            self.begrip = None
            if top == "begrippen":
                self.begrippen_level = h.level
            if top in ("ondertekening", "bijlagen", "convenanten", "begrippen"):
                self.start_tekstblok(_kop(text), h.line, None)
            return
        in_bijlagen = self.section in ("bijlagen", "convenanten", "begrippen")
        match = _THEMA.match(text)
        if match and not in_bijlagen and not _CHAPTER_NUMBER.match(text):
            self.start_thema(int(match.group(1)), match.group(2), h)
            return
        match = _THEMA_UNNUMBERED.match(text)
        if (match or id(h) in self.implicit_themes) and not in_bijlagen:
            nummer = max((t.nummer for t in self.doc.themas), default=0) + 1
            self.start_thema(nummer, match.group(1) if match else text, h)
            if not match:
                self.warn(
                    h.line,
                    f"kop '{text}' heeft geen themanummer maar wel een doel, ambities of "
                    f"afspraken; als thema {nummer} gelezen.",
                    "info",
                )
            return
        if self.thema is not None:
            sub = _sub_kind(text)
            if sub is not None:
                self.sub = sub
                self.sub_level = h.level
                self.sub_has_list = False
                self.tekstblok = None
                self.afspraak_from_heading = False
                return
            label = _AFSPRAAK_LABEL.match(text)
            chapter = label or _CHAPTER_NUMBER.match(text)
            # Under an "Afspraken" heading, "Afspraak 4", "3.2.1 …" and deeper "3.2 …" headings
            # are afspraken; a "3.3 …" heading at the same level starts a new section.
            if (
                chapter
                and self.sub in ("afspraken", "systematiek")
                and (label or chapter.group(1).count(".") >= 2 or h.level > self.sub_level)
            ):
                self.add_afspraak(chapter.group(1), chapter.group(2), h.line)
                self.afspraak_from_heading = True
                return
            if label:
                # "### Afspraak 3: …" names itself, also without an "Afspraken" heading above it
                # (as the paragraph form "Afspraak 3: …" already is)
                self.sub, self.sub_level, self.sub_has_list = "afspraken", h.level, False
                self.tekstblok = None
                self.add_afspraak(label.group(1), label.group(2), h.line)
                self.afspraak_from_heading = True
                return
            if chapter:
                self.warn(
                    h.line,
                    f"kop '{text}' binnen thema {self.thema.nummer} als tekstblok bewaard.",
                    "info",
                )
            if h.level > self.thema_level or chapter:
                self.sub = "tekst"
                self.afspraak_from_heading = False
                self.start_tekstblok(_kop(_SECTION_NUMBER.sub("", text)), h.line, self.thema.nummer)
                return
            self.leave_thema()
        self.section = "bijlagen" if in_bijlagen else "tekst"
        self.begrip = None
        self.start_tekstblok(_kop(text), h.line, None)

    def start_thema(self, nummer: int, titel: str, h: Heading) -> None:
        self.leave_thema()
        self.section = "thema"
        self.thema = DocThema(nummer=nummer, titel=clean(titel).rstrip("."), regel=h.line)
        self.doc.themas.append(self.thema)
        self.thema_level = h.level
        self.sub = None
        self.sub_has_list = False
        self.tekstblok = None

    def leave_thema(self) -> None:
        self.thema = None
        self.sub = None
        self.last_afspraak = None
        self.afspraak_from_heading = False

    # -- paragraphs ------------------------------------------------------------------------

    def on_para(self, p: Para) -> None:
        text = p.text
        if not text:
            return
        self.footnote_refs.update(p.inline.footnotes)
        caption = _TABEL_CAPTION.match(text)
        if caption:
            self.caption = (caption.group(1), clean(caption.group(2)), p.line)
            return
        note = _FOOTNOTE.match(p.raw.strip())
        if note and self.section != "voorwerk":
            self.add_voetnoot(note.group(1), strip_markup(note.group(2)), p.line)
            return
        self.recent_tables = []
        handler = getattr(self, f"para_{self.section}")
        handler(p)

    def add_voetnoot(self, nummer: str, tekst: str, line: int) -> None:
        voetnoot = DocVoetnoot(nummer, tekst, line)
        self.doc.voetnoten.append(voetnoot)
        # a note printed right under tables belongs to each of them (besides the record where
        # its marker stands)
        for tabel in self.recent_tables:
            voetnoot.tabellen.append(tabel.nummer)
            tabel.voetnoot = _join(tabel.voetnoot, tekst, sep="\n")

    def para_voorwerk(self, p: Para) -> None:
        # a short subtitle right under the title ("in gemeente Nijkerk | 2025 - 2027")
        if len(self.title_parts) == 1 and len(p.text) <= 80 and "," not in p.text:
            self.title_parts.append(p.text)
        else:
            self.add_text(p.text, p.line, "Voorwerk")

    def para_inhoud(self, p: Para) -> None:
        self.skip_toc(p.line)

    def skip_toc(self, line: int) -> None:
        """The table of contents repeats the headings; it is not data. Reported once."""
        if not any("inhoudsopgave" in m.tekst for m in self.doc.meldingen):
            self.warn(line, "inhoudsopgave overgeslagen (herhaalt alleen de koppen).", "info")

    def para_tekst(self, p: Para) -> None:
        self.add_text(p.text, p.line, "Tekst")

    def para_bijlagen(self, p: Para) -> None:
        self.add_text(p.text, p.line, "Bijlagen")

    def para_convenanten(self, p: Para) -> None:
        self.add_text(p.text, p.line, "Convenanten")

    def para_begrippen(self, p: Para) -> None:
        broken = self.begrip_from_text(p.inline, p.raw, p.line)
        if broken:
            return
        if self.begrip is not None:
            self.begrip.definitie += ("\n\n" if self.begrip.definitie else "") + p.text
            if p.text.endswith(":"):
                self.groep = "doelgroepen" if "doelgroep" in p.text.lower() else ""
        else:
            self.add_text(p.text, p.line, "Begrippen")

    def para_ondertekening(self, p: Para) -> None:
        signed = _SIGNED.search(p.text)
        signed_place_first = _SIGNED_PLACE_FIRST.search(p.text)
        if signed_place_first and not signed:
            place, day, month, year = signed_place_first.groups()
            signed = signed_place_first
        elif signed:
            day, month, year, place = signed.groups()
        if signed and month.lower() in MAANDEN:
            try:
                self.doc.ondertekend_op = date(int(year), MAANDEN[month.lower()], int(day))
            except ValueError:
                self.warn(p.line, f"ongeldige datum van ondertekening: '{signed.group(0)}'")
            self.doc.ondertekend_te = (place or "").strip()
        lines = p.inline.line_texts()
        lead = p.inline.leading_strong()
        if lead and len(lines) >= 2:
            self.add_signatory(p)
            return
        if self.doc.periode_van is None:
            self.find_period(p.text)
        self.add_text(p.text, p.line, "Ondertekening")

    def add_signatory(self, p: Para) -> None:
        lines = [x for x in p.inline.line_texts() if x]
        org = lines[0]
        last_spans = [s for s in p.inline.lines[-1] if s.text.strip()]
        functie = ""
        body = lines[1:]
        if last_spans and all(s.em for s in last_spans) and len(body) >= 2 or len(body) >= 2:
            functie = body.pop()
        namens = ""
        if len(body) >= 2:
            namens = " ".join(body[:-1])
            namens = re.sub(r"^namens\s+", "", namens, flags=re.IGNORECASE).strip(" ,")
        naam = body[-1] if body else ""
        if not naam:
            self.warn(p.line, f"ondertekening van '{org}' zonder naam van de ondertekenaar.")
        self.doc.ondertekenaars.append(
            DocOndertekenaar(
                organisatie_naam=org, naam=naam, functie=functie, namens=namens, regel=p.line
            )
        )

    def para_thema(self, p: Para) -> None:
        thema = self.thema
        assert thema is not None
        lead = normalise(p.inline.leading_strong()).rstrip(":")
        if lead in ("doel", "doelen", "doelstelling", "ons doel"):
            thema.doel = _join(thema.doel, p.inline.after_leading_strong().lstrip(": "))
            self.sub = "doel"
            return
        if lead in ("opgave", "de opgave"):
            thema.opgave = _join(thema.opgave, p.inline.after_leading_strong().lstrip(": "))
            self.sub = "opgave"
            return
        if lead in ("ambitie", "gezamenlijke ambitie", "ambities"):
            rest = p.inline.after_leading_strong().lstrip(": ")
            self.sub, self.sub_has_list = "ambitie", False
            if rest:
                thema.ambities.append(DocAmbitie(rest, p.line))
            return
        if lead in ("strategische afspraken", "afspraken"):
            self.sub, self.sub_has_list, self.sub_level = "afspraken", False, 0
            self.afspraak_from_heading = False
            return
        sub = self.sub
        label = _AFSPRAAK_LABEL.match(p.text)
        if label and sub not in ("afspraken", "systematiek"):
            self.add_afspraak(label.group(1), label.group(2), p.line, p.inline.footnotes)
            self.afspraak_from_heading = False
            return
        if sub is None or sub == "opgave":
            if thema.doel or thema.ambities:
                self.unplaced(p.text, p.line)
            else:
                thema.opgave = _join(thema.opgave, p.text)
        elif sub == "doel":
            thema.doel = _join(thema.doel, p.text)
        elif sub == "ambitie":
            if self.is_caption(p) and (self.sub_has_list or p.inline.all_em):
                self.caption_warning(p)
            elif not self.sub_has_list:
                thema.ambities.append(DocAmbitie(p.text, p.line))
            else:
                self.unplaced(p.text, p.line)
        elif sub in ("afspraken", "systematiek"):
            lines = [line.strip() for line in p.raw.split("\n") if line.strip()]
            starts = [
                i for i, line in enumerate(lines) if _CHAPTER_NUMBER.match(strip_markup(line))
            ]
            if len(starts) > 1 and starts[0] == 0:
                # several "3.2.1 …" afspraken without blank lines form one Markdown paragraph
                bounds = [*starts, len(lines)]
                for index, (start, end) in enumerate(zip(bounds, bounds[1:], strict=False)):
                    match = _CHAPTER_NUMBER.match(strip_markup(" ".join(lines[start:end])))
                    self.add_afspraak(match.group(1), match.group(2), p.line + starts[index])
                self.afspraak_from_heading = False
                return
            numbered = _CHAPTER_NUMBER.match(p.text) or _AFSPRAAK_LABEL.match(p.text)
            if numbered:
                self.add_afspraak(numbered.group(1), numbered.group(2), p.line)
                self.afspraak_from_heading = False
            elif self.afspraak_from_heading and self.last_afspraak is not None:
                self.last_afspraak.tekst = _join(self.last_afspraak.tekst, p.text)
            elif self.is_caption(p):
                self.caption_warning(p)
            else:
                self.unplaced(p.text, p.line)
        else:  # "tekst"
            self.add_text(p.text, p.line, "Tekst")

    # -- lists -----------------------------------------------------------------------------

    def on_list(self, block: ListBlock) -> None:
        for item in block.items:
            self.footnote_refs.update(item.inline.footnotes)
        notes = (
            block.ordered
            and block.markup == ")"
            and self.section != "voorwerk"
            and all(item.number in self.footnote_refs for item in block.items if item.depth == 0)
        )
        if not notes:
            self.recent_tables = []
        else:
            for item in block.items:
                if item.depth == 0:
                    self.add_voetnoot(item.number, item.text, item.line)
            return
        self.caption = None
        getattr(self, f"list_{self.section}")(block)

    def list_voorwerk(self, block: ListBlock) -> None:
        self.add_text(self.list_as_text(block), block.line, "Voorwerk")

    def list_inhoud(self, block: ListBlock) -> None:
        self.skip_toc(block.line)

    def list_tekst(self, block: ListBlock) -> None:
        self.add_text(self.list_as_text(block), block.line, "Tekst")

    def list_bijlagen(self, block: ListBlock) -> None:
        self.add_text(self.list_as_text(block), block.line, "Bijlagen")

    def list_ondertekening(self, block: ListBlock) -> None:
        for item in block.items:
            lead = item.inline.leading_strong()
            match = _PARTIJ.match(item.text)
            if match:
                naam = lead or clean(match.group("naam"))
                aanduiding = clean(match.group("aanduiding")).strip(" '\"‘’“”")
                self.doc.partijen.append(
                    DocPartij(naam=naam, aanduiding=aanduiding, regel=item.line)
                )
            elif lead:
                self.doc.partijen.append(DocPartij(naam=lead, aanduiding=lead, regel=item.line))
            else:
                self.warn(item.line, f"partij niet herkend in de ondertekening: '{item.text}'")
        # the list stays in the text as well: "De ondergetekenden:" introduces it
        self.add_text(self.list_as_text(block), block.line, "Ondertekening")

    def list_convenanten(self, block: ListBlock) -> None:
        for item in block.items:
            text = item.text
            match = _CONVENANT.match(text)
            if not match:
                self.warn(item.line, f"convenant zonder herkenbaar jaartal: '{_short(text)}'")
                self.doc.convenanten.append(
                    DocConvenant(text.rstrip("."), None, None, [], item.line)
                )
                continue
            self.doc.convenanten.append(
                DocConvenant(
                    naam=clean(match.group("naam")),
                    jaar=int(match.group("jaar")),
                    jaar_tot=int(match.group("tot")) if match.group("tot") else None,
                    partijnamen=split_party_names(match.group("partijen")),
                    regel=item.line,
                )
            )

    def list_begrippen(self, block: ListBlock) -> None:
        for item in block.items:
            if self.begrip_from_text(item.inline, item.raw, item.line):
                continue
            text = item.text
            if self.begrip is not None:
                # Plain bullets stay in the definitie's prose as well; coded sub-items
                # (plan hardness 1A…4B) live only as structured onderdelen.
                self.begrip.onderdelen.append(
                    DocBegripOnderdeel(omschrijving=text, groep=self.groep)
                )
                self.begrip.definitie = _join(self.begrip.definitie, f"- {text}", sep="\n")
            else:
                self.warn(item.line, f"begrip niet herkend: '{_short(text)}'")
                self.add_text(text, item.line, "Begrippen")

    def begrip_from_text(self, inline: InlineText, raw: str, line: int) -> bool:
        """'Term** definition' (broken bold), '**Term** definition', 'Hard is gelijk aan:**'
        and '1A** description'. Returns False when the text is none of these."""
        lead = inline.leading_strong()
        if lead:
            term, rest = lead, inline.after_leading_strong().lstrip(":–- ")
        else:
            flat = clean_keep_stars(raw)
            match = _BEGRIP_BROKEN.match(flat) if flat.count("**") == 1 else None
            if not match or re.search(r"[.;!?]\s", match.group("term")):
                return False
            term, rest = clean(match.group("term")), clean(match.group("rest"))
        term = term.rstrip(":").strip()
        if not term:
            return False
        if _BEGRIP_CODE.match(term) and self.begrip is not None:
            self.begrip.onderdelen.append(
                DocBegripOnderdeel(omschrijving=rest, groep=self.groep, code=term)
            )
            return True
        group = re.match(r"^(.+?)\s+is\s+gelijk\s+aan$", term, re.IGNORECASE) or (
            re.match(r"^(.+?)$", term) if not rest and self.begrip is not None else None
        )
        if group and not rest and self.begrip is not None:
            self.groep = clean(group.group(1)).lower()
            return True
        self.begrip = DocBegrip(term=dehyphenate_term(term), definitie=rest, regel=line)
        self.begrip_from_heading = False
        self.groep = ""
        self.doc.begrippen.append(self.begrip)
        return True

    def list_thema(self, block: ListBlock) -> None:
        thema = self.thema
        assert thema is not None
        sub = self.sub
        if sub == "ambitie":
            self.sub_has_list = True
            for item in block.items:
                if item.depth == 0:
                    thema.ambities.append(DocAmbitie(item.text, item.line))
                elif thema.ambities:
                    thema.ambities[-1].tekst = _join(thema.ambities[-1].tekst, item.text, sep=" ")
            return
        if sub in ("afspraken", "systematiek"):
            self.sub_has_list = True
            if self.continues_afspraak(block):
                # "Afspraak 1.2 … met uitzonderingen:" followed by its own bullets: the items
                # are part of that afspraak's text, not new (unnumbered) afspraken
                for item in block.items:
                    tekst, volgende = self.split_lazy_afspraken(item)
                    self.last_afspraak.tekst = _join(
                        self.last_afspraak.tekst, "  " * item.depth + f"- {tekst}", sep="\n"
                    )
                    for nummer, rest, line in volgende:
                        self.add_afspraak(nummer, rest, line)
                return
            self.afspraak_from_heading = False
            for item in block.items:
                if item.depth > 0:
                    if self.last_afspraak is not None:
                        self.last_afspraak.tekst = _join(
                            self.last_afspraak.tekst, f"- {item.text}", sep="\n"
                        )
                    continue
                labelled = _CHAPTER_NUMBER.match(item.text) or _AFSPRAAK_LABEL.match(item.text)
                if labelled:
                    self.add_afspraak(labelled.group(1), labelled.group(2), item.line)
                elif block.ordered and item.number:
                    self.add_afspraak(item.number, item.text, item.line, item.inline.footnotes)
                else:
                    in_thema = [
                        a
                        for a in self.doc.afspraken
                        if a.thema_nummer == thema.nummer and a.soort == self.soort
                    ]
                    nummer = f"{thema.nummer}.{len(in_thema) + 1}"
                    self.add_afspraak(nummer, item.text, item.line, item.inline.footnotes)
                    self.warn(
                        item.line,
                        f"afspraak zonder nummer in thema {thema.nummer}; genummerd als {nummer}.",
                        "info",
                    )
            return
        if sub == "doel":
            thema.doel = _join(thema.doel, self.list_as_text(block), sep="\n")
        elif sub in (None, "opgave") and not thema.doel and not thema.ambities:
            thema.opgave = _join(thema.opgave, self.list_as_text(block), sep="\n")
        elif sub == "tekst":
            self.add_text(self.list_as_text(block), block.line, "Tekst")
        else:
            self.unplaced(self.list_as_text(block), block.line, "lijst")

    def split_lazy_afspraken(self, item: Item) -> tuple[str, list[tuple[str, str, int]]]:
        """An 'Afspraak 2.2 …' line right under a bullet, without a blank line, is by Markdown's
        rules part of that bullet; it is the next afspraak. Returns the item's own text and the
        afspraken that followed it as (nummer, tekst, line)."""
        lines = item.raw.split("\n")
        starts = [
            i for i, line in enumerate(lines) if i and _AFSPRAAK_LABEL.match(strip_markup(line))
        ]
        if not starts:
            return item.text, []
        bounds = [*starts, len(lines)]
        volgende = []
        for start, end in zip(bounds, bounds[1:], strict=False):
            match = _AFSPRAAK_LABEL.match(strip_markup(" ".join(lines[start:end])))
            volgende.append((match.group(1), match.group(2), item.line + start))
        return strip_markup(" ".join(lines[: starts[0]])), volgende

    def continues_afspraak(self, block: ListBlock) -> bool:
        """Whether a list right after an afspraak's heading or paragraph belongs to its text:
        bullets do, and so does a numbered list the afspraak introduces with a colon."""
        afspraak = self.last_afspraak
        if afspraak is None:
            return False
        inleidend = afspraak.tekst.rstrip().endswith(":")
        if isinstance(self.last_afspraak_block, ListBlock):
            # "1. … namelijk:" with its bullets not indented: Markdown ends the numbered list
            return (
                self.previous_block is self.last_afspraak_block and not block.ordered and inleidend
            )
        if not isinstance(self.last_afspraak_block, Heading | Para):
            return False
        if not (self.afspraak_from_heading or self.previous_block is self.last_afspraak_block):
            return False
        return not block.ordered or inleidend

    @property
    def soort(self) -> str:
        return "systematiek" if self.sub == "systematiek" else "strategisch"

    def add_afspraak(
        self, nummer: str, tekst: str, line: int, footnotes: list[str] | None = None
    ) -> None:
        afspraak = DocAfspraak(
            nummer=nummer.strip().rstrip("."),
            tekst="\n".join(clean(line) for line in tekst.split("\n") if clean(line)),
            thema_nummer=self.thema.nummer if self.thema else None,
            soort=self.soort,
            regel=line,
            voetnoten=list(footnotes or []),
        )
        self.doc.afspraken.append(afspraak)
        self.last_afspraak = afspraak
        self.last_afspraak_block = self.current_block

    # -- tables ----------------------------------------------------------------------------

    def on_table(self, t: Table) -> None:
        if self.section == "inhoud":
            self.caption = None
            self.skip_toc(t.line)
            return
        if self.thema is not None and self.afspraken_table(t):
            self.caption = None
            return
        if self.section == "begrippen" and not self.caption and self.begrippen_table(t):
            return
        if self.caption:
            nummer, titel, _line_no = self.caption
        else:
            nummer = str(len(self.doc.tabellen) + 1)
            while any(x.nummer == nummer for x in self.doc.tabellen):
                nummer += "a"
            titel = f"Tabel {nummer}"
            self.warn(t.line, f"tabel zonder bijschrift 'Tabel N | titel'; genummerd als {nummer}.")
        self.caption = None
        kolommen = [strip_markup(c) for c in t.header[1:]]
        rijen = []
        text_cells = 0
        for raw_row in t.rows:
            cells = [strip_markup(c) for c in raw_row]
            if not any(cells):
                continue
            label = cells[0]
            waarden: list = []
            for cell in cells[1 : len(kolommen) + 1]:
                try:
                    waarden.append(parse_number(cell))
                except ValueError:
                    waarden.append(cell)
                    text_cells += 1
            waarden += [None] * (len(kolommen) - len(waarden))
            rijen.append(
                DocTabelRij(
                    label=label, waarden=waarden, is_totaal=normalise(label).startswith("totaal")
                )
            )
        tabel = DocTabel(
            nummer=nummer,
            titel=titel,
            kolommen=kolommen,
            rijen=rijen,
            thema_nummer=self.thema.nummer if self.thema else None,
            regel=t.line,
        )
        if text_cells:
            self.warn(
                t.line,
                f"tabel {nummer} bevat tekst in {text_cells} cel(len); die tellen niet mee in de "
                "controle van de totalen.",
                "info",
            )
        tabel.controles = check_table(tabel)
        for c in tabel.controles:
            wat = "opgeteld over de rij" if c["soort"] == "totaalrij" else "herberekend"
            self.warn(
                t.line,
                f"tabel {nummer}, rij '{c['rij']}', kolom '{c['kolom']}': gedrukt "
                f"{getal_nl(c['gedrukt'])}, {wat} {getal_nl(c['berekend'])}.",
                TABELCONTROLE,
            )
        self.doc.tabellen.append(tabel)
        self.recent_tables.append(tabel)

    def afspraken_table(self, t: Table) -> bool:
        """A table of afspraken (columns like 'Nr', 'Afspraak', 'Trekker', 'Wanneer'), as many
        gemeenten print them. Each row becomes an afspraak; the other columns are kept in its
        text as 'Kolom: waarde' so nothing is lost and the recognisers can read them."""
        header = [normalise(strip_markup(c)) for c in t.header]
        text_col = next(
            (
                i
                for i, h in enumerate(header)
                if re.search(r"\b(afspraak|afspraken|omschrijving|prestatie|wat)\b", h)
            ),
            None,
        )
        if text_col is None or (
            self.sub not in ("afspraken", "systematiek") and "afspra" not in header[text_col]
        ):
            return False
        nr_col = next(
            (
                i
                for i, h in enumerate(header)
                if h in ("nr", "nummer", "no", "#", "nr.", "afspraak nr")
            ),
            None,
        )
        labels = [strip_markup(c) for c in t.header]
        self.sub = self.sub if self.sub in ("afspraken", "systematiek") else "afspraken"
        for offset, raw_row in enumerate(t.rows, start=2):
            cells = [strip_markup(c) for c in raw_row]
            if not any(cells) or text_col >= len(cells) or not cells[text_col]:
                continue
            extra = [
                f"{labels[i]}: {cell}"
                for i, cell in enumerate(cells)
                if i not in (text_col, nr_col) and cell and i < len(labels) and labels[i]
            ]
            tekst = cells[text_col] + ("\n" + "\n".join(extra) if extra else "")
            nummer = cells[nr_col].rstrip(".") if nr_col is not None and nr_col < len(cells) else ""
            if not re.fullmatch(r"\d{1,3}(?:\.\d{1,3}){0,3}", nummer):
                in_thema = [a for a in self.doc.afspraken if a.thema_nummer == self.thema.nummer]
                nummer = f"{self.thema.nummer}.{len(in_thema) + 1}"
                self.warn(
                    t.line + offset,
                    f"afspraak zonder nummer in thema {self.thema.nummer}; genummerd als {nummer}.",
                    "info",
                )
            self.add_afspraak(nummer, tekst, t.line + offset)
        return True

    def begrippen_table(self, t: Table) -> bool:
        """A begrippenlijst printed as a table ('Begrip | Omschrijving'): a begrip per row.
        Further columns are kept in the definitie as 'Kolom: waarde'. A table of codes ('1A |
        Onherroepelijk bestemmingsplan') under a begrip gives that begrip's onderdelen."""
        header = [strip_markup(c) for c in t.header]
        if len(header) < 2:
            return False
        # body rows start two lines below the heading row (the '|---|' line is in between)
        rows = [(t.line + i, [strip_markup(c) for c in row]) for i, row in enumerate(t.rows, 2)]
        if normalise(header[0]) not in _BEGRIP_KOPPEN:
            rows.insert(0, (t.line, header))  # no heading row: the first begrip stands in it
            header = [""] * len(header)
        gevuld = [(line, cells) for line, cells in rows if cells and cells[0]]
        if self.begrip is not None and gevuld and all(_BEGRIP_CODE.match(c[0]) for _, c in gevuld):
            for _line, cells in gevuld:
                self.begrip.onderdelen.append(
                    DocBegripOnderdeel(
                        omschrijving=" ".join(c for c in cells[1:] if c),
                        groep=self.groep,
                        code=cells[0],
                    )
                )
            return True
        for line, cells in rows:
            if not cells or not cells[0]:
                if any(cells):
                    self.warn(line, f"begrip zonder term: '{_short(' '.join(cells))}'")
                continue
            rest = cells[1:]
            if len(rest) == 1 or not any(header[1:]):
                definitie = " ".join(c for c in rest if c)
            else:
                definitie = "\n".join(
                    f"{header[i]}: {c}" if i < len(header) and header[i] else c
                    for i, c in enumerate(cells)
                    if i > 0 and c
                )
            self.begrip = DocBegrip(
                term=dehyphenate_term(cells[0].rstrip(":")), definitie=definitie, regel=line
            )
            self.begrip_from_heading = False
            self.groep = ""
            self.doc.begrippen.append(self.begrip)
        return True

    # -- wrap up ---------------------------------------------------------------------------

    def find_period(self, text: str) -> None:
        match = _PERIOD.search(text)
        if match:
            self.doc.periode_van, self.doc.periode_tot = int(match.group(1)), int(match.group(2))

    def finish(self) -> None:
        doc = self.doc
        bestand = doc.bestandsnaam
        title = " ".join(self.title_parts)
        self.find_period(title)
        if doc.periode_van is None:
            self.find_period(self.text[:3000])
        if doc.periode_van is None:
            single = _SINGLE_YEAR.search(title)
            if single:
                doc.periode_van = doc.periode_tot = int(single.group(1))
        head = self.title_parts[0] if self.title_parts else ""
        if head.isupper():
            small = {"in", "de", "het", "en", "van", "gemeente", "voor", "tot", "met"}
            words = head.lower().split()
            head = " ".join(
                w.capitalize() if i == 0 or w not in small else w for i, w in enumerate(words)
            )
        rest = " ".join(self.title_parts[1:])
        rest = _PERIOD.sub(lambda m: f"{m.group(1)}–{m.group(2)}", rest).replace("|", " ")
        title = _PERIOD.sub(lambda m: f"{m.group(1)}–{m.group(2)}", f"{head} {rest}")
        doc.titel = clean(title)[:300]
        inleiding = next(
            (t for t in doc.tekstblokken if normalise(t.titel) in ("inleiding", "voorwoord")), None
        )
        doc.inleiding = inleiding.tekst if inleiding else ""
        doc.tekstblokken = [t for t in doc.tekstblokken if t.tekst.strip()]
        for partij in doc.partijen:
            partij.soort = infer_soort(partij.naam)
        self.strip_footnote_refs()
        fouten: list[Fout] = []
        if not doc.themas or not doc.strategische_afspraken:
            fouten.append(
                Fout(
                    bestand,
                    "dit lijkt geen document met prestatieafspraken: er zijn "
                    + ("geen thema's" if not doc.themas else "geen genummerde afspraken")
                    + " gevonden (verwacht: koppen als '1. Thema' en een lijst onder "
                    "'Strategische afspraken' of 'Afspraken').",
                )
            )
            raise ImportFout(fouten)
        self.renumber_per_chapter()
        for thema in doc.themas:
            if not thema.titel:
                fouten.append(Fout(bestand, f"thema {thema.nummer} heeft geen titel.", thema.regel))
        seen_themas: dict[int, int | None] = {}
        for thema in doc.themas:
            if thema.nummer in seen_themas:
                fouten.append(
                    Fout(
                        bestand,
                        f"Thema {thema.nummer} komt twee keer voor: regel "
                        f"{seen_themas[thema.nummer]} en regel {thema.regel}.",
                        thema.regel,
                    )
                )
            seen_themas.setdefault(thema.nummer, thema.regel)
        seen: dict[tuple[str, str], int | None] = {}
        for afspraak in doc.afspraken:
            key = (afspraak.soort, afspraak.nummer)
            if key in seen:
                label = "Afspraak" if afspraak.soort == "strategisch" else "Systematiek-afspraak"
                fouten.append(
                    Fout(
                        bestand,
                        f"{label} {afspraak.nummer} komt twee keer voor: regel {seen[key]} en "
                        f"regel {afspraak.regel}.",
                        afspraak.regel,
                    )
                )
            else:
                seen[key] = afspraak.regel
        seen_tabellen: dict[str, int | None] = {}
        for tabel in doc.tabellen:
            if tabel.nummer in seen_tabellen:
                fouten.append(
                    Fout(
                        bestand,
                        f"Tabel {tabel.nummer} komt twee keer voor: regel "
                        f"{seen_tabellen[tabel.nummer]} en regel {tabel.regel}.",
                        tabel.regel,
                    )
                )
            seen_tabellen.setdefault(tabel.nummer, tabel.regel)
        if doc.periode_van is None:
            fouten.append(
                Fout(
                    bestand,
                    "geen looptijd gevonden (verwacht in de titel, bijvoorbeeld "
                    "'Prestatieafspraken 2025 - 2027').",
                    1,
                )
            )
        elif doc.periode_tot < doc.periode_van:
            fouten.append(
                Fout(
                    bestand,
                    f"de looptijd {doc.periode_van}-{doc.periode_tot} eindigt voor hij begint.",
                    1,
                )
            )
        if fouten:
            raise ImportFout(fouten)
        if not doc.partijen and doc.ondertekenaars:
            for o in doc.ondertekenaars:
                naam = re.sub(r"\s*\([^)]*\)\s*$", "", o.organisatie_naam)
                short = re.search(r"\(([^)]+)\)\s*$", o.organisatie_naam)
                doc.partijen.append(
                    DocPartij(naam, short.group(1) if short else naam, o.regel, infer_soort(naam))
                )
            self.warn(
                None, "geen lijst van partijen gevonden; partijen afgeleid van de ondertekenaars."
            )
        if not doc.partijen:
            self.warn(None, "geen partijen gevonden (ondertekening ontbreekt).")
        if doc.ondertekend_op is None:
            self.warn(None, "geen datum van ondertekening gevonden.", "info")
        for thema in doc.themas:
            if not thema.doel:
                self.warn(thema.regel, f"thema {thema.nummer} heeft geen doel.", "info")
        self.anchor_footnotes()

    def anchor_footnotes(self) -> None:
        """Each footnote annotates the records whose text holds its marker ('[^2]')."""
        doc = self.doc
        by_nummer: dict[str, DocVoetnoot] = {}
        for voetnoot in doc.voetnoten:
            by_nummer.setdefault(voetnoot.nummer, voetnoot)

        def markers(text: str) -> list[DocVoetnoot]:
            found = []
            for nummer in VOETNOOT_MARKER.findall(text or ""):
                voetnoot = by_nummer.get(nummer)
                if voetnoot is not None and voetnoot not in found:
                    found.append(voetnoot)
            return found

        for afspraak in doc.afspraken:
            for voetnoot in markers(afspraak.tekst):
                voetnoot.afspraken.append((afspraak.soort, afspraak.nummer))
        for thema in doc.themas:
            for volgorde, ambitie in enumerate(thema.ambities, start=1):
                for voetnoot in markers(ambitie.tekst):
                    voetnoot.ambities.append((thema.nummer, volgorde))
        for index, blok in enumerate(doc.tekstblokken, start=1):
            for voetnoot in markers(blok.tekst):
                voetnoot.tekstblokken.append(index)
        for voetnoot in doc.voetnoten:
            if not (
                voetnoot.afspraken
                or voetnoot.ambities
                or voetnoot.tekstblokken
                or voetnoot.tabellen
            ):
                self.warn(
                    voetnoot.regel,
                    f"voetnoot {voetnoot.nummer} hoort bij geen afspraak, ambitie, tabel of "
                    "tekstblok (de verwijzing staat in een tekst die niet apart wordt bewaard).",
                    "info",
                )

    def strip_footnote_refs(self) -> None:
        known = {v.nummer for v in self.doc.voetnoten}
        for ref in sorted(self.footnote_refs - known):
            self.warn(None, f"voetnootverwijzing {ref} zonder voetnoottekst.", "info")

    def renumber_per_chapter(self) -> None:
        """Numbering that restarts at 1 in every chapter becomes '<thema>.<n>'."""
        doc = self.doc
        strategisch = doc.strategische_afspraken
        numbers = [a.nummer for a in strategisch]
        if len(numbers) == len(set(numbers)):
            return
        per_thema: dict[int | None, list[DocAfspraak]] = {}
        for a in strategisch:
            if a.nummer.isdigit():
                per_thema.setdefault(a.thema_nummer, []).append(a)
        restarts = [
            [a.nummer for a in afspraken] == [str(i) for i in range(1, len(afspraken) + 1)]
            for afspraken in per_thema.values()
        ]
        if len(per_thema) > 1 and all(restarts) and None not in per_thema:
            for thema_nummer, afspraken in per_thema.items():
                for a in afspraken:
                    a.nummer = f"{thema_nummer}.{a.nummer}"
            self.warn(
                None,
                "de nummering van de afspraken begint in elk thema opnieuw bij 1; "
                "genummerd als <thema>.<nummer> (bijvoorbeeld 2.1).",
                "info",
            )


def _kop(text: str) -> str:
    """A heading as a title, with the capital a printed heading starts with ('bijlage I …' in
    the PDF conversion → 'Bijlage I …'); the rest keeps the document's capitalisation."""
    return text[:1].upper() + text[1:] if text[:1].islower() else text


def _join(old: str, new: str, sep: str = "\n\n") -> str:
    return f"{old}{sep}{new}" if old else new


def _short(text: str, length: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def clean_keep_stars(raw: str) -> str:
    """Raw inline Markdown with tags and line breaks flattened but '**' kept."""
    raw = re.sub(r"<br\s*/?>", " ", raw, flags=re.IGNORECASE)
    raw = re.sub(r"<sup>.*?</sup>", "", raw, flags=re.IGNORECASE)
    raw = re.sub(r"</?[A-Za-z][^<>]*>", "", raw)
    return " ".join(raw.split())


_GROUP_PREFIX = re.compile(
    r"^(?:en\s+)?(?:de\s+)?(?:corporaties|woningcorporaties|gemeenten|huurdersorganisaties)\s+",
    re.IGNORECASE,
)


def split_party_names(text: str) -> list[str]:
    """'Gemeente Nijkerk, Vitens, CZ en WSN.' → ['Gemeente Nijkerk', 'Vitens', 'CZ', 'WSN']."""
    text = text.strip()
    if not text:
        return []
    if text.endswith(".") and not re.search(r"\b[A-Z]\.[A-Z]\.$", text):
        text = text[:-1]
    segments = [seg.strip() for seg in text.split(",")]
    parts: list[str] = []
    for index, segment in enumerate(segments):
        # ' en ' separates names at the end of an enumeration or where a new group starts
        # ('Soest en Woudenberg en de corporaties …'); elsewhere it is part of a name
        # ('Het Gooi en Omstreken', 'Stichting Jeugd- en Jongerenwerk').
        if index == len(segments) - 1 or re.search(r"\sen\s+de\s", segment):
            parts.extend(re.split(r"(?<!-)\s+en\s+(?=[A-Za-zÀ-ÿ])", segment))
        else:
            parts.append(segment)
    names = []
    for part in parts:
        part = _GROUP_PREFIX.sub("", part.strip()).strip(" ;:")
        if part.endswith(".") and not re.search(r"\b[A-Z]\.[A-Z]\.$", part):
            part = part[:-1].strip()
        if part and part.lower() not in ("en", "de"):
            names.append(part)
    return names


def infer_soort(naam: str) -> str:
    norm = normalise(naam)
    if norm.startswith("gemeente") or norm.startswith("college van"):
        return "gemeente"
    if "huurder" in norm or "bewonersraad" in norm or "bewonersorganisatie" in norm:
        return "huurdersorganisatie"
    if any(
        word in norm
        for word in (
            "woningstichting",
            "woningcorporatie",
            "woningbouw",
            "wonen",
            "woon",
            "alliantie",
            "portaal",
            "woningbeheer",
        )
    ):
        return "woningcorporatie"
    return ""


def parse_document(text: str, *, bestandsnaam: str) -> ParsedDocument:
    """Parse a prestatieafspraken document. Raises ImportFout for what cannot be imported."""
    try:
        return _Parser(text, bestandsnaam).run()
    except ImportFout:
        raise
    except RecursionError as exc:  # pathological nesting
        raise ImportFout(Fout(bestandsnaam, "het document is te diep genest om te lezen.")) from exc
