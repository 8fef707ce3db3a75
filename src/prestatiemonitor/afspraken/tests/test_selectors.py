"""Selectors: visibility through permissions.py, filters, table checks, history and changes."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from prestatiemonitor.afspraken import selectors
from prestatiemonitor.afspraken.constants import AfspraakSoort
from prestatiemonitor.afspraken.models import Afsprakenkader, Tabel
from prestatiemonitor.organisaties.constants import Rol
from prestatiemonitor.organisaties.tests.factories import OrganisatieFactory

from .factories import TabelFactory, TabelRijFactory, maak_kader

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
    hon = selectors.afspraak_list(user=ANONIEM, kader=ks.kader, organisatie=ks.hon)
    assert [a.nummer for a in hon] == ["1", "2"]
    thema2 = selectors.afspraak_list(user=ANONIEM, kader=ks.kader, thema=ks.themas[1])
    assert [a.nummer for a in thema2] == ["4", "5"]
    systematiek = selectors.afspraak_list(
        user=ANONIEM, kader=ks.kader, soort=AfspraakSoort.SYSTEMATIEK
    )
    assert [str(a) for a in systematiek] == ["Systematiek 1"]


def test_filter_keuzes_count_afspraken_per_party_and_theme():
    ks = maak_kader()
    keuzes = selectors.afspraak_filter_keuzes(user=ANONIEM, kader=ks.kader)
    assert [(o.korte_naam, o.aantal) for o in keuzes.organisaties] == [
        ("gemeente", 4),
        ("WSN", 5),
        ("de Alliantie", 4),
        ("HON", 2),
        ("HBVA", 2),
    ]
    assert [(t.nummer, t.aantal) for t in keuzes.themas] == [(1, 3), (2, 2), (3, 1)]


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


def test_tabel_weergave_recomputes_totals_and_flags_mismatches():
    ks = maak_kader()
    tabel = TabelFactory(kader=ks.kader, nummer="2", kolommen=["A", "B<br>(harde plannen)"])
    TabelRijFactory(tabel=tabel, label="WSN", waarden=[9, 8], volgorde=1)
    TabelRijFactory(tabel=tabel, label="De Alliantie", waarden=[6, None], volgorde=2)
    TabelRijFactory(tabel=tabel, label="Totaal", waarden=[15, 18], is_totaal=True, volgorde=3)
    weergave = selectors.tabel_detail(user=ANONIEM, kader=ks.kader, nummer="2")
    labels = [r.label for r in weergave.rijen]
    assert labels == ["WSN", "De Alliantie", "Totaal", "Herberekend totaal"]
    totaal, herberekend = weergave.rijen[2], weergave.rijen[3]
    assert [c.waarde for c in herberekend.cellen] == [15, 8]
    assert [bool(c.afwijking) for c in totaal.cellen] == [False, True]
    assert totaal.cellen[1].afwijking == (
        "Kolom 'B (harde plannen)': gedrukt totaal 18, som van de rijen 8."
    )
    assert weergave.heeft_afwijkingen


def test_tabel_weergave_without_mismatches():
    ks = maak_kader()
    tabel = TabelFactory(kader=ks.kader, nummer="3", kolommen=["A"])
    TabelRijFactory(tabel=tabel, label="x", waarden=[1], volgorde=1)
    TabelRijFactory(tabel=tabel, label="Totaal", waarden=[1], is_totaal=True, volgorde=2)
    weergave = selectors.tabel_weergave(Tabel.objects.get(pk=tabel.pk))
    assert not weergave.heeft_afwijkingen


def test_stored_checks_are_shown_in_words_and_flag_their_cell():
    ks = maak_kader()
    weergave = selectors.tabel_detail(user=ANONIEM, kader=ks.kader, nummer="1")
    assert weergave.meldingen == [
        "Rij 'Totaal', kolom 'Onttrekking door sloop': gedrukt 0, herberekend -6."
    ]
    totaal = next(r for r in weergave.rijen if r.is_totaal)
    assert totaal.cellen[1].afwijking


def test_woorddiff_marks_removed_and_added_words():
    assert selectors.woorddiff("behouden 10% ruimte", "behouden 15% ruimte") == [
        ("gelijk", "behouden "),
        ("weg", "10%"),
        ("erbij", "15%"),
        ("gelijk", " ruimte"),
    ]


def test_wijziging_weergave_reads_the_importers_format_and_older_spellings():
    w = selectors.wijziging_weergave(
        {
            "onderdeel": "afspraak",
            "sleutel": "7",
            "actie": "gewijzigd",
            "velden": ["tekst", "partijen"],
            "oud": "a",
            "nieuw": "b",
        }
    )
    assert (w.onderwerp, w.actie, w.veld, w.oud, w.nieuw) == (
        "Afspraak 7",
        "gewijzigd",
        "tekst, partijen",
        "a",
        "b",
    )
    w = selectors.wijziging_weergave(
        {"soort": "afspraak", "nummer": "7", "veld": "tekst", "oud": "a", "nieuw": "b"}
    )
    assert (w.onderwerp, w.veld, w.oud, w.nieuw) == ("Afspraak 7", "tekst", "a", "b")
    assert selectors.wijziging_weergave("vrije tekst").omschrijving == "vrije tekst"


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


def test_bijstellingen_touching_an_afspraak():
    ks = maak_kader()
    detail = selectors.afspraak_detail(
        user=ANONIEM, kader=ks.kader, soort=AfspraakSoort.STRATEGISCH, nummer="3"
    )
    assert len(detail.bijstellingen) == 1
    assert detail.bijstellingen[0].wijzigingen[0].nieuw.startswith("De woningcorporaties")
    # The systematiek item with the same number is not touched by an 'afspraak' change.
    ks.kader.bijstellingen.update(
        wijzigingen=[{"onderdeel": "afspraak", "sleutel": "1", "oud": "x", "nieuw": "y"}]
    )
    systematiek = selectors.afspraak_detail(
        user=ANONIEM, kader=ks.kader, soort=AfspraakSoort.SYSTEMATIEK, nummer="1"
    )
    assert systematiek.bijstellingen == []


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
    # Both tables of theme 1 with their printed-total mismatches flagged.
    assert [w.tabel.nummer for w in detail.tabellen] == ["1", "2"]
    assert all(w.heeft_afwijkingen for w in detail.tabellen)


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
