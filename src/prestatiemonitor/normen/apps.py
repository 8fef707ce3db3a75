from django.apps import AppConfig


class NormenConfig(AppConfig):
    name = "prestatiemonitor.normen"
    verbose_name = "Normen"
    default_auto_field = "django.db.models.BigAutoField"
