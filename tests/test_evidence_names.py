"""Thai evidence file names: the name the user gave is kept exactly, for display and for the
download, while the file is stored under a short safe name (issue 13, finding 4)."""

from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actionplans.models import ActionItem, ProgressUpdate
from tests.progress_post import post_progress

PDF = b"%PDF-1.4 evidence"
LONG_THAI = "รายงานผลการดำเนินงานตามแผนปฏิบัติการประจำปีงบประมาณของเทศบาลเมืองดอนสักฉบับสมบูรณ์ที่สุด"


@pytest.fixture
def item(demo):
    return ActionItem.objects.filter(owner__name="งานธุรการ").order_by("pk").first()


def upload(client, item, name):
    data = {
        "status": "in_progress",
        "percent": "20",
        "evidence_file": SimpleUploadedFile(name, PDF),
    }
    return post_progress(client, item, data)


@pytest.mark.parametrize(
    "name",
    [
        (LONG_THAI[:84] + ".pdf"),  # 256 bytes in UTF-8: over the disk's 255
        "ดำเนินงาน.pdf",  # vowels above and below the line
        "คู่มือ (ฉบับที่ ๒) ปี ๖๘.pdf",  # tone marks, spaces, brackets, Thai digits
        ("ก" * 300 + ".pdf"),  # longer than any disk allows
    ],
)
def test_a_thai_name_is_kept_exactly_and_the_file_is_stored_safely(
    alice_client, item, evidence_root, name
):
    response = upload(alice_client, item, name)
    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    shown = name if len(name) <= 255 else name[:251] + ".pdf"
    assert update.evidence_name == shown

    stored = evidence_root / update.evidence_file.name
    assert stored.read_bytes() == PDF
    assert len(stored.name.encode()) <= 255 and stored.suffix == ".pdf"

    page = alice_client.get(reverse("actionplans:item", args=[item.pk])).content.decode()
    assert shown[:40] in page

    download = alice_client.get(reverse("actionplans:evidence", args=[update.pk]))
    disposition = download["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert f"filename*=utf-8''{quote(shown)}" in disposition
    assert b"".join(download.streaming_content) == PDF


def test_the_same_name_twice_keeps_both_files(alice_client, item, evidence_root):
    for percent in ("20", "30"):
        pdf = SimpleUploadedFile("ดำเนินงาน.pdf", PDF + percent.encode())
        data = {"status": "in_progress", "percent": percent, "evidence_file": pdf}
        assert post_progress(alice_client, item, data).status_code == 302
    updates = ProgressUpdate.objects.order_by("pk")
    assert [u.evidence_name for u in updates] == ["ดำเนินงาน.pdf", "ดำเนินงาน.pdf"]
    assert [u.evidence_file.open("rb").read() for u in updates] == [PDF + b"20", PDF + b"30"]
