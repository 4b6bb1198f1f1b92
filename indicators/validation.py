"""The rules a framework year must meet as a whole, over plain rows (no database).

One function, `year_problems`, used by every path that writes a year: the admin's year page
(all its inline rows at once), the workbook import and copying a year. Each problem is a Thai
message naming the row ("เครื่องมือ แถวที่ 2: …", "ชีต questions แถวที่ 7: …"), so that a
person can find it; a year with any problem is saved nowhere.
"""

from dataclasses import dataclass
from decimal import Decimal

from .codes import normalise_code

HUNDRED = Decimal("100")


@dataclass
class ToolRow:
    where: str
    code: str
    weight: Decimal | None


@dataclass
class LevelRow:
    where: str
    rank: int | None
    name: str
    min_overall: Decimal | None
    min_each_tool: Decimal | None


@dataclass
class IndicatorRow:
    where: str
    number: int | None
    tool: str | None  # the tool's code, as typed
    key: object = None  # what questions point at (the number, or a database id)


@dataclass
class QuestionRow:
    where: str
    code: str
    indicator: object  # an IndicatorRow.key, None when missing
    topic_key: str = ""
    indicator_label: str = ""  # what the row typed, for the message


def _fmt(value):
    return f"{value.normalize():f}" if isinstance(value, Decimal) else str(value)


def tool_code(raw):
    return str(raw or "").strip().upper()


def _repeated(first, key, where, label):
    """The problem of a row whose `key` an earlier row has (as a list: empty or one); else notes
    in `first` that the key first stands at `where`."""
    if key in first:
        return [f"{where}: {label} {key} ซ้ำกับ{first[key]}"]
    first[key] = where
    return []


def year_problems(tools, levels, indicators, questions):
    """Every way the rows fail to make one consistent framework year, as Thai messages."""
    return [
        *_tool_problems(tools),
        *_level_problems(levels),
        *_indicator_problems(indicators, tools),
        *_question_problems(questions, indicators),
    ]


def _tool_problems(tools):
    """Codes unique, weights summing to 100."""
    problems, seen = [], {}
    for t in tools:
        code = tool_code(t.code)
        if not code:
            problems.append(f"{t.where}: ยังไม่ได้กรอกรหัสเครื่องมือ")
        else:
            problems += _repeated(seen, code, t.where, "รหัสเครื่องมือ")
    weights = [t.weight for t in tools if t.weight is not None]
    if not tools:
        problems.append("เครื่องมือการประเมิน: ต้องมีอย่างน้อยหนึ่งเครื่องมือ และค่าน้ำหนักรวมกันเป็น 100")
    elif sum(weights, Decimal(0)) != HUNDRED:
        listed = ", ".join(f"{tool_code(t.code)} {_fmt(t.weight)}" for t in tools)
        problems.append(
            f"เครื่องมือการประเมิน: ค่าน้ำหนักรวมกันได้ {_fmt(sum(weights, Decimal(0)))} "
            f"แต่ต้องรวมกันเป็น 100 ({listed})"
        )
    return problems


def _level_problems(levels):
    """Rank 1 is the highest; each next level strictly easier; the lowest starts at 0."""
    problems, ranks = [], {}
    for lv in levels:
        problems += _repeated(ranks, lv.rank, lv.where, "ลำดับระดับ")
    ordered = sorted((lv for lv in levels if lv.rank is not None), key=lambda lv: lv.rank)
    if not ordered:
        problems.append("ระดับผลการประเมิน: ต้องมีอย่างน้อยหนึ่งระดับ และระดับต่ำสุดเริ่มที่ 0")
    for higher, lower in zip(ordered, ordered[1:], strict=False):
        h = (higher.min_overall or 0, higher.min_each_tool or 0)
        low = (lower.min_overall or 0, lower.min_each_tool or 0)
        if not (h[0] >= low[0] and h[1] >= low[1] and h != low):
            problems.append(
                f"{lower.where}: ระดับ “{lower.name}” (ลำดับ {lower.rank}, ขั้นต่ำ {_fmt(low[0])}) "
                f"ต้องมีเกณฑ์ต่ำกว่าระดับ “{higher.name}” (ลำดับ {higher.rank}, ขั้นต่ำ "
                f"{_fmt(h[0])}) เรียงจากระดับสูงสุด (ลำดับ 1) ลงมา"
            )
    if ordered:
        lowest = ordered[-1]
        if (lowest.min_overall or 0) != 0 or (lowest.min_each_tool or 0) != 0:
            problems.append(
                f"{lowest.where}: ระดับต่ำสุด “{lowest.name}” ต้องเริ่มที่ 0 "
                f"(ตอนนี้ {_fmt(lowest.min_overall)}) เพื่อให้ทุกคะแนนได้ระดับ"
            )
    return problems


def _indicator_problems(indicators, tools):
    """Numbers unique, each under one of the year's tools."""
    tool_codes = [code for code in dict.fromkeys(tool_code(t.code) for t in tools) if code]
    problems, numbers = [], {}
    for ind in indicators:
        problems += _repeated(numbers, ind.number, ind.where, "ตัวชี้วัดที่")
        if tool_code(ind.tool) not in tool_codes:
            problems.append(
                f"{ind.where}: ตัวชี้วัดที่ {ind.number} อยู่ในเครื่องมือ “{ind.tool or ''}” "
                f"ที่ไม่มีในกรอบปีนี้ (มี {', '.join(tool_codes) or '-'})"
            )
    return problems


def _question_problems(questions, indicators):
    """Codes read one way and unique, each under one of the year's indicators."""
    keys = {ind.key for ind in indicators}
    problems, codes, topics = [], {}, {}
    for q in questions:
        code = normalise_code(q.code)
        if code is None:
            problems.append(
                f"{q.where}: รหัสข้อ “{q.code or ''}” ไม่ถูกต้อง (ตัวอักษรตามด้วยตัวเลข เช่น i1, e9, O15)"
            )
        else:
            problems += _repeated(codes, code, q.where, "รหัสข้อ")
        if q.indicator is None or q.indicator not in keys:
            label = q.indicator_label or q.indicator or ""
            problems.append(f"{q.where}: ข้อ {code or q.code} อยู่ในตัวชี้วัด “{label}” ที่ไม่มีในกรอบปีนี้")
        if q.topic_key:
            problems += _repeated(topics, q.topic_key, q.where, "รหัสประเด็น")
    return problems


def framework_problems(framework):
    """`year_problems` of a saved framework year (four queries)."""
    tools = [
        ToolRow(f"เครื่องมือ {t.code}", t.code, t.weight) for t in framework.tools.order_by("order")
    ]
    levels = [
        LevelRow(f"ระดับ {lv.name}", lv.rank, lv.name, lv.min_overall, lv.min_each_tool)
        for lv in framework.rating_levels.order_by("rank")
    ]
    indicators = [
        IndicatorRow(f"ตัวชี้วัดที่ {i.number}", i.number, i.tool.code, i.pk)
        for i in framework.indicators.select_related("tool")
    ]
    questions = [
        QuestionRow(f"ข้อ {q.code}", q.code, q.indicator_id, q.topic_key)
        for q in framework.questions.order_by("order")
    ]
    return year_problems(tools, levels, indicators, questions)
