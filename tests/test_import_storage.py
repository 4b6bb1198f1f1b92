"""Where an uploaded spreadsheet waits between an import's preview and its confirmation (issue
18, item 5.6): the private folder of settings.STORAGES["import_export"] (IMPORT_TMP_ROOT,
default import-tmp/, ignored by git), made when the first file arrives. Test runs once left
their files in the project's own import-tmp/, and they were committed."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import storages

from tests.frameworks import scores_of, xlsx_bytes
from tests.import_helpers import confirm_import, post_import

BASE = Path(django_settings.BASE_DIR)


def test_the_import_folder_is_made_when_the_first_file_arrives(
    staff_client, demo, settings, tmp_path
):
    folder = tmp_path / "not-yet" / "import-tmp"
    import_export = settings.STORAGES["import_export"]
    settings.STORAGES = {
        **settings.STORAGES,
        "import_export": {**import_export, "OPTIONS": {"location": str(folder)}},
    }
    rows = [["รหัสข้อ", "คะแนน"], ["i11", "95.88"]]
    preview = post_import(staff_client, demo, xlsx_bytes({"s": rows}))
    assert preview.status_code == 200
    assert any(p.is_file() for p in folder.rglob("*"))  # the folder was made, the file is in it
    assert confirm_import(staff_client, preview).status_code == 302
    assert str(scores_of(demo)["questions"]["i11"]) == "95.88"
    assert not any(p.is_file() for p in folder.rglob("*"))  # removed on confirm


def test_the_tests_keep_uploaded_files_out_of_the_project_folder():
    location = Path(storages["import_export"].location).resolve()
    assert BASE.resolve() not in location.parents


@pytest.mark.skipif(
    shutil.which("git") is None or not (BASE / ".git").exists(), reason="not a git checkout"
)
def test_the_repository_carries_no_uploaded_spreadsheets():
    tracked = subprocess.run(
        ["git", "ls-files", "import-tmp"], cwd=BASE, capture_output=True, text=True, check=True
    ).stdout.split()
    assert tracked == []


def test_production_gives_the_import_folder_a_place_the_service_may_write():
    """The systemd unit makes everything read-only but the folders it names, the code's own
    import-tmp/ included: IMPORT_TMP_ROOT must be set, to a folder the unit lets the app write."""
    env = dict(
        line.split("=", 1)
        for line in (BASE / "deploy/env.example").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    )
    unit = (BASE / "deploy/ita-portal.service").read_text(encoding="utf-8")
    writable = next(
        line.split("=", 1)[1].split()
        for line in unit.splitlines()
        if line.startswith("ReadWritePaths=")
    )
    for name in ("MEDIA_ROOT", "EVIDENCE_ROOT", "IMPORT_TMP_ROOT"):
        assert env.get(name) in writable, name
