"""The two published documents, the analysis report and the covering memo, as template context.

One context builder per document, used by the web page and by the PDF alike, so that both print
the same thing. Everything here is arrangement of rows already fetched by the selectors: grouping
question rows as the seed's tables do, numbering, the summary paragraph when staff left it blank,
and the geometry of the score chart. Thai digits and dates are left to the `ita` template filters.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from assessments.models import MemoSignature, office_of
from assessments.scoring import round2
from assessments.selectors import assessment_score, memo_data
from core.thai import thai_digits as th
from core.thai import thai_score as th_score

from . import charts, selectors
from .comparison import previous_assessment, year_over_year

# The text the report is titled with; the organization and the year are filled in.
REPORT_TITLE = "รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน ของหน่วยงานภาครัฐ"
COVER_TITLE = (
    "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน แสดงการวิเคราะห์ผลการประเมิน"
    "คุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ"
)


# --- the question tables ------------------------------------------------------------------------


@dataclass
class QuestionRow:
    """One row of an indicator's question table: a question, or a run of them ("o1–o5")."""

    codes: list
    score: Decimal
    finding_ids: frozenset
    findings: list = field(default_factory=list)  # shown in this row's findings cell
    rowspan: int = 0  # 0: the cell of an earlier row spans this one

    @property
    def label(self):
        return self.codes[0] if len(self.codes) == 1 else f"{self.codes[0]}–{self.codes[-1]}"

    @property
    def long(self):
        """Findings of several lines: the printed row may break over a page (print.css)."""
        return sum(len(text) for text in self.findings) > 300


def finding_text(finding, codes):
    """A weakness as the NACC's texts read: "<codes> ประเด็น <issue> ดังนั้น <recommendation>"."""
    if finding.kind == "weakness" and finding.issue:
        # codes stay Latin ("i1, i2"), as the NACC prints them; see the `thnum` filter
        return f"{', '.join(codes)} ประเด็น {finding.issue} ดังนั้น {finding.recommendation}"
    return finding.recommendation


def question_rows(questions, scores, findings, collapse):
    """The rows of one indicator's table, with each findings cell spanning the rows it covers.

    questions: the indicator's questions in order; scores: {question id: score} (questions with
    no score are left out, as the NACC's result leaves them out); findings: the indicator's
    findings, each with `question_ids` and `codes`. With `collapse` (the OIT disclosure items),
    consecutive questions with the same score and the same findings become one row, "o1–o5".
    Overlapping findings share one cell spanning all the rows they cover together.
    """
    by_question = {}
    for f in findings:
        for qid in f.question_ids:
            by_question.setdefault(qid, set()).add(f.pk)

    rows = []
    for q in questions:
        if q.pk not in scores:
            continue
        ids = frozenset(by_question.get(q.pk, ()))
        last = rows[-1] if rows else None
        if collapse and last and last.score == scores[q.pk] and last.finding_ids == ids:
            last.codes.append(q.code)
        else:
            rows.append(QuestionRow([q.code], scores[q.pk], ids))

    # Blocks of consecutive rows tied together by findings that span them.
    first_row, last_row = {}, {}
    for i, row in enumerate(rows):
        for fid in row.finding_ids:
            first_row.setdefault(fid, i)
            last_row[fid] = i
    i = 0
    while i < len(rows):
        end = max((last_row[f] for f in rows[i].finding_ids), default=i)
        j = i
        while j <= end:  # a finding starting inside the block may reach further
            end = max([end] + [last_row[f] for f in rows[j].finding_ids])
            j += 1
        rows[i].rowspan = end - i + 1
        shown = {f for r in rows[i : end + 1] for f in r.finding_ids}
        rows[i].findings = [
            finding_text(f, f.codes) for f in findings if f.pk in shown and f.pk in first_row
        ]
        i = end + 1
    return rows


# --- the chart ----------------------------------------------------------------------------------


def score_chart(indicator_scores, target, previous=None):
    """The horizontal bar chart of the ten indicator scores against the target.

    `previous` ({indicator number: score}) adds the previous year as a thin bar under each.
    """
    indicator_scores = list(indicator_scores)
    frame = charts.bar_chart([value for _, value in indicator_scores], charts.SCORES)
    bars = []
    for (indicator, value), row in zip(indicator_scores, frame.pop("rows"), strict=True):
        before = (previous or {}).get(indicator.number)
        bars.append(
            {
                "previous_width": frame["width_of"](before) if before is not None else None,
                "previous_value": th_score(before) if before is not None else "",
                "number": th(indicator.number),
                "name": indicator.name,
                "y": row["y"],
                "text_y": row["y"] + 18,
                "width": row["width"],
                "value": th_score(value) if value is not None else "-",
                "value_x": row["value_x"],
                "below": value is not None and value < target,
            }
        )
    row_h = charts.SCORES.row_h
    return {
        **frame,
        "bars": bars,
        "target_x": frame["x"](target),
        "target_label": th(f"{round2(target):.0f}") if target == int(target) else th_score(target),
        "bar_h": row_h - 10 if previous is None else row_h - 16,
        "has_previous": previous is not None,
    }


def year_glance(assessment):
    """A year at a glance, for the agency's ITA page (`/`): its overall score and level, as the
    report prints them, and the report's indicator chart against the previous published year
    (the same drawing, `score_chart`). 15 queries: this year's scoring (7), the previous
    published year (1) and its scoring (7)."""
    result = assessment_score(assessment)
    # Only a published previous year, as in the report: the public never sees a draft's figures.
    previous = previous_assessment(assessment)
    previous_values = (
        {r.spec.number: r.value for r in assessment_score(previous).indicators}
        if previous is not None
        else None
    )
    return {
        "assessment": assessment,
        "overall": result.overall,
        "level": result.level,
        "previous": previous,
        "chart": score_chart(
            [(r.spec, r.value) for r in result.indicators],
            assessment.framework.national_target,
            previous_values,
        ),
    }


# --- the summary --------------------------------------------------------------------------------


def generated_summary(assessment, result, target):
    """The summary paragraph in the seed's wording, written from the figures.

    Used when staff left `Assessment.summary` blank.
    """
    org = assessment.organization.name
    year = th(assessment.fiscal_year)
    overall = result.overall
    level = result.level or "-"
    tools = [t for t in result.tools]
    codes = ", ".join(t.spec.code for t in tools[:-1]) + f" และ {tools[-1].spec.code}"
    parts = [
        f"ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน ของหน่วยงานภาครัฐ ในปีงบประมาณ "
        f"พ.ศ.{year} ของ{org} มีผลการประเมิน อยู่ในระดับ{level}"
    ]
    goal, goal_tool = assessment.goal_overall, assessment.goal_each_tool
    if goal is not None:
        tool_ok = goal_tool is None or all(
            t.value is not None and t.value >= goal_tool for t in tools
        )
        met = overall is not None and overall >= goal and tool_ok
        parts.append(
            f"และ{'บรรลุ' if met else 'ยังไม่บรรลุ'}ค่าเป้าหมายของหน่วยงาน คือ มีผลการประเมิน ITA "
            f"ในภาพรวม {th(f'{goal:.0f}')} คะแนนขึ้นไป"
        )
        if goal_tool is not None:
            parts.append(
                f" และมีคะแนนรายเครื่องมือประกอบด้วย {codes} ที่มีค่าคะแนน "
                f"{th(f'{goal_tool:.0f}')} คะแนนขึ้นไป"
            )
    national = overall is not None and overall >= target
    parts.append(
        f" ซึ่ง{'ผ่าน' if national else 'ยังไม่ผ่าน'}ค่าเป้าหมายตามแผนแม่บทภายใต้ยุทธศาสตร์ชาติ "
        f"ประเด็นการต่อต้านการทุจริตและประพฤติมิชอบ ({th(f'{target:.0f}')} คะแนนขึ้นไป) "
        f"โดยมีคะแนนในภาพรวมอยู่ที่ {th_score(overall) if overall is not None else '-'} คะแนน "
        f"มีรายละเอียดการประเมิน ดังต่อไปนี้"
    )
    return "".join(parts)


# --- the documents ------------------------------------------------------------------------------


def vocabulary(assessment, names=()):
    """Words the documents never break inside (the `thtext` filter): the organization's name
    and the indicators' names, beside the filter's own list (หน่วยงาน, ภาครัฐ, ป.ป.ช., ...)."""
    return (assessment.organization.name, *names)


def report_context(assessment):
    """Everything the report's body partial prints, for the web page and the PDF alike."""
    data = selectors.report_data(assessment)
    result = data["score"]
    target = assessment.framework.national_target
    value_of = {r.spec.number: r.value for r in result.indicators}

    findings_by_indicator = {}
    for f in data["findings"]:
        findings_by_indicator.setdefault(f.indicator_id, []).append(f)
    guidelines_by_indicator = {}
    for g in data["guidelines"]:
        guidelines_by_indicator.setdefault(g.indicator_id, []).append(g)

    indicators = []
    for ind in data["indicators"]:
        indicators.append(
            {
                "indicator": ind,
                "score": value_of.get(ind.number),
                "tool": ind.tool.code,
                "rows": question_rows(
                    ind.questions.all(),
                    data["question_scores"],
                    findings_by_indicator.get(ind.pk, []),
                    collapse=ind.tool.code == "OIT",  # disclosure items are read in ranges
                ),
                "guidelines": guidelines_by_indicator.get(ind.pk, []),
            }
        )

    # The score table: the tool's name cell spans its indicators.
    score_rows = []
    for n, item in enumerate(indicators):
        first = n == 0 or indicators[n - 1]["tool"] != item["tool"]
        span = sum(1 for i in indicators if i["tool"] == item["tool"]) if first else 0
        score_rows.append({**item, "tool_rowspan": span})

    tools = [
        {
            "code": t.spec.code,
            "weight": t.spec.weight,
            "score": t.computed,
            "weighted": t.weighted,
            "name": data["tool_names"].get(t.spec.code, ""),
        }
        for t in result.tools
    ]
    goal = assessment.goal_overall
    overall = result.overall
    # Only a published previous year is compared, on the page and in the PDF alike: the public
    # must never see figures of a year that is not public, and one PDF serves both audiences.
    yoy = year_over_year(assessment, current_score=result)
    previous_values = (
        {
            r.spec.number: row.change.previous
            for r, row in zip(result.indicators, yoy.indicators, strict=True)
        }
        if yoy
        else None
    )
    return {
        "assessment": assessment,
        "organization": assessment.organization,
        "is_draft": not assessment.is_published,
        "title": f"{REPORT_TITLE} ในปีงบประมาณ พ.ศ. {th(assessment.fiscal_year)}",
        "cover_title": COVER_TITLE,
        "overall": overall,
        "level": result.level,
        "target": target,
        "meets_target": overall is not None and overall >= target,
        "goal": goal,
        "meets_goal": goal is not None and overall is not None and overall >= goal,
        "summary": assessment.summary or generated_summary(assessment, result, target),
        "score_rows": score_rows,
        "chart": score_chart(
            [(i["indicator"], i["score"]) for i in indicators], target, previous_values
        ),
        "yoy": yoy,
        "tools": tools,
        "computed_overall": result.computed_overall,
        "indicators": indicators,
        "plan_topics": data["plan_topics"],
        "results_rounds": selectors.published_results_rounds(assessment),
        # The year-over-year part says how far the previous year's plan was carried out.
        "previous_plan": selectors.plan_completion(yoy.previous) if yoy else None,
        "vocabulary": vocabulary(assessment, [i["indicator"].name for i in indicators]),
    }


def memo_blocks(signatures):
    """The memo's signature part by role, in the order the form prints it: the one who signs,
    the endorsements of those the memo passes through, the decision, the drafter at the foot.

    `signatures` are MemoSignature rows or anything with name, position and role (the results
    memo's frozen copies); without roles (older copies) the first signs and the others endorse.
    """
    Role = MemoSignature.Role
    signatures = list(signatures)
    for s in signatures:
        if not hasattr(s, "office"):
            s.office = office_of(s.position)
        if not getattr(s, "role", ""):
            s.role = Role.SIGNER if s is signatures[0] else Role.ENDORSER
    by_role = {role: [s for s in signatures if s.role == role] for role in Role}
    signers = by_role[Role.SIGNER]
    return {
        "signer": signers[0] if signers else None,
        "endorsers": signers[1:] + by_role[Role.ENDORSER],
        "deciders": by_role[Role.DECIDER],
        "drafters": by_role[Role.DRAFTER],
    }


def memo_context(assessment):
    """Everything the memo's body partial prints, for the web page and the PDF alike."""
    memo = memo_data(assessment)
    return {
        "assessment": assessment,
        "organization": assessment.organization,
        "is_draft": not assessment.is_published,
        "title": f"บันทึกข้อความ: {memo.subject}",
        "memo": memo,
        "vocabulary": vocabulary(assessment),
        **memo_blocks(memo.signatures_list),
    }
