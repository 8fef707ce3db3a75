from django.apps import AppConfig


class VerduurzamingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prestatiemonitor.verduurzaming"
    verbose_name = "Verduurzaming"
