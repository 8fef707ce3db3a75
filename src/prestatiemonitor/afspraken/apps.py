from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AfsprakenConfig(AppConfig):
    name = "prestatiemonitor.afspraken"
    verbose_name = _("Afsprakenregister")
