"""Reads for the published documents that span the domain apps, each owning its queries."""

from django.db.models import Prefetch

from actionplans.models import ActionItem, PlanTopic, ResultsRound
from actionplans.progress import progress_percent
from assessments.models import Assessment
from assessments.selectors import assessment_score
from indicators.models import Question

from .snapshots import snapshot_content


def report_data(assessment: Assessment) -> dict:
    """The rows the analysis report prints, in a fixed number of queries.

    7 queries for the scores (assessment_score), then: the indicators with their tools, their
    questions, the question scores, the findings, their questions, the guidelines, and the action
    plan (topics, methods, items, owners). 18 in all, however many rows there are.
    """
    score = assessment_score(assessment)
    indicators = list(
        assessment.framework.indicators.select_related("tool").prefetch_related(
            Prefetch("questions", queryset=Question.objects.order_by("order"))
        )
    )
    question_scores = dict(assessment.question_scores.values_list("question_id", "score"))
    findings = list(
        assessment.findings.prefetch_related(
            Prefetch("questions", queryset=Question.objects.order_by("order"))
        )
    )
    for f in findings:
        qs = list(f.questions.all())
        f.question_ids = [q.pk for q in qs]
        f.codes = [q.code for q in qs]
    guidelines = list(assessment.guidelines.all())
    plan_topics = list(
        PlanTopic.objects.filter(assessment=assessment)
        .order_by("number")
        .prefetch_related("methods", "items", "owners")
    )
    tool_names = {i.tool.code: i.tool.name for i in indicators}
    return {
        "score": score,
        "indicators": indicators,
        "question_scores": question_scores,
        "findings": findings,
        "guidelines": guidelines,
        "plan_topics": plan_topics,
        "tool_names": tool_names,
    }


def published_results_rounds(assessment: Assessment) -> list:
    """The published results reports of the assessment's plan, oldest cut-off first (one
    query). Empty when the year itself is not published."""
    if not assessment.is_published:
        return []
    return list(ResultsRound.objects.filter(assessment=assessment).published().order_by("cutoff"))


def published_results_rounds_by_year(assessments) -> dict:
    """{assessment id: its published results reports, oldest cut-off first} for the published
    ones of `assessments` (one query; none for a draft year, as `published_results_rounds`)."""
    ids = [a.pk for a in assessments if a.is_published]
    by_year = {pk: [] for pk in ids}
    if ids:
        for rnd in (
            ResultsRound.objects.filter(assessment_id__in=ids).published().order_by("cutoff")
        ):
            by_year[rnd.assessment_id].append(rnd)
    return by_year


def plan_percents(assessments) -> dict:
    """{assessment id: the plan's progress today, a whole percent} for each of `assessments`
    that has a plan, by the plan's one rounding rule (actionplans.progress; one query)."""
    items = {}
    for assessment_id, status, percent in ActionItem.objects.filter(
        topic__assessment__in=[a.pk for a in assessments]
    ).values_list("topic__assessment_id", "status", "percent"):
        items.setdefault(assessment_id, []).append((status, percent))
    return {pk: progress_percent(rows) for pk, rows in items.items()}


def plan_completion(assessment: Assessment) -> dict | None:
    """How far the assessment's plan was carried out, for the next year's report.

    From the newest published results report (its frozen totals) when there is one (one
    query); otherwise from the items' status today (a second query). None without a plan.
    """
    latest = (
        ResultsRound.objects.filter(assessment=assessment).published().order_by("-cutoff").first()
    )
    if latest is not None and latest.snapshot:
        totals = snapshot_content(latest.snapshot)["results"]["totals"]
        return {
            "round": latest,
            "count": totals["count"],
            "done": totals["done"],
            "on_time": totals["on_time"],
            "percent": totals["percent"],
        }
    items = list(
        ActionItem.objects.filter(topic__assessment=assessment).values_list("status", "percent")
    )
    if not items:
        return None
    return {
        "round": None,
        "count": len(items),
        "done": sum(1 for status, _ in items if status == ActionItem.Status.DONE),
        "on_time": None,
        "percent": progress_percent(items),  # the plan's one rounding rule
    }
