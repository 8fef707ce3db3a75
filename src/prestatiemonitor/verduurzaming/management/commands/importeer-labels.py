"""prestatiemonitor importeer-labels PAD --kader SLUG [--soort labels] [--als GEBRUIKER]
[--peildatum JJJJ-MM-DD] [--ep-online [--corporatie NAAM]]"""

from django.core.management.base import BaseCommand, CommandError

from prestatiemonitor.verduurzaming.uitwisseling import cli_importeren


class Command(BaseCommand):
    help = (
        "Importeert de woningvoorraad met energielabels van een corporatie per peildatum uit "
        "een CSV-bestand met puntkomma's of een Excel-werkmap (kolommen Corporatie, Peildatum, "
        "VBO-id, Kern, Energielabel, Registratiedatum, Huurprijs), of koppelt met --ep-online "
        "de labels uit een EP-Online-export aan de VBO-id's van die voorraad. Bij één fout "
        "wordt niets opgeslagen (docs/verduurzaming.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("pad", help="Pad naar het bestand (.csv of .xlsx).")
        parser.add_argument("--kader", required=True, metavar="SLUG")
        parser.add_argument(
            "--soort",
            default="labels",
            choices=["labels"],
            help="alleen 'labels' (de andere soorten: importeer-woonruimte)",
        )
        parser.add_argument(
            "--als",
            metavar="GEBRUIKERSNAAM",
            help="importeer als deze gebruiker, met diens rechten (een corporatie alleen de "
            "eigen woningen); zonder --als als SYSTEEM",
        )
        parser.add_argument(
            "--peildatum",
            metavar="JJJJ-MM-DD",
            help="de peildatum van de voorraad als het bestand geen kolom Peildatum heeft; "
            "met --ep-online: de opname waaraan de labels worden gekoppeld (standaard de "
            "laatste)",
        )
        parser.add_argument(
            "--ep-online",
            action="store_true",
            help="het bestand is een EP-Online-export; koppel de labels op VBO-id",
        )
        parser.add_argument(
            "--corporatie",
            metavar="NAAM",
            help="met --ep-online: de corporatie (nodig als --als er niet precies één aanwijst)",
        )

    def handle(self, *args, pad, kader, soort, als, peildatum, ep_online, corporatie, **options):
        if soort != "labels":  # argparse guards this; kept for a direct call_command
            raise CommandError("Alleen --soort labels.")
        self.stdout.write(
            self.style.SUCCESS(
                cli_importeren(
                    pad=pad,
                    kader_slug=kader,
                    als=als,
                    peildatum=peildatum,
                    ep_online=ep_online,
                    corporatie=corporatie,
                )
            )
        )
