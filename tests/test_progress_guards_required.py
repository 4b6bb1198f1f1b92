"""The double-submit and stale-save guards of POST /actions/<id>/ are the server's, not the
client's: a post without the form's one-time `submission` id or its `stale_token` is refused,
in Thai, and saves nothing (issue 19, finding 6: eight identical posts without them gave eight
reports and eight files, and five different percents all saved)."""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from actionplans.models import ActionItem, ProgressUpdate
from tests.livehttp import LiveBrowser

REFUSED = "แบบฟอร์มไม่ครบถ้วน"


@pytest.fixture
def item(demo):
    return ActionItem.objects.filter(owner__name="งานธุรการ").order_by("pk").first()


def url(item):
    return reverse("actionplans:item", args=[item.pk])


def hidden(client, item):
    return LiveBrowser.hidden_fields(client.get(url(item)).content.decode())


@pytest.mark.parametrize(
    "missing", [("submission",), ("stale_token",), ("submission", "stale_token")]
)
def test_a_post_without_the_forms_guards_is_refused_in_thai(
    alice_client, item, evidence_root, missing
):
    fields = hidden(alice_client, item)
    for name in missing:
        fields.pop(name)
    answers = []
    for _ in range(8):
        pdf = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes")
        data = {**fields, "status": "in_progress", "percent": "60", "evidence_file": pdf}
        answers.append(alice_client.post(url(item), data))
    assert {a.status_code for a in answers} == {200}
    assert all(REFUSED in a.content.decode() for a in answers)
    assert not ProgressUpdate.objects.exists()
    assert not [p for p in evidence_root.rglob("*") if p.is_file()]
    item.refresh_from_db()
    assert (item.status, item.percent) == ("not_started", 0)


def test_an_empty_guard_is_refused_like_a_missing_one(alice_client, item):
    fields = {**hidden(alice_client, item), "submission": "", "stale_token": ""}
    response = alice_client.post(url(item), {**fields, "status": "in_progress", "percent": "5"})
    assert REFUSED in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_five_percents_from_one_page_save_only_the_first(alice_client, item):
    """Five posts from the same page (one stale token), each with its own submission id as a
    script would send: the first saves, the others are refused as stale."""
    fields = hidden(alice_client, item)
    import uuid

    for percent in (10, 20, 30, 40, 50):
        data = {**fields, "submission": str(uuid.uuid4()), "status": "in_progress"}
        alice_client.post(url(item), {**data, "percent": str(percent)})
    assert list(ProgressUpdate.objects.values_list("percent", flat=True)) == [10]
    item.refresh_from_db()
    assert item.percent == 10


def test_the_pages_own_form_still_saves_once(alice_client, item):
    fields = hidden(alice_client, item)
    data = {**fields, "status": "in_progress", "percent": "60"}
    answers = [alice_client.post(url(item), data) for _ in range(2)]
    assert [a.status_code for a in answers] == [302, 302]
    assert ProgressUpdate.objects.count() == 1


def _at_once(browser, path, posts):
    barrier = threading.Barrier(len(posts))
    answers = []

    def send(data):
        barrier.wait(timeout=30)
        answers.append(browser.request(path, data)[0])

    threads = [threading.Thread(target=send, args=(data,)) for data in posts]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return answers


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the live server shares one in-memory SQLite connection between its threads",
)
def test_posts_racing_on_the_server_without_guards_save_nothing_and_with_one_form_save_once(
    live_server, transactional_db
):
    """As the audit sent them: eight identical posts at once without the guards, then five
    different percents at once from one opened form (each with its own submission id)."""
    import uuid

    from tests.livehttp import live_demo

    demo = live_demo()
    from django.contrib.auth import get_user_model

    from actionplans.models import Division

    head = get_user_model().objects.create_user("racer", password="racer-pass-123")
    Division.objects.get(name="งานธุรการ").heads.add(head)
    item = ActionItem.objects.filter(topic__assessment=demo, owner__name="งานธุรการ").first()
    browser = LiveBrowser(live_server.url)
    browser.sign_in("racer", "racer-pass-123")
    path = f"/actions/{item.pk}/"
    _, page, _ = browser.request(path)
    fields = browser.hidden_fields(page)
    bare = {"csrfmiddlewaretoken": fields["csrfmiddlewaretoken"]}
    same = {**bare, "status": "in_progress", "percent": "60", "note": "x"}
    assert _at_once(browser, path, [same] * 8) == [200] * 8
    assert not ProgressUpdate.objects.filter(item=item).exists()

    posts = [
        {**fields, "submission": str(uuid.uuid4()), "status": "in_progress", "percent": str(p)}
        for p in (10, 20, 30, 40, 50)
    ]
    answers = _at_once(browser, path, posts)
    assert sorted(answers) == [200, 200, 200, 200, 302]
    assert ProgressUpdate.objects.filter(item=item).count() == 1
