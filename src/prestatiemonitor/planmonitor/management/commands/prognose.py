"""prestatiemonitor prognose --kader SLUG [--van 2025 --tot 2027 --doorkijk-tot 2030]
[--peiling ID] --formaat json|xlsx [--uitvoer PAD]"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from prestatiemonitor.afspraken.models import Afsprakenkader
from prestatiemonitor.planmonitor import selectors
from prestatiemonitor.planmonitor.models import Peiling
from prestatiemonitor.planmonitor.uitwisseling import prognose_xlsx


def kader_en_bron(slug: str, peiling_id: int | None) -> selectors.Bron:
    """The kader (as the server operator: every kader) and the live data or one of its
    rounds; a round of another kader is refused."""
    kader = Afsprakenkader.objects.filter(slug=slug).first()
    if kader is None:
        raise CommandError(f"Geen afsprakenkader {slug!r}.")
    if peiling_id is None:
        return selectors.Bron(kader, None, False)
    peiling = Peiling.objects.filter(kader=kader, pk=peiling_id).first()
    if peiling is None:
        bestaand = ", ".join(
            f"{p.pk} ({p.naam})" for p in Peiling.objects.filter(kader=kader).order_by("peildatum")
        )
        raise CommandError(
            f"Peiling {peiling_id} hoort niet bij {slug!r}. Peilingen van dit kader: "
            f"{bestaand or 'geen'}."
        )
    return selectors.Bron(kader, peiling, False)


def schrijf(command: BaseCommand, inhoud: bytes, uitvoer: str | None, wat: str) -> None:
    if uitvoer:
        path = Path(uitvoer)
        try:
            path.write_bytes(inhoud)
        except OSError as error:
            raise CommandError(f"Kan niet schrijven naar {path}: {error.strerror}.") from error
        command.stderr.write(f"{wat} geschreven naar {path} ({len(inhoud)} bytes).")
        return
    command.stdout.write(inhoud.decode("utf-8"), ending="")


class Command(BaseCommand):
    help = (
        "Berekent Tabel 1 (sociale huur) en Tabel 2 (middenhuur) van een afsprakenkader uit de "
        "projecten en voorraadmutaties van de planmonitor, per corporatie en in totaal, als JSON "
        "of Excel. Standaard de actuele stand over de periode van het kader met een doorkijk van "
        "drie jaar; met --peiling de stand van die peiling (docs/planmonitor-excel.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--kader", required=True, metavar="SLUG")
        parser.add_argument("--van", type=int, metavar="JAAR", help="eerste jaar van de periode")
        parser.add_argument("--tot", type=int, metavar="JAAR", help="laatste jaar van de periode")
        parser.add_argument(
            "--doorkijk-tot", type=int, metavar="JAAR", help="laatste jaar van de doorkijk"
        )
        parser.add_argument("--peiling", type=int, metavar="ID", help="een peiling van dit kader")
        parser.add_argument("--formaat", required=True, choices=["json", "xlsx"])
        parser.add_argument(
            "--uitvoer", metavar="PAD", help="bestand om naar te schrijven (bij xlsx verplicht)"
        )

    def handle(self, *args, kader, van, tot, doorkijk_tot, peiling, formaat, uitvoer, **options):
        if formaat == "xlsx" and not uitvoer:
            raise CommandError("Een Excel-bestand is binair: geef --uitvoer PAD.")
        bron = kader_en_bron(kader, peiling)
        try:
            periode = selectors.periode(bron.kader, van, tot, doorkijk_tot)
        except ValueError as error:
            raise CommandError(str(error)) from error
        prognose = selectors.prognose(bron, periode)
        if formaat == "xlsx":
            inhoud = prognose_xlsx(prognose, bron.kader)
        else:
            inhoud = (
                json.dumps(prognose.als_json(), ensure_ascii=False, indent=2).encode("utf-8")
                + b"\n"
            )
        schrijf(self, inhoud, uitvoer, "Prognose")
