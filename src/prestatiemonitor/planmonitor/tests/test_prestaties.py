"""Faster paths, same results: the national prognosis sums the kaders' own tables, and the
norm results link to the same project URLs as `reverse`."""

import pytest

from prestatiemonitor.afspraken.tests.factories import maak_kader, maak_organisaties
from prestatiemonitor.organisaties.permissions import SYSTEEM
from prestatiemonitor.planmonitor import selectors, services
from prestatiemonitor.planmonitor.constants import (
    EigenaarSoort,
    Fase,
    MutatieSegment,
    MutatieSoort,
    Realisatie,
)
from prestatiemonitor.planmonitor.models import Hardheid
from prestatiemonitor.planmonitor.prognose import KOLOMMEN, geldt

PERIODE = selectors.Periode(2025, 2027, 2030)


def _rijen(prognose, nummer, *, op_id=False):
    tabel = prognose.tabel1 if nummer == 1 else prognose.tabel2
    return {(r.partij_id if op_id else r.partij): r.als_dict() for r in tabel.rijen}


def _som(*rijen):
    uit = {}
    for kolom in KOLOMMEN:
        waarden = [r[kolom] for r in rijen if r and r[kolom] is not None]
        uit[kolom] = sum(waarden) if waarden else None
    return uit


@pytest.fixture
def tweede_kader(demo, nijkerk_parties):
    """A second kader where Nijkerk's WSN is also a party, with a project and a planned sale
    in a year for which the demo has recorded WSN's realised sales."""
    orgs = maak_organisaties()
    orgs["wsn"] = nijkerk_parties["wsn"]
    kader = maak_kader(organisaties=orgs).kader
    services.project_aanmaken(
        kader=kader,
        gegevens=services.ProjectGegevens(
            projectcode="B-01",
            naam="Buurkavel",
            kern="Buurdorp",
            eigenaar_soort=EigenaarSoort.CORPORATIE,
            eigenaar=orgs["wsn"],
            hardheid=Hardheid.objects.get(code="1A"),
            fase=Fase.VERGUNNING_VERLEEND,
            oplevering_jaar=2026,
            sociale_huur=20,
            middenhuur=4,
            totaal=24,
        ),
        acting_user=SYSTEEM,
    )
    services.project_aanmaken(
        kader=kader,
        gegevens=services.ProjectGegevens(
            projectcode="B-02",
            naam="Zacht plan",
            kern="Buurdorp",
            eigenaar_soort=EigenaarSoort.CORPORATIE,
            eigenaar=orgs["wsn"],
            hardheid=Hardheid.objects.get(code="4B"),
            fase=Fase.INITIATIEF,
            oplevering_jaar=2026,
            sociale_huur=80,
            totaal=80,
        ),
        acting_user=SYSTEEM,
    )
    services.mutatie_opslaan(
        kader=kader,
        corporatie=orgs["wsn"],
        jaar=2025,
        soort=MutatieSoort.VERKOOP,
        segment=MutatieSegment.SOCIALE_HUUR,
        aantal=7,
        status=Realisatie.GEPLAND,
        acting_user=SYSTEEM,
    )
    return kader


def test_national_rows_are_the_sum_of_each_kaders_rows(demo, tweede_kader):
    per_kader = [
        selectors.prognose(selectors.Bron(k, None, False), PERIODE) for k in (demo, tweede_kader)
    ]
    landelijk = selectors.prognose_landelijk(PERIODE)
    for nummer in (1, 2):
        rijen = [_rijen(p, nummer, op_id=True) for p in per_kader]
        uit = _rijen(landelijk, nummer, op_id=True)
        partijen = {partij for r in rijen for partij in r}
        assert len(partijen) >= 3  # WSN (in both kaders) and two corporations "de Alliantie"
        for partij in partijen:
            verwacht = _som(*(r.get(partij) for r in rijen))
            assert {k: uit[partij][k] for k in KOLOMMEN} == verwacht
    t1 = _rijen(landelijk, 1)
    # The demo's realised 45 replaces its own planned 50; the other kader's planned 7 for the
    # same corporation and year still counts (it is that kader's only row).
    assert t1["WSN"]["verkoop"] == -125 - 7
    assert t1["WSN"]["nieuwbouw"] == 526 + 20  # the soft plan B-02 does not count
    assert _rijen(landelijk, 2)["WSN"]["nieuwbouw"] == 9 + 4
    assert landelijk.tabel1.totaal.waarde("netto") == sum(
        p.tabel1.totaal.waarde("netto") for p in per_kader
    )


def test_national_prognosis_needs_a_fixed_number_of_queries(
    demo, tweede_kader, django_assert_num_queries
):
    with django_assert_num_queries(4):
        selectors.prognose_landelijk(PERIODE)


def test_a_planned_change_gives_way_only_to_a_realisation_of_its_own_kader():
    assert geldt(Realisatie.GEREALISEERD, gerealiseerd_bekend=True)
    assert geldt(Realisatie.GEPLAND, gerealiseerd_bekend=False)
    assert not geldt(Realisatie.GEPLAND, gerealiseerd_bekend=True)


@pytest.mark.parametrize("code", ["WSN-01", "A 12", "Ä&B;c", "x+y=z", "100%"])
def test_project_links_of_norm_results_are_the_reversed_urls(demo, code):
    from django.urls import reverse

    from prestatiemonitor.planmonitor.normen import bouw_context

    ctx = bouw_context(demo)
    assert ctx.project_url(code) == reverse("planmonitor:project", args=[demo.slug, code])
    assert ctx.project_url(code) == reverse("planmonitor:project", args=[demo.slug, code])
