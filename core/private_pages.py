"""Signed-in pages kept per user while nothing they show changes: /actions/ and the OIT
readiness page (make bench: within 3× /healthz when kept, a fixed number of queries).

A kept page is the HTML a user was last served at an address, under a version token that every
committed write to a project app's rows moves (and the day: due dates turn overdue at
midnight). A hit costs the session and user reads the sign-in needs, one small read of the
shared token, and the page from this process's memory (or the shared cache). Its CSRF tokens are
stored as a placeholder and filled with the request's own token on the way out. Pages with
messages waiting, other than GET, or asking for an export are never kept. The test settings
turn it off (PRIVATE_PAGE_CACHE): a test's writes never commit, so they would never move the
version; tests/test_private_pages.py turns it on and commits.
"""

import re
import uuid
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone

from .signals import content_changed

VERSION_KEY = "private-pages:version"
SECONDS = 60 * 60
PLACEHOLDER = "__private_page_csrf__"
PLACEHOLDER_BYTES = PLACEHOLDER.encode()
CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
LOCAL_PAGES = 500
_local = {}  # this process's copies: key -> (version, html, content type)


def version():
    found = cache.get(VERSION_KEY)
    if found is None:
        found = uuid.uuid4().hex
        cache.add(VERSION_KEY, found, None)
        found = cache.get(VERSION_KEY) or found
    return found


def invalidate(**kwargs):
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    _local.clear()


def invalidate_on_commit(using=None, **kwargs):
    transaction.on_commit(invalidate, using=using)


def _has_messages(request):
    return "messages" in request.COOKIES or bool(
        getattr(request, "session", None) and request.session.get("_messages")
    )


def page(request, build, *, vary=""):
    """The response of `build()`, kept for this user and address (see the module doc)."""
    if (
        not getattr(settings, "PRIVATE_PAGE_CACHE", True)
        or request.method != "GET"
        or "_export" in request.GET
        or _has_messages(request)
    ):
        return build()
    day = timezone.localdate().isoformat()
    key = f"private-page:{request.user.pk}:{day}:{vary}:{request.get_full_path()}"
    current = version()
    hit = _local.get(key)
    if hit is None or hit[0] != current:
        hit = cache.get(key)
    if hit is not None and hit[0] == current:
        _local[key] = hit
        body = hit[1].replace(PLACEHOLDER_BYTES, get_token(request).encode())
        response = HttpResponse(body, content_type=hit[2])
        response["Cache-Control"] = "private, no-cache"
        return response
    response = build()
    if response.status_code == 200 and not response.cookies and not _has_messages(request):
        html = CSRF_INPUT.sub(rf"\g<1>{PLACEHOLDER}\g<2>", response.content.decode())
        entry = (current, html.encode(), response["Content-Type"])  # bytes: no encoding per hit
        cache.set(key, entry, SECONDS)
        if len(_local) >= LOCAL_PAGES:
            _local.clear()  # a bounded copy: the shared cache still holds them
        _local[key] = entry
    response["Cache-Control"] = "private, no-cache"
    return response


def _project_apps():
    """The project's own apps, and auth (a user's staff flag, groups and permissions)."""
    base = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        if config.label == "auth" or Path(config.path).resolve().is_relative_to(base):
            yield config


def _linked(sender, action, using=None, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        invalidate_on_commit(using=using)


def _written(sender, using=None, **kwargs):
    invalidate_on_commit(using=using)


def connect():
    """Every committed save, delete or many-to-many change of a project app's rows moves the
    version (the apps are found by where their code lives: this module names none)."""
    for config in _project_apps():
        for model in config.get_models(include_auto_created=True):
            uid = f"core.private_pages:{model._meta.label}"
            if model._meta.auto_created:
                m2m_changed.connect(_linked, sender=model, dispatch_uid=uid)
            else:
                post_save.connect(_written, sender=model, dispatch_uid=uid)
                post_delete.connect(_written, sender=model, dispatch_uid=uid)
    content_changed.connect(invalidate, dispatch_uid="core.private_pages:content_changed")
