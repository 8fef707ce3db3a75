"""Printed tables with a caption 'Tabel N | titel': rows, totals and the sum checks."""

from .blocks import (
    Table,
)
from .document import (
    TABELCONTROLE,
    DocTabel,
    DocTabelRij,
)
from .staat import ParserStaat
from .tables import check_table, getal_nl
from .text import (
    normalise,
    parse_number,
    strip_markup,
)


class TabellenSectie(ParserStaat):
    """Methods of the parser (see parser._Parser) for this part of the document."""

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
