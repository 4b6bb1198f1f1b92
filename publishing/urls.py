"""The public pages: the published years, each year's report and memo (pages and PDFs), the
plan's progress, the results rounds and the open data. Every address is as it was before these
pages moved here (README "Public pages")."""

from django.urls import path, register_converter

from . import oit_views, opendata, results_views, views


class RoundConverter:
    """A results round in an address: 6m, 12m, or a cut-off date (2569-05-15)."""

    regex = r"6m|12m|\d{4}-\d{2}-\d{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)


register_converter(RoundConverter, "round")

app_name = "publishing"

urlpatterns = [
    path("", views.home, name="home"),
    # Stable addresses of the newest published year (the municipal website links them once).
    path("reports/latest/", views.latest, {"target": "report"}, name="latest"),
    path("reports/latest/report.pdf", views.latest, {"target": "report_pdf"}, name="latest_pdf"),
    path("reports/latest/memo/", views.latest, {"target": "memo"}, name="latest_memo"),
    path("reports/latest/memo.pdf", views.latest, {"target": "memo_pdf"}, name="latest_memo_pdf"),
    path("reports/<int:year>/", views.report, name="report"),
    path("reports/<int:year>/report.pdf", views.report_pdf, name="report_pdf"),
    path("reports/<int:year>/memo/", views.memo, name="memo"),
    path("reports/<int:year>/memo.pdf", views.memo_pdf, name="memo_pdf"),
    path("reports/<int:year>/plan/", views.plan_progress, name="plan_progress"),
    path("reports/<int:year>/data.json", opendata.data_json, name="data_json"),
    # The agency's OIT table (ข้อ | ข้อมูล | ลิงก์) once staff publish it, and its open data.
    path("reports/<int:year>/oit/", oit_views.oit_table, name="oit_table"),
    path("reports/<int:year>/oit.csv", oit_views.oit_csv, name="oit_csv"),
    path("reports/<int:year>/data.csv", opendata.data_csv, name="data_csv"),
    # The same data for people: Thai headers and พ.ศ. dates, and a page explaining each field.
    path("reports/<int:year>/data.xlsx", opendata.data_xlsx, name="data_xlsx"),
    path("reports/<int:year>/data/", opendata.data_about, name="data_about"),
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
