from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operations: backup and restore, and putting back in the queue the background jobs of a
    worker that died (no models)."""

    name = "ops"
    verbose_name = "การดูแลระบบ"
