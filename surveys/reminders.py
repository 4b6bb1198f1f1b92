"""The IIT reminder: on the schedule staff set (every N days from the opening day, while the
survey is open and the IIT is short of its minimum), each division's heads are asked to have
their staff answer the IIT: the link, the count so far against the minimum, the days left.
Queued by `manage.py send_action_reminders` (actionplans.signals.reminders_requested), one
job per division (tasks.py), sent through actionplans.notify (e-mail, or the division's LINE
group), at most once a day per division (SurveyReminderLog)."""

from django.db import transaction
from django.template.loader import render_to_string

from actionplans import notify
from actionplans.models import Division

from . import progress
from .models import IIT, SurveyDrive, SurveyReminderLog


def iit_standing(drive):
    return progress.standing(
        minimum=drive.iit_minimum,
        points=list(drive.counts.values_list("date", "iit_count")),
        opens_on=drive.opens_on,
        closes_on=drive.closes_on,
    )


def reminder_due(drive, today):
    """Whether `today` is a reminder day of the drive's schedule (and the IIT still short)."""
    every = drive.reminder_every_days
    if not every or not (drive.opens_on <= today <= drive.closes_on):
        return False
    if (today - drive.opens_on).days % every:
        return False
    return not iit_standing(drive).reached


def due_drives(today):
    drives = SurveyDrive.objects.filter(
        reminder_every_days__gt=0, opens_on__lte=today, closes_on__gte=today
    ).select_related("organization")
    return [d for d in drives if reminder_due(d, today)]


def reminder_divisions():
    """The divisions that have someone to tell: an active head with an e-mail, or a group."""
    with_heads = Division.objects.filter(heads__is_active=True).exclude(heads__email="")
    with_group = Division.objects.filter(line_group__isnull=False, line_group__left_at__isnull=True)
    return (with_heads | with_group).distinct().order_by("order", "name")


def reminder_message(drive, division, today, base_url=""):
    standing = iit_standing(drive)
    context = {
        "drive": drive,
        "division": division,
        "standing": standing,
        "days_left": progress.days_left(drive.closes_on, today),
        "link": drive.link(IIT),
        "today": today,
        "base_url": base_url.rstrip("/"),
    }
    subject = (
        f"[ITA] ขอเชิญบุคลากรตอบแบบสำรวจ IIT: ตอบแล้ว {standing.count} จากขั้นต่ำ "
        f"{standing.minimum} คน เหลือ {context['days_left']} วัน"
    )
    return subject, render_to_string("surveys/email/iit_reminder.txt", context)


def survey_reminder_send(*, drive, division, today, base_url=""):
    """Remind one division (its heads, or its LINE group); at most once a day. Returns the
    Delivery rows ([] when already sent today). Raises when nothing could be sent, and then
    keeps no log row, so that a retry sends it."""
    with transaction.atomic():
        _, created = SurveyReminderLog.objects.get_or_create(
            drive=drive, division=division, date=today
        )
    if not created:
        return []
    subject, text = reminder_message(drive, division, today, base_url)
    try:
        return notify.notify(drive.organization, division, subject, text, kind="survey_reminder")
    except Exception:
        SurveyReminderLog.objects.filter(drive=drive, division=division, date=today).delete()
        raise
