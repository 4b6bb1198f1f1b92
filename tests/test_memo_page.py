"""The memo (บันทึกข้อความ) page in the official layout of งานสารบรรณ."""

import re

from django.test import Client

from assessments.models import Assessment


def read(html):
    """The HTML as read: without the line-break markup of the thtext filter."""
    return re.sub(r'<span class="nobreak">([^<]*)</span>', r"\1", html.replace("<wbr>", ""))


def test_memo_has_the_official_parts_in_order(client, demo):
    html = read(client.get("/reports/2568/memo/").content.decode())
    parts = [
        "memo-emblem",
        "บันทึกข้อความ",
        "ส่วนราชการ",
        "งานธุรการ กองยุทธศาสตร์และงบประมาณ โทร.๐๓๗-๓๗๑๘๗๑",
        "สฎ ๕๒๙๐๘/๙๔",
        "วันที่",
        "๑๗ เมษายน ๒๕๖๙",
        "เรื่อง",
        "เรียน",
        "เรื่องเดิม",
        "ข้อเท็จจริง",
        "คะแนนภาพรวมได้ ๙๔.๕๐",
        "ข้อพิจารณา",
        "จึงเรียนมาเพื่อโปรดพิจารณา",
        # the one who signs, then those the memo passes through, then the decision
        "(นางสาวสมฤดี ขนอม)",
        "เจ้าพนักงานธุรการชำนาญงาน",
        "ความเห็นผู้อำนวยการกองยุทธศาสตร์และงบประมาณ",
        "(นางสาวศศิธร เต็มังกรพันธ์)",
        "ความเห็นปลัดเทศบาล",
        "(นายชวิน ปพนศักดิ์)",
        "คำสั่งนายกเทศมนตรีเมืองดอนสัก",
        "ทราบ",
        "อนุมัติ",
        "(นายฉัตรชัย กันเที่ยง)",
        "รองนายกเทศมนตรี ปฏิบัติราชการแทน<br>นายกเทศมนตรีเมืองดอนสัก",
        # the drafter's initials and date at the foot, in Thai digits
        "ร่าง/ตรวจ (นางดวงพร นวก์) หน.ฝ่ายแผนงาน ๑๗/๔/๖๙",
    ]
    at = html.index("<article")
    for part in parts:  # each one after the one before
        at = html.index(part, at) + len(part)


def test_a_published_memo_without_an_emblem_shows_no_placeholder(client, demo):
    # issue 20: a published memo never prints a placeholder ("ตรา" in a dashed circle)
    html = client.get("/reports/2568/memo/").content.decode()
    assert "emblem-placeholder" not in html
    head = html[html.index('<div class="memo-emblem">') : html.index('<h1 class="memo-title">')]
    assert "ตรา" not in head and "<svg" not in head and "<img" not in head


def test_a_draft_memo_shows_where_the_garuda_goes(staff_client, demo):
    demo.status = demo.Status.DRAFT
    demo.save()
    html = staff_client.get("/reports/2568/memo/").content.decode()
    assert 'class="emblem-placeholder"' in html and "ตราครุฑ" in html


def test_memo_shows_the_uploaded_emblem(client, demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    org = demo.organization
    org.emblem.save("garuda.png", _png(), save=True)
    html = client.get("/reports/2568/memo/").content.decode()
    assert f'<img src="{org.emblem.url}" alt="ตราครุฑ"' in html


def _png():
    from django.core.files.base import ContentFile

    # A 1×1 transparent PNG.
    return ContentFile(
        bytes.fromhex(
            "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
            "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
        )
    )


def test_memo_of_a_draft_is_hidden_from_the_public(staff_client, demo):
    demo.status = Assessment.Status.DRAFT
    demo.save()
    assert Client().get("/reports/2568/memo/").status_code == 404
    assert "ฉบับร่าง" in staff_client.get("/reports/2568/memo/").content.decode()


def test_memo_page_query_count_is_fixed(client, demo, django_assert_num_queries):
    # organization (header), assessment + organization + framework, memo, signatures, the
    # years for the year switcher
    with django_assert_num_queries(5):
        client.get("/reports/2568/memo/")
    memo = demo.memo
    for n in range(4):
        memo.signatures.create(order=10 + n, name=f"ผู้ลงนาม {n}", position="ตำแหน่ง", role="endorser")
    with django_assert_num_queries(5):
        client.get("/reports/2568/memo/")


def test_memo_fields_sit_on_dotted_lines_and_wrapped_lines_hang_under_the_text(client, demo):
    html = client.get("/reports/2568/memo/").content.decode()
    for label in ("ส่วนราชการ", "ที่", "วันที่", "เรื่อง"):
        assert f'<b class="memo-label">{label}</b><span class="memo-fill">' in html
    assert '<span class="memo-label-plain">เรียน</span><span class="memo-value">' in html
