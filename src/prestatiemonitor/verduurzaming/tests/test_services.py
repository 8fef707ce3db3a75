"""The write path (verduurzaming/services.py): refusals, the row check, batches."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from prestatiemonitor.organisaties.permissions import SYSTEEM
from prestatiemonitor.verduurzaming import services
from prestatiemonitor.verduurzaming.models import Voorraadopname, Woning
from prestatiemonitor.verduurzaming.services import WoningRij

from .conftest import PEILDATUM


def _rij(n: int, **velden) -> WoningRij:
    waarden = {
        "vbo_id": f"02670100000000{n:02d}",
        "kern": "Nijkerk",
        "energielabel": None,
        "registratiedatum": None,
        "huurprijs": None,
    }
    return WoningRij(**{**waarden, **velden})


def _vastleggen(kader, wereld, user, woningen, **extra):
    return services.voorraadopname_vastleggen(
        kader=kader,
        corporatie=wereld.orgs["wsn"],
        peildatum=PEILDATUM,
        bestandsnaam="wsn.csv",
        sha256="0" * 64,
        inhoud_sha256="1" * 64,
        woningen=woningen,
        acting_user=user,
        **extra,
    )


def test_dwellings_are_inserted_in_batches(kader, wereld):
    with CaptureQueriesContext(connection) as queries:
        vastgelegd = _vastleggen(kader, wereld, SYSTEEM, (_rij(n) for n in range(5)), batch=2)
    inserts = [q for q in queries if q["sql"].startswith('INSERT INTO "verduurzaming_woning"')]
    assert len(inserts) == 3
    assert vastgelegd.opname.aantal == 5
    assert Woning.objects.filter(opname=vastgelegd.opname).count() == 5


@pytest.mark.parametrize("wie", [None, "alliantie", "gemeente_beheerder", "hon_redacteur"])
def test_only_the_corporation_delivers_its_stock(kader, wereld, wie):
    user = wereld.leden[wie] if wie else None
    with pytest.raises(PermissionDenied, match="U mag de woningvoorraad van WSN niet aanleveren"):
        _vastleggen(kader, wereld, user, [_rij(1)])
    assert not Voorraadopname.objects.exists()


def test_a_label_without_date_is_refused(kader, wereld):
    with pytest.raises(ValidationError):
        _vastleggen(kader, wereld, SYSTEEM, [_rij(1, energielabel=10)])
