"""Site-wide views that belong to no app."""

import logging

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request):
    """/healthz: "ok" when the app answers and its database does (one `SELECT 1`).

    For load balancers, systemd and uptime checks. It reads no session and no user, so it is
    also the bare baseline `make bench` measures the pages against.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as e:
        logger.warning("healthz: database unavailable: %s", e)
        return HttpResponse(
            "database unavailable\n", status=503, content_type="text/plain; charset=utf-8"
        )
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
