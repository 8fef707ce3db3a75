"""Django admin for site administrators. Day-to-day changes go through the import and the
bijstelling flow (which keep history and audit); the admin is for repairs and overview."""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Afspraak,
    AfspraakPartij,
    Afsprakenkader,
    Ambitie,
    Begrip,
    BegripOnderdeel,
    Bijstelling,
    Convenant,
    ImportVerslag,
    Ondertekenaar,
    Partij,
    Tabel,
    TabelRij,
    Tekstblok,
    Thema,
    Voetnoot,
)


class ReadOnlyAdminMixin:
    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields] + [
            f.name for f in self.model._meta.many_to_many
        ]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PartijInline(admin.TabularInline):
    model = Partij
    extra = 0
    autocomplete_fields = ["organisatie"]


class OndertekenaarInline(admin.TabularInline):
    model = Ondertekenaar
    extra = 0
    autocomplete_fields = ["organisatie"]


@admin.register(Afsprakenkader)
class AfsprakenkaderAdmin(admin.ModelAdmin):
    list_display = ["titel", "gemeente", "periode", "status", "gepubliceerd", "ondertekend_op"]
    list_filter = ["status", "gepubliceerd", "gemeente__provincie"]
    search_fields = ["titel", "slug", "gemeente__naam", "gemeente__cbs_code"]
    list_select_related = ["gemeente"]
    autocomplete_fields = ["gemeente"]
    prepopulated_fields = {"slug": ["titel"]}
    readonly_fields = ["gepubliceerd_op", "bron_bestandsnaam", "bron_sha256", "aangemaakt_op"]
    inlines = [PartijInline, OndertekenaarInline]


class AmbitieInline(admin.TabularInline):
    model = Ambitie
    extra = 0


@admin.register(Thema)
class ThemaAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "kader"]
    list_filter = ["kader"]
    search_fields = ["titel", "doel", "opgave"]
    list_select_related = ["kader"]
    inlines = [AmbitieInline]


@admin.register(Ambitie)
class AmbitieAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "thema"]
    list_filter = ["thema__kader"]
    search_fields = ["tekst"]
    list_select_related = ["thema", "thema__kader"]


class AfspraakPartijInline(admin.TabularInline):
    model = AfspraakPartij
    extra = 0
    autocomplete_fields = ["organisatie"]


class AfspraakAdminForm(forms.ModelForm):
    """A repair in the beheer must keep an afspraak inside its own kader: a thema or begrip of
    another kader would show (unpublished) text of that kader on this kader's pages."""

    class Meta:
        model = Afspraak
        fields = [
            "kader",
            "thema",
            "soort",
            "nummer",
            "volgorde",
            "tekst",
            "trekker",
            "jaar",
            "termijn",
            "begrippen",
        ]

    def clean(self):
        cleaned = super().clean()
        kader = cleaned.get("kader")
        if kader is None:
            return cleaned
        thema = cleaned.get("thema")
        if thema is not None and thema.kader_id != kader.pk:
            self.add_error("thema", f"Thema '{thema}' hoort bij een ander afsprakenkader.")
        vreemd = [b for b in cleaned.get("begrippen") or [] if b.kader_id != kader.pk]
        if vreemd:
            self.add_error(
                "begrippen",
                "Deze begrippen horen bij een ander afsprakenkader: "
                + ", ".join(b.term for b in vreemd)
                + ".",
            )
        return cleaned


@admin.register(Afspraak)
class AfspraakAdmin(SimpleHistoryAdmin):
    form = AfspraakAdminForm
    list_display = ["__str__", "kader", "thema", "soort", "trekker", "jaar"]
    list_filter = ["kader", "soort", "thema__nummer"]
    search_fields = ["nummer", "tekst"]
    list_select_related = ["kader", "thema", "trekker"]
    autocomplete_fields = ["trekker", "begrippen"]
    inlines = [AfspraakPartijInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "thema":
            kwargs["queryset"] = Thema.objects.select_related("kader")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class BegripOnderdeelInline(admin.TabularInline):
    model = BegripOnderdeel
    extra = 0


@admin.register(Begrip)
class BegripAdmin(SimpleHistoryAdmin):
    list_display = ["term", "kader"]
    list_filter = ["kader"]
    search_fields = ["term", "definitie"]
    list_select_related = ["kader"]
    inlines = [BegripOnderdeelInline]


@admin.register(Convenant)
class ConvenantAdmin(admin.ModelAdmin):
    list_display = ["naam", "jaar", "jaar_tot", "kader"]
    list_filter = ["kader"]
    search_fields = ["naam"]
    list_select_related = ["kader"]
    autocomplete_fields = ["partijen"]


class TabelRijInline(admin.TabularInline):
    model = TabelRij
    extra = 0
    autocomplete_fields = ["organisatie"]


@admin.register(Tabel)
class TabelAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kader", "aantal_controles"]
    list_filter = ["kader"]
    search_fields = ["titel"]
    list_select_related = ["kader"]
    inlines = [TabelRijInline]

    @admin.display(description="afwijkende totalen")
    def aantal_controles(self, obj) -> int:
        return len(obj.controles or [])


@admin.register(Tekstblok)
class TekstblokAdmin(admin.ModelAdmin):
    list_display = ["titel", "thema", "kader"]
    list_filter = ["kader"]
    search_fields = ["titel", "tekst"]
    list_select_related = ["kader", "thema"]


@admin.register(Voetnoot)
class VoetnootAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kader"]
    list_filter = ["kader"]
    search_fields = ["tekst"]


@admin.register(Bijstelling)
class BijstellingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kader", "besloten_in", "vastgelegd_door", "vastgelegd_op"]
    list_filter = ["kader"]
    search_fields = ["reden", "besloten_in"]
    list_select_related = ["kader", "vastgelegd_door"]
    readonly_fields = ["wijzigingen", "vastgelegd_door", "vastgelegd_op"]


@admin.register(ImportVerslag)
class ImportVerslagAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["bestandsnaam", "kader", "uitgevoerd_door", "uitgevoerd_op"]
    list_filter = ["kader"]
    search_fields = ["bestandsnaam", "bron_sha256"]
    list_select_related = ["kader", "uitgevoerd_door"]
