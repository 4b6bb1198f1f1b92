"""Third-party admins made Thai like the project's own: Django's user admin and django-axes'
sign-in records, with Buddhist-era dates and no browser strings or raw request data."""

from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils import timezone

from .models import Delivery, LineGroup, StaffNotice
from .thai_admin import OwnViewsMixin, ThaiAdminMixin

User = get_user_model()

admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(ThaiAdminMixin, auth_admin.UserAdmin):
    pass


@admin.register(Group)
class GroupAdmin(ThaiAdminMixin, auth_admin.GroupAdmin):
    pass


# What a browser sends about itself and the raw form data: machine text, not for staff.
MACHINE_FIELDS = {"user_agent", "http_accept", "get_data", "post_data"}


def _without_machine_fields(fieldsets):
    kept = []
    for name, options in fieldsets or ():
        fields = [f for f in options.get("fields", ()) if f not in MACHINE_FIELDS]
        if fields:
            kept.append((name, {**options, "fields": fields}))
    return kept


def _thai_axes_admin(base):
    return type(
        base.__name__,
        (ThaiAdminMixin, base),
        {
            # Year links print the Christian era; the date filter beside the list is enough.
            "date_hierarchy": None,
            "list_display": [f for f in base.list_display if f not in MACHINE_FIELDS],
            "fieldsets": _without_machine_fields(getattr(base, "fieldsets", None)),
            "search_fields": [f for f in base.search_fields if f not in MACHINE_FIELDS],
            "__module__": __name__,
            **_thai_columns(base),
            **_thai_actions(base),
        },
    )


def _thai_actions(base):
    """axes' "clean up expired attempts" action, in Thai and working: axes 8.3.1's own reads
    `request.axes_attempt_time`, which only its sign-in flow sets, so from the admin it was a 500
    (tests/test_thai_admin_axes.py)."""
    if not hasattr(base, "cleanup_expired_attempts"):
        return {}

    @admin.action(description="ล้างความพยายามเข้าสู่ระบบที่หมดอายุแล้ว")
    def cleanup_expired_attempts(self, request, queryset):
        request.axes_attempt_time = None  # "now", as axes reads it
        count = self.handler.clean_expired_user_attempts(request=request)
        self.message_user(request, f"ล้างรายการที่หมดอายุแล้ว {count} รายการ")

    return {"cleanup_expired_attempts": cleanup_expired_attempts}


def _thai_columns(base):
    """axes' own columns without a Thai heading."""
    columns = {}
    if hasattr(base, "status"):
        columns["status"] = admin.display(description="สถานะ")(
            lambda self, obj: base.status(self, obj)
        )
    if hasattr(base, "expiration"):
        columns["expiration"] = admin.display(description="หมดอายุเมื่อ")(
            lambda self, obj: base.expiration(self, obj)
        )
    return columns


for _model, _base in (
    (AccessAttempt, axes_admin.AccessAttemptAdmin),
    (AccessLog, axes_admin.AccessLogAdmin),
    (AccessFailureLog, getattr(axes_admin, "AccessFailureLogAdmin", None)),
):
    if _base is not None and admin.site.is_registered(_model):
        admin.site.unregister(_model)
        admin.site.register(_model, _thai_axes_admin(_base))


# --- notifications (core.notifications, core.line) ------------------------------------------


@admin.register(LineGroup)
class LineGroupAdmin(ThaiAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "group_id", "joined_at", "left_at"]
    fields = ["name", "group_id", "joined_at", "left_at"]
    readonly_fields = ["group_id", "joined_at", "left_at"]
    search_fields = ["name", "group_id"]

    def has_add_permission(self, request):
        return False  # groups come from LINE's join webhook


@admin.register(Delivery)
class DeliveryAdmin(ThaiAdminMixin, admin.ModelAdmin):
    list_display = [
        "created_at",
        "kind",
        "subject",
        "recipient",
        "address",
        "channel",
        "result",
        "fallback",
    ]
    list_filter = ["channel", "result", "fallback", "kind"]
    search_fields = ["subject", "recipient", "address"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(StaffNotice)
class StaffNoticeAdmin(ThaiAdminMixin, OwnViewsMixin, admin.ModelAdmin):
    list_display = ["message", "created_at", "acknowledged_at", "acknowledged_by"]
    actions = ["acknowledge"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("core.change_staffnotice")

    def own_views(self):
        return [("<int:pk>/acknowledge/", self.acknowledge_view, "core_staffnotice_acknowledge")]

    def acknowledge_view(self, request, pk):
        if request.method != "POST" or not self.has_change_permission(request):
            raise PermissionDenied
        StaffNotice.objects.filter(pk=pk, acknowledged_at__isnull=True).update(
            acknowledged_at=timezone.now(), acknowledged_by=request.user
        )
        return redirect(request.POST.get("next") or "admin:index")

    @admin.action(description="รับทราบประกาศที่เลือก", permissions=["change"])
    def acknowledge(self, request, queryset):
        queryset.filter(acknowledged_at__isnull=True).update(
            acknowledged_at=timezone.now(), acknowledged_by=request.user
        )
