"""The Thai admin: staff see the year with computed scores beside reported ones; bad scores are
refused with a Thai message and nothing is saved."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from assessments.models import QuestionScore


def change_url(assessment):
    return reverse("admin:assessments_assessment_change", args=[assessment.pk])


def test_staff_see_computed_scores_beside_reported_and_the_seed_warnings(staff_client, demo):
    response = staff_client.get(change_url(demo))
    assert response.status_code == 200
    html = response.content.decode()
    assert "ตรวจสอบคะแนน" in html
    assert "94.50" in html and "ผ่านดี" in html
    # The four known inconsistencies of the seed are flagged.
    assert "ตัวชี้วัดที่ 4 การใช้ทรัพย์สินของทางราชการ: ค่าเฉลี่ยคะแนนรายข้อ (i10–i12) ได้ 85.87" in html
    assert "ไม่มีคะแนนข้อ o20" in html
    for n in (6, 7, 8):
        assert f"ตัวชี้วัดที่ {n} " in html
    # Question rows show their indicator, and o20 is offered as an empty row to fill in.
    assert "ตัวชี้วัดที่ 1 การปฏิบัติหน้าที่" in html
    assert 'name="question_scores-TOTAL_FORMS" value="52"' in html


def test_anonymous_visitors_are_sent_to_the_admin_login(client, demo):
    response = client.get(change_url(demo))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_signed_in_non_staff_users_cannot_open_the_admin(client, demo, django_user_model):
    user = django_user_model.objects.create_user("head", password="x-pass-12345")
    client.force_login(user)
    response = client.get(change_url(demo))
    assert response.status_code == 302


@pytest.mark.parametrize(
    "urlname",
    [
        "admin:assessments_finding_changelist",
        "admin:assessments_guideline_changelist",
        "admin:assessments_memo_changelist",
        "admin:indicators_question_changelist",
        "admin:actionplans_plantopic_changelist",
        "admin:actionplans_actionitem_changelist",
        "admin:actionplans_division_changelist",
    ],
)
def test_catalogue_and_analysis_lists_render_for_staff(staff_client, demo, urlname):
    assert staff_client.get(reverse(urlname)).status_code == 200


def post_data_with_i1_score(staff_client, demo, value):
    """The change form as the browser would post it, with i1's score replaced."""
    response = staff_client.get(change_url(demo))
    forms = [response.context["adminform"].form]
    data = {}
    for formset in response.context["inline_admin_formsets"]:
        fs = formset.formset
        data.update({f"{fs.prefix}-{k}": v for k, v in fs.management_form.initial.items()})
        forms += fs.forms
    for form in forms:
        for bound in form:
            if bound.value() is not None:
                data[bound.html_name] = bound.value()
    i1 = demo.question_scores.get(question__code="i1")
    row = next(k for k, v in data.items() if k.endswith("-id") and v == i1.pk)
    data[row.replace("-id", "-score")] = value
    return data


@pytest.mark.parametrize(
    "value, message",
    [
        ("101", "คะแนนต้องไม่เกิน 100"),
        ("-1", "คะแนนต้องไม่น้อยกว่า 0"),
        ("abc", "กรุณากรอกคะแนนเป็นตัวเลข"),
        ("94.123", "ทศนิยมได้ไม่เกิน 2 ตำแหน่ง"),
    ],
)
def test_a_bad_score_gives_a_thai_error_and_saves_nothing(staff_client, demo, value, message):
    data = post_data_with_i1_score(staff_client, demo, value)
    data["reflection"] = "ข้อความใหม่ที่ไม่ควรถูกบันทึก"
    response = staff_client.post(change_url(demo), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert QuestionScore.objects.get(assessment=demo, question__code="i1").score == D("94.12")
    demo.refresh_from_db()
    assert demo.reflection != "ข้อความใหม่ที่ไม่ควรถูกบันทึก"


def test_a_good_score_is_saved_and_recorded_in_history(staff_client, demo):
    data = post_data_with_i1_score(staff_client, demo, "95.00")
    response = staff_client.post(change_url(demo), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    row = QuestionScore.objects.get(assessment=demo, question__code="i1")
    assert row.score == D("95.00")
    assert row.history.first().history_user.username == "staff"


def test_publishing_in_the_admin_stamps_the_date_and_withdrawing_clears_it(staff_client, demo):
    data = post_data_with_i1_score(staff_client, demo, "94.12")
    data["status"] = "draft"
    assert staff_client.post(change_url(demo), data).status_code == 302
    demo.refresh_from_db()
    assert (demo.status, demo.published_at) == ("draft", None)

    data = post_data_with_i1_score(staff_client, demo, "94.12")
    data["status"] = "published"
    data["_confirm_publish"] = "1"  # issue 20: publishing asks first (the confirmation page)
    assert staff_client.post(change_url(demo), data).status_code == 302
    demo.refresh_from_db()
    assert demo.status == "published" and demo.published_at is not None
