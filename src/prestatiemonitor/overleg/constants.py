from django.db import models
from django.utils.translation import gettext_lazy as _


class VormSoort(models.TextChoices):
    AMBTELIJK = "ambtelijk", _("ambtelijk overleg")
    BESTUURLIJK = "bestuurlijk", _("bestuurlijk overleg")
    INFORMATIEAVOND = "informatieavond", _("informatieavond")
    ANDERS = "anders", _("ander overleg")


class VoorzitterRegel(models.TextChoices):
    """Who chairs: always the same party (with a deputy), or two parties in turn.

    Every meeting of all the *afwisselend* overlegvormen of a kader together forms one
    rotation, in date order, continued from the previous year ("de bestuurlijke overleggen
    (smal en breed) worden afwisselend voorgezeten")."""

    VAST = "vast", _("vaste voorzitter met plaatsvervanger")
    AFWISSELEND = "afwisselend", _("afwisselend de twee partijen")
    INITIATIEF = "initiatief", _("de initiatiefnemer organiseert, geen vaste voorzitter")


class Weekdag(models.IntegerChoices):
    MAANDAG = 0, _("maandag")
    DINSDAG = 1, _("dinsdag")
    WOENSDAG = 2, _("woensdag")
    DONDERDAG = 3, _("donderdag")
    VRIJDAG = 4, _("vrijdag")


class MijlpaalSoort(models.TextChoices):
    """The points of the jaarcyclus (ch. 5 of the Nijkerk document) that land on an agenda."""

    PEILMOMENT_JUNI = "peilmoment_juni", _("stand van zaken eerste halfjaar (peilmoment juni)")
    PLANMONITOR = "planmonitor", _("planmonitor (ronde)")
    BESCHIKBAARHEID = "beschikbaarheid", _("beschikbaarheidsmonitor (halverwege het jaar)")
    CONCEPT_JAARSCHIJF = "concept_jaarschijf", _("concept jaarschijf volgend jaar")
    VASTSTELLING_JAARSCHIJF = "vaststelling_jaarschijf", _("vaststelling jaarschijf volgend jaar")
    TERUGBLIK = "terugblik", _("terugblik op het jaar (peilmoment december)")
    BOD = "bod", _("bod van de corporaties (laatste jaar van het kader)")
    ANDERS = "anders", _("ander vast agendapunt")


class PlanningStatus(models.TextChoices):
    CONCEPT = "concept", _("concept")
    GEPUBLICEERD = "gepubliceerd", _("gepubliceerd")


class OverlegStatus(models.TextChoices):
    GEPLAND = "gepland", _("gepland")
    AFGELAST = "afgelast", _("afgelast")


class ActiepuntStatus(models.TextChoices):
    OPEN = "open", _("open")
    AFGEROND = "afgerond", _("afgerond")
    VERVALLEN = "vervallen", _("vervallen")


class Schoolregio(models.TextChoices):
    """The school holiday regions of the Netherlands (as the ``holidays`` library names them)."""

    NOORD = "Noord", _("regio noord")
    MIDDEN = "Midden", _("regio midden")
    ZUID = "Zuid", _("regio zuid")
    GEEN = "", _("schoolvakanties niet vermijden")


class HerinneringSoort(models.TextChoices):
    OVERLEG = "overleg", _("overleg")
    DEADLINE = "deadline", _("uiterste meldingsdatum peilmoment")
    ACTIEPUNT = "actiepunt", _("deadline actiepunt")
    WIJZIGING = "wijziging", _("gewijzigd of afgelast overleg")
    PLANNING = "planning", _("jaarplanning gepubliceerd")


MAANDNAMEN = {
    1: "januari",
    2: "februari",
    3: "maart",
    4: "april",
    5: "mei",
    6: "juni",
    7: "juli",
    8: "augustus",
    9: "september",
    10: "oktober",
    11: "november",
    12: "december",
}
