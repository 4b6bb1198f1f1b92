"""Keeping the public report page and the PDFs while nothing they print changes
(publishing.caching): cheap to check, and never stale after a write the portal makes."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from assessments.models import MemoSignature, Organization
from publishing import caching


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_data_version_moves_with_every_kind_of_write(demo, staff):
    seen = {caching.data_version()}

    def moved():
        v = caching.data_version()
        assert v not in seen
        seen.add(v)

    demo.summary = "แก้ไขสรุป"  # a saved row: a history record
    demo.save()
    moved()
    finding = demo.findings.first()
    before_add = caching.data_version()
    other = demo.framework.questions.exclude(pk__in=finding.questions.all()).first()
    finding.questions.add(other)  # many-to-many rows
    moved()
    finding.questions.remove(other)  # back as it was: so is the version
    assert caching.data_version() == before_add
    signature = MemoSignature.objects.first()  # a model without history: deleted
    signature.delete()
    moved()
    org = Organization.objects.get()
    LogEntry.objects.create(  # an edit in the admin, which logs every change it makes
        user=staff,
        content_type=ContentType.objects.get_for_model(org),
        object_id=str(org.pk),
        object_repr=str(org),
        action_flag=CHANGE,
    )
    moved()


def test_data_version_is_one_query(demo, django_assert_num_queries):
    with django_assert_num_queries(1):
        caching.data_version()


def test_a_cached_pdf_is_served_without_rendering_anything(demo, media, django_assert_num_queries):
    client = Client()
    first = client.get("/reports/2568/report.pdf")
    # 1 the document version; the PDF's key is remembered for that version.
    with django_assert_num_queries(1):
        again = client.get("/reports/2568/report.pdf")
    assert again.content == first.content and again["ETag"] == first["ETag"]


def test_a_write_that_changes_nothing_printed_keeps_the_pdf_and_its_etag(demo, media, staff):
    client = Client()
    first = client.get("/reports/2568/report.pdf")
    LogEntry.objects.create(
        user=staff,
        content_type=ContentType.objects.get_for_model(staff),
        object_id=str(staff.pk),
        object_repr=str(staff),
        action_flag=CHANGE,
    )
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


def test_a_withdrawn_year_is_gone_at_once_despite_the_caches(demo, media):
    from assessments.models import Assessment

    client = Client()
    for url in ("/reports/2568/", "/reports/2568/report.pdf", "/reports/2568/memo.pdf"):
        assert client.get(url).status_code == 200
    demo.status = Assessment.Status.DRAFT
    demo.save()
    for url in ("/reports/2568/", "/reports/2568/report.pdf", "/reports/2568/memo.pdf"):
        assert client.get(url).status_code == 404, url
