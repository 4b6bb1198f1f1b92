"""Password-reset mails are limited per address and per client (issue 19, finding 8: nine
requests sent nine mails). Past a limit the form answers 429 with a Thai message and sends
nothing; the limits count an address whether or not an account has it, so they tell nobody
which addresses have accounts."""

import pytest
from django.core import mail
from django.urls import reverse

THROTTLED = "ขอตั้งรหัสผ่านใหม่บ่อยเกินไป"


@pytest.fixture
def limits(settings):
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 3
    settings.PASSWORD_RESET_LIMIT_PER_CLIENT = 10
    settings.PASSWORD_RESET_WINDOW_MINUTES = 60


def ask(client, email, ip="203.0.113.5"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=ip)


def test_nine_requests_for_one_address_send_three_mails(client, alice, limits):
    answers = [ask(client, alice.email, ip=f"203.0.113.{n}") for n in range(9)]
    assert len(mail.outbox) == 3
    assert [a.status_code for a in answers] == [302] * 3 + [429] * 6
    assert THROTTLED in answers[-1].content.decode()


def test_the_address_is_counted_however_it_is_typed(client, alice, limits):
    for email in (alice.email, alice.email.upper(), f" {alice.email} ", alice.email.title()):
        ask(client, email)
    assert len(mail.outbox) == 3


def test_one_client_may_ask_ten_times_whatever_the_addresses(client, alice, limits):
    answers = [ask(client, f"someone{n}@example.org") for n in range(10)]
    assert {a.status_code for a in answers} == {302}
    refused = ask(client, alice.email)
    assert refused.status_code == 429 and THROTTLED in refused.content.decode()
    assert mail.outbox == []
    # another client is not held back by this one
    assert ask(client, alice.email, ip="198.51.100.7").status_code == 302
    assert len(mail.outbox) == 1


def test_an_unknown_address_is_throttled_like_a_known_one(client, db, limits):
    answers = [ask(client, "nobody@example.org", ip=f"203.0.113.{n}") for n in range(4)]
    assert [a.status_code for a in answers] == [302, 302, 302, 429]
    assert mail.outbox == []
