"""Issue 22's "Done when", as one newcomer's walk through it: from the demo's 2569 drive, set up
the 2570 drive in the admin; log three days of counts on the staff page; read the projection;
print a poster and decode its QR; send the reminders (Django's outbox stands for the console);
then connect LINE against the local stand-in (join webhook, pick the group, turn LINE on) and
see the next reminder pushed there."""

import subprocess
from datetime import timedelta
from io import StringIO

import pytest
import zxingcpp
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from actionplans.models import Division
from assessments.models import Organization
from core.models import Delivery, LineGroup
from core.thai import thai_date
from surveys.models import SurveyDrive, SurveyReminderLog
from tests.line_standin import LineStandIn
from tests.test_line import GROUP, SECRET, TOKEN, join_event, signed

LINK = "https://itas.nacc.go.th/go/iit/2570-donsak"


def be(d):
    return f"{d.day:02d}/{d.month:02d}/{d.year + 543}"


@pytest.fixture
def line_host(settings):
    with LineStandIn() as standin:
        settings.LINE_API_HOST = standin.url
        settings.LINE_CHANNEL_ACCESS_TOKEN = TOKEN
        settings.LINE_CHANNEL_SECRET = SECRET
        yield standin


def test_a_newcomer_runs_the_2570_drive(
    demo_with_example, bob, staff_client, client, line_host, tmp_path
):
    today = timezone.localdate()
    source = SurveyDrive.objects.get(fiscal_year=2569)

    # 1. The 2570 drive from the 2569 one, then the window and link as ITAS gives them.
    staff_client.post(
        reverse("admin:surveys_surveydrive_changelist"),
        {"action": "copy_to_next_year", "_selected_action": [source.pk]},
    )
    drive = SurveyDrive.objects.get(fiscal_year=2570)
    assert not drive.is_example and drive.service_points.count() == 4
    drive.opens_on, drive.closes_on = today - timedelta(days=14), today + timedelta(days=16)
    drive.iit_link, drive.eit_link = LINK, "https://itas.nacc.go.th/go/eit/2570-donsak"
    drive.save()

    # 2. Three days of counts, typed on the staff page.
    url = reverse("surveys:drive", args=[2570])
    for days_ago, iit, eit in [(6, 20, 10), (3, 41, 16), (0, 62, 22)]:
        day = today - timedelta(days=days_ago)
        r = staff_client.post(url, {"date": be(day), "iit_count": iit, "eit_count": eit})
        assert r.status_code == 302

    # 3. The projection: IIT 42 in 6 days = 7 a day, 58 missing: 9 days (before the close);
    #    EIT 12 in 6 days = 2 a day, 78 missing: 39 days (after it): behind.
    html = staff_client.get(url).content.decode()
    assert thai_date(today + timedelta(days=9)) in html
    assert thai_date(today + timedelta(days=39)) in html and "ตามหลัง:</strong> EIT" in html
    assert "เหลือ ๑๗ วัน" in html

    # 4. A poster, its QR read back from the printed page.
    pdf = staff_client.get(reverse("surveys:poster_iit", args=[2570])).content
    (tmp_path / "p.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-singlefile", tmp_path / "p.pdf", tmp_path / "p"],
        check=True,
    )
    image = Image.open(tmp_path / "p.png").convert("L")
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [LINK]

    # 5. The reminders (reminder day: day 14 of a 7-day schedule), by e-mail.
    out = StringIO()
    call_command("send_action_reminders", stdout=out)
    iit = [m for m in mail.outbox if "IIT" in m.subject]
    assert len(iit) == 5  # the demo's five divisions with heads
    [to_phatsadu] = [m for m in iit if "bob@example.com" in m.to]
    assert sorted(to_phatsadu.to) == ["bob@example.com", "phatsadu@example.org"]
    assert LINK in to_phatsadu.body and "ตอบแล้ว ๖๒ คน จากขั้นต่ำ ๑๒๐ คน" in to_phatsadu.body

    # 6. LINE: the account joins the division's group, staff pick it, turn LINE on; the next
    #    day's reminder goes to the group.
    line_host.groups[GROUP] = "งานพัสดุ ทต.ดอนสัก"
    body = join_event()
    assert (
        client.post(
            "/line/webhook/",
            body,
            content_type="application/json",
            HTTP_X_LINE_SIGNATURE=signed(body),
        ).status_code
        == 200
    )
    group = LineGroup.objects.get(group_id=GROUP)
    division = Division.objects.get(name="งานพัสดุ")
    page = staff_client.get(reverse("admin:actionplans_division_change", args=[division.pk]))
    assert "งานพัสดุ ทต.ดอนสัก" in page.content.decode()
    division.line_group = group
    division.save()
    org = Organization.objects.get(code="donsak")
    org.line_enabled = True
    org.save()
    SurveyReminderLog.objects.all().delete()  # as if it were the next reminder day
    mail.outbox.clear()
    call_command("send_action_reminders", stdout=StringIO())
    pushed = [p["json"] for p in line_host.pushes()]
    assert any(p["to"] == GROUP and LINK in p["messages"][0]["text"] for p in pushed)
    assert not [m for m in mail.outbox if "IIT" in m.subject and "bob@example.com" in m.to]
    assert Delivery.objects.filter(kind="survey_reminder", channel="line", result="sent").exists()
