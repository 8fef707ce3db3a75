"""Bounds on the work a document may cost, checked before and right after Markdown parsing.

markdown-it's inline and table rules are quadratic on some inputs (4 MB of nested emphasis took
61 s, 2 million '[' 37 s, a table of 100.000 rows 31 s). A prestatieafspraken document is far
below each bound; a document above one is refused with a Dutch message naming file, line and
column, before anything is written.
"""

from .errors import Fout, ImportFout

MAX_REGELLENGTE = 10_000  # characters on one line (Nijkerk: 1.008)
MAX_ALINEA = 50_000  # characters in one paragraph (lines without a blank line between them)
MAX_DIEPTE = 16  # unclosed '[' or '(' within one paragraph
MAX_OPMAAKTEKENS = 1_000  # emphasis characters '*' and '_' within one paragraph (Nijkerk: 40)
MAX_OPMAAKTEKENS_TOTAAL = 10_000  # … in the whole document (Nijkerk: 118)
MAX_HAKEN_TOTAAL = 5_000  # '[' in the whole document: each may start a link (Nijkerk: 0)
MAX_TABELRIJEN = 2_000
MAX_TABELKOLOMMEN = 60
MAX_BLOKKEN = 5_000  # paragraphs, headings, list items and table rows together (Nijkerk: ~200)


def _fout(bestandsnaam: str, tekst: str, regel: int, kolom: int | None = None) -> ImportFout:
    return ImportFout(Fout(bestandsnaam, tekst, regel, kolom))


def _getal(n: int) -> str:
    from ..weergave import getal

    return getal(n)


def check_grenzen(text: str, bestandsnaam: str) -> None:
    """One pass over the lines; raises ImportFout at the first bound that is exceeded."""
    alinea_tekens = 0
    diepte = 0
    opmaak = 0
    opmaak_totaal = 0
    haken_totaal = 0
    tabelrijen = 0
    blokken = 0
    vorige_leeg = True
    for regel, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_REGELLENGTE:
            raise _fout(
                bestandsnaam,
                f"regel {regel} is te lang ({_getal(len(line))} tekens; het maximum is "
                f"{_getal(MAX_REGELLENGTE)}). Breek de tekst af in alinea's.",
                regel,
                MAX_REGELLENGTE + 1,
            )
        stripped = line.strip()
        if not stripped:
            alinea_tekens = diepte = opmaak = tabelrijen = 0
            vorige_leeg = True
            continue
        is_tabelrij = stripped.startswith("|")
        if (
            vorige_leeg
            or is_tabelrij
            or stripped[:1] in "#-*+"
            or stripped[:2].rstrip(".)").isdigit()
        ):
            blokken += 1
            if blokken > MAX_BLOKKEN:
                raise _fout(
                    bestandsnaam,
                    f"het document heeft te veel alinea's, koppen, lijstregels en tabelrijen "
                    f"(meer dan {_getal(MAX_BLOKKEN)}).",
                    regel,
                    1,
                )
        vorige_leeg = False
        if is_tabelrij:
            tabelrijen += 1
            if tabelrijen > MAX_TABELRIJEN + 2:  # the heading row and the '|---|' line
                raise _fout(
                    bestandsnaam,
                    f"de tabel heeft te veel rijen (meer dan {_getal(MAX_TABELRIJEN)}).",
                    regel,
                    1,
                )
            kolommen = stripped.count("|") - 1
            if kolommen > MAX_TABELKOLOMMEN:
                raise _fout(
                    bestandsnaam,
                    f"de tabel heeft te veel kolommen ({_getal(kolommen)}; het maximum is "
                    f"{MAX_TABELKOLOMMEN}).",
                    regel,
                    _nth(line, "|", MAX_TABELKOLOMMEN + 2),
                )
        else:
            tabelrijen = 0
        alinea_tekens += len(line) + 1
        if alinea_tekens > MAX_ALINEA:
            raise _fout(
                bestandsnaam,
                f"de alinea of tabel die hier eindigt is te lang (meer dan {_getal(MAX_ALINEA)} "
                "tekens zonder witregel).",
                regel,
                1,
            )
        for kolom, ch in enumerate(line, start=1):
            if ch in "[(":
                diepte += 1
                if ch == "[":
                    haken_totaal += 1
                    if haken_totaal > MAX_HAKEN_TOTAAL:
                        raise _fout(
                            bestandsnaam,
                            f"het document bevat te veel haken '[' (meer dan "
                            f"{_getal(MAX_HAKEN_TOTAAL)}).",
                            regel,
                            kolom,
                        )
                if diepte > MAX_DIEPTE:
                    raise _fout(
                        bestandsnaam,
                        f"de tekst is te diep genest: meer dan {MAX_DIEPTE} haakjes '[' of '(' "
                        "staan tegelijk open.",
                        regel,
                        kolom,
                    )
            elif ch in "])":
                diepte = max(0, diepte - 1)
            elif ch in "*_":
                opmaak += 1
                opmaak_totaal += 1
                if opmaak_totaal > MAX_OPMAAKTEKENS_TOTAAL:
                    raise _fout(
                        bestandsnaam,
                        f"het document bevat te veel opmaaktekens ('*' of '_'): meer dan "
                        f"{_getal(MAX_OPMAAKTEKENS_TOTAAL)}.",
                        regel,
                        kolom,
                    )
                if opmaak > MAX_OPMAAKTEKENS:
                    raise _fout(
                        bestandsnaam,
                        f"te veel opmaaktekens ('*' of '_') in één alinea: meer dan "
                        f"{_getal(MAX_OPMAAKTEKENS)}; zo diep geneste nadruk kan niet worden "
                        "gelezen.",
                        regel,
                        kolom,
                    )


def _nth(line: str, char: str, n: int) -> int:
    index = -1
    for _ in range(n):
        index = line.find(char, index + 1)
        if index < 0:
            return len(line)
    return index + 1


def check_tokens(tokens, bestandsnaam: str) -> None:
    """The block count as markdown-it sees it (a last guard; the line scan catches the rest)."""
    blokken = sum(1 for t in tokens if t.type == "inline")
    if blokken > MAX_BLOKKEN * 2:
        line = next((t.map[0] + 1 for t in reversed(tokens) if t.map), 1)
        raise _fout(
            bestandsnaam,
            f"het document heeft te veel alinea's, koppen, lijstregels en tabelcellen "
            f"(meer dan {_getal(MAX_BLOKKEN * 2)}).",
            line,
            1,
        )
