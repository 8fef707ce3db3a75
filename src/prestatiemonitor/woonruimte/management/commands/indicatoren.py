"""prestatiemonitor indicatoren --kader SLUG --jaar 2025 [--stand jaar|halfjaar]
[--formaat tekst|json] [--als USER]

Every indicator of the beschikbaarheids- and verduurzamingsmonitor of a year, with the norm
that judges it (docs/woonruimte.md, "Indicatoren"). JSON: a list of records with
``indicator``, ``onderwerp``, ``waarde`` (a fraction; statushouders: persons), ``grens``,
``uitkomst`` (voldoet, waarschuwing, voldoet_niet, afwijking or null) and more.
"""

from __future__ import annotations

import json
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from prestatiemonitor.afspraken.models import Afsprakenkader
from prestatiemonitor.organisaties.permissions import SYSTEEM
from prestatiemonitor.woonruimte.selectors import indicatorresultaten


def _json(waarde):
    if isinstance(waarde, Decimal):
        return float(waarde)
    raise TypeError(type(waarde))


class Command(BaseCommand):
    help = "Toont de indicatoren van de beschikbaarheids- en verduurzamingsmonitor van een jaar."

    def add_arguments(self, parser):
        parser.add_argument("--kader", required=True, help="Slug van het afsprakenkader.")
        parser.add_argument("--jaar", type=int, required=True)
        parser.add_argument("--stand", choices=["jaar", "halfjaar"], default="jaar")
        parser.add_argument("--formaat", choices=["tekst", "json"], default="tekst")
        parser.add_argument(
            "--als", help="Gebruikersnaam: toon wat deze gebruiker ziet (standaard: alles)."
        )

    def handle(self, *args, **opties):
        kader = Afsprakenkader.objects.filter(slug=opties["kader"]).first()
        if kader is None:
            raise CommandError(f"Onbekend afsprakenkader '{opties['kader']}'.")
        user = SYSTEEM
        if opties["als"]:
            user = get_user_model().objects.filter(username=opties["als"]).first()
            if user is None:
                raise CommandError(f"Onbekende gebruiker '{opties['als']}'.")
            from prestatiemonitor.afspraken.models import Afsprakenkader as K

            if not K.objects.visible_to(user).filter(pk=kader.pk).exists():
                raise CommandError(f"{user.username} ziet het kader '{kader.slug}' niet.")
        rijen = indicatorresultaten(
            user=user, kader=kader, jaar=opties["jaar"], stand=opties["stand"]
        )
        if opties["formaat"] == "json":
            self.stdout.write(json.dumps(rijen, default=_json, ensure_ascii=False, indent=2))
            return
        if not rijen:
            self.stdout.write(f"Geen indicatoren voor {opties['jaar']}.")
            return
        for r in rijen:
            waarde = "–" if r["waarde"] is None else r["waarde"]
            grens = "" if r["grens"] is None else f" (grens {r['grens']})"
            oordeel = f": {r['uitkomst']} ({r['norm']})" if r["uitkomst"] else ""
            self.stdout.write(
                f"{r['indicator']:<18} {r['periode']:<10} {r['onderwerp']:<24} "
                f"{waarde}{grens}{oordeel}"
            )
