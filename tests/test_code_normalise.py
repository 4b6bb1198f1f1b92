"""Codes and scores as people and the seed's OCR really type them read as what they mean."""

from decimal import Decimal as D

import pytest

from assessments.resources import ScoreError, normalise_code, parse_score


@pytest.mark.parametrize(
    "typed, code",
    [
        ("i1", "i1"),
        ("I1", "i1"),
        (" i 1 ", "i1"),
        ("ข้อ i๑", "i1"),
        ("E9", "e9"),
        ("e๙", "e9"),
        ("o1", "o1"),
        ("O1", "o1"),
        ("o01", "o1"),
        ("0๑", "o1"),  # the seed's OCR: zero for the letter o, Thai digit
        ("o๑", "o1"),
        ("๐๒๑", "o21"),  # Thai zero for o
        ("0๑๕", "o15"),
        ("015", "o15"),
        ("O-1", None),
        ("o1 - o5", None),  # a range is not one code
        ("11", None),  # no letter: ambiguous
        ("x9", "x9"),  # any letters: the codes are what the NACC prints that year
        ("IIT1", "iit1"),
        ("ข้อ O 01", "o1"),
        ("o0", None),
        ("", None),
        (None, None),
    ],
)
def test_codes_are_read_as_the_catalogue_spells_them(typed, code):
    assert normalise_code(typed) == code


@pytest.mark.parametrize(
    "typed, score",
    [
        ("94.12", D("94.12")),
        ("94,12", D("94.12")),
        ("๙๔.๑๒", D("94.12")),
        ("๙๔,๑๒", D("94.12")),
        (" 100 ", D("100.00")),
        (94.12, D("94.12")),
        (70, D("70.00")),
        ("0", D("0.00")),
        ("94.120", D("94.12")),
        ("", None),
        (None, None),
    ],
)
def test_scores_accept_thai_digits_and_a_decimal_comma(typed, score):
    assert parse_score(typed) == score


@pytest.mark.parametrize(
    "typed, message",
    [
        ("101", "อยู่นอกช่วง 0–100"),
        ("-0.5", "อยู่นอกช่วง 0–100"),
        ("abc", "ไม่ใช่ตัวเลข"),
        ("94.123", "ทศนิยมเกิน 2 ตำแหน่ง"),
        ("1,000.5", "ไม่ใช่ตัวเลข"),
        ("NaN", "ไม่ใช่ตัวเลข"),
        (True, "ไม่ใช่ตัวเลข"),
    ],
)
def test_scores_that_mean_nothing_are_refused_in_thai(typed, message):
    with pytest.raises(ScoreError, match=message):
        parse_score(typed)
