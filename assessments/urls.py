from django.urls import path

from . import views

app_name = "assessments"

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
]
