"""The OIT tracker's pages: heads and staff under /actions/oit/ (namespace `oit`)."""

from django.urls import path

from . import views

app_name = "oit"

urlpatterns = [
    path("actions/oit/<int:pk>/", views.item_page, name="item"),
    path("actions/oit/link/<int:pk>/check/", views.link_check_now, name="check"),
    path("actions/oit/<int:year>/readiness/", views.readiness_page, name="readiness"),
    path("actions/oit/<int:year>/sheet/", views.sheet_page, name="sheet"),
    path("actions/oit/<int:year>/sheet.<str:fmt>", views.sheet_download, name="sheet_file"),
    path("actions/oit/<int:year>/results/", views.results_page, name="results"),
    path("actions/oit/<int:pk>/attach/", views.attach_document, name="attach"),
]
