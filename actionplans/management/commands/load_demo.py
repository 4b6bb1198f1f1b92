from django.conf import settings
from django.core.management.base import BaseCommand

from actionplans.demo import DEMO_PASSWORD, DEMO_PATH, demo_accounts_create, demo_load


class Command(BaseCommand):
    help = "โหลดข้อมูลตัวอย่าง: ผลการวิเคราะห์ ITA ปีงบประมาณ 2568 ของเทศบาลเมืองดอนสัก (รันซ้ำได้)"

    def add_arguments(self, parser):
        parser.add_argument("--path", default=DEMO_PATH)
        parser.add_argument("--reset", action="store_true", help="ลบปีตัวอย่างที่มีอยู่แล้วโหลดใหม่ทั้งหมด")
        parser.add_argument("--no-accounts", action="store_true", help="ไม่สร้างบัญชีผู้ใช้ทดลอง")

    def handle(self, *args, path, reset, no_accounts, **options):
        assessment, created = demo_load(path=path, reset=reset)
        if created:
            self.stdout.write(self.style.SUCCESS(f"โหลดข้อมูลตัวอย่างแล้ว: {assessment}"))
        else:
            self.stdout.write(f"มีข้อมูลตัวอย่างอยู่แล้ว ไม่ได้เปลี่ยนแปลง: {assessment}")
        if no_accounts:
            return
        if not settings.DEBUG:
            # Accounts with a password printed in the README must never reach production.
            self.stdout.write(
                self.style.WARNING(
                    "DEBUG ปิดอยู่: ไม่สร้างบัญชีทดลองที่มีรหัสผ่านเปิดเผย "
                    "(สร้างผู้ดูแลด้วย manage.py createsuperuser)"
                )
            )
            return
        for username in demo_accounts_create():
            self.stdout.write(f"สร้างบัญชีทดลอง {username} รหัสผ่าน {DEMO_PASSWORD}")
