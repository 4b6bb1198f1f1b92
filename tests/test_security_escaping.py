"""Text that staff type is shown as text: markup is escaped on the pages and printed literally
in the PDF, and a very long Thai line without spaces wraps instead of running off the page."""

import re
import subprocess

import pytest
import weasyprint
from django.template.loader import render_to_string

from actionplans.models import ActionItem, PlanMethod
from assessments.models import Finding, Guideline
from publishing import documents
from publishing.pdf import BASE_URL, LocalFetcher

SCRIPT = "<script>alert(1)</script>"
BOLD = "<b>ตัวหนา</b>"
# What a pasted paragraph with no spaces looks like: real words run together, 3,000 characters
# (each text is cut to its field's limit).
WORDS = "การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ"
LONG_THAI = (WORDS * (3000 // len(WORDS) + 1))[:3000]
# And a pasted link, with no break opportunity at all (in a guideline: outside the tables,
# where report.css lets it break; inside a PDF table cell it would still overflow).
UNBREAKABLE = "https://www.donsak.go.th/" + "ข่าวประชาสัมพันธ์/" + "a" * 400
# Escaped, as it must appear in the HTML (thnum may have turned the 1 into ๑).
ESCAPED_SCRIPT = re.compile(r"&lt;script&gt;alert\((1|๑)\)&lt;/script&gt;")


@pytest.fixture
def hostile(demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return hostile_data(demo)


def longest(obj, field, text):
    """`text` cut to the field's limit: the database refuses more (issue 19, finding 7)."""
    return text[: type(obj)._meta.get_field(field).max_length]


def hostile_data(demo):
    finding = Finding.objects.filter(assessment=demo, kind=Finding.Kind.WEAKNESS).first()
    finding.issue = longest(finding, "issue", f"ประเด็นทดสอบ {SCRIPT} {BOLD} {LONG_THAI}")
    finding.save()
    guideline = Guideline.objects.filter(assessment=demo).first()
    guideline.text = f"แนวทางทดสอบ {SCRIPT} {BOLD} {UNBREAKABLE}"
    guideline.save()
    method = PlanMethod.objects.filter(topic__assessment=demo).first()
    method.text = longest(method, "text", f"วิธีการทดสอบ {SCRIPT} {BOLD} {LONG_THAI}")
    method.save()
    item = ActionItem.objects.filter(topic__assessment=demo).first()
    item.text = longest(item, "text", f"ขั้นตอนทดสอบ {SCRIPT} {BOLD} {LONG_THAI}")
    item.save()
    return demo


def test_markup_in_staff_text_is_escaped_on_the_report_page(client, hostile):
    html = client.get("/reports/2568/").content.decode()
    assert SCRIPT not in html and BOLD not in html
    assert len(ESCAPED_SCRIPT.findall(html)) == 4
    assert html.count("&lt;b&gt;ตัวหนา&lt;/b&gt;") == 4
    # as read: without the line-break markup that keeps words whole (the `thtext` filter)
    read = re.sub(r'<span class="nobreak">([^<]*)</span>', r"\1", html.replace("<wbr>", ""))
    stored = hostile.findings.get(issue__contains=SCRIPT).issue
    long_run = stored.rsplit(" ", 1)[-1]  # LONG_THAI, as long as a finding's issue may be
    assert len(long_run) > 1900 and long_run in read and UNBREAKABLE in read


def test_markup_in_staff_text_is_escaped_on_the_plan_and_action_pages(client, staff, hostile):
    html = client.get("/reports/2568/plan/").content.decode()
    assert SCRIPT not in html and ESCAPED_SCRIPT.search(html)
    client.force_login(staff)
    item = ActionItem.objects.filter(topic__assessment=hostile).first()
    html = client.get(f"/actions/{item.pk}/").content.decode()
    assert SCRIPT not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def _overflowing_boxes(document):
    """Text laid out past the right edge of the page's content area, with its page number."""
    found = []
    for number, page in enumerate(document.pages, 1):
        root = page._page_box
        right = root.margin_width() - root.margin_right  # the content area's right edge
        for box in root.descendants():
            if isinstance(box, weasyprint.formatting_structure.boxes.TextBox):
                end = box.position_x + box.width
                if end > right + 1:  # CSS px; a pixel of slack for rounding
                    found.append((number, round(end - right), box.text[:30]))
    return found


def test_the_pdf_prints_markup_literally_and_wraps_long_lines_inside_the_page(hostile, tmp_path):
    # The PDF view's own template, context and URL fetcher; rendered once for both checks.
    html = render_to_string("publishing/report_pdf.html", documents.report_context(hostile))
    document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=LocalFetcher()).render()
    assert _overflowing_boxes(document) == []
    # The demo report is 10-24 pages; two 3,000-character texts in narrow plan columns add
    # about fifteen, not hundreds.
    assert len(document.pages) < 40

    path = tmp_path / "report.pdf"
    document.write_pdf(path)
    text = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # Lines wrap where the PDF says; compare without the breaks.
    flat = "".join(text.split())
    flat = flat.replace("๑", "1")
    for label in ("ประเด็นทดสอบ", "แนวทางทดสอบ", "วิธีการทดสอบ", "ขั้นตอนทดสอบ"):
        assert f"{label}<script>alert(1)</script><b>ตัวหนา</b>" in flat, label


@pytest.mark.browser
def test_the_report_page_does_not_scroll_sideways_with_long_text(
    live_server, transactional_db, page, settings, tmp_path
):
    from django.core.management import call_command

    call_command("load_framework", verbosity=0)
    call_command("load_demo", verbosity=0)
    from assessments.models import Assessment

    hostile_data(Assessment.objects.get(fiscal_year=2568))
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/reports/2568/")
        page.wait_for_load_state("load")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{overflow}px sideways scroll at {width}px"
    assert dialogs == []  # no alert(1) ran
