from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Gebied, Lidmaatschap, Organisatie, User


@admin.register(Gebied)
class GebiedAdmin(admin.ModelAdmin):
    list_display = ["naam", "soort", "cbs_code", "provincie", "bovenliggend"]
    list_filter = ["soort", "provincie"]
    search_fields = ["naam", "cbs_code"]
    autocomplete_fields = ["bovenliggend"]


class LidmaatschapInline(admin.TabularInline):
    model = Lidmaatschap
    extra = 0
    autocomplete_fields = ["organisatie", "user"]


@admin.register(Organisatie)
class OrganisatieAdmin(admin.ModelAdmin):
    list_display = ["naam", "korte_naam", "soort", "gemeente", "corporatie"]
    list_filter = ["soort"]
    search_fields = ["naam", "korte_naam", "slug"]
    prepopulated_fields = {"slug": ["naam"]}
    autocomplete_fields = ["gemeente", "corporatie"]
    inlines = [LidmaatschapInline]

    def view_on_site(self, obj):
        # "Op de site bekijken": the members page, where its beheerders manage the members.
        return reverse("organisatie-leden", args=[obj.slug])


class UserLidmaatschapInline(LidmaatschapInline):
    autocomplete_fields = ["organisatie"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [UserLidmaatschapInline]
    list_display = [
        "username",
        "first_name",
        "last_name",
        "email",
        "organisaties_lijst",
        "is_active",
        "is_superuser",
    ]
    list_filter = ["is_active", "is_superuser", "is_staff", "lidmaatschappen__rol"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("lidmaatschappen__organisatie")

    @admin.display(description=_("organisaties (rol)"))
    def organisaties_lijst(self, obj) -> str:
        return ", ".join(
            f"{lid.organisatie.korte_naam} ({lid.get_rol_display().lower()})"
            for lid in obj.lidmaatschappen.all()
        )
