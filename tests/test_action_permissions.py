"""Who may see and report on an action item: the owner division's head, staff; nobody else.
A refused request changes nothing."""

import pytest
from django.urls import reverse

from actionplans.models import ActionItem, ProgressUpdate
from tests.progress_post import post_progress


@pytest.fixture
def alices_item(demo):
    return ActionItem.objects.filter(owner__name="งานธุรการ").order_by("pk").first()


def item_url(item):
    return reverse("actionplans:item", args=[item.pk])


UPDATE = {"status": "in_progress", "percent": "40", "public_summary": "เริ่มจัดทำคู่มือแล้ว"}


def test_owner_can_record_progress_and_the_item_follows(alice_client, alice, alices_item):
    response = post_progress(alice_client, alices_item, UPDATE)
    assert response.status_code == 302 and response["Location"] == item_url(alices_item)
    alices_item.refresh_from_db()
    assert (alices_item.status, alices_item.percent) == ("in_progress", 40)
    update = ProgressUpdate.objects.get(item=alices_item)
    assert update.author == alice and update.public_summary == "เริ่มจัดทำคู่มือแล้ว"
    page = alice_client.get(item_url(alices_item)).content.decode()
    assert "บันทึกความก้าวหน้าแล้ว" in page and "เริ่มจัดทำคู่มือแล้ว" in page


def test_division_head_cannot_open_another_divisions_item(bob_client, alices_item):
    assert bob_client.get(item_url(alices_item)).status_code == 404


def test_division_head_cannot_post_to_another_divisions_item_and_nothing_changes(
    bob_client, alices_item
):
    response = bob_client.post(item_url(alices_item), {**UPDATE, "percent": "90"})
    assert response.status_code == 404
    alices_item.refresh_from_db()
    assert (alices_item.status, alices_item.percent) == ("not_started", 0)
    assert not ProgressUpdate.objects.exists()
    assert alices_item.history.count() == 1  # only the creation by load_demo


def test_forged_item_id_gives_404(alice_client, demo):
    assert alice_client.get(reverse("actionplans:item", args=[999999])).status_code == 404
    assert alice_client.post(reverse("actionplans:item", args=[999999]), UPDATE).status_code == 404


def test_anonymous_visitor_is_sent_to_sign_in_and_nothing_changes(client, alices_item):
    for response in (client.get(item_url(alices_item)), client.post(item_url(alices_item), UPDATE)):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")
    assert client.get(reverse("actionplans:list")).status_code == 302
    assert not ProgressUpdate.objects.exists()


def test_staff_see_every_divisions_items_and_can_open_any(staff_client, alices_item, demo):
    html = staff_client.get(reverse("actionplans:list")).content.decode()
    for division in ("งานธุรการ", "งานพัสดุ", "งานทรัพยากรบุคคล", "งานประชาสัมพันธ์"):
        assert division in html
    assert staff_client.get(item_url(alices_item)).status_code == 200


def test_head_sees_only_their_divisions_items_in_the_table(alice_client, demo):
    html = alice_client.get(reverse("actionplans:list")).content.decode()
    mine = ActionItem.objects.filter(owner__name="งานธุรการ")
    assert html.count('data-item="') == mine.count() == 3
    assert "งานพัสดุ/" not in html


def test_a_user_heading_no_division_sees_no_items(client, demo, django_user_model):
    user = django_user_model.objects.create_user("nobody", password="nobody-pass-123")
    client.force_login(user)
    html = client.get(reverse("actionplans:list")).content.decode()
    assert 'data-item="' not in html and "ยังไม่ได้กำหนดส่วนงาน" in html


def test_sign_in_page_is_thai_and_lands_on_my_items(client, alice):
    html = client.get(reverse("login")).content.decode()
    assert "เข้าสู่ระบบ" in html and "ชื่อผู้ใช้" in html and "รหัสผ่าน" in html
    bad = client.post(reverse("login"), {"username": "alice", "password": "wrong"})
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in bad.content.decode()
    good = client.post(reverse("login"), {"username": "alice", "password": "alice-pass-123"})
    assert good.status_code == 302 and good["Location"] == reverse("actionplans:list")


def test_password_change_and_logout_pages_are_thai(alice_client):
    html = alice_client.get(reverse("password_change")).content.decode()
    assert "เปลี่ยนรหัสผ่าน" in html and "รหัสผ่านเดิม" in html
    done = alice_client.post(
        reverse("password_change"),
        {
            "old_password": "alice-pass-123",
            "new_password1": "ดอนสัก-new-pass-2569",
            "new_password2": "ดอนสัก-new-pass-2569",
        },
        follow=True,
    )
    assert "เปลี่ยนรหัสผ่านแล้ว" in done.content.decode()
    out = alice_client.post(reverse("logout"))
    assert "ออกจากระบบแล้ว" in out.content.decode()
