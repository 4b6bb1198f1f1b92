"""The OIT tracker in the Thai admin: a year's tracker (its items' owners and due dates on one
page, carry-over, checks, the ITAS submission and the public table), each item with its links
and element ticks, the checks' history, and the spreadsheet import and export."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core import thai_admin
from core.spreadsheet_admin import SpreadsheetAdminMixin
from core.stale import StaleAdminMixin, StaleInlineMixin

from . import resources, services, tasks
from .models import ElementTick, LinkCheck, OitItem, OitLink, OitTracker


class ItemInline(StaleInlineMixin, thai_admin.TabularInline):
    model = OitItem
    fields = ["question", "owners", "due_date", "status", "edit_link"]
    readonly_fields = ["question", "status", "edit_link"]
    extra = 0
    can_delete = False
    verbose_name_plural = _("ข้อ OIT: ส่วนงานผู้รับผิดชอบและกำหนดเสร็จ")

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("question").order_by("question__order")

    @admin.display(description=_("รายละเอียด"))
    def edit_link(self, obj):
        if not obj.pk:
            return "-"
        url = reverse("admin:oit_oititem_change", args=[obj.pk])
        return format_html('<a href="{}">ลิงก์ องค์ประกอบ บันทึก</a>', url)


class SubmitForm(forms.Form):
    watch_until = thai_admin.BEDateField(
        label=_("ตรวจลิงก์ที่ส่งแล้วถึงวันที่"),
        required=False,
        help_text=_("วันสิ้นสุดการตรวจให้คะแนนและการชี้แจงของ สำนักงาน ป.ป.ช."),
    )


@admin.register(OitTracker)
class OitTrackerAdmin(StaleAdminMixin, thai_admin.HistoryAdmin):
    list_display = ["__str__", "submitted_at", "watch_until", "table_published", "is_example"]
    list_select_related = ["assessment"]
    fields = ["assessment", "table_published", "watch_until", "is_example", "submitted_at"]
    readonly_fields = ["submitted_at"]
    inlines = [ItemInline]
    actions = ["carry_over", "check_now", "submit_to_itas", "publish_table", "unpublish_table"]

    def get_readonly_fields(self, request, obj=None):
        return ["assessment", "submitted_at"] if obj else ["submitted_at"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            services.tracker_create(assessment=obj.assessment)

    def history_sources(self, request, obj):
        items = OitItem.history.filter(tracker_id=obj.pk)
        item_ids = OitItem.objects.filter(tracker=obj).values("pk")
        return [
            *super().history_sources(request, obj),
            items,
            OitLink.history.filter(item_id__in=item_ids),
            ElementTick.history.filter(item_id__in=item_ids),
        ]

    @admin.action(description=_("ยกข้อมูลจากปีก่อน"), permissions=["change"])
    def carry_over(self, request, queryset):
        for tracker in queryset:
            try:
                n = services.tracker_carry_over(tracker=tracker)
            except ValidationError as e:
                for m in e.messages:
                    messages.error(request, m)
            else:
                messages.success(
                    request,
                    _("ยกข้อมูลจากปีก่อนมาให้ %(n)d ข้อของ %(t)s แล้ว (กำหนดเสร็จเลื่อนไปหนึ่งปี สถานะเริ่มใหม่)")
                    % {"n": n, "t": tracker},
                )

    @admin.action(description=_("ตรวจลิงก์ทั้งหมดตอนนี้"), permissions=["check"])
    def check_now(self, request, queryset):
        ids = list(OitLink.objects.filter(item__tracker__in=queryset).values_list("pk", flat=True))
        tasks.check_links.enqueue(ids)
        messages.success(request, _("ส่งตรวจ %(n)d ลิงก์แล้ว ผลจะแสดงเมื่อตรวจเสร็จ") % {"n": len(ids)})

    def has_check_permission(self, request):
        return request.user.has_perm("oit.check_oitlink")

    def has_submit_permission(self, request):
        return request.user.has_perm("oit.submit_oittracker")

    @admin.action(description=_("บันทึกการส่งข้อมูลใน ITAS"), permissions=["submit"])
    def submit_to_itas(self, request, queryset):
        if queryset.count() != 1:
            messages.error(request, _("เลือกหนึ่งปี"))
            return None
        tracker = queryset.get()
        form = SubmitForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            try:
                services.tracker_submit(
                    tracker=tracker, user=request.user, watch_until=form.cleaned_data["watch_until"]
                )
            except ValidationError as e:
                form.add_error(None, e)
            else:
                messages.success(
                    request,
                    _("บันทึกการส่งข้อมูลใน ITAS ของ %(t)s แล้ว: URL คำอธิบาย และผลตรวจล่าสุดถูกเก็บไว้")
                    % {"t": tracker},
                )
                return None
        return TemplateResponse(
            request,
            "admin/oit/oittracker/submit.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("บันทึกการส่งข้อมูลใน ITAS: %(t)s") % {"t": tracker},
                "form": form,
                "tracker": tracker,
                "queryset": queryset,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description=_("เผยแพร่ตาราง OIT ต่อสาธารณะ"), permissions=["submit"])
    def publish_table(self, request, queryset):
        for tracker in queryset:
            services.tracker_publish_table(tracker=tracker, user=request.user)
        messages.success(request, _("เผยแพร่ตาราง OIT แล้ว"))

    @admin.action(description=_("หยุดเผยแพร่ตาราง OIT"), permissions=["submit"])
    def unpublish_table(self, request, queryset):
        for tracker in queryset:
            services.tracker_publish_table(tracker=tracker, user=request.user, published=False)
        messages.success(request, _("หยุดเผยแพร่ตาราง OIT แล้ว"))


class LinkInline(StaleInlineMixin, thai_admin.TabularInline):
    model = OitLink
    fields = ["url", "label", "is_answer", "order", "submitted_url", "verdict"]
    readonly_fields = ["submitted_url", "verdict"]
    extra = 1

    @admin.display(description=_("ผลตรวจล่าสุด"))
    def verdict(self, obj):
        check = obj.last_check if obj.pk else None
        if check is None:
            return _("ยังไม่ได้ตรวจ")
        return "; ".join(check.problems) or check.get_verdict_display()


class TickInline(StaleInlineMixin, thai_admin.TabularInline):
    model = ElementTick
    fields = ["position", "element", "done", "url"]
    readonly_fields = ["position", "element"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(OitItem)
class OitItemAdmin(StaleAdminMixin, SpreadsheetAdminMixin, thai_admin.HistoryAdmin):
    resource_classes = [resources.OitItemResource]
    list_display = ["__str__", "tracker", "owner_names", "due_date", "status"]
    list_filter = ["tracker__assessment__fiscal_year", "status", "owners"]
    search_fields = ["question__code", "question__title", "itas_note"]
    list_select_related = ["question", "tracker__assessment"]
    readonly_fields = [
        "tracker",
        "question",
        "status",
        "return_reason",
        *["submitted_answer", "submitted_urls", "submitted_note", "submitted_checks"],
    ]
    fieldsets = [
        (
            None,
            {"fields": ["tracker", "question", "owners", "due_date", "status", "return_reason"]},
        ),
        (_("ITAS"), {"fields": ["itas_note"]}),
        (_("บันทึกขออนุญาตเผยแพร่"), {"fields": ["memo_number", "memo_date"]}),
        (_("บันทึกภายใน"), {"fields": ["private_notes"]}),
        (
            _("ที่ส่งใน ITAS"),
            {
                "fields": [
                    "submitted_answer",
                    "submitted_urls",
                    "submitted_note",
                    "submitted_checks",
                ]
            },
        ),
        (
            _("การชี้แจง"),
            {"fields": ["nacc_verdict", "clarification", "clarification_outcome"]},
        ),
    ]
    filter_horizontal = ["owners"]
    inlines = [LinkInline, TickInline]
    actions = ["mark_ready"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("owners")

    @admin.display(description=_("ส่วนงานผู้รับผิดชอบ"))
    def owner_names(self, obj):
        return ", ".join(d.name for d in obj.owners.all()) or "-"

    def has_add_permission(self, request):
        return False  # items are made with their year's tracker

    def has_import_permission(self, request):
        return request.user.has_perm("oit.change_oititem")

    def has_export_permission(self, request):
        return request.user.has_perm("oit.view_oititem")

    def save_formset(self, request, form, formset, change):
        instances = formset.save()
        if formset.model is OitLink:
            for link in instances:
                services.queue_link_check(link)

    def has_review_permission(self, request):
        return request.user.has_perm("oit.review_oititem")

    @admin.action(description=_("ทำเครื่องหมายพร้อมส่ง"), permissions=["review"])
    def mark_ready(self, request, queryset):
        for item in queryset:
            try:
                services.item_review(item=item, user=request.user, approve=True)
            except ValidationError as e:
                messages.error(request, f"{item.code}: {' '.join(e.messages)}")


@admin.register(LinkCheck)
class LinkCheckAdmin(thai_admin.ModelAdmin):
    list_display = ["url", "checked_at", "verdict", "status_code", "elapsed_ms", "on_own_site"]
    list_filter = ["verdict", "link__item__tracker__assessment__fiscal_year"]
    search_fields = ["url", "final_url"]
    list_select_related = ["link"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
