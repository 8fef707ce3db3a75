"""The importer on the real Nijkerk document: what the parser finds and what ends up stored."""

import re
from datetime import date

import pytest

from conftest import NIJKERK_DOCUMENT
from prestatiemonitor.afspraken.constants import AfspraakSoort, KaderStatus
from prestatiemonitor.afspraken.importer.parser import parse_document
from prestatiemonitor.afspraken.importer.reader import read_document
from prestatiemonitor.organisaties.permissions import SYSTEEM


@pytest.fixture(scope="module")
def doc():
    text = read_document(NIJKERK_DOCUMENT.read_bytes(), bestandsnaam="nijkerk.md")
    return parse_document(text, bestandsnaam="nijkerk.md")


def test_kader_title_period_and_signing(doc):
    assert doc.titel == "Prestatieafspraken in gemeente Nijkerk 2025–2027"
    assert (doc.periode_van, doc.periode_tot) == (2025, 2027)
    assert doc.ondertekend_op == date(2025, 2, 20)
    assert doc.ondertekend_te == "Nijkerk"


def test_partijen_from_the_ondertekening_list(doc):
    assert [(p.naam, p.aanduiding, p.soort) for p in doc.partijen] == [
        ("Gemeente Nijkerk", "gemeente", "gemeente"),
        ("Woningstichting Nijkerk", "WSN", "woningcorporatie"),
        ("de Alliantie regio Amersfoort", "de Alliantie", "woningcorporatie"),
        ("Huurdersorganisatie Nijkerk", "HON", "huurdersorganisatie"),
        (
            "HuurdersBelangenVereniging de Alliantie regio Amersfoort",
            "HBVA",
            "huurdersorganisatie",
        ),
    ]


def test_five_signatories(doc):
    assert [(o.organisatie_naam, o.naam, o.functie, o.namens) for o in doc.ondertekenaars] == [
        (
            "Gemeente Nijkerk",
            "Esther Heutink-Wenderich",
            "Wethouder Wonen",
            "burgemeester en wethouders",
        ),
        ("Woningstichting Nijkerk", "Michiel van Baarsen", "Directeur-bestuurder", ""),
        ("Stichting de Alliantie", "Joan van der Burgt", "Directeur regio Amersfoort", ""),
        (
            "HuurdersBelangenVereniging de Alliantie regio Amersfoort (HBVA)",
            "Wil van Dasler",
            "Voorzitter",
            "",
        ),
        ("Huurdersorganisatie Nijkerk (HON)", "Ron Weil", "Voorzitter", ""),
    ]


def test_five_themes_with_doel(doc):
    assert [(t.nummer, t.titel) for t in doc.themas] == [
        (1, "Balans in vraag en aanbod"),
        (2, "Wonen, zorg en aandachtsgroepen"),
        (3, "Verduurzamen woningvoorraad en betaalbaar wonen"),
        (4, "Vitale wijken"),
        (5, "Samenwerking"),
    ]
    doelen = {t.nummer: t.doel for t in doc.themas}
    assert doelen[1].startswith("Er zijn in 2050 voldoende passende, betaalbare huurwoningen")
    assert doelen[2].startswith("Nijkerk is een thuis voor iedereen. Niemand valt tussen wal")
    assert doelen[4] == (
        "De verschillende wijken in de gemeente Nijkerk zijn vitaal en veerkrachtig; bewoners "
        "leven er prettig met elkaar samen."
    )
    assert doelen[5] == (
        "We zijn partners in het wonen. Op basis van wederkerigheid, gelijkwaardigheid en "
        "vertrouwen werken we samen aan onze gezamenlijke doelen."
    )
    assert doc.themas[0].opgave.startswith("Hiermee geven we invulling aan de ambitie")
    assert doc.themas[4].opgave.startswith("De gemeente Nijkerk, WSN, de Alliantie, HON en HBVA")


def test_ambities_per_theme_including_the_second_section_of_theme_1(doc):
    assert [len(t.ambities) for t in doc.themas] == [7, 4, 3, 4, 1]
    theme1 = [a.tekst for a in doc.themas[0].ambities]
    assert theme1[3].endswith(
        "Onderstaande tabellen geven de actuele stand van zaken weer per 28 januari 2025.[^1]"
    )
    assert theme1[4].startswith(
        "Huurdersorganisaties, gemeente en woningcorporaties streven ernaar om ook door het optimaal benutten"
    )
    assert (
        doc.themas[4]
        .ambities[0]
        .tekst.startswith(
            "Huurdersorganisaties, gemeente en woningcorporaties stellen gezamenlijke prioriteiten"
        )
    )


def test_afspraken_1_to_29_under_their_theme(doc):
    afspraken = doc.strategische_afspraken
    assert [a.nummer for a in afspraken] == [str(n) for n in range(1, 30)]
    thema_of = {a.nummer: a.thema_nummer for a in afspraken}
    assert [n for n, t in thema_of.items() if t == 1] == [str(n) for n in range(1, 9)]
    assert [n for n, t in thema_of.items() if t == 2] == [str(n) for n in range(9, 16)]
    assert [n for n, t in thema_of.items() if t == 3] == [str(n) for n in range(16, 27)]
    assert [n for n, t in thema_of.items() if t == 4] == ["27", "28", "29"]
    tekst = {a.nummer: a.tekst for a in afspraken}
    assert tekst["7"] == "De woningcorporaties behouden 15% vrije toewijzingsruimte."
    assert tekst["22"] == "De gemeente en woningcorporaties stimuleren groene wijken en tuinen."
    assert tekst["15"].endswith(
        "hoe in de (toekomstige) zorgbehoefte van inwoners kan worden voorzien.[^2]"
    )
    assert tekst["26"].endswith(
        "De inkomensafhankelijke huurverhoging wordt niet meegenomen in de huursom."
    )
    assert tekst["28"] == (
        "De gemeente en woningcorporaties zetten de gezamenlijke financiering van "
        "buurtbemiddeling voort."
    )


def test_texts_are_clean_of_markup_footnotes_and_captions(doc):
    texts = [a.tekst for a in doc.afspraken]
    texts += [a.tekst for t in doc.themas for a in t.ambities]
    texts += [t.doel for t in doc.themas] + [b.definitie for b in doc.begrippen]
    for text in texts:
        # '>' occurs as content ("(>100 woningen)"); tags and bold markers must not
        assert "**" not in text and "<" not in text and not re.search(r"\w>", text), text
    assert all("Onthulling" not in t and "Beverdam" not in t for t in texts)
    afspraak_15 = next(a for a in doc.afspraken if a.nummer == "15")
    assert afspraak_15.voetnoten == ["2"]
    assert [(v.nummer, v.tekst[:30]) for v in doc.voetnoten] == [
        ("1", "Deze cijfers zijn prognoses en"),
        ("2", "Zorgbehoefte in de Woonvisie v"),
        ("3", "Zie de Nationale Prestatieafsp"),
    ]
    captions = [m for m in doc.meldingen if "bijschrift" in m.tekst]
    assert [m.regel for m in captions] == [169, 220]
    assert [(m.regel, m.soort) for m in doc.meldingen if "inhoudsopgave" in m.tekst] == [
        (71, "info")
    ]


def test_three_systematiek_items_under_theme_5(doc):
    assert [(a.nummer, a.thema_nummer) for a in doc.systematiek] == [("1", 5), ("2", 5), ("3", 5)]
    assert doc.systematiek[1].tekst == (
        "We maken meerjarige strategische afspraken, voor drie jaar, die nader zijn uitgewerkt "
        "in jaarschijven."
    )


def test_fourteen_begrippen_with_plan_hardness_structured(doc):
    assert [b.term for b in doc.begrippen] == [
        "Aandachtsgroepen",
        "Geclusterde woonvormen",
        "Harde en zachte plannen",
        "Jaarschijf",
        "Levensloopbestendig",
        "Middenhuur woningen",
        "Nultredenwoningen",
        "Partijen",
        "Sociale huurwoningen",
        "Soortenmanagementplannen",
        "Urgente groepen",
        "Zorggeschikte woningen",
        "Zorg(vormen)",
        "Woonzorgvisie",
    ]
    plannen = doc.begrippen[2]
    assert [(o.groep, o.code) for o in plannen.onderdelen] == [
        ("hard", "1A"),
        ("hard", "1B"),
        ("hard", "2A"),
        ("hard", "2B"),
        ("zacht", "1C"),
        ("zacht", "2C"),
        ("zacht", "3"),
        ("zacht", "4A"),
        ("zacht", "4B"),
    ]
    assert plannen.onderdelen[0].omschrijving == "Onherroepelijk bestemmingsplan of inpassingsplan"
    assert plannen.onderdelen[-1].omschrijving == "Potentieel: Idee (zonder beginselbereidheid B&W)"
    # The coded categories are structured data only, not repeated in the definition's text.
    assert plannen.definitie == (
        "Als corporaties hanteren we de eenduidige definities van harde en zachte plannen. "
        "Deze definities zijn in de regio Foodvalley besproken en overgenomen zoals ze door het "
        "ministerie van Volkshuisvesting en Ruimtelijke Ordening zijn benoemd."
    )
    middenhuur = doc.begrippen[5]
    assert middenhuur.definitie.startswith(
        "Middenhuur woningen zijn woningen met een huurprijs tussen € 900,07"
    )
    urgent = doc.begrippen[10]
    assert len(urgent.onderdelen) == 9
    assert urgent.onderdelen[0].omschrijving == "Mantelzorgverleners en -ontvangers"
    assert "sociale urgentie" in urgent.definitie


def test_thirteen_convenanten_with_years_and_parties(doc):
    assert len(doc.convenanten) == 13
    first = doc.convenanten[0]
    assert (first.naam, first.jaar, first.jaar_tot) == ("Achtervangovereenkomst WSW", 2017, None)
    assert first.partijnamen == [
        "WSN",
        "Alliantie",
        "Gemeente Nijkerk",
        "Stichting Waarborgfonds Sociale Woningbouw",
    ]
    wonen = doc.convenanten[8]
    assert (wonen.naam, wonen.jaar, wonen.jaar_tot) == (
        "Samenwerkingsovereenkomst Wonen",
        2016,
        2020,
    )
    assert wonen.partijnamen == ["gemeente Nijkerk", "WSN", "de Alliantie", "HON", "HBVA"]
    woonruimte = doc.convenanten[3]
    assert "Het Gooi en Omstreken" in woonruimte.partijnamen
    assert "Stichting Jeugd- en Jongerenwerk Gemeente Nijkerk" in doc.convenanten[1].partijnamen
    assert "Coöperatieve Menzis U.A." in doc.convenanten[2].partijnamen


def test_tables_as_rows_with_exactly_the_two_sum_mismatches(doc):
    tabel1, tabel2 = doc.tabellen
    assert tabel1.nummer == "1" and tabel1.thema_nummer == 1
    assert (
        tabel1.titel == "Prognose ontwikkeling sociale voorraad 2025 t/m 2027 en doorkijk t/m 2030"
    )
    assert tabel1.kolommen == [
        "Nieuwbouw (harde plannen)",
        "Onttrekking door sloop of overheveling middenhuur",
        "Onttrekking door verkoop",
        "Netto toename 2025 t/m 2027",
        "Prognose nieuwbouw toename 2028 t/m 2030 (harde plannen)",
    ]
    assert [(r.label, r.waarden, r.is_totaal) for r in tabel1.rijen] == [
        ("WSN", [526, 0, -125, 401, 215], False),
        ("De Alliantie", [30, -6, -10, 14, None], False),
        ("Totaal", [556, 0, -135, 415, 215], True),
    ]
    assert [(r.label, r.waarden) for r in tabel2.rijen] == [
        ("WSN", [9, 0, 0, 9, 8]),
        ("De Alliantie", [6, 6, 0, 12, None]),
        ("Totaal", [15, 6, 0, 21, 18]),
    ]
    # footnote 1 is printed under both tables: it belongs to both, without its "1)"
    assert tabel1.voetnoot == "Deze cijfers zijn prognoses en kunnen nog wijzigen."
    assert tabel2.voetnoot == "Deze cijfers zijn prognoses en kunnen nog wijzigen."
    assert [
        (c["tabel"], c["soort"], c["kolom"], c["gedrukt"], c["berekend"])
        for c in doc.tabel_afwijkingen
    ] == [
        ("1", "kolomtotaal", "Onttrekking door sloop of overheveling middenhuur", 0, -6),
        # the printed total row does not add up across either: 556 + 0 - 135 = 421
        ("1", "totaalrij", "Netto toename 2025 t/m 2027", 415, 421),
        ("2", "kolomtotaal", "Prognose nieuwbouw toename 2028 t/m 2030 (harde plannen)", 18, 8),
    ]


def test_other_sections_kept_as_tekstblok(doc):
    titels = [(t.titel, t.thema_nummer) for t in doc.tekstblokken]
    for expected in [
        ("Inleiding", None),
        ("Uitgangspunten", None),
        ("Leeswijzer", None),
        ("Monitoren prestatieafspraken", 5),
        ("Monitoren woningbouwprogramma", 5),
        ("Monitoren beschikbaarheid", 5),
        ("Proces opstellen jaarschijf", 5),
        ("Overlegstructuur", 5),
    ]:
        assert expected in titels
    assert doc.inleiding.startswith(
        "Gemeente, woningcorporaties en huurdersorganisaties in Nijkerk"
    )


# -- stored ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_import_stores_the_register(nijkerk_kader, nijkerk_parties):
    kader = nijkerk_kader
    assert kader.slug == "nijkerk-2025-2027"
    assert kader.ondertekend_op == date(2025, 2, 20)
    assert kader.status == KaderStatus.ONDERTEKEND
    assert kader.themas.count() == 5
    assert kader.afspraken.filter(soort=AfspraakSoort.STRATEGISCH).count() == 29
    assert kader.afspraken.filter(soort=AfspraakSoort.SYSTEMATIEK).count() == 3
    assert kader.begrippen.count() == 14
    assert kader.convenanten.count() == 13
    assert kader.ondertekenaars.count() == 5
    assert [p.organisatie.slug for p in kader.partij_set.all()] == [
        "gemeente-nijkerk",
        "wsn",
        "de-alliantie",
        "hon",
        "hbva",
    ]
    assert kader.afspraken.get(nummer="7", soort=AfspraakSoort.STRATEGISCH).thema.nummer == 1
    for afspraak in kader.afspraken.all():
        assert "**" not in afspraak.tekst and "<" not in afspraak.tekst


@pytest.mark.django_db
def test_stored_signatories_linked_to_organisations(nijkerk_kader, nijkerk_parties):
    rows = list(nijkerk_kader.ondertekenaars.values_list("organisatie__slug", "naam"))
    assert rows == [
        ("gemeente-nijkerk", "Esther Heutink-Wenderich"),
        ("wsn", "Michiel van Baarsen"),
        ("de-alliantie", "Joan van der Burgt"),
        ("hbva", "Wil van Dasler"),
        ("hon", "Ron Weil"),
    ]


def _parties(afspraak):
    return {
        link.organisatie.slug: (link.herkenning, link.herkend_woord)
        for link in afspraak.partij_links.select_related("organisatie")
    }


@pytest.mark.django_db
def test_party_recognition(nijkerk_kader):
    afspraken = {a.nummer: a for a in nijkerk_kader.afspraken.filter(soort="strategisch")}
    assert _parties(afspraken["7"]) == {
        "wsn": ("groep", "woningcorporaties"),
        "de-alliantie": ("groep", "woningcorporaties"),
    }
    p4 = _parties(afspraken["4"])
    assert p4 == {"wsn": ("genoemd", "WSN"), "de-alliantie": ("genoemd", "de Alliantie")}
    p2 = _parties(afspraken["2"])
    assert set(p2) == {"gemeente-nijkerk", "wsn", "de-alliantie", "hon", "hbva"}
    assert p2["hon"] == ("groep", "partijen")
    p17 = _parties(afspraken["17"])
    assert p17["hon"] == ("groep", "huurdersorganisaties")
    assert p17["gemeente-nijkerk"] == ("genoemd", "De gemeente")
    p29 = _parties(afspraken["29"])
    assert set(p29) == {"gemeente-nijkerk", "wsn", "de-alliantie", "hon", "hbva"}
    assert p29["wsn"] == ("groep", "We")
    assert set(_parties(afspraken["25"])) == {"gemeente-nijkerk"}


@pytest.mark.django_db
def test_trekker_and_termijn(nijkerk_kader):
    afspraken = {a.nummer: a for a in nijkerk_kader.afspraken.filter(soort="strategisch")}
    trekkers = {n: a.trekker.slug for n, a in afspraken.items() if a.trekker}
    assert trekkers == {
        "3": "gemeente-nijkerk",
        "10": "gemeente-nijkerk",  # "is verantwoordelijk"
        "11": "gemeente-nijkerk",  # "draagt zorg voor"
        "15": "gemeente-nijkerk",
        "17": "gemeente-nijkerk",
    }
    assert (afspraken["1"].jaar, afspraken["1"].termijn) == (2025, "in 2025")
    assert (afspraken["17"].jaar, afspraken["17"].termijn) == (2026, "voor eind 2026")
    assert afspraken["7"].jaar is None and afspraken["7"].termijn == ""


@pytest.mark.django_db
def test_begrippen_zoektermen_and_links(nijkerk_kader):
    plannen = nijkerk_kader.begrippen.get(term="Harde en zachte plannen")
    assert {"harde plannen", "zachte plannen"} <= set(plannen.zoektermen)
    assert [(o.groep, o.code) for o in plannen.onderdelen.all()][:2] == [
        ("hard", "1A"),
        ("hard", "1B"),
    ]
    smp = nijkerk_kader.begrippen.get(slug="soortenmanagementplannen")
    assert "soortenmanagementplannen" in smp.zoektermen
    afspraken = {a.nummer: a for a in nijkerk_kader.afspraken.filter(soort="strategisch")}
    assert list(afspraken["2"].begrippen.values_list("term", flat=True)) == [
        "Harde en zachte plannen",
        "Partijen",
    ]
    assert "Soortenmanagementplannen" in afspraken["20"].begrippen.values_list("term", flat=True)
    assert "Woonzorgvisie" in afspraken["15"].begrippen.values_list("term", flat=True)
    assert "Sociale huurwoningen" in afspraken["4"].begrippen.values_list("term", flat=True)


@pytest.mark.django_db
def test_stored_tables_and_convenant_parties(nijkerk_kader):
    tabel1 = nijkerk_kader.tabellen.get(nummer="1")
    assert [
        (r.label, r.organisatie.slug if r.organisatie else None, r.is_totaal)
        for r in tabel1.rijen.all()
    ] == [
        ("WSN", "wsn", False),
        ("De Alliantie", "de-alliantie", False),
        ("Totaal", None, True),
    ]
    assert [
        (c.soort, c.rij, c.kolom, c.gedrukt, c.berekend, c.volgorde)
        for c in tabel1.controle_set.all()
    ] == [
        ("kolomtotaal", "Totaal", "Onttrekking door sloop of overheveling middenhuur", 0, -6, 1),
        ("totaalrij", "Totaal", "Netto toename 2025 t/m 2027", 415, 421, 2),
    ]
    assert [
        (c.soort, c.gedrukt, c.berekend)
        for c in nijkerk_kader.tabellen.get(nummer="2").controle_set.all()
    ] == [("kolomtotaal", 18, 8)]
    wonen = nijkerk_kader.convenanten.get(naam="Samenwerkingsovereenkomst Wonen")
    assert (wonen.jaar, wonen.jaar_tot) == (2016, 2020)
    assert sorted(wonen.partijen.values_list("slug", flat=True)) == [
        "de-alliantie",
        "gemeente-nijkerk",
        "hbva",
        "hon",
        "wsn",
    ]
    # "gemeente Amersfoort, Bunschoten, Eemnes, Leusden, Nijkerk, …": the bare name is the gemeente.
    woonruimte = nijkerk_kader.convenanten.get(
        naam="Convenant Woonruimteverdeling regio Amersfoort"
    )
    assert sorted(woonruimte.partijen.values_list("slug", flat=True)) == [
        "de-alliantie",
        "gemeente-nijkerk",
        "wsn",
    ]
    achtervang = nijkerk_kader.convenanten.get(naam="Achtervangovereenkomst WSW")
    assert sorted(achtervang.partijen.values_list("slug", flat=True)) == [
        "de-alliantie",
        "gemeente-nijkerk",
        "wsn",
    ]


@pytest.mark.django_db
def test_import_report_and_audit(nijkerk_kader):
    from prestatiemonitor.audit.models import AuditRecord

    verslag = nijkerk_kader.importverslagen.get()
    assert verslag.samenvatting["resultaat"] == "nieuw"
    assert verslag.samenvatting["afspraken"] == 29
    tabel = [m for m in verslag.meldingen if m["soort"] == "tabel"]
    assert [(m["tabel"], m["gedrukt"], m["berekend"]) for m in tabel] == [
        ("1", 0, -6),
        ("1", 415, 421),
        ("2", 18, 8),
    ]
    assert (
        AuditRecord.objects.filter(
            actie="afspraken.import", object_id=str(nijkerk_kader.pk)
        ).count()
        == 1
    )


# -- a close reading of the register (issue 5) -------------------------------------------------


def test_a_negated_year_is_not_the_year_of_the_sentence(doc):
    from prestatiemonitor.afspraken.importer.recognition import recognise_termijn

    jaren = {(a.soort, a.nummer): recognise_termijn(a.tekst) for a in doc.afspraken}
    # "brengen in 2025 en 2026 geen BOD uit. In 2027 wordt wel een BOD uitgebracht"
    assert jaren[("systematiek", "1")] == (2027, "In 2027")
    # every afspraak and systematiek item: only these name a year or deadline
    assert {k: v for k, v in jaren.items() if v} == {
        ("strategisch", "1"): (2025, "in 2025"),
        ("strategisch", "17"): (2026, "voor eind 2026"),
        ("systematiek", "1"): (2027, "In 2027"),
    }
    assert recognise_termijn("We doen dit niet in 2025.") is None
    assert recognise_termijn("Niet in 2025, wel voor eind 2026.") is None  # one sentence
    assert recognise_termijn("Geen BOD in 2025. Vanaf 2026 wel.") == (2026, "Vanaf 2026")


def test_footnotes_keep_their_marker_and_know_what_they_annotate(doc):
    ambitie_1_4 = doc.themas[0].ambities[3].tekst
    assert ambitie_1_4.endswith("per 28 januari 2025.[^1]")
    assert doc.themas[2].ambities[0].tekst.endswith("die uiterlijk in 2027 afgerond worden.[^3]")
    afspraak_15 = next(a for a in doc.afspraken if a.nummer == "15")
    assert afspraak_15.tekst.endswith("kan worden voorzien.[^2]")
    assert [
        (v.nummer, v.tekst[:24], v.afspraken, v.ambities, v.tabellen, v.tekstblokken)
        for v in doc.voetnoten
    ] == [
        ("1", "Deze cijfers zijn progno", [], [(1, 4)], ["1", "2"], []),
        ("2", "Zorgbehoefte in de Woonv", [("strategisch", "15")], [], [], []),
        ("3", "Zie de Nationale Prestat", [], [(3, 1)], [], []),
    ]
    # the footnote's own text is not cut at the "1)" it quotes
    assert doc.voetnoten[1].tekst.endswith("en 3) Wet langdurige zorg (Wlz).")


def test_ondertekening_keeps_the_list_its_first_line_introduces(doc):
    blok = next(t for t in doc.tekstblokken if t.titel == "Ondertekening")
    assert blok.tekst.startswith(
        "De ondergetekenden:\n\n"
        "1. Gemeente Nijkerk, hierna te noemen: gemeente\n"
        "2. Woningstichting Nijkerk, hierna te noemen: WSN\n"
        "3. de Alliantie regio Amersfoort, hierna te noemen: de Alliantie\n"
        "4. Huurdersorganisatie Nijkerk, hierna te noemen: HON\n"
        "5. HuurdersBelangenVereniging de Alliantie regio Amersfoort, hierna te noemen: HBVA\n\n"
        "Gezamenlijk te noemen 'partijen' verklaren hierbij"
    )


def test_heading_titles_keep_the_capitals_of_the_document(doc):
    titels = [t.titel for t in doc.tekstblokken]
    assert "Bijlage I Samenwerkingsafspraken en convenanten" in titels
    assert not any(t.startswith("bijlage") for t in titels)
    alliantie = next(o for o in doc.ondertekenaars if o.naam == "Joan van der Burgt")
    assert alliantie.functie == "Directeur regio Amersfoort"


@pytest.mark.django_db
def test_stored_footnotes_are_linked_to_what_they_annotate(nijkerk_kader):
    voetnoten = list(nijkerk_kader.voetnoten.order_by("volgorde"))
    assert [(v.volgorde, v.nummer) for v in voetnoten] == [(1, "1"), (2, "2"), (3, "3")]
    een, twee, drie = voetnoten
    assert sorted(een.tabellen.values_list("nummer", flat=True)) == ["1", "2"]
    assert [(a.thema.nummer, a.volgorde) for a in een.ambities.all()] == [(1, 4)]
    assert list(twee.afspraken.values_list("nummer", flat=True)) == ["15"]
    assert [(a.thema.nummer, a.volgorde) for a in drie.ambities.all()] == [(3, 1)]
    assert not een.afspraken.exists() and not twee.tabellen.exists()
    tabel1 = nijkerk_kader.tabellen.get(nummer="1")
    assert tabel1.voetnoot == "Deze cijfers zijn prognoses en kunnen nog wijzigen."


@pytest.mark.django_db
def test_a_second_import_of_the_same_document_keeps_the_footnote_links(
    nijkerk_kader, nijkerk_document_bytes
):
    from prestatiemonitor.afspraken.importer.services import gemeente_by_code, import_document

    import_document(
        data=nijkerk_document_bytes,
        bestandsnaam="prestatieafspraken-nijkerk-2025-2027.md",
        gemeente=gemeente_by_code("GM0267"),
        acting_user=SYSTEEM,
    )
    een = nijkerk_kader.voetnoten.get(nummer="1")
    assert sorted(een.tabellen.values_list("nummer", flat=True)) == ["1", "2"]
    assert nijkerk_kader.voetnoten.count() == 3


def _publish(kader):
    from prestatiemonitor.afspraken.models import Afsprakenkader

    Afsprakenkader.objects.filter(pk=kader.pk).update(gepubliceerd=True)


@pytest.mark.django_db
def test_pages_show_each_footnote_under_what_it_annotates_with_a_link_from_the_marker(
    client, nijkerk_kader
):
    from django.urls import reverse

    _publish(nijkerk_kader)
    slug = nijkerk_kader.slug
    afspraak = nijkerk_kader.afspraken.get(soort="strategisch", nummer="15")
    html = client.get(reverse("afspraken:afspraak", args=[slug, "15"])).content.decode()
    anker = f"afspraak-{afspraak.pk}-voetnoot-2"
    assert f'href="#{anker}"' in html and "[^2]" not in html
    assert f'id="{anker}" value="2">Zorgbehoefte in de Woonvisie vanuit' in html

    html = client.get(reverse("afspraken:thema", args=[slug, 1])).content.decode()
    ambitie = nijkerk_kader.themas.get(nummer=1).ambities.get(volgorde=4)
    assert f'href="#ambitie-{ambitie.pk}-voetnoot-1"' in html
    assert f'id="ambitie-{ambitie.pk}-voetnoot-1"' in html
    for nummer in ("1", "2"):
        tabel = nijkerk_kader.tabellen.get(nummer=nummer)
        assert (
            f'id="tabel-{tabel.pk}-voetnoot-1" value="1">Deze cijfers zijn prognoses en kunnen '
            "nog wijzigen." in html
        )
    assert "1) Deze cijfers" not in html and "[^1]" not in html

    html = client.get(reverse("afspraken:thema", args=[slug, 2])).content.decode()
    assert f'href="#afspraak-{afspraak.pk}-voetnoot-2"' in html  # in the list of afspraken


@pytest.mark.django_db
def test_partijen_page_keeps_the_capitals_of_the_signatory_functions(client, nijkerk_kader):
    from django.urls import reverse

    _publish(nijkerk_kader)
    html = client.get(reverse("afspraken:partijen", args=[nijkerk_kader.slug])).content.decode()
    assert "Joan van der Burgt, Directeur regio Amersfoort" in html
    assert "regio amersfoort" not in html


@pytest.mark.django_db
def test_party_roles_uitvoerend_and_betrokken(nijkerk_kader):
    from collections import Counter

    from prestatiemonitor.afspraken.models import AfspraakPartij

    links = AfspraakPartij.objects.filter(afspraak__kader=nijkerk_kader).select_related(
        "organisatie", "afspraak"
    )
    uitvoerend = Counter(link.organisatie.slug for link in links if link.rol == "uitvoerend")
    betrokken = Counter(link.organisatie.slug for link in links if link.rol == "betrokken")
    # Per party, in how many of the 32 items (29 afspraken, 3 systematiek) it acts. HON and
    # HBVA act in none: the only afspraak naming huurdersorganisaties (17) says they "worden
    # betrokken"; elsewhere they are included only through "we" / "partijen".
    assert dict(uitvoerend) == {"gemeente-nijkerk": 19, "wsn": 20, "de-alliantie": 19}
    assert dict(betrokken) == {
        "gemeente-nijkerk": 10,
        "wsn": 10,
        "de-alliantie": 11,
        "hon": 17,
        "hbva": 17,
    }
    rol = {
        (link.afspraak.soort, link.afspraak.nummer, link.organisatie.slug): link.rol
        for link in links
    }
    # "WSN en de Alliantie geven bij verkoop …"
    assert (
        rol[("strategisch", "4", "wsn")]
        == rol[("strategisch", "4", "de-alliantie")]
        == ("uitvoerend")
    )
    # "Partijen maken in 2025 afspraken … De gemeente biedt WSN de gelegenheid …"
    assert rol[("strategisch", "1", "gemeente-nijkerk")] == "uitvoerend"
    assert rol[("strategisch", "1", "hon")] == "betrokken"
    # "Woningcorporaties en huurdersorganisaties worden betrokken"; the gemeente is trekker
    assert rol[("strategisch", "17", "gemeente-nijkerk")] == "uitvoerend"
    assert rol[("strategisch", "17", "wsn")] == rol[("strategisch", "17", "hon")] == "betrokken"
    # "We dragen er zorg voor …" — the 'Woonvisie gemeente Nijkerk 2024+' is a title
    assert rol[("strategisch", "12", "gemeente-nijkerk")] == "betrokken"
    # "De woningcorporaties brengen in 2025 en 2026 geen BOD uit. … We focussen …"
    assert rol[("systematiek", "1", "wsn")] == "uitvoerend"
    assert rol[("systematiek", "1", "gemeente-nijkerk")] == "betrokken"
