"""The geometry of the documents' horizontal bar charts on a 0–100 scale: the report's
indicator scores and the results rounds' percents. Plain numbers for an inline SVG, so that a
chart is the same on the page and in the PDF; the templates draw, this module measures."""

from dataclasses import dataclass
from decimal import Decimal

from core.thai import thai_digits


@dataclass(frozen=True)
class Layout:
    label_w: int  # the labels' column, left of the bars
    bar_w: int  # the bars' width at 100
    row_h: int
    top: int
    right: int  # room for the value right of the longest bar
    foot: int  # below the last row: the axis and its labels
    axis_gap: int  # from the chart's bottom to the end of the grid lines
    tick_gap: int  # from the chart's bottom to the tick labels' baseline
    tick_step: int


# The report's ten indicator scores (with last year's thin bars), and the results rounds'
# percents by topic and by division.
SCORES = Layout(230, 360, 24, 28, 60, foot=30, axis_gap=24, tick_gap=8, tick_step=20)
PERCENTS = Layout(270, 320, 26, 24, 60, foot=26, axis_gap=22, tick_gap=6, tick_step=25)


# Text widths for placing labels, in ems of the chart's font (Sarabun): generous, so that a
# label's box is never narrower than the drawn text.
_EM = {".": 0.32, ",": 0.32, "%": 0.85, " ": 0.3}
DIGIT_EM = 0.62
LETTER_EM = 0.62


def text_width(text, size):
    """About how wide `text` is drawn at `size` px: Thai digits and letters ~0.6 em, marks
    that sit above or below a letter nothing."""
    width = 0.0
    for ch in str(text):
        if ch in _EM:
            width += _EM[ch]
        elif ch == "\u0e31" or "\u0e34" <= ch <= "\u0e3a" or "\u0e47" <= ch <= "\u0e4e":
            continue  # above and below vowels, tone marks
        else:
            width += DIGIT_EM if ch.isdigit() else LETTER_EM
    return width * size


def place_label(x, width, lines, gap=4):
    """The x of a label of `width` that starts at `x` or further right, clear of the vertical
    lines at `lines` (the pass mark, the agency's target)."""
    moved = True
    while moved:
        moved = False
        for line in sorted(lines):
            if x - 2 <= line <= x + width + 2:
                x = line + gap
                moved = True
    return x


def overlaps(a, b):
    """Whether two boxes (x, y, width, height) intersect."""
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def bar_chart(values, layout, previous=None):
    """Where each value's bar goes (`rows`: y, width, value_x, in the order given; a missing
    value has no bar), and the chart's frame: its size, the grid ticks and the x of any value
    (`x`). With `previous` (last year's values, in the same order) a value's label starts right
    of the longer of the two bars, never on either."""
    scale = Decimal(layout.bar_w) / 100

    def width(value):
        return (Decimal(value) * scale).quantize(Decimal("0.1"))

    rows = []
    for n, value in enumerate(values):
        bar = width(value) if value is not None else Decimal(0)
        before = previous[n] if previous is not None else None
        longest = max(bar, width(before) if before is not None else Decimal(0))
        rows.append(
            {
                "y": layout.top + n * layout.row_h,
                "width": bar,
                "value_x": layout.label_w + longest + 6,
            }
        )
    height = layout.top + len(rows) * layout.row_h + layout.foot
    return {
        "width": layout.label_w + layout.bar_w + layout.right,
        "height": height,
        "label_w": layout.label_w,
        "label_x": layout.label_w - 8,
        "plot_bottom": height - layout.axis_gap,
        "tick_y": height - layout.tick_gap,
        "ticks": [
            {"x": layout.label_w + Decimal(t) * scale, "label": thai_digits(t)}
            for t in range(0, 101, layout.tick_step)
        ],
        "rows": rows,
        "x": lambda value: layout.label_w + width(value),
        "width_of": width,
    }
