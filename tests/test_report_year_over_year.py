"""The published report compares each indicator and the overall score with the previous year."""

import re
from decimal import Decimal as D

from assessments.models import Assessment
from tests.frameworks import make_assessment, make_framework_2569


def text_of(response):
    """The page as read: whitespace collapsed, without the markup that keeps words whole."""
    assert response.status_code == 200
    html = response.content.decode().replace("<wbr>", "")
    html = re.sub(r'<span class="nobreak">([^<]*)</span>', r"\1", html)
    return re.sub(r"\s+", " ", html)


def published_2567():
    a = make_assessment(2567, status=Assessment.Status.PUBLISHED, reported_overall=D("92.10"))
    for number, score in [(1, "93.00"), (4, "90.00"), (9, "80.25")]:
        a.indicator_scores.create(indicator=a.framework.indicators.get(number=number), score=score)
    return a


def test_report_shows_the_change_from_a_published_previous_year(client, demo):
    published_2567()
    html = text_of(client.get("/reports/2568/"))
    assert "เปรียบเทียบผลการประเมินกับปีงบประมาณ พ.ศ. ๒๕๖๗" in html
    # Indicator 4 fell from 90.00 to 85.88, indicator 9 rose from 80.25 to 86.50.
    assert "▼ ๔.๑๒" in html
    assert "▲ ๖.๒๕" in html
    # The overall rose from 92.10 to 94.50.
    assert "▲ ๒.๔๐" in html
    # The chart draws the previous year's bars too.
    assert html.count('class="bar-previous"') == 3


def test_report_has_no_comparison_when_the_previous_year_is_not_published(client, demo):
    make_assessment(2567, reported_overall=D("92.10"))  # a draft
    html = text_of(client.get("/reports/2568/"))
    assert "เปรียบเทียบผลการประเมิน" not in html
    assert 'class="bar-previous"' not in html


def test_report_query_count_with_a_previous_year_is_fixed(client, demo, django_assert_num_queries):
    published_2567()
    # 20 as without a comparison (see test_report_pages), plus 21-27 the previous year's
    # scoring (question scores, indicator scores, tool scores, tools, indicators, their
    # questions, rating levels) and 28-31 both years' questions matched by topic (each year's
    # question scores and catalogue); 32 this year's published results reports; 33-34 how far
    # the previous year's plan was carried out (its newest published results report; none
    # here, so its items' status); 35 the years for the year switcher; 35 in all, whatever the
    # number of rows (the document version is read from the cache: publishing.caching).
    with django_assert_num_queries(35):
        client.get("/reports/2568/")


def test_2569_report_compares_with_2568_by_topic(client, demo, staff_client):
    make_framework_2569()
    a2569 = make_assessment(2569, status=Assessment.Status.PUBLISHED, reported_overall=D("96.00"))
    a2569.indicator_scores.create(indicator=a2569.framework.indicators.get(number=1), score=97)
    html = text_of(client.get("/reports/2569/"))
    assert "เปรียบเทียบผลการประเมินกับปีงบประมาณ พ.ศ. ๒๕๖๘" in html
    assert "▲ ๑.๕๐" in html  # overall 94.50 → 96.00
    assert "▲ ๑.๗๑" in html  # indicator 1: 95.29 → 97.00


def test_report_links_to_the_plan_progress_and_open_data(client, demo):
    html = text_of(client.get("/reports/2568/"))
    assert 'href="/reports/2568/plan/"' in html
    assert 'href="/reports/2568/data.json"' in html and 'href="/reports/2568/data.csv"' in html


def test_the_2569_draft_report_lists_the_questions_by_topic_across_the_renumbering(
    staff_client, demo
):
    from assessments.services import assessment_next_year_create
    from indicators.models import Question

    a2569 = assessment_next_year_create(assessment=demo)
    for code, score in [("o14", "100"), ("o20", "90"), ("i10", "80")]:
        a2569.question_scores.create(
            question=Question.objects.get(framework__year=2569, code=code), score=D(score)
        )
    html = text_of(staff_client.get("/reports/2569/"))
    assert "ฉบับร่าง" in html
    assert "รายข้อ เทียบตามประเด็น" in html
    # O14 continues 2568's o15 (0 → 100). Codes print in Latin, as the NACC prints them.
    assert re.search(
        r"o14<span[^>]*> รายงานผลการบริหารและพัฒนาทรัพยากรบุคคล</span></th> <td>o15</td>", html
    )
    # O20 replaces o21 and o22: both shown with their 2568 scores.
    assert "o21<br>o22 (รวมเป็นข้อเดียว)" in html
    assert "o21 ๑๐๐.๐๐<br>o22 ๑๐๐.๐๐" in html
    assert "▲ ๑๐.๐๐" in html  # i10: 70.00 → 80.00
