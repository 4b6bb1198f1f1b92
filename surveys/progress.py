"""Where a survey stands against its minimum, from the counts staff logged. Pure functions over
plain values (dates and numbers), so that the rule is tested on its own.

The projection, exactly:

- the *log* of a survey is its (date, count) pairs, oldest first;
- the *current pace* is the number of responses gained between the first and the latest logged
  days, divided by the days between them; with a single entry, from the opening day, taken as
  0 responses (when the entry is later than the opening day);
- the date the pace *reaches the minimum* is the latest logged day plus the days still needed at
  that pace, rounded up to whole days; there is none when the pace is nothing (no response
  gained, or a single entry on the opening day);
- a survey that has reached its minimum shows the first logged day it did;
- a survey is *behind* when it has not reached its minimum and, at the current pace, will not by
  the closing day (or there is no pace to tell).

Days left count today: on the closing day one day is left, after it none.
"""

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal


@dataclass
class Standing:
    minimum: int
    count: int  # the latest logged count (0 before any)
    counted_on: date | None  # the latest logged day
    pace: Decimal | None  # responses a day
    reaches_on: date | None  # when the pace reaches the minimum (None: reached or no pace)
    reached_on: date | None  # the first logged day at or above the minimum
    behind: bool
    points: list = field(default_factory=list)

    @property
    def reached(self):
        return self.reached_on is not None

    @property
    def percent(self):
        """The count as a whole percent of the minimum (may pass 100)."""
        return int((Decimal(self.count) * 100 / self.minimum).quantize(Decimal(1), ROUND_HALF_UP))

    @property
    def missing(self):
        return max(0, self.minimum - self.count)

    @property
    def pace_text(self):
        return None if self.pace is None else f"{self.pace.quantize(Decimal('0.1'), ROUND_HALF_UP)}"


def standing(*, minimum, points, opens_on, closes_on):
    """A survey's Standing from its log `points` ([(date, count)] in any order)."""
    points = sorted(points)
    if not points:
        return Standing(minimum, 0, None, None, None, None, True, [])
    last_day, last = points[-1]
    reached_on = next((d for d, n in points if n >= minimum), None)
    first_day, first = points[0]
    if len(points) == 1 and opens_on < last_day:
        first_day, first = opens_on, 0
    days = (last_day - first_day).days
    gained = last - first
    pace = Decimal(gained) / days if days > 0 and gained > 0 else None
    reaches_on = None
    if reached_on is None and pace is not None:
        reaches_on = last_day + timedelta(days=math.ceil((minimum - last) / pace))
    behind = reached_on is None and (reaches_on is None or reaches_on > closes_on)
    return Standing(minimum, last, last_day, pace, reaches_on, reached_on, behind, points)


def days_left(closes_on, today):
    """Days still open, today included: 1 on the closing day, 0 after it."""
    return max(0, (closes_on - today).days + 1)
