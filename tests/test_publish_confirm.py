"""Issue 20, finding 5: publishing asks first. Before a year is published, staff see what
becomes public and what is missing (a provisional framework, low scores with no finding, a
memo without signers…) and confirm; a score import into a published year says it goes public
and asks to be confirmed."""

from decimal import Decimal as D

from django.urls import reverse

from actionplans.services import next_year_create
from assessments.models import Assessment, Finding
from tests.frameworks import scores_of, xlsx_bytes
from tests.import_helpers import confirm_import, post_import
from tests.test_admin import change_url, post_data_with_i1_score


def year_form_data(client, assessment):
    """The year's change form as the browser posts it."""
    response = client.get(change_url(assessment))
    forms = [response.context["adminform"].form]
    data = {}
    for formset in response.context["inline_admin_formsets"]:
        fs = formset.formset
        data.update({f"{fs.prefix}-{k}": v for k, v in fs.management_form.initial.items()})
        forms += fs.forms
    for form in forms:
        for bound in form:
            if bound.value() is not None:
                data[bound.html_name] = bound.value()
    return data


def test_publishing_a_provisional_year_with_blank_findings_asks_first(staff_client, demo):
    new, _ = next_year_create(assessment=demo)  # 2569, on the provisional framework
    for q in new.framework.questions.filter(code__in=["i1", "i2"]):
        new.question_scores.create(question=q, score=D("60"))
    data = year_form_data(staff_client, new)
    data["status"] = "published"
    data["_continue"] = "บันทึกและแก้ไขต่อ"

    page = staff_client.post(change_url(new), data)
    html = page.content.decode()
    assert page.status_code == 200
    assert "ยืนยันการเผยแพร่ผลการประเมินปี 2569" in html
    assert "สิ่งที่จะเผยแพร่ต่อสาธารณะ" in html and reverse("publishing:report", args=[2569]) in html
    assert "กรอบการประเมินปี 2569 ยังเป็นข้อมูลเบื้องต้น" in html
    assert "ยังไม่มีข้อบกพร่องหรือข้อเสนอแนะ 2 ข้อ (i1, i2)" in html
    assert "ยังไม่มีบันทึกข้อความ" in html
    new.refresh_from_db()
    assert new.status == "draft" and new.published_at is None  # nothing saved yet

    # The page posts the same form back, confirmed.
    data["_confirm_publish"] = "1"
    response = staff_client.post(change_url(new), data)
    assert response.status_code == 302
    new.refresh_from_db()
    assert new.status == "published" and new.published_at is not None


def test_the_demo_year_lists_only_what_it_lacks(staff_client, demo):
    Assessment.objects.filter(pk=demo.pk).update(status="draft", published_at=None)
    # The demo's memo has no reference number of its own: give it one.
    demo.memo.reference_no, demo.memo.date = "สฎ ๕๒๙๐๘/๙๔", demo.memo.date or demo.published_at
    demo.memo.save()
    data = post_data_with_i1_score(staff_client, demo, "94.12")
    data["status"] = "published"
    html = staff_client.post(change_url(demo), data).content.decode()
    assert "ยืนยันการเผยแพร่" in html
    assert "กรอบการประเมินปี 2568 ยังเป็นข้อมูลเบื้องต้น" not in html
    assert "บันทึกข้อความยังไม่มีผู้ลงนาม" not in html
    assert "ยังไม่มีบันทึกข้อความ" not in html and "ยังไม่มีแผน" not in html
    # The seed itself has no finding for these three questions under 95.
    assert "ยังไม่มีข้อบกพร่องหรือข้อเสนอแนะ 3 ข้อ (i12, i15, o6)" in html


def test_a_finding_with_no_words_counts_as_missing(staff_client, demo):
    Assessment.objects.filter(pk=demo.pk).update(status="draft", published_at=None)
    finding = Finding.objects.filter(assessment=demo, kind="weakness").first()
    codes = sorted(q.code for q in finding.questions.all())
    Finding.objects.filter(pk=finding.pk).update(issue="", recommendation="")
    data = post_data_with_i1_score(staff_client, demo, "94.12")
    data["status"] = "published"
    html = staff_client.post(change_url(demo), data).content.decode()
    assert ", ".join(codes) in html and "จะพิมพ์เป็นช่องว่างในรายงาน" in html


def test_a_saved_published_year_is_not_asked_again(staff_client, demo):
    data = post_data_with_i1_score(staff_client, demo, "94.12")
    assert staff_client.post(change_url(demo), data).status_code == 302


def test_the_years_page_links_its_report_preview(staff_client, demo):
    html = staff_client.get(change_url(demo)).content.decode()
    assert "ดูตัวอย่างรายงาน" in html and reverse("publishing:report", args=[2568]) in html


def test_an_import_into_a_published_year_says_so_and_asks_to_confirm(staff_client, demo):
    assert demo.is_published
    rows = [["รหัสข้อ", "คะแนน"], ["i11", "95.88"]]
    preview = post_import(staff_client, demo, xlsx_bytes({"s": rows}))
    html = preview.content.decode()
    assert "ผลการประเมินปี 2568 เผยแพร่แล้ว" in html
    assert "คะแนนใหม่จะแสดงต่อสาธารณะทันที" in html
    assert 'name="published_ack"' in html

    before = scores_of(demo)
    refused = confirm_import(staff_client, preview, acknowledge=False)
    assert refused.status_code == 200
    assert "กรุณาติ๊กยืนยันว่าทราบว่าคะแนนจะแสดงต่อสาธารณะทันที" in refused.content.decode()
    assert scores_of(demo) == before

    assert confirm_import(staff_client, preview).status_code == 302
    assert scores_of(demo)["questions"]["i11"] == D("95.88")


def test_an_import_into_a_draft_year_asks_nothing_more(staff_client, demo):
    Assessment.objects.filter(pk=demo.pk).update(status="draft", published_at=None)
    rows = [["รหัสข้อ", "คะแนน"], ["i11", "90"]]
    preview = post_import(staff_client, demo, xlsx_bytes({"s": rows}))
    assert 'name="published_ack"' not in preview.content.decode()
    assert confirm_import(staff_client, preview).status_code == 302


def test_the_confirmation_lists_a_missing_garuda_with_the_rest(demo):
    """The emblem's warning is one of the year's checks, so the page that asks before
    publishing names it too (not only the year's admin page)."""
    from publishing.checks import publication_check

    demo.organization.emblem = ""
    demo.organization.save()
    assert any("ตราครุฑ" in text for text in publication_check(demo).missing)
