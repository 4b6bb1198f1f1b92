"""One rule for a group's progress (issue 18, item 5.3): the mean percent of its items, cancelled
items left out, rounded half up to a whole percent. A topic at 25 % and 100 % reads 63 on the
public plan page, in the results report and its open data, and in the next year's report (the
plan page said 62: Python's round() rounds a half to the even number)."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplans.models import ActionItem, ProgressUpdate, ResultsRound
from actionplans.progress import progress_percent
from actionplans.services import progress_update_create
from publishing.rounds import results_round_publish
from publishing.selectors import plan_completion

from .rounds import MEMO_FIELDS


def test_the_rule_rounds_half_up_and_leaves_cancelled_items_out():
    assert progress_percent([("in_progress", 25), ("done", 100)]) == 63
    assert progress_percent([("in_progress", 25), ("done", 100), ("cancelled", 0)]) == 63
    assert progress_percent([("in_progress", 1), ("not_started", 0)]) == 1  # 0.5 → 1
    assert progress_percent([("in_progress", 1), ("not_started", 0), ("not_started", 0)]) == 0
    assert progress_percent([("cancelled", 40)]) == 0
    assert progress_percent([]) == 0


def reported_on(item, author, day, **fields):
    update = progress_update_create(item=item, author=author, **fields)
    when = timezone.make_aware(datetime.combine(day, datetime.min.time()) + timedelta(hours=10))
    ProgressUpdate.objects.filter(pk=update.pk).update(created_at=when)


@pytest.fixture
def topic_at_25_and_100(demo, alice):
    """Topic 1's three items, before the 6-month cut-off: 25 %, done, and one cancelled."""
    first, second, third = ActionItem.objects.filter(owner__name="งานธุรการ").order_by("pk")
    assert first.topic_id == second.topic_id == third.topic_id
    assert first.topic.items.count() == 3
    reported_on(first, alice, date(2026, 3, 10), status="in_progress", percent=25, note="x")
    reported_on(second, alice, date(2026, 3, 11), status="done", percent=100, note="x")
    reported_on(third, alice, date(2026, 3, 12), status="cancelled", percent=0, note="x")
    return first.topic


def test_a_topic_at_25_and_100_reads_63_on_the_plan_page_and_in_the_results_report(
    client, staff_client, topic_at_25_and_100
):
    plan = client.get(reverse("publishing:plan_progress", args=[2568])).content.decode()
    assert 'aria-label="ความก้าวหน้าของหัวข้อ"' in plan
    assert 'aria-valuenow="63"' in plan and 'aria-valuenow="62"' not in plan

    demo = topic_at_25_and_100.assessment
    rnd = ResultsRound(assessment=demo, kind="6m", **MEMO_FIELDS)
    rnd.full_clean()
    rnd.save()
    results = staff_client.get("/reports/2568/results/6m/").content.decode()
    assert f'{topic_at_25_and_100.title} <span class="results-topic__meta">ร้อยละ ๖๓' in results

    results_round_publish(rnd=rnd)
    data = client.get("/reports/2568/results/6m.json").json()
    assert data["topics"][0]["percent"] == 63


def test_the_next_years_report_rounds_the_plan_the_same_way(demo, topic_at_25_and_100):
    # Every other item cancelled: the plan is topic 1, at (25 + 100) / 2 = 62.5.
    ActionItem.objects.filter(topic__assessment=demo).exclude(topic=topic_at_25_and_100).update(
        status="cancelled", percent=0
    )
    assert plan_completion(demo)["percent"] == 63
