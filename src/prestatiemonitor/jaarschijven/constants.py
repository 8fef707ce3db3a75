from django.db import models
from django.utils.translation import gettext_lazy as _


class JaarschijfStatus(models.TextChoices):
    CONCEPT = "concept", _("concept")
    BESPROKEN = "besproken", _("besproken in ambtelijk overleg")
    VASTGESTELD = "vastgesteld", _("vastgesteld in bestuurlijk overleg breed")


# The workflow, in order: each status may only move to the next one.
VOLGENDE_STATUS = {
    JaarschijfStatus.CONCEPT: JaarschijfStatus.BESPROKEN,
    JaarschijfStatus.BESPROKEN: JaarschijfStatus.VASTGESTELD,
}


class PlanningSoort(models.TextChoices):
    JAAR = "jaar", _("het hele jaar")
    KWARTAAL = "kwartaal", _("kwartaal")
    MAAND = "maand", _("maand")
    DATUM = "datum", _("datum")


class PeilmomentSoort(models.TextChoices):
    JUNI = "juni", _("juni: stand van zaken eerste halfjaar")
    DECEMBER = "december", _("december: terugblik op het jaar")


PEILMOMENT_MAAND = {PeilmomentSoort.JUNI: 6, PeilmomentSoort.DECEMBER: 12}


class PeilmomentStatus(models.TextChoices):
    OPEN = "open", _("open")
    GESLOTEN = "gesloten", _("gesloten")


class VoortgangStatus(models.TextChoices):
    NIET_GESTART = "niet_gestart", _("niet gestart")
    OP_SCHEMA = "op_schema", _("op schema")
    AANDACHT_NODIG = "aandacht_nodig", _("aandacht nodig")
    VERTRAAGD = "vertraagd", _("vertraagd")
    GEREED = "gereed", _("gereed")
    VERVALLEN = "vervallen", _("vervallen")
    # Only in a closed peilmoment: the trekker did not report before it was closed.
    NIET_GEMELD = "niet_gemeld", _("niet gemeld")


# A report with one of these statuses needs a toelichting.
TOELICHTING_VERPLICHT = frozenset(
    {VoortgangStatus.AANDACHT_NODIG, VoortgangStatus.VERTRAAGD, VoortgangStatus.VERVALLEN}
)

# The statuses a party can choose (NIET_GEMELD is written by closing, never chosen).
MELDBARE_STATUSSEN = [s for s in VoortgangStatus if s != VoortgangStatus.NIET_GEMELD]


class AfspraakStand(models.TextChoices):
    """The rolled-up status of an afspraak (or a theme) at a peilmoment (selectors.py)."""

    GEEN_ACTIVITEIT = "geen_activiteit", _("geen activiteit")
    GEREED = "gereed", _("gereed")
    VERTRAAGD = "vertraagd", _("vertraagd")
    AANDACHT_NODIG = "aandacht_nodig", _("aandacht nodig")
    OP_SCHEMA = "op_schema", _("op schema")
    NIET_GESTART = "niet_gestart", _("niet gestart")


ROLLUP_REGEL = _(
    "Geen activiteit → geen activiteit; alle niet-vervallen activiteiten gereed → gereed; "
    "anders een activiteit vertraagd → vertraagd; anders een activiteit aandacht nodig → "
    "aandacht nodig; anders een activiteit op schema of gereed → op schema; anders niet gestart."
)
