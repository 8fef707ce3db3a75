from django.db import models
from django.utils.translation import gettext_lazy as _


class KaderStatus(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    ONDERTEKEND = "ondertekend", _("Ondertekend")
    BEEINDIGD = "beeindigd", _("Beëindigd")


class AfspraakSoort(models.TextChoices):
    STRATEGISCH = "strategisch", _("Strategische afspraak")
    SYSTEMATIEK = "systematiek", _("Systematiek")


class PartijHerkenning(models.TextChoices):
    """How a party was linked to an afspraak: named in the text, via a group word, or by hand."""

    GENOEMD = "genoemd", _("bij naam genoemd")
    GROEP = "groep", _("via een groepsnaam (bv. 'woningcorporaties')")
    HANDMATIG = "handmatig", _("handmatig toegevoegd")
