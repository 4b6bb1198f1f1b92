"""What publishing a year makes public, and what it still lacks: the page staff confirm before a
year is published (publishing/admin.py), so that nothing provisional or blank goes out in one
save by mistake."""

from dataclasses import dataclass, field

from django.urls import reverse

from assessments.findings import DRAFT_THRESHOLD
from assessments.models import Finding, Memo
from assessments.selectors import assessment_score


@dataclass
class PublicationCheck:
    public: list = field(default_factory=list)  # (label, preview url)
    missing: list = field(default_factory=list)  # Thai sentences, each a thing to look at


def _blank_findings(assessment):
    """Codes of the questions under the drafting threshold whose finding says nothing (no
    finding at all, or only findings with neither issue nor recommendation): they print as
    blank cells in the public report."""
    said = set()
    for finding in Finding.objects.filter(assessment=assessment).prefetch_related("questions"):
        if finding.issue.strip() or finding.recommendation.strip():
            said.update(q.pk for q in finding.questions.all())
    low = assessment.question_scores.filter(score__lt=DRAFT_THRESHOLD).select_related("question")
    return [s.question.code for s in low.order_by("question__order") if s.question_id not in said]


def emblem_warnings(organization):
    """A memo without the Garuda: published, it prints no emblem (never a placeholder)."""
    if organization.emblem:
        return []
    return [
        "ยังไม่ได้อัปโหลดตราครุฑในข้อมูลหน่วยงาน บันทึกข้อความที่เผยแพร่จะไม่มีตราครุฑที่หัวกระดาษ "
        "(อัปโหลดได้ที่ ข้อมูลหน่วยงาน › ตราครุฑ ก่อนเผยแพร่)"
    ]


def publication_check(assessment):
    """What becomes public when `assessment` is published, and what is missing or provisional."""
    year = assessment.fiscal_year
    check = PublicationCheck()
    check.public = [
        ("รายงานการวิเคราะห์ผล (หน้าเว็บและ PDF)", reverse("publishing:report", args=[year])),
        ("บันทึกข้อความ (หน้าเว็บและ PDF)", reverse("publishing:memo", args=[year])),
        ("ความก้าวหน้าของแผนการนำไปสู่การปฏิบัติ", reverse("publishing:plan_progress", args=[year])),
        ("ข้อมูลเปิด (data.json, data.csv)", reverse("publishing:data_json", args=[year])),
    ]
    missing = check.missing
    framework = assessment.framework
    if framework.provisional:
        missing.append(
            f"กรอบการประเมินปี {framework.year} ยังเป็นข้อมูลเบื้องต้น (รอตรวจทาน): ข้อคำถาม รหัสข้อ "
            "ค่าน้ำหนัก และระดับผลการประเมินอาจไม่ตรงกับที่ สำนักงาน ป.ป.ช. แจ้ง"
        )
    result = assessment_score(assessment)
    if not assessment.question_scores.exists():
        missing.append("ยังไม่มีคะแนนรายข้อ")
    if result.overall is None or not result.level:
        missing.append("ยังไม่มีคะแนนภาพรวมหรือระดับผลการประเมิน")
    if result.warnings:
        missing.append(
            f"คะแนนที่คำนวณได้ต่างจากที่ ป.ป.ช. แจ้ง {len(result.warnings)} รายการ "
            "(ดูส่วน “ตรวจสอบคะแนน” ของหน้านี้)"
        )
    blank = _blank_findings(assessment)
    if blank:
        missing.append(
            f"ข้อที่ได้คะแนนต่ำกว่า {DRAFT_THRESHOLD} แต่ยังไม่มีข้อบกพร่องหรือข้อเสนอแนะ {len(blank)} ข้อ "
            f"({', '.join(blank)}): จะพิมพ์เป็นช่องว่างในรายงาน"
        )
    memo = Memo.objects.filter(assessment=assessment).first()
    if memo is None:
        missing.append("ยังไม่มีบันทึกข้อความ (ใช้ “ร่างบันทึกข้อความจากผลการประเมิน”)")
    else:
        if not memo.signatures.exists():
            missing.append("บันทึกข้อความยังไม่มีผู้ลงนาม")
        if not memo.reference_no.strip().strip("/") or memo.date is None:
            missing.append("บันทึกข้อความยังไม่มีเลขที่หรือวันที่")
    if not assessment.plan_topics.exists():
        missing.append("ยังไม่มีแผนการนำผลการวิเคราะห์ไปสู่การปฏิบัติ")
    missing.extend(emblem_warnings(assessment.organization))
    return check
