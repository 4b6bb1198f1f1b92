"""The demo's survey drive: Don Sak's 2569 drive as example data (ข้อมูลตัวอย่าง), loaded by
`manage.py load_demo` (actionplans.signals.demo_loaded) beside the example progress, with DEBUG
on only, and never over a drive staff made."""

import json
from datetime import date
from pathlib import Path

from django.db import transaction

from assessments.models import Organization

from .models import SurveyDrive

DEMO_DRIVE_PATH = (
    Path(__file__).resolve().parent.parent / "fixtures" / "demo_2569_survey_drive.json"
)


@transaction.atomic
def demo_drive_load(*, path=DEMO_DRIVE_PATH, reset=False):
    """Returns (drive, created); None when the demo organization is missing."""
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    org = Organization.objects.filter(code=data["organization"]).first()
    if org is None:
        return None, False
    d = data["drive"]
    existing = SurveyDrive.objects.filter(organization=org, fiscal_year=d["fiscal_year"]).first()
    if existing and not (reset and existing.is_example):
        return existing, False
    if existing:
        existing.delete()
    drive = SurveyDrive(
        organization=org,
        is_example=True,
        **{
            **d,
            "opens_on": date.fromisoformat(d["opens_on"]),
            "closes_on": date.fromisoformat(d["closes_on"]),
        },
    )
    drive.full_clean()
    drive.save()
    for order, point in enumerate(data["service_points"], start=1):
        drive.service_points.create(order=order, **point)
    for c in data["counts"]:
        drive.counts.create(
            date=date.fromisoformat(c["date"]), iit_count=c["iit"], eit_count=c["eit"]
        )
    return drive, True
