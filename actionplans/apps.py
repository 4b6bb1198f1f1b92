from django.apps import AppConfig


class ActionplansConfig(AppConfig):
    name = "actionplans"
    verbose_name = "แผนการนำผลวิเคราะห์ไปสู่การปฏิบัติ"
