"""Scores outside 0–100 are refused by the database itself, not only by forms."""

from decimal import Decimal as D

import pytest
from django.db import IntegrityError, transaction

from assessments.models import IndicatorScore, QuestionScore


@pytest.mark.parametrize("bad", [D("100.01"), D("-0.01")])
def test_database_refuses_question_scores_outside_0_100(demo, bad):
    row = QuestionScore.objects.get(assessment=demo, question__code="i1")
    with pytest.raises(IntegrityError), transaction.atomic():
        QuestionScore.objects.filter(pk=row.pk).update(score=bad)
    row.refresh_from_db()
    assert row.score == D("94.12")


def test_database_refuses_indicator_scores_above_100(demo):
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorScore.objects.filter(assessment=demo).update(score=D("101"))


def test_one_score_per_question_per_year(demo):
    row = QuestionScore.objects.get(assessment=demo, question__code="i1")
    with pytest.raises(IntegrityError), transaction.atomic():
        QuestionScore.objects.create(assessment=demo, question=row.question, score=D("50"))
