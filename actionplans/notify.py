"""`notify`: how every app sends a message to a division (its heads' e-mail, or its LINE group
when the organization turned LINE on) or to people, through core.notifications (channels,
log, fallback). Apps above actionplans (surveys, oit) call this; nothing else builds
recipients."""

from core import notifications
from core.notifications import Recipient

from .models import Division


def division_recipient(division):
    emails = tuple(
        division.heads.filter(is_active=True)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
    )
    group = division.line_group
    line_to = group.group_id if group is not None and group.left_at is None else ""
    return Recipient(division.name, emails, line_to)


def user_recipient(user, division=None):
    """One person by e-mail; as LINE channel the group of `division`, or of the first division
    they head that has one."""
    if division is None:
        division = (
            user.divisions.filter(line_group__isnull=False, line_group__left_at__isnull=True)
            .select_related("line_group")
            .first()
        )
    group = division.line_group if division is not None else None
    line_to = group.group_id if group is not None and group.left_at is None else ""
    emails = (user.email,) if user.email else ()
    return Recipient(user.get_full_name() or user.get_username(), emails, line_to)


def notify(organization, to, subject, text, *, kind):
    """Send to `to`: a Division, a user, or a list of them. LINE is used where
    `organization.line_enabled` and the recipient has a group; e-mail otherwise or when LINE
    fails. Returns the Delivery rows; raises when an e-mail cannot be sent."""
    items = to if isinstance(to, list | tuple) else [to]
    recipients = [
        division_recipient(item) if isinstance(item, Division) else user_recipient(item)
        for item in items
    ]
    return notifications.notify(
        recipients=recipients,
        subject=subject,
        text=text,
        kind=kind,
        line_enabled=bool(organization and organization.line_enabled),
    )
