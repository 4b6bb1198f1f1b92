"""Free text has limits that fit its use, refused in Thai; the 400 and 403 pages are Thai too
(issue 13, finding 7). Every text field of every app has one, in the model and in the database,
and an import stores no more than the form allows (issue 19, finding 7)."""

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import reverse

from actionplans.models import ActionItem, ProgressUpdate
from tests.livehttp import LiveBrowser
from tests.test_stale_saves import admin_form

LIMITED_APPS = (
    "core",
    "indicators",
    "assessments",
    "actionplans",
    "oit",
    "surveys",
    "publishing",
    "ops",
)


def own_models():
    for label in LIMITED_APPS:
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        for m in config.get_models():
            if m._meta.pk.name != "history_id":  # history rows copy what their models allowed
                yield m


def text_fields(model):
    return [
        f for f in model._meta.concrete_fields if isinstance(f, models.CharField | models.TextField)
    ]


def test_every_free_text_field_has_a_limit():
    unlimited = [
        f"{m._meta.label}.{f.name}"
        for m in own_models()
        for f in m._meta.get_fields()
        if isinstance(f, models.TextField) and not f.max_length
    ]
    assert unlimited == []


def test_every_text_field_is_limited_in_the_database_too():
    """A CheckConstraint on the text's length for each: SQLite does not enforce varchar(n),
    and a TextField's max_length is the form's alone."""
    from django.db.models.functions import Length

    missing = []
    for m in own_models():
        limited = {
            (c.condition.lhs.source_expressions[0].name, c.condition.rhs)
            for c in m._meta.constraints
            if isinstance(c, models.CheckConstraint)
            and isinstance(getattr(c.condition, "lhs", None), Length)
        }
        for f in text_fields(m):
            if (f.name, f.max_length) not in limited:
                missing.append(f"{m._meta.label}.{f.name}")
    assert missing == []


def test_the_database_refuses_a_text_past_its_limit(demo):
    """Past the forms and the models: an UPDATE straight to the database is refused (SQLite
    and PostgreSQL alike), for every text field of every row kind the demo has."""
    from django.db import DataError, IntegrityError, transaction

    tried = set()
    for m in own_models():
        obj = m.objects.order_by("pk").first()
        if obj is None:
            continue
        for f in text_fields(m):
            # PostgreSQL's varchar(n) refuses a CharField's text first (DataError); the check
            # constraint refuses a TextField's there, and every one on SQLite.
            with pytest.raises((IntegrityError, DataError)), transaction.atomic():
                m.objects.filter(pk=obj.pk).update(**{f.name: "ก" * (f.max_length + 1)})
            tried.add(f"{m.__name__}.{f.name}")
    assert {
        "Question.title",
        "Question.standard_recommendation",
        "FrameworkYear.notes",
        "FrameworkYear.keep_level_text",
        "Finding.recommendation",
        "Division.name",
    } <= tried


def test_every_text_an_import_reads_fits_in_a_spreadsheet_cell():
    """An export imported again changes nothing: no imported text may be longer than a cell
    the import accepts."""
    from core.spreadsheets import MAX_CELL_CHARS

    imported = {
        "Finding", "Guideline", "Division", "PlanTopic", "PlanMethod", "ActionItem",
        "FrameworkYear", "Tool", "Indicator", "Question", "RatingLevel",
    }  # fmt: skip
    too_long = [
        f"{m.__name__}.{f.name}"
        for m in own_models()
        if m.__name__ in imported
        for f in text_fields(m)
        if f.max_length > MAX_CELL_CHARS
    ]
    assert too_long == []


@pytest.fixture
def item(demo):
    return ActionItem.objects.filter(owner__name="งานธุรการ").order_by("pk").first()


def test_a_huge_progress_summary_is_refused_in_thai(alice_client, item):
    url = reverse("actionplans:item", args=[item.pk])
    hidden = LiveBrowser.hidden_fields(alice_client.get(url).content.decode())
    data = {**hidden, "status": "in_progress", "percent": "10", "public_summary": "ก" * 200_000}
    response = alice_client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "ต้องยาวไม่เกิน" in page and "Ensure this value" not in page
    assert not ProgressUpdate.objects.exists()


def test_a_huge_finding_is_refused_in_thai_in_the_admin(staff_client, demo):
    finding = demo.findings.order_by("pk").first()
    url = reverse("admin:assessments_finding_change", args=[finding.pk])
    data = admin_form(staff_client, url)
    data["recommendation"] = "ข" * 200_000
    response = staff_client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "ต้องยาวไม่เกิน" in page and "Ensure this value" not in page
    assert "Please correct" not in page


def test_the_demo_fits_the_limits(demo):
    for model in own_models():
        fields = text_fields(model)
        for obj in model.objects.all():
            for f in fields:
                assert len(getattr(obj, f.attname) or "") <= f.max_length, (model, f.name)


def test_an_oversized_post_gets_a_thai_400(db, settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    response = client.post("/accounts/login/", {"username": "x", "password": "y" * 3_000_000})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Bad Request" not in page and "คำขอ" in page


def test_a_missing_csrf_token_gets_a_thai_403(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Forbidden" not in page
    assert "แบบฟอร์มหมดอายุ" in page


def test_a_forbidden_page_answers_in_thai(db):
    from django.core.exceptions import PermissionDenied
    from django.test import RequestFactory
    from django.views.defaults import permission_denied

    response = permission_denied(RequestFactory().get("/"), PermissionDenied())
    assert response.status_code == 403
    assert "ไม่มีสิทธิ์" in response.content.decode()


# --- the framework's texts (issue 19, finding 7) -----------------------------------------------

FRAMEWORK_TEXTS = [
    ("Question", "title"),
    ("Question", "standard_recommendation"),
    ("FrameworkYear", "notes"),
    ("FrameworkYear", "keep_level_text"),
]


@pytest.mark.parametrize("model,field", FRAMEWORK_TEXTS)
def test_a_huge_framework_text_is_refused_in_thai_in_the_admin(
    ita_staff_client, demo, model, field
):
    from indicators.models import FrameworkYear, Question
    from tests.test_framework_editor import change_url, page_data

    fw = FrameworkYear.objects.get(year=2569)
    data, rows = page_data(ita_staff_client, fw)
    if model == "Question":
        prefix = rows["Question"][0]
        data[f"{prefix}-{field}"] = "ก" * 200_000
    else:
        data[field] = "ก" * 200_000
    response = ita_staff_client.post(change_url(fw), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "ต้องยาวไม่เกิน" in page and "Ensure this value" not in page
    cls = Question if model == "Question" else FrameworkYear
    assert not cls.objects.filter(**{f"{field}__startswith": "ก" * 1000}).exists()
    assert "ก" * 1000 not in ita_staff_client.get(change_url(fw)).content.decode()


def test_a_question_title_past_its_limit_is_refused_by_the_workbook_import(ita_staff_client, db):
    from indicators.models import FrameworkYear, Question
    from indicators.workbook import framework_export
    from tests.frameworks import upload

    fw = FrameworkYear.objects.get(year=2569)
    limit = Question._meta.get_field("title").max_length
    Question.objects.filter(framework=fw, code="o1").update(title="ข" * limit)
    data = framework_export(fw)
    # The year's own workbook, at the limit, goes back in: the round trip holds.
    url = reverse("admin:indicators_frameworkyear_import")
    ok = ita_staff_client.post(url, {"file": upload(data, "f.xlsx"), "year": "2571"})
    assert "ตัวอย่างการนำเข้ากรอบการประเมินปี 2571" in ok.content.decode()
    # One character more is refused, naming the sheet and the row.
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    ws = wb["ข้อคำถาม"]
    row = next(r for r in ws.iter_rows() if r[0].value == "o1")
    row[1].value = "ข" * (limit + 1)
    out = io.BytesIO()
    wb.save(out)
    response = ita_staff_client.post(
        url, {"file": upload(out.getvalue(), "f.xlsx"), "year": "2571"}
    )
    page = response.content.decode()
    assert f"ยาวเกิน {limit} ตัวอักษร" in page and "ชีต ข้อคำถาม แถวที่" in page
    assert not FrameworkYear.objects.filter(year=2571).exists()


def test_an_import_row_past_a_limit_is_refused_in_thai_and_nothing_is_saved(staff_client, demo):
    from assessments.models import Finding
    from tests.test_model_import_export import export, preview

    limit = Finding._meta.get_field("issue").max_length
    text = export(staff_client, "assessments_finding", 1).decode("utf-8-sig")
    lines = text.splitlines()
    first = Finding.objects.get(pk=int(lines[1].split(",")[0]))
    cells = next(__import__("csv").reader([lines[1]]))
    header = next(__import__("csv").reader([lines[0]]))
    cells[header.index("ประเด็น")] = "ค" * (limit + 1)
    from core.spreadsheets import csv_text

    data = csv_text([header, cells]).encode()
    response = preview(staff_client, "assessments_finding", data, 1, "long.csv")
    page = response.content.decode()
    assert "ต้องยาวไม่เกิน" in page and "Ensure this value" not in page
    first.refresh_from_db()
    assert first.issue != "ค" * (limit + 1)
