"""The framework editor: ITA staff manage whole framework years in the admin.

A year's page edits its tools, rating levels, indicators and questions together, and the year is
checked as a whole (indicators.validation) before anything is written: a problem anywhere saves
nothing (the admin's change view runs in one transaction and saves only when every form and
inline is valid). A year used by a published report keeps its structure; names and texts stay
editable.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from core import spreadsheets, thai_admin
from core.signals import content_changed_on_commit
from core.spreadsheet_admin import has_model_permissions
from core.stale import StaleAdminMixin, StaleInlineMixin
from core.validators import validate_fiscal_year

from . import services, workbook
from .codes import normalise_code
from .models import QUESTION_FIELDS, FrameworkYear, Indicator, Question, RatingLevel, Tool
from .validation import IndicatorRow, LevelRow, QuestionRow, ToolRow, tool_code, year_problems


def _locked(obj):
    """Whether the year has a published assessment (asked once per request and year)."""
    if obj is None or obj.pk is None:
        return False
    if not hasattr(obj, "_locked"):
        obj._locked = obj.has_published_assessment()
    return obj._locked


class YearCheck:
    """The year's inline formsets, checked together once the last of them is validated."""

    def __init__(self):
        self.expected, self.done = set(), {}
        self.problems = []

    def finished(self, formset):
        self.done[formset.kind] = formset
        return set(self.done) >= self.expected

    def rows(self, kind):
        """(row number, values) of the rows that will exist after saving."""
        formset = self.done.get(kind)
        if formset is None:
            return None
        rows = []
        for n, form in enumerate(formset.forms, start=1):
            if formset.can_delete and formset._should_delete_form(form):
                continue
            if form.instance.pk is None and not form.has_changed():
                continue
            data = form.cleaned_data

            def value(name, form=form, data=data):
                return data[name] if name in data else getattr(form.instance, name, None)

            rows.append((n, value))
        return rows

    def check(self, framework):
        """Every problem of the year as the forms would leave it; rows not on the page (an
        inline not shown) are read from the database."""

        def rows(kind, related, number):
            found = self.rows(kind)
            if found is None:  # as stored (a year being added has no rows there yet)
                stored = getattr(framework, related).all() if framework.pk else []
                found = [(getattr(obj, number), _getter(obj)) for obj in stored]
            return found

        tool_codes = {}
        tools = []
        for n, v in rows("tool", "tools", "order"):
            tools.append(ToolRow(f"เครื่องมือ แถวที่ {n}", v("code"), v("weight")))
            if v("pk") is not None:
                tool_codes[v("pk")] = tool_code(v("code"))
        levels = [
            LevelRow(
                f"ระดับผลการประเมิน แถวที่ {n}",
                v("rank"),
                v("name"),
                v("min_overall"),
                v("min_each_tool"),
            )
            for n, v in rows("level", "rating_levels", "rank")
        ]
        indicators = [
            IndicatorRow(
                f"ตัวชี้วัด แถวที่ {n}",
                v("number"),
                tool_codes.get(_chosen_pk(v, "tool")),
                v("pk") if v("pk") is not None else ("new", n),
            )
            for n, v in rows("indicator", "indicators", "number")
        ]
        questions = [
            QuestionRow(
                f"ข้อคำถาม แถวที่ {n}",
                v("code"),
                _chosen_pk(v, "indicator"),
                v("topic_key") or "",
                str(v("indicator")) if v("indicator") is not None else "",
            )
            for n, v in rows("question", "questions", "order")
        ]
        return year_problems(tools, levels, indicators, questions)


def _chosen_pk(value, name):
    """The id the row's foreign key `name` points at: the row chosen on the form, or stored."""
    chosen = value(name)
    return chosen.pk if isinstance(chosen, models.Model) else value(f"{name}_id")


def _getter(obj):
    def value(name):
        return getattr(obj, name, None)

    return value


class YearFormSet(forms.BaseInlineFormSet):
    """An inline of the year's page: its choices limited to the year, checked with the rest."""

    kind = ""
    choice_field = None  # the foreign key to the same year's rows, if any
    choice_model = None
    year_unique_fields = ()  # unique within the year: codes, numbers, ranks, topic keys

    def __init__(self, *args, year_check=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.year_check = year_check
        if self.choice_field and self.instance.pk:
            qs = self.choice_model.objects.filter(framework=self.instance)
            choices = [("", "---------")] + [(o.pk, str(o)) for o in qs]
            for form in [*self.forms, self.empty_form]:
                field = form.fields.get(self.choice_field)
                if field is None:
                    continue
                field.queryset = qs
                field.choices = choices
                for flag in ("can_add_related", "can_change_related", "can_delete_related"):
                    setattr(field.widget, flag, False)
                field.widget.can_view_related = False

    def validate_unique(self):
        # Codes, numbers, ranks and topic keys are checked for the whole year by
        # validation.year_problems, with Thai messages naming the rows.
        pass

    def save(self, commit=True):
        if commit:
            self._park_unique_values()
        return super().save(commit)

    def _park_unique_values(self):
        """Rows are saved one by one, but the year is valid only as a whole: when o1 and o2
        trade codes, or o25 takes the code of a deleted o26, the first row saved would collide
        with a row not saved yet. So the rows giving up a unique value (changed or deleted)
        first take a placeholder no row can have (inside the admin's transaction: nothing of it
        is seen if the save fails)."""
        parked = 0
        for form in self.initial_forms:
            fields = [f for f in self.year_unique_fields if f in form.changed_data]
            if not (fields or self._should_delete_form(form)):
                continue
            parked += 1
            placeholders = {}
            for name in fields or self.year_unique_fields:
                field = self.model._meta.get_field(name)
                if isinstance(field, models.IntegerField):
                    placeholders[name] = 32767 - parked  # smallint's top, never a real number
                else:
                    placeholders[name] = f"~{form.instance.pk}"[: field.max_length]
            self.model.objects.filter(pk=form.instance.pk).update(**placeholders)
        if parked:
            # QuerySet.update() sends no post_save: said here, so no cached page misses it.
            content_changed_on_commit(sender=self.model)

    def clean(self):
        super().clean()
        check = self.year_check
        if check is None or not check.finished(self):
            return
        if any(fs.total_error_count() for fs in check.done.values() if fs is not self) or any(
            form.errors for form in self.forms
        ):
            return  # the rows' own errors first
        check.problems = check.check(self.instance)
        if check.problems:
            raise ValidationError(check.problems)


class ToolFormSet(YearFormSet):
    kind = "tool"
    year_unique_fields = ("code",)


class LevelFormSet(YearFormSet):
    kind = "level"
    year_unique_fields = ("rank",)


class IndicatorFormSet(YearFormSet):
    kind = "indicator"
    choice_field, choice_model = "tool", Tool
    year_unique_fields = ("number",)


class QuestionFormSet(YearFormSet):
    kind = "question"
    choice_field, choice_model = "indicator", Indicator
    year_unique_fields = ("code", "topic_key")


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = QUESTION_FIELDS
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2, "cols": 40}),
            "standard_recommendation": forms.Textarea(attrs={"rows": 2, "cols": 40}),
            "merged_topic_keys": forms.TextInput(attrs={"size": 16}),
            "elements": forms.Textarea(attrs={"rows": 2, "cols": 30}),
            "rule_notes": forms.Textarea(attrs={"rows": 2, "cols": 30}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "evidence_period" in self.fields:  # a new row left alone means no period rule
            self.fields["evidence_period"].required = False

    def clean_evidence_period(self):
        return self.cleaned_data.get("evidence_period") or "any"

    def clean_code(self):
        raw = self.cleaned_data["code"]
        code = normalise_code(raw)
        if code is None:
            raise ValidationError(
                _("รหัสข้อ “%(code)s” ไม่ถูกต้อง (ตัวอักษรตามด้วยตัวเลข เช่น i1, e9, O15)") % {"code": raw}
            )
        return code


class ToolForm(forms.ModelForm):
    class Meta:
        model = Tool
        fields = ["code", "name", "weight", "order"]

    def clean_code(self):
        return tool_code(self.cleaned_data["code"])


class YearInline(StaleInlineMixin, thai_admin.TabularInline):
    extra = 0
    structure_fields = ()

    def get_readonly_fields(self, request, obj=None):
        return self.structure_fields if _locked(obj) else ()

    def has_add_permission(self, request, obj=None):
        return not _locked(obj) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _locked(obj) and super().has_delete_permission(request, obj)


class ToolInline(YearInline):
    model = Tool
    form = ToolForm
    formset = ToolFormSet
    structure_fields = ("code", "weight")
    verbose_name_plural = _("เครื่องมือการประเมินและค่าน้ำหนัก (รวมกันต้องเป็น 100)")


class RatingLevelInline(YearInline):
    model = RatingLevel
    formset = LevelFormSet
    fields = ["rank", "name", "min_overall", "min_each_tool", "passes"]
    structure_fields = ("rank", "min_overall", "min_each_tool", "passes")
    verbose_name_plural = _("ระดับผลการประเมิน (ลำดับ 1 = สูงสุด ระดับต่ำสุดเริ่มที่ 0)")


class IndicatorInline(YearInline):
    model = Indicator
    formset = IndicatorFormSet
    fields = ["number", "name", "tool"]
    structure_fields = ("number", "tool")
    verbose_name_plural = _("ตัวชี้วัด")


class QuestionInline(YearInline):
    model = Question
    form = QuestionForm
    formset = QuestionFormSet
    structure_fields = ("code", "indicator", "order", "topic_key", "merged_topic_keys")
    verbose_name_plural = _("ข้อคำถาม (เพิ่มตัวชี้วัดใหม่แล้วกดบันทึกก่อน จึงเลือกตัวชี้วัดนั้นให้ข้อคำถามได้)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("indicator").order_by("order")


class CopyYearForm(forms.Form):
    # A text input, not a number one: a browser's own checks of a number input speak its
    # language ("Value must be…") before the portal's Thai rule is heard; the server checks.
    year = forms.IntegerField(
        label=_("ปีงบประมาณใหม่ (พ.ศ.)"),
        validators=[validate_fiscal_year],
        help_text=_("ปีพุทธศักราช 4 หลัก เช่น 2570"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 6}),
        error_messages={
            "required": _("กรุณากรอกปีงบประมาณใหม่ (พ.ศ.)"),
            "invalid": _("กรุณากรอกปีงบประมาณเป็นตัวเลขปีพุทธศักราช 4 หลัก เช่น 2570"),
        },
    )
    name = forms.CharField(
        label=_("ชื่อกรอบการประเมิน"), required=False, help_text=_("เว้นว่างเพื่อใช้ชื่อปีก่อนที่เปลี่ยนปีแล้ว")
    )


class WorkbookImportForm(forms.Form):
    file = forms.FileField(
        label=_("ไฟล์กรอบการประเมิน (.xlsx)"),
        help_text=_(
            "ชีตเครื่องมือ ระดับผลการประเมิน ตัวชี้วัด และข้อคำถาม (ดาวน์โหลดไฟล์ของปีใดปีหนึ่ง"
            "เป็นตัวอย่างได้ที่หน้ากรอบการประเมินของปีนั้น)"
        ),
    )
    year = forms.IntegerField(
        label=_("นำเข้าเป็นกรอบการประเมินปี (พ.ศ.)"), validators=[validate_fiscal_year]
    )
    name = forms.CharField(
        label=_("ชื่อกรอบการประเมิน"), required=False, help_text=_("เว้นว่างเพื่อใช้ชื่อในไฟล์")
    )


IMPORT_SALT = "indicators.workbook"
IMPORT_MAX_AGE = 60 * 60


def _tmp_storage(**kwargs):
    return import_string(settings.IMPORT_EXPORT_TMP_STORAGE_CLASS)(read_mode="rb", **kwargs)


ERRORS_SHOWN = 100


@admin.register(FrameworkYear)
class FrameworkYearAdmin(StaleAdminMixin, thai_admin.ModelAdmin):
    list_display = ["year", "name", "national_target", "provisional"]
    search_fields = ["year", "name"]
    inlines = [ToolInline, RatingLevelInline, IndicatorInline, QuestionInline]
    actions = ["copy_year"]
    fields = ["year", "name", "provisional", "national_target", "notes", "keep_level_text"]

    def get_readonly_fields(self, request, obj=None):
        return ("year",) if _locked(obj) else ()

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        if obj is None:
            # Indicators need the year's saved tools, questions its saved indicators.
            inlines = [i for i in inlines if isinstance(i, ToolInline | RatingLevelInline)]
        return inlines

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if request.method == "POST":
            if not hasattr(request, "_year_check"):
                request._year_check = YearCheck()
            request._year_check.expected.add(inline.formset.kind)
            kwargs["year_check"] = request._year_check
        return kwargs

    def render_change_form(self, request, context, *args, **kwargs):
        check = getattr(request, "_year_check", None)
        context["year_problems"] = check.problems if check else []
        context["year_locked"] = _locked(kwargs.get("obj"))
        return super().render_change_form(request, context, *args, **kwargs)

    # --- the framework workbook: export a year, import one as a new year ------------------

    def own_views(self):
        return [
            (
                "<int:pk>/workbook.xlsx",
                self.workbook_export_view,
                "indicators_frameworkyear_workbook",
            ),
            ("import/", self.workbook_import_view, "indicators_frameworkyear_import"),
            (
                "import/confirm/",
                self.workbook_confirm_view,
                "indicators_frameworkyear_import_confirm",
            ),
        ]

    def changelist_view(self, request, extra_context=None):
        extra = {"has_workbook_import_permission": self.has_workbook_import_permission(request)}
        return super().changelist_view(request, {**extra, **(extra_context or {})})

    def has_workbook_import_permission(self, request):
        """A workbook makes a year with its tools, levels, indicators and questions: the
        permission to add each of them (never being staff alone)."""
        return self.has_add_permission(request) and has_model_permissions(
            request.user, (Tool, RatingLevel, Indicator, Question), ("add",)
        )

    def workbook_export_view(self, request, pk):
        framework = get_object_or_404(FrameworkYear, pk=pk)
        if not self.has_view_permission(request, framework):
            raise PermissionDenied
        return spreadsheets.attachment(
            workbook.framework_export(framework),
            f"ita-framework-{framework.year}.xlsx",
            spreadsheets.XLSX_CONTENT_TYPE,
        )

    def _import_context(self, request, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("นำเข้ากรอบการประเมินจากไฟล์"),
            **extra,
        }

    def workbook_import_view(self, request):
        """Upload, then a preview (a dry run rolled back) of the year the file makes."""
        if not self.has_workbook_import_permission(request):
            raise PermissionDenied
        form = WorkbookImportForm(request.POST or None, request.FILES or None)
        errors = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read(workbook.MAX_BYTES + 1)
            try:
                plan = workbook.framework_import(
                    data=data,
                    year=form.cleaned_data["year"],
                    name=form.cleaned_data["name"],
                    dry_run=True,
                )
            except ValidationError as e:
                errors = e.messages
            else:
                # The file waits in django-import-export's temporary storage, as the score
                # import's does: only its name is posted back, never the file itself.
                tmp = _tmp_storage()
                tmp.save(data)
                payload = signing.dumps(
                    {"year": plan.year, "name": plan.name, "tmp": tmp.name},
                    salt=IMPORT_SALT,
                    compress=True,
                )
                return TemplateResponse(
                    request,
                    "admin/indicators/frameworkyear/import_preview.html",
                    self._import_context(request, plan=plan, payload=payload),
                )
        return TemplateResponse(
            request,
            "admin/indicators/frameworkyear/import_form.html",
            self._import_context(
                request,
                form=form,
                errors=errors[:ERRORS_SHOWN],
                more_errors=max(len(errors) - ERRORS_SHOWN, 0),
            ),
        )

    def workbook_confirm_view(self, request):
        """Write a previewed file: checked again, as the years may have changed since."""
        if not self.has_workbook_import_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return redirect("admin:indicators_frameworkyear_import")
        try:
            payload = signing.loads(
                request.POST.get("payload", ""), salt=IMPORT_SALT, max_age=IMPORT_MAX_AGE
            )
        except signing.BadSignature:
            messages.error(request, _("ตัวอย่างการนำเข้าหมดอายุหรือไม่ถูกต้อง กรุณาเลือกไฟล์ใหม่"))
            return redirect("admin:indicators_frameworkyear_import")
        tmp = _tmp_storage(name=payload["tmp"])
        try:
            data = tmp.read()
        except OSError:
            messages.error(request, _("ตัวอย่างการนำเข้าหมดอายุหรือไม่ถูกต้อง กรุณาเลือกไฟล์ใหม่"))
            return redirect("admin:indicators_frameworkyear_import")
        try:
            plan = workbook.framework_import(
                data=data,
                year=payload["year"],
                name=payload["name"],
                dry_run=False,
            )
        except ValidationError as e:
            for message in e.messages[:ERRORS_SHOWN]:
                messages.error(request, message)
            return redirect("admin:indicators_frameworkyear_import")
        tmp.remove()
        messages.success(
            request,
            _("นำเข้ากรอบการประเมินปี %(year)s แล้ว: %(q)d ข้อคำถาม")
            % {"year": plan.year, "q": plan.counts.get("questions", 0)},
        )
        return redirect("admin:indicators_frameworkyear_change", plan.framework.pk)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.assessments.exists():
            return False
        return super().has_delete_permission(request, obj)

    def delete_model(self, request, obj):
        services.framework_delete(framework=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.framework_delete(framework=obj)

    @admin.action(description=_("สร้างกรอบการประเมินปีใหม่จากปีก่อน"), permissions=["add"])
    def copy_year(self, request, queryset):
        if queryset.count() != 1:
            messages.error(request, _("เลือกกรอบการประเมินปีต้นแบบหนึ่งปี"))
            return None
        source = queryset.get()
        # The next year after the source that has no framework yet (2569 exists: 2570).
        taken = set(FrameworkYear.objects.values_list("year", flat=True))
        year = source.year + 1
        while year in taken:
            year += 1
        initial = {"year": year}
        form = CopyYearForm(request.POST if "apply" in request.POST else None, initial=initial)
        if form.is_valid():
            try:
                new = services.framework_copy(
                    source=source, year=form.cleaned_data["year"], name=form.cleaned_data["name"]
                )
            except ValidationError as e:
                form.add_error(None, e)
            else:
                messages.success(
                    request,
                    _(
                        "สร้างกรอบการประเมินปี %(new)s จากปี %(old)s แล้ว "
                        "แก้ไขให้ตรงกับที่ สำนักงาน ป.ป.ช. ประกาศ"
                    )
                    % {"new": new.year, "old": source.year},
                )
                return None
        return TemplateResponse(
            request,
            "admin/indicators/frameworkyear/copy_year.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("สร้างกรอบการประเมินปีใหม่จากปี %(year)s") % {"year": source.year},
                "form": form,
                "source": source,
                "queryset": queryset,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


class StructureLockedAdmin(StaleAdminMixin, thai_admin.ModelAdmin):
    def has_delete_permission(self, request, obj=None):
        if obj is not None and _locked(obj.framework):
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Indicator)
class IndicatorAdmin(StructureLockedAdmin):
    list_display = ["number", "name", "tool", "framework"]
    list_filter = ["framework", "tool__code"]
    search_fields = ["name"]
    list_select_related = ["tool", "framework"]


@admin.register(Question)
class QuestionAdmin(StructureLockedAdmin):
    list_display = ["code", "title", "title_is_summary", "indicator", "topic_key", "framework"]
    list_display_links = ["code", "title"]
    list_filter = [
        "framework",
        "indicator__tool__code",
        "indicator__number",
        "title_is_summary",
        "evidence_period",
        "own_website",
    ]
    search_fields = ["code", "title", "topic_key", "standard_recommendation"]
    list_select_related = ["indicator", "framework"]
    list_per_page = 60
