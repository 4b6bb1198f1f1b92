"""oit listens to actionplans: the daily reminder command (`send_action_reminders`, one cron
line) also queues the heads' OIT due-date reminders, as it does the survey drive's."""

from django.dispatch import receiver

from actionplans.signals import reminders_requested

from .services import oit_reminder_recipients
from .tasks import send_oit_reminder


def queue_oit_reminders(*, days, today, base_url):
    """One job per head with OIT items overdue or due within `days` (sent at most once a day);
    returns a line per head and a total, for the command's output."""
    due = oit_reminder_recipients(days=days, today=today)
    lines = []
    for user, items in due:
        send_oit_reminder.enqueue(user.pk, days, today.isoformat(), base_url)
        lines.append(f"เข้าคิวส่งถึง {user.get_username()} <{user.email}>: {len(items)} ข้อ OIT")
    lines.append(f"เข้าคิวอีเมลเตือนข้อ OIT แล้ว {len(due)} ฉบับ")
    return lines


@receiver(reminders_requested)
def queue_oit_reminders_with_the_plans(sender, today, base_url, days=14, **kwargs):
    return queue_oit_reminders(days=days, today=today, base_url=base_url)
