"""The framework editor: ITA staff (not superusers) manage a year's tools, levels, indicators
and questions in the admin, checked as a whole year, with Thai messages and nothing saved on
error; a year with a published report keeps its structure."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from assessments.models import Assessment
from indicators.models import FrameworkYear, Indicator, Question, Tool
from indicators.services import framework_copy
from tests.frameworks import make_assessment


def change_url(fw):
    return reverse("admin:indicators_frameworkyear_change", args=[fw.pk])


def page_data(client, fw):
    """The year's page as the browser would post it unchanged: {name: value}, and per inline
    prefix the list of its rows' field prefixes."""
    response = client.get(change_url(fw))
    assert response.status_code == 200
    forms = [response.context["adminform"].form]
    data, rows = {}, {}
    for inline in response.context["inline_admin_formsets"]:
        fs = inline.formset
        data.update({f"{fs.prefix}-{k}": v for k, v in fs.management_form.initial.items()})
        rows[fs.model.__name__] = [f.prefix for f in fs.forms]
        forms += fs.forms
    for form in forms:
        for bound in form:
            if bound.value() is not None:
                data[bound.html_name] = bound.value()
    return data, rows


def row_of(data, rows, model, **match):
    """The field prefix of the inline row whose posted values match."""
    for prefix in rows[model]:
        if all(str(data.get(f"{prefix}-{k}")) == str(v) for k, v in match.items()):
            return prefix
    raise AssertionError(f"no {model} row {match}")


def add_row(data, prefix, **values):
    n = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = n + 1
    for k, v in values.items():
        data[f"{prefix}-{n}-{k}"] = v


@pytest.fixture
def fw2570(db):
    return framework_copy(source=FrameworkYear.objects.get(year=2569), year=2570)


def test_ita_staff_without_superuser_rights_open_and_copy_years(ita_staff_client, db):
    assert not ita_staff_client.get("/admin/").wsgi_request.user.is_superuser
    changelist = reverse("admin:indicators_frameworkyear_changelist")
    assert ita_staff_client.get(changelist).status_code == 200
    source = FrameworkYear.objects.get(year=2569)
    data = {"action": "copy_year", "_selected_action": [source.pk]}
    page = ita_staff_client.post(changelist, data)
    assert "สร้างกรอบการประเมินปีใหม่จากปี 2569" in page.content.decode()
    response = ita_staff_client.post(
        changelist, {**data, "apply": "1", "year": "2570"}, follow=True
    )
    assert "สร้างกรอบการประเมินปี 2570 จากปี 2569 แล้ว" in response.content.decode()
    new = FrameworkYear.objects.get(year=2570)
    assert not new.provisional
    assert list(new.questions.values_list("code", "topic_key", "indicator__number")) == list(
        source.questions.values_list("code", "topic_key", "indicator__number")
    )
    assert dict(new.tools.values_list("code", "weight")) == dict(
        source.tools.values_list("code", "weight")
    )
    assert new.rating_levels.count() == 5
    # Twice is refused in Thai.
    again = ita_staff_client.post(changelist, {**data, "apply": "1", "year": "2570"})
    assert "มีกรอบการประเมินปี 2570 อยู่แล้ว" in again.content.decode()


def test_staff_rename_delete_add_and_reweigh_in_one_save(ita_staff_client, fw2570):
    data, rows = page_data(ita_staff_client, fw2570)
    ind1 = row_of(data, rows, "Indicator", number=1)
    data[f"{ind1}-name"] = "การปฏิบัติหน้าที่ (ชื่อใหม่)"
    o26 = row_of(data, rows, "Question", code="o26")
    data[f"{o26}-DELETE"] = "on"
    for code, weight in [("IIT", "25"), ("EIT", "25"), ("OIT", "50")]:
        data[f"{row_of(data, rows, 'Tool', code=code)}-weight"] = weight
    ind10 = Indicator.objects.get(framework=fw2570, number=10)
    add_row(
        data,
        "questions",
        code="O๒๗",
        title="ข้อใหม่ปี 2570",
        indicator=ind10.pk,
        order=99,
        topic_key="oit-2570-new",
    )
    response = ita_staff_client.post(change_url(fw2570), data)
    assert response.status_code == 302, response.context and response.context["year_problems"]
    assert Indicator.objects.get(framework=fw2570, number=1).name.endswith("(ชื่อใหม่)")
    codes = set(fw2570.questions.values_list("code", flat=True))
    assert "o26" not in codes and "o27" in codes  # "O๒๗" stored as o27
    assert dict(fw2570.tools.values_list("code", "weight")) == {
        "IIT": D("25"),
        "EIT": D("25"),
        "OIT": D("50"),
    }


@pytest.mark.parametrize(
    "change, message",
    [
        ("weights_99", "ค่าน้ำหนักรวมกันได้ 99 แต่ต้องรวมกันเป็น 100"),
        ("levels_out_of_order", "ต้องมีเกณฑ์ต่ำกว่าระดับ"),
        ("lowest_not_0", "ระดับต่ำสุด “ต้องปรับปรุงโดยด่วน” ต้องเริ่มที่ 0"),
        ("duplicate_code", "รหัสข้อ o2 ซ้ำกับ"),
        ("bad_code", "รหัสข้อ “2o” ไม่ถูกต้อง"),
        ("question_under_deleted_indicator", "ที่ไม่มีในกรอบปีนี้"),
    ],
)
def test_a_bad_year_is_refused_in_thai_and_nothing_is_saved(
    ita_staff_client, fw2570, change, message
):
    data, rows = page_data(ita_staff_client, fw2570)
    data["name"] = "ชื่อที่ไม่ควรถูกบันทึก"
    ind1 = row_of(data, rows, "Indicator", number=1)
    data[f"{ind1}-name"] = "ชื่อตัวชี้วัดที่ไม่ควรถูกบันทึก"
    if change == "weights_99":
        data[f"{row_of(data, rows, 'Tool', code='OIT')}-weight"] = "39"
    elif change == "levels_out_of_order":
        data[f"{row_of(data, rows, 'RatingLevel', rank=4)}-min_overall"] = "90"
    elif change == "lowest_not_0":
        data[f"{row_of(data, rows, 'RatingLevel', rank=5)}-min_overall"] = "10"
    elif change == "duplicate_code":
        data[f"{row_of(data, rows, 'Question', code='o3')}-code"] = "O02"
    elif change == "bad_code":
        data[f"{row_of(data, rows, 'Question', code='o3')}-code"] = "2o"
    elif change == "question_under_deleted_indicator":
        data[f"{row_of(data, rows, 'Indicator', number=10)}-DELETE"] = "on"
    before = list(fw2570.questions.values_list("code", "indicator_id", "title"))
    response = ita_staff_client.post(change_url(fw2570), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    fw2570.refresh_from_db()
    assert fw2570.name != "ชื่อที่ไม่ควรถูกบันทึก"
    assert Indicator.objects.get(framework=fw2570, number=1).name == "การปฏิบัติหน้าที่"
    assert list(fw2570.questions.values_list("code", "indicator_id", "title")) == before
    assert Indicator.objects.filter(framework=fw2570).count() == 10


def test_an_indicator_cannot_point_at_another_years_tool(db):
    from django.core.exceptions import ValidationError

    fw = FrameworkYear.objects.get(year=2569)
    ind = Indicator(
        framework=fw, tool=Tool.objects.get(framework__year=2568, code="IIT"), number=11
    )
    with pytest.raises(ValidationError, match="ไม่ได้อยู่ในกรอบการประเมินปี 2569"):
        ind.full_clean()
    q = Question(
        framework=fw,
        indicator=Indicator.objects.get(framework__year=2568, number=1),
        code="i99",
        order=1,
        title="x",
        topic_key="x",
    )
    with pytest.raises(ValidationError, match="ตัวชี้วัดนี้ไม่ได้อยู่ในกรอบการประเมินปี 2569"):
        q.full_clean()


def test_a_year_with_a_published_report_keeps_its_structure(ita_staff_client, demo):
    fw = demo.framework  # 2568, published
    page = ita_staff_client.get(change_url(fw)).content.decode()
    assert "มีผลการประเมินที่เผยแพร่แล้ว" in page
    data, rows = page_data(ita_staff_client, fw)
    # Titles stay editable; codes are shown but not posted (read-only), nothing can be deleted.
    o5 = next(p for p in rows["Question"] if f"{p}-code" not in data and data.get(f"{p}-title"))
    assert not any(k.endswith("-DELETE") for k in data)
    data[f"{o5}-title"] = "ชื่อที่แก้คำผิดแล้ว"
    response = ita_staff_client.post(change_url(fw), data)
    assert response.status_code == 302
    assert Question.objects.filter(framework=fw, title="ชื่อที่แก้คำผิดแล้ว").count() == 1
    # Other paths meet the same rule: model validation refuses a moved question.
    from django.core.exceptions import ValidationError

    q = Question.objects.get(framework=fw, code="o5")
    q.indicator = Indicator.objects.get(framework=fw, number=10)
    with pytest.raises(ValidationError, match="มีผลการประเมินที่เผยแพร่แล้ว"):
        q.full_clean()


def test_a_draft_assessment_does_not_lock_its_year(ita_staff_client, fw2570):
    make_assessment(2570, status=Assessment.Status.DRAFT)
    data, rows = page_data(ita_staff_client, fw2570)
    assert any(k.endswith("-DELETE") for k in data) or "questions-0-code" in data


def test_the_year_page_query_count_is_fixed(
    ita_staff_client, fw2570, django_assert_max_num_queries
):
    # 1-2 session and user, 3 the year, 4-5 the user's and group's permissions, 6 whether a
    # published report uses the year, 7-8 the indicator inline's tool choices and rows, 9-10
    # the question inline's indicator choices and rows, 11-12 the tool and level rows, 13-14
    # the delete link's checks (any organization, any assessment), 15 content types (history
    # link; cached after the first page), 16 the site header's organization, 17-18 the empty
    # forms' choices. 18 in all, for 50 questions as for 5.
    with django_assert_max_num_queries(18):
        response = ita_staff_client.get(change_url(fw2570))
    assert response.status_code == 200


def test_staff_swap_two_question_codes_in_one_save(ita_staff_client, fw2570):
    """Renumbering is what the NACC does between years: o1 and o2 trade codes in one save (the
    codes are unique in a year, so saving the rows one by one would collide halfway)."""
    data, rows = page_data(ita_staff_client, fw2570)
    first = fw2570.questions.get(code="o1")
    second = fw2570.questions.get(code="o2")
    data[f"{row_of(data, rows, 'Question', code='o1')}-code"] = "O2"
    data[f"{row_of(data, rows, 'Question', code='o2')}-code"] = "O1"
    response = ita_staff_client.post(change_url(fw2570), data)
    assert response.status_code == 302, response.context and response.context["year_problems"]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.code, second.code) == ("o2", "o1")


def test_staff_give_a_deleted_questions_code_to_another_in_one_save(ita_staff_client, fw2570):
    """o26 deleted and o25 renumbered o26, indicators 9 and 10 trading numbers: one save."""
    data, rows = page_data(ita_staff_client, fw2570)
    o25 = fw2570.questions.get(code="o25")
    data[f"{row_of(data, rows, 'Question', code='o26')}-DELETE"] = "on"
    data[f"{row_of(data, rows, 'Question', code='o25')}-code"] = "o26"
    nine, ten = (row_of(data, rows, "Indicator", number=n) for n in (9, 10))
    data[f"{nine}-number"], data[f"{ten}-number"] = "10", "9"
    response = ita_staff_client.post(change_url(fw2570), data)
    assert response.status_code == 302, response.context and response.context["year_problems"]
    o25.refresh_from_db()
    assert o25.code == "o26" and not fw2570.questions.filter(code="o25").exists()
    names = dict(fw2570.indicators.values_list("number", "name"))
    assert names[9] == "การป้องกันการทุจริต" and names[10] == "การเปิดเผยข้อมูล"


def test_two_staff_editing_the_same_year_the_second_save_is_refused(
    ita_staff_client, fw2570, django_user_model
):
    """Two ITA staff on the same year's page: the later save of a question both changed is
    refused in Thai, and the first one's title stays."""
    from django.apps import apps
    from django.test import Client

    from core.roles import staff_group_grant

    colleague = django_user_model.objects.create_user(
        "ita2", password="x-pass-12345", is_staff=True
    )
    colleague.groups.add(staff_group_grant(apps))
    other = Client()
    other.force_login(colleague)
    mine, rows = page_data(ita_staff_client, fw2570)
    theirs, _ = page_data(other, fw2570)
    row = row_of(mine, rows, "Question", code="o1")
    theirs[f"{row}-title"] = "ชื่อข้อของเพื่อนร่วมงาน"
    assert other.post(change_url(fw2570), theirs).status_code == 302
    mine[f"{row}-title"] = "ชื่อข้อของฉัน"
    response = ita_staff_client.post(change_url(fw2570), mine)
    assert response.status_code == 200 and "มีผู้อื่นแก้ไข" in response.content.decode()
    assert fw2570.questions.get(code="o1").title == "ชื่อข้อของเพื่อนร่วมงาน"


def test_staff_add_a_new_year_from_scratch(ita_staff_client, db):
    """The add page shows tools and levels only (indicators need saved tools): it saves, with
    the year checked as far as it goes (it gave a 500: the check read a year not saved yet)."""
    add = reverse("admin:indicators_frameworkyear_add")
    response = ita_staff_client.get(add)
    assert response.status_code == 200
    data = {"year": "2571", "name": "ITA 2571", "national_target": "90", "notes": ""}
    for inline in response.context["inline_admin_formsets"]:
        fs = inline.formset
        data.update({f"{fs.prefix}-{k}": v for k, v in fs.management_form.initial.items()})
    add_row(
        data, "tools", code="IIT", name="แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน", weight="100", order="1"
    )
    add_row(
        data, "rating_levels", rank="1", name="ผ่าน", min_overall="0", min_each_tool="0", passes="on"
    )
    response = ita_staff_client.post(add, data)
    if response.status_code != 302:
        ctx = response.context
        errors = [ctx["adminform"].form.errors] + [
            (i.formset.prefix, i.formset.errors, i.formset.non_form_errors())
            for i in ctx["inline_admin_formsets"]
        ]
        raise AssertionError(errors)
    fw = FrameworkYear.objects.get(year=2571)
    assert list(fw.tools.values_list("code", flat=True)) == ["IIT"]
