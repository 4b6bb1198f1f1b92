"""Writes on the action plan: keyword-only functions inside a transaction, refusing bad input
with Thai messages (the views show them as they are)."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from assessments.services import assessment_next_year_create
from core import stale
from core.signals import content_changed_on_commit

from .models import (
    ActionItem,
    Division,
    ProgressUpdate,
    ReminderLog,
    check_done_iff_100,
    evidence_display_name,
)

# What a progress report says besides its status and percent (all optional).
REPORT_TEXTS = ("public_summary", "note", "evidence_url", "public_evidence_title")


def report_values(data):
    """A progress form's cleaned data as the services below take it."""
    return {
        "status": data["status"],
        "percent": data["percent"],
        "evidence_file": data.get("evidence_file"),
        **{name: data.get(name, "") for name in REPORT_TEXTS},
    }


def progress_update_check(*, item, status, percent, evidence_file=None, **texts):
    """Raise ValidationError (Thai, keyed by field where there is one) if a report with these
    values would be refused: the rules `progress_update_create` applies, for a form (the
    admin's) to check before it saves. `texts`: REPORT_TEXTS."""
    errors = {}
    if status not in ActionItem.Status.values:
        errors["status"] = "กรุณาเลือกสถานะของงาน"
    if percent is None:
        errors["percent"] = "กรุณากรอกร้อยละความก้าวหน้า (0 ถึง 100)"
    elif not 0 <= percent <= 100:
        errors["percent"] = f"ร้อยละความก้าวหน้าต้องอยู่ระหว่าง 0 ถึง 100 (กรอกมา {percent})"
    else:
        try:
            check_done_iff_100(status, percent)  # the model's rule, one wording
        except ValidationError as e:
            errors.update(e.message_dict)
    if errors:
        raise ValidationError(errors)
    said_something = any(texts.get(name, "").strip() for name in REPORT_TEXTS) or evidence_file
    changed = status != item.status or percent != item.percent
    if not said_something and not changed:
        raise ValidationError(
            "รายงานนี้ว่างเปล่า: กรุณาเปลี่ยนสถานะหรือร้อยละ หรือเขียนสรุป/บันทึก หรือแนบหลักฐานอย่างน้อยหนึ่งอย่าง",
            code="empty_update",
        )


@transaction.atomic
def progress_update_create(
    *,
    item,
    author,
    status,
    percent,
    public_summary="",
    note="",
    evidence_url="",
    evidence_file=None,
    public_evidence_title="",
    submission=None,
    stale_token=None,
    created_at=None,
):
    """Record a progress report on `item` and bring the item's status and percent up to it.

    Raises ValidationError (Thai messages, keyed by field where there is one) and saves
    nothing when the input is refused. Both rows get a history record naming `author`.

    `submission` is the one-time id of the form the report was typed in: a form sent again
    (a double click, a reload) returns the report already saved from it, marked
    `already_saved`, and saves nothing. `stale_token` is the item's status and percent as the
    form showed them (core.stale): if another report changed them meanwhile, StaleSave
    (a ValidationError naming what changed) is raised and nothing is saved.

    `created_at` dates a report recorded late (staff, in the admin); by default it is now. The
    item follows its newest report: a late report dated before another leaves the item as the
    newer one says (the results as of a cut-off read each report at its date).
    """
    # Lock the item so that two reports posted at once cannot interleave their writes (and,
    # on SQLite, the transaction began IMMEDIATE, so the whole database is ours until commit).
    item = ActionItem.objects.select_for_update().get(pk=item.pk)
    if submission is not None:
        earlier = ProgressUpdate.objects.filter(submission=submission).first()
        if earlier is not None:
            if earlier.item_id != item.pk or earlier.author_id != author.pk:
                raise ValidationError("แบบฟอร์มนี้ใช้ไม่ได้ กรุณาเปิดหน้ารายการใหม่แล้วกรอกอีกครั้ง")
            earlier.already_saved = True
            return earlier
    stale.check(stale_token, item, ["status", "percent"])
    texts = {
        "public_summary": public_summary,
        "note": note,
        "evidence_url": evidence_url,
        "public_evidence_title": public_evidence_title,
    }
    progress_update_check(
        item=item, status=status, percent=percent, evidence_file=evidence_file, **texts
    )
    update = ProgressUpdate(
        item=item,
        author=author,
        status=status,
        percent=percent,
        public_summary=public_summary.strip(),
        note=note.strip(),
        evidence_url=evidence_url.strip(),
        evidence_file=evidence_file or "",
        evidence_name=evidence_display_name(evidence_file.name) if evidence_file else "",
        public_evidence_title=public_evidence_title.strip(),
        submission=submission,
    )
    if created_at is not None:
        update.created_at = created_at
    update.full_clean()
    # Named explicitly so that history is right outside a request too (commands, shell).
    update._history_user = author
    update.save()

    # A report dated now is the newest; a late one moves the item only if none is newer.
    late = created_at is not None
    if not late or not item.updates.filter(created_at__gt=update.created_at).exists():
        item.status = status
        item.percent = percent
        item.full_clean()
        item._history_user = author
        item.save()
    content_changed_on_commit(sender=ProgressUpdate)  # the public plan page shows it
    update.already_saved = False
    return update


def _reminder_items(user, horizon):
    # Their own divisions' items, even for a head who may also work on every division's.
    return list(
        ActionItem.objects.owned_by(user)
        .filter(owner__in=Division.objects.filter(heads=user))
        .open()
        .filter(due_date__lte=horizon)
        .select_related("topic__assessment", "owner__parent")
        .order_by("due_date", "topic__number", "number")
    )


def action_reminder_recipients(*, days, today=None):
    """Who is due a reminder: the division heads with open items due within `days` days or
    overdue. Returns (due, skipped): due a list of (user, items), skipped a list of (user,
    reason in Thai) for heads with no email address or already written to today."""
    if days < 0:
        raise ValidationError("จำนวนวันต้องไม่ติดลบ")
    today = today or timezone.localdate()
    horizon = today + timedelta(days=days)
    User = get_user_model()
    heads = User.objects.filter(is_active=True, divisions__isnull=False).distinct().order_by("pk")
    written = set(ReminderLog.objects.filter(date=today).values_list("user_id", flat=True))
    due, skipped = [], []
    for user in heads:
        items = _reminder_items(user, horizon)
        if not items:
            continue
        if not user.email:
            skipped.append((user, "ไม่มีอีเมล"))
        elif user.pk in written:
            skipped.append((user, "ส่งไปแล้ววันนี้"))
        else:
            due.append((user, items))
    return due, skipped


def action_reminder_send(*, user, days, today=None, base_url=""):
    """Email one division head their open items due within `days` days or overdue, as they
    stand now; at most once a day (ReminderLog). Returns the items sent ([] when nothing was
    due, or the head was written to today already). Raises when the email cannot be sent, and
    then no log row is kept, so that a retry sends it."""
    today = today or timezone.localdate()
    items = _reminder_items(user, today + timedelta(days=days))
    if not items or not user.email:
        return []
    with transaction.atomic():
        _, created = ReminderLog.objects.get_or_create(
            user=user, date=today, defaults={"item_count": len(items)}
        )
        if not created:
            return []
        overdue = [i for i in items if i.due_date < today]
        context = {
            "user": user,
            "items": items,
            "overdue": overdue,
            "due_soon": [i for i in items if i.due_date >= today],
            "days": days,
            "today": today,
            "base_url": base_url.rstrip("/"),
        }
        subject = (
            f"[ITA] งานตามแผนที่เลยกำหนด {len(overdue)} รายการ "
            f"และใกล้ครบกำหนด {len(items) - len(overdue)} รายการ"
        )
        body = render_to_string("actionplans/email/reminder.txt", context)
        # Raises on failure, which rolls back the log row: a failed email is retried.
        send_mail(subject, body, None, [user.email])
    return items


# --- a new year: the plan's unfinished items carried over -----------------------------------


def _next_year(d):
    try:
        return d.replace(year=d.year + 1)
    except ValueError:  # 29 February
        return d.replace(year=d.year + 1, day=28)


@transaction.atomic
def plan_carry_over(*, source, target):
    """Carry `source` year's unfinished action items over to the `target` year's plan.

    Each plan topic that still has open items is copied with its owners and methods, its period
    moved one year on, and its open items copied with their status and progress, linked back
    through ActionItem.carried_from. Divisions are the deployment's own (not per year), so the
    carried items keep their owners as they are. Returns the number of items carried.
    """
    carried = 0
    topics = source.plan_topics.prefetch_related("owners", "methods").order_by("number")
    for topic in topics:
        items = list(topic.items.open().order_by("number"))
        if not items:
            continue
        copy = target.plan_topics.create(
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
            carried += 1
    content_changed_on_commit(sender=ActionItem)
    return carried


@transaction.atomic
def next_year_create(*, assessment):
    """Next fiscal year's assessment (`assessments.services.assessment_next_year_create`) with
    this year's unfinished items carried over; returns (the new assessment, items carried)."""
    new = assessment_next_year_create(assessment=assessment)
    return new, plan_carry_over(source=assessment, target=new)
