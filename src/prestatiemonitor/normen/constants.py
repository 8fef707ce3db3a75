from django.db import models


class Uitkomst(models.TextChoices):
    VOLDOET = "voldoet", "voldoet"
    WAARSCHUWING = "waarschuwing", "waarschuwing"
    VOLDOET_NIET = "voldoet_niet", "voldoet niet"
    AFWIJKING = "afwijking", "afwijking"


# Worst first: how a set of results is summarised (the worst one counts).
ERNST = {
    Uitkomst.VOLDOET_NIET: 3,
    Uitkomst.WAARSCHUWING: 2,
    Uitkomst.AFWIJKING: 1,
    Uitkomst.VOLDOET: 0,
}


class NormScope(models.TextChoices):
    PROJECT = "project", "per project"
    JAAR = "jaar", "per jaar"
    PARTIJ = "partij", "per partij"
    GEMEENTE = "gemeente", "gemeentebreed"
