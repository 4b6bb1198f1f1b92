"""Writes that span several rows: keyword-only `<entity>_<action>` functions in one transaction.

Each raises ValidationError with Thai messages (one per problem, naming the row where there is
one) and leaves the database unchanged when it does.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from indicators.models import KEEP_LEVEL_TEXT, FrameworkYear, Question

from . import scoring
from .importing import (
    ScoreError,
    normalise_code,
    parse_score,
    read_score_file,
    thai_to_arabic,
)
from .models import Assessment, Finding, IndicatorScore, Memo, QuestionScore, ToolScore
from .selectors import assessment_score, framework_spec

IMPORT_REASON = "นำเข้าคะแนนจากไฟล์"
MAX_FILE_BYTES = 5 * 1024 * 1024


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
        if getattr(f, "size", 0) and f.size > MAX_FILE_BYTES:
            raise ValidationError(f"ไฟล์ “{name}” ใหญ่เกิน 5 MB")
        if hasattr(f, "seek"):
            f.seek(0)
        data = f.read()
        if isinstance(data, str):
            data = data.encode("utf-8")
        pairs.append((name, data))
    return pairs


def _reported_key(raw, indicators, tools, levels):
    """What a row of the reported-figures sheet is about: (kind, target) or None."""
    text = thai_to_arabic(raw).strip().lower().replace(" ", "")
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
            errors.append(f"{row.where}: รหัสข้อ “{row.key}” ไม่ถูกต้อง{hint}")
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
                    f"{row.where}: ข้อ “{row.key}” ({code}) ไม่มีในกรอบการประเมินปี {fy} "
                    f"ที่ผลการประเมินนี้ใช้ (เป็นรหัสข้อของกรอบปี {listed})"
                )
            else:
                errors.append(f"{row.where}: ไม่รู้จักรหัสข้อ “{row.key}” ในกรอบการประเมินปี {fy}")
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
                f"{row.where}: ไม่รู้จักรายการ “{row.key}” (ใช้ตัวชี้วัดที่ 1–{len(indicators)}, "
                f"{', '.join(tools)}, ภาพรวม, ระดับ, EIT ส่วนที่ 1, EIT ส่วนที่ 2)"
            )
            continue
        ident = (key[0], key[1].pk if key[1] else None)
        if ident in seen:
            errors.append(f"{row.where}: รายการ “{row.key}” ซ้ำกับ{seen[ident]}")
            continue
        seen[ident] = row.where
        if key[0] == "level":
            level = "" if row.score is None else str(row.score).strip()
            if level and level not in levels:
                errors.append(f"{row.where}: ไม่รู้จักระดับ “{level}” (ใช้ {', '.join(levels)})")
                continue
            parsed[ident] = (key, level or None)
            continue
        try:
            parsed[ident] = (key, parse_score(row.score))
        except ScoreError as e:
            errors.append(f"{row.where}: {row.key} {e}")
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


# --- drafting findings from the NACC's standard recommendation texts --------------------------

DRAFT_THRESHOLD = Decimal("95")
_STANDARD_TEXT = re.compile(r"^\s*ประเด็น\s*(?P<issue>.*?)\s*ดังนั้น\s*(?P<rec>.*?)\s*$", re.DOTALL)


def split_standard_text(text):
    """("issue", "recommendation") from a "ประเด็น … ดังนั้น …" text; no issue if it has none."""
    match = _STANDARD_TEXT.match(text)
    if match:
        return match["issue"], match["rec"]
    return "", text.strip()


@dataclass
class FindingsDraft:
    created: list = field(default_factory=list)  # the new Finding rows
    without_text: list = field(default_factory=list)  # codes below the threshold with no text
    already_covered: int = 0  # questions that already had a finding, left alone


def findings_draft(*, assessment, threshold=DRAFT_THRESHOLD):
    """Draft the findings of a year from its scores and the framework's recommendation library.

    Every question scoring below `threshold` gets a weakness finding pre-filled with its
    standard recommendation text ("ประเด็น …" becomes the issue, "ดังนั้น …" the recommendation);
    questions of one indicator sharing the same text share one finding (e4, e5 in the seed).
    The questions at or above the threshold get the framework's keep-the-level note, one per
    run of consecutive such questions of an indicator (any other question ends a run).
    Questions that already appear in a finding are never touched, so running it twice changes
    nothing and what a person wrote stays. Questions below the threshold without a library text
    are listed in `without_text` for staff to write.
    """
    try:
        threshold = Decimal(str(threshold))
    except ArithmeticError:
        raise ValidationError("เกณฑ์คะแนนต้องเป็นตัวเลข 0–100") from None
    if not threshold.is_finite() or not 0 <= threshold <= 100:
        raise ValidationError("เกณฑ์คะแนนต้องเป็นตัวเลข 0–100")
    framework = assessment.framework
    scores = dict(assessment.question_scores.values_list("question_id", "score"))
    if not scores:
        raise ValidationError(f"{assessment}: ยังไม่มีคะแนนรายข้อ จึงร่างข้อบกพร่องไม่ได้")
    keep_text = framework.keep_level_text or KEEP_LEVEL_TEXT
    covered = set(
        Finding.questions.through.objects.filter(finding__assessment=assessment).values_list(
            "question_id", flat=True
        )
    )
    questions = framework.questions.select_related("indicator").order_by("order")
    draft = FindingsDraft()
    plan = []  # [kind, indicator, [questions], text]

    with transaction.atomic():
        by_indicator = {}
        for q in questions:
            by_indicator.setdefault(q.indicator_id, []).append(q)
        for qs in by_indicator.values():
            keep_run, weak = [], {}

            def end_run(run):
                if run:
                    plan.append([Finding.Kind.KEEP, run[0].indicator, list(run), keep_text])
                    run.clear()

            for q in qs:
                if q.pk in covered:
                    draft.already_covered += 1
                    end_run(keep_run)
                    continue
                score = scores.get(q.pk)
                if score is None:
                    continue
                if score >= threshold:
                    keep_run.append(q)
                    continue
                end_run(keep_run)  # a question below the threshold is not "kept"
                text = q.standard_recommendation.strip()
                if not text:
                    draft.without_text.append(q.code)
                    continue
                if text in weak:
                    weak[text][2].append(q)
                else:
                    weak[text] = [Finding.Kind.WEAKNESS, q.indicator, [q], text]
                    plan.append(weak[text])
            end_run(keep_run)

        for kind, indicator, qs, text in plan:
            issue, recommendation = (
                split_standard_text(text) if kind == Finding.Kind.WEAKNESS else ("", text)
            )
            finding = Finding(
                assessment=assessment,
                indicator=indicator,
                kind=kind,
                issue=issue,
                recommendation=recommendation,
                order=qs[0].order,
            )
            finding.full_clean()
            finding.save()
            finding.questions.set(qs)
            draft.created.append(finding)
    return draft


# --- drafting the memo ----------------------------------------------------------------------

ARABIC_TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")

MEMO_SUBJECT = (
    "รายงานวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) "
    "ของ{org} ประจำปีงบประมาณ {year}"
)
MEMO_BACKGROUND = (
    "ตามที่{org} ได้เข้าร่วมโครงการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
    "(Integrity and Transparency Assessment: ITA) ประจำปีงบประมาณ {year} "
    "โดยสำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ (สำนักงาน ป.ป.ช.) "
    "ได้พัฒนาเครื่องมือการประเมินเชิงบวกเพื่อเป็นมาตรการป้องกันการทุจริต "
    "และเป็นกลไกการสร้างความตระหนักให้หน่วยงานภาครัฐมีการดำเนินงานอย่างโปร่งใสและมีคุณธรรม "
    'โดยใช้ชื่อว่า "การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ '
    "(Integrity and Transparency Assessment : ITA) "
    "และในปัจจุบันการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
    "ถูกกำหนดเป็นนโยบายและเป้าหมายตามแผนงานระดับประเทศได้ยุทธศาสตร์ชาติ "
    "ประเด็นการต่อต้านการทุจริตและประพฤติมิชอบ (พ.ศ.๒๕๖๑ - ๒๕๘๐) "
    "ได้กำหนดให้การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
    "เป็นหนึ่งในตัวชี้วัดของแผนทุจริตและประพฤติมิชอบ โดยในระยะที่ ๒ "
    "ได้กำหนดให้ภายในปีงบประมาณ พ.ศ.๒๕๗๐ "
    "หน่วยงานที่เข้าร่วมประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
    "ผ่านเกณฑ์ ({target} คะแนนขึ้นไป) จำนวนไม่น้อยกว่าร้อยละ ๑๐๐"
)
MEMO_FACTS = (
    "{org} ได้รับแจ้งผลการประเมินคุณธรรมและความโปร่งใส (ITA) ของหน่วยงาน "
    "ประจำปีงบประมาณ {year} คะแนนภาพรวมได้ {overall} ระดับผลการประเมิน ระดับ {level}"
)
MEMO_CONSIDERATION = (
    "เพื่อรองรับการดำเนินการประเมินคุณธรรมและความโปร่งใสของหน่วยงานภาครัฐ (ITA) {org} "
    "ประจำปีงบประมาณ {next_year} {org} "
    "จึงได้มีการวิเคราะห์คุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
    "ประจำปีงบประมาณ {year} ตามประเด็นที่ ป.ป.ช.กำหนด จำนวน {indicators} ตัวชี้วัด "
    "จึงเห็นควรแจ้งรายงานการวิเคราะห์ให้ กอง/ฝ่าย "
    "ที่เกี่ยวข้องและรับผิดชอบการประเมินตามตัวชี้วัดนำไปเป็นแนวทางในการปรับปรุงการดำเนินงาน "
    "โดยนำผลการวิเคราะห์ที่ผลดีรับได้ไปสู่การปฏิบัติ ในปีงบประมาณ พ.ศ. {next_year} "
    "และเผยแพร่ข้อมูลต่อสาธารณะทางเว็บไซต์ของหน่วยงานต่อไป"
)


def _th(value):
    return str(value).translate(ARABIC_TO_THAI)


def memo_draft(*, assessment):
    """Fill the year's memo from the seed's wording and the year's figures, for staff to edit.

    Organization, year, overall score, level, the national target and the number of indicators
    analysed come from the data. A memo a person has changed (Memo.edited_by_person) is never
    overwritten: that is a ValidationError. Returns the memo.
    """
    memo = Memo.objects.filter(assessment=assessment).first()
    if memo is not None and memo.edited_by_person:
        raise ValidationError(
            f"บันทึกข้อความปี {assessment.fiscal_year} แก้ไขโดยเจ้าหน้าที่แล้ว ระบบจะไม่เขียนทับ "
            "(หากต้องการร่างใหม่ ให้ยกเลิกการติ๊ก “แก้ไขโดยเจ้าหน้าที่แล้ว” ก่อน)"
        )
    result = assessment_score(assessment)
    if result.overall is None or not result.level:
        raise ValidationError(
            f"ผลการประเมินปี {assessment.fiscal_year} ยังไม่มีคะแนนภาพรวมหรือระดับผลการประเมิน "
            "จึงร่างบันทึกข้อความไม่ได้"
        )
    org = assessment.organization
    values = {
        "org": org.name,
        "year": _th(assessment.fiscal_year),
        "next_year": _th(assessment.fiscal_year + 1),
        "overall": _th(f"{scoring.round2(result.overall):.2f}"),
        "level": result.level,
        "target": _th(f"{assessment.framework.national_target.normalize():f}"),
        "indicators": _th(sum(1 for r in result.indicators if r.value is not None)),
    }
    texts = {
        "department": org.memo_department or org.name,
        "phone": org.memo_phone,
        "subject": MEMO_SUBJECT.format(**values),
        "addressee": org.head_title,
        "background": MEMO_BACKGROUND.format(**values),
        "facts": MEMO_FACTS.format(**values),
        "consideration": MEMO_CONSIDERATION.format(**values),
        "closing": "จึงเรียนมาเพื่อโปรดพิจารณา",
    }
    with transaction.atomic():
        if memo is None:
            memo = Memo(assessment=assessment)
            if org.memo_reference_prefix:
                memo.reference_no = f"{org.memo_reference_prefix}/"
        for name, value in texts.items():
            setattr(memo, name, value)
        memo.edited_by_person = False
        memo.full_clean(exclude=["addressee"] if not texts["addressee"] else None)
        memo.save()
    return memo


# --- a new year from the last one -----------------------------------------------------------


def _next_year(d):
    try:
        return d.replace(year=d.year + 1)
    except ValueError:  # 29 February
        return d.replace(year=d.year + 1, day=28)


def assessment_next_year_create(*, assessment):
    """Create next fiscal year's assessment from this one, for the organization's next cycle.

    Uses next year's framework (refused with a Thai message when the catalogue lacks it), leaves
    the scores, findings and memo empty, keeps the agency's own goals, and carries the plan's
    unfinished action items over: each plan topic that still has open items is copied with its
    owners and methods, its period moved one year on, and its open items copied with their
    status and progress, linked back through ActionItem.carried_from. Divisions are the
    deployment's own (not per year), so the carried items keep their owners as they are.
    The action plan is reached through the reverse relations: assessments does not import
    actionplans (DESIGN.md).
    """
    year = assessment.fiscal_year + 1
    org = assessment.organization
    framework = FrameworkYear.objects.filter(year=year).first()
    if framework is None:
        raise ValidationError(
            f"ยังไม่มีกรอบการประเมินปี {year} ในระบบ จึงสร้างผลการประเมินปี {year} ไม่ได้: "
            f"เพิ่มกรอบการประเมินปี {year} (เครื่องมือ ตัวชี้วัด ข้อคำถาม และระดับผลการประเมิน) "
            "ในเมนูกรอบการประเมินประจำปีก่อน"
        )
    if Assessment.objects.filter(organization=org, fiscal_year=year).exists():
        raise ValidationError(f"มีผลการประเมินปี {year} ของ{org} อยู่แล้ว")
    with transaction.atomic():
        new = Assessment(
            organization=org,
            fiscal_year=year,
            framework=framework,
            status=Assessment.Status.DRAFT,
            goal_overall=assessment.goal_overall,
            goal_each_tool=assessment.goal_each_tool,
        )
        new.full_clean()
        new.save()
        topics = assessment.plan_topics.prefetch_related("owners", "methods").order_by("number")
        for topic in topics:
            items = list(topic.items.open().order_by("number"))
            if not items:
                continue
            copy = new.plan_topics.create(
                number=topic.number,
                title=topic.title,
                owner_text=topic.owner_text,
                steps_heading=topic.steps_heading,
                start_date=_next_year(topic.start_date),
                end_date=_next_year(topic.end_date),
            )
            copy.owners.set(topic.owners.all())
            for m in topic.methods.all():
                copy.methods.create(number=m.number, text=m.text)
            for item in items:
                copy.items.create(
                    number=item.number,
                    text=item.text,
                    owner_id=item.owner_id,
                    due_date=copy.end_date,
                    status=item.status,
                    percent=item.percent,
                    carried_from=item,
                )
    return new


def assessment_publication_stamp(*, assessment, now=None):
    """Keep `published_at` true to the status: stamped when a year is first published,
    cleared when it is withdrawn to a draft. Called before the assessment is saved."""
    if assessment.status == Assessment.Status.PUBLISHED:
        if assessment.published_at is None:
            assessment.published_at = now or timezone.now()
    else:
        assessment.published_at = None
