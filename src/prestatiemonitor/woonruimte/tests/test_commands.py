"""prestatiemonitor importeer-woonruimte"""

import pytest
from django.core.management import CommandError, call_command

from prestatiemonitor.woonruimte.models import TaakstellingStatushouders, Toewijzing
from prestatiemonitor.woonruimte.uitwisseling import KOLOMMEN

from .factories import csv_bestand, toewijzing, toewijzingen_csv


def test_importeert_als_systeem(kader, tmp_path, capsys):
    pad = tmp_path / "toewijzingen.csv"
    pad.write_bytes(toewijzingen_csv(toewijzing(), toewijzing(Corporatie="de Alliantie")))
    call_command("importeer-woonruimte", str(pad), kader=kader.slug, soort="toewijzingen")
    assert Toewijzing.objects.count() == 2
    assert (
        "Toewijzingen " + kader.slug + ": 2 toewijzingen opgeslagen, 0 eerdere vervangen, "
        "0 ongewijzigd (dit bestand was al aangeleverd)." in capsys.readouterr().out
    )


def test_fouten_met_plaats_en_niets_opgeslagen(kader, tmp_path):
    pad = tmp_path / "t.csv"
    pad.write_bytes(toewijzingen_csv(toewijzing(), toewijzing(Segment="koop")))
    with pytest.raises(CommandError) as exc:
        call_command("importeer-woonruimte", str(pad), kader=kader.slug, soort="toewijzingen")
    assert str(exc.value) == (
        "Import geweigerd (1 fout); er is niets opgeslagen.\n"
        "t.csv, rij 3, kolom E (Segment): onbekende waarde 'koop'; kies uit: sociale huur, "
        "middenhuur, vrije sector huur."
    )
    assert Toewijzing.objects.count() == 0


def test_als_corporatie_geen_taakstelling(kader, wereld, tmp_path):
    pad = tmp_path / "ts.csv"
    pad.write_bytes(csv_bestand(KOLOMMEN["taakstelling"], (2025, 1, 24)))
    with pytest.raises(CommandError, match="Alleen de gemeente levert de taakstelling"):
        call_command(
            "importeer-woonruimte",
            str(pad),
            kader=kader.slug,
            soort="taakstelling",
            als=wereld.leden["wsn"].username,
        )
    call_command(
        "importeer-woonruimte",
        str(pad),
        kader=kader.slug,
        soort="taakstelling",
        als=wereld.leden["gemeente_beheerder"].username,
    )
    assert TaakstellingStatushouders.objects.get().personen == 24
