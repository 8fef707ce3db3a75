from django.db import models
from django.utils.translation import gettext_lazy as _


class Soort(models.TextChoices):
    """What a delivery (Aanlevering) holds; also the ``--soort`` of the CLI."""

    TOEWIJZINGEN = "toewijzingen", _("toewijzingen")
    WONINGZOEKENDEN = "woningzoekenden", _("woningzoekenden")
    TAAKSTELLING = "taakstelling", _("taakstelling statushouders")
    VOORRAAD = "voorraad", _("sociale voorraad per kern")


class Segment(models.TextChoices):
    SOCIALE_HUUR = "sociale_huur", _("sociale huur")
    MIDDENHUUR = "middenhuur", _("middenhuur")
    VRIJE_SECTOR_HUUR = "vrije_sector_huur", _("vrije sector huur")


class Route(models.TextChoices):
    REGULIER = "regulier", _("regulier")
    LOTING = "loting", _("loting")
    URGENTIE = "urgentie", _("urgentie")
    STATUSHOUDER = "statushouder", _("statushouder")
    DIRECTE_BEMIDDELING = "directe_bemiddeling", _("directe bemiddeling")
    MAATWERK = "maatwerk", _("maatwerk")
    WOONWAGEN = "woonwagen", _("woonwagen")


# Every letting through these routes is to an aandachtsgroep (urgent) household.
ROUTES_AANDACHTSGROEP = (Route.URGENTIE, Route.STATUSHOUDER)


class Doelgroep(models.TextChoices):
    """Of a letting (the household it went to)."""

    JONGERE = "jongere", _("jongere")
    GEZIN = "gezin", _("gezin")
    SENIOR = "senior", _("senior")
    OVERIG = "overig", _("overig")


class ZoekendenDoelgroep(models.TextChoices):
    """Of the woningzoekenden aggregates: the letting groups plus the urgent seekers."""

    JONGERE = "jongere", _("jongere")
    GEZIN = "gezin", _("gezin")
    SENIOR = "senior", _("senior")
    URGENT = "urgent", _("urgent")
    OVERIG = "overig", _("overig")


class Passend(models.TextChoices):
    JA = "ja", _("ja")
    NEE = "nee", _("nee")
    NVT = "nvt", _("nvt")


class Halfjaar(models.IntegerChoices):
    EERSTE = 1, _("eerste halfjaar")
    TWEEDE = 2, _("tweede halfjaar")


DEFINITIE_MONITOR_WNR = "Monitor WNR"
