"""Division heads do their OIT part in /actions/ (issue 21, item 3): their items beside their
action items, on a phone as on a desktop; they fill URLs, ticks and notes and hand an item to
staff (รอตรวจ); staff mark it พร้อมส่ง or send it back with a reason, e-mailed to the heads;
heads are reminded as due dates near."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from actionplans.models import Division
from oit.models import OitItem
from tests.livehttp import LiveBrowser
from tests.oit_helpers import item, tracker_of


@pytest.fixture
def tracker(demo):
    t = tracker_of(2569, demo)
    thurakan = Division.objects.get(name="งานธุรการ")
    for code in ("o1", "o19"):
        i = item(t, code)
        i.owners.set([thurakan])
        i.due_date = datetime.date.today() + datetime.timedelta(days=7)
        i.save()
    item(t, "o12").owners.set([Division.objects.get(name="งานพัสดุ")])
    return t


def form_data(client, url):
    page = client.get(url)
    assert page.status_code == 200
    return LiveBrowser.hidden_fields(page.content.decode()), page


def post_item(client, it, **fields):
    url = reverse("oit:item", args=[it.pk])
    data = {
        "item-itas_note": "",
        "item-memo_number": "",
        "item-memo_date": "",
        "item-private_notes": "",
        "links-TOTAL_FORMS": "2",
        "links-INITIAL_FORMS": "0",
        "links-MIN_NUM_FORMS": "0",
        "links-MAX_NUM_FORMS": "1000",
        "ticks-TOTAL_FORMS": str(it.ticks.count()),
        "ticks-INITIAL_FORMS": str(it.ticks.count()),
        "ticks-MIN_NUM_FORMS": "0",
        "ticks-MAX_NUM_FORMS": "1000",
    }
    for n, t in enumerate(it.ticks.order_by("position")):
        data[f"ticks-{n}-id"] = t.pk
        data[f"ticks-{n}-item"] = it.pk
    data.update(fields)
    return client.post(url, data)


def test_a_head_sees_their_items_beside_their_action_items(alice_client, tracker):
    page = alice_client.get("/actions/").content.decode()
    assert "หลักฐาน OIT ปี พ.ศ. ๒๕๖๙" in page
    assert reverse("oit:item", args=[item(tracker, "o1").pk]) in page
    assert reverse("oit:item", args=[item(tracker, "o12").pk]) not in page  # งานพัสดุ's


def test_another_divisions_item_is_not_found(alice_client, tracker):
    assert alice_client.get(reverse("oit:item", args=[item(tracker, "o12").pk])).status_code == 404


def test_a_head_fills_urls_ticks_and_notes_then_hands_it_to_staff(alice_client, tracker):
    o19 = item(tracker, "o19")
    response = post_item(
        alice_client,
        o19,
        **{
            "item-itas_note": "หน้าแรก > ITA > O19",
            "item-memo_number": "สฎ 52908/45",
            "item-memo_date": "15 ม.ค. 2569",
            "links-0-url": "https://donsak.go.th/participation",
            "links-0-is_answer": "on",
            "links-1-url": "https://donsak.go.th/participation-photos",
            "ticks-0-done": "on",
            "ticks-0-url": "https://donsak.go.th/participation#issue",
            "action": "review",
        },
    )
    assert response.status_code == 302
    o19.refresh_from_db()
    assert o19.status == "review"
    assert o19.itas_note == "หน้าแรก > ITA > O19" and o19.memo_date == datetime.date(2026, 1, 15)
    assert [(lk.url, lk.is_answer) for lk in o19.links.order_by("pk")] == [
        ("https://donsak.go.th/participation", True),
        ("https://donsak.go.th/participation-photos", False),
    ]
    tick = o19.ticks.get(position=1)
    assert tick.done and tick.url.endswith("#issue")
    assert o19.history.latest().history_user.username == "alice"


def test_handing_over_needs_a_link_marked_for_itas(alice_client, tracker):
    o1 = item(tracker, "o1")
    response = post_item(alice_client, o1, action="review")
    assert response.status_code == 200
    assert "ยังไม่มี URL: กรอกอย่างน้อยหนึ่งลิงก์ก่อนส่งตรวจ" in response.content.decode()
    o1.refresh_from_db()
    assert o1.status != "review"


def test_two_answer_links_are_refused_in_thai(alice_client, tracker):
    o1 = item(tracker, "o1")
    response = post_item(
        alice_client,
        o1,
        **{
            "links-0-url": "https://donsak.go.th/a",
            "links-0-is_answer": "on",
            "links-1-url": "https://donsak.go.th/b",
            "links-1-is_answer": "on",
        },
    )
    assert response.status_code == 200
    assert "เลือกลิงก์ที่ใช้ตอบใน ITAS ได้เพียงลิงก์เดียว" in response.content.decode()
    assert not o1.links.exists()


def test_staff_send_back_with_a_reason_emailed_to_the_heads_or_mark_ready(
    staff_client, alice, tracker, django_capture_on_commit_callbacks
):
    o1 = item(tracker, "o1")
    o1.links.create(url="https://donsak.go.th/structure", is_answer=True)
    o1.status = "review"
    o1.save()
    url = reverse("oit:item", args=[o1.pk])
    page = staff_client.get(url).content.decode()
    assert "ส่งกลับแก้ไข" in page and "พร้อมส่ง" in page
    response = staff_client.post(url, {"action": "send_back", "review-reason": ""}, follow=True)
    assert "กรุณาระบุเหตุผลที่ส่งกลับแก้ไข" in response.content.decode()
    assert not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            url, {"action": "send_back", "review-reason": "ยังไม่แสดงฝ่ายการเมือง"}, follow=True
        )
    o1.refresh_from_db()
    assert (o1.status, o1.return_reason) == ("in_progress", "ยังไม่แสดงฝ่ายการเมือง")
    assert [m.to for m in mail.outbox] == [["alice@example.com"]]
    assert "ยังไม่แสดงฝ่ายการเมือง" in mail.outbox[0].body
    assert "O1" in mail.outbox[0].subject
    o1.status = "review"
    o1.save()
    staff_client.post(url, {"action": "approve", "review-reason": ""})
    o1.refresh_from_db()
    assert o1.status == "ready"


def test_a_head_cannot_review(alice_client, tracker):
    o1 = item(tracker, "o1")
    o1.status = "review"
    o1.save()
    url = reverse("oit:item", args=[o1.pk])
    assert alice_client.post(url, {"action": "approve"}).status_code == 403
    assert OitItem.objects.get(pk=o1.pk).status == "review"


def test_heads_are_reminded_as_due_dates_near_once_a_day(alice, tracker):
    call_command("send_oit_reminders", "--days", "14", verbosity=0)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alice@example.com"]
    assert "O1" in mail.outbox[0].body and "O19" in mail.outbox[0].body
    call_command("send_oit_reminders", "--days", "14", verbosity=0)
    assert len(mail.outbox) == 1


def test_the_daily_reminder_command_sends_the_oit_reminders_too(alice, tracker):
    """One cron line: `send_action_reminders` queues the heads' OIT reminders as well
    (oit/receivers.py), at most once a day like the OIT command's own."""
    call_command("send_action_reminders", "--days", "14", verbosity=0)
    oit_mails = [m for m in mail.outbox if "O1" in m.body and "O19" in m.body]
    assert [m.to for m in oit_mails] == [["alice@example.com"]]
    call_command("send_action_reminders", "--days", "14", verbosity=0)
    call_command("send_oit_reminders", "--days", "14", verbosity=0)
    assert len([m for m in mail.outbox if "O1" in m.body and "O19" in m.body]) == 1


def test_the_actions_page_with_the_tracker_has_a_fixed_number_of_queries(
    alice_client, tracker, django_assert_max_num_queries
):
    alice_client.get("/actions/")
    with django_assert_max_num_queries(20) as first:
        alice_client.get("/actions/")
    for code in ("o2", "o3", "o4", "o5"):
        i = item(tracker, code)
        i.owners.set([Division.objects.get(name="งานธุรการ")])
        i.links.create(url=f"https://donsak.go.th/{code}", is_answer=True)
    with django_assert_max_num_queries(len(first.captured_queries)):
        alice_client.get("/actions/")


def test_the_item_page_fits_a_phone(alice, tracker, live_server, page):
    c = Client()
    c.force_login(alice)
    page.set_viewport_size({"width": 390, "height": 844})
    cookie = c.cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])
    page.goto(live_server.url + reverse("oit:item", args=[item(tracker, "o19").pk]))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.fill("input[name='links-0-url']", "https://donsak.go.th/p")
    page.check("input[name='links-0-is_answer']")
    page.click("button[value='review']")
    assert "รอตรวจ" in page.inner_text("body")
