"""Test helpers for the OIT tracker: a year's tracker on the demo organization."""

from assessments.models import Assessment
from indicators.models import FrameworkYear
from oit.services import tracker_create


def assessment_of(year, demo):
    """The demo organization's assessment of `year` (made on that year's framework if none)."""
    found = Assessment.objects.filter(organization=demo.organization, fiscal_year=year).first()
    return found or Assessment.objects.create(
        organization=demo.organization,
        fiscal_year=year,
        framework=FrameworkYear.objects.get(year=year),
    )


def tracker_of(year, demo):
    return tracker_create(assessment=assessment_of(year, demo))


def item(tracker, code):
    return tracker.items.select_related("question").get(question__code=code)
