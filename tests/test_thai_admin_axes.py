"""django-axes' admin, made Thai in core/admin.py, works for the staff who clean up attempts."""

from datetime import timedelta

from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone


def test_cleaning_up_expired_attempts_from_the_admin_works_in_thai(staff, db):
    old = AccessAttempt.objects.create(
        username="somebody", ip_address="10.0.0.1", user_agent="x", failures_since_start=3
    )
    AccessAttempt.objects.filter(pk=old.pk).update(attempt_time=timezone.now() - timedelta(days=30))
    client = Client(raise_request_exception=False)
    client.force_login(staff)
    response = client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "cleanup_expired_attempts", "_selected_action": [old.pk]},
        follow=True,
    )
    assert response.status_code == 200  # was a 500 (AttributeError: axes_attempt_time)
    assert "ล้างรายการที่หมดอายุแล้ว" in response.content.decode()
    assert not AccessAttempt.objects.filter(pk=old.pk).exists()
