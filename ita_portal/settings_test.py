"""Settings for the test suite (pyproject.toml points pytest-django here): the portal's own
settings, changed only where a test would be slower and checks nothing that differs.

Everything else, the environment variables included, is read by ita_portal.settings exactly as
for `make run`. Programs a test starts (`manage.py check --deploy`, gunicorn) load
ita_portal.settings itself: tests/conftest.py says so in their environment.
"""

from ita_portal.settings import *  # noqa: F403

# Django's PBKDF2 costs a third of a second of CPU per password, and hundreds of tests create a
# persona with a password; no test looks at how a password is hashed.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Background jobs (django-tasks) run at once in the process that queues them: a test sees their
# outcome when the enqueue returns (after the commit), with no worker to start. Tests of the
# queue itself switch to the database backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# The tests' own cache, in each process's memory: the shared file cache (CACHE_DIR) would mix
# the pages of test runs going on at once (xdist's workers), and of `make run` in this checkout.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The OIT link checker's tests serve their pages on 127.0.0.1: that one address is let through;
# every other loopback (127.0.0.2), private or reserved address stays refused.
OIT_LINKCHECK_ALLOWED_NETWORKS = ["127.0.0.1/32"]
# Saving a link queues its check; in tests only those of the checker do (against 127.0.0.1).
OIT_CHECK_ON_SAVE = False
# Signed-in pages kept per user (core.private_pages): off, as a test's writes never commit and
# so never move the version; tests/test_private_pages.py turns it on.
PRIVATE_PAGE_CACHE = False

# Sessions in the database alone: the query counts the tests pin (the sign-in's two reads)
# stay independent of what a test left in the cache. Production reads them from the cache
# first (settings.SESSION_ENGINE, Django's cached_db).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
