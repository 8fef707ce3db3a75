from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditRecord(models.Model):
    """Who did what, written by a service in the same transaction as the change."""

    tijdstip = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    door = models.CharField(
        _("door"),
        max_length=150,
        blank=True,
        help_text=_(
            "'systeem' voor opdrachten en import door de server, anders de gebruikersnaam."
        ),
    )
    actie = models.CharField(_("actie"), max_length=60)
    object_type = models.CharField(_("objecttype"), max_length=60)
    object_id = models.CharField(_("object-id"), max_length=60, blank=True)
    omschrijving = models.TextField(_("omschrijving"))
    gegevens = models.JSONField(_("gegevens"), default=dict, blank=True)

    class Meta:
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditlog")
        ordering = ["-tijdstip", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.tijdstip:%Y-%m-%d %H:%M} {self.actie}: {self.omschrijving}"
