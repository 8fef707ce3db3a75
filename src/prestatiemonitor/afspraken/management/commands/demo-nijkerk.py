from django.core.management.base import BaseCommand

from prestatiemonitor.organisaties.demo import (
    DEMO_ACCOUNTS,
    DEMO_WACHTWOORD,
    ensure_demo_accounts,
    ensure_nijkerk_parties,
)


class Command(BaseCommand):
    help = "Zet de Nijkerk-demo klaar: partijen, demo-accounts en de prestatieafspraken 2025–2027."

    def handle(self, *args, **options):
        ensure_nijkerk_parties()
        ensure_demo_accounts()
        # The document import is added by the importer (see afspraken/importer).
        self.stdout.write(self.style.SUCCESS("Nijkerk-demo klaar. Demo-accounts:"))
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.username:<22} {account.functie}")
        self.stdout.write(f"Wachtwoord voor alle demo-accounts: {DEMO_WACHTWOORD}")
