"""prestatiemonitor importeer-plannen PAD --kader SLUG [--als GEBRUIKER]"""

import importlib
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from prestatiemonitor.afspraken.models import Afsprakenkader
from prestatiemonitor.planmonitor.uitwisseling import ImportFouten, importeren

_export = importlib.import_module(
    "prestatiemonitor.jaarschijven.management.commands.exporteer-jaarschijf"
)


def kader_van(user, slug: str) -> Afsprakenkader:
    kader = Afsprakenkader.objects.visible_to(user).filter(slug=slug).first()
    if kader is None:
        raise CommandError(f"Geen afsprakenkader {slug!r} (of niet zichtbaar).")
    return kader


class Command(BaseCommand):
    help = (
        "Importeert projecten en voorraadmutaties in de planmonitor uit een Excel-werkmap "
        "(bladen Projecten en/of Mutaties) of een CSV-bestand met puntkomma's. Projecten worden "
        "herkend aan hun projectcode: een bestaand project wordt bijgewerkt, een nieuw "
        "toegevoegd. Bij één fout wordt niets opgeslagen en staat elke fout met blad, rij en "
        "kolom in de uitvoer (docs/planmonitor-excel.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("pad", help="Pad naar het bestand (.xlsx of .csv).")
        parser.add_argument("--kader", required=True, metavar="SLUG")
        parser.add_argument(
            "--als",
            metavar="GEBRUIKERSNAAM",
            help="importeer als deze gebruiker, met diens rechten (een corporatie alleen de "
            "eigen projecten en mutaties); zonder --als als SYSTEEM",
        )

    def handle(self, *args, pad, kader, als, **options):
        user = _export.gebruiker(als)
        afsprakenkader = kader_van(user, kader)
        path = Path(pad)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                f"{pad}: het bestand kan niet worden gelezen ({exc.strerror})."
            ) from exc
        try:
            resultaat = importeren(
                kader=afsprakenkader, data=data, bestandsnaam=path.name, acting_user=user
            )
        except ImportFouten as exc:
            raise CommandError(
                f"Import geweigerd ({len(exc.fouten)} "
                f"{'fout' if len(exc.fouten) == 1 else 'fouten'}); er is niets opgeslagen.\n"
                + "\n".join(exc.meldingen)
            ) from exc
        except PermissionDenied as exc:
            raise CommandError(f"{exc} Er is niets opgeslagen.") from exc
        self.stdout.write(self.style.SUCCESS(f"Planmonitor {kader}: {resultaat.samenvatting}."))
