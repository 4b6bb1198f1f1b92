"""The action plan (ส่วนที่ ๒ of the report) and the tracking of its items through the year."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assessments.models import Assessment, assessment_link
from core.thai import BE_OFFSET
from core.validators import text_limits_in_database

from .storage import EvidenceStorage
from .validators import EvidenceFileValidator


@text_limits_in_database
class Division(models.Model):
    """A กอง/ฝ่าย of the organization, or a งาน under one (งานธุรการ under กองยุทธศาสตร์ฯ)."""

    name = models.CharField(_("ชื่อส่วนงาน"), max_length=200, unique=True)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("สังกัด"),
    )
    heads = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="divisions",
        verbose_name=_("หัวหน้า/ผู้รับผิดชอบ"),
        help_text=_("ผู้ใช้ที่ติดตามและรายงานความก้าวหน้างานของส่วนงานนี้"),
    )
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("ส่วนงาน")
        verbose_name_plural = _("ส่วนงาน")

    def __str__(self):
        return f"{self.name}/{self.parent.name}" if self.parent_id else self.name

    def clean(self):
        """A division is never above itself: not its own parent, and no chain of parents that
        comes back to it (ก under ข under ก), in the admin and in imports alike."""
        if self.parent_id is None:
            return
        chain, node = [self.name], self.parent
        seen = set()
        while node is not None and node.pk not in seen:
            chain.append(node.name)
            if self.pk is not None and node.pk == self.pk:
                if len(chain) == 2:
                    message = _("ส่วนงาน “%(name)s” สังกัดตัวเองไม่ได้") % {"name": self.name}
                else:
                    message = _("เลือกสังกัดนี้ไม่ได้ เพราะจะวนกลับมาที่ส่วนงานเดิม: %(chain)s") % {
                        "chain": " → ".join(chain)
                    }
                raise ValidationError({"parent": message})
            seen.add(node.pk)
            node = node.parent


@text_limits_in_database
class PlanTopic(models.Model):
    """One row of the plan table: หัวข้อ, วิธีการ, ผู้รับผิดชอบ, ขั้นตอน, ระยะเวลา."""

    assessment = assessment_link("plan_topics")
    number = models.PositiveSmallIntegerField(_("ข้อที่"))
    title = models.CharField(_("หัวข้อ"), max_length=300)
    owners = models.ManyToManyField(
        Division, related_name="plan_topics", verbose_name=_("ผู้รับผิดชอบ/ผู้ที่เกี่ยวข้อง")
    )
    owner_text = models.CharField(
        _("ข้อความผู้รับผิดชอบ"),
        max_length=300,
        blank=True,
        help_text=_("ข้อความที่พิมพ์ในรายงาน เว้นว่างเพื่อใช้ชื่อส่วนงานที่เลือก"),
    )
    steps_heading = models.CharField(
        _("หัวเรื่องขั้นตอน"),
        max_length=200,
        blank=True,
        default="รายละเอียดขั้นตอนการดำเนินการ",
    )
    start_date = models.DateField(_("เริ่มดำเนินงาน"))
    end_date = models.DateField(_("สิ้นสุดดำเนินงาน"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "number"]
        verbose_name = _("หัวข้อแผนการนำไปสู่การปฏิบัติ")
        verbose_name_plural = _("หัวข้อแผนการนำไปสู่การปฏิบัติ")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "number"], name="plan_topic_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="plan_topic_period_order",
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


@text_limits_in_database
class PlanMethod(models.Model):
    """A numbered วิธีการนำผลวิเคราะห์ไปสู่การปฏิบัติ of a topic."""

    topic = models.ForeignKey(
        PlanTopic, models.CASCADE, related_name="methods", verbose_name=_("หัวข้อ")
    )
    number = models.PositiveSmallIntegerField(_("ลำดับ"))
    text = models.TextField(_("วิธีการ"), max_length=2000)

    history = HistoricalRecords()

    class Meta:
        ordering = ["topic", "number"]
        verbose_name = _("วิธีการนำผลวิเคราะห์ไปสู่การปฏิบัติ")
        verbose_name_plural = _("วิธีการนำผลวิเคราะห์ไปสู่การปฏิบัติ")

    def __str__(self):
        return f"{self.number}. {self.text[:60]}"


DONE = "done"


def done_iff_100(name):
    """A named constraint: done exactly when 100 %, on every path (service, admin, SQL)."""
    return models.CheckConstraint(
        condition=(Q(status=DONE) & Q(percent=100)) | (~Q(status=DONE) & Q(percent__lt=100)),
        name=name,
    )


def check_done_iff_100(status, percent):
    if percent is None or status is None:
        return
    if status == DONE and percent != 100:
        raise ValidationError({"percent": "งานที่เสร็จแล้วต้องมีความก้าวหน้าร้อยละ 100"})
    if status != DONE and percent == 100:
        raise ValidationError(
            {"status": "ความก้าวหน้าร้อยละ 100 คืองานที่เสร็จแล้ว: เลือกสถานะ “เสร็จแล้ว” หรือกรอกน้อยกว่า 100"}
        )


# Seeing and reporting on every division's items in /actions/ (their notes and evidence too).
ALL_DIVISIONS_PERMISSION = "actionplans.work_on_all_divisions"


class ActionItemQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=[ActionItem.Status.DONE, ActionItem.Status.CANCELLED])

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def owned_by(self, user):
        """Items the user may see and report on, of the user's organization only: a division
        head their divisions' items; whoever holds the permission "work on every division"
        (the group เจ้าหน้าที่ ITA, superusers) every division's. Being staff grants nothing."""
        if not (user.is_authenticated and user.is_active):
            return self.none()
        mine = self.filter(topic__assessment__in=Assessment.objects.of_user(user))
        if user.has_perm(ALL_DIVISIONS_PERMISSION):
            return mine
        # A subquery rather than a join, so that annotations over updates are not multiplied.
        return mine.filter(owner__in=Division.objects.filter(heads=user))


@text_limits_in_database
class ActionItem(models.Model):
    """A step of the plan (ขั้นตอน/วิธีปฏิบัติ), tracked through the year by its owner."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("ยังไม่เริ่ม")
        IN_PROGRESS = "in_progress", _("กำลังดำเนินการ")
        DONE = "done", _("เสร็จแล้ว")
        CANCELLED = "cancelled", _("ยกเลิก")

    topic = models.ForeignKey(
        PlanTopic, models.CASCADE, related_name="items", verbose_name=_("หัวข้อ")
    )
    number = models.PositiveSmallIntegerField(_("ลำดับ"))
    text = models.TextField(_("ขั้นตอน/วิธีปฏิบัติ"), max_length=1000)
    owner = models.ForeignKey(
        Division,
        models.PROTECT,
        related_name="action_items",
        verbose_name=_("ส่วนงานผู้รับผิดชอบ"),
    )
    due_date = models.DateField(_("กำหนดแล้วเสร็จ"))
    status = models.CharField(
        _("สถานะ"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    percent = models.PositiveSmallIntegerField(_("ร้อยละความก้าวหน้า"), default=0)
    carried_from = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_to",
        verbose_name=_("ยกมาจากรายการ"),
        help_text=_("รายการของปีก่อนที่ยังไม่แล้วเสร็จและยกมาทำต่อ"),
    )
    updated_at = models.DateTimeField(_("ปรับปรุงล่าสุด"), auto_now=True)

    objects = ActionItemQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["topic__assessment", "topic__number", "number"]
        verbose_name = _("รายการดำเนินงาน")
        verbose_name_plural = _("รายการดำเนินงาน")
        constraints = [
            models.UniqueConstraint(fields=["topic", "number"], name="action_item_number_unique"),
            models.CheckConstraint(condition=Q(percent__lte=100), name="action_item_percent_0_100"),
            done_iff_100("action_item_done_iff_100"),
        ]
        permissions = [
            (
                "work_on_all_divisions",
                "ดูและรายงานความก้าวหน้ารายการดำเนินงานของทุกส่วนงาน (รวมบันทึกภายในและไฟล์หลักฐาน)",
            ),
        ]

    def __str__(self):
        return f"{self.topic.number}.{self.number} {self.text[:60]}"

    @property
    def is_overdue(self):
        """Still open and past its due date today (the public plan page marks it)."""
        closed = (self.Status.DONE, self.Status.CANCELLED)
        return self.status not in closed and self.due_date < timezone.localdate()

    def clean(self):
        super().clean()
        check_done_iff_100(self.status, self.percent)


def evidence_upload_to(instance, filename):
    """A short random name with the (ASCII) extension as given: the user's own name, Thai and
    up to 255 characters, would not fit a disk's 255 bytes, and Django's name cleaning drops
    Thai vowels and tone marks. The name as given is kept in `evidence_name`."""
    suffix = PurePath(filename).suffix
    if not (suffix[1:].isascii() and suffix[1:].isalnum()):
        suffix = ""
    return f"evidence/{instance.item_id}/{uuid.uuid4().hex}{suffix}"


EVIDENCE_NAME_MAX = 255


def evidence_display_name(name):
    """The uploaded file's name as the user's computer gave it, cut to 255 characters keeping
    the extension: what is shown and what the download is called."""
    name = PurePath(name or "").name.strip()
    if len(name) <= EVIDENCE_NAME_MAX:
        return name
    suffix = PurePath(name).suffix
    suffix = suffix if len(suffix) <= 16 else ""
    return name[: EVIDENCE_NAME_MAX - len(suffix)] + suffix


@text_limits_in_database
class ProgressUpdate(models.Model):
    """A dated report of progress on an item, by its owner."""

    item = models.ForeignKey(
        ActionItem,
        models.CASCADE,
        related_name="updates",
        verbose_name=_("รายการดำเนินงาน"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name=_("ผู้รายงาน"),
    )
    created_at = models.DateTimeField(_("รายงานเมื่อ"), default=timezone.now)
    status = models.CharField(_("สถานะ"), max_length=12, choices=ActionItem.Status.choices)
    # The labels, help texts and limits here are also the division heads' form's
    # (forms.ProgressUpdateForm): one source for the page, the admin and the checks.
    percent = models.PositiveSmallIntegerField(
        _("ร้อยละความก้าวหน้า"), validators=[MaxValueValidator(100)]
    )
    public_summary = models.TextField(
        _("สรุปสำหรับเผยแพร่"),
        max_length=2000,
        blank=True,
        help_text=_("แสดงต่อสาธารณะในหน้าความก้าวหน้าของแผน (ไม่แสดงชื่อผู้รายงาน)"),
    )
    note = models.TextField(
        _("บันทึกภายใน"),
        max_length=4000,
        blank=True,
        help_text=_("เห็นเฉพาะเจ้าหน้าที่และผู้รับผิดชอบ ไม่เผยแพร่"),
    )
    public_evidence_title = models.CharField(
        _("ชื่อหลักฐานที่เผยแพร่ได้"),
        max_length=300,
        blank=True,
        help_text=_(
            "เช่น ประกาศเจตจำนงสุจริตของผู้บริหาร พ.ศ. ๒๕๖๙ พิมพ์ในรายงานผลการดำเนินการต่อสาธารณะ "
            "(ลิงก์และไฟล์หลักฐานไม่เผยแพร่)"
        ),
    )
    evidence_url = models.URLField(_("ลิงก์หลักฐาน"), blank=True)
    evidence_file = models.FileField(
        _("ไฟล์หลักฐาน"),
        upload_to=evidence_upload_to,
        storage=EvidenceStorage(),
        blank=True,
        validators=[EvidenceFileValidator()],
        help_text=_("ไฟล์ PDF รูปภาพ เอกสาร หรือตารางคำนวณ ขนาดไม่เกิน ๑๐ เมกะไบต์"),
    )
    evidence_name = models.CharField(
        _("ชื่อไฟล์หลักฐาน"),
        max_length=EVIDENCE_NAME_MAX,
        blank=True,
        help_text=_("ชื่อไฟล์ตามที่แนบมา ใช้แสดงและตั้งชื่อไฟล์ที่ดาวน์โหลด (ไฟล์เก็บไว้ด้วยชื่อสุ่ม)"),
    )

    is_example = models.BooleanField(
        _("ข้อมูลตัวอย่าง"),
        default=False,
        help_text=_("รายงานสมมติของข้อมูลสาธิต ไม่ใช่ผลการดำเนินงานจริง"),
    )
    submission = models.UUIDField(
        _("รหัสแบบฟอร์มที่ส่ง"),
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_("สุ่มให้แบบฟอร์มแต่ละครั้ง: กดบันทึกซ้ำจากฟอร์มเดิมจะไม่ได้รายงานซ้ำ"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("รายงานความก้าวหน้า")
        verbose_name_plural = _("รายงานความก้าวหน้า")
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="progress_percent_0_100"),
            done_iff_100("progress_done_iff_100"),
        ]

    def __str__(self):
        return f"{self.item}: {self.percent}%"

    def clean(self):
        super().clean()
        check_done_iff_100(self.status, self.percent)


@text_limits_in_database
class ReminderLog(models.Model):
    """That a user was sent the reminder email on a day, so a second run sends nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="+",
        verbose_name=_("ผู้รับ"),
    )
    date = models.DateField(_("วันที่ส่ง"))
    item_count = models.PositiveSmallIntegerField(_("จำนวนรายการ"), default=0)
    sent_at = models.DateTimeField(_("ส่งเมื่อ"), default=timezone.now)

    class Meta:
        ordering = ["-date", "user"]
        verbose_name = _("บันทึกการส่งอีเมลเตือน")
        verbose_name_plural = _("บันทึกการส่งอีเมลเตือน")
        constraints = [
            models.UniqueConstraint(fields=["user", "date"], name="reminder_once_per_user_day"),
        ]

    def __str__(self):
        return f"{self.user} {self.date}"


class ResultsRoundQuerySet(models.QuerySet):
    def published(self):
        return self.filter(
            status=ResultsRound.Status.PUBLISHED,
            assessment__status=Assessment.Status.PUBLISHED,
        )


@text_limits_in_database
class ResultsRound(models.Model):
    """A results report of a year's plan as of a cut-off date (รอบ ๖ เดือน, ๑๒ เดือน, or a date).

    While a draft, its pages are computed from the progress updates as of `cutoff`. Publishing
    freezes the figures, the closing text and the memo in `snapshot`, which is all the published
    pages print; a correction freezes them again, dated and numbered (`revision`).
    """

    class Kind(models.TextChoices):
        SIX_MONTHS = "6m", _("รอบ ๖ เดือน")
        TWELVE_MONTHS = "12m", _("รอบ ๑๒ เดือน")
        DATE = "date", _("ณ วันที่กำหนด")

    class Status(models.TextChoices):
        DRAFT = "draft", _("ฉบับร่าง")
        PUBLISHED = "published", _("เผยแพร่แล้ว")

    assessment = models.ForeignKey(
        Assessment,
        models.CASCADE,
        related_name="results_rounds",
        verbose_name=_("ผลการประเมิน (แผนของปี)"),
    )
    kind = models.CharField(_("รอบรายงาน"), max_length=4, choices=Kind.choices)
    cutoff = models.DateField(
        _("ข้อมูล ณ วันที่"),
        help_text=_(
            "รอบ ๖ เดือน: ๓๑ มีนาคม และรอบ ๑๒ เดือน: ๓๐ กันยายน ของปีงบประมาณถัดจากปีที่ประเมิน "
            "(กำหนดให้เองเมื่อเว้นว่าง)"
        ),
        blank=True,
    )
    status = models.CharField(
        _("สถานะ"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    closing = models.TextField(
        _("สรุปผลและข้อเสนอ (เจ้าหน้าที่เขียน)"),
        max_length=5000,
        blank=True,
        help_text=_('เว้นว่างเพื่อใช้ร่างที่ระบบเขียนจากตัวเลข (ปุ่ม "ร่างจากข้อมูล")'),
    )
    memo_reference_no = models.CharField(_("บันทึกข้อความ: ที่"), max_length=100, blank=True)
    memo_date = models.DateField(_("บันทึกข้อความ: วันที่"), null=True, blank=True)
    memo_subject = models.TextField(_("บันทึกข้อความ: เรื่อง"), max_length=500, blank=True)
    memo_addressee = models.TextField(_("บันทึกข้อความ: เรียน"), max_length=300, blank=True)
    memo_background = models.TextField(_("บันทึกข้อความ: เรื่องเดิม"), max_length=5000, blank=True)
    memo_facts = models.TextField(_("บันทึกข้อความ: ข้อเท็จจริง"), max_length=5000, blank=True)
    memo_consideration = models.TextField(_("บันทึกข้อความ: ข้อพิจารณา"), max_length=5000, blank=True)
    published_at = models.DateTimeField(_("เผยแพร่เมื่อ"), null=True, blank=True, editable=False)
    revision = models.PositiveSmallIntegerField(
        _("ฉบับแก้ไขครั้งที่"), default=0, editable=False, help_text=_("๐ คือฉบับแรก")
    )
    revised_at = models.DateTimeField(_("แก้ไขเมื่อ"), null=True, blank=True, editable=False)
    revision_note = models.TextField(
        _("เหตุผลการออกฉบับแก้ไข"),
        max_length=2000,
        blank=True,
        help_text=_("พิมพ์ในฉบับแก้ไขที่เผยแพร่ เช่น ส่วนงานรายงานผลย้อนหลังที่ตกหล่น"),
    )
    snapshot = models.JSONField(_("ตัวเลขที่เผยแพร่ (ตรึงไว้)"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("แก้ไขล่าสุด"), auto_now=True)

    objects = ResultsRoundQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "cutoff"]
        verbose_name = _("รายงานผลการดำเนินการตามแผน")
        verbose_name_plural = _("รายงานผลการดำเนินการตามแผน")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "kind"],
                condition=~Q(kind="date"),
                name="results_round_one_6m_12m_per_plan",
            ),
            models.UniqueConstraint(
                fields=["assessment", "cutoff"], name="results_round_cutoff_unique"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(snapshot__isnull=False),
                name="results_round_published_has_snapshot",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} แผนจากผล ITA ปี {self.assessment.fiscal_year}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.kind and self.kind != self.Kind.DATE and self.assessment_id:
            standard = default_cutoff(self.assessment.fiscal_year, self.kind)
            if self.cutoff is None:
                self.cutoff = standard
            elif self.cutoff != standard:
                raise ValidationError(
                    {
                        "cutoff": _(
                            "รอบ ๖ และ ๑๒ เดือนมีวันตัดยอดตามกำหนด หากต้องการวันอื่นให้เลือก ณ วันที่กำหนด"
                        )
                    }
                )
        if self.kind == self.Kind.DATE and self.cutoff is None:
            raise ValidationError({"cutoff": _("กรุณาระบุวันที่ของข้อมูล")})
        if self.kind == self.Kind.DATE and self.assessment_id:
            # The standard cut-offs belong to the standard rounds: their addresses (6m, 12m) and
            # the dated one (2569-03-31) name the same round (rounds.parse_round).
            for kind, label in ((self.Kind.SIX_MONTHS, "๖"), (self.Kind.TWELVE_MONTHS, "๑๒")):
                if self.cutoff == default_cutoff(self.assessment.fiscal_year, kind):
                    raise ValidationError(
                        {
                            "cutoff": _("วันนี้เป็นวันตัดยอดของรอบ %(n)s เดือน กรุณาเลือกรอบ %(n)s เดือนแทน")
                            % {"n": label}
                        }
                    )

    @property
    def slug(self):
        """The round in addresses: "6m", "12m", or the cut-off in the Buddhist era (2569-05-15)."""
        if self.kind != self.Kind.DATE:
            return self.kind
        return round_slug_for_date(self.cutoff)

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED


def round_slug_for_date(day):
    return f"{day.year + BE_OFFSET:04d}-{day.month:02d}-{day.day:02d}"


def default_cutoff(fiscal_year, kind):
    """The cut-off of a standard round: the plan of the year-`fiscal_year` (B.E.) analysis runs
    through the next fiscal year, so 6m is 31 March and 12m is 30 September of year + 1."""
    from datetime import date

    ce = fiscal_year + 1 - BE_OFFSET
    if kind == ResultsRound.Kind.SIX_MONTHS:
        return date(ce, 3, 31)
    if kind == ResultsRound.Kind.TWELVE_MONTHS:
        return date(ce, 9, 30)
    return None
