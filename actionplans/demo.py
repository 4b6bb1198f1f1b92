"""The demo data: Don Sak municipality's real fiscal-2568 analysis (fixtures/demo_2568.json).

Lives in actionplans because it writes every layer (organization, assessment, plan); it only
reads the framework catalogue, which `migrate` has already loaded.
"""

import json
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from assessments.findings import finding_questions_set
from assessments.models import (
    Assessment,
    Finding,
    Guideline,
    IndicatorScore,
    Memo,
    MemoSignature,
    Organization,
    QuestionScore,
    ToolScore,
)
from core.roles import staff_group_grant
from core.signals import content_changed_on_commit
from indicators.models import FrameworkYear

from .models import ActionItem, Division, PlanMethod, PlanTopic, ProgressUpdate

DEMO_PATH = Path(__file__).resolve().parent.parent / "fixtures" / "demo_2568.json"
# Made-up progress on the demo plan, so that a newcomer can see a results report. Every update
# from it is flagged `is_example` and every page that shows one says ข้อมูลตัวอย่าง: the seed is a
# plan, and nothing here is Don Sak's real progress.
EXAMPLE_PROGRESS_PATH = DEMO_PATH.with_name("demo_2568_example_progress.json")
EXAMPLE_AUTHOR = "demo-example"

# Demo-only accounts with a published password: created only with DEBUG on (see load_demo).
DEMO_PASSWORD = "ita-demo-2568"
DEMO_STAFF = "ita-admin"
DEMO_HEADS = {
    "thurakan": "งานธุรการ",
    "prasamphan": "งานประชาสัมพันธ์",
    "phatsadu": "งานพัสดุ",
    "bukkhon": "งานทรัพยากรบุคคล",
    "yutthasat": "กองยุทธศาสตร์และงบประมาณ",
}


def read_demo(path=DEMO_PATH):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def _dec(value):
    return None if value in (None, "") else Decimal(value)


def _example_updates(path):
    """{(topic number, item number): [update dicts, oldest first]} of the example progress."""
    if path is None or not Path(path).is_file():
        return {}
    by_item = {}
    for u in read_demo(path)["updates"]:
        by_item.setdefault((u["topic"], u["item"]), []).append(u)
    for updates in by_item.values():
        updates.sort(key=lambda u: u["date"])
    return by_item


def _example_author():
    """The author of the example updates: an account that cannot sign in."""
    User = get_user_model()
    user = User.objects.filter(username=EXAMPLE_AUTHOR).first()
    if user is None:
        user = User(username=EXAMPLE_AUTHOR, first_name="ข้อมูลตัวอย่าง", is_active=False)
        user.set_unusable_password()
        user.save()
    return user


@transaction.atomic
def demo_load(*, path=DEMO_PATH, reset=False, example_path=EXAMPLE_PROGRESS_PATH):
    """Load the demo year; returns (assessment, created).

    Idempotent: when the demo year already exists nothing is touched (so staff edits and the
    history survive a second run), unless `reset` deletes it and loads it afresh.
    """
    data = read_demo(path)
    examples = _example_updates(example_path)
    org_data = data["organization"]
    a = data["assessment"]
    # Found by its stable code: renaming the agency in the admin must not make a second one.
    org, _ = Organization.objects.get_or_create(code=org_data["code"], defaults=org_data)

    existing = Assessment.objects.filter(organization=org, fiscal_year=a["fiscal_year"]).first()
    if existing and not reset:
        return existing, False
    if existing:
        PlanTopic.objects.filter(assessment=existing).delete()
        existing.delete()

    divisions = {}
    for order, d in enumerate(data["divisions"], start=1):
        divisions[d["name"]], _ = Division.objects.get_or_create(
            name=d["name"],
            defaults={"parent": divisions.get(d["parent"]), "order": order},
        )

    framework = FrameworkYear.objects.get(year=a["framework"])
    questions = {q.code: q for q in framework.questions.all()}
    indicators = {i.number: i for i in framework.indicators.all()}
    tools = {t.code: t for t in framework.tools.all()}

    assessment = Assessment(
        organization=org,
        fiscal_year=a["fiscal_year"],
        framework=framework,
        status=a["status"],
        reported_overall=_dec(a["reported_overall"]),
        reported_level=a["reported_level"],
        eit_part1_score=_dec(a.get("eit_part1_score")),
        eit_part2_score=_dec(a.get("eit_part2_score")),
        goal_overall=_dec(a.get("goal_overall")),
        goal_each_tool=_dec(a.get("goal_each_tool")),
        summary=a.get("summary", ""),
        reflection=a.get("reflection", ""),
        analysis_intro=a.get("analysis_intro", ""),
    )
    if assessment.status == Assessment.Status.PUBLISHED:
        # When the seed's year was published (its memo is dated 17 April 2569), not when this
        # command ran; a demo file without the date is published now.
        published = a.get("published_at")
        assessment.published_at = datetime.fromisoformat(published) if published else timezone.now()
    assessment.full_clean()
    assessment.save()

    bulk_create_with_history(
        [
            QuestionScore(assessment=assessment, question=questions[code], score=_dec(score))
            for code, score in a["question_scores"].items()
        ],
        QuestionScore,
    )
    bulk_create_with_history(
        [
            IndicatorScore(assessment=assessment, indicator=indicators[int(n)], score=_dec(score))
            for n, score in a["indicator_scores"].items()
        ],
        IndicatorScore,
    )
    bulk_create_with_history(
        [
            ToolScore(assessment=assessment, tool=tools[code], score=_dec(score))
            for code, score in a.get("tool_scores", {}).items()
        ],
        ToolScore,
    )

    for order, f in enumerate(a["findings"], start=1):
        finding = Finding.objects.create(
            assessment=assessment,
            indicator=indicators[f["indicator"]],
            kind=f["kind"],
            issue=f.get("issue", ""),
            recommendation=f["recommendation"],
            order=order,
        )
        finding_questions_set(finding=finding, questions=[questions[c] for c in f["questions"]])

    bulk_create_with_history(
        [
            Guideline(assessment=assessment, indicator=indicators[int(n)], order=order, text=text)
            for n, texts in a["guidelines"].items()
            for order, text in enumerate(texts, start=1)
        ],
        Guideline,
    )

    m = a["memo"]
    memo = Memo.objects.create(
        assessment=assessment,
        department=m["department"],
        phone=m.get("phone", ""),
        reference_no=m.get("reference_no", ""),
        date=date.fromisoformat(m["date"]) if m.get("date") else None,
        subject=m["subject"],
        addressee=m["addressee"],
        background=m["background"],
        facts=m["facts"],
        consideration=m["consideration"],
        closing=m.get("closing") or "จึงเรียนมาเพื่อโปรดพิจารณา",
        edited_by_person=True,
    )
    MemoSignature.objects.bulk_create(
        MemoSignature(
            memo=memo,
            order=order,
            role=s.get("role", MemoSignature.Role.ENDORSER),
            name=s["name"],
            position=s["position"],
            opinion=s.get("opinion", ""),
            note=s["note"],
        )
        for order, s in enumerate(m["signatures"], start=1)
    )

    for t in a["plan_topics"]:
        topic = PlanTopic.objects.create(
            assessment=assessment,
            number=t["number"],
            title=t["title"],
            owner_text=t.get("owner_text", ""),
            steps_heading=t.get("steps_heading", ""),
            start_date=date.fromisoformat(t["start_date"]),
            end_date=date.fromisoformat(t["end_date"]),
        )
        owners = [divisions[name] for name in t["owners"]]
        topic.owners.set(owners)
        bulk_create_with_history(
            [
                PlanMethod(topic=topic, number=n, text=text)
                for n, text in enumerate(t["methods"], start=1)
            ],
            PlanMethod,
        )
        items = []
        for n, text in enumerate(t["steps"], start=1):
            item = ActionItem(
                topic=topic, number=n, text=text, owner=owners[0], due_date=topic.end_date
            )
            latest = (examples.get((t["number"], n)) or [None])[-1]
            if latest is not None:  # the example's progress is the item's status
                item.status, item.percent = latest["status"], latest["percent"]
            items.append(item)
        bulk_create_with_history(items, ActionItem)
        if examples:
            _example_progress_create(topic, examples)
    # Most rows above are bulk-created (no post_save): said here, so no cached page misses them.
    content_changed_on_commit(sender=Assessment)
    return assessment, True


def _example_progress_create(topic, examples):
    author = _example_author()
    tz = timezone.get_current_timezone()
    updates = [
        ProgressUpdate(
            item=item,
            author=author,
            created_at=datetime.combine(date.fromisoformat(u["date"]), time(10), tzinfo=tz),
            status=u["status"],
            percent=u["percent"],
            public_summary=u["public_summary"],
            public_evidence_title=u.get("public_evidence_title", ""),
            is_example=True,
        )
        for item in topic.items.order_by("number")
        for u in examples.get((topic.number, item.number), [])
    ]
    bulk_create_with_history(updates, ProgressUpdate, default_user=author)


@transaction.atomic
def demo_accounts_create():
    """The demo's staff account and one head per division that owns plan items.

    Returns the usernames created; existing accounts are left as they are.
    """
    User = get_user_model()
    created = []
    if not User.objects.filter(username=DEMO_STAFF).exists():
        staff = User.objects.create_user(
            DEMO_STAFF,
            email=f"{DEMO_STAFF}@example.org",  # staff notices (core.notifications) go nowhere real
            password=DEMO_PASSWORD,
            is_staff=True,
            is_superuser=True,
            first_name="เจ้าหน้าที่ ITA (ทดลอง)",
        )
        staff.groups.add(staff_group_grant(apps))
        created.append(DEMO_STAFF)
    for username, division_name in DEMO_HEADS.items():
        division = Division.objects.filter(name=division_name).first()
        if division is None or User.objects.filter(username=username).exists():
            continue
        user = User.objects.create_user(
            username,
            email=f"{username}@example.org",  # reserved domain: reminders go nowhere real
            password=DEMO_PASSWORD,
            first_name=f"หัวหน้า{division_name} (ทดลอง)",
        )
        division.heads.add(user)
        created.append(username)
    return created
