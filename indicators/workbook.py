"""A framework year as an XLSX workbook: sheets tools, levels, indicators, questions.

Export and import go through django-import-export resources (one per sheet), so that the
columns are declared once. The import is all-or-nothing: every sheet is read and the year is
checked as a whole (indicators.validation) before anything is written, each problem named by
sheet and row; then the resources write the rows in one transaction. A dry run does the same
writes and rolls them back, so the preview shows exactly what confirming will do.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import tablib
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from import_export import fields, resources, widgets

from core import spreadsheets
from core.signals import content_changed_on_commit

from .codes import normalise_code
from .models import (
    EVIDENCE_PERIODS,
    QUESTION_FIELDS,
    FrameworkYear,
    Indicator,
    Question,
    RatingLevel,
    Tool,
)
from .validation import IndicatorRow, LevelRow, QuestionRow, ToolRow, tool_code, year_problems

MAX_BYTES = 5 * 1024 * 1024

# Each sheet: its Thai title and its columns (attribute, Thai header). The file speaks Thai; on
# import the English keys (tools, code, weight…) are accepted too.
SHEETS = {
    "tools": (
        "เครื่องมือ",
        [("code", "รหัส"), ("name", "ชื่อเครื่องมือ"), ("weight", "น้ำหนัก"), ("order", "ลำดับ")],
    ),
    "levels": (
        "ระดับผลการประเมิน",
        [
            ("rank", "ลำดับ"),
            ("name", "ชื่อระดับ"),
            ("min_overall", "คะแนนภาพรวมขั้นต่ำ"),
            ("min_each_tool", "ขั้นต่ำทุกเครื่องมือ"),
            ("passes", "ผ่านเกณฑ์"),
        ],
    ),
    "indicators": (
        "ตัวชี้วัด",
        [("number", "ตัวชี้วัดที่"), ("name", "ชื่อตัวชี้วัด"), ("tool", "เครื่องมือ")],
    ),
    "questions": (
        "ข้อคำถาม",
        [
            ("code", "รหัสข้อ"),
            ("title", "ข้อคำถาม"),
            ("indicator", "ตัวชี้วัดที่"),
            ("order", "ลำดับ"),
            ("topic_key", "รหัสประเด็น"),
            ("merged_topic_keys", "รวมประเด็นเดิม"),
            ("title_is_summary", "เป็นสรุปประเด็น"),
            ("standard_recommendation", "ข้อเสนอแนะมาตรฐาน"),
            ("elements", "องค์ประกอบ"),
            ("evidence_period", "ช่วงเวลาของข้อมูล"),
            ("own_website", "ต้องอยู่บนเว็บไซต์หลัก"),
            ("rule_notes", "หลักเกณฑ์เพิ่มเติม"),
        ],
    ),
}
YEAR_SHEET = "กรอบการประเมิน"
YEAR_COLUMNS = [
    ("year", "ปีงบประมาณ"),
    ("name", "ชื่อกรอบการประเมิน"),
    ("national_target", "ค่าเป้าหมาย"),
    ("keep_level_text", "ข้อความรักษาระดับคะแนน"),
]


def sheet_title(key):
    return SHEETS[key][0]


def header(key, attribute):
    return dict(SHEETS[key][1])[attribute]


HELP_ROWS = [
    ["ชีต", "คอลัมน์"],
    [YEAR_SHEET, "ปีงบประมาณ, ชื่อกรอบการประเมิน, ค่าเป้าหมาย, ข้อความรักษาระดับคะแนน"],
    ["เครื่องมือ", "รหัส (เช่น IIT), ชื่อเครื่องมือ, น้ำหนัก (ร้อยละ รวมกันทุกเครื่องมือต้องได้ 100), ลำดับ"],
    [
        "ระดับผลการประเมิน",
        "ลำดับ (1 = สูงสุด), ชื่อระดับ, คะแนนภาพรวมขั้นต่ำ (ระดับต่ำสุดเริ่มที่ 0), "
        "ขั้นต่ำทุกเครื่องมือ (เว้นว่างได้), ผ่านเกณฑ์ (1 หรือ 0)",
    ],
    ["ตัวชี้วัด", "ตัวชี้วัดที่, ชื่อตัวชี้วัด, เครื่องมือ (รหัสเครื่องมือในชีตเครื่องมือ)"],
    [
        "ข้อคำถาม",
        "รหัสข้อ (ตัวอักษรตามด้วยตัวเลข), ข้อคำถาม, ตัวชี้วัดที่, ลำดับ, รหัสประเด็น, "
        "รวมประเด็นเดิม, เป็นสรุปประเด็น (1 หรือ 0), ข้อเสนอแนะมาตรฐาน; ข้อ OIT: องค์ประกอบ "
        "(องค์ประกอบละหนึ่งบรรทัดในเซลล์เดียว ตามลำดับ), ช่วงเวลาของข้อมูล ("
        + ", ".join(str(label) for _k, label in EVIDENCE_PERIODS)
        + "), ต้องอยู่บนเว็บไซต์หลัก (1 หรือ 0), หลักเกณฑ์เพิ่มเติม",
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
    code = fields.Field(attribute="code", column_name="รหัส")
    name = fields.Field(attribute="name", column_name="ชื่อเครื่องมือ")
    weight = fields.Field(attribute="weight", column_name="น้ำหนัก", widget=widgets.DecimalWidget())
    order = fields.Field(attribute="order", column_name="ลำดับ", widget=widgets.IntegerWidget())

    class Meta:
        model = Tool
        fields = ("code", "name", "weight", "order")
        import_id_fields = ("code",)


class LevelResource(YearResource):
    rank = fields.Field(attribute="rank", column_name="ลำดับ", widget=widgets.IntegerWidget())
    name = fields.Field(attribute="name", column_name="ชื่อระดับ")
    min_overall = fields.Field(
        attribute="min_overall", column_name="คะแนนภาพรวมขั้นต่ำ", widget=widgets.DecimalWidget()
    )
    min_each_tool = fields.Field(
        attribute="min_each_tool", column_name="ขั้นต่ำทุกเครื่องมือ", widget=widgets.DecimalWidget()
    )
    passes = fields.Field(attribute="passes", column_name="ผ่านเกณฑ์", widget=widgets.BooleanWidget())

    class Meta:
        model = RatingLevel
        fields = ("rank", "name", "min_overall", "min_each_tool", "passes")
        import_id_fields = ("rank",)


class IndicatorResource(YearResource):
    number = fields.Field(attribute="number", column_name="ตัวชี้วัดที่", widget=widgets.IntegerWidget())
    name = fields.Field(attribute="name", column_name="ชื่อตัวชี้วัด")
    tool = fields.Field(attribute="tool", column_name="เครื่องมือ")

    class Meta:
        model = Indicator
        fields = ("number", "name", "tool")
        import_id_fields = ("number",)

    def __init__(self, framework=None, **kwargs):
        super().__init__(framework, **kwargs)
        self.fields["tool"].widget = YearForeignKeyWidget(Tool, "code", framework)


PERIOD_LABELS = {key: str(label) for key, label in EVIDENCE_PERIODS}


class PeriodWidget(widgets.Widget):
    """The evidence period written as its Thai label; read from the label or the key."""

    def clean(self, value, row=None, **kwargs):
        return _period(value)

    def render(self, value, obj=None, **kwargs):
        return PERIOD_LABELS.get(value, value)


class QuestionResource(YearResource):
    code = fields.Field(attribute="code", column_name="รหัสข้อ")
    title = fields.Field(attribute="title", column_name="ข้อคำถาม")
    indicator = fields.Field(attribute="indicator", column_name="ตัวชี้วัดที่")
    order = fields.Field(attribute="order", column_name="ลำดับ", widget=widgets.IntegerWidget())
    topic_key = fields.Field(attribute="topic_key", column_name="รหัสประเด็น")
    merged_topic_keys = fields.Field(attribute="merged_topic_keys", column_name="รวมประเด็นเดิม")
    title_is_summary = fields.Field(
        attribute="title_is_summary", column_name="เป็นสรุปประเด็น", widget=widgets.BooleanWidget()
    )
    standard_recommendation = fields.Field(
        attribute="standard_recommendation", column_name="ข้อเสนอแนะมาตรฐาน"
    )
    elements = fields.Field(attribute="elements", column_name="องค์ประกอบ")
    evidence_period = fields.Field(
        attribute="evidence_period", column_name="ช่วงเวลาของข้อมูล", widget=PeriodWidget()
    )
    own_website = fields.Field(
        attribute="own_website", column_name="ต้องอยู่บนเว็บไซต์หลัก", widget=widgets.BooleanWidget()
    )
    rule_notes = fields.Field(attribute="rule_notes", column_name="หลักเกณฑ์เพิ่มเติม")

    class Meta:
        model = Question
        fields = QUESTION_FIELDS
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
    year = tablib.Dataset(headers=[h for _a, h in YEAR_COLUMNS], title=YEAR_SHEET)
    year.append(
        [framework.year, framework.name, framework.national_target, framework.keep_level_text]
    )
    sheets = [year]
    for key in SHEETS:
        resource_class, rows = RESOURCES[key]
        data = resource_class(framework).export(rows(framework))
        data.title = sheet_title(key)
        sheets.append(data)
    help_sheet = tablib.Dataset(*HELP_ROWS[1:], headers=HELP_ROWS[0], title="คำอธิบาย")
    return _to_xlsx([*sheets, help_sheet])


def _to_xlsx(datasets):
    """Datasets as XLSX through the project's one writer (core.spreadsheets.xlsx_bytes): text is
    always text, never a formula, and characters a cell cannot hold (a vertical tab pasted
    from Word) are dropped instead of failing the download. Empty texts are empty cells."""
    sheets = []
    for data in datasets:
        rows = [[None if v == "" else v for v in row] for row in data]
        sheets.append((data.title, [data.headers, *rows], {0}))  # the header row in bold
    return spreadsheets.xlsx_bytes(sheets)


# --- import -----------------------------------------------------------------------------------


@dataclass
class FrameworkImport:
    """What an import writes (or wrote): the year and the rows per sheet."""

    year: int
    name: str
    counts: dict = field(default_factory=dict)  # sheet -> rows
    questions: list = field(default_factory=list)  # (code, title, indicator number)
    framework: FrameworkYear | None = None


def _read(data):
    """{sheet title: [header, row, ...]} from XLSX bytes (values only, formulas' results),
    checked and streamed under the limits of core.spreadsheets (size, size unpacked,
    rows, characters a cell) before and while it is parsed."""
    if not spreadsheets.is_xlsx(data):
        raise ValidationError("ไฟล์นี้ไม่ใช่ไฟล์ .xlsx ที่อ่านได้")
    workbook = spreadsheets.open_workbook(data)  # SpreadsheetRefused is a ValidationError
    try:
        sheets = {}
        for title, rows in workbook.sheets:
            sheets[title.strip().lower()] = [list(r[:20]) for r in rows]
        return sheets
    finally:
        workbook.close()


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


def _period(value):
    """An evidence period from its Thai label or its key; empty is ไม่กำหนด."""
    text = _text(value)
    if text == "":
        return "any"
    for key, label in PERIOD_LABELS.items():
        if text.lower() == key or text == label:
            return key
    raise ValueError


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
        "elements": _text,
        "evidence_period": _period,
        "own_website": _bool,
        "rule_notes": _text,
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
    _period: "ไม่ใช่ช่วงเวลาที่รู้จัก (" + ", ".join(PERIOD_LABELS.values()) + ")",
}


def _max_length(key, column):
    """The model's limit on a text column of a sheet (None for numbers and links)."""
    model = RESOURCES[key][0]._meta.model
    try:
        return getattr(model._meta.get_field(column), "max_length", None)
    except FieldDoesNotExist:
        return None


def _find_sheet(sheets, key):
    for title in (sheet_title(key), key):
        if title.lower() in sheets:
            return sheets[title.lower()]
    return None


def _sheet_rows(sheets, key, problems):
    """[(excel row number, {attribute: value})] of one sheet, with cell problems noted.

    Headers are matched by their Thai name or by the attribute itself (code, weight, …)."""
    title = sheet_title(key)
    rows = _find_sheet(sheets, key)
    if rows is None:
        wanted = ", ".join(sheet_title(k) for k in SHEETS)
        problems.append(f"ไม่พบชีต “{title}” (ต้องมีชีต {wanted})")
        return []
    if not rows:
        problems.append(f"ชีต {title}: ไม่มีหัวคอลัมน์")
        return []
    heads = [_text(h).lower() for h in rows[0]]
    where = {}
    for attribute, thai in SHEETS[key][1]:
        for name in (thai.lower(), attribute):
            if name in heads:
                where[attribute] = heads.index(name)
                break
    missing = [header(key, c) for c in REQUIRED[key] if c not in where]
    if missing:
        problems.append(f"ชีต {title} แถวที่ 1: ไม่มีคอลัมน์ {', '.join(missing)}")
        return []
    out = []
    for number, raw in enumerate(rows[1:], start=2):
        if all(_text(v) == "" for v in raw):
            continue
        values = {}
        bad = set()
        for column, parse in COLUMNS[key].items():
            cell = raw[where[column]] if column in where and where[column] < len(raw) else None
            try:
                values[column] = parse(cell)
            except ValueError:
                problems.append(
                    f"ชีต {title} แถวที่ {number}: {header(key, column)} “{_text(cell)}” "
                    f"{BAD_VALUE[parse]}"
                )
                values[column] = None
                bad.add(column)
                continue
            limit = _max_length(key, column)
            if isinstance(values[column], str) and limit and len(values[column]) > limit:
                problems.append(
                    f"ชีต {title} แถวที่ {number}: {header(key, column)} ยาวเกิน {limit} ตัวอักษร "
                    f"(มี {len(values[column])} ตัวอักษร)"
                )
                bad.add(column)
        for column in REQUIRED[key]:
            if values.get(column) in (None, "") and column not in bad:
                problems.append(f"ชีต {title} แถวที่ {number}: ยังไม่ได้กรอก{header(key, column)}")
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
        raise ValidationError("ไฟล์ใหญ่เกิน 5 MB (ขนาดสูงสุดที่รับได้)")
    if FrameworkYear.objects.filter(year=year).exists():
        raise ValidationError(f"มีกรอบการประเมินปี {year} อยู่แล้ว: นำเข้าเป็นปีใหม่เท่านั้น")
    sheets = _read(data)
    problems = []
    rows = {key: _sheet_rows(sheets, key, problems) for key in SHEETS}
    year_rows = sheets.get(YEAR_SHEET) or sheets.get("framework") or []
    info = {}
    if len(year_rows) >= 2:
        heads = [_text(h).lower() for h in year_rows[0]]
        for attribute, thai in YEAR_COLUMNS:
            for name in (thai.lower(), attribute):
                if name in heads and heads.index(name) < len(year_rows[1]):
                    info[attribute] = year_rows[1][heads.index(name)]
                    break
    name = name or _text(info.get("name")) or f"กรอบการประเมินปี {year}"
    try:
        target = _decimal(info.get("national_target"))
    except ValueError:
        problems.append(
            f"ชีต {YEAR_SHEET}: ค่าเป้าหมาย “{_text(info.get('national_target'))}” "
            f"{BAD_VALUE[_decimal]}"
        )
    if not problems:
        # Each question's code read one way before the year's uniqueness check.
        problems += year_problems(
            [ToolRow(f"ชีต เครื่องมือ แถวที่ {n}", v["code"], v["weight"]) for n, v in rows["tools"]],
            [
                LevelRow(
                    f"ชีต ระดับผลการประเมิน แถวที่ {n}",
                    v["rank"],
                    v["name"],
                    v["min_overall"],
                    v["min_each_tool"],
                )
                for n, v in rows["levels"]
            ],
            [
                IndicatorRow(f"ชีต ตัวชี้วัด แถวที่ {n}", v["number"], v["tool"], v["number"])
                for n, v in rows["indicators"]
            ],
            [
                QuestionRow(
                    f"ชีต ข้อคำถาม แถวที่ {n}",
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
        if target is not None:
            fw.national_target = target
        if _text(info.get("keep_level_text")):
            fw.keep_level_text = _text(info.get("keep_level_text"))
        fw.full_clean()
        fw.save()
        for sheet in SHEETS:
            resource_class, _rows = RESOURCES[sheet]
            columns = list(COLUMNS[sheet])
            dataset = tablib.Dataset(headers=[header(sheet, c) for c in columns])
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
            content_changed_on_commit(sender=FrameworkYear)
    return plan
