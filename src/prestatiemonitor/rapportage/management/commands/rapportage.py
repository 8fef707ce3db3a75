"""``prestatiemonitor rapportage``: the progress report of a closed peilmoment as PDF or XLSX."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from prestatiemonitor.rapportage.inhoud import OPENBAAR, VOLLEDIG, RapportFout, rapportinhoud


class Command(BaseCommand):
    help = (
        "Maakt de voortgangsrapportage van een gesloten peilmoment als PDF (toegankelijk, "
        "PDF/UA) of Excel-werkboek."
    )

    def add_arguments(self, parser):
        parser.add_argument("--kader", required=True, help="slug van het afsprakenkader")
        parser.add_argument(
            "--peilmoment", required=True, help="jaar-maand van het peilmoment, bv. 2025-12"
        )
        parser.add_argument("--formaat", required=True, choices=["pdf", "xlsx"])
        parser.add_argument("--uitvoer", required=True, help="het bestand dat wordt geschreven")
        parser.add_argument(
            "--openbaar",
            action="store_true",
            help="alleen openbare inhoud (raadsinformatie): wat iedereen zonder inloggen ziet",
        )

    def handle(self, *args, **opties):
        try:
            inhoud = rapportinhoud(
                kader_slug=opties["kader"],
                peilmoment_code=opties["peilmoment"],
                variant=OPENBAAR if opties["openbaar"] else VOLLEDIG,
            )
        except RapportFout as fout:
            raise CommandError(str(fout)) from None
        if opties["formaat"] == "pdf":
            from prestatiemonitor.rapportage.pdf import pdf_bytes

            data = pdf_bytes(inhoud)
        else:
            from prestatiemonitor.rapportage.xlsx import xlsx_bytes

            data = xlsx_bytes(inhoud)
        uitvoer = Path(opties["uitvoer"])
        try:
            uitvoer.write_bytes(data)
        except OSError as fout:
            raise CommandError(f"Kan '{uitvoer}' niet schrijven: {fout.strerror}.") from None
        self.stdout.write(
            f"{inhoud.titel} ({inhoud.variant}) geschreven naar {uitvoer} ({len(data) // 1024} kB)."
        )
