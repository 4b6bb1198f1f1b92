from django.core.management.base import BaseCommand

from oit.checks import links_to_check
from oit.tasks import check_links

BATCH = 100  # links per job: a year's 26 items × 1–3 links is one job


class Command(BaseCommand):
    help = (
        "ตรวจลิงก์หลักฐาน OIT (ทุกคืนจาก cron): ลิงก์ของปีที่ยังไม่ส่ง และลิงก์ที่ส่งใน ITAS แล้ว"
        "จนถึงวันที่กำหนด เข้าคิวเป็นงานเบื้องหลัง"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", type=int, help="ปีงบประมาณ (พ.ศ.) เช่น 2569; เว้นไว้ = ทุกปีที่ยังตรวจ"
        )

    def handle(self, *args, year=None, **options):
        ids = links_to_check(year=year)
        for start in range(0, len(ids), BATCH):
            check_links.enqueue(ids[start : start + BATCH])
        self.stdout.write(self.style.SUCCESS(f"เข้าคิวตรวจลิงก์ OIT แล้ว {len(ids)} ลิงก์"))
