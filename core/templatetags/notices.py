"""The staff notices (core.models.StaffNotice) at the top of the admin's home page, until
acknowledged. Only there: every other admin page keeps its fixed number of queries."""

from django import template

register = template.Library()


@register.inclusion_tag("admin/_staff_notices.html", takes_context=True)
def staff_notices(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or getattr(request.resolver_match, "view_name", "") != "admin:index":
        return {"notices": []}
    if not user.has_perm("core.view_staffnotice"):
        return {"notices": []}
    from core.models import StaffNotice

    return {
        "notices": list(StaffNotice.objects.filter(acknowledged_at__isnull=True)),
        "can_acknowledge": user.has_perm("core.change_staffnotice"),
        "next": request.get_full_path(),
    }
