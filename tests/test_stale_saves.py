"""Two people editing the same row: the later save of an older form is refused with a Thai
message saying what changed meanwhile, the user's input is kept to apply again, and nothing the
other person saved is lost (issue 13, finding 1)."""

import datetime

import pytest
from django import forms
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from actionplans.models import ActionItem, Division, PlanMethod, PlanTopic, ProgressUpdate
from actionplans.services import progress_update_create
from assessments.models import Finding, Memo
from core.thai import be_input_text
from tests.livehttp import LiveBrowser

STALE = "มีผู้อื่นแก้ไข"


def form_data(form):
    """What a browser would send for `form` as the page shows it."""
    data = {}
    for bf in form:
        value, widget, name = bf.value(), bf.field.widget, bf.html_name
        if isinstance(widget, forms.MultiWidget):
            parts = widget.decompress(value) if not isinstance(value, list) else value
            for suffix, w, part in zip(widget.widgets_names, widget.widgets, parts, strict=False):
                data[name + suffix] = w.format_value(part) or ""
        elif isinstance(widget, forms.CheckboxInput):
            if value:
                data[name] = "on"
        elif value is None:
            data[name] = ""
        else:
            formatted = widget.format_value(value)
            if isinstance(value, list | tuple) or isinstance(formatted, list):
                values = value if isinstance(value, list | tuple) else formatted
                data[name] = [str(getattr(v, "pk", v)) for v in values]
            else:
                data[name] = "" if formatted is None else formatted
    return data


def admin_form(client, url):
    """The change page's POST data: the main form and every inline, as shown."""
    response = client.get(url)
    assert response.status_code == 200
    data = form_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(form_data(formset.management_form))
        for f in formset.forms:
            data.update(form_data(f))
    return data


@pytest.fixture
def item(demo):
    return ActionItem.objects.filter(owner__name="งานธุรการ").order_by("pk").first()


@pytest.fixture
def staff2(django_user_model):
    return django_user_model.objects.create_user(
        "staff2", "s2@example.com", "staff2-pass-123", is_staff=True, is_superuser=True
    )


def test_old_admin_form_does_not_roll_back_a_heads_progress(staff_client, alice, item):
    """The review's case: staff opens the item, the head reports 60 %, staff saves the old
    form having changed only the due date."""
    url = reverse("admin:actionplans_actionitem_change", args=[item.pk])
    data = admin_form(staff_client, url)
    progress_update_create(item=item, author=alice, status="in_progress", percent=60, note="60")
    typed = be_input_text(datetime.date(2026, 1, 31))  # as staff type it, in พ.ศ.
    data["due_date"] = typed
    response = staff_client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert STALE in page and "อลิส ใจดี" in page
    assert "“ร้อยละความก้าวหน้า”: 0 → 60" in page
    assert "“สถานะ”: ยังไม่เริ่ม → กำลังดำเนินการ" in page
    item.refresh_from_db()
    assert (item.status, item.percent) == ("in_progress", 60)
    assert item.due_date != datetime.date(2026, 1, 31)
    # The refused form kept the due date typed and carries a fresh token: saving again works,
    # and the head's progress stays.
    refused = response.context["adminform"].form
    assert refused["due_date"].value() == typed
    again = staff_client.post(url, {**data, "stale_token": refused["stale_token"].value()})
    assert again.status_code == 302
    item.refresh_from_db()
    assert item.due_date == datetime.date(2026, 1, 31)
    assert (item.status, item.percent) == ("in_progress", 60)


def test_admin_cannot_set_status_or_percent_of_an_item(staff_client, alice, item):
    url = reverse("admin:actionplans_actionitem_change", args=[item.pk])
    data = admin_form(staff_client, url)
    progress_update_create(item=item, author=alice, status="in_progress", percent=60, note="60")
    data.pop("stale_token")  # even a post without the check cannot roll them back
    data.update(status="not_started", percent="0")
    assert staff_client.post(url, data).status_code == 302
    item.refresh_from_db()
    assert (item.status, item.percent) == ("in_progress", 60)


def test_second_staff_save_of_a_finding_is_refused_and_then_keeps_both_edits(
    staff_client, staff2, demo
):
    finding = Finding.objects.filter(assessment=demo).order_by("pk").first()
    url = reverse("admin:assessments_finding_change", args=[finding.pk])
    other = Client()
    other.force_login(staff2)
    mine, theirs = admin_form(staff_client, url), admin_form(other, url)

    theirs["recommendation"] = "ข้อเสนอแนะที่เจ้าหน้าที่คนที่สองแก้"
    assert other.post(url, theirs).status_code == 302

    mine["issue"] = "ประเด็นที่เจ้าหน้าที่คนแรกแก้"
    response = staff_client.post(url, mine)
    page = response.content.decode()
    assert response.status_code == 200 and STALE in page
    assert "ข้อเสนอแนะ / ข้อความ" in page and "ข้อเสนอแนะที่เจ้าหน้าที่คนที่สองแก้" in page
    finding.refresh_from_db()
    assert finding.recommendation == "ข้อเสนอแนะที่เจ้าหน้าที่คนที่สองแก้"

    # Saving the refused form again: my edit lands, theirs is not undone.
    refused = response.context["adminform"].form
    assert refused["issue"].value() == "ประเด็นที่เจ้าหน้าที่คนแรกแก้"
    assert staff_client.post(url, form_data(refused)).status_code == 302
    finding.refresh_from_db()
    assert finding.issue == "ประเด็นที่เจ้าหน้าที่คนแรกแก้"
    assert finding.recommendation == "ข้อเสนอแนะที่เจ้าหน้าที่คนที่สองแก้"


@pytest.mark.parametrize(
    "admin_name, get_obj, field, value",
    [
        ("assessments_assessment", lambda d: d, "summary", "สรุปใหม่"),
        ("assessments_guideline", lambda d: d.guidelines.first(), "text", "แนวทางใหม่"),
        ("assessments_memo", lambda d: Memo.objects.get(assessment=d), "facts", "ข้อเท็จจริงใหม่"),
        ("actionplans_plantopic", lambda d: d.plan_topics.first(), "title", "หัวข้อใหม่"),
        (
            "actionplans_planmethod",
            lambda d: PlanMethod.objects.filter(topic__assessment=d).first(),
            "text",
            "วิธีการใหม่",
        ),
        ("actionplans_division", lambda d: Division.objects.first(), "name", "กองใหม่"),
        ("assessments_organization", lambda d: d.organization, "phone", "๐ ๗๗๓๗ ๑๒๓๔"),
        ("indicators_frameworkyear", lambda d: d.framework, "notes", "หมายเหตุใหม่"),
        (
            "indicators_question",
            lambda d: d.framework.questions.get(code="i1"),
            "title",
            "ข้อคำถามใหม่",
        ),
    ],
)
def test_every_shared_admin_form_refuses_a_stale_save(
    staff_client, staff2, demo, admin_name, get_obj, field, value
):
    obj = get_obj(demo)
    url = reverse(f"admin:{admin_name}_change", args=[obj.pk])
    other = Client()
    other.force_login(staff2)
    mine, theirs = admin_form(staff_client, url), admin_form(other, url)
    theirs[field] = value
    assert other.post(url, theirs).status_code == 302
    response = staff_client.post(url, mine)
    assert response.status_code == 200 and STALE in response.content.decode()
    obj.refresh_from_db()
    assert getattr(obj, field) == value


def test_plan_topic_inline_cannot_mark_an_item_done_below_100(staff_client, demo):
    topic = PlanTopic.objects.filter(assessment=demo).order_by("number").first()
    url = reverse("admin:actionplans_plantopic_change", args=[topic.pk])
    data = admin_form(staff_client, url)
    first = topic.items.order_by("number").first()
    prefix = next(
        k[:-3]
        for k, v in data.items()
        if k.startswith("items-") and k.endswith("-id") and v == str(first.pk)
    )
    data[f"{prefix}-status"], data[f"{prefix}-percent"] = "done", "40"
    data[f"{prefix}-text"] = first.text + " (แก้)"
    assert staff_client.post(url, data).status_code == 302
    first.refresh_from_db()
    assert first.text.endswith("(แก้)")
    assert (first.status, first.percent) == ("not_started", 0)


def test_done_iff_100_holds_in_the_model_and_the_database(item, alice):
    item.status, item.percent = "done", 40
    with pytest.raises(Exception, match="ร้อยละ 100"):
        item.full_clean()
    item.status, item.percent = "in_progress", 100
    with pytest.raises(Exception, match="เสร็จแล้ว"):
        item.full_clean()
    for status, percent in (("done", 40), ("in_progress", 100)):
        with pytest.raises(IntegrityError), transaction.atomic():
            ActionItem.objects.filter(pk=item.pk).update(status=status, percent=percent)
        with pytest.raises(IntegrityError), transaction.atomic():
            ProgressUpdate.objects.create(item=item, author=alice, status=status, percent=percent)


def test_head_report_on_a_changed_item_is_refused_in_thai_and_keeps_the_input(
    alice_client, alice, item
):
    url = reverse("actionplans:item", args=[item.pk])
    hidden = LiveBrowser.hidden_fields(alice_client.get(url).content.decode())
    progress_update_create(item=item, author=alice, status="in_progress", percent=60, note="ก่อน")
    data = {**hidden, "status": "in_progress", "percent": "30", "note": "บันทึกที่ยังไม่ได้ส่ง"}
    response = alice_client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200 and STALE in page
    assert "“ร้อยละความก้าวหน้า”: 0 → 60" in page
    assert "บันทึกที่ยังไม่ได้ส่ง" in page  # the typed note is still in the form
    assert ProgressUpdate.objects.filter(item=item).count() == 1
    again = {**LiveBrowser.hidden_fields(page), "status": "in_progress", "percent": "30"}
    again["note"] = "บันทึกที่ยังไม่ได้ส่ง"
    assert alice_client.post(url, again).status_code == 302
    item.refresh_from_db()
    assert item.percent == 30 and ProgressUpdate.objects.filter(item=item).count() == 2


def test_two_staff_entering_the_same_score_the_second_is_refused(staff_client, staff2, demo):
    """Scores are inline rows of the year's page: the year's own fields do not change when a
    score does, so each score row carries its own check."""
    from assessments.models import QuestionScore

    score = QuestionScore.objects.get(assessment=demo, question__code="i1")
    other_score = QuestionScore.objects.get(assessment=demo, question__code="i2")
    url = reverse("admin:assessments_assessment_change", args=[demo.pk])
    other = Client()
    other.force_login(staff2)
    mine, theirs = admin_form(staff_client, url), admin_form(other, url)

    def field_of(data, row):
        return next(k[: -len("-id")] for k, v in data.items() if k.endswith("-id") and v == row)

    theirs[f"{field_of(theirs, str(score.pk))}-score"] = "90.00"
    assert other.post(url, theirs).status_code == 302
    mine[f"{field_of(mine, str(score.pk))}-score"] = "80.00"
    response = staff_client.post(url, mine)
    assert response.status_code == 200 and STALE in response.content.decode()
    score.refresh_from_db()
    assert score.score == 90
    # A different score of the same year saves: nobody else changed that row.
    mine = admin_form(staff_client, url)
    mine[f"{field_of(mine, str(other_score.pk))}-score"] = "70.00"
    assert staff_client.post(url, mine).status_code == 302
    score.refresh_from_db()
    other_score.refresh_from_db()
    assert (score.score, other_score.score) == (90, 70)
