"""Publishing's background jobs: rendering the documents' PDFs into the PDF cache, and pruning it.

A year published, withdrawn or corrected (assessments' `publication_changed`, see receivers) and
a results round published or corrected (rounds.py) queue one render job per document, after the
commit. A job renders its document as it stands when the job runs, through the function a
visitor's request uses (views.year_pdf, results_views.round_pdf), so the visitor then finds the
file; a visitor who comes first renders it in the request as before and never waits on the
queue. Each document's latest job is kept in a DocumentJob row (รอคิว, กำลังสร้าง, พร้อม,
ล้มเหลว with the reason) for the year's and the round's admin pages. Retries: core.jobs.
"""

from django.db import transaction
from django_tasks import task  # Django 6: from django.tasks import task

from assessments.models import Memo
from core import jobs

from . import pdf
from .models import DocumentJob
from .results_views import round_pdf
from .views import year_pdf

REASON_LENGTH = 1000


# --- queueing -----------------------------------------------------------------------------------


def document_pdf_queue(*, assessment, document, results_round=None):
    """Mark the document's PDF รอคิว and queue the job that renders it, once the current
    transaction commits."""
    job, _ = DocumentJob.objects.update_or_create(
        assessment=assessment,
        results_round=results_round,
        document=document,
        defaults={"state": DocumentJob.State.QUEUED, "error": ""},
    )
    transaction.on_commit(lambda: _enqueue(job.pk), robust=True)
    return job


def _enqueue(job_pk):
    _remember(job_pk, render_document_pdf.enqueue(job_pk))


def year_pdfs_queue(*, assessment):
    """Queue the year's report and, when it has one, its memo."""
    documents = [DocumentJob.Document.REPORT]
    if Memo.objects.filter(assessment=assessment).exists():
        documents.append(DocumentJob.Document.MEMO)
    return [document_pdf_queue(assessment=assessment, document=d) for d in documents]


def round_pdfs_queue(*, rnd):
    """Queue a results round's report and memo."""
    return [
        document_pdf_queue(assessment=rnd.assessment, results_round=rnd, document=d)
        for d in (DocumentJob.Document.RESULTS, DocumentJob.Document.MEMO)
    ]


def _remember(job_pk, result):
    """Note which queued task will render the document. The immediate backend has run it
    already (and the task noted itself), hence only while the job still waits."""
    if result is not None:
        DocumentJob.objects.filter(pk=job_pk, state=DocumentJob.State.QUEUED).update(
            task_id=result.id
        )


# --- the jobs -----------------------------------------------------------------------------------


def _render(job):
    if job.results_round_id is None:
        return year_pdf(job.assessment, job.document)
    return round_pdf(job.results_round, job.document)


def _reason(exc):
    """What staff read after ล้มเหลว: the error's own message (the portal's are Thai)."""
    return (str(exc).strip() or type(exc).__name__)[:REASON_LENGTH]


def _finish(job_pk, task_id, state, error=""):
    """Record the outcome, unless a newer job of the same document has started meanwhile."""
    job = DocumentJob.objects.filter(pk=job_pk, task_id=task_id).first()
    if job is not None:
        job.state, job.error = state, error
        job.save(update_fields=["state", "error", "updated_at"])


@task(takes_context=True)
def render_document_pdf(context, job_pk, attempt=1):
    """Render one document's PDF (a DocumentJob) into the PDF cache; retried on failure."""
    task_id = context.task_result.id
    job = (
        DocumentJob.objects.select_related(
            "assessment__organization",
            "assessment__framework",
            "results_round__assessment__organization",
        )
        .filter(pk=job_pk)
        .first()
    )
    if job is None:
        return None  # its year or round was deleted since
    job.task_id, job.state = task_id, DocumentJob.State.RENDERING
    job.save(update_fields=["task_id", "state", "updated_at"])
    if jobs.worker_lost_too_often(context):
        lost = context.attempt - 1
        _finish(job_pk, task_id, DocumentJob.State.FAILED, f"ตัวทำงานเบื้องหลังหยุดกลางคัน {lost} ครั้ง")
        return None
    try:
        cached = _render(job)
    except Exception as e:
        last = attempt >= jobs.ATTEMPTS
        state = DocumentJob.State.FAILED if last else DocumentJob.State.QUEUED
        _finish(job_pk, task_id, state, _reason(e))
        if not last:
            _remember(job_pk, jobs.retry(render_document_pdf, job_pk, attempt=attempt))
        raise
    _finish(job_pk, task_id, DocumentJob.State.READY)
    return cached.path.name


@task()
def prune_pdf_cache(attempt=1):
    """Delete the cached PDFs no current document needs (pdf.prune_cache); retried on failure."""
    try:
        return pdf.prune_cache()
    except Exception:
        jobs.retry(prune_pdf_cache, attempt=attempt)
        raise
