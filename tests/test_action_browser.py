"""End to end in Chromium: a division head signs in, opens an item, reports progress, and sees
it in the timeline, in the table and on the public progress page."""

import pytest

from actionplans.models import ActionItem


@pytest.mark.browser
def test_division_head_records_progress_end_to_end(live_server, page, alice, evidence_root):
    item = ActionItem.objects.filter(owner__name="งานธุรการ").order_by("pk").first()
    page.goto(f"{live_server.url}/actions/")
    assert "/accounts/login/" in page.url
    page.fill("#id_username", "alice")
    page.fill("#id_password", "alice-pass-123")
    page.click("button[type=submit]")
    page.wait_for_selector("table.action-table")
    assert page.locator("tr[data-item]").count() == 3
    page.screenshot(path="/tmp/actions_desktop.png", full_page=True)

    page.click(f"tr[data-item='{item.pk}'] a")
    page.wait_for_selector("#id_percent")
    page.select_option("#id_status", "in_progress")
    page.fill("#id_percent", "60")
    page.fill("#id_public_summary", "จัดทำร่างคู่มือแล้ว รอแจกเวียน")
    page.fill("#id_note", "ภายใน: รอหัวหน้ากองตรวจ")
    page.click("form[enctype] button[type=submit]")
    page.wait_for_selector(".message--success")
    timeline = page.locator(".timeline__entry").first
    assert "จัดทำร่างคู่มือแล้ว" in timeline.inner_text()
    assert "๖๐%" in timeline.inner_text()
    page.screenshot(path="/tmp/item_desktop.png", full_page=True)

    page.goto(f"{live_server.url}/actions/")
    row = page.locator(f"tr[data-item='{item.pk}']")
    assert "๖๐%" in row.inner_text() and "กำลังดำเนินการ" in row.inner_text()

    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path="/tmp/actions_phone.png", full_page=True)
    page.goto(f"{live_server.url}/actions/{item.pk}/")
    page.screenshot(path="/tmp/item_phone.png", full_page=True)

    page.goto(f"{live_server.url}/reports/2568/plan/")
    body = page.locator("main").inner_text()
    assert "จัดทำร่างคู่มือแล้ว" in body and "รอหัวหน้ากองตรวจ" not in body
    page.screenshot(path="/tmp/plan_phone.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path="/tmp/plan_desktop.png", full_page=True)
    item.refresh_from_db()
    assert (item.status, item.percent) == ("in_progress", 60)
