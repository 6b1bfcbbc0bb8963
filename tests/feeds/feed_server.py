"""A local HTTP server that plays scripted replies, and other test doubles for feeds."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

RECORDED = Path(__file__).parent / "recorded"
SHARED_DATA = Path("/work/shared/data")
REDIS_URL = "redis://127.0.0.1:6379/9"


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SeenRequest:
    path: str
    headers: Mapping[str, str]
    at: float


# A route is a list of replies played in order (the last repeats), or a function of the
# request headers for replies that depend on what the client sent.
Route = list[Reply] | Callable[[Mapping[str, str]], Reply]


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[SeenRequest] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                headers = {key.lower(): value for key, value in self.headers.items()}
                reply = server._reply(self.path, headers)
                self.send_response(reply.status)
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                if reply.status != 304:
                    self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                if reply.status != 304:
                    self.wfile.write(reply.body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"

    def add(self, path: str, *replies: Reply) -> str:
        self.routes[path] = list(replies)
        return self.url(path)

    def add_dynamic(self, path: str, respond: Callable[[Mapping[str, str]], Reply]) -> str:
        self.routes[path] = respond
        return self.url(path)

    def add_file(self, path: str, file: Path, **headers: str) -> str:
        return self.add(path, Reply(200, file.read_bytes(), headers))

    def requests_to(self, path: str) -> list[SeenRequest]:
        return [request for request in self.requests if request.path == path]

    def _reply(self, path: str, headers: Mapping[str, str]) -> Reply:
        with self._lock:
            self.requests.append(SeenRequest(path, headers, time.monotonic()))
            route = self.routes.get(path)
            if route is None:
                return Reply(404, b"not found")
            if callable(route):
                return route(headers)
            return route.pop(0) if len(route) > 1 else route[0]

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


class FakeSleep:
    """Records requested sleeps instead of waiting."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
