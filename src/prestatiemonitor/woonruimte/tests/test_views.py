"""The pages of woonruimte (woonruimte/views): delivering a file, the deliveries, the drill-down
list of lettings and the export — who may, what each shows, and what is refused."""

import csv
import io

import pytest
from django.urls import reverse

from prestatiemonitor.organisaties.permissions import SYSTEEM
from prestatiemonitor.woonruimte.kolommen import UITLEG
from prestatiemonitor.woonruimte.models import Aanlevering, Toewijzing
from prestatiemonitor.woonruimte.uitwisseling import KOLOMMEN, OPTIONEEL, importeren

from .factories import TOEWIJZING_KOP, csv_bestand, toewijzing, toewijzingen_csv


def _url(kader, naam, **kwargs):
    return reverse(f"woonruimte:{naam}", kwargs={"kader": kader.slug, **kwargs})


def _upload(client, kader, data, *, soort="toewijzingen", naam="toewijzingen.csv", **extra):
    bestand = io.BytesIO(data)
    bestand.name = naam
    return client.post(_url(kader, "aanleveren"), {"soort": soort, "bestand": bestand, **extra})


def _systeem(kader, *rijen):
    importeren(
        kader=kader,
        soort="toewijzingen",
        data=toewijzingen_csv(*rijen),
        bestandsnaam="systeem.csv",
        acting_user=SYSTEEM,
    )


# ---------------------------------------------------------------------------------------------
# Who may open the upload page


def test_anoniem_naar_inloggen(client, kader):
    response = client.get(_url(kader, "aanleveren"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize("wie", ["hon_redacteur", "hon_lezer", "wsn_lezer", "gemeente_lezer"])
def test_wie_niet_aanlevert_krijgt_403(client, kader, wereld, wie):
    client.force_login(wereld.leden[wie])
    assert client.get(_url(kader, "aanleveren")).status_code == 403
    response = _upload(client, kader, toewijzingen_csv(toewijzing()))
    assert response.status_code == 403
    assert not Toewijzing.objects.exists()


def test_corporatie_kiest_alleen_haar_soorten(client, kader, wereld):
    client.force_login(wereld.leden["wsn"])
    response = client.get(_url(kader, "aanleveren"))
    assert response.status_code == 200
    keuzes = [w for w, _ in response.context["form"].fields["soort"].choices if w]
    assert keuzes == ["toewijzingen", "woningzoekenden"]
    assert "organisatie" not in response.context["form"].fields  # one party: WSN itself
    html = response.content.decode()
    # A template per kind and the columns explained.
    assert _url(kader, "export", soort="toewijzingen", formaat="xlsx") + "?sjabloon=1" in html
    assert "Inkomen boven grens" in html and "ja of nee: inkomen boven de DAEB-grens" in html
    # A taakstelling is refused even when posted by hand.
    response = _upload(
        client, kader, csv_bestand(KOLOMMEN["taakstelling"], [2025, 1, 10]), soort="taakstelling"
    )
    assert response.status_code == 200
    assert "soort" in response.context["form"].errors


def test_gemeente_levert_taakstelling_en_voorraad(client, kader, wereld):
    client.force_login(wereld.leden["gemeente_redacteur"])
    keuzes = [
        w
        for w, _ in client.get(_url(kader, "aanleveren")).context["form"].fields["soort"].choices
        if w
    ]
    assert keuzes == ["woningzoekenden", "taakstelling", "voorraad"]
    response = _upload(
        client,
        kader,
        csv_bestand(KOLOMMEN["taakstelling"], [2025, 1, 12], [2025, 2, 14]),
        soort="taakstelling",
        naam="taakstelling.csv",
    )
    assert response.status_code == 302
    assert response["Location"] == _url(kader, "aanleveringen")


def test_de_kolomuitleg_volgt_de_kolommen():
    for soort, kolommen in KOLOMMEN.items():
        assert [k for k, _, _ in UITLEG[soort]] == list(kolommen)
        assert {k for k, verplicht, _ in UITLEG[soort] if not verplicht} == OPTIONEEL[soort]


# ---------------------------------------------------------------------------------------------
# Uploading


def test_aanleveren_slaagt_en_nog_eens_verandert_niets(client, kader, wereld):
    client.force_login(wereld.leden["wsn"])
    data = toewijzingen_csv(toewijzing(), toewijzing(Datum="2025-04-01", Kern="Hoevelaken"))
    response = _upload(client, kader, data, naam="wsn-2025.csv")
    assert response.status_code == 302
    assert response["Location"] == _url(kader, "aanleveringen")
    voor = sorted(Toewijzing.objects.values_list("pk", "kern"))
    assert len(voor) == 2 and Aanlevering.objects.count() == 1
    pagina = client.get(response["Location"])
    tekst = pagina.content.decode()
    assert "wsn-2025.csv aangeleverd: 2 toewijzingen opgeslagen, 0 eerdere vervangen" in tekst
    assert '<th scope="row" class="utrecht-table__header-cell">wsn-2025.csv' in tekst

    response = _upload(client, kader, data, naam="wsn-2025.csv")
    assert response.status_code == 302
    assert sorted(Toewijzing.objects.values_list("pk", "kern")) == voor
    assert Aanlevering.objects.count() == 1
    tekst = client.get(response["Location"]).content.decode()
    assert "niets gewijzigd, deze gegevens waren al aangeleverd" in tekst


def test_fout_bestand_toont_rij_en_kolom_en_schrijft_niets(client, kader, wereld):
    client.force_login(wereld.leden["wsn"])
    data = toewijzingen_csv(
        toewijzing(),
        toewijzing(Datum="14-03-2025"),
        toewijzing(Personen="0", Route="snel"),
    )
    response = _upload(client, kader, data, naam="fout.csv")
    assert response.status_code == 200
    assert not Toewijzing.objects.exists() and not Aanlevering.objects.exists()
    fouten = [(f.plaats, f.melding) for f in response.context["fouten"]]
    assert fouten == [
        (
            "Rij 3, kolom B (Datum)",
            "'14-03-2025' is geen datum; schrijf JJJJ-MM-DD, bv. 2025-03-14.",
        ),
        (
            "Rij 4, kolom G (Route)",
            "onbekende waarde 'snel'; kies uit: regulier, loting, urgentie, statushouder, "
            "directe bemiddeling, maatwerk, woonwagen.",
        ),
        ("Rij 4, kolom J (Personen)", "vul een heel getal van 1 of meer in (nu: 0)."),
    ]
    html = response.content.decode()
    assert "Niets opgeslagen: 3 fouten in fout.csv" in html
    assert "<strong>Rij 3, kolom B (Datum)</strong>" in html
    # The form keeps its choice.
    assert '<option value="toewijzingen" selected>' in html


def test_persoonsgegevens_geweigerd_met_de_kolom(client, kader, wereld):
    client.force_login(wereld.leden["wsn"])
    data = csv_bestand([*TOEWIJZING_KOP, "Naam huurder"], [*toewijzing(), "J. Jansen"])
    response = _upload(client, kader, data, naam="namen.csv")
    assert response.status_code == 200
    assert [(f.plaats, f.melding) for f in response.context["fouten"]] == [
        (
            "Rij 1, kolom M (Naam huurder)",
            "de kolom 'Naam huurder' lijkt persoonsgegevens te bevatten (een naam). Een "
            "aanlevering bevat geen persoonsgegevens: verwijder de kolom en lever het bestand "
            "opnieuw aan. Er is niets opgeslagen.",
        )
    ]
    assert not Toewijzing.objects.exists()


def test_corporatie_levert_geen_toewijzingen_van_een_andere(client, kader, wereld):
    client.force_login(wereld.leden["wsn"])
    data = toewijzingen_csv(toewijzing(), toewijzing(Corporatie="de Alliantie"))
    response = _upload(client, kader, data, naam="beide.csv")
    assert response.status_code == 200
    assert [(f.plaats, f.melding) for f in response.context["fouten"]] == [
        (
            "Rij 3, kolom A (Corporatie)",
            "u mag geen toewijzingen van de Alliantie aanleveren; een corporatie levert alleen "
            "haar eigen toewijzingen aan.",
        )
    ]
    assert not Toewijzing.objects.exists()


def test_woningzoekenden_namens_kiezen(client, kader, wereld, django_user_model):
    beheerder = django_user_model.objects.create_superuser("beheer", "b@example.org", "x")
    client.force_login(beheerder)
    form = client.get(_url(kader, "aanleveren")).context["form"]
    namens = [naam for w, naam in form.fields["organisatie"].choices if w]
    assert "Woningstichting Nijkerk" in " ".join(namens) or "WSN" in " ".join(namens)
    data = csv_bestand(KOLOMMEN["woningzoekenden"][:4], [2025, "jongere", 100, 20])
    response = _upload(client, kader, data, soort="woningzoekenden", naam="wz.csv")
    assert response.status_code == 200
    assert response.context["form"].errors["organisatie"] == [
        "Kies namens welke organisatie u aanlevert."
    ]
    response = _upload(
        client,
        kader,
        data,
        soort="woningzoekenden",
        naam="wz.csv",
        organisatie=wereld.orgs["wsn"].pk,
    )
    assert response.status_code == 302
    assert Aanlevering.objects.get().organisatie == wereld.orgs["wsn"]


def test_te_groot_bestand(client, kader, wereld, settings):
    settings.WOONRUIMTE_IMPORT_MAX_BYTES = 100
    client.force_login(wereld.leden["wsn"])
    response = _upload(client, kader, toewijzingen_csv(toewijzing(), toewijzing()))
    assert response.status_code == 200
    assert response.context["form"].errors["bestand"] == ["Het bestand is groter dan 0 MB."]


# ---------------------------------------------------------------------------------------------
# Drill-down, deliveries and export


@pytest.fixture
def twee_corporaties(kader):
    _systeem(
        kader,
        toewijzing(Kern="Hoevelaken", Aandachtsgroep="ja", Route="urgentie"),
        toewijzing(Datum="2025-08-01"),
        toewijzing(Datum="2024-02-01"),
        toewijzing(Corporatie="de Alliantie", Kern="Nijkerkerveen", Buurt="Alliantiebuurt"),
        toewijzing(Corporatie="de Alliantie", Datum="2025-01-10", Buurt="Alliantiebuurt"),
    )


def test_drilldown_alleen_eigen_rijen_en_de_rest_als_totaal(
    client, kader, wereld, twee_corporaties
):
    client.force_login(wereld.leden["wsn"])
    response = client.get(_url(kader, "toewijzingen"), {"jaar": "2025"})
    assert response.status_code == 200
    assert {t.corporatie.korte_naam for t in response.context["pagina"]} == {"WSN"}
    assert response.context["pagina"].paginator.count == 2
    html = response.content.decode()
    assert "Toewijzingen 2025</h1>" in html
    assert "Alliantiebuurt" not in html
    assert "2 toewijzingen van andere corporaties ziet u alleen als totaal." in html

    response = client.get(
        _url(kader, "toewijzingen"),
        {"jaar": "2025", "corporatie": "wsn", "aandachtsgroep": "ja", "tot_halfjaar": "1"},
    )
    assert response.context["filter"].titel == (
        "Toewijzingen 2025, januari tot en met juni, WSN, aandachtsgroep: ja"
    )
    assert [t.kern for t in response.context["pagina"]] == ["Hoevelaken"]
    assert response.context["elders"] == 0


def test_drilldown_huurders_zien_alleen_het_totaal(client, kader, wereld, twee_corporaties):
    client.force_login(wereld.leden["hon_lezer"])
    response = client.get(_url(kader, "toewijzingen"))
    assert response.status_code == 200
    assert response.context["pagina"].paginator.count == 0
    html = response.content.decode()
    assert "Totaal: <strong>5</strong> toewijzingen. Per rij ziet alleen de corporatie" in html
    assert "Alliantiebuurt" not in html and "Hoevelaken" not in html


@pytest.mark.parametrize(
    ("params", "melding"),
    [
        ({"jaar": "twintig"}, "'twintig' is geen jaar; geef een jaar als 2025."),
        ({"halfjaar": "3"}, "'3' is geen halfjaar; kies 1 of 2."),
        ({"aandachtsgroep": "misschien"}, "aandachtsgroep: 'misschien' is geen ja of nee."),
        ({"corporatie": "Habion"}, "'Habion' is geen corporatie van dit afsprakenkader"),
        ({"segment": "koop"}, "'koop' is geen segment; kies uit: sociale huur"),
        ({"passend": "soms"}, "'soms' is geen waarde voor passend; kies uit: ja, nee, nvt."),
    ],
)
def test_drilldown_foute_parameter_is_een_melding(client, kader, wereld, params, melding):
    client.force_login(wereld.leden["wsn"])
    response = client.get(_url(kader, "toewijzingen"), params)
    assert response.status_code == 200
    assert response.context["pagina"] is None
    assert any(melding in f for f in response.context["filter"].fouten)
    assert "Deze selectie kan niet worden getoond" in response.content.decode()


def test_drilldown_pagineert_per_100(client, kader, wereld):
    _systeem(kader, *(toewijzing(Personen=str(1 + i % 9)) for i in range(150)))
    client.force_login(wereld.leden["wsn"])
    response = client.get(_url(kader, "toewijzingen"), {"jaar": "2025", "pagina": "2"})
    assert len(response.context["pagina"].object_list) == 50
    assert "?jaar=2025&amp;pagina=1" in response.content.decode()


def test_detailpaginas_anoniem_en_buitenstaanders(client, kader, wereld, django_user_model):
    for naam, kw in (
        ("toewijzingen", {}),
        ("aanleveringen", {}),
        ("export", {"soort": "toewijzingen", "formaat": "csv"}),
    ):
        response = client.get(_url(kader, naam, **kw))
        assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(django_user_model.objects.create_user("buiten", password="x"))
    assert client.get(_url(kader, "toewijzingen")).status_code == 404


def test_aanleveringen_alleen_van_de_eigen_organisatie(client, kader, wereld, twee_corporaties):
    client.force_login(wereld.leden["alliantie"])
    response = client.get(_url(kader, "aanleveringen"))
    assert [a.organisatie.korte_naam for a in response.context["pagina"]] == ["de Alliantie"]


def _csv_rijen(response) -> list[list[str]]:
    tekst = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.reader(io.StringIO(tekst.decode("utf-8-sig")), delimiter=";"))


def test_export_alleen_eigen_toewijzingen(client, kader, wereld, twee_corporaties):
    client.force_login(wereld.leden["alliantie"])
    response = client.get(_url(kader, "export", soort="toewijzingen", formaat="csv"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    rijen = _csv_rijen(response)
    assert rijen[0] == list(TOEWIJZING_KOP)
    assert {r[0] for r in rijen[1:]} == {"de Alliantie"} and len(rijen) == 3
    response = client.get(_url(kader, "export", soort="toewijzingen", formaat="xlsx"))
    assert response.status_code == 200 and response.content.startswith(b"PK")


def test_export_sjabloon_en_onbekende_soort(client, kader, wereld, twee_corporaties):
    client.force_login(wereld.leden["wsn"])
    response = client.get(
        _url(kader, "export", soort="woningzoekenden", formaat="csv"), {"sjabloon": "1"}
    )
    assert _csv_rijen(response) == [list(KOLOMMEN["woningzoekenden"])]
    assert 'filename="woningzoekenden-sjabloon.csv"' in response["Content-Disposition"]
    assert client.get(_url(kader, "export", soort="huurders", formaat="csv")).status_code == 404
    assert client.get(_url(kader, "export", soort="toewijzingen", formaat="pdf")).status_code == 404
