"""manage.py backup: the database and the uploaded files in backups/ita-YYYYmmdd-HHMMSS.tar.gz."""

import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ops.backup import backup_create


class Command(BaseCommand):
    help = "สำรองฐานข้อมูล ไฟล์ใน MEDIA_ROOT และหลักฐานใน EVIDENCE_ROOT เป็นไฟล์ .tar.gz ไฟล์เดียว"

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            default=os.environ.get("BACKUP_DIR", "backups"),
            help="โฟลเดอร์ที่เก็บไฟล์สำรอง (ค่าเริ่มต้น BACKUP_DIR หรือ backups/)",
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=int(os.environ.get("BACKUP_KEEP", "0") or 0),
            help="เก็บไว้เฉพาะไฟล์สำรองใหม่สุด N ไฟล์ (0 = เก็บทั้งหมด; ค่าเริ่มต้น BACKUP_KEEP)",
        )

    def handle(self, *args, output_dir, keep, **options):
        try:
            path = backup_create(output_dir=output_dir, keep=keep or None)
        except ValidationError as e:
            raise CommandError(" ".join(e.messages)) from e
        size = path.stat().st_size / 1024 / 1024
        self.stdout.write(self.style.SUCCESS(f"สำรองข้อมูลแล้ว: {path} ({size:.1f} MB)"))
