"""The OIT evidence tracker: one tracker per assessment year, one row per OIT item of the year's
framework, with its owners, status, URLs (one is the answer given to ITAS), element ticks, the
approval memo, private notes, every link check, the ITAS submission and the clarification round.

Every change to a tracker, an item, a link or a tick is kept with who and when
(django-simple-history; the admin's "ประวัติ" pages).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actionplans.models import ALL_DIVISIONS_PERMISSION, Division
from assessments.models import Assessment
from core.validators import text_limits_in_database
from indicators.models import Question


@text_limits_in_database
class OitTracker(models.Model):
    """A year's OIT work: the items of the assessment year's framework, the submission to ITAS
    and the public table."""

    assessment = models.OneToOneField(
        Assessment, models.CASCADE, related_name="oit_tracker", verbose_name=_("ปีงบประมาณ")
    )
    table_published = models.BooleanField(
        _("เผยแพร่ตาราง OIT"),
        default=False,
        help_text=_("ติ๊กเพื่อแสดงตาราง ข้อ | ข้อมูล | ลิงก์ ที่ /reports/<ปี>/oit/ ต่อสาธารณะ"),
    )
    submitted_at = models.DateTimeField(_("บันทึกการส่งข้อมูลใน ITAS เมื่อ"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ผู้บันทึกการส่ง"),
    )
    watch_until = models.DateField(
        _("ตรวจลิงก์ที่ส่งแล้วถึงวันที่"),
        null=True,
        blank=True,
        help_text=_("วันสิ้นสุดการตรวจให้คะแนนและการชี้แจง: ระบบตรวจลิงก์ที่ส่งใน ITAS ทุกคืนจนถึงวันนี้"),
    )
    is_example = models.BooleanField(
        _("ข้อมูลตัวอย่าง"), default=False, help_text=_("ข้อมูลสาธิต ไม่ใช่ข้อมูลจริงของหน่วยงาน")
    )
    updated_at = models.DateTimeField(_("แก้ไขล่าสุด"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-assessment__fiscal_year"]
        verbose_name = _("ตัวติดตามหลักฐาน OIT ประจำปี")
        verbose_name_plural = _("ตัวติดตามหลักฐาน OIT ประจำปี")
        permissions = [
            ("submit_oittracker", _("บันทึกการส่งข้อมูลใน ITAS และเผยแพร่ตาราง OIT")),
            ("review_oititem", _("ตรวจข้อ OIT (พร้อมส่ง หรือส่งกลับแก้ไข)")),
            ("check_oitlink", _("สั่งตรวจลิงก์ OIT")),
        ]

    def __str__(self):
        return f"OIT ปีงบประมาณ {self.assessment.fiscal_year}"

    @property
    def fiscal_year(self):
        return self.assessment.fiscal_year

    @property
    def is_submitted(self):
        return self.submitted_at is not None

    def watching(self, today=None):
        """Whether the submitted links are still checked (until the date staff set)."""
        today = today or timezone.localdate()
        return self.is_submitted and self.watch_until is not None and today <= self.watch_until


class OitItemQuerySet(models.QuerySet):
    def owned_by(self, user):
        """The items a user works on, of the user's organization only: a division head their
        divisions' items; whoever may work on every division (actionplans' permission, the
        group เจ้าหน้าที่ ITA) or review OIT items, every item. Being staff grants nothing."""
        if not (user.is_authenticated and user.is_active):
            return self.none()
        mine = self.filter(tracker__assessment__in=Assessment.objects.of_user(user))
        if user.has_perm(ALL_DIVISIONS_PERMISSION) or user.has_perm("oit.review_oititem"):
            return mine
        # A subquery rather than a join: an item owned by two of the head's divisions is one.
        return mine.filter(
            pk__in=OitItem.owners.through.objects.filter(
                division__in=Division.objects.filter(heads=user)
            ).values("oititem_id")
        )


@text_limits_in_database
class OitItem(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("ยังไม่เริ่ม")
        IN_PROGRESS = "in_progress", _("กำลังจัดทำ")
        REVIEW = "review", _("รอตรวจ")
        READY = "ready", _("พร้อมส่ง")
        SUBMITTED = "submitted", _("ส่งแล้ว")

    tracker = models.ForeignKey(
        OitTracker, models.CASCADE, related_name="items", verbose_name=_("ตัวติดตาม")
    )
    question = models.ForeignKey(
        Question, models.PROTECT, related_name="oit_items", verbose_name=_("ข้อ")
    )
    owners = models.ManyToManyField(
        Division, blank=True, related_name="oit_items", verbose_name=_("ส่วนงานผู้รับผิดชอบ")
    )
    due_date = models.DateField(_("กำหนดเสร็จ"), null=True, blank=True)
    status = models.CharField(
        _("สถานะ"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    itas_note = models.TextField(
        _("คำอธิบายเพิ่มเติม (ITAS)"),
        max_length=2000,
        blank=True,
        help_text=_("ข้อความที่กรอกใน ITAS: ข้อมูลอยู่ตรงไหนบนเว็บไซต์หลักของหน่วยงาน"),
    )
    memo_number = models.CharField(_("เลขที่บันทึกขออนุญาตเผยแพร่"), max_length=100, blank=True)
    memo_date = models.DateField(_("วันที่บันทึกขออนุญาตเผยแพร่"), null=True, blank=True)
    private_notes = models.TextField(_("บันทึกภายใน"), max_length=2000, blank=True)
    return_reason = models.TextField(_("เหตุผลที่ส่งกลับแก้ไข"), max_length=1000, blank=True)
    # The submission to ITAS, frozen by "บันทึกการส่งข้อมูลใน ITAS".
    submitted_answer = models.BooleanField(_("มี/ไม่มี ที่ส่ง"), null=True, blank=True)
    submitted_urls = models.JSONField(_("URL ที่ส่ง"), default=list, blank=True)
    submitted_note = models.TextField(_("คำอธิบายที่ส่ง"), max_length=2000, blank=True)
    submitted_checks = models.JSONField(_("ผลตรวจลิงก์ล่าสุดเมื่อส่ง"), default=list, blank=True)
    # The clarification round (ชี้แจง) and the NACC's score.
    nacc_verdict = models.TextField(_("ผลการตรวจของ ป.ป.ช."), max_length=2000, blank=True)
    clarification = models.TextField(_("คำชี้แจงของหน่วยงาน"), max_length=2000, blank=True)
    clarification_outcome = models.TextField(_("ผลการชี้แจง"), max_length=1000, blank=True)
    updated_at = models.DateTimeField(_("แก้ไขล่าสุด"), auto_now=True)

    objects = OitItemQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[owners])

    class Meta:
        ordering = ["tracker", "question__order"]
        verbose_name = _("ข้อ OIT")
        verbose_name_plural = _("ข้อ OIT")
        constraints = [
            models.UniqueConstraint(
                fields=["tracker", "question"], name="oit_item_one_per_question"
            )
        ]

    def __str__(self):
        return f"{self.question.code.upper()} {self.question.title[:60]}"

    @property
    def code(self):
        return self.question.code.upper()

    def is_overdue(self, today=None):
        today = today or timezone.localdate()
        done = (self.Status.READY, self.Status.SUBMITTED)
        return self.due_date is not None and self.status not in done and self.due_date < today

    def answer_link(self):
        """The link given to ITAS as the answer (prefetched links are read in memory)."""
        links = list(self.links.all())
        return next((lk for lk in links if lk.is_answer), links[0] if links else None)


@text_limits_in_database
class OitLink(models.Model):
    """A URL that shows the item's data, and the latest result of checking it."""

    item = models.ForeignKey(OitItem, models.CASCADE, related_name="links", verbose_name=_("ข้อ"))
    url = models.URLField(_("URL"), max_length=1000)
    label = models.CharField(_("คำอธิบายลิงก์"), max_length=200, blank=True)
    is_answer = models.BooleanField(
        _("ใช้ตอบใน ITAS"), default=False, help_text=_("ลิงก์ที่กรอกใน ITAS สำหรับข้อนี้")
    )
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)
    submitted_url = models.URLField(
        _("URL ที่ส่งใน ITAS"),
        max_length=1000,
        blank=True,
        help_text=_("บันทึกเมื่อส่งข้อมูลใน ITAS: ป.ป.ช. ตรวจที่ลิงก์นี้ แม้ภายหลังจะเปลี่ยน URL"),
    )
    last_check = models.ForeignKey(
        "LinkCheck",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ผลตรวจล่าสุด"),
    )

    history = HistoricalRecords(excluded_fields=["last_check"])

    class Meta:
        ordering = ["item", "order", "pk"]
        verbose_name = _("ลิงก์หลักฐาน OIT")
        verbose_name_plural = _("ลิงก์หลักฐาน OIT")
        constraints = [
            models.UniqueConstraint(
                fields=["item"], condition=Q(is_answer=True), name="oit_one_answer_link_per_item"
            )
        ]

    def __str__(self):
        return self.url

    def save(self, *args, **kwargs):
        # The last check is written by the checker alone (a queryset update): a form or admin
        # save of a link loaded before the check finished must not put an older one back.
        if self.pk and kwargs.get("update_fields") is None and not self._state.adding:
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name != "last_check"
            ]
        super().save(*args, **kwargs)

    @property
    def moved_after_submission(self):
        return bool(self.submitted_url) and self.submitted_url != self.url


@text_limits_in_database
class ElementTick(models.Model):
    """One required element of the item (its framework question's list), ticked with the URL
    that shows it."""

    item = models.ForeignKey(OitItem, models.CASCADE, related_name="ticks", verbose_name=_("ข้อ"))
    position = models.PositiveSmallIntegerField(_("ลำดับ"))
    element = models.CharField(_("องค์ประกอบ"), max_length=500)
    done = models.BooleanField(_("มีแล้ว"), default=False)
    url = models.URLField(_("URL ที่แสดง"), max_length=1000, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "position"]
        verbose_name = _("องค์ประกอบ")
        verbose_name_plural = _("องค์ประกอบ")
        constraints = [
            models.UniqueConstraint(fields=["item", "position"], name="oit_tick_position_unique")
        ]

    def __str__(self):
        return self.element


@text_limits_in_database
class LinkCheck(models.Model):
    """One check of one URL (the link's current URL, or the one submitted to ITAS)."""

    class Verdict(models.TextChoices):
        OK = "ok", _("ใช้ได้")
        BROKEN = "broken", _("ลิงก์เสีย")
        OFF_SITE = "off_site", _("อยู่นอกเว็บไซต์หลักของหน่วยงาน")
        NO_YEAR = "no_year", _("ไม่พบปี พ.ศ. ในเอกสาร")
        LOGIN = "login", _("ต้องเข้าสู่ระบบ")
        REFUSED = "refused", _("ไม่ตรวจ: ที่อยู่ไม่ได้รับอนุญาต")

    link = models.ForeignKey(OitLink, models.CASCADE, related_name="checks", verbose_name=_("ลิงก์"))
    url = models.URLField(_("URL ที่ตรวจ"), max_length=1000)
    checked_at = models.DateTimeField(_("ตรวจเมื่อ"), default=timezone.now)
    status_code = models.PositiveSmallIntegerField(_("รหัสสถานะ HTTP"), null=True, blank=True)
    final_url = models.CharField(_("URL ปลายทาง"), max_length=2000, blank=True)
    on_own_site = models.BooleanField(_("อยู่บนเว็บไซต์หลัก"), null=True)
    content_type = models.CharField(_("ชนิดเนื้อหา"), max_length=200, blank=True)
    year_found = models.BooleanField(_("พบปี พ.ศ. ที่กำหนด"), null=True)
    login_wall = models.BooleanField(_("ต้องเข้าสู่ระบบ"), default=False)
    elapsed_ms = models.PositiveIntegerField(_("เวลาตอบสนอง (มิลลิวินาที)"), null=True)
    verdict = models.CharField(_("ผลตรวจ"), max_length=10, choices=Verdict.choices)
    problems = models.JSONField(_("ข้อความผลตรวจ"), default=list)

    class Meta:
        ordering = ["-checked_at", "-pk"]
        verbose_name = _("ผลตรวจลิงก์")
        verbose_name_plural = _("ผลตรวจลิงก์")
        indexes = [models.Index(fields=["link", "-checked_at"])]

    def __str__(self):
        return f"{self.url}: {self.get_verdict_display()}"

    @property
    def is_good(self):
        return self.verdict == self.Verdict.OK


@text_limits_in_database
class OitReminderLog(models.Model):
    """That a head was sent the OIT due-date reminder on a day, so a second run sends nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("ผู้รับ")
    )
    date = models.DateField(_("วันที่ส่ง"))
    item_count = models.PositiveSmallIntegerField(_("จำนวนข้อ"), default=0)

    class Meta:
        ordering = ["-date", "user"]
        verbose_name = _("บันทึกการส่งอีเมลเตือนข้อ OIT")
        verbose_name_plural = _("บันทึกการส่งอีเมลเตือนข้อ OIT")
        constraints = [
            models.UniqueConstraint(fields=["user", "date"], name="oit_reminder_once_per_day")
        ]

    def __str__(self):
        return f"{self.user} {self.date}"
