"""The other sheets staff keep (action items, plan topics and methods, divisions, findings,
guidelines) go out of the admin and come back in through django-import-export: Thai column
names, dates in พ.ศ., a file exported and imported again changes nothing, an edited cell is
previewed and then saved."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from actionplans.models import ActionItem, Division, PlanMethod, PlanTopic
from assessments.models import Finding, Guideline
from tests.frameworks import upload


def item_in_row(ws, header, row):
    """The action item an exported row names by its year, topic number and number."""
    cell = lambda name: ws.cell(row, header.index(name) + 1).value  # noqa: E731
    return ActionItem.objects.get(
        topic__assessment__fiscal_year=cell("ปีงบประมาณ"),
        topic__number=cell("หัวข้อ (ข้อที่)"),
        number=cell("ลำดับ"),
    )


def export(client, model, fmt):
    url = reverse(f"admin:{model}_export")
    form = client.get(url).context["form"]
    data = {"format": fmt, "resource": "0"}
    data.update({name: "on" for name, f in form.fields.items() if f.initial is True})
    return client.post(url, data).content


def preview(client, model, data, fmt, name):
    url = reverse(f"admin:{model}_import")
    return client.post(url, {"format": fmt, "resource": "0", "import_file": upload(data, name)})


def confirm(client, model, response):
    form = response.context["confirm_form"]
    data = {name: form.initial.get(name) for name in form.fields}
    return client.post(reverse(f"admin:{model}_process_import"), data)


@pytest.mark.parametrize("fmt,name", [(0, "items.xlsx"), (1, "items.csv")])
def test_action_items_exported_and_imported_again_change_nothing(staff_client, demo, fmt, name):
    model = "actionplans_actionitem"
    data = export(staff_client, model, fmt)
    history = sum(i.history.count() for i in ActionItem.objects.all())
    response = preview(staff_client, model, data, fmt, name)
    result = response.context["result"]
    assert not result.has_errors() and not result.has_validation_errors(), result.invalid_rows
    assert result.totals["new"] == result.totals["update"] == 0
    assert result.totals["skip"] == ActionItem.objects.count()
    confirm(staff_client, model, response)
    assert sum(i.history.count() for i in ActionItem.objects.all()) == history


def test_an_edited_action_item_is_previewed_then_saved(staff_client, demo):
    model = "actionplans_actionitem"
    wb = load_workbook(io.BytesIO(export(staff_client, model, 0)))
    ws = wb.active
    header = [c.value for c in ws[1]]
    assert "ขั้นตอน/วิธีปฏิบัติ" in header and "กำหนดแล้วเสร็จ" in header
    assert ws.cell(2, header.index("กำหนดแล้วเสร็จ") + 1).is_date  # a real date cell
    pk = item_in_row(ws, header, 2).pk
    ws.cell(2, header.index("ขั้นตอน/วิธีปฏิบัติ") + 1).value = "ข้อความใหม่จากไฟล์"
    out = io.BytesIO()
    wb.save(out)
    response = preview(staff_client, model, out.getvalue(), 0, "items.xlsx")
    assert response.context["result"].totals["update"] == 1
    assert ActionItem.objects.get(pk=pk).text != "ข้อความใหม่จากไฟล์"  # not yet
    confirm(staff_client, model, response)
    assert ActionItem.objects.get(pk=pk).text == "ข้อความใหม่จากไฟล์"


def test_a_due_date_typed_in_the_buddhist_era_is_read_as_such(staff_client, demo):
    model = "actionplans_actionitem"
    text = export(staff_client, model, 1).decode("utf-8-sig")
    item = ActionItem.objects.order_by("pk").first()
    old = item.due_date
    be = f"{old.day:02d}/{old.month:02d}/{old.year + 543}"
    assert be in text  # the CSV writes dates as people type them
    new_be = f"01/02/{old.year + 543 + 1}"
    lines = text.splitlines()
    header = lines[0].split(",")
    key = f"2568,{item.topic.number},{item.number},"  # year, topic, number: no database id
    rows = [line for line in lines[1:] if line.startswith(key)]
    edited = rows[0].replace(be, new_be, 1)
    data = "\n".join([",".join(header), edited]) + "\n"
    response = preview(staff_client, model, data.encode(), 1, "one.csv")
    assert response.context["result"].totals["update"] == 1, response.context["result"].invalid_rows
    confirm(staff_client, model, response)
    item.refresh_from_db()
    assert (item.due_date.year, item.due_date.month, item.due_date.day) == (old.year + 1, 2, 1)


MODELS = {
    "actionplans_actionitem": ActionItem,
    "actionplans_plantopic": PlanTopic,
    "actionplans_planmethod": PlanMethod,
    "actionplans_division": Division,
    "assessments_finding": Finding,
    "assessments_guideline": Guideline,
}


def history_count(model):
    return model.history.count() if hasattr(model, "history") else None


def snapshot(model):
    """Every row with its fields and many-to-many lists, to compare before and after."""
    rows = {}
    for obj in model.objects.all():
        values = {f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields}
        values.pop("updated_at", None)
        for m2m in model._meta.many_to_many:
            values[m2m.name] = sorted(getattr(obj, m2m.name).values_list("pk", flat=True))
        rows[obj.pk] = values
    return rows


@pytest.mark.parametrize("model", list(MODELS))
@pytest.mark.parametrize("fmt,name", [(0, "rows.xlsx"), (1, "rows.csv")])
def test_every_sheet_exported_and_imported_again_changes_nothing(
    staff_client, demo, model, fmt, name
):
    cls = MODELS[model]
    before, history = snapshot(cls), history_count(cls)
    data = export(staff_client, model, fmt)
    response = preview(staff_client, model, data, fmt, name)
    result = response.context["result"]
    assert not result.has_errors() and not result.has_validation_errors(), (
        [e.error for _, errors in result.row_errors() for e in errors],
        [r.error_dict for r in result.invalid_rows],
    )
    assert result.totals["new"] == result.totals["update"] == 0
    assert result.totals["skip"] == cls.objects.count()
    confirm(staff_client, model, response)
    assert snapshot(cls) == before and history_count(cls) == history


def sheet(client, model):
    ws = load_workbook(io.BytesIO(export(client, model, 0))).active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    return rows[0], [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def test_exports_name_rows_and_their_links_as_staff_do_never_by_database_ids(staff_client, demo):
    header, items = sheet(staff_client, "actionplans_actionitem")
    assert "เลขที่ในระบบ" not in header
    first = items[0]
    assert first["ปีงบประมาณ"] == 2568 and first["หัวข้อ (ข้อที่)"] == 1 and first["ลำดับ"] == 1
    assert first["ส่วนงานผู้รับผิดชอบ"] == "งานธุรการ"
    assert first["สถานะ"] in {"ยังไม่เริ่ม", "กำลังดำเนินการ", "เสร็จแล้ว", "ยกเลิก"}

    header, divisions = sheet(staff_client, "actionplans_division")
    assert "เลขที่ในระบบ" not in header
    parents = {d["ชื่อส่วนงาน"]: d["สังกัด"] for d in divisions}
    assert parents["งานธุรการ"] == "กองยุทธศาสตร์และงบประมาณ" and parents["กองคลัง"] is None

    header, topics = sheet(staff_client, "actionplans_plantopic")
    assert topics[0]["ปีงบประมาณ"] == 2568 and topics[0]["ข้อที่"] == 1
    assert topics[0]["ผู้รับผิดชอบ/ผู้ที่เกี่ยวข้อง"] == "งานธุรการ"

    header, methods = sheet(staff_client, "actionplans_planmethod")
    assert (methods[0]["ปีงบประมาณ"], methods[0]["หัวข้อ (ข้อที่)"], methods[0]["ลำดับ"]) == (
        2568,
        1,
        1,
    )

    header, findings = sheet(staff_client, "assessments_finding")
    codes = {f["ข้อคำถามที่เกี่ยวข้อง"] for f in findings}
    assert "i1" in codes and "e4, e5" in codes  # the seed's finding on e4 and e5 together
    assert {f["ปีงบประมาณ"] for f in findings} == {2568}
    assert {f["ตัวชี้วัด"] for f in findings} <= set(range(1, 11))

    header, guidelines = sheet(staff_client, "assessments_guideline")
    assert guidelines[0]["ปีงบประมาณ"] == 2568 and guidelines[0]["ตัวชี้วัด"] == 1


def csv_file(rows):
    return ("\n".join(",".join(str(c) for c in r) for r in rows) + "\n").encode()


ITEM_HEADER = [
    "ปีงบประมาณ",
    "หัวข้อ (ข้อที่)",
    "ลำดับ",
    "ขั้นตอน/วิธีปฏิบัติ",
    "ส่วนงานผู้รับผิดชอบ",
    "กำหนดแล้วเสร็จ",
]


def test_a_typed_row_without_ids_updates_the_item_its_year_topic_and_number_name(
    staff_client, demo
):
    item = ActionItem.objects.get(topic__assessment=demo, topic__number=2, number=1)
    count = ActionItem.objects.count()
    data = csv_file([ITEM_HEADER, [2568, 2, 1, "แก้จากไฟล์", "งานพัสดุ", "30/09/2569"]])
    response = preview(staff_client, "actionplans_actionitem", data, 1, "typed.csv")
    result = response.context["result"]
    assert result.totals["update"] == 1 and result.totals["new"] == 0, result.invalid_rows
    confirm(staff_client, "actionplans_actionitem", response)
    item.refresh_from_db()
    assert (item.text, item.owner.name) == ("แก้จากไฟล์", "งานพัสดุ")
    assert ActionItem.objects.count() == count


def test_an_unknown_division_or_topic_is_named_by_row_in_thai_and_nothing_is_saved(
    staff_client, demo
):
    before = snapshot(ActionItem)
    data = csv_file(
        [
            ITEM_HEADER,
            [2568, 1, 1, "แถวที่ถูกต้อง", "งานธุรการ", "30/09/2569"],
            [2568, 1, 2, "แถวที่ผิด", "กองที่ไม่มี", "30/09/2569"],
            [2568, 99, 1, "หัวข้อที่ไม่มี", "งานธุรการ", "30/09/2569"],
            [2567, 1, 1, "ปีที่ไม่มี", "งานธุรการ", "30/09/2569"],
        ]
    )
    response = preview(staff_client, "actionplans_actionitem", data, 1, "bad.csv")
    html = response.content.decode()
    assert "ไม่รู้จักส่วนงาน “กองที่ไม่มี”" in html
    assert "ไม่มีหัวข้อข้อที่ 99 ในแผนปีงบประมาณ 2568" in html
    assert "ไม่มีผลการประเมินปีงบประมาณ 2567 ในระบบ" in html
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert snapshot(ActionItem) == before


def test_an_items_status_and_percent_are_not_read_from_a_file(staff_client, demo):
    """Progress reports own them (/actions/), as in the admin."""
    item = ActionItem.objects.get(topic__assessment=demo, topic__number=1, number=1)
    header = ITEM_HEADER + ["สถานะ", "ร้อยละความก้าวหน้า"]
    row = [2568, 1, 1, item.text, item.owner.name, "30/09/2569", "เสร็จแล้ว", 100]
    response = preview(staff_client, "actionplans_actionitem", csv_file([header, row]), 1, "s.csv")
    confirm(staff_client, "actionplans_actionitem", response)
    fresh = ActionItem.objects.get(pk=item.pk)
    assert (fresh.status, fresh.percent) == (item.status, item.percent)


FINDING_HEADER = ["ปีงบประมาณ", "ตัวชี้วัด", "ข้อคำถามที่เกี่ยวข้อง", "ประเภท", "ประเด็น"]
FINDING_HEADER += ["ข้อเสนอแนะ / ข้อความ", "ลำดับ"]


def test_a_new_finding_gets_its_years_questions_by_code(staff_client, demo):
    data = csv_file(
        [FINDING_HEADER, [2568, 1, '"I๑, i02"', "weakness", "ประเด็นใหม่", "ข้อเสนอใหม่", 5]]
    )
    response = preview(staff_client, "assessments_finding", data, 1, "f.csv")
    assert response.context["result"].totals["new"] == 1, response.context["result"].invalid_rows
    confirm(staff_client, "assessments_finding", response)
    finding = Finding.objects.get(issue="ประเด็นใหม่")
    assert finding.assessment == demo and finding.indicator.number == 1
    assert finding.indicator.framework_id == demo.framework_id
    questions = finding.questions.order_by("order")
    assert [q.code for q in questions] == ["i1", "i2"]
    assert {q.framework_id for q in questions} == {demo.framework_id}  # 2567 has i1 and i2 too


def test_an_unknown_question_code_or_indicator_is_named_and_nothing_is_saved(staff_client, demo):
    count = Finding.objects.count()
    data = csv_file(
        [
            FINDING_HEADER,
            [2568, 1, "i1", "weakness", "ใช้ได้", "ข้อเสนอ", 1],
            [2568, 1, '"i1, x9"', "weakness", "ผิด", "ข้อเสนอ", 2],
            [2568, 12, "i1", "weakness", "ผิด", "ข้อเสนอ", 3],
        ]
    )
    response = preview(staff_client, "assessments_finding", data, 1, "f.csv")
    html = response.content.decode()
    assert "ไม่มีข้อ “x9” ในกรอบการประเมินปี 2568" in html
    assert "ไม่มีตัวชี้วัดที่ 12 ในกรอบการประเมินปี 2568" in html
    assert Finding.objects.count() == count


def test_a_topics_owners_and_a_divisions_parent_are_read_by_name(staff_client, demo):
    topic = PlanTopic.objects.get(assessment=demo, number=1)
    header = ["ปีงบประมาณ", "ข้อที่", "หัวข้อ", "ผู้รับผิดชอบ/ผู้ที่เกี่ยวข้อง", "เริ่มดำเนินงาน"]
    header += ["สิ้นสุดดำเนินงาน"]
    start, end = (
        f"{d.day:02d}/{d.month:02d}/{d.year + 543}" for d in (topic.start_date, topic.end_date)
    )
    data = csv_file([header, [2568, 1, topic.title, '"งานธุรการ, งานพัสดุ"', start, end]])
    response = preview(staff_client, "actionplans_plantopic", data, 1, "t.csv")
    assert response.context["result"].totals["update"] == 1, response.context["result"].invalid_rows
    confirm(staff_client, "actionplans_plantopic", response)
    assert sorted(topic.owners.values_list("name", flat=True)) == ["งานธุรการ", "งานพัสดุ"]

    data = csv_file([header, [2568, 1, topic.title, '"งานธุรการ, กองที่ไม่มี"', start, end]])
    html = preview(staff_client, "actionplans_plantopic", data, 1, "t.csv").content.decode()
    assert "ไม่รู้จักส่วนงาน “กองที่ไม่มี”" in html

    data = csv_file([["ชื่อส่วนงาน", "สังกัด", "ลำดับ"], ["งานใหม่", "กองคลัง", 9]])
    response = preview(staff_client, "actionplans_division", data, 1, "d.csv")
    confirm(staff_client, "actionplans_division", response)
    assert Division.objects.get(name="งานใหม่").parent.name == "กองคลัง"
    data = csv_file([["ชื่อส่วนงาน", "สังกัด", "ลำดับ"], ["งานอื่น", "กองที่ไม่มี", 9]])
    html = preview(staff_client, "actionplans_division", data, 1, "d.csv").content.decode()
    assert "ไม่รู้จักส่วนงาน “กองที่ไม่มี”" in html
    assert not Division.objects.filter(name="งานอื่น").exists()


@pytest.mark.parametrize("model", list(MODELS))
def test_an_export_costs_the_same_queries_however_many_rows(staff_client, demo, model):
    """Related rows (year, topic, division, indicator, questions, owners) are fetched with the
    rows, never one query per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as q:
            export(staff_client, model, 0)
        return len(q)

    before = queries()
    cls = MODELS[model]
    for obj in list(cls.objects.all()[:3]):  # three more rows like these, linked alike
        m2m = {f.name: list(getattr(obj, f.name).all()) for f in cls._meta.many_to_many}
        obj.pk = obj.id = None
        if cls is Division:
            obj.name += " (สำเนา)"
        elif hasattr(obj, "number"):
            obj.number += 100
        obj.save()
        for name, rows in m2m.items():
            getattr(obj, name).set(rows)
    assert queries() == before


def test_blank_rows_in_a_file_are_passed_over(staff_client, demo):
    """Empty lines at the end of a CSV, or formatted empty rows of an XLSX, are common: they are
    not rows to import (they made the whole file fail as rows with nothing filled in)."""
    item = ActionItem.objects.get(topic__assessment=demo, topic__number=2, number=1)
    data = csv_file(
        [ITEM_HEADER, [2568, 2, 1, "แก้จากไฟล์", "งานพัสดุ", "30/09/2569"], [""] * 6, [""] * 6]
    )
    response = preview(staff_client, "actionplans_actionitem", data, 1, "blank-rows.csv")
    result = response.context["result"]
    assert not result.has_validation_errors() and not result.has_errors(), result.invalid_rows
    assert result.totals["update"] == 1 and result.totals["new"] == 0
    confirm(staff_client, "actionplans_actionitem", response)
    item.refresh_from_db()
    assert item.text == "แก้จากไฟล์"
