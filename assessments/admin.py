from django import forms
from django.contrib import admin
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from indicators.models import Indicator, Question, Tool

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
from .selectors import assessment_score


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
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


class QuestionScoreFormSet(FrameworkChoicesFormSet):
    catalogue_model = Question
    catalogue_field = "question"


class IndicatorScoreFormSet(FrameworkChoicesFormSet):
    catalogue_model = Indicator
    catalogue_field = "indicator"


class ToolScoreFormSet(FrameworkChoicesFormSet):
    catalogue_model = Tool
    catalogue_field = "tool"


class QuestionScoreInline(admin.TabularInline):
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


class IndicatorScoreInline(admin.TabularInline):
    model = IndicatorScore
    formset = IndicatorScoreFormSet
    extra = 0


class ToolScoreInline(admin.TabularInline):
    model = ToolScore
    formset = ToolScoreFormSet
    extra = 0


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
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
    readonly_fields = ["score_check", "updated_at"]
    inlines = [QuestionScoreInline, IndicatorScoreInline, ToolScoreInline]
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

    @admin.display(description=_("คะแนนที่คำนวณได้"))
    def score_check(self, obj):
        if not obj or not obj.pk:
            return _("บันทึกก่อน แล้วระบบจะคำนวณคะแนนให้")
        return render_to_string(
            "admin/assessments/_score_check.html", {"result": assessment_score(obj)}
        )


@admin.register(Finding)
class FindingAdmin(SimpleHistoryAdmin):
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
class GuidelineAdmin(SimpleHistoryAdmin):
    list_display = ["assessment", "indicator", "order", "short_text"]
    list_filter = ["assessment__fiscal_year", "indicator__number"]
    search_fields = ["text"]
    list_select_related = ["assessment", "indicator"]

    @admin.display(description=_("แนวทางการพัฒนา"))
    def short_text(self, obj):
        return obj.text[:100]


class MemoSignatureInline(admin.StackedInline):
    model = MemoSignature
    extra = 0


@admin.register(Memo)
class MemoAdmin(SimpleHistoryAdmin):
    list_display = ["assessment", "reference_no", "date", "subject"]
    list_select_related = ["assessment"]
    search_fields = ["subject", "reference_no"]
    inlines = [MemoSignatureInline]
