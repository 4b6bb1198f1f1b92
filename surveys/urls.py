"""The ITA staff's survey drive page (phone first) and the posters."""

from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("surveys/", views.drive_latest, name="latest"),
    path("surveys/<int:year>/", views.drive_page, name="drive"),
]
