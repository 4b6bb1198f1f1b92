from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from assessments.admin import AssessmentAdmin
from assessments.models import Assessment
from core import thai_admin
from core.spreadsheet_admin import SpreadsheetAdminMixin
from core.stale import StaleAdminMixin, StaleInlineMixin

from . import resources, results_views, rounds, services
from .models import (
    ActionItem,
    Division,
    PlanMethod,
    PlanTopic,
    ProgressUpdate,
    ReminderLog,
    ResultsRound,
    evidence_display_name,
)

# The assessments' admin, with the one action that also writes the action plan: it lives here
# because imports go one way (indicators ← assessments ← actionplans).
admin.site.unregister(Assessment)


@admin.register(Assessment)
class AssessmentWithPlanAdmin(AssessmentAdmin):
    actions = [*AssessmentAdmin.actions, "create_next_year"]

    @admin.action(
        description=_("สร้างผลการประเมินปีถัดไป (ยกรายการที่ยังไม่เสร็จไปด้วย)"), permissions=["add"]
    )
    def create_next_year(self, request, queryset):
        for obj in queryset.select_related("framework", "organization"):
            try:
                new, carried = services.next_year_create(assessment=obj)
            except ValidationError as e:
                for message in e.messages:
                    messages.error(request, message)
            else:
                messages.success(
                    request,
                    _("สร้าง %(new)s แล้ว ยกรายการดำเนินงานที่ยังไม่เสร็จมา %(n)d รายการ")
                    % {"new": new, "n": carried},
                )


@admin.register(Division)
class DivisionAdmin(StaleAdminMixin, SpreadsheetAdminMixin, thai_admin.ModelAdmin):
    resource_classes = [resources.DivisionResource]
    list_display = ["name", "parent", "order"]
    list_select_related = ["parent"]
    search_fields = ["name"]
    filter_horizontal = ["heads"]


class PlanMethodInline(StaleInlineMixin, thai_admin.TabularInline):
    model = PlanMethod
    extra = 0


class ActionItemInline(StaleInlineMixin, thai_admin.TabularInline):
    model = ActionItem
    fields = ["number", "text", "owner", "due_date", "status", "percent"]
    # Owned by progress updates (/actions/): an admin save never sets or rolls them back.
    readonly_fields = ["status", "percent"]
    extra = 0


@admin.register(PlanTopic)
class PlanTopicAdmin(StaleAdminMixin, SpreadsheetAdminMixin, thai_admin.HistoryAdmin):
    resource_classes = [resources.PlanTopicResource]
    list_display = ["number", "title", "assessment", "owner_text", "start_date", "end_date"]
    list_display_links = ["number", "title"]
    list_filter = ["assessment__fiscal_year", "owners"]
    search_fields = ["title", "methods__text", "items__text"]
    list_select_related = ["assessment"]
    filter_horizontal = ["owners"]
    inlines = [PlanMethodInline, ActionItemInline]


class ProgressUpdateInline(thai_admin.TabularInline):
    model = ProgressUpdate
    fields = [
        "created_at",
        "author",
        "status",
        "percent",
        "public_summary",
        "public_evidence_title",
        "note",
        "is_example",
    ]
    extra = 0


@admin.register(PlanMethod)
class PlanMethodAdmin(StaleAdminMixin, SpreadsheetAdminMixin, thai_admin.ModelAdmin):
    resource_classes = [resources.PlanMethodResource]
    list_display = ["topic", "number", "short_text"]
    list_filter = ["topic__assessment__fiscal_year"]
    list_select_related = ["topic"]
    search_fields = ["text"]

    @admin.display(description=_("วิธีการ"))
    def short_text(self, obj):
        return obj.text[:100]


@admin.register(ActionItem)
class ActionItemAdmin(StaleAdminMixin, SpreadsheetAdminMixin, thai_admin.HistoryAdmin):
    resource_classes = [resources.ActionItemResource]
    list_display = ["__str__", "owner", "due_date", "status", "percent", "updated_at"]
    # Owned by progress updates (/actions/): an admin save never sets or rolls them back.
    readonly_fields = ["status", "percent"]
    list_filter = ["topic__assessment__fiscal_year", "status", "owner"]
    search_fields = ["text", "topic__title"]
    list_select_related = ["topic", "owner__parent"]
    inlines = [ProgressUpdateInline]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(StaleAdminMixin, thai_admin.HistoryAdmin):
    list_display = ["item", "created_at", "author", "status", "percent", "is_example"]
    search_fields = ["public_summary", "note", "item__text"]
    list_select_related = ["item__topic", "author"]
    raw_id_fields = ["item"]
    list_filter = [
        "item__topic__assessment__fiscal_year",
        "status",
        "item__owner",
        "created_at",
        "is_example",
    ]
    readonly_fields = ["evidence_name"]

    def save_model(self, request, obj, form, change):
        if "evidence_file" in form.changed_data:
            file = form.cleaned_data.get("evidence_file")
            obj.evidence_name = evidence_display_name(file.name) if file else ""
        super().save_model(request, obj, form, change)


@admin.register(ReminderLog)
class ReminderLogAdmin(thai_admin.ModelAdmin):
    list_display = ["date", "user", "item_count", "sent_at"]
    list_select_related = ["user"]
    # A date filter rather than date_hierarchy, whose year links print the Christian era.
    list_filter = ["date"]


@admin.register(ResultsRound)
class ResultsRoundAdmin(StaleAdminMixin, thai_admin.HistoryAdmin):
    """Staff create a round (6 months, 12 months or a date), write or draft its closing section
    and memo, preview it, publish it (which freezes its figures) and issue corrections."""

    list_display = ["__str__", "cutoff", "status", "revision", "published_at", "links"]
    list_filter = ["assessment__fiscal_year", "kind", "status"]
    list_select_related = ["assessment"]
    readonly_fields = ["status", "published_at", "revision", "revised_at", "links"]
    fieldsets = [
        (None, {"fields": ["assessment", "kind", "cutoff", "status", "links"]}),
        (_("สรุปผลและข้อเสนอ"), {"fields": ["closing"]}),
        (
            _("บันทึกข้อความรายงานผล"),
            {
                "fields": [
                    "memo_reference_no",
                    "memo_date",
                    "memo_subject",
                    "memo_addressee",
                    "memo_background",
                    "memo_facts",
                    "memo_consideration",
                ],
                "description": _(
                    'ช่องที่เว้นว่างจะใช้ร่างที่ระบบเขียนจากตัวเลข ใช้คำสั่ง "ร่างข้อความจากข้อมูล" '
                    "เพื่อเติมร่างลงในช่องว่างแล้วแก้ไขต่อ"
                ),
            },
        ),
        (
            _("การเผยแพร่และฉบับแก้ไข"),
            {
                "fields": ["published_at", "revision", "revised_at", "revision_note"],
                "description": _(
                    "เมื่อเผยแพร่ ตัวเลขและข้อความจะถูกตรึงไว้ รายงานความก้าวหน้าที่มาภายหลังไม่เปลี่ยน"
                    "ฉบับที่เผยแพร่ หากต้องการปรับ ให้แก้ข้อความ ระบุเหตุผลการออกฉบับแก้ไข "
                    'แล้วใช้คำสั่ง "ออกฉบับแก้ไข"'
                ),
            },
        ),
    ]
    actions = ["draft_texts", "publish", "correct", "withdraw"]

    @admin.display(description=_("เอกสาร"))
    def links(self, obj):
        if obj is None or not obj.pk or not obj.cutoff:
            return "-"
        year, slug = obj.assessment.fiscal_year, obj.slug
        return format_html(
            '<a href="{}" target="_blank">หน้ารายงาน</a> · <a href="{}">PDF</a> · '
            '<a href="{}" target="_blank">บันทึกข้อความ</a>',
            reverse("actionplans:results", args=[year, slug]),
            reverse("actionplans:results_pdf", args=[year, slug]),
            reverse("actionplans:results_memo", args=[year, slug]),
        )

    def _each(self, request, queryset, service, done_message, warm=False, **kwargs):
        for rnd in queryset:
            try:
                service(rnd=rnd, **kwargs)
            except ValidationError as e:
                self.message_user(request, f"{rnd}: {' '.join(e.messages)}", messages.ERROR)
            else:
                self.message_user(request, f"{rnd}: {done_message}", messages.SUCCESS)
                if warm:  # the PDFs are rendered in the background, not by the first visitor
                    results_views.warm_pdfs_after_commit(rnd)

    @admin.action(description=_("ร่างข้อความสรุปและบันทึกข้อความจากข้อมูล (เติมเฉพาะช่องที่ว่าง)"))
    def draft_texts(self, request, queryset):
        self._each(request, queryset, rounds.results_round_draft_texts, "เติมร่างในช่องที่ว่างแล้ว")

    @admin.action(description=_("เผยแพร่ (ตรึงตัวเลข ณ วันที่ตัดยอด)"))
    def publish(self, request, queryset):
        self._each(request, queryset, rounds.results_round_publish, "เผยแพร่แล้ว", warm=True)

    @admin.action(description=_("ออกฉบับแก้ไข (ตรึงตัวเลขใหม่ ระบุวันที่และเหตุผล)"))
    def correct(self, request, queryset):
        for rnd in queryset:
            self._each(
                request,
                [rnd],
                rounds.results_round_correct,
                "ออกฉบับแก้ไขแล้ว",
                warm=True,
                note=rnd.revision_note,
            )

    @admin.action(description=_("ถอนการเผยแพร่ (กลับเป็นฉบับร่าง)"))
    def withdraw(self, request, queryset):
        self._each(request, queryset, rounds.results_round_withdraw, "กลับเป็นฉบับร่างแล้ว")
