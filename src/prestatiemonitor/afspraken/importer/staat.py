"""The state the parser's sections share while the blocks are read in order, and the helpers
they all use. Each section (thema.py, ondertekening.py, begrippen.py, tabellen.py,
afronding.py) is a subclass; parser._Parser combines them."""

from .blocks import ListBlock, Para, Table
from .document import (
    DocAfspraak,
    DocBegrip,
    DocTabel,
    DocTekstblok,
    DocThema,
    Melding,
    ParsedDocument,
)
from .koppen import _short


class ParserStaat:
    """Where the reader is: the section, the current theme, sub-section, text block, begrip and
    afspraak, and what came just before (a caption, tables, footnote references)."""

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
        blok = self.tekstblok
        assert blok is not None
        blok.tekst += ("\n\n" if blok.tekst else "") + text

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
            blok = self.tekstblok
            assert blok is not None
            blok.tekst += ("\n\n" if blok.tekst else "") + text
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

    def skip_toc(self, line: int) -> None:
        """The table of contents repeats the headings; it is not data. Reported once."""
        if not any("inhoudsopgave" in m.tekst for m in self.doc.meldingen):
            self.warn(line, "inhoudsopgave overgeslagen (herhaalt alleen de koppen).", "info")

    # -- implemented by the sections (declared here for the type checker) -----------------

    def leave_thema(self) -> None:
        raise NotImplementedError

    def add_afspraak(
        self, nummer: str, tekst: str, line: int, footnotes: list[str] | None = None
    ) -> None:
        raise NotImplementedError

    def afspraken_table(self, t: Table) -> bool:
        raise NotImplementedError

    def begrippen_table(self, t: Table) -> bool:
        raise NotImplementedError

    def find_period(self, text: str) -> None:
        raise NotImplementedError
