"""The division heads' workspace: their items, each item's page and its evidence."""

from django.urls import path

from . import views

app_name = "actionplans"

urlpatterns = [
    path("actions/", views.action_list, name="list"),
    path("actions/<int:pk>/", views.action_detail, name="item"),
    path("actions/evidence/<int:pk>/", views.evidence_download, name="evidence"),
]
