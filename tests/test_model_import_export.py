"""The other sheets staff keep (action items, plan topics and methods, divisions, findings,
guidelines) go out of the admin and come back in through django-import-export: Thai column
names, dates in พ.ศ., a file exported and imported again changes nothing, an edited cell is
previewed and then saved."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from actionplans.models import ActionItem
from tests.frameworks import upload


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
    pk = ws.cell(2, header.index("เลขที่ในระบบ") + 1).value
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
    rows = [line for line in lines[1:] if line.startswith(f"{item.pk},")]
    edited = rows[0].replace(be, new_be, 1)
    data = "\n".join([",".join(header), edited]) + "\n"
    response = preview(staff_client, model, data.encode(), 1, "one.csv")
    assert response.context["result"].totals["update"] == 1, response.context["result"].invalid_rows
    confirm(staff_client, model, response)
    item.refresh_from_db()
    assert (item.due_date.year, item.due_date.month, item.due_date.day) == (old.year + 1, 2, 1)
