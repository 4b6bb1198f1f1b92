"""Background jobs with real workers (issue 18): `manage.py db_worker` processes on a database of
their own (migrated, with the demo), as in production.

- The PDF jobs survive a worker killed mid-render: the worker is killed with SIGKILL inside
  WeasyPrint. django-tasks-db leaves the job RUNNING, and no worker takes a RUNNING job again, a
  restarted one neither; `requeue_stale_tasks --worker-id` (what the worker's systemd unit runs
  before each start) puts it back, and the restarted worker renders the PDF.
- Two workers share one queue and each job runs once: django-tasks-db claims a job with SELECT …
  FOR UPDATE SKIP LOCKED (django_tasks_db/models.py, DBTaskResultQuerySet.get_locked) inside
  an exclusive transaction (SQLite has no row locks: the transaction is EXCLUSIVE instead).

On an SQLite file always, and on PostgreSQL too when DATABASE_URL names one (CI): a database of
its own is created on that server and dropped afterwards."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
WORKER_ID = "worker-killed-mid-render"


class Site:
    """A portal's environment (database, media folder, settings) for manage.py subprocesses."""

    def __init__(self, tmp, database_url):
        self.database_url = database_url
        self.media = tmp / "media"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "ita_portal.settings",
            "DATABASE_URL": database_url,
            "MEDIA_ROOT": str(self.media),
            "TASKS_BACKEND": "database",
            "DEBUG": "1",
            "PYTHAINLP_OFFLINE": "1",
            "PYTHAINLP_READ_ONLY": "1",
        }

    def query(self, sql):
        if self.database_url.startswith("sqlite"):
            path = self.database_url.removeprefix("sqlite:///")
            with sqlite3.connect(path, timeout=30) as db:
                return db.execute(sql).fetchall()
        return postgres(self.database_url, sql)

    def manage(self, *args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args, "-v", "1"],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def worker(self, *args, slow_seconds=None):
        """A db_worker process: one job at a time, no reloading, no start-up delay; its renders
        take `slow_seconds` longer when given (tests/slow_worker.py)."""
        flags = ["--no-reload", "--no-startup-delay", "--interval", "0.2", *args]
        program = ["manage.py", "db_worker"]
        env = self.env
        if slow_seconds is not None:
            program = ["tests/slow_worker.py"]
            env = {**env, "SLOW_RENDER_SECONDS": str(slow_seconds)}
        return subprocess.Popen(
            [sys.executable, *program, *flags],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def run_worker(self, *args, **kwargs):
        """A worker that takes every job waiting (--batch) and exits; its output."""
        process = self.worker("--batch", *args, **kwargs)
        output, _ = process.communicate(timeout=300)
        assert process.returncode == 0, output
        return output

    def tasks(self, since=()):
        """The queue's rows but those in `since`: id -> (status, ids of the workers that took
        it)."""
        rows = self.query("SELECT id, status, worker_ids FROM django_tasks_database_dbtaskresult")
        return {
            str(pk): (status, ids if isinstance(ids, list) else json.loads(ids))
            for pk, status, ids in rows
            if str(pk) not in since
        }

    def job_states(self):
        """The PDF jobs' states: (document, round id or None) -> state."""
        rows = self.query("SELECT document, results_round_id, state FROM publishing_documentjob")
        return {(document, rnd): state for document, rnd, state in rows}

    def cached_pdfs(self):
        return sorted(p.name[:-37] for p in (self.media / "pdf-cache").glob("*.pdf"))


def postgres(url, sql):
    import psycopg2

    db = dj_database_url.parse(url)
    connection = psycopg2.connect(
        dbname=db["NAME"],
        user=db["USER"],
        password=db["PASSWORD"],
        host=db["HOST"],
        port=db["PORT"] or 5432,
    )
    connection.autocommit = True  # CREATE DATABASE runs outside a transaction
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall() if cursor.description else None
    finally:
        connection.close()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def site(request, tmp_path_factory):
    """A portal with a database of its own, migrated, with the demo loaded (once per module:
    each test looks only at the jobs it queued)."""
    tmp_path = tmp_path_factory.mktemp(request.param)
    if request.param == "sqlite":
        site = Site(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite3'}")
    else:
        server = os.environ.get("DATABASE_URL", "")
        if not server.startswith(("postgres", "pgsql")):
            pytest.skip("DATABASE_URL names no PostgreSQL server")
        parsed = urlsplit(server)
        name = f"ita_jobs_{uuid.uuid4().hex[:12]}"
        maintenance = urlunsplit(parsed._replace(path="/postgres"))
        postgres(maintenance, f"CREATE DATABASE {name}")
        request.addfinalizer(
            lambda: postgres(maintenance, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        )
        site = Site(tmp_path, urlunsplit(parsed._replace(path=f"/{name}")))
    site.manage("migrate", "--noinput")
    site.manage("load_demo", "--no-example")
    return site


def wait_for(condition, seconds=120):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


QUEUE = (
    "from assessments.models import Assessment; from publishing import tasks; "
    "year = Assessment.objects.get(fiscal_year=2568); "
)


def test_a_pdf_job_survives_its_worker_killed_mid_render(site):
    site.manage(
        "shell", "-c", QUEUE + "tasks.document_pdf_queue(assessment=year, document='report')"
    )
    [task_id] = site.tasks()
    assert site.tasks()[task_id] == ("READY", []) and site.job_states() == {
        ("report", None): "queued"
    }

    # A worker takes the job and, in the middle of WeasyPrint, is killed: no chance to clean up.
    slow = site.worker("--worker-id", WORKER_ID, slow_seconds=120)
    try:
        wait_for(lambda: site.job_states() == {("report", None): "rendering"})
        time.sleep(0.5)  # well inside the two minutes of rendering
        slow.send_signal(signal.SIGKILL)
        assert slow.wait(timeout=30) == -signal.SIGKILL
    finally:
        slow.kill()
        slow.stdout.close()
    assert site.tasks()[task_id] == ("RUNNING", [WORKER_ID])
    assert site.job_states() == {("report", None): "rendering"} and site.cached_pdfs() == []

    # The library alone: a fresh worker finds nothing to do, the job stays RUNNING for ever.
    site.run_worker()
    assert site.tasks()[task_id] == ("RUNNING", [WORKER_ID])

    # What the worker's unit runs before it starts again: the dead worker's job goes back.
    assert "คืนงานเข้าคิว 1 งาน" in site.manage("requeue_stale_tasks", "--worker-id", WORKER_ID)
    assert site.tasks()[task_id] == ("READY", [WORKER_ID])
    # (a running job of another worker would be left alone)
    assert "คืนงานเข้าคิว 0 งาน" in site.manage("requeue_stale_tasks", "--worker-id", "other")

    # The restarted worker renders it: the second worker to take the same job.
    output = site.run_worker("--worker-id", "restarted")
    assert "state=SUCCESSFUL" in output
    assert site.tasks()[task_id] == ("SUCCESSFUL", [WORKER_ID, "restarted"])
    assert site.job_states() == {("report", None): "ready"}
    assert site.cached_pdfs() == ["report-2568"]


def test_two_workers_share_one_queue_and_each_job_runs_once(site):
    before = set(site.tasks())
    site.manage(
        "shell",
        "-c",
        QUEUE + "from actionplans.models import ResultsRound; "
        "rnd = ResultsRound(assessment=year, kind='6m'); rnd.full_clean(); rnd.save(); "
        "tasks.year_pdfs_queue(assessment=year); tasks.round_pdfs_queue(rnd=rnd)",
    )
    assert len(site.tasks(since=before)) == 4
    # Both workers start together and render slowly, so that both are taking jobs at once.
    workers = [site.worker("--batch", "--worker-id", n, slow_seconds=2) for n in ("a", "b")]
    for w in workers:
        output, _ = w.communicate(timeout=300)
        assert w.returncode == 0, output

    taken = list(site.tasks(since=before).values())
    assert all(status == "SUCCESSFUL" for status, _ in taken)
    assert all(len(ids) == 1 for _, ids in taken)  # no job was run by both
    assert {ids[0] for _, ids in taken} == {"a", "b"}  # and both took their share
    assert set(site.job_states().values()) == {"ready"}
    assert site.cached_pdfs() == [
        "memo-2568",
        "memo-round-2568-6m-draft",
        "report-2568",
        "results-round-2568-6m-draft",
    ]
