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
"""

from django.db.models import Prefetch
from django.http import Http404, HttpResponse, JsonResponse

from assessments.models import Assessment
from assessments.selectors import assessment_score
from core import spreadsheets
from core.thai import local_iso, score_text
from indicators.models import Question

CSV_HEADERS = [
    "fiscal_year",
    "kind",
    "code",
    "topic_key",
    "name",
    "tool",
    "indicator",
    "reported",
    "computed",
    "value",
]


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
        "published_at": local_iso(assessment.published_at),
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


def data_csv(request, year):
    data = open_data(_published(year))
    fy = data["fiscal_year"]
    rows = [CSV_HEADERS]
    for i in data["indicators"]:
        for q in i["questions"]:
            rows.append(
                [
                    fy,
                    "question",
                    q["code"],
                    q["topic_key"],
                    q["title"],
                    i["tool"],
                    i["number"],
                    "",
                    "",
                    q["score"] or "",
                ]
            )
    for i in data["indicators"]:
        rows.append(
            [
                fy,
                "indicator",
                i["number"],
                "",
                i["name"],
                i["tool"],
                i["number"],
                i["reported"] or "",
                i["computed"] or "",
                i["value"] or "",
            ]
        )
    for t in data["tools"]:
        rows.append(
            [
                fy,
                "tool",
                t["code"],
                "",
                "",
                t["code"],
                "",
                t["reported"] or "",
                t["computed"] or "",
                t["value"] or "",
            ]
        )
    o, lv = data["overall"], data["level"]
    rows.append(
        [
            fy,
            "overall",
            "ITA",
            "",
            "คะแนนภาพรวม",
            "",
            "",
            o["reported"] or "",
            o["computed"] or "",
            o["value"] or "",
        ]
    )
    rows.append(
        [
            fy,
            "level",
            "",
            "",
            "ระดับผลการประเมิน",
            "",
            "",
            lv["reported"] or "",
            lv["computed"] or "",
            lv["value"] or "",
        ]
    )
    # Text that a spreadsheet would read as a formula is neutralised (core.spreadsheets).
    response = HttpResponse(spreadsheets.csv_text(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="ita-{fy}.csv"'
    return response
