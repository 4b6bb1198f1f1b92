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


def text_limits_in_database(model):
    """Class decorator: the database refuses a text longer than its field's `max_length`, as
    the forms and `full_clean` do (a CheckConstraint on its length per text field).

    A TextField's max_length binds only forms and `full_clean`, and SQLite does not enforce
    varchar(n): without this, a save that skips them (code, a script, a database shell) could
    store 200,000 characters where the page prints 500. CheckConstraint on Length reads the
    same on SQLite and PostgreSQL. The limits come from the fields, so there is one place to
    change one; `makemigrations` then writes the constraint.
    """
    from django.core.validators import MaxLengthValidator
    from django.db import models
    from django.db.models.functions import Length
    from django.db.models.lookups import LessThanOrEqual
    from django.utils.text import format_lazy

    constraints = list(model._meta.constraints)
    for f in model._meta.local_concrete_fields:
        if isinstance(f, models.CharField | models.TextField) and f.max_length:
            if isinstance(f, models.TextField):
                # A TextField's max_length binds its form field alone; `full_clean` (every
                # import row passes it) names the field with Django's Thai length message too.
                # (Added to the built list, not to the field's arguments: no migration.)
                f.validators.append(MaxLengthValidator(f.max_length))
            name = f"{model._meta.db_table}_{f.column}_len"
            assert len(name) <= 63, name  # PostgreSQL's longest identifier
            constraints.append(
                models.CheckConstraint(
                    condition=LessThanOrEqual(Length(f.name), f.max_length),
                    name=name,
                    violation_error_message=format_lazy(
                        "“{}” ยาวเกิน {} ตัวอักษร (ความยาวสูงสุดที่บันทึกได้)",
                        f.verbose_name,
                        f.max_length,
                    ),
                )
            )
    model._meta.constraints = constraints
    # Migrations read a model's options from what its Meta declared.
    model._meta.original_attrs["constraints"] = constraints
    return model
