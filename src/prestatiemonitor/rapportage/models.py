"""A made report: one version of the progress report of a closed peilmoment in one variant.

Re-running makes a new version (1, 2, … per peilmoment and variant); the newest ``klaar``
version is the current one, the older rows stay as the history of what was made when and by
whom, with their files (outside the web root, in the BIJLAGEN storage) and their SHA-256.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from prestatiemonitor.afspraken.models import Afsprakenkader, KaderChildQuerySet
from prestatiemonitor.jaarschijven.models import Peilmoment, bijlagen_opslag

from .constants import RapportStatus, RapportVariant


class RapportQuerySet(KaderChildQuerySet):
    """Whoever reads the kader sees the openbaar variant; the volledig variant only the parties'
    members (``monitor.lezen``) and the site administrator."""

    def visible_to(self, user):
        from prestatiemonitor.jaarschijven.permissions import monitor_kader_filter

        partij = monitor_kader_filter(user, prefix="kader__")
        return super().visible_to(user).filter(partij | Q(variant=RapportVariant.OPENBAAR))


class Rapport(models.Model):
    kader = models.ForeignKey(Afsprakenkader, on_delete=models.CASCADE, related_name="rapporten")
    peilmoment = models.ForeignKey(Peilmoment, on_delete=models.PROTECT, related_name="rapporten")
    variant = models.CharField(_("variant"), max_length=20, choices=RapportVariant.choices)
    versie = models.PositiveIntegerField(_("versie"))
    status = models.CharField(
        _("status"), max_length=20, choices=RapportStatus.choices, default=RapportStatus.WACHTRIJ
    )
    voortgang = models.PositiveSmallIntegerField(_("voortgang (%)"), default=0)
    stap = models.CharField(_("stap"), max_length=200, blank=True)
    pdf = models.FileField(
        _("PDF"), storage=bijlagen_opslag, upload_to="rapportage/%Y/", blank=True
    )
    pdf_sha256 = models.CharField(_("SHA-256 van de PDF"), max_length=64, blank=True)
    xlsx = models.FileField(
        _("werkboek"), storage=bijlagen_opslag, upload_to="rapportage/%Y/", blank=True
    )
    xlsx_sha256 = models.CharField(_("SHA-256 van het werkboek"), max_length=64, blank=True)
    gemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    aangevraagd_op = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    klaar_op = models.DateTimeField(_("klaar op"), null=True, blank=True)
    fout = models.TextField(_("foutmelding"), blank=True)

    objects = RapportQuerySet.as_manager()

    class Meta:
        verbose_name = _("rapportage")
        verbose_name_plural = _("rapportages")
        ordering = ["peilmoment", "variant", "-versie"]
        constraints = [
            models.UniqueConstraint(
                fields=["peilmoment", "variant", "versie"], name="rapport_versie_uniek"
            ),
            models.CheckConstraint(
                condition=Q(voortgang__lte=100), name="rapport_voortgang_max_100"
            ),
        ]

    def __str__(self) -> str:
        return f"Rapportage {self.peilmoment} ({self.variant}, versie {self.versie})"

    @property
    def is_lopend(self) -> bool:
        return self.status in (RapportStatus.WACHTRIJ, RapportStatus.BEZIG)

    @property
    def is_klaar(self) -> bool:
        return self.status == RapportStatus.KLAAR

    def bestandsnaam(self, formaat: str) -> str:
        return (
            f"rapportage-{self.kader.slug}-{self.peilmoment.code}-{self.variant}"
            f"-v{self.versie}.{formaat}"
        )
