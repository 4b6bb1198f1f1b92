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

# ---------------------------------------------------------------- background jobs in tests
# (The task backend that runs jobs at once, inside the test, belongs here.)
