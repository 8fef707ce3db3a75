"""The admin does not bypass the services: every woonruimte model is read-only there."""

import pytest
from django.contrib import admin

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "label",
    [
        "woonruimte.aanlevering",
        "woonruimte.toewijzing",
        "woonruimte.woningzoekenden",
        "woonruimte.taakstellingstatushouders",
        "woonruimte.socialevoorraad",
    ],
)
def test_alleen_lezen(rf, admin_user, label):
    request = rf.get("/beheer/")
    request.user = admin_user
    registry = {m._meta.label_lower: a for m, a in admin.site._registry.items()}
    model_admin = registry[label]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
