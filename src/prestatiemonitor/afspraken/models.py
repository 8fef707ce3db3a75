import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from prestatiemonitor.organisaties.models import Gebied, Organisatie

from .constants import (
    AfspraakSoort,
    ControleSoort,
    KaderStatus,
    PartijRol,
    WijzigingActie,
)


class AfsprakenkaderQuerySet(models.QuerySet):
    def visible_to(self, user) -> "AfsprakenkaderQuerySet":
        """The one place that decides which kaders a user may read (see permissions.py)."""
        from .permissions import visible_kader_filter

        return self.filter(visible_kader_filter(user))

    def met_brondocument(self) -> "AfsprakenkaderQuerySet":
        """Annotate ``heeft_brondocument``: whether the signed source document is stored (for
        the download link in the footer of every kader page, without a query per page)."""
        return self.annotate(
            heeft_brondocument=models.Exists(
                Brondocument.objects.filter(kader=models.OuterRef("pk"))
            )
        )


class KaderChildQuerySet(models.QuerySet):
    """Querysets of records that hang off a kader share its visibility."""

    kader_path = "kader"

    def visible_to(self, user):
        from .permissions import visible_kader_filter

        return self.filter(visible_kader_filter(user, prefix=f"{self.kader_path}__"))


class ThemaChildQuerySet(KaderChildQuerySet):
    kader_path = "thema__kader"


class Afsprakenkader(models.Model):
    """A gemeente's set of prestatieafspraken for a period (e.g. Nijkerk 2025–2027)."""

    gemeente = models.ForeignKey(
        Gebied, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="kaders"
    )
    titel = models.CharField(_("titel"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    periode_van = models.PositiveSmallIntegerField(_("eerste jaar"))
    periode_tot = models.PositiveSmallIntegerField(_("laatste jaar"))
    ondertekend_op = models.DateField(_("ondertekend op"), null=True, blank=True)
    ondertekend_te = models.CharField(_("ondertekend te"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=KaderStatus.choices, default=KaderStatus.CONCEPT
    )
    gepubliceerd = models.BooleanField(
        _("gepubliceerd"),
        default=False,
        help_text=_("Gepubliceerde kaders zijn zichtbaar voor iedereen, ook zonder inloggen."),
    )
    gepubliceerd_op = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    inleiding = models.TextField(_("inleiding"), blank=True)
    partijen = models.ManyToManyField(
        Organisatie, through="Partij", related_name="kaders", verbose_name=_("partijen")
    )
    bron_bestandsnaam = models.CharField(_("bronbestand"), max_length=255, blank=True)
    bron_sha256 = models.CharField(_("controlegetal bron"), max_length=64, blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = AfsprakenkaderQuerySet.as_manager()

    class Meta:
        verbose_name = _("afsprakenkader")
        verbose_name_plural = _("afsprakenkaders")
        ordering = ["gemeente__naam", "-periode_van"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "periode_van", "periode_tot"], name="kader_uniek_per_periode"
            ),
            models.CheckConstraint(
                condition=Q(periode_tot__gte=models.F("periode_van")), name="kader_periode_geldig"
            ),
        ]

    def __str__(self) -> str:
        return self.titel

    @property
    def periode(self) -> str:
        return f"{self.periode_van}–{self.periode_tot}"


class Partij(models.Model):
    """An organisation that is party to a kader, with the short name the document uses."""

    kader = models.ForeignKey(Afsprakenkader, on_delete=models.CASCADE, related_name="partij_set")
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="partij_set"
    )
    aanduiding = models.CharField(
        _("aanduiding in het document"), max_length=100, help_text=_("Bijvoorbeeld 'WSN'.")
    )
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    objects = KaderChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("partij")
        verbose_name_plural = _("partijen")
        ordering = ["kader", "volgorde"]
        constraints = [
            models.UniqueConstraint(fields=["kader", "organisatie"], name="partij_uniek"),
        ]

    def __str__(self) -> str:
        return self.aanduiding


class Ondertekenaar(models.Model):
    kader = models.ForeignKey(
        Afsprakenkader, on_delete=models.CASCADE, related_name="ondertekenaars"
    )
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organisatie_naam = models.CharField(_("organisatie (zoals ondertekend)"), max_length=200)
    naam = models.CharField(_("naam"), max_length=200)
    functie = models.CharField(_("functie"), max_length=200, blank=True)
    namens = models.CharField(_("namens"), max_length=200, blank=True)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    objects = KaderChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("ondertekenaar")
        verbose_name_plural = _("ondertekenaars")
        ordering = ["kader", "volgorde"]

    def __str__(self) -> str:
        return f"{self.naam} ({self.organisatie_naam})"


class Thema(models.Model):
    kader = models.ForeignKey(Afsprakenkader, on_delete=models.CASCADE, related_name="themas")
    nummer = models.PositiveSmallIntegerField(_("nummer"))
    titel = models.CharField(_("titel"), max_length=300)
    opgave = models.TextField(_("opgave"), blank=True)
    doel = models.TextField(_("doel"), blank=True)

    objects = KaderChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["kader", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["kader", "nummer"], name="thema_nummer_uniek"),
        ]

    def __str__(self) -> str:
        return f"{self.nummer}. {self.titel}"


class Ambitie(models.Model):
    thema = models.ForeignKey(Thema, on_delete=models.CASCADE, related_name="ambities")
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    tekst = models.TextField(_("tekst"))

    objects = ThemaChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ambitie")
        verbose_name_plural = _("ambities")
        ordering = ["thema", "volgorde"]

    def __str__(self) -> str:
        return self.tekst[:80]


class Begrip(models.Model):
    kader = models.ForeignKey(Afsprakenkader, on_delete=models.CASCADE, related_name="begrippen")
    term = models.CharField(_("term"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120)
    definitie = models.TextField(_("definitie"), blank=True)
    zoektermen = models.JSONField(
        _("zoektermen"),
        default=list,
        blank=True,
        help_text=_("Woorden waarmee de term in afspraakteksten wordt herkend (kleine letters)."),
    )
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    objects = KaderChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("begrip")
        verbose_name_plural = _("begrippen")
        ordering = ["kader", "volgorde"]
        constraints = [
            models.UniqueConstraint(fields=["kader", "slug"], name="begrip_slug_uniek"),
        ]

    def __str__(self) -> str:
        return self.term


class BegripOnderdeel(models.Model):
    """Structured sub-item of a begrip, e.g. plan hardness '1A' in group 'hard'."""

    begrip = models.ForeignKey(Begrip, on_delete=models.CASCADE, related_name="onderdelen")
    groep = models.CharField(_("groep"), max_length=100, blank=True)
    code = models.CharField(_("code"), max_length=20, blank=True)
    omschrijving = models.TextField(_("omschrijving"))
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("onderdeel van een begrip")
        verbose_name_plural = _("onderdelen van begrippen")
        ordering = ["begrip", "volgorde"]

    def __str__(self) -> str:
        return f"{self.code} {self.omschrijving}".strip()


class Afspraak(models.Model):
    kader = models.ForeignKey(Afsprakenkader, on_delete=models.CASCADE, related_name="afspraken")
    thema = models.ForeignKey(
        Thema, on_delete=models.PROTECT, related_name="afspraken", null=True, blank=True
    )
    soort = models.CharField(
        _("soort"), max_length=20, choices=AfspraakSoort.choices, default=AfspraakSoort.STRATEGISCH
    )
    nummer = models.CharField(
        _("nummer"), max_length=20, help_text=_("Zoals in het document: '7' of '3.2.1'.")
    )
    volgorde = models.PositiveIntegerField(_("volgorde"), default=0)
    tekst = models.TextField(_("tekst"))
    partijen = models.ManyToManyField(
        Organisatie,
        through="AfspraakPartij",
        related_name="afspraken",
        verbose_name=_("betrokken partijen"),
        blank=True,
    )
    trekker = models.ForeignKey(
        Organisatie,
        verbose_name=_("trekker"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="getrokken_afspraken",
    )
    jaar = models.PositiveSmallIntegerField(
        _("jaar"), null=True, blank=True, help_text=_("Het jaar of de deadline die de tekst noemt.")
    )
    termijn = models.CharField(
        _("termijn"),
        max_length=200,
        blank=True,
        help_text=_("De termijn zoals de tekst hem noemt."),
    )
    begrippen = models.ManyToManyField(
        Begrip, related_name="afspraken", blank=True, verbose_name=_("gebruikte begrippen")
    )

    objects = KaderChildQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["volgorde"])

    class Meta:
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        ordering = ["kader", "soort", "volgorde"]
        constraints = [
            models.UniqueConstraint(
                fields=["kader", "soort", "nummer"], name="afspraak_nummer_uniek"
            ),
        ]

    def __str__(self) -> str:
        if self.soort == AfspraakSoort.SYSTEMATIEK:
            return f"Systematiek {self.nummer}"
        return f"Afspraak {self.nummer}"


class AfspraakPartij(models.Model):
    afspraak = models.ForeignKey(Afspraak, on_delete=models.CASCADE, related_name="partij_links")
    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="+")
    herkenning = models.CharField(_("herkend via"), max_length=20, default="genoemd")
    herkend_woord = models.CharField(_("herkend woord"), max_length=100, blank=True)
    rol = models.CharField(
        _("rol"),
        max_length=20,
        choices=PartijRol.choices,
        default=PartijRol.UITVOEREND,
        help_text=_(
            "Uitvoerend: de partij wordt genoemd als degene die handelt (of is trekker). "
            "Betrokken: alleen via 'we' of 'partijen'."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("betrokken partij")
        verbose_name_plural = _("betrokken partijen")
        constraints = [
            models.UniqueConstraint(
                fields=["afspraak", "organisatie"], name="afspraakpartij_uniek"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.afspraak}: {self.organisatie}"


class Convenant(models.Model):
    kader = models.ForeignKey(Afsprakenkader, on_delete=models.CASCADE, related_name="convenanten")
    naam = models.CharField(_("naam"), max_length=300)
    jaar = models.PositiveSmallIntegerField(_("jaar"), null=True, blank=True)
    jaar_tot = models.PositiveSmallIntegerField(_("tot en met"), null=True, blank=True)
    partijnamen = models.JSONField(_("partijen zoals genoemd"), default=list, blank=True)
    partijen = models.ManyToManyField(
        Organisatie, related_name="convenanten", blank=True, verbose_name=_("herkende partijen")
    )
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    objects = KaderChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("convenant")
        verbose_name_plural = _("convenanten")
        ordering = ["kader", "volgorde"]

    def __str__(self) -> str:
        return self.naam


class Tabel(models.Model):
    """A table printed in the document, kept as data, with the result of the sum checks."""

    kader = models.ForeignKey(Afsprakenkader, on_delete=models.CASCADE, related_name="tabellen")
    thema = models.ForeignKey(
        Thema, on_delete=models.SET_NULL, null=True, blank=True, related_name="tabellen"
    )
    nummer = models.CharField(_("nummer"), max_length=20)
    titel = models.CharField(_("titel"), max_length=400)
    kolommen = models.JSONField(_("kolommen"), default=list)
    # Derived: the texts of the footnotes printed under the table, without their numbers. The
    # footnotes themselves are Voetnoot rows linked through Voetnoot.tabellen.
    voetnoot = models.TextField(_("voetnoot"), blank=True)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    objects = KaderChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("tabel")
        verbose_name_plural = _("tabellen")
        ordering = ["kader", "volgorde"]
        constraints = [
            models.UniqueConstraint(fields=["kader", "nummer"], name="tabel_nummer_uniek"),
        ]

    def __str__(self) -> str:
        return f"Tabel {self.nummer} | {self.titel}"


class TabelRij(models.Model):
    tabel = models.ForeignKey(Tabel, on_delete=models.CASCADE, related_name="rijen")
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    label = models.CharField(_("label"), max_length=200)
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_totaal = models.BooleanField(_("totaalrij"), default=False)
    waarden = models.JSONField(
        _("waarden"), default=list, help_text=_("Per kolom een getal, of null voor een lege cel.")
    )

    class Meta:
        verbose_name = _("tabelrij")
        verbose_name_plural = _("tabelrijen")
        ordering = ["tabel", "volgorde"]

    def __str__(self) -> str:
        return self.label


class TabelControle(models.Model):
    """One printed figure of a table that does not match the sum the importer computed.

    Written once by the importer's table check; pages and exports read these rows and never
    recompute the sums."""

    tabel = models.ForeignKey(Tabel, on_delete=models.CASCADE, related_name="controle_set")
    soort = models.CharField(_("soort"), max_length=20, choices=ControleSoort.choices)
    rij = models.CharField(_("rij"), max_length=200)
    kolom = models.CharField(_("kolom"), max_length=200)
    gedrukt = models.DecimalField(_("gedrukt"), max_digits=14, decimal_places=2)
    berekend = models.DecimalField(_("berekend"), max_digits=14, decimal_places=2)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("tabelcontrole")
        verbose_name_plural = _("tabelcontroles")
        ordering = ["tabel", "volgorde"]

    def __str__(self) -> str:
        return f"Tabel {self.tabel.nummer}, {self.rij} / {self.kolom}: {self.gedrukt} ≠ {self.berekend}"


class Tekstblok(models.Model):
    """Document text that is not an afspraak, ambitie or begrip (e.g. 'Monitoren beschikbaarheid')."""

    kader = models.ForeignKey(Afsprakenkader, on_delete=models.CASCADE, related_name="tekstblokken")
    thema = models.ForeignKey(
        Thema, on_delete=models.CASCADE, null=True, blank=True, related_name="tekstblokken"
    )
    titel = models.CharField(_("titel"), max_length=300)
    tekst = models.TextField(_("tekst"))
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    objects = KaderChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("tekstblok")
        verbose_name_plural = _("tekstblokken")
        ordering = ["kader", "volgorde"]

    def __str__(self) -> str:
        return self.titel


class Voetnoot(models.Model):
    kader = models.ForeignKey(Afsprakenkader, on_delete=models.CASCADE, related_name="voetnoten")
    nummer = models.CharField(_("nummer"), max_length=10)
    tekst = models.TextField(_("tekst"))
    # Where the footnote marker stood: one footnote may annotate several records (footnote 1
    # of the Nijkerk document belongs to Tabel 1 and Tabel 2).
    afspraken = models.ManyToManyField(
        "Afspraak", related_name="voetnoten", blank=True, verbose_name=_("bij afspraken")
    )
    ambities = models.ManyToManyField(
        Ambitie, related_name="voetnoten", blank=True, verbose_name=_("bij ambities")
    )
    tabellen = models.ManyToManyField(
        Tabel, related_name="voetnoten", blank=True, verbose_name=_("bij tabellen")
    )
    tekstblokken = models.ManyToManyField(
        "Tekstblok", related_name="voetnoten", blank=True, verbose_name=_("bij tekstblokken")
    )
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    objects = KaderChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("voetnoot")
        verbose_name_plural = _("voetnoten")
        ordering = ["kader", "id"]

    def __str__(self) -> str:
        return f"{self.nummer}) {self.tekst[:60]}"


class Bijstelling(models.Model):
    """A recorded decision that changed the register (e.g. after a changed document import)."""

    kader = models.ForeignKey(
        Afsprakenkader, on_delete=models.CASCADE, related_name="bijstellingen"
    )
    datum = models.DateField(_("datum besluit"))
    reden = models.TextField(_("reden"))
    besloten_in = models.CharField(
        _("besloten in"), max_length=200, blank=True, help_text=_("Bv. bestuurlijk overleg breed.")
    )
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    vastgelegd_op = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    objects = KaderChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("bijstelling")
        verbose_name_plural = _("bijstellingen")
        ordering = ["kader", "-datum", "-id"]

    def __str__(self) -> str:
        return f"Bijstelling {self.datum:%d-%m-%Y}"


class BijstellingWijziging(models.Model):
    """One changed part of the register within a bijstelling, with its old and new value.

    ``onderdeel`` names the kind of record (kader, thema, ambitie, afspraak, systematiek,
    begrip, convenant, tabel, …), ``sleutel`` which one (e.g. "7"), ``veld`` the field that
    changed (empty for a record added or removed as a whole)."""

    bijstelling = models.ForeignKey(
        Bijstelling, on_delete=models.CASCADE, related_name="wijziging_set"
    )
    afspraak = models.ForeignKey(
        "Afspraak",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bijstelling_wijzigingen",
        help_text=_("De afspraak die deze wijziging raakt, als het om een afspraak gaat."),
    )
    onderdeel = models.CharField(_("onderdeel"), max_length=30)
    sleutel = models.CharField(_("sleutel"), max_length=200, blank=True)
    actie = models.CharField(_("actie"), max_length=20, choices=WijzigingActie.choices)
    veld = models.CharField(_("veld"), max_length=50, blank=True)
    oud = models.TextField(_("oude waarde"), blank=True)
    nieuw = models.TextField(_("nieuwe waarde"), blank=True)
    volgorde = models.PositiveIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("wijziging in een bijstelling")
        verbose_name_plural = _("wijzigingen in bijstellingen")
        ordering = ["bijstelling", "volgorde"]

    def __str__(self) -> str:
        veld = f" ({self.veld})" if self.veld else ""
        return f"{self.onderdeel} {self.sleutel}: {self.get_actie_display()}{veld}"


class Brondocument(models.Model):
    """The bytes of an imported document: the signed source a reader can download, and the
    base of the three-way comparison when a later version is imported."""

    kader = models.ForeignKey(
        Afsprakenkader, on_delete=models.CASCADE, related_name="brondocumenten"
    )
    bestandsnaam = models.CharField(_("bestandsnaam"), max_length=255)
    sha256 = models.CharField(_("controlegetal"), max_length=64)
    inhoud = models.BinaryField(_("inhoud"))
    geimporteerd_op = models.DateTimeField(_("geïmporteerd op"), auto_now_add=True)

    objects = KaderChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("brondocument")
        verbose_name_plural = _("brondocumenten")
        ordering = ["kader", "-geimporteerd_op", "-id"]

    def __str__(self) -> str:
        return self.bestandsnaam


class ImportVerslag(models.Model):
    """What one import of a document did, with every message (warnings, sum mismatches, unplaced)."""

    kader = models.ForeignKey(
        Afsprakenkader, on_delete=models.CASCADE, related_name="importverslagen"
    )
    bestandsnaam = models.CharField(_("bestandsnaam"), max_length=255)
    bron_sha256 = models.CharField(_("controlegetal"), max_length=64)
    uitgevoerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uitgevoerd_op = models.DateTimeField(_("uitgevoerd op"), auto_now_add=True)
    samenvatting = models.JSONField(_("samenvatting"), default=dict)
    meldingen = models.JSONField(_("meldingen"), default=list)
    bijstelling = models.ForeignKey(
        Bijstelling, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = KaderChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("importverslag")
        verbose_name_plural = _("importverslagen")
        ordering = ["kader", "-uitgevoerd_op"]

    def __str__(self) -> str:
        return f"{self.bestandsnaam} ({self.uitgevoerd_op:%d-%m-%Y %H:%M})"


class ImportConcept(models.Model):
    """An uploaded document waiting for the beheerder's confirmation (the preview step).

    Kept server-side so the confirmation imports exactly the bytes that were previewed.
    """

    token = models.UUIDField(_("kenmerk"), default=uuid.uuid4, unique=True, editable=False)
    gemeente = models.ForeignKey(
        Gebied, verbose_name=_("gemeente"), on_delete=models.CASCADE, related_name="+"
    )
    bestandsnaam = models.CharField(_("bestandsnaam"), max_length=255)
    inhoud = models.BinaryField(_("inhoud"))
    # The parse of the upload (ParsedDocument as JSON) and of the base of the three-way
    # comparison, so the preview and the confirmation do not parse again.
    document = models.JSONField(_("gelezen document"), null=True, blank=True)
    basis_document = models.JSONField(_("gelezen vorig document"), null=True, blank=True)
    basis_sha256 = models.CharField(_("controlegetal vorig document"), max_length=64, blank=True)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("importconcept")
        verbose_name_plural = _("importconcepten")
        ordering = ["-aangemaakt_op"]

    def __str__(self) -> str:
        return f"{self.bestandsnaam} ({self.gemeente})"
