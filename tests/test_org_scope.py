"""Imports, exports, the score import and the admin's lists stay in the signed-in user's
organization, and in the year a row names (issue 19, finding 3).

A second organization holds a 2568 year of its own, with a finding, a guideline and a plan.
"""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from actionplans.models import ActionItem, Division, PlanMethod, PlanTopic, ResultsRound
from assessments.models import Assessment, Finding, Guideline, Organization
from indicators.models import FrameworkYear, Indicator
from tests.frameworks import xlsx_bytes
from tests.import_helpers import confirm_import, post_import
from tests.test_model_import_export import export, preview

SECRET = "ข้อความลับของหน่วยงานอื่น"


@pytest.fixture
def other(demo):
    """The other organization's 2568 year, with one of everything."""
    org = Organization.objects.create(
        code="other", name="เทศบาลตำบลอื่น", district="ดอนสัก", province="สุราษฎร์ธานี"
    )
    a = Assessment.objects.create(
        organization=org, fiscal_year=2568, framework=FrameworkYear.objects.get(year=2568)
    )
    ind = Indicator.objects.get(framework__year=2568, number=1)
    finding = Finding.objects.create(
        assessment=a, indicator=ind, issue=SECRET, recommendation=SECRET
    )
    guideline = Guideline.objects.create(assessment=a, indicator=ind, text=SECRET)
    topic = PlanTopic.objects.create(
        assessment=a,
        number=1,
        title=SECRET,
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2025, 9, 30),
    )
    PlanMethod.objects.create(topic=topic, number=1, text=SECRET)
    ActionItem.objects.create(
        topic=topic,
        number=1,
        text=SECRET,
        owner=Division.objects.first(),
        due_date=datetime.date(2025, 9, 30),
    )
    ResultsRound.objects.create(assessment=a, kind="6m", cutoff=datetime.date(2025, 3, 31))
    return {"assessment": a, "finding": finding, "guideline": guideline, "topic": topic}


MODELS = [
    "assessments_finding",
    "assessments_guideline",
    "actionplans_plantopic",
    "actionplans_planmethod",
    "actionplans_actionitem",
]


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("fmt", [0, 1])
def test_exports_list_only_this_organizations_rows(staff_client, other, model, fmt):
    data = export(staff_client, model, fmt)
    if fmt == 0:
        wb = load_workbook(io.BytesIO(data))
        text = " ".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row)
    else:
        text = data.decode("utf-8-sig")
    assert SECRET not in text
    assert "2568" in text  # this organization's rows are there


@pytest.mark.parametrize(
    "model",
    [*MODELS, "assessments_assessment", "actionplans_resultsround"],
)
def test_admin_lists_show_only_this_organizations_rows(staff_client, other, model):
    page = staff_client.get(reverse(f"admin:{model}_changelist"))
    assert page.status_code == 200
    text = page.content.decode()
    assert SECRET not in text and "เทศบาลตำบลอื่น" not in text


def test_another_organizations_rows_cannot_be_opened_in_the_admin(staff_client, other):
    for model, pk in [
        ("assessments_assessment", other["assessment"].pk),
        ("assessments_finding", other["finding"].pk),
        ("assessments_guideline", other["guideline"].pk),
        ("actionplans_plantopic", other["topic"].pk),
    ]:
        response = staff_client.get(reverse(f"admin:{model}_change", args=[pk]))
        assert response.status_code in (302, 404), model  # "not found", back to the list
    a = other["assessment"].pk
    url = reverse("admin:assessments_assessment_export_xlsx", args=[a])
    assert staff_client.get(url).status_code == 404


def test_a_new_findings_year_choices_are_this_organizations(staff_client, other):
    form = staff_client.get(reverse("admin:assessments_finding_add")).context["adminform"].form
    assert other["assessment"] not in form.fields["assessment"].queryset


def _findings_file(staff_client, change):
    """This organization's findings exported, with the first row changed by `change`."""
    wb = load_workbook(io.BytesIO(export(staff_client, "assessments_finding", 0)))
    ws = wb.active
    header = [c.value for c in ws[1]]
    change(ws, header)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _row_errors(response):
    result = response.context["result"]
    return " ".join(
        str(m) for row in result.invalid_rows for ms in row.error_dict.values() for m in ms
    )


def test_a_row_naming_another_organizations_finding_is_refused(staff_client, other):
    theirs = other["finding"]

    def change(ws, header):
        ws.cell(2, header.index("เลขที่ในระบบ") + 1).value = theirs.pk
        ws.cell(2, header.index("ประเด็น") + 1).value = "ย้ายมาแล้ว"

    response = preview(
        staff_client, "assessments_finding", _findings_file(staff_client, change), 0, "f.xlsx"
    )
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert f"เลขที่ในระบบ {theirs.pk}" in _row_errors(response)
    theirs.refresh_from_db()
    assert theirs.assessment == other["assessment"] and theirs.issue == SECRET


def test_a_row_naming_another_organizations_guideline_is_refused(staff_client, other):
    theirs = other["guideline"]
    rows = [
        ["เลขที่ในระบบ", "ปีงบประมาณ", "ตัวชี้วัด", "ลำดับ", "แนวทางการพัฒนา"],
        [theirs.pk, 2568, 1, 1, "ย้ายมาแล้ว"],
    ]
    response = preview(staff_client, "assessments_guideline", xlsx_bytes({"g": rows}), 0, "g.xlsx")
    assert f"เลขที่ในระบบ {theirs.pk}" in _row_errors(response)
    theirs.refresh_from_db()
    assert theirs.assessment == other["assessment"] and theirs.text == SECRET


def test_a_finding_of_another_year_named_in_a_2568_row_is_refused(staff_client, demo):
    draft = Assessment.objects.create(
        organization=demo.organization,
        fiscal_year=2567,
        framework=FrameworkYear.objects.get(year=2567),
    )
    old = Finding.objects.create(
        assessment=draft,
        indicator=Indicator.objects.get(framework__year=2567, number=1),
        recommendation="ของปี 2567",
    )

    def change(ws, header):
        ws.cell(2, header.index("เลขที่ในระบบ") + 1).value = old.pk
        assert ws.cell(2, header.index("ปีงบประมาณ") + 1).value == 2568

    response = preview(
        staff_client, "assessments_finding", _findings_file(staff_client, change), 0, "f.xlsx"
    )
    errors = _row_errors(response)
    assert "2567" in errors and "2568" in errors
    old.refresh_from_db()
    assert old.assessment == draft


def test_the_score_imports_year_list_is_this_organizations(staff_client, other):
    page = staff_client.get(reverse("admin:assessments_questionscore_import"))
    choices = page.context["form"].fields["assessment"].queryset
    assert other["assessment"] not in choices
    assert Assessment.objects.get(organization__code="donsak", fiscal_year=2568) in choices


def _score_file():
    return xlsx_bytes({"s": [["รหัสข้อ", "คะแนน"], ["i1", "12.34"]]})


def test_a_confirm_cannot_write_into_another_organizations_year(staff_client, demo, other):
    response = post_import(staff_client, demo, _score_file())
    form = response.context["confirm_form"]
    # As a browser posts the page: no value for an unticked box; the demo year is published,
    # so its acknowledgement is ticked (issue 20), leaving the year as the only change.
    data = {name: form.initial.get(name) for name in form.fields}
    data = {name: value for name, value in data.items() if value is not None}
    data["published_ack"] = "on"
    data["assessment"] = other["assessment"].pk
    answer = staff_client.post(
        reverse("admin:assessments_questionscore_process_import"), data, follow=True
    )
    assert not other["assessment"].question_scores.exists()
    assert not demo.question_scores.filter(score="12.34").exists()
    assert "ไม่ได้นำเข้า" in answer.content.decode() or "ไม่ตรง" in answer.content.decode()


def test_a_confirm_writes_to_the_year_that_was_previewed(staff_client, demo):
    draft = Assessment.objects.create(
        organization=demo.organization,
        fiscal_year=2569,
        framework=FrameworkYear.objects.get(year=2569),
    )
    response = post_import(staff_client, demo, _score_file())
    form = response.context["confirm_form"]
    # As a browser posts the page: no value for an unticked box; the demo year is published,
    # so its acknowledgement is ticked (issue 20), leaving the year as the only change.
    data = {name: form.initial.get(name) for name in form.fields}
    data = {name: value for name, value in data.items() if value is not None}
    data["published_ack"] = "on"
    data["assessment"] = draft.pk
    answer = staff_client.post(
        reverse("admin:assessments_questionscore_process_import"), data, follow=True
    )
    assert not draft.question_scores.exists()
    assert not demo.question_scores.filter(score="12.34").exists()
    assert "ปีที่ดูตัวอย่าง" in answer.content.decode()
    # The untouched confirm still works.
    confirm_import(staff_client, post_import(staff_client, demo, _score_file()))
    assert demo.question_scores.filter(question__code="i1", score="12.34").exists()


@pytest.mark.parametrize("model", [*MODELS, "actionplans_resultsround"])
def test_the_lists_year_filters_offer_only_this_organizations_years(staff_client, other, model):
    Assessment.objects.create(
        organization=other["assessment"].organization,
        fiscal_year=2569,
        framework=FrameworkYear.objects.get(year=2569),
    )
    mine = Assessment.objects.get(organization__code="donsak", fiscal_year=2568)
    ResultsRound.objects.get_or_create(
        assessment=mine, kind="6m", defaults={"cutoff": datetime.date(2025, 3, 31)}
    )
    page = staff_client.get(reverse(f"admin:{model}_changelist")).content.decode()
    assert "fiscal_year=2568" in page
    assert "fiscal_year=2569" not in page


def test_the_score_lists_year_filter_offers_only_this_organizations_years(staff_client, other):
    page = staff_client.get(reverse("admin:assessments_questionscore_changelist"))
    assert "เทศบาลตำบลอื่น" not in page.content.decode()
