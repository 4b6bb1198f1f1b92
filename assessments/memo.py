"""Drafting the year's memo (บันทึกข้อความ) in the seed's wording, for staff to edit.

The wording is in templates/assessments/memo_draft/ (one file per field); this module fills in
the figures and keeps a memo staff edited.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string

from core.signals import content_changed_on_commit
from core.thai import thai_digits, thai_score

from .models import Memo, MemoSignature
from .selectors import assessment_score

MEMO_TEMPLATES = "assessments/memo_draft/{}.txt"


def _render(name, values):
    # Each file wraps its one paragraph over several lines for reading: join them with spaces.
    return render_to_string(MEMO_TEMPLATES.format(name), values).strip().replace("\n", " ")


def memo_draft(*, assessment):
    """Fill the year's memo from the seed's wording and the year's figures, for staff to edit.

    Organization, year, overall score, level, the national target and the number of indicators
    analysed come from the data. A memo a person has changed (Memo.edited_by_person) is never
    overwritten: that is a ValidationError. A memo without signers gets the previous year's
    (`signatures_propose`). Returns the memo, with `proposed_from`: (year, count) of the
    signers it was given, or None.
    """
    memo = Memo.objects.filter(assessment=assessment).first()
    if memo is not None and memo.edited_by_person:
        raise ValidationError(
            f"บันทึกข้อความปี {assessment.fiscal_year} แก้ไขโดยเจ้าหน้าที่แล้ว ระบบจะไม่เขียนทับ "
            "(หากต้องการร่างใหม่ ให้ยกเลิกการติ๊ก “แก้ไขโดยเจ้าหน้าที่แล้ว” ก่อน)"
        )
    result = assessment_score(assessment)
    if result.overall is None or not result.level:
        raise ValidationError(
            f"ผลการประเมินปี {assessment.fiscal_year} ยังไม่มีคะแนนภาพรวมหรือระดับผลการประเมิน "
            "จึงร่างบันทึกข้อความไม่ได้"
        )
    org = assessment.organization
    values = {
        "org": org.name,
        "year": thai_digits(assessment.fiscal_year),
        "next_year": thai_digits(assessment.fiscal_year + 1),
        "overall": thai_score(result.overall),
        "level": result.level,
        "target": thai_digits(f"{assessment.framework.national_target.normalize():f}"),
        "indicators": thai_digits(sum(1 for r in result.indicators if r.value is not None)),
    }
    texts = {
        "department": org.memo_department or org.name,
        "phone": org.memo_phone,
        "subject": _render("subject", values),
        "addressee": org.head_title,
        "background": _render("background", values),
        "facts": _render("facts", values),
        "consideration": _render("consideration", values),
        "closing": _render("closing", values),
    }
    with transaction.atomic():
        if memo is None:
            memo = Memo(assessment=assessment)
            if org.memo_reference_prefix:
                memo.reference_no = f"{org.memo_reference_prefix}/"
        for name, value in texts.items():
            setattr(memo, name, value)
        memo.edited_by_person = False
        memo.full_clean(exclude=["addressee"] if not texts["addressee"] else None)
        memo.save()
        memo.proposed_from = signatures_propose(memo=memo)
        content_changed_on_commit(sender=Memo)
    return memo


def signatures_propose(*, memo):
    """Give a memo without signers those of the organization's latest earlier memo that has
    them: the same people and roles, in the same order, usually sign the next year's report.
    Their opinions and the drafter's date are the other year's words and are left empty for
    staff to write. Returns (that year, number copied), or None when nothing was copied."""
    if memo.signatures.exists():
        return None
    assessment = memo.assessment
    source = (
        Memo.objects.filter(
            assessment__organization=assessment.organization,
            assessment__fiscal_year__lt=assessment.fiscal_year,
            signatures__isnull=False,
        )
        .select_related("assessment")
        .order_by("-assessment__fiscal_year")
        .first()
    )
    if source is None:
        return None
    copies = [
        MemoSignature(memo=memo, order=s.order, role=s.role, name=s.name, position=s.position)
        for s in source.signatures.order_by("order", "pk")
    ]
    for copy in copies:
        copy.full_clean()
    MemoSignature.objects.bulk_create(copies)
    return source.assessment.fiscal_year, len(copies)
