from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisatieSoort(models.TextChoices):
    GEMEENTE = "gemeente", _("Gemeente")
    WONINGCORPORATIE = "woningcorporatie", _("Woningcorporatie")
    HUURDERSORGANISATIE = "huurdersorganisatie", _("Huurdersorganisatie")


class GebiedSoort(models.TextChoices):
    PROVINCIE = "provincie", _("Provincie")
    GEMEENTE = "gemeente", _("Gemeente")
    KERN = "kern", _("Kern")
    BUURT = "buurt", _("Buurt")


class Rol(models.TextChoices):
    BEHEERDER = "beheerder", _("Beheerder")
    REDACTEUR = "redacteur", _("Redacteur")
    LEZER = "lezer", _("Lezer")
