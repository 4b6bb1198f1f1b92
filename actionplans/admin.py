from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from assessments.scoping import OrganizationScopedAdminMixin
from core import thai_admin
from core.spreadsheet_admin import SpreadsheetAdminMixin
from core.stale import StaleAdminMixin, StaleInlineMixin

from . import forms, resources, services
from .models import (
    ActionItem,
    Division,
    PlanMethod,
    PlanTopic,
    ProgressUpdate,
    ReminderLog,
    evidence_display_name,
)


class PlanYearAdminMixin:
    """What the plan adds to a year's admin page (assessments.admin.AssessmentAdmin, which
    publishing registers): the action that also writes the plan, and the plan's history."""

    actions = ["create_next_year"]

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

    def history_sources(self, request, obj):
        topic_ids = PlanTopic.history.filter(assessment_id=obj.pk).values("id")
        return [
            *super().history_sources(request, obj),
            PlanTopic.history.filter(assessment_id=obj.pk),
            PlanMethod.history.filter(topic_id__in=topic_ids),
            ActionItem.history.filter(topic_id__in=topic_ids),
        ]


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
class PlanTopicAdmin(
    OrganizationScopedAdminMixin, StaleAdminMixin, SpreadsheetAdminMixin, thai_admin.HistoryAdmin
):
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
    # A report is added on its own page (the item's "add a progress report" link), which goes
    # through the progress service and so moves the item; a report's status and percent are a
    # dated record, not edited afterwards (a correction is a new report).
    readonly_fields = ["status", "percent"]
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PlanMethod)
class PlanMethodAdmin(
    OrganizationScopedAdminMixin, StaleAdminMixin, SpreadsheetAdminMixin, thai_admin.ModelAdmin
):
    resource_classes = [resources.PlanMethodResource]
    list_display = ["topic", "number", "short_text"]
    list_filter = ["topic__assessment__fiscal_year"]
    list_select_related = ["topic"]
    search_fields = ["text"]

    @admin.display(description=_("วิธีการ"))
    def short_text(self, obj):
        return obj.text[:100]


@admin.register(ActionItem)
class ActionItemAdmin(
    OrganizationScopedAdminMixin, StaleAdminMixin, SpreadsheetAdminMixin, thai_admin.HistoryAdmin
):
    resource_classes = [resources.ActionItemResource]
    list_display = ["__str__", "owner", "due_date", "status", "percent", "updated_at"]
    # Owned by progress updates (/actions/): an admin save never sets or rolls them back.
    readonly_fields = ["status", "percent", "report_progress"]
    list_filter = ["topic__assessment__fiscal_year", "status", "owner"]
    search_fields = ["text", "topic__title"]
    list_select_related = ["topic", "owner__parent"]
    inlines = [ProgressUpdateInline]

    @admin.display(description=_("รายงานความก้าวหน้า"))
    def report_progress(self, obj):
        if obj is None or not obj.pk:
            return "-"
        url = reverse("admin:actionplans_progressupdate_add") + f"?item={obj.pk}"
        return format_html(
            '<a href="{}">เพิ่มรายงานความก้าวหน้า</a> (สถานะและร้อยละของรายการจะเปลี่ยนตามรายงาน)', url
        )


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(OrganizationScopedAdminMixin, StaleAdminMixin, thai_admin.HistoryAdmin):
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
    # A new report goes through the progress service, as in /actions/: the same rules, and the
    # item's status and percent follow it. Its author is the staff member who records it.
    add_form = forms.ProgressUpdateAdminAddForm

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = self.add_form
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return self.add_form._meta.fields
        return super().get_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        # A saved report is a dated record of where the item stood: what it says may be
        # corrected, but not which item or where it stood (a correction is a new report).
        return [*super().get_readonly_fields(request, obj), "item", "status", "percent"]

    def save_model(self, request, obj, form, change):
        if not change:
            data = form.cleaned_data
            update = services.progress_update_create(
                item=data["item"],
                author=request.user,
                **services.report_values(data),
                # The form shows the time to the minute: a date left as shown is now, so a
                # head's report a moment earlier is not taken as newer than this one.
                created_at=data["created_at"] if "created_at" in form.changed_data else None,
            )
            obj.pk = update.pk  # the admin's messages and redirect name the saved report
            obj.refresh_from_db()
            return
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
