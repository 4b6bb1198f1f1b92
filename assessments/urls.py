from django.urls import path

from . import views

app_name = "assessments"

urlpatterns = [
    path("", views.home, name="home"),
    path("reports/<int:year>/", views.report, name="report"),
    path("reports/<int:year>/report.pdf", views.report_pdf, name="report_pdf"),
    path("reports/<int:year>/memo/", views.memo, name="memo"),
    path("reports/<int:year>/memo.pdf", views.memo_pdf, name="memo_pdf"),
]
