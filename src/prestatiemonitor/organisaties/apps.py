from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisatiesConfig(AppConfig):
    name = "prestatiemonitor.organisaties"
    verbose_name = _("Organisaties en gebruikers")
