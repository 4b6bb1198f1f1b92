"""ITA score arithmetic: pure functions over Decimals, no database, no floats.

The NACC's rules (reference/ita-framework.md §2): an indicator is the mean of its questions, a
tool the mean of its indicators, the overall score the tools weighted by that year's weights, the
level by that year's rating levels. The NACC's reported figures are authoritative: where it
reported an indicator score, that is the figure the tools and the overall are built on, and the
mean of the question scores is computed beside it only to check it. Where it reported none, the
indicator is computed from its question scores, if they are complete. Every disagreement becomes
a warning in Thai (an indicator: any difference in the rounded mean; a tool or the overall: more
than 0.01, as those are rebuilt from rounded figures). Reported figures are never refused.

(Why reported first: in the seed the e1–e9 scores come from one EIT part while the NACC's
indicators 6–8 combine both parts; building EIT from the questions would give 96.29 and an
overall of 94.52 instead of the published 96.24 and 94.50.)
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from core.thai import score_text

TOLERANCE = Decimal("0.01")
CENT = Decimal("0.01")


def round2(value):
    """Round half up to two places, as the NACC prints scores; None stays None."""
    if value is None:
        return None
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def mean(values):
    values = list(values)
    if not values:
        return None
    return sum(values, Decimal(0)) / len(values)


def fmt(value):
    """Two decimals, for the warning texts (templates use the Thai-digit filters)."""
    return score_text(value)


# --- the framework, as plain data --------------------------------------------------------------


@dataclass(frozen=True)
class ToolSpec:
    code: str
    weight: Decimal  # percent, e.g. Decimal("30")


@dataclass(frozen=True)
class IndicatorSpec:
    number: int
    name: str
    tool: str
    questions: tuple  # question codes in order


@dataclass(frozen=True)
class LevelSpec:
    rank: int
    name: str
    min_overall: Decimal
    min_each_tool: Decimal | None = None


@dataclass(frozen=True)
class FrameworkSpec:
    tools: tuple  # of ToolSpec
    indicators: tuple  # of IndicatorSpec
    levels: tuple  # of LevelSpec


# --- results --------------------------------------------------------------------------------


@dataclass
class IndicatorResult:
    spec: IndicatorSpec
    scores: dict  # code -> Decimal, the questions that have a score
    missing: list  # codes with no score
    computed: Decimal | None  # mean of the questions, when all have a score
    present_mean: Decimal | None  # mean of the questions that have a score
    reported: Decimal | None
    value: Decimal | None  # the figure used: reported, else computed
    differs: bool = False  # computed and reported disagree by more than 0.01

    @property
    def source(self):
        if self.reported is not None:
            return "reported"
        return "computed" if self.computed is not None else None


@dataclass
class ToolResult:
    spec: ToolSpec
    indicators: list
    computed: Decimal | None
    reported: Decimal | None

    @property
    def value(self):
        return self.reported if self.reported is not None else self.computed

    @property
    def weighted(self):
        v = self.computed
        return None if v is None else v * self.spec.weight / 100


@dataclass
class ScoreResult:
    indicators: list
    tools: list
    computed_overall: Decimal | None
    reported_overall: Decimal | None
    computed_level: str | None
    reported_level: str
    warnings: list = field(default_factory=list)

    @property
    def overall(self):
        return self.reported_overall if self.reported_overall is not None else self.computed_overall

    @property
    def level(self):
        return self.reported_level or self.computed_level

    def tool(self, code):
        return next(t for t in self.tools if t.spec.code == code)


# --- the rules ------------------------------------------------------------------------------


def rate(overall, tool_scores, levels):
    """The level for an overall score and the tools' scores, by a year's rating levels.

    Compared at two decimals, as the NACC publishes the figures the level is read from.
    """
    if overall is None:
        return None
    overall = round2(overall)
    tools = [round2(v) for v in tool_scores]
    for level in sorted(levels, key=lambda lv: lv.rank):
        if overall < level.min_overall:
            continue
        if level.min_each_tool is not None and (
            not tools or any(v is None or v < level.min_each_tool for v in tools)
        ):
            continue
        return level.name
    return None


def weighted_overall(tool_values, tools):
    """The overall score: the tools' scores weighted by their percent weights."""
    if any(tool_values.get(t.code) is None for t in tools):
        return None
    return sum((tool_values[t.code] * t.weight / 100 for t in tools), Decimal(0))


def disagree(computed, reported, tolerance=TOLERANCE):
    """Both figures known and further apart than the tolerance."""
    return computed is not None and reported is not None and abs(computed - reported) > tolerance


def _span(codes):
    return codes[0] if len(codes) == 1 else f"{codes[0]}–{codes[-1]}"


def score_indicator(spec, question_scores, reported):
    scores = {c: question_scores[c] for c in spec.questions if c in question_scores}
    missing = [c for c in spec.questions if c not in question_scores]
    present_mean = mean(scores.values())
    computed = present_mean if not missing and spec.questions else None
    value = reported if reported is not None else computed
    # The NACC prints an indicator as its questions' mean rounded to two places, so any
    # difference at all between that and the printed figure is a real one (the seed's i10–i12
    # give 85.87, the NACC printed 85.88). Tools and the overall are built from rounded
    # indicators, so for them a gap of up to 0.01 is rounding and is tolerated.
    differs = disagree(round2(computed), reported, tolerance=Decimal(0))
    return IndicatorResult(spec, scores, missing, computed, present_mean, reported, value, differs)


def indicator_warnings(r):
    label = f"ตัวชี้วัดที่ {r.spec.number} {r.spec.name}"
    if r.differs:
        return [
            f"{label}: ค่าเฉลี่ยคะแนนรายข้อ ({_span(r.spec.questions)}) ได้ {fmt(r.computed)} "
            f"ต่างจากคะแนนที่ สำนักงาน ป.ป.ช. แจ้ง {fmt(r.reported)} "
            f"(ต่างกัน {fmt(abs(r.computed - r.reported))}) ใช้คะแนนที่ ป.ป.ช. แจ้ง"
        ]
    if r.missing and r.scores:
        missing = ", ".join(r.missing)
        if r.reported is not None:
            return [
                f"{label}: ไม่มีคะแนนข้อ {missing} จึงใช้คะแนนที่ สำนักงาน ป.ป.ช. แจ้ง "
                f"{fmt(r.reported)}; ค่าเฉลี่ยของ {len(r.scores)} ข้อที่มีคะแนนได้ "
                f"{fmt(r.present_mean)}"
            ]
        return [f"{label}: ไม่มีคะแนนข้อ {missing} และไม่มีคะแนนตัวชี้วัดที่ ป.ป.ช. แจ้ง จึงคำนวณไม่ได้"]
    if r.value is None:
        return [f"{label}: ยังไม่มีคะแนน"]
    return []


def compute(
    framework,
    question_scores,
    reported_indicators=None,
    reported_tools=None,
    reported_overall=None,
    reported_level="",
):
    """Score one assessment.

    framework: a FrameworkSpec. question_scores: {code: Decimal}. reported_indicators:
    {indicator number: Decimal}; reported_tools: {tool code: Decimal}; the NACC's figures.
    Returns a ScoreResult with the computed figures and the warnings.
    """
    reported_indicators = reported_indicators or {}
    reported_tools = reported_tools or {}
    warnings = []

    indicators = []
    for spec in framework.indicators:
        r = score_indicator(spec, question_scores, reported_indicators.get(spec.number))
        indicators.append(r)
        warnings += indicator_warnings(r)

    tools = []
    for spec in framework.tools:
        mine = [r for r in indicators if r.spec.tool == spec.code]
        values = [r.value for r in mine]
        computed = mean(values) if mine and None not in values else None
        t = ToolResult(spec, mine, computed, reported_tools.get(spec.code))
        tools.append(t)
        if disagree(t.computed, t.reported):
            warnings.append(
                f"คะแนน {spec.code}: คำนวณได้ {fmt(t.computed)} ต่างจากที่ "
                f"สำนักงาน ป.ป.ช. แจ้ง {fmt(t.reported)}"
            )

    tool_values = {t.spec.code: t.computed for t in tools}
    computed_overall = weighted_overall(tool_values, framework.tools)
    computed_level = rate(computed_overall, tool_values.values(), framework.levels)

    if disagree(computed_overall, reported_overall):
        warnings.append(
            f"คะแนนภาพรวม: คำนวณได้ {fmt(computed_overall)} ต่างจากที่ "
            f"สำนักงาน ป.ป.ช. แจ้ง {fmt(reported_overall)}"
        )
    if computed_level and reported_level and computed_level != reported_level:
        warnings.append(
            f"ระดับผลการประเมิน: ตามเกณฑ์ได้ระดับ {computed_level} "
            f"แต่ สำนักงาน ป.ป.ช. แจ้งระดับ {reported_level}"
        )

    return ScoreResult(
        indicators,
        tools,
        computed_overall,
        reported_overall,
        computed_level,
        reported_level,
        warnings,
    )
