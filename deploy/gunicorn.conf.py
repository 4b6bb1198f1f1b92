"""gunicorn settings for the ITA Portal: `gunicorn -c deploy/gunicorn.conf.py ita_portal.wsgi`.

Each value can be overridden from the environment (GUNICORN_BIND, GUNICORN_WORKERS, …), so the
systemd unit and `make bench`/`make loadtest` share this file.

Sync workers: the portal's requests are short CPU-bound renders behind nginx, which buffers slow
clients; a cold report PDF takes WeasyPrint a second or two of CPU, so the timeout leaves room
for that but not for a stuck worker. Workers are recycled after a few thousand requests (with
jitter, so not all at once) to bound any slow growth in memory.
"""

import multiprocessing
import os


def _int(name, default):
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


# Loopback only: nginx is the one way in, and the app believes X-Real-IP only from it
# (core.security.client_ip). Never bind a public address.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# One per core plus one is plenty for CPU-bound work; two at least, so one slow PDF render
# never leaves the site without a free worker.
workers = _int("GUNICORN_WORKERS", max(2, multiprocessing.cpu_count() + 1))
worker_class = "sync"
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 20)
keepalive = 5
max_requests = _int("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = max_requests // 10
# Load the app in each worker, not the master: a worker that dies or is recycled comes back
# with fresh database connections, and nothing is shared across a fork by accident.
preload_app = False
# Behind nginx on the same host only: trust its X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Logs to stdout/stderr, where systemd's journal collects them.
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
# Temporary files of worker heartbeats in memory, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
proc_name = "ita-portal"
