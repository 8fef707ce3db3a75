"""Display formatting through Django's localisation, and the site's information pages."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from prestatiemonitor.afspraken import weergave


@pytest.mark.parametrize(
    "waarde,verwacht",
    [
        (1234, "1.234"),
        (-6, "-6"),
        (0, "0"),
        (1234.0, "1.234"),
        (12.5, "12,5"),
        (1234567.25, "1.234.567,25"),
        (Decimal("900.07"), "900,07"),
        (Decimal("2000.00"), "2.000"),
        ("n.v.t.", "n.v.t."),
        (None, ""),
        (True, "True"),
    ],
)
def test_getal_uses_dutch_notation(waarde, verwacht):
    assert weergave.getal(waarde) == verwacht


def test_getal_rounds_to_the_requested_decimals():
    assert weergave.getal(2 / 3, 2) == "0,67"
    assert weergave.getal(1 / 3) == "0,333333"


def test_getal_is_dutch_even_when_another_language_is_active():
    with translation.override("en"):
        assert weergave.getal(1234.5) == "1.234,5"


@pytest.mark.parametrize(
    "waarde,verwacht",
    [
        (1184.82, "€\u00a01.184,82"),
        (Decimal("900.07"), "€\u00a0900,07"),
        (2000, "€\u00a02.000"),
        (1234.5, "€\u00a01.234,50"),
    ],
)
def test_bedrag_in_euros(waarde, verwacht):
    assert weergave.bedrag(waarde) == verwacht


def test_datum_in_dutch_and_in_the_site_time_zone():
    assert weergave.datum(datetime.date(2025, 1, 28)) == "28 januari 2025"
    # 23:30 UTC on 31 December is already New Year in Amsterdam.
    moment = datetime.datetime(2025, 12, 31, 23, 30, tzinfo=datetime.UTC)
    assert weergave.datum(moment, "j F Y H:i") == "1 januari 2026 00:30"
    assert weergave.datum(None) == ""


def test_template_filters_format_numbers_money_and_dates():
    html = Template(
        "{% load register_tags %}{{ a|getal }} | {{ b|getal }} | {{ c|bedrag }} | {{ d|datum }}"
    ).render(Context({"a": 1234.0, "b": -125, "c": 900.07, "d": datetime.date(2025, 2, 20)}))
    assert html == "1.234 | -125 | €\u00a0900,07 | 20 februari 2025"


def test_met_kolommen_pairs_each_cell_with_its_column_name():
    from prestatiemonitor.afspraken.templatetags.register_tags import met_kolommen

    assert met_kolommen(["a", "b", "c"], ["Nieuwbouw", "Sloop"]) == [
        ("Nieuwbouw", "a"),
        ("Sloop", "b"),
        ("kolom 3", "c"),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "naam,kop,tekst",
    [
        ("colofon", "Colofon en contact", "bij verschil geldt het ondertekende document"),
        ("toegankelijkheid", "Toegankelijkheids&shy;verklaring", "WCAG) 2.1 op niveau A en AA"),
    ],
)
def test_information_pages_are_public_and_linked_from_every_footer(client, naam, kop, tekst):
    response = client.get(reverse(naam))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<h1 class="utrecht-heading-1">{kop}</h1>' in html
    assert tekst in html
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse(naam)}"' in home


@pytest.mark.django_db
def test_toegankelijkheidsverklaring_names_testing_and_limitations(client):
    html = client.get(reverse("toegankelijkheid")).content.decode()
    for onderdeel in ("axe-core", "390 pixels", "Tab-toets", "Wat nog niet goed is"):
        assert onderdeel in html


@pytest.mark.django_db
def test_contact_address_is_shown_when_configured(client, settings):
    settings.CONTACT_EMAIL = "wonen@nijkerk.example"
    html = client.get(reverse("colofon")).content.decode()
    assert 'href="mailto:wonen@nijkerk.example"' in html


@pytest.mark.django_db
def test_kader_pages_link_the_source_document_in_the_footer_only_when_it_is_stored(client):
    from prestatiemonitor.afspraken.models import Brondocument
    from prestatiemonitor.afspraken.tests.factories import maak_kader

    kader = maak_kader(gepubliceerd=True).kader
    url = reverse("afspraken:thema", args=[kader.slug, 1])
    zonder = client.get(url).content.decode()
    assert "Ondertekend document van" not in zonder
    Brondocument.objects.create(
        kader=kader, bestandsnaam="afspraken.md", sha256="0" * 64, inhoud=b"# Afspraken\n"
    )
    met = client.get(url).content.decode()
    voet = met[met.index("<footer") :]
    link = reverse("afspraken:brondocument", args=[kader.slug])
    assert (
        f'<a class="utrecht-link" href="{link}">Ondertekend document van {kader.titel} '
        "downloaden</a>"
    ) in voet
