"""Every export is data, never formulas: text staff typed that starts like a formula comes out
as that text, and no spreadsheet program would evaluate any cell."""

import csv
import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from actionplans.models import ActionItem, Division, PlanMethod, PlanTopic
from assessments.models import Finding, Guideline
from core.spreadsheets import FORMULA_START
from indicators.models import Indicator, Question

PAYLOADS = ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)", "- ข้อความ"]


@pytest.fixture
def hostile(demo):
    """The demo year with every payload in each kind of text an export writes."""
    item = ActionItem.objects.filter(topic__assessment=demo, owner__name="งานธุรการ").first()
    for n, payload in enumerate(PAYLOADS):
        ActionItem.objects.create(
            topic=item.topic, number=100 + n, text=payload, owner=item.owner, due_date=item.due_date
        )
    PlanTopic.objects.filter(pk=item.topic_id).update(title=PAYLOADS[0])
    Division.objects.filter(pk=item.owner_id).update(name=PAYLOADS[4])
    finding = Finding.objects.filter(assessment=demo).first()
    Finding.objects.filter(pk=finding.pk).update(issue=PAYLOADS[0], recommendation=PAYLOADS[4])
    Guideline.objects.filter(assessment=demo).update(text=PAYLOADS[3])
    Question.objects.filter(framework=demo.framework, code="i1").update(title=PAYLOADS[1])
    PlanMethod.objects.filter(topic__assessment=demo, number=1).update(text=PAYLOADS[2])
    Indicator.objects.filter(framework=demo.framework, number=1).update(name=PAYLOADS[2])
    return demo


def assert_xlsx_is_data(content, expect=PAYLOADS, starts=()):
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                xml = z.read(name).decode()
                assert "<f>" not in xml and "<f " not in xml, name
    wb = load_workbook(io.BytesIO(content))  # not data_only: a formula would show as one
    texts = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.add(cell.value)
    for payload in expect:
        assert payload in texts, payload  # exactly as typed: "- ข้อความ" reads as itself
    for start in starts:
        assert any(t.startswith(start) for t in texts), start


def assert_csv_is_data(content, expect=PAYLOADS, starts=()):
    text = content.decode("utf-8-sig")
    fields = [f for row in csv.reader(io.StringIO(text)) for f in row]
    for f in fields:
        assert not f.startswith(FORMULA_START), f
    for payload in expect:
        assert "'" + payload in fields, payload
    for start in starts:
        assert any(f.startswith("'" + start) for f in fields), start


def test_the_admin_year_export_xlsx_and_csv_are_data(staff_client, hostile):
    url = reverse("admin:assessments_assessment_export_xlsx", args=[hostile.pk])
    assert_xlsx_is_data(staff_client.get(url).content)
    seen = b""
    for part in ("scores", "computed", "findings", "actions"):
        url = reverse("admin:assessments_assessment_export_csv", args=[hostile.pk, part])
        content = staff_client.get(url).content
        assert_csv_is_data(content, expect=[])
        seen += content
    assert_csv_is_data(seen.replace("\ufeff".encode(), b""), expect=PAYLOADS)


def test_the_actions_table_export_xlsx_and_csv_are_data(alice_client, hostile):
    url = reverse("actionplans:list")
    # Items read "1.100 =HYPERLINK…" (topic and item numbers first); the owner column starts
    # with the division's name.
    starts = ["- ข้อความ/"]
    xlsx = alice_client.get(url, {"_export": "xlsx"}).content
    assert_xlsx_is_data(xlsx, expect=['1.100 =HYPERLINK("http://x","y")'], starts=starts)
    assert_csv_is_data(alice_client.get(url, {"_export": "csv"}).content, [], starts)


def test_the_public_data_csv_is_data(client, hostile):
    content = client.get(reverse("publishing:data_csv", args=[2568])).content
    assert_csv_is_data(content, expect=[PAYLOADS[1], PAYLOADS[2]])  # question, indicator


# Each admin list's export (django-import-export), with the payload its rows hold.
ADMIN_EXPORTS = {
    "assessments_questionscore": [PAYLOADS[1]],  # the question's title
    "assessments_finding": [PAYLOADS[0], PAYLOADS[4]],
    "assessments_guideline": [PAYLOADS[3]],
    "actionplans_plantopic": [PAYLOADS[0]],
    "actionplans_planmethod": [PAYLOADS[2]],
    "actionplans_actionitem": PAYLOADS,
    "actionplans_division": [PAYLOADS[4]],
}


def admin_export(client, model, fmt):
    """Export every row of an admin list in format `fmt` (0: XLSX, 1: CSV), all columns."""
    url = reverse(f"admin:{model}_export")
    form = client.get(url).context["form"]
    data = {"format": fmt, "resource": "0"}
    data.update({name: "on" for name, f in form.fields.items() if f.initial is True})
    response = client.post(url, data)
    assert response.status_code == 200, response.content[:500]
    return response.content


@pytest.mark.parametrize("model", ADMIN_EXPORTS)
def test_every_admin_export_is_data(staff_client, hostile, model):
    assert_xlsx_is_data(admin_export(staff_client, model, 0), ADMIN_EXPORTS[model])
    assert_csv_is_data(admin_export(staff_client, model, 1), ADMIN_EXPORTS[model])


def test_a_control_character_pasted_into_a_text_does_not_break_the_xlsx(alice_client, demo):
    """A vertical tab (Word's line break when pasted) cannot be stored in an XLSX cell: the
    export drops it instead of failing."""
    item = ActionItem.objects.filter(topic__assessment=demo, owner__name="งานธุรการ").first()
    ActionItem.objects.filter(pk=item.pk).update(text="บรรทัดแรก\x0bบรรทัดสอง")
    response = alice_client.get(reverse("actionplans:list") + "?_export=xlsx")
    assert response.status_code == 200
    texts = {
        c.value
        for ws in load_workbook(io.BytesIO(response.content)).worksheets
        for row in ws.iter_rows()
        for c in row
    }
    assert "1.1 บรรทัดแรกบรรทัดสอง" in texts
