"""Norms as records, their exceptions, and the year-dependent parameters they use.

A ``Normdefinitie`` says *what* is checked (``soort``: the key of an evaluator registered by
the module that owns the data, see ``evaluatie.py``), *where the rule comes from* (its
``afspraak`` of the kader, or a named source for an ambitie or a regional/national norm), on
which scope (per project, per year, per party, gemeente-wide) and with which parameters (the
threshold, a window, a party). A gemeente edits these records; nothing about a norm is
hard-coded in a page.

A ``Normuitzondering`` is a justified, recorded exception for one subject of one norm (a
project, a year, a party): the result then reads *afwijking* with its reason, never a silent
pass.

``Jaarparameter``: the yearly national figures (liberalisatiegrens, middenhuur maximum,
betaalbare-koopgrens, income limits) with their source.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from prestatiemonitor.afspraken.models import Afspraak, Afsprakenkader, KaderChildQuerySet

from .constants import NormScope


class Jaarparameter(models.Model):
    code = models.SlugField(_("code"), max_length=60)
    naam = models.CharField(_("naam"), max_length=200)
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    waarde = models.DecimalField(_("waarde"), max_digits=14, decimal_places=2)
    eenheid = models.CharField(_("eenheid"), max_length=40, blank=True)
    bron = models.CharField(_("bron"), max_length=300)
    toelichting = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("jaarparameter")
        verbose_name_plural = _("jaarparameters")
        ordering = ["code", "jaar"]
        constraints = [
            models.UniqueConstraint(fields=["code", "jaar"], name="jaarparameter_code_jaar_uniek")
        ]

    def __str__(self) -> str:
        return f"{self.naam} {self.jaar}: {self.waarde}"


class Normdefinitie(models.Model):
    kader = models.ForeignKey(
        Afsprakenkader, on_delete=models.CASCADE, related_name="normdefinities"
    )
    code = models.SlugField(
        _("code"), max_length=60, help_text=_("Stabiele code, bv. 'afspraak-3-sociaal-aandeel'.")
    )
    naam = models.CharField(_("naam"), max_length=200)
    soort = models.CharField(
        _("soort"), max_length=60, help_text=_("De berekening (zie docs/normen.md).")
    )
    afspraak = models.ForeignKey(
        Afspraak,
        verbose_name=_("bronafspraak"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="normdefinities",
    )
    bron = models.CharField(
        _("bron"),
        max_length=300,
        blank=True,
        help_text=_("Waar de norm vandaan komt als het geen genummerde afspraak is."),
    )
    scope = models.CharField(_("toepassing"), max_length=20, choices=NormScope.choices)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    informatief = models.BooleanField(
        _("ter informatie"),
        default=False,
        help_text=_("Regionale of landelijke context: getoond, geen afspraak van dit kader."),
    )
    actief = models.BooleanField(_("actief"), default=True)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    history = HistoricalRecords()
    objects = KaderChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("norm")
        verbose_name_plural = _("normen")
        ordering = ["kader", "volgorde", "code"]
        constraints = [
            models.UniqueConstraint(fields=["kader", "code"], name="normdefinitie_kader_code_uniek")
        ]

    def __str__(self) -> str:
        return self.naam

    def clean(self) -> None:
        from .evaluatie import EVALUATOREN

        if self.soort not in EVALUATOREN:
            raise ValidationError(
                {"soort": f"Onbekende normsoort '{self.soort}'. Bekend: {', '.join(EVALUATOREN)}."}
            )
        if self.afspraak_id and self.afspraak.kader_id != self.kader_id:
            raise ValidationError({"afspraak": "De bronafspraak hoort bij een ander kader."})
        if not self.afspraak_id and not self.bron.strip():
            raise ValidationError({"bron": "Geef een bronafspraak of beschrijf de bron."})

    @property
    def bron_label(self) -> str:
        if self.afspraak_id:
            return f"Afspraak {self.afspraak.nummer}"
        return self.bron


class UitzonderingQuerySet(KaderChildQuerySet):
    kader_path = "norm__kader"

    def geldig(self):
        return self.filter(ingetrokken_op__isnull=True)


class Normuitzondering(models.Model):
    norm = models.ForeignKey(Normdefinitie, on_delete=models.CASCADE, related_name="uitzonderingen")
    onderwerp = models.CharField(
        _("onderwerp"),
        max_length=100,
        help_text=_("Projectcode, jaar of partij waarvoor de uitzondering geldt."),
    )
    reden = models.TextField(_("reden"))
    besluit = models.CharField(_("besluit"), max_length=300)
    besloten_op = models.DateField(_("datum besluit"))
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    vastgelegd_op = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    ingetrokken_op = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    ingetrokken_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()
    objects = UitzonderingQuerySet.as_manager()

    class Meta:
        verbose_name = _("uitzondering op een norm")
        verbose_name_plural = _("uitzonderingen op normen")
        ordering = ["norm", "onderwerp", "-vastgelegd_op"]
        constraints = [
            models.UniqueConstraint(
                fields=["norm", "onderwerp"],
                condition=Q(ingetrokken_op__isnull=True),
                name="normuitzondering_een_geldige_per_onderwerp",
            )
        ]

    def __str__(self) -> str:
        return f"{self.norm} – {self.onderwerp}"
