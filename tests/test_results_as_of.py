"""The plan's results as of a cut-off date (actionplans.results.results_as_of): figures come from
the dated progress updates and history up to the cut-off, never from the items' status today."""

import json
from datetime import date, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from actionplans.models import ActionItem, ProgressUpdate, ResultsRound, default_cutoff
from actionplans.results import results_as_of
from actionplans.services import progress_update_create

MARCH_31 = date(2026, 3, 31)  # the 6-month cut-off of the 2568 plan (fiscal 2569)


def at(day, hour=10):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()) + timedelta(hours=hour))


def report(item, author, when, **fields):
    """A progress update as if it had been recorded at `when`."""
    update = progress_update_create(item=item, author=author, **fields)
    ProgressUpdate.objects.filter(pk=update.pk).update(created_at=when)
    return update


def row_of(data, item):
    for topic in data["topics"]:
        for row in topic["items"]:
            if row["label"] == f"{item.topic.number}.{item.number}":
                return row
    raise AssertionError(item)


@pytest.fixture
def items(demo):
    return list(ActionItem.objects.filter(owner__name="งานธุรการ").order_by("pk"))


def test_the_standard_rounds_fall_on_31_march_and_30_september_after_the_assessment_year():
    assert default_cutoff(2568, ResultsRound.Kind.SIX_MONTHS) == date(2026, 3, 31)
    assert default_cutoff(2568, ResultsRound.Kind.TWELVE_MONTHS) == date(2026, 9, 30)


def test_a_past_cut_off_ignores_later_updates(demo, alice, items):
    first = items[0]
    report(first, alice, at(date(2026, 2, 10)), status="in_progress", percent=40,
           public_summary="จัดทำร่างคู่มือแล้ว")  # fmt: skip
    report(first, alice, at(date(2026, 5, 2)), status="done", percent=100,
           public_summary="ประกาศใช้คู่มือแล้ว")  # fmt: skip
    # Today the item is done; on 31 March it was 40 % in progress, with one summary.
    first.refresh_from_db()
    assert first.status == "done"
    row = row_of(results_as_of(demo, MARCH_31), first)
    assert (row["status"], row["percent"]) == ("in_progress", 40)
    assert [s["text"] for s in row["summaries"]] == ["จัดทำร่างคู่มือแล้ว"]
    assert "ประกาศใช้คู่มือแล้ว" not in json.dumps(results_as_of(demo, MARCH_31), ensure_ascii=False)
    # At 30 September the later report counts.
    row = row_of(results_as_of(demo, date(2026, 9, 30)), first)
    assert (row["status"], row["percent"]) == ("done", 100)


def test_an_update_on_the_cut_off_day_itself_counts(demo, alice, items):
    report(items[0], alice, at(MARCH_31, hour=23), status="in_progress", percent=10, note="x")
    assert row_of(results_as_of(demo, MARCH_31), items[0])["percent"] == 10


def test_done_on_time_done_late_and_not_done_are_told_apart(demo, alice, items):
    first, second, third = items
    ActionItem.objects.filter(pk=first.pk).update(due_date=date(2026, 3, 1))
    ActionItem.objects.filter(pk=second.pk).update(due_date=date(2026, 2, 1))
    ActionItem.objects.filter(pk=third.pk).update(due_date=date(2026, 3, 15))
    report(first, alice, at(date(2026, 2, 20)), status="done", percent=100, note="x")
    report(second, alice, at(date(2026, 3, 5)), status="done", percent=100, note="x")
    report(third, alice, at(date(2026, 3, 1)), status="in_progress", percent=60, note="x")
    data = results_as_of(demo, MARCH_31)
    assert row_of(data, first)["timing"] == "on_time"
    assert row_of(data, second)["timing"] == "late"
    assert row_of(data, third)["timing"] == "overdue"
    totals = data["totals"]
    assert (totals["on_time"], totals["late"], totals["overdue"]) == (1, 1, 1)
    assert totals["count"] == ActionItem.objects.filter(topic__assessment=demo).count()
    assert totals["not_done"] == totals["count"] - 2
    topic1 = data["topics"][0]
    assert topic1["percent"] == round((100 + 100 + 60) / 3)
    division = next(d for d in data["divisions"] if d["name"] == "งานธุรการ")
    assert (division["count"], division["done"]) == (3, 2)
    # Unfinished items at the cut-off are what may be carried over to the next year.
    carried = [r["label"] for r in data["carried_over"]]
    assert f"{third.topic.number}.{third.number}" in carried
    assert f"{first.topic.number}.{first.number}" not in carried


def test_a_change_made_in_the_admin_counts_through_the_items_history(demo, items, staff):
    item = items[0]
    item.status, item.percent = "cancelled", 0
    item._history_user = staff
    item.save()
    # The history record is dated now: a cut-off in the future sees it, a past one does not.
    later = timezone.localdate() + timedelta(days=1)
    assert row_of(results_as_of(demo, later), item)["timing"] == "cancelled"
    assert row_of(results_as_of(demo, MARCH_31), item)["status"] == "not_started"


def test_private_notes_links_and_files_never_reach_the_results(demo, alice, items, evidence_root):
    report(
        items[0],
        alice,
        at(date(2026, 3, 1)),
        status="in_progress",
        percent=30,
        public_summary="สรุปที่เผยแพร่ได้",
        note="บันทึกลับภายใน",
        evidence_url="https://drive.example/secret-folder",
        evidence_file=SimpleUploadedFile("ลับเฉพาะ.pdf", b"%PDF-1.4\n%secret\n"),
        public_evidence_title="ประกาศเจตจำนงสุจริต พ.ศ. ๒๕๖๙",
    )
    text = json.dumps(results_as_of(demo, MARCH_31), ensure_ascii=False)
    assert "สรุปที่เผยแพร่ได้" in text and "ประกาศเจตจำนงสุจริต พ.ศ. ๒๕๖๙" in text
    for secret in ("บันทึกลับภายใน", "drive.example", "secret-folder", "ลับเฉพาะ", "alice"):
        assert secret not in text


def test_query_count_does_not_grow_with_items_or_updates(
    demo, alice, items, django_assert_num_queries
):
    # topics, items with owners, updates to the cut-off, item history, carried-over items
    with django_assert_num_queries(5):
        results_as_of(demo, MARCH_31)
    for item in ActionItem.objects.filter(topic__assessment=demo):
        for p in (10, 20, 30):
            report(item, alice, at(date(2026, 1, p)), status="in_progress", percent=p,
                   public_summary=f"ร้อยละ {p}", public_evidence_title=f"หลักฐาน {p}")  # fmt: skip
    with django_assert_num_queries(5):
        data = results_as_of(demo, MARCH_31)
    assert data["totals"]["percent"] == 30
