"""prestatiemonitor importeer-woonruimte PAD --kader SLUG --soort SOORT [--als GEBRUIKER]"""

import importlib
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from prestatiemonitor.organisaties.models import Organisatie
from prestatiemonitor.woonruimte.constants import Soort
from prestatiemonitor.woonruimte.uitwisseling import ImportFouten, importeren

_export = importlib.import_module(
    "prestatiemonitor.jaarschijven.management.commands.exporteer-jaarschijf"
)
_plannen = importlib.import_module(
    "prestatiemonitor.planmonitor.management.commands.importeer-plannen"
)


class Command(BaseCommand):
    help = (
        "Importeert woonruimtegegevens uit een CSV-bestand met puntkomma's of een "
        "Excel-werkmap: toewijzingen (vervangen de eerdere toewijzingen van die corporatie in "
        "de jaren van het bestand), woningzoekenden, de taakstelling statushouders of de "
        "sociale voorraad per kern (bijgewerkt op hun sleutel). Bij één fout wordt niets "
        "opgeslagen en staat elke fout met bestand, blad, rij en kolom in de uitvoer "
        "(docs/woonruimte.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("pad", help="Pad naar het bestand (.csv of .xlsx).")
        parser.add_argument("--kader", required=True, metavar="SLUG")
        parser.add_argument(
            "--soort",
            required=True,
            choices=[*(s.value for s in Soort), "labels"],
            help="wat het bestand bevat; 'labels' (woningvoorraad met energielabels) gaat naar "
            "de verduurzamingsmonitor (zoals importeer-labels)",
        )
        parser.add_argument(
            "--peildatum", metavar="JJJJ-MM-DD", help="labels: de peildatum van de voorraad"
        )
        parser.add_argument(
            "--ep-online",
            action="store_true",
            help="labels: het bestand is een EP-Online-export die op de voorraad wordt gelegd",
        )
        parser.add_argument(
            "--als",
            metavar="GEBRUIKERSNAAM",
            help="importeer als deze gebruiker, met diens rechten (een corporatie alleen de "
            "eigen rijen; taakstelling en voorraad alleen de gemeente); zonder --als als SYSTEEM",
        )
        parser.add_argument(
            "--organisatie",
            metavar="SLUG",
            help="woningzoekenden: namens welke organisatie (standaard de enige waarvoor de "
            "gebruiker aanlevert; als SYSTEEM de gemeente)",
        )

    def handle(self, *args, pad, kader, soort, als, organisatie, **options):
        if soort == "labels":
            from prestatiemonitor.verduurzaming.uitwisseling import cli_importeren

            self.stdout.write(
                self.style.SUCCESS(
                    cli_importeren(
                        pad=pad,
                        kader_slug=kader,
                        als=als,
                        peildatum=options.get("peildatum"),
                        ep_online=options.get("ep_online", False),
                        corporatie=organisatie,
                    )
                )
            )
            return
        user = _export.gebruiker(als)
        afsprakenkader = _plannen.kader_van(user, kader)
        namens = None
        if organisatie:
            namens = Organisatie.objects.filter(slug=organisatie).first()
            if namens is None:
                raise CommandError(f"Geen organisatie {organisatie!r}.")
        path = Path(pad)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                f"{pad}: het bestand kan niet worden gelezen ({exc.strerror})."
            ) from exc
        try:
            resultaat = importeren(
                kader=afsprakenkader,
                soort=soort,
                data=data,
                bestandsnaam=path.name,
                acting_user=user,
                organisatie=namens,
            )
        except ImportFouten as exc:
            raise CommandError(
                f"Import geweigerd ({len(exc.fouten)} "
                f"{'fout' if len(exc.fouten) == 1 else 'fouten'}); er is niets opgeslagen.\n"
                + "\n".join(exc.meldingen)
            ) from exc
        except PermissionDenied as exc:
            raise CommandError(f"{exc} Er is niets opgeslagen.") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{Soort(soort).label.capitalize()} {kader}: {resultaat.samenvatting}."
            )
        )
