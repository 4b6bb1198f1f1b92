"""django-import-export in the admin, the portal's way: every import and export goes through the
formats of `core.spreadsheets` (limits before parsing, data never formulas), an upload's
size is checked before it is stored, an import is all or nothing, and its messages are Thai.

Mix `SpreadsheetAdminMixin` into a ModelAdmin and give it `resource_classes`.
"""

import logging
from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.forms import ConfirmImportForm, ImportForm, SelectableFieldsExportForm

from . import spreadsheets
from .import_seal import FIELD as SEAL_FIELD
from .import_seal import ImportSeal
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


class SealedConfirmImportForm(ConfirmImportForm):
    """The confirm step's hidden fields, with the preview's seal (core.import_seal)."""

    preview_seal = forms.CharField(required=False, widget=forms.HiddenInput)


NOT_AS_PREVIEWED = _("ยังไม่ได้นำเข้า: ข้อมูลที่ส่งมายืนยันไม่ตรงกับที่ดูตัวอย่างไว้ กรุณาเลือกไฟล์แล้วดูตัวอย่างใหม่")


class ImportNotConfirmed(ValidationError):
    """The confirm does not match its preview: refused, nothing saved."""


def has_model_permissions(user, models, actions):
    """Whether `user` holds the permissions `actions` ("add", "view", …) of each model of
    `models` (one model or several)."""
    models = models if isinstance(models, list | tuple) else (models,)
    return all(
        user.has_perm(f"{m._meta.app_label}.{get_permission_codename(action, m._meta)}")
        for m in models
        for action in actions
    )


# Confirm-page fields that ask staff something (not hidden values the preview set): left
# unanswered, the page is shown again with the question (the library's own invalid-form page).
QUESTIONS_TO_STAFF = ("published_ack",)


class SpreadsheetAdminMixin(ImportExportMixin):
    """Import needs the model's permissions to add and to change (an import does both);
    export the permission to view it. Being staff grants neither (issue 19)."""

    formats = spreadsheets.FORMATS
    import_form_class = GuardedImportForm
    confirm_form_class = SealedConfirmImportForm
    export_form_class = ThaiExportForm
    # Previews are checked again at confirm; a file is kept between the steps in the library's
    # temporary storage (settings.IMPORT_EXPORT_TMP_STORAGE_CLASS), never re-posted.
    import_permissions = ("add", "change")
    export_permissions = ("view",)

    def has_import_permission(self, request):
        return has_model_permissions(request.user, self.model, self.import_permissions)

    def has_export_permission(self, request):
        return has_model_permissions(request.user, self.model, self.export_permissions)

    def get_export_data(self, file_format, request, queryset, **kwargs):
        if not self.has_export_permission(request):
            raise PermissionDenied
        # Numbers stay numbers in XLSX (the library decides this by exact class).
        native = isinstance(file_format, spreadsheets.XLSXFormat)
        data = self.get_data_for_export(request, queryset, force_native_type=native, **kwargs)
        return file_format.export_data(data)

    # --- the preview's seal (core.import_seal): the confirm saves what was previewed -----------

    def import_bound(self, form):
        """Values the confirm must take from the preview, not from the page (name -> value)."""
        return {}

    def get_import_resource_kwargs(self, request, **kwargs):
        resource_kwargs = super().get_import_resource_kwargs(request, **kwargs)
        form = kwargs.get("form")
        if form is None or not form.is_bound:
            return resource_kwargs
        if SEAL_FIELD in form.fields:  # the confirm
            try:
                seal = ImportSeal.from_token(
                    form.cleaned_data.get(SEAL_FIELD),
                    file_name=form.cleaned_data.get("import_file_name"),
                    user=request.user,
                    model=self.model,
                )
            except ValidationError as e:
                raise ImportNotConfirmed(e.messages) from None
        else:  # the preview
            seal = ImportSeal()
        request.import_seal = seal
        return {**resource_kwargs, "seal": seal}

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        seal = getattr(request, "import_seal", None)
        if import_form is not None and seal is not None:
            initial[SEAL_FIELD] = seal.token(
                file_name=initial.get("import_file_name"),
                user=request.user,
                model=self.model,
                bound=self.import_bound(import_form),
            )
        return initial

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
        if not self.has_import_permission(request):
            raise PermissionDenied
        confirm_form = self.create_confirm_form(request) if request.method == "POST" else None
        if confirm_form is not None and set(confirm_form.errors) - set(QUESTIONS_TO_STAFF):
            # A hidden field changed on the page (a year of another organization, …). A question
            # the page asks staff (a tick left empty) is answered on the page itself, below.
            messages.error(request, NOT_AS_PREVIEWED)
            return redirect(request.get_full_path().replace("process_import/", "import/"))
        try:
            return super().process_import(request, **kwargs)
        except (OSError, SpreadsheetRefused):
            # The stored file is gone (confirmed already, cleaned up) or a forged name the
            # storage cannot open (too long for the file system: ENAMETOOLONG, not "not found").
            messages.error(request, _("ตัวอย่างการนำเข้าหมดอายุหรือไม่ถูกต้อง กรุณาเลือกไฟล์ใหม่"))
            return redirect(request.get_full_path().replace("process_import/", "import/"))
        except ImportNotConfirmed as e:
            for message in e.messages:
                messages.error(request, message)
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
