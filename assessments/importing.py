"""Reading score spreadsheets: forgiving about what people type, strict about what it means.

Pure functions over bytes, no database: `read_score_file` turns an uploaded XLSX or CSV into
rows of (sheet, row number, code, score), and every problem it meets into a Thai message naming
the row. `assessments.services.scores_import` checks the rows against the year's framework and
writes them.

Why not django-import-export's Resource: its model is one row = one model instance, looked up by
an id column; here a row is a question *code* that must be resolved inside one assessment's
framework year, scores are upserted into that assessment, and the whole file must be refused on
any error. openpyxl's read-only mode streams the rows, so a big file stays in bounded memory.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
CENT = Decimal("0.01")

# Header aliases (compared after strip + lower case).
CODE_HEADERS = {"รหัสข้อ", "ข้อ", "รหัส", "code", "question", "question_code"}
ITEM_HEADERS = {"รายการ", "item"}
SCORE_HEADERS = {"คะแนน", "score"}
YEAR_LABELS = {"กรอบการประเมินปี", "กรอบการประเมิน", "framework", "framework_year"}

HEADER_SCAN_ROWS = 20
MAX_ERRORS_SHOWN = 100

_CODE_RE = re.compile(r"^([ieo0])(\d+)$")


def thai_to_arabic(text):
    return str(text).translate(THAI_DIGITS)


def normalise_code(raw):
    """A question code as the catalogue spells it ("i1", "e9", "o15"), or None.

    Accepts what people and the seed's OCR really type: any case ("I1"), zero padding ("o01"),
    Thai digits ("o๑"), a zero or Thai zero for the letter o ("0๑", "๐๒๑"), a leading "ข้อ" and
    stray spaces. Returns None for anything that is not one code (ranges like "o1-o5", bare
    numbers), so that the caller reports it rather than guessing.
    """
    if raw is None:
        return None
    text = thai_to_arabic(str(raw)).strip().lower()
    text = re.sub(r"^ข้อ", "", text)
    text = re.sub(r"\s+", "", text)
    match = _CODE_RE.match(text)
    if not match:
        return None
    letter, number = match.groups()
    if letter == "0":
        letter = "o"
    number = int(number)
    if number < 1:
        return None
    return f"{letter}{number}"


class ScoreError(ValueError):
    """A score cell that cannot be read; the message is Thai and user-facing."""


def parse_score(raw):
    """A score cell as a Decimal with two places, None for an empty cell.

    Accepts numbers, text with Thai or Arabic digits, a decimal comma or dot. Refuses (ScoreError)
    text that is not a number, more than two decimals, and anything outside 0–100.
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ScoreError(f"คะแนน “{raw}” ไม่ใช่ตัวเลข")
    if isinstance(raw, int | Decimal):
        value = Decimal(raw)
    elif isinstance(raw, float):
        # repr gives the shortest text that reads back as the same float: 94.12, not 94.1199…
        value = Decimal(repr(raw))
    else:
        text = thai_to_arabic(raw).strip().replace(" ", "")
        if not text:
            return None
        if "," in text and "." not in text and text.count(",") == 1:
            text = text.replace(",", ".")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ScoreError(f"คะแนน “{raw}” ไม่ใช่ตัวเลข") from None
    if not value.is_finite():
        raise ScoreError(f"คะแนน “{raw}” ไม่ใช่ตัวเลข")
    if value < 0 or value > 100:
        raise ScoreError(f"คะแนน {raw} อยู่นอกช่วง 0–100")
    if value != value.quantize(CENT):
        raise ScoreError(f"คะแนน {raw} มีทศนิยมเกิน 2 ตำแหน่ง")
    return value.quantize(CENT)


def _header(value):
    return "" if value is None else thai_to_arabic(str(value)).strip().lower()


@dataclass
class Row:
    sheet: str
    number: int  # the row number the person sees in the spreadsheet (1-based)
    key: str  # the cell as typed (code, or reported item)
    score: object  # the raw score cell

    @property
    def where(self):
        return f"ชีต “{self.sheet}” แถวที่ {self.number}"


@dataclass
class ScoreFile:
    """What a file holds: question rows, reported-figure rows, the year it declares, problems."""

    question_rows: list = field(default_factory=list)
    reported_rows: list = field(default_factory=list)
    declared_years: list = field(default_factory=list)  # (where, year)
    errors: list = field(default_factory=list)


def _sheets_of(name, data):
    """([(sheet name, row iterator)], close); ScoreError for what is not a spreadsheet."""
    if not data or not data.strip():
        raise ScoreError(f"ไฟล์ “{name}” ว่างเปล่า")
    if data[:4] == b"PK\x03\x04":
        return _xlsx_sheets(name, data)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ScoreError(
            f"ไฟล์ “{name}” เป็น Excel รุ่นเก่า (.xls) กรุณาบันทึกเป็น .xlsx หรือ CSV แล้วนำเข้าใหม่"
        )
    if b"\x00" in data[:4096] or data[:5] == b"%PDF-":
        raise ScoreError(f"ไฟล์ “{name}” ไม่ใช่ไฟล์ตารางคำนวณ (รับเฉพาะ .xlsx และ .csv)")
    return _csv_sheets(name, data)


def _xlsx_sheets(name, data):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise ScoreError(
            f"ไฟล์ “{name}” ไม่ใช่ไฟล์ตารางคำนวณ .xlsx ที่อ่านได้ (รับเฉพาะ .xlsx และ .csv)"
        ) from None

    sheets = [(ws.title, ws.iter_rows(values_only=True)) for ws in workbook.worksheets]
    return sheets, workbook.close


def _csv_sheets(name, data):
    for encoding in ("utf-8-sig", "cp874"):  # cp874: CSV saved by Excel on Thai Windows
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ScoreError(f"ไฟล์ “{name}” ไม่ใช่ไฟล์ตารางคำนวณ (อ่านเป็นข้อความไม่ได้)")
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    sheet = name.rsplit("/", 1)[-1]
    return [(sheet, (tuple(r) for r in reader))], lambda: None


def _find_columns(header):
    cells = [_header(c) for c in header]
    key_col = kind = score_col = None
    for i, c in enumerate(cells):
        if c in CODE_HEADERS and key_col is None:
            key_col, kind = i, "question"
        elif c in ITEM_HEADERS and key_col is None:
            key_col, kind = i, "reported"
        elif c in SCORE_HEADERS and score_col is None:
            score_col = i
    if key_col is None or score_col is None:
        return None
    return kind, key_col, score_col


def _cell(row, i):
    return row[i] if i < len(row) else None


def read_score_file(files):
    """Read one or more uploaded files ((name, bytes) pairs) into a ScoreFile.

    A sheet holds question scores when a header row (within its first 20 rows) has "รหัสข้อ" and
    "คะแนน"; reported figures (indicators, tools, overall, level) when it has "รายการ" and
    "คะแนน". Rows above the header may declare "กรอบการประเมินปี | 2568". Other sheets (findings,
    the action plan in an exported workbook) are ignored; a file with neither kind is an error.
    """
    result = ScoreFile()
    for name, data in files:
        try:
            sheets, close = _sheets_of(name, data)
        except ScoreError as e:
            result.errors.append(str(e))
            continue
        found = False
        try:
            for sheet, rows in sheets:
                found |= _read_sheet(sheet, rows, result)
        finally:
            close()
        if not found:
            result.errors.append(
                f"ไฟล์ “{name}” ไม่มีชีตคะแนน: ต้องมีแถวหัวตารางที่มีคอลัมน์ “รหัสข้อ” และ “คะแนน” "
                f"(คะแนนรายข้อ) หรือ “รายการ” และ “คะแนน” (คะแนนที่ ป.ป.ช. แจ้ง) "
                f"ดาวน์โหลดแบบฟอร์มจากหน้าผลการประเมินแล้วกรอกใหม่"
            )
    return result


def _read_sheet(sheet, rows, result):
    columns = None
    for number, row in enumerate(rows, start=1):
        if columns is None:
            if number > HEADER_SCAN_ROWS:
                return False
            columns = _find_columns(row)
            if columns is None:
                label = _header(_cell(row, 0))
                if label in YEAR_LABELS:
                    year = thai_to_arabic(_cell(row, 1) or "").strip()
                    result.declared_years.append((f"ชีต “{sheet}” แถวที่ {number}", year))
            continue
        kind, key_col, score_col = columns
        key, score = _cell(row, key_col), _cell(row, score_col)
        if (key is None or str(key).strip() == "") and (score is None or str(score).strip() == ""):
            continue  # a blank row
        target = result.question_rows if kind == "question" else result.reported_rows
        target.append(Row(sheet, number, "" if key is None else str(key).strip(), score))
    return columns is not None
