"""PDFs rendered by background jobs (issue 18): publishing a year or a results round queues a job
per document that renders its PDF into the cache before anyone asks; a failing render is retried
and then shown as ล้มเหลว with its reason on the admin page, where staff who may change the year
or round render it again; a visitor never waits on the queue.

The tests run the jobs with django-tasks' immediate backend (conftest): a job runs when it is
enqueued, which is after the commit (`django_capture_on_commit_callbacks`)."""

import pytest
from django.test import Client
from django.urls import reverse

from actionplans.models import ResultsRound
from assessments.models import Assessment
from core import jobs
from publishing import pdf, tasks
from publishing.models import DocumentJob
from publishing.rounds import results_round_publish
from tests.test_stale_saves import admin_form

from .rounds import MEMO_FIELDS

QUEUED, READY, FAILED = (
    DocumentJob.State.QUEUED,
    DocumentJob.State.READY,
    DocumentJob.State.FAILED,
)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def cached_names(media):
    """The documents in the PDF cache, without their keys."""
    return sorted(p.name[:-37] for p in (media / pdf.CACHE_DIR).glob("*.pdf"))


@pytest.fixture
def forbid_weasyprint(monkeypatch):
    """Call it, and from then on a PDF can only come from the cache."""

    def forbid():
        def refuse(html):
            raise AssertionError("WeasyPrint ran: the PDF was not in the cache")

        monkeypatch.setattr(pdf, "render_pdf", refuse)

    return forbid


@pytest.fixture
def broken_weasyprint(monkeypatch):
    """WeasyPrint fails with a Thai reason the first `fails` times (every time by default)."""
    real = pdf.render_pdf
    state = {"calls": 0, "fails": None}

    def render(html):
        state["calls"] += 1
        if state["fails"] is None or state["calls"] <= state["fails"]:
            raise OSError("ไม่พบไฟล์ฟอนต์ Sarabun-Regular.ttf")
        return real(html)

    monkeypatch.setattr(pdf, "render_pdf", render)
    return state


@pytest.fixture
def six_months(demo):
    rnd = ResultsRound(assessment=demo, kind="6m", **MEMO_FIELDS)
    rnd.full_clean()
    rnd.save()
    return rnd


def year_page(assessment):
    return reverse("admin:assessments_assessment_change", args=[assessment.pk])


def render_again_url(assessment):
    return reverse("admin:assessments_assessment_render_pdf", args=[assessment.pk])


def job_states(**filters):
    return dict(DocumentJob.objects.filter(**filters).values_list("document", "state"))


def test_publishing_a_year_renders_its_pdfs_in_jobs_before_any_visitor_asks(
    staff_client, demo, media, django_capture_on_commit_callbacks, forbid_weasyprint
):
    Assessment.objects.filter(pk=demo.pk).update(status="draft", published_at=None)
    data = admin_form(staff_client, year_page(demo))
    data["status"] = "published"
    data["_confirm_publish"] = "1"  # issue 20: publishing asks first (the confirmation page)
    with django_capture_on_commit_callbacks(execute=True):
        assert staff_client.post(year_page(demo), data).status_code == 302

    assert job_states(assessment=demo) == {"report": READY, "memo": READY}
    assert all(DocumentJob.objects.values_list("task_id", flat=True))
    assert cached_names(media) == ["memo-2568", "report-2568"]
    # The visitor's download is the file the job wrote: no WeasyPrint in the request.
    forbid_weasyprint()
    for url in ("/reports/2568/report.pdf", "/reports/2568/memo.pdf"):
        response = Client().get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_publishing_a_round_renders_its_pdfs_in_jobs(
    demo, six_months, media, django_capture_on_commit_callbacks, forbid_weasyprint
):
    with django_capture_on_commit_callbacks(execute=True):
        results_round_publish(rnd=six_months)

    assert job_states(results_round=six_months) == {"results": READY, "memo": READY}
    assert cached_names(media) == ["memo-round-2568-6m", "results-round-2568-6m"]
    forbid_weasyprint()
    for url in ("/reports/2568/results/6m.pdf", "/reports/2568/results/6m/memo.pdf"):
        assert Client().get(url).status_code == 200


def test_nothing_is_rendered_before_the_commit(demo, six_months, media):
    # The test's transaction never commits: no job runs, and the state says รอคิว.
    results_round_publish(rnd=six_months)
    assert job_states(results_round=six_months) == {"results": QUEUED, "memo": QUEUED}
    assert not (media / pdf.CACHE_DIR).exists()


def test_a_render_that_fails_once_is_retried_and_ends_ready(
    demo, media, broken_weasyprint, django_capture_on_commit_callbacks
):
    broken_weasyprint["fails"] = 1
    with django_capture_on_commit_callbacks(execute=True):
        tasks.document_pdf_queue(assessment=demo, document="report")
    assert broken_weasyprint["calls"] == 2
    job = DocumentJob.objects.get()
    assert (job.state, job.error) == (READY, "")
    assert cached_names(media) == ["report-2568"]


def test_a_render_that_keeps_failing_shows_failed_with_its_reason_on_the_year_page(
    staff_client, demo, media, broken_weasyprint, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        tasks.document_pdf_queue(assessment=demo, document="report")
    assert broken_weasyprint["calls"] == jobs.ATTEMPTS == 3
    job = DocumentJob.objects.get()
    assert (job.state, job.error) == (FAILED, "ไม่พบไฟล์ฟอนต์ Sarabun-Regular.ttf")

    html = staff_client.get(year_page(demo)).content.decode()
    panel = html[html.index('id="pdf-jobs"') :]
    assert "ล้มเหลว" in panel and "ไม่พบไฟล์ฟอนต์ Sarabun-Regular.ttf" in panel
    assert "ยังไม่ได้สร้างล่วงหน้า" in panel  # the memo: no job yet
    assert panel.count("สร้าง PDF ใหม่") == 2
    # A visitor still gets the report, rendered in the request (WeasyPrint works again).
    broken_weasyprint["fails"] = 0
    assert Client().get("/reports/2568/report.pdf").status_code == 200


def test_the_render_again_button_renders_the_pdf_again(
    staff_client, demo, media, broken_weasyprint, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        tasks.document_pdf_queue(assessment=demo, document="memo")
    assert job_states() == {"memo": FAILED}
    broken_weasyprint["fails"] = 0  # the font is back

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(render_again_url(demo), {"document": "memo"}, follow=True)
    assert response.redirect_chain == [(year_page(demo), 302)]
    assert "บันทึกข้อความ: สั่งสร้าง PDF ใหม่แล้ว" in response.content.decode()
    assert job_states() == {"memo": READY}
    assert cached_names(media) == ["memo-2568"]


def test_render_again_is_a_post_for_those_who_may_change_the_year(
    client, staff, staff_client, demo, django_user_model
):
    url = render_again_url(demo)
    assert staff_client.get(url).status_code == 405
    assert staff_client.post(url, {"document": "nonsense"}).status_code == 404
    # A staff member with no permission at all: the year's page is not theirs to act on.
    nobody = django_user_model.objects.create_user("nobody", password="nobody-pass-123")
    nobody.is_staff = True
    nobody.save()
    client.force_login(nobody)
    assert client.post(url, {"document": "report"}).status_code == 403
    assert not DocumentJob.objects.exists()
    # And the form needs its CSRF token, as every admin POST does.
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(staff)
    assert strict.post(url, {"document": "report"}).status_code == 403


def test_the_round_page_shows_its_jobs_and_renders_again(
    staff_client, demo, six_months, media, django_capture_on_commit_callbacks
):
    page = reverse("admin:actionplans_resultsround_change", args=[six_months.pk])
    html = staff_client.get(page).content.decode()
    assert "รายงานผลการดำเนินการ" in html and "บันทึกข้อความรายงานผล" in html
    assert html.count("ยังไม่ได้สร้างล่วงหน้า") == 2

    url = reverse("admin:actionplans_resultsround_render_pdf", args=[six_months.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert staff_client.post(url, {"document": "results"}).status_code == 302
    assert job_states(results_round=six_months) == {"results": READY}
    html = staff_client.get(page).content.decode()
    assert "พร้อม" in html[html.index('id="pdf-jobs"') :]
    # A draft round renders its staff preview (ฉบับร่าง), as the preview link does.
    assert cached_names(media) == ["results-round-2568-6m-draft"]


def test_a_visitor_gets_the_pdf_when_no_job_ran(
    settings, demo, six_months, media, django_capture_on_commit_callbacks
):
    """With the database backend and no worker, the jobs wait in the queue; the visitor's
    request renders the PDFs itself, as before the jobs existed."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        results_round_publish(rnd=six_months)
    assert DBTaskResult.objects.filter(status="READY").count() == 2
    assert job_states(results_round=six_months) == {"results": QUEUED, "memo": QUEUED}
    assert set(DocumentJob.objects.values_list("task_id", flat=True)) == {
        str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)
    }
    for url in ("/reports/2568/results/6m.pdf", "/reports/2568/report.pdf"):
        response = Client().get(url)
        assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_withdrawing_a_year_prunes_and_renders_in_jobs(
    staff_client, demo, media, django_capture_on_commit_callbacks
):
    public = media / pdf.CACHE_DIR / f"report-2568-{'0' * 32}.pdf"
    public.parent.mkdir(parents=True)
    public.write_bytes(b"%PDF-1.7 old")
    data = admin_form(staff_client, year_page(demo))
    data["status"] = "draft"
    with django_capture_on_commit_callbacks(execute=True):
        assert staff_client.post(year_page(demo), data).status_code == 302
    assert not public.exists()
    assert cached_names(media) == ["memo-2568-draft", "report-2568-draft"]


def test_correcting_a_published_year_renders_its_pdfs_again_in_jobs(
    staff_client, demo, media, django_capture_on_commit_callbacks, forbid_weasyprint
):
    # The year is published (the demo); staff correct its summary on the year's page.
    data = admin_form(staff_client, year_page(demo))
    data["summary"] = "สรุปผลฉบับแก้ไข"
    with django_capture_on_commit_callbacks(execute=True):
        assert staff_client.post(year_page(demo), data).status_code == 302

    assert job_states(assessment=demo) == {"report": READY, "memo": READY}
    forbid_weasyprint()
    response = Client().get("/reports/2568/report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
