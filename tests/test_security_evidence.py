"""Evidence uploads: the content must match the type the name claims, so a web page or an SVG
in disguise never gets stored; what is stored goes out only as a sandboxed download."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actionplans.models import ActionItem, ProgressUpdate
from tests.progress_post import post_progress

SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg">'
    b"<script>alert(document.cookie)</script></svg>"
)
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40


def docx_bytes():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
    return out.getvalue()


@pytest.fixture
def item(demo):
    return ActionItem.objects.filter(owner__name="งานธุรการ").order_by("pk").first()


def upload(client, item, name, data):
    return post_progress(
        client,
        item,
        {
            "status": "in_progress",
            "percent": "40",
            "evidence_file": SimpleUploadedFile(name, data, content_type="application/pdf"),
        },
    )


@pytest.mark.parametrize(
    "name, data, kind",
    [
        ("รายงาน.pdf", HTML, "PDF"),
        ("ภาพกิจกรรม.png", SVG, "PNG"),
        ("ภาพ.jpg", SVG, "JPEG"),
        ("แผน.docx", HTML, "Word"),
        ("ตาราง.xls", b"\xef\xbb\xbf  <html><script>x</script>", "Excel"),
    ],
)
def test_a_web_page_or_svg_with_a_document_name_is_refused_in_thai(
    alice_client, item, evidence_root, name, data, kind
):
    response = upload(alice_client, item, name, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"ไฟล์ {name} ไม่ใช่ไฟล์ {kind} จริง" in html
    assert "เนื้อในเป็นหน้าเว็บ (HTML) หรือภาพ SVG" in html
    assert not ProgressUpdate.objects.exists()
    assert not evidence_root.exists() or not any(evidence_root.rglob("*.*"))


def test_a_png_that_is_really_a_pdf_is_refused(alice_client, item, evidence_root):
    response = upload(alice_client, item, "ภาพ.png", b"%PDF-1.7 ...")
    assert "ไม่ใช่ไฟล์ PNG จริง (เนื้อในเป็นไฟล์ชนิดอื่น" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize(
    "name, data",
    [
        ("รายงาน.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"),
        ("ภาพ.PNG", PNG),
        ("ภาพ.jpeg", JPEG),
        ("แผน.doc", OLE2),
        ("ตาราง.xls", OLE2),
        ("แผน.docx", docx_bytes()),
        ("ตาราง.ods", docx_bytes()),
    ],
)
def test_real_documents_and_images_are_accepted(alice_client, item, evidence_root, name, data):
    response = upload(alice_client, item, name, data)
    assert response.status_code == 302, response.content.decode()
    update = ProgressUpdate.objects.get()
    assert update.evidence_file.open("rb").read() == data


def test_the_download_is_a_sandboxed_attachment_whatever_it_holds(
    alice_client, item, evidence_root
):
    upload(alice_client, item, "รายงาน.pdf", b"%PDF-1.4 <script>alert(1)</script>")
    update = ProgressUpdate.objects.get()
    response = alice_client.get(reverse("actionplans:evidence", args=[update.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    # The view's own policy, not the site's: nothing in the file may run or load anything.
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_evidence_is_not_reachable_under_media(alice_client, item, evidence_root, settings):
    upload(alice_client, item, "รายงาน.pdf", b"%PDF-1.4 evidence")
    update = ProgressUpdate.objects.get()
    assert alice_client.get(f"/media/{update.evidence_file.name}").status_code == 404
    assert settings.MEDIA_ROOT.resolve() not in (evidence_root / "x").resolve().parents
