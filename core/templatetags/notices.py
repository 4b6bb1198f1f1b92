"""The staff notices (core.models.StaffNotice) on every admin page, until acknowledged."""

from django import template

register = template.Library()


@register.inclusion_tag("admin/_staff_notices.html", takes_context=True)
def staff_notices(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("core.view_staffnotice"):
        return {"notices": []}
    from core.models import StaffNotice

    return {
        "notices": list(StaffNotice.objects.filter(acknowledged_at__isnull=True)),
        "can_acknowledge": user.has_perm("core.change_staffnotice"),
        "next": request.get_full_path(),
    }
