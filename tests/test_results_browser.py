"""Tried as a new user would, in Chromium against a live server: staff publish the demo year's
6-month results report in the admin; a visitor opens it on a phone and downloads the PDF."""

import subprocess

import pytest

from actionplans.models import ResultsRound

pytestmark = pytest.mark.browser

SHOTS = None  # set to a folder (e.g. "/tmp") to keep the screenshots for a person to look at


@pytest.fixture
def demo_with_example_live(transactional_db, settings):
    from django.core.management import call_command

    # transactional_db empties the tables after each test, the migrated catalogue included.
    call_command("load_framework", verbosity=0)
    settings.DEBUG = True  # the demo's accounts and example progress, as `make run` loads them
    call_command("load_demo", verbosity=0)
    settings.DEBUG = False


def test_staff_publish_the_6_month_round_and_a_visitor_reads_it_on_a_phone(
    live_server, demo_with_example_live, browser, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    staff = browser.new_context(locale="th-TH")
    page = staff.new_page()
    page.goto(f"{live_server.url}/admin/login/?next=/admin/actionplans/resultsround/add/")
    page.fill("#id_username", "ita-admin")
    page.fill("#id_password", "ita-demo-2568")
    page.click("input[type=submit]")
    page.select_option("#id_assessment", label="ITA ปีงบประมาณ 2568 เทศบาลเมืองดอนสัก")
    page.select_option("#id_kind", "6m")
    # the memo's ที่ and วันที่: publishing a round without them is refused (issue 20)
    page.fill("#id_memo_reference_no", "สฎ ๕๒๙๐๘/๑๒๐")
    page.fill("#id_memo_date", "30/04/2569")
    page.click("input[name=_save]")
    assert page.url.endswith("/admin/actionplans/resultsround/")
    assert "รอบ ๖ เดือน แผนจากผล ITA ปี 2568" in page.locator("#result_list").inner_text()
    # Draft the texts from the data, then publish, both as admin actions on the round.
    for action in ("draft_texts", "publish"):
        page.locator("input[name=_selected_action]").first.check()
        page.select_option("select[name=action]", action)
        page.click("button[name=index]")
    assert "เผยแพร่แล้ว" in page.locator("#result_list").inner_text()
    rnd = ResultsRound.objects.get()
    assert rnd.is_published and "ดำเนินการแล้วเสร็จ" in rnd.closing
    staff.close()

    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="th-TH", accept_downloads=True
    )
    visitor = phone.new_page()
    visitor.goto(f"{live_server.url}/reports/2568/")
    visitor.get_by_role("link", name="รายงานผลการดำเนินการ รอบ ๖ เดือน").click()
    assert visitor.url.endswith("/reports/2568/results/6m/")
    assert visitor.get_by_text("ข้อมูลตัวอย่าง", exact=False).first.is_visible()
    assert visitor.locator("h1", has_text="รายงานผลการดำเนินการ").is_visible()
    assert visitor.get_by_text("ข้อมูล ณ วันที่ ๓๑ มีนาคม ๒๕๖๙").first.is_visible()
    # Readable on the phone: the page does not scroll sideways; item rows are cards.
    assert visitor.evaluate("document.documentElement.scrollWidth") <= 390
    cell = visitor.locator("table.results-items td[data-label='ผู้รับผิดชอบ']").first
    assert cell.evaluate("el => getComputedStyle(el).display") == "block"
    if SHOTS:
        visitor.screenshot(path=f"{SHOTS}/results-phone-top.png")
        visitor.locator("table.results-items").first.scroll_into_view_if_needed()
        visitor.screenshot(path=f"{SHOTS}/results-phone-items.png")
    with visitor.expect_download() as download:
        visitor.get_by_role("link", name="ดาวน์โหลด PDF").click()
    path = tmp_path / "results.pdf"
    download.value.save_as(path)
    assert path.read_bytes()[:5] == b"%PDF-"
    text = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "รอบ ๖ เดือน" in text and "ข้อมูลตัวอย่าง" in text
    phone.close()
