from django.db import models
from django.utils.translation import gettext_lazy as _


class RapportVariant(models.TextChoices):
    VOLLEDIG = "volledig", _("volledig (voor de partijen)")
    OPENBAAR = "openbaar", _("openbaar (raadsinformatie)")


class RapportStatus(models.TextChoices):
    WACHTRIJ = "wachtrij", _("in de wachtrij")
    BEZIG = "bezig", _("bezig")
    KLAAR = "klaar", _("klaar")
    MISLUKT = "mislukt", _("mislukt")


LOPEND = (RapportStatus.WACHTRIJ, RapportStatus.BEZIG)
FORMATEN = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
