"""Sign-in lockouts (issue 13, finding 5): a user name is also locked after failures from many
addresses; the Thai page says what was locked (this address or the name everywhere) and until
when; the address comes from nginx's X-Real-IP only when the request came through nginx."""

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def sign_in(client, username, password, address):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_twenty_wrong_passwords_from_twenty_addresses_lock_the_user_name(client, staff):
    answers = [
        sign_in(client, "staff", "wrong-password", f"198.51.100.{n}").status_code
        for n in range(1, 21)
    ]
    assert 429 in answers, "never locked"
    assert answers.index(429) == settings.AXES_USERNAME_FAILURE_LIMIT - 1
    # Locked everywhere now, even with the right password from yet another address.
    response = sign_in(client, "staff", "staff-pass-123", "203.0.113.50")
    assert response.status_code == 429
    page = response.content.decode()
    assert "ทุกเครื่อง" in page and "“staff”" in page
    assert re.search(r"จนถึง[^<]*น\.", page), "the page must say until when"
    assert "_auth_user_id" not in client.session


def test_failures_from_one_address_lock_only_that_address_and_say_so(client, staff):
    for _ in range(5):
        response = sign_in(client, "staff", "wrong-password", "198.51.100.7")
    assert response.status_code == 429
    page = response.content.decode()
    assert "บัญชีนี้ถูกระงับ" not in page  # the account is not suspended
    assert "จากเครื่องนี้" in page and "เครื่องอื่น" in page
    assert re.search(r"จนถึง[^<]*น\.", page)
    assert sign_in(client, "staff", "staff-pass-123", "198.51.100.8").status_code == 302


def test_x_real_ip_is_believed_only_from_the_proxy(rf, settings):
    from core.security import client_ip

    settings.BEHIND_PROXY = True
    through_nginx = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.7")
    assert client_ip(through_nginx) == "203.0.113.7"
    # A client that reaches gunicorn directly cannot choose its address.
    direct = rf.get("/", REMOTE_ADDR="198.51.100.9", HTTP_X_REAL_IP="203.0.113.7")
    assert client_ip(direct) == "198.51.100.9"


def test_deploy_keeps_gunicorn_behind_nginx():
    conf = (ROOT / "deploy" / "gunicorn.conf.py").read_text()
    assert re.search(r'"GUNICORN_BIND", "127\.0\.0\.1:\d+"', conf)
    nginx = (ROOT / "deploy" / "nginx-ita-portal.conf").read_text()
    assert "proxy_set_header X-Real-IP $remote_addr;" in nginx


@pytest.fixture(autouse=True)
def _no_proxy(settings):
    settings.BEHIND_PROXY = False


def test_the_lockout_page_says_whom_to_ask_not_which_command(client, staff, demo):
    """Issue 20: a division head cannot run manage.py; the page names the ITA staff to call."""
    for _ in range(5):
        response = sign_in(client, "staff", "wrong-password", "198.51.100.9")
    page = response.content.decode()
    assert "manage.py" not in page and "axes_reset_username" not in page
    assert "ติดต่อเจ้าหน้าที่ ITA ผู้ดูแลระบบของเทศบาลเมืองดอนสัก" in page
    assert "งานธุรการ กองยุทธศาสตร์และงบประมาณ โทร. ๐๓๗-๓๗๑๘๗๑" in page
