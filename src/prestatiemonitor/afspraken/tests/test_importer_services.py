"""Planning and applying imports: idempotence, bijstellingen with history, organisations."""

from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from prestatiemonitor.afspraken.importer.errors import ImportFout
from prestatiemonitor.afspraken.importer.services import (
    gemeente_by_code,
    import_apply,
    import_document,
    import_plan,
)
from prestatiemonitor.afspraken.models import (
    Afspraak,
    Afsprakenkader,
    Bijstelling,
    Brondocument,
    ImportVerslag,
)
from prestatiemonitor.afspraken.publicatie import kader_publish
from prestatiemonitor.audit.models import AuditRecord
from prestatiemonitor.organisaties.constants import OrganisatieSoort, Rol
from prestatiemonitor.organisaties.models import Organisatie
from prestatiemonitor.organisaties.permissions import SYSTEEM
from prestatiemonitor.organisaties.tests.factories import GebiedFactory

DOCUMENTEN = Path(__file__).parent / "documenten"
NAAM = "prestatieafspraken-nijkerk-2025-2027.md"

pytestmark = pytest.mark.django_db


def _plan(data: bytes, user=SYSTEEM, naam=NAAM):
    return import_plan(
        data=data, bestandsnaam=naam, gemeente=gemeente_by_code("GM0267"), acting_user=user
    )


def _changed(original: bytes) -> bytes:
    text = original.decode()
    text = text.replace(
        "7. De woningcorporaties behouden 15% vrije toewijzingsruimte.",
        "7. De woningcorporaties behouden 10% vrije toewijzingsruimte.",
    )
    text = text.replace(
        "28. De gemeente en woningcorporaties zetten de gezamenlijke financiering van buurtbemiddeling voort.\n",
        "",
    )
    text = text.replace(
        "- Partijen streven naar ruimte voor ontmoeting tussen bewoners, in het bijzonder bij nieuwe ontwikkelingen.",
        "- Partijen streven naar ruimte voor ontmoeting tussen alle bewoners.",
    )
    text = text.replace(
        "De jaarschijf is het jaarlijkse activiteitenoverzicht",
        "De jaarschijf is het jaarlijks vastgestelde activiteitenoverzicht",
    )
    text = text.replace(
        "## Systematiek",
        "## Strategische afspraken\n\n30. WSN en de gemeente maken voor eind 2025 een plan voor woningdelen.\n\n## Systematiek",
    )
    return text.encode()


def test_reimport_of_the_same_document_changes_nothing(nijkerk_kader, nijkerk_document_bytes):
    afspraak7 = nijkerk_kader.afspraken.get(soort="strategisch", nummer="7")
    history_before = afspraak7.history.count()
    plan = _plan(nijkerk_document_bytes)
    assert plan.ongewijzigd and plan.wijzigingen == []
    assert plan.resultaat == "geen wijzigingen"
    assert "Geen wijzigingen: het register komt al overeen met dit document." in plan.report_lines()
    verslag = import_apply(plan=plan, acting_user=SYSTEEM)
    assert verslag.samenvatting["resultaat"] == "geen wijzigingen"
    assert verslag.bijstelling is None
    assert Bijstelling.objects.count() == 0
    assert Afsprakenkader.objects.count() == 1
    assert Afspraak.objects.count() == 32
    assert afspraak7.history.count() == history_before
    assert ImportVerslag.objects.count() == 2


def test_changed_version_shows_differences_and_applies_only_when_confirmed(
    nijkerk_kader, nijkerk_document_bytes
):
    plan = _plan(_changed(nijkerk_document_bytes))
    found = {(w.onderdeel, w.sleutel, w.actie) for w in plan.wijzigingen}
    assert ("afspraak", "7", "gewijzigd") in found
    assert ("afspraak", "28", "verwijderd") in found
    assert ("afspraak", "30", "nieuw") in found
    assert ("ambitie", "4.2", "gewijzigd") in found
    assert ("begrip", "Jaarschijf", "gewijzigd") in found
    zeven = next(w for w in plan.wijzigingen if w.sleutel == "7")
    assert zeven.velden == ["tekst"]
    assert zeven.oud == "De woningcorporaties behouden 15% vrije toewijzingsruimte."
    assert zeven.nieuw == "De woningcorporaties behouden 10% vrije toewijzingsruimte."
    # nothing is written by planning, and applying without a reason is refused
    assert nijkerk_kader.afspraken.get(nummer="7", soort="strategisch").tekst.startswith(
        "De woningcorporaties behouden 15%"
    )
    with pytest.raises(ValidationError):
        import_apply(plan=plan, acting_user=SYSTEEM)
    assert Bijstelling.objects.count() == 0

    verslag = import_apply(
        plan=plan,
        acting_user=SYSTEEM,
        reden="Vrije toewijzingsruimte verlaagd",
        datum=date(2026, 3, 1),
        besloten_in="bestuurlijk overleg breed",
    )
    bijstelling = verslag.bijstelling
    assert (bijstelling.datum, bijstelling.reden, bijstelling.besloten_in) == (
        date(2026, 3, 1),
        "Vrije toewijzingsruimte verlaagd",
        "bestuurlijk overleg breed",
    )
    afspraak7 = nijkerk_kader.afspraken.get(nummer="7", soort="strategisch")
    rijen = list(
        bijstelling.wijziging_set.values_list(
            "onderdeel", "sleutel", "actie", "veld", "oud", "nieuw", "afspraak_id"
        )
    )
    assert (
        "afspraak",
        "7",
        "gewijzigd",
        "tekst",
        "De woningcorporaties behouden 15% vrije toewijzingsruimte.",
        "De woningcorporaties behouden 10% vrije toewijzingsruimte.",
        afspraak7.pk,
    ) in rijen
    # a removed afspraak is named, but no longer linked
    assert ("afspraak", "28", "verwijderd", "", None) in [r[:4] + (r[6],) for r in rijen]
    assert afspraak7.tekst == "De woningcorporaties behouden 10% vrije toewijzingsruimte."
    history = list(afspraak7.history.order_by("history_date").values_list("tekst", flat=True))
    assert history == [
        "De woningcorporaties behouden 15% vrije toewijzingsruimte.",
        "De woningcorporaties behouden 10% vrije toewijzingsruimte.",
    ]
    assert afspraak7.history.latest().history_change_reason == "Vrije toewijzingsruimte verlaagd"
    assert not nijkerk_kader.afspraken.filter(nummer="28", soort="strategisch").exists()
    assert Afspraak.history.filter(nummer="28", history_type="-").exists()
    nieuw = nijkerk_kader.afspraken.get(nummer="30", soort="strategisch")
    assert nieuw.thema.nummer == 5 and nieuw.jaar == 2025
    # an afspraak that did not change got no new history row
    assert nijkerk_kader.afspraken.get(nummer="9", soort="strategisch").history.count() == 1
    # importing the same changed version again changes nothing
    assert _plan(_changed(nijkerk_document_bytes)).ongewijzigd
    assert AuditRecord.objects.filter(actie="afspraken.import").count() == 2


def test_cli_acting_user_none_and_permissions(nijkerk_parties, nijkerk_document_bytes, make_member):
    gemeente_org = nijkerk_parties["gemeente-nijkerk"]
    redacteur = make_member(gemeente_org, Rol.REDACTEUR)
    wsn_beheerder = make_member(nijkerk_parties["wsn"], Rol.BEHEERDER)
    for user in (redacteur, wsn_beheerder):
        with pytest.raises(PermissionDenied):
            _plan(nijkerk_document_bytes, user=user)
    beheerder = make_member(gemeente_org, Rol.BEHEERDER)
    verslag = import_document(
        data=nijkerk_document_bytes,
        bestandsnaam=NAAM,
        gemeente=gemeente_by_code("GM0267"),
        acting_user=beheerder,
    )
    assert verslag.uitgevoerd_door == beheerder
    assert AuditRecord.objects.get(actie="afspraken.import").gebruiker == beheerder
    with pytest.raises(PermissionDenied):
        kader_publish(kader=verslag.kader, acting_user=redacteur)
    kader_publish(kader=verslag.kader, acting_user=beheerder)
    verslag.kader.refresh_from_db()
    assert verslag.kader.gepubliceerd and verslag.kader.gepubliceerd_op is not None


def test_new_gemeente_creates_missing_organisations():
    gebied = GebiedFactory(naam="Voorbeeldstad", cbs_code="GM9901")
    data = (DOCUMENTEN / "variant-hoofdstukken.md").read_bytes()
    plan = import_plan(data=data, bestandsnaam="v.md", gemeente=gebied, acting_user=SYSTEEM)
    assert [(k.partij.aanduiding, k.soort, k.nieuw) for k in plan.koppelingen] == [
        ("gemeente", "gemeente", True),
        ("Het Anker", "woningcorporatie", True),
        ("HVA", "huurdersorganisatie", True),
    ]
    assert plan.samenvatting["nieuwe_organisaties"] == [
        "Gemeente Voorbeeldstad (gemeente)",
        "Woonstichting Het Anker (woningcorporatie)",
        "Huurdersvereniging Het Anker (huurdersorganisatie)",
    ]
    verslag = import_apply(plan=plan, acting_user=SYSTEEM)
    kader = verslag.kader
    assert kader.slug == "voorbeeldstad-2026-2029"
    gemeente = Organisatie.objects.get(naam="Gemeente Voorbeeldstad")
    assert gemeente.soort == OrganisatieSoort.GEMEENTE and gemeente.gemeente == gebied
    anker = Organisatie.objects.get(naam="Woonstichting Het Anker")
    assert Organisatie.objects.get(naam="Huurdersvereniging Het Anker").corporatie == anker
    afspraak = kader.afspraken.get(nummer="1.1.2")
    assert afspraak.trekker == gemeente
    assert set(afspraak.partij_links.values_list("organisatie__naam", flat=True)) == {
        "Gemeente Voorbeeldstad",
        "Woonstichting Het Anker",
    }
    assert kader.afspraken.get(nummer="1.1.3").termijn == "voor eind 2027"
    # second import: the organisations now exist and nothing changes
    again = import_plan(data=data, bestandsnaam="v.md", gemeente=gebied, acting_user=SYSTEEM)
    assert again.ongewijzigd and not again.nieuwe_organisaties


def test_unknown_party_of_unknown_kind_is_a_clear_error():
    gebied = GebiedFactory(naam="Voorbeeldstad", cbs_code="GM9902")
    text = (
        (DOCUMENTEN / "variant-hoofdstukken.md")
        .read_text()
        .replace(
            "**Woonstichting Het Anker**, hierna te noemen: Het Anker",
            "**Stichting Ankerpunt**, hierna te noemen: Ankerpunt",
        )
    )
    with pytest.raises(ImportFout) as exc:
        import_plan(data=text.encode(), bestandsnaam="v.md", gemeente=gebied, acting_user=SYSTEEM)
    assert "v.md, regel 8: partij 'Stichting Ankerpunt' is onbekend" in str(exc.value)
    assert Organisatie.objects.count() == 0


def test_document_of_another_gemeente_is_refused(nijkerk_parties):
    gebied = GebiedFactory(naam="Putten", cbs_code="GM0273")
    data = Path("src/prestatiemonitor/data/prestatieafspraken-nijkerk-2025-2027.md").read_bytes()
    with pytest.raises(ImportFout) as exc:
        import_plan(data=data, bestandsnaam="n.md", gemeente=gebied, acting_user=SYSTEEM)
    assert "n.md, regel 17: het document is van 'Gemeente Nijkerk'" in str(exc.value)


def test_unknown_cbs_code():
    with pytest.raises(ImportFout) as exc:
        gemeente_by_code("GM9999")
    assert "geen gemeente met CBS-code 'GM9999'" in str(exc.value)


def test_a_changed_convenant_is_listed_by_name_with_what_changed(
    nijkerk_kader, nijkerk_document_bytes
):
    changed = nijkerk_document_bytes.replace(
        b"Toekomst Ready Wonen, 2017. WSN, WoningNet.",
        b"Toekomst Ready Wonen, 2018. WSN, de Alliantie, WoningNet.",
    )
    plan = _plan(changed)
    convenanten = [w for w in plan.wijzigingen if w.onderdeel == "convenanten"]
    assert len(convenanten) == 1
    wijziging = convenanten[0]
    assert (wijziging.sleutel, wijziging.actie) == ("Toekomst Ready Wonen", "gewijzigd")
    assert wijziging.velden == ["jaar", "partijnamen", "partijen"]
    assert wijziging.oud.startswith(
        "jaar: 2017 | partijnamen: ['WSN', 'WoningNet'] | partijen: WSN"
    )
    assert wijziging.nieuw.endswith("partijen: WSN, de Alliantie")


def test_a_changed_trekker_is_named_by_party_in_the_differences(
    nijkerk_kader, nijkerk_document_bytes
):
    changed = nijkerk_document_bytes.replace(
        b"De gemeente is trekker van de op te stellen Woonzorgvisie",
        b"De gemeente werkt aan de op te stellen Woonzorgvisie",
    )
    wijziging = next(w for w in _plan(changed).wijzigingen if w.sleutel == "15")
    assert "trekker" in wijziging.velden
    assert "trekker: gemeente" in wijziging.oud
    assert "trekker: geen" in wijziging.nieuw


# ---------------------------------------------------------------------------------------------
# Three-way re-import: the document imported last is the base


def _beheerder(nijkerk_parties):
    from prestatiemonitor.organisaties.tests.factories import LidmaatschapFactory

    return LidmaatschapFactory(
        organisatie=nijkerk_parties["gemeente-nijkerk"], rol=Rol.BEHEERDER
    ).user


def _bijstellen(afspraak, user, **wijzig):
    from prestatiemonitor.afspraken.bijstelling import afspraak_bijstellen, afspraak_versie

    values = {
        "tekst": afspraak.tekst,
        "partijen": list(afspraak.partij_links.values_list("organisatie_id", flat=True)),
        "trekker": afspraak.trekker_id,
        "jaar": afspraak.jaar,
        "termijn": afspraak.termijn,
        "reden": "Besluit bestuurlijk overleg",
        "datum": date(2025, 12, 11),
        "besloten_in": "bestuurlijk overleg breed",
        "versie": afspraak_versie(afspraak),
        **wijzig,
    }
    return afspraak_bijstellen(afspraak=afspraak, acting_user=user, **values)


def _partijen(afspraak) -> dict[str, str]:
    return dict(afspraak.partij_links.values_list("organisatie__korte_naam", "herkenning"))


def test_every_import_keeps_the_document_bytes_once(nijkerk_kader, nijkerk_document_bytes):
    bron = Brondocument.objects.get(kader=nijkerk_kader)
    assert bytes(bron.inhoud) == nijkerk_document_bytes
    assert bron.bestandsnaam == NAAM
    assert bron.sha256 == nijkerk_kader.bron_sha256
    import_apply(plan=_plan(nijkerk_document_bytes), acting_user=SYSTEEM)
    assert Brondocument.objects.filter(kader=nijkerk_kader).count() == 1
    changed = _changed(nijkerk_document_bytes)
    import_apply(
        plan=_plan(changed, naam="versie-2.md"), acting_user=SYSTEEM, reden="Nieuwe versie"
    )
    nieuwste = Brondocument.objects.filter(kader=nijkerk_kader).first()
    assert Brondocument.objects.filter(kader=nijkerk_kader).count() == 2
    assert (nieuwste.bestandsnaam, bytes(nieuwste.inhoud)) == ("versie-2.md", changed)


def test_a_party_added_by_hand_survives_a_reimport_of_the_unchanged_document(
    nijkerk_kader, nijkerk_document_bytes, nijkerk_parties
):
    afspraak7 = nijkerk_kader.afspraken.get(soort="strategisch", nummer="7")
    gemeente = nijkerk_parties["gemeente-nijkerk"]
    _bijstellen(
        afspraak7,
        _beheerder(nijkerk_parties),
        partijen=[*afspraak7.partij_links.values_list("organisatie_id", flat=True), gemeente.pk],
    )
    plan = _plan(nijkerk_document_bytes)
    assert plan.drieweg and plan.basis_melding == ""
    assert plan.wijzigingen == [] and plan.conflicten == []
    assert plan.ongewijzigd_tekst.startswith(
        "Geen wijzigingen: het document is niet gewijzigd ten opzichte van de vorige import."
    )
    import_apply(plan=plan, acting_user=SYSTEEM)
    assert _partijen(afspraak7) == {
        "WSN": "groep",
        "de Alliantie": "groep",
        "gemeente": "handmatig",
    }


def test_a_reimport_applies_what_the_document_changed_and_keeps_other_bijstellingen(
    nijkerk_kader, nijkerk_document_bytes, nijkerk_parties
):
    afspraak7 = nijkerk_kader.afspraken.get(soort="strategisch", nummer="7")
    gemeente = nijkerk_parties["gemeente-nijkerk"]
    _bijstellen(
        afspraak7,
        _beheerder(nijkerk_parties),
        partijen=[*afspraak7.partij_links.values_list("organisatie_id", flat=True), gemeente.pk],
    )
    plan = _plan(_changed(nijkerk_document_bytes))
    assert plan.conflicten == []
    w7 = next(w for w in plan.wijzigingen if (w.onderdeel, w.sleutel) == ("afspraak", "7"))
    assert w7.velden == ["tekst"]  # not "partijen": the document did not change them
    import_apply(plan=plan, acting_user=SYSTEEM, reden="Versie 2")
    afspraak7.refresh_from_db()
    assert afspraak7.tekst == "De woningcorporaties behouden 10% vrije toewijzingsruimte."
    assert _partijen(afspraak7)["gemeente"] == "handmatig"


@pytest.mark.parametrize(
    ("keuze", "tekst"),
    [
        ("document", "De woningcorporaties behouden 10% vrije toewijzingsruimte."),
        ("register", "De woningcorporaties behouden 20% vrije toewijzingsruimte."),
    ],
)
def test_a_field_changed_by_hand_and_in_the_document_is_a_conflict_the_beheerder_decides(
    nijkerk_kader, nijkerk_document_bytes, nijkerk_parties, keuze, tekst
):
    afspraak7 = nijkerk_kader.afspraken.get(soort="strategisch", nummer="7")
    user = _beheerder(nijkerk_parties)
    _bijstellen(afspraak7, user, tekst="De woningcorporaties behouden 20% vrije toewijzingsruimte.")
    plan = _plan(_changed(nijkerk_document_bytes), user=user)
    assert [(c.label, c.toon_basis, c.toon_huidig, c.toon_document) for c in plan.conflicten] == [
        (
            "Afspraak 7, tekst",
            "De woningcorporaties behouden 15% vrije toewijzingsruimte.",
            "De woningcorporaties behouden 20% vrije toewijzingsruimte.",
            "De woningcorporaties behouden 10% vrije toewijzingsruimte.",
        )
    ]
    # without a choice the register is kept: afspraak 7 is not among the changes
    assert ("afspraak", "7") not in {(w.onderdeel, w.sleutel) for w in plan.wijzigingen}
    verslag = import_apply(plan=plan, acting_user=user, reden="Versie 2", keuzes={0: keuze})
    afspraak7.refresh_from_db()
    assert afspraak7.tekst == tekst
    conflict = verslag.samenvatting["conflicten_lijst"][0]
    assert (conflict["label"], conflict["keuze"]) == ("Afspraak 7, tekst", keuze)
    assert verslag.samenvatting["vergelijking"] == "drieweg"
    rijen = set(verslag.bijstelling.wijziging_set.values_list("sleutel", "veld"))
    assert (("7", "tekst") in rijen) == (keuze == "document")
    audit = AuditRecord.objects.filter(actie="afspraken.import").order_by("-pk").first()
    assert audit.gegevens["conflicten"][0]["keuze"] == keuze


def test_an_unknown_choice_for_a_conflict_is_refused(nijkerk_kader, nijkerk_document_bytes):
    plan = _plan(_changed(nijkerk_document_bytes))
    with pytest.raises(ValidationError):
        import_apply(plan=plan, acting_user=SYSTEEM, reden="Versie 2", keuzes={3: "document"})


def test_a_kader_without_a_stored_document_is_compared_two_way_and_says_so(
    nijkerk_kader, nijkerk_document_bytes, nijkerk_parties
):
    from prestatiemonitor.afspraken.models import AfspraakPartij

    Brondocument.objects.all().delete()  # as for kaders imported before it was kept
    afspraak7 = nijkerk_kader.afspraken.get(soort="strategisch", nummer="7")
    gemeente = nijkerk_parties["gemeente-nijkerk"]
    _bijstellen(
        afspraak7,
        _beheerder(nijkerk_parties),
        partijen=[*afspraak7.partij_links.values_list("organisatie_id", flat=True), gemeente.pk],
    )
    plan = _plan(nijkerk_document_bytes)
    assert not plan.drieweg
    assert plan.basis_melding.startswith("Van dit kader is het vorige document niet bewaard")
    assert plan.basis_melding in plan.report_lines()
    assert [(w.sleutel, w.velden) for w in plan.wijzigingen] == [("7", ["partijen"])]
    verslag = import_apply(plan=plan, acting_user=SYSTEEM, reden="Terug naar het document")
    assert "gemeente" not in _partijen(afspraak7)
    assert verslag.samenvatting["vergelijking"] == "tweeweg"
    # the removal went through the model: a history row with the reason
    weg = AfspraakPartij.history.filter(organisatie=gemeente, history_type="-").get()
    assert weg.history_change_reason == "Terug naar het document"
    # and the document is kept now, so the next import compares three-way
    assert Brondocument.objects.filter(kader=nijkerk_kader).count() == 1
    assert _plan(nijkerk_document_bytes).drieweg


def test_the_parse_kept_as_json_is_the_same_document(nijkerk_document_bytes):
    from prestatiemonitor.afspraken.importer.parser import parse_document
    from prestatiemonitor.afspraken.importer.services import document_als_json, document_uit_json

    document = parse_document(nijkerk_document_bytes.decode(), bestandsnaam=NAAM)
    assert document_uit_json(document_als_json(document)) == document
    assert isinstance(document_uit_json(document_als_json(document)).ondertekend_op, date)
