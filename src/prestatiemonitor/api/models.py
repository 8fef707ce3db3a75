"""API keys: a secret bound to one organisation and one role.

A key acts through its own account (``user``): a service account with exactly one membership,
of the key's organisation with the key's role, and no password. Every check the API makes is
therefore the check the pages make (``has_capability`` on that account's membership, the
``visible_to`` querysets): there is no second permission model for the API. Revoking a key
deactivates its account, which ``has_capability`` refuses. The secret is shown once; only its
SHA-256 is kept.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from prestatiemonitor.organisaties.constants import Rol
from prestatiemonitor.organisaties.models import Organisatie


class ApiSleutel(models.Model):
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.CASCADE, related_name="api_sleutels"
    )
    rol = models.CharField(_("rol"), max_length=20, choices=Rol.choices, default=Rol.LEZER)
    naam = models.CharField(
        _("naam"),
        max_length=100,
        help_text=_("Waarvoor de sleutel is, bijvoorbeeld 'Koppeling CRM'."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_sleutel"
    )
    begin = models.CharField(_("begin van de sleutel"), max_length=12)
    sleutel_hash = models.CharField(max_length=64, unique=True)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    ingetrokken_op = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    laatst_gebruikt_op = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)

    class Meta:
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")
        ordering = ["-aangemaakt_op"]

    def __str__(self) -> str:
        return f"{self.naam} ({self.organisatie})"

    @property
    def actief(self) -> bool:
        return self.ingetrokken_op is None
