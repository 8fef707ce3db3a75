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


class PartijRol(models.TextChoices):
    """What a party does in an afspraak: it acts (named as the one who acts, or trekker), or it
    is only included through "we" / "partijen"."""

    UITVOEREND = "uitvoerend", _("uitvoerend")
    BETROKKEN = "betrokken", _("betrokken")


class WijzigingActie(models.TextChoices):
    NIEUW = "nieuw", _("nieuw")
    GEWIJZIGD = "gewijzigd", _("gewijzigd")
    VERWIJDERD = "verwijderd", _("verwijderd")


class ControleSoort(models.TextChoices):
    """Which printed figure of a table does not match the sum the importer computed."""

    KOLOMTOTAAL = "kolomtotaal", _("kolomtotaal")
    SUBTOTAAL = "subtotaal", _("subtotaal")
    RIJSOM = "rijsom", _("rijsom")
    TOTAALRIJ = "totaalrij", _("som van de totaalrij")
