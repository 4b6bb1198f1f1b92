"""Integrity: every change to an item, an update, a score or the plan leaves a history record
naming who made it, and staff can read it in the admin."""

from django.urls import reverse

from actionplans.models import ActionItem, PlanTopic, ProgressUpdate
from assessments.models import QuestionScore
from tests.progress_post import post_progress


def test_posting_an_update_leaves_history_with_the_user(alice_client, alice):
    item = ActionItem.objects.filter(owner__name="งานธุรการ").order_by("pk").first()
    post_progress(alice_client, item, {"status": "in_progress", "percent": "35", "note": "ลับ"})
    latest = item.history.latest()
    assert latest.history_user == alice and latest.history_type == "~"
    assert (latest.status, latest.percent) == ("in_progress", 35)
    changed = {c.field: (c.old, c.new) for c in latest.diff_against(latest.prev_record).changes}
    assert changed["percent"] == (0, 35) and changed["status"] == ("not_started", "in_progress")
    update = ProgressUpdate.objects.get()
    assert update.history.get().history_user == alice


def test_plan_topic_changes_are_recorded(demo, staff):
    topic = PlanTopic.objects.get(assessment=demo, number=1)
    topic.title = "หัวข้อที่แก้ไข"
    topic._history_user = staff
    topic.save()
    assert topic.history.latest().history_user == staff
    assert topic.history.latest().prev_record.title != "หัวข้อที่แก้ไข"


def test_demo_rows_start_with_a_creation_record(demo):
    assert ActionItem.history.filter(history_type="+").count() == 19
    assert QuestionScore.history.filter(history_type="+").count() == 51


def test_staff_see_who_changed_what_in_the_admin(staff_client, alice_client, alice, staff):
    item = ActionItem.objects.filter(owner__name="งานธุรการ").order_by("pk").first()
    post_progress(
        alice_client, item, {"status": "in_progress", "percent": "35", "public_summary": "เริ่มแล้ว"}
    )
    html = staff_client.get(
        reverse("admin:actionplans_actionitem_history", args=[item.pk])
    ).content.decode()
    assert "alice" in html
    update = ProgressUpdate.objects.get()
    assert (
        staff_client.get(
            reverse("admin:actionplans_progressupdate_history", args=[update.pk])
        ).status_code
        == 200
    )
    assert (
        staff_client.get(reverse("admin:actionplans_progressupdate_changelist")).status_code == 200
    )
    assert staff_client.get(reverse("admin:actionplans_reminderlog_changelist")).status_code == 200
