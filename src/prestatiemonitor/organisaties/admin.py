"""Django admin for site administrators.

Memberships carry the rules of who may do what (and that an organisation keeps a beheerder), so
they are read-only here: members are added, invited, changed and removed on the members pages
(``/account/organisaties/<slug>/leden/``, services with audit), where a site administrator
manages every organisation. The kind of an organisation and the gemeente it governs decide
capabilities too; they are set when the organisation is created and read-only afterwards.
Accounts are deactivated, not deleted, so that audit rows and history keep their author.
"""

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


class ReadOnlyLidmaatschapMixin:
    readonly_fields = ["user", "organisatie", "rol", "functie"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LidmaatschapInline(ReadOnlyLidmaatschapMixin, admin.TabularInline):
    model = Lidmaatschap
    extra = 0


@admin.register(Lidmaatschap)
class LidmaatschapAdmin(ReadOnlyLidmaatschapMixin, admin.ModelAdmin):
    list_display = ["user", "organisatie", "rol", "functie"]
    list_filter = ["rol", "organisatie__soort"]
    search_fields = ["user__username", "user__last_name", "organisatie__naam"]
    list_select_related = ["user", "organisatie"]

    def view_on_site(self, obj):
        return reverse("organisatie-leden", args=[obj.organisatie.slug])


@admin.register(Organisatie)
class OrganisatieAdmin(admin.ModelAdmin):
    list_display = ["naam", "korte_naam", "soort", "gemeente", "corporatie"]
    list_filter = ["soort"]
    search_fields = ["naam", "korte_naam", "slug"]
    prepopulated_fields = {"slug": ["naam"]}
    autocomplete_fields = ["gemeente", "corporatie"]
    inlines = [LidmaatschapInline]

    def get_readonly_fields(self, request, obj=None):
        return ["soort", "gemeente", "corporatie"] if obj is not None else []

    def view_on_site(self, obj):
        # "Op de site bekijken": the members page, where its beheerders manage the members.
        return reverse("organisatie-leden", args=[obj.slug])


class UserLidmaatschapInline(LidmaatschapInline):
    fk_name = "user"


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

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("lidmaatschappen__organisatie")

    @admin.display(description=_("organisaties (rol)"))
    def organisaties_lijst(self, obj) -> str:
        return ", ".join(
            f"{lid.organisatie.korte_naam} ({lid.get_rol_display().lower()})"
            for lid in obj.lidmaatschappen.all()
        )
