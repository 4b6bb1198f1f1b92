"""Small security helpers that settings point to by dotted path."""

from django.conf import settings
from django.shortcuts import render


def client_ip(request):
    """The visitor's IP address, for sign-in throttling (django-axes).

    Behind nginx every request comes from 127.0.0.1, which would make "this user from this
    address" mean "this user from anywhere"; nginx sends the real address in X-Real-IP (see
    deploy/nginx-ita-portal.conf). The header is believed only with BEHIND_PROXY on, because
    a client talking to the app server directly could otherwise write any address in it.
    """
    if settings.BEHIND_PROXY:
        real_ip = request.META.get("HTTP_X_REAL_IP", "").strip()
        if real_ip:
            return real_ip
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """The Thai page shown instead of signing in while a user name is locked out (axes)."""
    from axes.helpers import get_client_username, get_cool_off

    cool_off = get_cool_off(request)
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "username": get_client_username(request, credentials) or "",
        "minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
    }
    return render(request, "registration/lockout.html", context, status=429)
