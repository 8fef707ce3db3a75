"""Read-only overview for site administrators; every write goes through services.py."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from prestatiemonitor.afspraken.admin import ReadOnlyAdminMixin

from .models import (
    Activiteit,
    Advies,
    Bijlage,
    DekkingsAcceptatie,
    Herinnering,
    Jaarschijf,
    JaarschijfOvergang,
    JaarschijfWijziging,
    Peilmoment,
    Reactie,
    Voortgang,
)


@admin.register(Jaarschijf)
class JaarschijfAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["kader", "jaar", "status"]
    list_filter = ["status"]


@admin.register(Activiteit)
class ActiviteitAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["jaarschijf", "nummer", "titel", "trekker"]
    list_select_related = ["jaarschijf__kader", "trekker"]
    search_fields = ["titel"]


@admin.register(Peilmoment)
class PeilmomentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["jaarschijf", "soort", "deadline", "status"]


@admin.register(Voortgang)
class VoortgangAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["peilmoment", "activiteit", "status", "gemeld_op"]
    list_filter = ["status"]


for model in (
    Advies,
    Bijlage,
    DekkingsAcceptatie,
    Herinnering,
    JaarschijfOvergang,
    JaarschijfWijziging,
    Reactie,
):
    admin.site.register(
        model, type(f"{model.__name__}Admin", (ReadOnlyAdminMixin, admin.ModelAdmin), {})
    )
