"""The admin's "ประวัติ" pages: what changed, in Thai, newest first, with who, when (พ.ศ.) and
old → new for each field (django-simple-history's diff_against, paired in memory).

HistoryAdmin.history_sources() names the historical rows a page shows: the object's own by
default; AssessmentAdmin adds those of the year's rows (scores, findings, guidelines, memo,
plan topics, methods and items). The page costs one query per source and one per kind of
related row named in a change, whatever the number of changes.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.template_utils import HistoricalRecordContextHelper

from .thai import be_date_text

PER_PAGE = 50
EMPTY = "(ว่าง)"
# The row a row hangs from: not repeated among the values of an added row.
PARENT_FIELDS = {"assessment", "topic", "memo", "item"}


@dataclass
class Entry:
    when: datetime.datetime
    who: str
    action: str
    what: str
    changes: list = field(default_factory=list)
    sort_key: tuple = ()

    @property
    def when_text(self):
        return be_date_text(self.when)


def _action_labels():
    return {"+": _("เพิ่ม"), "~": _("แก้ไข"), "-": _("ลบ")}


class ThaiChangeHelper(HistoricalRecordContextHelper):
    """Field names in Thai (their verbose_name), values as people read them: choices by
    their label, dates in พ.ศ., related rows by name, yes/no, "(ว่าง)"."""

    def __init__(self, model, record, *, related):
        super().__init__(model, record, max_displayed_delta_change_chars=160)
        self.related = related

    def prepare_delta_change_value(self, change, value):
        return display_value(self.model._meta.get_field(change.field), value, self.related)


def display_value(model_field, value, related):
    if value is None or value == "":
        return EMPTY
    if model_field.many_to_one:
        obj = related.get((model_field.related_model, value))
        return str(obj) if obj is not None else f"#{value}"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("ใช่") if value else _("ไม่ใช่")
    if isinstance(value, datetime.date):
        return be_date_text(value)
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return value


def _tracked_fields(model):
    """The fields whose changes are shown: not the automatic "last changed" stamps."""
    return [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and not getattr(f, "auto_now", False)
    ]


def _user_name(user):
    if user is None:
        return _("ระบบ")
    full = user.get_full_name()
    return f"{full} ({user.get_username()})" if full else user.get_username()


def history_entries(sources):
    """Entries for the historical rows of `sources` (historical querysets), newest first."""
    rows_by_source = []
    wanted = {}  # related model -> ids named by any record
    for qs in sources:
        model = qs.model.instance_type
        rows = list(qs.select_related("history_user"))
        rows_by_source.append((model, rows))
        for f in model._meta.concrete_fields:
            if f.many_to_one:
                ids = {getattr(r, f.attname) for r in rows} - {None}
                wanted.setdefault(f.related_model, set()).update(ids)
    related = {}
    for related_model, ids in wanted.items():
        if not ids:
            continue
        qs = related_model._default_manager.all()
        fks = [f.name for f in related_model._meta.concrete_fields if f.many_to_one]
        for pk, obj in qs.select_related(*fks).in_bulk(ids).items():
            related[(related_model, pk)] = obj

    actions = _action_labels()
    entries = []
    for model, rows in rows_by_source:
        pk_name = model._meta.pk.attname
        fields = _tracked_fields(model)
        names = [f.name for f in fields]
        previous = {}
        for record in sorted(rows, key=lambda r: (r.history_date, r.history_id)):
            key = getattr(record, pk_name)
            before = previous.get(key)
            previous[key] = record
            if record.history_type == "~" and before is not None:
                delta = record.diff_against(before, included_fields=names)
                changes = ThaiChangeHelper(
                    model, record, related=related
                ).context_for_delta_changes(delta)
                if not changes:
                    continue  # saved without a change worth showing
            elif record.history_type == "+":
                changes = [
                    {"field": capfirst(f.verbose_name), "old": None, "new": shown}
                    for f in fields
                    if f.name not in PARENT_FIELDS
                    for shown in [display_value(f, getattr(record, f.attname), related)]
                    if shown != EMPTY
                ]
            else:
                changes = []
            entries.append(
                Entry(
                    when=record.history_date,
                    who=_user_name(record.history_user),
                    action=actions.get(record.history_type, record.history_type),
                    what=_row_label(model, record, related),
                    changes=changes,
                    sort_key=(record.history_date, record.history_id),
                )
            )
    entries.sort(key=lambda e: e.sort_key, reverse=True)
    return entries


def _row_label(model, record, related):
    """ "คะแนนรายข้อ: i1: 95.00": the row as its own __str__ says, built from the historical
    record with its related rows taken from `related` (no query per row)."""
    instance = record.instance
    for f in model._meta.concrete_fields:
        if f.many_to_one:
            obj = related.get((f.related_model, getattr(record, f.attname)))
            if obj is not None:
                setattr(instance, f.name, obj)
    try:
        text = str(instance)
    except Exception:  # a related row deleted since: name the row by its number
        text = f"#{getattr(record, model._meta.pk.attname)}"
    return f"{capfirst(model._meta.verbose_name)}: {text}"


class ThaiHistoryMixin:
    """The "ประวัติ" page of a SimpleHistoryAdmin, in Thai (see the module docstring)."""

    object_history_template = "admin/thai_history.html"

    def history_sources(self, request, obj):
        return [self.model.history.filter(**{self.model._meta.pk.attname: obj.pk})]

    def history_view(self, request, object_id, extra_context=None):
        request.current_app = self.admin_site.name
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        sources = self.history_sources(request, obj)
        entries = history_entries(sources)
        page = Paginator(entries, PER_PAGE).get_page(request.GET.get("p"))
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": _("ประวัติการแก้ไข: %(obj)s") % {"obj": obj},
            "subtitle": None,
            "object": obj,
            "opts": opts,
            "app_label": opts.app_label,
            "module_name": capfirst(opts.verbose_name_plural),
            "page_obj": page,
            "page_range": page.paginator.get_elided_page_range(page.number),
            "covers_rows": len(sources) > 1,
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.object_history_template, context)
