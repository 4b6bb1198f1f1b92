"""Who may do what is decided by Django permissions and groups, never by `is_staff` alone
(issue 19, finding 1; README "Roles and permissions").

- A staff account with no group and no permission opens nothing it should not: every admin
  and non-admin address (walked from the URL configuration, as the accessibility test walks
  the public pages) answers it 403, 404, 405, a redirect to sign in, or a page with nothing of
  anybody's in it; its posts to imports, confirms and progress change nothing.
- A member of เจ้าหน้าที่ ITA keeps every ability: all divisions' items, their evidence and
  progress, imports and exports, draft previews.
- A division head sees their own division's items only, of their own organization.
"""

import io

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern

from actionplans.models import ActionItem, Division, PlanTopic, ProgressUpdate, ResultsRound
from assessments.models import Assessment, Organization
from core.roles import staff_group_grant
from tests.frameworks import upload

NOTE = "บันทึกภายในลับของงานธุรการ"
PRIVATE_FILE = b"%PDF-1.4 private minutes of the division"


@pytest.fixture
def bare_staff(db, django_user_model):
    """A staff account (may sign in to the admin) with no group and no permission."""
    return django_user_model.objects.create_user(
        "bare", "bare@example.com", "bare-pass-123", is_staff=True
    )


@pytest.fixture
def bare_client(bare_staff):
    c = Client()
    c.force_login(bare_staff)
    return c


@pytest.fixture
def alices_item(demo):
    return ActionItem.objects.filter(owner__name="งานธุรการ").order_by("pk").first()


@pytest.fixture
def bobs_item(demo):
    return ActionItem.objects.filter(owner__name="งานพัสดุ").order_by("pk").first()


@pytest.fixture
def private_update(alices_item, alice, evidence_root):
    """A report of งานธุรการ with a private note and an evidence file."""
    update = ProgressUpdate(
        item=alices_item,
        author=alice,
        status="in_progress",
        percent=30,
        note=NOTE,
        evidence_name="minutes.pdf",
    )
    update.evidence_file.save("minutes.pdf", ContentFile(PRIVATE_FILE), save=False)
    update.save()
    ActionItem.objects.filter(pk=alices_item.pk).update(status="in_progress", percent=30)
    return update


@pytest.fixture
def drafts(demo):
    """The year and a results round, both drafts: previews only for those allowed."""
    Assessment.objects.filter(pk=demo.pk).update(status=Assessment.Status.DRAFT)
    rnd = ResultsRound(assessment=demo, kind="6m")
    rnd.full_clean()
    rnd.save()
    return rnd


# ------------------------------------------------------------------ the URL walk


def _walk(resolver, prefix="", namespace=""):
    """(route, URL name, parameter names) of every address under `resolver`."""
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            pattern = entry.pattern
            if isinstance(pattern, RoutePattern):
                params = list(pattern.converters)
            elif pattern.regex.groupindex:
                params = list(pattern.regex.groupindex)
            else:  # positional groups: simple-history's "(object)/history/(version)/"
                params = ["object_id", "version_id"][: pattern.regex.groups]
            yield prefix + str(pattern), f"{namespace}{entry.name}", params


def _admin_models():
    """The model behind each admin address's route prefix ("actionplans/actionitem/")."""
    return {
        f"admin/{model._meta.app_label}/{model._meta.model_name}/": model
        for model in admin.site._registry
    }


def _object_pk(model, chosen):
    if model in chosen:
        return chosen[model].pk
    obj = model._default_manager.order_by("pk").first()
    return obj.pk if obj is not None else 999999


def every_address(chosen):
    """Each named address of the portal with its parameters filled from `chosen` and the demo."""
    models = _admin_models()
    item = chosen[ActionItem]
    out = []
    for route, name, params in _walk(get_resolver()):
        if "path>" in route and not route.startswith("admin/"):
            continue  # the emblems under /media/ served with DEBUG on (django's static())
        model = next((m for p, m in models.items() if route.startswith(p)), None)
        kwargs = {}
        for param in params:
            if param in ("object_id", "pk", "id") and model is not None:
                kwargs[param] = _object_pk(model, chosen)
            elif param == "pk" and name == "actionplans:evidence":
                kwargs[param] = chosen[ProgressUpdate].pk
            elif param == "pk":
                kwargs[param] = item.pk
            elif param == "year":
                kwargs[param] = 2568
            elif param == "slug":
                kwargs[param] = "6m"
            elif param == "part":
                kwargs[param] = "scores"
            elif param == "point":  # a survey drive's service point (its poster)
                kwargs[param] = 1
            elif param == "fmt":
                kwargs[param] = "xlsx"  # the ITAS sheet (issue 21)
            elif param == "app_label":
                kwargs[param] = "actionplans"
            elif param == "content_type_id":
                kwargs[param] = ContentType.objects.get_for_model(ActionItem).pk
            elif param == "object_id":
                kwargs[param] = item.pk
            elif param == "version_id":
                kwargs[param] = 1
            elif param == "uidb64":
                kwargs[param] = "MQ"
            elif param == "token":
                kwargs[param] = "set-password"
            elif param == "target":
                continue  # given by the URL configuration itself
            else:
                raise AssertionError(f"no value for {param} in {route} ({name})")
        if params and params == ["object_id", "version_id"][: len(params)] and "(" in route:
            url = reverse(name, args=[kwargs[p] for p in params])
        else:
            url = reverse(name, kwargs=kwargs)
        out.append((name, url))
    return out


# Pages a signed-in person may open whatever their permissions: their own account, sign-in
# and password pages, the admin's index (which then lists nothing), the probe, the public home
# page and their own /actions/ (both of which must then hold nothing they may not see).
OWN_PAGES = {
    "healthz",
    "admin:index",
    "admin:password_change",
    "admin:password_change_done",
    "admin:jsi18n",
    "admin_password_reset",
    "login",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "publishing:home",
    "actionplans:list",
}
NOT_POSTED = {"logout", "admin:logout", "login", "admin:login", "password_change"}


def refused(response):
    if response.status_code in (403, 404, 405):
        return True
    if response.status_code == 302:
        where = response["Location"]
        # Django's admin sends a missing object's address to its index with a message.
        return where.startswith(("/admin/login/", "/accounts/login/")) or where == "/admin/"
    return False


def shows_nothing_private(response):
    text = response.content.decode("utf-8", "replace")
    return (
        NOTE not in text
        and 'data-item="' not in text
        and "/reports/2568/" not in text
        and "minutes.pdf" not in text
    )


def rows():
    """What a refused request must leave as it was."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in ("actionplans", "assessments", "indicators", "auth")
    }


def test_staff_without_permissions_opens_nothing_on_any_address(
    bare_client, private_update, drafts, alices_item
):
    chosen = {ActionItem: alices_item, ProgressUpdate: private_update}
    addresses = every_address(chosen)
    assert len(addresses) > 150  # the admin's addresses are walked too
    wrong = []
    for name, url in addresses:
        response = bare_client.get(url)
        if name in OWN_PAGES:
            if not (refused(response) or shows_nothing_private(response)):
                wrong.append(("GET", name, url, response.status_code))
        elif not refused(response):
            wrong.append(("GET", name, url, response.status_code))
    assert wrong == [], "\n".join(map(str, wrong))


def test_staff_without_permissions_changes_nothing_by_posting_anywhere(
    bare_client, private_update, drafts, alices_item
):
    chosen = {ActionItem: alices_item, ProgressUpdate: private_update}
    before = rows()
    wrong = []
    for name, url in every_address(chosen):
        if name in NOT_POSTED:
            continue
        response = bare_client.post(
            url,
            {
                "status": "done",
                "percent": "100",
                "note": "โพสต์จากผู้ไม่มีสิทธิ์",
                "format": "1",
                "resource": "0",
                "action": "delete_selected",
                "_selected_action": [alices_item.pk],
            },
        )
        if name in OWN_PAGES:
            if not (refused(response) or shows_nothing_private(response)):
                wrong.append(("POST", name, url, response.status_code))
        elif not refused(response):
            wrong.append(("POST", name, url, response.status_code))
    assert wrong == [], "\n".join(map(str, wrong))
    assert rows() == before
    alices_item.refresh_from_db()
    assert (alices_item.status, alices_item.percent) == ("in_progress", 30)


def test_staff_without_permissions_sees_no_items_and_no_evidence(
    bare_client, private_update, alices_item
):
    page = bare_client.get(reverse("actionplans:list"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-item="' not in html and NOTE not in html
    assert bare_client.get(reverse("actionplans:item", args=[alices_item.pk])).status_code == 404
    evidence = bare_client.get(reverse("actionplans:evidence", args=[private_update.pk]))
    assert evidence.status_code == 404
    export = bare_client.get(reverse("actionplans:list") + "?_export=csv&year=")
    assert "งานธุรการ".encode() not in export.content


def test_staff_without_permissions_cannot_report_progress_on_an_item(bare_client, alices_item):
    response = bare_client.post(
        reverse("actionplans:item", args=[alices_item.pk]),
        {"status": "done", "percent": "100", "note": "เสร็จแล้ว"},
    )
    assert response.status_code == 404
    alices_item.refresh_from_db()
    assert (alices_item.status, alices_item.percent) == ("not_started", 0)
    assert not ProgressUpdate.objects.exists()


DIVISION_CSV = "ชื่อส่วนงาน,สังกัด,ลำดับ\nงานที่แอบเพิ่ม,,9\n".encode()


def test_staff_without_permissions_cannot_import_or_export(bare_client, demo):
    url = reverse("admin:actionplans_division_import")
    assert bare_client.get(url).status_code == 403
    response = bare_client.post(
        url, {"format": "1", "resource": "0", "import_file": upload(DIVISION_CSV, "d.csv")}
    )
    assert response.status_code == 403
    confirm = bare_client.post(
        reverse("admin:actionplans_division_process_import"),
        {"import_file_name": "x.csv", "original_file_name": "d.csv", "format": "1", "resource": 0},
    )
    assert confirm.status_code == 403
    assert not Division.objects.filter(name="งานที่แอบเพิ่ม").exists()
    for model in ("assessments_finding", "actionplans_actionitem", "actionplans_division"):
        export = reverse(f"admin:{model}_export")
        assert bare_client.get(export).status_code == 403
        assert bare_client.post(export, {"format": "1", "resource": "0"}).status_code == 403


def test_staff_who_may_only_view_findings_export_them_but_cannot_import(demo, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("viewer", password="viewer-pass", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_finding"))
    c = Client()
    c.force_login(user)
    assert c.get(reverse("admin:assessments_finding_export")).status_code == 200
    assert c.get(reverse("admin:assessments_finding_import")).status_code == 403
    assert c.get(reverse("admin:actionplans_division_export")).status_code == 403


def test_staff_without_permissions_cannot_preview_drafts(bare_client, drafts):
    for url in (
        "/reports/2568/",
        "/reports/2568/report.pdf",
        "/reports/2568/memo/",
        "/reports/2568/plan/",
        "/reports/2568/results/6m/",
        "/reports/2568/results/6m/memo/",
    ):
        assert bare_client.get(url).status_code == 404, url
    assert "/reports/2568/" not in bare_client.get("/").content.decode()


# ------------------------------------------------------------------ เจ้าหน้าที่ ITA keep theirs


def test_ita_staff_see_and_report_on_every_divisions_items(
    ita_staff_client, private_update, bobs_item, demo
):
    html = ita_staff_client.get(reverse("actionplans:list") + "?year=").content.decode()
    assert html.count('data-item="') == ActionItem.objects.count() == 19
    assert ita_staff_client.get(reverse("actionplans:item", args=[bobs_item.pk])).status_code == 200
    evidence = ita_staff_client.get(reverse("actionplans:evidence", args=[private_update.pk]))
    assert evidence.status_code == 200
    assert b"".join(evidence.streaming_content) == PRIVATE_FILE
    page = ita_staff_client.get(reverse("actionplans:item", args=[bobs_item.pk])).content.decode()
    from tests.livehttp import LiveBrowser

    hidden = LiveBrowser.hidden_fields(page)
    response = ita_staff_client.post(
        reverse("actionplans:item", args=[bobs_item.pk]),
        {**hidden, "status": "in_progress", "percent": "20", "note": "เจ้าหน้าที่บันทึกแทน"},
    )
    assert response.status_code == 302
    bobs_item.refresh_from_db()
    assert bobs_item.percent == 20


def test_ita_staff_import_export_and_preview_drafts(ita_staff_client, drafts):
    response = ita_staff_client.post(
        reverse("admin:actionplans_division_import"),
        {"format": "1", "resource": "0", "import_file": upload(DIVISION_CSV, "d.csv")},
    )
    assert response.status_code == 200 and "confirm_form" in response.context
    assert ita_staff_client.get(reverse("admin:assessments_finding_export")).status_code == 200
    assert ita_staff_client.get(reverse("admin:assessments_finding_import")).status_code == 200
    for url in ("/reports/2568/", "/reports/2568/plan/", "/reports/2568/results/6m/"):
        page = ita_staff_client.get(url)
        assert page.status_code == 200 and "ฉบับร่าง" in page.content.decode(), url


def test_the_group_holds_the_permission_to_work_on_every_division(ita_staff):
    assert ita_staff.has_perm("actionplans.work_on_all_divisions")
    assert ita_staff.has_perm("actionplans.add_division")


# ------------------------------------------------------------------ heads: their own only


def test_a_head_cannot_download_another_divisions_evidence(bob_client, private_update):
    response = bob_client.get(reverse("actionplans:evidence", args=[private_update.pk]))
    assert response.status_code == 404


def test_a_head_who_is_also_staff_without_permissions_still_sees_only_their_division(
    alice, alice_client, bobs_item
):
    alice.is_staff = True
    alice.save()
    html = alice_client.get(reverse("actionplans:list") + "?year=").content.decode()
    assert html.count('data-item="') == ActionItem.objects.filter(owner__name="งานธุรการ").count()
    assert alice_client.get(reverse("actionplans:item", args=[bobs_item.pk])).status_code == 404


@pytest.fixture
def other_organizations_item(demo):
    """A second organization with its own 2568 year, whose plan names งานธุรการ too."""
    other = Organization.objects.create(
        code="other", name="เทศบาลอื่น", district="ดอนสัก", province="สุราษฎร์ธานี"
    )
    year = Assessment.objects.create(organization=other, fiscal_year=2568, framework=demo.framework)
    topic = PlanTopic.objects.create(
        assessment=year,
        number=1,
        title="หัวข้อของหน่วยงานอื่น",
        start_date="2025-10-01",
        end_date="2026-09-30",
    )
    return ActionItem.objects.create(
        topic=topic,
        number=1,
        text="รายการของหน่วยงานอื่น",
        owner=Division.objects.get(name="งานธุรการ"),
        due_date="2026-09-30",
    )


def test_actions_never_show_another_organizations_item(
    alice_client, ita_staff_client, other_organizations_item
):
    url = reverse("actionplans:item", args=[other_organizations_item.pk])
    for client in (alice_client, ita_staff_client):
        html = client.get(reverse("actionplans:list") + "?year=").content.decode()
        assert "รายการของหน่วยงานอื่น" not in html and "หัวข้อของหน่วยงานอื่น" not in html
        assert client.get(url).status_code == 404
        export = client.get(reverse("actionplans:list") + "?year=&_export=csv")
        assert "รายการของหน่วยงานอื่น".encode() not in export.content
    html = alice_client.get(reverse("actionplans:list") + "?year=").content.decode()
    assert html.count('data-item="') == 3


def test_another_organizations_evidence_and_progress_are_refused(
    alice, alice_client, other_organizations_item, evidence_root
):
    update = ProgressUpdate(
        item=other_organizations_item, author=alice, status="in_progress", percent=10
    )
    update.evidence_file.save("other.pdf", ContentFile(PRIVATE_FILE), save=False)
    update.save()
    download = alice_client.get(reverse("actionplans:evidence", args=[update.pk]))
    assert download.status_code == 404
    url = reverse("actionplans:item", args=[other_organizations_item.pk])
    response = alice_client.post(url, {"status": "done", "percent": "100"})
    assert response.status_code == 404
    other_organizations_item.refresh_from_db()
    assert other_organizations_item.percent == 0


def test_a_head_in_the_ita_group_is_reminded_of_their_own_divisions_items_only(alice, demo):
    alice.groups.add(staff_group_grant(apps))
    ActionItem.objects.update(due_date="2020-01-01")  # every item overdue
    call_command("send_action_reminders", "--days=14", stdout=io.StringIO())
    (email,) = mail.outbox
    theirs = ActionItem.objects.filter(owner__name="งานธุรการ")
    assert email.body.count("งานธุรการ") >= 1 and "งานพัสดุ" not in email.body
    assert all(i.text[:30] in email.body for i in theirs)


def staff_with(django_user_model, username, *codenames):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user(username, password="x-pass-123", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    c = Client()
    c.force_login(user)
    return c


def test_each_admin_import_and_export_asks_for_the_permissions_of_what_it_writes_or_shows(
    demo, django_user_model
):
    years = staff_with(django_user_model, "years", "view_frameworkyear", "add_frameworkyear")
    assert years.get(reverse("admin:indicators_frameworkyear_import")).status_code == 403
    framework = staff_with(
        django_user_model,
        "framework",
        *[f"add_{m}" for m in ("frameworkyear", "tool", "ratinglevel", "indicator", "question")],
    )
    assert framework.get(reverse("admin:indicators_frameworkyear_import")).status_code == 200

    viewer = staff_with(django_user_model, "viewer", "view_assessment")
    export = reverse("admin:assessments_assessment_export_xlsx", args=[demo.pk])
    assert viewer.get(export).status_code == 403
    exporter = staff_with(
        django_user_model,
        "exporter",
        "view_assessment",
        "view_questionscore",
        "view_finding",
        "view_actionitem",
    )
    assert exporter.get(export).status_code == 200

    scores = reverse("admin:assessments_questionscore_import")
    assert staff_with(django_user_model, "a", "change_assessment").get(scores).status_code == 403
    scorer = staff_with(
        django_user_model, "b", "change_assessment", "add_questionscore", "change_questionscore"
    )
    assert scorer.get(scores).status_code == 200


def test_the_permission_to_view_years_is_what_lets_one_preview_a_draft(drafts, django_user_model):
    viewer = staff_with(django_user_model, "viewer", "view_assessment")
    page = viewer.get("/reports/2568/")
    assert page.status_code == 200 and "ฉบับร่าง" in page.content.decode()
    assert viewer.get("/reports/2568/results/6m/").status_code == 404  # rounds: their own
    rounds = staff_with(django_user_model, "rounds", "view_assessment", "view_resultsround")
    assert rounds.get("/reports/2568/results/6m/").status_code == 200
