"""Keeping the public pages and the PDFs while nothing they print changes
(publishing.caching): a cache read and no SQL per request, and never stale once a write commits.
Each write path is checked in test_cache_invalidation.py; here, the mechanism."""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client

from actionplans.models import ReminderLog
from publishing import caching, pdf


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_the_document_version_is_a_cache_read_and_no_query(demo, django_assert_num_queries):
    with django_assert_num_queries(0):
        caching.document_version()


def test_a_committed_write_moves_the_version_and_a_rolled_back_one_does_not(
    demo, django_capture_on_commit_callbacks
):
    before = caching.document_version()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        demo.summary = "ไม่บันทึก"
        demo.save()
        transaction.set_rollback(True)
    assert caching.document_version() == before
    with django_capture_on_commit_callbacks(execute=True):
        demo.summary = "บันทึก"
        demo.save()
    assert caching.document_version() != before


def test_a_transaction_of_many_rows_invalidates_once(
    demo, monkeypatch, django_capture_on_commit_callbacks
):
    calls = []
    monkeypatch.setattr(caching, "invalidate", lambda: calls.append(1))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for finding in demo.findings.all():
            finding.save()
    assert demo.findings.count() > 10 and len(calls) == 1
    # The next transaction invalidates again.
    with django_capture_on_commit_callbacks(execute=True):
        demo.save()
    assert len(calls) == 2


def test_the_version_moves_at_midnight(demo, monkeypatch):
    from datetime import date

    before = caching.document_version()
    monkeypatch.setattr(caching.timezone, "localdate", lambda: date(2099, 1, 1))
    assert caching.document_version() != before


def test_a_lost_token_never_brings_back_an_old_version(demo):
    before = caching.document_version()
    cache.delete(caching.VERSION_KEY)  # evicted, or the cache restarted
    assert caching.document_version() != before
    cache.clear()
    assert caching.document_version() != before


def test_new_code_on_disk_moves_the_version(settings, tmp_path):
    """A deploy: the cache outlives the processes, so the code's version is part of the key."""
    settings.DEBUG = True  # read on every call, as under `make run`
    settings.BASE_DIR = tmp_path
    template = tmp_path / "templates" / "page.html"
    template.parent.mkdir()
    template.write_text("old")
    before = caching.code_version()
    template.write_text("the new template")
    assert caching.code_version() != before


def test_the_pdf_key_covers_the_libraries_that_render_it(monkeypatch):
    import importlib.metadata

    html = "<p>เอกสาร</p>"
    before = pdf.cache_key(html)
    real = importlib.metadata.version
    monkeypatch.setattr(
        pdf.importlib.metadata,
        "version",
        lambda name: "99.0" if name == "Pillow" else real(name),
    )
    pdf.renderer_fingerprint.cache_clear()
    try:
        assert pdf.cache_key(html) != before
    finally:
        pdf.renderer_fingerprint.cache_clear()
    assert pdf.cache_key(html + " ") != before  # and the HTML, as the templates made it


def test_a_cached_pdf_is_served_without_rendering_anything(demo, media, django_assert_num_queries):
    client = Client()
    first = client.get("/reports/2568/report.pdf")
    # The PDF's key is remembered in the cache for the document version: no query at all.
    with django_assert_num_queries(0):
        again = client.get("/reports/2568/report.pdf")
    assert again.content == first.content and again["ETag"] == first["ETag"]


def test_a_write_that_changes_nothing_printed_keeps_the_pdf_and_its_etag(
    demo, media, staff, django_capture_on_commit_callbacks
):
    client = Client()
    first = client.get("/reports/2568/report.pdf")
    with django_capture_on_commit_callbacks(execute=True):  # a reminder sent: not printed
        ReminderLog.objects.create(user=staff, date=demo.published_at.date(), item_count=1)
    again = client.get("/reports/2568/report.pdf")
    # The HTML was rendered again to check, and was the same: same file, same ETag.
    assert again["ETag"] == first["ETag"]
    assert again["Last-Modified"] == first["Last-Modified"]


def test_pdfs_follow_a_deleted_cache_directory(demo, media):
    import shutil

    client = Client()
    first = client.get("/reports/2568/memo.pdf")
    shutil.rmtree(media / "pdf-cache")
    again = client.get("/reports/2568/memo.pdf")
    assert again.status_code == 200 and again["ETag"] == first["ETag"]
    assert list((media / "pdf-cache").glob("memo-2568-*.pdf"))


def test_a_withdrawn_year_is_gone_at_once_despite_the_caches(
    demo, media, django_capture_on_commit_callbacks
):
    from assessments.models import Assessment

    client = Client()
    for url in ("/reports/2568/", "/reports/2568/report.pdf", "/reports/2568/memo.pdf"):
        assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        demo.status = Assessment.Status.DRAFT
        demo.save()
    for url in ("/reports/2568/", "/reports/2568/report.pdf", "/reports/2568/memo.pdf"):
        assert client.get(url).status_code == 404, url
