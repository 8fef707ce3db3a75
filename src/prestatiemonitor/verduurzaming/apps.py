from django.apps import AppConfig


class VerduurzamingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prestatiemonitor.verduurzaming"
    verbose_name = "Verduurzaming"

    def ready(self) -> None:
        # The module's norms and their context register with the normen app.
        from . import normen  # noqa: F401
