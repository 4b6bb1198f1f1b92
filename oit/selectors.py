"""Reads of the tracker that span relations, each with its own select/prefetch: a page issues a
fixed number of queries whatever the number of items and links (pinned by tests)."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch
from django.utils import timezone

from assessments.models import site_organization

from .models import LinkCheck, OitItem, OitLink, OitTracker


def trackers():
    """The site organization's trackers, newest year first."""
    return (
        OitTracker.objects.filter(assessment__organization__in=site_organization().values("pk"))
        .select_related("assessment")
        .order_by("-assessment__fiscal_year")
    )


def current_tracker():
    """The year heads work on: the newest tracker."""
    return trackers().first()


def tracker_of_year(year):
    return trackers().filter(assessment__fiscal_year=year).first()


def items_with_links(queryset):
    return (
        queryset.select_related("question", "tracker__assessment")
        .prefetch_related(
            "owners",
            Prefetch(
                "links",
                queryset=OitLink.objects.select_related("last_check").order_by("order", "pk"),
            ),
            "ticks",
        )
        .order_by("question__order")
    )


def head_panel(user):
    """What /actions/ shows of the OIT: the user's items of the current year (staff: a summary
    and the way to the readiness page); None when there is nothing to show."""
    newest = trackers().values("pk")[:1]  # a subquery: one query when there is nothing
    items = list(items_with_links(OitItem.objects.owned_by(user).filter(tracker__in=newest)))
    if not items:
        return None
    tracker = items[0].tracker
    today = timezone.localdate()
    for item in items:
        item.state = item_state(item, today)
    return {
        "tracker": tracker,
        "items": items,
        "today": today,
        "sees_readiness": user.has_perm("oit.view_oititem"),
    }


# --- readiness -----------------------------------------------------------------------------

READY, RISK, LINK_PROBLEM, OVERDUE, NOT_STARTED = (
    "ready",
    "risk",
    "link_problem",
    "overdue",
    "not_started",
)
STATE_LABELS = {
    READY: "พร้อมส่ง",
    RISK: "มีความเสี่ยง",
    LINK_PROBLEM: "ลิงก์มีปัญหา",
    OVERDUE: "เลยกำหนด",
    NOT_STARTED: "ยังไม่เริ่ม",
}
# What to do first: the states in the order they cost points soonest.
STATE_ORDER = [LINK_PROBLEM, OVERDUE, RISK, NOT_STARTED, READY]
NEXT_STEP = {
    LINK_PROBLEM: "แก้ลิงก์ที่ใช้ไม่ได้ หรือย้ายหลักฐานขึ้นเว็บไซต์หลักของหน่วยงาน",
    OVERDUE: "ติดตามส่วนงานผู้รับผิดชอบ: เลยกำหนดเสร็จแล้ว",
    RISK: "เติมลิงก์ องค์ประกอบที่ยังขาด หรือตรวจข้อที่รอตรวจ",
    NOT_STARTED: "กำหนดส่วนงานผู้รับผิดชอบและกำหนดเสร็จ แล้วเริ่มจัดทำ",
    READY: "",
}


def item_state(item, today):
    """One of the readiness states, from the item as prefetched (links, last checks, ticks)."""
    links = list(item.links.all())
    checks = [lk.last_check for lk in links if lk.last_check is not None]
    if any(not c.is_good for c in checks):
        return LINK_PROBLEM
    if item.status in (OitItem.Status.READY, OitItem.Status.SUBMITTED):
        return READY
    if item.is_overdue(today):
        return OVERDUE
    if item.status == OitItem.Status.NOT_STARTED and not links:
        return NOT_STARTED
    return RISK


def item_stake(tracker, *, of="overall"):
    """Each OIT item's share, in points, of the overall ITA score (`of="overall"`: the OIT
    tool's weight spread over its indicators, each the mean of its items, then over each
    indicator's items) or of the OIT score itself (`of="oit"`: 100 spread the same way)."""
    framework = tracker.assessment.framework
    oit = framework.tools.filter(code="OIT").first()
    if oit is None:
        return {}
    indicators = list(oit.indicators.prefetch_related("questions"))
    stake = {}
    for ind in indicators:
        questions = list(ind.questions.all())
        for q in questions:
            whole = Decimal(oit.weight) if of == "overall" else Decimal(100)
            share = whole / len(indicators) / len(questions)
            stake[q.pk] = share.quantize(Decimal("0.01"), ROUND_HALF_UP)
    return stake


def readiness(tracker, today=None):
    """The readiness page's data: items by state with what each puts at stake, by division,
    and the open items in the order to work on them."""
    today = today or timezone.localdate()
    items = list(items_with_links(tracker.items.all()))
    stake = item_stake(tracker)
    stake_oit = item_stake(tracker, of="oit")
    by_state = {s: [] for s in STATE_ORDER}
    divisions = {}
    for item in items:
        item.state = item_state(item, today)
        item.state_label = STATE_LABELS[item.state]
        item.next_step = NEXT_STEP[item.state]
        item.stake = stake.get(item.question_id, Decimal(0))
        item.stake_oit = stake_oit.get(item.question_id, Decimal(0))
        by_state[item.state].append(item)
        owners = list(item.owners.all()) or [None]
        for owner in owners:
            name = owner.name if owner else "ยังไม่กำหนดส่วนงาน"
            row = divisions.setdefault(name, {s: 0 for s in STATE_ORDER} | {"name": name})
            row[item.state] += 1
    todo = sorted(
        (i for i in items if i.state != READY),
        key=lambda i: (STATE_ORDER.index(i.state), -i.stake, i.due_date or today, i.question.order),
    )
    at_stake = sum((i.stake for i in todo), Decimal(0))
    at_stake_oit = sum((i.stake_oit for i in todo), Decimal(0))
    return {
        "tracker": tracker,
        "items": items,
        "states": [(s, STATE_LABELS[s], by_state[s]) for s in STATE_ORDER],
        "divisions": sorted(divisions.values(), key=lambda r: r["name"]),
        "todo": todo,
        "at_stake": at_stake,
        "at_stake_oit": at_stake_oit,
        "today": today,
    }


def checks_of(link):
    return LinkCheck.objects.filter(link=link).order_by("-checked_at", "-pk")


def predicted_ready(item):
    """What the tracker said of an item when it was submitted: published, and every submitted
    link's last check good (an unchecked link is not counted as good)."""
    checks = item.submitted_checks or []
    return (
        bool(item.submitted_answer)
        and bool(checks)
        and all(c.get("checked") and c.get("verdict") == "ok" for c in checks)
    )


def prediction(tracker):
    """The NACC's per-item scores (the year's question scores, once entered) beside the
    tracker's readiness at submission."""
    scores = {
        s.question_id: s.score
        for s in tracker.assessment.question_scores.filter(question__indicator__tool__code="OIT")
    }
    rows = []
    for item in tracker.items.select_related("question").order_by("question__order"):
        score = scores.get(item.question_id)
        ready = predicted_ready(item)
        agrees = None if score is None else (ready == (score >= 100))
        rows.append(
            {
                "item": item,
                "ready": ready,
                "score": score,
                "agrees": agrees,
            }
        )
    scored = [r for r in rows if r["agrees"] is not None]
    return {
        "tracker": tracker,
        "rows": rows,
        "scored": len(scored),
        "agreed": sum(1 for r in scored if r["agrees"]),
        "missed": [r for r in scored if r["ready"] and r["score"] < 100],
    }
