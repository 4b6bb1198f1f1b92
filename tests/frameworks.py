"""Test helpers for spreadsheets and for the fiscal-2569 framework (renumbered OIT, reference §6).

2569 ships with the catalogue (provisional): IIT/EIT and the levels carried over from 2568,
O1–O19 → indicator 9, O20–O26 → 10.
"""

import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from assessments.models import Assessment, Organization
from indicators.models import FrameworkYear


def make_framework_2569():
    """The fiscal-2569 framework as the portal ships it (indicators/0006, reference §6)."""
    return FrameworkYear.objects.get(year=2569)


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
