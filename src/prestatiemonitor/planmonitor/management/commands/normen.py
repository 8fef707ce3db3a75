"""prestatiemonitor normen --kader SLUG --formaat json [--peiling ID] [--uitvoer PAD]
[--inrichten]"""

import importlib
import json
from decimal import Decimal

from django.core.management.base import BaseCommand

from prestatiemonitor.normen.evaluatie import Normuitkomst
from prestatiemonitor.normen.selectors import normuitkomsten
from prestatiemonitor.organisaties.permissions import SYSTEEM

_prognose = importlib.import_module("prestatiemonitor.planmonitor.management.commands.prognose")


def _getal(waarde: Decimal | int | None) -> int | float | None:
    if waarde is None or isinstance(waarde, int):
        return waarde
    return int(waarde) if waarde == waarde.to_integral_value() else float(waarde)


def als_json(u: Normuitkomst) -> dict:
    """One result in the open format (docs/planmonitor-excel.md)."""
    return {
        "norm": u.norm_code,
        "naam": u.norm_naam,
        "afspraak": u.afspraak or None,
        "bron": u.bron,
        "onderwerp": u.onderwerp,
        "uitkomst": u.uitkomst,
        "waarde": _getal(u.waarde),
        "grens": _getal(u.grens),
        "eenheid": u.eenheid,
        "informatief": u.informatief,
        "uitleg": u.uitleg,
    }


class Command(BaseCommand):
    help = (
        "Toetst elke norm van een afsprakenkader (afspraken 1, 3 en 5, de ambitie van thema 1 en "
        "de landelijke en regionale normen ter informatie) en schrijft de uitkomsten als JSON: "
        "per norm en onderwerp (project, jaar of partij) voldoet, waarschuwing, voldoet_niet of "
        "afwijking, met de waarde, de grens en de uitleg (docs/planmonitor-excel.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--kader", required=True, metavar="SLUG")
        parser.add_argument("--formaat", required=True, choices=["json"])
        parser.add_argument("--peiling", type=int, metavar="ID", help="een peiling van dit kader")
        parser.add_argument("--uitvoer", metavar="PAD", help="bestand (standaard: stdout)")
        parser.add_argument(
            "--inrichten",
            action="store_true",
            help="eerst de standaardnormen inrichten of bijwerken (per code; idempotent)",
        )

    def handle(self, *args, kader, formaat, peiling, uitvoer, inrichten=False, **options):
        bron = _prognose.kader_en_bron(kader, peiling)
        if inrichten:
            from prestatiemonitor.normen.services import normen_inrichten

            normen_inrichten(kader=bron.kader, acting_user=SYSTEEM)
        uitkomsten = normuitkomsten(user=SYSTEEM, kader=bron.kader, bron=bron)
        inhoud = (
            json.dumps([als_json(u) for u in uitkomsten], ensure_ascii=False, indent=2).encode(
                "utf-8"
            )
            + b"\n"
        )
        _prognose.schrijf(self, inhoud, uitvoer, "Normuitkomsten")
