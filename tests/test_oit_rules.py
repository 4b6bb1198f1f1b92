"""The OIT items' elements and rules are framework data (issue 21, item 1): shipped for 2569 from
reference §8 (provisional), edited in the framework editor and the workbook, copied with a year."""

import pytest

from indicators.models import FrameworkYear, Question
from indicators.services import framework_copy
from indicators.workbook import framework_export, framework_import
from tests.frameworks import xlsx_bytes
from tests.test_framework_editor import change_url, page_data, row_of
from tests.test_framework_workbook import sheets_of


def rules(fw):
    return list(
        fw.questions.order_by("order").values_list(
            "code", "elements", "evidence_period", "own_website", "rule_notes"
        )
    )


def test_2569_ships_the_facts_of_section_8_marked_provisional(db):
    fw = FrameworkYear.objects.get(year=2569)
    assert fw.provisional
    oit = fw.questions.filter(indicator__tool__code="OIT")
    assert oit.count() == 26
    assert all(q.own_website and q.evidence_period == "current" for q in oit)
    o1 = oit.get(code="o1")
    assert "อปท. แสดงทั้งฝ่ายการเมืองและฝ่ายข้าราชการประจำ" in o1.rule_notes
    assert "ไม่ใช่การแสดงกฎหมายทั้งฉบับ" in o1.rule_notes
    assert oit.get(code="o19").element_list == [
        "ประเด็นหรือเรื่องที่เปิดโอกาสให้มีส่วนร่วม",
        "ผู้ที่เข้ามามีส่วนร่วม",
        "ผลการมีส่วนร่วม",
        "การนำผลการมีส่วนร่วมไปใช้",
    ]
    assert o1.evidence_years(2569) == [2569]
    # IIT/EIT questions and the published 2568 catalogue carry no OIT rules
    assert not fw.questions.filter(indicator__tool__code="IIT", own_website=True).exists()
    assert not Question.objects.filter(framework__year=2568).exclude(evidence_period="any")


def test_copying_a_year_copies_its_rules(db):
    source = FrameworkYear.objects.get(year=2569)
    new = framework_copy(source=source, year=2570)
    assert rules(new) == rules(source)


def test_the_workbook_carries_the_rules_both_ways(db):
    source = FrameworkYear.objects.get(year=2569)
    o3 = source.questions.get(code="o3")
    o3.elements = "ที่อยู่\nหมายเลขโทรศัพท์\n=อีเมล"
    o3.evidence_period = "first_half"
    o3.save()
    data = framework_export(source)
    sheet = sheets_of(data)["ข้อคำถาม"]
    head = sheet[0]
    row = next(r for r in sheet if r[0] == "o3")
    assert row[head.index("องค์ประกอบ")] == "ที่อยู่\nหมายเลขโทรศัพท์\n=อีเมล"
    assert row[head.index("ช่วงเวลาของข้อมูล")] == "หกเดือนแรกของปีงบประมาณที่ประเมิน"
    assert row[head.index("ต้องอยู่บนเว็บไซต์หลัก")] in (1, True, "1")
    framework_import(data=data, year=2575, dry_run=False)
    assert rules(FrameworkYear.objects.get(year=2575)) == rules(source)


def test_an_unknown_period_in_the_workbook_is_named_by_sheet_and_row(db):
    source = FrameworkYear.objects.get(year=2569)
    sheets = sheets_of(framework_export(source))
    head = sheets["ข้อคำถาม"][0]
    sheets["ข้อคำถาม"][3][head.index("ช่วงเวลาของข้อมูล")] = "ทุกปี"
    with pytest.raises(Exception) as e:
        framework_import(data=xlsx_bytes(sheets), year=2575, dry_run=False)
    assert "ชีต ข้อคำถาม แถวที่ 4: ช่วงเวลาของข้อมูล “ทุกปี” ไม่ใช่ช่วงเวลาที่รู้จัก" in str(e.value)
    assert not FrameworkYear.objects.filter(year=2575).exists()


def test_staff_edit_elements_and_rules_in_the_framework_editor(ita_staff_client, db):
    fw = framework_copy(source=FrameworkYear.objects.get(year=2569), year=2570)
    data, rows = page_data(ita_staff_client, fw)
    o5 = row_of(data, rows, "Question", code="o5")
    data[f"{o5}-elements"] = "แผนยุทธศาสตร์\nแผนพัฒนาท้องถิ่น"
    data[f"{o5}-evidence_period"] = "previous"
    data[f"{o5}-own_website"] = ""
    del data[f"{o5}-own_website"]
    data[f"{o5}-rule_notes"] = "แสดงแผนที่ใช้ในปี"
    response = ita_staff_client.post(change_url(fw), data)
    assert response.status_code == 302
    q = fw.questions.get(code="o5")
    assert q.element_list == ["แผนยุทธศาสตร์", "แผนพัฒนาท้องถิ่น"]
    assert (q.evidence_period, q.own_website, q.rule_notes) == ("previous", False, "แสดงแผนที่ใช้ในปี")
    assert q.evidence_years(2570) == [2569]
