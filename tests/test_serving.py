"""Serving in production: WhiteNoise with hashed static names, PDFs still finding their fonts
under those names, and the gunicorn settings."""

import runpy
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from publishing import pdf as pdfmod

MANIFEST = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """static/ collected with hashed, compressed names, as `collectstatic` does on deploy."""
    root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(STATIC_ROOT=root, STORAGES=MANIFEST):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


@pytest.fixture
def production_static(collected, settings):
    settings.DEBUG = False
    settings.STATIC_ROOT = collected
    settings.STORAGES = MANIFEST
    settings.WHITENOISE_USE_FINDERS = settings.WHITENOISE_AUTOREFRESH = False
    return collected


def test_collectstatic_writes_hashed_and_compressed_files(collected):
    assert list(collected.glob("css/report.*.css"))
    assert list(collected.glob("css/report.*.css.gz"))
    assert (collected / "staticfiles.json").is_file()


def test_whitenoise_serves_a_hashed_stylesheet_cached_for_a_year(production_static, db):
    from django.templatetags.static import static

    url = static("css/report.css")
    assert url != "/static/css/report.css"  # a hashed name
    response = Client().get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert "max-age=315360000" in response["Cache-Control"]
    assert response["Content-Encoding"] == "gzip"
    b"".join(response.streaming_content)


def test_pdf_fetcher_finds_fonts_under_hashed_names(production_static):
    from django.templatetags.static import static

    css = static("css/print.css")
    path = pdfmod.LocalFetcher.local_path(f"file://{css}")
    assert path is not None and path.is_file()
    # The collected print.css points at hashed font files, which the fetcher finds too.
    html = f'<html lang="th"><head><link rel="stylesheet" href="{css}"></head><body>ทดสอบ</body>'
    assert pdfmod.render_pdf(html).startswith(b"%PDF")


def test_hashed_static_names_are_not_looked_up_outside_production():
    assert pdfmod.LocalFetcher.local_path("file:///static/css/print.0123456789ab.css") is None


def test_gunicorn_config_has_sensible_settings(monkeypatch):
    monkeypatch.setenv("GUNICORN_WORKERS", "3")
    conf = runpy.run_path(str(Path(__file__).parent.parent / "deploy" / "gunicorn.conf.py"))
    assert conf["workers"] == 3
    assert conf["bind"].startswith("127.0.0.1:")
    assert conf["worker_class"] == "sync"
    assert 30 <= conf["timeout"] <= 120
    assert conf["max_requests"] > 0 and conf["max_requests_jitter"] > 0
    assert conf["accesslog"] == "-" and conf["errorlog"] == "-"
