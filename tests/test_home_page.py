"""`/`, the agency's ITA page for a citizen (issue 20, finding 13): the newest published year at
a glance (overall score, level, the indicator chart against last year), links to everything
that year published (report, memo, the plan's progress with its percent, the published results
rounds, the open data), the earlier years below; never anything of a draft."""

import re
from decimal import Decimal as D

import pytest
from django.test import Client

from actionplans.models import ActionItem, ResultsRound
from actionplans.progress import progress_percent
from assessments.models import Assessment
from tests.frameworks import make_assessment, make_framework_2569

from .rounds import MEMO_FIELDS  # the memo's ที่ and วันที่, which publishing needs


def text_of(response):
    """The page as read: no line-break markup, whitespace collapsed."""
    assert response.status_code == 200
    html = response.content.decode().replace("<wbr>", "")
    html = re.sub(r'<span class="nobreak">([^<]*)</span>', r"\1", html)
    return re.sub(r"\s+", " ", html)


def glance(html):
    """The part of the page about the newest year (before the earlier years)."""
    start = html.index('id="latest"')
    end = html.index('id="earlier"') if 'id="earlier"' in html else len(html)
    return html[start:end]


def published_2567():
    a = make_assessment(
        2567,
        status=Assessment.Status.PUBLISHED,
        reported_overall=D("92.10"),
        reported_level="ผ่านดี",
    )
    for number, score in [(1, "93.00"), (4, "90.00"), (9, "80.25")]:
        a.indicator_scores.create(indicator=a.framework.indicators.get(number=number), score=score)
    return a


def publish_round(assessment, kind="6m"):
    from publishing.rounds import results_round_publish

    rnd = ResultsRound(assessment=assessment, kind=kind, **MEMO_FIELDS)
    rnd.full_clean()
    rnd.save()
    return results_round_publish(rnd=rnd)


def test_the_newest_year_at_a_glance_with_score_level_and_chart(client, demo):
    html = glance(text_of(client.get("/")))
    assert "ปีงบประมาณ พ.ศ. ๒๕๖๘" in html
    assert "๙๔.๕๐" in html and "ผ่านดี" in html
    # The report's chart, the same drawing: ten bars and the 85 line, its text alternative.
    chart = html[html.index("<svg") : html.index("</svg>")]
    assert chart.count('<rect x="230"') == 10
    assert "ตัวชี้วัดที่ ๑๐" in chart


def test_the_newest_year_links_everything_it_published(client, demo):
    items = ActionItem.objects.filter(topic__assessment=demo).values_list("status", "percent")
    percent = progress_percent(items)
    html = glance(text_of(client.get("/")))
    for url in [
        "/reports/2568/",
        "/reports/2568/report.pdf",
        "/reports/2568/memo/",
        "/reports/2568/memo.pdf",
        "/reports/2568/plan/",
        "/reports/2568/data/",
        "/reports/2568/data.xlsx",
        "/reports/2568/data.csv",
        "/reports/2568/data.json",
    ]:
        assert f'href="{url}"' in html, url
    # The plan's progress with its percent, by the plan's one rounding rule.
    plan = html[html.index('href="/reports/2568/plan/"') :]
    assert f"{percent}%".translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")) in plan[:600]


def test_published_results_rounds_are_linked_and_drafts_are_not(client, demo):
    draft = ResultsRound(assessment=demo, kind="12m")  # a draft round
    draft.full_clean()
    draft.save()
    publish_round(demo, "6m")
    html = glance(text_of(client.get("/")))
    assert 'href="/reports/2568/results/6m/"' in html
    assert "/reports/2568/results/12m/" not in html


def test_the_chart_compares_with_the_previous_published_year(client, demo):
    published_2567()
    html = text_of(client.get("/"))
    chart = glance(html)
    assert chart.count('class="bar-previous"') == 3
    assert "แถบเทา: ปี ๒๕๖๗" in chart
    # and 2567 is below, among the earlier years, with its own links
    earlier = html[html.index('id="earlier"') :]
    assert "ปีงบประมาณ พ.ศ. ๒๕๖๗" in earlier and "๙๒.๑๐" in earlier
    assert 'href="/reports/2567/"' in earlier and 'href="/reports/2567/data/"' in earlier
    # 2567 has no memo and no plan here: no link leads to a page that is not there.
    assert "/reports/2567/memo" not in earlier and "/reports/2567/plan/" not in earlier


def test_a_draft_year_never_shows_to_the_public(client, demo):
    make_framework_2569()
    make_assessment(2569, reported_overall=D("99.99"), reported_level="ผ่านดีเยี่ยม")  # draft
    html = text_of(client.get("/"))
    assert "๒๕๖๙" not in html and "๙๙.๙๙" not in html and "/reports/2569/" not in html
    assert "ปีงบประมาณ พ.ศ. ๒๕๖๘" in glance(html)


def test_a_draft_previous_year_is_not_on_the_chart(client, demo):
    make_assessment(2567, reported_overall=D("92.10"))  # a draft
    html = text_of(client.get("/"))
    assert 'class="bar-previous"' not in html and "๒๕๖๗" not in html


def test_staff_see_the_draft_marked_as_such(staff_client, demo):
    make_framework_2569()
    make_assessment(2569, reported_overall=D("96.00"))
    html = text_of(staff_client.get("/"))
    assert "ปีงบประมาณ พ.ศ. ๒๕๖๙" in html and "ฉบับร่าง" in html


def test_no_published_year_says_so(client, db):
    html = text_of(client.get("/"))
    assert "ยังไม่มีผลการประเมินที่เผยแพร่" in html and "<svg" not in html


def test_home_query_count_is_fixed(client, demo, django_assert_num_queries):
    published_2567()
    publish_round(demo)
    # 1 the published years (with organization and framework); 2-8 the newest year's scores
    # (question scores, indicator scores, tool scores, tools, indicators, their questions,
    # rating levels); 9 the previous published year; 10-16 its scores (the same seven); 17 the
    # newest year's published results rounds; 18 its plan's items (status and percent, for the
    # percent); 19 the organization (the header, the context processor); 20 the years whose
    # OIT table is published (issue 21). The document version is read from the cache.
    with django_assert_num_queries(20):
        client.get("/")


def test_home_query_count_does_not_grow_with_years_or_items(
    client, demo, django_assert_num_queries
):
    published_2567()
    make_assessment(2566, status=Assessment.Status.PUBLISHED, reported_overall=D("90.00"))
    topic = demo.plan_topics.first()
    item = topic.items.first()
    for n in range(5):
        ActionItem.objects.create(
            topic=topic, number=80 + n, text=f"รายการ {n}", owner=item.owner, due_date=item.due_date
        )
    with django_assert_num_queries(20):  # 19 and the OIT tables' years (issue 21)
        html = text_of(client.get("/"))
    assert "ปีงบประมาณ พ.ศ. ๒๕๖๖" in html


def test_home_is_kept_for_visitors_and_follows_a_publication(
    demo, django_assert_num_queries, django_capture_on_commit_callbacks
):
    visitor = Client()
    first = visitor.get("/").content
    with django_assert_num_queries(0):
        assert visitor.get("/").content == first
    with django_capture_on_commit_callbacks(execute=True):
        published_2567()
    assert "ปีงบประมาณ พ.ศ. ๒๕๖๗" in text_of(visitor.get("/"))
    with django_capture_on_commit_callbacks(execute=True):
        demo.status = Assessment.Status.DRAFT
        demo.published_at = None
        demo.save()
    html = text_of(visitor.get("/"))
    assert "/reports/2568/" not in html and "ปีงบประมาณ พ.ศ. ๒๕๖๗" in glance(html)


@pytest.mark.parametrize("url", ["/reports/2568/plan/", "/reports/2568/data/"])
def test_the_years_pages_lead_back_to_the_agencys_page_and_the_report(client, demo, url):
    html = text_of(client.get(url))
    crumbs = html[html.index('class="breadcrumb') :]
    crumbs = crumbs[: crumbs.index("</nav>")]
    assert 'href="/#year-2568"' in crumbs and 'href="/reports/2568/"' in crumbs


def test_every_link_on_the_page_leads_somewhere(client, demo):
    published_2567()  # a year with no memo and no plan of its own
    publish_round(demo)
    html = client.get("/").content.decode()
    links = sorted(set(re.findall(r'href="(/reports/[^"#]*)"', html)))
    assert len(links) > 10
    for url in links:
        if url.endswith(".pdf"):
            continue  # rendered by WeasyPrint: tests/test_report_pdf.py
        assert client.get(url).status_code == 200, url
