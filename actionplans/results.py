"""The plan's results as of a cut-off date: the figures of the results report (รายงานผลการ
ดำเนินการตามแผน รอบ ๖ / ๑๒ เดือน), computed from the dated progress updates and the items'
history, never from the items' current status.

`results_as_of()` is the one read; it returns plain data (numbers, strings, ISO dates) so that
publishing a round can freeze it as JSON and the published pages print exactly what was frozen.
Only what the public may read is ever fetched: the public summaries and the titles of public
evidence, never the private notes, evidence links or files (they are not in the SELECT).
"""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from core.thai import local_iso

from .models import ActionItem, PlanTopic, ProgressUpdate, carried_status_text
from .progress import progress_percent

Status = ActionItem.Status

# How an item stands at the cut-off against its due date.
ON_TIME, LATE, OVERDUE, NOT_DUE, CANCELLED = "on_time", "late", "overdue", "not_due", "cancelled"
# Carried over to a later year's plan: not done here, not overdue either (its successor goes on).
CARRIED = "carried"


def cutoff_end(cutoff):
    """The first instant after the cut-off day, in the portal's time zone."""
    return timezone.make_aware(datetime.combine(cutoff + timedelta(days=1), time.min))


def _local_date(moment):
    return timezone.localtime(moment).date()


def item_state(records, due_date, cutoff):
    """An item's status, percent and timing at the cut-off from its dated records.

    records: (moment, status, percent) of its progress updates and history up to the cut-off,
    oldest first. Returns a dict: status, percent, done_on (the day it last became done, for
    done items) and timing (ON_TIME, LATE, OVERDUE, NOT_DUE, CANCELLED or CARRIED).
    """
    status, percent, done_since = Status.NOT_STARTED, 0, None
    for moment, s, p in records:
        if s == Status.DONE and status != Status.DONE:
            done_since = moment
        elif s != Status.DONE:
            done_since = None
        status, percent = s, p
    done_on = _local_date(done_since) if done_since is not None else None
    if status == Status.CANCELLED:
        timing = CANCELLED
    elif status == Status.CARRIED:
        timing = CARRIED
    elif status == Status.DONE:
        timing = ON_TIME if done_on <= due_date else LATE
    else:
        timing = OVERDUE if due_date <= cutoff else NOT_DUE
    return {"status": status, "percent": percent, "done_on": done_on, "timing": timing}


def results_as_of(assessment, cutoff):
    """The results of `assessment`'s plan as they stood at the end of `cutoff` (a date).

    Five queries whatever the number of items and updates: the topics, the items with their
    owners, the updates up to the cut-off (public columns only), the items' history up to the
    cut-off, and the items carried over into a later year's plan. Dates are ISO strings.
    """
    end = cutoff_end(cutoff)
    topics = list(PlanTopic.objects.filter(assessment=assessment).order_by("number"))
    items = list(
        ActionItem.objects.filter(topic__assessment=assessment)
        .select_related("owner__parent")
        .order_by("topic__number", "number")
    )
    records = defaultdict(list)
    summaries = defaultdict(list)
    evidence = defaultdict(list)
    example_items = set()
    updates = (
        ProgressUpdate.objects.filter(item__topic__assessment=assessment, created_at__lt=end)
        .order_by("created_at", "pk")
        .values_list(
            "item_id", "created_at", "status", "percent", "public_summary",
            "public_evidence_title", "is_example",
        )
    )  # fmt: skip
    for item_id, at, status, percent, summary, evidence_title, example in updates:
        records[item_id].append((at, status, percent))
        day = _local_date(at).isoformat()
        if summary:
            summaries[item_id].append({"date": day, "text": summary, "example": example})
        if evidence_title:
            evidence[item_id].append({"date": day, "title": evidence_title})
        if example:
            example_items.add(item_id)
    history = (
        ActionItem.history.filter(topic__assessment=assessment, history_date__lt=end)
        .exclude(history_type="-")
        .values_list("id", "history_date", "status", "percent")
    )
    for item_id, at, status, percent in history:
        records[item_id].append((at, status, percent))
    carried = dict(
        ActionItem.objects.filter(carried_from__topic__assessment=assessment).values_list(
            "carried_from_id", "topic__assessment__fiscal_year"
        )
    )

    by_topic = defaultdict(list)
    for item in items:
        by_topic[item.topic_id].append(item)
    out_topics, all_rows = [], []
    by_division = {}
    for topic in topics:
        rows = []
        for item in by_topic[topic.pk]:
            state = item_state(sorted(records[item.pk], key=lambda r: r[0]), item.due_date, cutoff)
            row = {
                "label": f"{topic.number}.{item.number}",
                "number": item.number,
                "text": item.text,
                "owner": item.owner.name,
                "due_date": item.due_date.isoformat(),
                "status": state["status"],
                "status_label": carried_status_text(state["status"], carried.get(item.pk)),
                "percent": state["percent"],
                "done_on": state["done_on"].isoformat() if state["done_on"] else None,
                "timing": state["timing"],
                "summaries": summaries[item.pk],
                "evidence": evidence[item.pk],
                "carried_to": carried.get(item.pk),
                "example": item.pk in example_items,
            }
            rows.append(row)
            division = by_division.setdefault(
                item.owner_id, {"name": item.owner.name, "order": item.owner.order, "rows": []}
            )
            division["rows"].append(row)
        all_rows.extend(rows)
        out_topics.append(
            {
                "number": topic.number,
                "title": topic.title,
                "start_date": topic.start_date.isoformat(),
                "end_date": topic.end_date.isoformat(),
                **_tally(rows),
                "items": rows,
            }
        )
    divisions = [
        {"name": d["name"], **_tally(d["rows"])}
        for d in sorted(by_division.values(), key=lambda d: (d["order"], d["name"]))
    ]
    carried_over = [
        {**r, "topic": t["number"]}
        for t in out_topics
        for r in t["items"]
        if r["carried_to"] or r["timing"] in (OVERDUE, NOT_DUE, CARRIED)
    ]
    return {
        "cutoff": cutoff.isoformat(),
        "fiscal_year": assessment.fiscal_year,
        "computed_at": local_iso(timezone.now()),
        "has_example": bool(example_items),
        "totals": _tally(all_rows),
        "by_status": [
            {
                "status": s.value,
                "label": str(s.label),
                "count": sum(1 for r in all_rows if r["status"] == s.value),
            }
            for s in Status
        ],
        "topics": out_topics,
        "divisions": divisions,
        "carried_over": carried_over,
    }


def _tally(rows):
    """Counts and the mean percent of a group of item rows (cancelled items not counted)."""
    counted = [r for r in rows if r["timing"] != CANCELLED]
    timing = defaultdict(int)
    for r in rows:
        timing[r["timing"]] += 1
    return {
        "count": len(rows),
        "counted": len(counted),
        "percent": progress_percent((r["status"], r["percent"]) for r in rows),
        "done": timing[ON_TIME] + timing[LATE],
        "on_time": timing[ON_TIME],
        "late": timing[LATE],
        "not_done": timing[OVERDUE] + timing[NOT_DUE] + timing[CARRIED],
        "overdue": timing[OVERDUE],
        "not_due": timing[NOT_DUE],
        "carried": timing[CARRIED],
        "cancelled": timing[CANCELLED],
    }


DATE_KEYS = {"cutoff", "due_date", "done_on", "date", "start_date", "end_date"}


def thaw(value):
    """Frozen (JSON) results with their ISO dates turned back into dates, for the templates."""
    if isinstance(value, dict):
        return {
            k: date.fromisoformat(v) if k in DATE_KEYS and isinstance(v, str) else thaw(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [thaw(v) for v in value]
    return value
