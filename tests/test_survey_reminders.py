"""The IIT reminders (issue 22, part 3): on the schedule staff set, each division's heads are
asked to have their staff answer the IIT (the link, the count against the minimum, the days
left), queued by the existing `send_action_reminders` as one job per division (the tests run
jobs at once; Django's locmem outbox)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from core.models import Delivery
from surveys.models import SurveyDrive, SurveyReminderLog
from surveys.services import count_record

LINK = "https://itas.nacc.go.th/go/iit/8e1f4d2c"


def run():
    out = StringIO()
    call_command("send_action_reminders", stdout=out)
    return out.getvalue()


def iit_mails():
    return [m for m in mail.outbox if "IIT" in m.subject]


@pytest.fixture
def drive(demo):
    today = timezone.localdate()
    d = SurveyDrive.objects.create(
        organization=demo.organization,
        fiscal_year=2570,
        opens_on=today - timedelta(days=14),  # every 7 days: today is a reminder day
        closes_on=today + timedelta(days=20),
        iit_minimum=50,
        eit_minimum=70,
        iit_link=LINK,
        reminder_every_days=7,
    )
    count_record(drive=d, day=today - timedelta(days=4), iit_count=10, eit_count=1)
    count_record(drive=d, day=today, iit_count=30, eit_count=2)
    return d


def test_each_division_head_is_asked_with_the_link_the_count_and_the_days_left(alice, bob, drive):
    output = run()
    mails = sorted(iit_mails(), key=lambda m: m.to)
    assert [m.to for m in mails] == [["alice@example.com"], ["bob@example.com"]]
    body = mails[0].body
    assert "เรียน หัวหน้างานธุรการ" in body
    assert LINK in body
    assert "ตอบแล้ว ๓๐ คน จากขั้นต่ำ ๕๐ คน" in body and "ยังขาดอีก ๒๐ คน" in body
    assert "เหลือเวลา ๒๑ วัน" in body
    assert (
        mails[0].subject == "[ITA] ขอเชิญบุคลากรตอบแบบสำรวจ IIT: ตอบแล้ว 30 จากขั้นต่ำ 50 คน เหลือ 21 วัน"
    )
    assert "เข้าคิวเตือนตอบแบบสำรวจ IIT ปี 2570 ถึง 2 ส่วนงาน" in output
    logged = Delivery.objects.filter(kind="survey_reminder")
    assert sorted(logged.values_list("recipient", "address", "channel", "result")) == [
        ("งานธุรการ", "alice@example.com", "email", "sent"),
        ("งานพัสดุ", "bob@example.com", "email", "sent"),
    ]


def test_nothing_identifies_a_respondent_in_the_reminder(alice, drive):
    run()
    body = iit_mails()[0].body
    assert "ไม่ระบุตัวตน" in body and "?" not in LINK  # one link for everybody


def test_only_on_the_schedules_days_and_once_a_day(alice, drive):
    run()
    assert len(iit_mails()) == 1
    mail.outbox.clear()
    assert "ถึง 0 ส่วนงาน (ส่งไปแล้ววันนี้ 1 ส่วนงาน)" in run()
    assert iit_mails() == []
    assert SurveyReminderLog.objects.count() == 1
    drive.opens_on -= timedelta(days=1)  # today is day 15: not a multiple of 7
    drive.save()
    SurveyReminderLog.objects.all().delete()
    run()
    assert iit_mails() == []


def test_no_reminder_once_the_iit_reached_its_minimum_or_without_a_schedule(alice, drive):
    count_record(drive=drive, day=timezone.localdate(), iit_count=50, eit_count=2)
    run()
    assert iit_mails() == []
    count_record(drive=drive, day=timezone.localdate(), iit_count=30, eit_count=2)
    drive.reminder_every_days = 0
    drive.save()
    run()
    assert iit_mails() == []


def test_the_command_queues_one_job_per_division(alice, bob, drive, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    run()
    assert iit_mails() == []
    queued = DBTaskResult.objects.filter(status="READY", task_path__endswith="send_survey_reminder")
    assert queued.count() == 2


def test_without_a_link_the_reminder_points_to_the_posters(alice, drive):
    drive.iit_link = ""
    drive.save()
    run()
    assert "สแกนคิวอาร์โค้ดบนโปสเตอร์" in iit_mails()[0].body


def test_a_reminder_that_fails_is_retried_and_does_not_stop_the_others(
    alice, bob, drive, monkeypatch
):
    from core import jobs, notifications

    real, tries = notifications.send_mail, []

    def send_mail(subject, body, sender, to):
        if "IIT" in subject and to == ["alice@example.com"]:
            tries.append(1)
            raise ConnectionRefusedError("เซิร์ฟเวอร์อีเมลไม่ตอบ")
        return real(subject, body, sender, to)

    monkeypatch.setattr(notifications, "send_mail", send_mail)
    run()
    assert len(tries) == jobs.ATTEMPTS
    assert [m.to for m in iit_mails()] == [["bob@example.com"]]
    # No log row for งานธุรการ: the next run sends it; the failures are in the send log.
    assert list(SurveyReminderLog.objects.values_list("division__name", flat=True)) == ["งานพัสดุ"]
    failed = Delivery.objects.filter(kind="survey_reminder", result="failed")
    assert failed.count() == jobs.ATTEMPTS and "เซิร์ฟเวอร์อีเมลไม่ตอบ" in failed.first().error
    monkeypatch.setattr(notifications, "send_mail", real)
    run()
    assert sorted(m.to for m in iit_mails()) == [["alice@example.com"], ["bob@example.com"]]
