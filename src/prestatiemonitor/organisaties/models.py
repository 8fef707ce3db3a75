from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .constants import GebiedSoort, OrganisatieSoort, Rol


class Gebied(models.Model):
    """A gemeente (with its CBS code) and the kernen and buurten inside it."""

    naam = models.CharField(_("naam"), max_length=200)
    soort = models.CharField(_("soort"), max_length=20, choices=GebiedSoort.choices)
    cbs_code = models.CharField(
        _("CBS-code"), max_length=12, blank=True, help_text=_("Bijvoorbeeld GM0267 voor Nijkerk.")
    )
    provincie = models.CharField(_("provincie"), max_length=100, blank=True)
    bovenliggend = models.ForeignKey(
        "self",
        verbose_name=_("ligt in"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="onderdelen",
    )

    class Meta:
        verbose_name = _("gebied")
        verbose_name_plural = _("gebieden")
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(
                fields=["cbs_code"], condition=~Q(cbs_code=""), name="gebied_cbs_code_uniek"
            ),
        ]

    def __str__(self) -> str:
        return self.naam


class Organisatie(models.Model):
    """A party: gemeente, woningcorporatie or huurdersorganisatie. Shared across gemeenten."""

    naam = models.CharField(_("naam"), max_length=200)
    korte_naam = models.CharField(
        _("korte naam"), max_length=60, help_text=_("Zoals het document de partij noemt, bv. WSN.")
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    aliassen = models.JSONField(
        _("andere namen"),
        default=list,
        blank=True,
        help_text=_(
            "Namen waaronder documenten deze organisatie ook noemen, bv. 'Stichting de Alliantie'."
        ),
    )
    soort = models.CharField(_("soort"), max_length=30, choices=OrganisatieSoort.choices)
    gemeente = models.ForeignKey(
        Gebied,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="gemeente_organisaties",
        help_text=_(
            "Alleen voor een organisatie van de soort gemeente: het gebied dat zij bestuurt."
        ),
    )
    corporatie = models.ForeignKey(
        "self",
        verbose_name=_("corporatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="huurdersorganisaties",
        limit_choices_to={"soort": OrganisatieSoort.WONINGCORPORATIE},
        help_text=_("Voor een huurdersorganisatie: de corporatie van haar huurders."),
    )

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["naam"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(soort=OrganisatieSoort.HUURDERSORGANISATIE)
                | Q(corporatie__isnull=False),
                name="huurdersorganisatie_heeft_corporatie",
            ),
            models.CheckConstraint(
                condition=Q(soort=OrganisatieSoort.HUURDERSORGANISATIE)
                | Q(corporatie__isnull=True),
                name="alleen_huurdersorganisatie_heeft_corporatie",
            ),
        ]

    def __str__(self) -> str:
        return self.naam


class User(AbstractUser):
    """A person. What they may do follows from their memberships (Lidmaatschap)."""

    organisaties = models.ManyToManyField(
        Organisatie, through="Lidmaatschap", related_name="leden", blank=True
    )

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Lidmaatschap(models.Model):
    user = models.ForeignKey(
        User, verbose_name=_("gebruiker"), on_delete=models.CASCADE, related_name="lidmaatschappen"
    )
    organisatie = models.ForeignKey(
        Organisatie,
        verbose_name=_("organisatie"),
        on_delete=models.CASCADE,
        related_name="lidmaatschappen",
    )
    rol = models.CharField(_("rol"), max_length=20, choices=Rol.choices, default=Rol.LEZER)
    functie = models.CharField(_("functie"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisatie"], name="lidmaatschap_uniek"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisatie} ({self.get_rol_display()})"


class Uitnodiging(models.Model):
    """An invitation to become a member of an organisation, sent by one of its beheerders.

    Nobody becomes a member without accepting: an existing account accepts (or declines) while
    logged in, a new person chooses a password on the invitation page. Only then the
    Lidmaatschap is created. The link carries a random token; only its SHA-256 is stored.
    """

    organisatie = models.ForeignKey(
        Organisatie,
        verbose_name=_("organisatie"),
        on_delete=models.CASCADE,
        related_name="uitnodigingen",
    )
    email = models.EmailField(_("e-mailadres"), max_length=254)
    voornaam = models.CharField(_("voornaam"), max_length=150, blank=True)
    achternaam = models.CharField(_("achternaam"), max_length=150, blank=True)
    rol = models.CharField(_("rol"), max_length=20, choices=Rol.choices, default=Rol.LEZER)
    functie = models.CharField(_("functie"), max_length=200, blank=True)
    token_hash = models.CharField(_("token (SHA-256)"), max_length=64, unique=True)
    uitgenodigd_door = models.ForeignKey(
        User,
        verbose_name=_("uitgenodigd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    verloopt_op = models.DateTimeField(_("verloopt op"))
    aangenomen_op = models.DateTimeField(_("aangenomen op"), null=True, blank=True)
    aangenomen_door = models.ForeignKey(
        User,
        verbose_name=_("aangenomen door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    afgewezen_op = models.DateTimeField(_("afgewezen op"), null=True, blank=True)
    ingetrokken_op = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["-aangemaakt_op"]
        constraints = [
            # One open invitation per address and organisation; inviting again replaces it.
            models.UniqueConstraint(
                fields=["organisatie", "email"],
                condition=Q(
                    aangenomen_op__isnull=True,
                    afgewezen_op__isnull=True,
                    ingetrokken_op__isnull=True,
                ),
                name="uitnodiging_open_uniek",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} – {self.organisatie} ({self.get_rol_display()})"

    @property
    def open(self) -> bool:
        return (
            self.aangenomen_op is None
            and self.afgewezen_op is None
            and (self.ingetrokken_op is None)
        )
