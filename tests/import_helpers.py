"""Importing score files in tests: through the admin as staff do, or straight through the
resource and the formats the admin uses (the same code, without the HTTP round trips)."""

from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.resources import QuestionScoreResource
from core.spreadsheet_admin import import_messages
from core.spreadsheets import (
    CSVFormat,
    RowProblems,
    SpreadsheetRefused,
    XLSXFormat,
    check_form_upload,
)
from tests.frameworks import upload

FORMAT_INDEX = {"xlsx": 0, "csv": 1}  # the order of core.spreadsheets.FORMATS


def import_url(assessment=None):
    url = reverse("admin:assessments_questionscore_import")
    return f"{url}?assessment={assessment.pk}" if assessment else url


def post_import(client, assessment, data, name="scores.xlsx"):
    """The preview step: upload `data` as `name`; returns the response."""
    fmt = FORMAT_INDEX["csv" if name.endswith(".csv") else "xlsx"]
    return client.post(
        import_url(assessment),
        {
            "assessment": assessment.pk,
            "resource": "0",
            "format": fmt,
            "import_file": upload(data, name),
        },
    )


def confirm_import(client, preview_response, *, acknowledge=True):
    """The confirm step: post back the preview's hidden fields (never the file). Into a
    published year the confirmation also asks staff to tick that they know it goes public
    (issue 20): ticked unless `acknowledge` is False."""
    form = preview_response.context["confirm_form"]
    data = {name: form.initial.get(name) for name in form.fields}
    data = {name: value for name, value in data.items() if value is not None}
    if "published_ack" in form.fields and acknowledge:
        data["published_ack"] = "on"
    return client.post(reverse("admin:assessments_questionscore_process_import"), data)


def import_scores(assessment, data, name="scores.xlsx", *, dry_run=False, user=None):
    """Import a file as the admin does; ValidationError with every Thai message on a problem."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    fmt = CSVFormat() if name.endswith(".csv") else XLSXFormat()
    try:
        check_form_upload(data, name)  # the upload form, then the format reading the file
        dataset = fmt.create_dataset(data)
    except SpreadsheetRefused as e:
        raise ValidationError(e.messages) from None
    resource = QuestionScoreResource(assessment=assessment)
    result = resource.import_data(
        dataset, dry_run=dry_run, rollback_on_validation_errors=True, user=user
    )
    assessment.refresh_from_db()  # the reported figures are written to the row, not this copy
    if result.has_errors() or result.has_validation_errors():
        texts, _ = import_messages(result, resource.row_where, limit=10**6)
        raise RowProblems(texts)  # a ValidationError
    return result
