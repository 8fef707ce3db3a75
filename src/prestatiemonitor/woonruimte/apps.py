from django.apps import AppConfig


class WoonruimteConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prestatiemonitor.woonruimte"
    verbose_name = "Woonruimte"
