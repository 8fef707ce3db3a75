"""Jaarschijf (DOEN per year) and voortgang (what each party reports at a peilmoment).

Every record hangs off an afsprakenkader and shares its visibility (``KaderChildQuerySet``).
Writes go through ``services.py`` only. Records a user fills in from a form carry a ``versie``
that the service increments on every change, so a save based on a stale page is refused
instead of silently overwriting someone else's work.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from prestatiemonitor.afspraken.models import Afspraak, Afsprakenkader, KaderChildQuerySet
from prestatiemonitor.organisaties.models import Organisatie

from .constants import (
    PEILMOMENT_MAAND,
    JaarschijfStatus,
    PeilmomentSoort,
    PeilmomentStatus,
    PlanningSoort,
    VoortgangStatus,
)

MAANDEN = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]


class MonitorQuerySet(KaderChildQuerySet):
    """Visibility of the monitor's records: the kader's visibility, and then either the user's
    organisation is party (``monitor.lezen``: everything, concept and open included) or only
    what is public: ``openbaar()`` (a vastgestelde jaarschijf, a closed peilmoment)."""

    def openbaar(self) -> Q:
        return Q(pk__in=[])

    def visible_to(self, user):
        from .permissions import monitor_kader_filter

        lopend = monitor_kader_filter(user, prefix=f"{self.kader_path}__")
        if not lopend:  # Q(): everything (``Q() | x`` would be just x)
            return super().visible_to(user)
        return super().visible_to(user).filter(lopend | self.openbaar())


class JaarschijfQuerySet(MonitorQuerySet):
    def openbaar(self) -> Q:
        return Q(status=JaarschijfStatus.VASTGESTELD)


class JaarschijfChildQuerySet(MonitorQuerySet):
    kader_path = "jaarschijf__kader"

    def openbaar(self) -> Q:
        return Q(jaarschijf__status=JaarschijfStatus.VASTGESTELD)


class PeilmomentQuerySet(JaarschijfChildQuerySet):
    def openbaar(self) -> Q:
        # Closed, and of a vastgestelde jaarschijf: a peilmoment may be opened (and closed) on
        # a concept jaarschijf, whose activities the public must not see.
        return Q(status=PeilmomentStatus.GESLOTEN, jaarschijf__status=JaarschijfStatus.VASTGESTELD)


class PeilmomentChildQuerySet(MonitorQuerySet):
    kader_path = "peilmoment__jaarschijf__kader"

    def openbaar(self) -> Q:
        return Q(
            peilmoment__status=PeilmomentStatus.GESLOTEN,
            peilmoment__jaarschijf__status=JaarschijfStatus.VASTGESTELD,
        )


class BijlagenOpslag(FileSystemStorage):
    """Evidence files live outside the web root (settings.BIJLAGEN_ROOT, read at each use so
    tests can point it elsewhere) and are served only by a view that checks who may see them."""

    @property
    def base_location(self):  # type: ignore[override]
        return str(settings.BIJLAGEN_ROOT)

    @property
    def location(self):  # type: ignore[override]
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):  # type: ignore[override]
        return None


def bijlagen_opslag():
    return BijlagenOpslag()


class Jaarschijf(models.Model):
    kader = models.ForeignKey(Afsprakenkader, on_delete=models.CASCADE, related_name="jaarschijven")
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=JaarschijfStatus.choices,
        default=JaarschijfStatus.CONCEPT,
    )
    toelichting = models.TextField(_("toelichting"), blank=True)
    versie = models.PositiveIntegerField(_("versie"), default=1)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    objects = JaarschijfQuerySet.as_manager()

    class Meta:
        verbose_name = _("jaarschijf")
        verbose_name_plural = _("jaarschijven")
        ordering = ["kader", "jaar"]
        constraints = [
            models.UniqueConstraint(fields=["kader", "jaar"], name="jaarschijf_jaar_uniek"),
        ]

    def __str__(self) -> str:
        return f"Jaarschijf {self.jaar}"

    @property
    def is_vastgesteld(self) -> bool:
        return self.status == JaarschijfStatus.VASTGESTELD


class JaarschijfOvergang(models.Model):
    """One recorded step of the workflow: who moved the jaarschijf, when, in which meeting."""

    jaarschijf = models.ForeignKey(Jaarschijf, on_delete=models.CASCADE, related_name="overgangen")
    van_status = models.CharField(_("van"), max_length=20, choices=JaarschijfStatus.choices)
    naar_status = models.CharField(_("naar"), max_length=20, choices=JaarschijfStatus.choices)
    datum = models.DateField(_("datum overleg"))
    overleg = models.CharField(_("in overleg"), max_length=200)
    toelichting = models.TextField(_("toelichting"), blank=True)
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    vastgelegd_op = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    objects = JaarschijfChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("overgang van een jaarschijf")
        verbose_name_plural = _("overgangen van jaarschijven")
        ordering = ["jaarschijf", "vastgelegd_op", "pk"]

    def __str__(self) -> str:
        return f"{self.jaarschijf}: {self.get_naar_status_display()} ({self.overleg})"


class JaarschijfWijziging(models.Model):
    """A decided change to a vastgestelde jaarschijf: the reason, date and meeting. The
    changed activity's history rows point back to it through their change reason."""

    jaarschijf = models.ForeignKey(Jaarschijf, on_delete=models.CASCADE, related_name="wijzigingen")
    activiteit = models.ForeignKey(
        "Activiteit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="wijzigingen",
    )
    activiteit_titel = models.CharField(_("activiteit"), max_length=300)
    omschrijving = models.TextField(_("wat er veranderde"))
    reden = models.TextField(_("reden"))
    datum = models.DateField(_("datum besluit"))
    besloten_in = models.CharField(_("besloten in"), max_length=200)
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    vastgelegd_op = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    objects = JaarschijfChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("wijziging van een vastgestelde jaarschijf")
        verbose_name_plural = _("wijzigingen van vastgestelde jaarschijven")
        ordering = ["jaarschijf", "-vastgelegd_op", "-pk"]

    def __str__(self) -> str:
        return f"{self.jaarschijf}: wijziging {self.activiteit_titel}"


class Activiteit(models.Model):
    """One thing a party does this year (DOEN) for one or more afspraken (DOEL)."""

    jaarschijf = models.ForeignKey(
        Jaarschijf, on_delete=models.CASCADE, related_name="activiteiten"
    )
    nummer = models.PositiveIntegerField(
        _("nummer"), help_text=_("Volgnummer binnen de jaarschijf.")
    )
    titel = models.CharField(_("titel"), max_length=300)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    afspraken = models.ManyToManyField(
        Afspraak, related_name="activiteiten", verbose_name=_("dient de afspraken")
    )
    trekker = models.ForeignKey(
        Organisatie,
        verbose_name=_("trekker"),
        on_delete=models.PROTECT,
        related_name="getrokken_activiteiten",
    )
    betrokken = models.ManyToManyField(
        Organisatie,
        verbose_name=_("ook betrokken"),
        related_name="betrokken_activiteiten",
        blank=True,
    )
    beoogd_resultaat = models.TextField(_("beoogd resultaat"), blank=True)
    planning_soort = models.CharField(
        _("planning"), max_length=10, choices=PlanningSoort.choices, default=PlanningSoort.JAAR
    )
    planning_kwartaal = models.PositiveSmallIntegerField(_("kwartaal"), null=True, blank=True)
    planning_maand = models.PositiveSmallIntegerField(_("maand"), null=True, blank=True)
    planning_datum = models.DateField(_("datum"), null=True, blank=True)
    doel_aantal = models.DecimalField(
        _("doel (aantal)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    eenheid = models.CharField(_("eenheid"), max_length=60, blank=True)
    overgenomen_van = models.ForeignKey(
        "self",
        verbose_name=_("overgenomen van"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="overgenomen_in",
    )
    versie = models.PositiveIntegerField(_("versie"), default=1)

    objects = JaarschijfChildQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[afspraken, betrokken])

    class Meta:
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")
        ordering = ["jaarschijf", "nummer"]
        constraints = [
            models.UniqueConstraint(
                fields=["jaarschijf", "nummer"], name="activiteit_nummer_uniek"
            ),
            models.CheckConstraint(
                condition=Q(planning_kwartaal__isnull=True)
                | Q(planning_kwartaal__gte=1, planning_kwartaal__lte=4),
                name="activiteit_kwartaal_1_4",
            ),
            models.CheckConstraint(
                condition=Q(planning_maand__isnull=True)
                | Q(planning_maand__gte=1, planning_maand__lte=12),
                name="activiteit_maand_1_12",
            ),
            models.CheckConstraint(
                condition=(
                    Q(planning_soort=PlanningSoort.JAAR)
                    | Q(planning_soort=PlanningSoort.KWARTAAL, planning_kwartaal__isnull=False)
                    | Q(planning_soort=PlanningSoort.MAAND, planning_maand__isnull=False)
                    | Q(planning_soort=PlanningSoort.DATUM, planning_datum__isnull=False)
                ),
                name="activiteit_planning_volledig",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.titel}"

    @property
    def code(self) -> str:
        return f"A{self.nummer}"

    @property
    def planning_tekst(self) -> str:
        """The planning as the Excel column and the pages show it: 'Q3', 'maart', '15-05-2025'."""
        if self.planning_soort == PlanningSoort.KWARTAAL and self.planning_kwartaal:
            return f"Q{self.planning_kwartaal}"
        if self.planning_soort == PlanningSoort.MAAND and self.planning_maand:
            return MAANDEN[self.planning_maand - 1]
        if self.planning_soort == PlanningSoort.DATUM and self.planning_datum:
            return self.planning_datum.strftime("%d-%m-%Y")
        return "heel het jaar"


class DekkingsAcceptatie(models.Model):
    """An afspraak deliberately without activity this year, accepted with a reason (so that the
    jaarschijf can be vastgesteld with this gap)."""

    jaarschijf = models.ForeignKey(Jaarschijf, on_delete=models.CASCADE, related_name="acceptaties")
    afspraak = models.ForeignKey(Afspraak, on_delete=models.CASCADE, related_name="+")
    reden = models.TextField(_("reden"))
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    vastgelegd_op = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    objects = JaarschijfChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("geaccepteerd gat in de dekking")
        verbose_name_plural = _("geaccepteerde gaten in de dekking")
        constraints = [
            models.UniqueConstraint(
                fields=["jaarschijf", "afspraak"], name="dekkingsacceptatie_uniek"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.jaarschijf}: {self.afspraak} zonder activiteit"


class Peilmoment(models.Model):
    """June (stand van zaken eerste halfjaar) or December (terugblik) of one jaarschijf."""

    jaarschijf = models.ForeignKey(
        Jaarschijf, on_delete=models.CASCADE, related_name="peilmomenten"
    )
    soort = models.CharField(_("soort"), max_length=10, choices=PeilmomentSoort.choices)
    deadline = models.DateField(_("uiterste meldingsdatum"))
    status = models.CharField(
        _("status"), max_length=10, choices=PeilmomentStatus.choices, default=PeilmomentStatus.OPEN
    )
    geopend_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    geopend_op = models.DateTimeField(_("geopend op"), auto_now_add=True)
    gesloten_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    gesloten_op = models.DateTimeField(_("gesloten op"), null=True, blank=True)

    objects = PeilmomentQuerySet.as_manager()

    class Meta:
        verbose_name = _("peilmoment")
        verbose_name_plural = _("peilmomenten")
        ordering = ["jaarschijf__jaar", "soort"]
        constraints = [
            models.UniqueConstraint(fields=["jaarschijf", "soort"], name="peilmoment_uniek"),
        ]

    def __str__(self) -> str:
        return self.naam

    @property
    def maand(self) -> int:
        return PEILMOMENT_MAAND[PeilmomentSoort(self.soort)]

    @cached_property
    def jaar(self) -> int:
        return self.jaarschijf.jaar

    @property
    def code(self) -> str:
        """'2025-06', '2025-12': how URLs, the CLI and Excel column headers name it."""
        return f"{self.jaar}-{self.maand:02d}"

    @property
    def naam(self) -> str:
        return f"{MAANDEN[self.maand - 1].capitalize()} {self.jaar}"

    @property
    def is_gesloten(self) -> bool:
        return self.status == PeilmomentStatus.GESLOTEN

    @property
    def volgorde(self) -> int:
        return self.jaar * 100 + self.maand


class Voortgang(models.Model):
    """What the trekker reports about one activity at one peilmoment.

    Frozen when the peilmoment closes: the activity's title, trekker and afspraken are copied in
    then (``titel``, ``trekker``, ``afspraken``), so the report and the roll-up read as they
    were, whatever happens later.
    """

    peilmoment = models.ForeignKey(Peilmoment, on_delete=models.CASCADE, related_name="voortgang")
    activiteit = models.ForeignKey(Activiteit, on_delete=models.PROTECT, related_name="voortgang")
    status = models.CharField(_("status"), max_length=20, choices=VoortgangStatus.choices)
    toelichting = models.TextField(_("toelichting"), blank=True)
    gerealiseerd_aantal = models.DecimalField(
        _("gerealiseerd (aantal)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    titel = models.CharField(_("activiteit (bij sluiten)"), max_length=300, blank=True)
    trekker = models.ForeignKey(
        Organisatie,
        verbose_name=_("trekker (bij sluiten)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    afspraken = models.ManyToManyField(
        Afspraak,
        verbose_name=_("diende de afspraken (bij sluiten)"),
        related_name="+",
        blank=True,
        help_text=_(
            "Bij het sluiten vastgelegd, zodat de stand per afspraak van een gesloten "
            "peilmoment niet verandert als de activiteit later aan andere afspraken wordt "
            "gekoppeld."
        ),
    )
    versie = models.PositiveIntegerField(_("versie"), default=1)
    gemeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    gemeld_op = models.DateTimeField(_("gemeld op"), null=True, blank=True)

    objects = PeilmomentChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("voortgangsmelding")
        verbose_name_plural = _("voortgangsmeldingen")
        ordering = ["peilmoment", "activiteit__nummer"]
        constraints = [
            models.UniqueConstraint(
                fields=["peilmoment", "activiteit"], name="voortgang_per_activiteit_uniek"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.peilmoment}: {self.activiteit.code} {self.get_status_display()}"


class BijlageQuerySet(MonitorQuerySet):
    kader_path = "voortgang__peilmoment__jaarschijf__kader"


class Bijlage(models.Model):
    """Evidence attached to a report; the file is stored outside the web root."""

    voortgang = models.ForeignKey(Voortgang, on_delete=models.PROTECT, related_name="bijlagen")
    bestand = models.FileField(_("bestand"), storage=bijlagen_opslag, upload_to="voortgang/%Y/")
    bestandsnaam = models.CharField(_("bestandsnaam"), max_length=255)
    mediatype = models.CharField(_("soort bestand"), max_length=100)
    grootte = models.PositiveIntegerField(_("grootte (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    geupload_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    geupload_op = models.DateTimeField(_("geüpload op"), auto_now_add=True)

    objects = BijlageQuerySet.as_manager()

    class Meta:
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")
        ordering = ["voortgang", "geupload_op", "pk"]

    def __str__(self) -> str:
        return self.bestandsnaam


class ReactieQuerySet(MonitorQuerySet):
    kader_path = "activiteit__jaarschijf__kader"


class Reactie(models.Model):
    """A tenants' organisation's reaction to an activity (optionally at a peilmoment)."""

    activiteit = models.ForeignKey(Activiteit, on_delete=models.CASCADE, related_name="reacties")
    peilmoment = models.ForeignKey(
        Peilmoment, on_delete=models.SET_NULL, null=True, blank=True, related_name="reacties"
    )
    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="+")
    tekst = models.TextField(_("reactie"))
    geplaatst_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    geplaatst_op = models.DateTimeField(_("geplaatst op"), auto_now_add=True)

    objects = ReactieQuerySet.as_manager()

    class Meta:
        verbose_name = _("reactie")
        verbose_name_plural = _("reacties")
        ordering = ["activiteit", "geplaatst_op", "pk"]

    def __str__(self) -> str:
        return f"Reactie van {self.organisatie} op {self.activiteit.code}"


class Advies(models.Model):
    """A tenants' organisation's formal advies on a peilmoment as a whole; part of it."""

    peilmoment = models.ForeignKey(Peilmoment, on_delete=models.CASCADE, related_name="adviezen")
    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="+")
    tekst = models.TextField(_("advies"))
    versie = models.PositiveIntegerField(_("versie"), default=1)
    uitgebracht_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uitgebracht_op = models.DateTimeField(_("uitgebracht op"), auto_now=True)

    objects = PeilmomentChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("advies")
        verbose_name_plural = _("adviezen")
        ordering = ["peilmoment", "organisatie__naam"]
        constraints = [
            models.UniqueConstraint(fields=["peilmoment", "organisatie"], name="advies_uniek"),
        ]

    def __str__(self) -> str:
        return f"Advies van {self.organisatie} over {self.peilmoment}"


class HerinneringQuerySet(PeilmomentChildQuerySet):
    def openbaar(self) -> Q:
        return Q(pk__in=[])


class Herinnering(models.Model):
    """A reminder sent to a party that had not reported yet."""

    peilmoment = models.ForeignKey(
        Peilmoment, on_delete=models.CASCADE, related_name="herinneringen"
    )
    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="+")
    ontbrekend = models.PositiveIntegerField(_("ontbrekende meldingen"))
    ontvangers = models.PositiveIntegerField(_("aantal ontvangers"))
    verzonden_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verzonden_op = models.DateTimeField(_("verzonden op"), auto_now_add=True)

    objects = HerinneringQuerySet.as_manager()

    class Meta:
        verbose_name = _("herinnering")
        verbose_name_plural = _("herinneringen")
        ordering = ["peilmoment", "-verzonden_op"]

    def __str__(self) -> str:
        return f"Herinnering aan {self.organisatie} ({self.peilmoment})"
