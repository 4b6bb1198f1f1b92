"""Reading score spreadsheets: forgiving about what people type, strict about what it means.

`read_score_file` turns an uploaded XLSX or CSV into rows of (sheet, row number, code, score),
and every problem it meets into a Thai message naming the row, without the database;
`scores_import` checks the rows against the year's framework and writes them.

Why not django-import-export's Resource: its model is one row = one model instance, looked up by
an id column; here a row is a question *code* that must be resolved inside one assessment's
framework year, scores are upserted into that assessment, and the whole file must be refused on
any error. openpyxl's read-only mode streams the rows, so a big file stays in bounded memory.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from indicators.codes import normalise_code
from indicators.models import Question
from ita_portal import spreadsheets
from ita_portal.spreadsheets import SpreadsheetRefused, quote
from ita_portal.thai import arabic_digits

from . import scoring
from .models import IndicatorScore, QuestionScore, ToolScore
from .selectors import framework_spec

CENT = Decimal("0.01")

# Header aliases (compared after strip + lower case).
CODE_HEADERS = {"รหัสข้อ", "ข้อ", "รหัส", "code", "question", "question_code"}
ITEM_HEADERS = {"รายการ", "item"}
SCORE_HEADERS = {"คะแนน", "score"}
YEAR_LABELS = {"กรอบการประเมินปี", "กรอบการประเมิน", "framework", "framework_year"}

HEADER_SCAN_ROWS = 20
MAX_ERRORS_SHOWN = 100


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
        raise ScoreError(f"คะแนน “{quote(raw)}” ไม่ใช่ตัวเลข")
    if isinstance(raw, int | Decimal):
        value = Decimal(raw)
    elif isinstance(raw, float):
        # repr gives the shortest text that reads back as the same float: 94.12, not 94.1199…
        value = Decimal(repr(raw))
    else:
        text = arabic_digits(raw).strip().replace(" ", "")
        if not text:
            return None
        if "," in text and "." not in text and text.count(",") == 1:
            text = text.replace(",", ".")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ScoreError(f"คะแนน “{quote(raw)}” ไม่ใช่ตัวเลข") from None
    if not value.is_finite():
        raise ScoreError(f"คะแนน “{quote(raw)}” ไม่ใช่ตัวเลข")
    if value < 0 or value > 100:
        raise ScoreError(f"คะแนน {quote(raw)} อยู่นอกช่วง 0–100")
    if value != value.quantize(CENT):
        raise ScoreError(f"คะแนน {quote(raw)} มีทศนิยมเกิน 2 ตำแหน่ง")
    return value.quantize(CENT)


def _header(value):
    return "" if value is None else arabic_digits(str(value)).strip().lower()


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
            workbook = spreadsheets.open_workbook(data, name)
        except SpreadsheetRefused as e:
            result.errors.extend(e.messages)
            continue
        found = False
        try:
            for sheet, rows in workbook.sheets:
                found |= _read_sheet(sheet, rows, result)
        except SpreadsheetRefused as e:
            # Past a limit while streaming: the file is refused whole, with that one message.
            result.errors.extend(e.messages)
            continue
        finally:
            workbook.close()
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
                    year = arabic_digits(_cell(row, 1) or "").strip()
                    result.declared_years.append((f"ชีต “{sheet}” แถวที่ {number}", year))
            continue
        kind, key_col, score_col = columns
        key, score = _cell(row, key_col), _cell(row, score_col)
        if (key is None or str(key).strip() == "") and (score is None or str(score).strip() == ""):
            continue  # a blank row
        target = result.question_rows if kind == "question" else result.reported_rows
        target.append(Row(sheet, number, "" if key is None else str(key).strip(), score))
    return columns is not None


# --- checking the rows against the year and writing them ------------------------------------

IMPORT_REASON = "นำเข้าคะแนนจากไฟล์"


@dataclass
class ScoreChange:
    label: str  # "i1" or "ตัวชี้วัดที่ 4" or "คะแนนภาพรวม"
    title: str
    old: object
    new: object


@dataclass
class ScoreImport:
    """What an import changes (or changed), and the figures the year would then compute to."""

    question_changes: list = field(default_factory=list)
    reported_changes: list = field(default_factory=list)
    unchanged: int = 0
    skipped_empty: list = field(default_factory=list)  # codes in the file without a score
    result: scoring.ScoreResult | None = None
    applied: bool = False

    @property
    def changes(self):
        return self.question_changes + self.reported_changes


def _file_pairs(*files):
    pairs = []
    for f in files:
        if f is None:
            continue
        name = getattr(f, "name", None) or "ไฟล์"
        if getattr(f, "size", 0):
            spreadsheets.check_upload_size(f.size, name)
        if hasattr(f, "seek"):
            f.seek(0)
        data = f.read()
        if isinstance(data, str):
            data = data.encode("utf-8")
        pairs.append((name, data))
    return pairs


def _reported_key(raw, indicators, tools, levels):
    """What a row of the reported-figures sheet is about: (kind, target) or None."""
    text = arabic_digits(raw).strip().lower().replace(" ", "")
    for prefix in ("ตัวชี้วัดที่", "ตัวชี้วัด", "indicator"):
        if text.startswith(prefix):
            text = text[len(prefix) :]
            break
    if text.isdigit():
        number = int(text)
        return ("indicator", indicators[number]) if number in indicators else None
    if text.upper() in tools:
        return ("tool", tools[text.upper()])
    if text in {"ภาพรวม", "คะแนนภาพรวม", "overall", "ita"}:
        return ("overall", None)
    if text in {"ระดับ", "ระดับผลการประเมิน", "level"}:
        return ("level", None)
    if text in {"eitส่วนที่1", "eit1", "eit_part1"}:
        return ("eit_part1_score", None)
    if text in {"eitส่วนที่2", "eit2", "eit_part2"}:
        return ("eit_part2_score", None)
    return None


def _check_question_rows(rows, assessment, questions, errors):
    """{code: (Question, score or None)} from the rows; problems go to `errors`."""
    other_years = None  # code -> the other framework years that have it, fetched when needed
    seen = {}
    parsed = {}
    for row in rows:
        code = normalise_code(row.key)
        if code is None:
            hint = " (กรอกทีละข้อ ไม่ใช่ช่วง)" if any(c in row.key for c in "-–") else ""
            errors.append(f"{row.where}: รหัสข้อ “{quote(row.key)}” ไม่ถูกต้อง{hint}")
            continue
        if code not in questions:
            if other_years is None:
                other_years = {}
                pairs = Question.objects.exclude(framework=assessment.framework).values_list(
                    "code", "framework__year"
                )
                for c, y in pairs:
                    other_years.setdefault(c, []).append(y)
            years = other_years.get(code)
            fy = assessment.framework.year
            if years:
                listed = ", ".join(str(y) for y in sorted(years))
                errors.append(
                    f"{row.where}: ข้อ “{quote(row.key)}” ({code}) ไม่มีในกรอบการประเมินปี {fy} "
                    f"ที่ผลการประเมินนี้ใช้ (เป็นรหัสข้อของกรอบปี {listed})"
                )
            else:
                errors.append(f"{row.where}: ไม่รู้จักรหัสข้อ “{quote(row.key)}” ในกรอบการประเมินปี {fy}")
            continue
        if code in seen:
            errors.append(f"{row.where}: ข้อ {code} ซ้ำกับ{seen[code]}")
            continue
        seen[code] = row.where
        try:
            score = parse_score(row.score)
        except ScoreError as e:
            errors.append(f"{row.where}: ข้อ {code} {e}")
            continue
        parsed[code] = score
    return parsed


def _check_reported_rows(rows, assessment, errors):
    fw = assessment.framework
    indicators = {i.number: i for i in fw.indicators.all()}
    tools = {t.code.upper(): t for t in fw.tools.all()}
    levels = list(fw.rating_levels.values_list("name", flat=True))
    seen = {}
    parsed = {}
    for row in rows:
        key = _reported_key(row.key, indicators, tools, levels)
        if key is None:
            errors.append(
                f"{row.where}: ไม่รู้จักรายการ “{quote(row.key)}” (ใช้ตัวชี้วัดที่ 1–{len(indicators)}, "
                f"{', '.join(tools)}, ภาพรวม, ระดับ, EIT ส่วนที่ 1, EIT ส่วนที่ 2)"
            )
            continue
        ident = (key[0], key[1].pk if key[1] else None)
        if ident in seen:
            errors.append(f"{row.where}: รายการ “{quote(row.key)}” ซ้ำกับ{seen[ident]}")
            continue
        seen[ident] = row.where
        if key[0] == "level":
            level = "" if row.score is None else str(row.score).strip()
            if level and level not in levels:
                errors.append(f"{row.where}: ไม่รู้จักระดับ “{quote(level)}” (ใช้ {', '.join(levels)})")
                continue
            parsed[ident] = (key, level or None)
            continue
        try:
            parsed[ident] = (key, parse_score(row.score))
        except ScoreError as e:
            errors.append(f"{row.where}: {quote(row.key)} {e}")
    return parsed


def _label(key):
    kind, target = key
    return {
        "indicator": lambda: (f"ตัวชี้วัดที่ {target.number}", target.name),
        "tool": lambda: (target.code, target.name),
        "overall": lambda: ("ภาพรวม", "คะแนนภาพรวม"),
        "level": lambda: ("ระดับ", "ระดับผลการประเมิน"),
        "eit_part1_score": lambda: ("EIT ส่วนที่ 1", "คะแนน EIT ส่วนที่ ๑"),
        "eit_part2_score": lambda: ("EIT ส่วนที่ 2", "คะแนน EIT ส่วนที่ ๒"),
    }[kind]()


def scores_import(*, assessment, file, reported_file=None, dry_run=True, user=None):
    """Import question scores (and optionally the NACC's reported figures) into an assessment.

    `file` (and `reported_file`): uploaded XLSX or CSV files, see `importing.read_score_file`.
    Rows with a score replace that question's score; questions not in the file, and rows
    without a score, are left as they are. Any problem anywhere refuses the whole import with
    a ValidationError listing every problem by row; nothing is written. With `dry_run` nothing
    is written either, and the returned ScoreImport previews the changes and the figures the
    scoring engine would compute from the result, with its warnings.
    """
    pairs = _file_pairs(file, reported_file)
    content = read_score_file(pairs)
    errors = list(content.errors)
    fw = assessment.framework
    for where, year in content.declared_years:
        if year and year != str(fw.year):
            errors.append(
                f"{where}: ไฟล์นี้เป็นแบบฟอร์มของกรอบการประเมินปี {year} แต่ผลการประเมินนี้ใช้กรอบปี {fw.year}"
            )
    questions = {q.code: q for q in fw.questions.all()}
    q_scores = _check_question_rows(content.question_rows, assessment, questions, errors)
    reported = _check_reported_rows(content.reported_rows, assessment, errors)
    if (
        not errors
        and not any(v is not None for v in q_scores.values())
        and not any(v is not None for _, v in reported.values())
    ):
        errors.append("ไม่มีคะแนนให้นำเข้า: ทุกแถวในไฟล์ยังไม่ได้กรอกคะแนน")
    if errors:
        raise ValidationError(errors)

    # What changes, against the stored rows.
    stored_q = {s.question.code: s for s in assessment.question_scores.select_related("question")}
    stored_i = {s.indicator_id: s for s in assessment.indicator_scores.all()}
    stored_t = {s.tool_id: s for s in assessment.tool_scores.all()}
    plan = ScoreImport()
    for code, score in q_scores.items():
        if score is None:
            plan.skipped_empty.append(code)
            continue
        old = stored_q[code].score if code in stored_q else None
        if old == score:
            plan.unchanged += 1
        else:
            plan.question_changes.append(ScoreChange(code, questions[code].title, old, score))
    plan.question_changes.sort(key=lambda c: questions[c.label].order)
    for key, value in reported.values():
        if value is None:
            continue
        kind, target = key
        if kind == "indicator":
            old = stored_i[target.pk].score if target.pk in stored_i else None
        elif kind == "tool":
            old = stored_t[target.pk].score if target.pk in stored_t else None
        elif kind == "overall":
            old = assessment.reported_overall
        elif kind == "level":
            old = assessment.reported_level or None
        else:
            old = getattr(assessment, kind)
        if old == value:
            plan.unchanged += 1
        else:
            plan.reported_changes.append(ScoreChange(*_label(key), old, value))

    # The figures after the import, from the engine (no writes needed for the preview).
    new_q = {code: s.score for code, s in stored_q.items()}
    new_q.update({c: v for c, v in q_scores.items() if v is not None})
    by_pk_i = {i.pk: i.number for i in fw.indicators.all()}
    by_pk_t = {t.pk: t.code for t in fw.tools.all()}
    new_i = {by_pk_i[pk]: s.score for pk, s in stored_i.items()}
    new_t = {by_pk_t[pk]: s.score for pk, s in stored_t.items()}
    overall, level = assessment.reported_overall, assessment.reported_level
    for (kind, target), value in reported.values():
        if value is None:
            continue
        if kind == "indicator":
            new_i[target.number] = value
        elif kind == "tool":
            new_t[target.code] = value
        elif kind == "overall":
            overall = value
        elif kind == "level":
            level = value
    plan.result = scoring.compute(framework_spec(fw), new_q, new_i, new_t, overall, level)
    if dry_run:
        return plan

    with transaction.atomic():
        _write_scores(assessment, questions, q_scores, reported, stored_q, stored_i, stored_t, user)
    plan.applied = True
    return plan


def _write_scores(assessment, questions, q_scores, reported, stored_q, stored_i, stored_t, user):
    to_update, to_create = [], []
    for code, score in q_scores.items():
        if score is None:
            continue
        row = stored_q.get(code)
        if row is None:
            to_create.append(
                QuestionScore(assessment=assessment, question=questions[code], score=score)
            )
        elif row.score != score:
            row.score = score
            to_update.append(row)
    history = {"default_user": user, "default_change_reason": IMPORT_REASON}
    if to_create:
        bulk_create_with_history(to_create, QuestionScore, **history)
    if to_update:
        bulk_update_with_history(to_update, QuestionScore, ["score"], **history)

    assessment_changed = False
    for (kind, target), value in reported.values():
        if value is None:
            continue
        if kind in ("indicator", "tool"):
            model, stored, fk = (
                (IndicatorScore, stored_i, "indicator")
                if kind == "indicator"
                else (ToolScore, stored_t, "tool")
            )
            row = stored.get(target.pk) or model(assessment=assessment, **{fk: target})
            if row.pk and row.score == value:
                continue
            row.score = value
            row._history_user = user
            row.save()
        else:
            field_name = {"overall": "reported_overall", "level": "reported_level"}.get(kind, kind)
            if getattr(assessment, field_name) != value:
                setattr(assessment, field_name, value)
                assessment_changed = True
    if assessment_changed:
        assessment.full_clean()
        assessment._history_user = user
        assessment.save()
