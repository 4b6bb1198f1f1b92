"""Export, then import the same file: nothing changes, whatever a text starts with (issue 19,
finding 4). Every export stays formula-safe: a CSV text starting with =, +, -, @, a tab or a
carriage return gets a leading apostrophe, and the import takes off exactly that apostrophe
and nothing else (an apostrophe a person typed before other text is theirs and stays)."""

import csv
import io

import pytest

from actionplans.models import ActionItem, Division, PlanMethod, PlanTopic
from assessments.models import Finding, Guideline
from core import spreadsheets
from core.spreadsheets import FORMULA_START
from tests.test_model_import_export import MODELS, confirm, export, preview, snapshot

TEXTS = [
    "- จัดทำคู่มือการปฏิบัติงาน",
    "+ เพิ่มช่องทาง",
    '=HYPERLINK("http://x","y")',
    "@SUM(A1)",
    "\tย่อหน้าด้วยแท็บ",
    "'ข้อความที่ขึ้นต้นด้วยอัญประกาศเอง",
    "'- อัญประกาศแล้วขีด",
    "''=สองอัญประกาศ",
]


@pytest.fixture
def texts(demo):
    """The demo with a text of each kind in every sheet, and a division named "+SUM(1+1)" that
    owns a plan topic and an item."""
    findings = list(Finding.objects.filter(assessment=demo).order_by("pk"))
    guidelines = list(Guideline.objects.filter(assessment=demo).order_by("pk"))
    topics = list(PlanTopic.objects.filter(assessment=demo).order_by("number"))
    methods = list(PlanMethod.objects.filter(topic__assessment=demo).order_by("pk"))
    items = list(ActionItem.objects.filter(topic__assessment=demo).order_by("pk"))
    for n, text in enumerate(TEXTS):
        Finding.objects.filter(pk=findings[n].pk).update(issue=text, recommendation=text)
        Guideline.objects.filter(pk=guidelines[n].pk).update(text=text)
        ActionItem.objects.filter(pk=items[n].pk).update(text=text)
        PlanMethod.objects.filter(pk=methods[n % len(methods)].pk).update(text=text)
        PlanTopic.objects.filter(pk=topics[n % len(topics)].pk).update(title=text)
    division = Division.objects.create(name="+SUM(1+1)", order=99)
    Division.objects.create(name="- งานย่อย", parent=division, order=100)
    topics[0].owners.set([division])
    ActionItem.objects.filter(pk=items[0].pk).update(owner=division)
    return demo


def csv_fields(content):
    return [f for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for f in row]


@pytest.mark.parametrize("model", list(MODELS))
@pytest.mark.parametrize("fmt,name", [(0, "rows.xlsx"), (1, "rows.csv")])
def test_texts_that_start_like_formulas_come_back_as_they_were(
    staff_client, texts, model, fmt, name
):
    cls = MODELS[model]
    before = snapshot(cls)
    data = export(staff_client, model, fmt)
    if fmt == 1:  # the CSV stays formula-safe
        fields = csv_fields(data)
        assert not [f for f in fields if f.startswith(FORMULA_START)]
    response = preview(staff_client, model, data, fmt, name)
    result = response.context["result"]
    assert not result.has_errors() and not result.has_validation_errors(), (
        [e.error for _, errors in result.row_errors() for e in errors],
        [r.error_dict for r in result.invalid_rows],
    )
    assert result.totals["new"] == result.totals["update"] == 0
    assert result.totals["skip"] == cls.objects.count()
    confirm(staff_client, model, response)
    assert snapshot(cls) == before


def test_the_csv_of_items_writes_each_text_with_one_apostrophe_only_where_needed(
    staff_client, texts
):
    fields = csv_fields(export(staff_client, "actionplans_actionitem", 1))
    assert "'- จัดทำคู่มือการปฏิบัติงาน" in fields
    assert "'+SUM(1+1)" in fields
    assert "'ข้อความที่ขึ้นต้นด้วยอัญประกาศเอง" in fields  # not a formula: as typed
    assert "''- อัญประกาศแล้วขีด" in fields  # would read back as "- …" without the extra one
    assert "'''=สองอัญประกาศ" in fields


@pytest.mark.parametrize("text", TEXTS + ["", "'", "''", "ก'=", "-", "'-"])
def test_reading_undoes_exactly_what_writing_added(text):
    written = spreadsheets.neutralise(text)
    assert not written.startswith(FORMULA_START)
    assert spreadsheets.unneutralise(written) == text


def test_a_csv_typed_by_hand_keeps_its_apostrophes(staff_client, demo):
    """A person's own "'ข้อความ" is theirs: only an apostrophe before a formula character is
    the export's."""
    division = Division.objects.get(name="งานธุรการ")
    rows = [["ชื่อส่วนงาน", "สังกัด", "ลำดับ"], ["'ส่วนงานใหม่", division.name, "50"]]
    data = spreadsheets.csv_text(rows).encode()
    response = preview(staff_client, "actionplans_division", data, 1, "typed.csv")
    confirm(staff_client, "actionplans_division", response)
    assert Division.objects.filter(name="'ส่วนงานใหม่").exists()
