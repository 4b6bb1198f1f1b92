from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import spreadsheets, thai_admin
from core.spreadsheet_admin import (
    GuardedImportForm,
    ImportNotConfirmed,
    SealedConfirmImportForm,
    SpreadsheetAdminMixin,
)
from core.stale import StaleAdminMixin, StaleInlineMixin
from indicators.models import FrameworkYear, Indicator, Question, Tool

from . import findings, memo, resources, services
from .models import (
    Assessment,
    Finding,
    Guideline,
    IndicatorScore,
    Memo,
    MemoSignature,
    Organization,
    QuestionScore,
    ToolScore,
)
from .scoping import OrganizationScopedAdminMixin, user_assessments
from .selectors import assessment_score


class DraftFindingsForm(forms.Form):
    threshold = forms.DecimalField(
        label=_("เกณฑ์คะแนน"),
        initial=findings.DRAFT_THRESHOLD,
        min_value=0,
        max_value=100,
        decimal_places=2,
        help_text=_(
            "ข้อคำถามที่ได้คะแนนต่ำกว่าเกณฑ์นี้จะได้ข้อบกพร่องจากข้อเสนอแนะมาตรฐาน "
            "ข้อที่ถึงเกณฑ์จะได้ข้อความรักษาระดับคะแนน ข้อที่มีผลการวิเคราะห์อยู่แล้วจะไม่ถูกแก้ไข"
        ),
    )


@admin.register(Organization)
class OrganizationAdmin(StaleAdminMixin, thai_admin.ModelAdmin):
    list_display = ["name", "district", "province", "phone"]

    def has_add_permission(self, request):
        # One organization per deployment.
        return not Organization.objects.exists() and super().has_add_permission(request)


class FrameworkChoicesFormSet(forms.BaseInlineFormSet):
    """Offers only the assessment's own framework rows, fetched once for all the rows."""

    catalogue_model = None
    catalogue_field = None

    def __init__(self, *args, framework=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = self.catalogue_model.objects.filter(framework=framework) if framework else None
        if qs is None:
            return
        choices = [("", "---------")] + [(o.pk, str(o)) for o in qs]
        for form in self.forms + [self.empty_form]:
            field = form.fields[self.catalogue_field]
            field.queryset = qs
            field.choices = choices
            # The catalogue is edited on its own pages: no add/edit/view icons on every row.
            for flag in ("can_add_related", "can_change_related", "can_delete_related"):
                setattr(field.widget, flag, False)
            field.widget.can_view_related = False

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        # The row's clean() compares its framework year with the assessment's: hand it the
        # assessment already fetched instead of one query per row.
        form.instance.assessment = self.instance
        return form


class QuestionScoreFormSet(FrameworkChoicesFormSet):
    catalogue_model = Question
    catalogue_field = "question"


class IndicatorScoreFormSet(FrameworkChoicesFormSet):
    catalogue_model = Indicator
    catalogue_field = "indicator"


class ToolScoreFormSet(FrameworkChoicesFormSet):
    catalogue_model = Tool
    catalogue_field = "tool"


class QuestionScoreInline(StaleInlineMixin, thai_admin.TabularInline):
    model = QuestionScore
    formset = QuestionScoreFormSet
    fields = ["indicator_label", "question", "score"]
    readonly_fields = ["indicator_label"]
    extra = 0
    verbose_name_plural = _("คะแนนรายข้อ (เรียงตามตัวชี้วัด)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("question__indicator")

    @admin.display(description=_("ตัวชี้วัด"))
    def indicator_label(self, obj):
        if obj.pk:
            return obj.question.indicator
        return "-"


class IndicatorScoreInline(StaleInlineMixin, thai_admin.TabularInline):
    model = IndicatorScore
    formset = IndicatorScoreFormSet
    extra = 0


class ToolScoreInline(StaleInlineMixin, thai_admin.TabularInline):
    model = ToolScore
    formset = ToolScoreFormSet
    extra = 0


class AssessmentAdmin(OrganizationScopedAdminMixin, StaleAdminMixin, thai_admin.HistoryAdmin):
    """A year's result and analysis. Registered at the top of the stack (publishing/admin.py),
    which adds what the apps above this one own: the plan's next-year action and history, and
    the year's documents and exports."""

    list_display = [
        "fiscal_year",
        "organization",
        "status",
        "reported_overall",
        "reported_level",
        "updated_at",
    ]
    list_filter = ["status", "framework"]
    search_fields = ["fiscal_year", "organization__name"]
    list_select_related = ["organization"]
    readonly_fields = ["score_check", "published_at", "updated_at"]
    inlines = [QuestionScoreInline, IndicatorScoreInline, ToolScoreInline]
    actions = ["draft_findings", "draft_memo"]
    fieldsets = [
        (None, {"fields": ["organization", "fiscal_year", "framework", "status", "published_at"]}),
        (
            _("ผลการประเมินตามที่ สำนักงาน ป.ป.ช. แจ้ง"),
            {
                "fields": [
                    "reported_overall",
                    "reported_level",
                    "eit_part1_score",
                    "eit_part2_score",
                ]
            },
        ),
        (_("เป้าหมายของหน่วยงาน"), {"fields": ["goal_overall", "goal_each_tool"]}),
        (_("ตรวจสอบคะแนน: คำนวณเทียบกับที่ ป.ป.ช. แจ้ง"), {"fields": ["score_check"]}),
        (_("ข้อความในรายงาน"), {"fields": ["summary", "reflection", "analysis_intro"]}),
        (_("บันทึก"), {"fields": ["updated_at"]}),
    ]

    def history_sources(self, request, obj):
        """The year's own history and its rows'."""
        return [
            *super().history_sources(request, obj),
            *(
                rows.model.history.filter(assessment_id=obj.pk)
                for rows in (obj.question_scores, obj.indicator_scores, obj.tool_scores)
            ),
            Finding.history.filter(assessment_id=obj.pk),
            Guideline.history.filter(assessment_id=obj.pk),
            Memo.history.filter(assessment_id=obj.pk),
        ]

    def save_model(self, request, obj, form, change):
        services.assessment_publication_stamp(assessment=obj)
        super().save_model(request, obj, form, change)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, QuestionScoreInline | IndicatorScoreInline | ToolScoreInline):
            kwargs["framework"] = obj.framework if obj and obj.framework_id else None
        if isinstance(inline, QuestionScoreInline) and obj and obj.pk:
            # A row for every question still without a score, so a year is typed in one go.
            have = set(obj.question_scores.values_list("question_id", flat=True))
            kwargs["initial"] = [
                {"question": q.pk}
                for q in Question.objects.filter(framework=obj.framework_id).order_by("order")
                if q.pk not in have
            ]
        return kwargs

    def get_inline_instances(self, request, obj=None):
        # Score rows need the year's framework: they appear once the assessment is saved.
        return super().get_inline_instances(request, obj) if obj else []

    def get_formsets_with_inlines(self, request, obj=None):
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            if isinstance(inline, QuestionScoreInline) and obj and obj.pk:
                missing = obj.framework.questions.count() - obj.question_scores.count()
                formset.extra = max(missing, 0)
            yield formset, inline

    # --- actions: each calls a service and reports per assessment ----------------------------

    @admin.action(description=_("ร่างข้อบกพร่องจากคลังข้อเสนอแนะของ ป.ป.ช."), permissions=["change"])
    def draft_findings(self, request, queryset):
        form = DraftFindingsForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return TemplateResponse(
                request,
                "admin/assessments/draft_findings.html",
                {
                    **self.admin_site.each_context(request),
                    "opts": self.model._meta,
                    "title": _("ร่างข้อบกพร่องจากคลังข้อเสนอแนะ"),
                    "form": form,
                    "queryset": queryset,
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        for obj in queryset.select_related("framework", "organization"):
            try:
                draft = findings.findings_draft(
                    assessment=obj, threshold=form.cleaned_data["threshold"]
                )
            except ValidationError as e:
                for message in e.messages:
                    messages.error(request, message)
                continue
            messages.success(
                request,
                _("%(obj)s: ร่างผลการวิเคราะห์ใหม่ %(n)d รายการ (ข้อที่มีอยู่แล้ว %(kept)d ข้อไม่ถูกแก้ไข)")
                % {"obj": obj, "n": len(draft.created), "kept": draft.already_covered},
            )
            if draft.without_text:
                messages.warning(
                    request,
                    _("%(obj)s: ข้อ %(codes)s ต่ำกว่าเกณฑ์แต่ยังไม่มีข้อเสนอแนะมาตรฐาน กรุณาเขียนเอง")
                    % {"obj": obj, "codes": ", ".join(draft.without_text)},
                )
        return None

    @admin.action(description=_("ร่างบันทึกข้อความจากผลการประเมิน"), permissions=["change"])
    def draft_memo(self, request, queryset):
        for obj in queryset.select_related("framework", "organization"):
            try:
                memo.memo_draft(assessment=obj)
            except ValidationError as e:
                for message in e.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("%(obj)s: ร่างบันทึกข้อความแล้ว") % {"obj": obj})

    # --- spreadsheet import and export (views under /admin/assessments/assessment/) -----------

    def own_views(self):
        return [("template/<int:year>.xlsx", self.template_view, "assessments_assessment_template")]

    def template_view(self, request, year):
        if not self.has_view_permission(request):
            raise PermissionDenied
        framework = get_object_or_404(FrameworkYear, year=year)
        return spreadsheets.attachment(
            resources.template_xlsx(framework),
            f"ita-template-{year}.xlsx",
            spreadsheets.XLSX_CONTENT_TYPE,
        )

    @admin.display(description=_("คะแนนที่คำนวณได้"))
    def score_check(self, obj):
        if not obj or not obj.pk:
            return _("บันทึกก่อน แล้วระบบจะคำนวณคะแนนให้")
        return render_to_string(
            "admin/assessments/_score_check.html", {"result": assessment_score(obj)}
        )


def _with_year(obj):
    return f"{obj} (กรอบปี {obj.framework.year})"


class InYearForm(forms.ModelForm):
    """Offers only the catalogue rows of the assessment's framework year.

    The year is known from the row being edited, from the posted assessment, or from
    ?assessment=<pk> on the add page; until then every year's rows are offered, each labelled
    with its year, and a row of the wrong year is refused (Finding/Guideline.clean()).
    """

    catalogue_fields = {"indicator": Indicator}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        framework_id = self._framework_id()
        for name, model in self.catalogue_fields.items():
            if name not in self.fields:
                continue
            field = self.fields[name]
            qs = model.objects.select_related("framework")
            if framework_id:
                field.queryset = qs.filter(framework_id=framework_id)
            else:
                # Identical names in 2567 and 2568: say which year each row is.
                field.queryset = qs
                field.label_from_instance = _with_year

    def _framework_id(self):
        raw = self.data.get("assessment") or self.initial.get("assessment")
        if raw and str(raw).isdigit():
            return Assessment.objects.filter(pk=raw).values_list("framework_id", flat=True).first()
        if self.instance.assessment_id:
            return self.instance.assessment.framework_id
        return None


class FindingForm(InYearForm):
    catalogue_fields = {"indicator": Indicator, "questions": Question}

    class Meta:
        model = Finding
        fields = [
            "assessment",
            "indicator",
            "questions",
            "kind",
            "issue",
            "recommendation",
            "order",
        ]

    def clean(self):
        cleaned = super().clean()
        assessment, questions = cleaned.get("assessment"), cleaned.get("questions")
        if assessment and questions:
            try:
                findings.finding_questions_check(assessment=assessment, questions=questions)
            except ValidationError as e:
                self.add_error(None, e)
        return cleaned


class GuidelineForm(InYearForm):
    class Meta:
        model = Guideline
        fields = ["assessment", "indicator", "order", "text"]


@admin.register(Finding)
class FindingAdmin(
    OrganizationScopedAdminMixin, StaleAdminMixin, SpreadsheetAdminMixin, thai_admin.HistoryAdmin
):
    resource_classes = [resources.FindingResource]
    form = FindingForm
    list_display = ["assessment", "indicator", "codes", "kind", "short_text"]
    list_filter = ["assessment__fiscal_year", "kind", "indicator__number"]
    search_fields = ["issue", "recommendation", "questions__code"]
    list_select_related = ["assessment", "indicator"]
    filter_horizontal = ["questions"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("questions")

    @admin.display(description=_("ข้อ"))
    def codes(self, obj):
        return ", ".join(q.code for q in obj.questions.all())

    @admin.display(description=_("ข้อความ"))
    def short_text(self, obj):
        return (obj.issue or obj.recommendation)[:80]


@admin.register(Guideline)
class GuidelineAdmin(
    OrganizationScopedAdminMixin, StaleAdminMixin, SpreadsheetAdminMixin, thai_admin.HistoryAdmin
):
    resource_classes = [resources.GuidelineResource]
    form = GuidelineForm
    list_display = ["assessment", "indicator", "order", "short_text"]
    list_filter = ["assessment__fiscal_year", "indicator__number"]
    search_fields = ["text"]
    list_select_related = ["assessment", "indicator"]

    @admin.display(description=_("แนวทางการพัฒนา"))
    def short_text(self, obj):
        return obj.text[:100]


class MemoSignatureInline(StaleInlineMixin, thai_admin.StackedInline):
    model = MemoSignature
    extra = 0


@admin.register(Memo)
class MemoAdmin(OrganizationScopedAdminMixin, StaleAdminMixin, thai_admin.HistoryAdmin):
    list_display = ["assessment", "reference_no", "date", "subject", "edited_by_person"]
    list_select_related = ["assessment"]
    search_fields = ["subject", "reference_no"]
    inlines = [MemoSignatureInline]

    def save_model(self, request, obj, form, change):
        # A person changed the text: the "draft the memo" action must not overwrite it any more.
        if set(form.changed_data) - {"edited_by_person"}:
            obj.edited_by_person = True
        super().save_model(request, obj, form, change)


# --- spreadsheet import and export on django-import-export ------------------------------------


class ScoreImportForm(GuardedImportForm):
    assessment = forms.ModelChoiceField(
        queryset=Assessment.objects.select_related("organization"),
        label=_("ผลการประเมิน"),
        help_text=_("คะแนนในไฟล์จะนำเข้าเป็นของผลการประเมินปีนี้"),
    )
    field_order = ["assessment", "resource", "import_file", "format"]


class ScoreConfirmForm(SealedConfirmImportForm):
    assessment = forms.ModelChoiceField(queryset=Assessment.objects.all(), widget=forms.HiddenInput)


@admin.register(QuestionScore)
class QuestionScoreAdmin(
    OrganizationScopedAdminMixin, SpreadsheetAdminMixin, thai_admin.ModelAdmin
):
    """The score import (preview, confirm) and the scores' export, per assessment.

    Reached from an assessment's page ("นำเข้าคะแนนจากไฟล์"); not listed on the admin index,
    as scores are edited on their assessment's page.
    """

    resource_classes = [resources.QuestionScoreResource]
    import_form_class = ScoreImportForm
    confirm_form_class = ScoreConfirmForm
    import_template_name = "admin/assessments/score_import.html"
    list_display = ["assessment", "question", "score"]
    list_filter = ["assessment"]
    list_select_related = ["assessment__organization", "question"]

    def has_module_permission(self, request):
        return False

    def has_add_permission(self, request):
        return False

    # A score is edited on its year's page (with the year's questions and the stale-save
    # check), never here: this admin only hosts the import and the export.
    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def has_import_permission(self, request):
        # The import writes the year's scores and its reported figures.
        return super().has_import_permission(request) and request.user.has_perm(
            "assessments.change_assessment"
        )

    def _form_assessment(self, form):
        data = getattr(form, "cleaned_data", None) or {}
        return data.get("assessment")

    def create_import_form(self, request):
        form = super().create_import_form(request)
        form.fields["assessment"].queryset = user_assessments(request.user).select_related(
            "organization"
        )
        return form

    def create_confirm_form(self, request, import_form=None):
        form = super().create_confirm_form(request, import_form)
        form.fields["assessment"].queryset = user_assessments(request.user)
        return form

    def import_bound(self, form):
        return {"assessment": self._form_assessment(form).pk}

    def get_import_resource_kwargs(self, request, **kwargs):
        """The year the file is for: the one chosen at the preview; at the confirm, the one the
        preview's seal names (core.import_seal), refused if the page now says another."""
        resource_kwargs = super().get_import_resource_kwargs(request, **kwargs)
        assessment = self._form_assessment(kwargs.get("form"))
        seal = resource_kwargs.get("seal")
        if seal is not None and seal.confirming:
            previewed = user_assessments(request.user).filter(pk=seal.bound("assessment")).first()
            if previewed is None or assessment is None or previewed.pk != assessment.pk:
                asked = assessment.fiscal_year if assessment else "-"
                raise ImportNotConfirmed(
                    f"ยังไม่ได้นำเข้า: ปีที่ส่งมายืนยัน ({asked}) ไม่ตรงกับปีที่ดูตัวอย่าง"
                    f" ({previewed.fiscal_year if previewed else '-'}) กรุณาเลือกไฟล์แล้วดูตัวอย่างใหม่"
                )
            assessment = previewed
        return {**resource_kwargs, "assessment": assessment}

    def get_export_resource_kwargs(self, request, **kwargs):
        return {}

    def get_import_form_initial(self, request):
        return {"assessment": request.GET.get("assessment")}

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["assessment"] = self._form_assessment(import_form).pk
        return initial

    def get_import_context_data(self, **kwargs):
        return {
            "template_urls": [
                (fw, reverse("admin:assessments_assessment_template", args=[fw]))
                for fw in FrameworkYear.objects.order_by("-year").values_list("year", flat=True)
            ]
        }

    def process_result(self, result, request):
        response = super().process_result(result, request)
        if result.has_errors() or result.has_validation_errors():
            return response
        assessment = result.score_import.assessment
        return redirect("admin:assessments_assessment_change", assessment.pk)

    def add_success_message(self, result, request):
        changed = result.totals["new"] + result.totals["update"]
        reported = len(result.score_import.reported_changes)
        messages.success(
            request,
            _("นำเข้าคะแนนแล้ว: คะแนนรายข้อเปลี่ยน %(n)d ข้อ คะแนนที่ ป.ป.ช. แจ้งเปลี่ยน %(r)d รายการ")
            % {"n": changed, "r": reported},
        )
