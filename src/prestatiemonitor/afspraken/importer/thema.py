"""Themes: opgave, doel, ambities, afspraken (lists, paragraphs, headings, tables) and systematiek."""

import re

from .blocks import (
    Heading,
    Item,
    ListBlock,
    Para,
    Table,
)
from .document import (
    DocAfspraak,
    DocAmbitie,
    DocThema,
)
from .koppen import (
    _AFSPRAAK_LABEL,
    _CHAPTER_NUMBER,
    _join,
)
from .staat import ParserStaat
from .text import (
    clean,
    normalise,
    strip_markup,
)


class ThemaSectie(ParserStaat):
    """Methods of the parser (see parser._Parser) for this part of the document."""

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
                    assert match is not None  # its first line matched
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
                    afspraak = self.last_afspraak
                    assert afspraak is not None  # continues_afspraak checked it
                    afspraak.tekst = _join(
                        afspraak.tekst, "  " * item.depth + f"- {tekst}", sep="\n"
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
            assert match is not None  # its first line matched
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
                thema = self.thema
                assert thema is not None  # afspraken tables are read inside a theme
                in_thema = [a for a in self.doc.afspraken if a.thema_nummer == thema.nummer]
                nummer = f"{thema.nummer}.{len(in_thema) + 1}"
                self.warn(
                    t.line + offset,
                    f"afspraak zonder nummer in thema {thema.nummer}; genummerd als {nummer}.",
                    "info",
                )
            self.add_afspraak(nummer, tekst, t.line + offset)
        return True
