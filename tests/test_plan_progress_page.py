"""/reports/<year>/plan/: the public follows the plan's progress, with no private notes and no
names beyond the division."""

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actionplans.models import ActionItem, PlanTopic
from actionplans.services import progress_update_create
from assessments.models import Assessment

URL = reverse("publishing:plan_progress", args=[2568])


def test_public_page_shows_topics_items_progress_and_only_the_public_summary(client, alice):
    first, second, third = ActionItem.objects.filter(owner__name="งานธุรการ").order_by("pk")
    progress_update_create(
        item=first,
        author=alice,
        status="in_progress",
        percent=40,
        public_summary="ร่างคู่มือเสร็จแล้ว",
        note="บันทึกลับ: รอผู้บริหารลงนาม",
        evidence_url="https://drive.example/secret",
    )
    progress_update_create(item=second, author=alice, status="done", percent=100, note="ลับ")
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "ร่างคู่มือเสร็จแล้ว" in html
    assert "บันทึกลับ" not in html and "ลับ<" not in html
    assert "drive.example" not in html
    assert "alice" not in html and "อลิส" not in html
    for topic in PlanTopic.objects.filter(assessment__fiscal_year=2568):
        assert topic.title in html
    assert first.text in html and "งานธุรการ" in html
    # Topic 1 rolls up from its three items: (40 + 100 + 0) / 3 = 47.
    assert 'aria-valuenow="47"' in html


def test_cancelled_items_do_not_count_in_the_topic_rollup(client, alice):
    first, second, third = ActionItem.objects.filter(owner__name="งานธุรการ").order_by("pk")
    progress_update_create(item=first, author=alice, status="done", percent=100, note="x")
    progress_update_create(item=second, author=alice, status="cancelled", percent=0, note="x")
    progress_update_create(item=third, author=alice, status="in_progress", percent=50, note="x")
    html = client.get(URL).content.decode()
    assert 'aria-valuenow="75"' in html


def test_unpublished_year_is_404_to_the_public_and_a_preview_for_staff(staff, demo):
    Assessment.objects.filter(pk=demo.pk).update(status=Assessment.Status.DRAFT)
    anonymous, staff_client = Client(), Client()
    staff_client.force_login(staff)
    assert anonymous.get(URL).status_code == 404
    preview = staff_client.get(URL)
    assert preview.status_code == 200 and "ฉบับร่าง" in preview.content.decode()
    assert anonymous.get(reverse("publishing:plan_progress", args=[2500])).status_code == 404


def test_query_count_does_not_grow_with_items_or_updates(
    client, alice, django_assert_num_queries, django_capture_on_commit_callbacks
):
    # assessment, topics, items (+owner, latest public summary), published results reports
    # (links), organization (header); the document version is read from the cache
    with django_assert_num_queries(5):
        client.get(URL)
    with django_capture_on_commit_callbacks(execute=True):  # the reports commit
        for item in ActionItem.objects.all():
            for p in (10, 20):
                progress_update_create(
                    item=item, author=alice, status="in_progress", percent=p, public_summary=f"{p}"
                )
    with django_assert_num_queries(5):
        assert client.get(URL).status_code == 200
    # Kept until something changes: no query at all.
    with django_assert_num_queries(0):
        assert client.get(URL).status_code == 200


def test_overdue_items_are_marked_and_topics_fold(client, demo, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    ActionItem.objects.update(due_date=today + timedelta(days=30))
    late = ActionItem.objects.filter(owner__name="งานพัสดุ").order_by("pk").first()
    ActionItem.objects.filter(pk=late.pk).update(due_date=today - timedelta(days=1))
    ActionItem.objects.exclude(pk=late.pk).filter(owner=late.owner).update(due_date=today)
    with django_capture_on_commit_callbacks(execute=True):
        demo.save()  # the page is kept per version: a saved row moves it, as the admin would
    html = client.get(URL).content.decode()
    topics = PlanTopic.objects.filter(assessment=demo).count()
    # The demo's 19 items read open; the sections fold above 40 items (see the next test).
    assert html.count("<details") == html.count('<details class="plan-topic" id') == topics
    assert html.count(" open>") == topics
    assert html.count('class="status-not_started is-overdue"') == 1
    assert "รายการที่เลยกำหนดแล้วเสร็จและยังไม่แล้วเสร็จ ๑ รายการ" in html
    assert "เลยกำหนด ๑</strong>" in html  # in the folded topic's summary line
    # Done items are never overdue.
    ActionItem.objects.filter(pk=late.pk).update(status="done", percent=100)
    with django_capture_on_commit_callbacks(execute=True):
        demo.save()
    assert "is-overdue" not in client.get(URL).content.decode()


def test_the_page_is_kept_for_visitors_and_follows_each_update(
    client, alice, django_capture_on_commit_callbacks
):
    first = ActionItem.objects.filter(owner__name="งานธุรการ").order_by("pk").first()
    assert "ส่งร่างแล้ว" not in client.get(URL).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the report commits
        progress_update_create(
            item=first, author=alice, status="in_progress", percent=10, public_summary="ส่งร่างแล้ว"
        )
    assert "ส่งร่างแล้ว" in client.get(URL).content.decode()


def test_a_long_plan_folds_per_topic(client, demo):
    topic = PlanTopic.objects.filter(assessment=demo).first()
    owner = topic.items.first().owner
    ActionItem.objects.bulk_create(
        ActionItem(topic=topic, number=100 + n, text=f"งานเพิ่ม {n}", owner=owner,
                   due_date=topic.end_date)
        for n in range(30)
    )  # fmt: skip
    html = client.get(URL).content.decode()
    assert " open>" not in html and "กดที่หัวข้อเพื่อดูรายการ" in html
    assert "งานเพิ่ม 29" in html


def test_overdue_items_are_marked_on_the_public_plan(client, demo):
    import datetime

    from django.utils import timezone

    item = ActionItem.objects.filter(topic__assessment=demo).order_by("pk").first()
    item.due_date = timezone.localdate() - datetime.timedelta(days=3)
    item.status = "in_progress"
    item.save()
    html = client.get("/reports/2568/plan/").content.decode()
    row = html.split(f"{item.text}")[0].rsplit("<tr", 1)[1]
    assert "is-overdue" in row
    assert html.count('<strong class="overdue-flag">เลยกำหนด</strong>') == (
        ActionItem.objects.filter(topic__assessment=demo).overdue().count()
    )
