"""What an import's preview saw, sealed, so that its confirm saves only what was previewed
(issue 19, findings 3 and 5).

Between the preview and the confirm, the admin's page holds hidden fields (the stored file's
name, the year…): anyone can change them. The preview therefore also gives a signed token,
`preview_seal`, binding:

- the stored file, the user and the model (a token from another preview does not fit);
- `bound` values the import depends on, such as the year (result) the score import writes to:
  the confirm writes to the year that was previewed, whatever the hidden field says;
- for every row of the file, the stored row it matched and a digest of what that row held in
  the columns the import writes.

At the confirm each row the import changes is compared with what the preview saw: a row
changed (or created, or deleted) by someone else after the preview refuses the whole import,
naming the rows in Thai, and nothing is saved. A row the import leaves as it is is not a
conflict.
"""

import hashlib
import json

from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone

from .stale import _last_change, snapshot
from .thai import thai_date

SALT = "core.import_seal"
FIELD = "preview_seal"
EXPIRED = "ตัวอย่างการนำเข้าหมดอายุหรือไม่ถูกต้อง กรุณาเลือกไฟล์ใหม่"
CHANGED_BOUND = "ยังไม่ได้นำเข้า: ข้อมูลที่ส่งมายืนยันไม่ตรงกับที่ดูตัวอย่างไว้ (%(what)s) กรุณาเลือกไฟล์แล้วดูตัวอย่างใหม่"


def digest(values):
    text = json.dumps(values, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def row_digest(obj, names):
    return digest(snapshot(obj, names))


class ImportSeal:
    """One import's seal: filled by the preview (`rows`, `notes`), checked by the confirm."""

    def __init__(self, previewed=None):
        self.previewed = previewed  # the preview's token data, at the confirm
        self.rows = {}  # row number -> [pk or None, digest or None]
        self.notes = {}  # name -> digest (figures written outside the rows)
        self.problems = []

    @property
    def confirming(self):
        return self.previewed is not None

    # --- the preview ---------------------------------------------------------------------------

    def token(self, *, file_name, user, model, bound=None):
        return signing.dumps(
            {
                "f": file_name,
                "u": str(user.pk),
                "m": model._meta.label_lower,
                "b": {k: str(v) for k, v in (bound or {}).items()},
                "r": {str(n): v for n, v in self.rows.items()},
                "n": self.notes,
            },
            salt=SALT,
            compress=True,
        )

    @classmethod
    def from_token(cls, token, *, file_name, user, model):
        """The seal of a preview; ValidationError (Thai) for a token that is missing, forged or
        from another preview."""
        try:
            data = signing.loads(token or "", salt=SALT)
        except signing.BadSignature:
            raise ValidationError(EXPIRED, code="expired") from None
        if (
            data.get("f") != file_name
            or data.get("u") != str(user.pk)
            or data.get("m") != model._meta.label_lower
        ):
            raise ValidationError(EXPIRED, code="expired")
        return cls(previewed=data)

    def bound(self, name):
        return (self.previewed or {}).get("b", {}).get(name)

    # --- the rows ------------------------------------------------------------------------------

    def seen(self, number, instance, names):
        """The preview, or the confirm before changing anything: row `number` matched
        `instance` (None: a new row)."""
        if instance is None or instance.pk is None:
            entry = [None, None]
        else:
            entry = [str(instance.pk), row_digest(instance, names)]
        if self.confirming:
            self._now = getattr(self, "_now", {})
            self._now[number] = entry
            self._labels = getattr(self, "_labels", {})
            self._labels[number] = None if instance is None else str(instance)  # as stored
        else:
            self.rows[number] = entry

    def check_row(self, number, instance, where):
        """The confirm, about to save row `number`: a problem if its stored row is not what the
        preview saw."""
        if not self.confirming:
            return
        before = self.previewed["r"].get(str(number))
        now = getattr(self, "_now", {}).get(number)
        if before is None or now is None or list(before) == list(now):
            return
        label = getattr(self, "_labels", {}).get(number) or str(instance)
        self.problems.append(f"{where}: {changed_text(instance, label, before, now)}")

    def note(self, name, values):
        self.notes[name] = digest(values)

    def check_note(self, name, values, text):
        if self.confirming and self.previewed.get("n", {}).get(name) != digest(values):
            self.problems.append(text)


def changed_text(instance, name, before, now):
    """What happened to the row since the preview; `name`: the row as stored now."""
    label = instance._meta.verbose_name
    if before[0] is None:
        return f"มีผู้เพิ่ม{label} “{name}” หลังจากที่คุณดูตัวอย่าง"
    if now[0] is None or before[0] != now[0]:
        return f"{label}ที่แถวนี้อ้างถึงถูกลบหรือเปลี่ยนไปหลังจากที่คุณดูตัวอย่าง"
    who, when = _last_change(instance)
    by = ""
    if who is not None:
        by += f" ล่าสุดโดย {who.get_full_name() or who.get_username()}"
    if when is not None:
        by += f" เมื่อ {thai_date(timezone.localtime(when), '%-d %B %Y %H:%M น.')}"
    return f"มีผู้แก้ไข{label} “{name}” หลังจากที่คุณดูตัวอย่าง{by}"


STALE_HEADLINE = (
    "ยังไม่ได้นำเข้า: มีผู้แก้ไขข้อมูลที่ไฟล์นี้จะเปลี่ยนหลังจากที่คุณดูตัวอย่าง "
    "ไม่ได้บันทึกแถวใดเลย กรุณาเลือกไฟล์แล้วดูตัวอย่างใหม่ (จะเห็นค่าล่าสุด) ก่อนยืนยัน"
)


class SealedRowsMixin:
    """For a django-import-export resource: records the preview's rows into the seal, and
    refuses at the confirm a row changed since (see the module's docstring). Put it before the
    library's ModelResource; the resource takes `seal=` (an ImportSeal, or None: unchecked)."""

    def __init__(self, *args, seal=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.seal = seal

    def sealed_field_names(self):
        """The model fields the import writes: what a conflicting edit would be lost in."""
        names = set()
        for field in self.get_import_fields():
            attribute = field.attribute or ""
            if attribute and "__" not in attribute and not field.readonly:
                names.add(attribute)
        return names

    def import_row(self, row, instance_loader, **kwargs):
        self._sealed_row = kwargs.get("row_number")
        return super().import_row(row, instance_loader, **kwargs)

    def get_or_init_instance(self, instance_loader, row):
        instance, new = super().get_or_init_instance(instance_loader, row)
        if self.seal is not None:
            self.seal.seen(self._sealed_row, None if new else instance, self.sealed_field_names())
        return instance, new

    def save_instance(self, instance, is_create, row, **kwargs):
        if self.seal is not None and not kwargs.get("dry_run"):
            where = getattr(self, "row_where", None)
            number = self._sealed_row
            text = where(number) if where else f"แถวที่ {number + 1}"
            self.seal.check_row(number, instance, text)
        return super().save_instance(instance, is_create, row, **kwargs)

    def after_import(self, dataset, result, **kwargs):
        if self.seal is not None and self.seal.problems:  # only the confirm finds problems
            from .spreadsheets import RowProblems

            raise RowProblems([STALE_HEADLINE, *self.seal.problems])  # all rolled back
        super().after_import(dataset, result, **kwargs)
