"""Writes on a year as a whole: creating next year's assessment, stamping its publication.

Keyword-only `<entity>_<action>` functions in one transaction, refusing with Thai
ValidationErrors. The other writes live by behaviour: importing scores in `resources`,
drafting findings in `findings`, the memo in `memo`. Apps above this one (the plan, the
published documents) add their part through their own services and the signals in `signals`.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.signals import content_changed_on_commit
from indicators.models import FrameworkYear

from .models import Assessment
from .signals import publication_changed


def assessment_next_year_create(*, assessment):
    """Create next fiscal year's assessment from this one, for the organization's next cycle.

    Uses next year's framework (refused with a Thai message when the catalogue lacks it), leaves
    the scores, findings and memo empty and keeps the agency's own goals.
    """
    year = assessment.fiscal_year + 1
    org = assessment.organization
    framework = FrameworkYear.objects.filter(year=year).first()
    if framework is None:
        raise ValidationError(
            f"ยังไม่มีกรอบการประเมินปี {year} ในระบบ จึงสร้างผลการประเมินปี {year} ไม่ได้: "
            f"เพิ่มกรอบการประเมินปี {year} (เครื่องมือ ตัวชี้วัด ข้อคำถาม และระดับผลการประเมิน) "
            "ในเมนูกรอบการประเมินประจำปีก่อน"
        )
    if Assessment.objects.filter(organization=org, fiscal_year=year).exists():
        raise ValidationError(f"มีผลการประเมินปี {year} ของ{org} อยู่แล้ว")
    with transaction.atomic():
        new = Assessment(
            organization=org,
            fiscal_year=year,
            framework=framework,
            status=Assessment.Status.DRAFT,
            goal_overall=assessment.goal_overall,
            goal_each_tool=assessment.goal_each_tool,
        )
        new.full_clean()
        new.save()
        content_changed_on_commit(sender=Assessment)
    return new


def assessment_publication_stamp(*, assessment, now=None):
    """Keep `published_at` true to the status: stamped when a year is first published,
    cleared when it is withdrawn to a draft. Called before the assessment is saved; once the
    save commits, `signals.publication_changed` tells whoever keeps the year's documents that
    they changed: published, withdrawn, or corrected (a published year saved again)."""
    published = assessment.status == Assessment.Status.PUBLISHED
    was_published = assessment.published_at is not None
    if published != was_published:
        assessment.published_at = (now or timezone.now()) if published else None
    if published or was_published:
        transaction.on_commit(
            lambda: publication_changed.send(sender=Assessment, assessment=assessment)
        )
