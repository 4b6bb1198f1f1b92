"""The rules every background job follows (django-tasks; the jobs live next to the code they
serve, in each app's tasks.py).

- A job is queued after the commit of the write that asks for it (`transaction.on_commit`), so
  a worker never reads data that is not there yet, and a rolled-back write queues nothing.
- django-tasks has no retries: a job that fails calls `retry()`, which queues the next attempt
  itself (after a growing delay where the backend can defer) until ATTEMPTS have been made, and
  then raises as usual, so the failed attempt is recorded as failed in the queue's table.
- A worker killed mid-job leaves the job "running" in the queue's table: `manage.py
  requeue_stale_tasks` puts it back (see ops). A job that finds it has been started more than
  ATTEMPTS times that way (`context.attempt`) gives up rather than kill another worker.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

ATTEMPTS = 3
RETRY_DELAY = timedelta(minutes=1)  # before the 2nd attempt; twice that before the 3rd


def enqueue_on_commit(task, *args, **kwargs):
    """Queue `task` once the current transaction commits (at once outside one). A queue that
    cannot be reached is logged and does not undo the write that asked for the job."""
    transaction.on_commit(lambda: task.enqueue(*args, **kwargs), robust=True)


def retry(task, *args, attempt, **kwargs):
    """Queue attempt `attempt + 1` of `task` with the same arguments, unless `attempt` was the
    last; returns its TaskResult, or None when there is none to come. Call it from the failing
    job, then re-raise."""
    if attempt >= ATTEMPTS:
        return None
    if task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + RETRY_DELAY * attempt)
    logger.warning("%s failed (attempt %d of %d): retrying", task.name, attempt, ATTEMPTS)
    return task.enqueue(*args, attempt=attempt + 1, **kwargs)


def worker_lost_too_often(context):
    """Whether this job has been started more than ATTEMPTS times: each time its worker died
    (was killed, ran out of memory) and `requeue_stale_tasks` put it back."""
    return context.attempt > ATTEMPTS
