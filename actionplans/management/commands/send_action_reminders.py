from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from actionplans.services import action_reminders_send


class Command(BaseCommand):
    help = (
        "ส่งอีเมลเตือนหัวหน้าส่วนงาน: รายการที่เลยกำหนดและที่จะครบกำหนดภายใน N วัน "
        "(ส่งไม่ซ้ำภายในวันเดียวกัน ใช้การตั้งค่าอีเมลของ Django)"
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
        sent, skipped = action_reminders_send(days=days, base_url=base_url)
        for user, items in sent:
            self.stdout.write(f"ส่งถึง {user.get_username()} <{user.email}>: {len(items)} รายการ")
        for user, reason in skipped:
            self.stdout.write(f"ไม่ได้ส่งถึง {user.get_username()}: {reason}")
        self.stdout.write(self.style.SUCCESS(f"ส่งอีเมลเตือนแล้ว {len(sent)} ฉบับ"))
