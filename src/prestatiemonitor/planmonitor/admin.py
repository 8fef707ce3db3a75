"""Site administration of the planmonitor. Reference lists a site administrator maintains (the
knelpunten, the per-kader names of the hardness codes) are editable here; everything with audit
or business rules is read-only (every write of projects, mutations and rounds goes through
services.py)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from prestatiemonitor.afspraken.admin import ReadOnlyAdminMixin

from .models import (
    Bouwproject,
    Hardheid,
    HardheidLabel,
    Knelpunt,
    Oplevering,
    Peiling,
    ProjectReactie,
    ProjectStand,
    ProjectVertraging,
    Scenario,
    Voorraadmutatie,
    Wijzigingsvoorstel,
)


@admin.register(Knelpunt)
class KnelpuntAdmin(admin.ModelAdmin):
    list_display = ["naam", "omschrijving", "actief", "volgorde"]
    list_editable = ["actief", "volgorde"]


@admin.register(HardheidLabel)
class HardheidLabelAdmin(admin.ModelAdmin):
    list_display = ["kader", "hardheid", "label"]
    list_filter = ["kader"]


@admin.register(Hardheid)
class HardheidAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["code", "definitie", "hard", "telt_als_plancapaciteit"]


@admin.register(Bouwproject)
class BouwprojectAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "projectcode",
        "naam",
        "kader",
        "eigenaar_soort",
        "hardheid",
        "oplevering_jaar",
        "totaal",
    ]
    list_filter = ["kader", "hardheid", "fase"]
    list_select_related = ["kader", "hardheid"]
    search_fields = ["projectcode", "naam"]


@admin.register(Voorraadmutatie)
class VoorraadmutatieAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["kader", "corporatie", "jaar", "soort", "segment", "aantal", "status"]
    list_filter = ["kader", "soort", "status"]


@admin.register(Peiling)
class PeilingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["kader", "naam", "peildatum", "gepubliceerd"]


for model in (
    Oplevering,
    ProjectReactie,
    ProjectStand,
    ProjectVertraging,
    Scenario,
    Wijzigingsvoorstel,
):
    admin.site.register(
        model, type(f"{model.__name__}Admin", (ReadOnlyAdminMixin, admin.ModelAdmin), {})
    )
