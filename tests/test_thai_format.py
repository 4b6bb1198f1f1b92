"""Thai numbers, scores and dates come from one module: the same text wherever they appear."""

from datetime import date
from decimal import Decimal as D

from core import thai


def test_scores_round_half_up_to_two_places_as_the_nacc_prints_them():
    assert thai.score_text(D("94.125")) == "94.13"
    assert thai.score_text(D("94.5")) == "94.50"
    assert thai.score_text(None) == "-" and thai.score_text("", empty="") == ""
    assert thai.thai_score(D("85.875")) == "๘๕.๘๘"


def test_digits_go_both_ways_and_leave_the_rest_of_the_text_alone():
    assert thai.thai_digits("o15") == "o๑๕" and thai.thai_digits(None) == ""
    assert thai.arabic_digits("o๑๕ ข้อ") == "o15 ข้อ"


def test_dates_are_buddhist_era_with_thai_digits():
    assert thai.thai_date(date(2026, 4, 17)) == "๑๗ เมษายน ๒๕๖๙"
    assert thai.thai_date(None) == ""


def test_question_codes_stay_latin_among_thai_digits():
    from core.thai import thai_digits_keeping_codes as th

    assert th("ข้อ o15 ปี 2568") == "ข้อ o15 ปี ๒๕๖๘"
    assert th("(อ้างอิงจาก o8), i1, e4, O8") == "(อ้างอิงจาก o8), i1, e4, O8"
    assert th("ตัวชี้วัด 9.1 ได้ 85 คะแนน") == "ตัวชี้วัด ๙.๑ ได้ ๘๕ คะแนน"
