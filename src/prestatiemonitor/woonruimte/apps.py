from django.apps import AppConfig


class WoonruimteConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prestatiemonitor.woonruimte"
    verbose_name = "Woonruimte"

    def ready(self) -> None:
        # The module's norms and their context register with the normen app.
        from . import normen  # noqa: F401
