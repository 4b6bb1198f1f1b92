"""Year over year: each score beside the previous year's, questions matched by topic."""

from decimal import Decimal as D

from assessments.models import Assessment
from indicators.models import Question
from publishing.comparison import Change, year_over_year
from publishing.documents import report_context
from tests.frameworks import make_assessment, make_framework_2569


def test_a_year_without_a_previous_one_has_no_comparison(demo):
    assert year_over_year(demo) is None


def test_2568_against_a_2567_assessment(demo, django_assert_max_num_queries):
    a2567 = make_assessment(2567, status=Assessment.Status.PUBLISHED, reported_overall=D("92.10"))
    for code, score in [("i1", "90.00"), ("i10", "75.50"), ("o15", "0.00")]:
        a2567.question_scores.create(
            question=Question.objects.get(framework__year=2567, code=code), score=D(score)
        )
    a2567.indicator_scores.create(indicator=a2567.framework.indicators.get(number=4), score=90)

    with django_assert_max_num_queries(24):
        yoy = year_over_year(demo)
    assert yoy.years == (2567, 2568)
    assert (yoy.overall.delta, yoy.overall.arrow) == (D("2.40"), "▲")
    ind4 = yoy.indicators[3]
    assert (ind4.label, ind4.change.previous, ind4.change.current) == (
        "ตัวชี้วัดที่ 4",
        D("90"),
        D("85.88"),
    )
    assert (ind4.change.arrow, ind4.change.abs_delta) == ("▼", D("4.12"))
    assert yoy.indicators[0].change.arrow == ""  # 2567 has no score for indicator 1
    q = {r.label: r for r in yoy.questions}
    assert (q["i1"].change.delta, q["i1"].change.arrow) == (D("4.12"), "▲")
    assert q["o15"].change.arrow == "="
    assert q["o20"].change == Change(None, None)
    # The report's chart (the one chart geometry, publishing.charts) carries last year's bar
    # beside this year's for each indicator; 2567 scored only indicator 4.
    bars = report_context(demo)["chart"]["bars"]
    assert (bars[3]["value"], bars[3]["previous_value"]) == ("๘๕.๘๘", "๙๐.๐๐")
    assert bars[3]["previous_width"] > bars[3]["width"]  # 90 against 85.88
    assert [b["previous_width"] for b in bars].count(None) == 9


def test_an_unpublished_previous_year_is_compared_only_for_staff_previews(demo):
    make_assessment(2567, reported_overall=D("92.10"))  # a draft
    assert year_over_year(demo) is None
    assert year_over_year(demo, include_unpublished=True).overall.previous == D("92.10")


def test_2569_with_renumbered_oit_codes_compares_by_topic(demo):
    make_framework_2569()
    a2569 = make_assessment(2569, reported_overall=D("96.00"))
    for code, score in [("o14", "100"), ("o25", "100"), ("o1", "100"), ("i10", "80")]:
        a2569.question_scores.create(
            question=Question.objects.get(framework__year=2569, code=code), score=D(score)
        )

    yoy = year_over_year(a2569, include_unpublished=True)
    q = {r.label: r for r in yoy.questions}
    # 2569's O14 is 2568's o15 (the HR report): 0 → 100, not 2568's o14 (100 → 100).
    assert (q["o14"].previous_label, q["o14"].change.previous) == ("o15", D("0.00"))
    assert (q["o14"].change.arrow, q["o14"].change.delta) == ("▲", D("100.00"))
    # O25 carries 2568's o27 topic; O1 is o1 in both years.
    assert (q["o25"].previous_label, q["o25"].change.previous) == ("o27", D("100.00"))
    assert (q["o1"].previous_label, q["o1"].change.arrow) == ("", "=")
    assert (q["i10"].change.delta, q["i10"].change.arrow) == (D("10.00"), "▲")
    # O2 is 2568's o2 (carried over, inferred): no score this year, 100 the year before.
    assert (q["o2"].previous_label, q["o2"].change.previous) == ("", D("100.00"))
    assert (yoy.overall.delta, yoy.overall.arrow) == (D("1.50"), "▲")


def test_a_merged_2569_item_shows_both_predecessors_with_their_scores(demo):
    a2569 = make_assessment(2569)
    for code in ("o10", "o20"):
        a2569.question_scores.create(
            question=Question.objects.get(framework__year=2569, code=code), score=D("90")
        )
    q = {r.label: r for r in year_over_year(a2569, include_unpublished=True).questions}
    # O20 replaces 2568's o21 (No Gift) and o22 (gift report); O10 replaces o10 and o11.
    assert [(p.code, p.score) for p in q["o20"].predecessors] == [
        ("o21", D("100.00")),
        ("o22", D("100.00")),
    ]
    assert (q["o20"].is_merged, q["o20"].previous_label) == (True, "o21, o22")
    assert [p.code for p in q["o10"].predecessors] == ["o10", "o11"]
    # No single previous figure for a merged item: no arrow.
    assert q["o20"].change.arrow == "" and q["o20"].change.current == D("90")


def test_new_items_are_marked_and_vanished_ones_listed_as_no_longer_assessed(demo):
    fw = make_framework_2569()
    fw.questions.filter(code="o19").update(topic_key="oit-participation-results")
    a2569 = make_assessment(2569)
    yoy = year_over_year(a2569, include_unpublished=True)
    q = {r.label: r for r in yoy.questions}
    assert q["o19"].is_new and q["o19"].predecessors == ()
    assert not q["o18"].is_new
    # 2568's o20 is continued by nothing now.
    assert [(p.code, p.score) for p in yoy.dropped] == [("o20", None)]
