"""What `make bench` and `make loadtest` share: a throwaway PostgreSQL cluster, gunicorn on a free
loopback port, a bounded HTTP load generator, and the sections of bench/results.md.

Everything listens on 127.0.0.1 only, and every process started here is stopped by its pid
when the `with` block ends, whatever happened inside it.
"""

import contextlib
import http.client
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
RESULTS = ROOT / "bench" / "results.md"
PGBIN = Path("/usr/lib/postgresql/15/bin")
HOST = "127.0.0.1"


def log(message):
    print(f"[{datetime.now():%H:%M:%S}] {message}", flush=True)


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def django_env(database_url, workdir, **extra):
    """The environment of a production-like portal process: DEBUG off, plain HTTP on loopback,
    its own database, media and evidence folders."""
    env = dict(os.environ)
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_HTTPS="0",
        BEHIND_PROXY="0",
        STATIC_MANIFEST="0",  # static files are not measured; no collectstatic needed
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(Path(workdir) / "media"),
        EVIDENCE_ROOT=str(Path(workdir) / "evidence"),
        CACHE_DIR=str(Path(workdir) / "cache"),
        LOG_LEVEL="WARNING",
        PYTHAINLP_OFFLINE="1",
        PYTHAINLP_READ_ONLY="1",
        DJANGO_SETTINGS_MODULE="ita_portal.settings",
        PYTHONPATH=str(ROOT),
    )
    env.update({k: str(v) for k, v in extra.items()})
    return env


def run_checked(args, **kwargs):
    """A command that must succeed (CalledProcessError otherwise), its output read as text."""
    return subprocess.run(args, check=True, capture_output=True, text=True, **kwargs)


def manage(env, *args, timeout=300):
    return run_checked([PYTHON, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, timeout=timeout)


# ---------------------------------------------------------------- PostgreSQL


def postgres_available():
    return os.geteuid() == 0 and (PGBIN / "initdb").exists() and shutil.which("runuser")


class Postgres:
    """A throwaway PostgreSQL 15 cluster on 127.0.0.1, as .ci/run starts one (root only)."""

    def __init__(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="ita-bench-pg."))
        self.data = self.tmp / "data"
        self.port = free_port()
        self.url = f"postgres://app@{HOST}:{self.port}/ita_portal"

    def _pg(self, *args, timeout=60):
        return run_checked(
            ["runuser", "-u", "postgres", "--", *args], cwd=self.tmp, timeout=timeout
        )

    def ctl(self, action, *args, timeout=60):
        options = (
            f"-c listen_addresses={HOST} -p {self.port} -k {self.tmp} "
            "-c fsync=off -c full_page_writes=off -c max_connections=100"
        )
        return self._pg(
            str(PGBIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-w",
            "-t",
            "60",
            "-l",
            str(self.tmp / "log"),
            "-o",
            options,
            action,
            *args,
            timeout=timeout,
        )

    def __enter__(self):
        if subprocess.run(["id", "postgres"], capture_output=True).returncode != 0:
            subprocess.run(
                ["useradd", "--system", "--home-dir", "/var/lib/postgresql", "postgres"],
                check=True,
            )
        shutil.chown(self.tmp, "postgres")
        self.tmp.chmod(0o700)
        self._pg(str(PGBIN / "initdb"), "-D", str(self.data), "--auth=trust", "-U", "app")
        self.ctl("start")
        createdb = PGBIN / "createdb"
        subprocess.run(
            [str(createdb) if createdb.exists() else "createdb"]
            + ["-h", HOST, "-p", str(self.port), "-U", "app", "ita_portal"],
            check=True,
            capture_output=True,
        )
        return self

    def version(self):
        psql = PGBIN / "psql"
        out = subprocess.run(
            [str(psql) if psql.exists() else "psql", self.url, "-XAtc", "show server_version"],
            capture_output=True,
            text=True,
        )
        return out.stdout.strip() or "15"

    def __exit__(self, *exc):
        with contextlib.suppress(Exception):
            if (self.data / "postmaster.pid").exists():
                try:
                    self.ctl("stop", "-m", "fast")
                except Exception:
                    self.ctl("stop", "-m", "immediate")
        shutil.rmtree(self.tmp, ignore_errors=True)


# ---------------------------------------------------------------- gunicorn


class Gunicorn:
    """gunicorn with deploy/gunicorn.conf.py, 2 workers on a free loopback port."""

    def __init__(self, env, workers=2, **conf):
        self.port = free_port()
        self.env = dict(env)
        self.env.update(
            GUNICORN_BIND=f"{HOST}:{self.port}",
            GUNICORN_WORKERS=str(workers),
            GUNICORN_ACCESSLOG="",
            GUNICORN_LOGLEVEL="warning",
        )
        self.env.update({k: str(v) for k, v in conf.items()})
        self.workers = workers
        self.proc = None
        self.log_path = Path(tempfile.mkstemp(prefix="ita-gunicorn.", suffix=".log")[1])

    def __enter__(self):
        self.log = open(self.log_path, "w")  # noqa: SIM115 (closed in __exit__)
        self.proc = subprocess.Popen(
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "-c",
                str(ROOT / "deploy" / "gunicorn.conf.py"),
                "ita_portal.wsgi",
            ],
            env=self.env,
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.log_path.read_text()[-2000:]}")
            with contextlib.suppress(OSError):
                if get(self.port, "/healthz")[0] == 200 and len(self.worker_pids()) >= 1:
                    return self
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer /healthz within 60 s")

    def worker_pids(self):
        out = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.proc.pid)], capture_output=True, text=True
        )
        return [int(p) for p in out.stdout.split()]

    def __exit__(self, *exc):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.log.close()
        self.log_path.unlink(missing_ok=True)


def get(port, path, timeout=10):
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


# ---------------------------------------------------------------- load generation


def wrk_available():
    return shutil.which("wrk") is not None


def run_wrk(port, path, seconds, connections, threads=1):
    """wrk against one URL; returns requests/s, p50 and p99 latency in ms, errors, requests."""
    out = run_checked(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "--latency",
            f"http://{HOST}:{port}{path}",
        ],
        timeout=seconds + 60,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    errors = int(non2xx.group(1)) if non2xx else 0
    if socket_errors:
        errors += sum(int(g) for g in socket_errors.groups())
    return {
        "rps": rps,
        "p50_ms": _wrk_ms(re.search(r"50%\s+([\d.]+\w+)", out).group(1)),
        "p99_ms": _wrk_ms(re.search(r"99%\s+([\d.]+\w+)", out).group(1)),
        "errors": errors,
        "requests": total,
        "tool": "wrk",
    }


def _wrk_ms(text):
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


class Load:
    """A bounded threaded HTTP load generator (no wrk needed): `connections` threads, each
    sending GETs one after another over paths in turn, until `seconds` have passed.

    Counts every response by status and every connection error, with latencies."""

    def __init__(self, port, paths, connections, seconds):
        self.port, self.paths = port, list(paths)
        self.connections, self.seconds = connections, seconds
        self.lock = threading.Lock()
        self.statuses = {}
        self.errors = []
        self.latencies = []
        self.timeline = []  # (seconds since start, ok)

    def _worker(self, n, deadline, started):
        i = n
        while time.monotonic() < deadline:
            path = self.paths[i % len(self.paths)]
            i += 1
            t = time.monotonic()
            try:
                status, _ = get(self.port, path, timeout=15)
                error = None
            except (OSError, http.client.HTTPException) as e:
                status, error = None, f"{type(e).__name__}: {e}"
            elapsed = time.monotonic() - t
            with self.lock:
                if error:
                    self.errors.append(error)
                else:
                    self.statuses[status] = self.statuses.get(status, 0) + 1
                    self.latencies.append(elapsed)
                self.timeline.append((t - started, error is None and 200 <= status < 400))

    def run(self):
        started = time.monotonic()
        deadline = started + self.seconds
        threads = [
            threading.Thread(target=self._worker, args=(n, deadline, started), daemon=True)
            for n in range(self.connections)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=self.seconds + 30)
        self.elapsed = time.monotonic() - started
        return self

    def start(self):
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()
        return self

    def join(self):
        self.thread.join(timeout=self.seconds + 60)
        return self

    @property
    def total(self):
        return sum(self.statuses.values()) + len(self.errors)

    @property
    def failed(self):
        bad = sum(n for s, n in self.statuses.items() if not 200 <= s < 400)
        return bad + len(self.errors)

    def summary(self):
        lat = sorted(self.latencies) or [0]
        return {
            "rps": self.total / self.elapsed,
            "p50_ms": lat[len(lat) // 2] * 1000,
            "p99_ms": lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000,
            "errors": self.failed,
            "requests": self.total,
            "tool": "python threads",
        }


def throughput(port, path, seconds, connections):
    if wrk_available():
        return run_wrk(port, path, seconds, connections)
    return Load(port, [path], connections, seconds).run().summary()


# ---------------------------------------------------------------- results.md


def machine():
    return (
        f"{os.cpu_count()} cores ({platform.processor() or platform.machine()}), "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def write_section(name, text):
    """Replace (or add) the section `name` of bench/results.md, keeping the others."""
    start, end = f"<!-- {name}: start -->", f"<!-- {name}: end -->"
    block = f"{start}\n{text.rstrip()}\n{end}\n"
    current = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    if start in current and end in current:
        before, rest = current.split(start, 1)
        after = rest.split(end, 1)[1].lstrip("\n")
        current = before + block + ("\n" + after if after else "")
    else:
        if not current:
            current = (
                "# ITA Portal: benchmark and load-test results\n\n"
                "Written by `make bench` and `make loadtest` (bench/run.py, bench/loadtest.py). "
                "Every figure is measured beside its baseline in the same run, on the same "
                "machine, and given as a ratio to it.\n\n"
            )
        current = current.rstrip("\n") + "\n\n" + block
    RESULTS.write_text(current, encoding="utf-8")
