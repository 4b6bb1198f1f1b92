"""Writes of whole framework years: keyword-only functions, each in one transaction.

Each raises ValidationError with Thai messages and leaves the database unchanged when it does.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from core.signals import content_changed_on_commit
from core.validators import validate_fiscal_year

from .catalogue import older_rating_levels
from .models import QUESTION_FIELDS, FrameworkYear, Indicator, Question, RatingLevel, Tool
from .validation import framework_problems


def framework_check(*, framework):
    """ValidationError listing every problem of a saved year (see validation.year_problems)."""
    problems = framework_problems(framework)
    if problems:
        raise ValidationError(problems)


# The question fields staff edit, but its indicator (the copy's own) and merged_topic_keys: the
# earlier items a question merged are the source year's, and the copy continues only its own.
QUESTION_COPIED = [f for f in QUESTION_FIELDS if f not in ("indicator", "merged_topic_keys")]


LEVEL_FIELDS = ("rank", "name", "min_overall", "min_each_tool", "passes")


def _copied(row, *names):
    """The values of `row`'s fields `names`, for its copy in the new year."""
    return {name: getattr(row, name) for name in names}


def framework_copy(*, source, year, name=""):
    """A new framework year with `source`'s tools, levels, indicators and questions.

    Everything staff edit next is copied: weights, levels, indicator names, question codes,
    titles, topic keys (so the two years compare by topic) and the standard recommendation
    texts. The copy is not provisional: staff edit it into what the NACC announced. A year up to
    2565 gets the seven-level AA–F scale (the catalogue's `older_rating_levels`) instead of the
    source's levels: the five levels apply from 2566.
    """
    validate_fiscal_year(year)
    if FrameworkYear.objects.filter(year=year).exists():
        raise ValidationError(f"มีกรอบการประเมินปี {year} อยู่แล้ว")
    with transaction.atomic():
        new = FrameworkYear.objects.create(
            year=year,
            name=name or source.name.replace(str(source.year), str(year)),
            national_target=source.national_target,
            keep_level_text=source.keep_level_text,
            notes=f"คัดลอกจากกรอบการประเมินปี {source.year}",
        )
        tools = {
            t.pk: Tool.objects.create(
                framework=new, **_copied(t, "code", "name", "weight", "order")
            )
            for t in source.tools.all()
        }
        until, older_levels = older_rating_levels()
        # Up to 2565 the seven-level AA–F scale, whatever the source year's.
        levels = older_levels if year <= until else source.rating_levels.values(*LEVEL_FIELDS)
        RatingLevel.objects.bulk_create(
            RatingLevel(framework=new, **{f: lv[f] for f in LEVEL_FIELDS}) for lv in levels
        )
        indicators = {
            i.pk: Indicator.objects.create(
                framework=new, tool=tools[i.tool_id], **_copied(i, "number", "name")
            )
            for i in source.indicators.all()
        }
        Question.objects.bulk_create(
            Question(
                framework=new, indicator=indicators[q.indicator_id], **_copied(q, *QUESTION_COPIED)
            )
            for q in source.questions.all()
        )
        framework_check(framework=new)
        content_changed_on_commit(sender=FrameworkYear)  # bulk_create sends no post_save
    return new


def framework_delete(*, framework):
    """Delete a year nobody's result uses (its rows protect one another, so in order)."""
    if framework.assessments.exists():
        raise ValidationError(f"กรอบการประเมินปี {framework.year} มีผลการประเมินที่ใช้อยู่ จึงลบไม่ได้")
    with transaction.atomic():
        framework.questions.all().delete()
        framework.indicators.all().delete()
        framework.tools.all().delete()
        framework.rating_levels.all().delete()
        framework.delete()
        content_changed_on_commit(sender=FrameworkYear)
