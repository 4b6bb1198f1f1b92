from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from actionplans.services import action_reminder_recipients
from actionplans.signals import reminders_requested
from actionplans.tasks import send_action_reminder


class Command(BaseCommand):
    help = (
        "ส่งอีเมลเตือนหัวหน้าส่วนงาน: รายการที่เลยกำหนดและที่จะครบกำหนดภายใน N วัน "
        "(ส่งไม่ซ้ำภายในวันเดียวกัน ใช้การตั้งค่าอีเมลของ Django) "
        "อีเมลแต่ละฉบับเข้าคิวเป็นงานเบื้องหลังของตัวเอง ส่งไม่สำเร็จจะลองใหม่ "
        "และการเตือนอื่นที่ถึงกำหนดวันนี้ (เช่น การเตือนตอบแบบสำรวจ IIT ตามรอบที่เจ้าหน้าที่ตั้งไว้)"
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=14, help="ครบกำหนดภายในกี่วัน (ค่าเริ่มต้น 14)")
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "SITE_URL", "http://127.0.0.1:8000"),
            help="ที่อยู่เว็บของพอร์ทัล สำหรับลิงก์ในอีเมล",
        )

    def handle(self, *args, days, base_url, **options):
        if days < 0:
            raise CommandError("--days ต้องไม่ติดลบ")
        today = timezone.localdate()
        due, skipped = action_reminder_recipients(days=days, today=today)
        # One job per head: an address that fails is retried alone, the others go out.
        for user, items in due:
            send_action_reminder.enqueue(user.pk, days, today.isoformat(), base_url)
            self.stdout.write(
                f"เข้าคิวส่งถึง {user.get_username()} <{user.email}>: {len(items)} รายการ"
            )
        for user, reason in skipped:
            self.stdout.write(f"ไม่ได้ส่งถึง {user.get_username()}: {reason}")
        self.stdout.write(self.style.SUCCESS(f"เข้าคิวอีเมลเตือนแล้ว {len(due)} ฉบับ"))
        # The apps above (the OIT tracker, the survey drive) queue their own reminders due today.
        for _receiver, lines in reminders_requested.send(
            sender=self.__class__, today=today, base_url=base_url, days=days
        ):
            for line in lines or ():
                self.stdout.write(line)
