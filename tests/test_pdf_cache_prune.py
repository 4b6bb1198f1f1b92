"""Old PDFs (issue 13, finding 6): cached PDFs no current document needs are deleted, and the PDF
cache is never served by a media route, not even with DEBUG on."""

import importlib
import os

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import clear_url_caches, reverse

from assessments.models import Assessment
from tests.test_stale_saves import admin_form

KEY = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def cache_dir(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    directory = settings.MEDIA_ROOT / "pdf-cache"
    directory.mkdir(parents=True)
    return directory


def put(directory, name, key=KEY, mtime=None):
    path = directory / f"{name}-{key}.pdf"
    path.write_bytes(b"%PDF-1.7 cached")
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


@pytest.fixture
def debug_urls():
    """The URLs as `make run` builds them (DEBUG on)."""
    import ita_portal.urls

    with override_settings(DEBUG=True):
        importlib.reload(ita_portal.urls)
        clear_url_caches()
        yield
    importlib.reload(ita_portal.urls)
    clear_url_caches()


def test_the_pdf_cache_is_not_served_under_debug_but_the_emblem_is(
    client, cache_dir, debug_urls, settings
):
    draft = put(cache_dir, "report-2569-draft")
    assert client.get(f"/media/pdf-cache/{draft.name}").status_code == 404
    (settings.MEDIA_ROOT / "emblems").mkdir()
    (settings.MEDIA_ROOT / "emblems" / "donsak.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert client.get("/media/emblems/donsak.png").status_code == 200


def test_withdrawing_a_year_deletes_its_public_pdfs(
    staff_client, demo, cache_dir, django_capture_on_commit_callbacks
):
    assert demo.is_published
    public = [put(cache_dir, "report-2568"), put(cache_dir, "memo-2568")]
    url = reverse("admin:assessments_assessment_change", args=[demo.pk])
    data = admin_form(staff_client, url)
    data["status"] = "draft"
    with django_capture_on_commit_callbacks(execute=True):
        assert staff_client.post(url, data).status_code == 302
    assert not any(p.exists() for p in public)


def test_publishing_a_year_deletes_its_draft_pdfs(
    staff_client, demo, cache_dir, django_capture_on_commit_callbacks
):
    Assessment.objects.filter(pk=demo.pk).update(status="draft", published_at=None)
    drafts = [put(cache_dir, "report-2568-draft"), put(cache_dir, "memo-2568-draft")]
    url = reverse("admin:assessments_assessment_change", args=[demo.pk])
    data = admin_form(staff_client, url)
    data["status"] = "published"
    data["_confirm_publish"] = "1"  # issue 20: publishing asks first (the confirmation page)
    with django_capture_on_commit_callbacks(execute=True):
        assert staff_client.post(url, data).status_code == 302
    assert not any(p.exists() for p in drafts)


def test_prune_keeps_only_the_newest_pdf_each_current_document_needs(demo, cache_dir):
    newest = put(cache_dir, "report-2568", key="b" * 32, mtime=2_000_000_000)
    older = put(cache_dir, "report-2568", key="a" * 32, mtime=1_900_000_000)
    memo = put(cache_dir, "memo-2568")
    draft_of_published = put(cache_dir, "report-2568-draft")
    gone_year = put(cache_dir, "report-2561")
    call_command("prune_pdf_cache", verbosity=0)
    assert newest.exists() and memo.exists()
    assert not older.exists() and not draft_of_published.exists() and not gone_year.exists()
