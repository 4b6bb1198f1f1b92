"""The files a WeasyPrint render may read: /static/ and /media/ from disk, data: URLs as they
are, and nothing else. Shared by every app that renders a PDF (publishing's documents, the
survey posters), so that no render calls the site over HTTP and a missing font or image stops it
with an error instead of printing empty boxes."""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

# Relative URLs in the HTML resolve against this; the fetcher maps it back to files.
BASE_URL = "file:///"


class LocalFetcher(URLFetcher):
    """Serves /static/ and /media/ URLs from disk, data: URLs as they are, and nothing else."""

    def __init__(self):
        super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = self.local_path(url)
        if path is None or not path.is_file():
            raise FatalURLFetchingError(f"PDF: ไม่พบไฟล์ {url} (ฟอนต์หรือรูปภาพที่เอกสารต้องใช้)")
        # Keep the /static/ URL (not the file path) so that relative URLs in CSS resolve.
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), headers={"Content-Type": mime})

    @staticmethod
    def local_path(url):
        parts = urlsplit(url)
        if parts.scheme != "file":
            return None
        path = unquote(parts.path)
        if path.startswith(settings.STATIC_URL):
            name = path[len(settings.STATIC_URL) :]
            found = finders.find(name)
            if found:
                return Path(found)
            # In production {% static %} gives hashed names ("css/print.1a2b3c.css") that only
            # exist in STATIC_ROOT, after collectstatic.
            if isinstance(staticfiles_storage, ManifestFilesMixin):
                return _inside(settings.STATIC_ROOT, name)
            return None
        if path.startswith(settings.MEDIA_URL):
            return _inside(settings.MEDIA_ROOT, path[len(settings.MEDIA_URL) :])
        return None


def _inside(root, name):
    """root/name, or None when there is no root or name climbs out of it ("../../etc")."""
    if not root:
        return None
    root = Path(root).resolve()
    target = (root / name).resolve()
    return target if target.is_relative_to(root) else None
