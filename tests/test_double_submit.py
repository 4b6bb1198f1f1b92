"""Pressing "save" twice sends the same form twice: the second post creates nothing and lands
on the same page as the first (issue 13, finding 3)."""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from actionplans.models import ActionItem, ProgressUpdate
from tests.livehttp import LiveBrowser, live_demo


@pytest.fixture
def demo(db):
    """The demo year, also after an earlier live-server test flushed the catalogue."""
    return live_demo()


@pytest.fixture
def item(demo):
    return ActionItem.objects.filter(owner__name="งานธุรการ").order_by("pk").first()


def form_fields(client, item):
    page = client.get(reverse("actionplans:item", args=[item.pk])).content.decode()
    return LiveBrowser.hidden_fields(page)


def test_saving_the_same_form_twice_creates_one_update_and_one_file(
    alice_client, item, evidence_root
):
    hidden = form_fields(alice_client, item)
    url = reverse("actionplans:item", args=[item.pk])
    answers = []
    for _ in range(2):
        pdf = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes")
        data = {**hidden, "status": "in_progress", "percent": "60", "note": "ประชุมแล้ว"}
        answers.append(alice_client.post(url, {**data, "evidence_file": pdf}))
    assert [a.status_code for a in answers] == [302, 302]
    assert answers[0]["Location"] == answers[1]["Location"] == url
    assert ProgressUpdate.objects.filter(item=item).count() == 1
    files = [p for p in evidence_root.rglob("*") if p.is_file()]
    assert len(files) == 1
    assert ProgressUpdate.objects.get(item=item).evidence_name == "minutes.pdf"
    page = alice_client.get(url).content.decode()
    assert page.count("ประชุมแล้ว") == 1


def test_a_new_form_after_saving_makes_a_new_update(alice_client, item):
    url = reverse("actionplans:item", args=[item.pk])
    for percent in ("30", "60"):
        hidden = form_fields(alice_client, item)
        data = {**hidden, "status": "in_progress", "percent": percent, "note": percent}
        assert alice_client.post(url, data).status_code == 302
    assert list(
        ProgressUpdate.objects.filter(item=item).order_by("pk").values_list("percent", flat=True)
    ) == [30, 60]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the live server shares one in-memory SQLite connection between its threads",
)
def test_a_double_click_racing_on_the_server_still_saves_once(live_server, alice):
    """The two posts of a double click arrive together, each in its own server thread."""
    item = ActionItem.objects.filter(owner__name="งานธุรการ").order_by("pk").first()
    browser = LiveBrowser(live_server.url)
    browser.sign_in("alice", "alice-pass-123")
    path = f"/actions/{item.pk}/"
    _, page, _ = browser.request(path)
    data = {**browser.hidden_fields(page), "status": "in_progress", "percent": "40", "note": "x"}
    barrier = threading.Barrier(2)
    answers = []

    def click():
        barrier.wait(timeout=30)
        answers.append(browser.request(path, data)[::2])

    threads = [threading.Thread(target=click) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(answers) == [(302, path), (302, path)]
    assert ProgressUpdate.objects.filter(item=item).count() == 1
