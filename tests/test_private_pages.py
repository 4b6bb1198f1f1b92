"""/actions/ (with its OIT panel) and the OIT readiness page are kept per user while nothing
they show changes (core.private_pages; make bench: within 3× /healthz when kept): a kept page
costs the sign-in's two queries, is the page the user was served, carries the request's own
CSRF token, and a committed write serves a fresh one."""

import re

import pytest
from django.urls import reverse

from actionplans.models import Division
from oit.models import OitLink
from tests.oit_helpers import item, tracker_of


@pytest.fixture
def kept(settings):
    settings.PRIVATE_PAGE_CACHE = True


@pytest.fixture
def tracker(demo):
    t = tracker_of(2569, demo)
    item(t, "o1").owners.set([Division.objects.get(name="งานธุรการ")])
    return t


@pytest.mark.parametrize("who,url", [("alice", "/actions/"), ("staff", "readiness")])
def test_a_kept_page_costs_the_sign_in_and_a_write_serves_a_fresh_one(
    kept,
    tracker,
    alice_client,
    staff_client,
    who,
    url,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    client = alice_client if who == "alice" else staff_client
    url = reverse("oit:readiness", args=[2569]) if url == "readiness" else url
    first = client.get(url).content.decode()
    with django_assert_num_queries(2):  # the session and the user
        again = client.get(url)
    assert again.status_code == 200

    def strip(html):  # the page without its CSRF tokens (each request has its own)
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)

    assert strip(again.content.decode()) == strip(first)
    assert "__private_page_csrf__" not in again.content.decode()
    assert 'name="csrfmiddlewaretoken" value="' in again.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        OitLink.objects.create(
            item=item(tracker, "o1"), url="https://donsak.go.th/kept", is_answer=True
        )
    fresh = client.get(url).content.decode()
    assert strip(fresh) != strip(first)  # O1 left ยังไม่เริ่ม: the page says so at once


def test_the_logout_form_of_a_kept_page_works(kept, tracker, alice):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    client.get("/actions/")
    page = client.get("/actions/").content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = client.post(reverse("logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code != 403  # the token filled in for this request is accepted
    assert "_auth_user_id" not in client.session
