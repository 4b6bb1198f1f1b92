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


# Issue 20, finding 7: `make run` (DEBUG on) shows a visitor the Thai pages too; Django's
# technical pages only when a developer asks for them (TECHNICAL_ERROR_PAGES=1).


def test_with_debug_on_a_visitor_still_gets_the_thai_404(client, db, settings):
    settings.DEBUG = True
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "ไม่พบหน้าที่ต้องการ" in html and "URLconf" not in html
    response = client.get("/reports/2400/")  # an Http404 raised by a view
    assert response.status_code == 404 and "ไม่พบหน้าที่ต้องการ" in response.content.decode()


@pytest.mark.urls("tests.urls_error")
def test_with_debug_on_a_visitor_still_gets_the_thai_500(db, settings):
    settings.DEBUG = True
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "ระบบขัดข้องชั่วคราว" in html
    assert "Traceback" not in html and "the database went away" not in html


def test_a_developer_asks_for_the_technical_pages(client, db, settings):
    settings.DEBUG = True
    settings.TECHNICAL_ERROR_PAGES = True
    html = client.get("/no-such-page/").content.decode()
    assert "URLconf" in html
