from django.contrib import admin

from prestatiemonitor.afspraken.admin import ReadOnlyAdminMixin

from .models import Rapport


@admin.register(Rapport)
class RapportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: reports are made only through the service and the task (docs/rapportage.md)."""

    list_display = ("peilmoment", "kader", "variant", "versie", "status", "klaar_op")
    list_filter = ("variant", "status")
    search_fields = ("kader__titel",)
