"""The survey drive's staff page in Chromium, on a phone (390 px) and a desktop (1280 px): no
sideways scroll, the chart fits, no serious or critical axe violations, and logging a day's
counts takes one short form."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.conftest import browser_login
from tests.test_accessibility import axe_page, axe_violations  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser


@pytest.fixture
def drive_site(live_server, transactional_db, settings, django_user_model):
    call_command("load_framework", verbosity=0)
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    settings.DEBUG = False
    from surveys.models import SurveyDrive

    source = SurveyDrive.objects.get(fiscal_year=2569)
    from surveys.services import drive_copy

    today = timezone.localdate()
    drive = drive_copy(source=source)
    drive.opens_on, drive.closes_on = today - timedelta_days(10), today + timedelta_days(20)
    drive.save()
    user = django_user_model.objects.get(username="ita-admin")
    return live_server, user


def timedelta_days(n):
    from datetime import timedelta

    return timedelta(days=n)


@pytest.mark.parametrize("width", [390, 1280])
def test_the_drive_page_fits_and_passes_axe(drive_site, axe_page, width, tmp_path):  # noqa: F811
    server, user = drive_site
    browser_login(axe_page, server, user)
    axe_page.set_viewport_size({"width": width, "height": 900})
    for year in (2569, 2570):
        axe_page.goto(f"{server.url}/surveys/{year}/")
        assert axe_page.locator("h1").first.inner_text().startswith("การรณรงค์ตอบแบบสำรวจ")
        overflow = axe_page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"/surveys/{year}/ scrolls sideways at {width}px"
        chart = axe_page.locator("svg.survey-chart").first.bounding_box()
        assert chart["x"] >= 0 and chart["x"] + chart["width"] <= width
        bad = [v for v in axe_violations(axe_page) if v["impact"] in ("serious", "critical")]
        assert bad == [], bad
        axe_page.screenshot(path=str(tmp_path / f"drive-{year}-{width}.png"), full_page=True)


def test_logging_a_day_on_a_phone(drive_site, page):
    server, user = drive_site
    browser_login(page, server, user)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{server.url}/surveys/2570/")
    page.get_by_label("IIT ตอบแล้ว (คน)").fill("33")
    page.get_by_label("EIT ตอบแล้ว (คน)").fill("12")
    page.get_by_role("button", name="บันทึก").click()
    page.wait_for_load_state()
    assert "บันทึกจำนวนผู้ตอบแล้ว" in page.content()
    assert "๓๓</strong> / ๑๒๐ คน" in page.content()
