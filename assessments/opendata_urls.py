"""Open data URLs, included from the root URLconf before the report pages."""

from django.urls import path

from . import opendata

app_name = "opendata"

urlpatterns = [
    path("reports/<int:year>/data.json", opendata.data_json, name="json"),
    path("reports/<int:year>/data.csv", opendata.data_csv, name="csv"),
]
