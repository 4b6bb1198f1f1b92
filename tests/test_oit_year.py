"""The OIT year from readiness to the public table (issue 21, items 5–9): the readiness page,
the ITAS sheet, the portal's own documents attached with one click, the submission freeze and
what follows it, the clarification round and the comparison with the NACC's scores, the public
OIT table, and the demo's 2569 record."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from actionplans.models import Division
from assessments.models import QuestionScore
from oit.demo import oit_demo_load
from oit.models import LinkCheck, OitLink
from oit.selectors import item_stake
from oit.services import tracker_submit
from tests.oit_helpers import item, tracker_of


@pytest.fixture
def tracker(demo):
    t = tracker_of(2569, demo)
    thurakan = Division.objects.get(name="งานธุรการ")
    phatsadu = Division.objects.get(name="งานพัสดุ")
    o1, o2, o3, o12 = (item(t, c) for c in ("o1", "o2", "o3", "o12"))
    o1.owners.set([thurakan])
    o1.status = "ready"
    o1.save()
    OitLink.objects.create(item=o1, url="https://donsak.go.th/o1", is_answer=True)
    o2.owners.set([thurakan])
    o2.due_date = datetime.date.today() - datetime.timedelta(days=3)
    o2.status = "in_progress"
    o2.save()
    bad = OitLink.objects.create(item=o3, url="https://donsak.go.th/o3", is_answer=True)
    check = LinkCheck.objects.create(
        link=bad,
        url=bad.url,
        status_code=404,
        verdict="broken",
        problems=["ลิงก์เสีย: เว็บไซต์ตอบรหัส 404"],
    )
    OitLink.objects.filter(pk=bad.pk).update(last_check=check)
    o12.owners.set([phatsadu])
    o12.itas_note = '=HYPERLINK("x")'
    o12.save()
    return t


def test_each_items_stake_is_its_share_of_the_oit_weight(tracker):
    stake = item_stake(tracker)
    assert stake[item(tracker, "o1").question_id] == Decimal("1.05")  # 40 / 2 / 19
    assert stake[item(tracker, "o20").question_id] == Decimal("2.86")  # 40 / 2 / 7
    oit = item_stake(tracker, of="oit")
    assert oit[item(tracker, "o1").question_id] == Decimal("2.63")  # 100 / 2 / 19
    assert oit[item(tracker, "o20").question_id] == Decimal("7.14")  # 100 / 2 / 7


def test_the_readiness_page_by_state_by_division_and_what_first(staff_client, tracker):
    response = staff_client.get(reverse("oit:readiness", args=[2569]))
    ctx = response.context
    counts = {key: len(items) for key, _label, items in ctx["states"]}
    assert counts == {"link_problem": 1, "overdue": 1, "risk": 0, "not_started": 23, "ready": 1}
    assert [i.code for i in ctx["todo"][:2]] == ["O3", "O2"]  # a broken link first, then late
    page = response.content.decode()
    assert "ลิงก์มีปัญหา" in page and "เลยกำหนด" in page and "มีความเสี่ยง" in page
    assert "ลิงก์เสีย: เว็บไซต์ตอบรหัส 404" in page
    divisions = {row["name"]: row for row in ctx["divisions"]}
    assert divisions["งานธุรการ"]["ready"] == 1 and divisions["งานธุรการ"]["overdue"] == 1
    assert divisions["ยังไม่กำหนดส่วนงาน"]["not_started"] == 22  # o3's broken link aside


def test_the_readiness_page_is_for_staff_only(alice_client, tracker):
    assert alice_client.get(reverse("oit:readiness", args=[2569])).status_code == 403


def test_the_readiness_page_has_a_fixed_number_of_queries(
    staff_client, tracker, django_assert_max_num_queries
):
    url = reverse("oit:readiness", args=[2569])
    staff_client.get(url)
    with django_assert_max_num_queries(25) as first:
        staff_client.get(url)
    for code in ("o4", "o5", "o6", "o7", "o8"):
        i = item(tracker, code)
        i.owners.set([Division.objects.get(name="งานพัสดุ")])
        OitLink.objects.create(item=i, url=f"https://donsak.go.th/{code}", is_answer=True)
    with django_assert_max_num_queries(len(first.captured_queries)):
        staff_client.get(url)


def test_the_published_report_is_attached_to_o25_with_one_click(staff_client, tracker, demo):
    demo.status = "published"
    demo.save()
    page = staff_client.get(reverse("oit:readiness", args=[2569])).content.decode()
    assert "แนบรายงานการวิเคราะห์ผล ITA ปี 2568" in page
    o25 = item(tracker, "o25")
    url = "http://127.0.0.1:8000/reports/2568/"
    response = staff_client.post(reverse("oit:attach", args=[o25.pk]), {"url": url})
    assert response.status_code == 302
    assert [(lk.url, lk.is_answer) for lk in o25.links.all()] == [(url, True)]
    # only the documents offered can be attached
    other = staff_client.post(reverse("oit:attach", args=[o25.pk]), {"url": "https://evil.test/"})
    assert other.status_code == 404


def _expected_rows(tracker):
    return [
        ["O1", "มี", "https://donsak.go.th/o1", ""],
        ["O2", "ไม่มี", "", ""],
        ["O3", "มี", "https://donsak.go.th/o3", ""],
    ]


def test_the_itas_sheet_as_xlsx_csv_a_page_and_a_command(staff_client, tracker, tmp_path):
    response = staff_client.get(reverse("oit:sheet_file", args=[2569, "xlsx"]))
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = [[c if c is not None else "" for c in r] for r in ws.iter_rows(values_only=True)]
    assert rows[0] == ["ข้อ", "มี/ไม่มี", "URL", "คำอธิบาย"]
    assert rows[1:4] == _expected_rows(tracker)
    assert [r[0] for r in rows[1:]] == [f"O{n}" for n in range(1, 27)]
    assert rows[12][3] == '=HYPERLINK("x")'  # text, never a formula
    data = staff_client.get(reverse("oit:sheet_file", args=[2569, "csv"])).content
    text = data.decode("utf-8-sig")
    got = list(csv.reader(io.StringIO(text)))
    assert got[1:4] == _expected_rows(tracker)
    assert got[12][3] == '\'=HYPERLINK("x")'
    out = tmp_path / "itas.csv"
    call_command("oit_sheet", "2569", "-o", str(out), verbosity=0)
    assert out.read_bytes() == data
    page = staff_client.get(reverse("oit:sheet", args=[2569])).content.decode()
    assert page.count('data-copy="') >= 26 * 2
    assert "js/oit_copy.js" in page


def test_freezing_the_submission_and_the_warning_after(staff_client, staff, tracker):
    url = reverse("admin:oit_oittracker_changelist")
    data = {"action": "submit_to_itas", "_selected_action": [tracker.pk]}
    assert "บันทึกการส่งข้อมูลใน ITAS" in staff_client.post(url, data).content.decode()
    staff_client.post(url, {**data, "apply": "1", "watch_until": "30/09/2569"})
    tracker.refresh_from_db()
    assert tracker.is_submitted and tracker.watch_until == datetime.date(2026, 9, 30)
    o3 = item(tracker, "o3")
    assert o3.status == "submitted" and o3.submitted_answer is True
    assert o3.submitted_urls == ["https://donsak.go.th/o3"]
    assert o3.submitted_checks[0]["verdict"] == "broken"
    assert item(tracker, "o2").submitted_answer is False
    # changing a submitted URL warns that ITAS re-checks the original link
    link = o3.links.get()
    form = {
        "item-itas_note": "",
        "item-memo_number": "",
        "item-memo_date": "",
        "item-private_notes": "",
        "links-TOTAL_FORMS": "1",
        "links-INITIAL_FORMS": "1",
        "links-MIN_NUM_FORMS": "0",
        "links-MAX_NUM_FORMS": "1000",
        "links-0-id": link.pk,
        "links-0-item": o3.pk,
        "links-0-url": "https://donsak.go.th/o3-new",
        "links-0-is_answer": "on",
        "ticks-TOTAL_FORMS": "0",
        "ticks-INITIAL_FORMS": "0",
        "ticks-MIN_NUM_FORMS": "0",
        "ticks-MAX_NUM_FORMS": "1000",
        "action": "save",
    }
    page = staff_client.post(reverse("oit:item", args=[o3.pk]), form, follow=True)
    assert "สำนักงาน ป.ป.ช. ตรวจที่ลิงก์เดิมนี้" in page.content.decode()
    link.refresh_from_db()
    assert (link.url, link.submitted_url) == (
        "https://donsak.go.th/o3-new",
        "https://donsak.go.th/o3",
    )
    with pytest.raises(Exception, match="ไว้แล้ว"):
        tracker_submit(tracker=tracker, user=staff)


def test_the_nacc_scores_beside_the_readiness_at_submission(staff_client, staff, tracker):
    tracker_submit(tracker=tracker, user=staff)
    assessment = tracker.assessment
    for code, score in (("o1", 100), ("o3", 0), ("o2", 0)):
        q = assessment.framework.questions.get(code=code)
        QuestionScore.objects.create(assessment=assessment, question=q, score=score)
    o1 = item(tracker, "o1")
    o1.submitted_checks = [{"url": "x", "checked": True, "verdict": "ok"}]
    o1.save()
    ctx = staff_client.get(reverse("oit:results", args=[2569])).context
    assert (ctx["scored"], ctx["agreed"]) == (3, 3)


# --- the public table -------------------------------------------------------------------------


def test_the_public_table_is_404_until_published_and_a_preview_to_staff(staff, tracker):
    from django.test import Client

    client, staff_client = Client(), Client()
    staff_client.force_login(staff)
    url = reverse("publishing:oit_table", args=[2569])
    assert client.get(url).status_code == 404
    assert client.get(reverse("publishing:oit_csv", args=[2569])).status_code == 404
    preview = staff_client.get(url).content.decode()
    assert "ฉบับร่าง (ยังไม่เผยแพร่)" in preview
    tracker.table_published = True
    tracker.save()
    page = client.get(url).content.decode()
    assert "ฉบับร่าง" not in page
    assert "https://donsak.go.th/o1" in page and "โครงสร้าง หน้าที่และอำนาจ" in page
    assert "ตารางข้อมูล OIT ปีงบประมาณ" in client.get("/").content.decode()
    text = client.get(reverse("publishing:oit_csv", args=[2569])).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["fiscal_year", "code", "title", "url", "label"]
    assert ["2569", "O1", "โครงสร้าง หน้าที่และอำนาจ", "https://donsak.go.th/o1", ""] in rows


def test_private_notes_and_clarifications_are_never_public(client, tracker):
    o1 = item(tracker, "o1")
    o1.private_notes = "บันทึกลับ"
    o1.nacc_verdict = "ผลตรวจลับ"
    o1.save()
    tracker.table_published = True
    tracker.save()
    page = client.get(reverse("publishing:oit_table", args=[2569])).content.decode()
    assert "บันทึกลับ" not in page and "ผลตรวจลับ" not in page


# --- the demo ---------------------------------------------------------------------------------


def test_the_demo_2569_is_a_submitted_example_year_with_no_pretended_check(demo, client):
    tracker, created = oit_demo_load()
    assert created and tracker.is_example and tracker.is_submitted and tracker.table_published
    assert oit_demo_load() == (tracker, False)
    items = list(tracker.items.prefetch_related("owners", "links"))
    assert len(items) == 26 and all(i.status == "submitted" for i in items)
    assert all(i.owners.exists() for i in items)
    assert not LinkCheck.objects.exists()
    assert all(not c["checked"] for i in items for c in i.submitted_checks)
    assert all(lk.url.startswith("https://donsak.example/") for i in items for lk in i.links.all())
    o14 = item(tracker, "o14")
    assert o14.clarification and o14.nacc_verdict and o14.clarification_outcome
    page = client.get(reverse("publishing:oit_table", args=[2569])).content.decode()
    assert "ข้อมูลตัวอย่าง" in page
