"""Fiscal 2569 ships as data (reference §6), provisional, and 2568's titles are corrected."""

from decimal import Decimal as D

from django.urls import reverse

from indicators.models import FrameworkYear, Question


def test_2569_ships_with_o1_to_o26_in_indicators_9_and_10_and_2568s_iit_eit(db):
    fw = FrameworkYear.objects.get(year=2569)
    assert fw.provisional and "อนุมาน" in fw.notes
    oit = list(fw.questions.filter(indicator__number__gte=9).select_related("indicator"))
    assert [q.code for q in oit] == [f"o{n}" for n in range(1, 27)]
    assert {q.code for q in oit if q.indicator.number == 9} == {f"o{n}" for n in range(1, 20)}
    assert {q.code for q in oit if q.indicator.number == 10} == {f"o{n}" for n in range(20, 27)}
    by_code = {q.code: q for q in oit}
    assert by_code["o1"].title == "โครงสร้าง หน้าที่และอำนาจ"
    assert by_code["o14"].topic_key == "oit-hr-report"  # 2568's o15
    assert by_code["o20"].predecessor_topics == ["oit-no-gift", "oit-gift-report"]
    assert by_code["o10"].predecessor_topics == ["oit-e-service", "oit-service-stats"]
    # IIT/EIT, the weights and the levels as in 2568.
    old = FrameworkYear.objects.get(year=2568)
    iit_eit = list(fw.questions.filter(indicator__number__lte=8).values_list("code", "topic_key"))
    assert iit_eit == list(
        old.questions.filter(indicator__number__lte=8).values_list("code", "topic_key")
    )
    assert dict(fw.tools.values_list("code", "weight")) == {
        "IIT": D("30"),
        "EIT": D("30"),
        "OIT": D("40"),
    }
    levels = ["name", "min_overall", "min_each_tool", "passes"]
    assert list(fw.rating_levels.values_list(*levels)) == list(
        old.rating_levels.values_list(*levels)
    )


def test_2568_titles_of_o5_o6_and_o28_are_corrected(db):
    titles = dict(Question.objects.filter(framework__year=2568).values_list("code", "title"))
    assert titles["o5"] == "แผนยุทธศาสตร์หรือแผนพัฒนาหน่วยงาน"
    assert titles["o6"] == "แผนและความก้าวหน้าในการดำเนินงานและการใช้งบประมาณประจำปี"
    assert titles["o28"] == "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"


def test_staff_see_a_thai_banner_while_a_year_is_provisional(staff_client, demo):
    from assessments.services import assessment_next_year_create

    banner = "กรอบการประเมินปี 2569 ยังเป็นข้อมูลเบื้องต้น"
    fw = FrameworkYear.objects.get(year=2569)
    page = staff_client.get(reverse("admin:indicators_frameworkyear_change", args=[fw.pk]))
    assert banner in page.content.decode()
    a2569 = assessment_next_year_create(assessment=demo)
    page = staff_client.get(reverse("admin:assessments_assessment_change", args=[a2569.pk]))
    assert banner in page.content.decode()
    # Once staff have checked it, the banner goes.
    fw.provisional = False
    fw.save()
    page = staff_client.get(reverse("admin:assessments_assessment_change", args=[a2569.pk]))
    assert "ยังเป็นข้อมูลเบื้องต้น" not in page.content.decode()
    old = FrameworkYear.objects.get(year=2568)
    page = staff_client.get(reverse("admin:indicators_frameworkyear_change", args=[old.pk]))
    assert "ยังเป็นข้อมูลเบื้องต้น" not in page.content.decode()


def test_the_2569_score_template_lists_o1_to_o26(staff_client, db):
    import io

    from openpyxl import load_workbook

    response = staff_client.get(reverse("admin:assessments_assessment_template", args=[2569]))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    # The score import's form: the code in the first column, then the title and the score.
    codes = [row[0] for row in sheet.iter_rows(values_only=True) if row and row[0]]
    assert [c for c in codes if str(c).startswith("o")] == [f"o{n}" for n in range(1, 27)]
    assert "i1" in codes and "e9" in codes
