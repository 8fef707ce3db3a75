"""The overlegstructuur of a kader and its meetings (docs/overleg.md).

- ``Overleginstellingen``: per kader the parameters of planning (school holiday region, time
  before a reminder, default place).
- ``Overlegvorm``: a kind of meeting with its participants, frequency, months and chair rule
  (ambtelijk overleg smal, …, informatieavond); another gemeente edits these to its own.
- ``Mijlpaal``: a point of the jaarcyclus (peilmoment juni, concept jaarschijf, …) that lands
  as an agenda item on the meeting of its overlegvorm in its month.
- ``Jaarplanning``: the meetings of one year, planned in one action, concept until published.
- ``Overleg``: one meeting, with a stable ``uid`` and a ``sequence`` for calendars;
  ``Agendapunt``, ``Overlegdocument``, ``Aanwezigheid``, ``Besluit`` and ``Actiepunt`` hang off
  it.
- ``AgendaFeed``: a secret calendar address of an organisation or a person (the token is kept
  only as a hash); ``Herinnering``: every reminder e-mail, once per key and address.

Who sees a meeting (``OverlegQuerySet.visible_to``): the gemeente's members (party to the
kader, ``monitor.lezen``) all meetings, concept planning included; the corporations' members
the published meetings of forms with corporations; the tenants' organisations' members the
published meetings of forms with tenants (the *breed* overleggen and the informatieavond).
The public sees no meetings, only the decisions the gemeente published (``Besluit.openbaar``).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from prestatiemonitor.afspraken.models import Afspraak, Afsprakenkader, Bijstelling
from prestatiemonitor.jaarschijven.models import Activiteit, Jaarschijf, Peilmoment, bijlagen_opslag
from prestatiemonitor.organisaties.constants import OrganisatieSoort
from prestatiemonitor.organisaties.models import Organisatie
from prestatiemonitor.planmonitor.models import Peiling

from .constants import (
    MAANDNAMEN,
    ActiepuntStatus,
    HerinneringSoort,
    MijlpaalSoort,
    OverlegStatus,
    PlanningStatus,
    Schoolregio,
    VoorzitterRegel,
    VormSoort,
    Weekdag,
)

JAAR = [MinValueValidator(2000), MaxValueValidator(2100)]
MAAND = [MinValueValidator(1), MaxValueValidator(12)]


# ---------------------------------------------------------------------------------------------
# Visibility


def deelnemer_filter(organisaties, prefix: str = "") -> Q:
    """Q over Overleg (or, with ``prefix`` 'overleg__', over records hanging off one): the
    meetings the given organisations take part in. ``organisaties``: (pk, soort) pairs.

    A gemeente sees all meetings of the kaders it is party to, concept planning included; a
    corporation the published meetings of forms with corporations; a tenants' organisation the
    published meetings of forms with tenants."""
    from prestatiemonitor.afspraken.models import Partij

    per_soort: dict[str, list[int]] = {}
    for pk, soort in organisaties:
        per_soort.setdefault(soort, []).append(pk)
    q = Q(pk__in=[])
    for soort, pks in per_soort.items():
        kaders = Partij.objects.filter(organisatie_id__in=pks).values("kader_id")
        voorwaarde = Q(**{f"{prefix}kader_id__in": kaders})
        if soort == OrganisatieSoort.GEMEENTE:
            q |= voorwaarde
            continue
        voorwaarde &= Q(**{f"{prefix}planning__status": PlanningStatus.GEPUBLICEERD})
        if soort == OrganisatieSoort.WONINGCORPORATIE:
            q |= voorwaarde & Q(**{f"{prefix}met_corporaties": True})
        elif soort == OrganisatieSoort.HUURDERSORGANISATIE:
            q |= voorwaarde & Q(**{f"{prefix}met_huurders": True})
    return q


def overleg_filter(user, prefix: str = "") -> Q:
    """The meetings ``user`` may see, as a Q (see the module docstring)."""
    from prestatiemonitor.organisaties import permissions as p

    if p._is_all_powerful(user):
        return Q(**{f"{prefix}id__isnull": False})
    if not p._is_person(user):
        return Q(pk__in=[])
    organisaties = p.organisaties_met(user, p.MONITOR_LEZEN).values_list("pk", "soort")
    return deelnemer_filter(organisaties, prefix)


class OverlegQuerySet(models.QuerySet):
    prefix = ""

    def visible_to(self, user):
        from prestatiemonitor.afspraken.permissions import visible_kader_filter

        kader = f"{self.prefix}kader__"
        return self.filter(visible_kader_filter(user, prefix=kader)).filter(
            overleg_filter(user, self.prefix)
        )

    def voor_organisatie(self, organisatie: Organisatie):
        """What the organisation's calendar feed shows."""
        return self.filter(deelnemer_filter([(organisatie.pk, organisatie.soort)], self.prefix))


class OverlegChildQuerySet(OverlegQuerySet):
    prefix = "overleg__"


class BesluitQuerySet(OverlegChildQuerySet):
    def visible_to(self, user):
        """The meeting's participants, and everyone for a decision the gemeente published."""
        from prestatiemonitor.afspraken.permissions import visible_kader_filter

        return self.filter(visible_kader_filter(user, prefix="overleg__kader__")).filter(
            overleg_filter(user, "overleg__") | Q(openbaar=True)
        )


# ---------------------------------------------------------------------------------------------
# The structure


class Overleginstellingen(models.Model):
    kader = models.OneToOneField(
        Afsprakenkader, on_delete=models.CASCADE, related_name="overleginstellingen"
    )
    schoolregio = models.CharField(
        _("regio schoolvakanties"),
        max_length=10,
        choices=Schoolregio.choices,
        default=Schoolregio.MIDDEN,
        blank=True,
        help_text=_("Het plannen vermijdt de schoolvakanties van deze regio."),
    )
    locatie = models.CharField(_("standaardlocatie"), max_length=200, blank=True)
    herinnering_dagen = models.PositiveSmallIntegerField(
        _("herinnering (dagen vooraf)"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Zoveel dagen voor een overleg of deadline gaat de herinnering per e-mail."),
    )

    class Meta:
        verbose_name = _("overleginstellingen")
        verbose_name_plural = _("overleginstellingen")

    def __str__(self) -> str:
        return f"Overleginstellingen {self.kader}"


class Overlegvorm(models.Model):
    kader = models.ForeignKey(
        Afsprakenkader, on_delete=models.CASCADE, related_name="overlegvormen"
    )
    naam = models.CharField(
        _("naam"),
        max_length=100,
        help_text=_("Zoals het document het noemt, bv. 'ambtelijk overleg smal'."),
    )
    soort = models.CharField(_("soort"), max_length=20, choices=VormSoort.choices)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    met_corporaties = models.BooleanField(_("met de woningcorporaties"), default=True)
    met_huurders = models.BooleanField(
        _("met de huurdersorganisaties"),
        default=False,
        help_text=_("'Breed': ook de huurdersorganisaties nemen deel en zien het overleg."),
    )
    per_jaar = models.PositiveSmallIntegerField(
        _("aantal per jaar"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    maanden = models.JSONField(
        _("maanden"),
        default=list,
        blank=True,
        help_text=_("De maand van elk overleg (1–12); leeg: gelijk over het jaar verdeeld."),
    )
    weekdag = models.PositiveSmallIntegerField(
        _("voorkeursdag"), choices=Weekdag.choices, default=Weekdag.DINSDAG
    )
    week = models.PositiveSmallIntegerField(
        _("voorkeursweek van de maand"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    aanvang = models.TimeField(_("aanvang"))
    duur_minuten = models.PositiveSmallIntegerField(
        _("duur (minuten)"), default=90, validators=[MinValueValidator(15), MaxValueValidator(600)]
    )
    voorzitter_regel = models.CharField(
        _("voorzitterschap"), max_length=20, choices=VoorzitterRegel.choices
    )
    voorzitter = models.ForeignKey(
        Organisatie,
        verbose_name=_("voorzitter (partij)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    voorzitter_functie = models.CharField(_("functie voorzitter"), max_length=100, blank=True)
    plaatsvervanger = models.ForeignKey(
        Organisatie,
        verbose_name=_("plaatsvervanger / tweede voorzitter (partij)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    plaatsvervanger_functie = models.CharField(
        _("functie plaatsvervanger"), max_length=100, blank=True
    )
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    history = HistoricalRecords()

    # What the gemeente edits (the form and the service share this list).
    BEWERKBAAR = (
        "naam",
        "soort",
        "omschrijving",
        "met_corporaties",
        "met_huurders",
        "per_jaar",
        "maanden",
        "weekdag",
        "week",
        "aanvang",
        "duur_minuten",
        "voorzitter_regel",
        "voorzitter",
        "voorzitter_functie",
        "plaatsvervanger",
        "plaatsvervanger_functie",
        "volgorde",
    )

    class Meta:
        verbose_name = _("overlegvorm")
        verbose_name_plural = _("overlegvormen")
        ordering = ["kader", "volgorde", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["kader", "naam"], name="overlegvorm_naam_uniek"),
        ]

    def __str__(self) -> str:
        return self.naam

    @property
    def breed(self) -> bool:
        return self.met_huurders

    def clean(self) -> None:
        fouten: dict[str, str] = {}
        maanden = self.maanden or []
        if not isinstance(maanden, list) or any(
            not isinstance(m, int) or not 1 <= m <= 12 for m in maanden
        ):
            fouten["maanden"] = "Geef de maanden als getallen van 1 tot en met 12."
        elif maanden and len(maanden) != self.per_jaar:
            fouten["maanden"] = (
                f"{len(maanden)} maanden opgegeven voor {self.per_jaar} overleggen per jaar; "
                "geef er evenveel, of laat het veld leeg."
            )
        elif len(set(maanden)) != len(maanden):
            fouten["maanden"] = "Elke maand één keer: twee overleggen van één vorm in één maand "
            "plant u als twee overlegvormen."
        if self.voorzitter_regel == VoorzitterRegel.AFWISSELEND and not self.plaatsvervanger_id:
            fouten["plaatsvervanger"] = "Bij afwisselend voorzitterschap hoort een tweede partij."
        if self.plaatsvervanger_id and self.plaatsvervanger_id == self.voorzitter_id:
            fouten["plaatsvervanger"] = "De plaatsvervanger is een andere partij dan de voorzitter."
        soorten = self.deelnemer_soorten()
        for veld in ("voorzitter", "plaatsvervanger"):
            org = getattr(self, veld) if getattr(self, f"{veld}_id") else None
            if org is not None and org.soort not in soorten and veld not in fouten:
                fouten[veld] = (
                    f"{org} neemt niet deel aan dit overleg; kies een deelnemende partij of laat "
                    "haar soort deelnemen."
                )
        if fouten:
            raise ValidationError(fouten)

    def deelnemer_soorten(self) -> set[str]:
        soorten = {OrganisatieSoort.GEMEENTE.value}
        if self.met_corporaties:
            soorten.add(OrganisatieSoort.WONINGCORPORATIE.value)
        if self.met_huurders:
            soorten.add(OrganisatieSoort.HUURDERSORGANISATIE.value)
        return soorten

    def plan_maanden(self) -> list[int]:
        """The months of the year's meetings: as set, or spread evenly (ending in December
        for 1, 2, 3, 4, 6 or 12 a year)."""
        if self.maanden:
            return sorted(self.maanden)
        stap = 12 / self.per_jaar
        return [round(stap * (i + 1)) for i in range(self.per_jaar)]


class Mijlpaal(models.Model):
    kader = models.ForeignKey(Afsprakenkader, on_delete=models.CASCADE, related_name="mijlpalen")
    soort = models.CharField(_("soort"), max_length=30, choices=MijlpaalSoort.choices)
    naam = models.CharField(
        _("agendapunt"),
        max_length=200,
        help_text=_("{jaar} wordt het jaar van de planning, {volgend_jaar} het jaar erna."),
    )
    overlegvorm = models.ForeignKey(
        Overlegvorm, verbose_name=_("overleg"), on_delete=models.CASCADE, related_name="mijlpalen"
    )
    maand = models.PositiveSmallIntegerField(_("maand"), validators=MAAND)
    alleen_laatste_jaar = models.BooleanField(
        _("alleen in het laatste jaar van het kader"), default=False
    )
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("mijlpaal van de jaarcyclus")
        verbose_name_plural = _("mijlpalen van de jaarcyclus")
        ordering = ["kader", "maand", "volgorde", "pk"]

    def __str__(self) -> str:
        return self.naam

    def clean(self) -> None:
        if self.overlegvorm_id and self.maand and self.maand not in self.overlegvorm.plan_maanden():
            maanden = ", ".join(MAANDNAMEN[m] for m in self.overlegvorm.plan_maanden())
            raise ValidationError(
                {
                    "maand": f"Het {self.overlegvorm.naam} vergadert niet in "
                    f"{MAANDNAMEN[self.maand]} (wel in {maanden}); kies een van die maanden of "
                    "pas de maanden van het overleg aan."
                }
            )

    @property
    def titel_zonder_jaar(self) -> str:
        return self.naam.replace("{jaar}", "(jaar)").replace("{volgend_jaar}", "(volgend jaar)")

    def titel(self, jaar: int) -> str:
        return self.naam.replace("{jaar}", str(jaar)).replace("{volgend_jaar}", str(jaar + 1))


# ---------------------------------------------------------------------------------------------
# The year's meetings


class JaarplanningQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A planning is seen by whoever sees one of its meetings, or plans them."""
        return self.filter(pk__in=Overleg.objects.visible_to(user).values("planning_id"))


class Jaarplanning(models.Model):
    kader = models.ForeignKey(
        Afsprakenkader, on_delete=models.CASCADE, related_name="jaarplanningen"
    )
    jaar = models.PositiveSmallIntegerField(_("jaar"), validators=JAAR)
    status = models.CharField(
        _("status"), max_length=20, choices=PlanningStatus.choices, default=PlanningStatus.CONCEPT
    )
    gepland_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    gepland_op = models.DateTimeField(_("gepland op"), auto_now_add=True)
    gepubliceerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    gepubliceerd_op = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)

    objects = JaarplanningQuerySet.as_manager()

    class Meta:
        verbose_name = _("jaarplanning")
        verbose_name_plural = _("jaarplanningen")
        ordering = ["kader", "jaar"]
        constraints = [
            models.UniqueConstraint(fields=["kader", "jaar"], name="jaarplanning_uniek"),
        ]

    def __str__(self) -> str:
        return f"Jaarplanning {self.jaar}"

    @property
    def gepubliceerd(self) -> bool:
        return self.status == PlanningStatus.GEPUBLICEERD


class Overleg(models.Model):
    kader = models.ForeignKey(Afsprakenkader, on_delete=models.CASCADE, related_name="overleggen")
    planning = models.ForeignKey(Jaarplanning, on_delete=models.CASCADE, related_name="overleggen")
    overlegvorm = models.ForeignKey(
        Overlegvorm, on_delete=models.PROTECT, related_name="overleggen"
    )
    volgnummer = models.PositiveSmallIntegerField(_("volgnummer in het jaar"))
    # Who takes part and the title, as the overlegvorm was when the year was planned: a later
    # change of the form (say, from smal to breed) does not change who saw a past meeting.
    titel = models.CharField(_("titel"), max_length=200)
    met_corporaties = models.BooleanField(_("met de woningcorporaties"), default=True)
    met_huurders = models.BooleanField(_("met de huurdersorganisaties"), default=False)
    datum = models.DateField(_("datum"))
    aanvang = models.TimeField(_("aanvang"))
    einde = models.TimeField(_("einde"))
    locatie = models.CharField(_("locatie"), max_length=200, blank=True)
    voorzitter = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="+", verbose_name=_("voorzitter")
    )
    plaatsvervanger = models.ForeignKey(
        Organisatie,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("plaatsvervanger"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=OverlegStatus.choices, default=OverlegStatus.GEPLAND
    )
    reden_wijziging = models.CharField(
        _("reden van de laatste wijziging"), max_length=300, blank=True
    )
    uid = models.UUIDField(_("agenda-UID"), default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(
        _("versie in agenda's"),
        default=0,
        help_text=_("Telt op bij elke wijziging na publicatie (iCalendar SEQUENCE)."),
    )
    verslag = models.TextField(_("verslag"), blank=True)
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = OverlegQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["gewijzigd_op"])

    class Meta:
        verbose_name = _("overleg")
        verbose_name_plural = _("overleggen")
        ordering = ["datum", "aanvang", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["planning", "overlegvorm", "volgnummer"], name="overleg_volgnummer_uniek"
            ),
            models.CheckConstraint(
                condition=Q(einde__gt=models.F("aanvang")), name="overleg_einde_na_aanvang"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.titel} ({self.datum:%d-%m-%Y})"

    @staticmethod
    def maak_titel(vorm: Overlegvorm, volgnummer: int) -> str:
        naam = vorm.naam[:1].upper() + vorm.naam[1:]
        if vorm.per_jaar > 1:
            return f"{naam} {volgnummer}/{vorm.per_jaar}"
        return naam

    @property
    def afgelast(self) -> bool:
        return self.status == OverlegStatus.AFGELAST

    @property
    def functies(self) -> tuple[str, str]:
        """The functions of the chair and the deputy (from the overlegvorm; with a rotation the
        two parties swap, and their functions with them)."""
        vorm = self.overlegvorm
        if self.voorzitter_id == vorm.voorzitter_id:
            return vorm.voorzitter_functie, vorm.plaatsvervanger_functie
        return vorm.plaatsvervanger_functie, vorm.voorzitter_functie

    def clean(self) -> None:
        if self.planning_id and self.kader_id and self.planning.kader_id != self.kader_id:
            raise ValidationError("Het overleg hoort bij het kader van zijn jaarplanning.")
        if self.datum and self.planning_id and self.datum.year != self.planning.jaar:
            raise ValidationError(
                {
                    "datum": f"Een overleg van de jaarplanning {self.planning.jaar} valt in {self.planning.jaar}."
                }
            )


class Agendapunt(models.Model):
    overleg = models.ForeignKey(Overleg, on_delete=models.CASCADE, related_name="agendapunten")
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    titel = models.CharField(_("titel"), max_length=300)
    toelichting = models.TextField(_("toelichting"), blank=True)
    mijlpaal = models.ForeignKey(
        Mijlpaal, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    afspraak = models.ForeignKey(
        Afspraak, on_delete=models.SET_NULL, null=True, blank=True, related_name="agendapunten"
    )
    activiteit = models.ForeignKey(
        Activiteit, on_delete=models.SET_NULL, null=True, blank=True, related_name="agendapunten"
    )
    peilmoment = models.ForeignKey(
        Peilmoment, on_delete=models.SET_NULL, null=True, blank=True, related_name="agendapunten"
    )
    jaarschijf = models.ForeignKey(
        Jaarschijf, on_delete=models.SET_NULL, null=True, blank=True, related_name="agendapunten"
    )
    peiling = models.ForeignKey(
        Peiling,
        verbose_name=_("planmonitorronde"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agendapunten",
    )

    objects = OverlegChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")
        ordering = ["overleg", "volgorde", "pk"]

    def __str__(self) -> str:
        return self.titel


class Overlegdocument(models.Model):
    """A document for a meeting; the file lives outside the web root (BIJLAGEN_ROOT) and is
    served only to the meeting's participants."""

    overleg = models.ForeignKey(Overleg, on_delete=models.PROTECT, related_name="documenten")
    agendapunt = models.ForeignKey(
        Agendapunt, on_delete=models.SET_NULL, null=True, blank=True, related_name="documenten"
    )
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="+", verbose_name=_("ingebracht door")
    )
    bestand = models.FileField(_("bestand"), storage=bijlagen_opslag, upload_to="overleg/%Y/")
    bestandsnaam = models.CharField(_("bestandsnaam"), max_length=255)
    mediatype = models.CharField(_("soort bestand"), max_length=100)
    grootte = models.PositiveIntegerField(_("grootte (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    geupload_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    geupload_op = models.DateTimeField(_("geüpload op"), auto_now_add=True)

    objects = OverlegChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("overlegdocument")
        verbose_name_plural = _("overlegdocumenten")
        ordering = ["overleg", "geupload_op", "pk"]

    def __str__(self) -> str:
        return self.bestandsnaam


class Aanwezigheid(models.Model):
    overleg = models.ForeignKey(Overleg, on_delete=models.CASCADE, related_name="aanwezigheid")
    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="+")
    aanwezig = models.BooleanField(_("aanwezig"), default=True)
    namen = models.CharField(
        _("namens de partij aanwezig"),
        max_length=300,
        blank=True,
        help_text=_("Namen of functies."),
    )

    objects = OverlegChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("aanwezigheid")
        verbose_name_plural = _("aanwezigheid")
        ordering = ["overleg", "organisatie__naam"]
        constraints = [
            models.UniqueConstraint(fields=["overleg", "organisatie"], name="aanwezigheid_uniek"),
        ]

    def __str__(self) -> str:
        return f"{self.organisatie}: {'aanwezig' if self.aanwezig else 'afwezig'}"


class Besluit(models.Model):
    """One line of a meeting's besluitenlijst. A decision that amends an afspraak points to the
    bijstelling that records the amendment (``bijstelling``), not to a second copy of it."""

    overleg = models.ForeignKey(Overleg, on_delete=models.PROTECT, related_name="besluiten")
    agendapunt = models.ForeignKey(
        Agendapunt, on_delete=models.SET_NULL, null=True, blank=True, related_name="besluiten"
    )
    nummer = models.PositiveSmallIntegerField(_("nummer"))
    tekst = models.TextField(_("besluit"))
    afspraak = models.ForeignKey(
        Afspraak, on_delete=models.SET_NULL, null=True, blank=True, related_name="besluiten"
    )
    activiteit = models.ForeignKey(
        Activiteit, on_delete=models.SET_NULL, null=True, blank=True, related_name="besluiten"
    )
    peilmoment = models.ForeignKey(
        Peilmoment, on_delete=models.SET_NULL, null=True, blank=True, related_name="besluiten"
    )
    peiling = models.ForeignKey(
        Peiling,
        verbose_name=_("planmonitorronde"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="besluiten",
    )
    bijstelling = models.ForeignKey(
        Bijstelling,
        verbose_name=_("bijstelling van de afspraken"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="besluiten",
    )
    onderwerp = models.CharField(
        _("over"),
        max_length=300,
        blank=True,
        help_text=_(
            "Waarover het besluit gaat, zoals het heette toen het werd vastgelegd (blijft staan "
            "als de afspraak of activiteit later verdwijnt)."
        ),
    )
    openbaar = models.BooleanField(
        _("openbaar"),
        default=False,
        help_text=_("Door de gemeente gepubliceerd: iedereen ziet dit besluit."),
    )
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    vastgelegd_op = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    objects = BesluitQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")
        ordering = ["overleg__datum", "overleg_id", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["overleg", "nummer"], name="besluit_nummer_uniek"),
        ]

    def __str__(self) -> str:
        return f"Besluit {self.nummer} van {self.overleg}"


class Actiepunt(models.Model):
    """An action agreed in a meeting; while open it returns on the agenda of the next meeting
    of the same overlegvorm (computed, not copied)."""

    overleg = models.ForeignKey(Overleg, on_delete=models.PROTECT, related_name="actiepunten")
    omschrijving = models.TextField(_("actie"))
    eigenaar = models.ForeignKey(
        Organisatie,
        on_delete=models.PROTECT,
        related_name="actiepunten",
        verbose_name=_("eigenaar"),
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=20, choices=ActiepuntStatus.choices, default=ActiepuntStatus.OPEN
    )
    toelichting = models.TextField(_("toelichting bij de status"), blank=True)
    afspraak = models.ForeignKey(
        Afspraak, on_delete=models.SET_NULL, null=True, blank=True, related_name="actiepunten"
    )
    activiteit = models.ForeignKey(
        Activiteit, on_delete=models.SET_NULL, null=True, blank=True, related_name="actiepunten"
    )
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    versie = models.PositiveIntegerField(_("versie"), default=1)
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    vastgelegd_op = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = OverlegChildQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["gewijzigd_op"])

    class Meta:
        verbose_name = _("actiepunt")
        verbose_name_plural = _("actiepunten")
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return self.omschrijving[:80]

    @property
    def open(self) -> bool:
        return self.status == ActiepuntStatus.OPEN


# ---------------------------------------------------------------------------------------------
# Calendars and reminders


class AgendaFeed(models.Model):
    """A secret calendar address. The token itself is shown once; only its SHA-256 is kept."""

    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.CASCADE, null=True, blank=True, related_name="agendafeeds"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="agendafeeds",
    )
    sleutel_hash = models.CharField(max_length=64, unique=True)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    ingetrokken_op = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    laatst_gelezen_op = models.DateTimeField(_("laatst opgehaald"), null=True, blank=True)

    class Meta:
        verbose_name = _("agendafeed")
        verbose_name_plural = _("agendafeeds")
        ordering = ["-aangemaakt_op"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(organisatie__isnull=True) & Q(user__isnull=False))
                | (Q(organisatie__isnull=False) & Q(user__isnull=True)),
                name="agendafeed_een_eigenaar",
            ),
        ]

    def __str__(self) -> str:
        return f"Agendafeed van {self.organisatie or self.user}"

    @property
    def actief(self) -> bool:
        return self.ingetrokken_op is None


class Herinnering(models.Model):
    """One reminder (or notice) e-mail to one address. The unique key makes sending
    idempotent: a second run, also after a restart, finds the row and sends nothing."""

    sleutel = models.CharField(_("sleutel"), max_length=200)
    ontvanger = models.EmailField(_("ontvanger"))
    soort = models.CharField(_("soort"), max_length=20, choices=HerinneringSoort.choices)
    onderwerp = models.CharField(_("onderwerp"), max_length=300)
    tekst = models.TextField(_("tekst"))
    kader = models.ForeignKey(
        Afsprakenkader, on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    verzonden_op = models.DateTimeField(_("verzonden op"), null=True, blank=True)
    vervallen_op = models.DateTimeField(
        _("vervallen op"),
        null=True,
        blank=True,
        help_text=_("Niet meer verstuurd: het overleg, de deadline of het actiepunt veranderde."),
    )

    class Meta:
        verbose_name = _("herinnering")
        verbose_name_plural = _("herinneringen")
        ordering = ["-aangemaakt_op"]
        constraints = [
            models.UniqueConstraint(fields=["sleutel", "ontvanger"], name="herinnering_eenmalig"),
        ]

    def __str__(self) -> str:
        return f"{self.onderwerp} → {self.ontvanger}"
