from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from oit.selectors import tracker_of_year
from oit.sheet import sheet_file


class Command(BaseCommand):
    help = "เขียนแบบกรอก ITAS ของข้อ OIT (ข้อ, มี/ไม่มี, URL, คำอธิบาย) เป็นไฟล์ .xlsx หรือ .csv"

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, help="ปีงบประมาณ (พ.ศ.) เช่น 2569")
        parser.add_argument("-o", "--output", required=True, help="ไฟล์ที่จะเขียน (.xlsx หรือ .csv)")

    def handle(self, *args, year, output, **options):
        tracker = tracker_of_year(year)
        if tracker is None:
            raise CommandError(f"ไม่มีข้อมูล OIT ปีงบประมาณ {year}")
        fmt = "csv" if output.lower().endswith(".csv") else "xlsx"
        data, _name, _type = sheet_file(tracker, fmt)
        Path(output).write_bytes(data)
        self.stdout.write(self.style.SUCCESS(f"เขียนแบบกรอก ITAS ปี {year} ลงใน {output} แล้ว"))
