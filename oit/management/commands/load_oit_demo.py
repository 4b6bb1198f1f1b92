from django.core.management.base import BaseCommand, CommandError

from oit.demo import oit_demo_load


class Command(BaseCommand):
    help = (
        "โหลดข้อมูลตัวอย่างการติดตามหลักฐาน OIT ปี 2569 ของเทศบาลเมืองดอนสัก (ข้อมูลตัวอย่าง "
        "ส่งใน ITAS แล้ว มีตัวอย่างการชี้แจง) หลัง load_demo; รันซ้ำได้"
    )

    def handle(self, *args, **options):
        try:
            tracker, created = oit_demo_load()
        except ValueError as e:
            raise CommandError(str(e)) from None
        if created:
            self.stdout.write(self.style.SUCCESS(f"โหลดข้อมูลตัวอย่างแล้ว: {tracker} (ข้อมูลตัวอย่าง)"))
        else:
            self.stdout.write(f"มีข้อมูล OIT ปีนี้อยู่แล้ว ไม่ได้เปลี่ยนแปลง: {tracker}")
