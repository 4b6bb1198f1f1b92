from django.core.management.base import BaseCommand
from django.db import transaction

from core.signals import content_changed_on_commit
from indicators.catalogue import CATALOGUE_PATH, load_catalogue, real_models
from indicators.models import FrameworkYear


class Command(BaseCommand):
    help = "โหลด/ปรับปรุงกรอบการประเมิน ITA จาก fixtures/framework.json (รันซ้ำได้)"

    def add_arguments(self, parser):
        parser.add_argument("--path", default=CATALOGUE_PATH)
        parser.add_argument(
            "--overwrite", action="store_true", help="เขียนทับชื่อข้อคำถามที่เจ้าหน้าที่แก้ไขไว้"
        )

    def handle(self, *args, path, overwrite, **options):
        with transaction.atomic():
            n = load_catalogue(real_models(), path=path, overwrite=overwrite)
            content_changed_on_commit(sender=FrameworkYear)
        self.stdout.write(self.style.SUCCESS(f"โหลดกรอบการประเมินแล้ว ({n} ข้อคำถาม)"))
