from django.apps import AppConfig


class ActionplansConfig(AppConfig):
    name = "actionplans"
    verbose_name = "แผนการนำผลวิเคราะห์ไปสู่การปฏิบัติ"

    def ready(self):
        from django.db.models.signals import post_delete

        from .models import ActionItem
        from .services import carry_over_undo

        def successor_deleted(sender, instance, **kwargs):
            if instance.carried_from_id:
                carry_over_undo(item_id=instance.carried_from_id)

        post_delete.connect(successor_deleted, sender=ActionItem, weak=False)
