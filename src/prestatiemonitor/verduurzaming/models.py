"""The stock of a corporation at a peildatum, with the energy label of every dwelling.

``Voorraadopname``: one delivery per (kader, corporatie, peildatum): file name, its sha256, a
fingerprint of its content (``inhoud_sha256``: the import replaces the dwellings only when it
differs), who delivered it and when, and where the labels were last matched from EP-Online.

``Woning``: one row per dwelling of that opname. Designed for the national scale (2,4 million
dwellings): narrow rows (the label as a small integer code, no history per row, no text but the
kern), written with ``bulk_create`` in batches, and two indexes that every indicator uses:
(opname, vbo_id) unique, and (opname, energielabel) for the label counts.

Visibility: an opname is monitor data of the kader (parties see it: ``MonitorQuerySet``).
Dwelling rows are detail: only members of the corporation that delivered them (and SYSTEEM or
the site administrator) see them; everyone else gets the aggregates of ``selectors.py``.
"""

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from prestatiemonitor.afspraken.models import Afsprakenkader, KaderChildQuerySet
from prestatiemonitor.jaarschijven.models import MonitorQuerySet
from prestatiemonitor.organisaties.models import Organisatie

from .constants import Energielabel

VBO_ID_VALIDATOR = RegexValidator(
    r"^\d{16}\Z", _("Een BAG-verblijfsobject-id heeft precies 16 cijfers.")
)


class VoorraadopnameQuerySet(MonitorQuerySet):
    """Parties of the kader see which opnames exist (nothing of it is public yet)."""


class Voorraadopname(models.Model):
    kader = models.ForeignKey(
        Afsprakenkader, on_delete=models.CASCADE, related_name="voorraadopnames"
    )
    corporatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="voorraadopnames"
    )
    peildatum = models.DateField(_("peildatum"))
    aantal = models.PositiveIntegerField(_("aantal woningen"), default=0)
    bestandsnaam = models.CharField(_("bestand"), max_length=255)
    sha256 = models.CharField(_("controlegetal bestand"), max_length=64)
    inhoud_sha256 = models.CharField(
        _("controlegetal inhoud"),
        max_length=64,
        help_text=_("Onafhankelijk van volgorde en bestandsformaat; zelfde inhoud, zelfde getal."),
    )
    aangeleverd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    aangeleverd_op = models.DateTimeField(_("aangeleverd op"))
    ep_online_bestandsnaam = models.CharField(_("EP-Online-bestand"), max_length=255, blank=True)
    ep_online_sha256 = models.CharField(_("controlegetal EP-Online"), max_length=64, blank=True)
    ep_online_op = models.DateTimeField(_("labels uit EP-Online op"), null=True, blank=True)
    voorbeeld = models.BooleanField(_("voorbeeld (fictief)"), default=False)

    history = HistoricalRecords()
    objects = VoorraadopnameQuerySet.as_manager()

    class Meta:
        verbose_name = _("voorraadopname")
        verbose_name_plural = _("voorraadopnames")
        ordering = ["kader", "corporatie", "-peildatum"]
        constraints = [
            models.UniqueConstraint(
                fields=["kader", "corporatie", "peildatum"], name="voorraadopname_uniek"
            )
        ]

    def __str__(self) -> str:
        return f"{self.corporatie} {self.peildatum:%d-%m-%Y}"


class WoningQuerySet(KaderChildQuerySet):
    kader_path = "opname__kader"

    def visible_to(self, user):
        """Detail rows: the kader visible to the user and the dwelling the user's own
        organisation delivered (SYSTEEM and the site administrator see all)."""
        from prestatiemonitor.organisaties.permissions import is_systeem

        qs = super().visible_to(user)
        if is_systeem(user) or getattr(user, "is_superuser", False):
            return qs
        if not getattr(user, "is_authenticated", False):
            return qs.none()
        return qs.filter(opname__corporatie__lidmaatschappen__user=user)


class Woning(models.Model):
    opname = models.ForeignKey(Voorraadopname, on_delete=models.CASCADE, related_name="woningen")
    vbo_id = models.CharField(_("VBO-id"), max_length=16, validators=[VBO_ID_VALIDATOR])
    kern = models.CharField(_("kern"), max_length=100)
    energielabel = models.PositiveSmallIntegerField(
        _("energielabel"), choices=Energielabel.choices, null=True, blank=True
    )
    registratiedatum = models.DateField(_("registratiedatum label"), null=True, blank=True)
    huurprijs = models.DecimalField(
        _("huurprijs"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    objects = WoningQuerySet.as_manager()

    class Meta:
        verbose_name = _("woning")
        verbose_name_plural = _("woningen")
        constraints = [
            models.UniqueConstraint(fields=["opname", "vbo_id"], name="woning_vbo_uniek"),
            models.CheckConstraint(
                condition=Q(energielabel__isnull=True) | Q(registratiedatum__isnull=False),
                name="woning_label_heeft_datum",
            ),
        ]
        indexes = [models.Index(fields=["opname", "energielabel"], name="woning_opname_label")]

    def __str__(self) -> str:
        return self.vbo_id
