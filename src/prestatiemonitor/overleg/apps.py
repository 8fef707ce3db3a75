from django.apps import AppConfig


class OverlegConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prestatiemonitor.overleg"
    verbose_name = "Overleg en jaarcyclus"
