"""Review of the bijstelling form (found in review 2)."""

import pytest
from django.urls import reverse

from prestatiemonitor.afspraken.constants import AfspraakSoort
from prestatiemonitor.afspraken.models import Bijstelling
from prestatiemonitor.afspraken.tests.test_bijstelling import NIEUW, formdata, url
from prestatiemonitor.audit.models import AuditRecord
from prestatiemonitor.organisaties.constants import Rol
from prestatiemonitor.organisaties.models import Lidmaatschap
from prestatiemonitor.organisaties.services import lid_verwijderen


def url_bijstellingen(kader):
    return reverse("afspraken:bijstellingen", args=[kader.slug])


pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "datum",
    ["0026-12-11", "11-12-0026", "2015-12-11", "2025-02-19"],
)
def test_a_decision_dated_before_the_signing_is_refused(
    client, nijkerk_kader, nijkerk_parties, make_member, datum
):
    # Nijkerk signed on 20 februari 2025; "0026" for "2026" was stored as the year 26.
    afspraak = nijkerk_kader.afspraken.get(soort=AfspraakSoort.STRATEGISCH, nummer="7")
    client.force_login(make_member(nijkerk_parties["gemeente-nijkerk"], Rol.BEHEERDER))
    audit, bijstellingen = AuditRecord.objects.count(), Bijstelling.objects.count()
    response = client.post(url(nijkerk_kader), formdata(afspraak, tekst=NIEUW, datum=datum))
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "De datum van het besluit ligt vóór de ondertekening van de afspraken op "
        "20 februari 2025. Controleer het jaar." in html
    )
    afspraak.refresh_from_db()
    assert afspraak.tekst != NIEUW
    assert Bijstelling.objects.count() == bijstellingen
    assert AuditRecord.objects.count() == audit


def test_a_decision_on_the_signing_day_is_accepted(
    client, nijkerk_kader, nijkerk_parties, make_member
):
    afspraak = nijkerk_kader.afspraken.get(soort=AfspraakSoort.STRATEGISCH, nummer="7")
    client.force_login(make_member(nijkerk_parties["gemeente-nijkerk"], Rol.BEHEERDER))
    response = client.post(url(nijkerk_kader), formdata(afspraak, tekst=NIEUW, datum="2025-02-20"))
    assert response.status_code == 302
    afspraak.refresh_from_db()
    assert afspraak.tekst == NIEUW


def test_the_public_still_sees_the_gemeente_after_the_person_moved_to_a_corporation(
    client, nijkerk_kader, nijkerk_parties, make_member
):
    # Bente amends afspraak 7 as beheerder of the gemeente, then leaves the gemeente (removed
    # on the members pages) and joins WSN. The published pages must not say that a
    # corporation, or the site administrator, amended the agreements.
    gemeente, wsn = nijkerk_parties["gemeente-nijkerk"], nijkerk_parties["wsn"]
    bente = make_member(gemeente, Rol.BEHEERDER)
    bente.first_name, bente.last_name = "Bente", "Beleid"
    bente.save()
    tweede = make_member(gemeente, Rol.BEHEERDER)
    afspraak = nijkerk_kader.afspraken.get(soort=AfspraakSoort.STRATEGISCH, nummer="7")
    client.force_login(bente)
    assert client.post(url(nijkerk_kader), formdata(afspraak, tekst=NIEUW)).status_code == 302
    lid_verwijderen(
        lidmaatschap=bente.lidmaatschappen.get(organisatie=gemeente), acting_user=tweede
    )
    Lidmaatschap.objects.create(user=bente, organisatie=wsn, rol=Rol.LEZER)
    type(nijkerk_kader).objects.filter(pk=nijkerk_kader.pk).update(gepubliceerd=True)

    client.logout()
    for pad in (url(nijkerk_kader, naam="afspraken:afspraak"), url_bijstellingen(nijkerk_kader)):
        html = client.get(pad).content.decode()
        assert "door een medewerker van Gemeente Nijkerk" in html, pad
        assert "een medewerker van Woningstichting Nijkerk" not in html, pad
        assert "Bente" not in html and "de sitebeheerder" not in html, pad
