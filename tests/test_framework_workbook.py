"""The framework as a workbook: export a year, import it as a new one (preview, all or nothing,
errors by sheet and row), on django-import-export's resources."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from indicators.models import FrameworkYear
from indicators.workbook import framework_export, framework_import
from tests.frameworks import upload, xlsx_bytes


def year_as_data(fw):
    """Everything a year consists of, without ids or the year itself."""
    return {
        "tools": list(fw.tools.order_by("order").values_list("code", "name", "weight", "order")),
        "levels": list(
            fw.rating_levels.order_by("rank").values_list(
                "rank", "name", "min_overall", "min_each_tool", "passes"
            )
        ),
        "indicators": list(
            fw.indicators.order_by("number").values_list("number", "name", "tool__code")
        ),
        "questions": list(
            fw.questions.order_by("order").values_list(
                "code",
                "title",
                "indicator__number",
                "order",
                "topic_key",
                "merged_topic_keys",
                "title_is_summary",
                "standard_recommendation",
            )
        ),
        "national_target": fw.national_target,
        "keep_level_text": fw.keep_level_text,
    }


def sheets_of(data):
    wb = load_workbook(io.BytesIO(data), read_only=True)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


@pytest.mark.parametrize("year", [2568, 2569])
def test_export_then_import_as_a_new_year_gives_an_equal_year(db, year):
    source = FrameworkYear.objects.get(year=year)
    data = framework_export(source)
    assert {"เครื่องมือ", "ระดับผลการประเมิน", "ตัวชี้วัด", "ข้อคำถาม"} <= set(sheets_of(data))
    preview = framework_import(data=data, year=2575, dry_run=True)
    assert preview.counts["questions"] == source.questions.count()
    assert not FrameworkYear.objects.filter(year=2575).exists()  # a preview writes nothing
    framework_import(data=data, year=2575, dry_run=False)
    assert year_as_data(FrameworkYear.objects.get(year=2575)) == year_as_data(source)


def bad_workbook(change):
    sheets = sheets_of(framework_export(FrameworkYear.objects.get(year=2569)))
    change(sheets)
    return xlsx_bytes(sheets)


def set_cell(sheets, sheet, match, column, value):
    header = sheets[sheet][0]
    for row in sheets[sheet][1:]:
        if all(row[header.index(k)] == v for k, v in match.items()):
            row[header.index(column)] = value
            return
    raise AssertionError(match)


BAD = {
    "weights summing to 99": (
        lambda s: set_cell(s, "เครื่องมือ", {"รหัส": "OIT"}, "น้ำหนัก", "39"),
        "เครื่องมือการประเมิน: ค่าน้ำหนักรวมกันได้ 99 แต่ต้องรวมกันเป็น 100",
    ),
    "a question pointing at a missing indicator": (
        lambda s: set_cell(s, "ข้อคำถาม", {"รหัสข้อ": "o5"}, "ตัวชี้วัดที่", 11),
        "ชีต ข้อคำถาม แถวที่ 30: ข้อ o5 อยู่ในตัวชี้วัด “11” ที่ไม่มีในกรอบปีนี้",
    ),
    "a duplicate code": (
        lambda s: set_cell(s, "ข้อคำถาม", {"รหัสข้อ": "o6"}, "รหัสข้อ", "O05"),
        "ชีต ข้อคำถาม แถวที่ 31: รหัสข้อ o5 ซ้ำกับชีต ข้อคำถาม แถวที่ 30",
    ),
    "levels out of order": (
        lambda s: set_cell(s, "ระดับผลการประเมิน", {"ลำดับ": "4"}, "คะแนนภาพรวมขั้นต่ำ", "90.00"),
        "ชีต ระดับผลการประเมิน แถวที่ 5: ระดับ “ต้องปรับปรุง” (ลำดับ 4, ขั้นต่ำ 90) ต้องมีเกณฑ์ต่ำกว่าระดับ “ผ่าน”",
    ),
    "a national target that is not a number": (
        lambda s: s["กรอบการประเมิน"][1].__setitem__(
            s["กรอบการประเมิน"][0].index("ค่าเป้าหมาย"), "เก้าสิบ"
        ),
        "ชีต กรอบการประเมิน: ค่าเป้าหมาย “เก้าสิบ” ต้องเป็นตัวเลข 0–100",
    ),
    "a topic key longer than the model keeps": (
        lambda s: set_cell(s, "ข้อคำถาม", {"รหัสข้อ": "o5"}, "รหัสประเด็น", "k" * 61),
        "ชีต ข้อคำถาม แถวที่ 30: รหัสประเด็น ยาวเกิน 60 ตัวอักษร (มี 61 ตัวอักษร)",
    ),
    "a score that is not a number": (
        lambda s: set_cell(s, "เครื่องมือ", {"รหัส": "IIT"}, "น้ำหนัก", "สามสิบ"),
        "ชีต เครื่องมือ แถวที่ 2: น้ำหนัก “สามสิบ” ต้องเป็นตัวเลข 0–100",
    ),
}


@pytest.mark.parametrize("case", BAD)
def test_a_bad_workbook_is_refused_by_sheet_and_row_and_nothing_is_saved(db, case):
    change, message = BAD[case]
    data = bad_workbook(change)
    before = FrameworkYear.objects.count()
    with pytest.raises(ValidationError) as e:
        framework_import(data=data, year=2575, dry_run=False)
    assert any(m.startswith(message) for m in e.value.messages), e.value.messages
    assert FrameworkYear.objects.count() == before


def test_english_sheet_and_column_names_are_read_too(db):
    sheets = sheets_of(framework_export(FrameworkYear.objects.get(year=2569)))
    english = {
        "เครื่องมือ": ("tools", ["code", "name", "weight", "order"]),
        "ระดับผลการประเมิน": ("levels", ["rank", "name", "min_overall", "min_each_tool", "passes"]),
        "ตัวชี้วัด": ("indicators", ["number", "name", "tool"]),
    }
    renamed = {}
    for title, rows in sheets.items():
        if title in english:
            key, header = english[title]
            renamed[key] = [header, *rows[1:]]
        else:
            renamed[title] = rows
    framework_import(data=xlsx_bytes(renamed), year=2575, dry_run=False)
    assert FrameworkYear.objects.get(year=2575).tools.count() == 3


def test_a_file_that_is_not_a_workbook_is_refused_in_thai(db):
    with pytest.raises(ValidationError, match="ไม่ใช่ไฟล์ .xlsx"):
        framework_import(data=b"not a workbook", year=2575)


def test_an_existing_year_is_not_overwritten(db):
    data = framework_export(FrameworkYear.objects.get(year=2569))
    with pytest.raises(ValidationError, match="มีกรอบการประเมินปี 2568 อยู่แล้ว"):
        framework_import(data=data, year=2568)


def test_a_title_starting_with_equals_is_exported_as_text_not_a_formula(db):
    fw = FrameworkYear.objects.get(year=2569)
    fw.questions.filter(code="o1").update(title='=HYPERLINK("http://x")')
    ws = load_workbook(io.BytesIO(framework_export(fw)))["ข้อคำถาม"]
    cell = next(row[1] for row in ws.iter_rows() if row[0].value == "o1")
    assert cell.data_type == "s"


def test_staff_download_preview_and_confirm_in_the_admin(ita_staff_client, db):
    fw = FrameworkYear.objects.get(year=2569)
    url = reverse("admin:indicators_frameworkyear_workbook", args=[fw.pk])
    download = ita_staff_client.get(url)
    assert download.status_code == 200
    url = reverse("admin:indicators_frameworkyear_import")
    form = {"file": upload(download.content, "framework.xlsx"), "year": "2571", "name": ""}
    preview = ita_staff_client.post(url, form)
    html = preview.content.decode()
    assert "ตัวอย่างการนำเข้ากรอบการประเมินปี 2571 (ยังไม่ได้บันทึก)" in html
    assert not FrameworkYear.objects.filter(year=2571).exists()
    payload = preview.context["payload"]
    # The file waits on the server between the two steps; the form posts back only its name, so
    # a workbook near the upload limit is not refused at confirm as too large a request.
    assert len(payload) < 300
    confirm = reverse("admin:indicators_frameworkyear_import_confirm")
    done = ita_staff_client.post(confirm, {"payload": payload}, follow=True)
    assert "นำเข้ากรอบการประเมินปี 2571 แล้ว: 50 ข้อคำถาม" in done.content.decode()
    assert FrameworkYear.objects.get(year=2571).questions.count() == 50


def test_a_bad_upload_lists_its_errors_and_saves_nothing(ita_staff_client, db):
    data = bad_workbook(BAD["weights summing to 99"][0])
    url = reverse("admin:indicators_frameworkyear_import")
    response = ita_staff_client.post(url, {"file": upload(data, "f.xlsx"), "year": "2571"})
    assert "ค่าน้ำหนักรวมกันได้ 99" in response.content.decode()
    assert "ยังไม่ได้นำเข้าข้อมูลใด ๆ" in response.content.decode()
    assert not FrameworkYear.objects.filter(year=2571).exists()


def test_a_title_with_a_control_character_exports_and_imports_back(ita_staff_client, db):
    """A vertical tab pasted from Word: openpyxl refuses it in a cell, and the workbook's own
    writer gave a 500. The project's one XLSX writer drops it (core.spreadsheets)."""
    fw = FrameworkYear.objects.get(year=2569)
    fw.questions.filter(code="o1").update(title="โครงสร้าง\x0bหน่วยงาน")
    download = ita_staff_client.get(
        reverse("admin:indicators_frameworkyear_workbook", args=[fw.pk])
    )
    assert download.status_code == 200
    questions = sheets_of(download.content)["ข้อคำถาม"]
    assert ["o1", "โครงสร้างหน่วยงาน"] in [row[:2] for row in questions]
    result = framework_import(data=download.content, year=2571, dry_run=False)
    assert result.counts
    copy = FrameworkYear.objects.get(year=2571)
    assert copy.questions.get(code="o1").title == "โครงสร้างหน่วยงาน"
    assert copy.questions.count() == fw.questions.count()
