"""Making a report: the service (who, which peilmoment, versions and history), the task
(progress to 100 and klaar, or mislukt with the reason), and the page and downloads (who sees
which variant)."""

from __future__ import annotations

import hashlib
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from prestatiemonitor.afspraken.tests.factories import maak_kader
from prestatiemonitor.audit.models import AuditRecord
from prestatiemonitor.jaarschijven.tests.factories import PDF, maak_jaarschijf_wereld
from prestatiemonitor.organisaties.constants import Rol
from prestatiemonitor.organisaties.tests.factories import LidmaatschapFactory, UserFactory

from .. import selectors, services
from ..constants import RapportStatus, RapportVariant
from ..models import Rapport
from .factories import XLSX, maak_rapport

pytestmark = pytest.mark.django_db


@pytest.fixture
def wereld(settings, tmp_path):
    settings.BIJLAGEN_ROOT = tmp_path / "bijlagen"
    ks = maak_kader(gepubliceerd=True)
    js = maak_jaarschijf_wereld(ks)
    gemeente = UserFactory(username="redacteur-gemeente")
    LidmaatschapFactory(user=gemeente, organisatie=ks.gemeente, rol=Rol.REDACTEUR)
    lezer = UserFactory(username="lezer-gemeente")
    LidmaatschapFactory(user=lezer, organisatie=ks.gemeente, rol=Rol.LEZER)
    wsn = UserFactory(username="beheerder-wsn")
    LidmaatschapFactory(user=wsn, organisatie=ks.wsn, rol=Rol.BEHEERDER)
    return {"ks": ks, "js": js, "gemeente": gemeente, "lezer": lezer, "wsn": wsn}


# ---------------------------------------------------------------------------------------------
# The service


def test_without_acting_user_is_refused(wereld):
    with pytest.raises(PermissionDenied, match="zonder handelende gebruiker"):
        services.rapport_aanvragen(
            peilmoment=wereld["js"].juni, variant=RapportVariant.VOLLEDIG, acting_user=None
        )
    assert not Rapport.objects.exists()


@pytest.mark.parametrize("wie", ["lezer", "wsn"])
def test_without_peilmoment_beheren_is_refused(wereld, wie):
    with pytest.raises(PermissionDenied, match="Alleen de gemeente maakt de rapportage"):
        services.rapport_aanvragen(
            peilmoment=wereld["js"].juni, variant=RapportVariant.VOLLEDIG, acting_user=wereld[wie]
        )
    assert not Rapport.objects.exists()


def test_open_peilmoment_is_refused_in_dutch(wereld):
    with pytest.raises(ValidationError) as fout:
        services.rapport_aanvragen(
            peilmoment=wereld["js"].december,
            variant=RapportVariant.VOLLEDIG,
            acting_user=wereld["gemeente"],
        )
    assert fout.value.messages == [
        "Het peilmoment december 2025 is nog niet gesloten; alleen over een gesloten "
        "peilmoment kan een rapportage worden gemaakt."
    ]
    assert not Rapport.objects.exists()


def test_unknown_variant_is_refused(wereld):
    with pytest.raises(ValidationError, match="Kies de volledige of de openbare rapportage"):
        services.rapport_aanvragen(
            peilmoment=wereld["js"].juni, variant="geheim", acting_user=wereld["gemeente"]
        )


def test_request_queues_version_1_with_audit_row_and_enqueues_after_commit(
    wereld, django_capture_on_commit_callbacks
):
    with (
        mock.patch("prestatiemonitor.rapportage.tasks.rapport_maken") as taak,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        rapport = services.rapport_aanvragen(
            peilmoment=wereld["js"].juni,
            variant=RapportVariant.VOLLEDIG,
            acting_user=wereld["gemeente"],
        )
    assert len(callbacks) == 1
    taak.enqueue.assert_called_once_with(rapport.pk)
    rapport.refresh_from_db()
    assert (rapport.versie, rapport.status, rapport.voortgang) == (1, RapportStatus.WACHTRIJ, 0)
    assert rapport.gemaakt_door == wereld["gemeente"]
    assert rapport.kader == wereld["ks"].kader
    audit = AuditRecord.objects.get(actie="rapport.aangevraagd")
    assert audit.gebruiker == wereld["gemeente"]
    assert "Juni 2025 (volledig, versie 1)" in audit.omschrijving


def test_second_request_while_queued_is_refused(wereld):
    services.rapport_aanvragen(
        peilmoment=wereld["js"].juni,
        variant=RapportVariant.VOLLEDIG,
        acting_user=wereld["gemeente"],
    )
    with pytest.raises(ValidationError, match="wordt al gemaakt"):
        services.rapport_aanvragen(
            peilmoment=wereld["js"].juni,
            variant=RapportVariant.VOLLEDIG,
            acting_user=wereld["gemeente"],
        )
    assert Rapport.objects.count() == 1


def test_a_lost_request_is_closed_as_mislukt_by_the_next_one(wereld):
    from datetime import timedelta

    from django.utils import timezone

    oud = services.rapport_aanvragen(
        peilmoment=wereld["js"].juni, variant="volledig", acting_user=wereld["gemeente"]
    )
    Rapport.objects.filter(pk=oud.pk).update(aangevraagd_op=timezone.now() - timedelta(minutes=31))
    nieuw = services.rapport_aanvragen(
        peilmoment=wereld["js"].juni, variant="volledig", acting_user=wereld["gemeente"]
    )
    oud.refresh_from_db()
    assert (nieuw.versie, nieuw.status) == (2, RapportStatus.WACHTRIJ)
    assert oud.status == RapportStatus.MISLUKT
    assert oud.fout.startswith("Niet gemaakt: de taak is niet binnen 30 minuten uitgevoerd")


def test_rerun_makes_version_2_current_and_keeps_version_1_as_history(wereld):
    juni, gemeente = wereld["js"].juni, wereld["gemeente"]
    een = maak_rapport(peilmoment=juni, variant="volledig", acting_user=gemeente, pdf=PDF)
    twee = maak_rapport(
        peilmoment=juni, variant="volledig", acting_user=gemeente, pdf=PDF + b"% tweede\n"
    )
    openbaar = maak_rapport(peilmoment=juni, variant="openbaar", acting_user=gemeente)
    assert (een.versie, twee.versie, openbaar.versie) == (1, 2, 1)
    assert een.pdf_sha256 == hashlib.sha256(PDF).hexdigest()
    assert twee.pdf_sha256 == hashlib.sha256(PDF + b"% tweede\n").hexdigest()
    volledig, openbare = selectors.rapporten(user=gemeente, peilmoment=juni)
    assert volledig.huidig == twee
    assert volledig.geschiedenis == [een]
    assert openbare.huidig == openbaar and openbare.geschiedenis == []
    # Version 1's file is still there, unchanged.
    with een.pdf.open("rb") as f:
        assert f.read() == PDF
    assert AuditRecord.objects.filter(actie="rapport.aangevraagd").count() == 3


# ---------------------------------------------------------------------------------------------
# The task


def test_task_runs_every_step_to_100_and_klaar(wereld):
    rapport = services.rapport_aanvragen(
        peilmoment=wereld["js"].juni, variant="volledig", acting_user=wereld["gemeente"]
    )
    gezien = []

    def pdf(inhoud):
        r = Rapport.objects.get(pk=rapport.pk)
        gezien.append((r.status, r.voortgang, r.stap))
        assert inhoud.peilmoment_code == "2025-06"
        return PDF

    def xlsx(inhoud):
        r = Rapport.objects.get(pk=rapport.pk)
        gezien.append((r.status, r.voortgang, r.stap))
        return XLSX

    from prestatiemonitor.rapportage.tasks import rapport_maken

    with mock.patch.object(services, "_pdf", pdf), mock.patch.object(services, "_xlsx", xlsx):
        rapport_maken.call(rapport.pk)
    assert gezien == [
        ("bezig", 20, "PDF maken"),
        ("bezig", 70, "Werkboek (Excel) maken"),
    ]
    rapport.refresh_from_db()
    assert (rapport.status, rapport.voortgang, rapport.stap) == ("klaar", 100, "Klaar")
    assert rapport.klaar_op is not None and rapport.fout == ""
    assert rapport.pdf.name.startswith("rapportage/")
    assert rapport.xlsx_sha256 == hashlib.sha256(XLSX).hexdigest()
    # Idempotent: a second run of the same task does nothing.
    assert services.rapport_maken_uitvoeren(rapport.pk) is False
    rapport.refresh_from_db()
    assert rapport.status == "klaar"


def test_failing_step_gives_mislukt_with_the_message(wereld):
    rapport = services.rapport_aanvragen(
        peilmoment=wereld["js"].juni, variant="volledig", acting_user=wereld["gemeente"]
    )
    with mock.patch.object(services, "_pdf", side_effect=RuntimeError("lettertype ontbreekt")):
        assert services.rapport_maken_uitvoeren(rapport.pk) is False
    rapport.refresh_from_db()
    assert rapport.status == RapportStatus.MISLUKT
    assert rapport.stap == "PDF maken"
    assert rapport.fout == (
        "Het maken is mislukt bij de stap 'PDF maken': RuntimeError: lettertype ontbreekt"
    )
    assert not rapport.pdf and rapport.klaar_op is None
    # A failed run does not block a new one.
    nieuw = maak_rapport(
        peilmoment=wereld["js"].juni, variant="volledig", acting_user=wereld["gemeente"]
    )
    assert (nieuw.versie, nieuw.status) == (2, RapportStatus.KLAAR)


def test_real_report_of_the_small_world(wereld):
    """Once without stand-ins: WeasyPrint and openpyxl make real files."""
    rapport = services.rapport_aanvragen(
        peilmoment=wereld["js"].juni, variant="openbaar", acting_user=wereld["gemeente"]
    )
    assert services.rapport_maken_uitvoeren(rapport.pk) is True
    rapport.refresh_from_db()
    with rapport.pdf.open("rb") as f:
        assert f.read(5) == b"%PDF-"
    with rapport.xlsx.open("rb") as f:
        assert f.read(2) == b"PK"


# ---------------------------------------------------------------------------------------------
# The page and the downloads


def _download(client, rapport, formaat="pdf"):
    return client.get(
        reverse(
            "rapportage:download",
            kwargs={"kader": rapport.kader.slug, "pk": rapport.pk, "formaat": formaat},
        )
    )


def test_public_gets_the_openbaar_variant_and_404_for_volledig(wereld, client):
    juni, gemeente = wereld["js"].juni, wereld["gemeente"]
    volledig = maak_rapport(peilmoment=juni, variant="volledig", acting_user=gemeente)
    openbaar = maak_rapport(peilmoment=juni, variant="openbaar", acting_user=gemeente)
    response = _download(client, openbaar)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    assert "rapportage-" in response["Content-Disposition"]
    assert _download(client, openbaar, "xlsx").status_code == 200
    assert _download(client, volledig).status_code == 404
    assert _download(client, openbaar, "docx").status_code == 404
    pagina = client.get(
        reverse("rapportage:peilmoment", args=[juni.jaarschijf.kader.slug, "2025-06"])
    )
    assert pagina.status_code == 200
    inhoud = pagina.content.decode()
    assert (
        reverse("rapportage:download", args=[juni.jaarschijf.kader.slug, openbaar.pk, "pdf"])
        in inhoud
    )
    assert f"/{volledig.pk}.pdf" not in inhoud
    assert "Rapportage maken" not in inhoud


def test_unpublished_kader_hides_every_report_from_the_public(wereld, client):
    openbaar = maak_rapport(
        peilmoment=wereld["js"].juni, variant="openbaar", acting_user=wereld["gemeente"]
    )
    wereld["ks"].kader.gepubliceerd = False
    wereld["ks"].kader.save(update_fields=["gepubliceerd"])
    assert _download(client, openbaar).status_code == 404


def test_party_members_get_both_variants(wereld, client):
    juni = wereld["js"].juni
    volledig = maak_rapport(peilmoment=juni, variant="volledig", acting_user=wereld["gemeente"])
    client.force_login(wereld["wsn"])
    assert _download(client, volledig).status_code == 200


def test_gemeente_makes_a_report_from_the_page(wereld, client, django_capture_on_commit_callbacks):
    kader = wereld["ks"].kader
    client.force_login(wereld["gemeente"])
    url = reverse("rapportage:peilmoment", args=[kader.slug, "2025-06"])
    assert "Rapportage maken" in client.get(url).content.decode()
    with (
        mock.patch.object(services, "_pdf", return_value=PDF),
        mock.patch.object(services, "_xlsx", return_value=XLSX),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            reverse("rapportage:maken", args=[kader.slug, "2025-06"]), {"variant": "volledig"}
        )
    assert response.status_code == 302 and response["Location"] == url
    rapport = Rapport.objects.get()
    assert (rapport.status, rapport.versie) == ("klaar", 1)
    pagina = client.get(url).content.decode()
    # The task ran when the capture ended, after the view had answered (as with a worker).
    assert "De volledige rapportage van juni 2025 (versie 1) wordt gemaakt" in pagina
    assert "klaar" in pagina and f"/{rapport.pk}.pdf" in pagina
    assert 'http-equiv="refresh"' not in pagina


def test_refused_request_comes_back_as_a_message(wereld, client):
    kader = wereld["ks"].kader
    client.force_login(wereld["gemeente"])
    response = client.post(
        reverse("rapportage:maken", args=[kader.slug, "2025-06"]), {"variant": ""}, follow=True
    )
    assert "Kies de volledige of de openbare rapportage." in response.content.decode()
    assert not Rapport.objects.exists()


def test_page_shows_progress_and_refreshes_while_queued(wereld, client):
    kader = wereld["ks"].kader
    services.rapport_aanvragen(
        peilmoment=wereld["js"].juni, variant="volledig", acting_user=wereld["gemeente"]
    )
    client.force_login(wereld["lezer"])
    pagina = client.get(reverse("rapportage:peilmoment", args=[kader.slug, "2025-06"]))
    inhoud = pagina.content.decode()
    assert '<meta http-equiv="refresh" content="2">' in inhoud
    assert '<progress id="voortgang-volledig" max="100" value="0">' in inhoud
    assert "In de wachtrij" in inhoud


def test_closed_peilmoment_page_links_to_the_report_page(wereld, client):
    kader = wereld["ks"].kader
    url = reverse("jaarschijven:peilmoment", args=[kader.slug, "2025-06"])
    rapport_url = reverse("rapportage:peilmoment", args=[kader.slug, "2025-06"])
    assert rapport_url not in client.get(url).content.decode()  # nothing made yet
    maak_rapport(peilmoment=wereld["js"].juni, variant="openbaar", acting_user=wereld["gemeente"])
    assert rapport_url in client.get(url).content.decode()
    client.force_login(wereld["gemeente"])
    assert rapport_url in client.get(url).content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_makes_a_queued_report(wereld, settings):
    """The production path (TASKS_BACKEND=database): the request stores a task row after its
    commit, and ``db_worker --batch`` (the worker of docs/productie.md) makes the report, for
    real. Transactional: the worker closes its database connection, as in production."""
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    rapport = services.rapport_aanvragen(
        peilmoment=wereld["js"].juni, variant="openbaar", acting_user=wereld["gemeente"]
    )
    taak = DBTaskResult.objects.get()
    assert (taak.status, taak.args_kwargs["args"]) == ("READY", [rapport.pk])
    rapport.refresh_from_db()
    assert rapport.status == RapportStatus.WACHTRIJ  # nothing ran in the request

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    taak.refresh_from_db()
    rapport.refresh_from_db()
    assert (taak.status, taak.return_value) == ("SUCCESSFUL", True)
    assert (rapport.status, rapport.voortgang) == (RapportStatus.KLAAR, 100)
    with rapport.pdf.open("rb") as f:
        assert f.read(5) == b"%PDF-"
