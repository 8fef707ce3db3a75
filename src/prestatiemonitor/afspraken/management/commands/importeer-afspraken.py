"""prestatiemonitor importeer-afspraken PATH --gemeente GM0267 [--bevestig --reden "…"]
[--conflicten register|document]"""

from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from prestatiemonitor.afspraken.importer.errors import ImportFout
from prestatiemonitor.afspraken.importer.services import (
    DOCUMENT,
    REGISTER,
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
        parser.add_argument(
            "--conflicten",
            choices=[REGISTER, DOCUMENT],
            default=None,
            help="Bij conflicten (het document en een handmatige bijstelling wijzigden "
            "hetzelfde): het register houden of het document overnemen, voor alle conflicten.",
        )

    def handle(
        self, *args, pad, gemeente, bevestig, reden, datum, besloten_in, conflicten, **options
    ):
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
        if (plan.wijzigingen or plan.conflicten) and not bevestig:
            self.stdout.write(
                self.style.WARNING(
                    "Niets opgeslagen. Controleer de wijzigingen en voer de opdracht opnieuw uit "
                    'met --bevestig --reden "…" [--datum JJJJ-MM-DD] [--besloten-in "…"].'
                )
            )
            return
        if (plan.wijzigingen or plan.conflicten) and not reden.strip():
            raise CommandError(
                "Geef met --reden de reden van de bijstelling op; er is niets opgeslagen."
            )
        if plan.conflicten and conflicten is None:
            raise CommandError(
                f"Er {'is 1 conflict' if len(plan.conflicten) == 1 else f'zijn {len(plan.conflicten)} conflicten'}"
                "; kies met --conflicten register (register houden) of --conflicten document "
                "(document overnemen). Er is niets opgeslagen."
            )
        try:
            verslag = import_apply(
                plan=plan,
                acting_user=SYSTEEM,
                reden=reden,
                datum=besluitdatum,
                besloten_in=besloten_in,
                keuzes=dict.fromkeys(range(len(plan.conflicten)), conflicten),
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        kader = verslag.kader
        if plan.is_nieuw:
            message = f"Kader '{kader.titel}' aangemaakt (slug {kader.slug})."
        elif verslag.bijstelling is None:
            message = f"Geen wijzigingen; kader '{kader.slug}' ongewijzigd."
        else:
            message = (
                f"{verslag.samenvatting['wijzigingen']} wijziging(en) toegepast op "
                f"'{kader.slug}' als bijstelling van {verslag.bijstelling.datum:%d-%m-%Y}."
            )
        self.stdout.write(self.style.SUCCESS(f"{message} Importverslag {verslag.pk}."))
