"""Stale saves (optimistic concurrency): a form that edits a row someone else can edit too
remembers what the row held when the form was shown, and is refused if the row changed since.

Without it the second of two people saving the same row silently undoes the first one's work
(a staff member's old admin form wiping a division head's newly reported progress). The check:

- when a form is shown, a hidden field `stale_token` carries the row's values then (signed, so
  nobody can forge them; compressed, as memo texts are long);
- when it is saved, inside the save's transaction, the row is read again with a row lock
  (`select_for_update`; on SQLite the IMMEDIATE transaction holds the whole database) and
  compared with the token. Any difference refuses the save with a Thai message naming each
  field that changed meanwhile (from what, to what, by whom and when, from the history);
- the refused form keeps the user's input, with a fresh token; fields the user left alone take
  the newer values, so saving again applies the user's own changes without undoing the other
  person's.

Use `StaleAdminMixin` / `StaleInlineMixin` on a ModelAdmin / inline, `StaleFormMixin` on a
ModelForm (or on a plain form whose `stale_object()` returns the row), and `check()` inside a
service that locks the row itself (actionplans.services.progress_update_create). A post
without a token (a script, not a page of the portal) is not checked.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import Truncator

from core.thai import thai_date

TOKEN = "stale_token"
SALT = "core.stale"


# ---------------------------------------------------------------- values


def tracked_fields(model, names=None):
    """The fields a token records: the named ones, or every editable field and many-to-many
    of the model except the primary key and automatic time stamps."""
    fields = []
    for f in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        if names is not None:
            if f.name in names:
                fields.append(f)
            continue
        if f.primary_key or not f.editable or getattr(f, "auto_now", False):
            continue
        if getattr(f, "auto_now_add", False):
            continue
        fields.append(f)
    return fields


def _plain(field, value):
    """A value as JSON that compares equal whatever path it came by (the database, a form)."""
    if field.many_to_many:
        return sorted(str(getattr(o, "pk", o)) for o in (value or []))
    if isinstance(value, models.Model):
        value = value.pk
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(datetime.UTC)
        return value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, bool | int):
        return value
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    return str(value)


def snapshot(obj, names=None):
    values = {}
    for f in tracked_fields(type(obj), names):
        if f.many_to_many:
            raw = list(getattr(obj, f.name).values_list("pk", flat=True)) if obj.pk else []
        else:
            raw = getattr(obj, f.attname)
        values[f.name] = _plain(f, raw)
    return values


def token_for(obj, names=None):
    """The hidden field's value for a form showing `obj` now."""
    return signing.dumps(
        {"m": obj._meta.label_lower, "pk": str(obj.pk), "v": snapshot(obj, names)},
        salt=SALT,
        compress=True,
    )


def _seen_values(token, obj):
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        data = None
    if not data or data.get("m") != obj._meta.label_lower or data.get("pk") != str(obj.pk):
        raise ValidationError(
            "แบบฟอร์มนี้ไม่ตรงกับรายการที่กำลังบันทึก กรุณาเปิดหน้ารายการใหม่แล้วกรอกอีกครั้ง",
            code="stale_token",
        )
    return data["v"]


# ---------------------------------------------------------------- what changed, in Thai


@dataclass
class Change:
    field: models.Field
    before: object  # plain values, as in a token
    after: object

    @property
    def label(self):
        return str(self.field.verbose_name)

    def text(self):
        before, after = _display(self.field, self.before), _display(self.field, self.after)
        return f"“{self.label}”: {before} → {after}"


def _display(field, value):
    if value is None or value == []:
        return "(ว่าง)"
    if field.many_to_many:
        objs = field.related_model._default_manager.filter(pk__in=value)
        return ", ".join(str(o) for o in objs) or "(ว่าง)"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        obj = field.related_model._default_manager.filter(pk=value).first()
        return str(obj) if obj is not None else "(ถูกลบแล้ว)"
    if isinstance(field, models.BooleanField):
        return "ใช่" if value else "ไม่ใช่"
    if isinstance(value, int):
        return str(value)
    if isinstance(field, models.DateTimeField):
        moment = timezone.localtime(datetime.datetime.fromisoformat(value))
        return thai_date(moment, "%-d %B %Y %H:%M น.")
    if isinstance(field, models.DateField):
        return thai_date(datetime.date.fromisoformat(value))
    return f"“{Truncator(str(value)).chars(120)}”"


def _last_change(obj):
    """(who, when) of the newest history record of `obj`, when it keeps history."""
    history = getattr(obj, "history", None)
    if history is None:
        return None, None
    record = history.select_related("history_user").order_by("-history_date").first()
    if record is None:
        return None, None
    return record.history_user, record.history_date


class StaleSave(ValidationError):
    """The row changed after the form was shown. `changes`: the fields that differ."""

    def __init__(self, obj, changes):
        self.obj, self.changes = obj, changes
        who, when = _last_change(obj)
        by = ""
        if who is not None:
            by += f" ล่าสุดโดย {who.get_full_name() or who.get_username()}"
        if when is not None:
            by += f" เมื่อ {thai_date(timezone.localtime(when), '%-d %B %Y %H:%M น.')}"
        messages = [
            f"ยังไม่ได้บันทึก: มีผู้อื่นแก้ไข{obj._meta.verbose_name}นี้หลังจากที่คุณเปิดแบบฟอร์ม{by}"
            " สิ่งที่เปลี่ยนไประหว่างนั้น:",
            *(f"• {c.text()}" for c in changes),
            "ข้อมูลที่คุณกรอกยังอยู่ในแบบฟอร์ม (ช่องที่คุณไม่ได้แก้เป็นค่าล่าสุดแล้ว)"
            " ตรวจดูแล้วกดบันทึกอีกครั้งเพื่อบันทึกข้อมูลของคุณ",
        ]
        super().__init__(messages, code="stale")


def check(token, current, names=None):
    """Raise StaleSave if `current` (the row as read now, under a lock) differs from what the
    form with `token` was shown. A missing token is not checked."""
    if not token:
        return
    seen = _seen_values(token, current)
    now = snapshot(current, names)
    by_name = {f.name: f for f in tracked_fields(type(current), names)}
    changes = [
        Change(by_name[name], seen.get(name), value)
        for name, value in now.items()
        if name in seen and seen[name] != value
    ]
    if changes:
        raise StaleSave(current, changes)


def locked(obj):
    """`obj` read again from the database, locked until the transaction ends."""
    qs = type(obj)._default_manager.all()
    if transaction.get_connection().in_atomic_block:
        qs = qs.select_for_update()
    return qs.get(pk=obj.pk)


# ---------------------------------------------------------------- forms


class StaleFormMixin:
    """For a form that edits one row: carries the token and refuses a stale save.

    A ModelForm checks its instance in `clean()`, so the admin (whose save runs in a
    transaction) locks and compares just before saving. A plain form gives `stale_object()`
    and `stale_fields`, and leaves the check to the service that locks the row."""

    stale_fields = None  # field names; None: every editable field of the model
    stale_check_in_clean = True
    # Inline rows the user left alone are not saved, so they cannot undo anyone's work.
    stale_skip_unchanged = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if TOKEN not in self.fields:
            self.fields[TOKEN] = forms.CharField(required=False, widget=forms.HiddenInput)
        obj = self.stale_object()
        if obj is not None and obj.pk is not None:
            self.initial[TOKEN] = token_for(obj, self.stale_fields)

    def stale_object(self):
        return getattr(self, "instance", None)

    def stale_token(self):
        return self.data.get(self.add_prefix(TOKEN)) if self.is_bound else None

    def clean(self):
        cleaned = super().clean()
        obj = self.stale_object()
        if self.stale_skip_unchanged and not self.has_changed():
            return cleaned
        if self.stale_check_in_clean and obj is not None and obj.pk is not None:
            current = locked(obj)
            try:
                check(self.stale_token(), current, self.stale_fields)
            except StaleSave as e:
                self.stale_refused(e)
                raise
        return cleaned

    def stale_refused(self, error):
        """Keep the user's input, with a fresh token; fields the user left as they were take
        the values saved meanwhile, so that saving again undoes nobody's work."""
        current = error.obj
        self.data = self.data.copy()
        self.data[self.add_prefix(TOKEN)] = token_for(current, self.stale_fields)
        cleaned = getattr(self, "cleaned_data", {})
        for change in error.changes:
            name = change.field.name
            if name not in self.fields or name not in cleaned:
                continue
            if _plain(change.field, cleaned[name]) != change.before:
                continue  # the user changed it too: their input stays, the message says both
            self._set_data(name, change.field.value_from_object(current))

    def _set_data(self, name, value):
        key, widget = self.add_prefix(name), self.fields[name].widget
        if isinstance(value, list | tuple | set):  # many-to-many: the related objects
            self.data.setlist(key, [str(getattr(v, "pk", v)) for v in value])
        elif isinstance(widget, forms.CheckboxInput):
            if value:
                self.data[key] = "on"
            else:
                self.data.pop(key, None)
        elif isinstance(widget, forms.MultiWidget):
            parts = widget.decompress(value)
            for i, (w, part) in enumerate(zip(widget.widgets, parts, strict=False)):
                formatted = w.format_value(part)
                self.data[f"{key}{widget.widgets_names[i]}"] = formatted or ""
        else:
            formatted = widget.format_value(value)
            if isinstance(formatted, list):
                self.data.setlist(key, formatted)
            else:
                self.data[key] = "" if formatted is None else str(formatted)


def stale_form(form_class, **attrs):
    """`form_class` with the stale-save check mixed in (the token as a declared field)."""
    if issubclass(form_class, StaleFormMixin):
        return form_class
    attrs[TOKEN] = forms.CharField(required=False, widget=forms.HiddenInput)
    return type(form_class.__name__, (StaleFormMixin, form_class), attrs)


def _with_token(fieldsets):
    if TOKEN in flatten_fieldsets(fieldsets):
        return fieldsets
    fieldsets = [(name, dict(opts)) for name, opts in fieldsets]
    if not fieldsets:
        return [(None, {"fields": [TOKEN]})]
    fieldsets[0][1]["fields"] = [*fieldsets[0][1]["fields"], TOKEN]
    return fieldsets


class StaleAdminMixin:
    """A ModelAdmin whose change form refuses stale saves (see the module's docstring)."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = stale_form(kwargs.get("form", self.form))
        return super().get_form(request, obj, change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        return _with_token(super().get_fieldsets(request, obj))


class StaleInlineMixin:
    """An inline whose rows each refuse a stale save."""

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["form"] = stale_form(kwargs.get("form", self.form), stale_skip_unchanged=True)
        return super().get_formset(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        return _with_token(super().get_fieldsets(request, obj))
