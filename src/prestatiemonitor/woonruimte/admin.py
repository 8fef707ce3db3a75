"""Site administration of woonruimte: read-only (every delivery goes through services.py, with
its Aanlevering and audit row), except the doelgroep definitions (reference data)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from prestatiemonitor.afspraken.admin import ReadOnlyAdminMixin

from .models import (
    Aanlevering,
    Doelgroepdefinitie,
    MonitorReactie,
    SocialeVoorraad,
    TaakstellingStatushouders,
    Toewijzing,
    Woningzoekenden,
)


@admin.register(Aanlevering)
class AanleveringAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "kader",
        "organisatie",
        "soort",
        "bestandsnaam",
        "rijen",
        "door",
        "aangeleverd_op",
    ]
    list_filter = ["soort", "kader", "organisatie"]


@admin.register(Toewijzing)
class ToewijzingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["kader", "corporatie", "datum", "kern", "segment", "route", "aandachtsgroep"]
    list_filter = ["kader", "corporatie", "jaar", "route"]
    list_select_related = ["kader", "corporatie"]
    show_full_result_count = False


@admin.register(Woningzoekenden)
class WoningzoekendenAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["kader", "organisatie", "jaar", "doelgroep", "actief", "gehuisvest"]
    list_filter = ["kader", "jaar", "doelgroep"]


@admin.register(TaakstellingStatushouders)
class TaakstellingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["kader", "jaar", "halfjaar", "personen"]
    list_filter = ["kader", "jaar"]


@admin.register(SocialeVoorraad)
class SocialeVoorraadAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["kader", "jaar", "corporatie", "kern", "buurt", "aantal"]
    list_filter = ["kader", "jaar", "corporatie"]


@admin.register(Doelgroepdefinitie)
class DoelgroepdefinitieAdmin(SimpleHistoryAdmin):
    """The age bounds of the doelgroepen per kader: reference data the site administrator
    keeps (as the year parameters), with history."""

    list_display = ("kader", "doelgroep", "omschrijving", "leeftijd_van", "leeftijd_tot")
    list_filter = ("kader",)


@admin.register(MonitorReactie)
class MonitorReactieAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("kader", "jaar", "organisatie", "geplaatst_op")
