"""The survey posters (issue 22, part 2): an A4 PDF per service point for the EIT and one for
the staff and the IIT, with the agency's name, a Thai invitation, the link as a QR code and as
text, and the deadline in พ.ศ. The QR is decoded from the printed page (pdftoppm, then
zxing-cpp), as a phone camera would read it."""

import io
import subprocess
from datetime import date

import pytest
import zxingcpp
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from surveys.models import SurveyDrive

EIT_LINK = "https://itas.nacc.go.th/go/eit/5a7b3c9d-2569-donsak?lang=th&ref=poster"
IIT_LINK = "https://itas.nacc.go.th/go/iit/8e1f4d2c-2569-donsak"


@pytest.fixture
def drive(demo):
    d = SurveyDrive.objects.create(
        organization=demo.organization,
        fiscal_year=2569,
        opens_on=date(2026, 5, 1),
        closes_on=date(2026, 6, 30),
        iit_minimum=50,
        eit_minimum=70,
        iit_link=IIT_LINK,
        eit_link=EIT_LINK,
    )
    d.service_points.create(name="งานทะเบียนราษฎร", place="ชั้น ๑ อาคารสำนักงาน", order=1)
    d.service_points.create(name="งานจัดเก็บรายได้", order=2)
    return d


def pdf_text(pdf, tmp_path):
    path = tmp_path / "poster.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def decoded_qr(pdf, tmp_path, page=1):
    """The texts of the QR codes on the printed page, read from a 150 dpi rendering."""
    path = tmp_path / "poster.pdf"
    path.write_bytes(pdf)
    png = subprocess.run(
        ["pdftoppm", "-r", "150", "-f", str(page), "-l", str(page), "-png", str(path)],
        capture_output=True,
        check=True,
    ).stdout
    image = Image.open(io.BytesIO(png))
    assert image.width == 1241 and image.height == 1754  # A4 at 150 dpi
    return [r.text for r in zxingcpp.read_barcodes(image.convert("L"))]


def pages(pdf, tmp_path):
    path = tmp_path / "poster.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    return int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])


def test_a_service_points_eit_poster_prints_its_link_as_a_qr_that_decodes(
    ita_staff_client, drive, tmp_path
):
    point = drive.service_points.get(name="งานทะเบียนราษฎร")
    response = ita_staff_client.get(reverse("surveys:poster_eit", args=[2569, point.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pages(pdf, tmp_path) == 1
    assert decoded_qr(pdf, tmp_path) == [EIT_LINK]
    text = pdf_text(pdf, tmp_path)
    assert "เทศบาลเมืองดอนสัก" in text
    assert "ขอเชิญผู้รับบริการ" in text and "จุดบริการ: งานทะเบียนราษฎร" in text
    assert "ตอบได้ถึงวันที่ ๓๐ มิถุนายน ๒๕๖๙" in text
    assert EIT_LINK in text.replace("\n", "").replace(" ", "")


def test_all_service_points_in_one_file_a_page_each(ita_staff_client, drive, tmp_path):
    pdf = ita_staff_client.get(reverse("surveys:poster_eit_all", args=[2569])).content
    assert pages(pdf, tmp_path) == 2
    assert decoded_qr(pdf, tmp_path, page=2) == [EIT_LINK]
    assert "งานจัดเก็บรายได้" in pdf_text(pdf, tmp_path)


def test_the_staff_poster_carries_the_iit_link(ita_staff_client, drive, tmp_path):
    pdf = ita_staff_client.get(reverse("surveys:poster_iit", args=[2569])).content
    assert decoded_qr(pdf, tmp_path) == [IIT_LINK]
    text = pdf_text(pdf, tmp_path)
    assert "ขอเชิญบุคลากรทุกท่าน" in text and "ไม่ระบุตัวตน" in text
    assert "ตอบได้ถึงวันที่ ๓๐ มิถุนายน ๒๕๖๙" in text


def test_without_a_link_the_nacc_qr_image_is_printed(ita_staff_client, drive, tmp_path):
    import segno

    buffer = io.BytesIO()
    segno.make(IIT_LINK, error="m").save(buffer, kind="png", scale=10)
    drive.iit_link = ""
    drive.iit_qr = SimpleUploadedFile("iit.png", buffer.getvalue(), content_type="image/png")
    drive.save()
    pdf = ita_staff_client.get(reverse("surveys:poster_iit", args=[2569])).content
    assert decoded_qr(pdf, tmp_path) == [IIT_LINK]


def test_neither_a_link_nor_an_image_says_so_in_thai(ita_staff_client, drive):
    drive.eit_link = ""
    drive.save()
    response = ita_staff_client.get(reverse("surveys:poster_eit_all", args=[2569]), follow=True)
    assert "ยังไม่มีลิงก์หรือรูปคิวอาร์โค้ด EIT" in response.content.decode()


def test_posters_need_the_permission(client, django_user_model, drive):
    client.force_login(django_user_model.objects.create_user("clerk", is_staff=True))
    assert client.get(reverse("surveys:poster_iit", args=[2569])).status_code == 403


def test_the_drive_page_lists_a_poster_per_service_point(ita_staff_client, drive):
    html = ita_staff_client.get(reverse("surveys:drive", args=[2569])).content.decode()
    for point in drive.service_points.all():
        assert reverse("surveys:poster_eit", args=[2569, point.pk]) in html
    assert reverse("surveys:poster_iit", args=[2569]) in html
