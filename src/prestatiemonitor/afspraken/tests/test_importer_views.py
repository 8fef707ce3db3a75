"""The upload → preview → confirm → report flow, and who is refused."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import NIJKERK_DOCUMENT
from prestatiemonitor.afspraken.models import Afsprakenkader, Bijstelling, ImportConcept
from prestatiemonitor.organisaties.constants import Rol
from prestatiemonitor.organisaties.models import Gebied
from prestatiemonitor.organisaties.permissions import SYSTEEM

pytestmark = pytest.mark.django_db

UPLOAD = reverse("afspraken:importeren")


def _upload(client, data: bytes, naam="nijkerk.md"):
    gemeente = Gebied.objects.get(cbs_code="GM0267")
    return client.post(
        UPLOAD,
        {"gemeente": gemeente.pk, "bestand": SimpleUploadedFile(naam, data, "text/markdown")},
    )


def _fingerprint(response) -> str:
    return re.search(r'name="vingerafdruk" value="([0-9a-f]{64})"', response.content.decode())[1]


@pytest.fixture
def beheerder(nijkerk_parties, make_member):
    return make_member(nijkerk_parties["gemeente-nijkerk"], Rol.BEHEERDER)


def test_beheerder_uploads_previews_confirms_and_sees_the_report(client, beheerder):
    client.force_login(beheerder)
    page = client.get(UPLOAD)
    assert page.status_code == 200
    assert "Prestatieafspraken importeren" in page.content.decode()
    response = _upload(client, NIJKERK_DOCUMENT.read_bytes())
    concept = ImportConcept.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "afspraken:import-voorbeeld", kwargs={"token": concept.token}
    )
    assert Afsprakenkader.objects.count() == 0  # nothing saved before confirmation

    preview = client.get(response["Location"])
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Dit is een nieuw afsprakenkader." in html
    assert re.search(r"Strategische afspraken</th><td[^>]*>29<", html)
    assert "Onttrekking door sloop of overheveling middenhuur" in html
    assert "Regel 169: bijschrift bij een foto overgeslagen" in html
    assert "style=" not in html and "<script" not in html

    done = client.post(
        response["Location"], {"bevestig": "1", "vingerafdruk": _fingerprint(preview)}
    )
    kader = Afsprakenkader.objects.get()
    verslag = kader.importverslagen.get()
    assert done.status_code == 302
    assert done["Location"] == reverse(
        "afspraken:importverslag", kwargs={"kader": kader.slug, "pk": verslag.pk}
    )
    assert ImportConcept.objects.count() == 0
    assert verslag.uitgevoerd_door == beheerder
    report = client.get(done["Location"])
    text = report.content.decode()
    assert report.status_code == 200
    assert "Het afsprakenkader is aangemaakt." in text
    assert "Prognose nieuwbouw toename 2028 t/m 2030 (harde plannen)" in text


def test_changed_version_requires_reason_and_records_bijstelling(client, beheerder, nijkerk_kader):
    client.force_login(beheerder)
    changed = NIJKERK_DOCUMENT.read_text().replace("behouden 15% vrije", "behouden 12% vrije")
    response = _upload(client, changed.encode())
    preview = client.get(response["Location"])
    html = preview.content.decode()
    assert "wijzigt het bestaande kader op 1 punt" in html
    assert "De woningcorporaties behouden 12% vrije toewijzingsruimte." in html
    vingerafdruk = _fingerprint(preview)
    refused = client.post(
        response["Location"], {"bevestig": "1", "reden": "", "vingerafdruk": vingerafdruk}
    )
    assert refused.status_code == 200
    assert Bijstelling.objects.count() == 0
    assert "utrecht-form-field--invalid" in refused.content.decode()
    done = client.post(
        response["Location"],
        {
            "bevestig": "1",
            "reden": "Besluit BO breed juni",
            "datum": "2026-06-30",
            "besloten_in": "bestuurlijk overleg breed",
            "vingerafdruk": vingerafdruk,
        },
    )
    assert done.status_code == 302
    bijstelling = Bijstelling.objects.get()
    assert bijstelling.vastgelegd_door == beheerder and bijstelling.reden == "Besluit BO breed juni"
    assert nijkerk_kader.afspraken.get(soort="strategisch", nummer="7").tekst.startswith(
        "De woningcorporaties behouden 12%"
    )


def test_bad_upload_shows_dutch_errors_and_stores_nothing(client, beheerder):
    client.force_login(beheerder)
    response = _upload(client, b"\x00\x01binary", naam="scan.md")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Het document kan niet worden geïmporteerd. Er is niets opgeslagen." in html
    assert "scan.md, regel 1: dit is geen tekstbestand" in html
    assert ImportConcept.objects.count() == 0


def test_cancel_removes_the_pending_upload(client, beheerder):
    client.force_login(beheerder)
    response = _upload(client, NIJKERK_DOCUMENT.read_bytes())
    cancelled = client.post(response["Location"], {"annuleren": "1"})
    assert cancelled.status_code == 302 and ImportConcept.objects.count() == 0
    assert Afsprakenkader.objects.count() == 0


def test_preview_of_someone_else_is_refused(client, beheerder, nijkerk_parties, make_member):
    client.force_login(beheerder)
    location = _upload(client, NIJKERK_DOCUMENT.read_bytes())["Location"]
    other = make_member(nijkerk_parties["gemeente-nijkerk"], Rol.LEZER)
    client.force_login(other)
    assert client.get(location).status_code == 403
    assert client.post(location, {"bevestig": "1"}).status_code == 403
    assert Afsprakenkader.objects.count() == 0


def test_import_report_visible_to_parties_only(client, nijkerk_kader, nijkerk_parties, make_member):
    from prestatiemonitor.organisaties.tests.factories import OrganisatieFactory

    verslag = nijkerk_kader.importverslagen.get()
    url = reverse("afspraken:importverslag", kwargs={"kader": nijkerk_kader.slug, "pk": verslag.pk})
    client.force_login(make_member(nijkerk_parties["hon"], Rol.LEZER))
    assert client.get(url).status_code == 200
    outsider = make_member(OrganisatieFactory(), Rol.BEHEERDER)
    client.force_login(outsider)
    assert client.get(url).status_code == 404  # an unpublished kader does not reveal itself
    nijkerk_kader.gepubliceerd = True
    nijkerk_kader.save()
    assert client.get(url).status_code == 403


def test_confirmation_is_refused_when_the_register_changed_since_the_preview(
    client, beheerder, nijkerk_document_bytes
):
    client.force_login(beheerder)
    location = _upload(client, nijkerk_document_bytes)["Location"]
    vingerafdruk = _fingerprint(client.get(location))
    # meanwhile the same document is imported from the command line
    from prestatiemonitor.afspraken.importer.services import gemeente_by_code, import_document

    import_document(
        data=nijkerk_document_bytes,
        bestandsnaam="n.md",
        gemeente=gemeente_by_code("GM0267"),
        acting_user=SYSTEEM,
    )
    response = client.post(location, {"bevestig": "1", "vingerafdruk": vingerafdruk})
    assert response.status_code == 200
    assert "Het register is gewijzigd sinds u dit voorbeeld opende." in response.content.decode()
    assert "Geen wijzigingen: het register komt al overeen" in response.content.decode()
    assert Afsprakenkader.objects.get().importverslagen.count() == 1


def test_too_large_upload_is_refused_with_the_configured_limit(client, beheerder, settings):
    settings.AFSPRAKEN_IMPORT_MAX_BYTES = 1024 * 1024
    client.force_login(beheerder)
    response = _upload(client, b"# Titel\n" + b"x" * (1024 * 1024 + 1), naam="groot.md")
    html = response.content.decode()
    assert "Het bestand groot.md is te groot: het maximum is 1 MB." in html
    assert ImportConcept.objects.count() == 0


def test_new_version_link_preselects_the_gemeente_of_the_kader(client, nijkerk_kader, make_member):
    from prestatiemonitor.organisaties.tests.factories import GemeenteOrganisatieFactory

    # A beheerder of two gemeenten: the kader's own is preselected, not the first in the list.
    beheerder = make_member(
        GemeenteOrganisatieFactory(gemeente__naam="Amersfoort", gemeente__cbs_code="GM0307"),
        Rol.BEHEERDER,
    )
    beheerder.lidmaatschappen.create(
        organisatie=nijkerk_kader.partij_set.get(organisatie__soort="gemeente").organisatie,
        rol=Rol.BEHEERDER,
    )
    client.force_login(beheerder)
    response = client.get(UPLOAD + f"?kader={nijkerk_kader.slug}")
    html = response.content.decode()
    nijkerk = Gebied.objects.get(cbs_code="GM0267")
    assert re.search(rf'<option value="{nijkerk.pk}"[^>]*selected', html)
    response = client.get(UPLOAD)
    assert not re.search(rf'<option value="{nijkerk.pk}"[^>]*selected', response.content.decode())


@pytest.mark.parametrize(
    "datum,melding",
    [
        ("2099-01-01", "De datum van het besluit ligt in de toekomst."),
        (
            "2015-06-30",
            "De datum van het besluit ligt vóór de ondertekening van de afspraken op "
            "20 februari 2025. Controleer het jaar.",
        ),
    ],
)
def test_confirmation_with_an_impossible_decision_date_is_refused(
    client, beheerder, nijkerk_kader, datum, melding
):
    client.force_login(beheerder)
    changed = NIJKERK_DOCUMENT.read_text().replace("behouden 15% vrije", "behouden 12% vrije")
    response = _upload(client, changed.encode())
    preview = client.get(response["Location"])
    refused = client.post(
        response["Location"],
        {
            "bevestig": "1",
            "reden": "Besluit BO breed",
            "datum": datum,
            "besloten_in": "bestuurlijk overleg breed",
            "vingerafdruk": _fingerprint(preview),
        },
    )
    html = refused.content.decode()
    assert refused.status_code == 200
    assert melding in html
    assert "Besluit BO breed" in html  # what the user typed is kept
    assert Bijstelling.objects.count() == 0
    assert nijkerk_kader.afspraken.get(soort="strategisch", nummer="7").tekst.startswith(
        "De woningcorporaties behouden 15%"
    )


# ---------------------------------------------------------------------------------------------
# Parse once; writes in services; conflicts of a three-way re-import; the source document


def test_preview_and_confirmation_do_not_parse_the_document_again(
    client, beheerder, nijkerk_kader, monkeypatch
):
    from prestatiemonitor.afspraken.importer import plan as planmodule

    client.force_login(beheerder)
    changed = NIJKERK_DOCUMENT.read_text().replace("behouden 15% vrije", "behouden 12% vrije")
    location = _upload(client, changed.encode())["Location"]
    concept = ImportConcept.objects.get()
    assert concept.document["afspraken"][6]["tekst"].startswith("De woningcorporaties behouden 12%")
    assert concept.basis_sha256 == nijkerk_kader.bron_sha256  # the base is kept parsed too

    # the planning module is where the importer parses (services.py only re-exports)
    echte_parse = planmodule.parse_document
    aanroepen = []
    monkeypatch.setattr(
        planmodule, "parse_document", lambda *a, **k: aanroepen.append(1) or echte_parse(*a, **k)
    )
    preview = client.get(location)
    assert "De woningcorporaties behouden 12% vrije toewijzingsruimte." in preview.content.decode()
    client.get(location)
    done = client.post(
        location,
        {
            "bevestig": "1",
            "reden": "Besluit BO breed juni",
            "datum": "2026-06-30",
            "besloten_in": "bestuurlijk overleg breed",
            "vingerafdruk": _fingerprint(preview),
        },
    )
    assert done.status_code == 302
    assert aanroepen == []
    assert nijkerk_kader.afspraken.get(soort="strategisch", nummer="7").tekst.startswith(
        "De woningcorporaties behouden 12%"
    )


def test_only_the_uploader_may_see_cancel_or_confirm_a_concept(
    beheerder, nijkerk_parties, make_member, nijkerk_document_bytes
):
    from django.core.exceptions import PermissionDenied

    from prestatiemonitor.afspraken.importer.services import (
        import_concept_confirm,
        import_concept_create,
        import_concept_delete,
        import_concept_plan,
    )

    gemeente = Gebied.objects.get(cbs_code="GM0267")
    concept, plan = import_concept_create(
        data=nijkerk_document_bytes, bestandsnaam="n.md", gemeente=gemeente, acting_user=beheerder
    )
    assert (concept.aangemaakt_door, concept.bestandsnaam) == (beheerder, "n.md")
    collega = make_member(nijkerk_parties["gemeente-nijkerk"], Rol.BEHEERDER)
    with pytest.raises(PermissionDenied):
        import_concept_plan(concept=concept, acting_user=collega)
    with pytest.raises(PermissionDenied):
        import_concept_delete(concept=concept, acting_user=collega)
    with pytest.raises(PermissionDenied):
        import_concept_confirm(
            concept=concept, plan=plan, vingerafdruk=plan.vingerafdruk, acting_user=collega
        )
    lezer = make_member(nijkerk_parties["gemeente-nijkerk"], Rol.LEZER)
    with pytest.raises(PermissionDenied):
        import_concept_create(
            data=nijkerk_document_bytes, bestandsnaam="n.md", gemeente=gemeente, acting_user=lezer
        )
    assert ImportConcept.objects.count() == 1
    import_concept_delete(concept=concept, acting_user=beheerder)
    assert ImportConcept.objects.count() == 0


def _bijstellen_7(beheerder, kader, tekst):
    import datetime

    from prestatiemonitor.afspraken.bijstelling import afspraak_bijstellen, afspraak_versie

    afspraak = kader.afspraken.get(soort="strategisch", nummer="7")
    afspraak_bijstellen(
        afspraak=afspraak,
        tekst=tekst,
        partijen=list(afspraak.partij_links.values_list("organisatie_id", flat=True)),
        trekker=None,
        jaar=None,
        termijn="",
        reden="Besluit BO breed",
        datum=datetime.date(2025, 12, 11),
        besloten_in="bestuurlijk overleg breed",
        versie=afspraak_versie(afspraak),
        acting_user=beheerder,
    )


def test_a_conflict_is_shown_and_the_beheerder_must_choose(client, beheerder, nijkerk_kader):
    _bijstellen_7(
        beheerder, nijkerk_kader, "De woningcorporaties behouden 20% vrije toewijzingsruimte."
    )
    client.force_login(beheerder)
    changed = NIJKERK_DOCUMENT.read_text().replace("behouden 15% vrije", "behouden 12% vrije")
    location = _upload(client, changed.encode())["Location"]
    preview = client.get(location)
    html = preview.content.decode()
    assert "Vergeleken met het document van de vorige import" in html
    assert "Conflicten: kies per punt" in html
    assert re.search(r"<legend[^>]*>Afspraak 7, tekst</legend>", html)
    for tekst in ("15%", "20%", "12%"):
        assert f"De woningcorporaties behouden {tekst} vrije toewijzingsruimte." in html
    assert 'type="radio"' in html and 'name="conflict_0" value="document"' in html
    gegevens = {
        "bevestig": "1",
        "reden": "Versie juni",
        "datum": "2026-06-30",
        "besloten_in": "bestuurlijk overleg breed",
        "vingerafdruk": _fingerprint(preview),
    }
    zonder_keuze = client.post(location, gegevens)
    assert zonder_keuze.status_code == 200
    assert (
        "Kies bij Afspraak 7, tekst: register houden of document overnemen."
        in zonder_keuze.content.decode()
    )
    done = client.post(location, {**gegevens, "conflict_0": "document"})
    assert done.status_code == 302
    afspraak7 = nijkerk_kader.afspraken.get(soort="strategisch", nummer="7")
    assert afspraak7.tekst == "De woningcorporaties behouden 12% vrije toewijzingsruimte."
    verslag = client.get(done["Location"]).content.decode()
    assert "Conflicten en de gemaakte keuze" in verslag
    assert "document overgenomen" in verslag


def test_a_kader_without_stored_document_says_it_compares_two_way(
    client, beheerder, nijkerk_kader, nijkerk_document_bytes
):
    from prestatiemonitor.afspraken.models import Brondocument

    Brondocument.objects.all().delete()
    client.force_login(beheerder)
    html = client.get(_upload(client, nijkerk_document_bytes)["Location"]).content.decode()
    assert "Van dit kader is het vorige document niet bewaard" in html


BRON = "afspraken:brondocument"


def test_the_signed_document_can_be_downloaded_from_a_published_kader(
    client, nijkerk_kader, nijkerk_document_bytes
):
    nijkerk_kader.gepubliceerd = True
    nijkerk_kader.save()
    response = client.get(reverse(BRON, kwargs={"kader": nijkerk_kader.slug}))
    assert response.status_code == 200
    assert response.content == nijkerk_document_bytes
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="prestatieafspraken-nijkerk-2025-2027.md"'
    )
    assert "no-store" not in response.get("Cache-Control", "")
    kader_html = client.get(reverse("afspraken:kader", kwargs={"kader": nijkerk_kader.slug}))
    assert (
        f'href="{reverse(BRON, kwargs={"kader": nijkerk_kader.slug})}" download>Ondertekend '
        "document (bron)</a>" in kader_html.content.decode()
    )


@pytest.mark.parametrize(
    "naam,args",
    [("kader", []), ("thema", [1]), ("afspraak", ["15"]), ("partijen", []), ("tabel", ["1"])],
)
def test_every_kader_page_links_the_signed_document_in_its_footer(
    client, nijkerk_kader, naam, args
):
    """Issue 5, section 6: the footer of a kader's pages links its signed source document
    (the layout had the link, but no view provided its URL, so it never appeared)."""
    nijkerk_kader.gepubliceerd = True
    nijkerk_kader.save()
    html = client.get(
        reverse(f"afspraken:{naam}", args=[nijkerk_kader.slug, *args])
    ).content.decode()
    voet = html[html.index("<footer") :]
    assert (
        f'<a class="utrecht-link" href="{reverse(BRON, kwargs={"kader": nijkerk_kader.slug})}">'
        f"Ondertekend document van {nijkerk_kader.titel} downloaden</a>"
    ) in voet


def test_no_footer_link_when_no_signed_document_is_stored(client, nijkerk_kader):
    nijkerk_kader.gepubliceerd = True
    nijkerk_kader.save()
    nijkerk_kader.brondocumenten.all().delete()
    html = client.get(reverse("afspraken:kader", args=[nijkerk_kader.slug])).content.decode()
    assert "Ondertekend document van" not in html


def test_the_signed_document_of_an_unpublished_kader(
    client, nijkerk_kader, nijkerk_parties, make_member
):
    from prestatiemonitor.organisaties.tests.factories import OrganisatieFactory

    adres = reverse(BRON, kwargs={"kader": nijkerk_kader.slug})
    assert client.get(adres).status_code == 404  # anonymous
    client.force_login(make_member(OrganisatieFactory(), Rol.BEHEERDER))
    assert client.get(adres).status_code == 404  # not a party
    client.force_login(make_member(nijkerk_parties["hon"], Rol.LEZER))
    response = client.get(adres)
    assert response.status_code == 200
    assert set(response["Cache-Control"].replace(" ", "").split(",")) == {"private", "no-store"}


def test_no_stored_document_is_a_404_and_no_link(client, nijkerk_kader):
    from prestatiemonitor.afspraken.models import Brondocument

    Brondocument.objects.all().delete()
    nijkerk_kader.gepubliceerd = True
    nijkerk_kader.save()
    assert client.get(reverse(BRON, kwargs={"kader": nijkerk_kader.slug})).status_code == 404
    kader_html = client.get(reverse("afspraken:kader", kwargs={"kader": nijkerk_kader.slug}))
    assert "Ondertekend document (bron)" not in kader_html.content.decode()


def test_unchanged_document_after_a_bijstelling_says_so_once(client, beheerder, nijkerk_kader):
    """The preview repeated "Bijstellingen die sindsdien … blijven staan." twice (review)."""
    from prestatiemonitor.afspraken.models import Afspraak

    Afspraak.objects.filter(kader=nijkerk_kader, nummer="7").update(
        tekst="De woningcorporaties behouden 20% vrije toewijzingsruimte."
    )
    client.force_login(beheerder)
    response = client.get(_upload(client, NIJKERK_DOCUMENT.read_bytes())["Location"])
    html = response.content.decode()
    assert "het document is niet gewijzigd ten opzichte van de vorige import" in html
    assert html.count("blijven staan") == 1
