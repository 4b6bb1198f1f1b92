"""Reads for the division heads' pages and the public progress page; each function owns its
select_related/prefetch_related so that a page's query count does not grow with the data."""

from pathlib import PurePath

from django.db.models import Max, OuterRef, Prefetch, Subquery
from django.utils import timezone

from assessments.models import Assessment
from core.thai import thai_date

from .models import ActionItem, PlanTopic, ProgressUpdate
from .progress import progress_percent


def carried_to_year():
    """An annotation: the fiscal year of the plan an item was carried over to (None if not)."""
    return Subquery(
        ActionItem.objects.filter(carried_from=OuterRef("pk"))
        .order_by("-topic__assessment__fiscal_year")
        .values("topic__assessment__fiscal_year")[:1]
    )


def action_items_for(user):
    """The items `user` may work on, with what the table shows (topic, owner, last update,
    the year a carried item went on in)."""
    return (
        ActionItem.objects.owned_by(user)
        .select_related("topic__assessment", "owner__parent")
        .annotate(last_update_at=Max("updates__created_at"), carried_to_year=carried_to_year())
    )


def action_years_for(user):
    """The fiscal years (of the assessment whose plan it is) in which `user` has items."""
    return sorted(
        set(
            ActionItem.objects.owned_by(user)
            .order_by()
            .values_list("topic__assessment__fiscal_year", flat=True)
            .distinct()
        ),
        reverse=True,
    )


def action_item_timeline(item):
    """The item's updates newest first, each knowing the status it changed from (if it did)."""
    updates = list(item.updates.select_related("author").order_by("-created_at", "-pk"))
    for newer, older in zip(updates, [*updates[1:], None], strict=False):
        changed = older is not None and older.status != newer.status
        newer.previous_status_label = ActionItem.Status(older.status).label if changed else ""
        newer.evidence_filename = newer.evidence_name or PurePath(newer.evidence_file.name).name
    return updates


def plan_progress(*, year, user):
    """The assessment of `year` (published, or a staff preview) and its topics with items.

    Each item carries only the public part of its latest update (`public_summary`,
    `public_at`, `public_is_example`), never the private note or the author; each topic its
    percent and counts (overdue: ActionItem.is_overdue). Raises Assessment.DoesNotExist.
    """
    assessment = Assessment.objects.of_site().visible_to(user).get(fiscal_year=year)
    latest_public = (
        ProgressUpdate.objects.filter(item=OuterRef("pk"))
        .exclude(public_summary="")
        .order_by("-created_at", "-pk")
    )
    items = (
        ActionItem.objects.select_related("owner__parent")
        .annotate(
            public_summary=Subquery(latest_public.values("public_summary")[:1]),
            public_at=Subquery(latest_public.values("created_at")[:1]),
            public_is_example=Subquery(latest_public.values("is_example")[:1]),
            carried_to_year=carried_to_year(),
        )
        .order_by("number")
    )
    topics = list(
        PlanTopic.objects.filter(assessment=assessment)
        .order_by("number")
        .prefetch_related(Prefetch("items", queryset=items))
    )
    # Worked out once per page rather than once per item: at 500 items the labels' lazy
    # translations and the Thai dates were most of the page's render time.
    labels = {value: str(label) for value, label in ActionItem.Status.choices}
    dates = {}

    def thai(day, fmt="%-d %B %Y"):
        if (day, fmt) not in dates:
            dates[day, fmt] = thai_date(day, fmt)
        return dates[day, fmt]

    for topic in topics:
        items = topic.items.all()
        topic.percent = progress_percent((i.status, i.percent) for i in items)
        for item in items:
            carried = item.status == ActionItem.Status.CARRIED
            item.status_label = item.status_text if carried else labels[item.status]
            item.due_text = thai(item.due_date, "%-d %b %Y")
            item.public_text = (
                thai(timezone.localtime(item.public_at).date()) if item.public_at else ""
            )
        topic.item_count = len(items)
        topic.done_count = sum(1 for i in items if i.status == ActionItem.Status.DONE)
        topic.overdue_count = sum(1 for i in items if i.is_overdue)  # ActionItem.is_overdue
        topic.has_example = any(i.public_is_example for i in items)
    return assessment, topics
