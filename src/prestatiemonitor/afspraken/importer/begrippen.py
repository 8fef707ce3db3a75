"""The begrippenlijst: broken bold, headings, lists and tables of terms and their codes."""

import re

from .blocks import (
    ListBlock,
    Para,
    Table,
)
from .document import (
    DocBegrip,
    DocBegripOnderdeel,
)
from .koppen import (
    _BEGRIP_BROKEN,
    _BEGRIP_CODE,
    _BEGRIP_KOPPEN,
    _join,
    _short,
)
from .staat import ParserStaat
from .text import (
    InlineText,
    clean,
    dehyphenate_term,
    normalise,
    strip_markup,
)


class BegrippenSectie(ParserStaat):
    """Methods of the parser (see parser._Parser) for this part of the document."""

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


def clean_keep_stars(raw: str) -> str:
    """Raw inline Markdown with tags and line breaks flattened but '**' kept."""
    raw = re.sub(r"<br\s*/?>", " ", raw, flags=re.IGNORECASE)
    raw = re.sub(r"<sup>.*?</sup>", "", raw, flags=re.IGNORECASE)
    raw = re.sub(r"</?[A-Za-z][^<>]*>", "", raw)
    return " ".join(raw.split())
