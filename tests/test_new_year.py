"""A new year from the last one: next year's framework, empty scores, unfinished items carried."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from actionplans.models import ActionItem
from actionplans.services import next_year_create
from assessments.models import Assessment, Finding, Memo
from indicators.models import FrameworkYear
from tests.frameworks import make_framework_2569

CHANGELIST = "admin:assessments_assessment_changelist"


def finish(demo, *topic_numbers):
    ActionItem.objects.filter(topic__assessment=demo, topic__number__in=topic_numbers).update(
        status=ActionItem.Status.DONE, percent=100
    )


def test_next_year_uses_its_framework_and_carries_only_unfinished_items(demo):
    make_framework_2569()
    finish(demo, 1, 2)
    item = ActionItem.objects.get(topic__assessment=demo, topic__number=3, number=1)
    item.status, item.percent = ActionItem.Status.IN_PROGRESS, 40
    item.save()
    ActionItem.objects.filter(topic__assessment=demo, topic__number=4, number=2).update(
        status=ActionItem.Status.CANCELLED
    )

    open_before = list(
        ActionItem.objects.filter(topic__assessment=demo).open().values_list("pk", flat=True)
    )
    new, count = next_year_create(assessment=demo)

    assert (new.fiscal_year, new.framework.year, new.status) == (2569, 2569, "draft")
    assert not new.question_scores.exists() and not new.indicator_scores.exists()
    assert new.reported_overall is None and not Finding.objects.filter(assessment=new).exists()
    assert not Memo.objects.filter(assessment=new).exists()
    assert new.goal_overall == demo.goal_overall
    assert [t.number for t in new.plan_topics.all()] == [3, 4, 5, 6, 7]
    carried = ActionItem.objects.filter(topic__assessment=new)
    assert count == carried.count()
    assert sorted(carried.values_list("carried_from", flat=True)) == sorted(open_before)
    # Issue 20: the originals are closed in their year as carried over (not open, not overdue).
    assert set(ActionItem.objects.filter(pk__in=open_before).values_list("status", flat=True)) == {
        "carried"
    }
    copy = carried.get(carried_from=item)
    assert (copy.status, copy.percent, copy.owner) == ("in_progress", 40, item.owner)
    assert copy.due_date == date(2027, 9, 30)
    topic = new.plan_topics.get(number=3)
    assert (topic.start_date, topic.end_date) == (date(2026, 10, 1), date(2027, 9, 30))
    old_topic = demo.plan_topics.get(number=3)
    assert list(topic.owners.all()) == list(old_topic.owners.all())
    assert topic.methods.count() == old_topic.methods.count()
    # The old year is untouched.
    assert ActionItem.objects.filter(topic__assessment=demo).count() == 19


def without_2569():
    """As if the portal had no 2569 framework (it ships with the catalogue)."""
    fw = FrameworkYear.objects.get(year=2569)
    for rows in (fw.questions, fw.indicators, fw.tools, fw.rating_levels):
        rows.all().delete()
    fw.delete()


def test_next_year_from_the_demo_uses_the_shipped_2569_framework(demo):
    new, carried = next_year_create(assessment=demo)
    assert new.framework.year == 2569 and new.framework.provisional and carried == 19
    codes = list(
        new.framework.questions.filter(code__startswith="o").values_list("code", flat=True)
    )
    assert codes == [f"o{n}" for n in range(1, 27)]


def test_without_next_years_framework_it_refuses_in_thai(demo):
    without_2569()
    with pytest.raises(ValidationError, match="ยังไม่มีกรอบการประเมินปี 2569 ในระบบ"):
        next_year_create(assessment=demo)
    assert not Assessment.objects.filter(fiscal_year=2569).exists()


def test_a_year_that_already_exists_is_not_created_twice(demo):
    make_framework_2569()
    next_year_create(assessment=demo)
    with pytest.raises(ValidationError, match="มีผลการประเมินปี 2569 ของเทศบาลเมืองดอนสัก อยู่แล้ว"):
        next_year_create(assessment=demo)
    assert Assessment.objects.filter(fiscal_year=2569).count() == 1


def test_the_admin_action_creates_next_year_or_says_why_not(staff_client, demo):
    data = {"action": "create_next_year", "_selected_action": [demo.pk]}
    without_2569()
    response = staff_client.post(reverse(CHANGELIST), data, follow=True)
    assert "ยังไม่มีกรอบการประเมินปี 2569 ในระบบ" in response.content.decode()
    call_command("load_framework", verbosity=0)  # brings the shipped 2569 back
    response = staff_client.post(reverse(CHANGELIST), data, follow=True)
    assert "สร้าง ITA ปีงบประมาณ 2569 เทศบาลเมืองดอนสัก แล้ว ยกรายการดำเนินงานที่ยังไม่เสร็จมา 19 รายการ" in (
        response.content.decode()
    )


def test_the_draft_actions_in_the_admin(staff_client, demo):
    # Draft findings: first the threshold form, then the result.
    data = {"action": "draft_findings", "_selected_action": [demo.pk]}
    response = staff_client.post(reverse(CHANGELIST), data)
    assert response.status_code == 200 and 'name="threshold"' in response.content.decode()
    response = staff_client.post(
        reverse(CHANGELIST), {**data, "apply": "1", "threshold": "95"}, follow=True
    )
    html = response.content.decode()
    assert "ร่างผลการวิเคราะห์ใหม่ 5 รายการ" in html
    assert "ข้อ i12, i15, o6 ต่ำกว่าเกณฑ์แต่ยังไม่มีข้อเสนอแนะมาตรฐาน"  # o15, o19 have notes in html
    # Draft the memo: the seed's memo was written by a person and is kept.
    response = staff_client.post(
        reverse(CHANGELIST), {"action": "draft_memo", "_selected_action": [demo.pk]}, follow=True
    )
    assert "แก้ไขโดยเจ้าหน้าที่แล้ว ระบบจะไม่เขียนทับ" in response.content.decode()


def test_saving_a_memo_in_the_admin_marks_it_as_a_persons(staff_client, demo):
    memo = demo.memo
    Memo.objects.filter(pk=memo.pk).update(edited_by_person=False)
    url = reverse("admin:assessments_memo_change", args=[memo.pk])
    form = staff_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "edited_by_person"}
    data.update({"assessment": demo.pk, "date": "17/04/2569", "facts": "ข้อความใหม่"})  # พ.ศ.
    data.update({"signatures-TOTAL_FORMS": 0, "signatures-INITIAL_FORMS": 0})
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    memo.refresh_from_db()
    assert memo.facts == "ข้อความใหม่" and memo.edited_by_person
