"""Publishing and withdrawing a kader: service, audit row, and who may press the button."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from prestatiemonitor.afspraken.models import Afsprakenkader
from prestatiemonitor.afspraken.publicatie import kader_publish
from prestatiemonitor.afspraken.tests.factories import maak_kader
from prestatiemonitor.audit.models import AuditRecord
from prestatiemonitor.organisaties.constants import Rol

pytestmark = pytest.mark.django_db


@pytest.fixture
def concept():
    return maak_kader(gepubliceerd=False)


def test_beheerder_of_the_gemeente_publishes_and_an_audit_row_is_written(concept, make_member):
    beheerder = make_member(concept.gemeente, Rol.BEHEERDER)
    kader = kader_publish(kader=concept.kader, publish=True, acting_user=beheerder)
    assert kader.gepubliceerd is True
    assert kader.gepubliceerd_op is not None
    assert Afsprakenkader.objects.visible_to(None).filter(pk=kader.pk).exists()
    record = AuditRecord.objects.get()
    assert record.gebruiker == beheerder
    assert record.actie == "kader.gepubliceerd"
    assert record.object_type == "afspraken.afsprakenkader"
    assert record.object_id == str(kader.pk)
    assert record.gegevens == {"gepubliceerd": True}


def test_withdrawing_hides_the_kader_from_anonymous_visitors(concept, make_member):
    beheerder = make_member(concept.gemeente, Rol.BEHEERDER)
    kader_publish(kader=concept.kader, publish=True, acting_user=beheerder)
    kader = kader_publish(kader=concept.kader, publish=False, acting_user=beheerder)
    assert kader.gepubliceerd is False
    assert kader.gepubliceerd_op is None
    assert not Afsprakenkader.objects.visible_to(None).filter(pk=kader.pk).exists()
    assert list(AuditRecord.objects.values_list("actie", flat=True)) == [
        "kader.ingetrokken",
        "kader.gepubliceerd",
    ]


def test_publishing_twice_changes_nothing_and_writes_one_audit_row(concept, make_member):
    beheerder = make_member(concept.gemeente, Rol.BEHEERDER)
    kader_publish(kader=concept.kader, publish=True, acting_user=beheerder)
    kader_publish(kader=concept.kader, publish=True, acting_user=beheerder)
    assert AuditRecord.objects.count() == 1


@pytest.mark.parametrize(
    ("org", "rol"),
    [
        ("gemeente", Rol.REDACTEUR),
        ("gemeente", Rol.LEZER),
        ("wsn", Rol.BEHEERDER),
        ("hon", Rol.BEHEERDER),
    ],
)
def test_service_refuses_everyone_but_the_gemeentes_beheerder(concept, make_member, org, rol):
    user = make_member(getattr(concept, org), rol)
    with pytest.raises(PermissionDenied):
        kader_publish(kader=concept.kader, publish=True, acting_user=user)
    concept.kader.refresh_from_db()
    assert concept.kader.gepubliceerd is False
    assert AuditRecord.objects.count() == 0


def test_beheerder_of_another_gemeente_may_not_publish(concept, make_member):
    other = maak_kader(gepubliceerd=False)
    user = make_member(other.gemeente, Rol.BEHEERDER)
    with pytest.raises(PermissionDenied):
        kader_publish(kader=concept.kader, publish=True, acting_user=user)


def test_publish_button_via_the_view(client, concept, make_member):
    client.force_login(make_member(concept.gemeente, Rol.BEHEERDER))
    url = reverse("afspraken:publicatie", kwargs={"kader": concept.kader.slug})
    response = client.post(url, {"actie": "publiceren"})
    assert response.status_code == 302
    assert response["Location"] == reverse("afspraken:kader", kwargs={"kader": concept.kader.slug})
    concept.kader.refresh_from_db()
    assert concept.kader.gepubliceerd is True

    back = client.post(url, {"actie": "intrekken", "next": "/afspraken/"})
    assert back["Location"] == "/afspraken/"
    concept.kader.refresh_from_db()
    assert concept.kader.gepubliceerd is False


def test_view_ignores_an_offsite_next_url(client, concept, make_member):
    client.force_login(make_member(concept.gemeente, Rol.BEHEERDER))
    url = reverse("afspraken:publicatie", kwargs={"kader": concept.kader.slug})
    response = client.post(url, {"actie": "publiceren", "next": "https://evil.example/"})
    assert response["Location"] == reverse("afspraken:kader", kwargs={"kader": concept.kader.slug})


def test_view_is_post_only(client, concept, make_member):
    client.force_login(make_member(concept.gemeente, Rol.BEHEERDER))
    url = reverse("afspraken:publicatie", kwargs={"kader": concept.kader.slug})
    assert client.get(url).status_code == 405


def test_view_refusals(client, concept, make_member):
    url = reverse("afspraken:publicatie", kwargs={"kader": concept.kader.slug})
    anonymous = client.post(url, {"actie": "publiceren"})
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))

    client.force_login(make_member(concept.wsn, Rol.BEHEERDER))
    assert client.post(url, {"actie": "publiceren"}).status_code == 403

    client.force_login(make_member(maak_kader().gemeente, Rol.BEHEERDER))
    assert client.post(url, {"actie": "publiceren"}).status_code == 404
    concept.kader.refresh_from_db()
    assert concept.kader.gepubliceerd is False
