from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = "การรณรงค์ตอบแบบสำรวจ IIT และ EIT"

    def ready(self):
        from . import receivers  # noqa: F401 (connects the reminder receiver)
