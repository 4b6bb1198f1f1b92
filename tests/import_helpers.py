"""Posting a file to the admin's score import, as staff do."""

from django.urls import reverse

from tests.frameworks import upload


def import_url(assessment):
    return reverse("admin:assessments_assessment_import", args=[assessment.pk])


def post_import(client, assessment, data, name="scores.xlsx"):
    """The preview step: upload `data` as `name`; returns the response."""
    return client.post(import_url(assessment), {"file": upload(data, name)})
