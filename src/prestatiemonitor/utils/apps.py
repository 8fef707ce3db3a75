from django.apps import AppConfig


class UtilsConfig(AppConfig):
    name = "prestatiemonitor.utils"
    verbose_name = "Hulpmiddelen"
