"""The OIT demo: Don Sak's 2569 tracker as a submitted year (fixtures/demo_2569_oit.json),
marked ข้อมูลตัวอย่าง everywhere it shows. Made the way staff would: the 2569 year from the
2568 demo ("สร้างผลการประเมินปีถัดไป", unfinished items carried over), its tracker, the items
filled in, submitted to ITAS, one item clarified, the public table published. No link check is
recorded: the demo's URLs point nowhere real (donsak.example), and a check run on them shows
so."""

import json
from datetime import date, datetime
from pathlib import Path

from django.db import transaction

from actionplans.models import Division
from actionplans.services import next_year_create
from assessments.models import Assessment, Organization

from .models import OitItem, OitLink
from .services import tracker_create, tracker_submit

DEMO_OIT_PATH = Path(__file__).resolve().parent.parent / "fixtures" / "demo_2569_oit.json"


@transaction.atomic
def oit_demo_load(*, path=DEMO_OIT_PATH):
    """Load the demo tracker; returns (tracker, created). Idempotent: a year that already has
    a tracker is left as it is."""
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    org = Organization.objects.filter(code="donsak").first()
    if org is None:
        raise ValueError("ยังไม่มีข้อมูลตัวอย่างปี 2568: รัน manage.py load_demo ก่อน")
    year = data["fiscal_year"]
    assessment = Assessment.objects.filter(organization=org, fiscal_year=year).first()
    if assessment is None:
        previous = Assessment.objects.get(organization=org, fiscal_year=year - 1)
        assessment, _carried = next_year_create(assessment=previous)
    if hasattr(assessment, "oit_tracker"):
        return assessment.oit_tracker, False
    tracker = tracker_create(assessment=assessment)
    tracker.is_example = True
    tracker.save()
    divisions = {d.name: d for d in Division.objects.all()}
    items = {i.question.code: i for i in tracker.items.select_related("question")}
    for row in data["items"]:
        item = items[row["code"]]
        item.owners.set([divisions[n] for n in row["owners"] if n in divisions])
        item.due_date = date.fromisoformat(row["due_date"])
        item.itas_note = row["itas_note"]
        item.memo_number = row["memo_number"]
        item.memo_date = date.fromisoformat(row["memo_date"])
        item.status = OitItem.Status.READY
        clarification = row.get("clarification")
        if clarification:
            item.nacc_verdict = clarification["nacc_verdict"]
            item.clarification = clarification["clarification"]
            item.clarification_outcome = clarification["outcome"]
        item.save()
        for n, url in enumerate(row["urls"], start=1):
            OitLink.objects.create(item=item, url=url, is_answer=n == 1, order=n)
        item.ticks.update(done=True)
    tracker_submit(
        tracker=tracker,
        user=None,
        watch_until=date.fromisoformat(data["watch_until"]),
        when=datetime.fromisoformat(data["submitted_at"]),
    )
    tracker.table_published = True
    tracker.save()
    return tracker, True
