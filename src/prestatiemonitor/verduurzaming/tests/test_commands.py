"""prestatiemonitor importeer-labels (uitwisseling.cli_importeren)."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from prestatiemonitor.verduurzaming.models import Voorraadopname, Woning

from .conftest import WSN_RIJEN, csv_bytes
from .test_ep_online import EP


def _roep(*args):
    from io import StringIO

    uit = StringIO()
    call_command("importeer-labels", *args, stdout=uit)
    return uit.getvalue().strip()


def test_import_and_ep_online_from_the_command_line(kader, wereld, tmp_path):
    bestand = tmp_path / "wsn.csv"
    bestand.write_bytes(csv_bytes(WSN_RIJEN))
    als = wereld.leden["wsn"].username

    uit = _roep(str(bestand), "--kader", kader.slug, "--als", als, "--peildatum", "2025-01-01")
    assert uit == f"Woningvoorraad {kader.slug}: WSN per 01-01-2025: 5 woningen vastgelegd."
    assert Voorraadopname.objects.get().aantal == 5

    ep = tmp_path / "v20250201_v2_csv.csv"
    ep.write_bytes(EP)
    uit = _roep(str(ep), "--kader", kader.slug, "--als", als, "--ep-online")
    assert uit == (
        "EP-Online WSN per 01-01-2025: 2 woningen gekoppeld (2 bijgewerkt), 3 rijen van het "
        "bestand niet gekoppeld, 1 registraties na de peildatum genegeerd, 1 woningen zonder "
        "label."
    )


def test_errors_are_listed_and_nothing_is_stored(kader, tmp_path):
    bestand = tmp_path / "wsn.csv"
    bestand.write_bytes(csv_bytes([("WSN", "123", "Nijkerk", "B", "2021-03-15", "")]))
    with pytest.raises(CommandError) as exc:
        _roep(str(bestand), "--kader", kader.slug, "--peildatum", "2025-01-01")
    assert str(exc.value) == (
        "Import geweigerd (1 fout); er is niets opgeslagen.\n"
        "wsn.csv, rij 2, kolom B (VBO-id): '123' is geen geldig VBO-id: een "
        "BAG-verblijfsobject-id heeft precies 16 cijfers (bv. 0267010000123456)."
    )
    assert not Woning.objects.exists()


def test_ep_online_as_systeem_needs_the_corporation(kader, tmp_path, wsn_voorraad):
    ep = tmp_path / "ep.csv"
    ep.write_bytes(EP)
    with pytest.raises(CommandError, match="Geef --corporatie"):
        _roep(str(ep), "--kader", kader.slug, "--ep-online")
    uit = _roep(str(ep), "--kader", kader.slug, "--ep-online", "--corporatie", "wsn")
    assert uit.startswith("EP-Online WSN per 01-01-2025: 2 woningen gekoppeld")


def test_importeer_woonruimte_with_soort_labels_imports_the_stock(kader, wereld, tmp_path):
    from io import StringIO

    bestand = tmp_path / "wsn.csv"
    bestand.write_bytes(csv_bytes(WSN_RIJEN))
    uit = StringIO()
    call_command(
        "importeer-woonruimte",
        str(bestand),
        "--kader",
        kader.slug,
        "--soort",
        "labels",
        "--als",
        wereld.leden["wsn"].username,
        "--peildatum",
        "2025-01-01",
        stdout=uit,
    )
    assert uit.getvalue().strip() == (
        f"Woningvoorraad {kader.slug}: WSN per 01-01-2025: 5 woningen vastgelegd."
    )
    assert Woning.objects.count() == 5
