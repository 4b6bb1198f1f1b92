"""The results report per round: /reports/<year>/results/<round>/, its PDF and memo, as staff
preview it, publish it (frozen) and correct it, and as the public reads it."""

import json
import re
import subprocess
from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image, ImageStat

from actionplans.models import ActionItem, ProgressUpdate, ResultsRound
from actionplans.services import progress_update_create
from publishing.rounds import (
    results_round_correct,
    results_round_draft_texts,
    results_round_publish,
)

from .rounds import MEMO_FIELDS
from .test_report_pdf import pdftotext

PAGE = "/reports/2568/results/6m/"
PDF = "/reports/2568/results/6m.pdf"
MEMO = "/reports/2568/results/6m/memo/"
MEMO_PDF = "/reports/2568/results/6m/memo.pdf"
JSON = "/reports/2568/results/6m.json"
CSV = "/reports/2568/results/6m.csv"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def at(day, hour=10):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()) + timedelta(hours=hour))


def report(item, author, when, **fields):
    update = progress_update_create(item=item, author=author, **fields)
    ProgressUpdate.objects.filter(pk=update.pk).update(created_at=when)
    return update


@pytest.fixture
def six_months(demo):
    rnd = ResultsRound(assessment=demo, kind="6m", **MEMO_FIELDS)
    rnd.full_clean()
    rnd.save()
    return rnd


@pytest.fixture
def reported(demo, alice, evidence_root):
    """Two of งานธุรการ's items reported on before 31 March 2569, with private parts."""
    first, second, _ = ActionItem.objects.filter(owner__name="งานธุรการ").order_by("pk")
    report(
        first,
        alice,
        at(date(2026, 2, 10)),
        status="in_progress",
        percent=60,
        public_summary="ปรับปรุงคู่มือการปฏิบัติงานแล้ว",
        note="บันทึกลับ ห้ามเผยแพร่",
        evidence_url="https://drive.example/private-folder",
        evidence_file=SimpleUploadedFile("หลักฐานลับ.pdf", b"%PDF-1.4\n%x\n"),
        public_evidence_title="คู่มือการปฏิบัติงาน ฉบับปรับปรุง",
    )
    report(second, alice, at(date(2026, 3, 20)), status="done", percent=100,
           public_summary="เผยแพร่ขั้นตอนบนเว็บไซต์แล้ว")  # fmt: skip
    return first, second


SECRETS = ("บันทึกลับ", "drive.example", "private-folder", "หลักฐานลับ", "alice", "อลิส")


def test_the_round_is_a_staff_preview_until_published(demo, staff_client, six_months, reported):
    assert Client().get(PAGE).status_code == 404
    assert Client().get(PDF).status_code == 404
    assert Client().get(JSON).status_code == 404
    html = staff_client.get(PAGE).content.decode()
    assert "ฉบับร่าง" in html
    assert "รอบ ๖ เดือน" in html and "๓๑ มีนาคม ๒๕๖๙" in html
    # A staff preview works without a stored round too, for any cut-off date.
    assert staff_client.get("/reports/2568/results/2569-05-15/").status_code == 200
    assert staff_client.get("/reports/2568/results/12m/").status_code == 200
    assert staff_client.get("/reports/2568/results/2569-02-30/").status_code == 404


def test_the_published_page_shows_figures_as_of_the_cut_off_and_no_private_parts(
    demo, six_months, reported
):
    results_round_publish(rnd=six_months)
    response = Client().get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "ฉบับร่าง" not in html
    assert "ปรับปรุงคู่มือการปฏิบัติงานแล้ว" in html
    assert "คู่มือการปฏิบัติงาน ฉบับปรับปรุง" in html  # the public evidence's title
    assert "แล้วเสร็จตามกำหนด" in html and "เลยกำหนด" in html
    assert "<svg" in html  # the chart, server-side
    for secret in SECRETS:
        assert secret not in html
    # the closing section, drafted from the data: 19 items, 1 done
    assert "จากรายการดำเนินงานทั้งหมด ๑๙ รายการ ดำเนินการแล้วเสร็จ ๑ รายการ" in html


def test_a_published_round_does_not_move_when_later_updates_arrive(
    demo, alice, six_months, reported, media, tmp_path, django_capture_on_commit_callbacks
):
    results_round_publish(rnd=six_months)
    visitor = Client()
    page_before = visitor.get(PAGE).content
    pdf_before = visitor.get(PDF)
    data_before = visitor.get(JSON).json()
    # Later work, even an update dated before the cut-off (entered late), and an edited plan.
    first, second = reported
    with django_capture_on_commit_callbacks(execute=True):  # committed: the caches drop them
        report(first, alice, at(date(2026, 3, 25)), status="done", percent=100,
               public_summary="ภายหลัง: แล้วเสร็จ")  # fmt: skip
        progress_update_create(item=first, author=alice, status="done", percent=100, note="x")
    after_pdf = visitor.get(PDF)
    assert after_pdf["ETag"] == pdf_before["ETag"]
    assert after_pdf.content == pdf_before.content
    assert visitor.get(PAGE).content == page_before
    assert visitor.get(JSON).json() == data_before
    assert "ภายหลัง" not in pdftotext(after_pdf.content, tmp_path)

    # A correction freezes today's data again, dated and saying so.
    six_months.refresh_from_db()
    with pytest.raises(Exception, match="เหตุผล"):
        results_round_correct(rnd=six_months, note=" ")
    with django_capture_on_commit_callbacks(execute=True):
        results_round_correct(rnd=six_months, note="ส่วนงานรายงานผลย้อนหลังที่ตกหล่น")
    html = visitor.get(PAGE).content.decode()
    assert "ฉบับแก้ไข ครั้งที่ ๑" in html and "ส่วนงานรายงานผลย้อนหลังที่ตกหล่น" in html
    assert "ภายหลัง: แล้วเสร็จ" in html
    corrected = visitor.get(PDF)
    assert corrected["ETag"] != pdf_before["ETag"]
    assert "ฉบับแก้ไข ครั้งที่ ๑" in pdftotext(corrected.content, tmp_path)
    assert visitor.get(JSON).json()["revision"] == 1


def test_publishing_twice_is_refused_and_a_draft_year_cannot_publish(demo, six_months):
    results_round_publish(rnd=six_months)
    with pytest.raises(Exception, match="ฉบับแก้ไข"):
        results_round_publish(rnd=six_months)
    twelve = ResultsRound(assessment=demo, kind="12m", **MEMO_FIELDS)
    twelve.full_clean()
    twelve.save()
    assert twelve.cutoff == date(2026, 9, 30)
    demo.status = "draft"
    demo.save()
    with pytest.raises(Exception, match="ผลการประเมิน"):
        results_round_publish(rnd=twelve)


def test_pdf_text_and_every_page_rendered(demo, six_months, reported, media, tmp_path):
    results_round_publish(rnd=six_months)
    response = Client().get(PDF)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdftotext(response.content, tmp_path)
    flat = "".join(text.split())  # table cells wrap their lines
    for expected in (
        "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
        "รอบ ๖ เดือน",
        "๓๑ มีนาคม ๒๕๖๙",
        "ปรับปรุงคู่มือการปฏิบัติงานแล้ว",
        "คู่มือการปฏิบัติงาน ฉบับปรับปรุง",
        "เทศบาลเมืองดอนสัก",
    ):
        assert "".join(expected.split()) in flat, expected
    for secret in SECRETS:
        assert secret not in text
    assert "ฉบับร่าง" not in text
    path = tmp_path / "results.pdf"
    path.write_bytes(response.content)
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(path), str(tmp_path / "p")], check=True)
    images = sorted(tmp_path.glob("p-*.png"))
    assert len(images) >= 3
    shapes = []
    for image in images:
        img = Image.open(image).convert("L")
        shapes.append("landscape" if img.size[0] > img.size[1] else "portrait")
        assert ImageStat.Stat(img).mean[0] < 252  # ink on every page
    # The summary on portrait A4, the item tables on landscape pages.
    assert shapes[0] == "portrait" and "landscape" in shapes


def test_the_memo_is_an_official_memo_drafted_from_the_data(
    demo, six_months, reported, staff_client, media, tmp_path
):
    html = staff_client.get(MEMO).content.decode()
    # as read: without the markup that keeps words whole at line ends (the thtext filter)
    html = re.sub(r'<span class="nobreak">([^<]*)</span>', r"\1", html.replace("<wbr>", ""))
    assert "บันทึกข้อความ" in html and "นายกเทศมนตรีเมืองดอนสัก" in html
    assert "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน รอบ ๖ เดือน" in html
    # Staff edit the draft; the draft fills only the empty fields.
    six_months.memo_facts = "ข้อเท็จจริงที่เจ้าหน้าที่เขียนเอง"
    six_months.save()
    filled = results_round_draft_texts(rnd=six_months)
    assert "memo_facts" not in filled and "closing" in filled
    six_months.refresh_from_db()
    assert six_months.memo_facts == "ข้อเท็จจริงที่เจ้าหน้าที่เขียนเอง"
    results_round_publish(rnd=six_months)
    memo_pdf = Client().get(MEMO_PDF)
    assert memo_pdf.status_code == 200
    text = pdftotext(memo_pdf.content, tmp_path)
    assert "ข้อเท็จจริงที่เจ้าหน้าที่เขียนเอง" in text and "บันทึกข้อความ" in text


def test_open_data_is_the_published_figures_without_private_parts(demo, six_months, reported):
    results_round_publish(rnd=six_months)
    data = Client().get(JSON).json()
    assert data["cutoff"] == "2026-03-31" and data["round"] == "6m"
    assert data["totals"]["count"] == 19 and data["totals"]["on_time"] == 1
    csv = Client().get(CSV).content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("fiscal_year,round,cutoff")
    assert len(csv.splitlines()) == 1 + 19
    assert "ปรับปรุงคู่มือการปฏิบัติงานแล้ว" in csv
    text = json.dumps(data, ensure_ascii=False) + csv
    for secret in SECRETS:
        assert secret not in text


def test_results_csv_writes_item_text_as_text_never_as_a_formula(demo, six_months):
    item = ActionItem.objects.filter(topic__assessment=demo).first()
    ActionItem.objects.filter(pk=item.pk).update(text='=HYPERLINK("http://x","y")')
    results_round_publish(rnd=six_months)
    csv = Client().get(CSV).content.decode("utf-8-sig")
    assert "'=HYPERLINK(" in csv
    assert ",=HYPERLINK(" not in csv and ',"=HYPERLINK(' not in csv


def test_the_years_report_links_its_published_rounds(
    demo, six_months, django_capture_on_commit_callbacks
):
    assert "/reports/2568/results/6m/" not in Client().get("/reports/2568/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        results_round_publish(rnd=six_months)
    html = Client().get("/reports/2568/").content.decode()
    assert "/reports/2568/results/6m/" in html and "รอบ ๖ เดือน" in html


def test_query_counts_do_not_grow_with_items_and_updates(
    demo,
    alice,
    six_months,
    staff_client,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    def load():
        for p in (10, 20):
            for item in ActionItem.objects.filter(topic__assessment=demo):
                report(item, alice, at(date(2026, 1, p)), status="in_progress", percent=p,
                       public_summary=f"ร้อยละ {p}")  # fmt: skip

    # Staff preview: session and user, assessment, round, results_as_of (5), the analysis memo
    # and its signatures, the organization for the header (context processor): 12.
    with django_assert_num_queries(12) as before:
        staff_client.get(PAGE)
    load()
    with django_assert_num_queries(len(before)):
        staff_client.get(PAGE)
    with django_capture_on_commit_callbacks(execute=True):
        results_round_publish(rnd=six_months)
    visitor = Client()
    # Published, first request: assessment, round, organization (header); nothing is
    # computed: the page prints the frozen snapshot (the document version is a cache read).
    with django_assert_num_queries(3):
        assert visitor.get(PAGE).status_code == 200
    # Cached: no query at all.
    with django_assert_num_queries(0):
        assert visitor.get(PAGE).status_code == 200


def test_next_years_report_states_how_far_the_previous_plan_was_carried_out(
    demo, alice, reported, django_capture_on_commit_callbacks
):
    from decimal import Decimal

    from assessments.models import Assessment
    from tests.frameworks import make_assessment, make_framework_2569

    make_framework_2569()
    make_assessment(2569, status=Assessment.Status.PUBLISHED, reported_overall=Decimal("96.00"))
    # No published round yet: the items' status today (1 of 19 done).
    html = " ".join(Client().get("/reports/2569/").content.decode().split())
    assert "ตามสถานะล่าสุดที่ส่วนงานรายงานในระบบ: ดำเนินการแล้วเสร็จ ๑ จาก ๑๙ รายการ" in html
    twelve = ResultsRound(assessment=demo, kind="12m", **MEMO_FIELDS)
    twelve.full_clean()
    twelve.save()
    with django_capture_on_commit_callbacks(execute=True):
        results_round_publish(rnd=twelve)
    html = " ".join(Client().get("/reports/2569/").content.decode().split())
    assert "ตามรายงานผลการดำเนินการรอบ ๑๒ เดือน (ข้อมูล ณ วันที่ ๓๐ กันยายน ๒๕๖๙)" in html
    assert "ดำเนินการแล้วเสร็จ ๑ จาก ๑๙ รายการ (ตามกำหนด ๑ รายการ)" in html


def test_staff_create_draft_and_publish_a_round_in_the_admin(demo, staff_client, reported):
    response = staff_client.post(
        "/admin/actionplans/resultsround/add/",
        {
            "assessment": demo.pk,
            "kind": "6m",
            "cutoff": "",
            "closing": "",
            # the memo's ที่ and วันที่, without which a round is not published (issue 20)
            "memo_reference_no": "สฎ ๕๒๙๐๘/๑๒๐",
            "memo_date": "30/04/2569",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    rnd = ResultsRound.objects.get()
    assert rnd.cutoff == date(2026, 3, 31)
    changelist = "/admin/actionplans/resultsround/"
    staff_client.post(changelist, {"action": "draft_texts", "_selected_action": [rnd.pk]})
    rnd.refresh_from_db()
    assert "ดำเนินการแล้วเสร็จ" in rnd.closing and rnd.memo_subject
    page = staff_client.post(
        changelist, {"action": "publish", "_selected_action": [rnd.pk]}, follow=True
    )
    assert "เผยแพร่แล้ว" in page.content.decode()
    rnd.refresh_from_db()
    assert rnd.is_published and rnd.snapshot["results"]["totals"]["count"] == 19
    assert Client().get(PAGE).status_code == 200
    # A wrong cut-off for a standard round is refused in Thai.
    response = staff_client.post(
        "/admin/actionplans/resultsround/add/",
        {"assessment": demo.pk, "kind": "12m", "cutoff": "01/08/2569"},
    )
    assert "รอบ ๖ และ ๑๒ เดือนมีวันตัดยอดตามกำหนด" in response.content.decode()


def test_publishing_renders_the_pdfs_before_any_visitor_asks(
    demo, six_months, reported, media, django_capture_on_commit_callbacks
):
    from publishing.results_views import round_pdf

    with django_capture_on_commit_callbacks(execute=True):
        results_round_publish(rnd=six_months)  # queues the PDF jobs (publishing.tasks)
    six_months.refresh_from_db()
    cached = round_pdf(six_months, "results")
    assert not cached.rendered  # the job rendered it
    # The visitor's request finds the file: HTML from the frozen figures, no WeasyPrint.
    response = Client().get(PDF)
    assert response["ETag"] == cached.etag


def test_a_dated_round_on_a_standard_cut_off_is_refused_in_thai(demo):
    """31 March 2569 is the 6-month round's cut-off: a "ณ วันที่" round on it would share the
    6-month round's address (/results/2569-03-31/ reads as 6m) and never be reachable."""
    rnd = ResultsRound(assessment=demo, kind="date", cutoff=date(2026, 3, 31))
    with pytest.raises(ValidationError) as e:
        rnd.full_clean()
    assert "กรุณาเลือกรอบ ๖ เดือนแทน" in str(e.value)
    ResultsRound(assessment=demo, kind="date", cutoff=date(2026, 4, 1)).full_clean()
