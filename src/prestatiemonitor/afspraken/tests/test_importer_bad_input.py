"""Bad input gets a Dutch error naming file, line (and column) and nothing is written."""

import codecs

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prestatiemonitor.afspraken.importer.errors import ImportFout
from prestatiemonitor.afspraken.importer.parser import parse_document
from prestatiemonitor.afspraken.importer.reader import read_document
from prestatiemonitor.afspraken.importer.services import gemeente_by_code, import_document
from prestatiemonitor.afspraken.models import (
    Afspraak,
    Afsprakenkader,
    Begrip,
    ImportVerslag,
    Thema,
)
from prestatiemonitor.audit.models import AuditRecord
from prestatiemonitor.organisaties.models import Organisatie
from prestatiemonitor.organisaties.permissions import SYSTEEM


def _counts():
    return (
        Afsprakenkader.objects.count(),
        Thema.objects.count(),
        Afspraak.objects.count(),
        Begrip.objects.count(),
        ImportVerslag.objects.count(),
        AuditRecord.objects.count(),
        Organisatie.objects.count(),
    )


def _refused(data: bytes, naam: str) -> str:
    before = _counts()
    with pytest.raises(ImportFout) as exc:
        import_document(
            data=data, bestandsnaam=naam, gemeente=gemeente_by_code("GM0267"), acting_user=SYSTEEM
        )
    assert _counts() == before
    return str(exc.value)


@pytest.mark.django_db
def test_empty_file(nijkerk_parties):
    assert _refused(b"", "leeg.md") == "leeg.md: het bestand is leeg."
    assert _refused(b"  \n\n ", "spaties.md") == "spaties.md: het bestand is leeg."


@pytest.mark.django_db
def test_binary_file(nijkerk_parties):
    message = _refused(b"# Titel\nregel twee\n\x00\x01\x02\x03", "foto.md")
    assert message == (
        "foto.md, regel 3: dit is geen tekstbestand: het bevat binaire gegevens (een NUL-teken)."
    )
    assert _refused(b"%PDF-1.7\n...", "document.pdf").startswith(
        "document.pdf: dit is een PDF-bestand, geen tekstbestand."
    )
    assert "ZIP-bestand (bijvoorbeeld Word .docx" in _refused(b"PK\x03\x04rest", "a.docx")


@pytest.mark.django_db
def test_wrong_encoding_names_line_and_column(nijkerk_parties, nijkerk_document_bytes):
    latin1 = nijkerk_document_bytes.decode().encode("cp1252", errors="replace")
    message = _refused(latin1, "nijkerk-latin1.md")
    # the first non-ASCII character is the 'ë' of "strategieën" on line 90, column 175
    assert message.startswith(
        "nijkerk-latin1.md, regel 90, kolom 175: het bestand is geen geldige UTF-8-tekst "
        "(byte 0xEB kan hier niet staan)."
    )
    assert "Windows-1252" in message


@pytest.mark.django_db
def test_not_a_prestatieafspraken_document(nijkerk_parties):
    message = _refused(b"# Boodschappenlijst\n\n- melk\n- brood\n", "lijst.md")
    assert message.startswith(
        "lijst.md: dit lijkt geen document met prestatieafspraken: er zijn geen thema's gevonden"
    )
    themes_only = "# Plan 2025-2026\n\n## 1. Wonen\n\nTekst over wonen.\n"
    assert "geen genummerde afspraken gevonden" in _refused(themes_only.encode(), "plan.md")


@pytest.mark.django_db
def test_duplicate_afspraak_numbers(nijkerk_parties, nijkerk_document_bytes):
    text = nijkerk_document_bytes.decode().replace("\n9. Partijen streven", "\n7. Partijen streven")
    message = _refused(text.encode(), "dubbel.md")
    assert (
        message == "dubbel.md, regel 177: Afspraak 7 komt twee keer voor: regel 153 en regel 177."
    )


@pytest.mark.django_db
def test_too_large(nijkerk_parties, settings):
    big = b"# x\n" + b"a" * (5 * 1024 * 1024)
    assert "te groot" in _refused(big, "groot.md")


def test_utf8_with_bom_and_utf16_are_accepted(nijkerk_document_bytes):
    text = nijkerk_document_bytes.decode()
    assert read_document(codecs.BOM_UTF8 + nijkerk_document_bytes, bestandsnaam="x") == text
    assert read_document(text.encode("utf-16"), bestandsnaam="x") == text
    assert read_document(text.replace("\n", "\r\n").encode(), bestandsnaam="x") == text


def test_missing_period_is_reported():
    text = "# Afspraken Dorp\n\n## 1. Wonen\n\n### Afspraken\n\n1. We bouwen.\n"
    with pytest.raises(ImportFout) as exc:
        parse_document(text, bestandsnaam="dorp.md")
    assert str(exc.value) == (
        "dorp.md, regel 1: geen looptijd gevonden (verwacht in de titel, bijvoorbeeld "
        "'Prestatieafspraken 2025 - 2027')."
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=600))
def test_parser_never_crashes_on_arbitrary_text(text):
    try:
        parse_document(read_document(text.encode(), bestandsnaam="x.md"), bestandsnaam="x.md")
    except ImportFout as exc:
        assert all(m.startswith("x.md") for m in exc.meldingen)


_md_line = st.sampled_from(
    [
        "# 1. Wonen",
        "## Strategische afspraken",
        "## Gezamenlijke ambitie",
        "### Afspraken",
        "# Bijlage II Begrippenlijst",
        "# Ondertekening",
        "1. De gemeente bouwt in 2026.",
        "2. Partijen overleggen.",
        "- Term** definitie",
        "- **Naam**, hierna te noemen: X",
        "**Doel** Goed wonen.",
        "| a | b |",
        "|---|---|",
        "| Totaal | 3 |",
        "Tabel 1 | Iets",
        "<sup>1</sup>",
        "1) voetnoot",
        "3.2.1 Een afspraak",
        "",
        "Prestatieafspraken 2025 - 2027",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_md_line, st.text(max_size=40)), max_size=40))
def test_parser_never_crashes_on_document_like_text(lines):
    try:
        doc = parse_document("\n".join(lines), bestandsnaam="y.md")
    except ImportFout as exc:
        assert all(m.startswith("y.md") for m in exc.meldingen)
    else:
        assert doc.themas and doc.strategische_afspraken


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_reader_never_crashes_on_arbitrary_bytes(data):
    try:
        text = read_document(data, bestandsnaam="z.bin")
    except ImportFout as exc:
        assert all(m.startswith("z.bin") for m in exc.meldingen)
    else:
        assert "\x00" not in text and "\r" not in text


_words = st.text(
    alphabet=st.sampled_from("abcdefghij klmnop ABC*<>_#|-0123456789éë€%()."),
    min_size=1,
    max_size=30,
)


@st.composite
def prestatie_documents(draw):
    """Documents shaped like prestatieafspraken, with random content and random noise."""
    lines = ["# Prestatieafspraken Nijkerk 2025 - 2027", ""]
    if draw(st.booleans()):
        lines += ["# Ondertekening", ""]
        for naam, kort in draw(
            st.lists(
                st.sampled_from(
                    [
                        ("Gemeente Nijkerk", "gemeente"),
                        ("Woningstichting Nijkerk", "WSN"),
                        ("Huurdersorganisatie Nijkerk", "HON"),
                        ("Woonstichting Nieuw", "WN"),
                    ]
                ),
                unique=True,
                max_size=4,
            )
        ):
            lines.append(f"- **{naam}**, hierna te noemen: {kort}")
        lines += ["", "Deze afspraken zijn ondertekend op 20 februari 2025 te Nijkerk.", ""]
    for nummer in range(1, draw(st.integers(1, 4)) + 1):
        kop = draw(st.sampled_from(["# {n}. ", "## Thema {n}: ", "### Hoofdstuk {n} "]))
        lines += [kop.format(n=nummer) + draw(_words), "", f"**Doel** {draw(_words)}", ""]
        if draw(st.booleans()):
            lines += ["## Gezamenlijke ambitie", ""]
            lines += [f"- {w}" for w in draw(st.lists(_words, max_size=3))] + [""]
        lines += [draw(st.sampled_from(["## Strategische afspraken", "### Afspraken"])), ""]
        for n in draw(st.lists(st.integers(1, 40), min_size=1, max_size=5)):
            lines.append(f"{n}. {draw(_words)} in 20{draw(st.integers(10, 40))}")
        lines.append("")
        if draw(st.booleans()):
            cells = draw(st.lists(st.integers(-999, 9999), min_size=4, max_size=4))
            lines += [
                f"Tabel {nummer} | {draw(_words)}",
                "",
                "| | A | Netto |",
                "|---|---|---|",
                f"| WSN | {cells[0]} | {cells[1]} |",
                f"| Totaal | {cells[2]} | {cells[3]} |",
                "",
            ]
        lines += draw(st.lists(st.one_of(_md_line, _words), max_size=4)) + [""]
    if draw(st.booleans()):
        lines += ["## Bijlage II Begrippenlijst", ""]
        lines += [f"- {w}** {draw(_words)}" for w in draw(st.lists(_words, max_size=4))]
    return "\n".join(lines)


@pytest.mark.django_db(transaction=False)
@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(prestatie_documents())
def test_whole_import_never_fails_with_anything_but_import_error(nijkerk_parties, text):
    """Whatever the parser accepts, the database accepts too (no IntegrityError, no 500)."""
    from django.db import transaction

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            verslag = import_document(
                data=text.encode(),
                bestandsnaam="h.md",
                gemeente=gemeente_by_code("GM0267"),
                acting_user=SYSTEEM,
            )
            assert verslag.kader.afspraken.exists()
            raise Rollback
    except (ImportFout, Rollback):
        pass


# -- bounded work: pathological documents are refused before they cost minutes of CPU ------

HEAD = "# Prestatieafspraken 2025-2027\n\n## 1. Wonen\n\n## Afspraken\n\n1. De gemeente bouwt.\n\n"
HEAD_LINES = HEAD.count("\n")  # the pathological part starts on line HEAD_LINES + 1


def _parse_refused(text: str) -> str:
    with pytest.raises(ImportFout) as exc:
        parse_document(text, bestandsnaam="zwaar.md")
    return str(exc.value)


def test_a_line_of_two_million_brackets_is_refused_for_its_length():
    message = _parse_refused(HEAD + "[" * 2_000_000 + "\n")
    assert message == (
        f"zwaar.md, regel {HEAD_LINES + 1}, kolom 10001: regel {HEAD_LINES + 1} is te lang "
        "(2.000.000 tekens; het maximum is 10.000). Breek de tekst af in alinea's."
    )


def test_four_megabytes_of_nested_emphasis_are_refused():
    # one paragraph of 4 MB: '*a **b ***c' over and over, one per line
    message = _parse_refused(HEAD + "*a **b ***c\n" * 350_000)
    # the 1.001st '*' of the paragraph: 6 per line → line 167 of the paragraph, column 9
    assert message == (
        f"zwaar.md, regel {HEAD_LINES + 167}, kolom 9: te veel opmaaktekens ('*' of '_') in "
        "één alinea: meer dan 1.000; zo diep geneste nadruk kan niet worden gelezen."
    )
    # spread over many paragraphs, the whole document is bounded too
    message = _parse_refused(HEAD + ("*a **b ***c\n" * 100 + "\n") * 100)
    assert message == (
        # the 10.001st '*': paragraph 17 (600 per paragraph), its line 67, column 9
        f"zwaar.md, regel {HEAD_LINES + 16 * 101 + 67}, kolom 9: het document bevat te veel "
        "opmaaktekens ('*' of '_'): meer dan 10.000."
    )


def test_deeply_nested_brackets_are_refused_with_line_and_column():
    message = _parse_refused(HEAD + "[[[[[[[[[[\n" * 5)
    assert message == (
        f"zwaar.md, regel {HEAD_LINES + 2}, kolom 7: de tekst is te diep genest: meer dan 16 "
        "haakjes '[' of '(' staan tegelijk open."
    )
    message = _parse_refused(HEAD + "[a [b\n\n" * 3_000)
    assert message == (
        f"zwaar.md, regel {HEAD_LINES + 2 * 2_500 + 1}, kolom 1: het document bevat te veel "
        "haken '[' (meer dan 5.000)."
    )
    # closed brackets do not count: a long paragraph of links is fine
    parse_document(HEAD + "[link](https://example.org) " * 100 + "\n", bestandsnaam="ok.md")


def test_a_very_long_paragraph_is_refused():
    message = _parse_refused(HEAD + ("woorden " * 100 + "\n") * 70)
    assert message == (
        f"zwaar.md, regel {HEAD_LINES + 63}, kolom 1: de alinea of tabel die hier eindigt is te "
        "lang (meer dan 50.000 tekens zonder witregel)."
    )


def test_a_table_of_a_hundred_thousand_rows_is_refused():
    table = "| a | b |\n|---|---|\n" + "| 1 | 2 |\n" * 100_000
    message = _parse_refused(HEAD + table)
    assert message == (
        f"zwaar.md, regel {HEAD_LINES + 2003}, kolom 1: de tabel heeft te veel rijen (meer dan "
        "2.000)."
    )


def test_a_table_with_too_many_columns_is_refused():
    message = _parse_refused(HEAD + "|" + " x |" * 100 + "\n|" + "---|" * 100 + "\n")
    assert message == (
        f"zwaar.md, regel {HEAD_LINES + 1}, kolom 245: de tabel heeft te veel kolommen (100; "
        "het maximum is 60)."
    )


def test_too_many_blocks_are_refused():
    message = _parse_refused(HEAD + "Een alinea.\n\n" * 25_000)
    assert message == (
        # HEAD holds 4 blocks; the 5.001st block is paragraph 4.997
        f"zwaar.md, regel {HEAD_LINES + 2 * (5_001 - 4 - 1) + 1}, kolom 1: het document heeft te "
        "veel alinea's, koppen, lijstregels en tabelrijen (meer dan 5.000)."
    )


@pytest.mark.django_db
def test_a_pathological_upload_writes_nothing(nijkerk_parties):
    message = _refused((HEAD + "| 1 | 2 |\n" * 5_000).encode(), "tabel.md")
    assert message.startswith(f"tabel.md, regel {HEAD_LINES + 2003}, kolom 1: de tabel heeft")
