"""The public pages in Chromium at a phone's width (390 px) and a desktop's (1280 px): nothing
runs off the side of the page, and the report's and the home page's scores are on screen without
scrolling sideways (issue 20, finding 13)."""

import pytest

from tests.test_accessibility import demo_site  # noqa: F401  (the demo published, a 6m round)

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/reports/2568/",
    "/reports/2568/memo/",
    "/reports/2568/plan/",
    "/reports/2568/data/",
    "/reports/2568/results/6m/",
    "/reports/2568/results/6m/memo/",
]
WIDTHS = [390, 1280]


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def screen(request, browser):
    context = browser.new_context(viewport={"width": request.param, "height": 900}, locale="th-TH")
    page = context.new_page()
    yield page
    context.close()


def overflow(page):
    """How far the page reaches past the right edge of the window (0: it fits)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def off_screen(page, selector):
    """The elements matching `selector` whose right edge lies past the window's, or that are
    hidden by a box that would have to be scrolled sideways."""
    return page.evaluate(
        """sel => [...document.querySelectorAll(sel)].filter(el => {
            const r = el.getBoundingClientRect();
            if (r.width === 0 || r.right > window.innerWidth + 0.5 || r.left < -0.5) return true;
            for (let box = el.parentElement; box; box = box.parentElement) {
                const b = box.getBoundingClientRect();
                const clips = getComputedStyle(box).overflowX !== "visible";
                if (clips && (r.right > b.right + 0.5 || r.left < b.left - 0.5)) return true;
            }
            return false;
        }).map(el => el.textContent.trim())""",
        selector,
    )


def test_no_public_page_scrolls_sideways(demo_site, screen):  # noqa: F811
    for url in PAGES:
        response = screen.goto(demo_site.url + url)
        assert response.status == 200, url
        assert overflow(screen) <= 0, (url, overflow(screen))


def test_the_reports_scores_are_on_screen_without_scrolling_sideways(demo_site, screen):  # noqa: F811
    screen.goto(demo_site.url + "/reports/2568/")
    # The score table fits its box: every indicator's score and the overall are in view.
    assert screen.evaluate(
        "(() => { const b = document.querySelector('#scores');"
        " return b.scrollWidth <= b.clientWidth + 1; })()"
    )
    scores = "table.scores td.num:last-child, table.scores thead th:last-child"
    assert screen.locator("table.scores td.num:last-child").count() == 11  # ten and the overall
    assert off_screen(screen, scores) == []
    assert screen.locator("table.scores thead th:last-child").inner_text() == "คะแนน"
    # The chart is drawn to the page's width: its whole scale, 0 to 100, and every bar's value.
    assert off_screen(screen, "svg.score-chart") == []
    ticks = screen.eval_on_selector_all(
        "svg.score-chart text[text-anchor=middle]", "els => els.map(e => e.textContent)"
    )
    assert "๑๐๐" in ticks
    assert off_screen(screen, "svg.score-chart text") == []
    # No hint to scroll what does not scroll: the chart and the score table need none.
    assert "ตารางและแผนภูมิเลื่อนซ้าย–ขวาได้" not in screen.inner_text("main")
    hints = screen.eval_on_selector_all(
        ".scroll-hint",
        """els => els.filter(e => e.offsetParent !== null).map(e => {
            const box = e.nextElementSibling;
            return box && box.scrollWidth > box.clientWidth + 1;
        })""",
    )
    assert all(hints)  # every hint shown stands just above a box that scrolls


def test_the_home_pages_score_and_chart_fit_the_screen(demo_site, screen):  # noqa: F811
    screen.goto(demo_site.url + "/")
    assert screen.locator(".home-glance__value").inner_text() == "๙๔.๕๐"
    assert off_screen(screen, ".home-glance__value, .home-glance__level strong") == []
    assert off_screen(screen, "svg.score-chart, svg.score-chart text") == []
    assert off_screen(screen, ".year-links a") == []
