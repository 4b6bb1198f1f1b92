"""A visitor never sees a kept page once a write that changes it has committed, whatever path the
write took (issue 18, item 4: publishing.caching, publishing.receivers, core.signals).

Each test has an anonymous visitor load a public page (kept from then on), makes the write
through the path staff, division heads or the commands use, and has the same visitor load the
page again. A test runs in one transaction that never commits, so the writes run inside
`commit()` (django_capture_on_commit_callbacks(execute=True)), which runs what the commit would.
"""

import io
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from actionplans.demo import demo_load
from actionplans.models import ActionItem, Division, PlanMethod, PlanTopic, ResultsRound
from actionplans.services import next_year_create, progress_update_create
from assessments.models import Assessment, Finding, Guideline, Memo
from indicators.models import FrameworkYear, Indicator
from indicators.services import framework_copy
from publishing import caching, receivers
from tests.frameworks import upload
from tests.import_helpers import confirm_import, post_import
from tests.test_backup import portal  # noqa: F401  (committed data, for the restore)
from tests.test_model_import_export import confirm, export, preview
from tests.test_stale_saves import admin_form

REPORT = "/reports/2568/"
PLAN = "/reports/2568/plan/"
RESULTS = "/reports/2568/results/6m/"
HOME = "/"
DATA_ABOUT = "/reports/2568/data/"


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Runs the block's on-commit callbacks at its end, as the commit of its writes would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def visitor():
    return Client()


def text(response):
    """The page's text as a reader sees it: no line-break hints, single spaces."""
    html = response.content.decode().replace("<wbr>", "")
    return " ".join(html.split())


def kept(visitor, url):
    """Load `url` as the visitor and check that the page is now kept; returns its text."""
    response = visitor.get(url)
    assert response.status_code == 200, url
    entry = cache.get(f"page:{url}")
    assert entry is not None and entry[0] == caching.document_version(), "not kept"
    return text(response)


def still_kept(url):
    entry = cache.get(f"page:{url}")
    return entry is not None and entry[0] == caching.document_version()


def action(client, url, name, pk, **extra):
    return client.post(url, {"action": name, "_selected_action": [pk], **extra}, follow=True)


# --- what is kept, and for whom -----------------------------------------------------------------


@pytest.fixture
def published_round(demo):
    from publishing.rounds import results_round_publish

    rnd = ResultsRound(assessment=demo, kind="6m")
    rnd.full_clean()
    rnd.save()
    return results_round_publish(rnd=rnd)


@pytest.mark.parametrize("url", [HOME, REPORT, PLAN, RESULTS, DATA_ABOUT])
def test_a_kept_page_costs_a_visitor_no_query(
    visitor, published_round, url, django_assert_num_queries
):
    first = kept(visitor, url)
    # The version and the page come from the cache in one call: no SQL at all.
    with django_assert_num_queries(0):
        again = visitor.get(url)
    assert text(again) == first


def test_staff_and_signed_in_users_never_get_a_kept_page(visitor, staff_client, alice_client, demo):
    # Rendered for them first: nothing of theirs is kept for the next visitor.
    assert "ออกจากระบบ (staff)" in text(staff_client.get(REPORT))
    assert "ออกจากระบบ (alice)" in text(alice_client.get(PLAN))
    assert cache.get(f"page:{REPORT}") is None and cache.get(f"page:{PLAN}") is None
    # Kept for visitors: the signed-in still get their own render, with their name on it.
    assert "ออกจากระบบ" not in kept(visitor, REPORT)
    assert "ออกจากระบบ" not in kept(visitor, PLAN)
    assert "ออกจากระบบ (staff)" in text(staff_client.get(REPORT))
    assert "ออกจากระบบ (alice)" in text(alice_client.get(PLAN))
    # A visitor with a message waiting (a cookie of their own) gets a page of their own too.
    visitor.cookies["messages"] = "x"
    assert not caching.cacheable(visitor.get(REPORT).wsgi_request)


def test_every_row_of_the_documents_apps_is_watched(db):
    """The safety net: every model of indicators, assessments and actionplans (history records
    aside) invalidates on save and delete, every many-to-many table on a change."""
    from django.apps import apps

    try:
        for label in receivers.DOCUMENT_APPS:
            for model in apps.get_app_config(label).get_models(include_auto_created=True):
                if getattr(model, "instance_type", None) is not None:
                    continue
                uid = f"publishing.caching:{model._meta.label}"
                signals = [m2m_changed] if model._meta.auto_created else [post_save, post_delete]
                for signal in signals:
                    assert signal.disconnect(sender=model, dispatch_uid=uid), model
    finally:
        receivers.connect_rows()


# --- a year published, withdrawn, corrected (the year's admin page) -----------------------------


def assessment_url(assessment):
    return reverse("admin:assessments_assessment_change", args=[assessment.pk])


def test_withdrawing_and_publishing_a_year_in_the_admin(visitor, staff_client, demo, commit):
    kept(visitor, REPORT)
    assert "/reports/2568/" in kept(visitor, HOME)
    data = admin_form(staff_client, assessment_url(demo))
    with commit():
        response = staff_client.post(assessment_url(demo), {**data, "status": "draft"})
    assert response.status_code == 302
    assert visitor.get(REPORT).status_code == 404
    assert visitor.get(PLAN).status_code == 404
    assert "/reports/2568/" not in text(visitor.get("/"))
    data = admin_form(staff_client, assessment_url(demo))
    with commit():
        staff_client.post(assessment_url(demo), {**data, "status": "published"})
    assert visitor.get(REPORT).status_code == 200
    assert "/reports/2568/" in text(visitor.get("/"))


def test_a_score_corrected_on_the_years_page_inline(visitor, staff_client, demo, commit):
    assert "๑๒.๓๔" not in kept(visitor, REPORT)
    data = admin_form(staff_client, assessment_url(demo))
    i1 = demo.question_scores.get(question__code="i1")
    row = next(
        k
        for k, v in data.items()
        if re.fullmatch(r"question_scores-\d+-id", k) and str(v) == str(i1.pk)
    )
    data[row.replace("-id", "-score")] = "12.34"
    with commit():
        assert staff_client.post(assessment_url(demo), data).status_code == 302
    assert "๑๒.๓๔" in text(visitor.get(REPORT))


# --- the analysis, the memo and the organization in their own admins ---------------------------


def test_a_finding_edited_then_deleted_in_the_admin(visitor, staff_client, demo, commit):
    finding = Finding.objects.filter(assessment=demo).order_by("pk").first()
    kept(visitor, REPORT)
    url = reverse("admin:assessments_finding_change", args=[finding.pk])
    data = admin_form(staff_client, url)
    with commit():
        response = staff_client.post(url, {**data, "recommendation": "ข้อเสนอแนะฉบับแก้ใหม่"})
    assert response.status_code == 302
    assert "ข้อเสนอแนะฉบับแก้ใหม่" in kept(visitor, REPORT)
    with commit():
        staff_client.post(
            reverse("admin:assessments_finding_delete", args=[finding.pk]), {"post": "yes"}
        )
    assert not Finding.objects.filter(pk=finding.pk).exists()
    assert "ข้อเสนอแนะฉบับแก้ใหม่" not in text(visitor.get(REPORT))


def test_a_guideline_edited_in_the_admin(visitor, staff_client, demo, commit):
    guideline = Guideline.objects.filter(assessment=demo).order_by("pk").first()
    kept(visitor, REPORT)
    url = reverse("admin:assessments_guideline_change", args=[guideline.pk])
    with commit():
        staff_client.post(url, {**admin_form(staff_client, url), "text": "แนวทางฉบับแก้ใหม่"})
    assert "แนวทางฉบับแก้ใหม่" in text(visitor.get(REPORT))


def test_rows_deleted_from_a_list_in_the_admin(visitor, staff_client, demo, commit):
    """The list's "delete selected" action deletes with one QuerySet.delete()."""
    pks = list(Guideline.objects.filter(assessment=demo).values_list("pk", flat=True)[:2])
    Guideline.objects.filter(pk__in=pks).update(text="แนวทางที่จะถูกลบ")  # before the visit
    assert "แนวทางที่จะถูกลบ" in kept(visitor, REPORT)
    changelist = reverse("admin:assessments_guideline_changelist")
    with commit():
        staff_client.post(
            changelist, {"action": "delete_selected", "_selected_action": pks, "post": "yes"}
        )
    assert not Guideline.objects.filter(pk__in=pks).exists()
    assert "แนวทางที่จะถูกลบ" not in text(visitor.get(REPORT))


def test_the_organization_renamed_in_the_admin(visitor, staff_client, demo, commit):
    org = demo.organization
    kept(visitor, PLAN)
    url = reverse("admin:assessments_organization_change", args=[org.pk])
    with commit():
        staff_client.post(url, {**admin_form(staff_client, url), "name": "เทศบาลทดสอบชื่อใหม่"})
    assert "เทศบาลทดสอบชื่อใหม่" in text(visitor.get(PLAN))


def test_the_memo_edited_in_the_admin_renders_a_new_pdf(
    visitor, staff_client, demo, commit, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    before = visitor.get("/reports/2568/memo.pdf")["ETag"]
    assert visitor.get("/reports/2568/memo.pdf")["ETag"] == before  # served by its known key
    url = reverse("admin:assessments_memo_change", args=[demo.memo.pk])
    data = admin_form(staff_client, url)
    with commit():
        assert staff_client.post(url, {**data, "subject": "เรื่องที่แก้ใหม่"}).status_code == 302
    assert Memo.objects.get(pk=demo.memo.pk).subject == "เรื่องที่แก้ใหม่"
    assert visitor.get("/reports/2568/memo.pdf")["ETag"] != before


def test_findings_drafted_by_the_admin_action(visitor, staff_client, demo, commit):
    Finding.objects.filter(assessment=demo).delete()  # a year not analysed yet
    kept(visitor, REPORT)
    changelist = reverse("admin:assessments_assessment_changelist")
    with commit():
        action(staff_client, changelist, "draft_findings", demo.pk, apply="1", threshold="95")
    assert Finding.objects.filter(assessment=demo).exists()
    assert not still_kept(REPORT)


def test_the_memo_drafted_by_the_admin_action(visitor, staff_client, demo, commit):
    Memo.objects.filter(pk=demo.memo.pk).update(edited_by_person=False)
    kept(visitor, REPORT)
    changelist = reverse("admin:assessments_assessment_changelist")
    with commit():
        action(staff_client, changelist, "draft_memo", demo.pk)
    assert not still_kept(REPORT)


# --- the plan in the admin ----------------------------------------------------------------------


def test_an_item_edited_in_its_topics_inline(visitor, staff_client, demo, commit):
    topic = PlanTopic.objects.filter(assessment=demo).order_by("number").first()
    item = topic.items.order_by("number").first()
    kept(visitor, PLAN)
    url = reverse("admin:actionplans_plantopic_change", args=[topic.pk])
    data = admin_form(staff_client, url)
    row = next(
        k for k, v in data.items() if re.fullmatch(r"items-\d+-id", k) and str(v) == str(item.pk)
    )
    data[row.replace("-id", "-text")] = "ขั้นตอนที่แก้ในหน้าหัวข้อ"
    with commit():
        assert staff_client.post(url, data).status_code == 302
    assert "ขั้นตอนที่แก้ในหน้าหัวข้อ" in text(visitor.get(PLAN))


def test_a_method_edited_in_its_admin(visitor, staff_client, demo, commit):
    method = PlanMethod.objects.filter(topic__assessment=demo).order_by("pk").first()
    kept(visitor, REPORT)
    url = reverse("admin:actionplans_planmethod_change", args=[method.pk])
    with commit():
        staff_client.post(url, {**admin_form(staff_client, url), "text": "วิธีการที่แก้ใหม่"})
    assert "วิธีการที่แก้ใหม่" in text(visitor.get(REPORT))


def test_a_division_renamed_in_the_admin(visitor, staff_client, demo, commit):
    division = Division.objects.get(name="งานธุรการ")
    kept(visitor, PLAN)
    url = reverse("admin:actionplans_division_change", args=[division.pk])
    with commit():
        staff_client.post(url, {**admin_form(staff_client, url), "name": "งานธุรการกลาง"})
    assert "งานธุรการกลาง" in text(visitor.get(PLAN))


def test_a_progress_report_corrected_in_the_admin(visitor, staff_client, alice, commit):
    item = ActionItem.objects.filter(owner__name="งานธุรการ").order_by("pk").first()
    with commit():
        update = progress_update_create(
            item=item, author=alice, status="in_progress", percent=20, public_summary="ร่างแรก"
        )
    assert "ร่างแรก" in kept(visitor, PLAN)
    url = reverse("admin:actionplans_progressupdate_change", args=[update.pk])
    data = admin_form(staff_client, url)
    with commit():
        staff_client.post(url, {**data, "public_summary": "สรุปที่เจ้าหน้าที่แก้"})
    assert "สรุปที่เจ้าหน้าที่แก้" in text(visitor.get(PLAN))


# --- progress from /actions/ ----------------------------------------------------------------


def test_a_division_heads_progress_report(visitor, alice_client, demo, commit):
    item = ActionItem.objects.filter(owner__name="งานธุรการ").order_by("pk").first()
    assert "จัดอบรมครบทุกกองแล้ว" not in kept(visitor, PLAN)
    form = alice_client.get(reverse("actionplans:item", args=[item.pk])).context["form"]
    data = {
        "status": "in_progress",
        "percent": "50",
        "public_summary": "จัดอบรมครบทุกกองแล้ว",
        "stale_token": form["stale_token"].value(),
        "submission": form["submission"].value(),
    }
    with commit():
        response = alice_client.post(reverse("actionplans:item", args=[item.pk]), data)
    assert response.status_code == 302
    assert "จัดอบรมครบทุกกองแล้ว" in text(visitor.get(PLAN))


def test_the_plans_percent_on_the_agencys_page_follows_a_progress_report(
    visitor, alice_client, demo, commit
):
    from actionplans.progress import progress_percent
    from core.thai import thai_digits

    def plan_percent():
        items = ActionItem.objects.filter(topic__assessment=demo)
        return f"{thai_digits(progress_percent(items.values_list('status', 'percent')))}%"

    before = plan_percent()
    assert before in kept(visitor, HOME)
    item = ActionItem.objects.filter(owner__name="งานธุรการ", percent=0).order_by("pk").first()
    form = alice_client.get(reverse("actionplans:item", args=[item.pk])).context["form"]
    data = {
        "status": "done",
        "percent": "100",
        "public_summary": "เสร็จแล้ว",
        "stale_token": form["stale_token"].value(),
        "submission": form["submission"].value(),
    }
    with commit():
        assert (
            alice_client.post(reverse("actionplans:item", args=[item.pk]), data).status_code == 302
        )
    after = plan_percent()
    assert after != before
    assert after in text(visitor.get(HOME))


# --- spreadsheet imports: preview, then confirm ------------------------------------------------


def test_scores_imported_from_a_file(visitor, staff_client, demo, commit):
    from assessments.resources import template_xlsx

    assert "๑๒.๓๔" not in kept(visitor, REPORT)
    wb = load_workbook(io.BytesIO(template_xlsx(demo)))
    ws = wb.active
    row = next(r for r in ws.iter_rows() if r[0].value == "i1")
    row[2].value = 12.34
    out = io.BytesIO()
    wb.save(out)
    with commit():  # the preview is a dry run, rolled back: it announces nothing
        response = post_import(staff_client, demo, out.getvalue())
    assert still_kept(REPORT)
    with commit():
        confirm_import(staff_client, response)
    assert str(demo.question_scores.get(question__code="i1").score) == "12.34"
    assert "๑๒.๓๔" in text(visitor.get(REPORT))


SHEETS = [
    # admin model, a text in the demo, the page that prints it
    ("assessments_finding", lambda d: d.findings.order_by("pk")[0].recommendation, REPORT),
    ("assessments_guideline", lambda d: d.guidelines.order_by("pk")[0].text, REPORT),
    ("actionplans_plantopic", lambda d: d.plan_topics.order_by("pk")[0].title, PLAN),
    ("actionplans_planmethod", lambda d: PlanMethod.objects.order_by("pk")[0].text, REPORT),
    ("actionplans_actionitem", lambda d: ActionItem.objects.order_by("pk")[0].text, PLAN),
    ("actionplans_division", lambda d: "งานธุรการ", PLAN),
]


@pytest.mark.parametrize("model, old_text, url", SHEETS, ids=[s[0] for s in SHEETS])
def test_a_sheet_imported_in_the_admin(visitor, staff_client, demo, commit, model, old_text, url):
    old = old_text(demo)
    new = "ข้อความจากไฟล์นำเข้า"
    csv = export(staff_client, model, 1).decode("utf-8-sig")
    assert old in csv
    kept(visitor, url)
    edited = csv.replace(old, new, 1)
    if model == "actionplans_division":  # a new division (divisions are matched by name)
        edited = csv + f"{new},,99\r\n"
    with commit():  # the preview is a dry run, rolled back: it announces nothing
        response = preview(staff_client, model, edited.encode("utf-8-sig"), 1, "sheet.csv")
    result = response.context["result"]
    assert not result.has_errors() and not result.has_validation_errors(), result.invalid_rows
    assert still_kept(url)
    with commit():
        confirm(staff_client, model, response)
    if model == "actionplans_division":
        assert Division.objects.filter(name=new).exists() and not still_kept(url)
    else:
        assert new in text(visitor.get(url))


# --- the framework --------------------------------------------------------------------------


def test_an_indicator_renamed_in_the_framework_editor(visitor, ita_staff_client, demo, commit):
    from tests.test_framework_editor import change_url, page_data

    fw = demo.framework  # in use by the published report: names stay editable
    indicator = Indicator.objects.get(framework=fw, number=1)
    kept(visitor, REPORT)
    data, rows = page_data(ita_staff_client, fw)
    prefix = next(p for p in rows["Indicator"] if data.get(f"{p}-id") == indicator.pk)
    data[f"{prefix}-name"] = "ชื่อตัวชี้วัดที่แก้ในกรอบ"
    with commit():
        assert ita_staff_client.post(change_url(fw), data).status_code == 302
    assert "ชื่อตัวชี้วัดที่แก้ในกรอบ" in text(visitor.get(REPORT))


def test_a_year_copied_by_the_admin_action(visitor, ita_staff_client, demo, commit):
    kept(visitor, REPORT)
    changelist = reverse("admin:indicators_frameworkyear_changelist")
    source = FrameworkYear.objects.get(year=2569)
    with commit():
        action(ita_staff_client, changelist, "copy_year", source.pk, apply="1", year="2570")
    assert FrameworkYear.objects.filter(year=2570).exists()
    assert not still_kept(REPORT)


def test_a_framework_workbook_imported_in_the_admin(visitor, ita_staff_client, demo, commit):
    fw = FrameworkYear.objects.get(year=2569)
    workbook = ita_staff_client.get(
        reverse("admin:indicators_frameworkyear_workbook", args=[fw.pk])
    )
    kept(visitor, REPORT)
    with commit():  # the preview is a dry run, rolled back: it announces nothing
        preview_page = ita_staff_client.post(
            reverse("admin:indicators_frameworkyear_import"),
            {"file": upload(workbook.content, "framework.xlsx"), "year": "2571", "name": ""},
        )
    assert still_kept(REPORT)
    with commit():
        ita_staff_client.post(
            reverse("admin:indicators_frameworkyear_import_confirm"),
            {"payload": preview_page.context["payload"]},
        )
    assert FrameworkYear.objects.filter(year=2571).exists()
    assert not still_kept(REPORT)


def test_the_framework_catalogue_loaded_again(visitor, demo, commit):
    kept(visitor, REPORT)
    with commit():
        call_command("load_framework", "--overwrite", verbosity=0)
    assert not still_kept(REPORT)


# --- results rounds (publishing's admin) --------------------------------------------------------


def test_a_round_published_corrected_and_withdrawn_in_the_admin(
    visitor, staff_client, demo, commit
):
    rnd = ResultsRound(assessment=demo, kind="6m")
    rnd.full_clean()
    rnd.save()
    changelist = reverse("admin:actionplans_resultsround_changelist")
    assert RESULTS not in kept(visitor, REPORT)
    assert RESULTS not in kept(visitor, HOME)
    with commit():
        action(staff_client, changelist, "publish", rnd.pk)
    assert RESULTS in text(visitor.get(REPORT))  # the year's report links its published rounds
    assert RESULTS in text(visitor.get(HOME))  # and so does the agency's page
    assert "ฉบับแก้ไข" not in kept(visitor, RESULTS)
    ResultsRound.objects.filter(pk=rnd.pk).update(revision_note="ตัวเลขที่ส่งช้า")
    with commit():
        action(staff_client, changelist, "correct", rnd.pk)
    assert "ฉบับแก้ไข ครั้งที่ ๑" in kept(visitor, RESULTS)
    with commit():
        action(staff_client, changelist, "withdraw", rnd.pk)
    assert visitor.get(RESULTS).status_code == 404
    assert RESULTS not in text(visitor.get(REPORT))
    assert RESULTS not in text(visitor.get(HOME))


def test_a_rounds_texts_drafted_by_the_admin_action(visitor, staff_client, demo, commit):
    rnd = ResultsRound(assessment=demo, kind="6m")
    rnd.full_clean()
    rnd.save()
    kept(visitor, PLAN)
    with commit():
        action(
            staff_client,
            reverse("admin:actionplans_resultsround_changelist"),
            "draft_texts",
            rnd.pk,
        )
    rnd.refresh_from_db()
    assert rnd.closing and not still_kept(PLAN)


# --- services and commands: the demo loader, next year -----------------------------------------


def test_the_demo_loaded_afresh(visitor, demo, commit):
    Assessment.objects.filter(pk=demo.pk).update(summary="สรุปที่แก้ด้วย SQL")  # not seen
    assert "สรุปที่แก้ด้วย SQL" in kept(visitor, REPORT)
    with commit():
        demo_load(reset=True, example_path=None)
    assert not Assessment.objects.filter(summary="สรุปที่แก้ด้วย SQL").exists()
    assert "สรุปที่แก้ด้วย SQL" not in text(visitor.get(REPORT))


def test_next_year_created_by_the_admin_action(visitor, staff_client, demo, commit):
    kept(visitor, PLAN)
    with commit():
        action(
            staff_client,
            reverse("admin:assessments_assessment_changelist"),
            "create_next_year",
            demo.pk,
        )
    assert Assessment.objects.filter(fiscal_year=2569).exists()
    assert not still_kept(PLAN)


# --- writes no model signal sees: announced by their own code ----------------------------------


@pytest.fixture
def without_row_signals():
    """The safety net off: what is left is what the writers announce themselves."""
    from django.apps import apps

    for label in receivers.DOCUMENT_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            uid = f"publishing.caching:{model._meta.label}"
            for signal in (post_save, post_delete, m2m_changed):
                signal.disconnect(sender=model, dispatch_uid=uid)
    yield
    receivers.connect_rows()


def test_the_editors_queryset_update_is_announced(
    visitor, ita_staff_client, demo, commit, without_row_signals
):
    """Swapping two codes parks them first with QuerySet.update(), which sends no post_save."""
    from tests.test_framework_editor import change_url, page_data, row_of

    fw = framework_copy(source=FrameworkYear.objects.get(year=2569), year=2570)
    kept(visitor, REPORT)
    data, rows = page_data(ita_staff_client, fw)
    data[f"{row_of(data, rows, 'Question', code='o1')}-code"] = "O2"
    data[f"{row_of(data, rows, 'Question', code='o2')}-code"] = "O1"
    with commit():
        assert ita_staff_client.post(change_url(fw), data).status_code == 302
    assert not still_kept(REPORT)


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda d: demo_load(reset=True, example_path=None), id="demo bulk_create"),
        pytest.param(
            lambda d: framework_copy(source=FrameworkYear.objects.get(year=2569), year=2570),
            id="framework_copy bulk_create",
        ),
        pytest.param(lambda d: next_year_create(assessment=d), id="next year and carry-over"),
    ],
)
def test_bulk_writes_of_the_services_are_announced(
    visitor, demo, commit, without_row_signals, write
):
    kept(visitor, PLAN)
    with commit():
        write(demo)
    assert not still_kept(PLAN)


# --- a restored backup ---------------------------------------------------------------------


def test_a_restored_backup(portal, tmp_path):  # noqa: F811  (the fixture imported above)
    """The database replaced behind the ORM's back (committed data, as backups need)."""
    from ops.backup import backup_create, backup_restore

    visitor = Client()
    archive = backup_create(output_dir=tmp_path / "backups")
    demo = Assessment.objects.get(fiscal_year=2568)
    demo.summary = "สรุปหลังสำรองข้อมูล"
    demo.save()
    assert "สรุปหลังสำรองข้อมูล" in kept(visitor, REPORT)
    backup_restore(archive=archive)
    response = visitor.get(REPORT)
    assert response.status_code == 200 and "สรุปหลังสำรองข้อมูล" not in text(response)
