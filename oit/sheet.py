"""The ITAS sheet: what staff type into ITAS, item by item, in ITAS order: ข้อ, มี/ไม่มี, URL,
คำอธิบาย. The answer link first, the others after it, one a line."""

from core import spreadsheets

from .selectors import items_with_links

HEADER = ["ข้อ", "มี/ไม่มี", "URL", "คำอธิบาย"]


def sheet_rows(tracker):
    rows = []
    for item in items_with_links(tracker.items.all()):
        links = sorted(item.links.all(), key=lambda lk: (not lk.is_answer, lk.order, lk.pk))
        rows.append(
            [
                item.code,
                "มี" if links else "ไม่มี",
                "\n".join(lk.url for lk in links),
                item.itas_note,
            ]
        )
    return rows


def sheet_file(tracker, fmt):
    """(bytes, file name, content type) of the sheet as XLSX or CSV."""
    rows = [HEADER, *sheet_rows(tracker)]
    name = f"itas-oit-{tracker.fiscal_year}.{fmt}"
    if fmt == "csv":
        return spreadsheets.csv_text(rows).encode("utf-8"), name, spreadsheets.CSV_CONTENT_TYPE
    title = f"OIT {tracker.fiscal_year}"
    return spreadsheets.xlsx_bytes([(title, rows, {0})]), name, spreadsheets.XLSX_CONTENT_TYPE
