"""prestatiemonitor importeer-jaarschijf PATH --kader SLUG --jaar 2025 [--als GEBRUIKER]"""

import importlib
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from prestatiemonitor.jaarschijven.uitwisseling import JaarschijfImportFout, jaarschijf_importeren

_export = importlib.import_module(
    "prestatiemonitor.jaarschijven.management.commands.exporteer-jaarschijf"
)


class Command(BaseCommand):
    help = (
        "Importeert een ingevuld Excel-bestand van een jaarschijf (het sjabloon van "
        "exporteer-jaarschijf): nieuwe en gewijzigde activiteiten van een concept, en "
        "voortgangsmeldingen bij een open peilmoment. Dezelfde regels als de pagina; bij één "
        "fout wordt niets opgeslagen (docs/jaarschijf-excel.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("pad", help="Pad naar het Excel-bestand (.xlsx).")
        parser.add_argument("--kader", required=True, metavar="SLUG")
        parser.add_argument("--jaar", required=True, type=int)
        parser.add_argument(
            "--als",
            metavar="GEBRUIKERSNAAM",
            help="importeer als deze gebruiker, met diens rechten (een partij meldt alleen voor "
            "de eigen activiteiten); zonder --als als SYSTEEM",
        )

    def handle(self, *args, pad, kader, jaar, als, **options):
        user = _export.gebruiker(als)
        jaarschijf = _export.jaarschijf_van(user, kader, jaar)
        path = Path(pad)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                f"{pad}: het bestand kan niet worden gelezen ({exc.strerror})."
            ) from exc
        try:
            resultaat = jaarschijf_importeren(
                jaarschijf=jaarschijf, data=data, bestandsnaam=path.name, acting_user=user
            )
        except JaarschijfImportFout as exc:
            raise CommandError(
                "Import geweigerd; er is niets opgeslagen.\n" + "\n".join(exc.meldingen)
            ) from exc
        except PermissionDenied as exc:
            raise CommandError(f"{exc} Er is niets opgeslagen.") from exc
        self.stdout.write(self.style.SUCCESS(f"Jaarschijf {jaar}: {resultaat.samenvatting}."))
