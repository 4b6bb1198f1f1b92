"""The scoring engine reproduces the seed's figures and applies each year's rating rules."""

from decimal import Decimal as D

import pytest

from assessments import scoring
from assessments.selectors import assessment_score, framework_spec
from indicators.models import FrameworkYear
from indicators.services import framework_copy

SEED_QUESTIONS = {
    "i1": "94.12", "i2": "91.76", "i3": "100", "i4": "95.88", "i5": "100", "i6": "96.47",
    "i7": "98.82", "i8": "100", "i9": "100", "i10": "70", "i11": "95.85", "i12": "91.76",
    "i13": "95.29", "i14": "94.71", "i15": "91.76",
    "e1": "95.10", "e2": "95.02", "e3": "99.21", "e4": "99.09", "e5": "98.18", "e6": "97.27",
    "e7": "93.64", "e8": "93.64", "e9": "95.49",
    **{f"o{n}": "100" for n in range(1, 20)}, "o6": "50", "o15": "0", "o19": "0",
    **{f"o{n}": "100" for n in range(21, 29)},
}  # fmt: skip
SEED_INDICATORS = {
    1: "95.29", 2: "97.45", 3: "99.61", 4: "85.88", 5: "93.92",
    6: "97.62", 7: "96.47", 8: "94.63", 9: "86.50", 10: "100.00",
}  # fmt: skip


@pytest.fixture
def spec_2568(db):
    return framework_spec(FrameworkYear.objects.get(year=2568))


def seed_result(spec):
    return scoring.compute(
        spec,
        {k: D(v) for k, v in SEED_QUESTIONS.items()},
        {k: D(v) for k, v in SEED_INDICATORS.items()},
        reported_overall=D("94.50"),
        reported_level="ผ่านดี",
    )


def test_seed_scores_give_the_published_tool_scores_overall_and_level(spec_2568):
    r = seed_result(spec_2568)
    assert scoring.round2(r.tool("IIT").computed) == D("94.43")
    assert scoring.round2(r.tool("EIT").computed) == D("96.24")
    assert scoring.round2(r.tool("OIT").computed) == D("93.25")
    assert scoring.round2(r.computed_overall) == D("94.50")
    assert r.computed_level == "ผ่านดี"


def test_seed_warnings_name_exactly_the_known_inconsistencies(spec_2568):
    r = seed_result(spec_2568)
    flagged = sorted(x.spec.number for x in r.indicators if x.differs or x.missing)
    assert flagged == [4, 6, 7, 8, 9]
    assert len(r.warnings) == 5
    w4 = next(w for w in r.warnings if w.startswith("ตัวชี้วัดที่ 4"))
    assert "85.87" in w4 and "85.88" in w4
    w9 = next(w for w in r.warnings if w.startswith("ตัวชี้วัดที่ 9"))
    assert "o20" in w9 and "86.50" in w9 and "86.84" in w9


def test_reported_indicator_score_is_kept_when_questions_disagree(spec_2568):
    r = seed_result(spec_2568)
    ind6 = r.indicators[5]
    assert ind6.value == D("97.62")
    assert scoring.round2(ind6.computed) == D("96.44")


def test_indicator_is_computed_from_complete_questions_when_nothing_was_reported(spec_2568):
    r = scoring.compute(spec_2568, {k: D(v) for k, v in SEED_QUESTIONS.items()})
    assert scoring.round2(r.indicators[0].value) == D("95.29")
    assert r.indicators[0].source == "computed"
    # o20 is missing and indicator 9 was not reported: OIT and the overall cannot be computed.
    assert r.indicators[8].value is None
    assert r.tool("OIT").computed is None
    assert r.computed_overall is None
    assert any("o20" in w and "คำนวณไม่ได้" in w for w in r.warnings)


def test_overall_differing_from_reported_is_warned_but_reported_is_kept(spec_2568):
    r = scoring.compute(
        spec_2568,
        {k: D(v) for k, v in SEED_QUESTIONS.items()},
        {k: D(v) for k, v in SEED_INDICATORS.items()},
        reported_overall=D("95.00"),
        reported_level="ผ่านดีเยี่ยม",
    )
    assert r.overall == D("95.00")
    assert any(w.startswith("คะแนนภาพรวม") and "94.50" in w for w in r.warnings)
    assert any(w.startswith("ระดับผลการประเมิน") for w in r.warnings)


def levels(year):
    return framework_spec(FrameworkYear.objects.get(year=year)).levels


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overall, tools, expected",
    [
        ("94.64", ["96.00", "84.00", "99.00"], "ผ่าน"),  # NACC's own example: EIT below 85
        ("95.20", ["95.00", "95.10", "95.40"], "ผ่านดีเยี่ยม"),
        ("95.20", ["94.99", "95.10", "95.40"], "ผ่านดี"),
        ("94.50", ["94.43", "96.24", "93.25"], "ผ่านดี"),
        ("84.99", ["90.00", "90.00", "77.00"], "ต้องปรับปรุง"),
        ("70.00", ["70.00", "70.00", "70.00"], "ต้องปรับปรุง"),
        ("69.99", ["70.00", "70.00", "70.00"], "ต้องปรับปรุงโดยด่วน"),
    ],
)
def test_levels_from_2567_on_need_the_overall_and_each_tool(overall, tools, expected):
    assert scoring.rate(D(overall), [D(t) for t in tools], levels(2568)) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overall, expected",
    [("81.45", "B"), ("95.00", "AA"), ("94.99", "A"), ("49.99", "F"), ("50.00", "E")],
)
def test_old_scale_years_rate_on_the_overall_alone(overall, expected):
    # Up to 2565 (issue 23: 2566 is on the five levels): a 2565 year gets the AA–F scale.
    framework_copy(source=FrameworkYear.objects.get(year=2566), year=2565)
    assert scoring.rate(D(overall), [D("10")], levels(2565)) == expected


def test_overall_is_the_weighted_tools(spec_2568):
    tools = {"IIT": D("80"), "EIT": D("90"), "OIT": D("100")}
    assert scoring.weighted_overall(tools, spec_2568.tools) == D("91")


def test_round2_rounds_half_up():
    assert scoring.round2(D("94.505")) == D("94.51")
    assert scoring.round2(D("85.865")) == D("85.87")


def test_demo_assessment_scores_from_the_database(demo):
    r = assessment_score(demo)
    assert scoring.round2(r.computed_overall) == D("94.50")
    assert r.level == "ผ่านดี"
    assert len(r.warnings) == 5
