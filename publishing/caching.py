"""Cheap answers to "has anything the public documents print changed?", for caching them.

Rendering the report costs some 20 queries and tens of milliseconds, and its PDF a second or two
of WeasyPrint, while what they print changes a few times a year. So the public report page and
the PDFs are kept, each under a version that is cheap to compute on every request:

- `data_version()`: one query reading, for every table of indicators, assessments and
  actionplans (their history tables and many-to-many tables included), the highest id, the
  row count of the tables without history, and the newest entry of the admin's log. Every
  write the portal makes moves one of these: an added row moves an id; a changed or deleted
  row of a model with history leaves a history record (django-simple-history: saves, deletes,
  the bulk helpers the services use); a deleted row of a table without history moves its
  count; and every change made in the admin, inlines included, leaves a log entry. Writes
  behind the portal's back (SQL, `QuerySet.update()`) are not seen: after such a write,
  restart the app processes or delete MEDIA_ROOT/pdf-cache.
- `code_version()`: the templates, stylesheets, fixtures and document code on disk (names,
  sizes, modification times) and the WeasyPrint version, so a deploy renders afresh.
"""

import hashlib
from functools import cache
from pathlib import Path

import weasyprint
from django.apps import apps
from django.conf import settings
from django.core.cache import cache as django_cache
from django.db import connection
from django.http import HttpResponse
from django.utils import timezone

VERSIONED_APPS = ("indicators", "assessments", "actionplans")
# What a document is made from besides the database (relative to BASE_DIR).
CODE_PATHS = (
    "templates",
    "static/css",
    "static/fonts",
    "core",
    "indicators",
    "assessments",
    "actionplans",
    "publishing",
    "fixtures",
)
CODE_SUFFIXES = {".html", ".svg", ".css", ".py", ".json", ".txt", ".ttf"}
PAGE_SECONDS = 3600


@cache
def _version_sql():
    qn = connection.ops.quote_name
    parts = []
    for label in VERSIONED_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            table, pk = qn(model._meta.db_table), qn(model._meta.pk.column)
            if model._meta.pk.name == "history_id":
                # History rows are only ever added: one for every save and every delete.
                parts.append(f"(SELECT MAX({pk}) FROM {table})")
                continue
            parts.append(f"(SELECT MAX({pk}) FROM {table})")
            if not hasattr(model._meta, "simple_history_manager_attribute"):
                # No history: a deleted row shows only in the count.
                parts.append(f"(SELECT COUNT(*) FROM {table})")
    parts.append(f"(SELECT MAX({qn('id')}) FROM {qn('django_admin_log')})")
    return "SELECT " + ", ".join(parts)


def _version_row():
    """The row of counts and ids. On PostgreSQL the statement is prepared once per connection:
    planning its few dozen subqueries costs ten times more than running them. (PREPARE goes
    through the driver's own cursor, so query counts see one query per call.)"""
    sql = _version_sql()
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(sql)
            return cursor.fetchone()
        raw = connection.connection
        if getattr(connection, "_ita_version_prepared_on", None) is not raw:
            with raw.cursor() as prepare:
                prepare.execute(f"PREPARE ita_data_version AS {sql}")
            connection._ita_version_prepared_on = raw
        cursor.execute("EXECUTE ita_data_version")
        return cursor.fetchone()


def data_version():
    """A short string that changes whenever the portal writes anything a document prints
    (one query), and at midnight."""
    text = f"{timezone.localdate().isoformat()}|{_version_row()}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _code_version():
    h = hashlib.sha256(weasyprint.__version__.encode())
    base = Path(settings.BASE_DIR)
    for top in CODE_PATHS:
        for path in sorted((base / top).rglob("*")):
            if path.suffix in CODE_SUFFIXES and "migrations" not in path.parts:
                st = path.stat()
                h.update(f"{path.relative_to(base)}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:16]


_code_version_once = cache(_code_version)


def code_version():
    """Changes when a template, stylesheet, fixture or document module changes on disk.

    Read once per process in production (a deploy restarts the processes); on every call with
    DEBUG on, where templates are edited under a running server."""
    return _code_version() if settings.DEBUG else _code_version_once()


def document_version():
    return f"{code_version()}-{data_version()}"


def cacheable(request):
    """Anonymous visitors with nothing of their own on the page: no session (so no user name
    in the header) and no flash messages waiting."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def public_page(request, build):
    """The response of `build()`, kept per URL path and document version for anonymous
    visitors (staff and signed-in users always get a fresh render).

    One entry per page in the process's cache, replaced when the version moves, so memory is
    bounded by the number of pages, not of versions."""
    if not cacheable(request):
        return build()
    key = f"page:{request.path}"
    version = document_version()
    hit = django_cache.get(key)
    if hit is not None and hit[0] == version:
        return HttpResponse(hit[1], content_type=hit[2])
    response = build()
    if response.status_code == 200 and not response.cookies:
        django_cache.set(key, (version, response.content, response["Content-Type"]), PAGE_SECONDS)
    return response
