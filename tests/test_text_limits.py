"""Free text has limits that fit its use, refused in Thai; the 400 and 403 pages are Thai too
(issue 13, finding 7)."""

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import reverse

from actionplans.models import ActionItem, ProgressUpdate
from tests.livehttp import LiveBrowser
from tests.test_stale_saves import admin_form

LIMITED_APPS = ("assessments", "actionplans")


def test_every_free_text_field_has_a_limit():
    unlimited = [
        f"{m._meta.label}.{f.name}"
        for label in LIMITED_APPS
        for m in apps.get_app_config(label).get_models()
        if m._meta.pk.name != "history_id"  # history rows copy what their models allowed
        for f in m._meta.get_fields()
        if isinstance(f, models.TextField) and not f.max_length
    ]
    assert unlimited == []


@pytest.fixture
def item(demo):
    return ActionItem.objects.filter(owner__name="งานธุรการ").order_by("pk").first()


def test_a_huge_progress_summary_is_refused_in_thai(alice_client, item):
    url = reverse("actionplans:item", args=[item.pk])
    hidden = LiveBrowser.hidden_fields(alice_client.get(url).content.decode())
    data = {**hidden, "status": "in_progress", "percent": "10", "public_summary": "ก" * 200_000}
    response = alice_client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "ต้องยาวไม่เกิน" in page and "Ensure this value" not in page
    assert not ProgressUpdate.objects.exists()


def test_a_huge_finding_is_refused_in_thai_in_the_admin(staff_client, demo):
    finding = demo.findings.order_by("pk").first()
    url = reverse("admin:assessments_finding_change", args=[finding.pk])
    data = admin_form(staff_client, url)
    data["recommendation"] = "ข" * 200_000
    response = staff_client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "ต้องยาวไม่เกิน" in page and "Ensure this value" not in page
    assert "Please correct" not in page


def test_the_demo_fits_the_limits(demo):
    for label in LIMITED_APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.pk.name == "history_id":
                continue
            fields = [f for f in model._meta.concrete_fields if isinstance(f, models.TextField)]
            for obj in model.objects.all():
                for f in fields:
                    assert len(getattr(obj, f.attname) or "") <= f.max_length, (model, f.name)


def test_an_oversized_post_gets_a_thai_400(db, settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    response = client.post("/accounts/login/", {"username": "x", "password": "y" * 3_000_000})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Bad Request" not in page and "คำขอ" in page


def test_a_missing_csrf_token_gets_a_thai_403(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Forbidden" not in page
    assert "แบบฟอร์มหมดอายุ" in page


def test_a_forbidden_page_answers_in_thai(db):
    from django.core.exceptions import PermissionDenied
    from django.test import RequestFactory
    from django.views.defaults import permission_denied

    response = permission_denied(RequestFactory().get("/"), PermissionDenied())
    assert response.status_code == 403
    assert "ไม่มีสิทธิ์" in response.content.decode()
