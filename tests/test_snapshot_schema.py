"""A published results round keeps what it printed in a frozen snapshot. The snapshot carries
its schema version, and snapshots frozen before a change of shape still render."""

import copy

import pytest

from actionplans.models import ResultsRound
from publishing.rounds import results_round_publish
from publishing.snapshots import SNAPSHOT_SCHEMA, snapshot_content

from .rounds import MEMO_FIELDS

PAGE = "/reports/2568/results/6m/"
MEMO = "/reports/2568/results/6m/memo/"


@pytest.fixture
def published(demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    demo.memo.signatures.update(role="")
    rnd = ResultsRound(assessment=demo, kind="6m", **MEMO_FIELDS)
    rnd.full_clean()
    rnd.save()
    results_round_publish(rnd=rnd)
    rnd.refresh_from_db()
    return rnd


def test_a_new_snapshot_carries_the_current_schema_version(published):
    assert published.snapshot["schema"] == SNAPSHOT_SCHEMA


def test_a_snapshot_frozen_before_versions_still_renders_its_page_memo_and_open_data(
    published, client
):
    # As rounds published before the schema version (and before signatures kept their role)
    # were stored: no "schema" key, signatures without "role".
    old = copy.deepcopy(published.snapshot)
    del old["schema"]
    for signature in old["memo"]["signatures"]:
        signature.pop("role", None)
    ResultsRound.objects.filter(pk=published.pk).update(snapshot=old)
    signer = old["memo"]["signatures"][0]["name"]

    page = client.get(PAGE)
    assert page.status_code == 200
    assert "รายงานผลการดำเนินการ" in page.content.decode()
    memo = client.get(MEMO)
    assert memo.status_code == 200
    assert signer in memo.content.decode()
    data = client.get("/reports/2568/results/6m.json")
    assert data.status_code == 200
    assert data.json()["totals"]["count"] == old["results"]["totals"]["count"]


def test_a_snapshot_from_a_newer_portal_is_refused_loudly_not_misprinted(published):
    newer = {**published.snapshot, "schema": SNAPSHOT_SCHEMA + 1}
    with pytest.raises(ValueError, match="schema"):
        snapshot_content(newer)
