"""A small web site on 127.0.0.1 for the OIT link checker's tests: http.server in a thread,
with a page for every verdict and refusal. Its host names (donsak.test, the agency's own, and
elsewhere.test) are mapped to 127.0.0.1 by settings.OIT_LINKCHECK_HOSTS; nothing leaves the
machine."""

import threading
import time
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@cache
def pdf_bytes(text):
    from weasyprint import HTML

    return HTML(string=f"<html lang='th'><body><p>{text}</p></body></html>").write_pdf()


class Handler(BaseHTTPRequestHandler):
    seen = []  # (path, headers) of every request, for the tests to read
    delay = 0.0

    def log_message(self, *args):
        pass

    def _send(self, status, body=b"", content_type="text/html; charset=utf-8", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: C901 - one branch per page
        Handler.seen.append((self.path, dict(self.headers)))
        host = self.headers.get("Host", "")
        port = self.server.server_address[1]
        path = self.path.split("?")[0] if not self.path.startswith("/login") else self.path
        if Handler.delay:
            time.sleep(Handler.delay)
        if path == "/good":
            body = "<html><body><h1>ผลการดำเนินงาน ปีงบประมาณ พ.ศ. ๒๕๖๙</h1></body></html>"
            self._send(200, body.encode())
        elif path == "/good-arabic":
            self._send(200, "<p>ประกาศ ปี 2569</p>".encode())
        elif path == "/old-year":
            self._send(
                200, "<p>ประกาศ ปี 2568 <!-- 2569 in a comment? no: text only --></p>".encode()
            )
        elif path == "/missing":
            self._send(404, "<p>ไม่พบหน้า</p>".encode())
        elif path == "/moved-away":
            self._send(302, headers=[("Location", f"http://elsewhere.test:{port}/good")])
        elif path == "/pdf-no-year":
            self._send(200, pdf_bytes("รายงานผลการดำเนินงาน ปี ๒๕๖๘"), "application/pdf")
        elif path == "/pdf-year":
            self._send(200, pdf_bytes("รายงานผลการดำเนินงาน ปีงบประมาณ ๒๕๖๙"), "application/pdf")
        elif path == "/members":
            self._send(302, headers=[("Location", "/login?next=/members")])
        elif path.startswith("/login"):
            form = "<form><input name=u><input type=password name=p></form> ปี 2569"
            self._send(200, form.encode())
        elif path == "/to-private":
            self._send(302, headers=[("Location", "http://10.0.0.1/secret")])
        elif path == "/to-metadata":
            self._send(301, headers=[("Location", "http://169.254.169.254/latest/meta-data/")])
        elif path == "/to-ftp":
            self._send(302, headers=[("Location", "ftp://donsak.test/file")])
        elif path.startswith("/loop"):
            n = int(path.removeprefix("/loop") or 0)
            self._send(302, headers=[("Location", f"/loop{n + 1}")])
        elif path.startswith("/hops"):
            n = int(path.removeprefix("/hops"))  # n redirects, then the good page
            self._send(302, headers=[("Location", f"/hops{n - 1}" if n > 1 else "/good")])
        elif path == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.end_headers()
            chunk = b"0" * (1024 * 1024)
            try:
                for _ in range(25):
                    self.wfile.write(chunk)
            except OSError:
                pass
        elif path == "/slow":
            time.sleep(3)
            self._send(200, b"<p>2569</p>")
        elif path == "/set-cookie":
            self._send(
                302, headers=[("Location", "/echo"), ("Set-Cookie", "session=secret; Path=/")]
            )
        elif path == "/echo":
            self._send(200, f"<p>2569 host={host}</p>".encode())
        elif path == "/image":
            self._send(200, b"\x89PNG\r\n", "image/png")
        else:
            self._send(404)


class Site:
    def __init__(self):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path, host="donsak.test"):
        return f"http://{host}:{self.port}{path}"

    def __enter__(self):
        Handler.seen = []
        Handler.delay = 0.0
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
