"""A stand-in for LINE's API host on 127.0.0.1, for the tests of the LINE channel: a real HTTP
server that records each request (method, path, headers, JSON body) and answers as LINE does
(or with the error a test asks for). The portal reaches it through the SDK's
Configuration(host=...), set from settings.LINE_API_HOST."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class LineStandIn:
    def __init__(self):
        self.requests = []
        self.push_status = 200
        self.groups = {}  # group id -> name, for the group summary
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, status, payload):
                body = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _record(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                standin.requests.append(
                    {
                        "method": self.command,
                        "path": self.path,
                        "headers": dict(self.headers),
                        "json": json.loads(raw) if raw else None,
                    }
                )

            def do_POST(self):
                self._record()
                if self.path != "/v2/bot/message/push":
                    return self._answer(404, {"message": "Not found"})
                if standin.push_status == 429:
                    return self._answer(429, {"message": "You have reached your monthly limit."})
                if standin.push_status == 401:
                    return self._answer(
                        401, {"message": "Authentication failed due to the expired access token"}
                    )
                return self._answer(200, {"sentMessages": [{"id": "1", "quoteToken": "q"}]})

            def do_GET(self):
                self._record()
                prefix, suffix = "/v2/bot/group/", "/summary"
                if self.path.startswith(prefix) and self.path.endswith(suffix):
                    group_id = self.path[len(prefix) : -len(suffix)]
                    if group_id in standin.groups:
                        return self._answer(
                            200,
                            {
                                "groupId": group_id,
                                "groupName": standin.groups[group_id],
                                "pictureUrl": "https://example.org/p.png",
                            },
                        )
                return self._answer(404, {"message": "Not found"})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def pushes(self):
        return [r for r in self.requests if r["path"] == "/v2/bot/message/push"]
