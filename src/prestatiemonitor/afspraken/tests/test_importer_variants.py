"""Other gemeenten lay their documents out differently; the parser copes or reports."""

from pathlib import Path

import pytest

from prestatiemonitor.afspraken.importer.parser import parse_document
from prestatiemonitor.organisaties.permissions import SYSTEEM

DOCUMENTEN = Path(__file__).parent / "documenten"


def _parse(name: str):
    return parse_document((DOCUMENTEN / name).read_text(), bestandsnaam=name)


def test_chapters_named_hoofdstuk_with_afspraken_numbered_per_chapter_as_paragraphs():
    doc = _parse("variant-hoofdstukken.md")
    assert doc.titel == "Prestatieafspraken Voorbeeldstad 2026–2029"
    assert (doc.periode_van, doc.periode_tot) == (2026, 2029)
    assert str(doc.ondertekend_op) == "2026-03-03" and doc.ondertekend_te == "Voorbeeldstad"
    assert [(t.nummer, t.titel) for t in doc.themas] == [(1, "Betaalbaarheid"), (2, "Duurzaamheid")]
    assert doc.themas[0].doel == "Iedere huurder kan zijn huur betalen."
    assert [a.tekst for a in doc.themas[0].ambities] == [
        "We houden de huren betaalbaar.",
        "We voorkomen huisuitzettingen.",
    ]
    # 1.1.2 and 1.1.3 stand on consecutive lines: one Markdown paragraph, two afspraken
    assert [(a.nummer, a.thema_nummer, a.regel) for a in doc.afspraken] == [
        ("1.1.1", 1, 28),
        ("1.1.2", 1, 30),
        ("1.1.3", 1, 31),
        ("2.1.1", 2, 43),
        ("2.1.2", 2, 45),
    ]
    assert doc.afspraken[1].tekst == (
        "De gemeente is verantwoordelijk voor de schuldhulp. Het Anker meldt "
        "betalingsachterstanden vroeg."
    )
    assert [(b.term, b.definitie) for b in doc.begrippen] == [
        ("Label B", "een energielabel van klasse B of beter."),
        ("Schuldhulp", "hulp van de gemeente bij problematische schulden."),
    ]
    # an unnumbered paragraph among the afspraken is kept and reported, not dropped
    unplaced = [m for m in doc.meldingen if "kon niet worden geplaatst" in m.tekst]
    assert [m.regel for m in unplaced] == [47]
    assert any(t.titel == "Overige tekst" and t.thema_nummer == 2 for t in doc.tekstblokken)


def test_themes_as_thema_headings_bullets_as_afspraken_and_a_table_in_an_appendix():
    doc = _parse("variant-thema-kopjes.md")
    assert doc.titel == "Prestatieafspraken gemeente Zuiderdorp 2025–2028"
    assert [(t.nummer, t.titel) for t in doc.themas] == [
        (1, "Wonen voor iedereen"),
        (2, "Leefbaarheid"),
    ]
    assert doc.themas[0].opgave == "Er zijn te weinig sociale huurwoningen."
    assert doc.themas[0].doel == "Voldoende betaalbare woningen."
    assert [a.tekst for a in doc.themas[0].ambities] == [
        "We bouwen 100 sociale huurwoningen per jaar."
    ]
    assert [(a.nummer, a.tekst) for a in doc.afspraken] == [
        ("1.1", "De gemeente levert jaarlijks grond voor 50 woningen."),
        ("1.2", "Zuiderwonen bouwt 100 woningen per jaar vanaf 2026."),
        ("2.1", "Zuiderwonen en de gemeente houden wijkschouwen."),
    ]
    assert sum("afspraak zonder nummer" in m.tekst for m in doc.meldingen) == 3
    (tabel,) = doc.tabellen
    assert (tabel.nummer, tabel.titel, tabel.thema_nummer) == ("7", "Nieuwbouw per kern", None)
    assert [r.waarden for r in tabel.rijen] == [[60, 10, 70], [40, 1005, 1045], [100, 1015, 1100]]
    assert [(c["rij"], c["kolom"], c["gedrukt"], c["berekend"]) for c in tabel.controles] == [
        ("Totaal", "Totaal woningen", 1100, 1115)
    ]
    assert any("geen partijen gevonden" in m.tekst for m in doc.meldingen)


def test_headings_at_other_levels_restarted_numbering_and_afspraken_as_headings():
    doc = _parse("variant-per-hoofdstuk.md")
    assert [(t.nummer, t.titel) for t in doc.themas] == [
        (1, "Wonen"),
        (2, "Zorg"),
        (3, "Leefbaarheid"),
    ]
    assert [a.nummer for a in doc.afspraken] == ["1.1", "1.2", "2.1", "2.2", "3.1", "3.2"]
    assert any("begint in elk thema opnieuw bij 1" in m.tekst for m in doc.meldingen)
    afspraken = {a.nummer: a.tekst for a in doc.afspraken}
    assert afspraken["2.2"] == (
        "Wonen Westerveen past 20 woningen aan.\n- met traplift\n- met drempelvrije douche"
    )
    assert afspraken["3.1"] == (
        "Buurtbeheer\n\nWonen Westerveen en de gemeente maken een buurtbeheerplan.\n\n"
        "Dat plan wordt jaarlijks besproken."
    )
    assert afspraken["3.2"] == "Groen\n\nDe gemeente onderhoudt het groen rond de flats."
    # "#### 3.3 Monitoring" is at the level of "#### Afspraken": a new section, not an afspraak
    monitoring = next(t for t in doc.tekstblokken if t.titel == "Monitoring")
    assert (monitoring.thema_nummer, monitoring.tekst) == (
        3,
        "Twee keer per jaar bespreken partijen de voortgang.",
    )


def test_signatories_without_a_party_list_become_the_parties():
    # two trailing spaces make a Markdown hard line break
    text = "\n".join(
        [
            "# Prestatieafspraken Oosterhout 2025-2026",
            "",
            "## Ondertekening",
            "",
            "**Gemeente Oosterhout**  ",
            "J. Jansen  ",
            "*Wethouder*",
            "",
            "**Woonstichting Oost (WO)**  ",
            "P. de Vries  ",
            "*Bestuurder*",
            "",
            "Aldus overeengekomen en getekend te Oosterhout op 1 april 2025.",
            "",
            "## 1. Wonen",
            "",
            "### Afspraken",
            "",
            "1. WO bouwt in 2025 twintig woningen.",
        ]
    )
    doc = parse_document(text, bestandsnaam="o.md")
    assert [(p.naam, p.aanduiding, p.soort) for p in doc.partijen] == [
        ("Gemeente Oosterhout", "Gemeente Oosterhout", "gemeente"),
        ("Woonstichting Oost", "WO", "woningcorporatie"),
    ]
    assert (str(doc.ondertekend_op), doc.ondertekend_te) == ("2025-04-01", "Oosterhout")
    assert [(o.naam, o.functie) for o in doc.ondertekenaars] == [
        ("J. Jansen", "Wethouder"),
        ("P. de Vries", "Bestuurder"),
    ]


@pytest.mark.django_db
def test_variant_imports_into_the_database():
    from prestatiemonitor.afspraken.importer.services import import_document
    from prestatiemonitor.organisaties.tests.factories import GebiedFactory

    gebied = GebiedFactory(naam="Zuiderdorp", cbs_code="GM9903")
    data = (DOCUMENTEN / "variant-thema-kopjes.md").read_bytes()
    verslag = import_document(data=data, bestandsnaam="z.md", gemeente=gebied, acting_user=SYSTEEM)
    kader = verslag.kader
    assert kader.slug == "zuiderdorp-2025-2028"
    assert list(kader.afspraken.values_list("nummer", flat=True)) == ["1.1", "1.2", "2.1"]
    assert kader.tabellen.get().controle_set.get().berekend == 1115
    assert kader.partij_set.count() == 0


def test_unnumbered_theme_headings_afspraken_tables_and_labelled_paragraphs():
    doc = _parse("variant-tabellen.md")
    assert doc.titel == "Prestatieafspraken 2026"
    assert (doc.periode_van, doc.periode_tot) == (2026, 2026)
    # headings without a number are themes because their section has Doelen/Afspraken
    assert [(t.nummer, t.titel, t.doel) for t in doc.themas] == [
        (1, "Betaalbaarheid", "De woonlasten blijven betaalbaar."),
        (2, "Wonen en zorg", ""),
    ]
    assert [(a.nummer, a.thema_nummer, a.tekst) for a in doc.afspraken] == [
        ("1", 1, "Heuvelwonen beperkt de huurverhoging.\nTrekker: Heuvelwonen\nWanneer: 2026"),
        ("2", 1, "De gemeente breidt de schuldhulp uit.\nTrekker: gemeente\nWanneer: medio 2026"),
        ("3", 2, "Partijen maken een woonzorgvisie."),
        ("4", 2, "De gemeente bouwt in 2026 een hofje."),
    ]
    assert doc.tabellen == []  # the afspraken table is not a table of figures
    # the paragraph under the title and the closing section are kept, not dropped
    assert [(t.titel, t.thema_nummer) for t in doc.tekstblokken] == [
        ("Voorwerk", None),
        ("Slotbepalingen", None),
    ]
    assert sum("als thema" in m.tekst for m in doc.meldingen) == 2


def test_trekker_and_termijn_from_afspraken_table_columns():
    from prestatiemonitor.afspraken.importer.recognition import (
        PartyRef,
        recognise_termijn,
        recognise_trekker,
    )

    doc = _parse("variant-tabellen.md")
    parties = [
        PartyRef("gemeente", "gemeente", ("gemeente", "Gemeente Heuvelland")),
        PartyRef("hw", "woningcorporatie", ("Heuvelwonen", "Stichting Heuvelwonen")),
    ]
    first, second = doc.afspraken[:2]
    assert recognise_trekker(first.tekst, parties) == ("hw", "Trekker: Heuvelwonen")
    assert recognise_trekker(second.tekst, parties) == ("gemeente", "Trekker: gemeente")
    assert recognise_termijn(first.tekst) == (2026, "2026")
    assert recognise_termijn(second.tekst) == (2026, "medio 2026")
