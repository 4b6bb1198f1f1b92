"""Staff import a year's scores in the admin: upload, see what will change, confirm."""

import io
from decimal import Decimal as D

from django.urls import reverse
from openpyxl import load_workbook

from tests.frameworks import make_assessment, scores_of, upload, xlsx_bytes


def import_url(a):
    return reverse("admin:assessments_assessment_import", args=[a.pk])


def test_the_change_page_links_to_import_template_and_exports(staff_client, demo):
    html = staff_client.get(
        reverse("admin:assessments_assessment_change", args=[demo.pk])
    ).content.decode()
    assert import_url(demo) in html
    assert reverse("admin:assessments_assessment_template", args=[2568]) in html
    assert reverse("admin:assessments_assessment_export_xlsx", args=[demo.pk]) in html


def test_preview_shows_changes_and_warnings_then_confirm_saves(staff_client, demo, staff):
    rows = [["รหัสข้อ", "คะแนน"], ["i11", "95.88"], ["o20", "๘๐"]]
    response = staff_client.post(import_url(demo), {"file": upload(xlsx_bytes({"s": rows}))})
    assert response.status_code == 200
    html = response.content.decode()
    assert "ตัวอย่างการนำเข้า (ยังไม่ได้บันทึก)" in html
    assert "95.85" in html and "95.88" in html and "80.00" in html
    assert "ตัวชี้วัดที่ 6" in html  # the engine's warnings for the result
    assert scores_of(demo)["questions"]["i11"] == D("95.85")  # nothing written yet

    payload = response.context["payload"]
    confirm = reverse("admin:assessments_assessment_import_confirm", args=[demo.pk])
    response = staff_client.post(confirm, {"payload": payload})
    assert response.status_code == 302
    saved = scores_of(demo)["questions"]
    assert saved["i11"] == D("95.88") and saved["o20"] == D("80.00")
    assert demo.question_scores.get(question__code="o20").history.first().history_user == staff


def test_a_bad_file_lists_its_errors_and_saves_nothing(staff_client, demo):
    rows = [["รหัสข้อ", "คะแนน"], ["i1", "50"], ["x1", "1"], ["i2", "120"]]
    before = scores_of(demo)
    response = staff_client.post(import_url(demo), {"file": upload(xlsx_bytes({"s": rows}))})
    html = response.content.decode()
    assert "ไฟล์มีข้อผิดพลาด 2 รายการ ยังไม่ได้นำเข้าข้อมูลใด ๆ" in html
    # Letters plus digits are a code (any year may print new letters); x1 is in no year.
    assert "ชีต “s” แถวที่ 3: ไม่รู้จักรหัสข้อ “x1” ในกรอบการประเมินปี 2568" in html
    assert "ชีต “s” แถวที่ 4: ข้อ i2 คะแนน 120 อยู่นอกช่วง 0–100" in html
    assert scores_of(demo) == before


def test_a_tampered_confirmation_is_refused(staff_client, demo):
    confirm = reverse("admin:assessments_assessment_import_confirm", args=[demo.pk])
    before = scores_of(demo)
    response = staff_client.post(confirm, {"payload": "forged"}, follow=True)
    assert "หมดอายุหรือไม่ถูกต้อง" in response.content.decode()
    assert scores_of(demo) == before


def test_the_template_has_every_code_and_title_of_the_years_framework(staff_client, demo):
    response = staff_client.get(reverse("admin:assessments_assessment_template", args=[2568]))
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(wb["คะแนนรายข้อ"].iter_rows(values_only=True))
    assert rows[0][:2] == ("กรอบการประเมินปี", 2568)
    assert rows[2] == ("ตัวชี้วัด", "รหัสข้อ", "ข้อคำถาม", "คะแนน")
    codes = [r[1] for r in rows[3:]]
    assert len(codes) == 52 and codes[0] == "i1" and codes[-1] == "o28"
    assert rows[3][2].startswith("เจ้าหน้าที่ปฏิบัติงาน")


def test_the_filled_in_template_imports(staff_client, demo):
    response = staff_client.get(reverse("admin:assessments_assessment_template", args=[2568]))
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb["คะแนนรายข้อ"]
    ws["D4"] = "๙๔.๑๒"  # i1
    out = io.BytesIO()
    wb.save(out)
    empty = make_assessment(2570, 2568)
    response = staff_client.post(import_url(empty), {"file": upload(out.getvalue())})
    response = staff_client.post(
        reverse("admin:assessments_assessment_import_confirm", args=[empty.pk]),
        {"payload": response.context["payload"]},
    )
    assert scores_of(empty)["questions"] == {"i1": D("94.12")}


def test_non_staff_cannot_import(client, demo, django_user_model):
    user = django_user_model.objects.create_user("head", password="x-pass-12345")
    client.force_login(user)
    assert client.get(import_url(demo)).status_code == 302
