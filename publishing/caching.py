"""The public pages and PDFs, kept while nothing they print changes and dropped the moment
something does.

Rendering the report costs some 20 queries and tens of milliseconds, its PDF a second or two of
WeasyPrint, while what they print changes a few times a year. So, for anonymous visitors, the
pages (`public_page`) and the keys of the cached PDFs (`publishing.pdf`) are kept in Django's
cache under a document version, `<code version>-<data token>-<today's date>`:

- The data token is a random string kept in the cache under `docs:version` (no expiry), replaced
  by `invalidate()` after every committed write that may change a public page. The writers say
  so (publishing.receivers): the domain apps send `core.signals.content_changed` from their
  services and from every write no model signal sees (`QuerySet.update()`, bulk inserts, a
  restored database), a migration sends post_migrate, and every row of indicators, assessments
  and actionplans saved, deleted or linked (post_save, post_delete, m2m_changed) invalidates
  once its transaction commits, which is how the admin's saves and deletes, inlines included,
  and the spreadsheet imports are seen. A random token and not a counter: a lost key (evicted,
  the cache emptied) or two invalidations at the same moment can never bring back a version
  that some stale page was kept under.
- The date: the plan page's overdue marks change at midnight without any write.
- The code version (`code_version()`): templates, static files, translations, the apps' code and
  requirements.txt as they are on disk, read once per process. The cache outlives a deploy (it
  is shared by the app processes and kept on disk), and a page rendered by the old code must not
  be served by the new.

A public request reads the token from the cache (the page itself from the process's memory once
it has this version) and runs no SQL. Entries also
expire after PAGE_SECONDS, so a change made behind the portal's back (SQL typed into a
database shell) shows within the hour; `manage.py shell -c "from publishing import caching;
caching.invalidate()"` shows it at once.

The cache must be shared by every app process (settings.CACHES: a file-based cache in CACHE_DIR
on one machine; Redis or Memcached for several), or a process would keep serving what another
one invalidated. Staff and signed-in users never get a kept page.
"""

import hashlib
import secrets
import threading
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.cache import cache as django_cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone

VERSION_KEY = "docs:version"
PAGE_SECONDS = 3600

# What a page or a PDF is made from besides the database (relative to BASE_DIR).
CODE_PATHS = (
    "templates",
    "static",
    "locale",
    "core",
    "indicators",
    "assessments",
    "actionplans",
    "publishing",
    "requirements.txt",
)
CODE_SUFFIXES = {".html", ".svg", ".css", ".js", ".py", ".po", ".txt", ".ttf"}


def _new_token():
    return secrets.token_hex(8)


def invalidate():
    """From now on every kept page and PDF key is out of date (a new data token)."""
    django_cache.set(VERSION_KEY, _new_token(), None)


_batch = threading.local()


def invalidate_on_commit(using=None):
    """`invalidate()` once the current transaction commits (at once outside a transaction), and
    only once however many rows the transaction writes.

    Every call registers an on_commit callback, but the callbacks registered until one of them
    runs share a marker, and only the first to run invalidates: an import of 500 rows writes the
    token once, not 500 times (a file-based cache's write costs about half a millisecond). A
    rolled-back transaction drops its callbacks and leaves the marker pending, so the next write
    that commits still invalidates."""
    batch = getattr(_batch, "pending", None)
    if batch is None:
        batch = _batch.pending = {"done": False}

    def run():
        if batch["done"]:
            return
        batch["done"] = True
        if getattr(_batch, "pending", None) is batch:
            _batch.pending = None
        invalidate()

    transaction.on_commit(run, using=using)


def _token(found=None):
    token = found if found is not None else django_cache.get(VERSION_KEY)
    if token is None:
        # No token yet (a new or emptied cache): whoever adds one first wins.
        django_cache.add(VERSION_KEY, _new_token(), None)
        token = django_cache.get(VERSION_KEY)
    return token


def _code_version():
    h = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    for top in CODE_PATHS:
        root = base / top
        paths = sorted(root.rglob("*")) if root.is_dir() else [root] if root.is_file() else []
        for path in paths:
            if path.suffix in CODE_SUFFIXES and "migrations" not in path.parts:
                st = path.stat()
                h.update(f"{path.relative_to(base)}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:16]


_code_version_once = cache(_code_version)


def code_version():
    """Changes when a template, static file, translation, module or pinned requirement changes
    on disk (names, sizes, modification times).

    Read once per process in production (a deploy restarts the processes); on every call with
    DEBUG on, where templates are edited under a running server."""
    return _code_version() if settings.DEBUG else _code_version_once()


def document_version(token=None):
    """The version pages and PDF keys are kept under: one cache read, no SQL (`token`: the
    data token when the caller has already read it). The organization the pages show
    (settings.ITA_ORGANIZATION) is part of it: choosing another one never serves the first
    one's kept pages."""
    site = hashlib.sha256(settings.ITA_ORGANIZATION.encode()).hexdigest()[:8]
    return f"{code_version()}-{site}-{_token(token)}-{timezone.localdate().isoformat()}"


def cacheable(request):
    """Anonymous visitors with nothing of their own on the page: no session (so no user name
    in the header) and no flash messages waiting."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


# This process's copies of the pages it served, beside the shared cache: reading a large page
# back from the shared cache (a file, or the network) costs more than the small token does, so
# a page is taken from the shared cache once per process and version, then from memory. One
# entry per address, replaced when the version moves: bounded by the number of public pages.
_local_pages = {}


def public_page(request, build):
    """The response of `build()`, kept per URL path and document version for anonymous
    visitors (staff and signed-in users always get a fresh render).

    One entry per page, replaced when the version moves, so the cache holds one copy of each
    page, not one per version. The version (the shared token) is read on every request; the
    page itself from this process's memory when it has this version of it."""
    if not cacheable(request):
        return build()
    key = f"page:{request.path}"
    version = document_version()
    hit = _local_pages.get(key)
    if hit is None or hit[0] != version:
        hit = django_cache.get(key)
        if hit is not None and hit[0] == version:
            _local_pages[key] = hit
    if hit is not None and hit[0] == version:
        return HttpResponse(hit[1], content_type=hit[2])
    # The version is read before rendering: a write committed meanwhile moves it, so a page
    # rendered from data older than the write is never kept under the version after it.
    response = build()
    if response.status_code == 200 and not response.cookies:
        entry = (version, response.content, response["Content-Type"])
        django_cache.set(key, entry, PAGE_SECONDS)
        _local_pages[key] = entry
    return response
