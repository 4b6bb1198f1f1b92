"""Progress reports: bad input gets a clear Thai message and saves nothing; evidence files are
kept private and only ever sent as downloads."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actionplans.models import ActionItem, ProgressUpdate
from tests.progress_post import post_progress


@pytest.fixture
def item(demo):
    return ActionItem.objects.filter(owner__name="งานธุรการ").order_by("pk").first()


def post(client, item, **data):
    return post_progress(client, item, data)


def assert_nothing_saved(item):
    item.refresh_from_db()
    assert (item.status, item.percent) == ("not_started", 0)
    assert not ProgressUpdate.objects.exists()


def test_percent_over_100_is_refused_in_thai(alice_client, item):
    response = post(alice_client, item, status="in_progress", percent="150", note="x")
    assert response.status_code == 200
    assert "ร้อยละความก้าวหน้าต้องไม่เกิน 100" in response.content.decode()
    assert_nothing_saved(item)


def test_an_empty_update_is_refused_in_thai(alice_client, item):
    response = post(alice_client, item, status="not_started", percent="0")
    assert "รายงานนี้ว่างเปล่า" in response.content.decode()
    assert_nothing_saved(item)
    response = post(alice_client, item)
    assert "กรุณาเลือกสถานะของงาน" in response.content.decode()
    assert "กรุณากรอกร้อยละความก้าวหน้า" in response.content.decode()
    assert_nothing_saved(item)


def test_done_needs_100_percent(alice_client, item):
    response = post(alice_client, item, status="done", percent="80", note="เสร็จ")
    assert "งานที่เสร็จแล้วต้องมีความก้าวหน้าร้อยละ 100" in response.content.decode()
    assert_nothing_saved(item)


def test_a_file_too_large_is_refused_in_thai(alice_client, item, evidence_root):
    big = SimpleUploadedFile("report.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024 + 1))
    response = post(alice_client, item, status="in_progress", percent="30", evidence_file=big)
    assert "เกินขนาดสูงสุด 10 เมกะไบต์" in response.content.decode()
    assert_nothing_saved(item)
    assert not evidence_root.exists() or not any(evidence_root.rglob("*"))


@pytest.mark.parametrize("name", ["page.html", "logo.svg", "run.exe", "noextension"])
def test_a_refused_file_type_is_refused_in_thai(alice_client, item, evidence_root, name):
    bad = SimpleUploadedFile(name, b"<script>alert(1)</script>")
    response = post(alice_client, item, status="in_progress", percent="30", evidence_file=bad)
    html = response.content.decode()
    assert "ไม่รับไฟล์ชนิด" in html and "แนบได้เฉพาะไฟล์ pdf, png, jpg" in html
    assert_nothing_saved(item)


def test_a_bad_evidence_link_is_refused_in_thai(alice_client, item):
    response = post(alice_client, item, status="in_progress", percent="30", evidence_url="a b")
    assert "ลิงก์หลักฐานไม่ถูกต้อง" in response.content.decode()
    assert_nothing_saved(item)


def test_evidence_file_is_kept_outside_media_and_sent_only_as_an_attachment(
    alice_client, bob_client, client, item, evidence_root, settings
):
    pdf = SimpleUploadedFile("คู่มือ.pdf", b"%PDF-1.4 evidence", content_type="text/html")
    post(alice_client, item, status="in_progress", percent="50", evidence_file=pdf)
    update = ProgressUpdate.objects.get()
    path = evidence_root / update.evidence_file.name
    assert path.read_bytes() == b"%PDF-1.4 evidence"
    assert settings.MEDIA_ROOT not in path.parents

    url = reverse("actionplans:evidence", args=[update.pk])
    assert url in alice_client.get(reverse("actionplans:item", args=[item.pk])).content.decode()
    response = alice_client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/octet-stream"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 evidence"

    assert bob_client.get(url).status_code == 404
    assert client.get(url).status_code == 302


def test_evidence_link_and_accepted_office_files_are_kept(alice_client, item, evidence_root):
    doc = SimpleUploadedFile("แผน.DOCX", b"PK\x03\x04 docx")
    post(
        alice_client,
        item,
        status="in_progress",
        percent="20",
        evidence_url="https://www.donsak.go.th/manual",
        evidence_file=doc,
    )
    update = ProgressUpdate.objects.get()
    assert update.evidence_url == "https://www.donsak.go.th/manual"
    assert update.evidence_file.name.endswith(".DOCX")


def test_timeline_is_newest_first_with_status_change_author_and_note(alice_client, item):
    post(alice_client, item, status="in_progress", percent="30", note="ร่างคู่มือ")
    post(alice_client, item, status="done", percent="100", public_summary="แจกเวียนแล้ว")
    html = alice_client.get(reverse("actionplans:item", args=[item.pk])).content.decode()
    assert html.index("แจกเวียนแล้ว") < html.index("ร่างคู่มือ")
    assert "กำลังดำเนินการ →" in html
    assert html.count("อลิส ใจดี") == 2
    item.refresh_from_db()
    assert (item.status, item.percent) == ("done", 100)
