from django.core.management.base import BaseCommand

from publishing import pdf


class Command(BaseCommand):
    help = (
        "ลบ PDF ที่เก็บไว้ซึ่งไม่มีเอกสารปัจจุบันใช้แล้ว (ปีที่ถอนการเผยแพร่หรือถูกลบ ฉบับร่างของปีที่เผยแพร่แล้ว "
        "และรุ่นเก่าที่มีรุ่นใหม่กว่าแทน)"
    )

    def handle(self, *args, **options):
        deleted = pdf.prune_cache()
        if options["verbosity"]:
            self.stdout.write(f"ลบ PDF ที่ไม่ใช้แล้ว {deleted} ไฟล์")
