"""`make loadtest`: the portal under load on loopback, and what happens when parts of it fail.

A throwaway PostgreSQL 15 cluster and gunicorn (2 workers, deploy/gunicorn.conf.py), then:

1. steady load: 50 concurrent connections for 30 s over the public pages (/, the report, the
   memo, the plan's progress): every response should be a 2xx;
2. a worker killed: the same load for 15 s, one gunicorn worker SIGKILLed after 5 s; gunicorn
   starts a new one and the service carries on (the requests the dead worker held are lost
   with it: counted);
3. PostgreSQL restarted: the same load for 20 s, PostgreSQL stopped (`pg_ctl stop -m fast`)
   after 5 s and started again 3 s later; how long
   until /healthz answers 200 again once PostgreSQL accepts connections, and how many requests
   failed meanwhile. During the restart a division head posts progress updates through the real
   form (sign-in, CSRF token, cookies): afterwards the database must hold exactly one row for
   each update that was accepted (302) and none for each refused, and the item must show its
   newest saved update (never half-saved);
4. heads and staff editing the same items at once (bench/concurrent_edits.py): lost updates,
   500s and duplicates counted from the database afterwards, each must be 0.

Everything runs on 127.0.0.1, bounded in time, and every process started is stopped even on
failure. Needs root and the PostgreSQL 15 server binaries (as .ci/run does). Its results go to
the "loadtest" section of bench/results.md.
"""

import http.cookiejar
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common, concurrent_edits  # noqa: E402
from bench.common import HOST, log  # noqa: E402

PAGES = ["/", "/reports/2568/", "/reports/2568/memo/", "/reports/2568/plan/"]
CONNECTIONS = 50
STEADY_SECONDS = int(os.environ.get("LOADTEST_SECONDS", "30"))
DOWN_SECONDS = 3
POSTERS = 3
HEAD = ("loadtest-head", "loadtest-pass-2568-x")
# Phase 4: heads and staff editing the same items at once (bench/concurrent_edits.py).
EDIT_SECONDS = int(os.environ.get("LOADTEST_EDIT_SECONDS", "20"))
EDIT_HEADS = 4
STAFF = ("loadtest-staff-1", "loadtest-staff-2")

SETUP = """
import json
from django.contrib.auth import get_user_model
from actionplans.models import ActionItem, Division
user = get_user_model().objects.create_user({username!r}, password={password!r})
division = Division.objects.get(name="งานธุรการ")
division.heads.add(user)
item = ActionItem.objects.filter(owner=division).order_by("pk").first()
owned = ActionItem.objects.filter(owner=division).order_by("pk")
edited = list(owned.values_list("pk", flat=True)[:3])
for name in {staff!r}:
    get_user_model().objects.create_user(
        name, password={password!r}, is_staff=True, is_superuser=True
    )
print(json.dumps({{"item": item.pk, "edited": edited}}))
"""

CHECK = """
import json
from actionplans.models import ActionItem, ProgressUpdate
rows = {{}}
for s in ProgressUpdate.objects.filter(public_summary__startswith="loadtest-"):
    rows.setdefault(s.public_summary, []).append(s.percent)
item = ActionItem.objects.get(pk={item})
newest = ProgressUpdate.objects.filter(item=item).order_by("-created_at", "-pk").first()
print(json.dumps({{"rows": rows, "item_percent": item.percent, "newest": newest.percent}}))
"""


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class HeadClient:
    """A division head in a browser: cookies, CSRF tokens from the forms, no redirects followed."""

    def __init__(self, port):
        self.base = f"http://{HOST}:{port}"
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def request(self, path, data=None, timeout=10):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body)
        if data is not None:
            req.add_header("Referer", self.base + path)
        try:
            with self.opener.open(req, timeout=timeout) as r:
                return r.status, r.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode("utf-8", "replace")

    @staticmethod
    def csrf(html):
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def sign_in(self, username, password, login_path="/accounts/login/"):
        status, html = self.request(login_path)
        status, _ = self.request(
            login_path,
            {"csrfmiddlewaretoken": self.csrf(html), "username": username, "password": password},
        )
        if status != 302:
            raise RuntimeError(f"sign-in failed: {status}")


def poster(client, name, item, stop, results):
    """Posts numbered progress updates until `stop` is set; records what each answer was."""
    n = 0
    while not stop.is_set() and n < 300:
        n += 1
        marker = f"loadtest-{name}-{n:03d}"
        percent = (n * 7) % 100
        try:
            # The form is opened for each report, as a head does: the server requires its
            # one-time submission id and stale token (issue 19), which change with each save.
            status, html = client.request(f"/actions/{item}/")
            if status != 200:
                results.append((marker, percent, f"form unavailable ({status})"))
                time.sleep(0.2)
                continue
            status, _ = client.request(
                f"/actions/{item}/",
                {
                    **concurrent_edits.hidden(html),
                    "status": "in_progress",
                    "percent": str(percent),
                    "public_summary": marker,
                },
            )
            outcome = "accepted" if status == 302 else f"refused ({status})"
        except OSError as e:
            outcome = f"no answer ({type(e).__name__})"
        results.append((marker, percent, outcome))
        time.sleep(0.05)


def load_phase(port, seconds, during=None, at=5.0):
    """Load on PAGES for `seconds`; `during()` runs `at` seconds in, in this thread."""
    load = common.Load(port, PAGES, CONNECTIONS, seconds).start()
    extra = None
    if during:
        time.sleep(at)
        extra = during()
    load.join()
    return load, extra


def run_manage_script(env, script):
    out = common.manage(env, "shell", "-c", script).stdout.strip().splitlines()[-1]
    return json.loads(out)


def main():
    if not common.postgres_available():
        print("make loadtest needs root and PostgreSQL 15 (/usr/lib/postgresql/15/bin)")
        return 2
    started = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="ita-loadtest."))
    lines = []
    try:
        with common.Postgres() as pg:
            env = common.django_env(pg.url, workdir)
            pg_version = pg.version()
            log(f"PostgreSQL {pg_version} on port {pg.port}; migrating")
            common.manage(env, "migrate", "--noinput")
            common.manage(env, "load_demo", "--no-accounts")
            setup = run_manage_script(
                env, SETUP.format(username=HEAD[0], password=HEAD[1], staff=STAFF)
            )
            item, edited = setup["item"], setup["edited"]
            with common.Gunicorn(env, workers=2, GUNICORN_GRACEFUL_TIMEOUT=5) as server:
                for path in PAGES:
                    assert common.get(server.port, path)[0] == 200, path

                # 1. steady load
                log(f"steady load: {CONNECTIONS} connections, {STEADY_SECONDS} s")
                steady, _ = load_phase(server.port, STEADY_SECONDS)
                s = steady.summary()
                log(f"steady: {s}")

                # 2. a worker killed
                killed = {}

                def kill_worker():
                    pid = server.worker_pids()[0]
                    os.kill(pid, signal.SIGKILL)
                    killed["pid"] = pid
                    killed["at"] = time.monotonic()

                log("worker kill: 15 s of load, SIGKILL one worker after 5 s")
                kill_load, _ = load_phase(server.port, 15, kill_worker)
                workers_after = server.worker_pids()
                k = kill_load.summary()
                log(f"kill: {k}, workers after: {workers_after}")

                # 3. PostgreSQL restarted, with progress updates posted meanwhile
                heads = []
                for _ in range(POSTERS):
                    heads.append(HeadClient(server.port))
                    heads[-1].sign_in(*HEAD)
                posts, stop = [], threading.Event()
                restart = {}

                def restart_postgres():
                    post_threads = [
                        threading.Thread(target=poster, args=(h, n, item, stop, posts), daemon=True)
                        for n, h in enumerate(heads)
                    ]
                    for t in post_threads:
                        t.start()
                    time.sleep(1)
                    restart["begin"] = time.monotonic()
                    # A restart with the server away for a while (an upgrade, a failover):
                    # stopped, DOWN_SECONDS later started again.
                    pg.ctl("stop", "-m", "fast")
                    time.sleep(DOWN_SECONDS)
                    pg.ctl("start")
                    restart["back"] = time.monotonic()  # pg_ctl -w: accepting connections
                    deadline = restart["back"] + 60
                    while time.monotonic() < deadline:
                        try:
                            if common.get(server.port, "/healthz", timeout=5)[0] == 200:
                                break
                        except OSError:
                            pass
                        time.sleep(0.05)
                    restart["healthy"] = time.monotonic()
                    time.sleep(3)  # a few more updates after recovery
                    stop.set()
                    for t in post_threads:
                        t.join(timeout=30)

                log(f"PostgreSQL restart: 20 s of load, stopped for {DOWN_SECONDS} s after 5 s")
                pg_load, _ = load_phase(server.port, 20, restart_postgres)
                p = pg_load.summary()
                check = run_manage_script(env, CHECK.format(item=item))

                # 4. heads and staff editing the same items at once
                log(
                    f"concurrent edits: {EDIT_HEADS} head sessions and {len(STAFF)} staff on "
                    f"{len(edited)} items for {EDIT_SECONDS} s"
                )
                edits, edit_verdict = concurrent_edits.run(
                    lambda: HeadClient(server.port),
                    [HEAD] * EDIT_HEADS,
                    [(name, HEAD[1]) for name in STAFF],
                    edited,
                    EDIT_SECONDS,
                    lambda script: run_manage_script(env, script),
                )
                log(f"concurrent edits: {edit_verdict}")

        # --- verdicts
        rows = check["rows"]
        accepted = [(m, pct) for m, pct, o in posts if o == "accepted"]
        refused = [(m, o) for m, _, o in posts if o != "accepted"]
        twice = [m for m, _ in accepted if len(rows.get(m, [])) != 1]
        ghost = [m for m, _ in refused if rows.get(m)]
        consistent = not twice and not ghost and check["item_percent"] == check["newest"]
        outage = restart["back"] - restart["begin"]
        recovery = restart["healthy"] - restart["back"]
        refusals = sorted({o for _, o in refused})

        def row(name, r, verdict):
            return (
                f"| {name} | {r['requests']:,} | {r['rps']:.0f} | {r['p50_ms']:.0f} ms | "
                f"{r['p99_ms']:.0f} ms | {r['errors']} | {verdict} |"
            )

        lines = [
            f"## make loadtest, {date.today().isoformat()}",
            "",
            f"Machine: {common.machine()}. PostgreSQL {pg_version} (throwaway cluster, "
            "fsync off), gunicorn 2 sync workers (deploy/gunicorn.conf.py, graceful timeout 5 s), "
            f"DEBUG off; load: {CONNECTIONS} concurrent connections from a Python thread pool "
            f"over {', '.join(PAGES)} in turn, all on 127.0.0.1. "
            f"Run time {time.monotonic() - started:.0f} s.",
            "",
            "| phase | requests | req/s | p50 | p99 | failed | verdict |",
            "|---|---|---|---|---|---|---|",
            row(
                f"steady load, {STEADY_SECONDS} s",
                s,
                "zero errors: met" if s["errors"] == 0 else f"NOT met: {s['errors']} errors",
            ),
            row(
                "a worker SIGKILLed 5 s into 15 s",
                k,
                f"{len(workers_after)} workers afterwards (gunicorn replaced pid "
                f"{killed.get('pid')}); "
                + (
                    "no request lost"
                    if k["errors"] == 0
                    else f"{k['errors']} requests lost with the killed worker"
                ),
            ),
            row(
                f"PostgreSQL stopped 5 s into 20 s, started {DOWN_SECONDS} s later",
                p,
                f"database away {outage:.1f} s; /healthz 200 again {recovery:.2f} s after "
                "PostgreSQL accepted connections, with no restart of the portal",
            ),
            "",
            f"Progress updates posted by a division head ({POSTERS} sessions at once) before, "
            f"during and after the restart: {len(posts)}, "
            f"{len(accepted)} accepted (302), {len(refused)} refused "
            f"({', '.join(refusals) or 'none'}). In the database afterwards: "
            f"{sum(len(v) for v in rows.values())} rows; accepted updates not saved exactly once: "
            f"{len(twice)}; refused updates saved anyway: {len(ghost)}; the item shows "
            f"{check['item_percent']} %, as its newest saved update does "
            f"({check['newest']} %). " + ("Never half-saved: met." if consistent else "NOT met."),
        ]
        e = edit_verdict
        edits_met = e["lost"] == 0 and e["duplicates"] == 0 and edits.server_errors == 0
        lines += [
            "",
            f"Heads and staff editing the same {len(edited)} items at once for {EDIT_SECONDS} s "
            f"({EDIT_HEADS} head sessions posting progress through /actions/, a quarter of the "
            f"forms sent twice as a double click does; {len(STAFF)} staff saving the items' "
            "admin form, each save adding one to a counter in the item's text; a save refused "
            "as stale is reloaded and applied again, as a person would):",
            "",
            "| requests | 500s | reports accepted | double submits | staff saves accepted | "
            "stale saves refused (then re-applied) | lost updates | duplicates |",
            "|---|---|---|---|---|---|---|---|",
            f"| {edits.requests:,} | {edits.server_errors} | {len(edits.reports)} | "
            f"{edits.double_submits} | {e['staff_saves']} | {edits.stale_refusals} | "
            f"{e['lost']} | {e['duplicates']} |",
            "",
            f"Lost updates counts accepted staff saves missing from the items' counters "
            f"({e['staff_saves']} accepted, counters sum to {e['counters']}), accepted reports "
            f"not in the database ({e['missing_reports']}) and items whose status and percent "
            f"are not their newest report's ({e['rolled_back']}); duplicates, reports saved more "
            f"than once ({e['rows']} rows for {len(edits.reports)} accepted reports). "
            + ("Lost updates 0, 500s 0, duplicates 0: met." if edits_met else "NOT met."),
        ]
        if k["errors"]:
            lines.append(
                "\nThe requests lost with the killed worker are the ones it was serving when "
                "it died (a sync worker serves one at a time, so one per killed worker, plus any "
                "connection the kernel had handed it); nginx in front retries idempotent GETs "
                "on another worker (proxy_next_upstream), which this bare-gunicorn test has not."
            )
        text = "\n".join(lines)
        print("\n" + text + "\n")
        common.write_section("loadtest", text)
        log(f"written to {common.RESULTS.relative_to(common.ROOT)}")
        return 0
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except subprocess.CalledProcessError as e:
        print(e.stdout, e.stderr, file=sys.stderr)
        raise
