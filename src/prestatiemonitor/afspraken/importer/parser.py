"""Markdown text → ParsedDocument. Pure: no database, no Django.

The parser reads markdown-it block tokens and places each block by the *text* of the headings
around it, not by their level: PDF conversions make heading levels unreliable (Nijkerk has
``# 1.`` next to ``## 2.``), and other gemeenten use other levels and numbering ("Hoofdstuk 2",
"Thema 2:", afspraken "3.2.1" as paragraphs or headings, afspraken as bullet lists). Whatever it
cannot place goes into the report as a Melding with its line number; nothing is dropped
silently.
"""

from .afronding import Afronding
from .begrippen import BegrippenSectie
from .blocks import (
    _MD,
    Heading,
    ListBlock,
    Para,
    Table,
    blocks_from_tokens,
)
from .document import (
    DocBegrip,
    DocVoetnoot,
    ParsedDocument,
)
from .errors import Fout, ImportFout
from .grenzen import check_grenzen, check_tokens
from .koppen import (
    _AFSPRAAK_LABEL,
    _CHAPTER_NUMBER,
    _FOOTNOTE,
    _SECTION_NUMBER,
    _TABEL_CAPTION,
    _THEMA,
    _THEMA_UNNUMBERED,
    _implicit_theme_headings,
    _join,
    _kop,
    _sub_kind,
    _top_kind,
)
from .ondertekening import OndertekeningSectie, infer_soort, split_party_names
from .tabellen import TabellenSectie
from .text import (
    clean,
    dehyphenate_term,
    strip_markup,
)
from .thema import ThemaSectie

__all__ = ["infer_soort", "parse_document", "split_party_names"]


# ---------------------------------------------------------------------------------------------
# The parser


class _Parser(ThemaSectie, OndertekeningSectie, BegrippenSectie, TabellenSectie, Afronding):
    """Reads the blocks in order and hands each to the section it belongs to (the state and
    the shared helpers are in staat.ParserStaat)."""

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

    def para_tekst(self, p: Para) -> None:
        self.add_text(p.text, p.line, "Tekst")

    def para_bijlagen(self, p: Para) -> None:
        self.add_text(p.text, p.line, "Bijlagen")

    def para_convenanten(self, p: Para) -> None:
        self.add_text(p.text, p.line, "Convenanten")

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

    # -- tables ----------------------------------------------------------------------------

    # -- wrap up ---------------------------------------------------------------------------


def parse_document(text: str, *, bestandsnaam: str) -> ParsedDocument:
    """Parse a prestatieafspraken document. Raises ImportFout for what cannot be imported."""
    try:
        return _Parser(text, bestandsnaam).run()
    except ImportFout:
        raise
    except RecursionError as exc:  # pathological nesting
        raise ImportFout(Fout(bestandsnaam, "het document is te diep genest om te lezen.")) from exc
