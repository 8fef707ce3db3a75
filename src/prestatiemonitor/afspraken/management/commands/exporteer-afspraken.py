import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from prestatiemonitor.afspraken import permissions
from prestatiemonitor.afspraken.exporters import EXPORTERS, export_kader
from prestatiemonitor.afspraken.models import Afsprakenkader


class Command(BaseCommand):
    help = (
        "Schrijft een afsprakenkader (thema's, ambities, afspraken met partijen, begrippen, "
        "convenanten, tabellen met controles, voetnoten, bijstellingen) als JSON (open data, zie "
        "docs/open-data.md), CSV (een ZIP met een CSV-bestand per onderdeel) of Excel naar "
        "stdout of een bestand."
    )

    def add_arguments(self, parser):
        parser.add_argument("--formaat", required=True, choices=sorted(EXPORTERS))
        keuze = parser.add_mutually_exclusive_group()
        keuze.add_argument("--kader", metavar="SLUG", help="het kader, bv. nijkerk-2025-2027")
        keuze.add_argument(
            "--gemeente",
            metavar="CBS-CODE",
            help="het nieuwste kader van deze gemeente, bv. GM0267",
        )
        parser.add_argument(
            "--uitvoer", metavar="PAD", help="bestand om naar te schrijven (standaard: stdout)"
        )
        zicht = parser.add_mutually_exclusive_group()
        zicht.add_argument(
            "--openbaar",
            action="store_true",
            help="alleen gepubliceerde kaders (wat een bezoeker zonder account ziet)",
        )
        zicht.add_argument(
            "--als", metavar="GEBRUIKERSNAAM", help="alleen wat deze gebruiker mag zien"
        )

    def handle(self, *args, **options):
        user = self._user(options)
        kader = self._kader(user, options)
        export = export_kader(kader=kader, formaat=options["formaat"], user=user)
        if options["uitvoer"]:
            path = Path(options["uitvoer"])
            try:
                path.write_bytes(export.inhoud)
            except OSError as error:
                raise CommandError(f"Kan niet schrijven naar {path}: {error.strerror}.") from error
            self.stderr.write(f"{kader.titel} geschreven naar {path} ({len(export.inhoud)} bytes).")
            return
        self._write_stdout(export.inhoud, binary=options["formaat"] in ("xlsx", "csv"))

    def _user(self, options):
        if options["openbaar"]:
            return None
        if options["als"]:
            from django.contrib.auth import get_user_model

            try:
                return get_user_model().objects.get(username=options["als"])
            except get_user_model().DoesNotExist as error:
                raise CommandError(f"Gebruiker {options['als']!r} bestaat niet.") from error
        return permissions.SYSTEEM

    def _kader(self, user, options) -> Afsprakenkader:
        kaders = Afsprakenkader.objects.visible_to(user).select_related("gemeente")
        if options["kader"]:
            kader = kaders.filter(slug=options["kader"]).first()
            if kader is None:
                raise CommandError(
                    f"Geen afsprakenkader {options['kader']!r} (of niet zichtbaar). "
                    f"Beschikbaar: {self._slugs(kaders)}."
                )
            return kader
        if options["gemeente"]:
            kader = (
                kaders.filter(gemeente__cbs_code__iexact=options["gemeente"])
                .order_by("-periode_van")
                .first()
            )
            if kader is None:
                raise CommandError(
                    f"Geen afsprakenkader voor gemeente {options['gemeente']} (of niet zichtbaar). "
                    f"Beschikbaar: {self._slugs(kaders)}."
                )
            return kader
        found = list(kaders[:2])
        if len(found) == 1:
            return found[0]
        if not found:
            raise CommandError(
                "Er is geen afsprakenkader om te exporteren. Importeer eerst een document "
                "(importeer-afspraken) of draai demo-nijkerk."
            )
        raise CommandError(
            f"Er zijn meerdere kaders; kies er een met --kader of --gemeente: {self._slugs(kaders)}."
        )

    @staticmethod
    def _slugs(kaders) -> str:
        slugs = list(kaders.values_list("slug", flat=True)[:20])
        return ", ".join(slugs) if slugs else "geen"

    def _write_stdout(self, inhoud: bytes, *, binary: bool):
        out = self.stdout._out
        buffer = getattr(out, "buffer", None)
        if binary:
            if buffer is None or out.isatty():
                raise CommandError(
                    "Een Excel-bestand en een CSV-archief (ZIP) zijn binair: geef --uitvoer PAD, "
                    "of stuur de uitvoer naar een bestand (> afspraken.xlsx)."
                )
            buffer.write(inhoud)
            buffer.flush()
            return
        if buffer is not None and out is sys.stdout:
            out.flush()
            buffer.write(inhoud)
            buffer.flush()
        else:
            out.write(inhoud.decode("utf-8"))
