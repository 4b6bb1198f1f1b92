"""manage.py requeue_stale_tasks: background jobs whose worker died mid-job go back in the queue.

django-tasks-db's worker marks a job RUNNING when it claims it (DBTaskResult.claim) and
SUCCESSFUL or FAILED when it ends. A worker killed in between (kill -9, out of memory, a power
cut) leaves the job RUNNING, and no worker ever takes a RUNNING job again, a restarted one
neither. This command sets such jobs back to READY, for the next worker to take:

- `--worker-id ID`: the jobs last claimed by worker ID, which must not be running now. The
  worker's systemd unit runs it before starting the worker under that same ID
  (deploy/ita-portal-worker.service), so a killed worker's job is taken again on its restart.
- otherwise: the jobs running for longer than `--minutes` (TASKS_STALE_MINUTES, 30), which no
  render takes: from cron (deploy/ita-portal-jobs.cron), for a worker that never came back.

A job put back counts one more worker that took it (`context.attempt`): the portal's jobs give
up after core.jobs.ATTEMPTS such starts rather than kill worker after worker.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django_tasks import TaskResultStatus  # Django 6: from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult


class Command(BaseCommand):
    help = (
        "คืนงานเบื้องหลังที่ค้างสถานะกำลังทำ (ตัวทำงานหยุดกลางคัน) กลับเข้าคิว: "
        "งานของตัวทำงานที่ระบุ (--worker-id) หรืองานที่ทำนานเกิน --minutes นาที"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--worker-id",
            default="",
            help="คืนงานที่ตัวทำงานรหัสนี้รับไว้ (ตัวทำงานนั้นต้องหยุดอยู่)",
        )
        parser.add_argument(
            "--minutes",
            type=int,
            default=settings.TASKS_STALE_MINUTES,
            help="คืนงานที่ทำมานานเกินกี่นาที (ค่าเริ่มต้น TASKS_STALE_MINUTES)",
        )

    def handle(self, *args, worker_id, minutes, **options):
        running = DBTaskResult.objects.running()
        if worker_id:
            stale = [
                pk
                for pk, workers in running.values_list("pk", "worker_ids")
                if workers and workers[-1] == worker_id
            ]
        else:
            cutoff = timezone.now() - timedelta(minutes=minutes)
            stale = list(running.filter(started_at__lt=cutoff).values_list("pk", flat=True))
        # Only while still RUNNING: a job that ended meanwhile keeps its outcome.
        requeued = DBTaskResult.objects.filter(
            pk__in=stale, status=TaskResultStatus.RUNNING
        ).update(status=TaskResultStatus.READY)
        self.stdout.write(f"คืนงานเข้าคิว {requeued} งาน")
