"""The survey posters: an A4 page per service point inviting service users to answer the EIT,
and one inviting the agency's own staff to answer the IIT. Each prints the agency's name, a
short Thai invitation, the NACC's link as a QR code (segno) and as text, and the deadline in
พ.ศ.; without a link, the QR image the NACC gave is printed instead.

Rendered with WeasyPrint over templates/surveys/poster_pdf.html, reading files through
core.pdf_files.LocalFetcher as the portal's other PDFs do (the Sarabun font from /static/). A
poster is small (one page, no tables): rendered on each request, not cached."""

import base64
import mimetypes

import segno
import weasyprint
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string

from core.pdf_files import BASE_URL, LocalFetcher

from .models import EIT, IIT

PDF_OPTIONS = {"pdf_variant": "pdf/a-3u", "pdf_tags": True}
# Medium error correction: survives a crease or a smudge, and keeps a long ITAS link readable.
QR_ERROR = "m"


def qr_svg_data_uri(link):
    """The link as a QR code, an SVG data: URI (sharp at any print size)."""
    return segno.make(link, error=QR_ERROR, micro=False).svg_data_uri(border=4, dark="#000")


def _image_data_uri(field):
    with field.open("rb") as f:
        data = f.read()
    mime = mimetypes.guess_type(field.name)[0] or "image/png"
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


def poster_qr(drive, survey):
    """(data URI of the QR to print, the link as text or ""). Refused in Thai when the drive
    has neither a link nor a QR image for the survey."""
    link = drive.link(survey)
    if link:
        return qr_svg_data_uri(link), link
    image = drive.qr_image(survey)
    if image:
        return _image_data_uri(image), ""
    raise ValidationError(
        f"ยังไม่มีลิงก์หรือรูปคิวอาร์โค้ด {survey.upper()}: "
        "กรอกในหน้าจัดการข้อมูล การรณรงค์ตอบแบบสำรวจ ก่อนพิมพ์โปสเตอร์"
    )


def poster_pdf(drive, *, survey, points=()):
    """The PDF bytes: for EIT a page per service point in `points` (one page without a point
    when there is none), for IIT one page for the staff."""
    qr, link = poster_qr(drive, survey)
    pages = list(points) if survey == EIT and points else [None]
    html = render_to_string(
        "surveys/poster_pdf.html",
        {
            "drive": drive,
            "organization": drive.organization,
            "survey": survey,
            "is_iit": survey == IIT,
            "pages": pages,
            "qr": qr,
            "link": link,
        },
    )
    document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=LocalFetcher())
    return document.write_pdf(**PDF_OPTIONS)
