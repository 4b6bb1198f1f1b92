"""Small security helpers that settings point to by dotted path."""

import functools
import hashlib
import ipaddress

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control


def client_ip(request):
    """The visitor's IP address, for sign-in throttling (django-axes).

    Behind nginx every request comes from 127.0.0.1, which would make "this user from this
    address" mean "this user from anywhere"; nginx sends the real address in X-Real-IP,
    overwriting whatever the client sent (deploy/nginx-ita-portal.conf). The header is believed
    only with BEHIND_PROXY on and only on a request that came from the proxy itself
    (TRUSTED_PROXY_IPS, loopback by default): a client reaching gunicorn directly could write
    any address in it, so then its own address counts.
    """
    remote = request.META.get("REMOTE_ADDR")
    if settings.BEHIND_PROXY and _is_trusted_proxy(remote):
        real_ip = request.META.get("HTTP_X_REAL_IP", "").strip()
        if real_ip:
            return real_ip
    return remote


def _is_trusted_proxy(address):
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(net) for net in settings.TRUSTED_PROXY_IPS)


def _username(request_or_attempt, credentials):
    from axes.helpers import get_client_username
    from axes.models import AccessBase

    if isinstance(request_or_attempt, AccessBase):
        return request_or_attempt.username
    return get_client_username(request_or_attempt, credentials)


def _recent_attempts(**filters):
    from axes.helpers import get_cool_off
    from axes.models import AccessAttempt

    attempts = AccessAttempt.objects.filter(**filters)
    cool_off = get_cool_off()
    if cool_off:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    return attempts.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))


def username_locked_everywhere(username):
    """Whether `username` failed AXES_USERNAME_FAILURE_LIMIT times within the cool-off, from
    all addresses together."""
    if not username:
        return False
    failures = _recent_attempts(username=username)["failures"] or 0
    return failures >= settings.AXES_USERNAME_FAILURE_LIMIT


def lockout_parameters(request_or_attempt, credentials=None):
    """What django-axes counts failures by (AXES_LOCKOUT_PARAMETERS).

    Normally one user name from one address (AXES_FAILURE_LIMIT, 5): a colleague mistyping at
    the same office, or someone guessing from elsewhere, does not lock the real user out. But
    once a user name has failed AXES_USERNAME_FAILURE_LIMIT times from all addresses together
    (a guess spread over many addresses), the name alone counts, so it is locked everywhere
    until the cool-off ends.
    """
    if username_locked_everywhere(_username(request_or_attempt, credentials)):
        return ["username"]
    return [["username", "ip_address"]]


def lockout_response(request, original_response=None, credentials=None):
    """The Thai page shown instead of signing in while locked out (axes): what was locked (the
    user name from this address, or the user name from everywhere) and until when."""
    from axes.helpers import get_client_username, get_cool_off

    from core.thai import thai_date

    username = get_client_username(request, credentials) or ""
    everywhere = username_locked_everywhere(username)
    if everywhere:
        recent = _recent_attempts(username=username)
    else:
        recent = _recent_attempts(username=username, ip_address=client_ip(request))
    cool_off = get_cool_off(request)
    until = None
    if cool_off and recent["last"]:
        until = thai_date(timezone.localtime(recent["last"] + cool_off), "%H:%M น. วันที่ %-d %B %Y")
    context = {
        "everywhere": everywhere,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "username_limit": settings.AXES_USERNAME_FAILURE_LIMIT,
        "failures": recent["failures"] or 0,
        "username": username,
        "minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
        "until": until,
    }
    return render(request, "registration/lockout.html", context, status=429)


def private_no_store(view):
    """The view's answers are one person's (their items, notes, files): `Cache-Control:
    private, no-store`, so neither a shared proxy nor the browser's own cache keeps them."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        return response

    return wrapped


def over_limit(key, limit, seconds):
    """Count one more event under `key` (in the shared cache, for `seconds` from the first)
    and say whether the count now passes `limit`. The file cache's increment is not atomic:
    two workers at the same instant may both count one, which lets one extra through."""
    key = "throttle:" + hashlib.sha256(key.encode()).hexdigest()
    cache.add(key, 0, seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, seconds)
        count = 1
    return count > limit
