from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operations: backup and restore commands (no models)."""

    name = "ops"
    verbose_name = "การดูแลระบบ"
