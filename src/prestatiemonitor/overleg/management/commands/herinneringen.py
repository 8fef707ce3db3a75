"""prestatiemonitor herinneringen [--datum YYYY-MM-DD]

The daily run of the reminders (docs/agenda.md, "Herinneringen per e-mail"): queues the
reminders due on the date (default: today) before published meetings, before the deadline of
an open peilmoment and before the deadline of an open action item, and queues again what stayed
unsent from earlier runs. Idempotent: a second run on the same day queues nothing new. Run it
from cron once a day; the mails go out through the task backend (settings.TASKS).
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from prestatiemonitor.afspraken.weergave import datum
from prestatiemonitor.overleg import herinneringen


def _datum(tekst: str) -> dt.date:
    try:
        return dt.date.fromisoformat(tekst)
    except ValueError:
        raise CommandError(
            f"'{tekst}' is geen datum; schrijf hem als JJJJ-MM-DD, bv. 2026-03-10."
        ) from None


class Command(BaseCommand):
    help = "Verstuurt de herinneringen van vandaag (overleggen, meldingsdata, actiepunten)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--datum",
            type=_datum,
            default=None,
            help="Doe alsof het deze dag is (JJJJ-MM-DD); standaard vandaag.",
        )

    def handle(self, *args, **opties):
        telling = herinneringen.herinneringen_plannen(vandaag=opties["datum"])
        opnieuw = herinneringen.onverzonden_versturen()
        dag = opties["datum"]
        kop = f"Herinneringen voor {datum(dag, 'l j F Y')}" if dag else "Herinneringen van vandaag"
        self.stdout.write(f"{kop}:")
        self.stdout.write(f"  overleggen:        {telling['overleg']}")
        self.stdout.write(f"  meldingsdata:      {telling['deadline']}")
        self.stdout.write(f"  actiepunten:       {telling['actiepunt']}")
        if opnieuw:
            self.stdout.write(f"  opnieuw verstuurd: {opnieuw} (eerder niet verzonden)")
        totaal = sum(telling.values())
        if totaal:
            self.stdout.write(f"{totaal} nieuwe e-mail(s) in de wachtrij.")
        else:
            self.stdout.write("Geen nieuwe herinneringen (al verstuurd of niets op deze dag).")
