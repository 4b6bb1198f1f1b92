from django.apps import AppConfig


class OitConfig(AppConfig):
    name = "oit"
    verbose_name = "ติดตามหลักฐาน OIT"

    def ready(self):
        from core import workspace

        from . import panels, receivers  # noqa: F401 (receivers connect on import)

        workspace.register_panel(panels.actions_panel)
