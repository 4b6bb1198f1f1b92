"""Tried as people would, in Chromium: a staff member in the admin and a division head on
/actions/ work on the same item at once. The staff member's save of the older form is refused
in Thai, showing what the head changed, and nothing either of them did is lost."""

import pytest

from actionplans.models import ActionItem, ProgressUpdate
from tests.livehttp import live_demo


@pytest.fixture
def demo(db):
    return live_demo()


def signed_in(browser, base, login_path, username, password):
    context = browser.new_context(locale="th-TH")
    page = context.new_page()
    page.goto(f"{base}{login_path}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("[type=submit]")
    page.wait_for_load_state()
    return context, page


@pytest.mark.browser
def test_staff_and_head_on_the_same_item_nothing_is_lost(live_server, browser, staff, alice):
    item = ActionItem.objects.filter(owner__name="งานธุรการ").order_by("pk").first()
    base = live_server.url
    staff_ctx, admin = signed_in(browser, base, "/admin/login/", "staff", "staff-pass-123")
    head_ctx, head = signed_in(browser, base, "/accounts/login/", "alice", "alice-pass-123")
    try:
        # Both open the item.
        admin.goto(f"{base}/admin/actionplans/actionitem/{item.pk}/change/")
        admin.wait_for_selector("#id_text")
        head.goto(f"{base}/actions/{item.pk}/")
        head.wait_for_selector("#id_percent")

        # The head reports first.
        head.select_option("#id_status", "in_progress")
        head.fill("#id_percent", "60")
        head.fill("#id_public_summary", "ประชุมคณะทำงานแล้ว")
        head.click("form[enctype] button[type=submit]")
        head.wait_for_selector(".message--success")

        # The staff member saves the form opened before, having changed only the text.
        new_text = item.text + " (ปรับถ้อยคำ)"
        admin.fill("#id_text", new_text)
        admin.click("input[name=_save]")
        admin.wait_for_selector(".errornote")
        body = admin.locator("#content").inner_text()
        admin.screenshot(path="/tmp/stale_admin_refused.png", full_page=True)
        assert "มีผู้อื่นแก้ไข" in body
        assert "“ร้อยละความก้าวหน้า”: 0 → 60" in body
        assert "กรุณาแก้ไขข้อผิดพลาดด้านล่าง" in body
        assert admin.input_value("#id_text") == new_text  # what was typed is still there
        item.refresh_from_db()
        assert (item.status, item.percent) == ("in_progress", 60)

        # Saving again applies the staff member's change; the head's report stays.
        admin.click("input[name=_save]")
        admin.wait_for_selector(".messagelist .success")
        item.refresh_from_db()
        assert item.text == new_text
        assert (item.status, item.percent) == ("in_progress", 60)
        assert ProgressUpdate.objects.get(item=item).public_summary == "ประชุมคณะทำงานแล้ว"

        head.reload()
        assert "(ปรับถ้อยคำ)" in head.locator("h1").inner_text()
        assert "ประชุมคณะทำงานแล้ว" in head.locator(".timeline").inner_text()
    finally:
        staff_ctx.close()
        head_ctx.close()
