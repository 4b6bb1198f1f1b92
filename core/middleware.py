"""Error pages for people, whatever DEBUG says.

`make run` serves with DEBUG on (static files from static/, the demo accounts, no HTTPS), and
with DEBUG on Django answers a missing page or a crash with its English technical page, which a
visitor trying the demo takes for the portal's. This middleware gives them the portal's Thai
404 and 500 pages instead; a developer who wants Django's pages sets TECHNICAL_ERROR_PAGES=1.
With DEBUG off Django renders the Thai pages itself and this does nothing.
"""

from django.conf import settings
from django.http import Http404
from django.views import defaults

# Both of Django's technical pages (404 and 500) carry this tag; the portal's pages do not.
TECHNICAL_MARK = b'<meta name="robots" content="NONE,NOARCHIVE">'


class FriendlyErrorPagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not settings.DEBUG or getattr(settings, "TECHNICAL_ERROR_PAGES", False):
            return response
        if response.status_code not in (404, 500) or getattr(response, "streaming", False):
            return response
        if TECHNICAL_MARK not in response.content:
            return response
        try:
            if response.status_code == 404:
                return defaults.page_not_found(request, Http404())
            return defaults.server_error(request)
        except Exception:  # noqa: BLE001 - e.g. no database for the page's header: keep Django's
            return response
