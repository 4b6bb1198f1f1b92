from django.conf import settings
from django.core.management.base import BaseCommand

from actionplans.demo import (
    DEMO_PASSWORD,
    DEMO_PATH,
    EXAMPLE_PROGRESS_PATH,
    demo_accounts_create,
    demo_load,
)
from actionplans.signals import demo_loaded


class Command(BaseCommand):
    help = "โหลดข้อมูลตัวอย่าง: ผลการวิเคราะห์ ITA ปีงบประมาณ 2568 ของเทศบาลเมืองดอนสัก (รันซ้ำได้)"

    def add_arguments(self, parser):
        parser.add_argument("--path", default=DEMO_PATH)
        parser.add_argument("--reset", action="store_true", help="ลบปีตัวอย่างที่มีอยู่แล้วโหลดใหม่ทั้งหมด")
        parser.add_argument("--no-accounts", action="store_true", help="ไม่สร้างบัญชีผู้ใช้ทดลอง")
        parser.add_argument(
            "--no-example",
            action="store_true",
            help="ไม่ใส่รายงานความก้าวหน้าตัวอย่าง (ข้อมูลสมมติที่ใช้สาธิตรายงานผลการดำเนินการ)",
        )

    def handle(self, *args, path, reset, no_accounts, no_example, **options):
        # Like the demo accounts, the made-up progress is for trying the portal (DEBUG on):
        # a production database never gets example updates or the account that authors them.
        example = settings.DEBUG and not no_example
        assessment, created = demo_load(
            path=path, reset=reset, example_path=EXAMPLE_PROGRESS_PATH if example else None
        )
        if created:
            self.stdout.write(self.style.SUCCESS(f"โหลดข้อมูลตัวอย่างแล้ว: {assessment}"))
        else:
            self.stdout.write(f"มีข้อมูลตัวอย่างอยู่แล้ว ไม่ได้เปลี่ยนแปลง: {assessment}")
        if created and example:
            self.stdout.write(
                'ใส่รายงานความก้าวหน้าตัวอย่างแล้ว (ข้อมูลสมมติ แสดงว่า "ข้อมูลตัวอย่าง" ทุกหน้า): '
                f"ดูรายงานผลรอบ ๖ เดือนที่ /reports/{assessment.fiscal_year}/results/6m/ "
                "(เจ้าหน้าที่ดูฉบับร่าง แล้วเผยแพร่ในหน้าจัดการข้อมูล)"
            )
        # The apps above add their own example rows (the survey drive of 2569).
        for _receiver, lines in demo_loaded.send(
            sender=self.__class__, example=example, reset=reset
        ):
            for line in lines or ():
                self.stdout.write(line)
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
