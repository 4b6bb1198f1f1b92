"""send_action_reminders: each head gets their own due and overdue items, once a day, each email
sent by a background job of its own (the tests run jobs at once: conftest)."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from actionplans.models import ActionItem, ReminderLog


def run(days=14):
    from io import StringIO

    out = StringIO()
    call_command("send_action_reminders", f"--days={days}", stdout=out)
    return out.getvalue()


@pytest.fixture
def soon(demo):
    """One งานพัสดุ item due in 5 days, one in 40; the rest keep the demo's past due date."""
    today = timezone.localdate()
    items = list(ActionItem.objects.filter(owner__name="งานพัสดุ").order_by("pk"))
    items[0].due_date = today + timedelta(days=5)
    items[1].due_date = today + timedelta(days=40)
    for i in items[:2]:
        i.save()
    return items


def test_each_head_gets_their_own_overdue_and_due_soon_items(alice, bob, soon):
    ActionItem.objects.filter(owner__name="งานธุรการ").update(due_date=date(2099, 1, 1))
    done = ActionItem.objects.filter(owner__name="งานพัสดุ").order_by("pk").last()
    done.status, done.percent = "done", 100
    done.save()

    output = run(days=14)

    # alice's items are all far off: no email. bob: overdue + due within 14 days, not the
    # one due in 40 days, not the done one.
    assert [m.to for m in mail.outbox] == [["bob@example.com"]]
    body = mail.outbox[0].body
    expected = ActionItem.objects.filter(owner__name="งานพัสดุ").open()
    expected = expected.exclude(pk=soon[1].pk)
    assert expected.count() == 2
    for item in expected:
        assert item.text in body
    assert soon[1].text not in body and done.text not in body
    assert "เลยกำหนดแล้ว ๑ รายการ" in body and "ครบกำหนดภายใน ๑๔ วัน ๑ รายการ" in body
    assert f"/actions/{soon[0].pk}/" in body
    assert "เลยกำหนด 1 รายการ" in mail.outbox[0].subject
    assert "เข้าคิวส่งถึง bob <bob@example.com>: 2 รายการ" in output
    assert "เข้าคิวอีเมลเตือนแล้ว 1 ฉบับ" in output


def test_a_second_run_on_the_same_day_sends_nothing(alice, bob, soon):
    run()
    assert len(mail.outbox) == 2  # alice's demo items are overdue too
    mail.outbox.clear()
    output = run()
    assert mail.outbox == []
    assert "ส่งไปแล้ววันนี้" in output and "เข้าคิวอีเมลเตือนแล้ว 0 ฉบับ" in output
    assert ReminderLog.objects.count() == 2


def test_heads_without_an_email_address_are_reported_not_sent(alice, bob):
    bob.email = ""
    bob.save()
    output = run()
    assert [m.to for m in mail.outbox] == [["alice@example.com"]]
    assert "ไม่ได้ส่งถึง bob: ไม่มีอีเมล" in output


def test_negative_days_are_refused(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="ต้องไม่ติดลบ"):
        run(days=-1)


def test_the_command_queues_one_job_per_head(alice, bob, soon, settings):
    """With the database backend (production's), the command only queues: one job per head,
    and nothing is sent until a worker runs them."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    output = run()
    assert mail.outbox == [] and not ReminderLog.objects.exists()
    queued = DBTaskResult.objects.filter(status="READY", task_path__endswith="send_action_reminder")
    assert sorted(r.args_kwargs["args"][0] for r in queued) == [alice.pk, bob.pk]
    assert "เข้าคิวอีเมลเตือนแล้ว 2 ฉบับ" in output


def test_an_email_that_fails_is_retried_and_does_not_stop_the_others(alice, bob, monkeypatch):
    from core import jobs, notifications

    # Every message goes out through core.notifications (issue 22): its send_mail fails here.
    real, tries = notifications.send_mail, []

    def send_mail(subject, body, sender, to):
        if to == ["alice@example.com"]:
            tries.append(1)
            raise ConnectionRefusedError("เซิร์ฟเวอร์อีเมลไม่ตอบ")
        return real(subject, body, sender, to)

    monkeypatch.setattr(notifications, "send_mail", send_mail)
    output = run()
    assert len(tries) == jobs.ATTEMPTS  # alice's job tried three times, then gave up
    assert [m.to for m in mail.outbox] == [["bob@example.com"]]
    # No log row for alice: tomorrow's run (or a rerun today) writes to her again.
    assert list(ReminderLog.objects.values_list("user__username", flat=True)) == ["bob"]
    assert "เข้าคิวส่งถึง alice" in output and "เข้าคิวส่งถึง bob" in output
    monkeypatch.setattr(notifications, "send_mail", real)
    run()
    assert [m.to for m in mail.outbox] == [["bob@example.com"], ["alice@example.com"]]
