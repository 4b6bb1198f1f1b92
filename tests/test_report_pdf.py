"""The report and memo PDFs: WeasyPrint output checked with poppler (pdftotext, pdffonts,
pdfinfo, pdftoppm), never mocked.

The extracted text is the text: SARA AM (ำ) comes back as ำ thanks to the bundled Sarabun's own
SARA AA glyph after NIKHAHIT (static/fonts/README.md, tests/test_fonts.py), so texts are
compared with the PDF's text as they are.
"""

import contextlib
import re
import subprocess
import time
import zlib

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from weasyprint.urls import FatalURLFetchingError

from assessments.models import Assessment
from publishing import pdf as pdfmod

from .test_report_pages import INDICATOR_NAMES


def inflated(data):
    """The PDF's bytes with every Flate stream inflated, to read compressed objects."""
    parts = [data]
    for m in re.finditer(rb"stream\r?\n", data):
        with contextlib.suppress(zlib.error):
            parts.append(zlib.decompressobj().decompress(data[m.end() :]))
    return b"".join(parts)


def pdftotext(data, tmp_path, name="doc"):
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    out = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    )
    return out.stdout


def poppler(tool, data, tmp_path, *args):
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    return subprocess.run(
        [tool, *args, str(path)], capture_output=True, check=True, text=True
    ).stdout


@pytest.fixture(scope="module")
def pdfs(django_db_setup, django_db_blocker, tmp_path_factory):
    """Both PDFs of the demo year, rendered once for the module (the data rolled back after)."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        # A transactional test run earlier may have emptied the migrated catalogue.
        call_command("load_framework", verbosity=0)
        call_command("load_demo", verbosity=0)
        client = Client()
        started = time.perf_counter()
        report = client.get("/reports/2568/report.pdf")
        cold = time.perf_counter() - started
        memo = client.get("/reports/2568/memo.pdf")
        transaction.set_rollback(True)
    assert report.status_code == memo.status_code == 200
    return {"report": report, "memo": memo, "cold_seconds": cold}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_pdfs_are_pdfs_served_as_such(pdfs):
    for response in (pdfs["report"], pdfs["memo"]):
        assert response.content.startswith(b"%PDF")
        assert response["Content-Type"] == "application/pdf"
        assert response["ETag"].startswith('"')
        assert response["Last-Modified"]


def test_pdfs_have_thai_file_names(pdfs):
    disposition = pdfs["report"]["Content-Disposition"]
    # รายงานการวิเคราะห์ผล-ITA-2568.pdf, percent-encoded as RFC 5987 asks
    assert "filename*=UTF-8''%E0%B8%A3%E0%B8%B2%E0%B8%A2%E0%B8%87%E0%B8%B2%E0%B8%99" in disposition
    assert disposition.endswith("-ITA-2568.pdf")
    assert 'filename="ITA-report-2568.pdf"' in disposition
    assert "ITA-memo-2568.pdf" in pdfs["memo"]["Content-Disposition"]


SARA_AM_WORDS = ["ดำเนินงาน", "สำนักงาน", "ประจำปี", "คำถาม", "กำหนด"]


def test_copied_text_keeps_sara_am(pdfs, tmp_path):
    report = pdftotext(pdfs["report"].content, tmp_path, "report")
    memo = pdftotext(pdfs["memo"].content, tmp_path, "memo")
    for word in SARA_AM_WORDS:
        assert word in report, word
        # what copy-paste gave before: "ดาเนินงาน", "สานักงาน", "ประจาปี"
        assert word.replace("\u0e33", "\u0e32") not in report + memo, word
    assert "สำนักงาน" in memo and "ดำเนินงาน" in memo
    # and plain SARA AA stays SARA AA
    assert "การ" in report and "หน่วยงาน" in report


def test_report_pdf_text_has_the_figures_and_the_analysis(pdfs, tmp_path):
    text = pdftotext(pdfs["report"].content, tmp_path)
    flat = "".join(text.split())
    assert "๙๔.๕๐" in text
    assert "ผ่านดี" in text
    for name in INDICATOR_NAMES:
        assert name in flat, name
    assert "ประเด็นเจ้าหน้าที่ในหน่วยงานบางรายมีการขอยืมทรัพย์สินของทางราชการ" in flat
    assert "กระบวนการกำกับดูแลการใช้ทรัพย์สินของราชการ" in flat
    assert "๑ตุลาคม๒๕๖๘–๓๐กันยายน๒๕๖๙" in flat


def test_memo_pdf_has_the_fields_of_the_form_in_order(pdfs, tmp_path):
    text = pdftotext(pdfs["memo"].content, tmp_path)
    flat = "".join(text.split())
    parts = [
        "บันทึกข้อความ",
        "ส่วนราชการงานธุรการกองยุทธศาสตร์และงบประมาณโทร.๐๓๗-๓๗๑๘๗๑",
        "ที่สฎ๕๒๙๐๘/๙๔",
        "วันที่๑๗เมษายน๒๕๖๙",
        "เรื่องรายงานวิเคราะห์ผลการประเมิน",
        "เรียนนายกเทศมนตรีเมืองดอนสัก",
        "เรื่องเดิม",
        "ข้อเท็จจริง",
        "ข้อพิจารณา",
        "จึงเรียนมาเพื่อโปรดพิจารณา",
        "(ลงชื่อ)",
        "(นางสาวสมฤดีขนอม)",
        "ความเห็นผู้อำนวยการกองยุทธศาสตร์และงบประมาณ",
        "ความเห็นปลัดเทศบาล",
        "(นายชวินปพนศักดิ์)",
        "คำสั่งนายกเทศมนตรีเมืองดอนสัก",
        "(นายฉัตรชัยกันเที่ยง)",
        "ร่าง/ตรวจ(นางดวงพรนวก์)หน.ฝ่ายแผนงาน๑๗/๔/๖๙",
    ]
    at = 0
    for part in parts:  # each one after the one before
        at = flat.index(part, at) + len(part)


def test_memo_pdf_says_what_follows_at_the_foot_of_page_one(pdfs, tmp_path):
    pages = pdftotext(pdfs["memo"].content, tmp_path).split("\f")
    assert len(pages) >= 2
    first_word = pages[1].split()[0] if not pages[1].startswith("-") else pages[1].split()[3]
    assert re.search(r"/\S+\.\.\.", pages[0]), pages[0][-200:]
    continuation = re.search(r"/(\S+)\.\.\.", pages[0])[1]
    assert continuation in "".join(pages[1].split()[:6]), (continuation, first_word)


def test_pdfs_embed_sarabun_and_no_other_font(pdfs, tmp_path):
    for response in (pdfs["report"], pdfs["memo"]):
        rows = poppler("pdffonts", response.content, tmp_path).splitlines()[2:]
        assert rows
        for row in rows:
            name, *_rest = row.split()
            assert "+Sarabun" in name, row
            assert " yes yes yes " in row, row  # embedded, subset, with a Unicode map


def test_pdf_metadata_names_the_title_author_and_language(pdfs, tmp_path):
    info = poppler("pdfinfo", pdfs["report"].content, tmp_path)
    assert "Title:           รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส" in info
    assert "Author:          เทศบาลเมืองดอนสัก" in info
    assert "Page size:       595.276 x 841.89 pts (A4)" in info
    # The catalogue sits in a compressed object stream: inflate the streams to read it.
    assert b"/Lang (th)" in inflated(pdfs["report"].content)


def test_page_counts_are_sensible(pdfs, tmp_path):
    pages = {}
    for kind in ("report", "memo"):
        info = poppler("pdfinfo", pdfs[kind].content, tmp_path)
        pages[kind] = int(
            next(li for li in info.splitlines() if li.startswith("Pages:")).split()[1]
        )
    assert 10 <= pages["report"] <= 24
    assert 1 <= pages["memo"] <= 3


def test_page_numbers_are_thai_digits(pdfs, tmp_path):
    text = pdftotext(pdfs["report"].content, tmp_path)
    assert "- ๒ -" in text and "- ๑๐ -" in text


def test_plan_table_header_repeats_on_following_pages(pdfs, tmp_path):
    text = pdftotext(pdfs["report"].content, tmp_path)
    pages = text.split("\f")
    with_header = [p for p in pages if "ระยะ" in p and "หัวข้อ" in p and "ขั้นตอน/วิธีปฏิบัติ" in p]
    assert len(with_header) >= 3


def page_sizes(data, tmp_path):
    """{page number: "portrait" or "landscape"} from pdfinfo."""
    info = poppler("pdfinfo", data, tmp_path, "-f", "1", "-l", "999")
    sizes = {}
    for m in re.finditer(r"Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+)", info):
        sizes[int(m[1])] = "landscape" if float(m[2]) > float(m[3]) else "portrait"
    return sizes


def test_plan_is_on_at_most_five_landscape_pages_with_continued_topics_marked(pdfs, tmp_path):
    data = pdfs["report"].content
    sizes = page_sizes(data, tmp_path)
    pages = pdftotext(data, tmp_path).split("\f")
    plan = [n for n, text in enumerate(pages, 1) if "ขั้นตอน/วิธีปฏิบัติ" in text]
    assert 1 <= len(plan) <= 5, plan
    assert all(sizes[n] == "landscape" for n in plan)
    assert sizes[1] == "portrait" and sizes[plan[0] - 1] == "portrait"
    # a topic running over a page says so at the top of its cell there
    continued = [n for n in plan[1:] if re.search(r"^[๑-๙]+\. \(ต่อ\)", pages[n - 1], re.M)]
    assert continued, "no continued topic marked (ต่อ)"
    assert "(ต่อ)" not in pages[plan[0] - 1]


def test_pdfs_are_tagged_pdf_a_with_language_and_title(pdfs, tmp_path):
    for kind in ("report", "memo"):
        info = poppler("pdfinfo", pdfs[kind].content, tmp_path)
        assert "Tagged:          yes" in info, kind
        meta = poppler("pdfinfo", pdfs[kind].content, tmp_path, "-meta")
        assert 'pdfaid:part="3"' in meta and 'pdfaid:conformance="U"' in meta, kind
        assert re.search(r"Title:\s+\S", info), kind
        assert b"/Lang (th)" in inflated(pdfs[kind].content), kind


def bottom_blanks(data, tmp_path, name):
    """The blank height (cm) at the foot of each page's content area, read off 40 dpi renders."""
    from PIL import Image

    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "40", "-gray", str(path), str(tmp_path / name)], check=True)
    per_cm = 40 / 2.54
    blanks = []
    for image in sorted(tmp_path.glob(f"{name}-*.pgm")):
        img = Image.open(image)
        width, height = img.size
        bottom = int(height - (1.5 if width > height else 2.0) * per_cm)  # above the footer
        pixels = img.load()
        last = max(
            (y for y in range(bottom) if any(pixels[x, y] < 200 for x in range(0, width, 2))),
            default=0,
        )
        blanks.append((bottom - last) / per_cm)
    return blanks


def test_no_page_ends_with_more_than_4_cm_that_the_next_content_could_have_filled(pdfs, tmp_path):
    for kind in ("report", "memo"):
        data = pdfs[kind].content
        pages = pdftotext(data, tmp_path, kind).split("\f")
        blanks = bottom_blanks(data, tmp_path, kind)
        for n, blank in enumerate(blanks[:-1], start=1):
            lines = [li for li in pages[n].splitlines() if li.strip() and not li.startswith("- ")]
            following = lines[0][:40] if lines else ""
            # the cover, and the page before part two (the landscape plan starts a new sheet);
            # part one follows the tables on the same page (issue 20: 11.3 cm were left blank)
            if n == 1 and kind == "report" or following.startswith("ส่วนที่ ๒"):
                continue
            assert blank <= 4, f"{kind} page {n}: {blank:.1f} cm blank before “{following}”"


def test_pages_render_to_images_with_ink(pdfs, tmp_path):
    from PIL import Image, ImageStat

    path = tmp_path / "report.pdf"
    path.write_bytes(pdfs["report"].content)
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "3", str(path), str(tmp_path / "p")],
        check=True,
    )
    images = sorted(tmp_path.glob("p-*.png"))
    assert len(images) == 3
    for image in images:
        img = Image.open(image).convert("L")
        assert img.size[0] < img.size[1]  # portrait A4
        assert ImageStat.Stat(img).mean[0] < 252  # text on the page, not blank


def test_pdf_is_cached_until_the_data_changes(
    client, demo, media, django_capture_on_commit_callbacks
):
    first = client.get("/reports/2568/report.pdf")
    started = time.perf_counter()
    again = client.get("/reports/2568/report.pdf")
    cached = time.perf_counter() - started
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert cached < 0.5
    assert len(list((media / "pdf-cache").glob("report-2568-*.pdf"))) == 1

    # Changed as the admin and the services change rows: saved, then committed.
    with django_capture_on_commit_callbacks(execute=True):
        for note in demo.findings.filter(kind="note"):
            note.recommendation = "ข้อความใหม่ของข้อสังเกต"
            note.save()
    changed = client.get("/reports/2568/report.pdf")
    assert changed["ETag"] != first["ETag"]
    assert len(list((media / "pdf-cache").glob("report-2568-*.pdf"))) == 1


def test_unchanged_pdf_answers_304_to_its_etag(client, demo, media):
    etag = client.get("/reports/2568/memo.pdf")["ETag"]
    assert client.get("/reports/2568/memo.pdf", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_draft_pdf_is_hidden_from_the_public_and_marked_for_staff(
    staff_client, demo, media, tmp_path
):
    demo.status = Assessment.Status.DRAFT
    demo.save()
    assert Client().get("/reports/2568/memo.pdf").status_code == 404
    response = staff_client.get("/reports/2568/memo.pdf")
    assert response.status_code == 200
    assert "ฉบับร่าง" in pdftotext(response.content, tmp_path)
    assert "%E0%B8%89%E0%B8%9A%E0%B8%B1%E0%B8%9A" in response["Content-Disposition"]


def test_missing_font_fails_loudly(monkeypatch, settings, tmp_path):
    from django.contrib.staticfiles import finders

    real_find = finders.find
    monkeypatch.setattr(
        finders, "find", lambda path, **kw: None if path.endswith(".ttf") else real_find(path, **kw)
    )
    html = (
        '<html lang="th"><head><link rel="stylesheet" href="/static/css/print.css"></head>'
        "<body>ทดสอบ</body></html>"
    )
    with pytest.raises(FatalURLFetchingError, match="Sarabun-Regular.ttf"):
        pdfmod.render_pdf(html)


def test_fetcher_never_goes_over_http():
    fetcher = pdfmod.LocalFetcher()
    with pytest.raises(FatalURLFetchingError):
        fetcher.fetch("http://127.0.0.1:8000/static/css/report.css")
    assert pdfmod.LocalFetcher.local_path("file:///media/../../etc/passwd") is None
