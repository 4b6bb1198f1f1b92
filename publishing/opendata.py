"""Machine-readable open data for a published year: /reports/<year>/data.json and data.csv.

Only published years (nothing unpublished, not even for staff: these files are meant to be
harvested and cached). Scores are decimal strings with two places ("94.50"), so that no reader
loses precision through binary floats; an absent figure is null (JSON) or empty (CSV).
Dates and times are ISO 8601 in the Christian era with the zone ("2026-04-17T09:30:00+07:00"),
as programs expect; `fiscal_year` is the Buddhist-era year (2568). Files for people (the admin's
and /actions/ exports) use พ.ศ. instead: README "Dates (พ.ศ.)".

data.csv is UTF-8 with a BOM (so that Excel reads the Thai). A text field that starts with "=",
"+", "-", "@", a tab or a carriage return is written with a leading apostrophe ("'- ข้อความ"),
so that a spreadsheet shows it as text and never evaluates it as a formula; strip that one
apostrophe when reading such a field by program. data.json is never changed this way.

For people, the same data is offered as data.xlsx (Thai column names, kinds in Thai, scores as
numbers, the publication date a real date cell shown in พ.ศ.; its first sheet has the CSV's rows,
in the same order), and /reports/<year>/data/ is a short Thai page that explains every field
(templates/publishing/opendata_about.html).
"""

from decimal import Decimal

from django.db.models import Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment, Finding
from assessments.selectors import assessment_score
from core import spreadsheets
from core.thai import score_text
from indicators.models import Question

from . import caching

# The CSV's columns, with their Thai names in data.xlsx (the about page explains each).
COLUMNS = [
    ("fiscal_year", "ปีงบประมาณ (พ.ศ.)"),
    ("kind", "ประเภท"),
    ("code", "รหัส"),
    ("topic_key", "รหัสประเด็น"),
    ("name", "ชื่อ"),
    ("tool", "เครื่องมือ"),
    ("indicator", "ตัวชี้วัดที่"),
    ("reported", "ตามที่ สำนักงาน ป.ป.ช. แจ้ง"),
    ("computed", "ที่คำนวณได้"),
    ("value", "ที่ใช้ในรายงาน"),
]
CSV_HEADERS = [key for key, _ in COLUMNS]
# The values of `kind`, in Thai in data.xlsx.
KINDS = {
    "question": "ข้อคำถาม",
    "indicator": "ตัวชี้วัด",
    "tool": "เครื่องมือ",
    "overall": "คะแนนภาพรวม",
    "level": "ระดับผลการประเมิน",
}
SCORE_COLUMNS = {"reported", "computed", "value"}


def _s(value):
    return None if value is None else score_text(value)


def _published(year):
    assessment = (
        Assessment.objects.of_site()
        .published()
        .filter(fiscal_year=year)
        .select_related("organization", "framework")
        .first()
    )
    if assessment is None:
        raise Http404("ไม่มีผลการประเมินที่เผยแพร่แล้วของปีนี้")
    return assessment


def open_data(assessment):
    """The year as a dict of plain values (the JSON document; the CSV is built from it)."""
    result = assessment_score(assessment)
    scores = dict(assessment.question_scores.values_list("question_id", "score"))
    questions = {}
    for q in Question.objects.filter(framework=assessment.framework).select_related("indicator"):
        questions.setdefault(q.indicator.number, []).append(q)
    findings = assessment.findings.select_related("indicator").prefetch_related(
        Prefetch("questions", queryset=Question.objects.order_by("order"))
    )
    org = assessment.organization
    return {
        "organization": {"name": org.name, "district": org.district, "province": org.province},
        "fiscal_year": assessment.fiscal_year,
        "framework_year": assessment.framework.year,
        "published_at": assessment.published_at.isoformat() if assessment.published_at else None,
        "national_target": _s(assessment.framework.national_target),
        "overall": {
            "reported": _s(result.reported_overall),
            "computed": _s(result.computed_overall),
            "value": _s(result.overall),
        },
        "level": {
            "reported": result.reported_level or None,
            "computed": result.computed_level,
            "value": result.level,
        },
        "tools": [
            {
                "code": t.spec.code,
                "weight": _s(t.spec.weight),
                "reported": _s(t.reported),
                "computed": _s(t.computed),
                "value": _s(t.value),
            }
            for t in result.tools
        ],
        "indicators": [
            {
                "number": r.spec.number,
                "name": r.spec.name,
                "tool": r.spec.tool,
                "reported": _s(r.reported),
                "computed": _s(r.computed),
                "value": _s(r.value),
                "questions": [
                    {
                        "code": q.code,
                        "topic_key": q.topic_key,
                        "title": q.title,
                        "title_is_summary": q.title_is_summary,
                        "score": _s(scores.get(q.pk)),
                    }
                    for q in sorted(questions.get(r.spec.number, []), key=lambda q: q.order)
                ],
            }
            for r in result.indicators
        ],
        "findings": [
            {
                "indicator": f.indicator.number,
                "questions": [q.code for q in f.questions.all()],
                "kind": f.kind,
                "issue": f.issue,
                "recommendation": f.recommendation,
            }
            for f in findings
        ],
        "warnings": result.warnings,
    }


def data_json(request, year):
    data = open_data(_published(year))
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})


def score_rows(data):
    """The rows of data.csv (and of data.xlsx's first sheet), without the header: dicts keyed
    by CSV_HEADERS, an absent figure as None."""
    fy = data["fiscal_year"]

    def row(kind, code, topic_key, name, tool, indicator, figures=None):
        figures = figures or {}
        return {
            "fiscal_year": fy,
            "kind": kind,
            "code": code,
            "topic_key": topic_key,
            "name": name,
            "tool": tool,
            "indicator": indicator,
            "reported": figures.get("reported"),
            "computed": figures.get("computed"),
            "value": figures.get("value"),
        }

    rows = []
    for i in data["indicators"]:
        for q in i["questions"]:
            rows.append(
                row(
                    "question",
                    q["code"],
                    q["topic_key"],
                    q["title"],
                    i["tool"],
                    i["number"],
                    {"value": q["score"]},
                )
            )
    for i in data["indicators"]:
        rows.append(row("indicator", i["number"], "", i["name"], i["tool"], i["number"], i))
    for t in data["tools"]:
        rows.append(row("tool", t["code"], "", "", t["code"], "", t))
    rows.append(row("overall", "ITA", "", "คะแนนภาพรวม", "", "", data["overall"]))
    rows.append(row("level", "", "", "ระดับผลการประเมิน", "", "", data["level"]))
    return rows


def data_csv(request, year):
    data = open_data(_published(year))
    rows = [CSV_HEADERS]
    for r in score_rows(data):
        rows.append(["" if r[key] is None else r[key] for key in CSV_HEADERS])
    # Text that a spreadsheet would read as a formula is neutralised (core.spreadsheets).
    response = HttpResponse(spreadsheets.csv_text(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="ita-{data["fiscal_year"]}.csv"'
    return response


def _xlsx_value(key, value):
    if value is None:
        return None
    if key == "kind":
        return KINDS[value]
    if key in SCORE_COLUMNS and value not in ("", None):
        try:
            return Decimal(value)  # a number a spreadsheet computes with
        except ArithmeticError:
            return value  # the level's name
    return value


def xlsx_sheets(assessment, data, about_url):
    """data.xlsx's sheets: the scores (the CSV's rows, Thai headers), the findings, and the
    year's facts with the publication date in พ.ศ."""
    scores = [[thai for _, thai in COLUMNS]]
    for r in score_rows(data):
        scores.append([_xlsx_value(key, r[key]) for key in CSV_HEADERS])
    kinds = dict(Finding.Kind.choices)
    findings = [["ตัวชี้วัดที่", "ข้อคำถาม", "ประเภท", "ประเด็น", "ข้อเสนอแนะ/แนวทาง"]]
    for f in data["findings"]:
        findings.append(
            [
                f["indicator"],
                ", ".join(f["questions"]),
                str(kinds.get(f["kind"], f["kind"])),
                f["issue"],
                f["recommendation"],
            ]
        )
    org = data["organization"]
    published = assessment.published_at
    facts = [
        ["รายการ", "ข้อมูล"],
        ["หน่วยงาน", org["name"]],
        ["อำเภอ", org["district"]],
        ["จังหวัด", org["province"]],
        ["ปีงบประมาณ (พ.ศ.)", data["fiscal_year"]],
        ["กรอบการประเมินปี (พ.ศ.)", data["framework_year"]],
        # A real date cell in Bangkok time, shown in พ.ศ. (core.spreadsheets).
        [
            "วันที่เผยแพร่",
            timezone.localtime(published).replace(tzinfo=None) if published else None,
        ],
        ["ค่าเป้าหมายตามแผนแม่บทฯ (เกณฑ์ผ่าน)", _xlsx_value("value", data["national_target"])],
        ["คะแนนภาพรวม", _xlsx_value("value", data["overall"]["value"])],
        ["ระดับผลการประเมิน", data["level"]["value"]],
        ["คำอธิบายข้อมูล", about_url],
    ]
    facts += [["ข้อสังเกตการคำนวณ", w] for w in data["warnings"]]
    return [
        ("คะแนน", scores, {0}, [12, 16, 8, 24, 60, 10, 10, 14, 14, 14]),
        ("ข้อบกพร่องและข้อเสนอแนะ", findings, {0}, [10, 14, 18, 50, 80]),
        ("ข้อมูลทั่วไป", facts, {0}, [34, 60]),
    ]


def data_xlsx(request, year):
    """/reports/<year>/data.xlsx: the open data for people (module docstring)."""
    assessment = _published(year)
    data = open_data(assessment)
    about = request.build_absolute_uri(
        reverse("publishing:data_about", args=[assessment.fiscal_year])
    )
    body = spreadsheets.xlsx_bytes(xlsx_sheets(assessment, data, about))
    return spreadsheets.attachment(
        body, f"ita-{assessment.fiscal_year}.xlsx", spreadsheets.XLSX_CONTENT_TYPE
    )


def data_about(request, year):
    """/reports/<year>/data/: what each field of the year's open data means, in Thai, with the
    three files. Published years only, as the files; kept for visitors like the other pages."""

    def build():
        assessment = _published(year)
        return render(
            request,
            "publishing/opendata_about.html",
            {"assessment": assessment, "columns": COLUMNS, "kinds": KINDS},
        )

    return caching.public_page(request, build)
