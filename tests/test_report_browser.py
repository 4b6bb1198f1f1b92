"""The report in a real browser (Chromium via Playwright) against a live server."""

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def published(transactional_db):
    from django.core.management import call_command

    # transactional_db empties the tables after each test, the migrated catalogue included.
    call_command("load_framework", verbosity=0)
    call_command("load_demo", verbosity=0)


def test_report_shows_thai_text_table_and_chart_in_sarabun(live_server, published, page):
    page.goto(f"{live_server.url}/reports/2568/")
    assert page.locator("h1", has_text="รายงานการวิเคราะห์ผลการประเมินคุณธรรม").first.is_visible()
    assert page.locator("table.scores").is_visible()
    assert page.locator("table.scores tbody tr").count() == 10
    assert page.locator("svg.score-chart").is_visible()
    assert page.locator("svg.score-chart rect").count() == 10
    assert page.locator("h3", has_text="ตัวชี้วัดที่ ๑๐ การป้องกันการทุจริต").is_visible()
    # The bundled font is served as a static file and actually used.
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('16px Sarabun', 'ทดสอบ')")
    loaded = page.evaluate(
        "[...document.fonts]"
        ".filter(f => f.family.includes('Sarabun') && f.status === 'loaded').length"
    )
    assert loaded >= 1


def test_plan_table_reflows_on_a_phone(live_server, published, browser):
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="th-TH")
    page = context.new_page()
    page.goto(f"{live_server.url}/reports/2568/")
    # No sideways scrolling of the page itself; the plan cells stack with their labels.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    cell = page.locator("table.plan td[data-label='ขั้นตอน/วิธีปฏิบัติ']").first
    assert cell.evaluate("el => getComputedStyle(el).display") == "block"
    context.close()
