"""Jobs left RUNNING by a dead worker (issue 18): `requeue_stale_tasks` puts back those running
for longer than TASKS_STALE_MINUTES (cron), and a PDF job taken by too many workers that died
gives up with a reason staff can read. The kill itself: test_worker_crash.py."""

from datetime import timedelta
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core import jobs
from publishing import tasks
from publishing.models import DocumentJob


@pytest.fixture
def database_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def requeue(*args):
    out = StringIO()
    call_command("requeue_stale_tasks", *args, stdout=out)
    return out.getvalue()


def test_jobs_running_for_longer_than_the_limit_go_back_in_the_queue(
    demo, database_backend, settings, django_capture_on_commit_callbacks
):
    settings.TASKS_STALE_MINUTES = 30
    with django_capture_on_commit_callbacks(execute=True):
        tasks.year_pdfs_queue(assessment=demo)
    old, recent = DBTaskResult.objects.order_by("enqueued_at")
    now = timezone.now()
    DBTaskResult.objects.filter(pk=old.pk).update(
        status="RUNNING", started_at=now - timedelta(minutes=31), worker_ids=["gone"]
    )
    DBTaskResult.objects.filter(pk=recent.pk).update(
        status="RUNNING", started_at=now - timedelta(minutes=5), worker_ids=["busy"]
    )
    assert "คืนงานเข้าคิว 1 งาน" in requeue()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.status, recent.status) == ("READY", "RUNNING")
    assert "คืนงานเข้าคิว 1 งาน" in requeue("--minutes", "1")


def test_a_pdf_job_whose_workers_keep_dying_gives_up_with_a_reason(demo, media_root):
    job = DocumentJob.objects.create(assessment=demo, document="report")
    # The fourth worker to take the same job: the three before it died mid-render.
    context = SimpleNamespace(attempt=jobs.ATTEMPTS + 1, task_result=SimpleNamespace(id="t-1"))
    assert tasks.render_document_pdf.func(context, job.pk) is None
    job.refresh_from_db()
    assert job.state == DocumentJob.State.FAILED
    assert job.error == "ตัวทำงานเบื้องหลังหยุดกลางคัน 3 ครั้ง"
    assert not (media_root / "pdf-cache").exists()


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
