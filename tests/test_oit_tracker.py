"""The year's OIT tracker (issue 21, item 2): one item per OIT item of the year's framework,
owners, due dates, statuses, links, ticks, memos and notes; history of every change; the
spreadsheet staff keep today in and out; "ยกข้อมูลจากปีก่อน" by topic, merges included."""

import datetime
import io

from django.urls import reverse
from openpyxl import Workbook, load_workbook

from actionplans.models import Division
from oit.models import OitItem, OitLink
from oit.services import tracker_carry_over
from tests.oit_helpers import item, tracker_of
from tests.test_model_import_export import confirm, export, preview

MODEL = "oit_oititem"


def test_a_2569_tracker_has_the_26_items_and_their_elements(demo):
    tracker = tracker_of(2569, demo)
    codes = [i.question.code for i in tracker.items.select_related("question")]
    assert codes == [f"o{n}" for n in range(1, 27)]
    assert all(i.status == "not_started" for i in tracker.items.all())
    ticks = item(tracker, "o19").ticks.order_by("position")
    assert [t.element for t in ticks] == [
        "ประเด็นหรือเรื่องที่เปิดโอกาสให้มีส่วนร่วม",
        "ผู้ที่เข้ามามีส่วนร่วม",
        "ผลการมีส่วนร่วม",
        "การนำผลการมีส่วนร่วมไปใช้",
    ]
    assert str(item(tracker, "o1")).startswith("O1 โครงสร้าง")


def test_carry_over_by_topic_merges_included_due_dates_a_year_on_statuses_reset(demo):
    old = tracker_of(2568, demo)
    thurakan = Division.objects.get(name="งานธุรการ")
    phatsadu = Division.objects.get(name="งานพัสดุ")
    o21, o22 = item(old, "o21"), item(old, "o22")  # 2569 merges them into O20
    o21.owners.set([thurakan])
    o21.due_date, o21.status, o21.itas_note = datetime.date(2025, 3, 31), "submitted", "เมนู ITA"
    o21.save()
    OitLink.objects.create(item=o21, url="https://donsak.go.th/no-gift", is_answer=True)
    o22.owners.set([phatsadu])
    o22.due_date = datetime.date(2025, 4, 30)
    o22.save()
    OitLink.objects.create(item=o22, url="https://donsak.go.th/gift-report", is_answer=True)
    o15 = item(old, "o15")  # 2569's O14 (same topic, new code)
    o15.private_notes = "ขอไฟล์จากงานบุคคล"
    o15.save()
    OitLink.objects.create(item=o15, url="https://donsak.go.th/hr-report", is_answer=True)

    new = tracker_of(2569, demo)
    assert tracker_carry_over(tracker=new) == 2  # O20 (o21 + o22) and O14
    o20 = item(new, "o20")
    assert set(o20.owners.values_list("name", flat=True)) == {"งานธุรการ", "งานพัสดุ"}
    links = list(o20.links.order_by("order"))
    assert [lk.url for lk in links] == [
        "https://donsak.go.th/no-gift",
        "https://donsak.go.th/gift-report",
    ]
    assert [lk.is_answer for lk in links] == [True, False]  # one answer
    assert o20.due_date == datetime.date(2026, 3, 31)
    assert o20.status == "not_started" and o20.itas_note == "เมนู ITA"
    o14 = item(new, "o14")
    assert o14.private_notes == "ขอไฟล์จากงานบุคคล"
    assert o14.links.get().url == "https://donsak.go.th/hr-report"
    # never twice over what is there
    try:
        tracker_carry_over(tracker=new)
    except Exception as e:
        assert "มีลิงก์แล้ว" in " ".join(e.messages)
    else:
        raise AssertionError("carried over twice")


def test_carry_over_from_the_admin(staff_client, demo):
    tracker_of(2568, demo)
    new = tracker_of(2569, demo)
    url = reverse("admin:oit_oittracker_changelist")
    response = staff_client.post(
        url, {"action": "carry_over", "_selected_action": [new.pk]}, follow=True
    )
    assert "ยกข้อมูลจากปีก่อนมาให้" in response.content.decode()


def test_every_change_is_kept_with_who_and_when(staff_client, demo):
    tracker = tracker_of(2569, demo)
    o3 = item(tracker, "o3")
    url = reverse("admin:oit_oititem_change", args=[o3.pk])
    page = staff_client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {
        "owners": [Division.objects.get(name="งานประชาสัมพันธ์").pk],
        "due_date": "31/01/2569",
        "itas_note": "หน้าแรก > ติดต่อเรา",
        "memo_number": "สฎ 52908/123",
        "memo_date": "15/01/2569",
        "private_notes": "",
        "nacc_verdict": "",
        "clarification": "",
        "clarification_outcome": "",
    }
    for fs in page.context["inline_admin_formsets"]:
        mf = fs.formset.management_form
        data.update({f"{fs.formset.prefix}-{k}": v for k, v in mf.initial.items()})
        for f in fs.formset.forms:
            for bound in f:
                if bound.value() is not None:
                    data[bound.html_name] = bound.value()
    links = next(
        fs.formset for fs in page.context["inline_admin_formsets"] if fs.formset.model is OitLink
    )
    data[f"{links.prefix}-0-url"] = "https://donsak.go.th/contact"
    data[f"{links.prefix}-0-is_answer"] = "on"
    data[f"{links.prefix}-0-order"] = "1"
    assert form is not None
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    o3.refresh_from_db()
    assert o3.memo_date == datetime.date(2026, 1, 15) and o3.memo_number == "สฎ 52908/123"
    record = o3.history.latest()
    assert record.history_user.username == "staff"
    assert OitLink.history.filter(item_id=o3.pk).latest().history_user.username == "staff"
    history = staff_client.get(reverse("admin:oit_oititem_history", args=[o3.pk]))
    text = history.content.decode()
    assert "หน้าแรก &gt; ติดต่อเรา" in text or "หน้าแรก > ติดต่อเรา" in text


def _sheet(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["ปีงบประมาณ", "ข้อ", "ส่วนงาน", "กำหนดเสร็จ", "URL", "คำอธิบาย"])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_staff_import_the_sheet_they_keep_today_and_export_it(staff_client, demo):
    tracker = tracker_of(2569, demo)
    data = _sheet(
        [
            [2569, "O1", "งานธุรการ", "31/01/2569", "https://donsak.go.th/structure", "เมนูโครงสร้าง"],
            [
                2569,
                "o๒",
                "งานธุรการ, งานประชาสัมพันธ์",
                "28 ก.พ. 2569",
                "https://donsak.go.th/exec\nhttps://donsak.go.th/exec2",
                "",
            ],
        ]
    )
    response = preview(staff_client, MODEL, data, 0, "oit.xlsx")
    assert response.context["result"].totals["update"] == 2, response.content.decode()[:3000]
    assert not OitLink.objects.exists()
    confirm(staff_client, MODEL, response)
    o1, o2 = item(tracker, "o1"), item(tracker, "o2")
    assert o1.due_date == datetime.date(2026, 1, 31) and o1.itas_note == "เมนูโครงสร้าง"
    assert list(o1.owners.values_list("name", flat=True)) == ["งานธุรการ"]
    assert [(lk.url, lk.is_answer) for lk in o2.links.order_by("order")] == [
        ("https://donsak.go.th/exec", True),
        ("https://donsak.go.th/exec2", False),
    ]
    assert o2.owners.count() == 2
    wb = load_workbook(io.BytesIO(export(staff_client, MODEL, 0)))
    ws = wb.active
    header = [c.value for c in ws[1]]
    assert header[:6] == ["ปีงบประมาณ", "ข้อ", "ส่วนงาน", "กำหนดเสร็จ", "URL", "คำอธิบาย"]
    rows = {r[1]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["O2"][4] == "https://donsak.go.th/exec\nhttps://donsak.go.th/exec2"
    # the file back again changes nothing
    out = io.BytesIO()
    wb.save(out)
    again = preview(staff_client, MODEL, out.getvalue(), 0, "oit.xlsx")
    assert again.context["result"].totals["update"] == 0


def test_an_unknown_code_division_or_bad_url_is_named_and_nothing_is_saved(staff_client, demo):
    tracker_of(2569, demo)
    data = _sheet(
        [
            [2569, "O1", "งานธุรการ", "", "https://donsak.go.th/ok", ""],
            [2569, "O27", "งานธุรการ", "", "", ""],
            [2569, "O2", "กองที่ไม่มี", "", "ftp://x", ""],
        ]
    )
    response = preview(staff_client, MODEL, data, 0, "oit.xlsx")
    page = response.content.decode()
    assert "ไม่มีข้อ O27 ในกรอบการประเมินของปีนี้" in page
    assert "ไม่รู้จักส่วนงาน “กองที่ไม่มี”" in page
    assert "URL ไม่ถูกต้อง: ftp://x" in page
    assert not OitLink.objects.exists()


def test_import_needs_the_permission_to_change_items(client, demo, django_user_model):
    tracker_of(2569, demo)
    viewer = django_user_model.objects.create_user(
        "viewer", password="viewer-pass-123", is_staff=True
    )
    from django.contrib.auth.models import Permission

    viewer.user_permissions.add(Permission.objects.get(codename="view_oititem"))
    client.force_login(viewer)
    assert client.get(reverse(f"admin:{MODEL}_import")).status_code == 403
    assert client.get(reverse(f"admin:{MODEL}_export")).status_code == 200
    assert OitItem.objects.count() == 26


def test_an_empty_url_cell_leaves_the_items_links_as_they_are(staff_client, demo):
    tracker = tracker_of(2569, demo)
    o1 = item(tracker, "o1")
    OitLink.objects.create(item=o1, url="https://donsak.go.th/carried", is_answer=True)
    data = _sheet([[2569, "O1", "งานธุรการ", "31/01/2569", "", "เมนูโครงสร้าง"]])
    confirm(staff_client, MODEL, preview(staff_client, MODEL, data, 0, "oit.xlsx"))
    assert [lk.url for lk in o1.links.all()] == ["https://donsak.go.th/carried"]
    assert item(tracker, "o1").itas_note == "เมนูโครงสร้าง"


def test_the_trackers_page_assigns_owners_and_due_dates_and_shows_the_history(staff_client, demo):
    tracker = tracker_of(2569, demo)
    url = reverse("admin:oit_oittracker_change", args=[tracker.pk])
    page = staff_client.get(url)
    assert page.status_code == 200
    data = {"table_published": "", "watch_until": "", "is_example": ""}
    fs = page.context["inline_admin_formsets"][0].formset
    data.update({f"{fs.prefix}-{k}": v for k, v in fs.management_form.initial.items()})
    for n, form in enumerate(fs.forms):
        data[f"{fs.prefix}-{n}-id"] = form.instance.pk
        data[f"{fs.prefix}-{n}-tracker"] = tracker.pk
    thurakan = Division.objects.get(name="งานธุรการ")
    data[f"{fs.prefix}-0-owners"] = [thurakan.pk]
    data[f"{fs.prefix}-0-due_date"] = "31/01/2569"
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    o1 = item(tracker, "o1")
    assert list(o1.owners.all()) == [thurakan] and o1.due_date == datetime.date(2026, 1, 31)
    history = staff_client.get(reverse("admin:oit_oittracker_history", args=[tracker.pk]))
    assert history.status_code == 200 and "กำหนดเสร็จ" in history.content.decode()


def test_an_old_admin_form_does_not_undo_a_heads_note(staff_client, demo):
    from tests.test_stale_saves import STALE, admin_form

    tracker = tracker_of(2569, demo)
    o3 = item(tracker, "o3")
    url = reverse("admin:oit_oititem_change", args=[o3.pk])
    data = admin_form(staff_client, url)
    o3.itas_note = "หน้าแรก > ติดต่อเรา (หัวหน้าแก้)"
    o3.save()
    data["memo_number"] = "สฎ 1/2569"
    response = staff_client.post(url, data)
    assert response.status_code == 200 and STALE in response.content.decode()
    o3.refresh_from_db()
    assert o3.itas_note == "หน้าแรก > ติดต่อเรา (หัวหน้าแก้)" and o3.memo_number == ""
