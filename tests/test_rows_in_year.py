"""A finding, guideline, question or indicator score points only at its own framework year.

2567 and 2568 have identical question codes and indicator names: a 2567 row picked under a 2568
result used to be saved, and the report (which reads 2568's rows) silently dropped it.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.findings import finding_questions_set
from assessments.models import Finding, Guideline, IndicatorScore, QuestionScore, ToolScore
from indicators.models import Indicator, Question, Tool


@pytest.fixture
def old(db):
    """2567's rows with the same labels as 2568's."""
    return {
        "question": Question.objects.get(framework__year=2567, code="i1"),
        "indicator": Indicator.objects.get(framework__year=2567, number=1),
        "tool": Tool.objects.get(framework__year=2567, code="IIT"),
    }


@pytest.mark.parametrize(
    "model, field",
    [
        (QuestionScore, "question"),
        (IndicatorScore, "indicator"),
        (ToolScore, "tool"),
        (Guideline, "indicator"),
        (Finding, "indicator"),
    ],
)
def test_model_validation_refuses_a_row_of_another_year(demo, old, model, field):
    extra = {"score": 90} if "Score" in model.__name__ else {"text": "x", "recommendation": "x"}
    extra = {k: v for k, v in extra.items() if k in {f.name for f in model._meta.fields}}
    row = model(assessment=demo, **{field: old[field]}, **extra)
    with pytest.raises(ValidationError) as e:
        row.full_clean()
    assert "เป็นของกรอบการประเมินปี 2567 แต่ผลการประเมินนี้ใช้กรอบปี 2568" in str(e.value)


def test_the_service_refuses_finding_questions_of_another_year(demo, old):
    finding = demo.findings.first()
    before = list(finding.questions.all())
    with pytest.raises(ValidationError, match=r"ข้อ i1 \(ปี 2567\) ไม่ได้อยู่ในกรอบการประเมินปี 2568"):
        finding_questions_set(finding=finding, questions=[old["question"]])
    assert list(finding.questions.all()) == before


def test_the_finding_admin_offers_only_the_assessments_year(staff_client, demo):
    finding = demo.findings.first()
    response = staff_client.get(reverse("admin:assessments_finding_change", args=[finding.pk]))
    questions = response.context["adminform"].form.fields["questions"].queryset
    indicators = response.context["adminform"].form.fields["indicator"].queryset
    assert set(questions.values_list("framework__year", flat=True)) == {2568}
    assert set(indicators.values_list("framework__year", flat=True)) == {2568}


def test_the_add_page_labels_each_row_with_its_year_until_the_assessment_is_known(
    staff_client, demo
):
    page = staff_client.get(reverse("admin:assessments_guideline_add")).content.decode()
    assert "ตัวชี้วัดที่ 1 การปฏิบัติหน้าที่ (กรอบปี 2567)" in page
    assert "ตัวชี้วัดที่ 1 การปฏิบัติหน้าที่ (กรอบปี 2568)" in page
    url = reverse("admin:assessments_guideline_add") + f"?assessment={demo.pk}"
    form = staff_client.get(url).context["adminform"].form
    assert set(form.fields["indicator"].queryset.values_list("framework__year", flat=True)) == {
        2568
    }


def test_the_finding_admin_refuses_a_question_of_another_year_and_saves_nothing(
    staff_client, demo, old
):
    indicator = Indicator.objects.get(framework__year=2568, number=1)
    data = {
        "assessment": demo.pk,
        "indicator": indicator.pk,
        "questions": [old["question"].pk],
        "kind": "weakness",
        "issue": "",
        "recommendation": "ข้อความทดสอบ",
        "order": 0,
    }
    before = Finding.objects.count()
    response = staff_client.post(reverse("admin:assessments_finding_add"), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "questions" in errors, errors
    assert Finding.objects.count() == before


def test_a_score_row_posted_with_another_years_question_is_refused(staff_client, demo, old):
    """The inline offers only 2568's questions; a forged post with 2567's is refused too."""
    row = QuestionScore(assessment=demo, question=old["question"], score=80)
    with pytest.raises(ValidationError, match="i1 เป็นของกรอบการประเมินปี 2567"):
        row.full_clean()


def test_a_guideline_imported_from_a_file_gets_its_own_years_indicator(staff_client, demo, old):
    """2567 has an indicator 1 too: a file's "ตัวชี้วัด 1" of a 2568 row is 2568's."""
    from tests.frameworks import upload

    data = "ปีงบประมาณ,ตัวชี้วัด,ลำดับ,แนวทางการพัฒนา\n2568,1,9,แนวทางจากไฟล์\n".encode()
    url = reverse("admin:assessments_guideline_import")
    response = staff_client.post(
        url, {"format": 1, "resource": "0", "import_file": upload(data, "g.csv")}
    )
    form = response.context["confirm_form"]
    staff_client.post(
        reverse("admin:assessments_guideline_process_import"),
        {name: form.initial.get(name) for name in form.fields},
    )
    guideline = Guideline.objects.get(text="แนวทางจากไฟล์")
    assert guideline.assessment == demo
    assert guideline.indicator.framework_id == demo.framework_id != old["indicator"].framework_id
