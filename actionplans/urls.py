from django.urls import path, register_converter

from . import results_views, views


class RoundConverter:
    """A results round in an address: 6m, 12m, or a cut-off date (2569-05-15)."""

    regex = r"6m|12m|\d{4}-\d{2}-\d{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)


register_converter(RoundConverter, "round")

app_name = "actionplans"

urlpatterns = [
    path("actions/", views.action_list, name="list"),
    path("actions/<int:pk>/", views.action_detail, name="item"),
    path("actions/evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("reports/<int:year>/plan/", views.plan_progress, name="plan_progress"),
    # The plan's results report per round, with its memo and open data.
    path("reports/<int:year>/results/<round:slug>/", results_views.results_page, name="results"),
    path(
        "reports/<int:year>/results/<round:slug>.pdf",
        results_views.results_pdf,
        name="results_pdf",
    ),
    path(
        "reports/<int:year>/results/<round:slug>/memo/",
        results_views.results_memo,
        name="results_memo",
    ),
    path(
        "reports/<int:year>/results/<round:slug>/memo.pdf",
        results_views.results_memo_pdf,
        name="results_memo_pdf",
    ),
    path(
        "reports/<int:year>/results/<round:slug>.json",
        results_views.results_json,
        name="results_json",
    ),
    path(
        "reports/<int:year>/results/<round:slug>.csv",
        results_views.results_csv,
        name="results_csv",
    ),
]
