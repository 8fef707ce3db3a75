"""Selectors: visibility through permissions.py, filters, table checks, history and changes."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from prestatiemonitor.afspraken import selectors, weergave
from prestatiemonitor.afspraken.constants import (
    AfspraakSoort,
    ControleSoort,
    PartijRol,
    WijzigingActie,
)
from prestatiemonitor.afspraken.models import AfspraakPartij, Afsprakenkader, Tabel
from prestatiemonitor.organisaties.constants import Rol
from prestatiemonitor.organisaties.tests.factories import OrganisatieFactory

from .factories import (
    AfspraakFactory,
    BijstellingFactory,
    BijstellingWijzigingFactory,
    TabelControleFactory,
    TabelFactory,
    TabelRijFactory,
    maak_kader,
)

pytestmark = pytest.mark.django_db

ANONIEM = AnonymousUser()


def test_kader_list_anonymous_sees_published_only():
    open_ = maak_kader()
    maak_kader(gepubliceerd=False)
    assert list(selectors.kader_list(user=ANONIEM)) == [open_.kader]


def test_kader_list_party_member_also_sees_own_unpublished_kader(make_member):
    open_ = maak_kader()
    eigen = maak_kader(gepubliceerd=False)
    ander = maak_kader(gepubliceerd=False)
    lid = make_member(eigen.hbva, Rol.LEZER)
    assert set(selectors.kader_list(user=lid)) == {open_.kader, eigen.kader}
    with pytest.raises(Afsprakenkader.DoesNotExist):
        selectors.kader_get(user=lid, slug=ander.kader.slug)


def test_kader_get_unpublished_is_does_not_exist_for_outsiders(make_member):
    ks = maak_kader(gepubliceerd=False)
    buiten = make_member(OrganisatieFactory(), Rol.BEHEERDER)
    for user in (ANONIEM, buiten):
        with pytest.raises(Afsprakenkader.DoesNotExist):
            selectors.kader_get(user=user, slug=ks.kader.slug)


def test_kader_overzicht_counts():
    ks = maak_kader()
    overzicht = selectors.kader_overzicht(user=ANONIEM, slug=ks.kader.slug)
    assert overzicht.kader.aantal_afspraken == 5
    assert overzicht.kader.aantal_begrippen == 2
    assert overzicht.kader.aantal_convenanten == 2
    assert overzicht.kader.aantal_bijstellingen == 1
    assert [(t.nummer, t.aantal_ambities, t.aantal_afspraken) for t in overzicht.themas] == [
        (1, 2, 3),
        (2, 1, 2),
        (3, 0, 0),
    ]
    assert [p.aanduiding for p in overzicht.partijen] == [
        "gemeente",
        "WSN",
        "de Alliantie",
        "HON",
        "HBVA",
    ]
    assert [str(a) for a in overzicht.systematiek] == ["Systematiek 1"]


def test_afspraak_list_filters_by_organisation_and_theme():
    ks = maak_kader()
    alle = selectors.afspraak_list(user=ANONIEM, kader=ks.kader)
    assert [a.nummer for a in alle] == ["1", "2", "3", "4", "5", "1"]
    thema2 = selectors.afspraak_list(user=ANONIEM, kader=ks.kader, thema=ks.themas[1])
    assert [a.nummer for a in thema2] == ["4", "5"]
    systematiek = selectors.afspraak_list(
        user=ANONIEM, kader=ks.kader, soort=AfspraakSoort.SYSTEMATIEK
    )
    assert [str(a) for a in systematiek] == ["Systematiek 1"]


def test_party_filter_returns_afspraken_where_the_party_is_uitvoerend_by_default():
    ks = maak_kader()
    # HON is linked to afspraken 1 and 2 only through "partijen": betrokken, never uitvoerend.
    hon = selectors.afspraak_list(user=ANONIEM, kader=ks.kader, organisatie=ks.hon)
    assert list(hon) == []
    hon_ook = selectors.afspraak_list(
        user=ANONIEM, kader=ks.kader, organisatie=ks.hon, ook_betrokken=True
    )
    assert [a.nummer for a in hon_ook] == ["1", "2"]
    wsn = selectors.afspraak_list(user=ANONIEM, kader=ks.kader, organisatie=ks.wsn)
    assert [str(a) for a in wsn] == ["Afspraak 3", "Afspraak 4", "Systematiek 1"]
    wsn_ook = selectors.afspraak_list(
        user=ANONIEM, kader=ks.kader, organisatie=ks.wsn, ook_betrokken=True
    )
    assert [str(a) for a in wsn_ook] == [
        "Afspraak 1",
        "Afspraak 2",
        "Afspraak 3",
        "Afspraak 4",
        "Systematiek 1",
    ]


def test_party_filter_with_a_role_set_explicitly():
    ks = maak_kader()
    afspraak = ks.afspraken["2"]
    AfspraakPartij.objects.filter(afspraak=afspraak, organisatie=ks.hon).update(
        rol=PartijRol.UITVOEREND
    )
    hon = selectors.afspraak_list(user=ANONIEM, kader=ks.kader, organisatie=ks.hon)
    assert [a.nummer for a in hon] == ["2"]
    # the role of one link does not leak into another party's filter
    hbva = selectors.afspraak_list(user=ANONIEM, kader=ks.kader, organisatie=ks.hbva)
    assert list(hbva) == []


def test_filter_keuzes_count_afspraken_per_party_and_theme():
    ks = maak_kader()
    keuzes = selectors.afspraak_filter_keuzes(user=ANONIEM, kader=ks.kader)
    assert [(o.korte_naam, o.aantal) for o in keuzes.organisaties] == [
        ("gemeente", 3),
        ("WSN", 3),
        ("de Alliantie", 2),
        ("HON", 0),
        ("HBVA", 0),
    ]
    assert [(t.nummer, t.aantal) for t in keuzes.themas] == [(1, 3), (2, 2), (3, 1)]
    ook = selectors.afspraak_filter_keuzes(user=ANONIEM, kader=ks.kader, ook_betrokken=True)
    assert [(o.korte_naam, o.aantal) for o in ook.organisaties] == [
        ("gemeente", 4),
        ("WSN", 5),
        ("de Alliantie", 4),
        ("HON", 2),
        ("HBVA", 2),
    ]


def test_partij_list_counts_uitvoerend_and_betrokken_separately():
    ks = maak_kader()
    overzicht = selectors.partij_list(user=ANONIEM, kader=ks.kader)
    assert [
        (r.partij.aanduiding, r.aantal_uitvoerend, r.aantal_betrokken) for r in overzicht.partijen
    ] == [
        ("gemeente", 3, 1),
        ("WSN", 3, 2),
        ("de Alliantie", 2, 2),
        ("HON", 0, 2),
        ("HBVA", 0, 2),
    ]


def test_partij_links_are_in_document_order():
    ks = maak_kader()
    afspraak = selectors.afspraak_detail(
        user=ANONIEM, kader=ks.kader, soort=AfspraakSoort.STRATEGISCH, nummer="1"
    )
    assert [link.organisatie.korte_naam for link in afspraak.partij_links] == [
        "gemeente",
        "de Alliantie",
        "WSN",
        "HBVA",
        "HON",
    ]


def test_tabel_weergave_reads_the_stored_checks_and_flags_their_cells():
    ks = maak_kader()
    tabel = TabelFactory(kader=ks.kader, nummer="2", kolommen=["A", "B<br>(harde plannen)"])
    TabelRijFactory(tabel=tabel, label="WSN", waarden=[9, 8], volgorde=1)
    TabelRijFactory(tabel=tabel, label="De Alliantie", waarden=[6, None], volgorde=2)
    TabelRijFactory(tabel=tabel, label="Totaal", waarden=[15, 18], is_totaal=True, volgorde=3)
    TabelControleFactory(
        tabel=tabel,
        soort=ControleSoort.KOLOMTOTAAL,
        rij="Totaal",
        kolom="B (harde plannen)",
        gedrukt=18,
        berekend=8,
    )
    weergave = selectors.tabel_detail(user=ANONIEM, kader=ks.kader, nummer="2")
    # the table as printed: no row is added, no sum recomputed
    assert [r.label for r in weergave.rijen] == ["WSN", "De Alliantie", "Totaal"]
    totaal = weergave.rijen[2]
    assert [c.waarde for c in totaal.cellen] == [15, 18]
    assert [len(c.controles) for c in totaal.cellen] == [0, 1]
    assert totaal.cellen[1].afwijking == (
        "Rij 'Totaal', kolom 'B (harde plannen)': gedrukt 18, som van de rijen 8."
    )
    assert weergave.rijen[0].cellen[1].afwijking == ""
    assert weergave.heeft_afwijkingen


def test_tabel_weergave_does_not_add_up_columns_itself():
    """A printed total that does not match but has no stored check is not flagged: the sums
    are the importer's job, done once."""
    ks = maak_kader()
    tabel = TabelFactory(kader=ks.kader, nummer="3", kolommen=["A"])
    TabelRijFactory(tabel=tabel, label="x", waarden=[1], volgorde=1)
    TabelRijFactory(tabel=tabel, label="Totaal", waarden=[7], is_totaal=True, volgorde=2)
    weergave = selectors.tabel_weergave(
        Tabel.objects.prefetch_related(*selectors.tabel_prefetch()).get(pk=tabel.pk)
    )
    assert not weergave.heeft_afwijkingen
    assert weergave.meldingen == []


def test_stored_checks_are_shown_in_words_in_dutch_notation_and_flag_their_cell():
    ks = maak_kader()
    TabelControleFactory(
        tabel=ks.tabel,
        soort=ControleSoort.TOTAALRIJ,
        rij="Totaal",
        kolom="Netto toename",
        gedrukt=Decimal("1415"),
        berekend=Decimal("1421.5"),
        volgorde=2,
    )
    weergave = selectors.tabel_detail(user=ANONIEM, kader=ks.kader, nummer="1")
    assert weergave.meldingen == [
        "Rij 'Totaal', kolom 'Onttrekking door sloop': gedrukt 0, som van de rijen -6.",
        "Rij 'Totaal', kolom 'Netto toename': gedrukt 1.415, som van de totaalrij 1.421,5.",
    ]
    totaal = next(r for r in weergave.rijen if r.is_totaal)
    assert [bool(c.afwijking) for c in totaal.cellen] == [False, True, True]


def test_tabel_weergave_query_count_does_not_grow_with_tables(django_assert_num_queries):
    ks = maak_kader()
    for nummer in ("2", "3", "4"):
        tabel = TabelFactory(kader=ks.kader, thema=ks.themas[0], nummer=nummer, kolommen=["A"])
        TabelRijFactory(tabel=tabel, label="Totaal", waarden=[2], is_totaal=True)
        TabelControleFactory(tabel=tabel, kolom="A", gedrukt=2, berekend=3)
    # themes, afspraken, partij links, tables, rows, checks, ambities, tekstblokken
    with django_assert_num_queries(8):
        detail = selectors.thema_detail(user=ANONIEM, kader=ks.kader, nummer=1)
    assert [len(w.controles) for w in detail.tabellen] == [1, 1, 1, 1]


def test_woorddiff_marks_removed_and_added_words():
    assert weergave.woorddiff("behouden 10% ruimte", "behouden 15% ruimte") == [
        ("gelijk", "behouden "),
        ("weg", "10%"),
        ("erbij", "15%"),
        ("gelijk", " ruimte"),
    ]


def test_wijziging_weergave_puts_a_typed_change_into_words():
    ks = maak_kader()
    lang = BijstellingWijzigingFactory(
        afspraak=ks.afspraken["4"],
        veld="tekst",
        oud="De gemeente is verantwoordelijk voor het realiseren van de taakstelling.",
        nieuw="De gemeente en WSN zijn verantwoordelijk voor het realiseren van de taakstelling.",
    )
    w = weergave.wijziging_weergave(lang)
    assert (w.onderwerp, w.actie, w.veld) == ("Afspraak 4", "gewijzigd", "tekst")
    assert ("erbij", "en WSN zijn") in w.tekstdiff
    kort = BijstellingWijzigingFactory(
        afspraak=ks.afspraken["systematiek-1"], veld="jaar", oud="2026", nieuw="2027"
    )
    w = weergave.wijziging_weergave(kort)
    assert (w.onderwerp, w.veld, w.oud, w.nieuw, w.tekstdiff) == (
        "Systematiek 1",
        "jaar",
        "2026",
        "2027",
        None,
    )
    nieuw = BijstellingWijzigingFactory(
        onderdeel="begrip", sleutel="wonen", actie=WijzigingActie.NIEUW, veld="", nieuw="Wonen"
    )
    w = weergave.wijziging_weergave(nieuw)
    assert (w.onderwerp, w.actie, w.oud, w.nieuw) == ("Begrip wonen", "nieuw", None, "Wonen")


def test_a_change_of_roles_is_shown_as_old_and_new_list_not_as_a_word_diff():
    """A word diff of "HON: betrokken, WSN: uitvoerend, …" struck "betrokken," with its comma
    and offered "Oude en nieuwe tekst volledig" for a list of parties (review, issue 5)."""
    ks = maak_kader()
    oud = "HON: betrokken, WSN: uitvoerend, de Alliantie: uitvoerend"
    nieuw = "HON: uitvoerend, WSN: uitvoerend, de Alliantie: uitvoerend"
    rollen = BijstellingWijzigingFactory(
        afspraak=ks.afspraken["4"], veld="rollen", oud=oud, nieuw=nieuw
    )
    w = weergave.wijziging_weergave(rollen)
    assert (w.veld, w.oud, w.nieuw, w.tekstdiff) == ("rollen", oud, nieuw, None)
    partijen = BijstellingWijzigingFactory(
        afspraak=ks.afspraken["4"],
        veld="partijen",
        oud="gemeente, WSN, de Alliantie, HBVA",
        nieuw="gemeente, WSN, de Alliantie, HBVA, HON",
    )
    assert weergave.wijziging_weergave(partijen).tekstdiff is None


def test_history_lists_changes_newest_first_with_resolved_names(make_member):
    ks = maak_kader()
    afspraak = ks.afspraken["2"]
    afspraak.trekker = ks.wsn
    afspraak.tekst = "Jaarlijks actualiseren partijen de planmonitor."
    afspraak.save()
    detail = selectors.afspraak_detail(
        user=ANONIEM, kader=ks.kader, soort=AfspraakSoort.STRATEGISCH, nummer="2"
    )
    assert [r.soort for r in detail.historie] == ["Gewijzigd", "Aangemaakt"]
    wijzigingen = {w.veld: w for w in detail.historie[0].wijzigingen}
    assert set(wijzigingen) == {"tekst", "trekker"}
    assert wijzigingen["trekker"].oud == "—"
    assert wijzigingen["trekker"].nieuw == "Woningstichting Nijkerk"
    assert wijzigingen["tekst"].nieuw == "Jaarlijks actualiseren partijen de planmonitor."
    assert ("weg", "het overzicht van 'zachte plannen' in ") in wijzigingen["tekst"].tekstdiff


def test_bijstellingen_touching_an_afspraak_are_found_by_its_rows():
    ks = maak_kader()
    detail = selectors.afspraak_detail(
        user=ANONIEM, kader=ks.kader, soort=AfspraakSoort.STRATEGISCH, nummer="3"
    )
    assert len(detail.bijstellingen) == 1
    assert [w.nieuw for w in detail.bijstellingen[0].wijzigingen] == [
        "De woningcorporaties behouden 15% vrije toewijzingsruimte."
    ]
    # A change with the same number but to the systematiek item touches only that item.
    later = BijstellingFactory(kader=ks.kader, datum=datetime.date(2026, 6, 1))
    BijstellingWijzigingFactory(
        bijstelling=later, afspraak=ks.afspraken["systematiek-1"], oud="x", nieuw="y"
    )
    BijstellingWijzigingFactory(bijstelling=later, afspraak=ks.afspraken["3"], veld="jaar")
    BijstellingWijzigingFactory(bijstelling=later, afspraak=ks.afspraken["3"], veld="termijn")
    systematiek = selectors.afspraak_detail(
        user=ANONIEM, kader=ks.kader, soort=AfspraakSoort.SYSTEMATIEK, nummer="1"
    )
    assert [r.bijstelling for r in systematiek.bijstellingen] == [later]
    drie = selectors.afspraak_detail(
        user=ANONIEM, kader=ks.kader, soort=AfspraakSoort.STRATEGISCH, nummer="3"
    )
    assert [r.bijstelling.datum for r in drie.bijstellingen] == [
        datetime.date(2026, 6, 1),
        datetime.date(2025, 12, 11),
    ]
    assert [w.veld for w in drie.bijstellingen[0].wijzigingen] == ["jaar", "termijn"]
    eén = selectors.afspraak_detail(
        user=ANONIEM, kader=ks.kader, soort=AfspraakSoort.STRATEGISCH, nummer="1"
    )
    assert eén.bijstellingen == []


def test_bijstellingen_of_an_afspraak_take_constant_queries(django_assert_num_queries):
    ks = maak_kader()
    for i in range(5):
        b = BijstellingFactory(kader=ks.kader, datum=datetime.date(2026, 1, i + 1))
        BijstellingWijzigingFactory(bijstelling=b, afspraak=ks.afspraken["3"])
    with django_assert_num_queries(1):
        regels = selectors.bijstellingen_van_afspraak(user=ANONIEM, afspraak=ks.afspraken["3"])
    assert len(regels) == 6


def test_bijstelling_list_reads_the_change_rows_in_order():
    ks = maak_kader()
    b = BijstellingFactory(kader=ks.kader, datum=datetime.date(2026, 6, 1))
    BijstellingWijzigingFactory(bijstelling=b, onderdeel="begrip", sleutel="b", volgorde=2)
    BijstellingWijzigingFactory(bijstelling=b, onderdeel="thema", sleutel="1", volgorde=1)
    regels = selectors.bijstelling_list(user=ANONIEM, kader=ks.kader)
    assert [r.bijstelling.datum for r in regels] == [
        datetime.date(2026, 6, 1),
        datetime.date(2025, 12, 11),
    ]
    assert [(w.onderdeel, w.sleutel) for w in regels[0].wijzigingen] == [
        ("thema", "1"),
        ("begrip", "b"),
    ]


def test_history_says_when_the_afspraak_was_signed_and_when_it_was_imported():
    ks = maak_kader()
    detail = selectors.afspraak_detail(
        user=ANONIEM, kader=ks.kader, soort=AfspraakSoort.STRATEGISCH, nummer="1"
    )
    [aangemaakt] = detail.historie
    assert aangemaakt.aangemaakt
    assert aangemaakt.afgesproken_op == datetime.date(2025, 2, 20)
    assert aangemaakt.toegevoegd_bij is None


def test_history_of_an_afspraak_added_by_a_bijstelling_names_that_bijstelling():
    ks = maak_kader()
    nieuw = AfspraakFactory(kader=ks.kader, thema=ks.themas[0], nummer="6", volgorde=6)
    b = BijstellingFactory(kader=ks.kader, datum=datetime.date(2026, 6, 12))
    BijstellingWijzigingFactory(
        bijstelling=b, afspraak=nieuw, actie=WijzigingActie.NIEUW, veld="", nieuw=nieuw.tekst
    )
    detail = selectors.afspraak_detail(
        user=ANONIEM, kader=ks.kader, soort=AfspraakSoort.STRATEGISCH, nummer="6"
    )
    assert detail.historie[-1].toegevoegd_bij == b
    assert detail.historie[-1].afgesproken_op == datetime.date(2026, 6, 12)


def test_convenant_list_separates_recognised_organisations_from_other_names():
    ks = maak_kader()
    regels = selectors.convenant_list(user=ANONIEM, kader=ks.kader)
    assert [r.overige_namen for r in regels] == [[], ["Vluchtelingenwerk"]]
    assert {o.korte_naam for o in regels[0].organisaties} == {"de Alliantie", "gemeente", "WSN"}


# ---- the real Nijkerk document (imported by the importer fixture)


@pytest.fixture
def nijkerk(nijkerk_kader):
    Afsprakenkader.objects.filter(pk=nijkerk_kader.pk).update(gepubliceerd=True)
    nijkerk_kader.refresh_from_db()
    return nijkerk_kader


def test_nijkerk_theme_1_page_shows_afspraken_1_to_8(client, nijkerk):
    response = client.get(reverse("afspraken:thema", args=[nijkerk.slug, 1]))
    assert response.status_code == 200
    detail = response.context["detail"]
    assert [a.nummer for a in detail.afspraken] == [str(n) for n in range(1, 9)]
    assert "1. Balans in vraag en aanbod" in response.content.decode()
    assert [w.tabel.nummer for w in detail.tabellen] == ["1", "2"]


def test_nijkerk_tables_show_the_importers_checks(client, nijkerk):
    detail = client.get(reverse("afspraken:thema", args=[nijkerk.slug, 1])).context["detail"]
    tabel1, tabel2 = detail.tabellen
    assert tabel1.heeft_afwijkingen and tabel2.heeft_afwijkingen
    # Tabel 1's printed Totaal row: 556 + 0 - 135 = 421, printed 415.
    assert any("gedrukt 415" in m and "421" in m for m in tabel1.meldingen)


def test_nijkerk_party_filter_with_betrokken_counts_every_link(nijkerk):
    keuzes = selectors.afspraak_filter_keuzes(user=ANONIEM, kader=nijkerk, ook_betrokken=True)
    aantallen = {o.korte_naam: o.aantal for o in keuzes.organisaties}
    assert aantallen["WSN"] == 30
    assert aantallen["HON"] == 17


def test_nijkerk_party_filter_counts_uitvoerend_by_default(nijkerk):
    keuzes = selectors.afspraak_filter_keuzes(user=ANONIEM, kader=nijkerk)
    aantallen = {o.korte_naam: o.aantal for o in keuzes.organisaties}
    # "we" / "partijen" no longer make every party carry a duty: the tenants' organisations
    # are named as acting in none of the 32 items (afspraak 17: they "worden betrokken")
    assert aantallen == {"gemeente": 19, "WSN": 20, "de Alliantie": 19, "HON": 0, "HBVA": 0}


def test_nijkerk_overview_pages_render(client, nijkerk):
    slug = nijkerk.slug
    overzicht = client.get(reverse("afspraken:kader", args=[slug]))
    html = overzicht.content.decode()
    assert "ondertekend" in html.lower() and "20 februari 2025" in html
    assert [t.aantal_afspraken for t in overzicht.context["overzicht"].themas][:4] == [8, 7, 11, 3]
    for name, args in [
        ("afspraken", []),
        ("afspraak", ["7"]),
        ("systematiek", ["1"]),
        ("begrippen", []),
        ("begrip", ["harde-en-zachte-plannen"]),
        ("convenanten", []),
        ("partijen", []),
        ("tabel", ["2"]),
        ("bijstellingen", []),
    ]:
        assert client.get(reverse(f"afspraken:{name}", args=[slug, *args])).status_code == 200
    partijen = client.get(reverse("afspraken:partijen", args=[slug])).content.decode()
    assert "Esther Heutink-Wenderich" in partijen and "Ron Weil" in partijen


def test_nijkerk_afspraak_7_lists_both_corporations_via_the_group_word(client, nijkerk):
    response = client.get(reverse("afspraken:afspraak", args=[nijkerk.slug, "7"]))
    html = response.content.decode()
    assert "De woningcorporaties behouden 15% vrije toewijzingsruimte." in html
    assert [link.organisatie.korte_naam for link in response.context["detail"].partij_links] == [
        "de Alliantie",
        "WSN",
    ]
    assert "via een groepsnaam" in html


def test_nijkerk_changed_document_shows_bijstelling_and_history_on_the_afspraak_page(
    client, nijkerk, nijkerk_document_bytes, make_member
):
    from prestatiemonitor.afspraken.importer.services import import_document

    beheerder = make_member(
        nijkerk.partij_set.get(organisatie__soort="gemeente").organisatie, Rol.BEHEERDER
    )
    oud = "7. De woningcorporaties behouden 15% vrije toewijzingsruimte."
    nieuw = "7. De woningcorporaties behouden 12% vrije toewijzingsruimte."
    data = nijkerk_document_bytes.decode().replace(oud, nieuw).encode()
    import_document(
        data=data,
        bestandsnaam="nijkerk-bijgesteld.md",
        gemeente=nijkerk.gemeente,
        acting_user=beheerder,
        reden="Vrije toewijzingsruimte verlaagd.",
        besloten_in="bestuurlijk overleg breed",
    )
    response = client.get(reverse("afspraken:afspraak", args=[nijkerk.slug, "7"]))
    detail = response.context["detail"]
    assert detail.afspraak.tekst == "De woningcorporaties behouden 12% vrije toewijzingsruimte."
    assert [r.soort for r in detail.historie] == ["Gewijzigd", "Aangemaakt"]
    assert detail.historie[0].door == beheerder
    assert len(detail.bijstellingen) == 1
    html = response.content.decode()
    assert "Vrije toewijzingsruimte verlaagd." in html
    assert "De woningcorporaties behouden 15% vrije toewijzingsruimte." in html
    assert '<ins class="diff-erbij"><span class="visually-hidden">[toegevoegd: </span>12%' in html
    # Afspraak 8 was not touched by this bijstelling.
    andere = client.get(reverse("afspraken:afspraak", args=[nijkerk.slug, "8"]))
    assert andere.context["detail"].bijstellingen == []
