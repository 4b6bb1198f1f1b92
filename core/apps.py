from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app shares (Thai dates and digits, the Thai admin, spreadsheets, stale-save
    tokens, admin history, the template filters, the notifications); no models of the domain
    (its tables are the send log, LINE groups and staff notices), imports no app."""

    name = "core"
    verbose_name = "ITA Portal"

    def ready(self):
        from . import private_pages
        from .thai_admin import install_be_display

        install_be_display()
        private_pages.connect()


class AxesConfig(AxesAppConfig):
    """django-axes under a Thai name in the admin."""

    verbose_name = "การป้องกันการเดารหัสผ่าน"

    def ready(self):
        super().ready()
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        # axes names a record in English with an ISO time ("Access Log for x @ 2026-…"), and
        # the admin prints that name in titles and breadcrumbs.
        AccessAttempt.__str__ = _axes_str("ความพยายามเข้าสู่ระบบของ")
        AccessLog.__str__ = _axes_str("การเข้าสู่ระบบของ")
        AccessFailureLog.__str__ = _axes_str("การเข้าสู่ระบบไม่สำเร็จของ")


def _axes_str(prefix):
    def __str__(self):
        from .thai import be_date_text

        return f"{prefix} {self.username} เมื่อ {be_date_text(self.attempt_time)}"

    return __str__
