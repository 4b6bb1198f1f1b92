"""Issue 20, finding 1: an item carried over to the next year's plan is closed in its own year.

It reads "ยกไปดำเนินการต่อในปี ๒๕๖๙" and links to its successor, is not overdue anywhere (the
division heads' list, the public plan page, the results as of a cut-off), and its last figure
stays its result in the old year."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from actionplans.models import ActionItem
from actionplans.results import results_as_of
from actionplans.services import next_year_create, progress_update_create
from assessments.models import Assessment


def _at_80(demo, user, topic_number):
    item = ActionItem.objects.get(topic__assessment=demo, topic__number=topic_number, number=1)
    progress_update_create(item=item, author=user, status="in_progress", percent=80)
    return item


def _finish_others(demo, keep):
    ActionItem.objects.filter(topic__assessment=demo).exclude(pk=keep.pk).update(
        status=ActionItem.Status.DONE, percent=100
    )


@pytest.fixture
def carried(demo, alice):
    """The demo with alice's 1.1 at 80 %, everything else done, carried over to 2569."""
    item = ActionItem.objects.filter(topic__assessment=demo, owner__heads=alice).first()
    progress_update_create(item=item, author=alice, status="in_progress", percent=80)
    _finish_others(demo, item)
    new, count = next_year_create(assessment=demo)
    assert count == 1
    item.refresh_from_db()
    return item, item.carried_to.get()


def test_the_old_item_is_carried_not_open_and_keeps_its_figure(carried):
    old, new = carried
    assert old.status == ActionItem.Status.CARRIED and old.percent == 80
    assert new.topic.assessment.fiscal_year == 2569 and new.carried_from == old
    assert (new.status, new.percent) == ("in_progress", 80)
    assert not old.is_overdue and old.due_date < date.today()
    assert not ActionItem.objects.filter(pk=old.pk).open().exists()
    assert not ActionItem.objects.filter(pk=old.pk).overdue().exists()
    assert old.status_text == "ยกไปดำเนินการต่อในปี ๒๕๖๙"
    assert old.history.first().get_status_display() == "ยกไปดำเนินการต่อ"


def test_a_carried_item_takes_no_report_in_its_old_year(carried, alice):
    old, _ = carried
    with pytest.raises(ValidationError, match="ยกไปดำเนินการต่อในปี ๒๕๖๙ แล้ว"):
        progress_update_create(item=old, author=alice, status="in_progress", percent=90)
    old.refresh_from_db()
    assert (old.status, old.percent) == ("carried", 80)


def test_actions_list_shows_the_year_and_no_overdue_for_a_carried_item(carried, alice_client):
    old, new = carried
    page = alice_client.get(reverse("actionplans:list"), {"year": ""}).content.decode()
    assert "ไม่มีรายการที่เลยกำหนด" in page
    assert "ยกไปดำเนินการต่อในปี ๒๕๖๙" in page
    # The year column tells the two rows of the same item apart.
    assert 'data-label="ปี"' in page
    assert page.count(">๒๕๖๘<") >= 1 and page.count(">๒๕๖๙<") >= 1
    # The topic filter names each topic once per year, with its year.
    title = old.topic.title
    options = [line for line in page.splitlines() if "<option" in line and title in line]
    labels = [o.split(">", 1)[1].split("<", 1)[0] for o in options]
    assert len(labels) == len(set(labels)) == 2
    assert any("๒๕๖๘" in label for label in labels) and any("๒๕๖๙" in label for label in labels)


def test_old_year_list_counts_no_overdue(carried, alice_client):
    page = alice_client.get(reverse("actionplans:list"), {"year": "2568"}).content.decode()
    assert "ไม่มีรายการที่เลยกำหนด" in page


def test_the_item_page_links_to_its_successor(carried, alice_client):
    old, new = carried
    page = alice_client.get(reverse("actionplans:item", args=[old.pk])).content.decode()
    assert "ยกไปดำเนินการต่อในปี ๒๕๖๙" in page
    assert reverse("actionplans:item", args=[new.pk]) in page
    assert "เลยกำหนด" not in page
    page = alice_client.get(reverse("actionplans:item", args=[new.pk])).content.decode()
    assert reverse("actionplans:item", args=[old.pk]) in page
    assert "ยกมาจากแผนจากผลการประเมินปี พ.ศ. ๒๕๖๘" in page


def test_the_public_plan_says_carried_and_not_overdue(carried, client):
    old, _ = carried
    Assessment.objects.filter(fiscal_year=2568).update(status=Assessment.Status.PUBLISHED)
    page = client.get(reverse("publishing:plan_progress", args=[2568])).content.decode()
    assert "ยกไปดำเนินการต่อในปี ๒๕๖๙" in page
    assert "เลยกำหนด" not in page


def test_results_count_a_carried_item_at_its_last_figure_not_overdue(carried):
    old, _ = carried
    data = results_as_of(old.topic.assessment, date.today())
    row = next(r for t in data["topics"] for r in t["items"] if r["label"] == "1.1")
    assert (row["status"], row["percent"], row["carried_to"]) == ("carried", 80, 2569)
    assert row["timing"] != "overdue"
    assert data["totals"]["carried"] == 1  # (the others were finished without history)
    assert row in [{k: v for k, v in r.items() if k != "topic"} for r in data["carried_over"]]


def test_deleting_the_new_year_reopens_the_carried_item(carried):
    old, new = carried
    new.topic.assessment.delete()
    old.refresh_from_db()
    assert (old.status, old.percent) == ("in_progress", 80)
    assert ActionItem.objects.filter(pk=old.pk).open().exists()
