"""Hostile uploads are refused fast, before they can eat the server's memory or time.

Each file is small on the wire and huge inside; each is refused with a Thai message naming the
limit, quickly, with bounded memory growth in the server (this) process, and saves nothing.

Time bounds are the CPU seconds this process spent on the request (`time.process_time`): what
a hostile file costs a server worker, unmoved by other work on the machine (the suite runs on
several processes; a loaded CI machine would make wall-clock bounds flaky)."""

import io
import re
import time
import tracemalloc
import zipfile

import pytest
from django.urls import reverse

from core import spreadsheets
from tests.frameworks import scores_of, upload, xlsx_bytes
from tests.import_helpers import import_url, post_import

HEADER = (
    '<row r="1"><c t="inlineStr"><is><t>รหัสข้อ</t></is></c>'
    '<c t="inlineStr"><is><t>คะแนน</t></is></c></row>'
)


def with_sheet_xml(rows_xml):
    """A real workbook whose first sheet's rows are replaced by `rows_xml` (bytes)."""
    base = xlsx_bytes({"คะแนนรายข้อ": [["รหัสข้อ", "คะแนน"]]})
    src = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                # No <dimension>: openpyxl's read-only mode would otherwise read only the rows
                # it declares; a hostile file declares what it likes.
                head = re.sub(r"<dimension[^>]*/>", "", text[: text.index("<sheetData")])
                tail = text[text.index("</sheetData>") + len("</sheetData>") :]
                with dst.open(info.filename, "w") as f:
                    f.write(head.encode() + b"<sheetData>" + HEADER.encode())
                    f.write(rows_xml)
                    f.write(b"</sheetData>" + tail.encode())
                continue
            dst.writestr(info, data)
    return out.getvalue()


def rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096


def measured(fn):
    """(result, seconds, traced peak bytes, RSS growth bytes) of fn(); the time is measured
    apart from tracemalloc, which slows every allocation several times over."""
    started = time.process_time()
    fn()
    seconds = time.process_time() - started
    tracemalloc.start()
    rss = rss_bytes()
    try:
        result = fn()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return result, seconds, peak, rss_bytes() - rss


MB = 1024 * 1024


@pytest.fixture(scope="module")
def million_rows():
    # One cell per row, numbered by position: about 26 MB inside, well under the 50 MB
    # directory limit, so it is the streaming row count that must stop it.
    data = with_sheet_xml(b"<row><c><v>1</v></c></row>" * 1_000_000)
    assert len(data) < 250 * 1024
    return data


def test_a_million_row_workbook_is_refused_in_under_two_seconds(
    staff_client, demo, million_rows, capsys
):
    before = scores_of(demo)
    staff_client.get(import_url(demo))  # a running server: the admin's code already loaded
    response, seconds, peak, rss_growth = measured(
        lambda: post_import(staff_client, demo, million_rows, "million.xlsx")
    )
    html = response.content.decode()
    assert "มีเกิน 10,000 แถว (จำนวนแถวสูงสุดที่รับได้)" in html
    assert seconds < 1, seconds
    assert peak < 100 * MB and rss_growth < 100 * MB, (peak, rss_growth)
    assert scores_of(demo) == before
    with capsys.disabled():
        print(
            f"\nmillion-row XLSX ({len(million_rows) // 1024} KiB): refused in {seconds:.2f} s, "
            f"peak {peak / MB:.1f} MiB traced, RSS +{rss_growth / MB:.1f} MiB"
        )


def test_a_workbook_holding_a_50_mb_cell_is_refused_with_a_short_message(
    staff_client, demo, capsys
):
    cell = b"A" * (50 * MB)
    data = with_sheet_xml(b'<row><c t="inlineStr"><is><t>' + cell + b"</t></is></c></row>")
    assert len(data) < 100 * 1024
    before = scores_of(demo)
    staff_client.get(import_url(demo))
    response, seconds, peak, rss_growth = measured(
        lambda: post_import(staff_client, demo, data, "bigcell.xlsx")
    )
    html = response.content.decode()
    assert "เมื่อขยายแล้วใหญ่เกิน 50 MB (ขนาดข้อมูลสูงสุดที่รับได้)" in html
    assert len(response.content) < 100 * 1024 and "A" * 101 not in html
    assert seconds < 1 and peak < 100 * MB, (seconds, peak)
    assert scores_of(demo) == before
    with capsys.disabled():
        print(
            f"\n50 MB-cell XLSX ({len(data) // 1024} KiB): refused in {seconds:.2f} s, "
            f"page {len(response.content) // 1024} KiB, peak {peak / MB:.1f} MiB traced"
        )


def timed_import(client, demo, data, name):
    """The page of a preview, with the seconds it took (after a request that loads the code)."""
    client.get(import_url(demo))
    started = time.process_time()
    html = post_import(client, demo, data, name).content.decode()
    return html, time.process_time() - started


def test_a_cell_past_3000_characters_is_refused_without_being_quoted(staff_client, demo):
    data = xlsx_bytes({"คะแนนรายข้อ": [["รหัสข้อ", "คะแนน"], ["i1", "ก" * 4000]]})
    before = scores_of(demo)
    html, seconds = timed_import(staff_client, demo, data, "longcell.xlsx")
    assert seconds < 1, seconds
    assert "แถวที่ 2 คอลัมน์ที่ 2: ข้อความยาวเกิน 3,000 ตัวอักษร" in html
    assert "ก" * 101 not in html
    assert scores_of(demo) == before


def test_a_csv_with_a_huge_field_is_refused(staff_client, demo):
    data = ("รหัสข้อ,คะแนน\ni1," + "9" * 3 * MB + "\n").encode()
    before = scores_of(demo)
    html, seconds = timed_import(staff_client, demo, data, "huge.csv")
    assert seconds < 1, seconds
    assert "ยาวเกิน 3,000 ตัวอักษร" in html or "ใหญ่เกิน 5 MB" in html
    assert "9" * 101 not in html
    assert scores_of(demo) == before


def test_a_csv_with_too_many_rows_is_refused(staff_client, demo):
    data = ("รหัสข้อ,คะแนน\n" + "i1,95\n" * 20_000).encode()
    html, seconds = timed_import(staff_client, demo, data, "rows.csv")
    assert seconds < 1, seconds
    assert "มีเกิน 10,000 แถว" in html


def test_an_upload_over_5_mb_is_refused_before_it_is_read(staff_client, demo):
    data = b"PK\x03\x04" + b"\x00" * (5 * MB + 10)
    html, seconds = timed_import(staff_client, demo, data, "big.xlsx")
    assert seconds < 1, seconds
    assert "ใหญ่เกิน 5 MB" in html


def test_error_messages_quote_at_most_100_characters_of_a_cell(staff_client, demo):
    code = "x" * 500
    data = xlsx_bytes({"คะแนนรายข้อ": [["รหัสข้อ", "คะแนน"], [code, "95"]]})
    html = post_import(staff_client, demo, data, "x.xlsx").content.decode()
    assert "x" * 100 + "…" in html and "x" * 101 not in html


def test_the_quote_helper_cuts_at_100_characters():
    assert spreadsheets.quote("ก" * 150) == "ก" * 100 + "…"
    assert spreadsheets.quote("สั้น") == "สั้น"


def test_many_cells_just_under_the_scan_limit_are_checked_in_linear_time(staff_client, demo):
    # 1,700 cells of 23,000 characters: 39 MB inside, each text run just short of what the
    # byte scan refuses, so the scan reads it all; then the first cell is refused by length.
    cell = b'<row><c t="inlineStr"><is><t>' + b"A" * 23_000 + b"</t></is></c></row>"
    data = with_sheet_xml(cell * 1_700)
    staff_client.get(import_url(demo))
    started = time.process_time()
    html = post_import(staff_client, demo, data, "runs.xlsx").content.decode()
    assert time.process_time() - started < 1
    assert "ข้อความยาวเกิน 3,000 ตัวอักษร" in html


def test_previews_never_confirmed_are_removed_after_a_day(staff_client, demo, settings):
    import os

    folder = os.path.join(
        settings.STORAGES["import_export"]["OPTIONS"]["location"], "django-import-export"
    )
    os.makedirs(folder, exist_ok=True)
    old = os.path.join(folder, "abandoned")
    with open(old, "wb") as f:
        f.write(b"x")
    os.utime(old, (time.time() - 2 * 86400, time.time() - 2 * 86400))
    post_import(staff_client, demo, xlsx_bytes({"s": [["รหัสข้อ", "คะแนน"], ["i1", "1"]]}))
    assert not os.path.exists(old)


# --- a sheet that declares more than it holds (issue 19, finding 2) ----------------------------
#
# openpyxl pads every row out to the width a sheet's <dimension> declares, and the rows between
# two <row> elements with empty ones: a 5 KB file declaring A1:XFD10000 with two rows made it
# build and the guards walk 10,000 rows of 16,384 cells (19 s a request; 180 s with 20 sheets).


def declared_xlsx(sheets=1, ref="A1:XFD10000", last_row=10000, header=("รหัสข้อ", "คะแนน")):
    """A real workbook of `sheets` sheets, each with two rows (a header, and one at `last_row`),
    each declaring `ref` as its dimension."""
    base = xlsx_bytes({f"ชีต{n}": [list(header), ["i1", 95]] for n in range(1, sheets + 1)})
    src = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                text = re.sub(r"<dimension [^>]*>", f'<dimension ref="{ref}"/>', data.decode())
                text = re.sub(r'r="([A-Z]+)2"', rf'r="\g<1>{last_row}"', text)
                data = text.replace('<row r="2"', f'<row r="{last_row}"').encode()
            dst.writestr(info, data)
    return out.getvalue()


def test_the_declared_file_is_what_the_audit_sent():
    data = declared_xlsx()
    assert len(data) < 14 * 1024
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert '<dimension ref="A1:XFD10000"/>' in sheet and sheet.count("<row") == 2
    assert len(declared_xlsx(20)) < 60 * 1024


def framework_post(client, data, name):
    url = reverse("admin:indicators_frameworkyear_import")
    return client.post(url, {"file": upload(data, name), "year": "2571", "name": ""})


def model_post(model):
    def post(client, data, name):
        url = reverse(f"admin:{model}_import")
        return client.post(url, {"format": 0, "resource": "0", "import_file": upload(data, name)})

    return post


IMPORTS = {
    "scores": None,  # post_import, with the demo year
    "findings": model_post("assessments_finding"),
    "guidelines": model_post("assessments_guideline"),
    "divisions": model_post("actionplans_division"),
    "topics": model_post("actionplans_plantopic"),
    "methods": model_post("actionplans_planmethod"),
    "items": model_post("actionplans_actionitem"),
    "framework": framework_post,
}


def refused_fast(client, demo, which, data, name="declared.xlsx"):
    """Post `data` to the import `which` as a running server would see it (its code loaded by
    an earlier request); returns the page and the seconds it took."""
    post = IMPORTS[which] or (lambda c, d, n: post_import(c, demo, d, n))
    post(client, xlsx_bytes({"s": [["a", "b"], ["c", "d"]]}), "warm.xlsx")
    started = time.process_time()
    response = post(client, data, name)
    seconds = time.process_time() - started
    assert response.status_code == 200
    return response.content.decode(), seconds


@pytest.mark.parametrize("which", list(IMPORTS))
def test_a_sheet_declaring_16384_columns_is_refused_in_under_a_second(staff_client, demo, which):
    before = scores_of(demo)
    html, seconds = refused_fast(staff_client, demo, which, declared_xlsx())
    assert "ชีต “ชีต1”" in html
    assert "A1:XFD10000" in html and "16,384 คอลัมน์" in html, html[-3000:]
    assert seconds < 1, seconds
    assert scores_of(demo) == before


@pytest.mark.parametrize("which", ["scores", "framework", "findings"])
def test_twenty_such_sheets_are_refused_in_under_a_second(staff_client, demo, which):
    html, seconds = refused_fast(staff_client, demo, which, declared_xlsx(20))
    assert "ชีต “ชีต1”" in html and "16,384 คอลัมน์" in html
    assert seconds < 1, seconds


def test_a_sheet_declaring_more_rows_than_the_limit_is_refused_naming_it(staff_client, demo):
    html, seconds = refused_fast(
        staff_client, demo, "scores", declared_xlsx(ref="A1:B60000", last_row=60000)
    )
    assert "ชีต “ชีต1”" in html and "A1:B60000" in html and "60,000 แถว" in html
    assert seconds < 1, seconds


def test_sheets_that_fit_one_by_one_are_refused_together(staff_client, demo):
    # 20 sheets of 50 columns by 1,100 rows: each is reasonable, together 1.1 million cells.
    data = declared_xlsx(20, ref="A1:AX1100", last_row=1100)
    html, seconds = refused_fast(staff_client, demo, "framework", data)
    assert "ทั้งไฟล์" in html and "ช่อง" in html
    assert seconds < 1, seconds


def test_too_many_sheets_are_refused(staff_client, demo):
    data = declared_xlsx(spreadsheets.MAX_SHEETS + 1, ref="A1:B2", last_row=2)
    html, seconds = refused_fast(staff_client, demo, "framework", data)
    assert f"เกิน {spreadsheets.MAX_SHEETS} ชีต" in html
    assert seconds < 1, seconds


def test_written_cells_past_the_budget_are_refused(staff_client, demo):
    row = b"<row>" + b"<c><v>1</v></c>" * 20 + b"</row>"
    html, seconds = refused_fast(staff_client, demo, "scores", with_sheet_xml(row * 6_000))
    assert "มีช่องที่มีข้อมูลเกิน 100,000 ช่อง" in html
    assert seconds < 1, seconds


def test_a_file_of_a_million_tags_is_refused_before_any_xml_is_parsed(staff_client, demo):
    data = with_sheet_xml(b"<row><c><v>1</v></c></row>" + b"<x/>" * 2_000_000)
    html, seconds = refused_fast(staff_client, demo, "framework", data)
    assert "มีข้อมูลภายในเกิน 1,000,000 แท็ก" in html
    assert seconds < 1, seconds


def test_a_sheet_with_a_doctype_is_refused(staff_client, demo):
    data = with_sheet_xml(b"<row/>")
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>' + body.split(b"?>", 1)[-1]
            dst.writestr(info, body)
    html, seconds = refused_fast(staff_client, demo, "scores", out.getvalue())
    assert "DOCTYPE" in html and seconds < 1


def test_a_sheet_declaring_what_a_real_one_does_still_imports(staff_client, demo):
    # Google Sheets declares its whole grid (A1:Z1000) whatever is filled in.
    data = declared_xlsx(ref="A1:Z1000", last_row=2)
    response = post_import(staff_client, demo, data, "google.xlsx")
    assert response.context["confirm_form"], response.content.decode()[-3000:]
