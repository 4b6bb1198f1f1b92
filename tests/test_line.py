"""The LINE channel (issue 22, part 4): pushes through the Messaging API (line-bot-sdk v3) to a
stand-in for LINE's API host on 127.0.0.1, the webhook's signatures, the groups it records, the
send log, and the fall-back to e-mail with a single notice to staff when LINE refuses (quota
reached: 429; token revoked: 401)."""

import base64
import hashlib
import hmac
import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from actionplans import notify
from actionplans.models import Division
from core.models import Delivery, LineGroup, StaffNotice
from tests.line_standin import LineStandIn

SECRET = "test-channel-secret-0123456789ab"
TOKEN = "test-channel-access-token"
GROUP = "C" + "0123456789abcdef" * 2


@pytest.fixture
def line_host(db, settings):
    with LineStandIn() as standin:
        settings.LINE_API_HOST = standin.url
        settings.LINE_CHANNEL_ACCESS_TOKEN = TOKEN
        settings.LINE_CHANNEL_SECRET = SECRET
        yield standin


@pytest.fixture
def line_division(demo, bob, line_host):
    """งานพัสดุ (bob heads it) has its LINE group; the organization turned LINE on."""
    group = LineGroup.objects.create(group_id=GROUP, name="กลุ่มงานพัสดุ", joined_at=timezone.now())
    division = Division.objects.get(name="งานพัสดุ")
    division.line_group = group
    division.save()
    demo.organization.line_enabled = True
    demo.organization.save()
    return division


def signed(body, secret=SECRET):
    digest = hmac.new(secret.encode(), body.encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def join_event(group_id=GROUP, kind="join"):
    event = {
        "type": kind,
        "mode": "active",
        "timestamp": 1767225600000,
        "source": {"type": "group", "groupId": group_id},
        "webhookEventId": "01HZZZZZZZZZZZZZZZZZZZZZZZ",
        "deliveryContext": {"isRedelivery": False},
    }
    if kind == "join":
        event["replyToken"] = "reply-token"
    return json.dumps({"destination": "Uxxxxxxxx", "events": [event]})


# --- pushes ------------------------------------------------------------------------------------


def test_a_message_to_a_division_is_pushed_to_its_group(line_division, line_host):
    sent = notify.notify(
        line_division_org(), line_division, "[ITA] ทดสอบ", "ข้อความถึงกลุ่ม", kind="test"
    )
    [push] = line_host.pushes()
    assert push["method"] == "POST"
    assert push["headers"]["Authorization"] == f"Bearer {TOKEN}"
    assert push["headers"]["Content-Type"].startswith("application/json")
    assert push["json"]["to"] == GROUP
    assert push["json"]["messages"] == [{"type": "text", "text": "[ITA] ทดสอบ\n\nข้อความถึงกลุ่ม"}]
    assert mail.outbox == []  # LINE instead of e-mail
    assert [(d.channel, d.result, d.address, d.recipient) for d in sent] == [
        ("line", "sent", GROUP, "งานพัสดุ")
    ]
    assert Delivery.objects.count() == 1


def line_division_org():
    from assessments.models import Organization

    return Organization.objects.get(code="donsak")


def test_email_stays_the_default(demo, bob, line_host):
    division = Division.objects.get(name="งานพัสดุ")
    notify.notify(line_division_org(), division, "[ITA] ทดสอบ", "ข้อความ", kind="test")
    assert line_host.requests == [] and [m.to for m in mail.outbox] == [["bob@example.com"]]
    assert Delivery.objects.get().channel == "email"


def test_line_stays_off_without_a_token_even_when_the_organization_turned_it_on(
    line_division, line_host, settings
):
    settings.LINE_CHANNEL_ACCESS_TOKEN = ""
    notify.notify(line_division_org(), line_division, "[ITA] ทดสอบ", "ข้อความ", kind="test")
    assert line_host.requests == [] and [m.to for m in mail.outbox] == [["bob@example.com"]]


def test_a_quota_error_falls_back_to_email_and_tells_staff_once(
    line_division, line_host, staff, ita_staff
):
    line_host.push_status = 429
    notify.notify(line_division_org(), line_division, "[ITA] ครั้งที่ ๑", "ข้อความ", kind="test")
    notify.notify(line_division_org(), line_division, "[ITA] ครั้งที่ ๒", "ข้อความ", kind="test")
    assert len(line_host.pushes()) == 2  # LINE is tried each time
    to_bob = [m for m in mail.outbox if m.to == ["bob@example.com"]]
    assert [m.subject for m in to_bob] == ["[ITA] ครั้งที่ ๑", "[ITA] ครั้งที่ ๒"]
    to_staff = [m for m in mail.outbox if m.to != ["bob@example.com"]]
    assert len(to_staff) == 1  # told once
    assert sorted(to_staff[0].to) == ["itastaff@example.com", "staff@example.com"]
    assert "โควตาข้อความของเดือนนี้ครบแล้ว" in to_staff[0].body
    [notice] = StaffNotice.objects.all()
    assert notice.key == "line-quota" and notice.acknowledged_at is None
    log = list(
        Delivery.objects.filter(kind="test")
        .order_by("pk")
        .values_list("channel", "result", "fallback")
    )
    assert log == [
        ("line", "failed", False),
        ("email", "sent", True),
        ("line", "failed", False),
        ("email", "sent", True),
    ]
    assert "429" in Delivery.objects.filter(channel="line").first().error


def test_the_notice_shows_on_the_admin_home_until_acknowledged(
    line_division, line_host, staff_client
):
    line_host.push_status = 429
    notify.notify(line_division_org(), line_division, "[ITA] ทดสอบ", "ข้อความ", kind="test")
    html = staff_client.get(reverse("admin:index")).content.decode()
    assert "โควตาข้อความของเดือนนี้ครบแล้ว" in html
    notice = StaffNotice.objects.get()
    response = staff_client.post(
        reverse("admin:core_staffnotice_acknowledge", args=[notice.pk]), {"next": "/admin/"}
    )
    assert response.status_code == 302
    assert "โควตาข้อความของเดือนนี้ครบแล้ว" not in staff_client.get("/admin/").content.decode()
    # A new failure after it was acknowledged tells staff again, once.
    mail.outbox.clear()
    notify.notify(line_division_org(), line_division, "[ITA] ทดสอบ", "ข้อความ", kind="test")
    assert len([m for m in mail.outbox if "แจ้งเจ้าหน้าที่" in m.subject]) == 1


def test_a_revoked_token_falls_back_and_says_what_to_do(line_division, line_host, staff):
    line_host.push_status = 401
    sent = notify.notify(line_division_org(), line_division, "[ITA] ทดสอบ", "ข้อความ", kind="test")
    assert [(d.channel, d.result) for d in sent] == [("line", "failed"), ("email", "sent")]
    notice = StaffNotice.objects.get()
    assert notice.key == "line-token" and "ออกโทเค็นใหม่" in notice.message
    assert any("ออกโทเค็นใหม่" in m.body for m in mail.outbox if m.to == ["staff@example.com"])


def test_action_reminders_go_to_the_divisions_group(line_division, line_host):
    from django.core.management import call_command

    call_command("send_action_reminders", stdout=StringIO())
    [push] = line_host.pushes()
    assert push["json"]["to"] == GROUP
    assert "งานตามแผนที่เลยกำหนด" in push["json"]["messages"][0]["text"]
    assert [m for m in mail.outbox if m.to == ["bob@example.com"]] == []


def test_the_survey_reminder_goes_to_the_divisions_group(line_division, line_host):
    from django.core.management import call_command

    from surveys.models import SurveyDrive

    today = timezone.localdate()
    SurveyDrive.objects.create(
        organization=line_division_org(),
        fiscal_year=2570,
        opens_on=today,
        closes_on=today + timedelta(days=30),
        iit_minimum=50,
        eit_minimum=70,
        iit_link="https://itas.nacc.go.th/go/iit/x",
        reminder_every_days=7,
    )
    call_command("send_action_reminders", stdout=StringIO())
    texts = [p["json"]["messages"][0]["text"] for p in line_host.pushes()]
    assert any(
        "ขอเชิญบุคลากรตอบแบบสำรวจ IIT" in t and "https://itas.nacc.go.th/go/iit/x" in t for t in texts
    )


# --- the webhook -----------------------------------------------------------------------------


def test_a_join_records_the_group_with_its_name_from_line(client, line_host):
    line_host.groups[GROUP] = "ITA งานพัสดุ"
    body = join_event()
    response = client.post(
        "/line/webhook/", body, content_type="application/json", HTTP_X_LINE_SIGNATURE=signed(body)
    )
    assert response.status_code == 200
    group = LineGroup.objects.get(group_id=GROUP)
    assert group.name == "ITA งานพัสดุ" and group.left_at is None
    summary = [r for r in line_host.requests if r["method"] == "GET"]
    assert summary[0]["path"] == f"/v2/bot/group/{GROUP}/summary"
    assert summary[0]["headers"]["Authorization"] == f"Bearer {TOKEN}"
    # A leave marks it; the admin then no longer offers it for a division.
    body = join_event(kind="leave")
    client.post(
        "/line/webhook/", body, content_type="application/json", HTTP_X_LINE_SIGNATURE=signed(body)
    )
    assert LineGroup.objects.get(group_id=GROUP).left_at is not None


def test_a_group_whose_name_line_does_not_give_is_still_recorded(client, line_host):
    body = join_event("C" + "f" * 32)
    client.post(
        "/line/webhook/", body, content_type="application/json", HTTP_X_LINE_SIGNATURE=signed(body)
    )
    group = LineGroup.objects.get(group_id="C" + "f" * 32)
    assert group.name == "" and "กลุ่มที่ยังไม่ทราบชื่อ" in str(group)


def test_the_webhook_refuses_unsigned_and_wrongly_signed_requests(client, line_host):
    body = join_event()
    cases = {
        "missing": {},
        "empty": {"HTTP_X_LINE_SIGNATURE": ""},
        "other secret": {"HTTP_X_LINE_SIGNATURE": signed(body, "another-secret")},
        "other body": {"HTTP_X_LINE_SIGNATURE": signed(body + " ")},
        "garbage": {"HTTP_X_LINE_SIGNATURE": "not-base64!!"},
    }
    statuses = {
        name: client.post(
            "/line/webhook/", body, content_type="application/json", **headers
        ).status_code
        for name, headers in cases.items()
    }
    assert statuses == {
        "missing": 400,
        "empty": 400,
        "other secret": 403,
        "other body": 403,
        "garbage": 403,
    }
    assert not LineGroup.objects.exists() and line_host.requests == []


def test_the_webhook_is_post_only_and_off_without_a_secret(client, line_host, settings):
    assert client.get("/line/webhook/").status_code == 405
    settings.LINE_CHANNEL_SECRET = ""
    body = join_event()
    response = client.post(
        "/line/webhook/", body, content_type="application/json", HTTP_X_LINE_SIGNATURE=signed(body)
    )
    assert response.status_code == 404


def test_the_webhook_needs_no_csrf_token(line_host, db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    body = join_event()
    response = client.post(
        "/line/webhook/", body, content_type="application/json", HTTP_X_LINE_SIGNATURE=signed(body)
    )
    assert response.status_code == 200


def test_staff_pick_a_divisions_group_by_name_in_the_admin(staff_client, demo, line_host):
    LineGroup.objects.create(group_id=GROUP, name="กลุ่มงานพัสดุ", joined_at=timezone.now())
    LineGroup.objects.create(
        group_id="C" + "e" * 32, name="กลุ่มเก่า", joined_at=timezone.now(), left_at=timezone.now()
    )
    division = Division.objects.get(name="งานพัสดุ")
    html = staff_client.get(reverse("admin:actionplans_division_change", args=[division.pk]))
    html = html.content.decode()
    assert "กลุ่มงานพัสดุ" in html and "กลุ่มเก่า" not in html
