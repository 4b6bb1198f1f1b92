"""Writes of the OIT tracker: keyword-only functions, each in one transaction, raising Thai
ValidationErrors and leaving the database unchanged when they do."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core import jobs
from core.signals import content_changed_on_commit

from .models import ElementTick, OitItem, OitLink, OitTracker

Status = OitItem.Status


def oit_questions(framework):
    """The framework year's OIT items (the questions of its tool OIT), in order."""
    return framework.questions.filter(indicator__tool__code="OIT").order_by("order")


def _next_year(d):
    if d is None:
        return None
    try:
        return d.replace(year=d.year + 1)
    except ValueError:  # 29 February
        return d.replace(year=d.year + 1, day=28)


def _ticks_for(item, question, urls_by_element=None):
    urls_by_element = urls_by_element or {}
    ElementTick.objects.bulk_create(
        ElementTick(item=item, position=n, element=text[:500], url=urls_by_element.get(text, ""))
        for n, text in enumerate(question.element_list, start=1)
    )


@transaction.atomic
def tracker_create(*, assessment):
    """The year's tracker with one item per OIT item of its framework (idempotent: items the
    framework gained since are added, none removed)."""
    tracker, _ = OitTracker.objects.get_or_create(assessment=assessment)
    have = set(tracker.items.values_list("question_id", flat=True))
    for question in oit_questions(assessment.framework):
        if question.pk in have:
            continue
        item = OitItem.objects.create(tracker=tracker, question=question)
        _ticks_for(item, question)
    content_changed_on_commit(sender=OitTracker)
    return tracker


def previous_tracker(tracker):
    """The same organization's tracker of the nearest earlier year, or None."""
    return (
        OitTracker.objects.filter(
            assessment__organization_id=tracker.assessment.organization_id,
            assessment__fiscal_year__lt=tracker.assessment.fiscal_year,
        )
        .order_by("-assessment__fiscal_year")
        .first()
    )


@transaction.atomic
def tracker_carry_over(*, tracker, source=None):
    """ "ยกข้อมูลจากปีก่อน": owners, URLs and notes of the previous year's items carried to this
    year's items of the same topic; an item that merged two earlier ones (รวมประเด็นเดิม) gets
    both. Due dates move a year on; statuses, ticks, memos and the submission start afresh.
    Refused when this year's items already have links (nothing is overwritten). Returns the
    number of items that received something."""
    source = source or previous_tracker(tracker)
    if source is None:
        raise ValidationError("ไม่มีข้อมูล OIT ของปีก่อนให้ยกมา")
    if OitLink.objects.filter(item__tracker=tracker).exists():
        raise ValidationError("ข้อ OIT ปีนี้มีลิงก์แล้ว จึงไม่ยกข้อมูลจากปีก่อนทับ (ลบลิงก์ก่อน หรือแก้ไขทีละข้อ)")
    old_by_topic = {}
    for old in source.items.select_related("question").prefetch_related("owners", "links", "ticks"):
        old_by_topic[old.question.topic_key] = old
    carried = 0
    items = tracker.items.select_related("question").prefetch_related("ticks")
    for item in items:
        olds = [old_by_topic[k] for k in item.question.predecessor_topics if k in old_by_topic]
        olds = [
            o
            for o in olds
            if o.owners.all() or o.links.all() or o.itas_note or o.private_notes or o.due_date
        ]
        if not olds:
            continue
        carried += 1
        owners = {d.pk for old in olds for d in old.owners.all()}
        item.owners.set(owners)
        seen, order, has_answer = set(), 0, False
        for old in olds:
            for link in old.links.all():
                if link.url in seen:
                    continue
                seen.add(link.url)
                answer = link.is_answer and not has_answer
                has_answer = has_answer or answer
                order += 1
                OitLink.objects.create(
                    item=item, url=link.url, label=link.label, is_answer=answer, order=order
                )
        item.itas_note = "\n".join(dict.fromkeys(o.itas_note for o in olds if o.itas_note))[:2000]
        item.private_notes = "\n".join(
            dict.fromkeys(o.private_notes for o in olds if o.private_notes)
        )[:2000]
        dues = [o.due_date for o in olds if o.due_date]
        item.due_date = _next_year(min(dues)) if dues else None
        item.status = Status.NOT_STARTED
        item.return_reason = ""
        item.save()
        urls = {t.element: t.url for old in olds for t in old.ticks.all() if t.url}
        for tick in item.ticks.all():
            if tick.element in urls and not tick.url:
                tick.url = urls[tick.element]
                tick.save(update_fields=["url"])
    content_changed_on_commit(sender=OitTracker)
    return carried


def _heads_emailed(item, subject, template, **context):
    from . import tasks

    jobs.enqueue_on_commit(tasks.email_item_heads, item.pk, subject, template, context)


@transaction.atomic
def item_mark_review(*, item, user):
    """A head hands the item to staff (รอตรวจ): it needs a link, and one marked for ITAS."""
    if item.status in (Status.READY, Status.SUBMITTED):
        raise ValidationError("ข้อนี้ผ่านการตรวจแล้ว")
    links = list(item.links.all())
    if not links:
        raise ValidationError("ยังไม่มี URL: กรอกอย่างน้อยหนึ่งลิงก์ก่อนส่งตรวจ")
    if not any(lk.is_answer for lk in links):
        raise ValidationError("เลือกลิงก์ที่ใช้ตอบใน ITAS หนึ่งลิงก์ก่อนส่งตรวจ")
    item.status = Status.REVIEW
    item.return_reason = ""
    item._history_user = user
    item.save()
    content_changed_on_commit(sender=OitItem)
    return item


@transaction.atomic
def item_review(*, item, user, approve, reason=""):
    """Staff mark an item พร้อมส่ง, or send it back (กำลังจัดทำ) with a reason, e-mailed to the
    owners' heads."""
    if item.status == Status.SUBMITTED:
        raise ValidationError("ข้อนี้ส่งใน ITAS แล้ว")
    if approve:
        item.status = Status.READY
        item.return_reason = ""
    else:
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError("กรุณาระบุเหตุผลที่ส่งกลับแก้ไข")
        item.status = Status.IN_PROGRESS
        item.return_reason = reason[:1000]
        _heads_emailed(
            item,
            f"[ITA] ข้อ OIT {item.code} ถูกส่งกลับแก้ไข",
            "oit/email/sent_back.txt",
            reason=item.return_reason,
        )
    item._history_user = user
    item.save()
    content_changed_on_commit(sender=OitItem)
    return item


def link_set_answer(*, link):
    """Mark `link` as its item's answer to ITAS (the others are unmarked)."""
    with transaction.atomic():
        OitLink.objects.filter(item_id=link.item_id, is_answer=True).exclude(pk=link.pk).update(
            is_answer=False
        )
        if not link.is_answer:
            link.is_answer = True
            link.save(update_fields=["is_answer"])


@transaction.atomic
def link_attach(*, item, url, label=""):
    """Add a link to an item (the portal's own published documents: one click on the readiness
    page); the first link of an item becomes its answer. Nothing is added twice."""
    link = item.links.filter(url=url).first()
    if link is None:
        first = not item.links.exists()
        link = OitLink(
            item=item, url=url, label=label[:200], is_answer=first, order=item.links.count() + 1
        )
        link.full_clean()
        link.save()
        queue_link_check(link)
    return link


def queue_link_check(link):
    """Check the link in the background once the write that saved it commits (unless
    settings.OIT_CHECK_ON_SAVE is off: the test settings, so that no test reaches a real
    address; the tests of the checker turn it on against their own server)."""
    from django.conf import settings

    from . import tasks

    if getattr(settings, "OIT_CHECK_ON_SAVE", True):
        jobs.enqueue_on_commit(tasks.check_links, [link.pk])


def _check_summary(link):
    check = link.last_check
    if check is None:
        return {"url": link.url, "checked": False}
    return {
        "url": link.url,
        "checked": True,
        "checked_at": check.checked_at.isoformat(),
        "verdict": check.verdict,
        "status_code": check.status_code,
        "problems": check.problems,
    }


@transaction.atomic
def tracker_submit(*, tracker, user, watch_until=None, when=None):
    """ "บันทึกการส่งข้อมูลใน ITAS": freezes per item the answer (มี/ไม่มี), the URLs (the answer
    first), the note and the last check of each URL, with the date; items become ส่งแล้ว. Later
    edits to a link keep its submitted URL, which the nightly checks follow until
    `watch_until`."""
    if tracker.is_submitted:
        raise ValidationError("บันทึกการส่งข้อมูลใน ITAS ของปีนี้ไว้แล้ว")
    if watch_until is not None and not isinstance(watch_until, date):
        raise ValidationError("วันที่ตรวจลิงก์ถึงไม่ถูกต้อง")
    items = tracker.items.prefetch_related("links__last_check")
    for item in items:
        links = sorted(item.links.all(), key=lambda lk: (not lk.is_answer, lk.order, lk.pk))
        item.submitted_answer = bool(links)
        item.submitted_urls = [lk.url for lk in links]
        item.submitted_note = item.itas_note
        item.submitted_checks = [_check_summary(lk) for lk in links]
        item.status = Status.SUBMITTED
        item._history_user = user
        item.save()
        for lk in links:
            lk.submitted_url = lk.url
            lk.save(update_fields=["submitted_url"])
    tracker.submitted_at = when or timezone.now()
    tracker.submitted_by = user
    tracker.watch_until = watch_until
    tracker._history_user = user
    tracker.save()
    content_changed_on_commit(sender=OitTracker)
    return tracker


@transaction.atomic
def tracker_publish_table(*, tracker, user, published=True):
    tracker.table_published = published
    tracker._history_user = user
    tracker.save()
    content_changed_on_commit(sender=OitTracker)
    return tracker


# --- due-date reminders (queued by manage.py send_oit_reminders, as the plan's are) ---------


def _reminder_items(user, today, horizon):
    from .selectors import current_tracker

    tracker = current_tracker()
    if tracker is None or tracker.is_submitted:
        return []
    done = (Status.READY, Status.SUBMITTED, Status.REVIEW)
    return list(
        OitItem.objects.owned_by(user)
        .filter(tracker=tracker, due_date__isnull=False, due_date__lte=horizon)
        .exclude(status__in=done)
        .select_related("question")
        .order_by("due_date", "question__order")
    )


def oit_reminder_recipients(*, days, today=None):
    """[(head, items)] of the heads whose open OIT items are overdue or due within `days`."""
    from datetime import timedelta

    from django.contrib.auth import get_user_model

    today = today or timezone.localdate()
    heads = (
        get_user_model()
        .objects.filter(is_active=True, divisions__oit_items__isnull=False)
        .exclude(email="")
        .distinct()
    )
    out = []
    for user in heads:
        items = _reminder_items(user, today, today + timedelta(days=days))
        if items:
            out.append((user, items))
    return out


def oit_reminder_send(*, user, days, today=None, base_url=""):
    """E-mail one head their OIT items overdue or due within `days` days, once a day."""
    from datetime import timedelta

    from django.core.mail import send_mail
    from django.template.loader import render_to_string

    from .models import OitReminderLog

    today = today or timezone.localdate()
    items = _reminder_items(user, today, today + timedelta(days=days))
    if not items or not user.email:
        return []
    with transaction.atomic():
        _, created = OitReminderLog.objects.get_or_create(
            user=user, date=today, defaults={"item_count": len(items)}
        )
        if not created:
            return []
        overdue = [i for i in items if i.due_date < today]
        body = render_to_string(
            "oit/email/due_soon.txt",
            {"items": items, "overdue": overdue, "base_url": base_url.rstrip("/")},
        )
        subject = f"[ITA] ข้อ OIT ที่ใกล้ครบกำหนดหรือเลยกำหนด {len(items)} ข้อ"
        send_mail(subject, body, None, [user.email])  # raises: the log row rolls back
    return items
