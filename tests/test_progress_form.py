"""The division heads' progress form takes its labels, help texts and limits from the model, so
the page, the admin and the model's own checks say the same (issue 18, item 5.2)."""

import pytest
from django import forms
from django.urls import reverse

from actionplans.forms import ProgressUpdateForm
from actionplans.models import ActionItem, ProgressUpdate
from tests.livehttp import LiveBrowser

# What the page has always shown (issue 4): the form may not drift from it.
PAGE_TEXTS = [
    "สถานะ",
    "ร้อยละความก้าวหน้า",
    "สรุปสำหรับเผยแพร่",
    "แสดงต่อสาธารณะในหน้าความก้าวหน้าของแผน (ไม่แสดงชื่อผู้รายงาน)",
    "บันทึกภายใน",
    "เห็นเฉพาะเจ้าหน้าที่และผู้รับผิดชอบ ไม่เผยแพร่",
    "ลิงก์หลักฐาน",
    "ชื่อหลักฐานที่เผยแพร่ได้",
    "เช่น ประกาศเจตจำนงสุจริตของผู้บริหาร พ.ศ. ๒๕๖๙ พิมพ์ในรายงานผลการดำเนินการต่อสาธารณะ "
    "(ลิงก์และไฟล์หลักฐานไม่เผยแพร่)",
    "ไฟล์หลักฐาน",
    "ไฟล์ PDF รูปภาพ เอกสาร หรือตารางคำนวณ ขนาดไม่เกิน ๑๐ เมกะไบต์",
]


@pytest.fixture
def item(demo):
    return ActionItem.objects.filter(owner__name="งานธุรการ").order_by("pk").first()


def test_the_forms_labels_help_texts_and_limits_are_the_models(item):
    form = ProgressUpdateForm(item=item)
    for name, field in form.fields.items():
        if name in ("submission", "stale_token"):
            continue
        model_field = ProgressUpdate._meta.get_field(name)
        assert field.label == model_field.verbose_name, name
        assert field.help_text == model_field.help_text, name
        if isinstance(field, forms.CharField):  # texts (a URL too): the model's length
            assert field.max_length == model_field.max_length, name


def test_the_page_shows_the_same_labels_and_help_texts(alice_client, item):
    page = alice_client.get(reverse("actionplans:item", args=[item.pk])).content.decode()
    for text in PAGE_TEXTS:
        assert text in page


@pytest.mark.parametrize(
    "field, limit",
    [("public_summary", 2000), ("note", 4000), ("public_evidence_title", 300)],
)
def test_a_too_long_text_is_refused_in_thai_naming_the_limit(alice_client, item, field, limit):
    url = reverse("actionplans:item", args=[item.pk])
    hidden = LiveBrowser.hidden_fields(alice_client.get(url).content.decode())
    data = {**hidden, "status": "in_progress", "percent": "10", field: "ก" * (limit + 1)}
    page = alice_client.post(url, data).content.decode()
    assert f"ข้อความนี้ต้องยาวไม่เกิน {limit} ตัวอักษร (ตอนนี้ {limit + 1} ตัวอักษร)" in page
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize(
    "percent, message",
    [
        ("150", "ร้อยละความก้าวหน้าต้องไม่เกิน 100"),
        ("-1", "ร้อยละความก้าวหน้าต้องไม่ต่ำกว่า 0"),
        ("abc", "ร้อยละความก้าวหน้าต้องเป็นตัวเลข 0 ถึง 100"),
        ("", "กรุณากรอกร้อยละความก้าวหน้า (0 ถึง 100)"),
    ],
)
def test_a_bad_percent_keeps_its_thai_message(alice_client, item, percent, message):
    url = reverse("actionplans:item", args=[item.pk])
    hidden = LiveBrowser.hidden_fields(alice_client.get(url).content.decode())
    data = {**hidden, "status": "in_progress", "percent": percent, "note": "x"}
    page = alice_client.post(url, data).content.decode()
    assert message in page
    assert not ProgressUpdate.objects.exists()
