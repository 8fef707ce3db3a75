"""The label records of the CLI and JSON for the public: small counts left out."""

from django.contrib.auth.models import AnonymousUser

from prestatiemonitor.afspraken.publicatie import kader_publish
from prestatiemonitor.organisaties.permissions import SYSTEEM
from prestatiemonitor.woonruimte.models import Publicatie
from prestatiemonitor.woonruimte.selectors import indicatorresultaten


def test_public_json_shows_small_counts_without_label_and_expired(kader, wsn_voorraad):
    kader_publish(kader=kader, acting_user=SYSTEEM)
    Publicatie.objects.create(kader=kader, jaar=2025, stand="jaar")
    rijen = [
        r
        for r in indicatorresultaten(user=AnonymousUser(), kader=kader, jaar=2025)
        if r["indicator"] == "label_efg"
    ]
    assert rijen and rijen[0]["onderdrukt"]
    # 2 dwellings without a label and 2 with an expired one: the page shows "< 5" for both.
    assert rijen[0]["zonder_label"] is None and rijen[0]["verlopen"] is None, rijen[0]
