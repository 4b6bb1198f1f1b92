"""The survey drive in the Thai admin: the window, minimums, links or QR images, service points
and the reminder schedule; the counts are logged on the staff page (/surveys/<year>/)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html

from assessments.scoping import OrganizationScopedAdminMixin
from core import thai_admin

from .models import ResponseCount, ServicePoint, SurveyDrive, SurveyReminderLog
from .services import drive_copy


class ServicePointInline(thai_admin.TabularInline):
    model = ServicePoint
    extra = 1


class ResponseCountInline(thai_admin.TabularInline):
    model = ResponseCount
    extra = 0
    fields = ["date", "iit_count", "eit_count", "recorded_by", "recorded_at"]
    readonly_fields = fields
    can_delete = True
    verbose_name_plural = "จำนวนผู้ตอบที่บันทึกไว้ (บันทึกเพิ่มที่หน้าการรณรงค์)"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SurveyDrive)
class SurveyDriveAdmin(OrganizationScopedAdminMixin, thai_admin.ModelAdmin):
    list_display = [
        "fiscal_year",
        "organization",
        "opens_on",
        "closes_on",
        "iit_minimum",
        "eit_minimum",
        "page_link",
    ]
    list_filter = ["organization"]
    inlines = [ServicePointInline, ResponseCountInline]
    actions = ["copy_to_next_year"]
    fieldsets = [
        (None, {"fields": ["organization", "fiscal_year", "is_example"]}),
        (
            "ช่วงเวลาและขั้นต่ำ (ตามที่ ITAS แสดง)",
            {"fields": ["opens_on", "closes_on", "iit_minimum", "eit_minimum"]},
        ),
        ("ลิงก์หรือคิวอาร์โค้ดจาก ป.ป.ช.", {"fields": ["iit_link", "iit_qr", "eit_link", "eit_qr"]}),
        ("การเตือนหัวหน้าส่วนงาน", {"fields": ["reminder_every_days"]}),
    ]

    @admin.display(description="หน้าติดตาม")
    def page_link(self, obj):
        return format_html(
            '<a href="{}">เปิดหน้าติดตาม</a>', reverse("surveys:drive", args=[obj.fiscal_year])
        )

    @admin.action(description="สร้างการรณรงค์ปีถัดไปจากรายการที่เลือก", permissions=["add"])
    def copy_to_next_year(self, request, queryset):
        for source in queryset.order_by("fiscal_year"):
            try:
                drive = drive_copy(source=source)
            except ValidationError as e:
                self.message_user(request, " ".join(e.messages), messages.ERROR)
            else:
                self.message_user(
                    request,
                    f"สร้างการรณรงค์ปี พ.ศ. {drive.fiscal_year} แล้ว: ตรวจวันเปิด-ปิดและขั้นต่ำกับ ITAS "
                    "และกรอกลิงก์หรือคิวอาร์โค้ดใหม่ของปีนี้",
                    messages.SUCCESS,
                )


@admin.register(SurveyReminderLog)
class SurveyReminderLogAdmin(OrganizationScopedAdminMixin, thai_admin.ModelAdmin):
    list_display = ["date", "drive", "division", "sent_at"]
    list_filter = ["drive"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
