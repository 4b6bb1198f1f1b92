"""Year over year: a year's scores beside the previous year's, for the report.

Questions are matched by topic, not by code, because codes move between framework years (2568's
o15 is 2569's O14): a question continues the previous year's questions whose topic key is its own
or one of its `merged_topic_keys` (2569's O20 replaces 2568's o21 and o22). A question with none
is new (ใหม่); a previous question that no current one continues is no longer assessed.
Indicators are matched by number (1–10 in every framework so far), tools by code.
Scores are the figures the report uses (`ScoreResult`: the NACC's reported
figure where there is one, else the computed one).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from assessments.models import Assessment
from assessments.scoring import round2
from assessments.selectors import assessment_score


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
class Predecessor:
    """A previous year's question that a current one continues."""

    code: str
    title: str
    score: Decimal | None


@dataclass(frozen=True)
class Row:
    label: str  # "ตัวชี้วัดที่ 4", "IIT", "i10", or "คะแนนภาพรวม"
    name: str
    change: Change
    previous_label: str = ""  # the previous year's code(s) where they differ ("o15", "o21, o22")
    predecessors: tuple = ()  # of Predecessor (questions only); two or more for a merged item
    is_new: bool = False  # a question with no predecessor: ใหม่

    @property
    def is_merged(self):
        return len(self.predecessors) > 1


@dataclass(frozen=True)
class YearOverYear:
    current: Assessment
    previous: Assessment
    overall: Change
    tools: list  # of Row
    indicators: list  # of Row
    questions: list  # of Row, in the current year's question order
    dropped: list = field(default_factory=list)  # of Predecessor: no longer assessed

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


def _questions(assessment):
    """[(question, score)] of the assessment's framework in order (two queries)."""
    scores = dict(assessment.question_scores.values_list("question_id", "score"))
    return [(q, scores.get(q.pk)) for q in assessment.framework.questions.order_by("order")]


def question_rows(current, previous):
    """The questions of two years matched by topic: (rows, dropped).

    `current`, `previous`: [(question, score)] as `_questions` gives them. A merged item's
    change is shown against its predecessors one by one (no single previous score: the
    NACC scores the merged item afresh), so its Change has no previous figure.
    """
    before = {q.topic_key: (q, score) for q, score in previous}
    continued = set()
    rows = []
    for q, score in current:
        found = [before[k] for k in q.predecessor_topics if k in before]
        continued.update(p.topic_key for p, _ in found)
        predecessors = tuple(Predecessor(p.code, p.title, s) for p, s in found)
        codes = [p.code for p in predecessors]
        rows.append(
            Row(
                q.code,
                q.title,
                Change(score, predecessors[0].score if len(predecessors) == 1 else None),
                previous_label="" if codes == [q.code] else ", ".join(codes),
                predecessors=predecessors,
                is_new=not predecessors,
            )
        )
    dropped = [
        Predecessor(q.code, q.title, score) for q, score in previous if q.topic_key not in continued
    ]
    return rows, dropped


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
    questions, dropped = question_rows(_questions(assessment), _questions(previous))
    overall = Change(now.overall, before.overall)
    return YearOverYear(assessment, previous, overall, tools, indicators, questions, dropped)
