"""Production settings pass `check --deploy`; sign-in is throttled; passwords and sessions are
held to the portal's rules."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

ROOT = Path(__file__).resolve().parent.parent
LOCKOUT_TEXT = "ระงับการเข้าสู่ระบบชั่วคราว"


def run_deploy_check(**env):
    full_env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(
            (
                "SECURE_",
                "SECRET_KEY",
                "DEBUG",
                "ALLOWED_HOSTS",
                "BEHIND_PROXY",
                "DJANGO_ALLOW_ASYNC",
            )
        )
    }
    full_env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="ita.donsak.go.th",
        CSRF_TRUSTED_ORIGINS="https://ita.donsak.go.th",
        **env,
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("secure_https", ["1", "0"])
def test_production_settings_pass_check_deploy(secure_https):
    result = run_deploy_check(SECURE_HTTPS=secure_https)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_plain_http_mode_silences_only_the_https_warnings():
    script = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'ita_portal.settings');"
        "from django.conf import settings;"
        "print(sorted(settings.SILENCED_SYSTEM_CHECKS), settings.SESSION_COOKIE_SECURE,"
        " settings.SECURE_SSL_REDIRECT)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("SECURE_")}
    env.update(DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), SECURE_HTTPS="0")
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.stdout.strip() == (
        "['security.W004', 'security.W008', 'security.W012', 'security.W016'] False False"
    ), out.stderr


def test_the_https_mode_is_on_by_default_in_production():
    result = run_deploy_check()
    assert result.returncode == 0, result.stdout + result.stderr
    script = (
        "import os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'ita_portal.settings');"
        "from django.conf import settings as s;"
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "BEHIND_PROXY"))}
    env.update(DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50))
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.stdout.strip() == ("True True True 31536000 ('HTTP_X_FORWARDED_PROTO', 'https')"), (
        out.stderr
    )


# ---------------------------------------------------------------- sign-in throttling


def _sign_in(client, url, username, password):
    return client.post(url, {"username": username, "password": password, "next": "/actions/"})


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(client, staff, url):
    for _ in range(4):
        response = _sign_in(client, url, "staff", "wrong-password")
        assert response.status_code == 200  # the form again, with its error
    response = _sign_in(client, url, "staff", "wrong-password")
    assert response.status_code == 429
    response = _sign_in(client, url, "staff", "staff-pass-123")
    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKOUT_TEXT in page
    assert "ใส่รหัสผ่านผิดครบ ๕ ครั้ง" in page
    assert "กรุณารอ ๑๕ นาที" in page
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_per_user_name_and_address(client, staff, django_user_model):
    django_user_model.objects.create_user("other", password="other-pass-123")
    for _ in range(5):
        _sign_in(client, "/accounts/login/", "staff", "wrong-password")
    # Someone else at the same office address is not locked out by it.
    response = _sign_in(client, "/accounts/login/", "other", "other-pass-123")
    assert response.status_code == 302
    # Nor is the locked user from another address.
    client.logout()
    response = client.post(
        "/accounts/login/",
        {"username": "staff", "password": "staff-pass-123"},
        REMOTE_ADDR="10.0.0.9",
    )
    assert response.status_code == 302


def test_a_good_sign_in_clears_earlier_failures(client, staff):
    for _ in range(4):
        _sign_in(client, "/accounts/login/", "staff", "wrong-password")
    assert _sign_in(client, "/accounts/login/", "staff", "staff-pass-123").status_code == 302
    client.logout()
    for _ in range(4):
        response = _sign_in(client, "/accounts/login/", "staff", "wrong-password")
    assert response.status_code == 200


def test_behind_the_proxy_the_address_comes_from_x_real_ip(rf, settings):
    from core.security import client_ip

    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.7")
    settings.BEHIND_PROXY = True
    assert client_ip(request) == "203.0.113.7"
    settings.BEHIND_PROXY = False  # a client talking straight to gunicorn cannot pick one
    assert client_ip(request) == "127.0.0.1"


# ---------------------------------------------------------------- passwords and sessions


@pytest.mark.parametrize("password", ["short-pw1", "12345678901234", "password1234"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_uncommon_password_is_accepted():
    validate_password("ดอนสัก-ita-2568-กองคลัง")


def test_sessions_last_a_working_day_and_end_with_the_browser(client, staff):
    response = _sign_in(client, "/accounts/login/", "staff", "staff-pass-123")
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert not cookie["max-age"] and not cookie["expires"]  # gone when the browser closes
    assert client.session.get_expiry_age() == 8 * 60 * 60  # and on the server after 8 hours


def test_pages_carry_the_security_headers(client, demo):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
