"""The PDF jobs survive a worker killed mid-render (issue 18), shown with the real thing: a
`manage.py db_worker` on a database of its own (an SQLite file, migrated, with the demo) is
killed with SIGKILL while it renders a report. django-tasks-db leaves the job RUNNING, and no
worker takes a RUNNING job again, a restarted one neither; `requeue_stale_tasks --worker-id`
(what the worker's systemd unit runs before each start) puts it back, and the restarted worker
renders the PDF."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
WORKER_ID = "worker-killed-mid-render"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The environment of a portal with its own database and media folder, demo loaded."""
    tmp = tmp_path_factory.mktemp("site")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ita_portal.settings",
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp / "media"),
        "TASKS_BACKEND": "database",
        "DEBUG": "1",
        "PYTHAINLP_OFFLINE": "1",
        "PYTHAINLP_READ_ONLY": "1",
    }
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo", "--no-example")
    return env, tmp


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args, "-v", "1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def worker(env, *args, executable="manage.py"):
    """db_worker: processes one job at a time, never reloads, starts at once."""
    flags = ["--no-reload", "--no-startup-delay", "--interval", "0.2", *args]
    if executable == "manage.py":
        return manage(env, "db_worker", *flags)
    return subprocess.Popen(
        [sys.executable, executable, *flags],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def query(tmp, sql):
    with sqlite3.connect(tmp / "db.sqlite3", timeout=30) as db:
        return db.execute(sql).fetchall()


def wait_for(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def task_row(tmp):
    [(status, worker_ids)] = query(
        tmp, "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult"
    )
    return status, json.loads(worker_ids)


def job_state(tmp):
    [(state,)] = query(tmp, "SELECT state FROM publishing_documentjob")
    return state


def cached_pdfs(tmp):
    return sorted(p.name[:-37] for p in (tmp / "media" / "pdf-cache").glob("*.pdf"))


def test_a_pdf_job_survives_its_worker_killed_mid_render(site):
    env, tmp = site
    manage(
        env,
        "shell",
        "-c",
        "from assessments.models import Assessment; from publishing import tasks; "
        "tasks.document_pdf_queue("
        "assessment=Assessment.objects.get(fiscal_year=2568), document='report')",
    )
    assert task_row(tmp) == ("READY", []) and job_state(tmp) == "queued"

    # A worker takes the job and, in the middle of WeasyPrint, is killed: no chance to clean up.
    slow = worker(
        {**env, "SLOW_RENDER_SECONDS": "120"},
        "--worker-id",
        WORKER_ID,
        executable="tests/slow_worker.py",
    )
    try:
        wait_for(lambda: job_state(tmp) == "rendering")
        time.sleep(0.5)  # inside the render
        slow.send_signal(signal.SIGKILL)
        assert slow.wait(timeout=30) == -signal.SIGKILL
    finally:
        slow.kill()
        slow.stdout.close()
    assert task_row(tmp) == ("RUNNING", [WORKER_ID])
    assert job_state(tmp) == "rendering" and not (tmp / "media" / "pdf-cache").exists()

    # The library alone: a fresh worker finds nothing to do, the job stays RUNNING for ever.
    worker(env, "--batch")
    assert task_row(tmp) == ("RUNNING", [WORKER_ID])

    # What the worker's unit runs before it starts again: the dead worker's job goes back.
    assert "คืนงานเข้าคิว 1 งาน" in manage(env, "requeue_stale_tasks", "--worker-id", WORKER_ID)
    assert task_row(tmp) == ("READY", [WORKER_ID])
    # A running job of another worker is left alone.
    assert "คืนงานเข้าคิว 0 งาน" in manage(env, "requeue_stale_tasks", "--worker-id", "other")

    # The restarted worker renders it: the second worker to take the same job.
    output = worker(env, "--batch", "--worker-id", "restarted")
    assert "state=SUCCESSFUL" in output
    assert task_row(tmp) == ("SUCCESSFUL", [WORKER_ID, "restarted"])
    assert job_state(tmp) == "ready"
    assert cached_pdfs(tmp) == ["report-2568"]
