"""The OIT tracker's background jobs: link checks and the e-mails to the owners' heads."""

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django_tasks import task  # Django 6: from django.tasks import task

from core import jobs


@task()
def check_links(link_ids, attempt=1):
    """Check these links (oit.checks.check_links); returns how many checks were written."""
    from .checks import check_links as run

    try:
        return len(run(link_ids))
    except Exception:
        jobs.retry(check_links, link_ids, attempt=attempt)
        raise


@task()
def email_item_heads(item_pk, subject, template, context, attempt=1):
    """E-mail the heads of the item's owner divisions; returns how many were written to."""
    from django.conf import settings

    from .models import OitItem

    item = OitItem.objects.filter(pk=item_pk).select_related("question", "tracker__assessment")
    item = item.first()
    if item is None:
        return 0
    heads = (
        get_user_model()
        .objects.filter(divisions__in=item.owners.all(), is_active=True)
        .exclude(email="")
        .distinct()
    )
    addresses = sorted({u.email for u in heads})
    if not addresses:
        return 0
    body = render_to_string(
        template,
        {**context, "item": item, "base_url": getattr(settings, "SITE_URL", "").rstrip("/")},
    )
    try:
        send_mail(subject, body, None, addresses)
    except Exception:
        jobs.retry(email_item_heads, item_pk, subject, template, context, attempt=attempt)
        raise
    return len(addresses)


@task()
def send_oit_reminder(user_pk, days, today, base_url, attempt=1):
    """One head's OIT due-date reminder (services.oit_reminder_send)."""
    from datetime import date

    from .services import oit_reminder_send

    user = get_user_model().objects.filter(pk=user_pk, is_active=True).first()
    if user is None:
        return 0
    try:
        items = oit_reminder_send(
            user=user, days=days, today=date.fromisoformat(today), base_url=base_url
        )
    except Exception:
        jobs.retry(send_oit_reminder, user_pk, days, today, base_url, attempt=attempt)
        raise
    return len(items)
