"""Site-wide views that belong to no app."""

import logging

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .security import client_ip, over_limit
from .thai import thai_digits

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


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset by email, with its mails limited: per client (PASSWORD_RESET_LIMIT_PER_
    CLIENT requests) and per address (PASSWORD_RESET_LIMIT_PER_ADDRESS mails) within
    PASSWORD_RESET_WINDOW_MINUTES. An address is counted whether or not an account has it, so
    the limit tells nobody which addresses have accounts. Past a limit: 429, a Thai message,
    no mail."""

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        seconds = settings.PASSWORD_RESET_WINDOW_MINUTES * 60
        client = f"password-reset:client:{client_ip(request)}"
        if over_limit(client, settings.PASSWORD_RESET_LIMIT_PER_CLIENT, seconds):
            return self.throttled(form)
        if not form.is_valid():
            return self.form_invalid(form)
        address = f"password-reset:address:{form.cleaned_data['email'].strip().lower()}"
        if over_limit(address, settings.PASSWORD_RESET_LIMIT_PER_ADDRESS, seconds):
            return self.throttled(form)
        return self.form_valid(form)

    def throttled(self, form):
        minutes = thai_digits(settings.PASSWORD_RESET_WINDOW_MINUTES)
        form.add_error(
            None,
            f"ขอตั้งรหัสผ่านใหม่บ่อยเกินไป จึงไม่ได้ส่งอีเมล กรุณารอประมาณ {minutes} นาทีแล้วลองใหม่ "
            "หากได้รับอีเมลก่อนหน้านี้แล้ว ใช้ลิงก์ในอีเมลนั้นได้",
        )
        return self.render_to_response(self.get_context_data(form=form), status=429)
