"""Writing a year to spreadsheets: the import template, the full export, and their CSV parts.

The first sheet ("คะแนนรายข้อ": the question scores, then the reported figures) is the year's
filled-in import form (assessments.resources), so an exported year imports back into an empty
assessment unchanged. The other sheets (computed figures, findings, the action plan) are for
people and are ignored by the import.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from assessments import resources
from assessments.models import Assessment
from assessments.selectors import assessment_score
from core import spreadsheets
from indicators.models import Question

YEAR_LABEL = resources.YEAR_LABEL


@dataclass
class Table:
    name: str  # sheet name, and the CSV part's file name
    slug: str
    headers: list
    rows: list = field(default_factory=list)
    preamble: list = field(default_factory=list)  # rows above the header (the year marker)


def scores_table(assessment):
    """The year's filled-in import form: the question scores, then the reported figures."""
    form = resources.template_dataset(assessment)
    return Table(
        form.title,
        "scores",
        list(form.headers),
        [list(r) for r in form],
        preamble=[[YEAR_LABEL, assessment.framework.year], []],
    )


def computed_table(assessment, result=None):
    result = result or assessment_score(assessment)
    table = Table(
        "ผลคำนวณ",
        "computed",
        ["ประเภท", "รหัส", "ชื่อ", "ที่ ป.ป.ช. แจ้ง", "ที่คำนวณได้", "ที่ใช้ในรายงาน"],
    )
    for r in result.indicators:
        table.rows.append(["ตัวชี้วัด", r.spec.number, r.spec.name, r.reported, r.computed, r.value])
    for t in result.tools:
        table.rows.append(["เครื่องมือ", t.spec.code, "", t.reported, t.computed, t.value])
    table.rows.append(
        [
            "ภาพรวม",
            "ITA",
            "คะแนนภาพรวม",
            result.reported_overall,
            result.computed_overall,
            result.overall,
        ]
    )
    table.rows.append(
        ["ระดับ", "", "ระดับผลการประเมิน", result.reported_level, result.computed_level, result.level]
    )
    return table


def findings_table(assessment):
    table = Table(
        "ข้อบกพร่อง",
        "findings",
        ["ตัวชี้วัดที่", "ข้อที่เกี่ยวข้อง", "ประเภท", "ประเด็น", "ข้อเสนอแนะ / ข้อความ"],
    )
    findings = assessment.findings.select_related("indicator").prefetch_related(
        Prefetch("questions", queryset=Question.objects.order_by("order"))
    )
    for f in findings:
        codes = ", ".join(q.code for q in f.questions.all())
        table.rows.append(
            [f.indicator.number, codes, f.get_kind_display(), f.issue, f.recommendation]
        )
    return table


def action_items_table(assessment):
    table = Table(
        "แผนปฏิบัติการ",
        "actions",
        [
            "หัวข้อที่",
            "หัวข้อ",
            "ลำดับ",
            "ขั้นตอน/วิธีปฏิบัติ",
            "ส่วนงานผู้รับผิดชอบ",
            "กำหนดแล้วเสร็จ",
            "สถานะ",
            "ร้อยละความก้าวหน้า",
            "ยกมาจากปีก่อน",
        ],
    )
    topics = assessment.plan_topics.prefetch_related("items__owner").order_by("number")
    for topic in topics:
        for item in topic.items.all():
            table.rows.append(
                [
                    topic.number,
                    topic.title,
                    item.number,
                    item.text,
                    str(item.owner),
                    item.due_date,
                    item.get_status_display(),
                    item.percent,
                    "ใช่" if item.carried_from_id else "",
                ]
            )
    return table


def assessment_tables(assessment: Assessment):
    """A year's scores, computed figures, findings and action items, as tables."""
    return [
        scores_table(assessment),
        computed_table(assessment),
        findings_table(assessment),
        action_items_table(assessment),
    ]


def to_xlsx(tables):
    """The tables as one XLSX workbook (bytes): text as text, never formulas (spreadsheets.py)."""
    sheets = []
    for t in tables:
        rows = [*t.preamble, t.headers, *t.rows]
        sheets.append((t.name, rows, {len(t.preamble)}))
    return spreadsheets.xlsx_bytes(sheets)


def to_csv(table):
    """One table as CSV text with a BOM, formulas neutralised (spreadsheets.py)."""
    return spreadsheets.csv_text([*table.preamble, table.headers, *table.rows])
