"""The OIT part of /actions/ (registered with core.workspace in OitConfig.ready)."""

from django.template.loader import render_to_string

from . import selectors


def actions_panel(request):
    """The signed-in user's OIT items of the open year, beside their action items."""
    user = request.user
    if not user.is_authenticated:
        return ""
    context = selectors.head_panel(user)
    if context is None:
        return ""
    return render_to_string("oit/_actions_panel.html", context, request=request)
