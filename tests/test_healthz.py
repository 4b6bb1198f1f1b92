"""/healthz: the liveness and database check for load balancers, systemd and `make bench`."""

from unittest import mock

from django.db import OperationalError


def test_healthz_says_ok_as_plain_text_with_one_query(client, db, django_assert_num_queries):
    # 1 query: SELECT 1. No session, no user: it must stay a bare baseline for the benchmarks.
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-cache" in response["Cache-Control"]
    assert "Set-Cookie" not in response


def test_healthz_answers_503_when_the_database_is_down(client, db):
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute",
        side_effect=OperationalError("connection refused"),
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert b"database unavailable" in response.content


def test_healthz_refuses_post(client, db):
    assert client.post("/healthz").status_code == 405
