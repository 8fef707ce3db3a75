from django.apps import AppConfig


class PlanmonitorConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prestatiemonitor.planmonitor"
    verbose_name = "Planmonitor"

    def ready(self) -> None:
        # The planmonitor's norms and their context register with the normen app.
        from . import normen  # noqa: F401
