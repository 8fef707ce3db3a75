"""The data of the beschikbaarheidsmonitor: lettings, seekers, the statushouder target and the
social stock per kern, each delivered as a file (``uitwisseling.py``, docs/woonruimte.md).

- ``Aanlevering``: one delivery of one organisation (a file, its sha256, how many rows, who
  and when). Every record points to the delivery that last wrote it, so a delivery can be
  shown, exported and replaced.
- ``Toewijzing``: one letting, no personal data. Lettings have no natural key: a new delivery
  of a corporation *replaces* its lettings in the years the delivery covers.
- ``Woningzoekenden``, ``TaakstellingStatushouders``, ``SocialeVoorraad``: aggregates with a
  natural key (the unique constraints below); a delivery upserts them.

Visibility: every record hangs off an afsprakenkader (``visible_to``: the kader's visibility).
Detail (``in_detail``, the export): the organisations a record belongs to — a corporation its
own lettings, seekers and stock rows, the gemeente what it delivered — and the site
administrator and SYSTEEM everything. Aggregates for the other parties come with the
indicators (next slice). Writes go through ``services.py`` only.

Lettings carry no simple_history (100.000 rows a delivery): the ``Aanlevering`` and its audit
row are their history. The aggregates, a few dozen rows a year, keep history.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from prestatiemonitor.afspraken.models import Afsprakenkader, KaderChildQuerySet
from prestatiemonitor.jaarschijven.models import MonitorQuerySet
from prestatiemonitor.organisaties.models import Organisatie

from .constants import (
    DEFINITIE_MONITOR_WNR,
    ROUTES_AANDACHTSGROEP,
    Doelgroep,
    Halfjaar,
    Passend,
    Route,
    Segment,
    Soort,
    ZoekendenDoelgroep,
)

JAAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class WoondataQuerySet(KaderChildQuerySet):
    """``in_detail(user)``: the rows the user may see one by one (and export)."""

    organisatie_velden: tuple[str, ...] = ()

    def in_detail(self, user):
        from prestatiemonitor.organisaties.permissions import (
            MONITOR_LEZEN,
            _is_all_powerful,
            organisaties_met,
        )

        zichtbaar = self.visible_to(user)
        if _is_all_powerful(user):
            return zichtbaar
        eigen = organisaties_met(user, MONITOR_LEZEN).values("pk")
        voorwaarde = Q(pk__in=[])
        for veld in self.organisatie_velden:
            voorwaarde |= Q(**{f"{veld}__in": eigen})
        return zichtbaar.filter(voorwaarde)


class AanleveringQuerySet(WoondataQuerySet):
    organisatie_velden = ("organisatie",)


class ToewijzingQuerySet(WoondataQuerySet):
    organisatie_velden = ("corporatie",)


class WoningzoekendenQuerySet(WoondataQuerySet):
    organisatie_velden = ("organisatie",)


class TaakstellingQuerySet(WoondataQuerySet):
    organisatie_velden = ("organisatie",)


class VoorraadQuerySet(WoondataQuerySet):
    organisatie_velden = ("organisatie", "corporatie")


class Aanlevering(models.Model):
    """One delivered file of one organisation (a file with the lettings of two corporations,
    delivered by the site administrator, is two deliveries)."""

    kader = models.ForeignKey(Afsprakenkader, on_delete=models.CASCADE, related_name="+")
    organisatie = models.ForeignKey(
        Organisatie, verbose_name=_("organisatie"), on_delete=models.PROTECT, related_name="+"
    )
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    bestandsnaam = models.CharField(_("bestandsnaam"), max_length=255)
    sha256 = models.CharField(_("controlegetal (SHA-256)"), max_length=64)
    rijen = models.PositiveIntegerField(_("rijen"), default=0)
    jaar_van = models.PositiveSmallIntegerField(_("eerste jaar"), null=True, blank=True)
    jaar_tot = models.PositiveSmallIntegerField(_("laatste jaar"), null=True, blank=True)
    vervangen_door = models.ForeignKey(
        "self",
        verbose_name=_("(deels) vervangen door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    door = models.CharField(_("door"), max_length=150)  # username or "systeem"
    aangeleverd_op = models.DateTimeField(_("aangeleverd op"), auto_now_add=True)
    voorbeeld = models.BooleanField(_("voorbeeld (fictief)"), default=False)

    objects = AanleveringQuerySet.as_manager()

    class Meta:
        verbose_name = _("aanlevering")
        verbose_name_plural = _("aanleveringen")
        ordering = ["-aangeleverd_op", "-pk"]
        indexes = [models.Index(fields=["kader", "soort", "organisatie", "sha256"])]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} {self.bestandsnaam}"


class Toewijzing(models.Model):
    """One letting of a corporation. ``jaar`` is the year of ``datum``, stored for the
    indicators' per-year aggregates."""

    kader = models.ForeignKey(Afsprakenkader, on_delete=models.CASCADE, related_name="+")
    corporatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="+")
    aanlevering = models.ForeignKey(
        Aanlevering, on_delete=models.CASCADE, related_name="toewijzingen"
    )
    datum = models.DateField(_("datum"))
    jaar = models.PositiveSmallIntegerField(_("jaar"), validators=JAAR_VALIDATORS)
    kern = models.CharField(_("kern"), max_length=100)
    buurt = models.CharField(_("buurt"), max_length=100, blank=True)
    segment = models.CharField(_("segment"), max_length=20, choices=Segment.choices)
    huurprijs = models.DecimalField(
        _("huurprijs (euro)"), max_digits=7, decimal_places=2, validators=[MinValueValidator(0)]
    )
    route = models.CharField(_("route"), max_length=20, choices=Route.choices)
    aandachtsgroep = models.BooleanField(_("aandachtsgroep"))
    doelgroep = models.CharField(_("doelgroep"), max_length=10, choices=Doelgroep.choices)
    personen = models.PositiveSmallIntegerField(
        _("personen"), validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
    inkomen_boven_grens = models.BooleanField(_("inkomen boven de DAEB-grens"))
    passend = models.CharField(_("passend"), max_length=3, choices=Passend.choices)
    voorbeeld = models.BooleanField(_("voorbeeld (fictief)"), default=False)

    objects = ToewijzingQuerySet.as_manager()

    class Meta:
        verbose_name = _("toewijzing")
        verbose_name_plural = _("toewijzingen")
        ordering = ["kader", "corporatie", "datum", "pk"]
        indexes = [
            models.Index(fields=["kader", "jaar", "corporatie"]),
            models.Index(fields=["kader", "jaar", "kern", "buurt"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(personen__gte=1), name="toewijzing_personen"),
            models.CheckConstraint(condition=Q(huurprijs__gte=0), name="toewijzing_huurprijs"),
            models.CheckConstraint(
                condition=~Q(route__in=ROUTES_AANDACHTSGROEP) | Q(aandachtsgroep=True),
                name="toewijzing_urgent_is_aandachtsgroep",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.datum} {self.kern} {self.get_route_display()}"


class Woningzoekenden(models.Model):
    """Seekers of one group in one year, from the allocation system (Monitor WNR: slaagkans =
    gehuisvest ÷ actief). ``gehuisvest`` may exceed ``actief`` (direct placements)."""

    kader = models.ForeignKey(Afsprakenkader, on_delete=models.CASCADE, related_name="+")
    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="+")
    aanlevering = models.ForeignKey(
        Aanlevering, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    jaar = models.PositiveSmallIntegerField(_("jaar"), validators=JAAR_VALIDATORS)
    doelgroep = models.CharField(_("doelgroep"), max_length=10, choices=ZoekendenDoelgroep.choices)
    actief = models.PositiveIntegerField(_("actief woningzoekend"))
    gehuisvest = models.PositiveIntegerField(_("gehuisvest"))
    inschrijfduur = models.DecimalField(
        _("inschrijfduur (mediaan, jaren)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    zoekduur = models.DecimalField(
        _("zoekduur (mediaan, jaren)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    reacties_per_woning = models.DecimalField(
        _("reacties per woning"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    definitie = models.CharField(_("definitie"), max_length=100, default=DEFINITIE_MONITOR_WNR)
    aangeleverd = models.BooleanField(
        _("aangeleverd"),
        default=True,
        help_text=_("Aangeleverd uit het woonruimteverdeelsysteem (niet geschat)."),
    )
    voorbeeld = models.BooleanField(_("voorbeeld (fictief)"), default=False)

    history = HistoricalRecords()
    objects = WoningzoekendenQuerySet.as_manager()

    class Meta:
        verbose_name = _("woningzoekenden")
        verbose_name_plural = _("woningzoekenden")
        ordering = ["kader", "organisatie", "jaar", "doelgroep"]
        constraints = [
            models.UniqueConstraint(
                fields=["kader", "organisatie", "jaar", "doelgroep"],
                name="woningzoekenden_uniek",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.jaar} {self.get_doelgroep_display()}"


class TaakstellingStatushouders(models.Model):
    """The persons the Rijk asks the gemeente to house in one half year."""

    kader = models.ForeignKey(Afsprakenkader, on_delete=models.CASCADE, related_name="+")
    organisatie = models.ForeignKey(
        Organisatie,
        verbose_name=_("aangeleverd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    aanlevering = models.ForeignKey(
        Aanlevering, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    jaar = models.PositiveSmallIntegerField(_("jaar"), validators=JAAR_VALIDATORS)
    halfjaar = models.PositiveSmallIntegerField(_("halfjaar"), choices=Halfjaar.choices)
    personen = models.PositiveIntegerField(_("personen"))
    voorbeeld = models.BooleanField(_("voorbeeld (fictief)"), default=False)

    history = HistoricalRecords()
    objects = TaakstellingQuerySet.as_manager()

    class Meta:
        verbose_name = _("taakstelling statushouders")
        verbose_name_plural = _("taakstellingen statushouders")
        ordering = ["kader", "jaar", "halfjaar"]
        constraints = [
            models.UniqueConstraint(
                fields=["kader", "jaar", "halfjaar"], name="taakstelling_uniek"
            ),
            models.CheckConstraint(condition=Q(halfjaar__in=[1, 2]), name="taakstelling_halfjaar"),
        ]

    def __str__(self) -> str:
        return f"{self.jaar}-{self.halfjaar}: {self.personen}"


class SocialeVoorraad(models.Model):
    """The social homes of one corporation in one kern (and buurt) in one year, as the
    gemeente delivers them; the spreiding indicator's denominator."""

    kader = models.ForeignKey(Afsprakenkader, on_delete=models.CASCADE, related_name="+")
    organisatie = models.ForeignKey(
        Organisatie,
        verbose_name=_("aangeleverd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    corporatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="+")
    aanlevering = models.ForeignKey(
        Aanlevering, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    jaar = models.PositiveSmallIntegerField(_("jaar"), validators=JAAR_VALIDATORS)
    kern = models.CharField(_("kern"), max_length=100)
    buurt = models.CharField(_("buurt"), max_length=100, blank=True)
    aantal = models.PositiveIntegerField(_("aantal"))
    voorbeeld = models.BooleanField(_("voorbeeld (fictief)"), default=False)

    history = HistoricalRecords()
    objects = VoorraadQuerySet.as_manager()

    class Meta:
        verbose_name = _("sociale voorraad per kern")
        verbose_name_plural = _("sociale voorraad per kern")
        ordering = ["kader", "jaar", "corporatie", "kern", "buurt"]
        indexes = [models.Index(fields=["kader", "jaar", "kern"])]
        constraints = [
            models.UniqueConstraint(
                fields=["kader", "corporatie", "jaar", "kern", "buurt"], name="voorraad_uniek"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.jaar} {self.kern} {self.buurt}: {self.aantal}"


class Stand(models.TextChoices):
    """Which state of a year's beschikbaarheidsmonitor: mid-year (lettings of January–June,
    the monitor chapter 5 asks for) or the whole year."""

    HALFJAAR = "halfjaar", _("halfjaarstand (januari–juni)")
    JAAR = "jaar", _("heel jaar")


class PublicatieQuerySet(KaderChildQuerySet):
    pass


class Publicatie(models.Model):
    """The gemeente publishes a year's monitor (mid-year or whole year): from then on the
    public sees its aggregates (small numbers suppressed) and the stock labels of peildata in
    that period. Parties see everything, published or not."""

    kader = models.ForeignKey(Afsprakenkader, on_delete=models.CASCADE, related_name="+")
    jaar = models.PositiveSmallIntegerField(_("jaar"), validators=JAAR_VALIDATORS)
    stand = models.CharField(_("stand"), max_length=10, choices=Stand.choices)
    gepubliceerd_op = models.DateTimeField(_("gepubliceerd op"), auto_now_add=True)
    gepubliceerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = PublicatieQuerySet.as_manager()

    class Meta:
        verbose_name = _("publicatie beschikbaarheidsmonitor")
        verbose_name_plural = _("publicaties beschikbaarheidsmonitor")
        ordering = ["kader", "-jaar", "stand"]
        constraints = [
            models.UniqueConstraint(
                fields=["kader", "jaar", "stand"], name="woonruimte_publicatie_uniek"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.jaar} {self.get_stand_display()}"


class MonitorReactieQuerySet(MonitorQuerySet):
    """Reactions are for the parties of the kader (``monitor.lezen``), not the public."""


class MonitorReactie(models.Model):
    """A reaction of a party (the tenants' organisations: ``reactie.plaatsen``) on a year's
    beschikbaarheidsmonitor: what they read in the figures, what they ask or advise."""

    kader = models.ForeignKey(Afsprakenkader, on_delete=models.CASCADE, related_name="+")
    jaar = models.PositiveSmallIntegerField(_("jaar"), validators=JAAR_VALIDATORS)
    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="+")
    tekst = models.TextField(_("reactie"))
    geplaatst_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    geplaatst_op = models.DateTimeField(_("geplaatst op"), auto_now_add=True)

    history = HistoricalRecords()
    objects = MonitorReactieQuerySet.as_manager()

    class Meta:
        verbose_name = _("reactie op de beschikbaarheidsmonitor")
        verbose_name_plural = _("reacties op de beschikbaarheidsmonitor")
        ordering = ["kader", "jaar", "geplaatst_op", "pk"]

    def __str__(self) -> str:
        return f"Reactie {self.jaar} {self.organisatie}"


# How a gemeente defines its doelgroepen (the slaagkans is per doelgroep; the age bounds differ
# per region, DOMAIN.md). Used when the kader records none of its own.
STANDAARD_DOELGROEPEN: dict[str, tuple[str, int | None, int | None]] = {
    ZoekendenDoelgroep.JONGERE: ("jongeren tot 23 jaar", 18, 22),
    ZoekendenDoelgroep.GEZIN: ("huishoudens met kinderen", None, None),
    ZoekendenDoelgroep.SENIOR: ("senioren vanaf 65 jaar", 65, None),
    ZoekendenDoelgroep.URGENT: ("woningzoekenden met een urgentieverklaring", None, None),
    ZoekendenDoelgroep.OVERIG: ("alle andere woningzoekenden", None, None),
}


class Doelgroepdefinitie(models.Model):
    """A kader's own definition of a doelgroep (its age bounds), as the allocation system of the
    region uses it; edited by the site administrator in the beheer."""

    kader = models.ForeignKey(Afsprakenkader, on_delete=models.CASCADE, related_name="+")
    doelgroep = models.CharField(_("doelgroep"), max_length=10, choices=ZoekendenDoelgroep.choices)
    omschrijving = models.CharField(_("omschrijving"), max_length=200)
    leeftijd_van = models.PositiveSmallIntegerField(_("leeftijd vanaf"), null=True, blank=True)
    leeftijd_tot = models.PositiveSmallIntegerField(_("leeftijd tot en met"), null=True, blank=True)

    history = HistoricalRecords()
    objects = KaderChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("definitie van een doelgroep")
        verbose_name_plural = _("definities van doelgroepen")
        ordering = ["kader", "doelgroep"]
        constraints = [
            models.UniqueConstraint(fields=["kader", "doelgroep"], name="doelgroepdefinitie_uniek"),
            models.CheckConstraint(
                condition=Q(leeftijd_van__isnull=True)
                | Q(leeftijd_tot__isnull=True)
                | Q(leeftijd_van__lte=models.F("leeftijd_tot")),
                name="doelgroepdefinitie_leeftijden",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_doelgroep_display()}: {self.omschrijving}"

    @property
    def leeftijden(self) -> str:
        return leeftijden(self.leeftijd_van, self.leeftijd_tot)


def leeftijden(van: int | None, tot: int | None) -> str:
    """'18 t/m 22 jaar', 'vanaf 65 jaar', or ''."""
    if van is not None and tot is not None:
        return f"{van} t/m {tot} jaar"
    if van is not None:
        return f"vanaf {van} jaar"
    if tot is not None:
        return f"tot en met {tot} jaar"
    return ""
