from django.urls import path

from . import views

app_name = "actionplans"

urlpatterns = [
    path("actions/", views.action_list, name="list"),
    path("actions/<int:pk>/", views.action_detail, name="item"),
    path("actions/evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("reports/<int:year>/plan/", views.plan_progress, name="plan_progress"),
]
