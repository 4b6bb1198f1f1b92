"""Test helpers for spreadsheets and for a fiscal-2569 framework (renumbered OIT, reference §6).

The 2569 framework is built here, not in the catalogue: the reference gives only the OIT codes
and most of their names, not 2569's IIT/EIT questions or how O1–O26 split into indicators 9 and
10. For the tests, IIT/EIT are copied from 2568 and O1–O19 → 9, O20–O26 → 10.
"""

import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from assessments.models import Assessment, Organization
from indicators.models import FrameworkYear, Indicator, Question, RatingLevel, Tool

# 2569 code -> the 2568 topic it continues (reference §6); O2, O4–O9 are not known.
OIT_2569 = {
    1: "oit-structure",
    3: "oit-contact",
    10: "oit-e-service",
    11: "oit-procurement-progress",
    12: "oit-procurement-report",
    13: "oit-hr-plan",
    14: "oit-hr-report",
    15: "oit-ethics",
    16: "oit-complaint-guide",
    17: "oit-complaint-channel",
    18: "oit-complaint-stats",
    19: "oit-participation",
    20: "oit-no-gift",
    21: "oit-bribery-risk",
    22: "oit-risk-report",
    23: "oit-prevention-plan",
    24: "oit-prevention-report",
    25: "oit-integrity-measures",
    26: "oit-integrity-actions",
}


def make_framework_2569():
    src = FrameworkYear.objects.get(year=2568)
    fw = FrameworkYear.objects.create(year=2569, name="ITA 2569 (ทดสอบ)", national_target=85)
    tools = {
        t.code: Tool.objects.create(
            framework=fw, code=t.code, name=t.name, weight=t.weight, order=t.order
        )
        for t in src.tools.all()
    }
    indicators = {
        i.number: Indicator.objects.create(
            framework=fw, tool=tools[i.tool.code], number=i.number, name=i.name
        )
        for i in src.indicators.select_related("tool")
    }
    for lv in src.rating_levels.all():
        RatingLevel.objects.create(
            framework=fw,
            rank=lv.rank,
            name=lv.name,
            min_overall=lv.min_overall,
            min_each_tool=lv.min_each_tool,
            passes=lv.passes,
        )
    order = 0
    for q in src.questions.filter(indicator__number__lte=8).select_related("indicator"):
        order += 1
        Question.objects.create(
            framework=fw,
            indicator=indicators[q.indicator.number],
            code=q.code,
            order=order,
            title=q.title,
            topic_key=q.topic_key,
            standard_recommendation=q.standard_recommendation,
        )
    for n in range(1, 27):
        order += 1
        Question.objects.create(
            framework=fw,
            indicator=indicators[9 if n <= 19 else 10],
            code=f"o{n}",
            order=order,
            title=f"O{n}",
            topic_key=OIT_2569.get(n, f"oit-2569-o{n}"),
        )
    return fw


def make_assessment(fiscal_year, framework_year=None, **kwargs):
    org = Organization.objects.first() or Organization.objects.create(
        code="donsak", name="เทศบาลเมืองดอนสัก", district="ดอนสัก", province="สุราษฎร์ธานี"
    )
    fw = FrameworkYear.objects.get(year=framework_year or fiscal_year)
    return Assessment.objects.create(
        organization=org, fiscal_year=fiscal_year, framework=fw, **kwargs
    )


def xlsx_bytes(sheets):
    """sheets: {name: [row, ...]} -> the bytes of an XLSX workbook."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(data, name="scores.xlsx"):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return SimpleUploadedFile(name, data)


def scores_of(assessment):
    return {
        "questions": dict(assessment.question_scores.values_list("question__code", "score")),
        "indicators": dict(assessment.indicator_scores.values_list("indicator__number", "score")),
        "tools": dict(assessment.tool_scores.values_list("tool__code", "score")),
        "overall": Assessment.objects.get(pk=assessment.pk).reported_overall,
        "level": Assessment.objects.get(pk=assessment.pk).reported_level,
    }


D = Decimal
