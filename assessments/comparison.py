"""Year over year: a year's scores beside the previous year's, for the report.

Questions are matched by `Question.topic_key`, not by code, because codes move between framework
years (2568's o15 is 2569's O14). Indicators are matched by number (1–10 in every framework so
far), tools by code. Scores are the figures the report uses (`ScoreResult`: the NACC's reported
figure where there is one, else the computed one).
"""

from dataclasses import dataclass
from decimal import Decimal

from ita_portal.thai import score_text

from .models import Assessment
from .scoring import round2
from .selectors import assessment_score


@dataclass(frozen=True)
class Change:
    current: Decimal | None
    previous: Decimal | None

    @property
    def delta(self):
        """current − previous, rounded to two places; None unless both years have a score."""
        if self.current is None or self.previous is None:
            return None
        return round2(self.current) - round2(self.previous)

    @property
    def arrow(self):
        """▲ up, ▼ down, = unchanged, "" when one year has no score."""
        d = self.delta
        if d is None:
            return ""
        return "▲" if d > 0 else "▼" if d < 0 else "="

    @property
    def direction(self):
        """ "up", "down", "same" or "" (for a CSS class)."""
        return {"▲": "up", "▼": "down", "=": "same", "": ""}[self.arrow]

    @property
    def abs_delta(self):
        """The size of the change (for "▲ 1.25"), None when there is none to show."""
        d = self.delta
        return None if d is None else abs(d)


@dataclass(frozen=True)
class Row:
    label: str  # "ตัวชี้วัดที่ 4", "IIT", "i10", or "คะแนนภาพรวม"
    name: str
    change: Change
    previous_label: str = ""  # the previous year's code where it differs (o15 → O14)


@dataclass(frozen=True)
class ChartBar:
    """One group of the two-year bar chart; widths are CSS percentages ready for style=""."""

    label: str
    current: Decimal | None
    previous: Decimal | None

    @staticmethod
    def _width(value):
        return "0%" if value is None else f"{score_text(value)}%"

    @property
    def current_width(self):
        return self._width(self.current)

    @property
    def previous_width(self):
        return self._width(self.previous)


@dataclass(frozen=True)
class YearOverYear:
    current: Assessment
    previous: Assessment
    overall: Change
    tools: list  # of Row
    indicators: list  # of Row
    questions: list  # of Row, in the current year's question order
    chart: list  # of ChartBar: the indicators, then the overall score

    @property
    def years(self):
        return (self.previous.fiscal_year, self.current.fiscal_year)


def previous_assessment(assessment, *, include_unpublished=False):
    """The same organization's assessment of the fiscal year before, or None.

    Only a published one unless `include_unpublished` (the staff preview), so that the public
    report never shows figures of a year that is not public.
    """
    qs = Assessment.objects.filter(
        organization_id=assessment.organization_id, fiscal_year=assessment.fiscal_year - 1
    ).select_related("framework")
    if not include_unpublished:
        qs = qs.published()
    return qs.first()


def _question_scores(assessment):
    """{topic_key: (code, title, score)} for the assessment's framework (one query)."""
    scores = dict(assessment.question_scores.values_list("question_id", "score"))
    return {
        q.topic_key: (q.code, q.title, scores.get(q.pk), q.order)
        for q in assessment.framework.questions.all()
    }


def year_over_year(assessment, *, include_unpublished=False, current_score=None):
    """The assessment compared with the previous fiscal year's, or None when there is none.

    About 20 queries whatever the number of questions (two scorings, two question lists);
    pass `current_score` when the caller has already scored the assessment.
    """
    previous = previous_assessment(assessment, include_unpublished=include_unpublished)
    if previous is None:
        return None
    now = current_score or assessment_score(assessment)
    before = assessment_score(previous)

    before_ind = {r.spec.number: r for r in before.indicators}
    indicators = [
        Row(
            f"ตัวชี้วัดที่ {r.spec.number}",
            r.spec.name,
            Change(
                r.value, before_ind[r.spec.number].value if r.spec.number in before_ind else None
            ),
        )
        for r in now.indicators
    ]
    before_tools = {t.spec.code: t for t in before.tools}
    tools = [
        Row(
            t.spec.code,
            t.spec.code,
            Change(
                t.value, before_tools[t.spec.code].value if t.spec.code in before_tools else None
            ),
        )
        for t in now.tools
    ]
    q_now, q_before = _question_scores(assessment), _question_scores(previous)
    questions = []
    for topic, (code, title, score, _order) in sorted(q_now.items(), key=lambda kv: kv[1][3]):
        prev = q_before.get(topic)
        questions.append(
            Row(
                code,
                title,
                Change(score, prev[2] if prev else None),
                previous_label=prev[0] if prev and prev[0] != code else "",
            )
        )
    overall = Change(now.overall, before.overall)
    chart = [ChartBar(r.label, r.change.current, r.change.previous) for r in indicators]
    chart.append(ChartBar("ภาพรวม", overall.current, overall.previous))
    return YearOverYear(assessment, previous, overall, tools, indicators, questions, chart)
