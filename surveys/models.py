"""The survey drive of a year: the IIT (the agency's own staff) and EIT part 1 (its service
users) against the minimum number of responses the NACC asks for.

Nothing here identifies a respondent. IIT is anonymous, so the portal keeps counts only, as
ITAS shows them: never who answered, never a link per person. The survey links are the NACC's
own, one per survey, the same for everybody.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from actionplans.models import Division
from assessments.models import Organization
from core.validators import text_limits_in_database, validate_fiscal_year

from . import minimums

IIT = "iit"
EIT = "eit"
SURVEYS = {
    IIT: "IIT (บุคลากรภายในหน่วยงาน)",
    EIT: "EIT ส่วนที่ ๑ (ผู้รับบริการ)",
}


@text_limits_in_database
class SurveyDrive(models.Model):
    organization = models.ForeignKey(
        Organization, models.PROTECT, related_name="survey_drives", verbose_name=_("หน่วยงาน")
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("ปีงบประมาณ (พ.ศ.)"), validators=[validate_fiscal_year]
    )
    opens_on = models.DateField(_("เปิดตอบแบบสำรวจ"))
    closes_on = models.DateField(_("ปิดตอบแบบสำรวจ"), help_text=_("วันสุดท้ายที่ตอบได้"))
    iit_minimum = models.PositiveIntegerField(
        _("ขั้นต่ำ IIT (คน)"), validators=[MinValueValidator(1)], help_text=minimums.iit_help()
    )
    eit_minimum = models.PositiveIntegerField(
        _("ขั้นต่ำ EIT ส่วนที่ ๑ (คน)"),
        validators=[MinValueValidator(1)],
        help_text=minimums.eit_help(),
    )
    iit_link = models.URLField(
        _("ลิงก์แบบสำรวจ IIT"),
        max_length=500,
        blank=True,
        help_text=_("ลิงก์ที่ ป.ป.ช. ให้หน่วยงาน (ลิงก์เดียวสำหรับทุกคน)"),
    )
    eit_link = models.URLField(
        _("ลิงก์แบบสำรวจ EIT"),
        max_length=500,
        blank=True,
        help_text=_("ลิงก์ที่ ป.ป.ช. ให้หน่วยงาน (ลิงก์เดียวสำหรับทุกคน)"),
    )
    iit_qr = models.ImageField(
        _("รูปคิวอาร์โค้ด IIT"),
        upload_to="survey-qr/",
        blank=True,
        help_text=_("ถ้าไม่มีลิงก์ ใช้รูปคิวอาร์โค้ดที่ ป.ป.ช. ให้มาแทน"),
    )
    eit_qr = models.ImageField(
        _("รูปคิวอาร์โค้ด EIT"),
        upload_to="survey-qr/",
        blank=True,
        help_text=_("ถ้าไม่มีลิงก์ ใช้รูปคิวอาร์โค้ดที่ ป.ป.ช. ให้มาแทน"),
    )
    reminder_every_days = models.PositiveSmallIntegerField(
        _("เตือนหัวหน้าส่วนงานทุกกี่วัน"),
        default=0,
        help_text=_("ระหว่างช่วงเปิดตอบ นับจากวันเปิด (0 = ไม่เตือน) ส่งพร้อมการเตือนงานตามแผนประจำวัน"),
    )
    is_example = models.BooleanField(
        _("ข้อมูลตัวอย่าง"), default=False, help_text=_("ข้อมูลสาธิต ไม่ใช่ของจริง")
    )

    class Meta:
        ordering = ["organization", "-fiscal_year"]
        verbose_name = _("การรณรงค์ตอบแบบสำรวจ")
        verbose_name_plural = _("การรณรงค์ตอบแบบสำรวจ")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "fiscal_year"], name="survey_drive_one_per_year"
            ),
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="survey_drive_window_order"
            ),
        ]

    def __str__(self):
        return f"การรณรงค์ตอบแบบสำรวจ ปี พ.ศ. {self.fiscal_year}"

    def clean(self):
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": "วันปิดต้องไม่ก่อนวันเปิดตอบแบบสำรวจ"})

    def minimum(self, survey):
        return getattr(self, f"{survey}_minimum")

    def link(self, survey):
        return getattr(self, f"{survey}_link")

    def qr_image(self, survey):
        return getattr(self, f"{survey}_qr")


@text_limits_in_database
class ServicePoint(models.Model):
    """A จุดบริการ where service users are asked to answer the EIT (a poster each)."""

    drive = models.ForeignKey(
        SurveyDrive, models.CASCADE, related_name="service_points", verbose_name=_("การรณรงค์")
    )
    name = models.CharField(_("จุดบริการ"), max_length=200, help_text=_("เช่น งานทะเบียนราษฎร"))
    place = models.CharField(
        _("ที่ตั้ง"), max_length=200, blank=True, help_text=_("เช่น ชั้น ๑ อาคารสำนักงาน")
    )
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)

    class Meta:
        ordering = ["drive", "order", "name"]
        verbose_name = _("จุดบริการ")
        verbose_name_plural = _("จุดบริการ")
        constraints = [
            models.UniqueConstraint(fields=["drive", "name"], name="service_point_name_unique")
        ]

    def __str__(self):
        return self.name


class ResponseCount(models.Model):
    """The numbers of responses ITAS showed on a day: counts only, never who answered."""

    drive = models.ForeignKey(
        SurveyDrive, models.CASCADE, related_name="counts", verbose_name=_("การรณรงค์")
    )
    date = models.DateField(_("วันที่"))
    iit_count = models.PositiveIntegerField(_("จำนวนผู้ตอบ IIT"))
    eit_count = models.PositiveIntegerField(_("จำนวนผู้ตอบ EIT"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("ผู้บันทึก"),
    )
    recorded_at = models.DateTimeField(_("บันทึกเมื่อ"), auto_now=True)

    class Meta:
        ordering = ["drive", "date"]
        verbose_name = _("จำนวนผู้ตอบตาม ITAS")
        verbose_name_plural = _("จำนวนผู้ตอบตาม ITAS")
        constraints = [
            models.UniqueConstraint(fields=["drive", "date"], name="response_count_one_per_day")
        ]

    def __str__(self):
        return f"{self.date}: IIT {self.iit_count}, EIT {self.eit_count}"


class SurveyReminderLog(models.Model):
    """A division's heads were reminded about the IIT on this day (at most once a day)."""

    drive = models.ForeignKey(
        SurveyDrive, models.CASCADE, related_name="reminders", verbose_name=_("การรณรงค์")
    )
    division = models.ForeignKey(
        Division, models.CASCADE, related_name="+", verbose_name=_("ส่วนงาน")
    )
    date = models.DateField(_("วันที่"))
    sent_at = models.DateTimeField(_("ส่งเมื่อ"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "division"]
        verbose_name = _("การเตือนตอบแบบสำรวจ IIT")
        verbose_name_plural = _("การเตือนตอบแบบสำรวจ IIT")
        constraints = [
            models.UniqueConstraint(
                fields=["drive", "division", "date"], name="survey_reminder_once_a_day"
            )
        ]

    def __str__(self):
        return f"{self.date}: {self.division}"
