"""A forged file name on an import's confirm step is an expired preview, never a 500 (issue 19,
finding 8): the temporary storage was asked to open a 300-character name, and the operating
system's ENAMETOOLONG (an OSError, not FileNotFoundError) went up as a server error."""

import os

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from indicators.models import FrameworkYear
from tests.frameworks import scores_of

EXPIRED = "ตัวอย่างการนำเข้าหมดอายุหรือไม่ถูกต้อง กรุณาเลือกไฟล์ใหม่"
MODELS = [
    "assessments_questionscore",
    "assessments_finding",
    "assessments_guideline",
    "actionplans_division",
    "actionplans_plantopic",
    "actionplans_planmethod",
    "actionplans_actionitem",
]
NAMES = ["x" * 300, "ก" * 300, "a/" * 150, "../" + "x" * 300]


@pytest.fixture
def staff_server_client(staff, settings):
    """A client that answers as the server does: an exception is a 500 page, not raised. The
    storage's folder exists, as on a server after its first upload (with no folder, any name
    is "no such file")."""
    location = settings.STORAGES["import_export"]["OPTIONS"]["location"]
    os.makedirs(os.path.join(location, "django-import-export"), exist_ok=True)
    client = Client(raise_request_exception=False)
    client.force_login(staff)
    return client


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("name", NAMES, ids=["300", "thai", "slashes", "dots"])
def test_a_forged_long_file_name_is_an_expired_preview(staff_server_client, demo, model, name):
    before = scores_of(demo)
    data = {
        "import_file_name": name,
        "original_file_name": "x.xlsx",
        "format": "0",
        "resource": "0",
        "assessment": demo.pk,
        "published_ack": "on",  # the score import's page asks it for a published year (issue 20)
    }
    url = reverse(f"admin:{model}_process_import")
    response = staff_server_client.post(url, data, follow=True)
    assert response.status_code == 200
    assert EXPIRED in response.content.decode()
    assert scores_of(demo) == before


@pytest.mark.parametrize("name", NAMES, ids=["300", "thai", "slashes", "dots"])
def test_a_framework_confirm_naming_a_long_file_is_an_expired_preview(
    staff_server_client, db, name
):
    """The framework's confirm signs what it posts back; even a signed name (a leaked secret,
    an old preview) that the storage cannot open is an expired preview."""
    from indicators.admin import IMPORT_SALT

    payload = signing.dumps({"year": 2571, "name": "", "tmp": name}, salt=IMPORT_SALT)
    url = reverse("admin:indicators_frameworkyear_import_confirm")
    response = staff_server_client.post(url, {"payload": payload}, follow=True)
    assert response.status_code == 200
    assert EXPIRED in response.content.decode()
    assert not FrameworkYear.objects.filter(year=2571).exists()


def test_a_forged_framework_payload_is_an_expired_preview(staff_server_client, db):
    url = reverse("admin:indicators_frameworkyear_import_confirm")
    response = staff_server_client.post(url, {"payload": "x" * 300}, follow=True)
    assert response.status_code == 200
    assert EXPIRED in response.content.decode()
