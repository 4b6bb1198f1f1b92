"""The demo's survey drive (issue 22, part 5): Don Sak's 2569 drive as example data
(ข้อมูลตัวอย่าง), loaded by `load_demo` with the example progress (DEBUG on), with its targets,
a log and service points; LINE stays off."""

from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from assessments.models import Organization
from core.models import Delivery
from surveys.models import SurveyDrive


def test_the_demo_has_the_2569_drive_labelled_as_example(demo_with_example, staff_client):
    drive = SurveyDrive.objects.get(fiscal_year=2569)
    assert drive.is_example and drive.organization.code == "donsak"
    assert (drive.iit_minimum, drive.eit_minimum) == (120, 100)
    assert drive.counts.count() == 8 and drive.service_points.count() == 4
    html = staff_client.get(reverse("surveys:drive", args=[2569])).content.decode()
    assert "ข้อมูลตัวอย่าง" in html
    assert "ปิดตอบแล้ว" in html
    assert "ถึงขั้นต่ำเมื่อ" in html  # IIT: 124 of 120 on 12 June 2569
    assert "ตามหลัง:</strong> EIT" in html  # EIT: 63 of 100 when it closed
    assert "๑๒ มิถุนายน ๒๕๖๙" in html


def test_loading_the_demo_twice_changes_nothing(demo_with_example, settings):
    drive = SurveyDrive.objects.get(fiscal_year=2569)
    drive.iit_minimum = 130
    drive.save()
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    assert SurveyDrive.objects.get(fiscal_year=2569).iit_minimum == 130


def test_no_demo_drive_without_the_example_data(demo):
    assert not SurveyDrive.objects.exists()


def test_line_stays_off_in_the_demo(demo_with_example, settings):
    assert settings.LINE_CHANNEL_ACCESS_TOKEN == "" and settings.LINE_CHANNEL_SECRET == ""
    assert not Organization.objects.get(code="donsak").line_enabled
    call_command("send_action_reminders", stdout=StringIO())
    assert not Delivery.objects.filter(channel="line").exists()
