from django.contrib import admin

from .models import AuditRecord


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin):
    """Read-only: the audit log is written by services, never edited by hand."""

    list_display = [
        "tijdstip",
        "door",
        "gebruiker",
        "actie",
        "object_type",
        "object_id",
        "omschrijving",
    ]
    list_filter = ["actie", "object_type"]
    search_fields = ["omschrijving", "object_id", "door", "gebruiker__username"]
    date_hierarchy = "tijdstip"
    list_select_related = ["gebruiker"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
