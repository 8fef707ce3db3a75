"""The planmonitor: reference data, building projects, stock changes and review rounds.

Three levels, as in Planmonitor Wonen and DIWI: a project (``Bouwproject``), its counts per
segment (fields on the project, adding up to ``totaal``), and optionally its planning per year
(``Oplevering``: per year the units per segment, planned or delivered). Stock changes of the
corporations outside new build are ``Voorraadmutatie`` rows. A review round (``Peiling``)
freezes every project and mutation as JSON (``ProjectStand``, ``Peiling.mutaties``) so Tabel 1
and 2 can be recomputed as of that round.

Visibility: every record hangs off an afsprakenkader. Parties of the kader (``monitor.lezen``)
see the live planmonitor; everyone else sees only published rounds, and never a project
marked vertrouwelijk. Writes go through ``services.py`` only.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from prestatiemonitor.afspraken.models import Afsprakenkader, KaderChildQuerySet
from prestatiemonitor.jaarschijven.models import MonitorQuerySet
from prestatiemonitor.organisaties.constants import OrganisatieSoort
from prestatiemonitor.organisaties.models import Gebied, Organisatie

from .constants import (
    SEGMENTEN,
    EigenaarSoort,
    Fase,
    MutatieSegment,
    MutatieSoort,
    Realisatie,
    VoorstelStatus,
)

JAAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


def partij_ids(kader: Afsprakenkader) -> set[int]:
    """The organisations party to the kader, cached on the kader instance (a bulk import
    validates thousands of projects against the same kader with one query)."""
    ids = getattr(kader, "_partij_ids", None)
    if ids is None:
        ids = set(kader.partij_set.values_list("organisatie_id", flat=True))
        kader._partij_ids = ids  # type: ignore[attr-defined]
    return ids


class Hardheid(models.Model):
    """A plan-hardness code (1A … 4B, 5A, 5B) with its national definition."""

    code = models.CharField(_("code"), max_length=4, unique=True)
    definitie = models.CharField(_("definitie"), max_length=300)
    hard = models.BooleanField(_("hard plan"))
    telt_als_plancapaciteit = models.BooleanField(_("telt als plancapaciteit"), default=True)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("planhardheid")
        verbose_name_plural = _("planhardheden")
        ordering = ["volgorde"]

    def __str__(self) -> str:
        return self.code


class HardheidLabel(models.Model):
    """How one afsprakenkader names a hardness code (Nijkerk: 4B "Idee (zonder
    beginselbereidheid B&W)"), taken from its imported begrippenlijst where it has one."""

    kader = models.ForeignKey(Afsprakenkader, on_delete=models.CASCADE, related_name="+")
    hardheid = models.ForeignKey(Hardheid, on_delete=models.CASCADE, related_name="labels")
    label = models.CharField(_("label"), max_length=200)
    definitie = models.TextField(_("definitie in het kader"), blank=True)

    objects = KaderChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("label van een planhardheid")
        verbose_name_plural = _("labels van planhardheden")
        constraints = [
            models.UniqueConstraint(fields=["kader", "hardheid"], name="hardheidlabel_uniek")
        ]

    def __str__(self) -> str:
        return f"{self.hardheid.code} {self.label}"


class Knelpunt(models.Model):
    """An entry of the configurable list of obstacles a project can have."""

    naam = models.CharField(_("naam"), max_length=100, unique=True)
    omschrijving = models.CharField(_("omschrijving"), max_length=300, blank=True)
    actief = models.BooleanField(_("actief"), default=True)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("knelpunt")
        verbose_name_plural = _("knelpunten")
        ordering = ["volgorde", "naam"]

    def __str__(self) -> str:
        return self.naam


class PlanQuerySet(MonitorQuerySet):
    """Live planmonitor data: parties only (nothing of it is public; rounds are)."""


class Bouwproject(models.Model):
    kader = models.ForeignKey(
        Afsprakenkader, on_delete=models.CASCADE, related_name="bouwprojecten"
    )
    gemeente = models.ForeignKey(Gebied, on_delete=models.PROTECT, related_name="+")
    projectcode = models.CharField(_("projectcode"), max_length=40)
    naam = models.CharField(_("naam"), max_length=200)
    kern = models.CharField(_("kern"), max_length=100)
    adres = models.CharField(_("adres"), max_length=200, blank=True)
    breedtegraad = models.DecimalField(
        _("breedtegraad"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    lengtegraad = models.DecimalField(
        _("lengtegraad"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    eigenaar_soort = models.CharField(
        _("soort eigenaar"), max_length=20, choices=EigenaarSoort.choices
    )
    eigenaar = models.ForeignKey(
        Organisatie,
        verbose_name=_("eigenaar (partij)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bouwprojecten",
    )
    eigenaar_naam = models.CharField(_("eigenaar (naam)"), max_length=200, blank=True)
    hardheid = models.ForeignKey(Hardheid, on_delete=models.PROTECT, related_name="+")
    fase = models.CharField(_("fase"), max_length=30, choices=Fase.choices)
    oplevering_jaar = models.PositiveSmallIntegerField(
        _("verwachte oplevering (jaar)"), validators=JAAR_VALIDATORS
    )
    oplevering_kwartaal = models.PositiveSmallIntegerField(
        _("kwartaal"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    sociale_huur = models.PositiveIntegerField(_("sociale huur"), default=0)
    middenhuur = models.PositiveIntegerField(_("middenhuur"), default=0)
    vrije_sector_huur = models.PositiveIntegerField(_("vrije sector huur"), default=0)
    sociale_koop = models.PositiveIntegerField(_("sociale koop"), default=0)
    betaalbare_koop = models.PositiveIntegerField(_("betaalbare koop"), default=0)
    vrije_sector_koop = models.PositiveIntegerField(_("vrije sector koop"), default=0)
    totaal = models.PositiveIntegerField(_("totaal"))
    prijspeil = models.PositiveSmallIntegerField(
        _("prijspeil (jaar)"),
        null=True,
        blank=True,
        validators=JAAR_VALIDATORS,
        help_text=_("Het jaar waarvan de grenzen golden toen de segmenten werden ingedeeld."),
    )
    eengezins = models.PositiveIntegerField(_("eengezinswoningen"), null=True, blank=True)
    meergezins = models.PositiveIntegerField(_("meergezinswoningen"), null=True, blank=True)
    nultreden = models.PositiveIntegerField(_("nultredenwoningen"), null=True, blank=True)
    geclusterd = models.PositiveIntegerField(_("geclusterd wonen / zorg"), null=True, blank=True)
    flex = models.PositiveIntegerField(_("flexwoningen"), null=True, blank=True)
    instandhoudingstermijn = models.PositiveSmallIntegerField(
        _("instandhoudingstermijn (jaren)"), null=True, blank=True
    )
    knelpunten = models.ManyToManyField(Knelpunt, blank=True, related_name="+")
    vertrouwelijk = models.BooleanField(
        _("vertrouwelijk"), default=False, help_text=_("Nooit zichtbaar voor het publiek.")
    )
    voorbeeld = models.BooleanField(_("voorbeeld (fictief)"), default=False)
    toelichting = models.TextField(_("toelichting"), blank=True)
    versie = models.PositiveIntegerField(_("versie"), default=1)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[knelpunten])
    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("bouwproject")
        verbose_name_plural = _("bouwprojecten")
        ordering = ["kader", "oplevering_jaar", "projectcode"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "projectcode"], name="bouwproject_code_uniek_in_gemeente"
            ),
            models.CheckConstraint(
                condition=Q(
                    totaal=models.F("sociale_huur")
                    + models.F("middenhuur")
                    + models.F("vrije_sector_huur")
                    + models.F("sociale_koop")
                    + models.F("betaalbare_koop")
                    + models.F("vrije_sector_koop")
                ),
                name="bouwproject_segmenten_tellen_op",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.projectcode} {self.naam}"

    @property
    def segmenten(self) -> dict[str, int]:
        return {s: getattr(self, s) for s in SEGMENTEN}

    @property
    def eigenaar_label(self) -> str:
        if self.eigenaar_id:
            return self.eigenaar.korte_naam or self.eigenaar.naam
        return self.eigenaar_naam or EigenaarSoort(self.eigenaar_soort).label

    @property
    def oplevering_label(self) -> str:
        if self.oplevering_kwartaal:
            return f"{self.oplevering_jaar}-Q{self.oplevering_kwartaal}"
        return str(self.oplevering_jaar)

    def clean(self) -> None:
        fouten: dict[str, str] = {}
        som = sum(self.segmenten.values())
        if self.totaal is not None and som != self.totaal:
            fouten["totaal"] = (
                f"De segmenten tellen op tot {som}, maar het totaal is {self.totaal}."
            )
        soort = self.eigenaar_soort
        if soort == EigenaarSoort.CORPORATIE:
            if not self.eigenaar_id or self.eigenaar.soort != OrganisatieSoort.WONINGCORPORATIE:
                fouten["eigenaar"] = "Kies de corporatie die eigenaar is."
            elif self.eigenaar_id not in partij_ids(self.kader):
                fouten["eigenaar"] = f"{self.eigenaar_label} is geen partij bij dit kader."
        elif soort == EigenaarSoort.GEMEENTE:
            if self.eigenaar_id and self.eigenaar.soort != OrganisatieSoort.GEMEENTE:
                fouten["eigenaar"] = "De eigenaar is geen gemeente."
        elif soort in (EigenaarSoort.MARKTPARTIJ, EigenaarSoort.PARTICULIER):
            if self.eigenaar_id:
                fouten["eigenaar"] = "Een marktpartij of particulier is geen partij; geef de naam."
            if not self.eigenaar_naam.strip() and soort == EigenaarSoort.MARKTPARTIJ:
                fouten["eigenaar_naam"] = "Geef de naam van de marktpartij."
        if self.instandhoudingstermijn and soort == EigenaarSoort.CORPORATIE:
            fouten["instandhoudingstermijn"] = (
                "Een instandhoudingstermijn geldt alleen voor huurwoningen van marktpartijen."
            )
        typen = (self.eengezins or 0) + (self.meergezins or 0)
        if self.totaal is not None and typen > self.totaal:
            fouten["meergezins"] = (
                f"Eengezins en meergezins samen ({typen}) zijn meer dan het totaal ({self.totaal})."
            )
        for veld in ("nultreden", "geclusterd", "flex"):
            waarde = getattr(self, veld)
            if waarde is not None and self.totaal is not None and waarde > self.totaal:
                fouten[veld] = f"{waarde} is meer dan het totaal ({self.totaal})."
        if (self.breedtegraad is None) != (self.lengtegraad is None):
            fouten["lengtegraad"] = "Geef zowel breedtegraad als lengtegraad, of geen van beide."
        if fouten:
            raise ValidationError(fouten)


class ProjectChildQuerySet(PlanQuerySet):
    kader_path = "project__kader"


class Oplevering(models.Model):
    """The planning per year of a project that delivers over several years (units per segment,
    planned or delivered). Without rows, a project delivers all its units in its
    ``oplevering_jaar`` (delivered once its phase is *opgeleverd*)."""

    project = models.ForeignKey(Bouwproject, on_delete=models.CASCADE, related_name="opleveringen")
    jaar = models.PositiveSmallIntegerField(_("jaar"), validators=JAAR_VALIDATORS)
    status = models.CharField(_("status"), max_length=20, choices=Realisatie.choices)
    sociale_huur = models.PositiveIntegerField(_("sociale huur"), default=0)
    middenhuur = models.PositiveIntegerField(_("middenhuur"), default=0)
    vrije_sector_huur = models.PositiveIntegerField(_("vrije sector huur"), default=0)
    sociale_koop = models.PositiveIntegerField(_("sociale koop"), default=0)
    betaalbare_koop = models.PositiveIntegerField(_("betaalbare koop"), default=0)
    vrije_sector_koop = models.PositiveIntegerField(_("vrije sector koop"), default=0)

    objects = ProjectChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("oplevering per jaar")
        verbose_name_plural = _("planning per jaar")
        ordering = ["project", "jaar", "status"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "jaar", "status"], name="oplevering_per_jaar_uniek"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.jaar} {self.status}"

    @property
    def segmenten(self) -> dict[str, int]:
        return {s: getattr(self, s) for s in SEGMENTEN}

    @property
    def totaal(self) -> int:
        return sum(self.segmenten.values())


class ProjectVertraging(models.Model):
    """A recorded delay: the delivery moved later, with cause and remedy."""

    project = models.ForeignKey(Bouwproject, on_delete=models.CASCADE, related_name="vertragingen")
    van_jaar = models.PositiveSmallIntegerField(_("was"))
    naar_jaar = models.PositiveSmallIntegerField(_("wordt"))
    oorzaak = models.TextField(_("oorzaak"))
    remedie = models.TextField(_("remedie"), blank=True)
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    vastgelegd_op = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    objects = ProjectChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("vertraging")
        verbose_name_plural = _("vertragingen")
        ordering = ["project", "-vastgelegd_op"]

    def __str__(self) -> str:
        return f"{self.van_jaar} → {self.naar_jaar}: {self.oorzaak}"


class Voorraadmutatie(models.Model):
    """A corporation's stock change outside new build, per year and segment: one row per
    (corporation, year, kind, segment, planned/delivered); a re-import updates it."""

    kader = models.ForeignKey(Afsprakenkader, on_delete=models.CASCADE, related_name="mutaties")
    corporatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="+")
    jaar = models.PositiveSmallIntegerField(_("jaar"), validators=JAAR_VALIDATORS)
    soort = models.CharField(_("soort"), max_length=20, choices=MutatieSoort.choices)
    segment = models.CharField(_("segment"), max_length=20, choices=MutatieSegment.choices)
    aantal = models.PositiveIntegerField(_("aantal"), validators=[MinValueValidator(1)])
    status = models.CharField(_("status"), max_length=20, choices=Realisatie.choices)
    toelichting = models.TextField(_("toelichting"), blank=True)
    voorbeeld = models.BooleanField(_("voorbeeld (fictief)"), default=False)
    versie = models.PositiveIntegerField(_("versie"), default=1)

    history = HistoricalRecords()
    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("voorraadmutatie")
        verbose_name_plural = _("voorraadmutaties")
        ordering = ["kader", "corporatie", "jaar", "soort", "segment", "status"]
        constraints = [
            models.UniqueConstraint(
                fields=["kader", "corporatie", "jaar", "soort", "segment", "status"],
                name="voorraadmutatie_uniek",
            )
        ]

    def __str__(self) -> str:
        return f"{self.corporatie} {self.jaar} {self.soort} {self.segment} {self.aantal}"

    def clean(self) -> None:
        if self.corporatie_id and self.corporatie.soort != OrganisatieSoort.WONINGCORPORATIE:
            raise ValidationError({"corporatie": "Mutaties horen bij een corporatie."})
        if (
            self.kader_id
            and self.corporatie_id
            and not self.kader.partij_set.filter(organisatie_id=self.corporatie_id).exists()
        ):
            raise ValidationError(
                {"corporatie": f"{self.corporatie} is geen partij bij dit kader."}
            )


class PeilingQuerySet(MonitorQuerySet):
    def openbaar(self) -> Q:
        return Q(gepubliceerd=True)


class Peiling(models.Model):
    """A review round: the state of every project and mutation, frozen at its moment."""

    kader = models.ForeignKey(Afsprakenkader, on_delete=models.CASCADE, related_name="peilingen")
    naam = models.CharField(_("naam"), max_length=100)
    peildatum = models.DateField(_("peildatum"))
    mutaties = models.JSONField(_("mutaties (bevroren)"), default=list)
    toelichting = models.TextField(_("toelichting"), blank=True)
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    vastgelegd_op = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    gepubliceerd = models.BooleanField(_("gepubliceerd"), default=False)
    gepubliceerd_op = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)

    objects = PeilingQuerySet.as_manager()

    class Meta:
        verbose_name = _("peiling")
        verbose_name_plural = _("peilingen")
        ordering = ["kader", "peildatum", "pk"]
        constraints = [models.UniqueConstraint(fields=["kader", "naam"], name="peiling_naam_uniek")]

    def __str__(self) -> str:
        return self.naam


class ProjectStandQuerySet(MonitorQuerySet):
    kader_path = "peiling__kader"

    def openbaar(self) -> Q:
        return Q(peiling__gepubliceerd=True, vertrouwelijk=False)


class ProjectStand(models.Model):
    """One project as it stood in a round (``gegevens``: the fields, owner and planning)."""

    peiling = models.ForeignKey(Peiling, on_delete=models.CASCADE, related_name="standen")
    project = models.ForeignKey(
        Bouwproject, on_delete=models.SET_NULL, null=True, blank=True, related_name="standen"
    )
    projectcode = models.CharField(_("projectcode"), max_length=40)
    vertrouwelijk = models.BooleanField(_("vertrouwelijk"), default=False)
    gegevens = models.JSONField(_("gegevens"))

    objects = ProjectStandQuerySet.as_manager()

    class Meta:
        verbose_name = _("projectstand")
        verbose_name_plural = _("projectstanden")
        ordering = ["peiling", "projectcode"]
        constraints = [
            models.UniqueConstraint(fields=["peiling", "projectcode"], name="projectstand_uniek")
        ]

    def __str__(self) -> str:
        return f"{self.projectcode} ({self.peiling_id})"


class Wijzigingsvoorstel(models.Model):
    """A change proposed by a party that may not edit the project; the gemeente decides."""

    project = models.ForeignKey(Bouwproject, on_delete=models.CASCADE, related_name="voorstellen")
    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="+")
    wijzigingen = models.JSONField(_("voorgestelde waarden"))
    toelichting = models.TextField(_("toelichting"))
    ingediend_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ingediend_op = models.DateTimeField(_("ingediend op"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=20, choices=VoorstelStatus.choices, default=VoorstelStatus.OPEN
    )
    besluit_toelichting = models.TextField(_("toelichting bij het besluit"), blank=True)
    besloten_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    besloten_op = models.DateTimeField(_("besloten op"), null=True, blank=True)

    objects = ProjectChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("wijzigingsvoorstel")
        verbose_name_plural = _("wijzigingsvoorstellen")
        ordering = ["project", "-ingediend_op"]

    def __str__(self) -> str:
        return f"Voorstel {self.pk} ({self.get_status_display()})"


class ProjectReactie(models.Model):
    project = models.ForeignKey(Bouwproject, on_delete=models.CASCADE, related_name="reacties")
    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="+")
    tekst = models.TextField(_("reactie"))
    geplaatst_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    geplaatst_op = models.DateTimeField(_("geplaatst op"), auto_now_add=True)

    objects = ProjectChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("reactie op een project")
        verbose_name_plural = _("reacties op projecten")
        ordering = ["project", "geplaatst_op"]

    def __str__(self) -> str:
        return f"Reactie {self.pk}"


class Scenario(models.Model):
    """A saved what-if: changes to projects (shift delivery, hardness, segments), never applied
    to the stored data. ``wijzigingen``: a list of {"projectcode", "verschuiving",
    "hardheid", "segmenten"}."""

    kader = models.ForeignKey(Afsprakenkader, on_delete=models.CASCADE, related_name="scenarios")
    naam = models.CharField(_("naam"), max_length=100)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    wijzigingen = models.JSONField(_("wijzigingen"), default=list)
    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="+")
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("scenario")
        verbose_name_plural = _("scenario's")
        ordering = ["kader", "naam"]
        constraints = [
            models.UniqueConstraint(
                fields=["kader", "organisatie", "naam"], name="scenario_naam_uniek_per_organisatie"
            )
        ]

    def __str__(self) -> str:
        return self.naam
