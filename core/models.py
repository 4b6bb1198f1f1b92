"""The portal's own infrastructure tables (no domain models): the messages it sent and how, the
LINE groups its Official Account joined, and the notices to staff about a channel that failed
(core.notifications)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .validators import text_limits_in_database


@text_limits_in_database
class LineGroup(models.Model):
    """A LINE group the Official Account was invited into (recorded by the `join` webhook), so
    that staff pick each division's group by its name in the admin."""

    group_id = models.CharField(_("รหัสกลุ่ม LINE"), max_length=64, unique=True)
    name = models.CharField(
        _("ชื่อกลุ่ม"),
        max_length=200,
        blank=True,
        help_text=_("ชื่อที่ LINE แจ้ง (แก้ได้ ถ้าอ่านชื่อจาก LINE ไม่ได้)"),
    )
    joined_at = models.DateTimeField(_("เข้าร่วมกลุ่มเมื่อ"))
    left_at = models.DateTimeField(_("ออกจากกลุ่มเมื่อ"), null=True, blank=True)

    class Meta:
        ordering = ["name", "group_id"]
        verbose_name = _("กลุ่ม LINE")
        verbose_name_plural = _("กลุ่ม LINE")

    def __str__(self):
        label = self.name or f"กลุ่มที่ยังไม่ทราบชื่อ ({self.group_id[-6:]})"
        return f"{label} (ออกจากกลุ่มแล้ว)" if self.left_at else label


class Channel(models.TextChoices):
    EMAIL = "email", _("อีเมล")
    LINE = "line", _("LINE")


class Result(models.TextChoices):
    SENT = "sent", _("ส่งแล้ว")
    FAILED = "failed", _("ส่งไม่สำเร็จ")


@text_limits_in_database
class Delivery(models.Model):
    """One message to one address on one channel, and what came of it."""

    created_at = models.DateTimeField(_("เวลา"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("เรื่อง"), max_length=50)
    subject = models.CharField(_("หัวเรื่อง"), max_length=300)
    recipient = models.CharField(_("ถึง"), max_length=300)
    address = models.CharField(_("ที่อยู่ (อีเมลหรือรหัส LINE)"), max_length=300)
    channel = models.CharField(_("ช่องทาง"), max_length=10, choices=Channel)
    result = models.CharField(_("ผล"), max_length=10, choices=Result)
    error = models.CharField(_("ข้อผิดพลาด"), max_length=500, blank=True)
    fallback = models.BooleanField(
        _("ส่งแทน LINE"), default=False, help_text=_("อีเมลที่ส่งเพราะส่งทาง LINE ไม่สำเร็จ")
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("การส่งข้อความ")
        verbose_name_plural = _("บันทึกการส่งข้อความ")

    def __str__(self):
        return f"{self.subject} → {self.recipient} ({self.get_channel_display()})"


@text_limits_in_database
class StaffNotice(models.Model):
    """Something staff must know about the portal's sending (LINE quota reached, token
    revoked): shown on the admin's home page until someone acknowledges it, and e-mailed to the
    staff once when it is raised. One open notice per key at a time."""

    key = models.CharField(max_length=50)
    message = models.TextField(_("ข้อความ"), max_length=2000)
    created_at = models.DateTimeField(_("เมื่อ"), auto_now_add=True)
    acknowledged_at = models.DateTimeField(_("รับทราบเมื่อ"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("รับทราบโดย"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("ประกาศถึงเจ้าหน้าที่")
        verbose_name_plural = _("ประกาศถึงเจ้าหน้าที่")
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=Q(acknowledged_at__isnull=True), name="one_open_notice"
            )
        ]

    def __str__(self):
        return self.message[:80]
