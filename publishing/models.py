"""What publishing keeps of its own: the state of each document's PDF job, for staff to see."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from actionplans.models import ResultsRound
from assessments.models import Assessment
from core.validators import text_limits_in_database


@text_limits_in_database
class DocumentJob(models.Model):
    """The latest background render of one document's PDF: a year's report or memo, or a
    results round's report or memo. One row per document, rewritten by each job
    (publishing.tasks), shown on the year's and the round's admin pages."""

    class Document(models.TextChoices):
        REPORT = "report", _("รายงานการวิเคราะห์ผล")
        MEMO = "memo", _("บันทึกข้อความ")
        RESULTS = "results", _("รายงานผลการดำเนินการ")

    class State(models.TextChoices):
        QUEUED = "queued", _("รอคิว")
        RENDERING = "rendering", _("กำลังสร้าง")
        READY = "ready", _("พร้อม")
        FAILED = "failed", _("ล้มเหลว")

    assessment = models.ForeignKey(
        Assessment, models.CASCADE, related_name="+", verbose_name=_("ผลการประเมิน")
    )
    results_round = models.ForeignKey(
        ResultsRound,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("รอบรายงานผล"),
        help_text=_("ว่างไว้สำหรับเอกสารของปี (รายงานการวิเคราะห์ผลและบันทึกข้อความ)"),
    )
    document = models.CharField(_("เอกสาร"), max_length=16, choices=Document.choices)
    state = models.CharField(_("สถานะ"), max_length=16, choices=State.choices, default=State.QUEUED)
    task_id = models.CharField(
        _("รหัสงานในคิว"),
        max_length=64,
        blank=True,
        help_text=_("งานล่าสุดของเอกสารนี้ในคิวงานเบื้องหลัง"),
    )
    error = models.TextField(_("สาเหตุที่ล้มเหลว"), max_length=1000, blank=True)
    updated_at = models.DateTimeField(_("ปรับปรุงเมื่อ"), auto_now=True)

    class Meta:
        ordering = ["assessment", "results_round", "document"]
        verbose_name = _("งานสร้าง PDF")
        verbose_name_plural = _("งานสร้าง PDF")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "document"],
                condition=Q(results_round__isnull=True),
                name="document_job_one_per_year_document",
            ),
            models.UniqueConstraint(
                fields=["results_round", "document"],
                condition=Q(results_round__isnull=False),
                name="document_job_one_per_round_document",
            ),
        ]

    def __str__(self):
        return f"{self.label} {self.get_state_display()}"

    @property
    def label(self):
        """The document's name as staff know it ("บันทึกข้อความรายงานผล" for a round's memo)."""
        if self.results_round_id and self.document == self.Document.MEMO:
            return _("บันทึกข้อความรายงานผล")
        return self.get_document_display()
