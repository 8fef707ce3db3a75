"""Energy labels from an EP-Online bulk export matched onto an opname by VBO-id
(uitwisseling.labels_uit_ep_online)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from prestatiemonitor.audit.models import AuditRecord
from prestatiemonitor.organisaties.permissions import SYSTEEM
from prestatiemonitor.planmonitor.uitwisseling import ImportFouten
from prestatiemonitor.verduurzaming.constants import Energielabel
from prestatiemonitor.verduurzaming.models import Woning
from prestatiemonitor.verduurzaming.uitwisseling import labels_uit_ep_online

# The first columns of EP-Online's CSV export (v2), in its order; the real file has some 40
# columns after these. The two preamble lines stand for the lines EP-Online puts before the
# header (their exact wording was not verified; the reader skips any up to the header row).
EP_KOP = (
    "Pand_opnamedatum;Pand_opnametype;Pand_status;Pand_berekeningstype;Pand_energieindex;"
    "Pand_energieklasse;Pand_energielabel_is_prive;Pand_is_op_basis_van_referentie_gebouw;"
    "Pand_gebouwklasse;Meting_geldig_tot;Pand_registratiedatum;Pand_postcode;Pand_huisnummer;"
    "Pand_huisnummer_toev;Pand_detailaanduiding;Pand_bagverblijfsobjectid;Pand_bagligplaatsid;"
    "Pand_bagstandplaatsid;Pand_bagpandid;Pand_gebouwtype;Pand_gebouwsubtype"
)


def ep_regel(vbo, klasse, registratie, postcode="3861AB", huisnummer="12"):
    velden = [
        registratie,  # opnamedatum
        "Basis",
        "Bestaand",
        "NTA 8800:2024 (detailmethode)",
        "1,23",
        klasse,
        "false",
        "false",
        "W",
        "",
        registratie,
        postcode,
        huisnummer,
        "",
        "",
        vbo,
        "",
        "",
        vbo[:4] + "10" + vbo[6:] if vbo else "0267100000012345",
        "Rijwoning",
        "tussenwoning",
    ]
    return ";".join(velden)


def ep_bestand(*regels) -> bytes:
    preambule = ["Energielabels EP-Online;;", "Publicatiedatum;01-02-2025;"]
    return "\r\n".join([*preambule, EP_KOP, *regels]).encode("utf-8")


EP = ep_bestand(
    ep_regel("0267010000000001", "C", "20150501"),  # older registration of dwelling 1 …
    ep_regel("0267010000000001", "A", "20220901"),  # … the most recent wins (A, not C or B)
    ep_regel("0267010000000003", "D", "20230110"),  # dwelling 3 had no label
    ep_regel("0267010000000002", "B", "20250301"),  # after the peildatum: left out
    ep_regel("0267010000099999", "C", "20200101"),  # not a WSN dwelling
    ep_regel("0344010000000001", "A+", "20210101"),  # elsewhere in the country
    ep_regel("", "A", "20210101"),  # a utility building without VBO-id
)


def test_labels_are_matched_by_vbo_id_most_recent_first(wereld, wsn_voorraad):
    koppeling = labels_uit_ep_online(
        opname=wsn_voorraad,
        data=EP,
        bestandsnaam="v20250201_v2_csv.csv",
        acting_user=wereld.leden["wsn"],
    )

    assert (
        koppeling.gekoppeld,
        koppeling.niet_gekoppeld,
        koppeling.na_peildatum,
        koppeling.zonder_label,
        koppeling.bijgewerkt,
    ) == (2, 3, 1, 1, 2)
    assert koppeling.samenvatting == (
        "2 woningen gekoppeld (2 bijgewerkt), 3 rijen van het bestand niet gekoppeld, "
        "1 registraties na de peildatum genegeerd, 1 woningen zonder label"
    )
    labels = {
        w.vbo_id: (w.energielabel, w.registratiedatum)
        for w in Woning.objects.filter(opname=wsn_voorraad)
    }
    assert labels == {
        "0267010000000001": (Energielabel.A, datetime.date(2022, 9, 1)),
        "0267010000000002": (Energielabel.E, datetime.date(2014, 6, 1)),
        "0267010000000003": (Energielabel.D, datetime.date(2023, 1, 10)),
        "0267010000000004": (Energielabel.G, datetime.date(2012, 11, 30)),
        "0267010000000005": (None, None),
    }
    wsn_voorraad.refresh_from_db()
    assert wsn_voorraad.ep_online_bestandsnaam == "v20250201_v2_csv.csv"
    audit = AuditRecord.objects.get(actie="voorraadopname.labels_ep_online")
    assert audit.gegevens["niet_gekoppeld"] == 3
    assert audit.gegevens["bijgewerkt"] == 2


def test_matching_the_same_file_again_changes_nothing(wsn_voorraad):
    labels_uit_ep_online(opname=wsn_voorraad, data=EP, bestandsnaam="ep.csv", acting_user=SYSTEEM)
    koppeling = labels_uit_ep_online(
        opname=wsn_voorraad, data=EP, bestandsnaam="ep.csv", acting_user=SYSTEEM
    )
    assert (koppeling.gekoppeld, koppeling.bijgewerkt) == (2, 0)
    assert AuditRecord.objects.filter(actie="voorraadopname.labels_ep_online").count() == 1


def test_a_bad_row_of_a_matching_dwelling_refuses_the_file(wsn_voorraad):
    data = ep_bestand(
        ep_regel("0267010000000003", "D", "20230110"),
        ep_regel("0267010000000001", "X", "20220901"),
        ep_regel("0267010000099999", "Q", "nooit"),  # not ours: not checked
    )
    with pytest.raises(ImportFouten) as exc:
        labels_uit_ep_online(
            opname=wsn_voorraad, data=data, bestandsnaam="ep.csv", acting_user=SYSTEEM
        )
    assert exc.value.meldingen == [
        "ep.csv, rij 5, kolom Pand_energieklasse: onbekende energieklasse 'X' "
        "(VBO-id 0267010000000001)."
    ]
    assert Woning.objects.get(vbo_id="0267010000000003").energielabel is None
    assert not AuditRecord.objects.filter(actie="voorraadopname.labels_ep_online").exists()


def test_a_file_without_the_ep_online_header_is_refused(wsn_voorraad):
    with pytest.raises(ImportFouten) as exc:
        labels_uit_ep_online(
            opname=wsn_voorraad,
            data=b"Corporatie;VBO-id\r\nWSN;0267010000000001\r\n",
            bestandsnaam="ep.csv",
            acting_user=SYSTEEM,
        )
    assert exc.value.meldingen == [
        "ep.csv: dit is geen EP-Online-export: geen kopregel met Pand_bagverblijfsobjectid in "
        "de eerste 20 regels."
    ]


@pytest.mark.parametrize("wie", ["alliantie", "gemeente_beheerder", "hon_redacteur", None])
def test_only_the_corporation_matches_its_labels(wereld, wsn_voorraad, wie):
    with pytest.raises(PermissionDenied, match="U mag de energielabels van WSN niet aanleveren"):
        labels_uit_ep_online(
            opname=wsn_voorraad,
            data=EP,
            bestandsnaam="ep.csv",
            acting_user=wereld.leden[wie] if wie else None,
        )
    assert Woning.objects.get(vbo_id="0267010000000003").energielabel is None
