"""The survey drive's background jobs: one IIT reminder per division (core.jobs' rules)."""

from datetime import date

from django_tasks import task  # Django 6: from django.tasks import task

from actionplans.models import Division
from core import jobs

from .models import SurveyDrive
from .reminders import survey_reminder_send


@task()
def send_survey_reminder(drive_pk, division_pk, today, base_url, attempt=1):
    drive = SurveyDrive.objects.select_related("organization").filter(pk=drive_pk).first()
    division = Division.objects.filter(pk=division_pk).first()
    if drive is None or division is None:
        return 0
    try:
        sent = survey_reminder_send(
            drive=drive, division=division, today=date.fromisoformat(today), base_url=base_url
        )
    except Exception:
        jobs.retry(send_survey_reminder, drive_pk, division_pk, today, base_url, attempt=attempt)
        raise
    return len(sent)
