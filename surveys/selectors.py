"""The reads of the survey drive's pages."""

from django.utils import timezone

from assessments.scoping import user_organization

from . import charts, progress
from .models import SURVEYS, SurveyDrive


def user_drives(user):
    """The drives of the organization `user` works on (assessments.scoping)."""
    return SurveyDrive.objects.filter(organization__in=user_organization(user).values("pk"))


def drive_standings(drive, today=None):
    """Each survey's Standing and chart, in the order IIT, EIT."""
    today = today or timezone.localdate()
    counts = list(drive.counts.order_by("date"))
    out = []
    for survey, label in SURVEYS.items():
        st = progress.standing(
            minimum=drive.minimum(survey),
            points=[(c.date, getattr(c, f"{survey}_count")) for c in counts],
            opens_on=drive.opens_on,
            closes_on=drive.closes_on,
        )
        out.append(
            {
                "code": survey,
                "label": label,
                "standing": st,
                "chart": charts.survey_chart(
                    st, opens_on=drive.opens_on, closes_on=drive.closes_on, today=today
                ),
            }
        )
    return out, counts
