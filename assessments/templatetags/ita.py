"""Thai presentation for every template, the PDFs included: Thai digits, Buddhist-era dates,
scores with two decimals. Built on pythainlp."""

from decimal import Decimal, InvalidOperation

from django import template
from pythainlp.util import arabic_digit_to_thai_digit, thai_strftime

from assessments.scoring import round2

register = template.Library()


def _score_text(value):
    if value is None or value == "":
        return "-"
    try:
        return f"{round2(Decimal(value)):.2f}"
    except (InvalidOperation, TypeError, ValueError):
        return str(value)


@register.filter
def score(value):
    """94.5 → "94.50" (Arabic digits, for the admin and data)."""
    return _score_text(value)


@register.filter
def thscore(value):
    """94.5 → "๙๔.๕๐", as a Thai official document writes a score."""
    return arabic_digit_to_thai_digit(_score_text(value))


@register.filter
def thnum(value):
    """Any number or text with Arabic digits → Thai digits ("o15" → "o๑๕")."""
    if value is None:
        return ""
    return arabic_digit_to_thai_digit(str(value))


@register.filter
def thdate(value, fmt="%-d %B %Y"):
    """A date in the Buddhist era with Thai digits: 2026-04-17 → "๑๗ เมษายน ๒๕๖๙"."""
    if not value:
        return ""
    return thai_strftime(value, fmt, thaidigit=True)
