"""Django admin for site administrators: overview only.

The register is written by the import, the bijstelling flow and publication, which check the
capability, keep history and write the audit row (docs/modules.md, "write-path rules"). The admin
does not bypass them: every model here is read-only (no add, change or delete, inlines
included), and the only writes are the publish/withdraw actions, which call the same service as
the publicatie button (``publicatie.kader_publish``), with the audit row.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Afspraak,
    AfspraakPartij,
    Afsprakenkader,
    Ambitie,
    Begrip,
    BegripOnderdeel,
    Bijstelling,
    BijstellingWijziging,
    Brondocument,
    Convenant,
    ImportVerslag,
    Ondertekenaar,
    Partij,
    Tabel,
    TabelControle,
    TabelRij,
    Tekstblok,
    Thema,
    Voetnoot,
)
from .publicatie import kader_publish


class ReadOnlyAdminMixin:
    """No add, change or delete in the admin, for a ModelAdmin or an inline."""

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name not in self._verborgen()] + [
            f.name for f in self.model._meta.many_to_many
        ]

    def _verborgen(self) -> list[str]:
        return list(getattr(self, "exclude", None) or [])

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class BijstellingWijzigingInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = BijstellingWijziging
    fk_name = "bijstelling"
    extra = 0


class TabelControleInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = TabelControle
    extra = 0


class PartijInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Partij
    extra = 0
    autocomplete_fields = ["organisatie"]


class OndertekenaarInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Ondertekenaar
    extra = 0
    autocomplete_fields = ["organisatie"]


@admin.register(Afsprakenkader)
class AfsprakenkaderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["titel", "gemeente", "periode", "status", "gepubliceerd", "ondertekend_op"]
    list_filter = ["status", "gepubliceerd", "gemeente__provincie"]
    search_fields = ["titel", "slug", "gemeente__naam", "gemeente__cbs_code"]
    list_select_related = ["gemeente"]
    autocomplete_fields = ["gemeente"]
    inlines = [PartijInline, OndertekenaarInline]
    actions = ["publiceren", "intrekken"]

    def _publiceer(self, request, queryset, publish: bool) -> None:
        for kader in queryset:
            try:
                kader_publish(kader=kader, publish=publish, acting_user=request.user)
            except PermissionDenied as exc:
                self.message_user(request, f"{kader}: {exc}", messages.ERROR)
            else:
                staat = "gepubliceerd" if publish else "ingetrokken"
                self.message_user(request, f"{kader} is {staat}.", messages.SUCCESS)

    @admin.action(description="Geselecteerde kaders publiceren (met auditregel)")
    def publiceren(self, request, queryset):
        self._publiceer(request, queryset, True)

    @admin.action(description="Geselecteerde kaders intrekken (met auditregel)")
    def intrekken(self, request, queryset):
        self._publiceer(request, queryset, False)


class AmbitieInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Ambitie
    extra = 0


@admin.register(Thema)
class ThemaAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "kader"]
    list_filter = ["kader"]
    search_fields = ["titel", "doel", "opgave"]
    list_select_related = ["kader"]
    inlines = [AmbitieInline]


@admin.register(Ambitie)
class AmbitieAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "thema"]
    list_filter = ["thema__kader"]
    search_fields = ["tekst"]
    list_select_related = ["thema", "thema__kader"]


class AfspraakPartijInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = AfspraakPartij
    extra = 0
    autocomplete_fields = ["organisatie"]


@admin.register(Afspraak)
class AfspraakAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "kader", "thema", "soort", "trekker", "jaar"]
    list_filter = ["kader", "soort", "thema__nummer"]
    search_fields = ["nummer", "tekst"]
    list_select_related = ["kader", "thema", "trekker"]
    autocomplete_fields = ["trekker", "begrippen"]
    inlines = [AfspraakPartijInline]


class BegripOnderdeelInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = BegripOnderdeel
    extra = 0


@admin.register(Begrip)
class BegripAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["term", "kader"]
    list_filter = ["kader"]
    search_fields = ["term", "definitie"]
    list_select_related = ["kader"]
    inlines = [BegripOnderdeelInline]


@admin.register(Convenant)
class ConvenantAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["naam", "jaar", "jaar_tot", "kader"]
    list_filter = ["kader"]
    search_fields = ["naam"]
    list_select_related = ["kader"]
    autocomplete_fields = ["partijen"]


class TabelRijInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = TabelRij
    extra = 0
    autocomplete_fields = ["organisatie"]


@admin.register(Tabel)
class TabelAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "kader", "aantal_controles"]
    list_filter = ["kader"]
    search_fields = ["titel"]
    list_select_related = ["kader"]
    inlines = [TabelRijInline, TabelControleInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_aantal_controles=Count("controle_set"))

    @admin.display(description="afwijkende totalen", ordering="_aantal_controles")
    def aantal_controles(self, obj) -> int:
        return obj._aantal_controles


@admin.register(Tekstblok)
class TekstblokAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["titel", "thema", "kader"]
    list_filter = ["kader"]
    search_fields = ["titel", "tekst"]
    list_select_related = ["kader", "thema"]


@admin.register(Voetnoot)
class VoetnootAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "kader"]
    list_filter = ["kader"]
    search_fields = ["tekst"]


@admin.register(Bijstelling)
class BijstellingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "kader", "besloten_in", "vastgelegd_door", "vastgelegd_op"]
    list_filter = ["kader"]
    search_fields = ["reden", "besloten_in"]
    list_select_related = ["kader", "vastgelegd_door"]
    inlines = [BijstellingWijzigingInline]


@admin.register(ImportVerslag)
class ImportVerslagAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["bestandsnaam", "kader", "uitgevoerd_door", "uitgevoerd_op"]
    list_filter = ["kader"]
    search_fields = ["bestandsnaam", "bron_sha256"]
    list_select_related = ["kader", "uitgevoerd_door"]


@admin.register(Brondocument)
class BrondocumentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["bestandsnaam", "kader", "sha256", "geimporteerd_op"]
    list_filter = ["kader"]
    search_fields = ["bestandsnaam", "sha256"]
    list_select_related = ["kader"]
    exclude = ["inhoud"]
