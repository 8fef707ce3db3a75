"""Review findings on visibility: links between kaders made by hand in the beheer."""

import pytest
from django.urls import reverse

from .factories import AfspraakFactory, maak_kader

pytestmark = pytest.mark.django_db

GEHEIM = "Geheime afspraak over de grondprijs in het ongepubliceerde kader."


@pytest.fixture
def twee_kaders():
    openbaar = maak_kader(gepubliceerd=True)
    verborgen = maak_kader(gepubliceerd=False)
    return openbaar, verborgen


def test_a_begrip_page_never_lists_an_afspraak_of_another_unpublished_kader(client, twee_kaders):
    openbaar, verborgen = twee_kaders
    geheim = AfspraakFactory(kader=verborgen.kader, nummer="99", volgorde=99, tekst=GEHEIM)
    # a link made by hand across kaders (the beheer offered every begrip of every kader)
    geheim.begrippen.add(openbaar.begrippen["plannen"])
    begrip = openbaar.begrippen["plannen"]
    response = client.get(reverse("afspraken:begrip", args=[openbaar.kader.slug, begrip.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Geheime afspraak" not in html
    assert "Afspraak 99" not in html
    lijst = client.get(reverse("afspraken:begrippen", args=[openbaar.kader.slug]))
    assert lijst.context["begrippen"][0].aantal_afspraken == 1  # only its own afspraak
