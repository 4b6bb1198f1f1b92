"""Progress reports recorded in the admin move their item as a division head's report does
(issue 18, item 5.1): the admin's add form goes through `progress_update_create`, and the item's
page lists its reports without offering a second way round the rules."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplans.models import ActionItem, ProgressUpdate
from actionplans.services import progress_update_create
from core.thai import be_input_text
from tests.test_stale_saves import admin_form, form_data


@pytest.fixture
def item(demo):
    return ActionItem.objects.filter(owner__name="งานธุรการ").order_by("pk").first()


def add_form(client, item):
    """The admin's add page for a report on `item`, as a browser would send it unchanged."""
    url = reverse("admin:actionplans_progressupdate_add") + f"?item={item.pk}"
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = form_data(form)
    if "author" in form.fields:  # the form before issue 18 asked who reported
        data["author"] = str(response.context["request"].user.pk)
    # The date and time as shown, sent back beside the field (how a form tells a date left
    # as it was from one typed).
    data["initial-created_at_0"], data["initial-created_at_1"] = (
        data["created_at_0"],
        data["created_at_1"],
    )
    return url, data


def test_a_report_of_done_added_in_the_admin_marks_its_item_done(staff_client, staff, alice, item):
    # A head's report a moment before: the form shows the time to the minute, which is not
    # "before" it.
    progress_update_create(item=item, author=alice, status="in_progress", percent=60, note="60")
    url, data = add_form(staff_client, item)
    data.update(status="done", percent="100", public_summary="ประกาศแล้ว")
    response = staff_client.post(url, data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.percent) == ("done", 100)
    report = ProgressUpdate.objects.filter(item=item).first()  # the newest
    assert (report.status, report.percent, report.author) == ("done", 100, staff)
    assert item.history.first().history_user == staff


def test_an_admin_report_that_breaks_the_rules_is_refused_in_thai(staff_client, item):
    url, data = add_form(staff_client, item)
    page = staff_client.post(url, {**data, "status": "done", "percent": "60"}).content.decode()
    assert "งานที่เสร็จแล้วต้องมีความก้าวหน้าร้อยละ 100" in page
    # The same status and percent as now, and nothing said: the service's empty-report rule.
    page = staff_client.post(url, {**data, "status": "not_started", "percent": "0"})
    assert "รายงานนี้ว่างเปล่า" in page.content.decode()
    item.refresh_from_db()
    assert (item.status, item.percent) == ("not_started", 0)
    assert not ProgressUpdate.objects.exists()


def test_a_late_report_dated_before_a_newer_one_leaves_the_item_as_the_newer_one_says(
    staff_client, alice, item
):
    progress_update_create(item=item, author=alice, status="in_progress", percent=60, note="60")
    url, data = add_form(staff_client, item)
    last_month = timezone.localdate() - datetime.timedelta(days=30)
    data.update(created_at_0=be_input_text(last_month), created_at_1="09:30")
    data.update(item=str(item.pk), status="in_progress", percent="20", public_summary="ตกหล่น")
    assert staff_client.post(url, data).status_code == 302
    item.refresh_from_db()
    assert (item.status, item.percent) == ("in_progress", 60)
    late = ProgressUpdate.objects.get(percent=20)
    assert timezone.localtime(late.created_at).date() == last_month


def test_a_saved_reports_status_and_percent_are_not_edited_in_the_admin(staff_client, alice, item):
    """A report is a dated record: a correction is a new report, which moves the item."""
    report = progress_update_create(item=item, author=alice, status="in_progress", percent=60)
    url = reverse("admin:actionplans_progressupdate_change", args=[report.pk])
    data = admin_form(staff_client, url)
    data.update(status="done", percent="100", public_summary="แก้คำสรุป")
    assert staff_client.post(url, data).status_code == 302
    report.refresh_from_db()
    item.refresh_from_db()
    assert (report.status, report.percent, report.public_summary) == ("in_progress", 60, "แก้คำสรุป")
    assert (item.status, item.percent) == ("in_progress", 60)


def test_the_items_page_lists_reports_and_links_to_adding_one_that_moves_the_item(
    staff_client, alice, item
):
    progress_update_create(item=item, author=alice, status="in_progress", percent=60, note="60")
    url = reverse("admin:actionplans_actionitem_change", args=[item.pk])
    page = staff_client.get(url).content.decode()
    assert reverse("admin:actionplans_progressupdate_add") + f"?item={item.pk}" in page
    # A row posted into the reports' table as a new report (an old page, a script) is not
    # saved there: it would not move the item.
    data = admin_form(staff_client, url)
    prefix = "updates"
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": str(total + 1),
            f"{prefix}-{total}-item": str(item.pk),
            f"{prefix}-{total}-status": "done",
            f"{prefix}-{total}-percent": "100",
            f"{prefix}-{total}-public_summary": "เสร็จ",
        }
    )
    assert staff_client.post(url, data).status_code == 302
    assert ProgressUpdate.objects.filter(item=item).count() == 1
    item.refresh_from_db()
    assert (item.status, item.percent) == ("in_progress", 60)
