from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from assessments.admin import AssessmentAdmin
from assessments.models import Assessment
from ita_portal import thai_admin

from . import services
from .models import ActionItem, Division, PlanMethod, PlanTopic, ProgressUpdate, ReminderLog

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
class DivisionAdmin(thai_admin.ModelAdmin):
    list_display = ["name", "parent", "order"]
    list_select_related = ["parent"]
    search_fields = ["name"]
    filter_horizontal = ["heads"]


class PlanMethodInline(thai_admin.TabularInline):
    model = PlanMethod
    extra = 0


class ActionItemInline(thai_admin.TabularInline):
    model = ActionItem
    fields = ["number", "text", "owner", "due_date", "status", "percent"]
    extra = 0


@admin.register(PlanTopic)
class PlanTopicAdmin(thai_admin.HistoryAdmin):
    list_display = ["number", "title", "assessment", "owner_text", "start_date", "end_date"]
    list_display_links = ["number", "title"]
    list_filter = ["assessment__fiscal_year", "owners"]
    search_fields = ["title", "methods__text", "items__text"]
    list_select_related = ["assessment"]
    filter_horizontal = ["owners"]
    inlines = [PlanMethodInline, ActionItemInline]


class ProgressUpdateInline(thai_admin.TabularInline):
    model = ProgressUpdate
    fields = ["created_at", "author", "status", "percent", "public_summary", "note"]
    extra = 0


@admin.register(ActionItem)
class ActionItemAdmin(thai_admin.HistoryAdmin):
    list_display = ["__str__", "owner", "due_date", "status", "percent", "updated_at"]
    list_filter = ["topic__assessment__fiscal_year", "status", "owner"]
    search_fields = ["text", "topic__title"]
    list_select_related = ["topic", "owner__parent"]
    inlines = [ProgressUpdateInline]

    @admin.display(description=_("หัวข้อ"))
    def topic_title(self, obj):
        return obj.topic.title


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(thai_admin.HistoryAdmin):
    list_display = ["item", "created_at", "author", "status", "percent"]
    search_fields = ["public_summary", "note", "item__text"]
    list_select_related = ["item__topic", "author"]
    raw_id_fields = ["item"]
    list_filter = ["item__topic__assessment__fiscal_year", "status", "item__owner", "created_at"]


@admin.register(ReminderLog)
class ReminderLogAdmin(thai_admin.ModelAdmin):
    list_display = ["date", "user", "item_count", "sent_at"]
    list_select_related = ["user"]
    # A date filter rather than date_hierarchy, whose year links print the Christian era.
    list_filter = ["date"]
