"""The geometry of a survey's chart: responses over the window, the minimum as a dashed line,
the logged counts as a line and the current pace carried on (dashed) to the closing day. Plain
numbers for an inline SVG (templates/surveys/_chart.svg); the template draws, this measures."""

import math
from decimal import Decimal

from core.thai import thai_date, thai_digits

WIDTH, HEIGHT = 480, 250
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 28, 44


def _nice_top(value):
    """A round axis maximum at or above `value` (10, 20, 50, 100, 200, …)."""
    value = max(value, 10)
    power = 10 ** int(math.floor(math.log10(value)))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return int(step * power)
    return int(10 * power)


def survey_chart(standing, *, opens_on, closes_on, today):
    span = max((closes_on - opens_on).days, 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    end_count = standing.count
    if standing.pace is not None and standing.counted_on and standing.counted_on < closes_on:
        end_count = standing.count + standing.pace * (closes_on - standing.counted_on).days
    top = _nice_top(max(standing.minimum * Decimal("1.15"), standing.count, end_count))

    def x(day):
        days = min(max((day - opens_on).days, 0), span)
        return round(LEFT + Decimal(days) / span * plot_w, 1)

    def y(count):
        return round(TOP + plot_h - Decimal(min(count, top)) / top * plot_h, 1)

    points = [{"x": x(d), "y": y(n), "date": d, "count": n} for d, n in standing.points]
    projection = None
    if standing.pace is not None and not standing.reached and standing.counted_on < closes_on:
        projection = {
            "x1": x(standing.counted_on),
            "y1": y(standing.count),
            "x2": x(closes_on),
            "y2": y(end_count),
        }
    ticks = [{"y": y(top * i // 4), "label": thai_digits(top * i // 4)} for i in range(5)]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "top": TOP,
        "bottom": TOP + plot_h,
        "ticks": ticks,
        "minimum_y": y(standing.minimum),
        "minimum_label": thai_digits(standing.minimum),
        "points": points,
        "polyline": " ".join(f"{p['x']},{p['y']}" for p in points),
        "projection": projection,
        "today_x": x(today) if opens_on <= today <= closes_on else None,
        "opens_label": thai_date(opens_on, "%-d %b"),
        "closes_label": thai_date(closes_on, "%-d %b"),
        "label_y": HEIGHT - 14,
    }
