"""Who may publish, correct or withdraw a results round: a permission to change rounds, never
the right to look at them."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from actionplans.models import ResultsRound

from .rounds import MEMO_FIELDS

CHANGELIST = "admin:actionplans_resultsround_changelist"


@pytest.fixture
def draft_round(demo):
    rnd = ResultsRound(assessment=demo, kind="6m", **MEMO_FIELDS)
    rnd.full_clean()
    rnd.save()
    return rnd


@pytest.fixture
def viewer(db, django_user_model):
    """Staff who may look at results rounds and nothing more."""
    user = django_user_model.objects.create_user(
        "viewer", password="viewer-pass-123", is_staff=True
    )
    user.user_permissions.add(Permission.objects.get(codename="view_resultsround"))
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("action", ["publish", "correct", "withdraw", "draft_texts"])
def test_staff_who_may_only_view_rounds_cannot_run_their_actions(viewer, draft_round, action):
    url = reverse(CHANGELIST)
    assert viewer.get(url).status_code == 200
    assert f'value="{action}"' not in viewer.get(url).content.decode()
    viewer.post(url, {"action": action, "_selected_action": [draft_round.pk]})
    draft_round.refresh_from_db()
    assert draft_round.status == ResultsRound.Status.DRAFT
    assert draft_round.snapshot is None and not draft_round.closing


def test_staff_who_may_change_rounds_publish_them(ita_staff_client, draft_round):
    ita_staff_client.post(
        reverse(CHANGELIST), {"action": "publish", "_selected_action": [draft_round.pk]}
    )
    draft_round.refresh_from_db()
    assert draft_round.status == ResultsRound.Status.PUBLISHED
