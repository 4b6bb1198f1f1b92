from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from oit.services import oit_reminder_recipients
from oit.tasks import send_oit_reminder


class Command(BaseCommand):
    help = (
        "ส่งอีเมลเตือนหัวหน้าส่วนงาน: ข้อ OIT ที่เลยกำหนดและที่จะครบกำหนดภายใน N วัน "
        "(ส่งไม่ซ้ำภายในวันเดียวกัน) อีเมลแต่ละฉบับเข้าคิวเป็นงานเบื้องหลังของตัวเอง"
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=14, help="ครบกำหนดภายในกี่วัน (ค่าเริ่มต้น 14)")
        parser.add_argument("--base-url", default=getattr(settings, "SITE_URL", ""))

    def handle(self, *args, days, base_url, **options):
        if days < 0:
            raise CommandError("--days ต้องไม่ติดลบ")
        today = timezone.localdate()
        due = oit_reminder_recipients(days=days, today=today)
        for user, items in due:
            send_oit_reminder.enqueue(user.pk, days, today.isoformat(), base_url)
            self.stdout.write(f"เข้าคิวส่งถึง {user.get_username()} <{user.email}>: {len(items)} ข้อ")
        self.stdout.write(self.style.SUCCESS(f"เข้าคิวอีเมลเตือนข้อ OIT แล้ว {len(due)} ฉบับ"))
