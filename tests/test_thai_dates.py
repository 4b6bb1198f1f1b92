"""Every date staff see or type is in the Buddhist era: admin inputs, lists, read-only fields,
exports. A Christian-era year typed by habit is refused with a Thai message (README "Dates")."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from actionplans.models import ActionItem
from assessments.models import Assessment, Memo
from core.thai_admin import BEDateField, parse_be_date
from core.validators import validate_fiscal_year
from tests.conftest import browser_login

APRIL_17 = datetime.date(2026, 4, 17)


@pytest.mark.parametrize(
    "typed",
    ["17/04/2569", "๑๗/๐๔/๒๕๖๙", "17 เม.ย. 2569", "17 เมษายน 2569", "17-4-2569", "17 เม.ย. 69"],
)
def test_thai_ways_of_writing_a_date_are_understood(typed):
    assert parse_be_date(typed) == APRIL_17


@pytest.mark.parametrize(
    "typed, message",
    [
        ("17/04/2026", "ปี 2026 เป็นปีคริสต์ศักราช (ค.ศ.) กรุณากรอกปีพุทธศักราช (พ.ศ.) เช่น 2569"),
        ("31/02/2569", "ไม่มีวันที่ 31/2/2569 ในปฏิทิน"),
        ("17 April 2569", "ไม่รู้จักชื่อเดือน"),
        ("พรุ่งนี้", "กรุณากรอกวันที่เป็น วัน/เดือน/ปี พ.ศ."),
    ],
)
def test_a_christian_era_year_or_a_bad_date_is_refused_in_thai(typed, message):
    with pytest.raises(Exception) as error:
        parse_be_date(typed)
    assert message in error.value.messages[0]


@pytest.mark.parametrize("year, ok", [(2568, True), (2026, False), (2025, False), (3000, False)])
def test_fiscal_year_must_be_a_plausible_buddhist_era_year(year, ok):
    if ok:
        validate_fiscal_year(year)
    else:
        with pytest.raises(Exception) as error:
            validate_fiscal_year(year)
        assert "พ.ศ." in error.value.messages[0]


def form_data(response):
    """The admin form as the browser would post it (main form and inlines)."""
    forms = [response.context["adminform"].form]
    data = {}
    for formset in response.context["inline_admin_formsets"]:
        fs = formset.formset
        data.update({f"{fs.prefix}-{k}": v for k, v in fs.management_form.initial.items()})
        forms += fs.forms
    for form in forms:
        for bound in form:
            widget = bound.field.widget
            if hasattr(widget, "widgets"):
                for name, part in zip(
                    widget.widgets_names, widget.format_value(bound.value()) or [], strict=False
                ):
                    data[bound.html_name + name] = part
            elif bound.value() is not None:
                data[bound.html_name] = bound.value()
    return data


def memo_url(demo):
    return reverse("admin:assessments_memo_change", args=[demo.memo.pk])


def test_memo_date_typed_in_buddhist_era_prints_in_thai(staff_client, demo):
    response = staff_client.get(memo_url(demo))
    html = response.content.decode()
    # The input shows the stored date in พ.ศ., with the Buddhist-era calendar, not Django's.
    assert f'value="{demo.memo.date:%d/%m}/{demo.memo.date.year + 543}"' in html
    assert "thai_admin/be_date.js" in html and "DateTimeShortcuts.js" not in html
    data = form_data(response)
    data["date"] = "17/04/2569"
    response = staff_client.post(memo_url(demo), data)
    assert response.status_code == 302, response.context["errors"]
    assert Memo.objects.get(pk=demo.memo.pk).date == APRIL_17
    assert 'วันที่</b><span class="memo-fill">๑๗ เมษายน ๒๕๖๙' in (
        staff_client.get("/reports/2568/memo/").content.decode()
    )


def test_memo_date_typed_in_christian_era_is_refused_and_nothing_saved(staff_client, demo):
    before = Memo.objects.get(pk=demo.memo.pk).date
    data = form_data(staff_client.get(memo_url(demo)))
    data["date"] = "17/04/2026"
    data["subject"] = "เรื่องที่ไม่ควรถูกบันทึก"
    response = staff_client.post(memo_url(demo), data)
    assert response.status_code == 200
    assert "ปี 2026 เป็นปีคริสต์ศักราช (ค.ศ.) กรุณากรอกปีพุทธศักราช (พ.ศ.) เช่น 2569" in (
        response.content.decode()
    )
    memo = Memo.objects.get(pk=demo.memo.pk)
    assert memo.date == before and memo.subject != "เรื่องที่ไม่ควรถูกบันทึก"


def test_a_christian_era_fiscal_year_is_refused_in_the_admin(staff_client, demo):
    url = reverse("admin:assessments_assessment_change", args=[demo.pk])
    data = form_data(staff_client.get(url))
    data["fiscal_year"] = "2026"
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "ปี 2026 เป็นปีคริสต์ศักราช" in response.content.decode()
    assert Assessment.objects.filter(fiscal_year=2568).exists()


def test_admin_lists_and_read_only_dates_are_in_buddhist_era(staff_client, demo):
    demo.published_at = datetime.datetime(2026, 4, 17, 9, 30, tzinfo=datetime.UTC)
    demo.save()
    html = staff_client.get(
        reverse("admin:assessments_assessment_change", args=[demo.pk])
    ).content.decode()
    assert "17 เม.ย. 2569 16:30 น." in html  # เผยแพร่เมื่อ, in Bangkok time
    item = ActionItem.objects.order_by("due_date").first()
    html = staff_client.get(reverse("admin:actionplans_actionitem_changelist")).content.decode()
    year = item.due_date.year + 543
    assert f"{item.due_date.day} " in html and str(year) in html
    assert str(item.due_date.year) not in html.split("<tbody>")[1].split("</tbody>")[0]


def test_every_admin_date_input_is_buddhist_era(demo, staff):
    """Every admin in the registry, its inlines included, whoever added it."""
    request = RequestFactory().get("/admin/")
    request.user = staff
    checked = 0
    for model, model_admin in admin.site._registry.items():
        obj = model.objects.first()
        forms = [model_admin.get_form(request, obj)]
        for inline in model_admin.get_inline_instances(request, obj):
            forms.append(inline.get_formset(request, obj).form)
        for form in forms:
            for name, field in form.base_fields.items():
                if type(field).__name__ in ("DateField", "DateTimeField", "SplitDateTimeField"):
                    pytest.fail(f"{model.__name__}.{name}: {type(field).__name__} writes ค.ศ.")
                checked += isinstance(field, BEDateField)
    assert checked >= 4  # memo date, plan start/end, due dates


def test_action_exports_have_a_bom_and_buddhist_era_dates(staff_client, demo):
    item = ActionItem.objects.order_by("due_date").first()
    response = staff_client.get("/actions/", {"_export": "csv"})
    assert response.content.startswith("\ufeff".encode())
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    due = f"{item.due_date:%d/%m}/{item.due_date.year + 543}"
    # (column 1 is the plan's year since issue 20)
    assert due in [r[4] for r in table[1:]]

    response = staff_client.get("/actions/", {"_export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cell = sheet.cell(row=2, column=5)
    assert isinstance(cell.value, datetime.datetime) and cell.is_date
    assert cell.number_format.startswith("[$-107041E]")  # Thai Buddhist calendar


def test_admin_spreadsheet_export_dates_are_buddhist_era(staff_client, demo):
    url = reverse("admin:assessments_assessment_export_xlsx", args=[demo.pk])
    wb = openpyxl.load_workbook(io.BytesIO(staff_client.get(url).content))
    dates = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.is_date]
    assert dates and all(c.number_format.startswith("[$-107041E]") for c in dates)
    url = reverse("admin:assessments_assessment_export_csv", args=[demo.pk, "actions"])
    text = staff_client.get(url).content.decode("utf-8-sig")
    item = ActionItem.objects.filter(topic__assessment=demo).first()
    assert f"{item.due_date:%d/%m}/{item.due_date.year + 543}" in text


@pytest.mark.browser
def test_the_calendar_button_writes_a_buddhist_era_date(live_server, page, staff, demo):
    browser_login(page, live_server, staff)
    page.goto(live_server.url + memo_url(demo))
    page.fill("#id_date", "01/03/2569")
    page.click("#id_date ~ .be-date__open")
    popup = page.locator(".be-date__popup")
    assert "มีนาคม 2569" in popup.inner_text()
    popup.get_by_role("button", name="เดือนถัดไป").click()
    popup.get_by_role("button", name="17 เมษายน 2569").click()
    assert page.input_value("#id_date") == "17/04/2569"
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist")
    assert Memo.objects.get(pk=demo.memo.pk).date == APRIL_17
