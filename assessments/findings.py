"""Drafting a year's findings from its scores and the NACC's standard recommendation texts."""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.signals import content_changed_on_commit
from indicators.models import KEEP_LEVEL_TEXT

from .models import Finding

DRAFT_THRESHOLD = Decimal("95")
_STANDARD_TEXT = re.compile(r"^\s*ประเด็น\s*(?P<issue>.*?)\s*ดังนั้น\s*(?P<rec>.*?)\s*$", re.DOTALL)


def split_standard_text(text):
    """("issue", "recommendation") from a "ประเด็น … ดังนั้น …" text; no issue if it has none."""
    match = _STANDARD_TEXT.match(text)
    if match:
        return match["issue"], match["rec"]
    return "", text.strip()


def finding_questions_check(*, assessment, questions):
    """ValidationError unless every question is of the assessment's framework year.

    Finding.questions is many-to-many, set after the finding is saved, so Finding.clean()
    cannot see it: the admin form and the services call this before setting them.
    """
    wrong = [q for q in questions if q.framework_id != assessment.framework_id]
    if wrong:
        raise ValidationError(
            {
                "questions": _("ข้อ %(codes)s ไม่ได้อยู่ในกรอบการประเมินปี %(year)s ที่ผลการประเมินนี้ใช้")
                % {
                    "codes": ", ".join(f"{q.code} (ปี {q.framework.year})" for q in wrong),
                    "year": assessment.framework.year,
                }
            }
        )


def finding_questions_set(*, finding, questions):
    """Set a finding's questions, refused (ValidationError) across framework years."""
    questions = list(questions)
    finding_questions_check(assessment=finding.assessment, questions=questions)
    finding.questions.set(questions)


@dataclass
class FindingsDraft:
    created: list = field(default_factory=list)  # the new Finding rows
    without_text: list = field(default_factory=list)  # codes below the threshold with no text
    already_covered: int = 0  # questions that already had a finding, left alone


def findings_draft(*, assessment, threshold=DRAFT_THRESHOLD):
    """Draft the findings of a year from its scores and the framework's recommendation library.

    Every question scoring below `threshold` gets a weakness finding pre-filled with its
    standard recommendation text ("ประเด็น …" becomes the issue, "ดังนั้น …" the recommendation);
    questions of one indicator sharing the same text share one finding (e4, e5 in the seed).
    The questions at or above the threshold get the framework's keep-the-level note, one per
    run of consecutive such questions of an indicator (any other question ends a run).
    Questions that already appear in a finding are never touched, so running it twice changes
    nothing and what a person wrote stays. Questions below the threshold without a library text
    are listed in `without_text` for staff to write.
    """
    try:
        threshold = Decimal(str(threshold))
    except ArithmeticError:
        raise ValidationError("เกณฑ์คะแนนต้องเป็นตัวเลข 0–100") from None
    if not threshold.is_finite() or not 0 <= threshold <= 100:
        raise ValidationError("เกณฑ์คะแนนต้องเป็นตัวเลข 0–100")
    framework = assessment.framework
    scores = dict(assessment.question_scores.values_list("question_id", "score"))
    if not scores:
        raise ValidationError(f"{assessment}: ยังไม่มีคะแนนรายข้อ จึงร่างข้อบกพร่องไม่ได้")
    keep_text = framework.keep_level_text or KEEP_LEVEL_TEXT
    covered = set(
        Finding.questions.through.objects.filter(finding__assessment=assessment).values_list(
            "question_id", flat=True
        )
    )
    questions = framework.questions.select_related("indicator").order_by("order")
    draft = FindingsDraft()
    plan = []  # [kind, indicator, [questions], text]

    with transaction.atomic():
        by_indicator = {}
        for q in questions:
            by_indicator.setdefault(q.indicator_id, []).append(q)
        for qs in by_indicator.values():
            keep_run, weak = [], {}

            def end_run(run):
                if run:
                    plan.append([Finding.Kind.KEEP, run[0].indicator, list(run), keep_text])
                    run.clear()

            for q in qs:
                if q.pk in covered:
                    draft.already_covered += 1
                    end_run(keep_run)
                    continue
                score = scores.get(q.pk)
                if score is None:
                    continue
                if score >= threshold:
                    keep_run.append(q)
                    continue
                end_run(keep_run)  # a question below the threshold is not "kept"
                text = q.standard_recommendation.strip()
                if not text:
                    draft.without_text.append(q.code)
                    continue
                if text in weak:
                    weak[text][2].append(q)
                else:
                    weak[text] = [Finding.Kind.WEAKNESS, q.indicator, [q], text]
                    plan.append(weak[text])
            end_run(keep_run)

        for kind, indicator, qs, text in plan:
            issue, recommendation = (
                split_standard_text(text) if kind == Finding.Kind.WEAKNESS else ("", text)
            )
            finding = Finding(
                assessment=assessment,
                indicator=indicator,
                kind=kind,
                issue=issue,
                recommendation=recommendation,
                order=qs[0].order,
            )
            finding.full_clean()
            finding.save()
            finding_questions_set(finding=finding, questions=qs)
            draft.created.append(finding)
        if draft.created:
            content_changed_on_commit(sender=Finding)
    return draft
