"""Issue 20, finding 4: every date and time shown or exported is in Asia/Bangkok.

06:17 on 5 December 2569 in Bangkok is 23:17 on 4 December in UTC, the moment the database
stores: the pages, PDFs and files must say the 5th, and the machine files +07:00."""

import json
from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.utils import timezone

from actionplans.models import ResultsRound
from assessments.models import Assessment
from core import spreadsheets
from core.thai import be_date_text, thai_date
from publishing.rounds import results_round_publish
from tests.rounds import MEMO_FIELDS

# 06:17 on 5 Dec 2569 (2026) in Bangkok.
JUST_AFTER_MIDNIGHT = datetime(2026, 12, 4, 23, 17, tzinfo=UTC)


def test_thai_dates_of_a_moment_are_bangkok_days():
    assert thai_date(JUST_AFTER_MIDNIGHT) == "๕ ธันวาคม ๒๕๖๙"
    assert thai_date(JUST_AFTER_MIDNIGHT, "%-d %b %Y %H:%M") == "๕ ธ.ค. ๒๕๖๙ ๐๖:๑๗"
    assert be_date_text(JUST_AFTER_MIDNIGHT) == "5 ธ.ค. 2569 06:17 น."
    html = Template("{% load ita %}{{ t|thdate }}").render(Context({"t": JUST_AFTER_MIDNIGHT}))
    assert html == "๕ ธันวาคม ๒๕๖๙"


def test_files_for_people_write_bangkok_times():
    assert spreadsheets._csv_value(JUST_AFTER_MIDNIGHT) == "05/12/2569 06:17"
    assert spreadsheets._xlsx_value(JUST_AFTER_MIDNIGHT) == datetime(2026, 12, 5, 6, 17)


@pytest.fixture
def round_published_at_dawn(demo):
    rnd = ResultsRound(assessment=demo, kind="6m", **MEMO_FIELDS)
    rnd.full_clean()
    rnd.published_at = JUST_AFTER_MIDNIGHT
    rnd.save()
    return results_round_publish(rnd=rnd)


def test_a_round_published_at_dawn_reads_the_bangkok_day(round_published_at_dawn, client):
    page = client.get("/reports/2568/results/6m/").content.decode()
    assert "เผยแพร่เมื่อ ๕ ธันวาคม ๒๕๖๙" in page and "๔ ธันวาคม ๒๕๖๙" not in page
    data = json.loads(client.get("/reports/2568/results/6m.json").content)
    assert data["published_at"] == "2026-12-05T06:17:00+07:00"


def test_open_data_published_at_is_bangkok_time(demo, client):
    Assessment.objects.filter(pk=demo.pk).update(published_at=JUST_AFTER_MIDNIGHT)
    data = json.loads(client.get("/reports/2568/data.json").content)
    assert data["published_at"] == "2026-12-05T06:17:00+07:00"


def test_the_demo_is_published_on_the_seeds_date(demo):
    """The seed's memo is dated 17 April 2569: the demo year was published then, not when
    `make run` loaded it."""
    published = timezone.localtime(demo.published_at)
    assert published.isoformat() == "2026-04-17T09:30:00+07:00"
