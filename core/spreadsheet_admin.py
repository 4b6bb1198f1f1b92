"""django-import-export in the admin, the portal's way: every import and export goes through the
formats of `core.spreadsheets` (limits before parsing, data never formulas), an upload's
size is checked before it is stored, an import is all or nothing, and its messages are Thai.

Mix `SpreadsheetAdminMixin` into a ModelAdmin and give it `resource_classes`.
"""

import logging
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.forms import ImportForm, SelectableFieldsExportForm

from . import spreadsheets
from .spreadsheets import SpreadsheetRefused

logger = logging.getLogger(__name__)


class GuardedImportForm(ImportForm):
    """The library's upload form, refusing a file past the size limits before it is stored.

    Here only what costs nothing to read: the upload's size and, for an XLSX, the sizes its
    zip directory declares. The rows and cells are counted once, by the format reading the
    stored copy (`spreadsheets.open_workbook`), before openpyxl parses anything; a file refused
    there is removed at once (`add_data_read_fail_error_to_form`)."""

    def clean_import_file(self):
        f = self.cleaned_data["import_file"]
        spreadsheets.check_upload_size(f.size, f.name)  # before reading it
        f.seek(0)
        spreadsheets.check_form_upload(f.read(), f.name)
        f.seek(0)
        return f


def import_messages(result, where=None, limit=100):
    """Every problem of an import Result as Thai text, naming the sheet and row where it can:
    `where(number)` names the dataset's row `number` (1-based); by default the row in a file
    whose first row is the header."""
    where = where or (lambda number: f"แถวที่ {number + 1}")

    out = []
    for error in result.base_errors:
        if isinstance(error.error, ValidationError):
            out.extend(error.error.messages)  # one per problem, each naming its row
        else:
            out.append(_error_text(error.error))
    for number, errors in result.row_errors():
        for error in errors:
            out.append(f"{where(number)}: {_error_text(error.error)}")
    for row in result.invalid_rows:
        for texts in row.error_dict.values():
            for text in texts:
                out.append(f"{where(row.number)}: {text}")
    return out[:limit], max(len(out) - limit, 0)


def _error_text(error):
    if isinstance(error, SpreadsheetRefused):
        return " ".join(error.messages)
    if isinstance(error, ValueError):  # the widgets' Thai messages
        return spreadsheets.quote(str(error), 300)
    if isinstance(error, KeyError):
        return "ไม่พบคอลัมน์ที่ต้องมีในไฟล์ (ดาวน์โหลดแบบฟอร์มแล้วกรอกใหม่)"
    if hasattr(error, "messages"):
        return " ".join(spreadsheets.quote(m, 300) for m in error.messages)
    logger.warning("import error: %r", error)
    return "ข้อมูลในแถวนี้บันทึกไม่ได้ กรุณาตรวจสอบ"


PREVIEW_MAX_AGE = timedelta(days=1)


def remove_stale_previews(now=None):
    """Files of previews never confirmed are removed after a day (the library removes a file
    once its import is confirmed, never otherwise)."""
    from django.core.files.storage import storages

    storage = storages["import_export"]
    folder = "django-import-export"
    now = now or timezone.now()
    try:
        _, names = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in names:
        path = f"{folder}/{name}"
        try:
            if now - storage.get_modified_time(path) > PREVIEW_MAX_AGE:
                storage.delete(path)
        except FileNotFoundError:
            pass


class ThaiExportForm(SelectableFieldsExportForm):
    """The library's export form, each column offered by its Thai name."""

    def _get_field_label(self, resource, field_name):
        field = resource.fields.get(field_name)
        return field.column_name if field else field_name


class SpreadsheetAdminMixin(ImportExportMixin):
    formats = spreadsheets.FORMATS
    import_form_class = GuardedImportForm
    export_form_class = ThaiExportForm
    # Previews are checked again at confirm; a file is kept between the steps in the library's
    # temporary storage (settings.IMPORT_EXPORT_TMP_STORAGE_CLASS), never re-posted.

    def get_export_data(self, file_format, request, queryset, **kwargs):
        if not self.has_export_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        # Numbers stay numbers in XLSX (the library decides this by exact class).
        native = isinstance(file_format, spreadsheets.XLSXFormat)
        data = self.get_data_for_export(request, queryset, force_native_type=native, **kwargs)
        return file_format.export_data(data)

    def write_to_tmp_storage(self, import_file, input_format):
        tmp = super().write_to_tmp_storage(import_file, input_format)
        remove_stale_previews()
        return tmp

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs["rollback_on_validation_errors"] = True  # all or nothing
        return kwargs

    def add_data_read_fail_error_to_form(self, form, e):
        # The stored copy of a refused file is removed at once.
        f = form.cleaned_data.get("import_file")
        name = getattr(f, "tmp_storage_name", None)
        if name:
            try:
                storage = self.get_tmp_storage_class()(
                    name=name, read_mode="rb", **self.get_tmp_storage_class_kwargs()
                )
                storage.remove()
            except OSError:
                pass
        if isinstance(e, SpreadsheetRefused):
            for message in e.messages:
                form.add_error("import_file", message)
        else:
            form.add_error(
                "import_file",
                _("อ่านไฟล์ไม่ได้ กรุณาตรวจสอบว่าเลือกรูปแบบไฟล์ (.xlsx หรือ .csv) ตรงกับไฟล์"),
            )

    def process_import(self, request, **kwargs):
        try:
            return super().process_import(request, **kwargs)
        except (OSError, SpreadsheetRefused):
            # The stored file is gone (confirmed already, cleaned up) or a forged name the
            # storage cannot open (too long for the file system: ENAMETOOLONG, not "not found").
            messages.error(request, _("ตัวอย่างการนำเข้าหมดอายุหรือไม่ถูกต้อง กรุณาเลือกไฟล์ใหม่"))
            return redirect(request.get_full_path().replace("process_import/", "import/"))

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            # Changed between preview and confirm: nothing was saved (rolled back).
            imp = getattr(result, "score_import", None)
            texts, more = import_messages(result, imp.row_where if imp else None)
            for text in texts:
                messages.error(request, text)
            messages.error(request, _("ไม่ได้นำเข้าข้อมูลใด ๆ กรุณาตรวจสอบไฟล์แล้วนำเข้าใหม่"))
            return redirect(request.get_full_path().replace("process_import/", "import/"))
        return super().process_result(result, request)
