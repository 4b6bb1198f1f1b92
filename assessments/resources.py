"""Spreadsheet import and export of a year's analysis, on django-import-export.

The score import (`QuestionScoreResource`) works inside one assessment: a row is a question
*code*, resolved by a ForeignKeyWidget whose queryset is the assessment's framework year, and
cleaned the forgiving way people type (`normalise_code`, `parse_score`: "I1", "o๑๕", "95,5").
The same sheet may carry the NACC's reported figures below the questions ("ตัวชี้วัดที่ 4",
"IIT", "ภาพรวม", "ระดับ"), written in the same transaction. The whole file is refused on any
problem (all or nothing); the dry run computes the year's figures as they would be, for the
preview.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from core.import_seal import STALE_HEADLINE, SealedRowsMixin
from core.signals import content_changed_on_commit
from core.spreadsheets import (
    LookupListWidget,
    LookupWidget,
    RowProblems,
    ThaiModelResource,
    cell_text,
    quote,
)
from core.thai import arabic_digits
from indicators.codes import normalise_code
from indicators.models import Indicator, Question

from .models import Assessment, Finding, Guideline, IndicatorScore, QuestionScore, ToolScore
from .scoping import OrganizationScopedResource
from .selectors import assessment_score

IMPORT_REASON = "นำเข้าคะแนนจากไฟล์"
YEAR_LABEL = "กรอบการประเมินปี"
CENT = Decimal("0.01")
CODE_COLUMN = "รหัสข้อ"
SCORE_COLUMN = "คะแนน"
# Header aliases (compared after strip + lower case, Thai digits as Arabic).
HEADER_ALIASES = {
    CODE_COLUMN: {"รหัสข้อ", "ข้อ", "รหัส", "code", "question", "question_code", "รายการ", "item"},
    SCORE_COLUMN: {"คะแนน", "score"},
}

# --- forgiving cleaning: what people type ------------------------------------------------------


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


def reported_key(raw, indicators, tools):
    """What a reported-figure row is about: ("indicator", Indicator), ("tool", Tool),
    ("overall", None), ("level", None), ("eit_part1_score", None)… or None."""
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


# --- widgets -----------------------------------------------------------------------------------


class ScoreWidget(widgets.DecimalWidget):
    """A score cell read by `parse_score`; written as a number with two places."""

    def clean(self, value, row=None, **kwargs):
        try:
            return parse_score(value)
        except ScoreError as e:
            code = normalise_code((row or {}).get(CODE_COLUMN))
            raise ValueError(f"ข้อ {code} {e}" if code else str(e)) from None

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value if self._native(kwargs) else f"{value:.2f}"

    @staticmethod
    def _native(kwargs):
        return kwargs.get("force_native_type", False)


class QuestionCodeWidget(widgets.ForeignKeyWidget):
    """A question by its code, only among the questions of one framework year."""

    def __init__(self, framework=None):
        super().__init__(Question, field="code")
        self.framework = framework
        self._by_code = None

    def get_queryset(self, value, row, *args, **kwargs):
        return Question.objects.filter(framework=self.framework)

    def question(self, code):
        """The framework's question with this code, or None (one query per import)."""
        if self._by_code is None:
            self._by_code = {q.code: q for q in self.get_queryset(None, None)}
        return self._by_code.get(code)

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        code = normalise_code(text)
        if code is None:
            if any(c in text for c in "-–"):
                hint = " (กรอกทีละข้อ ไม่ใช่ช่วง)"
            else:
                last = self.framework.indicators.count()
                tools = ", ".join(self.framework.tools.values_list("code", flat=True))
                hint = (
                    f" (ใช้รหัสข้อ เช่น i1 หรือรายการที่ ป.ป.ช. แจ้ง: ตัวชี้วัดที่ 1–{last}, "
                    f"{tools}, ภาพรวม, ระดับ, EIT ส่วนที่ 1, EIT ส่วนที่ 2)"
                )
            raise ValueError(f"รหัสข้อ “{quote(text)}” ไม่ถูกต้อง{hint}")
        question = self.question(code)
        if question is not None:
            return question
        fy = self.framework.year
        years = sorted(
            Question.objects.filter(code=code)
            .exclude(framework=self.framework)
            .values_list("framework__year", flat=True)
        )
        if years:
            listed = ", ".join(str(y) for y in years)
            raise ValueError(
                f"ข้อ “{quote(text)}” ({code}) ไม่มีในกรอบการประเมินปี {fy} "
                f"ที่ผลการประเมินนี้ใช้ (เป็นรหัสข้อของกรอบปี {listed})"
            ) from None
        raise ValueError(f"ไม่รู้จักรหัสข้อ “{quote(text)}” ในกรอบการประเมินปี {fy}") from None

    def render(self, value, obj=None, **kwargs):
        return value.code if value else ""


# --- the score import --------------------------------------------------------------------------


class QuestionScoreResource(SealedRowsMixin, resources.ModelResource):
    """One assessment's question scores ("รหัสข้อ", "คะแนน"), and the reported figures below.

    Rows with a score replace that question's score; questions not in the file, and rows without
    a score, are left as they are; an unchanged score is skipped.
    """

    question = fields.Field(attribute="question", column_name=CODE_COLUMN)
    title = fields.Field(attribute="question__title", column_name="ข้อคำถาม", readonly=True)
    score = fields.Field(attribute="score", column_name=SCORE_COLUMN, widget=ScoreWidget())

    class Meta:
        model = QuestionScore
        fields = ["question", "title", "score"]
        import_id_fields = ["question"]
        skip_unchanged = True
        report_skipped = False
        store_instance = True  # the preview shows each row's question and old score
        skip_html_diff = True  # the preview has its own table
        use_transactions = True
        name = "คะแนนรายข้อ (และคะแนนที่ ป.ป.ช. แจ้ง)"

    def __init__(self, assessment=None, **kwargs):
        super().__init__(**kwargs)
        self.assessment = assessment
        framework = assessment.framework if assessment else None
        self.fields["question"].widget = QuestionCodeWidget(framework)

    def get_queryset(self):
        if self.assessment is None:
            return QuestionScore.objects.none()
        return self.assessment.question_scores.select_related("question")

    def get_instance(self, instance_loader, row):
        """The stored score of the row's question, from one query for the whole file."""
        if getattr(self, "_stored", None) is None:
            self._stored = {s.question.code: s for s in self.get_queryset()}
        return self._stored.get(normalise_code(row.get(CODE_COLUMN)))

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("question").order_by("assessment", "question__order")

    # --- before: the rows, the year, duplicates, the reported figures --------------------------

    def before_import(self, dataset, **kwargs):
        """Keep the rows to import: blank rows, rows without a score and the reported figures
        are taken out (the latter written in after_import), duplicates refused. Problems that
        concern the whole file stop it here; row problems are listed with the rest."""
        self.sheet = dataset.title or "CSV"
        self.header_row = getattr(dataset, "header_row", None) or 1
        self.skipped_empty, self.reported, self.reported_changes = [], [], []
        self.pre_errors, self.origins = [], []
        headers = [_canonical(h) for h in dataset.headers or []]
        rows = list(dataset)
        dataset.wipe()
        dataset.headers = headers
        missing = [c for c in (CODE_COLUMN, SCORE_COLUMN) if c not in headers]
        if missing:
            raise ValidationError(
                f"ชีต “{quote(self.sheet)}” ไม่มีคอลัมน์ “{'” และ “'.join(missing)}”: "
                "แถวหัวตารางต้องมี “รหัสข้อ” และ “คะแนน” (ดาวน์โหลดแบบฟอร์มแล้วกรอกใหม่)"
            )
        if self.seal is not None:  # what the reported figures were (core.import_seal)
            state = self._reported_state()
            if self.seal.confirming:
                self._reported_at_start = state
            else:
                self.seal.note("reported", state)
        fw = self.assessment.framework
        declared = getattr(dataset, "declared_year", None)
        if declared and declared.strip() != str(fw.year):
            raise ValidationError(
                f"ไฟล์นี้เป็นแบบฟอร์มของกรอบการประเมินปี {quote(declared)} แต่ผลการประเมินนี้ใช้กรอบปี {fw.year}"
            )
        indicators = {i.number: i for i in fw.indicators.all()}
        tools = {t.code.upper(): t for t in fw.tools.all()}
        levels = list(fw.rating_levels.values_list("name", flat=True))
        seen = {}
        codes = {}  # each distinct text read once: a long file repeats the same few codes
        code_i, score_i = headers.index(CODE_COLUMN), headers.index(SCORE_COLUMN)
        for position, values in enumerate(rows, start=1):
            key, score = values[code_i], values[score_i]
            key_text = "" if key is None else str(key).strip()
            if not key_text and score is None:
                continue  # a blank row
            if key_text not in codes:
                codes[key_text] = normalise_code(key_text)
            code = codes[key_text]
            if code is None:
                target = reported_key(key_text, indicators, tools)
                if target is not None:
                    where = self.where_of(self.header_row + position)
                    self._check_reported(target, key_text, score, levels, where, seen)
                    continue
            else:
                if code in seen:
                    where = self.where_of(self.header_row + position)
                    self.pre_errors.append(f"{where}: ข้อ {code} ซ้ำกับ{seen[code]}")
                    continue
                seen[code] = self.where_of(self.header_row + position)
                if score is None:
                    self.skipped_empty.append(code)
                    continue
            dataset.append(values)
            self.origins.append(self.header_row + position)
        nothing = not any(v is not None for _, v, _ in self.reported)
        if not self.pre_errors and not len(dataset) and nothing:
            raise ValidationError("ไม่มีคะแนนให้นำเข้า: ทุกแถวในไฟล์ยังไม่ได้กรอกคะแนน")

    def _check_reported(self, target, key_text, score, levels, where, seen):
        errors = self.pre_errors
        ident = (target[0], target[1].pk if target[1] else None)
        if ident in seen:
            errors.append(f"{where}: รายการ “{quote(key_text)}” ซ้ำกับ{seen[ident]}")
            return
        seen[ident] = where
        if target[0] == "level":
            level = "" if score is None else str(score).strip()
            if level and level not in levels:
                errors.append(f"{where}: ไม่รู้จักระดับ “{quote(level)}” (ใช้ {', '.join(levels)})")
                return
            self.reported.append((target, level or None, where))
            return
        try:
            self.reported.append((target, parse_score(score), where))
        except ScoreError as e:
            errors.append(f"{where}: {quote(key_text)} {e}")

    def where_of(self, sheet_row):
        return f"ชีต “{quote(self.sheet)}” แถวที่ {sheet_row}"

    def row_where(self, number):
        """The sheet and row of the dataset's row `number` (1-based), for messages."""
        if 0 < number <= len(getattr(self, "origins", [])):
            return self.where_of(self.origins[number - 1])
        return f"แถวที่ {number}"

    # --- each row ------------------------------------------------------------------------------

    def before_save_instance(self, instance, row, **kwargs):
        instance.assessment = self.assessment
        instance._history_user = kwargs.get("user")
        instance._change_reason = IMPORT_REASON

    # --- after: the reported figures, then the figures the year computes to --------------------

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if self.pre_errors:
            raise RowProblems(self.pre_errors)  # the whole import is rolled back
        self._write_reported(kwargs.get("user"))
        if self.seal is not None and self.seal.confirming and self.reported_changes:
            year = self.assessment.fiscal_year
            self.seal.check_note(
                "reported",
                self._reported_at_start,
                f"คะแนนที่ ป.ป.ช. แจ้งของปีงบประมาณ {year} ถูกแก้ไขหลังจากที่คุณดูตัวอย่าง",
            )
            if self.seal.problems:
                raise RowProblems([STALE_HEADLINE, *self.seal.problems])  # all rolled back
        result.score_import = self
        if not kwargs.get("dry_run"):  # a preview is rolled back, its signal with it
            content_changed_on_commit(sender=QuestionScore)
        if not result.has_errors() and not result.has_validation_errors():
            # Inside the import's transaction: for a dry run, the figures as they would be.
            self.score_result = assessment_score(Assessment.objects.get(pk=self.assessment.pk))

    def _reported_state(self):
        """The year's reported figures as they are stored, for the preview's seal."""
        a = Assessment.objects.get(pk=self.assessment.pk)
        return {
            "overall": a.reported_overall,
            "level": a.reported_level,
            "eit": [a.eit_part1_score, a.eit_part2_score],
            "indicators": sorted(a.indicator_scores.values_list("indicator_id", "score")),
            "tools": sorted(a.tool_scores.values_list("tool_id", "score")),
        }

    def _write_reported(self, user):
        assessment = Assessment.objects.get(pk=self.assessment.pk)
        stored = {
            "indicator": {s.indicator_id: s for s in assessment.indicator_scores.all()},
            "tool": {s.tool_id: s for s in assessment.tool_scores.all()},
        }
        changed = False
        for (kind, target), value, _where in self.reported:
            if value is None:
                continue
            if kind in stored:
                row = stored[kind].get(target.pk)
                old = row.score if row else None
                if old == value:
                    continue
                model = IndicatorScore if kind == "indicator" else ToolScore
                row = row or model(assessment=assessment, **{kind: target})
                row.score = value
                row._history_user = user
                row._change_reason = IMPORT_REASON
                row.save()
            else:
                field_name = {"overall": "reported_overall", "level": "reported_level"}.get(
                    kind, kind
                )
                old = getattr(assessment, field_name) or None
                if old == value:
                    continue
                setattr(assessment, field_name, value)
                changed = True
            self.reported_changes.append((_label(kind, target), old, value))
        if changed:
            assessment.full_clean()
            assessment._history_user = user
            assessment._change_reason = IMPORT_REASON
            assessment.save()


def _canonical(header):
    text = "" if header is None else arabic_digits(str(header)).strip().lower()
    for name, aliases in HEADER_ALIASES.items():
        if text in aliases:
            return name
    return header


def _label(kind, target):
    return {
        "indicator": lambda: f"ตัวชี้วัดที่ {target.number} {target.name}",
        "tool": lambda: f"{target.code} {target.name}",
        "overall": lambda: "คะแนนภาพรวม",
        "level": lambda: "ระดับผลการประเมิน",
        "eit_part1_score": lambda: "คะแนน EIT ส่วนที่ ๑",
        "eit_part2_score": lambda: "คะแนน EIT ส่วนที่ ๒",
    }[kind]()


def template_dataset(assessment_or_framework):
    """The import form of a year: every question with its title, then the reported figures."""
    import tablib

    if isinstance(assessment_or_framework, Assessment):
        a, fw = assessment_or_framework, assessment_or_framework.framework
        scores = dict(a.question_scores.values_list("question__code", "score"))
        ind = dict(a.indicator_scores.values_list("indicator__number", "score"))
        tools = dict(a.tool_scores.values_list("tool__code", "score"))
    else:
        a, fw, scores, ind, tools = None, assessment_or_framework, {}, {}, {}
    data = tablib.Dataset(title="คะแนนรายข้อ")
    data.headers = [CODE_COLUMN, "ข้อคำถาม", SCORE_COLUMN]
    for q in fw.questions.order_by("order"):
        data.append([q.code, q.title, scores.get(q.code)])
    for i in fw.indicators.all():
        data.append([f"ตัวชี้วัดที่ {i.number}", i.name, ind.get(i.number)])
    for t in fw.tools.all():
        data.append([t.code, t.name, tools.get(t.code)])
    data.append(["ภาพรวม", "คะแนนภาพรวม", a.reported_overall if a else None])
    data.append(["ระดับ", "ระดับผลการประเมิน", (a.reported_level or None) if a else None])
    data.append(["EIT ส่วนที่ 1", "คะแนน EIT ส่วนที่ ๑", a.eit_part1_score if a else None])
    data.append(["EIT ส่วนที่ 2", "คะแนน EIT ส่วนที่ ๒", a.eit_part2_score if a else None])
    return data


# --- the other sheets staff keep: findings and guidelines ---------------------------------------
#
# Rows are named the way staff name them, never by database ids: a year's result by its fiscal
# year (ปีงบประมาณ, of this deployment's organization), an indicator by its number and questions by
# their codes, each looked up only in the framework year that result uses, so that a row stays
# in its year (2567 and 2568 share codes and numbers). Findings and guidelines have no natural
# key of their own (two may share an indicator and an order), so they keep "เลขที่ในระบบ" (the
# database id) to be matched by; a row with it empty is new.

YEAR_COLUMN = "ปีงบประมาณ"


class YearScope:
    """The result of the row's fiscal year (ปีงบประมาณ column), looked up once per year per
    import; None when the year is empty or unknown (the year column's own error says so)."""

    def __init__(self):
        self._by_year = {}

    def assessment(self, row, *, required=False):
        """The row's result; with `required`, a Thai ValueError when there is none (for sheets
        whose year column is only read to find the row's topic)."""
        found = self._lookup(row)
        if found is None and required:
            text = cell_text((row or {}).get(YEAR_COLUMN))
            if text is None:
                raise ValueError(f"ไม่ได้กรอก{YEAR_COLUMN}")
            raise ValueError(unknown_year(text))
        return found

    def _lookup(self, row):
        text = cell_text((row or {}).get(YEAR_COLUMN))
        if text not in self._by_year:
            self._by_year[text] = (
                Assessment.objects.of_site()
                .select_related("framework")
                .filter(fiscal_year=text)
                .first()
                if text and text.isdigit()
                else None
            )
        return self._by_year[text]


def unknown_year(text):
    return f"ไม่มีผลการประเมินปีงบประมาณ {quote(text)} ในระบบ"


def year_field():
    """The ปีงบประมาณ column: a result of this organization by its fiscal year."""
    return fields.Field(
        attribute="assessment",
        column_name=YEAR_COLUMN,
        widget=LookupWidget(
            Assessment,
            "fiscal_year",
            scope=lambda row: Assessment.objects.of_site(),
            unknown=lambda text, row: unknown_year(text),
        ),
    )


def indicator_field(scope):
    """The ตัวชี้วัด column: an indicator by its number, in the row's year's framework."""

    def indicators(row):
        a = scope.assessment(row)
        return Indicator.objects.filter(framework=a.framework_id) if a else None

    def unknown(text, row):
        year = scope.assessment(row).framework.year
        return f"ไม่มีตัวชี้วัดที่ {quote(text)} ในกรอบการประเมินปี {year}"

    return fields.Field(
        attribute="indicator",
        column_name="ตัวชี้วัด",
        widget=LookupWidget(Indicator, "number", scope=indicators, unknown=unknown),
    )


class ByIdInYear(OrganizationScopedResource):
    """Rows matched by their database id ("เลขที่ในระบบ"), only among the organization's rows
    and in the year the row names: an id of another organization's row, or of a row of another
    year, refuses the row (an import never moves a row between organizations or years)."""

    def get_instance(self, instance_loader, row):
        instance = super().get_instance(instance_loader, row)
        column = self.fields["id"].column_name
        text = cell_text((row or {}).get(column))
        label = self._meta.model._meta.verbose_name
        if text and instance is None:
            raise ValidationError(
                f"ไม่มี{label}{column} {quote(text)} ในข้อมูลของหน่วยงานนี้ "
                f"(เว้นช่อง “{column}” ว่างเมื่อเป็นรายการใหม่)"
            )
        year = self.scope.assessment(row) if instance is not None else None
        if year is not None and instance.assessment_id != year.pk:
            stored = Assessment.objects.get(pk=instance.assessment_id).fiscal_year
            raise ValidationError(
                f"{label}{column} {quote(text)} เป็นของปีงบประมาณ {stored} แต่แถวนี้ระบุ"
                f"ปีงบประมาณ {year.fiscal_year}: การนำเข้าย้าย{label}ข้ามปีไม่ได้ "
                f"(เว้นช่อง “{column}” ว่างเพื่อเพิ่มเป็นรายการใหม่ของปี {year.fiscal_year})"
            )
        return instance


class FindingResource(ByIdInYear, ThaiModelResource):
    """Findings by year, indicator number and question codes ("e4, e5"); matched by id."""

    assessment = year_field()

    select_related = ["assessment", "indicator"]
    prefetch_related = ["questions"]

    class Meta:
        model = Finding
        fields = ["id", "assessment", "indicator", "questions", "kind", "issue", "recommendation"]
        fields += ["order"]
        name = "ผลการวิเคราะห์รายข้อ"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.scope = scope = YearScope()  # one per import: each year's result looked up once
        self.fields["indicator"] = indicator_field(scope)
        self.fields["questions"] = questions_field(scope)


def questions_field(scope):
    """The ข้อคำถามที่เกี่ยวข้อง column: question codes, "e4, e5", read the forgiving way
    (`normalise_code`), in the row's year's framework."""

    def questions(row):
        a = scope.assessment(row)
        return Question.objects.filter(framework=a.framework_id) if a else None

    def unknown(texts, row):
        year = scope.assessment(row).framework.year
        listed = ", ".join(f"“{quote(t)}”" for t in texts)
        return f"ไม่มีข้อ {listed} ในกรอบการประเมินปี {year}"

    def code(text):
        text = cell_text(text)
        return normalise_code(text) or text if text else None

    return fields.Field(
        attribute="questions",
        column_name="ข้อคำถามที่เกี่ยวข้อง",
        widget=LookupListWidget(
            Question, "code", scope=questions, unknown=unknown, key=code, order="order"
        ),
    )


class GuidelineResource(ByIdInYear, ThaiModelResource):
    """Guidelines by year and indicator number; matched by id."""

    assessment = year_field()

    select_related = ["assessment", "indicator"]

    class Meta:
        model = Guideline
        fields = ["id", "assessment", "indicator", "order", "text"]
        name = "แนวทางการพัฒนา"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.scope = YearScope()
        self.fields["indicator"] = indicator_field(self.scope)


def template_xlsx(assessment_or_framework):
    """The import form as an XLSX: the framework year it is for, then the table."""
    from core.spreadsheets import xlsx_bytes

    data = template_dataset(assessment_or_framework)
    fw = getattr(assessment_or_framework, "framework", assessment_or_framework)
    rows = [[YEAR_LABEL, fw.year], [], list(data.headers), *[list(r) for r in data]]
    return xlsx_bytes([(data.title, rows, {2})])
