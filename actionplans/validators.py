"""Checks on uploaded evidence, with messages a division head can act on."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_EXTENSIONS = ("pdf", "png", "jpg", "jpeg", "doc", "docx", "xls", "xlsx", "odt", "ods")


@deconstructible
class EvidenceFileValidator:
    """Refuse evidence files that are too large or of a type other than documents and images.

    The type is judged by the extension; the files are only ever sent back as downloads
    (attachment, nosniff), so a mislabelled file cannot run in the site's origin.
    """

    def __init__(self, max_bytes=EVIDENCE_MAX_BYTES, extensions=EVIDENCE_EXTENSIONS):
        self.max_bytes = max_bytes
        self.extensions = tuple(extensions)

    def __call__(self, file):
        ext = Path(file.name or "").suffix.lower().lstrip(".")
        if ext not in self.extensions:
            raise ValidationError(
                "ไม่รับไฟล์ชนิด %(ext)s: แนบได้เฉพาะไฟล์ %(allowed)s",
                code="evidence_type",
                params={"ext": f".{ext}" if ext else "ไม่มีนามสกุล", "allowed": self.allowed},
            )
        if file.size is not None and file.size > self.max_bytes:
            raise ValidationError(
                "ไฟล์มีขนาด %(size)s เมกะไบต์ เกินขนาดสูงสุด %(max)s เมกะไบต์ กรุณาย่อไฟล์หรือแนบเป็นลิงก์แทน",
                code="evidence_size",
                params={"size": f"{file.size / 1024 / 1024:.1f}", "max": self.max_mb},
            )

    @property
    def allowed(self):
        return ", ".join(self.extensions)

    @property
    def max_mb(self):
        return f"{self.max_bytes / 1024 / 1024:g}"

    def __eq__(self, other):
        return (
            isinstance(other, EvidenceFileValidator)
            and self.max_bytes == other.max_bytes
            and self.extensions == other.extensions
        )
