"""How far a group of action items has come: the one rule for a topic's, a division's and a
whole plan's percent, wherever it is printed (the public plan page, the results report and its
open data, the next year's report).

Whole percents, Decimal arithmetic and rounding half up, like the project's score arithmetic
(assessments.scoring): items at 25 % and 100 % are 63 %, on every page. Python's round() and a
database's AVG give a float rounded half to even (62), which is how one plan once read 62 % on
one page and 63 % on another.
"""

from decimal import ROUND_HALF_UP, Decimal

from .models import ActionItem


def progress_percent(items):
    """The mean percent of `items`, (status, percent) pairs, cancelled items left out, rounded
    half up to a whole percent (an int, 0–100); 0 when no item counts."""
    counted = [percent for status, percent in items if status != ActionItem.Status.CANCELLED]
    if not counted:
        return 0
    mean = Decimal(sum(counted)) / len(counted)
    return int(mean.quantize(Decimal(1), rounding=ROUND_HALF_UP))
