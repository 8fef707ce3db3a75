"""The norm overview as a user sees it: the demo's outcomes with their numbers and reasons, the
gemeente beheerder recording and withdrawing an exception through the page, and what the
public sees. Status codes per role: the permission matrix (afspraken/tests/).

One world for the module (``eenmalig``): the imported Nijkerk kader (published), one member
per role and the demo planmonitor with its norms and its exception (WSN-05, afspraak 1).
"""

from __future__ import annotations

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from prestatiemonitor.afspraken.publicatie import kader_publish
from prestatiemonitor.normen.models import Normdefinitie, Normuitzondering
from prestatiemonitor.organisaties.permissions import SYSTEEM
from prestatiemonitor.planmonitor.demo import demo_planmonitor
from prestatiemonitor.planmonitor.models import Peiling
from prestatiemonitor.planmonitor.tests.factories import eenmalig, nijkerk_wereld
from prestatiemonitor.planmonitor.tests.html import tekst, veldfouten

REDEN_WSN05 = (
    "Voorbeeld: het plan was vóór de prestatieafspraken vergund; de middenhuur komt in Bloemendaal."
)


@pytest.fixture(scope="module")
def _wereld(django_db_setup, django_db_blocker):
    with eenmalig(django_db_blocker):
        wereld = nijkerk_wereld()
        demo_planmonitor(wereld.kader)
        kader_publish(kader=wereld.kader, acting_user=SYSTEEM)
        yield wereld


@pytest.fixture
def w(_wereld, db):
    kader = _wereld.kader
    return SimpleNamespace(
        kader=kader,
        url=reverse("normen:overzicht", args=[kader.slug]),
        intrekken=lambda pk: reverse("normen:afwijking-intrekken", args=[kader.slug, pk]),
        norm=lambda code: Normdefinitie.objects.get(kader=kader, code=code),
        **_wereld.leden,
    )


@pytest.fixture
def als(client, w):
    def inloggen(wie):
        client.force_login(getattr(w, wie))
        return client

    return inloggen


def uitkomsten(response) -> dict[tuple[str, str], tuple[str, str]]:
    """Each outcome on the page: {(norm name, subject label): (outcome label, explanation)}.
    The norm's name is its section's heading; each item names its subject."""
    html = response.content.decode()
    gevonden = {}
    for sectie in re.findall(r'<section[^>]*class="normblok">(.*?)</section>', html, re.S):
        kop = re.search(r"<h2[^>]*>(.*?)</h2>", sectie, re.S).group(1)
        naam = _tekst(re.sub(r'<span class="uitkomst-label[^"]*">.*?</span>', "", kop))
        for blok in re.findall(
            r'<li class="normuitkomst normuitkomst--[a-z_]+">(.*?)</li>', sectie, re.S
        ):
            label = _tekst(
                re.search(r'<span class="uitkomst-label[^"]*">(.*?)</span>', blok).group(1)
            )
            onderwerp = _tekst(re.search(r"<strong>(.*?)</strong>", blok).group(1))
            uitleg = _tekst(re.split(r"<br>", blok)[1])
            gevonden[(naam, onderwerp)] = (label, uitleg)
    return gevonden


def _tekst(html: str) -> str:
    from html import unescape

    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", html))).strip()


AFSPRAAK_1 = "5 % middenhuur in projecten van meer dan 100 woningen"
AFSPRAAK_3 = "35 % sociaal in elk nieuwbouwproject (max. 5 % sociale koop)"
AMBITIE_1 = "Netto ten minste 50 sociale huurwoningen erbij per jaar"


def _kop(response, naam: str) -> str:
    """The heading of a norm's section: its worst outcome and its name."""
    html = response.content.decode()
    for kop in re.findall(r'<h2 class="utrecht-heading-2" id="norm-\d+">(.*?)</h2>', html, re.S):
        if _tekst(kop).endswith(naam):
            return _tekst(kop)
    raise AssertionError(naam)


# --------------------------------------------------------------------------------------------
# The demo's outcomes


def test_the_demo_outcomes_with_the_exception_and_its_reason(w, als):
    r = als("gemeente_lezer").get(w.url)
    assert r.status_code == 200
    pagina = tekst(r)
    assert "Stand: actuele stand." in pagina
    assert (
        "Afspraken van dit kader: 19 voldoet, 2 waarschuwing, 3 voldoet niet, 1 afwijking."
        in pagina
    )
    per = uitkomsten(r)
    label, uitleg = per[(AFSPRAAK_1, "WSN-05 Watergoor (voorbeeld)")]
    assert label == "afwijking"
    assert uitleg == (
        "0 van 200 woningen middenhuur (0,0 %); bij meer dan 100 woningen is de norm ten minste "
        "5,0 %. Afwijking vastgelegd (Voorbeeld: besluit B&W, 10-06-2025): " + REDEN_WSN05
    )
    assert per[(AFSPRAAK_1, "WSN-04 Hoevelaken Centrum (voorbeeld)")][0] == "voldoet niet"
    assert per[(AFSPRAAK_1, "WSN-03 Doornsteeg deelplan 3 (voorbeeld)")] == (
        "voldoet",
        "9 van 129 woningen middenhuur (6,9 %); bij meer dan 100 woningen is de norm ten minste "
        "5,0 %.",
    )
    assert per[(AFSPRAAK_3, "MP-02 Van Reenenpark (voorbeeld)")][0] == "voldoet niet"
    assert per[(AFSPRAAK_3, "MP-01 Spoorzone (voorbeeld)")][0] == "waarschuwing"
    assert per[(AMBITIE_1, "2025")][0] == "waarschuwing"
    assert "In 2025 netto 25 woningen erbij" in per[(AMBITIE_1, "2025")][1]
    # A section's heading carries its worst outcome, never the first one's.
    assert _kop(r, AFSPRAAK_1) == f"voldoet niet {AFSPRAAK_1}"
    assert _kop(r, AFSPRAAK_3) == f"voldoet niet {AFSPRAAK_3}"
    # The exception is listed with who recorded it; a lezer gets no button to withdraw it.
    assert (
        f"{AFSPRAAK_1}, WSN-05: {REDEN_WSN05} (Voorbeeld: besluit B&W, 10 juni 2025; "
        "vastgelegd door" in pagina
    )
    assert "Intrekken" not in pagina and "Afwijking vastleggen" not in pagina


def test_each_outcome_links_to_the_records_behind_it(w, als):
    r = als("gemeente_lezer").get(w.url)
    html = r.content.decode()
    project = reverse("planmonitor:project", args=[w.kader.slug, "WSN-05"])
    assert f'href="{project}"' in html
    assert "/planmonitor/cel/?" in html  # the yearly norms link to Tabel 1's drill-down


def test_a_round_shows_its_outcomes(w, als):
    najaar = Peiling.objects.get(kader=w.kader, naam="Najaar 2025")
    r = als("gemeente_lezer").get(f"{w.url}?peiling={najaar.pk}")
    assert "Stand: peiling Najaar 2025 (01-10-2025)." in tekst(r)
    # In that round Oosterholt (80) still delivered in 2026, so 2027 had 80 fewer.
    assert "In 2027 netto 97 woningen erbij" in uitkomsten(r)[(AMBITIE_1, "2027")][1]
    assert (
        "In 2027 netto 177 woningen erbij"
        in uitkomsten(als("gemeente_lezer").get(w.url))[(AMBITIE_1, "2027")][1]
    )


def test_an_unknown_round_is_a_404(w, als):
    assert als("gemeente_lezer").get(f"{w.url}?peiling=999999").status_code == 404


# --------------------------------------------------------------------------------------------
# Exceptions


def _afwijking(w, **velden) -> dict:
    return {
        "norm": w.norm("afspraak-1-middenhuur").pk,
        "onderwerp": "WSN-04",
        "reden": "Zorgwoningen: middenhuur past niet in dit gebouw.",
        "besluit": "B&W 3 maart 2026",
        "besloten_op": "2026-03-03",
        **velden,
    }


def test_the_gemeente_beheerder_records_an_exception_and_it_shows(w, als):
    client = als("gemeente_beheerder")
    r = client.get(w.url)
    assert "Afwijking vastleggen" in tekst(r)
    r = client.post(w.url, _afwijking(w))
    assert r.status_code == 302 and r["Location"] == w.url
    u = Normuitzondering.objects.get(onderwerp="WSN-04")
    assert (u.norm.code, u.reden, u.besluit, str(u.besloten_op), u.vastgelegd_door) == (
        "afspraak-1-middenhuur",
        "Zorgwoningen: middenhuur past niet in dit gebouw.",
        "B&W 3 maart 2026",
        "2026-03-03",
        w.gemeente_beheerder,
    )
    r = client.get(w.url)
    pagina = tekst(r)
    assert f"De afwijking van '{AFSPRAAK_1}' voor WSN-04 is vastgelegd." in pagina
    label, uitleg = uitkomsten(r)[(AFSPRAAK_1, "WSN-04 Hoevelaken Centrum (voorbeeld)")]
    assert label == "afwijking"
    assert uitleg.endswith(
        "Afwijking vastgelegd (B&W 3 maart 2026, 03-03-2026): Zorgwoningen: middenhuur past "
        "niet in dit gebouw."
    )
    assert (
        "Afspraken van dit kader: 19 voldoet, 2 waarschuwing, 2 voldoet niet, 2 afwijking."
        in pagina
    )


def test_a_second_exception_for_the_same_subject_is_refused(w, als):
    client = als("gemeente_beheerder")
    r = client.post(w.url, _afwijking(w, onderwerp="WSN-05"))
    assert r.status_code == 200
    assert veldfouten(r)["id_onderwerp"] == [
        "Voor WSN-05 is al een afwijking vastgelegd; trek die eerst in."
    ]
    # What was typed stays in the form.
    assert "Zorgwoningen: middenhuur past niet in dit gebouw." in r.content.decode()
    assert Normuitzondering.objects.filter(onderwerp="WSN-05").count() == 1


def test_an_exception_for_a_subject_the_norm_does_not_judge_is_refused(w, als):
    # WSN-01 has 48 homes: the 5 % middenhuur norm (> 100 homes) does not judge it.
    r = als("gemeente_beheerder").post(w.url, _afwijking(w, onderwerp="WSN-01"))
    assert r.status_code == 200
    assert veldfouten(r)["id_onderwerp"] == [
        "'WSN-01' wordt niet door deze norm beoordeeld; kies uit: MP-01, WSN-03, WSN-04, "
        "WSN-05, WSN-07."
    ]
    assert not Normuitzondering.objects.filter(onderwerp="WSN-01").exists()


@pytest.mark.parametrize(
    "velden, veld, melding",
    [
        ({"reden": ""}, "id_reden", "Dit veld is verplicht."),
        ({"besluit": "  "}, "id_besluit", "Dit veld is verplicht."),
        ({"besloten_op": "morgen"}, "id_besloten_op", "Voer een geldige datum in."),
    ],
)
def test_an_incomplete_exception_is_refused_on_its_field(w, als, velden, veld, melding):
    r = als("gemeente_beheerder").post(w.url, _afwijking(w, **velden))
    assert r.status_code == 200
    assert veldfouten(r)[veld] == [melding]
    assert not Normuitzondering.objects.filter(onderwerp="WSN-04").exists()


def test_an_exception_decided_in_the_future_is_refused(w, als):
    morgen = timezone.localdate() + timedelta(days=1)
    r = als("gemeente_beheerder").post(w.url, _afwijking(w, besloten_op=morgen.isoformat()))
    assert veldfouten(r)["id_besloten_op"] == ["De datum van het besluit ligt in de toekomst."]
    assert not Normuitzondering.objects.filter(onderwerp="WSN-04").exists()


def test_a_gemeente_redacteur_gets_no_exception_form(w, als):
    pagina = tekst(als("gemeente_redacteur").get(w.url))
    assert "Afwijking vastleggen" not in pagina and "Intrekken" not in pagina


def test_withdrawing_an_exception_needs_the_confirmation(w, als):
    u = Normuitzondering.objects.get(onderwerp="WSN-05")
    client = als("gemeente_beheerder")
    r = client.post(w.intrekken(u.pk), {})
    assert r["Location"] == w.url
    pagina = client.get(w.url)
    assert "De afwijking is niet ingetrokken: bevestig het intrekken." in tekst(pagina)
    u.refresh_from_db()
    assert u.ingetrokken_op is None
    assert uitkomsten(pagina)[(AFSPRAAK_1, "WSN-05 Watergoor (voorbeeld)")][0] == "afwijking"

    r = client.post(w.intrekken(u.pk), {"bevestigen": "ja"})
    u.refresh_from_db()
    assert u.ingetrokken_op is not None and u.ingetrokken_door == w.gemeente_beheerder
    pagina = client.get(r["Location"])
    assert "De afwijking voor WSN-05 is ingetrokken." in tekst(pagina)
    # Without its exception the project fails the norm again, visibly.
    assert uitkomsten(pagina)[(AFSPRAAK_1, "WSN-05 Watergoor (voorbeeld)")][0] == "voldoet niet"
    assert "Er zijn geen afwijkingen vastgelegd." in tekst(pagina)
    # Withdrawn once: a second withdrawal finds nothing.
    assert client.post(w.intrekken(u.pk), {"bevestigen": "ja"}).status_code == 404
    # And a new exception for the same subject may be recorded again.
    r = client.post(w.url, _afwijking(w, onderwerp="WSN-05"))
    assert r.status_code == 302
    assert Normuitzondering.objects.geldig().filter(onderwerp="WSN-05").count() == 1


# --------------------------------------------------------------------------------------------
# The public


def test_the_public_sees_the_latest_published_round_without_the_vertrouwelijke_project(w, client):
    r = client.get(w.url)
    assert r.status_code == 200
    pagina = tekst(r)
    assert (
        "Stand: peiling Voorjaar 2026 (01-04-2026) (openbaar; vertrouwelijke projecten niet "
        "getoond)." in pagina
    )
    assert "ALL-02" not in r.content.decode()
    per = uitkomsten(r)
    assert per[(AFSPRAAK_1, "WSN-05 Watergoor (voorbeeld)")][0] == "afwijking"
    assert REDEN_WSN05 in per[(AFSPRAAK_1, "WSN-05 Watergoor (voorbeeld)")][1]
    assert "Afwijking vastleggen" not in pagina and "Intrekken" not in pagina
    # The round picker offers no live data.
    assert "Actuele stand" not in pagina
    # Parties do see the vertrouwelijke project's outcome.
    client.force_login(w.hon_lezer)
    assert "ALL-02" in client.get(w.url).content.decode()


def test_the_public_never_sees_an_exception_for_a_vertrouwelijk_project(w, client):
    # An exception recorded for de Alliantie's vertrouwelijke ALL-02: its code and reason are
    # as confidential as the project itself.
    from prestatiemonitor.normen import services

    services.uitzondering_vastleggen(
        norm=w.norm("afspraak-3-sociaal-aandeel"),
        onderwerp="ALL-02",
        reden="Grondverwerving Kerkstraat loopt nog.",
        besluit="B&W",
        besloten_op=timezone.localdate() - timedelta(days=1),
        acting_user=SYSTEEM,
    )
    r = client.get(w.url)
    assert r.status_code == 200
    html = r.content.decode()
    assert "ALL-02" not in html and "Grondverwerving Kerkstraat" not in html
    # The exception of a public project still shows.
    assert REDEN_WSN05 in tekst(r)
    # Parties see it.
    client.force_login(w.hon_lezer)
    assert "Grondverwerving Kerkstraat loopt nog." in tekst(client.get(w.url))
