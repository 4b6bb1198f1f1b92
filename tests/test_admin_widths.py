"""Issue 20, finding 7: the admin pages staff use for a year fit a 1280 px screen (and a 390 px
phone) without the page scrolling sideways; a wide table scrolls inside its own box, with the
Thai hint the public tables have; short labels do not wrap letter by letter."""

import pytest

from indicators.models import FrameworkYear
from tests.conftest import browser_login

WIDTHS = (1280, 390)


def page_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


def open_at(page, url, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(url)
    page.wait_for_load_state("load")


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_the_years_list_fits_and_its_status_stays_on_one_line(
    live_server, page, demo, staff, width
):
    browser_login(page, live_server, staff)
    open_at(page, f"{live_server.url}/admin/assessments/assessment/", width)
    assert page_width(page) <= width, "the page scrolls sideways"
    cell = page.locator("#result_list td.field-status").first
    assert cell.inner_text().strip() == "เผยแพร่แล้ว"
    lines = cell.evaluate(
        "e => { const r = document.createRange(); r.selectNodeContents(e);"
        " return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size }"
    )
    assert lines == 1, "เผยแพร่แล้ว wraps"


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_the_framework_year_page_fits_and_its_questions_scroll_in_their_box(
    live_server, page, demo, staff, width
):
    browser_login(page, live_server, staff)
    fw = FrameworkYear.objects.get(year=2569)
    open_at(page, f"{live_server.url}/admin/indicators/frameworkyear/{fw.pk}/change/", width)
    assert page_width(page) <= width, "the page scrolls sideways"
    box = page.locator("#questions-group .tabular")
    if box.evaluate("e => e.scrollWidth > e.clientWidth + 1"):
        # The columns past the edge are reached inside the box, and the page says so.
        hint = box.evaluate("e => e.previousElementSibling && e.previousElementSibling.textContent")
        assert hint and "เลื่อนไปทางขวา" in hint
        assert box.evaluate("e => getComputedStyle(e).overflowX") == "auto"
