from django.core.management.base import BaseCommand

from actionplans.demo import DEMO_PATH, demo_load


class Command(BaseCommand):
    help = "โหลดข้อมูลตัวอย่าง: ผลการวิเคราะห์ ITA ปีงบประมาณ 2568 ของเทศบาลเมืองดอนสัก (รันซ้ำได้)"

    def add_arguments(self, parser):
        parser.add_argument("--path", default=DEMO_PATH)
        parser.add_argument("--reset", action="store_true", help="ลบปีตัวอย่างที่มีอยู่แล้วโหลดใหม่ทั้งหมด")

    def handle(self, *args, path, reset, **options):
        assessment, created = demo_load(path=path, reset=reset)
        if created:
            self.stdout.write(self.style.SUCCESS(f"โหลดข้อมูลตัวอย่างแล้ว: {assessment}"))
        else:
            self.stdout.write(f"มีข้อมูลตัวอย่างอยู่แล้ว ไม่ได้เปลี่ยนแปลง: {assessment}")
