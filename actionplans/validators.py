"""Checks on uploaded evidence, with messages a division head can act on."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_EXTENSIONS = ("pdf", "png", "jpg", "jpeg", "doc", "docx", "xls", "xlsx", "odt", "ods")

# What each accepted type's first bytes are, and its name in the messages. Office files of 2007
# on (docx, xlsx) and OpenDocument files are zip archives; Office 97–2003 files are OLE2.
_ZIP = (b"PK\x03\x04",)
_OLE2 = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
EVIDENCE_SIGNATURES = {
    "pdf": ("PDF", (b"%PDF-",)),
    "png": ("PNG", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("JPEG", (b"\xff\xd8\xff",)),
    "jpeg": ("JPEG", (b"\xff\xd8\xff",)),
    "doc": ("Word", _OLE2),
    "xls": ("Excel", _OLE2),
    "docx": ("Word", _ZIP),
    "xlsx": ("Excel", _ZIP),
    "odt": ("OpenDocument", _ZIP),
    "ods": ("OpenDocument", _ZIP),
}


@deconstructible
class EvidenceFileValidator:
    """Refuse evidence files that are too large or of a type other than documents and images.

    The type is judged by the extension and then by the content: a file must begin the way
    its type does, so a web page or an SVG renamed to .pdf or .png is refused. The files are
    also only ever sent back as downloads (attachment, nosniff, a sandboxing CSP), so even a
    file that slipped through could not run in the site's origin.
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
        if getattr(file, "_committed", False):
            return  # a file already stored was checked when it was uploaded
        self._check_content(file, ext)

    def _check_content(self, file, ext):
        kind, signatures = EVIDENCE_SIGNATURES.get(ext, (ext.upper(), ()))
        file.seek(0)
        head = file.read(512)
        file.seek(0)
        if not signatures or head.startswith(signatures):
            return
        stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        if stripped.startswith(b"<"):
            looks_like = "หน้าเว็บ (HTML) หรือภาพ SVG"
        elif not head:
            looks_like = "ไฟล์ว่าง"
        else:
            looks_like = "ไฟล์ชนิดอื่น"
        raise ValidationError(
            "ไฟล์ %(name)s ไม่ใช่ไฟล์ %(kind)s จริง (เนื้อในเป็น%(looks_like)s แม้ชื่อจะลงท้ายด้วย .%(ext)s)"
            " กรุณาแนบไฟล์ที่บันทึกจากโปรแกรมโดยตรง",
            code="evidence_content",
            params={
                "name": Path(file.name or "").name,
                "kind": kind,
                "looks_like": looks_like,
                "ext": ext,
            },
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
