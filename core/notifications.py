"""Every message the portal sends goes through `notify`: e-mail by default, LINE where the
organization turned it on, the account is configured and the recipient has a LINE group.

- Channels: e-mail (Django's mail settings) and LINE (the Messaging API's push, `core.line`).
- Every send is logged (`Delivery`: what, to whom, which channel, the result).
- A LINE send that fails (quota reached: 429; token revoked: 401; anything else) falls back to
  e-mail at once, and staff are told once, in Thai: a `StaffNotice` shown on the admin's home
  page until someone acknowledges it, and one e-mail to the staff when it is raised. While it is
  open, later failures of the same kind raise nothing new.
- An e-mail that fails is logged and raised, so that the job sending it retries (core.jobs).

Callers above core pass plain recipients (names, addresses, a LINE id); `actionplans.notify`
builds them for a division or a user, and is what the other apps call.
"""

import logging
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q

from . import line
from .models import Channel, Delivery, Result, StaffNotice
from .roles import STAFF_GROUP

logger = logging.getLogger(__name__)

# LINE's limit for one text message.
LINE_TEXT_LIMIT = 5000


@dataclass(frozen=True)
class Recipient:
    name: str  # who, for the log: a division, a person
    emails: tuple = ()
    line_to: str = ""  # a LINE group (or user) id, when the recipient has one


def _log(**fields):
    return Delivery.objects.create(**fields)


def _email(recipient, subject, text, kind, *, fallback=False):
    address = ", ".join(recipient.emails)
    try:
        send_mail(subject, text, None, list(recipient.emails))
    except Exception as e:
        _log(
            kind=kind,
            subject=subject[:300],
            recipient=recipient.name[:300],
            address=address[:300],
            channel=Channel.EMAIL,
            result=Result.FAILED,
            error=str(e)[:500],
            fallback=fallback,
        )
        raise
    return _log(
        kind=kind,
        subject=subject[:300],
        recipient=recipient.name[:300],
        address=address[:300],
        channel=Channel.EMAIL,
        result=Result.SENT,
        fallback=fallback,
    )


def line_text(subject, text):
    body = f"{subject}\n\n{text}".strip()
    return body if len(body) <= LINE_TEXT_LIMIT else body[: LINE_TEXT_LIMIT - 1] + "…"


def notify(*, recipients, subject, text, kind, line_enabled=False):
    """Send `subject` and `text` to each recipient; returns the Delivery rows written.

    LINE is used for a recipient with a `line_to` when `line_enabled` (the organization's
    choice) and the account is configured (core.line.configured); otherwise, or when LINE
    fails, e-mail to the recipient's addresses. Raises when an e-mail cannot be sent."""
    deliveries = []
    for recipient in recipients:
        if line_enabled and recipient.line_to and line.configured():
            try:
                line.push(recipient.line_to, line_text(subject, text))
            except line.LineError as e:
                deliveries.append(
                    _log(
                        kind=kind,
                        subject=subject[:300],
                        recipient=recipient.name[:300],
                        address=recipient.line_to,
                        channel=Channel.LINE,
                        result=Result.FAILED,
                        error=str(e)[:500],
                    )
                )
                logger.warning("LINE push to %s failed (%s): e-mail instead", recipient.name, e)
                line_failure_notice(e)
                if recipient.emails:
                    deliveries.append(_email(recipient, subject, text, kind, fallback=True))
                continue
            deliveries.append(
                _log(
                    kind=kind,
                    subject=subject[:300],
                    recipient=recipient.name[:300],
                    address=recipient.line_to,
                    channel=Channel.LINE,
                    result=Result.SENT,
                )
            )
        elif recipient.emails:
            deliveries.append(_email(recipient, subject, text, kind))
    return deliveries


# --- telling staff once ----------------------------------------------------------------------

LINE_NOTICES = {
    429: (
        "line-quota",
        "ส่งข้อความทาง LINE ไม่ได้: บัญชี LINE Official Account ใช้โควตาข้อความของเดือนนี้ครบแล้ว "
        "(LINE ตอบ 429) ระบบส่งข้อความเหล่านั้นทางอีเมลแทน และจะส่งทางอีเมลแทนทุกครั้งที่ LINE "
        "ปฏิเสธ: เพิ่มโควตาใน LINE Official Account Manager หรือรอเดือนถัดไป",
    ),
    401: (
        "line-token",
        "ส่งข้อความทาง LINE ไม่ได้: โทเค็นเข้าถึงช่อง (LINE_CHANNEL_ACCESS_TOKEN) ถูกยกเลิกหรือไม่ถูกต้อง "
        "(LINE ตอบ 401) ระบบส่งทางอีเมลแทน: ออกโทเค็นใหม่ใน LINE Developers console "
        "แล้วตั้งค่าใหม่บนเซิร์ฟเวอร์",
    ),
    403: (
        "line-token",
        "ส่งข้อความทาง LINE ไม่ได้: LINE ไม่อนุญาตให้ช่องนี้ส่งข้อความ (LINE ตอบ 403) "
        "ระบบส่งทางอีเมลแทน: ตรวจการตั้งค่าช่อง Messaging API ใน LINE Developers console",
    ),
}
OTHER_LINE_NOTICE = (
    "line-error",
    "ส่งข้อความทาง LINE ไม่ได้ ({error}) ระบบส่งทางอีเมลแทน: ดูรายละเอียดในบันทึกการส่งข้อความ",
)


def line_failure_notice(error):
    key, message = LINE_NOTICES.get(getattr(error, "status", None), OTHER_LINE_NOTICE)
    return staff_notice_raise(key=key, message=message.format(error=str(error)[:200]))


def staff_emails():
    User = get_user_model()
    users = User.objects.filter(is_active=True).exclude(email="")
    users = users.filter(Q(is_superuser=True) | Q(groups__name=STAFF_GROUP)).distinct()
    return tuple(users.order_by("pk").values_list("email", flat=True))


def staff_notice_raise(*, key, message):
    """Open a notice for `key` unless one is open; e-mail the staff when it is new. Returns
    the notice and whether it was new."""
    try:
        with transaction.atomic():
            notice, created = StaffNotice.objects.get_or_create(
                key=key, acknowledged_at=None, defaults={"message": message}
            )
    except IntegrityError:  # raised at the same moment by another process
        return StaffNotice.objects.get(key=key, acknowledged_at=None), False
    if created:
        emails = staff_emails()
        if emails:
            try:
                _email(
                    Recipient("เจ้าหน้าที่ ITA", emails),
                    "[ITA] แจ้งเจ้าหน้าที่: ส่งข้อความทาง LINE ไม่ได้",
                    message,
                    "staff_notice",
                )
            except Exception:  # the banner still tells them
                logger.exception("could not e-mail the staff notice")
    return notice, created
