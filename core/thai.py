"""Thai numbers, scores and dates: the one place they are formatted, built on pythainlp.

The `ita` template filters, the document context builders, the memo draft, the open data, the
scoring warnings and the spreadsheet readers all call these, so a score reads the same wherever a
person sees it. Imports no app, so every app may use it.
"""

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import timezone
from pythainlp.util import arabic_digit_to_thai_digit, thai_digit_to_arabic_digit, thai_strftime

CENT = Decimal("0.01")


def thai_digits(value):
    """Any number or text with Arabic digits → Thai digits ("o15" → "o๑๕"); None → ""."""
    if value is None:
        return ""
    return arabic_digit_to_thai_digit(str(value))


# A question code ("i1", "e9", "o15", "O8") is printed as the NACC prints it, in Latin letters and
# digits: in Sarabun "o๘" reads as the number "๐๘".
_CODE = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{1,2}[0-9]{1,3})(?![0-9])")


def thai_digits_keeping_codes(value):
    """Text with Thai digits except in question codes: "ข้อ o15 ปี 2568" → "ข้อ o15 ปี ๒๕๖๘"."""
    if value is None:
        return ""
    parts = _CODE.split(str(value))
    # split() with one group: the odd items are the codes
    return "".join(p if n % 2 else arabic_digit_to_thai_digit(p) for n, p in enumerate(parts))


def arabic_digits(value):
    """Thai digits → Arabic digits, the rest of the text as it is ("o๑๕" → "o15")."""
    if value is None:
        return ""
    return thai_digit_to_arabic_digit(str(value))


def score_text(value, empty="-"):
    """A score with two decimals, rounded half up as the NACC prints them: 94.5 → "94.50".

    None and "" give `empty`; what is not a number is returned as text, unchanged.
    """
    if value is None or value == "":
        return empty
    try:
        return f"{Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP):.2f}"
    except (InvalidOperation, TypeError, ValueError):
        return str(value)


def thai_score(value, empty="-"):
    """A score as a Thai official document writes it: 94.5 → "๙๔.๕๐"."""
    return thai_digits(score_text(value, empty))


def local(value):
    """A moment in the portal's time zone (Asia/Bangkok, settings.TIME_ZONE): the database
    keeps UTC, and 06:17 on the 5th in Bangkok is 23:17 on the 4th there. Dates and naive
    datetimes are returned as they are."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def local_iso(value):
    """A moment for machine files: ISO 8601 in Bangkok time with its zone,
    "2026-04-17T09:30:00+07:00" (None stays None)."""
    if value is None:
        return None
    return local(value).isoformat(timespec="seconds")


def thai_date(value, fmt="%-d %B %Y"):
    """A date in the Buddhist era with Thai digits: 2026-04-17 → "๑๗ เมษายน ๒๕๖๙"; a moment
    is dated in Bangkok time."""
    if not value:
        return ""
    return thai_strftime(local(value), fmt, thaidigit=True)


BE_OFFSET = 543
# Below this a four-digit year cannot be a Buddhist-era date anyone types today.
MIN_BE_YEAR = 2400
# Four-digit years from here to MIN_BE_YEAR are Christian-era years typed by habit.
MIN_CE_HABIT_YEAR = 1900


def be_date_text(value):
    """A date or datetime in the Buddhist era with Arabic digits, as the admin and files for
    people show it: "17 เม.ย. 2569"; a datetime in local time: "17 เม.ย. 2569 14:30 น."."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        return thai_strftime(local(value), "%-d %b %Y %H:%M น.")
    return thai_strftime(value, "%-d %b %Y")


def be_input_text(value):
    """A date as a Buddhist-era input shows it and people type it: "17/04/2569"."""
    return f"{value.day:02d}/{value.month:02d}/{value.year + BE_OFFSET}"


def shorten(text, limit=60):
    """`text` cut to at most `limit` characters at a word boundary, with "…" when cut: a title
    in a list, a heading, a message or a history line ("…ในการดำเนินงาน…", never
    "…ในการดำเนินง"). Thai words are found with pythainlp's newmm (only for a text over the
    limit); a single word longer than the limit is kept whole rather than split."""
    text = "" if text is None else str(text).strip()
    if len(text) <= limit:
        return text
    from pythainlp.tokenize import word_tokenize

    out = ""
    for word in word_tokenize(text, engine="newmm", keep_whitespace=True):
        if len(out) + len(word) > limit:
            break
        out += word
    out = out.rstrip()
    if not out:  # one long first word: whole, not split
        out = word_tokenize(text, engine="newmm", keep_whitespace=True)[0]
    return out + "…" if len(out) < len(text) else out
