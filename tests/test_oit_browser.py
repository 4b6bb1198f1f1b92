"""The OIT staff pages in Chromium at a phone's width: the readiness page and the ITAS sheet
with its copy buttons (issue 21, items 5 and 6)."""

from django.urls import reverse

from oit.models import OitLink
from tests.conftest import browser_login
from tests.oit_helpers import item, tracker_of


def test_readiness_and_the_itas_sheet_on_a_phone(demo, staff, live_server, browser):
    tracker = tracker_of(2569, demo)
    o1 = item(tracker, "o1")
    OitLink.objects.create(item=o1, url="https://donsak.go.th/o1", is_answer=True)
    context = browser.new_context(locale="th-TH", viewport={"width": 390, "height": 844})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    browser_login(page, live_server, staff)
    page.goto(live_server.url + reverse("oit:readiness", args=[2569]))
    assert "ความพร้อม OIT ปี พ.ศ. ๒๕๖๙" in page.inner_text("h1")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.goto(live_server.url + reverse("oit:sheet", args=[2569]))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    button = page.locator("button[data-copy='c1-3']")
    button.click()
    page.wait_for_function(
        "document.querySelector(\"button[data-copy='c1-3']\").textContent === 'คัดลอกแล้ว'"
    )
    assert page.evaluate("navigator.clipboard.readText()") == "https://donsak.go.th/o1"
    context.close()
