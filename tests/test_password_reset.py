"""A division head who forgot the password gets a Thai email with a link, and sets a new one."""

import re

from django.core import mail
from django.urls import reverse


def test_a_division_head_resets_a_forgotten_password_by_email(client, alice):
    response = client.post(reverse("password_reset"), {"email": alice.email})
    assert response.status_code == 302
    assert "ตรวจสอบอีเมลของคุณ" in client.get(response["Location"]).content.decode()
    (email,) = mail.outbox
    assert email.to == [alice.email] and email.subject == "ตั้งรหัสผ่านใหม่สำหรับ ITA Portal"
    assert "มีผู้ขอตั้งรหัสผ่านใหม่สำหรับบัญชี alice" in email.body
    link = re.search(r"http://testserver(/accounts/reset/\S+)", email.body).group(1)

    form_url = client.get(link)["Location"]  # Django swaps the token for a session key
    html = client.get(form_url).content.decode()
    assert "ตั้งรหัสผ่านใหม่" in html and "รหัสผ่านต้องมีอย่างน้อย 12 ตัวอักษร" in html
    response = client.post(form_url, {"new_password1": "12345", "new_password2": "12345"})
    html = response.content.decode()
    assert "รหัสผ่านสั้นเกินไป ต้องมีอย่างน้อย 12 ตัวอักษร" in html
    assert "รหัสผ่านเป็นตัวเลขล้วน" in html
    response = client.post(
        form_url,
        {"new_password1": "ดอนสัก-ใหม่-2569", "new_password2": "ดอนสัก-ใหม่-2569"},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("ดอนสัก-ใหม่-2569")


def test_the_sign_in_page_offers_the_reset(client, db):
    html = client.get(reverse("login")).content.decode()
    assert reverse("password_reset") in html and "ลืมรหัสผ่าน" in html


def test_the_admin_sign_in_page_offers_the_reset_in_thai(client, db):
    page = client.get("/admin/login/").content.decode()
    assert 'href="/admin/password_reset/"' in page and "ลืมชื่อผู้ใช้หรือรหัสผ่าน?" in page
    response = client.get("/admin/password_reset/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/password_reset/"
    assert "ตั้งรหัสผ่านใหม่" in response.content.decode()


def test_an_unknown_email_gets_the_same_answer_and_no_mail(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302 and mail.outbox == []
