"""Reads that span relations, each owning its queries."""

from django.db.models import Prefetch

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


def memo_data(assessment: Assessment):
    """The memo with its signatures (2 queries); Memo.DoesNotExist when there is none yet."""
    memo = Memo.objects.get(assessment=assessment)
    memo.signatures_list = list(memo.signatures.all())
    return memo
