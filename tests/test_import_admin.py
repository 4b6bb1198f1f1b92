"""Staff import a year's scores in the admin (django-import-export): upload, see what will change
and the figures the year would compute to, confirm. The file waits in the library's temporary
storage between the two steps: confirming never posts it again."""

import io
import os
import random
from decimal import Decimal as D

from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tests.frameworks import make_assessment, scores_of, xlsx_bytes
from tests.import_helpers import confirm_import, import_url, post_import

TEMPLATE = "admin:assessments_assessment_template"


def test_the_change_page_links_to_import_template_and_exports(staff_client, demo):
    html = staff_client.get(
        reverse("admin:assessments_assessment_change", args=[demo.pk])
    ).content.decode()
    assert import_url(demo) in html
    assert reverse(TEMPLATE, args=[2568]) in html
    assert reverse("admin:assessments_assessment_export_xlsx", args=[demo.pk]) in html


def test_the_import_page_is_thai_and_offers_the_template(staff_client, demo):
    html = staff_client.get(import_url(demo)).content.decode()
    assert "ไฟล์ที่จะนำเข้า" in html and "ชนิดไฟล์" in html
    assert reverse(TEMPLATE, args=[2568]) in html
    assert f'<option value="{demo.pk}" selected>' in html


def test_preview_shows_changes_and_warnings_then_confirm_saves(staff_client, demo, staff):
    rows = [["รหัสข้อ", "คะแนน"], ["i11", "95.88"], ["o20", "๘๐"], ["ภาพรวม", "94.51"]]
    response = post_import(staff_client, demo, xlsx_bytes({"s": rows}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "ตัวอย่างการนำเข้า (ยังไม่ได้บันทึก)" in html
    assert "95.85" in html and "95.88" in html and "80.00" in html
    assert "คะแนนภาพรวม" in html and "94.51" in html  # a reported figure
    assert "ตัวชี้วัดที่ 6" in html  # the engine's warnings for the result
    assert scores_of(demo)["questions"]["i11"] == D("95.85")  # nothing written yet

    response = confirm_import(staff_client, response)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:assessments_assessment_change", args=[demo.pk])
    saved = scores_of(demo)
    assert saved["questions"]["i11"] == D("95.88") and saved["questions"]["o20"] == D("80.00")
    assert saved["overall"] == D("94.51")
    assert demo.question_scores.get(question__code="o20").history.first().history_user == staff


def test_a_bad_file_lists_its_errors_by_sheet_and_row_and_saves_nothing(staff_client, demo):
    rows = [["รหัสข้อ", "คะแนน"], ["i1", "50"], ["x1", "1"], ["i2", "120"]]
    before = scores_of(demo)
    response = post_import(staff_client, demo, xlsx_bytes({"s": rows}))
    html = response.content.decode()
    assert "ไฟล์มีข้อผิดพลาด 2 รายการ ยังไม่ได้นำเข้าข้อมูลใด ๆ" in html
    # Letters plus digits are a code (any year may print new letters); x1 is in no year.
    assert "ชีต “s” แถวที่ 3: ไม่รู้จักรหัสข้อ “x1” ในกรอบการประเมินปี 2568" in html
    assert "ชีต “s” แถวที่ 4: ข้อ i2 คะแนน 120 อยู่นอกช่วง 0–100" in html
    assert "confirm_form" not in response.context or not response.context["confirm_form"]
    assert scores_of(demo) == before


def test_a_tampered_confirmation_is_refused(staff_client, demo):
    before = scores_of(demo)
    data = {
        "import_file_name": "../../etc/passwd",
        "original_file_name": "x.xlsx",
        "format": "0",
        "resource": "0",
        "assessment": demo.pk,
        "published_ack": "on",  # the demo year is published (issue 20)
    }
    url = reverse("admin:assessments_questionscore_process_import")
    response = staff_client.post(url, data, follow=True)
    assert "ตัวอย่างการนำเข้าหมดอายุหรือไม่ถูกต้อง" in response.content.decode()
    assert scores_of(demo) == before


def test_the_template_has_every_code_and_title_of_the_years_framework(staff_client, demo):
    response = staff_client.get(reverse(TEMPLATE, args=[2568]))
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(wb["คะแนนรายข้อ"].iter_rows(values_only=True))
    assert rows[0][:2] == ("กรอบการประเมินปี", 2568)
    assert rows[2] == ("รหัสข้อ", "ข้อคำถาม", "คะแนน")
    codes = [r[0] for r in rows[3:55]]
    assert len(codes) == 52 and codes[0] == "i1" and codes[-1] == "o28"
    assert rows[3][1].startswith("เจ้าหน้าที่ปฏิบัติงาน")
    assert [r[0] for r in rows[55:]][:2] == ["ตัวชี้วัดที่ 1", "ตัวชี้วัดที่ 2"]
    assert "ภาพรวม" in [r[0] for r in rows[55:]]


def test_the_filled_in_template_imports(staff_client, demo):
    response = staff_client.get(reverse(TEMPLATE, args=[2568]))
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb["คะแนนรายข้อ"]
    ws["C4"] = "๙๔.๑๒"  # i1
    out = io.BytesIO()
    wb.save(out)
    empty = make_assessment(2570, 2568)
    response = post_import(staff_client, empty, out.getvalue())
    confirm_import(staff_client, response)
    assert scores_of(empty)["questions"] == {"i1": D("94.12")}


def big_valid_workbook(target_bytes):
    """A score on the first sheet, and a notes sheet of random text (which does not compress)
    to bring the file to about `target_bytes`: a valid file near the 5 MB limit."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("คะแนนรายข้อ")
    ws.append(["รหัสข้อ", "คะแนน"])
    ws.append(["i1", "94.12"])
    notes = wb.create_sheet("หมายเหตุ")
    rng = random.Random(12)
    alphabet = "กขคงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮabcdefghijklmnopqrstuvwxyz0123456789"
    for _ in range(target_bytes // 1060):
        notes.append(["".join(rng.choices(alphabet, k=1000))])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_4_9_mb_valid_workbook_goes_through_preview_and_confirm(staff_client, demo, settings):
    data = big_valid_workbook(4_900_000)
    assert 4_000_000 < len(data) < 5 * 1024 * 1024, len(data)
    response = post_import(staff_client, demo, data, "big.xlsx")
    assert response.status_code == 200
    assert "ตัวอย่างการนำเข้า (ยังไม่ได้บันทึก)" in response.content.decode()
    stored = response.context["confirm_form"].initial["import_file_name"]
    tmp = settings.STORAGES["import_export"]["OPTIONS"]["location"]
    assert os.path.exists(os.path.join(tmp, "django-import-export", stored))
    response = confirm_import(staff_client, response)  # a few hundred bytes, not the file
    assert response.status_code == 302
    assert scores_of(demo)["questions"]["i1"] == D("94.12")
    assert not os.path.exists(os.path.join(tmp, "django-import-export", stored))


def test_non_staff_cannot_import(client, demo, django_user_model):
    user = django_user_model.objects.create_user("head", password="x-pass-12345")
    client.force_login(user)
    assert client.get(import_url(demo)).status_code == 302


def test_the_2568_export_imported_back_changes_nothing(staff_client, demo):
    export = reverse("admin:assessments_assessment_export_xlsx", args=[demo.pk])
    data = staff_client.get(export).content
    before = scores_of(demo)
    history = sum(s.history.count() for s in demo.question_scores.all())
    response = post_import(staff_client, demo, data, "ita-2568.xlsx")
    html = response.content.decode()
    assert "คะแนนรายข้อในไฟล์นี้ตรงกับที่บันทึกไว้แล้วทุกข้อ" in html
    assert "ไม่เปลี่ยน 51 ข้อ" in html and "คะแนนที่ ป.ป.ช. แจ้งที่จะเปลี่ยน" not in html
    confirm_import(staff_client, response)
    assert scores_of(demo) == before
    assert sum(s.history.count() for s in demo.question_scores.all()) == history


def test_a_score_is_not_edited_outside_its_years_page(staff_client, demo):
    """The score admin hosts the import and export only: its change page is read-only."""
    from assessments.models import QuestionScore

    score = QuestionScore.objects.filter(assessment=demo).first()
    url = reverse("admin:assessments_questionscore_change", args=[score.pk])
    assert staff_client.post(url, {"score": "1.00"}).status_code == 403
    score.refresh_from_db()
    assert score.score != 1
