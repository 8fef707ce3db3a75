"""The register pages: what they show, who may see them, and how many queries they take."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from prestatiemonitor.afspraken.constants import AfspraakSoort
from prestatiemonitor.organisaties.constants import Rol
from prestatiemonitor.organisaties.tests.factories import OrganisatieFactory

from .factories import AfspraakFactory, ImportVerslagFactory, maak_kader

pytestmark = pytest.mark.django_db


@pytest.fixture
def ks():
    return maak_kader()


def url(name, ks, *args):
    return reverse(f"afspraken:{name}", args=[ks.kader.slug, *args])


def tekst(response) -> str:
    """The page's visible text, tags removed and white space collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip())


def afspraak_koppen(response) -> list[str]:
    """The afspraken listed on a page, by their heading link ("Afspraak 7")."""
    return re.findall(
        r'class="utrecht-heading-3 afspraak__kop"[^>]*><a[^>]*>([^<]+)</a>',
        response.content.decode(),
    )


ALLE_PAGINAS = [
    ("kader", ()),
    ("thema", (1,)),
    ("afspraken", ()),
    ("afspraak", ("1",)),
    ("systematiek", ("1",)),
    ("zoeken", ()),
    ("begrippen", ()),
    ("begrip", ("harde-en-zachte-plannen",)),
    ("convenanten", ()),
    ("partijen", ()),
    ("tabel", ("1",)),
    ("bijstellingen", ()),
]


# --------------------------------------------------------------------------------------------
# Home


def test_home_lists_only_published_kaders_for_anonymous(client):
    gepubliceerd = maak_kader(titel="Afspraken Gepubliceerd")
    maak_kader(gepubliceerd=False, titel="Afspraken Geheim")
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert gepubliceerd.kader.titel in tekst(response)
    assert "Afspraken Geheim" not in tekst(response)
    assert reverse("afspraken:kader", args=[gepubliceerd.kader.slug]) in response.content.decode()


def test_home_without_kaders_explains_why(client):
    maak_kader(gepubliceerd=False)
    response = client.get(reverse("home"))
    assert "Er zijn nog geen gepubliceerde prestatieafspraken" in tekst(response)
    assert reverse("login") in response.content.decode()


def test_home_shows_unpublished_kader_to_a_member_of_a_party(client, make_member):
    ks = maak_kader(gepubliceerd=False, titel="Afspraken In Concept")
    client.force_login(make_member(ks.hon, Rol.LEZER))
    response = client.get(reverse("home"))
    assert "Afspraken In Concept" in tekst(response)
    assert "Niet gepubliceerd" in tekst(response)


# --------------------------------------------------------------------------------------------
# Kader overview


def test_kader_overview_shows_parties_period_signing_date_and_themes_with_counts(client, ks):
    response = client.get(url("kader", ks))
    assert response.status_code == 200
    text = tekst(response)
    assert ks.kader.titel in text
    assert "2025–2027" in text
    assert "op 20 februari 2025" in text
    assert "Ondertekend" in text
    for naam in (
        "Woningstichting Nijkerk",
        "Stichting de Alliantie",
        "Huurdersorganisatie Nijkerk",
    ):
        assert naam in text
    html = response.content.decode()
    # Theme 1 has 2 ambities and 3 afspraken, theme 2 has 1 and 2.
    rijen = re.findall(r"<tr class=\"utrecht-table__row\">(.*?)</tr>", html, flags=re.S)
    cijfers = {
        re.sub(r"<[^>]+>", "", r).split()[1]: re.findall(r"numeric-data\"[^>]*>(\d+)", r)
        for r in rijen
    }
    assert cijfers["Balans"] == ["2", "3"]
    assert cijfers["Wonen,"] == ["1", "2"]
    assert reverse("afspraken:thema", args=[ks.kader.slug, 2]) in html
    for formaat in ("json", "csv", "xlsx"):
        assert reverse("afspraken:export", args=[ks.kader.slug, formaat]) in html
    assert url("begrippen", ks) in html
    assert url("tabel", ks, "1") in html


def test_kader_overview_shows_publication_controls_only_to_the_gemeente_beheerder(
    client, ks, make_member
):
    publicatie = reverse("afspraken:publicatie", args=[ks.kader.slug])
    assert publicatie not in client.get(url("kader", ks)).content.decode()

    client.force_login(make_member(ks.wsn, Rol.BEHEERDER))
    assert publicatie not in client.get(url("kader", ks)).content.decode()

    client.force_login(make_member(ks.gemeente, Rol.BEHEERDER))
    html = client.get(url("kader", ks)).content.decode()
    assert publicatie in html
    assert 'name="actie" value="intrekken"' in html
    assert reverse("afspraken:importeren") in html


# --------------------------------------------------------------------------------------------
# Thema


def test_thema_page_shows_doel_ambities_and_only_its_own_afspraken(client, ks):
    response = client.get(url("thema", ks, 1))
    assert response.status_code == 200
    text = tekst(response)
    assert "1. Balans in vraag en aanbod" in text
    assert "Er zijn in 2050 voldoende passende, betaalbare huurwoningen beschikbaar." in text
    assert "We bouwen voldoende woningen voor onze lokale woningzoekenden." in text
    assert afspraak_koppen(response) == ["Afspraak 1", "Afspraak 2", "Afspraak 3"]

    response = client.get(url("thema", ks, 2))
    assert afspraak_koppen(response) == ["Afspraak 4", "Afspraak 5"]
    assert "taakstelling statushouders" in tekst(response)


def test_thema_page_shows_party_badges_and_trekker(client, ks):
    html = client.get(url("thema", ks, 2)).content.decode()
    afspraak4 = html[html.index("Afspraak 4") : html.index("Afspraak 5")]
    badges = re.findall(r'partij-badge--[a-z]+" title="[^"]*">([^<]+)<', afspraak4)
    assert badges == ["gemeente", "de Alliantie", "WSN"]
    assert "Trekker" in afspraak4


def test_thema_page_shows_the_table_with_the_sum_mismatch_flagged(client, ks):
    response = client.get(url("thema", ks, 1))
    html = response.content.decode()
    assert "Tabel 1 | Prognose ontwikkeling sociale voorraad 2025 t/m 2027" in tekst(response)
    # The importer's check: printed total 0 in 'Onttrekking door sloop', sum of the rows -6.
    assert html.count("cel--afwijking") == 1
    assert "Rij 'Totaal', kolom 'Onttrekking door sloop': gedrukt 0, som van de rijen -6." in (
        tekst(response)
    )
    assert "Herberekend totaal" not in tekst(response)


def test_thema_page_shows_systematiek_and_tekstblokken_of_the_theme(client, ks):
    response = client.get(url("thema", ks, 3))
    assert afspraak_koppen(response) == ["Systematiek 1"]
    assert "Monitoren beschikbaarheid" in tekst(response)


def test_unknown_theme_is_404(client, ks):
    assert client.get(url("thema", ks, 99)).status_code == 404


# --------------------------------------------------------------------------------------------
# Afspraken with filters


def test_afspraken_list_shows_all_with_counts(client, ks):
    response = client.get(url("afspraken", ks))
    assert afspraak_koppen(response) == [
        "Afspraak 1",
        "Afspraak 2",
        "Afspraak 3",
        "Afspraak 4",
        "Afspraak 5",
        "Systematiek 1",
    ]
    assert "6 afspraken: 5 strategische afspraken en 1 over de systematiek." in tekst(response)
    html = response.content.decode()
    assert '<label class="utrecht-form-label" for="id_partij">Partij</label>' in html
    assert '<label class="utrecht-form-label" for="id_thema">Thema</label>' in html
    # Each option tells how many afspraken it would show: where the party is uitvoerend.
    assert "Huurdersorganisatie Nijkerk (0)" in html
    assert "Woningstichting Nijkerk (3)" in html
    assert "1. Balans in vraag en aanbod (3)" in html
    assert (
        '<input class="utrecht-checkbox utrecht-checkbox--html-input" type="checkbox" '
        'name="betrokken" value="1" id="id_betrokken">'
    ) in html
    assert "ook waar de partij alleen betrokken is" in tekst(response)


def test_filter_by_party_narrows_the_list_to_where_it_is_uitvoerend(client, ks):
    response = client.get(url("afspraken", ks), {"partij": ks.wsn.slug})
    assert afspraak_koppen(response) == ["Afspraak 3", "Afspraak 4", "Systematiek 1"]
    assert "3 van de 6 afspraken waarin Woningstichting Nijkerk uitvoerend is" in tekst(response)
    assert f'<option value="{ks.wsn.slug}" selected>' in response.content.decode()
    hon = client.get(url("afspraken", ks), {"partij": ks.hon.slug})
    assert afspraak_koppen(hon) == []


def test_filter_by_party_with_betrokken_includes_we_and_partijen(client, ks):
    response = client.get(url("afspraken", ks), {"partij": ks.hon.slug, "betrokken": "1"})
    assert afspraak_koppen(response) == ["Afspraak 1", "Afspraak 2"]
    text = tekst(response)
    assert (
        "2 van de 6 afspraken waarin Huurdersorganisatie Nijkerk uitvoerend of betrokken is" in text
    )
    html = response.content.decode()
    assert 'name="betrokken" value="1" id="id_betrokken" checked>' in html
    # the option counts follow the checkbox
    assert "Huurdersorganisatie Nijkerk (2)" in html


def test_party_badges_say_betrokken_in_words(client, ks):
    response = client.get(url("afspraken", ks))
    html = response.content.decode()
    # afspraak 1: the gemeente acts, the others are included through "partijen"
    artikel = html[html.index(">Afspraak 1<") : html.index(">Afspraak 2<")]
    badges = re.findall(
        r'<span class="utrecht-data-badge partij-badge[^>]*>(.*?)</span></li>', artikel
    )
    assert [re.sub(r"<[^>]+>", "", b) for b in badges] == [
        "gemeente",
        "de Alliantie (betrokken)",
        "WSN (betrokken)",
        "HBVA (betrokken)",
        "HON (betrokken)",
    ]


def test_filter_by_theme_narrows_the_list(client, ks):
    response = client.get(url("afspraken", ks), {"thema": "2"})
    assert afspraak_koppen(response) == ["Afspraak 4", "Afspraak 5"]


def test_filter_by_party_and_theme_combined(client, ks):
    response = client.get(url("afspraken", ks), {"partij": ks.wsn.slug, "thema": "1"})
    assert afspraak_koppen(response) == ["Afspraak 3"]
    response = client.get(
        url("afspraken", ks), {"partij": ks.wsn.slug, "thema": "1", "betrokken": "1"}
    )
    assert afspraak_koppen(response) == ["Afspraak 1", "Afspraak 2", "Afspraak 3"]
    response = client.get(url("afspraken", ks), {"partij": ks.hon.slug, "thema": "2"})
    assert afspraak_koppen(response) == []
    assert "Geen afspraken gevonden met dit filter." in tekst(response)


def test_filter_with_an_unknown_value_says_so_and_shows_everything(client, ks):
    other = OrganisatieFactory()
    response = client.get(url("afspraken", ks), {"partij": other.slug})
    assert response.status_code == 200
    assert "Dit filter bestaat niet (meer)." in tekst(response)
    assert len(afspraak_koppen(response)) == 6


# --------------------------------------------------------------------------------------------
# Afspraak


def test_afspraak_page_shows_text_parties_with_recognition_trekker_and_theme(client, ks):
    response = client.get(url("afspraak", ks, "4"))
    assert response.status_code == 200
    text = tekst(response)
    assert "Afspraak 4" in text
    assert "De gemeente is verantwoordelijk voor het realiseren" in text
    assert "2. Wonen, zorg en aandachtsgroepen" in text
    assert "Gemeente " in text and "(trekker)" in text
    assert "bij naam genoemd" in text
    assert "Woningstichting Nijkerk" in text


def test_afspraak_text_links_the_begrippen_it_uses(client, ks):
    html = client.get(url("afspraak", ks, "2")).content.decode()
    begrip_url = reverse("afspraken:begrip", args=[ks.kader.slug, "harde-en-zachte-plannen"])
    assert re.search(
        rf'<a class="utrecht-link begrip-link" href="{begrip_url}"[^>]*>zachte plannen</a>', html
    )
    assert "Gebruikte begrippen" in html


def test_afspraak_history_shows_who_changed_what_old_and_new_text(client, ks, make_member):
    afspraak = ks.afspraken["3"]
    editor = make_member(ks.gemeente, Rol.BEHEERDER)
    editor.first_name, editor.last_name = "Bente", "Beleid"
    editor.save()
    afspraak.tekst = "De woningcorporaties behouden 20% vrije toewijzingsruimte."
    afspraak._history_user = editor
    afspraak.save()

    # The public sees the organisation, not the staff member's name.
    response = client.get(url("afspraak", ks, "3"))
    html = response.content.decode()
    text = tekst(response)
    assert "Gewijzigd" in text and f"door een medewerker van {ks.gemeente.naam}" in text
    assert "Bente Beleid" not in text
    # A logged-in reader sees who it was.
    client.force_login(make_member(ks.gemeente, Rol.LEZER))
    assert "door Bente Beleid" in tekst(client.get(url("afspraak", ks, "3")))
    assert (
        "Afgesproken bij de ondertekening op 20 februari 2025; in de Prestatiemonitor gezet op"
        in text
    )
    assert "Aangemaakt op" not in text
    assert "De woningcorporaties behouden 15% vrije toewijzingsruimte." in text
    assert "De woningcorporaties behouden 20% vrije toewijzingsruimte." in text
    assert re.search(r'<del class="diff-weg">.*?15%.*?</del>', html)
    assert re.search(r'<ins class="diff-erbij">.*?20%.*?</ins>', html)


def test_afspraak_page_shows_the_bijstelling_that_touched_it(client, ks):
    text = tekst(client.get(url("afspraak", ks, "3")))
    assert "Bijstelling van 11 december 2025" in text
    assert "10%" in text and "15%" in text
    assert "Bijstelling van" not in tekst(client.get(url("afspraak", ks, "1")))


def test_systematiek_page(client, ks):
    response = client.get(url("systematiek", ks, "1"))
    assert response.status_code == 200
    text = tekst(response)
    assert "Systematiek 1" in text
    assert "geen BOD uit" in text
    assert "Jaar of termijn in 2027" in text
    # The afspraak URL does not serve a systematiek item with the same number, and vice versa.
    assert client.get(url("afspraak", ks, "1")).context["detail"].afspraak.soort == (
        AfspraakSoort.STRATEGISCH
    )
    assert client.get(url("systematiek", ks, "9")).status_code == 404


def test_unknown_afspraak_is_404(client, ks):
    assert client.get(url("afspraak", ks, "999")).status_code == 404


def test_document_text_is_escaped(client, ks):
    AfspraakFactory(
        kader=ks.kader,
        thema=ks.themas[0],
        nummer="77",
        volgorde=77,
        tekst='Partijen <script>alert("x")</script> & <b>meer</b>.',
    )
    for response in (
        client.get(url("afspraak", ks, "77")),
        client.get(url("thema", ks, 1)),
        client.get(url("zoeken", ks), {"q": "script"}),
    ):
        html = response.content.decode()
        assert '<script>alert("x")</script>' not in html
        # Escaped, whether rendered as document text or highlighted as a search result.
        assert (
            "&lt;script&gt;alert(" in html
            or '&lt;<mark class="utrecht-mark">script</mark>&gt;alert(' in html
        )


# --------------------------------------------------------------------------------------------
# Begrippen, convenanten, partijen, tabel, bijstellingen


def test_begrippen_page_shows_plan_hardness_as_a_grouped_table(client, ks):
    response = client.get(url("begrippen", ks))
    html = response.content.decode()
    text = tekst(response)
    assert "Harde en zachte plannen" in text and "Aandachtsgroepen" in text
    hard = text.index("Hard 1A Onherroepelijk bestemmingsplan of inpassingsplan 2A")
    zacht = text.index("Zacht 3 Bestemmingsplan of inpassingsplan in voorbereiding 4B")
    assert hard < zacht
    assert '<th scope="colgroup" colspan="2"' in html
    assert "Gebruikt in 1 afspraak." in text


def test_uncoded_sub_items_stay_in_the_definition_text_without_a_table(client, ks):
    from .factories import BegripOnderdeelFactory

    # The importer keeps a plain bullet list in the definition's text (and as onderdelen for
    # the exports); only coded categories such as plan hardness get a table.
    begrip = ks.begrippen["aandachtsgroepen"]
    BegripOnderdeelFactory(begrip=begrip, groep="Doelgroepen", code="", omschrijving="Mantelzorg")
    html = client.get(url("begrip", ks, "aandachtsgroepen")).content.decode()
    assert "Onderdelen van" not in html and ">Omschrijving</th>" not in html
    html = client.get(url("begrip", ks, "harde-en-zachte-plannen")).content.decode()
    assert ">Code</th>" in html and ">Omschrijving</th>" in html


def test_kader_introduction_is_shown_once(client, ks):
    from .factories import TekstblokFactory

    ks.kader.inleiding = "Gemeente, corporaties en huurders maken samen afspraken."
    ks.kader.save()
    html = client.get(url("kader", ks)).content.decode()
    assert html.count("<summary>Inleiding</summary>") == 1
    TekstblokFactory(kader=ks.kader, titel="Inleiding", tekst="Dezelfde inleiding als tekstblok.")
    html = client.get(url("kader", ks)).content.decode()
    assert html.count("<summary>Inleiding</summary>") == 1
    assert "Dezelfde inleiding als tekstblok." in html


def test_begrip_page_shows_definition_and_the_afspraken_using_it(client, ks):
    response = client.get(url("begrip", ks, "harde-en-zachte-plannen"))
    assert response.status_code == 200
    text = tekst(response)
    assert "eenduidige definities van harde en zachte plannen" in text
    assert "Afspraken die dit begrip gebruiken (1)" in text
    assert url("afspraak", ks, "2") in response.content.decode()
    assert client.get(url("begrip", ks, "bestaat-niet")).status_code == 404


def test_convenanten_page_shows_years_badges_and_other_parties_as_text(client, ks):
    response = client.get(url("convenanten", ks))
    html = response.content.decode()
    text = tekst(response)
    assert "Werkafspraken buurtbemiddeling" in text
    assert "2016–2020" in text
    assert "2.016" not in text  # years are not numbers with a thousands separator
    rij = html[html.index("Samenwerkingsovereenkomst Wonen") :]
    rij = rij[: rij.index("</tr>")]
    assert re.findall(r'partij-badge--[a-z]+" title="[^"]*">([^<]+)<', rij) == [
        ks.gemeente.korte_naam,
        "WSN",
    ]
    assert "Vluchtelingenwerk" in rij


def test_partijen_page_shows_kinds_corporation_of_tenants_and_signatories(client, ks):
    response = client.get(url("partijen", ks))
    text = tekst(response)
    assert "ondertekend op 20 februari 2025" in text
    assert "Huurdersorganisatie Nijkerk" in text
    assert "Huurders van Woningstichting Nijkerk" in text
    assert "Ondertekenaar HON, Voorzitter" in text  # as the document prints it
    assert "Ondertekenaar gemeente, Wethouder Wonen" in text
    assert "Woningcorporatie" in text and "Huurdersorganisatie" in text


def test_tabel_page_shows_rows_and_checks(client, ks):
    response = client.get(url("tabel", ks, "1"))
    text = tekst(response)
    assert "Prognose ontwikkeling sociale voorraad 2025 t/m 2027" in text
    assert "WSN 526 0 401" in text
    assert "Totaal 556 0" in text
    assert "Herberekend" not in text
    assert "gedrukt 0, som van de rijen -6" in text
    assert client.get(url("tabel", ks, "9")).status_code == 404


def test_bijstellingen_page_lists_changes(client, ks):
    text = tekst(client.get(url("bijstellingen", ks)))
    assert "Bijstelling van 11 december 2025" in text
    assert "Besloten in bestuurlijk overleg breed" in text
    assert "Wijzigingen (1) Afspraak 3 – gewijzigd (tekst)" in text
    assert "Oud: De woningcorporaties behouden 10% vrije toewijzingsruimte." in text


def test_afspraak_page_shows_the_role_of_each_party(client, ks):
    text = tekst(client.get(url("afspraak", ks, "1")))
    assert "Partij Rol Soort Herkend" in text
    assert "Gemeente " in text
    assert "uitvoerend Gemeente" in text
    assert text.count("betrokken") >= 4


def test_partijen_page_counts_uitvoerend_and_shows_betrokken_separately(client, ks):
    text = tekst(client.get(url("partijen", ks)))
    assert "Afspraken uitvoerend in 3; alleen betrokken in 2" in text  # WSN
    assert "Afspraken uitvoerend in 0; alleen betrokken in 2" in text  # HON, HBVA
    assert "Afspraken uitvoerend in 3; alleen betrokken in 1" in text  # gemeente


def test_bijstellingen_name_the_person_only_to_logged_in_readers(client, ks, make_member):
    beheerder = make_member(ks.gemeente, Rol.BEHEERDER)
    beheerder.first_name, beheerder.last_name = "Bente", "Beleid"
    beheerder.save()
    ks.kader.bijstellingen.update(vastgelegd_door=beheerder)
    text = tekst(client.get(url("bijstellingen", ks)))
    assert f"door een medewerker van {ks.gemeente.naam}" in text
    assert "Bente Beleid" not in text
    client.force_login(make_member(ks.hon, Rol.LEZER))
    assert "door Bente Beleid" in tekst(client.get(url("bijstellingen", ks)))


def test_import_reports_only_for_members_of_a_party(client, ks, make_member):
    ImportVerslagFactory(kader=ks.kader, bestandsnaam="nijkerk-versie-2.md")
    assert "nijkerk-versie-2.md" not in tekst(client.get(url("bijstellingen", ks)))

    client.force_login(make_member(OrganisatieFactory(), Rol.BEHEERDER))
    assert "nijkerk-versie-2.md" not in tekst(client.get(url("bijstellingen", ks)))

    client.force_login(make_member(ks.hbva, Rol.LEZER))
    assert "nijkerk-versie-2.md" in tekst(client.get(url("bijstellingen", ks)))


# --------------------------------------------------------------------------------------------
# Visibility


@pytest.mark.parametrize("name,args", ALLE_PAGINAS)
def test_published_pages_are_public_and_csp_clean(client, ks, name, args):
    response = client.get(url(name, ks, *args))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert ' style="' not in html
    assert "<script" not in html
    assert re.search(r"\son[a-z]+=", html) is None
    assert 'lang="nl"' in html
    assert 'href="#inhoud"' in html


def test_unknown_kader_is_404(client):
    assert client.get(reverse("afspraken:kader", args=["bestaat-niet"])).status_code == 404


# --------------------------------------------------------------------------------------------
# Query counts: bounded, and independent of the number of themes and afspraken


def _aantal_queries(client, target) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(target)
    assert response.status_code == 200
    return len(ctx.captured_queries)


# thema and tabel: +1 for the footnotes of the kader (one query per page, templatetags/
# voetnoten.py), tabel +1 for the typed TabelControle rows until the selectors prefetch them.
# The footer's link to the signed document costs nothing: the kader lookup annotates it.
MAX_QUERIES = {
    "kader": 8,
    "thema": 11,
    "afspraken": 8,
    "afspraak": 13,  # +1: the afspraak's activities in the jaarschijven (jaarschijven app)
    "systematiek": 12,
    "zoeken": 8,
    "begrippen": 4,
    "begrip": 5,
    "convenanten": 4,
    "partijen": 4,
    "tabel": 6,
    "bijstellingen": 4,
}


@pytest.mark.parametrize("name,args", ALLE_PAGINAS)
def test_query_count_does_not_grow_with_the_number_of_afspraken(
    client, django_assert_max_num_queries, name, args
):
    klein = maak_kader()
    groot = maak_kader(extra_themas=4, extra_afspraken_per_thema=12)
    extra = {"zoeken": "?q=woningcorporaties wonen"}.get(name, "")
    n_klein = _aantal_queries(client, url(name, klein, *args) + extra)
    n_groot = _aantal_queries(client, url(name, groot, *args) + extra)
    assert n_groot == n_klein
    with django_assert_max_num_queries(MAX_QUERIES[name]):
        client.get(url(name, groot, *args) + extra)


def test_home_query_count_does_not_grow_with_the_number_of_kaders(client):
    maak_kader()
    n_een = _aantal_queries(client, reverse("home"))
    for _ in range(4):
        maak_kader()
    assert _aantal_queries(client, reverse("home")) == n_een <= 2


def test_logged_in_query_count_is_bounded_too(client, make_member, django_assert_max_num_queries):
    groot = maak_kader(gepubliceerd=False, extra_afspraken_per_thema=12)
    client.force_login(make_member(groot.gemeente, Rol.BEHEERDER))
    # Session, user and memberships add a few queries; the page's own stay the same.
    with django_assert_max_num_queries(MAX_QUERIES["thema"] + 5):
        assert client.get(url("thema", groot, 1)).status_code == 200


def test_not_found_page_is_dutch_and_does_not_say_whether_the_kader_exists(client, settings):
    settings.DEBUG = False
    ks = maak_kader(gepubliceerd=False)
    bestaat = client.get(url("kader", ks))
    bestaat_niet = client.get(reverse("afspraken:kader", args=["bestaat-niet"]))
    assert bestaat.status_code == bestaat_niet.status_code == 404
    assert "Pagina niet gevonden" in tekst(bestaat)
    assert ks.kader.titel not in tekst(bestaat)
    assert tekst(bestaat) == tekst(bestaat_niet)


def test_table_numbers_are_in_dutch_notation(client, ks):
    from .factories import TabelFactory, TabelRijFactory

    tabel = TabelFactory(kader=ks.kader, nummer="9", kolommen=["Aantal", "Aandeel"])
    TabelRijFactory(tabel=tabel, label="WSN", waarden=[1234, 12.5], volgorde=1)
    text = tekst(client.get(url("tabel", ks, "9")))
    assert "WSN 1.234 12,5" in text


def test_kader_page_names_everything_the_exports_carry(client, ks):
    """The exports carry tables, footnotes and bijstellingen too (issue 5, section 5); the
    kader page said only thema's, ambities, afspraken, begrippen and convenanten."""
    html = unescape(re.sub(r"\s+", " ", client.get(url("kader", ks)).content.decode()))
    assert (
        "Het register (thema's, ambities, afspraken met partijen en hun rol, begrippen, "
        "convenanten, tabellen met hun controle, voetnoten en bijstellingen) als open data:"
    ) in html
