"""Backups of the whole portal: the database plus the uploaded files, in one .tar.gz.

An archive holds `manifest.json`, the database (`database.sqlite3`, a copy made with SQLite's
online backup API, or `database.dump`, PostgreSQL's custom format from pg_dump -Fc), and the
folders MEDIA_ROOT (`media/`, without the PDF cache, which is rebuilt on demand) and
EVIDENCE_ROOT (`evidence/`). It holds password hashes and private evidence: it is written
readable by its owner only.
"""

import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from core.signals import content_changed_on_commit

FORMAT = 1
NAME_PATTERN = "ita-*.tar.gz"
SKIP_MEDIA = {"pdf-cache"}  # rebuilt from the data whenever a PDF is asked for


def _pg_tool(name):
    """pg_dump/pg_restore of the server's major version (a newer client refuses nothing, an
    older one refuses a newer server): PG_BIN_DIR, then Debian's versioned folder, then PATH."""
    candidates = []
    if os.environ.get("PG_BIN_DIR"):
        candidates.append(Path(os.environ["PG_BIN_DIR"]) / name)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        major = int(cursor.fetchone()[0]) // 10000
    candidates.append(Path(f"/usr/lib/postgresql/{major}/bin/{name}"))
    on_path = shutil.which(name)
    if on_path:
        candidates.append(Path(on_path))
    for path in candidates:
        if path.is_file() and os.access(path, os.X_OK):
            return str(path)
    raise ValidationError(
        f"ไม่พบโปรแกรม {name} (PostgreSQL {major}): ติดตั้ง postgresql-client-{major} "
        "หรือกำหนด PG_BIN_DIR"
    )


def _pg_env():
    """libpq variables for the current database, so the password never shows in `ps`."""
    s = connection.settings_dict
    env = dict(os.environ)
    for var, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if s.get(key):
            env[var] = str(s[key])
    return env


def _run(args, env):
    result = subprocess.run(args, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise ValidationError(f"{Path(args[0]).name} ล้มเหลว: {result.stderr.strip()[-2000:]}")


def _dump_database(directory):
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        target = directory / "database.sqlite3"
        # The online backup API copies a consistent snapshot even while the portal writes,
        # which copying the file itself does not promise.
        dest = sqlite3.connect(target)
        try:
            connection.connection.backup(dest)
        finally:
            dest.close()
        return target.name
    if connection.vendor == "postgresql":
        target = directory / "database.dump"
        _run([_pg_tool("pg_dump"), "-Fc", "--no-owner", "--no-acl", "-f", str(target)], _pg_env())
        return target.name
    raise ValidationError(f"สำรองฐานข้อมูลชนิด {connection.vendor} ไม่ได้ (รองรับ SQLite และ PostgreSQL)")


def _restore_database(directory, manifest):
    vendor = manifest["database_vendor"]
    if vendor != connection.vendor:
        raise ValidationError(
            f"ไฟล์สำรองนี้มาจากฐานข้อมูล {vendor} แต่ระบบนี้ใช้ {connection.vendor}: กู้คืนข้ามชนิดฐานข้อมูลไม่ได้"
        )
    connection.ensure_connection()
    source = directory / manifest["database_file"]
    if vendor == "sqlite":
        src = sqlite3.connect(source)
        try:
            src.backup(connection.connection)  # replaces every page of the live database
        finally:
            src.close()
    else:
        pg_restore = _pg_tool("pg_restore")
        connections.close_all()
        _run(
            [
                pg_restore,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-acl",
                "--single-transaction",
                "--exit-on-error",
                "-d",
                _pg_env().get("PGDATABASE", ""),
                str(source),
            ],
            _pg_env(),
        )
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


def _folders():
    return {"media": Path(settings.MEDIA_ROOT), "evidence": Path(settings.EVIDENCE_ROOT)}


def backup_create(*, output_dir, keep=None):
    """Write a backup archive into `output_dir` and return its path.

    With `keep`, only the newest `keep` archives of the folder are kept afterwards.
    """
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    target = output_dir / f"ita-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory(prefix="ita-backup-") as tmp:
        tmp = Path(tmp)
        database_file = _dump_database(tmp)
        manifest = {
            "format": FORMAT,
            "created": timezone.now().isoformat(),
            "database_vendor": connection.vendor,
            "database_file": database_file,
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        partial = target.with_suffix(".partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                tar.add(tmp / "manifest.json", arcname="manifest.json")
                tar.add(tmp / database_file, arcname=database_file)
                for arcname, folder in _folders().items():
                    tar.add(tmp, arcname=arcname, recursive=False)  # present even when empty
                    if folder.is_dir():
                        for child in sorted(folder.iterdir()):
                            if arcname == "media" and child.name in SKIP_MEDIA:
                                continue
                            tar.add(child, arcname=f"{arcname}/{child.name}")
            os.replace(partial, target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    if keep:
        archives = sorted(output_dir.glob(NAME_PATTERN))
        for old in archives[:-keep]:
            old.unlink()
    return target


def backup_restore(*, archive):
    """Put the database and the uploaded files back as they were in `archive`.

    Everything written since is lost: the current database is replaced, MEDIA_ROOT and
    EVIDENCE_ROOT are replaced by the archive's folders (the old ones are removed only after
    the new ones are in place).
    """
    archive = Path(archive)
    if not archive.is_file():
        raise ValidationError(f"ไม่พบไฟล์สำรอง {archive}")
    with tempfile.TemporaryDirectory(prefix="ita-restore-") as tmp:
        tmp = Path(tmp)
        try:
            with tarfile.open(archive, "r:gz") as tar:
                # "data": no absolute paths, no links or devices leading out of tmp.
                tar.extractall(tmp, filter="data")
            manifest = json.loads((tmp / "manifest.json").read_text(encoding="utf-8"))
        except (tarfile.TarError, OSError, ValueError) as e:
            raise ValidationError(f"ไฟล์ {archive.name} ไม่ใช่ไฟล์สำรองของ ITA Portal ({e})") from e
        if manifest.get("format") != FORMAT or not re.fullmatch(
            r"database\.(sqlite3|dump)", manifest.get("database_file", "")
        ):
            raise ValidationError(f"ไฟล์ {archive.name} เป็นไฟล์สำรองรูปแบบที่ไม่รู้จัก")
        _restore_database(tmp, manifest)
        for arcname, folder in _folders().items():
            _replace_folder(tmp / arcname, folder, keep=SKIP_MEDIA if arcname == "media" else ())
    # A database replaced behind the ORM's back: the cached pages and PDF keys are all stale.
    content_changed_on_commit(sender=None)
    return manifest


def _replace_folder(source, folder, keep=()):
    """Make `folder`'s contents those of `source`, leaving the names in `keep` alone.

    The work happens inside `folder` itself (it may be a mount point, which cannot be renamed):
    the new contents are copied in first, so a failed copy leaves the old files in place.
    """
    folder.mkdir(parents=True, exist_ok=True)
    tag = f".restore-{os.getpid()}"
    new, old = folder / f"{tag}-new", folder / f"{tag}-old"
    try:
        if source.is_dir():
            shutil.copytree(source, new)
        else:
            new.mkdir()
        old.mkdir()
        for child in list(folder.iterdir()):
            if child.name not in keep and child not in (new, old):
                os.replace(child, old / child.name)
        for child in list(new.iterdir()):
            if child.name not in keep:
                os.replace(child, folder / child.name)
    finally:
        shutil.rmtree(new, ignore_errors=True)
    # Only once every new file is in place; after a failure the old files stay in `old`.
    shutil.rmtree(old, ignore_errors=True)
