"""Review findings in the importer, on documents laid out as other gemeenten send them."""

from pathlib import Path

import pytest

from prestatiemonitor.afspraken import selectors
from prestatiemonitor.afspraken.importer.document import TABELCONTROLE
from prestatiemonitor.afspraken.importer.errors import ImportFout
from prestatiemonitor.afspraken.importer.parser import parse_document
from prestatiemonitor.afspraken.importer.reader import read_document
from prestatiemonitor.afspraken.importer.services import import_document
from prestatiemonitor.afspraken.models import Tabel
from prestatiemonitor.organisaties.permissions import SYSTEEM
from prestatiemonitor.organisaties.tests.factories import GebiedFactory

DOCUMENTEN = Path(__file__).parent / "documenten"
OOSTSTAD = "variant-ooststad-review.md"
WESTDORP = "variant-westdorp-review.md"


def _parse(name: str, text: str | None = None):
    text = (DOCUMENTEN / name).read_text() if text is None else text
    return parse_document(text, bestandsnaam=name)


def test_bullets_under_a_labelled_afspraak_belong_to_its_text_not_new_afspraken():
    # Before: the bullets became afspraken 1.3 and 1.4, and the real "Afspraak 1.3" was
    # refused as a duplicate, so the document could not be imported at all.
    doc = _parse(OOSTSTAD)
    assert [(a.nummer, a.thema_nummer, a.regel) for a in doc.afspraken] == [
        ("1.1", 1, 9),
        ("1.2", 1, 11),
        ("1.3", 1, 17),
        ("2.1", 2, 35),
    ]
    assert doc.afspraken[1].tekst == (
        "Ooststad Wonen houdt de huren onder de aftoppingsgrens, met uitzonderingen:\n"
        "- voor nieuwbouw vanaf 2027;\n"
        "  - behalve in de kern Noord;\n"
        "- voor geliberaliseerde woningen."
    )
    assert not any("zonder nummer" in m.tekst for m in doc.meldingen)


def test_bullets_under_an_afspraak_heading_and_a_label_on_the_line_after_a_bullet():
    doc = _parse(WESTDORP)
    assert [(a.nummer, a.thema_nummer, a.regel) for a in doc.afspraken] == [
        ("1.1", 1, 11),
        ("1.2", 1, 20),
        ("2.1", 2, 28),
        ("2.2", 2, 31),
    ]
    assert doc.afspraken[0].tekst == (
        "Bouwprogramma\n\nWestwonen bouwt 300 woningen:\n- 200 sociale huurwoningen;\n"
        "- 100 middenhuurwoningen.\n\nDe gemeente levert de grond."
    )
    # "Afspraak 2.2" directly under a bullet (no blank line) is the next afspraak, not part
    # of the bullet's text
    assert doc.afspraken[2].tekst == (
        "Westwonen en de gemeente houden wijkschouwen, met:\n- bewoners;\n- de wijkagent."
    )
    assert doc.afspraken[3].tekst == "De huurdersraad organiseert een bewonersavond in 2026."


def test_a_begrippenlijst_printed_as_a_table_gives_begrippen():
    # Before: it became "Tabel 2" with text cells and no begrippen at all.
    doc = _parse(OOSTSTAD)
    assert [(b.term, b.definitie, b.regel) for b in doc.begrippen] == [
        ("Aftoppingsgrens", "De huurgrens voor huurtoeslag.", 41),
        ("Label B", "Een energielabel B of beter.", 42),
        ("Harde plannen", "Plannen die juridisch vastliggen.", 43),
    ]
    # a table of codes right under a begrip gives its structured sub-items
    assert [(o.code, o.omschrijving) for o in doc.begrippen[2].onderdelen] == [
        ("1A", "Onherroepelijk bestemmingsplan"),
        ("1B", "Vastgesteld bestemmingsplan"),
    ]
    assert [t.nummer for t in doc.tabellen] == ["1"]
    assert not any("bijschrift" in m.tekst for m in doc.meldingen)


def test_subtotal_rows_are_not_counted_twice_in_the_column_totals():
    # Before: "Subtotaal" was summed with the rows it totals, and three printed totals that
    # are right were reported as wrong (e.g. Sociaal: printed 3.245, recomputed 6.480).
    doc = _parse(OOSTSTAD)
    (tabel,) = doc.tabellen
    assert [r.waarden for r in tabel.rijen][0] == [1234, 56, 1290]
    assert [r.is_totaal for r in tabel.rijen] == [False, False, False, False, True]
    assert tabel.controles == []
    assert not [m for m in doc.meldingen if m.soort == TABELCONTROLE]


def test_a_wrong_subtotal_is_reported_in_dutch_notation():
    text = (DOCUMENTEN / OOSTSTAD).read_text()
    text = text.replace(
        "| Subtotaal | 3.235 | 156 | 3.391 |", "| Subtotaal | 3.335 | 156 | 3.491 |"
    )
    doc = _parse(OOSTSTAD, text)
    (tabel,) = doc.tabellen
    assert [(c["rij"], c["kolom"], c["gedrukt"], c["berekend"]) for c in tabel.controles] == [
        ("Subtotaal", "Sociaal", 3335, 3235),
        ("Subtotaal", "Totaal", 3491, 3391),
    ]
    assert [m.tekst for m in doc.meldingen if m.soort == TABELCONTROLE] == [
        "tabel 1, rij 'Subtotaal', kolom 'Sociaal': gedrukt 3.335, herberekend 3.235.",
        "tabel 1, rij 'Subtotaal', kolom 'Totaal': gedrukt 3.491, herberekend 3.391.",
    ]


@pytest.mark.django_db
def test_ooststad_imports_and_its_table_page_flags_no_right_total_as_wrong():
    gemeente = GebiedFactory(naam="Ooststad", cbs_code="GM9901")
    verslag = import_document(
        data=(DOCUMENTEN / OOSTSTAD).read_bytes(),
        bestandsnaam=OOSTSTAD,
        gemeente=gemeente,
        acting_user=SYSTEEM,
    )
    kader = verslag.kader
    assert kader.afspraken.count() == 4
    assert list(kader.begrippen.values_list("term", flat=True)) == [
        "Aftoppingsgrens",
        "Label B",
        "Harde plannen",
    ]
    weergave = selectors.tabel_weergave(Tabel.objects.get(kader=kader, nummer="1"))
    assert not weergave.heeft_afwijkingen
    # the printed total row; the pages add no recomputed row (the importer checks the sums)
    totaal = weergave.rijen[-1]
    assert totaal.is_totaal
    assert [c.waarde for c in totaal.cellen] == [3245, 156, 3401]


def test_cp1252_euro_sign_with_windows_line_endings_is_refused_with_line_and_column():
    text = (DOCUMENTEN / OOSTSTAD).read_text().replace("met uitzonderingen", "tot € 25 per maand")
    data = text.replace("\n", "\r\n").encode("cp1252")
    with pytest.raises(ImportFout) as exc:
        read_document(data, bestandsnaam="ooststad.md")
    (melding,) = exc.value.meldingen
    assert melding.startswith("ooststad.md, regel 11, kolom 74: het bestand is geen geldige UTF-8")
    assert "Windows-1252" in melding


def test_bullets_not_indented_under_a_numbered_afspraak_ending_in_a_colon_are_its_text():
    # Before: the two bullets became extra afspraken "1.2" and "1.3" next to 1, 2 and 3.
    doc = _parse("variant-noordveen-review.md")
    assert [(a.nummer, a.regel) for a in doc.afspraken] == [("1", 9), ("2", 12), ("3", 13)]
    assert doc.afspraken[0].tekst == (
        "De gemeente en Noordveen Wonen bouwen samen, namelijk:\n"
        "- 40 sociale huurwoningen;\n"
        "- 10 middenhuurwoningen."
    )
    assert not any("zonder nummer" in m.tekst for m in doc.meldingen)


def test_afspraak_headings_directly_under_a_theme_are_afspraken():
    # Before: without an "Afspraken" heading above them, "### Afspraak 1: Nieuwbouw" headings
    # became text blocks and the document was refused ("geen genummerde afspraken gevonden").
    doc = _parse("variant-zuidwijk-review.md")
    assert [(a.nummer, a.thema_nummer, a.regel) for a in doc.afspraken] == [
        ("1", 1, 7),
        ("2", 1, 11),
        ("3", 2, 19),
    ]
    assert doc.afspraken[2].tekst == (
        "Wijkschouwen\n\nZuidwijk Wonen houdt jaarlijks wijkschouwen met de huurdersraad."
    )
    assert [t.doel for t in doc.themas] == ["Genoeg betaalbare woningen.", "Prettige wijken."]
