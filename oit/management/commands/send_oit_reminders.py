from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from oit.receivers import queue_oit_reminders


class Command(BaseCommand):
    # The daily `send_action_reminders` queues these too (oit/receivers.py): this command is
    # for sending the OIT reminders alone, by hand.
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
        for line in queue_oit_reminders(days=days, today=today, base_url=base_url):
            self.stdout.write(line)
