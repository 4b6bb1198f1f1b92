"""Reads that span relations, each owning its queries."""

from django.db.models import Avg, Count, Prefetch, Q

from indicators.models import FrameworkYear, Question

from . import scoring
from .models import Assessment, Memo


def framework_spec(framework: FrameworkYear) -> scoring.FrameworkSpec:
    """The framework year as plain data for the scoring engine (3 queries)."""
    tools = [scoring.ToolSpec(t.code, t.weight) for t in framework.tools.all()]
    indicators = [
        scoring.IndicatorSpec(
            number=i.number,
            name=i.name,
            tool=i.tool.code,
            questions=tuple(q.code for q in i.questions.all()),
        )
        for i in framework.indicators.select_related("tool").prefetch_related(
            Prefetch("questions", queryset=Question.objects.order_by("order"))
        )
    ]
    levels = [
        scoring.LevelSpec(lv.rank, lv.name, lv.min_overall, lv.min_each_tool)
        for lv in framework.rating_levels.all()
    ]
    return scoring.FrameworkSpec(tuple(tools), tuple(indicators), tuple(levels))


def assessment_score(assessment: Assessment) -> scoring.ScoreResult:
    """Score an assessment from its stored rows (a fixed number of queries)."""
    question_scores = {
        code: score
        for code, score in assessment.question_scores.values_list("question__code", "score")
    }
    reported_indicators = dict(
        assessment.indicator_scores.values_list("indicator__number", "score")
    )
    reported_tools = dict(assessment.tool_scores.values_list("tool__code", "score"))
    return scoring.compute(
        framework_spec(assessment.framework),
        question_scores,
        reported_indicators,
        reported_tools,
        assessment.reported_overall,
        assessment.reported_level,
    )


def report_data(assessment: Assessment) -> dict:
    """The rows the analysis report prints, in a fixed number of queries.

    7 queries for the scores (assessment_score), then: the indicators with their tools, their
    questions, the question scores, the findings, their questions, the guidelines, and the action
    plan (topics, methods, items, owners) through the reverse relation `plan_topics`, so that
    this app never imports actionplans. 18 in all, however many rows there are.
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
        assessment.plan_topics.order_by("number").prefetch_related("methods", "items", "owners")
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


def memo_data(assessment: Assessment):
    """The memo with its signatures (2 queries); Memo.DoesNotExist when there is none yet."""
    memo = Memo.objects.get(assessment=assessment)
    memo.signatures_list = list(memo.signatures.all())
    return memo


def published_results_rounds(assessment: Assessment) -> list:
    """The published results reports of the assessment's plan, oldest cut-off first (one
    query), through the reverse relation `results_rounds` so that this app never imports
    actionplans. Empty when the year itself is not published."""
    if not assessment.is_published:
        return []
    return list(assessment.results_rounds.filter(status="published").order_by("cutoff"))


def plan_completion(assessment: Assessment) -> dict | None:
    """How far the assessment's plan was carried out, for the next year's report.

    From the newest published results report (its frozen totals) when there is one (one
    query); otherwise from the items' status today (a second query). None without a plan.
    """
    latest = assessment.results_rounds.filter(status="published").order_by("-cutoff").first()
    if latest is not None and latest.snapshot:
        totals = latest.snapshot["results"]["totals"]
        return {
            "round": latest,
            "count": totals["count"],
            "done": totals["done"],
            "on_time": totals["on_time"],
            "percent": totals["percent"],
        }
    items = assessment.plan_topics.aggregate(
        count=Count("items"),
        done=Count("items", filter=Q(items__status="done")),
        percent=Avg("items__percent", filter=~Q(items__status="cancelled")),
    )
    if not items["count"]:
        return None
    return {
        "round": None,
        "count": items["count"],
        "done": items["done"],
        "on_time": None,
        "percent": round(items["percent"] or 0),
    }
