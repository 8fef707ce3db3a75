import pytest
from django.db import IntegrityError

from prestatiemonitor.organisaties.constants import OrganisatieSoort
from prestatiemonitor.organisaties.models import Organisatie


def test_nijkerk_parties_are_five_with_tenants_linked_to_their_corporation(nijkerk_parties):
    assert sorted(nijkerk_parties) == ["de-alliantie", "gemeente-nijkerk", "hbva", "hon", "wsn"]
    assert nijkerk_parties["hon"].corporatie == nijkerk_parties["wsn"]
    assert nijkerk_parties["hbva"].corporatie == nijkerk_parties["de-alliantie"]
    assert nijkerk_parties["gemeente-nijkerk"].gemeente.cbs_code == "GM0267"


@pytest.mark.django_db
def test_huurdersorganisatie_without_corporation_is_refused_by_the_database():
    with pytest.raises(IntegrityError):
        Organisatie.objects.create(
            naam="Losse huurders",
            korte_naam="LH",
            slug="lh",
            soort=OrganisatieSoort.HUURDERSORGANISATIE,
        )
