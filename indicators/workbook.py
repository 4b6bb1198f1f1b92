"""A framework year as an XLSX workbook: sheets tools, levels, indicators, questions.

Export and import go through django-import-export resources (one per sheet), so that the
columns are declared once. The import is all-or-nothing: every sheet is read and the year is
checked as a whole (indicators.validation) before anything is written, each problem named by
sheet and row; then the resources write the rows in one transaction. A dry run does the same
writes and rolls them back, so the preview shows exactly what confirming will do.
"""

import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from import_export import fields, resources, widgets

from .codes import normalise_code
from .models import FrameworkYear, Indicator, Question, RatingLevel, Tool
from .validation import IndicatorRow, LevelRow, QuestionRow, ToolRow, tool_code, year_problems

MAX_BYTES = 5 * 1024 * 1024
SHEETS = ("tools", "levels", "indicators", "questions")
YEAR_SHEET = "framework"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

HELP_ROWS = [
    ["ชีต", "คอลัมน์"],
    [YEAR_SHEET, "year ปีงบประมาณ, name ชื่อกรอบ, national_target ค่าเป้าหมาย, keep_level_text"],
    ["tools", "code รหัสเครื่องมือ (IIT), name ชื่อ, weight น้ำหนักร้อยละ (รวมกัน 100), order ลำดับ"],
    [
        "levels",
        "rank ลำดับ (1 = สูงสุด), name ชื่อระดับ, min_overall คะแนนภาพรวมขั้นต่ำ "
        "(ระดับต่ำสุด 0), min_each_tool ขั้นต่ำทุกเครื่องมือ (เว้นว่างได้), passes ผ่านเกณฑ์ (1/0)",
    ],
    ["indicators", "number ตัวชี้วัดที่, name ชื่อ, tool รหัสเครื่องมือ"],
    [
        "questions",
        "code รหัสข้อ (ตัวอักษรตามด้วยตัวเลข), title ข้อคำถาม, indicator ตัวชี้วัดที่, order ลำดับ, "
        "topic_key รหัสประเด็น, merged_topic_keys รวมประเด็นเดิม, title_is_summary (1/0), "
        "standard_recommendation ข้อเสนอแนะมาตรฐาน",
    ],
]


# --- resources: one per sheet, all scoped to one framework year ---------------------------------


class YearForeignKeyWidget(widgets.ForeignKeyWidget):
    """A tool by code or an indicator by number, looked up in the year being imported only."""

    def __init__(self, model, field, framework):
        super().__init__(model, field)
        self.framework = framework

    def get_queryset(self, value, row, *args, **kwargs):
        return self.model.objects.filter(framework=self.framework)


class YearResource(resources.ModelResource):
    """Rows of one framework year; new rows are created in it, existing ones matched in it."""

    def __init__(self, framework=None, **kwargs):
        super().__init__(**kwargs)
        self.framework = framework

    def get_queryset(self):
        return self._meta.model.objects.filter(framework=self.framework)

    def init_instance(self, row=None):
        return self._meta.model(framework=self.framework)


class ToolResource(YearResource):
    class Meta:
        model = Tool
        fields = ("code", "name", "weight", "order")
        import_id_fields = ("code",)


class LevelResource(YearResource):
    passes = fields.Field(attribute="passes", column_name="passes", widget=widgets.BooleanWidget())

    class Meta:
        model = RatingLevel
        fields = ("rank", "name", "min_overall", "min_each_tool", "passes")
        import_id_fields = ("rank",)


class IndicatorResource(YearResource):
    tool = fields.Field(attribute="tool", column_name="tool")

    class Meta:
        model = Indicator
        fields = ("number", "name", "tool")
        import_id_fields = ("number",)

    def __init__(self, framework=None, **kwargs):
        super().__init__(framework, **kwargs)
        self.fields["tool"].widget = YearForeignKeyWidget(Tool, "code", framework)


class QuestionResource(YearResource):
    indicator = fields.Field(attribute="indicator", column_name="indicator")
    title_is_summary = fields.Field(
        attribute="title_is_summary", column_name="title_is_summary", widget=widgets.BooleanWidget()
    )

    class Meta:
        model = Question
        fields = (
            "code",
            "title",
            "indicator",
            "order",
            "topic_key",
            "merged_topic_keys",
            "title_is_summary",
            "standard_recommendation",
        )
        import_id_fields = ("code",)

    def __init__(self, framework=None, **kwargs):
        super().__init__(framework, **kwargs)
        self.fields["indicator"].widget = YearForeignKeyWidget(Indicator, "number", framework)


RESOURCES = {
    "tools": (ToolResource, lambda fw: fw.tools.order_by("order")),
    "levels": (LevelResource, lambda fw: fw.rating_levels.order_by("rank")),
    "indicators": (IndicatorResource, lambda fw: fw.indicators.select_related("tool")),
    "questions": (
        QuestionResource,
        lambda fw: fw.questions.select_related("indicator").order_by("order"),
    ),
}


# --- export -----------------------------------------------------------------------------------


def framework_export(framework):
    """The year as XLSX bytes: a sheet of the year, then tools, levels, indicators, questions."""
    year = tablib.Dataset(
        headers=["year", "name", "national_target", "keep_level_text"], title=YEAR_SHEET
    )
    year.append(
        [framework.year, framework.name, framework.national_target, framework.keep_level_text]
    )
    sheets = [year]
    for name in SHEETS:
        resource_class, rows = RESOURCES[name]
        data = resource_class(framework).export(rows(framework))
        data.title = name
        sheets.append(data)
    help_sheet = tablib.Dataset(*HELP_ROWS[1:], headers=HELP_ROWS[0], title="คำอธิบาย")
    return _to_xlsx([*sheets, help_sheet])


def _to_xlsx(datasets):
    """Datasets as XLSX; text is always stored as text, so "=…" never becomes a formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    for data in datasets:
        ws = wb.create_sheet(data.title[:31])
        header = []
        for h in data.headers:
            cell = WriteOnlyCell(ws, value=h)
            cell.font = Font(bold=True)
            header.append(cell)
        ws.append(header)
        for row in data:
            cells = []
            for value in row:
                if isinstance(value, str) and value == "":
                    value = None
                cell = WriteOnlyCell(ws, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # a title starting with "=" stays text
                cells.append(cell)
            ws.append(cells)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- import -----------------------------------------------------------------------------------


@dataclass
class FrameworkImport:
    """What an import writes (or wrote): the year and the rows per sheet."""

    year: int
    name: str
    counts: dict = field(default_factory=dict)  # sheet -> rows
    questions: list = field(default_factory=list)  # (code, title, indicator number)
    framework: FrameworkYear | None = None
    applied: bool = False


def _read(data):
    """{sheet title: [header, row, ...]} from XLSX bytes (values only, formulas' results)."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not XLSX
        raise ValidationError("ไฟล์นี้ไม่ใช่ไฟล์ Excel (.xlsx) ที่อ่านได้") from None
    try:
        sheets = {}
        for ws in wb.worksheets:
            rows = [list(r) for r in ws.iter_rows(values_only=True, max_col=20)]
            sheets[ws.title.strip().lower()] = rows
        return sheets
    finally:
        wb.close()


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _decimal(value):
    text = _text(value).replace(",", ".")
    if text == "":
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError from None
    if not number.is_finite() or not 0 <= number <= 100 or number != round(number, 2):
        raise ValueError
    return number.quantize(Decimal("0.01"))


def _int(value):
    text = _text(value)
    if text == "":
        return None
    if not text.isdigit():
        raise ValueError
    return int(text)


def _bool(value):
    return _text(value).lower() in {"1", "true", "yes", "y", "ใช่", "x", "✓"}


COLUMNS = {
    "tools": {"code": _text, "name": _text, "weight": _decimal, "order": _int},
    "levels": {
        "rank": _int,
        "name": _text,
        "min_overall": _decimal,
        "min_each_tool": _decimal,
        "passes": _bool,
    },
    "indicators": {"number": _int, "name": _text, "tool": _text},
    "questions": {
        "code": _text,
        "title": _text,
        "indicator": _int,
        "order": _int,
        "topic_key": _text,
        "merged_topic_keys": _text,
        "title_is_summary": _bool,
        "standard_recommendation": _text,
    },
}
REQUIRED = {
    "tools": ("code", "name", "weight"),
    "levels": ("rank", "name", "min_overall"),
    "indicators": ("number", "name", "tool"),
    "questions": ("code", "title", "indicator", "topic_key"),
}
BAD_VALUE = {
    _decimal: "ต้องเป็นตัวเลข 0–100 ทศนิยมไม่เกิน 2 ตำแหน่ง",
    _int: "ต้องเป็นจำนวนเต็ม",
}


def _sheet_rows(sheets, name, problems):
    """[(excel row number, {column: value})] of one sheet, with cell problems noted."""
    rows = sheets.get(name)
    if rows is None:
        problems.append(f"ไม่พบชีต “{name}” (ต้องมีชีต {', '.join(SHEETS)})")
        return []
    if not rows:
        problems.append(f"ชีต {name}: ไม่มีหัวคอลัมน์")
        return []
    header = [_text(h).lower() for h in rows[0]]
    missing = [c for c in REQUIRED[name] if c not in header]
    if missing:
        problems.append(f"ชีต {name} แถวที่ 1: ไม่มีคอลัมน์ {', '.join(missing)}")
        return []
    out = []
    for number, raw in enumerate(rows[1:], start=2):
        if all(_text(v) == "" for v in raw):
            continue
        values = {}
        for column, parse in COLUMNS[name].items():
            cell = raw[header.index(column)] if column in header else None
            try:
                values[column] = parse(cell)
            except ValueError:
                problems.append(
                    f"ชีต {name} แถวที่ {number}: {column} “{_text(cell)}” {BAD_VALUE[parse]}"
                )
                values[column] = None
        for column in REQUIRED[name]:
            if values.get(column) in (None, "") and not any(
                p.startswith(f"ชีต {name} แถวที่ {number}: {column}") for p in problems
            ):
                problems.append(f"ชีต {name} แถวที่ {number}: ยังไม่ได้กรอก {column}")
        out.append((number, values))
    return out


def framework_import(*, data, year, name="", dry_run=True):
    """Import a framework workbook (XLSX bytes) as the new framework year `year`.

    Refused (ValidationError, one Thai message per problem, naming sheet and row) when the year
    exists, a sheet or column is missing, a cell cannot be read, or the rows do not make a
    consistent year (validation.year_problems). Nothing is written then; with `dry_run` nothing
    is kept either, and the returned FrameworkImport previews what confirming would write.
    """
    if len(data) > MAX_BYTES:
        raise ValidationError("ไฟล์ใหญ่เกิน 5 MB")
    if FrameworkYear.objects.filter(year=year).exists():
        raise ValidationError(f"มีกรอบการประเมินปี {year} อยู่แล้ว: นำเข้าเป็นปีใหม่เท่านั้น")
    sheets = _read(data)
    problems = []
    rows = {n: _sheet_rows(sheets, n, problems) for n in SHEETS}
    year_rows = sheets.get(YEAR_SHEET) or []
    if len(year_rows) >= 2:
        header = [_text(h).lower() for h in year_rows[0]]
        info = dict(zip(header, year_rows[1], strict=False))
    else:
        info = {}
    name = name or _text(info.get("name")) or f"กรอบการประเมินปี {year}"
    if not problems:
        # Each question's code read one way before the year's uniqueness check.
        problems += year_problems(
            [ToolRow(f"ชีต tools แถวที่ {n}", v["code"], v["weight"]) for n, v in rows["tools"]],
            [
                LevelRow(
                    f"ชีต levels แถวที่ {n}",
                    v["rank"],
                    v["name"],
                    v["min_overall"],
                    v["min_each_tool"],
                )
                for n, v in rows["levels"]
            ],
            [
                IndicatorRow(f"ชีต indicators แถวที่ {n}", v["number"], v["tool"], v["number"])
                for n, v in rows["indicators"]
            ],
            [
                QuestionRow(
                    f"ชีต questions แถวที่ {n}",
                    v["code"],
                    v["indicator"],
                    v["topic_key"],
                    str(v["indicator"] or ""),
                )
                for n, v in rows["questions"]
            ],
        )
    if problems:
        raise ValidationError(problems)

    plan = FrameworkImport(year=year, name=name)
    with transaction.atomic():
        fw = FrameworkYear(year=year, name=name[:200])
        target = _decimal(info.get("national_target")) if info.get("national_target") else None
        if target is not None:
            fw.national_target = target
        if _text(info.get("keep_level_text")):
            fw.keep_level_text = _text(info.get("keep_level_text"))
        fw.full_clean()
        fw.save()
        for sheet in SHEETS:
            resource_class, _rows = RESOURCES[sheet]
            columns = list(COLUMNS[sheet])
            dataset = tablib.Dataset(headers=columns)
            for position, (_n, values) in enumerate(rows[sheet], start=1):
                if sheet == "questions":
                    values = {**values, "code": normalise_code(values["code"])}
                    values["order"] = values["order"] or position
                if sheet == "tools":
                    values = {**values, "code": tool_code(values["code"])}
                    values["order"] = values["order"] or 0
                dataset.append(["" if values[c] is None else values[c] for c in columns])
            resource_class(fw).import_data(dataset, raise_errors=True, use_transactions=False)
            plan.counts[sheet] = len(dataset)
        plan.questions = list(
            fw.questions.order_by("order").values_list("code", "title", "indicator__number")
        )
        plan.framework = fw
        if dry_run:
            transaction.set_rollback(True)
            plan.framework = None
        else:
            plan.applied = True
    return plan
