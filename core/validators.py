"""Validators that models, forms and imports share (so no model imports an admin module)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .thai import BE_OFFSET

# Fiscal years: the ITA began in พ.ศ. 2556; a plan may be typed a few years ahead.
MIN_FISCAL_YEAR = 2550
MAX_FISCAL_YEAR = 2700


def be_year_from_ce_habit_message(year):
    return _("ปี %(year)s เป็นปีคริสต์ศักราช (ค.ศ.) กรุณากรอกปีพุทธศักราช (พ.ศ.) เช่น %(be)s") % {
        "year": year,
        "be": year + BE_OFFSET,
    }


def validate_fiscal_year(value):
    """A Buddhist-era fiscal year (2550–2700); a Christian-era year gets the year it means."""
    if value is None:
        return
    if MIN_FISCAL_YEAR - BE_OFFSET <= value <= MAX_FISCAL_YEAR - BE_OFFSET:
        raise ValidationError(be_year_from_ce_habit_message(value), code="christian_era")
    if not MIN_FISCAL_YEAR <= value <= MAX_FISCAL_YEAR:
        raise ValidationError(
            _("ปีงบประมาณต้องเป็นปี พ.ศ. ระหว่าง %(low)s ถึง %(high)s")
            % {"low": MIN_FISCAL_YEAR, "high": MAX_FISCAL_YEAR},
            code="implausible",
        )
