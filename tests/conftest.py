"""Shared fixtures: the demo year and the personas.

Personas, as in the house style: `staff` (the ITA team, admin access), `alice` heads งานธุรการ,
`bob` heads งานพัสดุ (another division), and the anonymous visitor is the plain `client`.

The demo is loaded once per test database (tests/demo_database.py) and each test's transaction
rolls back what the test changed; a test that does not ask for the demo gets the database as
`migrate` left it.
"""

import os

import pytest
from django.core.management import call_command

from tests import demo_database


def pytest_configure(config):
    # The Thai translations (locale/*.po) as make venv compiles them, for a bare `pytest` too.
    from core.locale_build import compile_messages

    if compile_messages():
        # Django may already have read the Thai catalogue (without the project's .mo, in a fresh
        # checkout): forget it, as Django does when LOCALE_PATHS changes, so the new one is read.
        from asgiref.local import Local
        from django.utils.translation import trans_real

        trans_real._translations = {}
        trans_real._default = None
        trans_real._active = Local()


@pytest.fixture(scope="session", autouse=True)
def _programs_started_by_tests_load_the_portals_settings():
    """`manage.py check --deploy`, a settings probe or gunicorn started by a test check
    ita_portal.settings, not the test settings that pytest-django put in the environment they
    inherit. (Set here, not at import: xdist's workers inherit the environment too.)"""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_SETTINGS_MODULE", "ita_portal.settings")
        yield


@pytest.fixture(scope="session", autouse=True)
def _files_in_folders_of_this_run(tmp_path_factory):
    """Uploads, the PDF cache, evidence and the spreadsheets waiting between an import's preview
    and its confirmation go to throwaway folders of this run (one per xdist worker), not the
    checkout's media/, evidence/ and import-tmp/ (where test runs left files that got
    committed): workers would delete each other's cached PDFs, and a run would find the last
    run's. Tests that need an empty folder of their own still set one."""
    from django.conf import settings
    from django.test import override_settings

    root = tmp_path_factory.mktemp("files")
    import_export = settings.STORAGES["import_export"]
    storages = {
        **settings.STORAGES,
        "import_export": {
            **import_export,
            "OPTIONS": {**import_export.get("OPTIONS", {}), "location": str(root / "import-tmp")},
        },
    }
    with override_settings(
        MEDIA_ROOT=root / "media", EVIDENCE_ROOT=root / "evidence", STORAGES=storages
    ):
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database as pytest-django makes it (migrated), with the demo year loaded once
    (per xdist worker, each of which has its own database)."""
    with django_db_blocker.unblock():
        demo_database.load()


@pytest.fixture(autouse=True)
def _no_demo_unless_asked(request):
    """A test that uses the database without asking for the demo gets it as `migrate` left it:
    the demo's rows are deleted inside the test's transaction, which rolls them back after (a
    transactional test's database is emptied after it anyway)."""
    asked = {"demo", "demo_with_example"}.intersection(request.fixturenames)
    uses_db = request.node.get_closest_marker("django_db") or {
        "db",
        "transactional_db",
        "live_server",
    }.intersection(request.fixturenames)
    if uses_db and not asked:
        request.getfixturevalue("_django_db_helper")  # the test's transaction, begun first
        demo_database.remove()


@pytest.fixture
def demo(db):
    """The Don Sak 2568 demo year, loaded as `manage.py load_demo` does, without the example
    progress (every item not started, no updates: tests add the updates they need)."""
    return demo_database.year()


@pytest.fixture
def demo_with_example(db, settings):
    """The demo year as `make run` loads it (DEBUG on): with the example progress
    (ข้อมูลตัวอย่าง) and the demo accounts."""
    demo_database.remove()  # load_demo adds the example progress only to a year it creates
    demo_database.framework_loaded()
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    settings.DEBUG = False
    return demo_database.year()


@pytest.fixture
def staff(db, django_user_model):
    return django_user_model.objects.create_user(
        "staff", "staff@example.com", "staff-pass-123", is_staff=True, is_superuser=True
    )


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


# Playwright's sync API runs an event loop in the test thread; Django's ORM would refuse to
# run beside it without this (the tests use the ORM only to arrange data and check results).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    # Every test that drives Chromium (through `browser` or `page`) is a browser test, marked in
    # its module or not: `pytest -m "not browser"` runs the rest, `-m browser` only these.
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (no `playwright install`: .ci/run installs it)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="th-TH")
    p = context.new_page()
    yield p
    context.close()


# Division heads (appended with issue 4): alice heads งานธุรการ, bob heads งานพัสดุ.
def _division_head(django_user_model, username, division_name, full_name):
    from actionplans.models import Division

    user = django_user_model.objects.create_user(
        username, f"{username}@example.com", f"{username}-pass-123", first_name=full_name
    )
    Division.objects.get(name=division_name).heads.add(user)
    return user


@pytest.fixture
def alice(demo, django_user_model):
    return _division_head(django_user_model, "alice", "งานธุรการ", "อลิส ใจดี")


@pytest.fixture
def bob(demo, django_user_model):
    return _division_head(django_user_model, "bob", "งานพัสดุ", "บ็อบ รักงาน")


@pytest.fixture
def alice_client(alice):
    from django.test import Client

    c = Client()
    c.force_login(alice)
    return c


@pytest.fixture
def bob_client(bob):
    from django.test import Client

    c = Client()
    c.force_login(bob)
    return c


@pytest.fixture
def evidence_root(settings, tmp_path):
    """Evidence uploads go to a throwaway folder."""
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    return settings.EVIDENCE_ROOT


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache, as with an empty database: a page kept in one
    test must not be served in the next, whose data differ (the writes of a test that rolls
    back never reach their commit, so never invalidate)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def browser_login(page, live_server, user):
    """Signs `user` in for the Playwright `page` with a session cookie (no sign-in form)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    host = live_server.url.split("://", 1)[1].split(":")[0]
    page.context.add_cookies(
        [{"name": "sessionid", "value": cookie.value, "domain": host, "path": "/"}]
    )


# The framework editor (issue 9): an ITA staff member who is not a superuser.
@pytest.fixture
def ita_staff(db, django_user_model):
    from django.apps import apps

    from core.roles import staff_group_grant

    user = django_user_model.objects.create_user(
        "itastaff", "itastaff@example.com", "itastaff-pass-123", is_staff=True
    )
    # The migration made the group; a live-server test before this one may have emptied it.
    user.groups.add(staff_group_grant(apps))
    return user


@pytest.fixture
def ita_staff_client(ita_staff):
    from django.test import Client

    c = Client()
    c.force_login(ita_staff)
    return c
