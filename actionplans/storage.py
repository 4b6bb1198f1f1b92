"""Where evidence files live: outside MEDIA_ROOT, so no web server or `static()` route serves
them; they go out only through the permission-checked download view, as attachments."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible
class EvidenceStorage(FileSystemStorage):
    # Read on each use (not cached) so tests can point EVIDENCE_ROOT at a temporary folder.
    @property
    def base_location(self):
        return str(settings.EVIDENCE_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Evidence files have no public URL: use actionplans:evidence")
