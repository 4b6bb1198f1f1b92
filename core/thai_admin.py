"""Buddhist-era dates for everything staff see or type: one form field and widget, the admin
mixin that puts them on every admin form, and the admin's read-only and list display.

The rule for a Christian-era year typed by habit (``17/04/2026``): it is refused with a Thai
message that names the Buddhist-era year meant (``2569``). Nothing is converted silently, so a
date is never stored as the wrong year; the same rule holds in every admin form and in
/actions/ (README "Dates").

Accepted input: ``17/04/2569``, ``๑๗/๐๔/๒๕๖๙``, ``17-4-2569``, ``17 เม.ย. 2569``,
``17 เมษายน 2569``, ``17 เม.ย. 69`` (two-digit years are พ.ศ. 25xx). Shown as ``17/04/2569`` in
inputs and ``17 เม.ย. 2569`` in lists (Arabic digits, as the rest of the admin).
"""

import datetime
import re

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pythainlp.util import thai_digit_to_arabic_digit
from pythainlp.util.date import thai_abbr_months, thai_full_months
from simple_history.admin import SimpleHistoryAdmin

from .admin_history import ThaiHistoryMixin
from .thai import BE_OFFSET, MIN_BE_YEAR, MIN_CE_HABIT_YEAR, be_date_text, be_input_text
from .validators import be_year_from_ce_habit_message

# Excel's number format for a real date cell shown in the Thai Buddhist calendar:
# [$-xxyyzzzz] = digits 01 (Western), calendar 07 (Thai Buddhist), locale 041E (Thai).
XLSX_BE_DATE_FORMAT = "[$-107041E]dd/mm/yyyy"

INPUT_PLACEHOLDER = "วว/ดด/ปปปป"

_NUMERIC = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_WORDS = re.compile(r"^(\d{1,2})\s*([^\d\s]+(?:\s*[^\d\s]+)*?)\s*(?:พ\.?\s*ศ\.?)?\s*(\d{2}|\d{4})$")


def _month_key(text):
    return re.sub(r"[\s.]", "", text)


_MONTHS = {
    **{_month_key(name): n for n, name in enumerate(thai_full_months, 1)},
    **{_month_key(name): n for n, name in enumerate(thai_abbr_months, 1)},
}


def parse_be_date(text):
    """A date typed in the Buddhist era → datetime.date; ValidationError (Thai) otherwise."""
    raw = thai_digit_to_arabic_digit(str(text)).strip()
    match = _NUMERIC.match(raw)
    if match:
        day, month, year = match.groups()
        month = int(month)
    else:
        match = _WORDS.match(raw)
        if not match:
            raise ValidationError(
                _("กรุณากรอกวันที่เป็น วัน/เดือน/ปี พ.ศ. เช่น 17/04/2569 หรือ 17 เม.ย. 2569"),
                code="invalid",
            )
        day, month_name, year = match.groups()
        month = _MONTHS.get(_month_key(month_name))
        if month is None:
            raise ValidationError(
                _("ไม่รู้จักชื่อเดือน “%(month)s” กรุณาใช้ชื่อเดือนภาษาไทย เช่น เม.ย. หรือ เมษายน")
                % {"month": month_name},
                code="invalid",
            )
    year = int(year)
    if year < 100:
        year += 2500
    if MIN_CE_HABIT_YEAR <= year < MIN_BE_YEAR:
        raise ValidationError(be_year_from_ce_habit_message(year), code="christian_era")
    if year < MIN_BE_YEAR:
        raise ValidationError(_("ปี พ.ศ. %(year)s ไม่ถูกต้อง") % {"year": year}, code="invalid")
    try:
        return datetime.date(year - BE_OFFSET, month, int(day))
    except ValueError:
        raise ValidationError(
            _("ไม่มีวันที่ %(day)s/%(month)s/%(year)s ในปฏิทิน")
            % {"day": day, "month": month, "year": year},
            code="invalid",
        ) from None


# --- form field and widgets ----------------------------------------------------------------


class BEDateInput(forms.TextInput):
    """A text input showing dd/mm/พ.ศ., with a Thai Buddhist-era calendar button
    (static/thai_admin/be_date.js: no inline script, for the Content-Security-Policy)."""

    class Media:
        css = {"all": ["thai_admin/be_date.css"]}
        js = ["thai_admin/be_date.js"]

    def __init__(self, attrs=None):
        defaults = {
            "class": "be-date",
            "size": "10",
            "placeholder": INPUT_PLACEHOLDER,
            "autocomplete": "off",
            "data-be-date": "",
        }
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, datetime.datetime):
            value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
        if isinstance(value, datetime.date):
            return be_input_text(value)
        return super().format_value(value)


class BEDateField(forms.DateField):
    widget = BEDateInput
    default_error_messages = {
        "invalid": _("กรุณากรอกวันที่เป็น วัน/เดือน/ปี พ.ศ. เช่น 17/04/2569 หรือ 17 เม.ย. 2569"),
        "required": _("กรุณากรอกวันที่"),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        return parse_be_date(value)


class BESplitDateTimeWidget(forms.MultiWidget):
    """Date (พ.ศ.) and time side by side; the time is typed 14:30."""

    template_name = "thai_admin/split_datetime.html"

    def __init__(self, attrs=None):
        widgets = [
            BEDateInput(attrs),
            forms.TimeInput(
                attrs={"size": "5", "placeholder": "ชช:นน", "class": "be-time", **(attrs or {})},
                format="%H:%M",
            ),
        ]
        super().__init__(widgets)

    def decompress(self, value):
        if value:
            if timezone.is_aware(value):
                value = timezone.localtime(value)
            return [value.date(), value.time().replace(second=0, microsecond=0)]
        return [None, None]


class BESplitDateTimeField(forms.SplitDateTimeField):
    widget = BESplitDateTimeWidget
    default_error_messages = {
        "invalid_date": _("กรุณากรอกวันที่เป็น วัน/เดือน/ปี พ.ศ. เช่น 17/04/2569"),
        "invalid_time": _("กรุณากรอกเวลาเป็น ชั่วโมง:นาที เช่น 14:30"),
    }

    def __init__(self, *args, **kwargs):
        kwargs.pop("input_date_formats", None)
        super().__init__(*args, **kwargs)
        self.fields = (
            BEDateField(required=self.fields[0].required),
            forms.TimeField(
                error_messages={"invalid": self.error_messages["invalid_time"]},
                required=self.fields[1].required,
            ),
        )


# --- the admin -------------------------------------------------------------------------------

DATE_FORMFIELD_OVERRIDES = {
    models.DateField: {"form_class": BEDateField, "widget": BEDateInput},
    models.DateTimeField: {"form_class": BESplitDateTimeField, "widget": BESplitDateTimeWidget},
}
# Numbers are typed into text inputs with a numeric keyboard: a browser's number input sends
# "abc" as nothing at all, and the form then says the field is required instead of asking for
# a number.
NUMBER_FORMFIELD_OVERRIDES = {
    models.IntegerField: {"widget": forms.TextInput(attrs={"inputmode": "numeric", "size": 6})},
    models.DecimalField: {"widget": forms.TextInput(attrs={"inputmode": "decimal", "size": 6})},
    # A web address typed without its scheme is taken as https (Django 6's default).
    models.URLField: {"assume_scheme": "https"},
}


PERMISSION_ACTIONS = {"add": "เพิ่ม", "change": "แก้ไข", "delete": "ลบ", "view": "ดู"}


def permission_label(permission):
    """ "แก้ไข รายการดำเนินงาน" for "Can change action item": Django stores permission names
    in English when it creates them, and never translates them."""
    action, _sep, _rest = permission.codename.partition("_")
    model = permission.content_type.model_class()
    if action in PERMISSION_ACTIONS and model is not None:
        # django-simple-history names its tables "historical …" in English.
        original = getattr(model, "instance_type", None)
        name = f"ประวัติ{original._meta.verbose_name}" if original else model._meta.verbose_name
        if original is not None and original._meta.auto_created:
            # the history of a many-to-many field's link rows (an OIT item's owners)
            name = f"ประวัติการเชื่อมโยงของ{original._meta.auto_created._meta.verbose_name}"
        return f"{PERMISSION_ACTIONS[action]} {name}"
    return permission.name


def _auto_through_names():
    """The admin's names for Django's hidden many-to-many link rows ("Finding-question
    relationship"), which a delete page would otherwise list in English."""
    from django.apps import apps

    names = set()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.auto_created:
            names.add(str(model._meta.verbose_name))
            names.add(str(model._meta.verbose_name_plural))
    return names


def _drop_link_rows(items, prefixes):
    kept = []
    for item in items:
        if isinstance(item, list):
            kept.append(_drop_link_rows(item, prefixes))
        elif not str(item).lower().startswith(prefixes):
            kept.append(item)
    return kept


class ThaiAdminMixin:
    """Every admin (ModelAdmin and inline) mixes this in: date inputs in พ.ศ. with a Thai
    calendar, numbers in text inputs, permissions named in Thai, delete pages without Django's
    internal link rows. tests/test_thai_dates.py checks that every registered admin's date
    inputs are Buddhist-era ones."""

    formfield_overrides = {**NUMBER_FORMFIELD_OVERRIDES, **DATE_FORMFIELD_OVERRIDES}

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and db_field.related_model._meta.label == "auth.Permission":
            field.queryset = field.queryset.select_related("content_type")
            field.label_from_instance = permission_label
        return field

    def get_deleted_objects(self, objs, request):
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        names = _auto_through_names()
        prefixes = tuple(n.lower() + ":" for n in names)
        model_count = {k: v for k, v in model_count.items() if str(k) not in names}
        return _drop_link_rows(to_delete, prefixes), model_count, perms_needed, protected


class OwnViewsMixin:
    """A model admin's own views, listed by `own_views` as (route, view, URL name): each is
    served behind the admin site's sign-in and staff check (`admin_view`), and before Django's
    own URLs, whose "<path:object_id>/" would otherwise answer it. A view added here cannot
    forget either."""

    def own_views(self):
        return []

    def get_urls(self):
        view = self.admin_site.admin_view
        own = [path(route, view(fn), name=name) for route, fn, name in self.own_views()]
        return [*own, *super().get_urls()]


class ModelAdmin(ThaiAdminMixin, OwnViewsMixin, admin.ModelAdmin):
    pass


class TabularInline(ThaiAdminMixin, admin.TabularInline):
    pass


class StackedInline(ThaiAdminMixin, admin.StackedInline):
    pass


def _be_display_for_field(original):
    def display_for_field(value, field, empty_value_display, *args, **kwargs):
        if value is not None and isinstance(field, models.DateField) and not field.choices:
            return be_date_text(value)
        return original(value, field, empty_value_display, *args, **kwargs)

    return display_for_field


def _be_display_for_value(original):
    def display_for_value(value, empty_value_display, *args, **kwargs):
        if isinstance(value, datetime.date):
            return be_date_text(value)
        return original(value, empty_value_display, *args, **kwargs)

    return display_for_value


def install_be_display():
    """The admin shows model dates (list columns, read-only fields such as "เผยแพร่เมื่อ" and
    "แก้ไขล่าสุด") through display_for_field, which prints the Christian era from the locale's
    formats; Django has no hook for another calendar, so the two admin modules that call it get
    a Buddhist-era version. Called once from ItaPortalConfig.ready()."""
    from django.contrib.admin import helpers, utils
    from django.contrib.admin.templatetags import admin_list

    for module in (helpers, admin_list):
        if getattr(module.display_for_field, "be_installed", False):
            continue
        module.display_for_field = _be_display_for_field(utils.display_for_field)
        module.display_for_field.be_installed = True
        if hasattr(module, "display_for_value"):
            module.display_for_value = _be_display_for_value(utils.display_for_value)


class HistoryAdmin(ThaiAdminMixin, OwnViewsMixin, ThaiHistoryMixin, SimpleHistoryAdmin):
    """A model with django-simple-history: its "ประวัติ" page shows what changed, in Thai."""


# --- spreadsheets ----------------------------------------------------------------------------


def xlsx_be_number_format(value):
    """The number format of a date or datetime cell, in the Buddhist calendar."""
    if isinstance(value, datetime.datetime):
        return XLSX_BE_DATE_FORMAT + " hh:mm"
    return XLSX_BE_DATE_FORMAT
