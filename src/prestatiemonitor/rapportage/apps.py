from django.apps import AppConfig


class RapportageConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prestatiemonitor.rapportage"
    verbose_name = "Rapportage"
