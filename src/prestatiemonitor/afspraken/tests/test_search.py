"""Full-text search over a kader: what it finds, how it highlights, and that it escapes."""

import re

import pytest
from django.urls import reverse

from prestatiemonitor.afspraken import selectors
from prestatiemonitor.afspraken.templatetags.register_tags import markeer, uittreksel
from prestatiemonitor.organisaties.constants import Rol
from prestatiemonitor.organisaties.tests.factories import OrganisatieFactory

from .factories import AfspraakFactory, maak_kader

pytestmark = pytest.mark.django_db


@pytest.fixture
def ks():
    return maak_kader()


def zoek(ks, q, user=None):
    from django.contrib.auth.models import AnonymousUser

    return selectors.zoek(user=user or AnonymousUser(), kader=ks.kader, q=q)


def nummers(resultaten) -> list[str]:
    return [str(a) for a in resultaten.afspraken]


def test_finds_an_afspraak_case_insensitively(ks):
    assert nummers(zoek(ks, "VRIJE Toewijzingsruimte")) == ["Afspraak 3"]


def test_several_words_must_all_occur(ks):
    assert nummers(zoek(ks, "sociale koop")) == ["Afspraak 1"]
    # Both words occur in the kader, but never in the same afspraak.
    assert nummers(zoek(ks, "sociale statushouders")) == []
    assert zoek(ks, "sociale statushouders").aantal == 0


def test_quoted_words_are_one_phrase(ks):
    assert selectors.zoekwoorden('"vrije toewijzingsruimte" 15%') == [
        "vrije toewijzingsruimte",
        "15%",
    ]
    assert nummers(zoek(ks, '"behouden 15%"')) == ["Afspraak 3"]
    assert nummers(zoek(ks, '"15% behouden"')) == []


def test_searches_ambities_begrippen_with_their_sub_items_tekstblokken_and_themes(ks):
    assert [a.tekst for a in zoek(ks, "lokale woningzoekenden").ambities] == [
        "We bouwen voldoende woningen voor onze lokale woningzoekenden."
    ]
    assert [b.term for b in zoek(ks, "kwetsbare positie").begrippen] == ["Aandachtsgroepen"]
    # Found through a structured sub-item (plan hardness 4B) of the begrip.
    assert [b.term for b in zoek(ks, "beginselbereidheid").begrippen] == ["Harde en zachte plannen"]
    assert [t.titel for t in zoek(ks, "slaagkans").tekstblokken] == ["Monitoren beschikbaarheid"]
    assert [t.titel for t in zoek(ks, "wal en schip").themas] == ["Wonen, zorg en aandachtsgroepen"]


def test_does_not_find_what_belongs_to_another_kader(ks):
    andere = maak_kader()
    AfspraakFactory(kader=andere.kader, thema=andere.themas[0], nummer="90", tekst="Uniek woord")
    assert zoek(ks, "uniek woord").aantal == 0
    assert nummers(zoek(andere, "uniek woord")) == ["Afspraak 90"]


def test_many_results_are_capped_per_group_and_say_so(client, ks, monkeypatch):
    monkeypatch.setattr(selectors.zoeken, "ZOEK_MAX_PER_GROEP", 2)
    resultaten = zoek(ks, "de")
    assert len(resultaten.afspraken) == 2
    assert resultaten.afgekapt
    html = client.get(reverse("afspraken:zoeken", args=[ks.kader.slug]), {"q": "de"}).content
    assert "Per soort worden hoogstens 2 resultaten getoond." in html.decode()


def test_empty_query_searches_nothing(ks):
    assert zoek(ks, "   ").aantal == 0
    assert zoek(ks, "").woorden == []


def test_search_page_groups_results_with_counts_and_highlights(client, ks):
    response = client.get(
        reverse("afspraken:zoeken", args=[ks.kader.slug]), {"q": "vrije toewijzingsruimte"}
    )
    html = response.content.decode()
    assert '<input class="utrecht-textbox utrecht-textbox--html-input" type="search"' in html
    assert 'value="vrije toewijzingsruimte"' in html
    assert "1 resultaat voor" in html
    assert 'Afspraken <span class="aantal">(1)</span>' in html
    assert (
        'behouden 15% <mark class="utrecht-mark">vrije</mark> '
        '<mark class="utrecht-mark">toewijzingsruimte</mark>.'
    ) in html
    assert reverse("afspraken:afspraak", args=[ks.kader.slug, "3"]) in html


def test_search_page_without_results_gives_advice(client, ks):
    response = client.get(reverse("afspraken:zoeken", args=[ks.kader.slug]), {"q": "xyzzy"})
    assert "0 resultaten" in response.content.decode()
    assert "Niets gevonden." in response.content.decode()


def test_search_query_is_escaped_in_the_page(client, ks):
    response = client.get(
        reverse("afspraken:zoeken", args=[ks.kader.slug]), {"q": '"><script>x</script>'}
    )
    html = response.content.decode()
    assert "<script>x</script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html


def test_search_in_unpublished_kader_only_for_party_members(client, make_member):
    ks = maak_kader(gepubliceerd=False)
    target = reverse("afspraken:zoeken", args=[ks.kader.slug]) + "?q=woningcorporaties"
    assert client.get(target).status_code == 404
    client.force_login(make_member(OrganisatieFactory(), Rol.LEZER))
    assert client.get(target).status_code == 404
    client.force_login(make_member(ks.wsn, Rol.LEZER))
    assert client.get(target).status_code == 200


# ---- the highlighting helpers


def test_markeer_escapes_first_and_marks_every_occurrence_case_insensitively():
    html = markeer("Sociale huur <b>& SOCIALE</b> koop", ["sociale"])
    assert html == (
        '<mark class="utrecht-mark">Sociale</mark> huur &lt;b&gt;&amp; '
        '<mark class="utrecht-mark">SOCIALE</mark>&lt;/b&gt; koop'
    )


def test_markeer_never_marks_inside_an_entity():
    # "amp" must not be marked inside "&amp;": matching happens on the raw text.
    assert markeer("A & B", ["amp"]) == "A &amp; B"


def test_markeer_prefers_the_longest_word_on_overlap():
    assert markeer("huurwoningen", ["huur", "huurwoningen"]) == (
        '<mark class="utrecht-mark">huurwoningen</mark>'
    )


def test_uittreksel_cuts_around_the_first_match():
    tekst = "Begin. " + "vulling " * 80 + "het gezochte woord staat hier. " + "meer " * 80
    html = str(uittreksel(tekst, ["gezochte"], 120))
    assert html.startswith("… ") and html.endswith(" …")
    assert '<mark class="utrecht-mark">gezochte</mark>' in html
    assert len(re.sub(r"<[^>]+>", "", html)) < 140


# ---- the real Nijkerk document


def test_nijkerk_search_finds_afspraak_7_for_vrije_toewijzingsruimte(nijkerk_kader, client):
    type(nijkerk_kader).objects.filter(pk=nijkerk_kader.pk).update(gepubliceerd=True)
    response = client.get(
        reverse("afspraken:zoeken", args=[nijkerk_kader.slug]), {"q": "vrije toewijzingsruimte"}
    )
    html = response.content.decode()
    koppen = re.findall(r'afspraak__kop"[^>]*><a[^>]*>([^<]+)</a>', html)
    assert koppen == ["Afspraak 7"]
    assert reverse("afspraken:afspraak", args=[nijkerk_kader.slug, "7"]) in html


def test_nijkerk_search_over_begrippen_and_sub_items(nijkerk_kader):
    from prestatiemonitor.afspraken.permissions import SYSTEEM

    resultaten = selectors.zoek(user=SYSTEEM, kader=nijkerk_kader, q="inpassingsplan")
    assert [b.slug for b in resultaten.begrippen] == ["harde-en-zachte-plannen"]
    resultaten = selectors.zoek(user=SYSTEEM, kader=nijkerk_kader, q="statushouders")
    assert {str(a) for a in resultaten.afspraken} == {"Afspraak 10"}


def test_tekstopmaak_makes_paragraphs_and_lists_and_escapes():
    from prestatiemonitor.afspraken.templatetags.register_tags import tekstopmaak

    html = tekstopmaak("Eerste <regel>\ntweede.\n\n- punt één\n- punt & twee")
    assert html == (
        '<p class="utrecht-paragraph">Eerste &lt;regel&gt;<br>\ntweede.</p>\n'
        '<ul class="utrecht-unordered-list">\n'
        '<li class="utrecht-unordered-list__item">punt één</li>\n'
        '<li class="utrecht-unordered-list__item">punt &amp; twee</li>\n</ul>\n'
    )


def test_tekstopmaak_splits_a_block_into_text_and_list_lines():
    from prestatiemonitor.afspraken.templatetags.register_tags import tekstopmaak

    html = tekstopmaak("Hard is gelijk aan:\n- 1A: Onherroepelijk\n• 2A: Vastgesteld\n\nEinde")
    assert html == (
        '<p class="utrecht-paragraph">Hard is gelijk aan:</p>\n'
        '<ul class="utrecht-unordered-list">\n'
        '<li class="utrecht-unordered-list__item">1A: Onherroepelijk</li>\n'
        '<li class="utrecht-unordered-list__item">2A: Vastgesteld</li>\n</ul>\n'
        '<p class="utrecht-paragraph">Einde</p>\n'
    )


def test_tekstopmaak_renders_nested_bullets_nested():
    """Sub-items (indented bullets, as under 'Hard is gelijk aan' in the Nijkerk begrippen)
    are a list inside the list item, not a flat list."""
    from prestatiemonitor.afspraken.templatetags.register_tags import tekstopmaak

    html = tekstopmaak(
        "- Hard is gelijk aan:\n  - 1A Onherroepelijk bestemmingsplan\n  - 2A Vastgesteld\n"
        "- Zacht is gelijk aan:\n  - 3 In voorbereiding"
    )
    assert html == (
        '<ul class="utrecht-unordered-list">\n'
        '<li class="utrecht-unordered-list__item">Hard is gelijk aan:\n'
        '<ul class="utrecht-unordered-list">\n'
        '<li class="utrecht-unordered-list__item">1A Onherroepelijk bestemmingsplan</li>\n'
        '<li class="utrecht-unordered-list__item">2A Vastgesteld</li>\n</ul>\n</li>\n'
        '<li class="utrecht-unordered-list__item">Zacht is gelijk aan:\n'
        '<ul class="utrecht-unordered-list">\n'
        '<li class="utrecht-unordered-list__item">3 In voorbereiding</li>\n</ul>\n</li>\n</ul>\n'
    )


def test_tekstopmaak_never_passes_html_or_script_links_through():
    from prestatiemonitor.afspraken.templatetags.register_tags import tekstopmaak

    html = tekstopmaak(
        '<script>alert(1)</script>\n\n<b onclick="x()">vet</b> [klik](javascript:alert(1)) '
        "**echt vet**"
    )
    assert "<script" not in html and "<b " not in html and "href" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<strong>echt vet</strong>" in html
    # Headings in a text block never compete with the page's own h1/h2.
    assert tekstopmaak("# Kop") == "<h3>Kop</h3>\n"


def test_tekst_met_begrippen_links_each_begrip_once_inside_nested_lists():
    from types import SimpleNamespace

    from prestatiemonitor.afspraken.templatetags.register_tags import tekst_met_begrippen

    begrip = SimpleNamespace(pk=1, slug="harde-plannen", term="harde plannen", zoektermen=[])
    html = tekst_met_begrippen(
        "Partijen bouwen:\n\n- sociale huur\n  - in harde plannen & <b>snel</b>\n"
        "- ook harde plannen later",
        [begrip],
        "nijkerk-2025-2027",
    )
    link = (
        '<a class="utrecht-link begrip-link" href="/afspraken/nijkerk-2025-2027/begrippen/'
        'harde-plannen/" title="Begrip: harde plannen">harde plannen</a>'
    )
    assert html.count("begrip-link") == 1
    assert (
        '<li class="utrecht-unordered-list__item">sociale huur\n'
        '<ul class="utrecht-unordered-list">\n'
        f'<li class="utrecht-unordered-list__item">in {link} &amp; &lt;b&gt;snel&lt;/b&gt;</li>'
    ) in html
    assert "ook harde plannen later" in html
