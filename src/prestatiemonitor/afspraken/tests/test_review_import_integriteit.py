"""Review findings: an import plan applied after the register changed, and all-or-nothing."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from prestatiemonitor.afspraken.importer import toepassen
from prestatiemonitor.afspraken.importer.services import gemeente_by_code, import_apply, import_plan
from prestatiemonitor.afspraken.models import (
    Afspraak,
    Afsprakenkader,
    Bijstelling,
    ImportVerslag,
    Thema,
)
from prestatiemonitor.audit.models import AuditRecord
from prestatiemonitor.organisaties.models import Organisatie
from prestatiemonitor.organisaties.permissions import SYSTEEM

pytestmark = pytest.mark.django_db

NAAM = "prestatieafspraken-nijkerk-2025-2027.md"
OUD = "7. De woningcorporaties behouden 15% vrije toewijzingsruimte."
NIEUW = "7. De woningcorporaties behouden 10% vrije toewijzingsruimte."


def _plan(data: bytes):
    return import_plan(
        data=data, bestandsnaam=NAAM, gemeente=gemeente_by_code("GM0267"), acting_user=SYSTEEM
    )


def _bevestig(plan):
    return import_apply(
        plan=plan, acting_user=SYSTEEM, reden="Toewijzingsruimte verlaagd", datum=date(2026, 3, 1)
    )


def test_two_confirmations_of_the_same_changed_version_record_one_bijstelling(
    nijkerk_kader, nijkerk_document_bytes
):
    gewijzigd = nijkerk_document_bytes.replace(OUD.encode(), NIEUW.encode())
    # two beheerders open the preview at the same time and both confirm
    eerste, tweede = _plan(gewijzigd), _plan(gewijzigd)
    _bevestig(eerste)
    with pytest.raises(ValidationError) as exc:
        _bevestig(tweede)
    assert "Het register is gewijzigd sinds dit voorbeeld werd gemaakt" in exc.value.messages[0]
    assert Bijstelling.objects.count() == 1
    assert ImportVerslag.objects.count() == 2  # the first import and the one bijstelling


def test_an_edit_in_the_beheer_after_the_preview_is_not_silently_overwritten(
    nijkerk_kader, nijkerk_document_bytes
):
    plan = _plan(nijkerk_document_bytes)
    assert plan.ongewijzigd
    afspraak = nijkerk_kader.afspraken.get(soort="strategisch", nummer="7")
    afspraak.tekst = "Aangepast in het beheer."
    afspraak.save()
    # the preview said "no changes"; applying it now must not report the register as matching
    with pytest.raises(ValidationError):
        import_apply(plan=plan, acting_user=SYSTEEM)
    afspraak.refresh_from_db()
    assert afspraak.tekst == "Aangepast in het beheer."
    assert ImportVerslag.objects.count() == 1


def test_a_new_kader_imported_twice_from_two_previews_is_created_once(
    nijkerk_parties, nijkerk_document_bytes
):
    eerste, tweede = _plan(nijkerk_document_bytes), _plan(nijkerk_document_bytes)
    assert eerste.is_nieuw and tweede.is_nieuw
    import_apply(plan=eerste, acting_user=SYSTEEM)
    with pytest.raises(ValidationError) as exc:
        import_apply(plan=tweede, acting_user=SYSTEEM)
    assert "Het register is gewijzigd sinds dit voorbeeld werd gemaakt" in exc.value.messages[0]
    assert Afsprakenkader.objects.count() == 1
    assert ImportVerslag.objects.count() == 1


def test_a_failure_halfway_through_the_apply_writes_nothing(
    nijkerk_parties, nijkerk_document_bytes, monkeypatch
):
    organisaties = Organisatie.objects.count()
    plan = _plan(nijkerk_document_bytes)

    def kapot(**kwargs):
        raise RuntimeError("schijf vol")

    # the audit record is the very last write, after the kader, afspraken and verslag
    monkeypatch.setattr(toepassen, "audit_record_create", kapot)
    with pytest.raises(RuntimeError):
        import_apply(plan=plan, acting_user=SYSTEEM)
    assert Afsprakenkader.objects.count() == 0
    assert Thema.objects.count() == 0
    assert Afspraak.objects.count() == 0
    assert ImportVerslag.objects.count() == 0
    assert AuditRecord.objects.count() == 0
    assert Organisatie.objects.count() == organisaties


def test_search_words_adjusted_in_the_beheer_survive_a_reimport_of_the_same_document(
    nijkerk_kader, nijkerk_document_bytes
):
    # docs/importeren.md: the search words of a begrip are "aan te passen in beheer". Before,
    # re-importing the unchanged document reported "Begrip Jaarschijf: gewijzigd (zoektermen)",
    # asked for a bijstelling and then put the derived words back.
    begrip = nijkerk_kader.begrippen.get(term="Jaarschijf")
    assert begrip.zoektermen == ["jaarschijf", "jaarschijven"]
    begrip.zoektermen = ["jaarschijf", "jaarschijven", "activiteitenoverzicht"]
    begrip.save()
    plan = _plan(nijkerk_document_bytes)
    assert plan.ongewijzigd, [str(w) for w in plan.wijzigingen]
    assert plan.gewenst["begrippen"][begrip.slug]["zoektermen"] == [
        "jaarschijf",
        "jaarschijven",
        "activiteitenoverzicht",
    ]
