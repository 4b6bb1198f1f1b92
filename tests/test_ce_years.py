"""Issue 20, finding 6 (and the blank sheet of finding 7): a Christian-era year typed by habit
gets the date fields' Thai rule and message wherever a year is typed or read."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.validators import validate_fiscal_year
from indicators.models import FrameworkYear
from tests.frameworks import xlsx_bytes
from tests.import_helpers import import_scores, post_import

CE_2026 = "ปี 2026 เป็นปีคริสต์ศักราช (ค.ศ.) กรุณากรอกปีพุทธศักราช (พ.ศ.) เช่น 2569"
CHANGELIST = "admin:indicators_frameworkyear_changelist"


def _copy_form(client, source, **extra):
    data = {"action": "copy_year", "_selected_action": [source.pk], **extra}
    return client.post(reverse(CHANGELIST), data).content.decode()


def test_the_copy_year_form_is_a_thai_text_field_prefilled_with_a_free_year(ita_staff_client):
    source = FrameworkYear.objects.get(year=2568)
    page = _copy_form(ita_staff_client, source)
    field = re.search(r'<input[^>]*name="year"[^>]*>', page).group(0)
    assert 'type="text"' in field and 'inputmode="numeric"' in field
    assert "min=" not in field
    # 2569 ships with the portal: the next free year is offered.
    assert 'value="2570"' in field


def test_a_christian_era_year_in_the_copy_form_gets_the_thai_rule(ita_staff_client):
    source = FrameworkYear.objects.get(year=2569)
    page = _copy_form(ita_staff_client, source, apply="1", year="2026")
    assert CE_2026 in page
    assert not FrameworkYear.objects.filter(year__in=[2026, 2569 + 1]).exists()
    page = _copy_form(ita_staff_client, source, apply="1", year="สองพัน")
    assert "กรุณากรอกปีงบประมาณเป็นตัวเลขปีพุทธศักราช 4 หลัก" in page
    # Thai digits are a year too.
    _copy_form(ita_staff_client, source, apply="1", year="๒๕๗๑")
    assert FrameworkYear.objects.filter(year=2571).exists()


def test_fiscal_years_follow_the_date_fields_rule():
    for year in (1990, 2026, 2399):
        with pytest.raises(ValidationError, match="เป็นปีคริสต์ศักราช"):
            validate_fiscal_year(year)


def test_a_score_file_for_a_christian_era_year_says_so_in_thai(demo):
    data = xlsx_bytes({"คะแนน": [["กรอบการประเมินปี", 2026], [], ["รหัสข้อ", "คะแนน"], ["i1", 90]]})
    with pytest.raises(ValidationError) as e:
        import_scores(demo, data)
    assert e.value.messages == [
        "ไฟล์นี้ระบุกรอบการประเมินปี 2026: ปี 2026 เป็นปีคริสต์ศักราช (ค.ศ.) "
        "กรุณากรอกปีพุทธศักราช (พ.ศ.) เช่น 2569 (ผลการประเมินนี้ใช้กรอบปี 2568)"
    ]


def test_a_blank_sheet_is_named_in_a_well_formed_message(staff_client, demo):
    html = post_import(staff_client, demo, xlsx_bytes({"คะแนน": [[]]})).content.decode()
    assert "ไฟล์นี้ไม่มีแถวหัวตาราง: ชีต “คะแนน” ว่างเปล่า หรือไม่มีแถวที่บอกชื่อคอลัมน์ใน 20 แถวแรก" in html
    assert "ไฟล์นี้ ไม่มี" not in html
