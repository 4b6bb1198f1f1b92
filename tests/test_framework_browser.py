"""End to end in Chromium: an ITA staff member who is not a superuser makes 2570 from 2569,
edits it (an indicator renamed, a question deleted and one added, weights 25/25/50), creates
an assessment on it, imports its scores, and the computed scores follow the new weights."""

import pytest

from assessments.models import Assessment
from indicators.models import FrameworkYear
from tests.frameworks import xlsx_bytes


def inline_index(page, prefix, field, value):
    """The row number of the inline row whose `field` input holds `value`."""
    name = page.eval_on_selector(
        f"input[name^='{prefix}-'][name$='-{field}'][value='{value}']", "e => e.name"
    )
    return int(name.split("-")[1])


@pytest.mark.browser
def test_staff_make_2570_from_2569_edit_it_and_score_a_year_on_it(
    live_server, page, demo, ita_staff, tmp_path
):
    assert not ita_staff.is_superuser
    base = live_server.url
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "itastaff")
    page.fill("#id_password", "itastaff-pass-123")
    page.click("input[type=submit]")
    page.wait_for_selector("#content")

    # 1. 2570 from 2569, by the admin action.
    page.goto(f"{base}/admin/indicators/frameworkyear/")
    fw2569 = FrameworkYear.objects.get(year=2569)
    page.check(f"input[name=_selected_action][value='{fw2569.pk}']")
    page.select_option("select[name=action]", "copy_year")
    page.click("button[name=index]")
    page.fill("#id_year", "2570")
    page.click("input[name=apply]")
    page.wait_for_selector(".messagelist")
    assert "สร้างกรอบการประเมินปี 2570 จากปี 2569 แล้ว" in page.inner_text(".messagelist")
    fw = FrameworkYear.objects.get(year=2570)

    # 2. Rename an indicator, delete a question, add one, weights 25/25/50: one save.
    page.goto(f"{base}/admin/indicators/frameworkyear/{fw.pk}/change/")
    page.fill("input[name='indicators-0-name']", "การปฏิบัติหน้าที่ (ปี 2570)")
    row = inline_index(page, "questions", "code", "o26")
    page.check(f"input[name='questions-{row}-DELETE']")
    for code, weight in [("IIT", "25"), ("EIT", "25"), ("OIT", "50")]:
        page.fill(f"input[name='tools-{inline_index(page, 'tools', 'code', code)}-weight']", weight)
    total = int(page.input_value("input[name='questions-TOTAL_FORMS']"))
    page.click("#questions-group .add-row a")
    new = f"questions-{total}"
    page.fill(f"input[name='{new}-code']", "O27")
    page.fill(f"textarea[name='{new}-title']", "ข้อใหม่ของปี 2570")
    indicator10 = fw.indicators.get(number=10)
    page.select_option(f"select[name='{new}-indicator']", str(indicator10.pk))
    page.fill(f"input[name='{new}-order']", "99")
    page.fill(f"input[name='{new}-topic_key']", "oit-2570-new")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    page.screenshot(path="/tmp/framework_2570_saved.png", full_page=False)
    codes = set(fw.questions.values_list("code", flat=True))
    assert "o26" not in codes and "o27" in codes
    assert fw.indicators.get(number=1).name == "การปฏิบัติหน้าที่ (ปี 2570)"

    # 3. An assessment on 2570, its scores imported: IIT and EIT items 100, OIT items 50.
    page.goto(f"{base}/admin/assessments/assessment/add/")
    page.select_option("#id_organization", str(demo.organization_id))
    page.fill("#id_fiscal_year", "2570")
    page.select_option("#id_framework", str(fw.pk))
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    assessment = Assessment.objects.get(fiscal_year=2570)
    rows = [["รหัสข้อ", "คะแนน"]] + [
        [q.code, 50 if q.code.startswith("o") else 100] for q in fw.questions.order_by("order")
    ]
    scores = tmp_path / "scores-2570.xlsx"
    scores.write_bytes(xlsx_bytes({"คะแนน": rows}))
    page.goto(f"{base}/admin/assessments/questionscore/import/?assessment={assessment.pk}")
    page.select_option("#id_format", label="xlsx")
    page.set_input_files("input[name=import_file]", str(scores))
    page.click("input[type=submit]")
    page.wait_for_selector("input[name=confirm]")
    page.click("input[name=confirm]")
    page.wait_for_selector(".messagelist .success")

    # 4. The computed overall follows 25/25/50: 25 + 25 + 0.5 × 50 = 75.00 (not 80.00).
    overall = page.locator(".ita-score-check tr", has_text="ภาพรวม").first.inner_text()
    page.screenshot(path="/tmp/assessment_2570_scores.png", full_page=True)
    assert "75.00" in overall, overall
    assert assessment.question_scores.count() == 50
