"""manage.py restore FILE: put back the database and the uploaded files from a backup."""

import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ops.backup import backup_restore


class Command(BaseCommand):
    help = "กู้คืนฐานข้อมูลและไฟล์จากไฟล์สำรอง (ข้อมูลปัจจุบันทั้งหมดจะถูกแทนที่) ควรหยุดบริการ ita-portal ก่อน"

    def add_arguments(self, parser):
        parser.add_argument("archive", help="ไฟล์สำรอง backups/ita-….tar.gz")
        parser.add_argument("--yes", action="store_true", help="ยืนยันการแทนที่ข้อมูลปัจจุบันโดยไม่ถาม")

    def handle(self, *args, archive, yes, **options):
        if not yes:
            warning = (
                f"การกู้คืนจาก {archive} จะแทนที่ฐานข้อมูลและไฟล์ที่อัปโหลดทั้งหมดในปัจจุบัน "
                "ข้อมูลที่บันทึกหลังการสำรองครั้งนั้นจะหายไป"
            )
            if not sys.stdin.isatty():
                raise CommandError(f"{warning}: ยืนยันด้วย --yes (หรือ make restore ... YES=1)")
            answer = input(f"{warning}\nพิมพ์ yes เพื่อยืนยัน: ")
            if answer.strip().lower() != "yes":
                raise CommandError("ยกเลิกการกู้คืน: ไม่มีอะไรเปลี่ยนแปลง")
        try:
            manifest = backup_restore(archive=archive)
        except ValidationError as e:
            raise CommandError(" ".join(e.messages)) from e
        self.stdout.write(
            self.style.SUCCESS(
                f"กู้คืนแล้วจาก {archive} (สำรองเมื่อ {manifest['created']}) "
                "หากเวอร์ชันโปรแกรมใหม่กว่าตอนสำรอง ให้รัน manage.py migrate ต่อ"
            )
        )
