"""prestatiemonitor importeer-afspraken PATH --gemeente GM0267 [--bevestig --reden "…"]"""

from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from prestatiemonitor.afspraken.importer.errors import ImportFout
from prestatiemonitor.afspraken.importer.services import (
    gemeente_by_code,
    import_apply,
    import_plan,
)
from prestatiemonitor.organisaties.permissions import SYSTEEM


class Command(BaseCommand):
    help = (
        "Importeert een document met prestatieafspraken (Markdown) voor een gemeente. Een nieuw "
        "kader wordt direct aangemaakt; wijzigt het document een bestaand kader, dan toont de "
        "opdracht de verschillen en past ze alleen toe met --bevestig en --reden."
    )

    def add_arguments(self, parser):
        parser.add_argument("pad", help="Pad naar het document (Markdown, UTF-8).")
        parser.add_argument("--gemeente", required=True, help="CBS-code, bv. GM0267.")
        parser.add_argument(
            "--bevestig", action="store_true", help="Pas de getoonde wijzigingen toe."
        )
        parser.add_argument("--reden", default="", help="Reden van de bijstelling.")
        parser.add_argument(
            "--datum", default="", help="Datum van het besluit (JJJJ-MM-DD); standaard vandaag."
        )
        parser.add_argument("--besloten-in", default="", help="Bv. 'bestuurlijk overleg breed'.")

    def handle(self, *args, pad, gemeente, bevestig, reden, datum, besloten_in, **options):
        path = Path(pad)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                f"{pad}: het bestand kan niet worden gelezen ({exc.strerror})."
            ) from exc
        besluitdatum = None
        if datum:
            try:
                besluitdatum = date.fromisoformat(datum)
            except ValueError as exc:
                raise CommandError(f"--datum '{datum}' is geen datum (JJJJ-MM-DD).") from exc
        try:
            plan = import_plan(
                data=data,
                bestandsnaam=path.name,
                gemeente=gemeente_by_code(gemeente),
                acting_user=SYSTEEM,
            )
        except ImportFout as exc:
            raise CommandError("Import geweigerd; er is niets opgeslagen.\n" + str(exc)) from exc
        for line in plan.report_lines():
            self.stdout.write(line)
        if plan.wijzigingen and not bevestig:
            self.stdout.write(
                self.style.WARNING(
                    "Niets opgeslagen. Controleer de wijzigingen en voer de opdracht opnieuw uit "
                    'met --bevestig --reden "…" [--datum JJJJ-MM-DD] [--besloten-in "…"].'
                )
            )
            return
        if plan.wijzigingen and not reden.strip():
            raise CommandError(
                "Geef met --reden de reden van de bijstelling op; er is niets opgeslagen."
            )
        try:
            verslag = import_apply(
                plan=plan,
                acting_user=SYSTEEM,
                reden=reden,
                datum=besluitdatum,
                besloten_in=besloten_in,
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        kader = verslag.kader
        if plan.is_nieuw:
            message = f"Kader '{kader.titel}' aangemaakt (slug {kader.slug})."
        elif plan.ongewijzigd:
            message = f"Geen wijzigingen; kader '{kader.slug}' ongewijzigd."
        else:
            message = (
                f"{len(plan.wijzigingen)} wijziging(en) toegepast op '{kader.slug}' als "
                f"bijstelling van {verslag.bijstelling.datum:%d-%m-%Y}."
            )
        self.stdout.write(self.style.SUCCESS(f"{message} Importverslag {verslag.pk}."))
