"""Review finding: refusals and errors showed Django's English pages, the CSRF page with an
inline <style> that the site's own Content-Security-Policy blocks."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views import defaults

from prestatiemonitor.organisaties.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _geen_engels_of_inline_stijl(html: str) -> None:
    assert '<html lang="nl">' in html
    assert "Forbidden" not in html
    assert "Server Error" not in html
    assert "Bad Request" not in html
    assert "<style" not in html
    assert "style=" not in html


def test_a_refused_page_is_dutch_and_says_why(client):
    client.force_login(UserFactory())
    response = client.get(reverse("afspraken:importeren"))
    assert response.status_code == 403
    html = response.content.decode()
    _geen_engels_of_inline_stijl(html)
    assert "Geen toegang" in html
    assert "Alleen beheerders van een gemeente mogen documenten importeren." in html


def test_an_expired_form_csrf_failure_is_a_dutch_page_without_inline_style():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "iemand", "password": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    _geen_engels_of_inline_stijl(html)
    assert "Het formulier kon niet worden verwerkt" in html
    assert "CSRF verification failed" not in html


def test_server_error_and_bad_request_pages_are_dutch():
    request = RequestFactory().get("/")
    fout = defaults.server_error(request).content.decode()
    _geen_engels_of_inline_stijl(fout)
    assert "Er ging iets mis" in fout
    ongeldig = defaults.bad_request(request, Exception("x")).content.decode()
    _geen_engels_of_inline_stijl(ongeldig)
    assert "Ongeldig verzoek" in ongeldig
