"""An import's confirm never silently undoes an edit made after its preview (issue 19, finding 5):
a row it would change that someone changed since refuses the whole import, in Thai, naming the
rows; nothing is saved."""

import io

from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from actionplans.models import PlanMethod
from assessments.models import QuestionScore
from tests.frameworks import xlsx_bytes
from tests.import_helpers import confirm_import, post_import
from tests.test_model_import_export import confirm, export, preview

MODEL = "actionplans_planmethod"


def method_2568_2_1():
    return PlanMethod.objects.get(topic__assessment__fiscal_year=2568, topic__number=2, number=1)


def methods_file_changing_2568_2_1(client, text):
    wb = load_workbook(io.BytesIO(export(client, MODEL, 0)))
    ws = wb.active
    header = [c.value for c in ws[1]]
    col = lambda name: header.index(name) + 1  # noqa: E731
    for row in range(2, ws.max_row + 1):
        key = [ws.cell(row, col(n)).value for n in ("ปีงบประมาณ", "หัวข้อ (ข้อที่)", "ลำดับ")]
        if key == [2568, 2, 1]:
            ws.cell(row, col("วิธีการ")).value = text
            sheet_row = row
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), sheet_row


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def other_staff_saves_in_the_admin(django_user_model, method, text):
    other = django_user_model.objects.create_superuser("somchai", "s@example.com", "pw-123456789")
    c = Client()
    c.force_login(other)
    url = reverse(f"admin:{MODEL}_change", args=[method.pk])
    form = c.get(url).context["adminform"].form
    data = {name: form.initial.get(name) for name in form.fields}
    data.update({"topic": method.topic_id, "number": method.number, "text": text})
    response = c.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors


def test_a_confirm_after_an_admin_edit_of_its_row_is_refused(staff_client, demo, django_user_model):
    method = method_2568_2_1()
    data, sheet_row = methods_file_changing_2568_2_1(staff_client, "ข้อความจากไฟล์")
    response = preview(staff_client, MODEL, data, 0, "methods.xlsx")
    assert response.context["result"].totals["update"] == 1

    other_staff_saves_in_the_admin(django_user_model, method, "ข้อความที่แก้ในหน้าแอดมิน")

    answer = confirm(staff_client, MODEL, response)
    method.refresh_from_db()
    assert method.text == "ข้อความที่แก้ในหน้าแอดมิน"  # the admin edit stays
    texts = " ".join(messages_of(answer))
    assert "ยังไม่ได้นำเข้า" in texts
    assert f"แถวที่ {sheet_row}" in texts and "หลังจากที่คุณดูตัวอย่าง" in texts
    assert "somchai" in texts  # who changed it
    assert "ข้อความที่แก้ในหน้าแอดมิน" in texts  # the row as it is now, not as the file has it


def test_nothing_of_the_file_is_saved_when_one_row_is_stale(staff_client, demo, django_user_model):
    method = method_2568_2_1()
    data, _ = methods_file_changing_2568_2_1(staff_client, "ข้อความจากไฟล์")
    wb = load_workbook(io.BytesIO(data))
    ws = wb.active
    header = [c.value for c in ws[1]]
    text_col = header.index("วิธีการ") + 1
    ws.cell(2, text_col).value = "แถวแรกก็เปลี่ยน"
    out = io.BytesIO()
    wb.save(out)
    response = preview(staff_client, MODEL, out.getvalue(), 0, "methods.xlsx")
    other_staff_saves_in_the_admin(django_user_model, method, "ข้อความที่แก้ในหน้าแอดมิน")
    confirm(staff_client, MODEL, response)
    assert not PlanMethod.objects.filter(text="แถวแรกก็เปลี่ยน").exists()


def test_a_row_the_file_would_put_back_after_an_edit_is_refused(staff_client, demo):
    data, _ = methods_file_changing_2568_2_1(staff_client, "ข้อความจากไฟล์")
    response = preview(staff_client, MODEL, data, 0, "methods.xlsx")
    other = PlanMethod.objects.exclude(pk=method_2568_2_1().pk).first()
    other.text = "แก้ระหว่างนั้น"
    other.save()
    # The file still holds the other row's old text: saving it would undo the edit.
    answer = confirm(staff_client, MODEL, response)
    assert "ยังไม่ได้นำเข้า" in " ".join(messages_of(answer))
    assert PlanMethod.objects.get(pk=other.pk).text == "แก้ระหว่างนั้น"


def test_an_edit_of_a_row_the_file_does_not_name_is_no_conflict(staff_client, demo):
    data, sheet_row = methods_file_changing_2568_2_1(staff_client, "ข้อความจากไฟล์")
    wb = load_workbook(io.BytesIO(data))
    ws = wb.active
    for row in range(ws.max_row, 1, -1):
        if row != sheet_row:
            ws.delete_rows(row)
    out = io.BytesIO()
    wb.save(out)
    response = preview(staff_client, MODEL, out.getvalue(), 0, "methods.xlsx")
    other = PlanMethod.objects.exclude(pk=method_2568_2_1().pk).first()
    other.text = "แก้ระหว่างนั้น"
    other.save()
    confirm(staff_client, MODEL, response)
    assert method_2568_2_1().text == "ข้อความจากไฟล์"
    assert PlanMethod.objects.get(pk=other.pk).text == "แก้ระหว่างนั้น"


def test_a_confirm_with_no_edit_in_between_saves(staff_client, demo):
    data, _ = methods_file_changing_2568_2_1(staff_client, "ข้อความจากไฟล์")
    response = preview(staff_client, MODEL, data, 0, "methods.xlsx")
    confirm(staff_client, MODEL, response)
    assert method_2568_2_1().text == "ข้อความจากไฟล์"


def test_a_confirm_without_the_previews_seal_is_refused(staff_client, demo):
    data, _ = methods_file_changing_2568_2_1(staff_client, "ข้อความจากไฟล์")
    response = preview(staff_client, MODEL, data, 0, "methods.xlsx")
    form = response.context["confirm_form"]
    posted = {name: form.initial.get(name) for name in form.fields}
    posted["preview_seal"] = ""
    answer = staff_client.post(reverse(f"admin:{MODEL}_process_import"), posted)
    assert method_2568_2_1().text != "ข้อความจากไฟล์"
    assert "หมดอายุหรือไม่ถูกต้อง" in " ".join(messages_of(answer))


def test_a_score_changed_after_the_preview_refuses_the_score_import(staff_client, demo):
    data = xlsx_bytes({"s": [["รหัสข้อ", "คะแนน"], ["i1", "12.34"]]})
    response = post_import(staff_client, demo, data)
    score = QuestionScore.objects.get(assessment=demo, question__code="i1")
    score.score = "55.55"
    score.save()
    answer = confirm_import(staff_client, response)
    score.refresh_from_db()
    assert str(score.score) == "55.55"
    texts = " ".join(messages_of(answer))
    assert "ยังไม่ได้นำเข้า" in texts and "แถวที่ 2" in texts


def test_a_reported_figure_changed_after_the_preview_refuses_the_score_import(staff_client, demo):
    data = xlsx_bytes({"s": [["รหัสข้อ", "คะแนน"], ["ภาพรวม", "90.00"]]})
    response = post_import(staff_client, demo, data)
    demo.reported_overall = "91.00"
    demo.save()
    answer = confirm_import(staff_client, response)
    demo.refresh_from_db()
    assert str(demo.reported_overall) == "91.00"
    assert "ยังไม่ได้นำเข้า" in " ".join(messages_of(answer))
