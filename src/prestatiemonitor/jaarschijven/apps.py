from django.apps import AppConfig


class JaarschijvenConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prestatiemonitor.jaarschijven"
    verbose_name = "Jaarschijven en voortgang"
