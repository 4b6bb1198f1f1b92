"""Hostile uploads are refused fast, before they can eat the server's memory or time.

Each file is small on the wire and huge inside; each is refused with a Thai message naming the
limit, quickly, with bounded memory growth in the server (this) process, and saves nothing.
"""

import io
import re
import time
import tracemalloc
import zipfile

import pytest

from core import spreadsheets
from tests.frameworks import scores_of, xlsx_bytes
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
    started = time.perf_counter()
    fn()
    seconds = time.perf_counter() - started
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
    assert seconds < 2, seconds
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
    assert seconds < 2 and peak < 100 * MB, (seconds, peak)
    assert scores_of(demo) == before
    with capsys.disabled():
        print(
            f"\n50 MB-cell XLSX ({len(data) // 1024} KiB): refused in {seconds:.2f} s, "
            f"page {len(response.content) // 1024} KiB, peak {peak / MB:.1f} MiB traced"
        )


def test_a_cell_past_2000_characters_is_refused_without_being_quoted(staff_client, demo):
    data = xlsx_bytes({"คะแนนรายข้อ": [["รหัสข้อ", "คะแนน"], ["i1", "ก" * 3000]]})
    before = scores_of(demo)
    html = post_import(staff_client, demo, data, "longcell.xlsx").content.decode()
    assert "แถวที่ 2 คอลัมน์ที่ 2: ข้อความยาวเกิน 2,000 ตัวอักษร" in html
    assert "ก" * 101 not in html
    assert scores_of(demo) == before


def test_a_csv_with_a_huge_field_is_refused(staff_client, demo):
    data = ("รหัสข้อ,คะแนน\ni1," + "9" * 3 * MB + "\n").encode()
    before = scores_of(demo)
    response = post_import(staff_client, demo, data, "huge.csv")
    html = response.content.decode()
    assert "ยาวเกิน 2,000 ตัวอักษร" in html or "ใหญ่เกิน 5 MB" in html
    assert "9" * 101 not in html
    assert scores_of(demo) == before


def test_a_csv_with_too_many_rows_is_refused(staff_client, demo):
    data = ("รหัสข้อ,คะแนน\n" + "i1,95\n" * 20_000).encode()
    html = post_import(staff_client, demo, data, "rows.csv").content.decode()
    assert "มีเกิน 10,000 แถว" in html


def test_an_upload_over_5_mb_is_refused_before_it_is_read(staff_client, demo):
    data = b"PK\x03\x04" + b"\x00" * (5 * MB + 10)
    html = post_import(staff_client, demo, data, "big.xlsx").content.decode()
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
    # 2,600 cells of 15,000 characters: 39 MB inside, each text run just short of what the
    # byte scan refuses, so the scan reads it all; then the first cell is refused by length.
    cell = b'<row><c t="inlineStr"><is><t>' + b"A" * 15_000 + b"</t></is></c></row>"
    data = with_sheet_xml(cell * 2_600)
    staff_client.get(import_url(demo))
    started = time.perf_counter()
    html = post_import(staff_client, demo, data, "runs.xlsx").content.decode()
    assert time.perf_counter() - started < 2
    assert "ข้อความยาวเกิน 2,000 ตัวอักษร" in html


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
