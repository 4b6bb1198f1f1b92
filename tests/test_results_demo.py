"""The demo's example progress: a newcomer sees a 6-month results report, and every page that
shows the made-up progress says ข้อมูลตัวอย่าง; nothing of it is presented as Don Sak's real
results."""

import pytest
from django.core.management import call_command
from django.test import Client

from actionplans.models import ActionItem, ProgressUpdate, ResultsRound
from publishing.rounds import results_round_publish

from .rounds import MEMO_FIELDS
from .test_report_pdf import pdftotext


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_example_progress_is_flagged_and_dated_within_the_plans_year(demo_with_example):
    updates = ProgressUpdate.objects.filter(item__topic__assessment=demo_with_example)
    assert updates.exists() and not updates.filter(is_example=False).exists()
    assert all(u.public_summary.startswith("[ตัวอย่าง]") for u in updates)
    days = sorted(u.created_at.date().isoformat() for u in updates)
    assert days[0] >= "2025-10-01" and days[-1] <= "2026-09-30"
    author = updates.first().author
    assert not author.is_active and not author.has_usable_password()


def test_the_demo_6_month_report_is_labelled_example_on_every_page(
    demo_with_example, staff_client, media, tmp_path
):
    rnd = ResultsRound(assessment=demo_with_example, kind="6m", **MEMO_FIELDS)
    rnd.full_clean()
    rnd.save()
    results_round_publish(rnd=rnd)
    visitor = Client()
    for url in (
        "/reports/2568/results/6m/",
        "/reports/2568/results/6m/memo/",
        "/reports/2568/plan/",
    ):
        assert "ข้อมูลตัวอย่าง" in visitor.get(url).content.decode(), url
    data = visitor.get("/reports/2568/results/6m.json").json()
    assert data["example_data"] is True and data["totals"]["done"] > 0
    for pdf in ("/reports/2568/results/6m.pdf", "/reports/2568/results/6m/memo.pdf"):
        text = pdftotext(visitor.get(pdf).content, tmp_path)
        assert "ข้อมูลตัวอย่าง" in text, pdf
    item = ActionItem.objects.filter(updates__is_example=True).first()
    staff_page = staff_client.get(f"/actions/{item.pk}/").content.decode()
    assert "ข้อมูลตัวอย่าง" in staff_page
    admin = staff_client.get("/admin/actionplans/progressupdate/?is_example__exact=1")
    assert admin.status_code == 200 and "ข้อมูลตัวอย่าง" in admin.content.decode()


def test_load_demo_is_idempotent_and_reset_reloads_the_example(demo_with_example, settings):
    settings.DEBUG = True
    count = ProgressUpdate.objects.count()
    call_command("load_demo", verbosity=0)
    assert ProgressUpdate.objects.count() == count
    call_command("load_demo", verbosity=0, reset=True)
    assert ProgressUpdate.objects.count() == count
    assert ProgressUpdate.objects.filter(is_example=True).count() == count


def test_without_debug_no_example_progress_is_loaded(db, settings):
    settings.DEBUG = False
    call_command("load_demo", verbosity=0)
    assert not ProgressUpdate.objects.exists()
    assert not ActionItem.objects.exclude(status="not_started").exists()
