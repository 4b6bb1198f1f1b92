"""End to end in Chromium: staff import a score file in the admin, through the preview and the
confirmation, and the year's page shows the new score."""

from decimal import Decimal as D

import pytest

from tests.frameworks import scores_of, xlsx_bytes


@pytest.mark.browser
def test_staff_import_scores_through_preview_and_confirm(live_server, page, demo, staff, tmp_path):
    path = tmp_path / "คะแนน.xlsx"
    rows = [["รหัสข้อ", "คะแนน"], ["I11", "๙๕,๘๘"], ["o20", 80], ["ภาพรวม", "94.51"]]
    path.write_bytes(xlsx_bytes({"คะแนนรายข้อ": rows}))

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "staff")
    page.fill("#id_password", "staff-pass-123")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/assessments/assessment/{demo.pk}/change/")
    page.click("text=นำเข้าคะแนนจากไฟล์")
    page.wait_for_selector("#id_import_file")
    assert "ไฟล์ที่จะนำเข้า" in page.content()
    page.set_input_files("#id_import_file", str(path))
    page.select_option("#id_format", label="xlsx")
    page.click("input[type=submit]")

    page.wait_for_selector("text=ตัวอย่างการนำเข้า (ยังไม่ได้บันทึก)")
    preview = page.locator("#content").inner_text()
    assert "95.85" in preview and "95.88" in preview and "80.00" in preview
    assert "94.51" in preview and "คะแนนที่จะคำนวณได้หลังนำเข้า" in preview
    page.screenshot(path="/tmp/import_preview.png", full_page=True)
    assert scores_of(demo)["questions"]["i11"] == D("95.85")  # nothing saved yet

    # The demo year is published (issue 20): the confirmation says so and asks to tick.
    assert "ผลการประเมินปี 2568 เผยแพร่แล้ว" in preview
    page.check("input[name=published_ack]")
    page.click("input[name=confirm]")
    page.wait_for_selector(".messagelist .success")
    assert "นำเข้าคะแนนแล้ว: คะแนนรายข้อเปลี่ยน 2 ข้อ" in page.content()
    assert f"/admin/assessments/assessment/{demo.pk}/change/" in page.url
    saved = scores_of(demo)
    assert saved["questions"]["i11"] == D("95.88") and saved["questions"]["o20"] == D("80.00")
    assert saved["overall"] == D("94.51")
