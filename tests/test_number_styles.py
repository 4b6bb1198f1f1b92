"""Issue 20, finding 7: one rule for numbers (README "Numbers"): Thai digits on pages and in
documents (list numbers included), Arabic digits in files for machines and spreadsheets and in
data entry (the admin)."""

import csv
import io

import pytest
from django.urls import reverse

from tests.conftest import browser_login


def test_actions_filters_use_thai_digits_and_the_csv_arabic(alice_client):
    html = alice_client.get(reverse("actionplans:list")).content.decode()
    options = [line for line in html.splitlines() if "<option" in line and "(ปี ๒๕๖๘)" in line]
    labels = [o.split(">", 1)[1] for o in options]
    assert labels and all(label[0] in "๑๒๓๔๕๖๗๘๙" for label in labels)
    response = alice_client.get(reverse("actionplans:list"), {"_export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][0] == "2568" and rows[1][2][:4] == "1.1 "


@pytest.mark.browser
def test_list_numbers_on_pages_are_thai(live_server, page, demo, staff):
    browser_login(page, live_server, staff)
    page.goto(f"{live_server.url}/reports/2568/")
    style = page.eval_on_selector(".doc-contents ol", "e => getComputedStyle(e).listStyleType")
    assert style == "thai"
    inner = page.eval_on_selector(".doc-contents ol ol", "e => getComputedStyle(e).listStyleType")
    assert inner == "none"  # "ตัวชี้วัดที่ ๑" is its own number
