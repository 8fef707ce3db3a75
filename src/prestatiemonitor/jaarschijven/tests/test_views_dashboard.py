"""The dashboard (views/dashboard.py) on a world whose figures we know.

2025 (vastgesteld): A1 WSN → afspraak 1, A2 gemeente → 2, A3 WSN → 3 (deadline 2025),
A4 de Alliantie → 4; afspraak 5 an accepted gap. June (closed): A1 op schema, A2 op schema,
A3 vertraagd, A4 gereed. December (open): A1 vertraagd, A3 gereed. 2026: concept with A1.
"""

import re
from dataclasses import dataclass
from datetime import date
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from prestatiemonitor.afspraken.models import Afspraak, Thema
from prestatiemonitor.afspraken.tests.factories import KaderSet, maak_kader
from prestatiemonitor.organisaties.constants import Rol
from prestatiemonitor.organisaties.permissions import SYSTEEM

from .. import services
from ..constants import JaarschijfStatus
from .factories import activiteit

pytestmark = pytest.mark.django_db


@dataclass
class Wereld:
    ks: KaderSet
    slug: str
    j2025: object
    juni: object
    december: object
    activiteiten: list


def melden(peilmoment, act, status, toelichting=""):
    return services.voortgang_melden(
        peilmoment=peilmoment,
        activiteit=act,
        status=status,
        toelichting=toelichting,
        acting_user=SYSTEEM,
    )


def bouw(ks: KaderSet, extra: int = 0) -> Wereld:
    Afspraak.objects.filter(pk=ks.afspraken["3"].pk).update(jaar=2025)
    j = services.jaarschijf_aanmaken(kader=ks.kader, jaar=2025, acting_user=SYSTEEM)
    a1 = activiteit(j, ks, "Nieuwbouw sociale huur", ks.wsn, afspraken=("1",))
    a2 = activiteit(j, ks, "Planmonitor actualiseren", ks.gemeente, afspraken=("2",))
    a3 = activiteit(j, ks, "Vrije toewijzingsruimte", ks.wsn, afspraken=("3",))
    a4 = activiteit(j, ks, "Statushouders huisvesten", ks.alliantie, afspraken=("4",))
    extra_acts = [
        activiteit(j, ks, f"Extra {i}", ks.wsn, afspraken=(str(1 + i % 4),)) for i in range(extra)
    ]
    services.dekking_accepteren(
        jaarschijf=j, afspraak=ks.afspraken["5"], reden="Komt in 2026", acting_user=SYSTEEM
    )
    for naar, overleg in (
        (JaarschijfStatus.BESPROKEN, "Ambtelijk overleg"),
        (JaarschijfStatus.VASTGESTELD, "Bestuurlijk overleg breed"),
    ):
        j = services.jaarschijf_status_verder(
            jaarschijf=j, naar=naar, datum=date(2025, 1, 20), overleg=overleg, acting_user=SYSTEEM
        )
    juni = services.peilmoment_openen(
        jaarschijf=j, soort="juni", deadline=date(2025, 6, 30), acting_user=SYSTEEM
    )
    melden(juni, a1, "op_schema")
    melden(juni, a2, "op_schema")
    melden(juni, a3, "vertraagd", "Wachten op de huisvestingsverordening")
    melden(juni, a4, "gereed")
    for i, act in enumerate(extra_acts):
        melden(juni, act, ["op_schema", "gereed", "niet_gestart"][i % 3])
    juni = services.peilmoment_sluiten(peilmoment=juni, acting_user=SYSTEEM)
    december = services.peilmoment_openen(
        jaarschijf=j, soort="december", deadline=date(2025, 12, 15), acting_user=SYSTEEM
    )
    melden(december, a1, "vertraagd", "Vergunning loopt vertraging op")
    melden(december, a3, "gereed")
    services.jaarschijf_volgend_jaar(jaarschijf=j, over_te_nemen=[a1], acting_user=SYSTEEM)
    return Wereld(ks, ks.kader.slug, j, juni, december, [a1, a2, a3, a4])


@pytest.fixture
def wereld():
    return bouw(maak_kader(gepubliceerd=True))


@pytest.fixture
def partij_lid(wereld, make_member):
    return make_member(wereld.ks.hon, Rol.LEZER)


def dashboard(client, w, jaar=2025, query=""):
    return client.get(reverse("jaarschijven:dashboard", args=[w.slug, jaar]) + query)


def link(html: str, label: str) -> str:
    """The href of the link with this accessible name."""
    m = re.search(
        r'<a class="utrecht-link" href="([^"]*)" aria-label="' + re.escape(label) + '"',
        unescape(html),
    )
    assert m, f"geen link '{label}'"
    return m.group(1)


def test_public_sees_the_closed_june_figures_with_links(client, wereld):
    response = dashboard(client, wereld)
    assert response.status_code == 200
    html = response.content.decode()
    assert "stand bij het peilmoment <strong>Juni 2025</strong>" in html
    assert 'aria-current="page">Dashboard 2025</a>' in html  # the breadcrumb
    assert "Voorlopig" not in html
    # Theme 1: afspraak 1 and 2 op schema, 3 vertraagd.
    assert link(html, "Thema 1: 1 afspraak vertraagd") == "#thema-1-vertraagd"
    assert link(html, "Thema 1: 2 afspraken op schema") == "#thema-1-op_schema"
    assert link(html, "Thema 1: 3 afspraken in totaal") == "#thema-1-afspraken"
    assert 'id="thema-1-vertraagd"' in html
    basis = f"/afspraken/{wereld.slug}/peilmoment/2025-06/"
    assert link(html, "Thema 1: 1 activiteit vertraagd") == f"{basis}?thema=1&status=vertraagd"
    assert link(html, "Thema 1: 2 activiteiten op schema") == f"{basis}?thema=1&status=op_schema"
    assert link(html, "Thema 2: 1 activiteit gereed") == f"{basis}?thema=2&status=gereed"
    assert link(html, "Alle thema's: 4 activiteiten in totaal") == basis
    # Theme 2: afspraak 4 gereed, afspraak 5 without activity (accepted gap).
    assert link(html, "Thema 2: 1 afspraak gereed") == "#thema-2-gereed"
    assert link(html, "Thema 2: 1 afspraak geen activiteit") == "#thema-2-geen_activiteit"
    assert "Thema 2: 0 afspraken vertraagd</span>" in html  # a zero has a name but no link
    # The afspraken behind the counts link to the register.
    assert f'href="/afspraken/{wereld.slug}/afspraak/3/">Afspraak 3</a>' in html
    # The rule, the chart (accessible name) and the table are on the page.
    assert "alle niet-vervallen activiteiten gereed → gereed" in html
    assert html.count('role="img"') == 2
    assert 'aria-label="Afspraken per thema naar stand (Juni 2025)"' in html
    assert "<title>Activiteiten per thema naar status (Juni 2025)</title>" in html
    # Overdue: afspraak 3 (2025) has no gereed in what the public sees.
    sectie = html.split('id="achterstallig-kop"')[1].split("</section>")[0]
    assert "Afspraak 3</a>" in sectie
    # Uncovered: afspraak 5, as an accepted gap with its reason.
    sectie = html.split('id="dekking-kop"')[1].split("</section>")[0]
    assert "Afspraak 5</a>" in sectie and "geaccepteerd gat</strong> – Komt in 2026" in sectie
    assert "Er is geen eerder gesloten peilmoment" in html


def test_party_sees_the_open_december_as_voorlopig(client, wereld, partij_lid):
    client.force_login(partij_lid)
    html = dashboard(client, wereld).content.decode()
    assert "<strong>Voorlopig.</strong>" in html
    assert "stand bij het peilmoment <strong>December 2025</strong>" in html
    # Theme 1 at December: 1 vertraagd (A1), 1 gereed (A3), 1 niet gestart (A2 not reported).
    assert link(html, "Thema 1: 1 afspraak vertraagd") == "#thema-1-vertraagd"
    assert link(html, "Thema 1: 1 afspraak gereed") == "#thema-1-gereed"
    assert link(html, "Thema 1: 1 afspraak niet gestart") == "#thema-1-niet_gestart"
    basis = f"/afspraken/{wereld.slug}/peilmoment/2025-12/"
    assert link(html, "Thema 1: 1 activiteit niet gemeld") == f"{basis}?thema=1&status=niet_gemeld"
    # Compared with June: 4 changed, 1 became vertraagd, 1 gereed.
    assert "Van Juni 2025 naar December 2025 (voorlopig)" in html
    assert "4 van status veranderd</a>" in html
    assert "1 nu vertraagd</a>" in html and "1 gereed geworden</a>" in html
    activiteit = f"/afspraken/{wereld.slug}/jaarschijf/2025/activiteit/1/"
    assert (
        f'A1 <a class="utrecht-link" href="{activiteit}">Nieuwbouw sociale huur</a> (WSN): '
        "op schema → <strong>vertraagd</strong>"
    ) in html
    # A3 is gereed in the (open) December report: afspraak 3 is not overdue for a party.
    sectie = html.split('id="achterstallig-kop"')[1].split("</section>")[0]
    assert "Afspraak 3" not in sectie
    # An earlier peilmoment can be chosen.
    html = dashboard(client, wereld, query="?peilmoment=2025-06").content.decode()
    assert "stand bij het peilmoment <strong>Juni 2025</strong>" in html


def test_concept_year_only_for_parties(client, wereld, partij_lid, make_member):
    assert dashboard(client, wereld, 2026).status_code == 404
    buiten = make_member(maak_kader().gemeente, Rol.BEHEERDER)  # a gemeente elsewhere
    client.force_login(buiten)
    assert dashboard(client, wereld, 2026).status_code == 404
    assert dashboard(client, wereld, 2025).status_code == 200
    client.force_login(partij_lid)
    response = dashboard(client, wereld, 2026)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Voor 2026 is nog geen peilmoment" in html
    assert link(html, "Thema 1: 1 afspraak niet gestart") == "#thema-1-niet_gestart"
    assert dashboard(client, wereld, 2024).status_code == 404


def test_dashboard_actueel(client, wereld, partij_lid, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a: date(2026, 12, 2))
    url = reverse("jaarschijven:dashboard-actueel", args=[wereld.slug])
    # The public cannot see the concept 2026: the latest it may see is 2025.
    assert client.get(url)["Location"] == reverse(
        "jaarschijven:dashboard", args=[wereld.slug, 2025]
    )
    client.force_login(partij_lid)
    assert client.get(url)["Location"] == reverse(
        "jaarschijven:dashboard", args=[wereld.slug, 2026]
    )
    leeg = maak_kader(gepubliceerd=True)
    response = client.get(reverse("jaarschijven:dashboard-actueel", args=[leeg.kader.slug]))
    assert response.status_code == 200
    assert "nog geen jaarschijf" in response.content.decode()


def test_chart_text_is_escaped(client, wereld):
    Thema.objects.filter(pk=wereld.ks.themas[0].pk).update(titel="<script>alert(1)</script>")
    html = dashboard(client, wereld).content.decode()
    assert "<script>alert(1)" not in html
    assert html.count('role="img"') == 2


@pytest.mark.parametrize("wie", ["anoniem", "partij"])
def test_query_count_does_not_grow_with_the_data(client, make_member, wie):
    """Two worlds, 4 and 40 activities: the same number of queries."""
    aantallen = []
    for extra in (0, 36):
        w = bouw(maak_kader(gepubliceerd=True), extra=extra)
        client.logout()
        if wie == "partij":
            client.force_login(make_member(w.ks.wsn, Rol.LEZER))
        dashboard(client, w)  # warm-up (session, content types)
        with CaptureQueriesContext(connection) as ctx:
            assert dashboard(client, w).status_code == 200
        aantallen.append(len(ctx.captured_queries))
    assert aantallen[0] == aantallen[1], aantallen


def test_query_count_is_bounded(client, django_assert_max_num_queries):
    w = bouw(maak_kader(gepubliceerd=True), extra=20)
    dashboard(client, w)
    with django_assert_max_num_queries(30):
        assert dashboard(client, w).status_code == 200


def test_legend_colours_match_the_chart():
    """The HTML legend (app.css) uses the chart's colours, each 3:1 against white."""
    from django.conf import settings

    from ..grafiek import KLEUREN

    css = (settings.PACKAGE_DIR / "static" / "css" / "app.css").read_text()

    def luminantie(hex_kleur: str) -> float:
        def kanaal(c: int) -> float:
            c = c / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = (int(hex_kleur[i : i + 2], 16) for i in (1, 3, 5))
        return 0.2126 * kanaal(r) + 0.7152 * kanaal(g) + 0.0722 * kanaal(b)

    for status, kleur in KLEUREN.items():
        assert f".legenda-kleur--{status} {{ background-color: {kleur}; }}" in css
        assert 1.05 / (luminantie(kleur) + 0.05) >= 3, status
