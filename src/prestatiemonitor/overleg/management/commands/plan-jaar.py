"""prestatiemonitor plan-jaar --kader SLUG --jaar 2026 [--formaat tekst|json] [--bevestig]

Prints the proposed meetings of a year by the rules of the overlegstructuur
(docs/overleg.md, "Plan het jaar") and saves them as the concept planning only with
``--bevestig``. A kader without a structure gets the standard structure of the Nijkerk document
(chapter 5), also saved only with ``--bevestig``. JSON: a list of meetings with ``datum``
(YYYY-MM-DD), ``overlegvorm`` (its name, or ``informatieavond``), ``voorzitter`` and
``plaatsvervanger`` (party short names; null when there is none).
"""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from prestatiemonitor.afspraken.models import Afsprakenkader
from prestatiemonitor.afspraken.weergave import datum
from prestatiemonitor.organisaties.permissions import SYSTEEM
from prestatiemonitor.overleg import services
from prestatiemonitor.overleg.planner import PlanFout
from prestatiemonitor.overleg.selectors import jaarvoorstel


class Command(BaseCommand):
    help = "Stelt de overleggen van een jaar voor (en slaat ze op met --bevestig)."

    def add_arguments(self, parser):
        parser.add_argument("--kader", required=True, help="Slug van het afsprakenkader.")
        parser.add_argument("--jaar", type=int, required=True)
        parser.add_argument("--formaat", choices=["tekst", "json"], default="tekst")
        parser.add_argument(
            "--bevestig", action="store_true", help="Sla het voorstel op als conceptplanning."
        )

    def handle(self, *args, **opties):
        kader = Afsprakenkader.objects.filter(slug=opties["kader"]).first()
        if kader is None:
            raise CommandError(f"Onbekend afsprakenkader '{opties['kader']}'.")
        jaar = opties["jaar"]
        if not 2000 <= jaar <= 2100:
            raise CommandError(f"Jaar {jaar} ligt niet tussen 2000 en 2100.")
        try:
            with transaction.atomic():
                nieuw = not kader.overlegvormen.exists()
                if nieuw:
                    services.structuur_inrichten(kader=kader, acting_user=SYSTEEM)
                plan = jaarvoorstel(kader=kader, jaar=jaar)
                if opties["bevestig"]:
                    services.jaar_plannen(kader=kader, jaar=jaar, acting_user=SYSTEEM)
                else:
                    transaction.set_rollback(True)
        except PlanFout as exc:
            raise CommandError(str(exc)) from None
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        if opties["formaat"] == "json":
            self.stdout.write(json.dumps(plan.als_json(), ensure_ascii=False, indent=2))
        else:
            self._tekst(plan, nieuw)
        if opties["bevestig"]:
            self.stderr.write(
                f"Opgeslagen als conceptplanning {jaar}; publiceer haar op de overlegpagina."
            )
        else:
            self.stderr.write("Voorstel, niet opgeslagen; sla op met --bevestig.")

    def _tekst(self, plan, nieuw: bool) -> None:
        self.stdout.write(f"Voorstel overleggen {plan.jaar} — {plan.kader.titel}")
        if nieuw:
            self.stdout.write("(standaardstructuur van hoofdstuk 5 van het Nijkerkse document)")
        regio = plan.instellingen.get_schoolregio_display()
        self.stdout.write(f"Vermeden: weekends, feestdagen, schoolvakanties ({regio}).\n")
        for waarschuwing in plan.waarschuwingen:
            self.stdout.write(f"Let op: {waarschuwing}\n")
        for v in plan.voorstellen:
            voorzitter = plan.namen.get(v.voorzitter, "")
            pv = plan.namen.get(v.plaatsvervanger) if v.plaatsvervanger else None
            self.stdout.write(
                f"{datum(v.datum, 'D d-m-Y')} {v.aanvang:%H:%M}  {v.vorm.naam:<26} "
                f"voorzitter {voorzitter}" + (f", plv. {pv}" if pv else "")
            )
            for p in v.punten:
                self.stdout.write(f"{'':>18}· {p.titel}")
            if v.opmerking:
                self.stdout.write(f"{'':>18}! {v.opmerking}")
