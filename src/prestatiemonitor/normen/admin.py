"""Site administration of the norms. The yearly national parameters are reference data a site
administrator keeps current (with their source); norm definitions and exceptions are read-only
here (normen/services.py writes them, with audit)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from prestatiemonitor.afspraken.admin import ReadOnlyAdminMixin

from .models import Jaarparameter, Normdefinitie, Normuitzondering


@admin.register(Jaarparameter)
class JaarparameterAdmin(admin.ModelAdmin):
    list_display = ["naam", "jaar", "waarde", "eenheid", "bron"]
    list_filter = ["code", "jaar"]


@admin.register(Normdefinitie)
class NormdefinitieAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["naam", "kader", "code", "soort", "informatief"]
    list_filter = ["kader"]


@admin.register(Normuitzondering)
class NormuitzonderingAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["norm", "onderwerp", "besluit", "besloten_op", "ingetrokken_op"]
