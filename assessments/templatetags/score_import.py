"""The score import's problems, in Thai by sheet and row (the library's own lists are not)."""

from django import template
from django.template.loader import render_to_string

from core.spreadsheet_admin import import_messages

register = template.Library()


@register.simple_tag
def import_problems(result):
    imp = getattr(result, "score_import", None)
    texts, more = import_messages(result, imp.row_where if imp else None)
    return render_to_string(
        "admin/assessments/_import_problems.html", {"errors": texts, "more": more}
    )
