"""prestatiemonitor importeer-afspraken and demo-nijkerk."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from conftest import NIJKERK_DOCUMENT
from prestatiemonitor.afspraken.models import Afspraak, Afsprakenkader, Bijstelling, ImportVerslag

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = StringIO()
    call_command("importeer-afspraken", *args, stdout=out)
    return out.getvalue()


def test_import_prints_the_report(nijkerk_parties):
    output = _run(str(NIJKERK_DOCUMENT), "--gemeente", "GM0267")
    assert "Resultaat: nieuw" in output
    assert (
        "Thema's: 5, ambities: 19, afspraken: 29, systematiek: 3, begrippen: 14, convenanten: 13"
        in output
    )
    assert (
        "Tabel 1, rij 'Totaal', kolom 'Onttrekking door sloop of overheveling middenhuur': "
        "gedrukt 0, herberekend -6" in output
    )
    assert "regel 169: bijschrift bij een foto overgeslagen" in output
    assert (
        "Kader 'Prestatieafspraken in gemeente Nijkerk 2025–2027' aangemaakt (slug nijkerk-2025-2027)."
        in output
    )
    again = _run(str(NIJKERK_DOCUMENT), "--gemeente", "gm0267")
    assert "Geen wijzigingen" in again
    assert Afsprakenkader.objects.count() == 1 and Afspraak.objects.count() == 32


def test_changed_document_needs_confirmation(nijkerk_kader, tmp_path):
    changed = tmp_path / "nijkerk-v2.md"
    changed.write_text(
        NIJKERK_DOCUMENT.read_text().replace("behouden 15% vrije", "behouden 12% vrije")
    )
    output = _run(str(changed), "--gemeente", "GM0267")
    assert "Afspraak 7: gewijzigd (tekst)" in output
    assert "oud:   De woningcorporaties behouden 15% vrije toewijzingsruimte." in output
    assert "nieuw: De woningcorporaties behouden 12% vrije toewijzingsruimte." in output
    assert "Niets opgeslagen." in output
    assert Bijstelling.objects.count() == 0
    with pytest.raises(CommandError, match="--reden"):
        _run(str(changed), "--gemeente", "GM0267", "--bevestig")
    output = _run(
        str(changed),
        "--gemeente",
        "GM0267",
        "--bevestig",
        "--reden",
        "Besluit BO breed",
        "--datum",
        "2026-06-30",
        "--besloten-in",
        "bestuurlijk overleg breed",
    )
    assert (
        "1 wijziging(en) toegepast op 'nijkerk-2025-2027' als bijstelling van 30-06-2026." in output
    )
    bijstelling = Bijstelling.objects.get()
    assert (str(bijstelling.datum), bijstelling.besloten_in) == (
        "2026-06-30",
        "bestuurlijk overleg breed",
    )


@pytest.mark.parametrize(
    ("inhoud", "verwacht"),
    [
        (b"", "leeg.md: het bestand is leeg."),
        (b"abc\n\x00\x00", "leeg.md, regel 2: dit is geen tekstbestand"),
        (b"Titel\ncaf\xe9\n", "leeg.md, regel 2, kolom 4: het bestand is geen geldige UTF-8-tekst"),
        (
            b"# Recept\n\nMeel en water.\n",
            "leeg.md: dit lijkt geen document met prestatieafspraken",
        ),
    ],
)
def test_bad_input_is_a_dutch_error_and_writes_nothing(nijkerk_parties, tmp_path, inhoud, verwacht):
    path = tmp_path / "leeg.md"
    path.write_bytes(inhoud)
    with pytest.raises(CommandError) as exc:
        _run(str(path), "--gemeente", "GM0267")
    assert "Import geweigerd; er is niets opgeslagen." in str(exc.value)
    assert verwacht in str(exc.value)
    assert Afsprakenkader.objects.count() == 0 and ImportVerslag.objects.count() == 0


def test_exit_code_1_on_stderr(nijkerk_parties, tmp_path, capsys):
    from prestatiemonitor.__main__ import main

    path = tmp_path / "leeg.md"
    path.write_bytes(b"")
    import sys

    old = sys.argv
    sys.argv = ["prestatiemonitor", "importeer-afspraken", str(path), "--gemeente", "GM0267"]
    try:
        with pytest.raises(SystemExit) as exc:
            main()
    finally:
        sys.argv = old
    assert exc.value.code == 1
    assert "leeg.md: het bestand is leeg." in capsys.readouterr().err


def test_demo_nijkerk_imports_and_publishes_idempotently():
    call_command("demo-nijkerk", stdout=StringIO())
    kader = Afsprakenkader.objects.get(slug="nijkerk-2025-2027")
    assert kader.gepubliceerd and kader.gepubliceerd_op is not None
    first = kader.gepubliceerd_op
    out = StringIO()
    call_command("demo-nijkerk", stdout=out)
    assert "al geïmporteerd; ongewijzigd" in out.getvalue()
    kader.refresh_from_db()
    assert kader.gepubliceerd_op == first
    assert Afsprakenkader.objects.count() == 1 and ImportVerslag.objects.count() == 1


def test_conflicts_need_a_choice_on_the_command_line(nijkerk_kader, nijkerk_parties, tmp_path):
    import datetime

    from prestatiemonitor.afspraken.bijstelling import afspraak_bijstellen, afspraak_versie
    from prestatiemonitor.organisaties.constants import Rol
    from prestatiemonitor.organisaties.tests.factories import LidmaatschapFactory

    beheerder = LidmaatschapFactory(
        organisatie=nijkerk_parties["gemeente-nijkerk"], rol=Rol.BEHEERDER
    ).user
    afspraak7 = nijkerk_kader.afspraken.get(soort="strategisch", nummer="7")
    afspraak_bijstellen(
        afspraak=afspraak7,
        tekst="De woningcorporaties behouden 20% vrije toewijzingsruimte.",
        partijen=list(afspraak7.partij_links.values_list("organisatie_id", flat=True)),
        trekker=None,
        jaar=None,
        termijn="",
        reden="Besluit BO",
        datum=datetime.date(2025, 12, 11),
        besloten_in="bestuurlijk overleg breed",
        versie=afspraak_versie(afspraak7),
        acting_user=beheerder,
    )
    changed = tmp_path / "nijkerk-v2.md"
    changed.write_text(
        NIJKERK_DOCUMENT.read_text().replace("behouden 15% vrije", "behouden 12% vrije")
    )
    output = _run(str(changed), "--gemeente", "GM0267")
    assert "Conflicten (1)" in output
    assert "  - Afspraak 7, tekst" in output
    assert "register:      De woningcorporaties behouden 20% vrije toewijzingsruimte." in output
    assert "Niets opgeslagen." in output
    bevestig = ["--gemeente", "GM0267", "--bevestig", "--reden", "Versie 2"]
    with pytest.raises(CommandError, match="--conflicten register"):
        _run(str(changed), *bevestig)
    output = _run(str(changed), *bevestig, "--conflicten", "document")
    afspraak7.refresh_from_db()
    assert afspraak7.tekst == "De woningcorporaties behouden 12% vrije toewijzingsruimte."
    assert "1 wijziging(en) toegepast" in output
