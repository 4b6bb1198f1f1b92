"""The assessment's "ประวัติ" page shows, in Thai and newest first, what changed in the year and
in its rows (scores, findings, guidelines, memo, plan topics and items): who, when in พ.ศ.,
and old → new."""

import re

from django.urls import reverse
from django.utils import timezone

from actionplans.models import ActionItem, PlanTopic
from assessments.models import Finding, Guideline, IndicatorScore, QuestionScore
from tests.test_admin import post_data_with_i1_score


def history_url(demo):
    return reverse("admin:assessments_assessment_history", args=[demo.pk])


def change(obj, user, **values):
    for name, value in values.items():
        setattr(obj, name, value)
    obj._history_user = user
    obj.save()


def test_the_years_history_shows_its_rows_changes_newest_first(staff_client, staff, demo):
    # i1's score through the admin form, as staff type it.
    data = post_data_with_i1_score(staff_client, demo, "95.00")
    assert (
        staff_client.post(
            reverse("admin:assessments_assessment_change", args=[demo.pk]), data
        ).status_code
        == 302
    )
    change(IndicatorScore.objects.filter(assessment=demo).first(), staff, score="88.88")
    change(Finding.objects.filter(assessment=demo).first(), staff, issue="ข้อบกพร่องที่แก้แล้ว")
    change(Guideline.objects.filter(assessment=demo).first(), staff, text="แนวทางใหม่")
    change(demo.memo, staff, subject="เรื่องใหม่ของบันทึก")
    change(PlanTopic.objects.filter(assessment=demo).first(), staff, title="หัวข้อใหม่")
    item = ActionItem.objects.filter(topic__assessment=demo).order_by("pk").first()
    change(item, staff, status="in_progress", percent=40)

    html = staff_client.get(history_url(demo)).content.decode()
    text = re.sub(r"<[^>]+>", " ", html)
    text = re.sub(r"\s+", " ", text)
    assert "คะแนนรายข้อ: i1" in text and "คะแนน: 94.12 → 95.00" in text
    assert "→ 88.88" in text
    assert "ข้อบกพร่อง/ข้อเสนอแนะ" in text or "→ ข้อบกพร่องที่แก้แล้ว" in text
    assert "→ แนวทางใหม่" in text and "→ เรื่องใหม่ของบันทึก" in text and "→ หัวข้อใหม่" in text
    assert "ยังไม่เริ่ม → กำลังดำเนินการ" in text and "0 → 40" in text
    # Who and when (พ.ศ.), and newest first: the item changed last comes before i1's score.
    today = timezone.localdate()
    assert f"{today.year + 543}" in text and f" {today.year} " not in text
    assert "staff" in text
    assert text.index("กำลังดำเนินการ") < text.index("94.12 → 95.00")
    assert "Created" not in text and "Changed by" not in text


def test_history_page_cost_does_not_grow_with_changes(
    staff_client, staff, demo, django_assert_max_num_queries
):
    staff_client.get(history_url(demo))  # warm the session and content types
    # session, user, 11 history sources (year, 3 score kinds, findings, guidelines, memo,
    # topics, methods, items), one per kind of related row named (questions, indicators,
    # tools, divisions, topics, framework, organization, assessment, memo, …)
    with django_assert_max_num_queries(30) as before:
        staff_client.get(history_url(demo))
    for row in QuestionScore.objects.filter(assessment=demo)[:20]:
        change(row, staff, score="50.00")
    with django_assert_max_num_queries(len(before.captured_queries)):
        staff_client.get(history_url(demo))


def test_a_single_rows_history_is_thai_with_buddhist_era_dates(staff_client, staff, demo):
    finding = Finding.objects.filter(assessment=demo).first()
    change(finding, staff, issue="ข้อความใหม่")
    html = staff_client.get(
        reverse("admin:assessments_finding_history", args=[finding.pk])
    ).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "ประเด็น:" in text and "→ ข้อความใหม่" in text
    assert str(timezone.localdate().year + 543) in text
