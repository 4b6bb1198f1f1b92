"""Spreadsheets in and out, safely: the guards every uploaded workbook passes before it is parsed,
and the one rule every export follows so that a cell is data, never a formula.

Uploads. A spreadsheet is small on the wire and may be huge inside: an XLSX is a zip, and one
of 223 KB can hold a million rows, one of 54 KB a 50 MB cell. So, before anything is parsed:
the upload's own size (`MAX_UPLOAD_BYTES`), then, for an XLSX, the uncompressed size its zip
directory declares (`MAX_UNCOMPRESSED_BYTES`; zipfile checks the real sizes against it while
reading); and while the rows stream, their count per sheet (`MAX_ROWS`) and the length of each
cell (`MAX_CELL_CHARS`). The limits sit far above any real score, plan or framework file; a file
past one is refused with a Thai message naming the limit, and no message quotes more than
`QUOTE_CHARS` characters of a cell.

Exports. Excel, LibreOffice and Google Sheets evaluate a CSV field starting with "=", "+", "-"
or "@" (or a tab or carriage return) as a formula: "=HYPERLINK(...)" becomes a live link and
ordinary Thai text like "- ข้อความ" becomes #NAME?. The rule, in `neutralise`:
- CSV: a text value starting with one of those characters gets a leading apostrophe ("'"), which
  spreadsheet programs take as "this is text" and do not show; numbers are left as numbers. So
  does a text starting with apostrophes and then one of them ("'- x" goes out as "''- x").
  Reading a CSV takes off exactly that one apostrophe (`unneutralise`), and nothing else: a file
  exported and imported again changes nothing, and "'ข้อความ" typed by a person stays as typed.
- XLSX: every text cell is written with the string cell type (never the formula type), so it
  reads exactly as stored, "- ข้อความ" and "=HYPERLINK(...)" included, with no apostrophe added;
  a risky one is also marked "quote prefix", so editing it in Excel keeps it text.
Every export goes through `csv_text` / `xlsx_bytes` (or the django-import-export formats below,
which call them): the admin's exports, the /actions/ table and the public data.csv.
"""

import contextlib
import csv
import datetime
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError

from . import thai, thai_admin
from .import_seal import SealedRowsMixin
from .signals import content_changed_on_commit

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_ZIP_MEMBERS = 1000
MAX_ROWS = 10_000
MAX_CELL_CHARS = 3_000  # the longest text an import reads (a finding's recommendation)
# What openpyxl is let build, before it builds anything (`_ReadBudget`): far above any real
# file (the framework workbook is about 500 cells; Google Sheets declares 26,000 a sheet).
MAX_SHEETS = 50
MAX_COLUMNS = 200
MAX_CELLS = 1_000_000  # rows x columns openpyxl yields (padded cells cost ~0.1 µs each)
MAX_WRITTEN_CELLS = 100_000  # <c> elements (each costs openpyxl several µs to parse)
MAX_XML_TAGS = 1_000_000  # "<" in the whole file, counted in C before any XML is parsed
MAX_WORKBOOK_XML = 1024 * 1024
QUOTE_CHARS = 100

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


class SpreadsheetRefused(ValidationError):
    """A file past one of the limits, or not a spreadsheet; the message is Thai and short."""


class RowProblems(ValidationError):
    """The problems of a file, one Thai message per row, as a ValidationError.

    Django's ValidationError makes one more exception per message; a file of thousands of bad
    rows would spend more time on that (and on the garbage collection it sets off) than on
    reading the file. This one keeps the texts as they are and makes the per-message errors
    only if something asks for them (`error_list`).
    """

    def __init__(self, messages):
        Exception.__init__(self)
        self._texts = [str(m) for m in messages]

    @property
    def error_list(self):
        return [ValidationError(text) for text in self._texts]

    @property
    def messages(self):
        return list(self._texts)

    def __iter__(self):
        return iter(self._texts)


def attachment(data, filename, content_type):
    """A file to download (a spreadsheet export, an import template)."""
    from django.http import HttpResponse

    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def quote(value, limit=QUOTE_CHARS):
    """A cell as an error message may quote it: at most `limit` characters."""
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def _file(name):
    return f"ไฟล์ “{quote(name)}”" if name else "ไฟล์นี้"


def _mb(n):
    return f"{n // (1024 * 1024)} MB"


# --- uploads -----------------------------------------------------------------------------------


def check_upload_size(size, name=None):
    if size > MAX_UPLOAD_BYTES:
        raise SpreadsheetRefused(f"{_file(name)} ใหญ่เกิน {_mb(MAX_UPLOAD_BYTES)} (ขนาดสูงสุดที่รับได้)")


def is_xlsx(data):
    return data[:4] == b"PK\x03\x04"


def check_zip_directory(data, name=None):
    """Refuse an XLSX whose zip directory declares more than the limits, reading nothing else:
    the members and their uncompressed sizes (zipfile stops at the declared size and checks the
    CRC, so a member cannot hold more). Cheap enough for the upload form."""
    with _zip(data, name) as z:
        _check_members(z.infolist(), name)


def check_xlsx(data, name=None):
    """Refuse an XLSX past the limits before openpyxl parses it.

    First the zip directory (`check_zip_directory`). Then one streaming pass over the XML, in
    C-speed byte scans with bounded memory: rows and tags, and the longest text between two
    tags. openpyxl cannot be left to find out: without a <dimension> in the sheet, its
    read-only mode reads the whole sheet once just to size it (56 s for a million rows). Last
    the read budget (`_ReadBudget`): what openpyxl would build from each sheet's declared and
    written size, before it builds anything.
    """
    with _zip(data, name) as z:
        members = z.infolist()
        _check_members(members, name)
        rows = tags = 0  # over the whole file: many sheets of a few rows each add up
        for member in members:
            with z.open(member) as f:
                rows, tags = _scan_xml(f, name, rows, tags)
        _ReadBudget(z, name).check()


@contextlib.contextmanager
def _zip(data, name):
    """The zip archive of upload bytes; any read problem is the Thai "not an .xlsx" refusal."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            yield z
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, zlib.error):
        raise SpreadsheetRefused(
            f"{_file(name)} ไม่ใช่ไฟล์ตารางคำนวณ .xlsx ที่อ่านได้ (รับเฉพาะ .xlsx และ .csv)"
        ) from None


def _check_members(members, name):
    total = sum(m.file_size for m in members)
    if len(members) > MAX_ZIP_MEMBERS or total > MAX_UNCOMPRESSED_BYTES:
        raise SpreadsheetRefused(
            f"{_file(name)} เมื่อขยายแล้วใหญ่เกิน {_mb(MAX_UNCOMPRESSED_BYTES)} "
            "(ขนาดข้อมูลสูงสุดที่รับได้) กรุณาตรวจสอบไฟล์"
        )


_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")
# Text between two tags longer than this many bytes cannot be a cell within the limit: a Thai
# character is 3 bytes in UTF-8, at most 8 as a character reference ("&#x0E01;").
_MAX_TEXT_BYTES = MAX_CELL_CHARS * 8
_CHUNK = 1024 * 1024


def _scan_xml(f, name, rows, tags):
    """Scan one zip member; returns the rows and tags counted so far in the file."""
    run = 0  # bytes of text since the last "<", carried across chunks
    tail = b""  # the end of the last chunk, for a tag cut in two
    while chunk := f.read(_CHUNK):
        # Tags wholly inside `tail` were counted with the last chunk: count them once.
        rows += len(_ROW_TAG.findall(tail + chunk)) - len(_ROW_TAG.findall(tail))
        tail = chunk[-32:]
        if rows > MAX_ROWS:
            raise SpreadsheetRefused(
                f"{_file(name)} มีเกิน {MAX_ROWS:,} แถว (จำนวนแถวสูงสุดที่รับได้) กรุณาตรวจสอบไฟล์"
            )
        # The text between tags: the first piece continues the last chunk's, the last piece
        # goes on into the next (bytes.split: C speed, one pass).
        pieces = chunk.split(b"<")
        tags += len(pieces) - 1
        if tags > MAX_XML_TAGS:
            raise SpreadsheetRefused(
                f"{_file(name)} มีข้อมูลภายในเกิน {MAX_XML_TAGS:,} แท็ก (ปริมาณสูงสุดที่รับได้) กรุณาตรวจสอบไฟล์"
            )
        if len(pieces) == 1:
            run += len(chunk)
        else:
            longest = max(run + len(pieces[0]), max(map(len, pieces[1:-1]), default=0))
            run = _MAX_TEXT_BYTES + 1 if longest > _MAX_TEXT_BYTES else len(pieces[-1])
        if run > _MAX_TEXT_BYTES:
            raise SpreadsheetRefused(
                f"{_file(name)} มีช่องที่ข้อความยาวเกิน {MAX_CELL_CHARS:,} ตัวอักษร (ความยาวสูงสุดที่รับได้ต่อช่อง)"
            )
    return rows, tags


# What openpyxl will build, counted before it builds anything. It pads every row out to the
# width a sheet's <dimension> declares (or to its last cell), and yields an empty row for each
# row number a sheet skips: a 5 KB sheet declaring A1:XFD10000 with two <row> elements is 10,000
# rows of 16,384 cells to walk (19 s a request). So each sheet costs (its last row, declared or
# written) x (its last column, declared or written), and the file's cost is the sum over its
# sheets. Each worksheet is read by the expat parser (C, with a Python call per element, bounded
# by the tag count `_scan_xml` has already checked), stopping at the first element past a limit;
# other parts stop at their root element.


def _cells(rows, columns):
    return f"{rows:,} แถว × {columns:,} คอลัมน์ = {rows * columns:,} ช่อง"


class _ReadBudget:
    """The budget of one XLSX: the sheets, and the rows, columns and cells openpyxl would read
    from them; a file past one is refused, naming the sheet and what is too large."""

    def __init__(self, z, name):
        self.z, self.name = z, name
        self.cells = 0  # rows x columns of the sheets already read
        self.written = 0  # <c> elements of the sheets already read

    def check(self):
        titles = self._sheet_titles()
        if len(titles) > MAX_SHEETS:
            raise SpreadsheetRefused(
                f"{_file(self.name)} มี {len(titles):,} ชีต เกิน {MAX_SHEETS} ชีต "
                "(จำนวนชีตสูงสุดที่รับได้) กรุณาตรวจสอบไฟล์"
            )
        for member in self.z.infolist():
            if member.filename.endswith((".xml", ".rels")) and not member.is_dir():
                title = titles.get(member.filename) or member.filename.rsplit("/", 1)[-1]
                self._parse(member, title)

    def _sheet_titles(self):
        """{part name: sheet title} from the workbook and its relationships (best effort: a
        worksheet part this misses is still budgeted, by its file name)."""
        from xml.etree import ElementTree

        def read(part):
            try:
                with self.z.open(part) as f:
                    head = f.read(MAX_WORKBOOK_XML + 1)
            except KeyError:
                return None
            if len(head) > MAX_WORKBOOK_XML or b"<!DOCTYPE" in head.upper():
                raise SpreadsheetRefused(
                    f"{_file(self.name)} มีโครงสร้างสมุดงานที่ใหญ่หรือซับซ้อนเกินกว่าที่รับได้ กรุณาตรวจสอบไฟล์"
                )
            try:
                return ElementTree.fromstring(head)
            except ElementTree.ParseError:
                return None

        def local(tag):
            return tag.rsplit("}", 1)[-1]

        workbook = read("xl/workbook.xml")
        rels = read("xl/_rels/workbook.xml.rels")
        if workbook is None:
            return {}
        targets = {}
        for rel in rels if rels is not None else ():
            target = rel.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            targets[rel.get("Id")] = part
        titles = {}
        for sheet in workbook.iter():
            if local(sheet.tag) != "sheet":
                continue
            rid = next((v for k, v in sheet.attrib.items() if local(k) == "id"), None)
            titles[targets.get(rid, f"?{len(titles)}")] = sheet.get("name") or ""
        return titles

    def _parse(self, member, title):
        from xml.parsers import expat

        sheet = _SheetCount(self, title)
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartElementHandler = sheet.start
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._doctype
        try:
            with self.z.open(member) as f:
                while chunk := f.read(_CHUNK):
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
        except _NotASheet:
            return
        except expat.ExpatError:
            if sheet.worksheet:  # openpyxl could not read it either
                raise SpreadsheetRefused(
                    f"{_file(self.name)} ไม่ใช่ไฟล์ตารางคำนวณ .xlsx ที่อ่านได้ "
                    f"(ชีต “{quote(title)}” อ่านไม่ได้)"
                ) from None
            # A part openpyxl does not read (a drawing); what it held so far is counted.
        self.cells += sheet.cost()
        self.written += sheet.written

    def _doctype(self, *args):
        raise SpreadsheetRefused(
            f"{_file(self.name)} มีการประกาศ DOCTYPE หรือ ENTITY ซึ่งไฟล์ .xlsx ปกติไม่มี "
            "กรุณาบันทึกไฟล์ใหม่จาก Excel"
        )


class _NotASheet(Exception):
    pass


class _SheetCount:
    """One worksheet part: its last row and column (declared by <dimension>, or written: a row's
    r or the next number, a cell's r or the next column) and its cells, as openpyxl's reader
    counts them. Any other part raises _NotASheet at its root element."""

    def __init__(self, budget, title):
        self.budget, self.title = budget, title
        self.worksheet = None  # decided by the root element
        self.dimension = None
        self.declared_rows = self.declared_columns = 0
        self.row = self.column = 0
        self.last_row = self.last_column = 0
        self.written = 0

    def cost(self):
        rows = max(self.declared_rows, self.last_row)
        columns = max(self.declared_columns, self.last_column)
        return rows * columns

    def _refuse(self, what):
        raise SpreadsheetRefused(
            f"ชีต “{quote(self.title)}” {what} กรุณาลบแถวหรือคอลัมน์ที่ไม่ใช้ หรือคัดลอกเฉพาะข้อมูลไปไฟล์ใหม่"
        )

    def _declared(self):
        return f" (ขนาดที่ประกาศไว้ในไฟล์ {quote(self.dimension, 40)})" if self.dimension else ""

    def start(self, tag, attrs):
        budget = self.budget
        local = tag[tag.rfind(" ") + 1 :]
        if self.worksheet is None:
            self.worksheet = local == "worksheet"
            if not self.worksheet:  # openpyxl reads no rows from it
                raise _NotASheet
        if local == "c":
            ref = attrs.get("r")
            column = _column_of(ref) if ref else None
            self.column = column if column else self.column + 1
            self.written += 1
            if budget.written + self.written > MAX_WRITTEN_CELLS:
                self._refuse(f"มีช่องที่มีข้อมูลเกิน {MAX_WRITTEN_CELLS:,} ช่องต่อทั้งไฟล์ (ปริมาณสูงสุดที่รับได้)")
            if self.column > self.last_column:
                self.last_column = self.column
                if self.column > MAX_COLUMNS:
                    self._refuse(
                        f"มีข้อมูลในคอลัมน์ที่ {self.column:,} เกิน {MAX_COLUMNS:,} คอลัมน์ "
                        "(จำนวนคอลัมน์สูงสุดที่รับได้)"
                    )
                self._check_cells()
        elif local == "row":
            self.row = _row_number(attrs.get("r"), self.row)
            self.column = 0
            if self.row > self.last_row:
                self.last_row = self.row
                if self.row > MAX_ROWS:
                    self._refuse(f"มีแถวที่ {self.row:,} เกิน {MAX_ROWS:,} แถว (จำนวนแถวสูงสุดที่รับได้)")
                self._check_cells()
        elif local == "dimension":
            self._dimension(attrs.get("ref") or "")

    def _dimension(self, ref):
        from openpyxl.utils.cell import range_boundaries

        try:
            _, _, columns, rows = range_boundaries(ref.upper())
        except (ValueError, TypeError):
            return  # openpyxl would not read it either
        self.dimension = ref
        self.declared_rows, self.declared_columns = rows or 0, columns or 0
        if self.declared_columns > MAX_COLUMNS:
            self._refuse(
                f"ประกาศขนาดไว้ {quote(ref, 40)} คือ {self.declared_columns:,} คอลัมน์ "
                f"เกิน {MAX_COLUMNS:,} คอลัมน์ (จำนวนคอลัมน์สูงสุดที่รับได้)"
            )
        if self.declared_rows > MAX_ROWS:
            self._refuse(
                f"ประกาศขนาดไว้ {quote(ref, 40)} คือ {self.declared_rows:,} แถว "
                f"เกิน {MAX_ROWS:,} แถว (จำนวนแถวสูงสุดที่รับได้)"
            )
        self._check_cells()

    def _check_cells(self):
        if self.budget.cells + self.cost() <= MAX_CELLS:
            return
        rows = max(self.declared_rows, self.last_row)
        columns = max(self.declared_columns, self.last_column)
        before = self.budget.cells
        earlier = f" รวมกับชีตก่อนหน้า {before:,} ช่อง" if before else ""
        self._refuse(
            f"ต้องอ่าน {_cells(rows, columns)}{self._declared()}{earlier} "
            f"เกิน {MAX_CELLS:,} ช่องต่อทั้งไฟล์ (ปริมาณสูงสุดที่รับได้)"
        )


_COLUMN = re.compile(r"\$?([A-Za-z]{1,3})")


def _column_of(ref):
    """A cell reference's column number ("XFD10000" -> 16384); None if it has none."""
    match = _COLUMN.match(ref)
    if not match:
        return None
    number = 0
    for letter in match.group(1).upper():
        number = number * 26 + ord(letter) - 64
    return number


def _row_number(text, previous):
    """A <row>'s number as openpyxl reads it: its r (an integer, "1e4" included), or the next."""
    if text is None:
        return previous + 1
    try:
        return int(text)
    except ValueError:
        try:
            value = float(text)
        except ValueError:
            return previous + 1  # openpyxl refuses it; the file is refused as unreadable then
        return int(value) if value == value and abs(value) < 1e12 else MAX_ROWS + 1


def check_upload(data, name=None):
    """The checks before parsing: the file's size and, for an XLSX, its zip directory and the
    streaming scan of rows and cell lengths (`check_xlsx`)."""
    check_upload_size(len(data), name)
    if is_xlsx(data):
        check_xlsx(data, name)


def check_form_upload(data, name=None):
    """What an upload form checks before the file is stored: its size and, for an XLSX, what
    its zip directory declares. The scan of the contents is left to `open_workbook`, which runs
    it once, just before parsing."""
    check_upload_size(len(data), name)
    if is_xlsx(data):
        check_zip_directory(data, name)


def guarded_rows(rows, sheet):
    """Yield the rows of a sheet (tuples of values), refusing past MAX_ROWS rows or a cell
    longer than MAX_CELL_CHARS characters. Trailing empty cells are kept as they come."""
    for number, row in enumerate(rows, start=1):
        if number > MAX_ROWS:
            raise SpreadsheetRefused(
                f"ชีต “{quote(sheet)}” มีเกิน {MAX_ROWS:,} แถว (จำนวนแถวสูงสุดที่รับได้) กรุณาตรวจสอบไฟล์"
            )
        for column, value in enumerate(row, start=1):
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                raise SpreadsheetRefused(
                    f"ชีต “{quote(sheet)}” แถวที่ {number} คอลัมน์ที่ {column}: ข้อความยาวเกิน "
                    f"{MAX_CELL_CHARS:,} ตัวอักษร (ความยาวสูงสุดที่รับได้ต่อช่อง)"
                )
        yield row


def _open_xlsx(data, name):
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise SpreadsheetRefused(
            f"{_file(name)} ไม่ใช่ไฟล์ตารางคำนวณ .xlsx ที่อ่านได้ (รับเฉพาะ .xlsx และ .csv)"
        ) from None


def decode_csv(data, name=None):
    """CSV bytes as text: UTF-8 (with or without a BOM) or cp874, as Excel saves on Thai Windows."""
    for encoding in ("utf-8-sig", "cp874"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SpreadsheetRefused(f"{_file(name)} ไม่ใช่ไฟล์ตารางคำนวณ (อ่านเป็นข้อความไม่ได้)")


def csv_rows(text):
    """The rows of CSV text, the delimiter sniffed (",", ";" or tab), with big fields allowed
    only up to the cell limit (the csv module's own limit is 128 KiB a field)."""
    # Only the delimiter is sniffed: the sniffer would take the apostrophes `neutralise` adds
    # ("'- งานย่อย,'+SUM(1+1)") for quote marks.
    try:
        sniffed = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        options = {"delimiter": sniffed.delimiter, "skipinitialspace": sniffed.skipinitialspace}
    except csv.Error:
        options = {}
    old = csv.field_size_limit()
    # One more than the limit, so that guarded_rows can name the cell; longer fails at once.
    csv.field_size_limit(MAX_CELL_CHARS * 4 + 1)
    try:
        reader = csv.reader(io.StringIO(text), csv.excel, **options)
        try:
            for row in reader:
                yield tuple(unneutralise(cell) for cell in row)
        except csv.Error:
            raise SpreadsheetRefused(
                f"มีช่องที่ข้อความยาวเกิน {MAX_CELL_CHARS:,} ตัวอักษร (ความยาวสูงสุดที่รับได้ต่อช่อง)"
            ) from None
    finally:
        csv.field_size_limit(old)


@dataclass
class Workbook:
    """The sheets of an uploaded file as (name, guarded row iterator) pairs; close when done."""

    sheets: list = field(default_factory=list)
    close: object = lambda: None  # noqa: E731


def open_workbook(data, name=None):
    """An uploaded XLSX or CSV, checked before parsing, its rows streamed under the limits."""
    if not data or not data.strip():
        raise SpreadsheetRefused(f"{_file(name)} ว่างเปล่า")
    check_upload(data, name)
    if is_xlsx(data):
        workbook = _open_xlsx(data, name)
        sheets = [
            (ws.title, guarded_rows(ws.iter_rows(values_only=True), ws.title))
            for ws in workbook.worksheets
        ]
        return Workbook(sheets, workbook.close)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise SpreadsheetRefused(
            f"{_file(name)} เป็น Excel รุ่นเก่า (.xls) กรุณาบันทึกเป็น .xlsx หรือ CSV แล้วนำเข้าใหม่"
        )
    if b"\x00" in data[:4096] or data[:5] == b"%PDF-":
        raise SpreadsheetRefused(f"{_file(name)} ไม่ใช่ไฟล์ตารางคำนวณ (รับเฉพาะ .xlsx และ .csv)")
    sheet = name.rsplit("/", 1)[-1] if name else "CSV"
    return Workbook([(sheet, guarded_rows(csv_rows(decode_csv(data, name)), sheet))])


# --- exports -----------------------------------------------------------------------------------


def is_risky(value):
    return isinstance(value, str) and value.startswith(FORMULA_START)


# What `neutralise` adds an apostrophe to: text starting with a formula character, after any
# apostrophes of its own (so that "'- x", typed so, is not read back as "- x"); what
# `unneutralise` takes one off: an apostrophe, then any more, then a formula character. Each
# undoes exactly the other: a text that starts otherwise ("'ข้อความ") goes out and back as is.
_NEEDS_APOSTROPHE = re.compile("'*[" + re.escape("".join(FORMULA_START)) + "]")
_HAS_APOSTROPHE = re.compile("'+[" + re.escape("".join(FORMULA_START)) + "]")


def neutralise(value):
    """A value as a CSV cell: text a spreadsheet would evaluate gets a leading apostrophe."""
    if isinstance(value, str) and _NEEDS_APOSTROPHE.match(value):
        return "'" + value
    return value


def unneutralise(value):
    """A CSV cell as the value `neutralise` was given: the apostrophe it added, taken off."""
    if isinstance(value, str) and _HAS_APOSTROPHE.match(value):
        return value[1:]
    return value


def csv_text(rows, *, bom=True):
    """Rows (lists of values) as CSV text, every cell neutralised and dates in พ.ศ.; a BOM so
    that Excel reads the Thai."""
    out = io.StringIO()
    if bom:
        out.write("\ufeff")
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
    return out.getvalue()


def _csv_value(value):
    """A CSV cell: dates as people type them (dd/mm/พ.ศ.), text neutralised."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return f"{thai.be_input_text(value)} {value:%H:%M}"
    if isinstance(value, datetime.date):
        return thai.be_input_text(value)
    return neutralise(value)


def xlsx_bytes(sheets):
    """Sheets [(title, rows, number of bold header rows... )] as XLSX bytes.

    `sheets`: (title, rows) or (title, rows, bold_rows) where bold_rows is a set of row indexes
    (0-based) to print bold, or (title, rows, bold_rows, widths) with each column's width in
    characters. Text is always a string cell, never a formula (see the module doc).
    """
    from openpyxl import Workbook as OpenpyxlWorkbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    wb = OpenpyxlWorkbook(write_only=True)
    for sheet in sheets:
        title, rows = sheet[0], sheet[1]
        bold_rows = sheet[2] if len(sheet) > 2 else set()
        ws = wb.create_sheet(safe_sheet_title(title))
        for n, width in enumerate(sheet[3] if len(sheet) > 3 else (), start=1):
            ws.column_dimensions[get_column_letter(n)].width = width
        for index, row in enumerate(rows):
            cells = []
            for value in row:
                cell = WriteOnlyCell(ws, value=_xlsx_value(value))
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # openpyxl would make "=…" a formula
                    if is_risky(cell.value):
                        cell.quotePrefix = True
                elif isinstance(cell.value, datetime.date):
                    # A real date cell, shown in the Buddhist calendar.
                    cell.number_format = thai_admin.xlsx_be_number_format(cell.value)
                elif isinstance(cell.value, Decimal):
                    # Scores are stored with two places: shown so ("94.50", not "94.5").
                    cell.number_format = "0.00"
                if index in bold_rows:
                    cell.font = bold
                cells.append(cell)
            ws.append(cells)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _xlsx_value(value):
    if value is None or isinstance(value, int | float | Decimal | bool):
        return value
    if hasattr(value, "isoformat"):  # dates stay dates
        return value
    # Control characters (a vertical tab pasted from Word) cannot be stored in an XLSX cell.
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def safe_sheet_title(title):
    for c in "[]:*?/\\":
        title = title.replace(c, "-")
    return title[:31] or "Sheet"


def dataset_rows(dataset):
    """A tablib Dataset's header and rows, as lists."""
    rows = []
    if dataset.headers:
        rows.append(list(dataset.headers))
    rows.extend(list(r) for r in dataset)
    return rows


def dataset_csv(dataset):
    return csv_text(dataset_rows(dataset))


def dataset_xlsx(dataset):
    bold = {0} if dataset.headers else set()
    return xlsx_bytes([(dataset.title or "Sheet", dataset_rows(dataset), bold)])


# --- reading an upload into a table ------------------------------------------------------------

YEAR_LABELS = {"กรอบการประเมินปี", "กรอบการประเมิน", "framework", "framework_year"}
HEADER_SCAN_ROWS = 20


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def read_dataset(data, name=None):
    """The first sheet of an uploaded XLSX or CSV as a tablib Dataset, under the limits.

    The header is the first row with two or more filled cells (within the first 20 rows);
    rows above it may declare "กรอบการประเมินปี | 2568" (kept as `dataset.declared_year`).
    Every row below the header is kept, blank ones too, so that a row's number in the file is
    `dataset.header_row` + its position: messages name the row a person sees.
    """
    import tablib

    from core.thai import arabic_digits

    if isinstance(data, str):
        data = data.encode("utf-8")
    workbook = open_workbook(data, name)
    header_row = declared_year = None
    headers, body = [], []
    try:
        sheet, rows = workbook.sheets[0]
        width = 0
        for number, row in enumerate(rows, start=1):
            if header_row is None:
                cells = ["" if _blank(v) else str(v).strip() for v in row]
                if cells and arabic_digits(cells[0]).lower() in YEAR_LABELS:
                    declared_year = arabic_digits(cells[1] if len(cells) > 1 else "")
                    continue
                if sum(1 for c in cells if c) >= 2:
                    while cells and not cells[-1]:
                        cells.pop()
                    headers, header_row, width = cells, number, len(cells)
                elif number >= HEADER_SCAN_ROWS:
                    break
                continue
            values = [None if _blank(v) else v for v in row[:width]]
            values.extend([None] * (width - len(values)))
            body.append(values)
    finally:
        workbook.close()
    if header_row is None:
        raise SpreadsheetRefused(
            f"{_file(name)} ไม่มีแถวหัวตาราง: ชีตแรกต้องมีแถวที่บอกชื่อคอลัมน์ (ดาวน์โหลดแบบฟอร์มแล้วกรอกใหม่)"
        )
    # Built at once: tablib checks each appended row, which costs more than reading it.
    dataset = tablib.Dataset(*body, headers=headers, title=sheet)
    dataset.header_row, dataset.declared_year = header_row, declared_year
    return dataset


# --- django-import-export: the formats every admin import and export goes through -------------

from import_export.formats import base_formats  # noqa: E402


class XLSXFormat(base_formats.XLSX):
    """XLSX read under the limits (the first sheet) and written as data, never formulas."""

    def create_dataset(self, in_stream, **kwargs):
        return read_dataset(in_stream)

    def export_data(self, dataset, **kwargs):
        return dataset_xlsx(dataset)


class CSVFormat(base_formats.CSV):
    """CSV read as bytes (UTF-8 or cp874) under the limits, written with formulas neutralised."""

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        return read_dataset(in_stream)

    def export_data(self, dataset, **kwargs):
        return dataset_csv(dataset)


FORMATS = [XLSXFormat, CSVFormat]


from import_export import resources as _resources  # noqa: E402
from import_export import widgets as _widgets  # noqa: E402


class BEDateWidget(_widgets.DateWidget):
    """A date cell: a real date (XLSX) or text typed in พ.ศ. ("17/04/2569", "17 เม.ย. 2569"), as
    the portal's CSV files write dates; written as a date (the formats show it in พ.ศ.)."""

    def clean(self, value, row=None, **kwargs):
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        return thai_admin.parse_be_date(value)

    def render(self, value, obj=None, **kwargs):
        return value


def cell_text(value):
    """A key cell as text: stripped, Thai digits as Arabic, "2568.0" (a number cell) as "2568";
    None when empty."""
    from core.thai import arabic_digits

    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = arabic_digits(str(value)).strip()
    return text or None


class LookupWidget(_widgets.ForeignKeyWidget):
    """A related row named by a field people know (a division's name, a topic's number, an
    indicator's number) rather than a database id, looked up only among the rows that
    `scope(row)` allows (the row's own year); an unknown value is a Thai error naming it.

    `scope(row)` returns a queryset, or None when the row's year itself is unknown (that
    column's own error says so). `unknown(text, row)` words the error.
    """

    def __init__(self, model, field, *, scope=None, unknown=None, key=cell_text):
        super().__init__(model, field=field)
        self.scope = scope or (lambda row: model.objects.all())
        self.unknown = unknown or (lambda text, row: f"ไม่รู้จัก “{quote(text)}”")
        self.key = key

    def get_queryset(self, value, row, *args, **kwargs):
        return self.scope(row)

    def clean(self, value, row=None, **kwargs):
        text = self.key(value)
        if text is None:
            return None
        queryset = self.get_queryset(value, row)
        if queryset is None:
            return None
        try:
            return queryset.get(**{self.field: text})
        except (self.model.DoesNotExist, ValueError, TypeError):
            raise ValueError(self.unknown(text, row)) from None
        except self.model.MultipleObjectsReturned:
            raise ValueError(f"“{quote(text)}” ตรงกับมากกว่าหนึ่งรายการ กรุณาแก้ให้ไม่ซ้ำกันก่อน") from None

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return getattr(value, self.field)


class LookupListWidget(_widgets.ManyToManyWidget):
    """Several related rows as one cell, "e4, e5": each named as `LookupWidget` names one,
    among the rows `scope(row)` allows; any unknown one is a Thai error naming it."""

    def __init__(self, model, field, *, scope=None, unknown=None, key=cell_text, order=None):
        super().__init__(model, separator=",", field=field)
        self.scope = scope or (lambda row: model.objects.all())
        self.unknown = unknown or (lambda texts, row: f"ไม่รู้จัก “{quote(', '.join(texts))}”")
        self.key = key
        self.order = order or field

    def clean(self, value, row=None, **kwargs):
        if value is None or (isinstance(value, str) and not value.strip()):
            return []
        texts = [t for t in (self.key(part) for part in str(value).split(self.separator)) if t]
        queryset = self.scope(row)
        if queryset is None:
            return []
        found = {getattr(o, self.field): o for o in queryset.filter(**{f"{self.field}__in": texts})}
        missing = [t for t in texts if t not in found]
        if missing:
            raise ValueError(self.unknown(missing, row))
        return list(dict.fromkeys(found[t] for t in texts))

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        rows = sorted(value.all(), key=lambda o: getattr(o, self.order))
        return f"{self.separator} ".join(str(getattr(o, self.field)) for o in rows)


class ThaiModelResource(SealedRowsMixin, _resources.ModelResource):
    """A ModelResource whose columns are the fields' Thai verbose names, so that the files and
    the admin's import and export screens read in Thai (and files are read by those names).
    Dates go out as dates and come back typed in พ.ศ.; a row that changes nothing is skipped,
    so that importing an export again changes nothing (and writes no history)."""

    class Meta:
        skip_unchanged = True
        # The model's own rules (Thai messages, rows in their year, text limits) on every row.
        clean_model_instances = True

    # What a row's columns read across relations, fetched with the rows: on export, and when an
    # import looks up the stored rows.
    select_related = ()
    prefetch_related = ()

    def get_queryset(self):
        return self._with_related(super().get_queryset())

    def filter_export(self, queryset, **kwargs):
        return self._with_related(super().filter_export(queryset, **kwargs))

    def _with_related(self, queryset):
        if self.select_related:  # select_related() with no names would follow every key
            queryset = queryset.select_related(*self.select_related)
        return queryset.prefetch_related(*self.prefetch_related)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if not kwargs.get("dry_run"):  # a preview is rolled back, its signal with it
            content_changed_on_commit(sender=self._meta.model)

    def get_instance(self, instance_loader, row):
        """The stored row the file's row names; a key that cannot be read (an unknown year or
        topic) makes the row invalid with its Thai message, like any other cell."""
        from django.core.exceptions import ValidationError as DjangoValidationError

        try:
            return super().get_instance(instance_loader, row)
        except ValueError as e:
            raise DjangoValidationError(str(e)) from None
        except self._meta.model.MultipleObjectsReturned:
            raise DjangoValidationError(
                "แถวนี้ตรงกับข้อมูลในระบบมากกว่าหนึ่งรายการ (ลำดับซ้ำกัน) กรุณาแก้ในระบบให้ไม่ซ้ำกันก่อน"
            ) from None

    def import_instance(self, instance, row, **kwargs):
        """The row's fields, then its lists (LookupListWidget columns), checked together so that
        every problem of a row is reported with the row, before anything is saved."""
        from django.core.exceptions import ValidationError as DjangoValidationError

        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except DjangoValidationError as e:
            errors = e.update_error_dict(errors)
        for column in self.get_import_fields():
            if isinstance(column.widget, LookupListWidget) and column.column_name in row:
                try:
                    column.clean(row)
                except ValueError as e:
                    errors[column.attribute] = DjangoValidationError(str(e), code="invalid")
        if errors:
            raise DjangoValidationError(errors)

    @classmethod
    def widget_from_django_field(cls, f, default=_widgets.Widget):
        from django.db import models

        if isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField):
            return BEDateWidget
        if isinstance(f, models.TextField):
            return _widgets.CharWidget
        return super().widget_from_django_field(f, default)

    @classmethod
    def widget_kwargs_for_field(cls, field_name, django_field):
        """An empty cell of a text field that may be blank is "" (the library does this only
        for CharField: an empty TextField cell would be saved as NULL and refused)."""
        from django.db import models

        kwargs = super().widget_kwargs_for_field(field_name, django_field)
        if isinstance(django_field, models.TextField) and django_field.blank:
            kwargs.update({"coerce_to_string": True, "allow_blank": True})
        return kwargs

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        field = super().field_from_django_field(field_name, django_field, readonly)
        if django_field.primary_key:
            field.column_name = "เลขที่ในระบบ"
        else:
            field.column_name = str(django_field.verbose_name)
        return field
