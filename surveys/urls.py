"""The ITA staff's survey drive page (phone first) and the posters."""

from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("surveys/", views.drive_latest, name="latest"),
    path("surveys/<int:year>/", views.drive_page, name="drive"),
    path("surveys/<int:year>/posters/iit.pdf", views.poster_iit, name="poster_iit"),
    path("surveys/<int:year>/posters/eit.pdf", views.poster_eit, name="poster_eit_all"),
    path("surveys/<int:year>/posters/eit/<int:point>.pdf", views.poster_eit, name="poster_eit"),
]
