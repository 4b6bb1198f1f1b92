"""A person's browser for tests against a real server: cookies, the form's hidden fields
(CSRF token and the portal's own tokens) read from the page, redirects not followed."""

import html
import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

_INPUT = re.compile(r"<input\b[^>]*>", re.S)
_ATTR = re.compile(r'(\w[\w-]*)="([^"]*)"')


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class LiveBrowser:
    def __init__(self, base_url):
        self.base = base_url.rstrip("/")
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def request(self, path, data=None, timeout=60):
        """(status, body, Location header) of a GET, or of a POST when `data` is given."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body)
        if data is not None:
            req.add_header("Referer", self.base + path)
        try:
            with self.opener.open(req, timeout=timeout) as r:
                return r.status, r.read().decode("utf-8", "replace"), r.headers.get("Location")
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode("utf-8", "replace"), e.headers.get("Location")

    @staticmethod
    def hidden_fields(page):
        """The hidden inputs of the page's forms, by name (the last one wins)."""
        fields = {}
        for tag in _INPUT.findall(page):
            attrs = dict(_ATTR.findall(tag))
            if attrs.get("type") == "hidden" and "name" in attrs:
                fields[attrs["name"]] = html.unescape(attrs.get("value", ""))
        return fields

    def sign_in(self, username, password):
        _, page, _ = self.request("/accounts/login/")
        data = {**self.hidden_fields(page), "username": username, "password": password}
        status, _, _ = self.request("/accounts/login/", data)
        assert status == 302, f"sign-in of {username} failed ({status})"


def live_demo():
    """The demo year on a live-server (transactional) database: an earlier live-server test may
    have flushed the framework catalogue that migrations load, so it is loaded again first."""
    from django.apps import apps
    from django.core.management import call_command

    from assessments.models import Assessment
    from indicators.catalogue import load_catalogue

    names = ("FrameworkYear", "Tool", "Indicator", "Question", "RatingLevel")
    load_catalogue({n: apps.get_model("indicators", n) for n in names})
    call_command("load_demo", verbosity=0)
    return Assessment.objects.get(fiscal_year=2568)
