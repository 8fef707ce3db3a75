from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from prestatiemonitor.afspraken.importer.services import import_apply, import_plan
from prestatiemonitor.afspraken.publicatie import kader_publish
from prestatiemonitor.organisaties.demo import (
    DEMO_ACCOUNTS,
    DEMO_WACHTWOORD,
    ensure_demo_accounts,
    ensure_nijkerk_parties,
)
from prestatiemonitor.organisaties.permissions import SYSTEEM

DOCUMENT = "prestatieafspraken-nijkerk-2025-2027.md"


class Command(BaseCommand):
    help = "Zet de Nijkerk-demo klaar: partijen, demo-accounts en de prestatieafspraken 2025–2027."

    def handle(self, *args, **options):
        ensure_nijkerk_parties()
        ensure_demo_accounts()
        kader = self.import_nijkerk()
        kader_publish(kader=kader, acting_user=SYSTEEM)
        self.stdout.write(f"Kader '{kader.titel}' gepubliceerd: /afspraken/{kader.slug}/")
        self.demo_monitor(kader)
        self.demo_planmonitor(kader)
        self.demo_woonruimte(kader)
        self.demo_overleg(kader)
        self.stdout.write(self.style.SUCCESS("Nijkerk-demo klaar. Demo-accounts:"))
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.username:<22} {account.functie}")
        self.stdout.write(f"Wachtwoord voor alle demo-accounts: {DEMO_WACHTWOORD}")

    def demo_monitor(self, kader):
        """Jaarschijven 2025 and 2026 with their peilmomenten (jaarschijven/demo.py)."""
        from prestatiemonitor.jaarschijven.demo import demo_jaarschijven

        resultaat = demo_jaarschijven(kader)
        if resultaat is None:
            self.stdout.write(
                "Voortgangsmonitor (voorbeeld): jaarschijf 2025 bestaat al; ongewijzigd."
            )
            return
        self.stdout.write(
            "Voortgangsmonitor (voorbeeld): jaarschijf 2025 vastgesteld met juni en december "
            "gesloten, jaarschijf 2026 concept met juni 2026 open: "
            f"/afspraken/{kader.slug}/dashboard/"
        )

    def demo_planmonitor(self, kader):
        """Projects, mutations, two review rounds and the norms (planmonitor/demo.py)."""
        from prestatiemonitor.planmonitor.demo import demo_planmonitor

        resultaat = demo_planmonitor(kader)
        if resultaat is None:
            self.stdout.write("Planmonitor (voorbeeld): er zijn al projecten; ongewijzigd.")
            return
        self.stdout.write(
            f"Planmonitor (voorbeeld): {resultaat.projecten} projecten, {resultaat.mutaties} "
            f"mutaties, {resultaat.peilingen} peilingen: /afspraken/{kader.slug}/planmonitor/"
        )

    def demo_woonruimte(self, kader):
        """Lettings, seekers, taakstelling, sociale voorraad 2023–2026 and the stock with
        energy labels (woonruimte/demo.py, verduurzaming/demo.py)."""
        from prestatiemonitor.woonruimte.demo import demo_woonruimte

        resultaat = demo_woonruimte(kader)
        if resultaat is None:
            self.stdout.write(
                "Beschikbaarheid en verduurzaming (voorbeeld): er zijn al gegevens; ongewijzigd."
            )
            return
        self.stdout.write(
            f"Beschikbaarheid (voorbeeld): {resultaat.toewijzingen} toewijzingen 2023 t/m juni "
            f"2026, woningzoekenden, taakstelling en sociale voorraad: "
            f"/afspraken/{kader.slug}/beschikbaarheid/"
        )
        self.stdout.write(
            f"Verduurzaming (voorbeeld): {resultaat.opnames} voorraadopnames met "
            f"{resultaat.woningen} woningen, {resultaat.ep_online_gekoppeld} labels uit "
            f"EP-Online gekoppeld: /afspraken/{kader.slug}/verduurzaming/"
        )

    def demo_overleg(self, kader):
        """The overlegstructuur, the plannings 2025 and 2026 with decisions (overleg/demo.py)."""
        from prestatiemonitor.overleg.demo import demo_overleg

        resultaat = demo_overleg(kader)
        if resultaat is None:
            self.stdout.write("Overleg (voorbeeld): de overlegstructuur bestaat al; ongewijzigd.")
            return
        self.stdout.write(
            f"Overleg (voorbeeld): {resultaat.overleggen} overleggen in 2025 en 2026, "
            f"{resultaat.besluiten} besluiten, {resultaat.actiepunten} actiepunten: "
            f"/afspraken/{kader.slug}/overleg/"
        )

    def import_nijkerk(self):
        from prestatiemonitor.organisaties.models import Gebied

        path = Path(settings.PACKAGE_DIR) / "data" / DOCUMENT
        plan = import_plan(
            data=path.read_bytes(),
            bestandsnaam=DOCUMENT,
            gemeente=Gebied.objects.get(cbs_code="GM0267"),
            acting_user=SYSTEEM,
        )
        if plan.wijzigingen:
            # The demo document was changed since the last run: apply as a bijstelling.
            verslag = import_apply(
                plan=plan, acting_user=SYSTEEM, reden="Demo: document of importer bijgewerkt"
            )
        elif plan.ongewijzigd:
            self.stdout.write("Prestatieafspraken Nijkerk 2025–2027 al geïmporteerd; ongewijzigd.")
            return plan.kader
        else:
            verslag = import_apply(plan=plan, acting_user=SYSTEEM)
        self.stdout.write(
            f"Prestatieafspraken Nijkerk 2025–2027 geïmporteerd ({plan.resultaat}); "
            f"{verslag.samenvatting['afspraken']} afspraken."
        )
        return verslag.kader
