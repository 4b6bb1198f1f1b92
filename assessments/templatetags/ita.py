"""Thai presentation for every template, the PDFs included: Thai digits, Buddhist-era dates,
scores with two decimals. The formatting itself is `ita_portal.thai`."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ita_portal import thai

register = template.Library()


@register.filter
def score(value):
    """94.5 → "94.50" (Arabic digits, for the admin and data)."""
    return thai.score_text(value)


@register.filter
def thscore(value):
    """94.5 → "๙๔.๕๐", as a Thai official document writes a score."""
    return thai.thai_score(value)


@register.filter
def thnum(value):
    """Any number or text with Arabic digits → Thai digits ("o15" → "o๑๕")."""
    return thai.thai_digits(value)


@register.filter
def thdate(value, fmt="%-d %B %Y"):
    """A date in the Buddhist era with Thai digits: 2026-04-17 → "๑๗ เมษายน ๒๕๖๙"."""
    return thai.thai_date(value, fmt)


ZWSP = "\u200b"


def _whole(name):
    # A break opportunity on each side, none inside: Pango would otherwise break the name
    # between its words, and without the U+200B the nowrap run pushes past the line's end.
    return f'{ZWSP}<span class="nobreak">{escape(name)}</span>{ZWSP}'


@register.filter
def nobreak(value):
    """A name that must stay on one line ("เทศบาลเมืองดอนสัก")."""
    if not value:
        return ""
    return mark_safe(_whole(str(value)))


@register.filter
def keep_whole(text, name):
    """Text with every occurrence of `name` kept on one line (the text itself escaped)."""
    if not text:
        return ""
    text = str(text)
    if not name:
        return escape(text)
    return mark_safe(_whole(name).join(escape(part) for part in text.split(str(name))))


@register.filter
def bedate(value):
    """A date or datetime in the Buddhist era with Arabic digits, as the admin shows it:
    "17 เม.ย. 2569" ("17 เม.ย. 2569 14:30 น." for a time, in local time)."""
    return thai.be_date_text(value)
