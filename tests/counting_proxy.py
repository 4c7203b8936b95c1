"""An HTTP proxy in front of the emulator that names and counts every AWS operation it forwards.

Tests use it to prove what reached the target (read-only sends no write; real-account polling
stays cheap) by watching the wire, not by trusting the app's own bookkeeping.
"""

from __future__ import annotations

import http.client
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

READ_PREFIXES = ("List", "Describe", "Get", "Head", "Validate", "Test")
"""Operations that change nothing. ReceiveMessage is not one: it changes visibility and counts."""


def is_write(operation: str) -> bool:
    if operation.startswith("GET "):
        return False  # the emulator's peek and health endpoints
    return not operation.startswith(READ_PREFIXES)


def operation_of(method: str, path: str, headers: dict[str, str], body: bytes) -> str:
    target = headers.get("x-amz-target")
    if target:
        return target.rsplit(".", 1)[-1]
    if body and "x-www-form-urlencoded" in headers.get("content-type", ""):
        action = parse_qs(body.decode("utf-8", "replace")).get("Action")
        if action:
            return action[0]
    query = parse_qs(urlparse(path).query).get("Action")
    if query:
        return query[0]
    return f"{method} {urlparse(path).path}"


@dataclass
class CountingProxy:
    upstream: str
    calls: list[tuple[float, str]] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def operations(self) -> list[str]:
        return [op for _, op in self.calls]

    @property
    def writes(self) -> list[str]:
        return [op for op in self.operations if is_write(op)]

    def start(self) -> CountingProxy:
        proxy = self
        up = urlparse(self.upstream)

        class Handler(BaseHTTPRequestHandler):
            def _forward(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = {k.lower(): v for k, v in self.headers.items()}
                proxy.calls.append((time.monotonic(),
                                    operation_of(self.command, self.path, headers, body)))
                conn = http.client.HTTPConnection(up.hostname or "127.0.0.1", up.port, timeout=60)
                try:
                    conn.request(self.command, self.path, body=body or None,
                                 headers={k: v for k, v in self.headers.items()
                                          if k.lower() != "host"})
                    resp = conn.getresponse()
                    data = resp.read()
                finally:
                    conn.close()
                self.send_response(resp.status)
                for key, value in resp.getheaders():
                    if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(key, value)
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _forward

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
