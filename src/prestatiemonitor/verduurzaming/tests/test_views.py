"""The pages of verduurzaming (verduurzaming/views.py): delivering the stock (with EP-Online),
the drill-down list of dwellings and the export — who may, what each shows, what is refused."""

import csv
import io

import pytest
from django.urls import reverse

from prestatiemonitor.organisaties.permissions import SYSTEEM
from prestatiemonitor.verduurzaming.constants import Energielabel
from prestatiemonitor.verduurzaming.models import Voorraadopname, Woning
from prestatiemonitor.verduurzaming.uitwisseling import KOLOMMEN, importeren
from prestatiemonitor.woonruimte.kolommen import WONINGVOORRAAD

from .conftest import KOP, PEILDATUM, WSN_RIJEN, csv_bytes
from .test_ep_online import ep_bestand, ep_regel

ALLIANTIE_RIJEN = [
    ("de Alliantie", "0267010000000101", "Alliantiekern", "F", "2013-01-01", "650,00"),
    ("de Alliantie", "0267010000000102", "Alliantiekern", "A", "2022-01-01", "700,00"),
]


def _url(kader, naam, **kwargs):
    return reverse(f"verduurzaming:{naam}", kwargs={"kader": kader.slug, **kwargs})


def _bestand(data: bytes, naam: str):
    f = io.BytesIO(data)
    f.name = naam
    return f


def _upload(client, kader, data=None, *, naam="wsn.csv", ep=None, **velden):
    post = {"peildatum": PEILDATUM.isoformat(), **velden}
    if data is not None:
        post["bestand"] = _bestand(data, naam)
    if ep is not None:
        post["ep_online"] = _bestand(ep, "ep-online.csv")
    return client.post(_url(kader, "aanleveren"), post)


@pytest.fixture
def twee_voorraden(kader):
    for rijen in (WSN_RIJEN, ALLIANTIE_RIJEN):
        importeren(
            kader=kader,
            data=csv_bytes(rijen),
            bestandsnaam="systeem.csv",
            acting_user=SYSTEEM,
            peildatum=PEILDATUM,
        )


def test_anoniem_naar_inloggen(client, kader):
    response = client.get(_url(kader, "aanleveren"))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("wie", ["gemeente_redacteur", "hon_redacteur", "wsn_lezer"])
def test_wie_geen_voorraad_aanlevert_krijgt_403(client, kader, wereld, wie):
    client.force_login(wereld.leden[wie])
    assert client.get(_url(kader, "aanleveren")).status_code == 403
    assert _upload(client, kader, csv_bytes(WSN_RIJEN)).status_code == 403
    assert not Woning.objects.exists()


def test_aanleveren_slaagt_en_nog_eens_verandert_niets(client, kader, wereld):
    client.force_login(wereld.leden["wsn"])
    response = client.get(_url(kader, "aanleveren"))
    assert response.status_code == 200
    assert "corporatie" not in response.context["form"].fields  # WSN only
    response = _upload(client, kader, csv_bytes(WSN_RIJEN))
    assert response.status_code == 302
    assert response["Location"] == _url(kader, "woningen")
    voor = sorted(Woning.objects.values_list("pk", "vbo_id"))
    assert len(voor) == 5
    tekst = client.get(response["Location"]).content.decode()
    assert "wsn.csv aangeleverd: WSN per 01-01-2025: 5 woningen vastgelegd." in tekst
    response = _upload(client, kader, csv_bytes(WSN_RIJEN))
    assert response.status_code == 302
    assert sorted(Woning.objects.values_list("pk", "vbo_id")) == voor
    tekst = client.get(response["Location"]).content.decode()
    assert "WSN per 01-01-2025: 5 woningen ongewijzigd" in tekst


def test_fout_bestand_toont_rij_en_kolom_en_schrijft_niets(client, kader, wereld):
    client.force_login(wereld.leden["wsn"])
    rijen = [*WSN_RIJEN[:2], ("WSN", "267010000000003", "Nijkerk", "Q", "", "")]
    response = _upload(client, kader, csv_bytes(rijen))
    assert response.status_code == 200
    assert [f.plaats for f in response.context["fouten"]] == [
        "Rij 4, kolom B (VBO-id)",
        "Rij 4, kolom D (Energielabel)",
    ]
    assert "Niets opgeslagen: 2 fouten in wsn.csv" in response.content.decode()
    assert not Voorraadopname.objects.exists()


def test_geen_peildatum_en_andere_corporatie(client, kader, wereld):
    client.force_login(wereld.leden["wsn"])
    response = _upload(client, kader, csv_bytes(WSN_RIJEN), peildatum="")
    assert [f.melding for f in response.context["fouten"]] == [
        "er is geen peildatum: geef een kolom Peildatum of geef de peildatum op bij de import."
    ]
    response = _upload(client, kader, csv_bytes([*WSN_RIJEN, *ALLIANTIE_RIJEN[:1]]))
    assert [(f.plaats, f.melding) for f in response.context["fouten"]] == [
        (
            "Rij 7, kolom A (Corporatie)",
            "u mag de woningvoorraad van de Alliantie niet aanleveren; een corporatie levert "
            "alleen haar eigen woningen aan.",
        )
    ]
    assert not Woning.objects.exists()


def test_persoonsgegevens_geweigerd_met_de_kolom(client, kader, wereld):
    client.force_login(wereld.leden["wsn"])
    rijen = [(*r, "3861AB", "12") for r in WSN_RIJEN]
    response = _upload(client, kader, csv_bytes(rijen, (*KOP, "Postcode", "Huisnummer")))
    assert [f.plaats for f in response.context["fouten"]] == [
        "Rij 1, kolom G (Postcode)",
        "Rij 1, kolom H (Huisnummer)",
    ]
    eerste = response.context["fouten"].regels[0]
    assert eerste.melding.startswith(
        "de kolom 'Postcode' lijkt persoonsgegevens te bevatten (een adres (postcode met "
        "huisnummer))."
    )
    assert not Woning.objects.exists()


def test_voorraad_met_ep_online_in_een_keer(client, kader, wereld):
    client.force_login(wereld.leden["wsn"])
    ep = ep_bestand(ep_regel("0267010000000003", "D", "20230110"))
    response = _upload(client, kader, csv_bytes(WSN_RIJEN), ep=ep)
    assert response.status_code == 302
    woning = Woning.objects.get(vbo_id="0267010000000003")
    assert woning.energielabel == Energielabel.D
    tekst = client.get(response["Location"]).content.decode()
    assert "EP-Online (ep-online.csv) op de woningvoorraad van WSN per 01-01-2025" in tekst


def test_fout_in_ep_online_schrijft_ook_de_voorraad_niet(client, kader, wereld):
    client.force_login(wereld.leden["wsn"])
    ep = ep_bestand(ep_regel("0267010000000003", "Z", "20230110"))
    response = _upload(client, kader, csv_bytes(WSN_RIJEN), ep=ep)
    assert response.status_code == 200
    assert [f.plaats for f in response.context["fouten"]] == ["Rij 4, kolom Pand_energieklasse"]
    assert not Voorraadopname.objects.exists()


def test_ep_online_zonder_opname(client, kader, wereld):
    client.force_login(wereld.leden["wsn"])
    response = _upload(client, kader, ep=ep_bestand(), peildatum="")
    assert [f.melding for f in response.context["fouten"]] == [
        "er is geen woningvoorraad van WSN; lever eerst de woningvoorraad aan (of samen met dit "
        "bestand)."
    ]


def test_geen_bestand_gekozen(client, kader, wereld):
    client.force_login(wereld.leden["wsn"])
    response = _upload(client, kader)
    assert response.context["form"].non_field_errors() == [
        "Kies een bestand: de woningvoorraad, een EP-Online-export of allebei."
    ]


def test_de_kolomuitleg_volgt_de_kolommen():
    assert [k for k, _, _ in WONINGVOORRAAD] == list(KOLOMMEN)


# ---------------------------------------------------------------------------------------------
# Drill-down and export


def test_woningen_alleen_eigen_en_de_rest_als_totaal(client, kader, wereld, twee_voorraden):
    client.force_login(wereld.leden["wsn"])
    response = client.get(_url(kader, "woningen"))
    assert response.status_code == 200
    assert {w.opname.corporatie.korte_naam for w in response.context["pagina"]} == {"WSN"}
    html = response.content.decode()
    assert "Alliantiekern" not in html
    assert "2 woningen van andere corporaties ziet u alleen als totaal." in html

    response = client.get(_url(kader, "woningen"), {"label": "efg", "peildatum": "2025-01-01"})
    assert response.context["filter"].titel == "Woningen, per 1-1-2025, label E, F of G"
    assert sorted(w.vbo_id for w in response.context["pagina"]) == [
        "0267010000000002",
        "0267010000000004",
    ]
    assert response.context["elders"] == 1  # de Alliantie's F
    response = client.get(_url(kader, "woningen"), {"label": "verlopen"})
    assert sorted(w.vbo_id for w in response.context["pagina"]) == [
        "0267010000000002",
        "0267010000000004",
    ]
    response = client.get(_url(kader, "woningen"), {"label": "geen", "corporatie": "WSN"})
    assert response.context["pagina"].paginator.count == 2


def test_woningen_huurders_zien_alleen_het_totaal(client, kader, wereld, twee_voorraden):
    client.force_login(wereld.leden["hon_lezer"])
    response = client.get(_url(kader, "woningen"))
    assert response.context["pagina"].paginator.count == 0
    assert "7 woningen van andere corporaties ziet u alleen als totaal." in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    ("params", "melding"),
    [
        ({"label": "H"}, "'H' is geen energielabel"),
        ({"peildatum": "1-1-2025"}, "'1-1-2025' is geen datum; schrijf JJJJ-MM-DD"),
        ({"huurklasse": "duur"}, "'duur' is geen huurklasse; kies laag, hoog, lib, boven"),
        ({"corporatie": "Habion"}, "'Habion' is geen corporatie van dit afsprakenkader"),
    ],
)
def test_woningen_foute_parameter(client, kader, wereld, twee_voorraden, params, melding):
    client.force_login(wereld.leden["wsn"])
    response = client.get(_url(kader, "woningen"), params)
    assert response.status_code == 200
    assert any(melding in f for f in response.context["filter"].fouten)


def test_woningen_huurklasse_onbekend(client, kader, wereld, twee_voorraden):
    client.force_login(wereld.leden["wsn"])
    response = client.get(_url(kader, "woningen"), {"huurklasse": "onbekend"})
    assert [w.vbo_id for w in response.context["pagina"]] == ["0267010000000003"]


def test_woningen_niet_voor_anoniem_en_buitenstaanders(client, kader, django_user_model):
    for naam, kw in (("woningen", {}), ("export", {"formaat": "csv"})):
        response = client.get(_url(kader, naam, **kw))
        assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(django_user_model.objects.create_user("buiten", password="x"))
    assert client.get(_url(kader, "woningen")).status_code == 404


def test_export_alleen_eigen_corporatie(client, kader, wereld, twee_voorraden):
    client.force_login(wereld.leden["alliantie"])
    response = client.get(_url(kader, "export", formaat="csv"))
    rijen = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rijen[0] == list(KOLOMMEN)
    assert [r[2] for r in rijen[1:]] == ["0267010000000101", "0267010000000102"]
    response = client.get(_url(kader, "export", formaat="csv"), {"sjabloon": "1"})
    assert response.content.decode("utf-8-sig").splitlines() == [";".join(KOLOMMEN)]
    assert client.get(_url(kader, "export", formaat="pdf")).status_code == 404
