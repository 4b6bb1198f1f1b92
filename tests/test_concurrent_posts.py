"""Progress reports posted at the same moment, by real threads against a real server: none is
answered with an error, every accepted report is saved exactly once, and the item shows the
newest. A report refused because the item changed after its form was opened (issue 13, stale
save) is re-sent the way a person would: reload the form, submit again.

On SQLite (the embedded default of `make run`) the server is gunicorn, 2 processes with 4
threads each, over a database file of its own, so the test runs in `make test` whatever
DATABASE_URL says. On PostgreSQL it is pytest-django's live server on the test database (CI).
"""

import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from actionplans.models import ActionItem, ProgressUpdate
from tests.livehttp import LiveBrowser, live_demo

ROOT = Path(settings.BASE_DIR)
STALE = "มีผู้อื่นแก้ไข"


@pytest.fixture
def demo(db):
    """The demo year, also after an earlier live-server test flushed the catalogue."""
    return live_demo()


def post_at_once(base_url, item_pk, people, marker):
    """One thread per (username, password); all submit at the same moment. Returns, per post,
    (summary, percent, final HTTP status, attempts)."""
    barrier = threading.Barrier(len(people))
    results = [None] * len(people)

    def run(i, username, password):
        browser = LiveBrowser(base_url)
        browser.sign_in(username, password)
        path = f"/actions/{item_pk}/"
        summary, percent = f"{marker}-{i:02d}", i + 1
        _, page, _ = browser.request(path)
        barrier.wait(timeout=120)
        for attempt in range(1, 41):  # noqa: B007 (reported below)
            data = {
                **browser.hidden_fields(page),
                "status": "in_progress",
                "percent": str(percent),
                "public_summary": summary,
            }
            status, page, _ = browser.request(path, data)
            if not (status == 200 and STALE in page):
                break
            # The form came back with the newer state and a fresh token: submit it again.
        results[i] = (summary, percent, status, attempt)

    threads = [
        threading.Thread(target=run, args=(i, u, p), daemon=True) for i, (u, p) in enumerate(people)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert all(results), "a poster did not finish"
    return results


def assert_each_accepted_post_saved_once(results, rows, item_state):
    """`rows`: (public_summary, percent) of every report saved by the posters, oldest first
    (the demo's example reports left out); `item_state`: the item's (status, percent)."""
    statuses = sorted({status for _, _, status, _ in results})
    assert statuses == [302], f"answers other than a redirect: {results}"
    saved = {}
    for summary, percent in rows:
        saved.setdefault(summary, []).append(percent)
    for summary, percent, _, _ in results:
        assert saved.get(summary) == [percent], f"{summary} saved {saved.get(summary)}"
    assert len(rows) == len(results)
    assert item_state == ("in_progress", rows[-1][1]), "the item does not show the newest report"


# ---------------------------------------------------------------- PostgreSQL (CI)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL run (CI)")
def test_sixteen_posts_at_once_on_postgresql_all_saved_once(live_server, alice, evidence_root):
    item = ActionItem.objects.filter(owner__name="งานธุรการ").order_by("pk").first()
    results = post_at_once(live_server.url, item.pk, [("alice", "alice-pass-123")] * 16, "pg")
    rows = list(
        ProgressUpdate.objects.filter(item=item, public_summary__startswith="pg-")
        .order_by("created_at", "pk")
        .values_list("public_summary", "percent")
    )
    item.refresh_from_db()
    assert_each_accepted_post_saved_once(results, rows, (item.status, item.percent))


# ---------------------------------------------------------------- SQLite (make run's default)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def sqlite_server(tmp_path):
    """The portal on its own SQLite file with the demo (accounts included), served by gunicorn
    with 2 worker processes of 4 threads each."""
    db = tmp_path / "portal.sqlite3"
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "DEBUG": "1",
        "CONN_MAX_AGE": "0",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "EVIDENCE_ROOT": str(tmp_path / "evidence"),
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "ita_portal.settings",
    }
    for args in (["migrate", "--noinput"], ["load_demo"]):
        subprocess.run(
            [sys.executable, "manage.py", *args, "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            timeout=300,
        )
    log = tmp_path / "gunicorn.log"
    with open(log, "w") as out:
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "-c",
                str(ROOT / "deploy" / "gunicorn.conf.py"),
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--worker-class",
                "gthread",
                "--threads",
                "4",
                "ita_portal.wsgi",
            ],
            cwd=ROOT,
            env={**env, "GUNICORN_ACCESSLOG": ""},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if LiveBrowser(base).request("/healthz", timeout=5)[0] == 200:
                    break
            except OSError:
                pass
            assert server.poll() is None, log.read_text()[-3000:]
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.2)
        yield base, db, log
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def test_eight_posts_at_once_on_sqlite_give_no_error_and_all_are_saved_once(sqlite_server):
    base, db, log = sqlite_server
    with sqlite3.connect(db) as c:
        (item_pk,) = c.execute(
            "SELECT i.id FROM actionplans_actionitem i JOIN actionplans_division d"
            " ON d.id = i.owner_id WHERE d.name = 'งานธุรการ' ORDER BY i.id LIMIT 1"
        ).fetchone()
    results = post_at_once(base, item_pk, [("thurakan", "ita-demo-2568")] * 8, "sqlite")
    with sqlite3.connect(db) as c:
        rows = c.execute(
            "SELECT public_summary, percent FROM actionplans_progressupdate"
            " WHERE item_id = ? AND public_summary LIKE 'sqlite-%' ORDER BY created_at, id",
            (item_pk,),
        ).fetchall()
        item_state = c.execute(
            "SELECT status, percent FROM actionplans_actionitem WHERE id = ?", (item_pk,)
        ).fetchone()
    assert "database is locked" not in log.read_text()
    assert_each_accepted_post_saved_once(results, rows, item_state)
