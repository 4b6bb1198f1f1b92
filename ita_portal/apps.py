from django.apps import AppConfig


class ItaPortalConfig(AppConfig):
    """The project itself as an app: the Thai admin's display of dates (thai_admin)."""

    name = "ita_portal"
    verbose_name = "ITA Portal"

    def ready(self):
        from .thai_admin import install_be_display

        install_be_display()
