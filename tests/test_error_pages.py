"""Error pages speak Thai."""

import pytest
from django.test import Client


def test_a_missing_page_answers_in_thai(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "ไม่พบหน้าที่ต้องการ" in response.content.decode()


@pytest.mark.urls("tests.urls_error")
def test_a_server_error_answers_in_thai_without_leaking_details(db, settings):
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "ระบบขัดข้องชั่วคราว" in html
    assert "Traceback" not in html and "RuntimeError" not in html
