"""prestatiemonitor exporteer-jaarschijf --kader SLUG --jaar 2025 --formaat json|xlsx
[--uitvoer PAD] [--als GEBRUIKER | --openbaar]"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from prestatiemonitor.afspraken.models import Afsprakenkader
from prestatiemonitor.jaarschijven.models import Jaarschijf
from prestatiemonitor.jaarschijven.uitwisseling import EXPORTERS, export_jaarschijf
from prestatiemonitor.organisaties.permissions import SYSTEEM


def gebruiker(als: str | None):
    """--als USER: that user (what they may see and do); without it SYSTEEM."""
    if not als:
        return SYSTEEM
    from django.contrib.auth import get_user_model

    try:
        return get_user_model().objects.get(username=als)
    except get_user_model().DoesNotExist as error:
        raise CommandError(f"Gebruiker {als!r} bestaat niet.") from error


def jaarschijf_van(user, kader_slug: str, jaar: int) -> Jaarschijf:
    kader = Afsprakenkader.objects.visible_to(user).filter(slug=kader_slug).first()
    if kader is None:
        raise CommandError(f"Geen afsprakenkader {kader_slug!r} (of niet zichtbaar).")
    jaarschijf = (
        Jaarschijf.objects.visible_to(user).select_related("kader").filter(kader=kader, jaar=jaar)
    ).first()
    if jaarschijf is None:
        jaren = ", ".join(
            str(j)
            for j in Jaarschijf.objects.visible_to(user)
            .filter(kader=kader)
            .values_list("jaar", flat=True)
        )
        raise CommandError(
            f"Geen jaarschijf {jaar} in {kader_slug!r} (of niet zichtbaar). "
            f"Beschikbaar: {jaren or 'geen'}."
        )
    return jaarschijf


class Command(BaseCommand):
    help = (
        "Schrijft een jaarschijf met de activiteiten en de voortgang per peilmoment als Excel "
        "(het sjabloon voor importeer-jaarschijf) of JSON naar stdout of een bestand "
        "(docs/jaarschijf-excel.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--kader", required=True, metavar="SLUG")
        parser.add_argument("--jaar", required=True, type=int)
        parser.add_argument("--formaat", required=True, choices=sorted(EXPORTERS))
        parser.add_argument(
            "--uitvoer", metavar="PAD", help="bestand om naar te schrijven (standaard: stdout)"
        )
        zicht = parser.add_mutually_exclusive_group()
        zicht.add_argument(
            "--openbaar",
            action="store_true",
            help="alleen wat een bezoeker zonder account ziet (gesloten peilmomenten)",
        )
        zicht.add_argument(
            "--als", metavar="GEBRUIKERSNAAM", help="alleen wat deze gebruiker mag zien"
        )

    def handle(self, *args, kader, jaar, formaat, uitvoer, openbaar, als, **options):
        user = None if openbaar else gebruiker(als)
        jaarschijf = jaarschijf_van(user, kader, jaar)
        export = export_jaarschijf(jaarschijf=jaarschijf, formaat=formaat, user=user)
        if uitvoer:
            path = Path(uitvoer)
            try:
                path.write_bytes(export.inhoud)
            except OSError as error:
                raise CommandError(f"Kan niet schrijven naar {path}: {error.strerror}.") from error
            self.stderr.write(
                f"Jaarschijf {jaar} geschreven naar {path} ({len(export.inhoud)} bytes)."
            )
            return
        out = self.stdout._out
        buffer = getattr(out, "buffer", None)
        if formaat == "xlsx":
            if buffer is None or out.isatty():
                raise CommandError(
                    "Een Excel-bestand is binair: geef --uitvoer PAD, of stuur de uitvoer naar "
                    "een bestand (> jaarschijf.xlsx)."
                )
            buffer.write(export.inhoud)
            buffer.flush()
        elif buffer is not None and out is sys.stdout:
            out.flush()
            buffer.write(export.inhoud)
            buffer.flush()
        else:
            out.write(export.inhoud.decode("utf-8"))
