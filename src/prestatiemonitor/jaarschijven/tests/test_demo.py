"""The demo monitor (jaarschijven/demo.py) on the real Nijkerk kader."""

from collections import Counter

import pytest
from django.core.management import call_command

from prestatiemonitor.audit.models import AuditRecord
from prestatiemonitor.organisaties.demo import ensure_demo_accounts

from ..constants import JaarschijfStatus, PeilmomentStatus, VoortgangStatus
from ..demo import ACTIVITEITEN_2025, demo_jaarschijven
from ..models import Activiteit, Advies, Jaarschijf, Peilmoment, Reactie, Voortgang
from ..selectors import dekking, volledigheid

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(nijkerk_kader):
    ensure_demo_accounts()
    return demo_jaarschijven(nijkerk_kader)


def test_jaarschijf_2025_vastgesteld_with_26_voorbeeld_activities(demo, nijkerk_kader):
    j2025 = Jaarschijf.objects.get(kader=nijkerk_kader, jaar=2025)
    assert j2025.status == JaarschijfStatus.VASTGESTELD
    assert list(j2025.overgangen.values_list("naar_status", flat=True)) == [
        "besproken",
        "vastgesteld",
    ]
    acts = list(j2025.activiteiten.select_related("trekker"))
    assert len(acts) == 26 == len(ACTIVITEITEN_2025)
    assert all(a.titel.endswith("(voorbeeld)") for a in acts)
    assert all(a.omschrijving.startswith("Voorbeeld:") for a in acts)
    assert Counter(a.trekker.slug for a in acts) == {
        "gemeente-nijkerk": 12,
        "wsn": 9,
        "de-alliantie": 5,
    }
    assert sum(a.doel_aantal is not None for a in acts) == 9
    # Every afspraak covered, except three accepted gaps.
    gaten = [r for r in dekking(jaarschijf=j2025) if not r.gedekt]
    assert sorted(r.afspraak.nummer for r in gaten) == ["21", "22", "29"]
    assert all(r.acceptatie.reden.startswith("Voorbeeld:") for r in gaten)


def test_2025_peilmomenten_closed_with_reactie_and_advies(demo, nijkerk_kader):
    juni, december = Peilmoment.objects.filter(jaarschijf__jaar=2025).order_by("soort")[::-1]
    assert (juni.soort, december.soort) == ("juni", "december")
    assert juni.status == december.status == PeilmomentStatus.GESLOTEN
    statussen = Counter(
        Voortgang.objects.filter(peilmoment=december).values_list("status", flat=True)
    )
    assert statussen == {
        VoortgangStatus.GEREED: 16,
        VoortgangStatus.VERTRAAGD: 4,
        VoortgangStatus.AANDACHT_NODIG: 4,
        VoortgangStatus.OP_SCHEMA: 2,
    }
    juni_statussen = Counter(
        Voortgang.objects.filter(peilmoment=juni).values_list("status", flat=True)
    )
    assert juni_statussen[VoortgangStatus.VERTRAAGD] == 1
    assert juni_statussen[VoortgangStatus.AANDACHT_NODIG] == 2
    # Every vertraagd / aandacht nodig report has its toelichting, and was made by a person.
    lastig = Voortgang.objects.filter(
        status__in=[VoortgangStatus.VERTRAAGD, VoortgangStatus.AANDACHT_NODIG]
    )
    assert all(v.toelichting for v in lastig)
    assert set(
        Voortgang.objects.filter(peilmoment=december).values_list(
            "gemeld_door__username", flat=True
        )
    ) == {"beleid.nijkerk", "medewerker.wsn", "medewerker.alliantie"}
    reacties = Reactie.objects.filter(peilmoment=december)
    assert reacties.count() == 2
    assert {r.organisatie.slug for r in reacties} == {"hon"}
    assert {r.geplaatst_door.username for r in reacties} == {"secretaris.hon"}
    advies = Advies.objects.get(peilmoment=december)
    assert (advies.organisatie.slug, advies.uitgebracht_door.username) == (
        "hbva",
        "voorzitter.hbva",
    )


def test_concept_2026_and_june_2026_open_with_parties_missing(demo, nijkerk_kader):
    j2026 = Jaarschijf.objects.get(kader=nijkerk_kader, jaar=2026)
    assert j2026.status == JaarschijfStatus.CONCEPT
    acts = Activiteit.objects.filter(jaarschijf=j2026)
    assert acts.count() == 14
    assert acts.filter(overgenomen_van__isnull=False).count() == 10
    juni = Peilmoment.objects.get(jaarschijf=j2026, soort="juni")
    assert juni.status == PeilmomentStatus.OPEN
    per_partij = {r.organisatie.slug: r for r in volledigheid(peilmoment=juni)}
    assert (per_partij["wsn"].totaal, per_partij["wsn"].gemeld) == (4, 4)
    assert per_partij["wsn"].compleet
    assert (per_partij["de-alliantie"].totaal, per_partij["de-alliantie"].gemeld) == (2, 0)
    assert len(per_partij["de-alliantie"].ontbrekend) == 2
    assert (per_partij["gemeente-nijkerk"].totaal, per_partij["gemeente-nijkerk"].gemeld) == (
        8,
        4,
    )


def test_demo_runs_twice_without_duplicates(demo, nijkerk_kader):
    assert demo is not None
    tellingen = (Jaarschijf.objects.count(), Activiteit.objects.count(), Voortgang.objects.count())
    assert demo_jaarschijven(nijkerk_kader) is None
    assert tellingen == (
        Jaarschijf.objects.count(),
        Activiteit.objects.count(),
        Voortgang.objects.count(),
    )
    assert AuditRecord.objects.filter(actie="jaarschijf.aangemaakt").count() == 2


def test_management_command_builds_the_monitor(capsys):
    call_command("demo-nijkerk")
    call_command("demo-nijkerk")
    assert Jaarschijf.objects.count() == 2
    assert Activiteit.objects.count() == 26 + 14
    uitvoer = capsys.readouterr().out
    assert "Voortgangsmonitor (voorbeeld)" in uitvoer


def test_dashboard_on_the_demo(client, demo, nijkerk_kader):
    """The public sees 2025 at December (closed); a party sees June 2026 as voorlopig,
    compared with December 2025 across the year boundary."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    nijkerk_kader.gepubliceerd = True
    nijkerk_kader.save(update_fields=["gepubliceerd"])
    url = reverse("jaarschijven:dashboard", args=[nijkerk_kader.slug, 2025])
    html = client.get(url).content.decode()
    assert "stand bij het peilmoment <strong>December 2025</strong>" in html
    assert "Alle thema&#x27;s: 16 activiteiten gereed" in html
    assert "Alle thema&#x27;s: 4 activiteiten vertraagd" in html
    # Afspraak 1 ("in 2025") has no finished activity: overdue.
    sectie = html.split('id="achterstallig-kop"')[1].split("</section>")[0]
    assert "Afspraak 1</a>" in sectie
    assert (
        client.get(reverse("jaarschijven:dashboard", args=[nijkerk_kader.slug, 2026])).status_code
        == 404
    )

    client.force_login(get_user_model().objects.get(username="vrijwilliger.hon"))
    html = client.get(
        reverse("jaarschijven:dashboard", args=[nijkerk_kader.slug, 2026])
    ).content.decode()
    assert "<strong>Voorlopig.</strong>" in html
    assert "Van December 2025 naar Juni 2026 (voorlopig)" in html
    assert "4 nieuw</a>" in html and "16 niet overgenomen</a>" in html
