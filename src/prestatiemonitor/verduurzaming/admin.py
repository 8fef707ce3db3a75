"""Site administration of the verduurzaming app: the opnames, read-only (every write goes
through services.py). The dwellings have no admin page: millions of rows, and detail that
only the corporation itself sees."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from prestatiemonitor.afspraken.admin import ReadOnlyAdminMixin

from .models import Voorraadopname


@admin.register(Voorraadopname)
class VoorraadopnameAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["corporatie", "peildatum", "aantal", "kader", "aangeleverd_op", "voorbeeld"]
    list_filter = ["kader", "corporatie", "voorbeeld"]
