"""The action plan's background jobs: one reminder email per division head, queued by
`manage.py send_action_reminders`, so that one address that fails does not stop the others,
and the failed one is retried (core.jobs)."""

from datetime import date

from django.contrib.auth import get_user_model
from django_tasks import task  # Django 6: from django.tasks import task

from core import jobs

from .services import action_reminder_send


@task()
def send_action_reminder(user_pk, days, today, base_url, attempt=1):
    """Send one head's reminder (services.action_reminder_send); returns how many items it
    listed. `today` is an ISO date: the day the command was run for."""
    user = get_user_model().objects.filter(pk=user_pk, is_active=True).first()
    if user is None:
        return 0
    try:
        items = action_reminder_send(
            user=user, days=days, today=date.fromisoformat(today), base_url=base_url
        )
    except Exception:
        jobs.retry(send_action_reminder, user_pk, days, today, base_url, attempt=attempt)
        raise
    return len(items)
