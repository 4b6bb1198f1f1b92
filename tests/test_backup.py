"""Backups: `manage.py backup` then `manage.py restore` give back the same data and files.

Runs on whatever database the suite runs on: SQLite locally (the online backup API), and
PostgreSQL in CI (pg_dump -Fc / pg_restore of the server's version).
"""

import hashlib
import io
import tarfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from actionplans.models import ActionItem, ProgressUpdate
from actionplans.services import progress_update_create
from assessments.models import Assessment, Finding


def dumped():
    """Every row of every table, as dumpdata writes it, and its checksum."""
    out = io.StringIO()
    call_command("dumpdata", "--all", "--indent=0", stdout=out)
    text = out.getvalue()
    return hashlib.sha256(text.encode()).hexdigest(), len(text)


def files(folder):
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def portal(transactional_db, settings, tmp_path, django_user_model):
    """The demo year, a division head's report with an evidence file and a public emblem; on
    committed data, as the backup command (and pg_dump, a separate process) sees it."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    call_command("load_framework", verbosity=0)
    call_command("load_demo", verbosity=0)
    user = django_user_model.objects.create_user("head", password="head-pass-123456")
    item = ActionItem.objects.order_by("pk").first()
    progress_update_create(
        item=item,
        author=user,
        status="in_progress",
        percent=40,
        public_summary="อบรมแล้ว",
        evidence_file=SimpleUploadedFile("รายงาน.pdf", b"%PDF-1.7 evidence"),
    )
    (settings.MEDIA_ROOT / "emblems").mkdir(parents=True)
    (settings.MEDIA_ROOT / "emblems" / "donsak.png").write_bytes(b"\x89PNG\r\n\x1a\nemblem")
    (settings.MEDIA_ROOT / "pdf-cache").mkdir()
    (settings.MEDIA_ROOT / "pdf-cache" / "report-2568-abc.pdf").write_bytes(b"%PDF cache")
    return settings


def test_a_restore_gives_back_the_same_data_and_files(portal, tmp_path):
    before = dumped()
    media_before = files(portal.MEDIA_ROOT)
    evidence_before = files(portal.EVIDENCE_ROOT)
    counts = (Assessment.objects.count(), Finding.objects.count(), ProgressUpdate.objects.count())

    out = io.StringIO()
    call_command("backup", output_dir=str(tmp_path / "backups"), stdout=out)
    (archive,) = (tmp_path / "backups").glob("ita-*.tar.gz")
    assert "สำรองข้อมูลแล้ว" in out.getvalue()
    assert archive.stat().st_mode & 0o077 == 0  # password hashes and evidence inside
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "manifest.json" in names
    assert {"database.sqlite3", "database.dump"} & set(names)
    assert "evidence/evidence" in "\n".join(names)
    assert "media/emblems/donsak.png" in names
    assert not any(n.startswith("media/pdf-cache") for n in names)  # rebuilt on demand

    # A bad day: findings deleted, a score changed, the evidence file gone, a stray upload.
    Finding.objects.all().delete()
    Assessment.objects.update(reported_overall=None)
    ProgressUpdate.objects.get().evidence_file.delete(save=False)
    (portal.MEDIA_ROOT / "stray.txt").write_text("x")
    assert dumped() != before

    call_command("restore", str(archive), yes=True, stdout=io.StringIO())

    assert dumped() == before
    assert (
        Assessment.objects.count(),
        Finding.objects.count(),
        ProgressUpdate.objects.count(),
    ) == counts
    assert files(portal.EVIDENCE_ROOT) == evidence_before
    assert files(portal.MEDIA_ROOT) == media_before  # the PDF cache left where it was
    assert ProgressUpdate.objects.get().evidence_file.open("rb").read() == b"%PDF-1.7 evidence"


def test_restore_refuses_without_confirmation(portal, tmp_path):
    call_command("backup", output_dir=str(tmp_path / "backups"), stdout=io.StringIO())
    (archive,) = (tmp_path / "backups").glob("ita-*.tar.gz")
    Finding.objects.all().delete()
    with pytest.raises(CommandError, match="ยืนยันด้วย --yes"):
        call_command("restore", str(archive))
    assert Finding.objects.count() == 0  # nothing was put back


def test_restore_refuses_a_file_that_is_not_a_backup(portal, tmp_path):
    bogus = tmp_path / "ita-bogus.tar.gz"
    bogus.write_bytes(b"not a tarball")
    with pytest.raises(CommandError, match="ไม่ใช่ไฟล์สำรองของ ITA Portal"):
        call_command("restore", str(bogus), yes=True)


def test_keep_leaves_only_the_newest_backups(portal, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    for stamp in ("20250101-000000", "20250102-000000", "20250103-000000"):
        (folder / f"ita-{stamp}.tar.gz").write_bytes(b"old")
    call_command("backup", output_dir=str(folder), keep=2, stdout=io.StringIO())
    names = sorted(p.name for p in folder.glob("ita-*.tar.gz"))
    assert len(names) == 2 and names[0] == "ita-20250103-000000.tar.gz"
