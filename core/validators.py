"""Validators that models, forms and imports share (so no model imports an admin module)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .thai import BE_OFFSET, MIN_BE_YEAR, MIN_CE_HABIT_YEAR, arabic_digits

# Fiscal years: the ITA began in พ.ศ. 2556; a plan may be typed a few years ahead.
MIN_FISCAL_YEAR = 2550
MAX_FISCAL_YEAR = 2700


def be_year_from_ce_habit_message(year):
    return _("ปี %(year)s เป็นปีคริสต์ศักราช (ค.ศ.) กรุณากรอกปีพุทธศักราช (พ.ศ.) เช่น %(be)s") % {
        "year": year,
        "be": year + BE_OFFSET,
    }


def christian_era_year(text):
    """The year if `text` is a four-digit Christian-era year typed by habit ("2026", "๒๐๒๖"),
    by the rule the date fields use (1900–2399); None otherwise."""
    text = arabic_digits(text).strip() if text is not None else ""
    if len(text) == 4 and text.isascii() and text.isdigit():
        year = int(text)
        if MIN_CE_HABIT_YEAR <= year < MIN_BE_YEAR:
            return year
    return None


def validate_fiscal_year(value):
    """A Buddhist-era fiscal year (2550–2700); a Christian-era year (1900–2399, the rule of the
    date fields) is refused with the year it means."""
    if value is None:
        return
    # The date fields' rule (core.thai_admin): a four-digit year from 1900 to 2399 is ค.ศ.
    if christian_era_year(str(value)):
        raise ValidationError(be_year_from_ce_habit_message(value), code="christian_era")
    if not MIN_FISCAL_YEAR <= value <= MAX_FISCAL_YEAR:
        raise ValidationError(
            _("ปีงบประมาณต้องเป็นปี พ.ศ. ระหว่าง %(low)s ถึง %(high)s")
            % {"low": MIN_FISCAL_YEAR, "high": MAX_FISCAL_YEAR},
            code="implausible",
        )
