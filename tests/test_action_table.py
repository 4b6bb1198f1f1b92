"""The "my action items" table: default year, filters, sorting, overdue count, export, and a
query count that does not grow with the number of items or updates."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from actionplans.models import ActionItem, Division, PlanTopic
from actionplans.services import progress_update_create
from core.templatetags.ita import thnum

URL = reverse("actionplans:list")


def rows(response):
    """The item ids of the table's rows, in order."""
    html = response.content.decode()
    return [int(chunk.split('"', 1)[0]) for chunk in html.split('data-item="')[1:]]


def staff_items(**filters):
    return ActionItem.objects.filter(**filters)


def test_filters_return_the_right_rows(staff_client, demo):
    everything = staff_client.get(URL + "?per_page=100")
    assert sorted(rows(everything)) == sorted(staff_items().values_list("pk", flat=True))

    pr = Division.objects.get(name="งานประชาสัมพันธ์")
    by_division = staff_client.get(URL, {"owner": pr.pk})
    assert sorted(rows(by_division)) == sorted(staff_items(owner=pr).values_list("pk", flat=True))

    topic = PlanTopic.objects.get(assessment=demo, number=6)
    by_topic = staff_client.get(URL, {"topic": topic.pk})
    assert sorted(rows(by_topic)) == sorted(topic.items.values_list("pk", flat=True))

    done = ActionItem.objects.order_by("pk").first()
    done.status, done.percent = "done", 100
    done.save()
    assert rows(staff_client.get(URL, {"status": "done"})) == [done.pk]
    overdue = rows(staff_client.get(URL, {"overdue": "on"}))
    assert done.pk not in overdue and len(overdue) == ActionItem.objects.count() - 1


def test_overdue_only_leaves_out_items_not_yet_due(alice_client, alice):
    later = ActionItem.objects.filter(owner__name="งานธุรการ").order_by("pk").first()
    later.due_date = timezone.localdate() + timedelta(days=10)
    later.save()
    all_rows = rows(alice_client.get(URL))
    overdue_rows = rows(alice_client.get(URL, {"overdue": "on"}))
    assert later.pk in all_rows and later.pk not in overdue_rows and len(overdue_rows) == 2
    html = alice_client.get(URL).content.decode()
    assert "เลยกำหนด ๒ รายการ" in html


def test_head_is_not_offered_the_division_filter_and_cannot_widen_it(alice_client, demo):
    html = alice_client.get(URL).content.decode()
    assert 'name="owner"' not in html
    other = Division.objects.get(name="งานพัสดุ")
    widened = rows(alice_client.get(URL, {"owner": other.pk}))
    assert len(widened) == 3
    assert not ActionItem.objects.filter(pk__in=widened, owner=other).exists()


def test_the_table_defaults_to_the_newest_plan_year(staff_client, demo):
    html = staff_client.get(URL).content.decode()
    assert "แผนจากผลการประเมินปี พ.ศ. ๒๕๖๘" in html
    assert '<option value="2568" selected>' in html
    assert rows(staff_client.get(URL, {"year": "2567"})) == []  # not a choice: nothing shown


def test_sorting_by_columns(staff_client, demo):
    items = list(ActionItem.objects.order_by("pk"))
    for n, item in enumerate(items):
        item.percent = (n * 37) % 100
        item.status = "in_progress"
        item.save()
    by_percent = rows(staff_client.get(URL, {"sort": "percent", "per_page": 100}))
    percents = [ActionItem.objects.get(pk=pk).percent for pk in by_percent]
    assert percents == sorted(i.percent for i in items)
    desc = rows(staff_client.get(URL, {"sort": "-percent", "per_page": 100}))
    percents = [ActionItem.objects.get(pk=pk).percent for pk in desc]
    assert percents == sorted(percents, reverse=True)
    by_owner = rows(staff_client.get(URL, {"sort": "owner", "per_page": 100}))
    names = [ActionItem.objects.get(pk=pk).owner.name for pk in by_owner]
    assert names == sorted(names)
    for column in ("topic", "text", "due_date", "days_left", "status", "last_update_at"):
        response = staff_client.get(URL, {"sort": f"-{column}"})
        assert response.status_code == 200 and len(rows(response)) == 19


def test_pagination_splits_the_table(staff_client, demo):
    first = rows(staff_client.get(URL, {"per_page": 10}))
    second = rows(staff_client.get(URL, {"per_page": 10, "page": 2}))
    assert len(first) == 10 and len(second) == 9 and not set(first) & set(second)


def test_overdue_items_stand_out_and_done_items_fade(alice_client, alice):
    first = ActionItem.objects.filter(owner__name="งานธุรการ").order_by("pk").first()
    progress_update_create(item=first, author=alice, status="done", percent=100, note="เสร็จ")
    html = alice_client.get(URL).content.decode()
    assert html.count("is-overdue") == 2 and html.count("is-closed") == 1
    days = (timezone.localdate() - first.due_date).days
    assert f'<strong class="overdue-flag">เลยกำหนด {thnum(days)} วัน</strong>' in html


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_gives_the_filtered_rows_with_plain_values(alice_client, alice, fmt):
    item = ActionItem.objects.filter(owner__name="งานธุรการ").order_by("pk").first()
    progress_update_create(item=item, author=alice, status="in_progress", percent=45, note="x")
    response = alice_client.get(URL, {"status": "in_progress", "_export": fmt})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    if fmt == "csv":
        table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        table = [[str(c) if c is not None else "" for c in r] for r in sheet.values]
    # Issue 20: the plan's year first (a carried item's two rows differ only by it).
    assert table[0][:4] == ["ปี", "หัวข้อ", "รายการ", "ส่วนงาน"]
    assert len(table) == 2
    assert table[1][0] == "2568" and table[1][2].startswith("1.1 ")
    if fmt == "csv":  # as people write it, in the Buddhist era
        assert table[1][4] == f"{item.due_date:%d/%m}/{item.due_date.year + 543}"
    else:  # a real date cell (its Buddhist-calendar format: tests/test_thai_dates.py)
        assert table[1][4] == f"{item.due_date} 00:00:00"
    assert table[1][6] == "กำลังดำเนินการ" and table[1][7] == "45"


def make_more(demo, alice, n_items):
    topic = PlanTopic.objects.get(assessment=demo, number=1)
    division = Division.objects.get(name="งานธุรการ")
    start = topic.items.count()
    for k in range(n_items):
        item = ActionItem.objects.create(
            topic=topic,
            number=start + k + 1,
            text=f"งานเพิ่ม {k}",
            owner=division,
            due_date=topic.end_date,
        )
        for p in (10, 20, 30):
            progress_update_create(item=item, author=alice, status="in_progress", percent=p)


def test_query_count_of_my_items_does_not_grow(
    alice_client, alice, demo, django_assert_num_queries
):
    # session, user, her permissions and her groups' (read once: which items she may see,
    # issue 19), years, filter's topic choices, the table's count and page, the overdue
    # count, the user's divisions (subtitle), the organization (header), and the OIT panel's
    # items of the newest year (issue 21; none here, so no prefetches)
    with django_assert_num_queries(12):
        alice_client.get(URL)
    make_more(demo, alice, 6)
    with django_assert_num_queries(12):
        response = alice_client.get(URL)
    assert len(rows(response)) == 9


def test_query_count_of_the_item_page_does_not_grow(
    alice_client, alice, demo, django_assert_num_queries
):
    item = ActionItem.objects.filter(owner__name="งานธุรการ").order_by("pk").first()
    url = reverse("actionplans:item", args=[item.pk])
    # session, user, her permissions and her groups' (issue 19), item (+topic, assessment,
    # owner), methods, steps, updates (+authors), the organization (header)
    with django_assert_num_queries(9):
        alice_client.get(url)
    for p in range(1, 8):
        progress_update_create(item=item, author=alice, status="in_progress", percent=p * 10)
    make_more(demo, alice, 3)
    with django_assert_num_queries(9):
        response = alice_client.get(url)
    assert response.content.decode().count("timeline__entry") == 7


def test_exports_have_a_thai_name_dated_in_the_buddhist_era(alice_client):
    """Issue 20: not action-items-2026-12-05.csv, but Thai and พ.ศ. like the PDFs' names."""
    from urllib.parse import quote

    from django.utils import timezone

    today = timezone.localdate()
    date = f"{today.year + 543}-{today:%m-%d}"
    for fmt in ("csv", "xlsx"):
        disposition = alice_client.get(URL, {"_export": fmt})["Content-Disposition"]
        assert f"filename*=UTF-8''{quote(f'รายการดำเนินงาน-ITA-{date}.{fmt}')}" in disposition
        assert f'filename="ITA-action-items-{date}.{fmt}"' in disposition
        assert str(today.year) + "-" not in disposition
